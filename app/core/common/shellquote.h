#pragma once

#include <QString>
#include <QStringList>
#include <optional>

namespace tw {

// Lines a shell evaluates to set an environment variable (`tokenwright-cli env`). Values
// come from servers and profile files, so they are data: each is quoted so that no quote,
// `$`, backtick, backslash or line break in it can end the string or run a command.
enum class ShellSyntax { Posix, Fish, PowerShell };

// Spelling on the command line: sh, fish, powershell (also bash, zsh, pwsh as aliases).
std::optional<ShellSyntax> shellSyntaxFromString(const QString &text);
QStringList allShellSyntaxNames();

// A name every one of these shells takes as a variable: [A-Za-z_][A-Za-z0-9_]*.
bool isPortableVariableName(const QString &name);

// The value as one single-quoted word of that shell.
QString shellQuote(ShellSyntax shell, const QString &value);

// `export NAME='value'`, `set -gx NAME 'value'` or `$env:NAME = 'value'`; nothing when the
// name is not portable or the value holds NUL (which no environment can carry).
std::optional<QString> shellExportLine(ShellSyntax shell, const QString &name,
                                       const QString &value);
// Removes the variable: `unset NAME`, `set -e NAME` or `Remove-Item Env:NAME …`.
std::optional<QString> shellUnsetLine(ShellSyntax shell, const QString &name);

} // namespace tw
