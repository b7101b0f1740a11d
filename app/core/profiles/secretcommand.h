#pragma once

#include "common/error.h"
#include "profiles/profile.h"

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QStringList>
#include <functional>

namespace tw {

// A profile's secret command (the AWS `credential_process` idea): a program whose standard
// output is the secret. It runs each time the secret is needed, as an argument list — no
// shell, so `;` and `$(…)` are plain characters — with standard input closed, a deadline
// and a cap on what it may print. Its output is handed to the caller and written nowhere.
namespace SecretCommand {

// A secret (or a PEM key) is far smaller; more is not a secret.
constexpr qint64 kMaxOutputBytes = 64 * 1024;
// How much of the command's standard error is kept to quote its first line.
constexpr qint64 kMaxErrorBytes = 4 * 1024;
constexpr int kMaxQuotedChars = 200;

using Callback = std::function<void(Result<QByteArray>)>;

// The words of `--secret-command`, split as QProcess::splitCommand does (double quotes group,
// `"""` is a literal quote); an error when nothing is left.
Result<QStringList> split(const QString &line);
// The command as one line that split() reads back the same: plain words as they are, others
// in double quotes.
QString display(const QStringList &command);

// Runs `profile`'s secret command for its primary secret entry. `done` runs exactly once,
// from the event loop, unless `context` died first; a run still going when `owner` is
// destroyed is killed with it.
void run(const Profile &profile, QObject *owner, QObject *context, Callback done);

// What a command printed, made a secret: one trailing line break (LF or CRLF) taken off;
// empty output, invalid UTF-8 or a control character is an error. `multiline` lets line
// breaks through (a PEM private key). `program` names the command in the message.
Result<QByteArray> secretFrom(const QByteArray &output, bool multiline, const QString &program);

// The first non-blank line of a failed command's standard error, fit to quote: `printed`
// (what it wrote to standard output, perhaps the secret) taken out by value, control
// characters replaced, at most kMaxQuotedChars characters.
QString firstErrorLine(const QByteArray &standardError, const QByteArray &printed);

} // namespace SecretCommand

} // namespace tw
