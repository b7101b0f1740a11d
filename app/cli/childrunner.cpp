#include "childrunner.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QStandardPaths>
#include <csignal>
#include <sys/types.h>

namespace tw::cli {

namespace {
volatile sig_atomic_t g_childPid = 0;

void forwardSignal(int signal)
{
    if (g_childPid > 0) {
        ::kill(pid_t(g_childPid), signal);
        return;
    }
    // No command yet (or any more): behave as if we had no handler.
    std::signal(signal, SIG_DFL);
    std::raise(signal);
}

void setDisposition(int signal, void (*handler)(int))
{
    struct sigaction action = {};
    action.sa_handler = handler;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(signal, &action, nullptr);
}
} // namespace

ChildRunner::ChildRunner(QObject *parent) : QObject(parent)
{
    // The command talks to the terminal (or the pipes) itself: nothing passes through us.
    m_process.setProcessChannelMode(QProcess::ForwardedChannels);
    m_process.setInputChannelMode(QProcess::ForwardedInputChannel);
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
    // Caught handlers are reset to the default by exec(), so the command gets its own
    // SIGTERM/SIGHUP behaviour; ignored ones would be inherited, hence SIG_IGN only after.
    setDisposition(SIGTERM, forwardSignal);
    setDisposition(SIGHUP, forwardSignal);
    // Read-write: with another mode QProcess would connect stdin or stdout to /dev/null.
    m_process.start(program, arguments);
    if (m_process.state() == QProcess::NotRunning)
        return; // errorOccurred(FailedToStart) has been or will be emitted
    g_childPid = sig_atomic_t(m_process.processId());
    setDisposition(SIGINT, SIG_IGN);
    setDisposition(SIGQUIT, SIG_IGN);
}

void ChildRunner::onErrorOccurred(QProcess::ProcessError error)
{
    if (error != QProcess::FailedToStart || m_reported)
        return;
    m_reported = true;
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
    g_childPid = 0;
    if (m_reported)
        return;
    m_reported = true;
    // After a crash QProcess holds the number of the signal that ended the command.
    emit finished(status == QProcess::CrashExit ? 128 + exitCode : exitCode, QString());
}

} // namespace tw::cli
