#include "audit/auditrecorder.h"
#include "auth/authmanager.h"
#include "common/appidentity.h"
#include "common/version.h"
#include "profiles/keychainsecretstore.h"
#include "profiles/memorysecretstore.h"
#include "profiles/profileservice.h"
#include "profiles/profilestore.h"
#include "ui/common/guisettings.h"
#include "ui/common/icons.h"
#include "ui/window/demosetup.h"
#include "ui/window/firstpaintprobe.h"
#include "ui/window/mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>

#include <memory>

using namespace tw;

namespace {
void describeApplication()
{
    applyApplicationIdentity(); // the same folders as tokenwright-cli
    QCoreApplication::setApplicationVersion(QStringLiteral(TOKENWRIGHT_VERSION));
}

const QCommandLineOption &demoOption()
{
    static const QCommandLineOption option(
        QStringLiteral("demo"),
        QCoreApplication::translate("main", "Run against the built-in provider emulator with "
                                            "throwaway profiles."));
    return option;
}

const QCommandLineOption &measureStartupOption()
{
    static const QCommandLineOption option(
        QStringLiteral("measure-startup"),
        QCoreApplication::translate("main", "End right after the window's first paint (for "
                                            "tests/bench/run)."));
    return option;
}

void describeOptions(QCommandLineParser &parser)
{
    parser.setApplicationDescription(
        QCoreApplication::translate("main", "API credentials and live tokens for backup and MSP "
                                            "platforms."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption(demoOption());
    parser.addOption(measureStartupOption());
}

// --help and --version print and exit; they must work over SSH and in scripts, where no
// display exists and a QApplication would abort.
bool onlyAsksForText(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        const QByteArray arg(argv[i]);
        if (arg == "--help" || arg == "-h" || arg == "-?" || arg == "--help-all" ||
            arg == "--version" || arg == "-v")
            return true;
    }
    return false;
}
} // namespace

int main(int argc, char **argv)
{
    if (onlyAsksForText(argc, argv)) {
        QCoreApplication core(argc, argv);
        describeApplication();
        QCommandLineParser parser;
        describeOptions(parser);
        parser.process(core); // prints and exits
        return 0;
    }
    QApplication app(argc, argv);
    describeApplication();
    QApplication::setApplicationDisplayName(QStringLiteral("Tokenwright"));
    QApplication::setDesktopFileName(QStringLiteral("tokenwright"));
    QApplication::setWindowIcon(icons::app());
    // Closing the window may only hide it (tray); MainWindow decides when to quit.
    QApplication::setQuitOnLastWindowClosed(false);

    QCommandLineParser parser;
    describeOptions(parser);
    parser.process(app);
    const bool demo = parser.isSet(demoOption());

    // The demo must point the stores at throwaway places before any store exists.
    std::unique_ptr<DemoSetup> demoSetup;
    if (demo) {
        demoSetup = std::make_unique<DemoSetup>();
        if (auto error = demoSetup->start()) {
            QMessageBox::critical(nullptr, QApplication::translate("main", "Tokenwright demo"),
                                  error->toString());
            return 1;
        }
    }

    ProfileStore store(ProfileStore::defaultConfigDir());
    store.watchForChanges(); // the CLI may change profiles while the window is open
    // The demo keeps its throwaway secrets in memory: no keyring prompt, nothing left behind
    // in the user's keychain, and it works where no keychain runs at all.
    std::unique_ptr<SecretStore> secretStore;
    KeychainSecretStore *keychain = nullptr;
    if (demo) {
        secretStore = std::make_unique<MemorySecretStore>();
    } else {
        auto owned = std::make_unique<KeychainSecretStore>();
        keychain = owned.get();
        secretStore = std::move(owned);
    }
    SecretStore &secrets = *secretStore;
    ProfileService service(store, secrets);
    AuthManager auth(&store, &service);
    auth.audit()->open(std::make_unique<AuditLog>(AuditLog::defaultDir()), store.dir(),
                       QStringLiteral("gui"));
    GuiSettings settings(store.dir());

    MainWindow window(&auth, &settings);
    if (demo) {
        // Qt appends " — <display name>" to titles that do not end with it already:
        // "Tokenwright — demo" would read "Tokenwright — demo — Tokenwright".
        QApplication::setApplicationDisplayName(
            QApplication::translate("main", "Tokenwright — demo"));
        window.setWindowTitle(QApplication::applicationDisplayName());
        window.showBanner(NoticeBar::Kind::Info,
                          QApplication::translate("main",
                                                  "Demo mode: every profile talks to the built-in "
                                                  "emulator at %1. Nothing is saved.")
                              .arg(demoSetup->baseUrl().toString()));
        demoSetup->createProfiles(&service, [&window](Status status) {
            if (status) {
                window.showBanner(NoticeBar::Kind::Error, status->toString());
                return;
            }
            window.restoreSelection(); // the first profile of the fresh list
            window.fetchAllTokens();
        });
    } else {
        const auto warnNoKeychain = [&window](const QString &reason) {
            window.showBanner(NoticeBar::Kind::Warning, reason);
        };
        QObject::connect(&secrets, &SecretStore::persistenceLost, &window, warnNoKeychain);
        if (!secrets.persistent())
            warnNoKeychain(secrets.unavailableReason());
        // Without any keychain the banner comes now, before a secret is typed (the probe
        // asks the session bus only, so it never brings up an unlock prompt).
        keychain->probe();
    }
    if (parser.isSet(measureStartupOption()))
        new FirstPaintProbe(&window);
    window.show();
    return app.exec();
}
