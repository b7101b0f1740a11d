#include "profiles/secretcommand.h"

#include "common/callbackguard.h"
#include "common/redact.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QPointer>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QStringDecoder>
#include <QTimer>

namespace tw::SecretCommand {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("SecretCommand", text);
}

Error failure(const QString &message)
{
    return Error::make(Error::Code::SecretCommand, message);
}

// The program as named, for messages: no arguments (they are not secret, but a message
// names what failed, not how it was called), no control characters.
QString shown(const QString &program)
{
    return sanitizeServerText(program.left(kMaxQuotedChars));
}

// Where the program is: a path is taken as given, a bare name looked up in PATH as a shell
// would; nullopt with the reason when it cannot run, so the message can say which.
Result<QString> locate(const QString &program)
{
    if (!program.contains(QLatin1Char('/'))) {
        const QString found = QStandardPaths::findExecutable(program);
        if (found.isEmpty())
            return failure(tr("The secret command's program \"%1\" was not found in PATH.")
                               .arg(shown(program)));
        return found;
    }
    const QFileInfo info(program);
    if (!info.exists())
        return failure(
            tr("The secret command's program \"%1\" was not found.").arg(shown(program)));
    if (info.isDir() || !info.isExecutable())
        return failure(
            tr("The secret command's program \"%1\" is not executable.").arg(shown(program)));
    return program;
}

// One run of one command; deletes itself once it has answered.
class Run : public QObject
{
public:
    Run(const Profile &profile, QObject *owner, Callback done)
        : QObject(owner), m_command(profile.secretCommand),
          m_timeoutSec(profile.options.secretCommandTimeoutSec),
          m_multiline(profile.primarySecretEntry() == SecretEntry::PrivateKey),
          m_done(std::move(done))
    {
    }

    void start()
    {
        const QString program = m_command.value(0);
        const auto path = locate(program);
        if (!path) {
            answer(path.error());
            return;
        }
        m_process = new QProcess(this);
        m_process->setProgram(path.value());
        m_process->setArguments(m_command.mid(1));
        // Nothing to read: a command that waits for input ends at once instead of at the
        // deadline. A password prompt still reaches the user through /dev/tty.
        m_process->setStandardInputFile(QProcess::nullDevice());
        connect(m_process, &QProcess::readyReadStandardOutput, this, &Run::readOutput);
        connect(m_process, &QProcess::readyReadStandardError, this, &Run::readError);
        connect(m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
            if (error == QProcess::FailedToStart)
                answer(failure(tr("The secret command's program \"%1\" could not be started: "
                                  "%2.")
                                   .arg(shown(m_command.value(0)), m_process->errorString())));
        });
        connect(m_process, &QProcess::finished, this, &Run::finished);
        auto *deadline = new QTimer(this);
        deadline->setSingleShot(true);
        connect(deadline, &QTimer::timeout, this, [this] {
            m_timedOut = true;
            m_process->kill(); // `finished` follows once it is reaped: no zombie stays
        });
        deadline->start(m_timeoutSec * 1000);
        m_process->start(QIODevice::ReadOnly);
    }

private:
    void readOutput()
    {
        m_output += m_process->readAllStandardOutput();
        if (m_output.size() > kMaxOutputBytes && !m_tooMuch) {
            m_tooMuch = true;
            m_process->kill();
        }
        if (m_tooMuch)
            m_output.clear(); // never kept, never quoted
    }

    void readError()
    {
        const QByteArray chunk = m_process->readAllStandardError();
        m_error += chunk.left(std::max<qint64>(0, kMaxErrorBytes - m_error.size()));
    }

    void finished(int exitCode, QProcess::ExitStatus status)
    {
        readOutput();
        readError();
        const QString program = shown(m_command.value(0));
        if (m_tooMuch) {
            answer(failure(tr("The secret command \"%1\" printed more than %2 KiB: that is not "
                              "a secret.")
                               .arg(program)
                               .arg(kMaxOutputBytes / 1024)));
        } else if (m_timedOut) {
            answer(failure(tr("The secret command \"%1\" did not finish within %2 s and was "
                              "stopped.")
                               .arg(program)
                               .arg(m_timeoutSec)));
        } else if (status == QProcess::CrashExit) {
            answer(failure(tr("The secret command \"%1\" ended abnormally (killed by a signal).")
                               .arg(program)));
        } else if (exitCode != 0) {
            const QString line = firstErrorLine(m_error, m_output);
            answer(failure(line.isEmpty()
                               ? tr("The secret command \"%1\" failed with exit code %2 and "
                                    "printed no error.")
                                     .arg(program)
                                     .arg(exitCode)
                               : tr("The secret command \"%1\" failed with exit code %2: %3")
                                     .arg(program)
                                     .arg(exitCode)
                                     .arg(line)));
        } else {
            answer(secretFrom(m_output, m_multiline, m_command.value(0)));
        }
    }

    void answer(Result<QByteArray> result)
    {
        if (m_answered)
            return;
        m_answered = true;
        m_done(std::move(result));
        // A process that failed to start emits nothing more; one that runs is done here.
        deleteLater();
    }

    const QStringList m_command;
    const int m_timeoutSec;
    const bool m_multiline;
    Callback m_done;
    QProcess *m_process = nullptr;
    QByteArray m_output;
    QByteArray m_error;
    bool m_timedOut = false;
    bool m_tooMuch = false;
    bool m_answered = false;
};
} // namespace

