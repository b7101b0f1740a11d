#pragma once

#include <QObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStringList>

namespace tw::cli {

// Runs one command for `tokenwright-cli exec` the way a shell's `exec`-like wrapper would:
// no shell in between (an argument list), the terminal's stdin, stdout and stderr handed
// straight to it, and its exit status reported as a shell reports it (128 + N after signal
// N, 126 when it cannot be run, 127 when it is not found). While it runs, Ctrl-C and
// Ctrl-\ are left to the command (the terminal sends them to both of us), and SIGTERM and
// SIGHUP sent to us are passed on to it, so a supervisor stopping us stops it too.
class ChildRunner : public QObject
{
    Q_OBJECT
public:
    explicit ChildRunner(QObject *parent = nullptr);
    ~ChildRunner() override;

    // Starts at once; finished() follows, also when the command cannot be started.
    void start(const QString &program, const QStringList &arguments,
               const QProcessEnvironment &environment);

    static constexpr int kCannotExecute = 126;
    static constexpr int kNotFound = 127;

signals:
    // `problem` is empty unless the command could not be started.
    void finished(int exitStatus, const QString &problem);

private:
    void onErrorOccurred(QProcess::ProcessError error);
    void onFinished(int exitCode, QProcess::ExitStatus status);

    QProcess m_process;
    QString m_program;
    bool m_reported = false;
};

} // namespace tw::cli
