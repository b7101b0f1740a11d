#include "sandboxcommand.h"

#include "clicontext.h"

#include "sandbox.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonDocument>
#include <QSocketNotifier>
#include <QTextStream>

#include <csignal>
#include <cstdio>
#include <memory>
#include <sys/socket.h>
#include <unistd.h>

namespace tw::cli {

namespace {

// Self-pipe: the signal handler may only do async-signal-safe work, so it writes one byte and
// the event loop notices it through a QSocketNotifier.
int g_signalFds[2] = {-1, -1};

void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const ssize_t written = ::write(g_signalFds[0], &byte, 1);
}

// Quits the event loop on SIGINT or SIGTERM; puts the previous handlers back when it goes.
class QuitOnSignal
{
public:
    QuitOnSignal() = default;
    QuitOnSignal(const QuitOnSignal &) = delete;
    QuitOnSignal &operator=(const QuitOnSignal &) = delete;

    // False when the self-pipe cannot be made; nothing is installed then.
    bool install()
    {
        if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalFds) != 0)
            return false;
        m_notifier = std::make_unique<QSocketNotifier>(g_signalFds[1], QSocketNotifier::Read);
        QSocketNotifier *notifier = m_notifier.get();
        QObject::connect(notifier, &QSocketNotifier::activated, notifier, [notifier] {
            notifier->setEnabled(false);
            char byte = 0;
            [[maybe_unused]] const ssize_t got = ::read(g_signalFds[1], &byte, 1);
            QCoreApplication::quit();
        });
        struct sigaction action = {};
        action.sa_handler = onSignal;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESTART;
        sigaction(SIGINT, &action, &m_oldInt);
        sigaction(SIGTERM, &action, &m_oldTerm);
        return true;
    }

    ~QuitOnSignal()
    {
        if (!m_notifier)
            return;
        sigaction(SIGINT, &m_oldInt, nullptr);
        sigaction(SIGTERM, &m_oldTerm, nullptr);
        ::close(g_signalFds[0]);
        ::close(g_signalFds[1]);
        g_signalFds[0] = g_signalFds[1] = -1;
    }

private:
    std::unique_ptr<QSocketNotifier> m_notifier;
    struct sigaction m_oldInt = {};
    struct sigaction m_oldTerm = {};
};

bool readInt(const QCommandLineParser &parser, const QString &name, int min, int max, int *value)
{
    if (!parser.isSet(name))
        return true;
    bool ok = false;
    *value = parser.value(name).toInt(&ok);
    if (ok && *value >= min && *value <= max)
        return true;
    QTextStream(stderr) << "tokenwright-cli sandbox: --" << name << " must be a whole number from "
                        << min << " to " << max << '\n';
    return false;
}

void declareOptions(QCommandLineParser &parser)
{
    parser.setApplicationDescription(QCoreApplication::translate(
        "sandbox", "Serves a local emulation of every supported provider on 127.0.0.1. Prints the "
                   "URLs and demo credentials as one JSON line, then serves until interrupted."));
    parser.addHelpOption();
    parser.addOptions({
        {QStringLiteral("port"),
         QCoreApplication::translate("sandbox", "Port to listen on (0 = any free port)."),
         QStringLiteral("N"), QStringLiteral("0")},
        {QStringLiteral("token-lifetime"),
         QCoreApplication::translate(
             "sandbox", "Lifetime of every issued token in seconds (0 = each vendor's own)."),
         QStringLiteral("S"), QStringLiteral("0")},
        {QStringLiteral("latency"),
         QCoreApplication::translate("sandbox", "Delay added to every answer in ms."),
         QStringLiteral("MS"), QStringLiteral("0")},
        {QStringLiteral("customers"),
         QCoreApplication::translate("sandbox", "Number of demo MSP customers."),
         QStringLiteral("N"), QStringLiteral("250")},
        {QStringLiteral("verbose"),
         QCoreApplication::translate("sandbox", "Log every answer to stderr.")},
        {QStringLiteral("auto-approve"),
         QCoreApplication::translate("sandbox",
                                     "oauth2 browser sign-in: approve every valid authorization "
                                     "request at once instead of showing Approve / Deny.")},
    });
}

// False when the command ends here (help, a usage error), with `exitCode` set.
bool parseArguments(QCommandLineParser &parser, const QStringList &arguments, int *exitCode)
{
    if (!parser.parse(subcommandArguments(arguments, 1))) {
        QTextStream(stderr) << "tokenwright-cli sandbox: " << parser.errorText() << '\n';
        *exitCode = 2;
        return false;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        QTextStream(stdout) << parser.helpText();
        *exitCode = 0;
        return false;
    }
    if (!parser.positionalArguments().isEmpty()) {
        QTextStream(stderr) << "tokenwright-cli sandbox: unexpected argument "
                            << parser.positionalArguments().constFirst() << '\n';
        *exitCode = 2;
        return false;
    }
    return true;
}

// The port and the sandbox's settings; false (after saying which) when a number is out of range.
bool readConfig(const QCommandLineParser &parser, int *port, sandbox::SandboxConfig *config)
{
    if (!readInt(parser, QStringLiteral("port"), 0, 65535, port) ||
        !readInt(parser, QStringLiteral("token-lifetime"), 0, 10 * 365 * 86400,
                 &config->tokenLifetimeSec) ||
        !readInt(parser, QStringLiteral("latency"), 0, 600000, &config->latencyMs) ||
        !readInt(parser, QStringLiteral("customers"), 0, 100000, &config->customers))
        return false;
    config->autoApprove = parser.isSet(QStringLiteral("auto-approve"));
    return true;
}

// Serves until SIGINT or SIGTERM; returns 1 at once when the signals cannot be caught.
int serveUntilInterrupted(sandbox::Sandbox &sandbox, bool verbose)
{
    QuitOnSignal quitOnSignal;
    if (!quitOnSignal.install()) {
        QTextStream(stderr) << "tokenwright-cli sandbox: cannot set up signal handling\n";
        return 1;
    }
    if (verbose) {
        QObject::connect(&sandbox, &sandbox::Sandbox::requestServed, &sandbox,
                         [](const QString &endpoint, int status) {
                             QTextStream(stderr) << status << ' ' << endpoint << '\n';
                         });
    }

    // The first stdout line is the contract for scripts and tests: flush it before serving.
    const QByteArray line = QJsonDocument(sandbox.describe()).toJson(QJsonDocument::Compact);
    std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
    QTextStream(stderr) << "Sandbox listening on " << sandbox.baseUrl().toString()
                        << " — press Ctrl+C to stop\n";

    QCoreApplication::exec();
    return 0;
}

} // namespace

int runSandboxCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    declareOptions(parser);
    int code = 0;
    if (!parseArguments(parser, arguments, &code))
        return code;
    int port = 0;
    sandbox::SandboxConfig config;
    if (!readConfig(parser, &port, &config))
        return 2;

    sandbox::Sandbox sandbox(config);
    if (!sandbox.listen(quint16(port))) {
        QTextStream(stderr) << "tokenwright-cli sandbox: cannot listen on 127.0.0.1:" << port
                            << " (is the port already in use?)\n";
        return 3;
    }
    if (const int failed = serveUntilInterrupted(sandbox, parser.isSet(QStringLiteral("verbose"))))
        return failed;
    QTextStream(stderr) << "Sandbox stopped\n";
    return 0;
}

} // namespace tw::cli
