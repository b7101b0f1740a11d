#include "audit/auditrecorder.h"
#include "auth/authmanager.h"
#include "common/appidentity.h"
#include "demosetup.h"
#include "guisettings.h"
#include "icons.h"
#include "mainwindow.h"
#include "profiles/keychainsecretstore.h"
#include "profiles/memorysecretstore.h"
#include "profiles/profileservice.h"
#include "profiles/profilestore.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>

#include <memory>

using namespace tw;

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    applyApplicationIdentity(); // the same folders as tokenwright-cli
    QApplication::setApplicationDisplayName(QStringLiteral("Tokenwright"));
    QApplication::setApplicationVersion(QStringLiteral(TOKENWRIGHT_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("tokenwright"));
    QApplication::setWindowIcon(icons::app());
    // Closing the window may only hide it (tray); MainWindow decides when to quit.
    QApplication::setQuitOnLastWindowClosed(false);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "API credentials and live tokens for backup and MSP "
                                        "platforms."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption demoOption(
        QStringLiteral("demo"),
        QApplication::translate("main", "Run against the built-in provider emulator with "
                                        "throwaway profiles."));
    parser.addOption(demoOption);
    parser.process(app);
    const bool demo = parser.isSet(demoOption);

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
    if (demo)
        secretStore = std::make_unique<MemorySecretStore>();
    else
        secretStore = std::make_unique<KeychainSecretStore>();
    SecretStore &secrets = *secretStore;
    ProfileService service(store, secrets);
    AuthManager auth(&store, &service);
    auth.audit()->open(std::make_unique<AuditLog>(AuditLog::defaultDir()), store.dir(),
                       QStringLiteral("gui"));
    GuiSettings settings(store.dir());

    MainWindow window(&auth, &settings);
    if (demo) {
        window.setWindowTitle(QApplication::translate("main", "Tokenwright — demo"));
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
    }
    window.show();
    return app.exec();
}
