#include "clicontext.h"

#include "profileoptions.h"

#include "audit/auditrecorder.h"

#include <QCoreApplication>
#include <QFile>
#include <QProcess>
#include <QTimer>
#include <cstdio>
#include <iostream>
#include <string>
#include <termios.h>
#include <unistd.h>

namespace tw::cli {

namespace {
// The browser is $BROWSER when set (as git and gh do: a command line split like a shell
// would, without running one, the URL appended as the last argument), else xdg-open.
void openInBrowser(QTextStream &err, const QUrl &url)
{
    QStringList command = QProcess::splitCommand(qEnvironmentVariable("BROWSER"));
    if (command.isEmpty())
        command = {QStringLiteral("xdg-open")};
    const QString program = command.takeFirst();
    if (!QProcess::startDetached(program, command << url.toString(QUrl::FullyEncoded)))
        err << QCoreApplication::translate("cli", "Could not start %1; open the page yourself.")
                   .arg(program)
            << Qt::endl;
}

// RFC 8628 §3.3: the user code and the page go to stderr, so stdout stays the bare token.
void showDevicePrompt(QTextStream &err, const DevicePrompt &prompt, bool openBrowser)
{
    const QUrl page =
        prompt.verificationUriComplete.isValid() && !prompt.verificationUriComplete.isEmpty()
            ? prompt.verificationUriComplete
            : prompt.verificationUri;
    err << QCoreApplication::translate(
               "cli", "To sign in to \"%1\", open %2 and enter the code %3 (valid for %4 minutes).")
               .arg(prompt.profileName, prompt.verificationUri.toString(QUrl::FullyEncoded),
                    prompt.userCode)
               .arg(qMax(1, prompt.expiresInSec / 60))
        << Qt::endl;
    if (openBrowser)
        openInBrowser(err, page);
}

// RFC 8252: the authorization URL opens in the system browser; with --no-browser it goes to
// stderr for the user to open (on this machine: the redirect comes back to 127.0.0.1).
void showAuthorizationUrl(QTextStream &err, const QUrl &url, bool openBrowser)
{
    if (openBrowser) {
        err << QCoreApplication::translate(
                   "cli", "Opening the browser to sign in; waiting for it to come back…")
            << Qt::endl;
        openInBrowser(err, url);
        return;
    }
    err << QCoreApplication::translate("cli", "Open this URL to sign in: %1")
               .arg(url.toString(QUrl::FullyEncoded))
        << Qt::endl;
}
} // namespace

int exitCodeFor(const Error &error)
{
    // "Come back later" and server faults are not refusals of the credentials, whatever the
    // body says (an OAuth "slow_down" or "server_error").
    if (error.httpStatus == 429 || error.httpStatus >= 500)
        return ExitNetwork;
    switch (error.code) {
    case Error::Code::InvalidInput:
        return ExitUsage;
    case Error::Code::NotFound:
        return ExitNotFound;
    case Error::Code::Keychain:
        return ExitKeychain;
    case Error::Code::Refused:
        return ExitRefused;
    case Error::Code::Cancelled:
        return ExitInterrupted;
    case Error::Code::Expired:
    case Error::Code::OAuth:
    case Error::Code::SignInRequired: // the CLI always lets a person sign in; for completeness
        return ExitAuth;
    case Error::Code::Http:
        return (error.httpStatus >= 400 && error.httpStatus < 500) ? ExitAuth : ExitNetwork;
    case Error::Code::Network:
    case Error::Code::BadResponse:
        return ExitNetwork;
    case Error::Code::Io:
        return ExitFailure;
    case Error::Code::SecretCommand:
        return ExitSecretCommand;
    }
    return ExitFailure;
}

CliContext::CliContext()
    : m_store(std::make_unique<ProfileStore>(ProfileStore::defaultConfigDir())),
      m_secrets(std::make_unique<KeychainSecretStore>()),
      m_service(std::make_unique<ProfileService>(*m_store, *m_secrets)),
      m_auth(std::make_unique<AuthManager>(m_store.get(), m_service.get())), m_out(stdout),
      m_err(stderr)
{
    // A one-shot command cannot keep a secret in memory for later: without a keychain it
    // fails rather than pretend (and nothing is changed).
    m_secrets->setSessionFallback(false);
    m_auth->audit()->open(std::make_unique<AuditLog>(AuditLog::defaultDir()), m_store->dir(),
                          QStringLiteral("cli"));
    // Any command may need a person to sign in (an interactive grant whose refresh token is
    // gone): the page goes to stderr, so stdout stays the command's result.
    QObject::connect(m_auth.get(), &AuthManager::deviceCodeIssued, m_auth.get(),
                     [this](const QUuid &, const DevicePrompt &prompt) {
                         showDevicePrompt(m_err, prompt, m_openBrowser);
                     });
    QObject::connect(m_auth.get(), &AuthManager::authorizationUrlReady, m_auth.get(),
                     [this](const QUuid &, const QUrl &url) {
                         showAuthorizationUrl(m_err, url, m_openBrowser);
                     });
}

bool CliContext::loadProfiles()
{
    auto loaded = m_store->load();
    if (!loaded) {
        fail(loaded.error());
        return false;
    }
    return true;
}

std::optional<Profile> CliContext::findProfile(const QString &nameOrId)
{
    auto found = m_store->find(nameOrId);
    if (!found)
        fail(ExitNotFound,
             QCoreApplication::translate("cli", "No profile named \"%1\". "
                                                "`tokenwright-cli profiles list` shows them.")
                 .arg(nameOrId));
    return found;
}

std::optional<Profile> CliContext::profileForNetwork(const QString &nameOrId)
{
    auto profile = findProfile(nameOrId);
    if (profile && !profile->options.verifyTls)
        m_err << "tokenwright-cli: "
              << QCoreApplication::translate("cli",
                                             "warning: TLS certificate verification is OFF for "
                                             "profile \"%1\"; anyone on the network path can "
                                             "read and change this exchange.")
                     .arg(profile->name)
              << Qt::endl;
    return profile;
}

void CliContext::addNetworkOptions(QCommandLineParser &parser)
{
    parser.addOption({QStringLiteral("timeout"),
                      QCoreApplication::translate(
                          "cli", "Overall deadline of each request, in seconds (default: the "
                                 "profile's, 30 unless set)."),
                      QStringLiteral("SECONDS")});
}

bool CliContext::applyNetworkOptions(const QCommandLineParser &parser)
{
    if (!parser.isSet(QStringLiteral("timeout")))
        return true;
    const auto seconds = ProfileOptions::timeoutSeconds(parser.value(QStringLiteral("timeout")));
    if (!seconds) {
        fail(ExitUsage, QCoreApplication::translate(
                            "cli", "--timeout takes a whole number of seconds from 1 to %1.")
                            .arg(tw::ProfileOptions::kMaxTimeoutSec));
        return false;
    }
    m_auth->setTimeoutOverrideSec(*seconds);
    return true;
}

bool CliContext::parseNetworkCommand(QCommandLineParser &parser, const QStringList &arguments,
                                     int *exitCode)
{
    addNetworkOptions(parser);
    if (!parseOrExplain(parser, arguments, m_err, exitCode))
        return false;
    if (!applyNetworkOptions(parser)) {
        *exitCode = ExitUsage;
        return false;
    }
    return true;
}

int CliContext::fail(const Error &error)
{
    // By value too: a server may echo what it was sent, in a form no pattern catches.
    m_err << "tokenwright-cli: " << m_auth->knownSecrets().redact(error.toString()) << Qt::endl;
    if (!m_secrets->persistent())
        m_err << "tokenwright-cli: " << m_secrets->unavailableReason() << Qt::endl;
    const int code = m_secrets->persistent() || error.code != Error::Code::NotFound
                         ? exitCodeFor(error)
                         : int(ExitKeychain);
    finish(code);
    return code;
}

int CliContext::fail(ExitCode code, const QString &message)
{
    m_err << "tokenwright-cli: " << m_auth->knownSecrets().redact(message) << Qt::endl;
    finish(code);
    return code;
}

void CliContext::finish(int code)
{
    m_out.flush();
    m_err.flush();
    if (m_auth->pendingCacheWrites() == 0) {
        QCoreApplication::exit(code);
        return;
    }
    // Let the keychain keep the token for the next run; never wait forever for it.
    QObject::connect(m_auth.get(), &AuthManager::cacheWritesSettled, qApp,
                     [code] { QCoreApplication::exit(code); });
    QTimer::singleShot(10000, qApp, [code] { QCoreApplication::exit(code); });
}

QStringList CliContext::readSecretLines(bool fromStdin, const QStringList &prompts)
{
    QStringList lines;
    const bool terminal = isatty(STDIN_FILENO);
    if (fromStdin || !terminal) {
        QFile in;
        if (!in.open(stdin, QIODevice::ReadOnly))
            return lines;
        for (int i = 0; i < prompts.size(); ++i) {
            QByteArray line = in.readLine();
            if (line.isEmpty())
                break;
            while (line.endsWith('\n') || line.endsWith('\r'))
                line.chop(1);
            lines << QString::fromUtf8(line);
        }
        return lines;
    }
    for (const QString &prompt : prompts) {
        std::fprintf(stderr, "%s", prompt.toLocal8Bit().constData());
        std::fflush(stderr);
        termios saved{};
        tcgetattr(STDIN_FILENO, &saved);
        termios silent = saved;
        silent.c_lflag &= ~tcflag_t(ECHO);
        tcsetattr(STDIN_FILENO, TCSANOW, &silent);
        std::string line;
        std::getline(std::cin, line);
        tcsetattr(STDIN_FILENO, TCSANOW, &saved);
        std::fprintf(stderr, "\n");
        lines << QString::fromStdString(line);
    }
    return lines;
}

QStringList subcommandArguments(const QStringList &arguments, int words)
{
    QStringList rest = arguments.mid(1 + words);
    rest.prepend(arguments.mid(0, 1 + words).join(QLatin1Char(' ')));
    return rest;
}

bool parseOrExplain(QCommandLineParser &parser, const QStringList &arguments, QTextStream &err,
                    int *exitCode)
{
    if (!parser.parse(arguments)) {
        err << "tokenwright-cli: " << parser.errorText() << "\n\n" << parser.helpText();
        err.flush();
        *exitCode = ExitUsage;
        return false;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        QTextStream(stdout) << parser.helpText();
        *exitCode = ExitOk;
        return false;
    }
    return true;
}

} // namespace tw::cli
