#include "childrunner.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QStandardPaths>
#include <csignal>
#include <sys/types.h>

namespace tw::cli {

namespace {
volatile sig_atomic_t g_childPid = 0;
// A SIGTERM/SIGHUP that came while the command was being started, before its pid was known.
volatile sig_atomic_t g_pendingSignal = 0;

void forwardSignal(int signal)
{
    if (g_childPid > 0)
        ::kill(pid_t(g_childPid), signal);
    else
        g_pendingSignal = signal;
}

void setDisposition(int signal, void (*handler)(int))
{
    struct sigaction action = {};
    action.sa_handler = handler;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(signal, &action, nullptr);
}

void restoreDefaults()
{
    for (const int signal : {SIGINT, SIGQUIT, SIGTERM, SIGHUP})
        setDisposition(signal, SIG_DFL);
    g_childPid = 0;
}
} // namespace

ChildRunner::ChildRunner(QObject *parent) : QObject(parent)
{
    // The command talks to the terminal (or the pipes) itself: nothing passes through us.
    m_process.setProcessChannelMode(QProcess::ForwardedChannels);
    m_process.setInputChannelMode(QProcess::ForwardedInputChannel);
    // Runs in the child between fork and exec: the parent ignores SIGINT and SIGQUIT while
    // the command runs, and an ignored signal would stay ignored across exec; the command
    // gets Ctrl-C and Ctrl-\ as usual. (QProcess restores SIGPIPE itself.) Only
    // async-signal-safe calls.
    m_process.setChildProcessModifier([] {
        for (const int signal : {SIGINT, SIGQUIT}) {
            struct sigaction action = {};
            action.sa_handler = SIG_DFL;
            sigemptyset(&action.sa_mask);
            sigaction(signal, &action, nullptr);
        }
    });
    connect(&m_process, &QProcess::errorOccurred, this, &ChildRunner::onErrorOccurred);
    connect(&m_process, &QProcess::finished, this, &ChildRunner::onFinished);
}

ChildRunner::~ChildRunner()
{
    g_childPid = 0;
}

void ChildRunner::start(const QString &program, const QStringList &arguments,
                        const QProcessEnvironment &environment)
{
    m_program = program;
    m_process.setProcessEnvironment(environment);
    // Set before the command starts, so no signal can fall between its start and ours:
    // from here on a terminal's Ctrl-C is the command's to handle, and SIGTERM/SIGHUP are
    // passed on (held until its pid is known).
    g_pendingSignal = 0;
    setDisposition(SIGINT, SIG_IGN);
    setDisposition(SIGQUIT, SIG_IGN);
    setDisposition(SIGTERM, forwardSignal);
    setDisposition(SIGHUP, forwardSignal);
    // Read-write: with another mode QProcess would connect stdin or stdout to /dev/null.
    m_process.start(program, arguments);
    if (m_process.state() == QProcess::NotRunning || m_process.processId() <= 0) {
        // errorOccurred(FailedToStart) has been or will be emitted; a stop request that came
        // meanwhile is ours again.
        restoreDefaults();
        if (const int pending = g_pendingSignal)
            std::raise(pending);
        return;
    }
    g_childPid = sig_atomic_t(m_process.processId());
    if (const int pending = g_pendingSignal)
        ::kill(pid_t(g_childPid), pending);
}

void ChildRunner::onErrorOccurred(QProcess::ProcessError error)
{
    if (error != QProcess::FailedToStart || m_reported)
        return;
    m_reported = true;
    restoreDefaults();
    // The shell's convention: 127 when there is no such command, 126 when there is one
    // that cannot be run (no permission, not an executable).
    const bool hasPath = m_program.contains(QLatin1Char('/'));
    const bool exists = hasPath ? QFileInfo::exists(m_program)
                                : !QStandardPaths::findExecutable(m_program).isEmpty();
    const QString problem =
        exists ? tr("cannot run \"%1\": %2").arg(m_program, m_process.errorString())
               : tr("\"%1\": command not found").arg(m_program);
    emit finished(exists ? kCannotExecute : kNotFound, problem);
}

void ChildRunner::onFinished(int exitCode, QProcess::ExitStatus status)
{
    restoreDefaults();
    if (m_reported)
        return;
    m_reported = true;
    // After a crash QProcess holds the number of the signal that ended the command.
    emit finished(status == QProcess::CrashExit ? 128 + exitCode : exitCode, QString());
}

} // namespace tw::cli