Result<QStringList> split(const QString &line)
{
    const QStringList words = QProcess::splitCommand(line);
    if (words.isEmpty() || words.first().trimmed().isEmpty())
        return failure(tr("The secret command names no program."));
    return words;
}

QString display(const QStringList &command)
{
    static const QRegularExpression plain(QStringLiteral(R"(^[A-Za-z0-9_@%+=:,./~-]+$)"));
    QStringList words;
    for (const QString &word : command) {
        if (plain.match(word).hasMatch())
            words << word;
        else // splitCommand's own quoting: "…", with a literal quote written """
            words << QLatin1Char('"') +
                         QString(word).replace(QStringLiteral("\""), QStringLiteral("\"\"\"")) +
                         QLatin1Char('"');
    }
    return words.join(QLatin1Char(' '));
}

void run(const Profile &profile, QObject *owner, QObject *context, Callback done)
{
    auto callback = guarded(context, std::move(done));
    // From the event loop, as every asynchronous answer (common/callbackguard.h).
    auto *run = new Run(profile, owner, [owner, callback](Result<QByteArray> result) {
        post(owner, callback, std::move(result));
    });
    run->start();
}

Result<QByteArray> secretFrom(const QByteArray &output, bool multiline, const QString &program)
{
    QByteArray secret = output;
    if (secret.endsWith("\r\n"))
        secret.chop(2);
    else if (secret.endsWith('\n'))
        secret.chop(1);
    if (secret.isEmpty())
        return failure(tr("The secret command \"%1\" printed nothing: it gave no secret.")
                           .arg(shown(program)));
    QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = utf8.decode(secret);
    if (utf8.hasError())
        return failure(tr("The secret command \"%1\" printed something that is not UTF-8 text.")
                           .arg(shown(program)));
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        const bool lineBreak =
            c == QLatin1Char('\n') ||
            (c == QLatin1Char('\r') && i + 1 < text.size() && text.at(i + 1) == QLatin1Char('\n'));
        if (multiline && lineBreak)
            continue;
        if (c.category() == QChar::Other_Control)
            return failure(
                multiline
                    ? tr("The secret command \"%1\" printed control characters other than line "
                         "breaks; a private key is PEM text.")
                          .arg(shown(program))
                    : tr("The secret command \"%1\" printed control characters (a line break "
                         "inside, a tab …); a secret is one line of text.")
                          .arg(shown(program)));
    }
    return secret;
}

QString firstErrorLine(const QByteArray &standardError, const QByteArray &printed)
{
    QString line;
    for (const QByteArray &raw : standardError.split('\n')) {
        if (!raw.trimmed().isEmpty()) {
            line = QString::fromUtf8(raw).trimmed();
            break;
        }
    }
    if (line.isEmpty())
        return line;
    // A failing command may have printed the secret and then complained about it.
    KnownSecrets own;
    int slot = 0;
    QList<QByteArray> values = printed.split('\n');
    values << printed.trimmed();
    for (const QByteArray &value : std::as_const(values)) {
        if (!value.trimmed().isEmpty())
            own.remember(QString::number(slot++), QString::fromUtf8(value.trimmed()));
    }
    line = sanitizeServerText(own.redact(line));
    if (line.size() > kMaxQuotedChars)
        line = line.left(kMaxQuotedChars - 1) + QChar(0x2026);
    return line;
}

} // namespace tw::SecretCommand
