#include "common/shellquote.h"

#include <QRegularExpression>

namespace tw {

std::optional<ShellSyntax> shellSyntaxFromString(const QString &text)
{
    const QString t = text.trimmed().toLower();
    if (t == QLatin1String("sh") || t == QLatin1String("bash") || t == QLatin1String("zsh") ||
        t == QLatin1String("posix"))
        return ShellSyntax::Posix;
    if (t == QLatin1String("fish"))
        return ShellSyntax::Fish;
    if (t == QLatin1String("powershell") || t == QLatin1String("pwsh"))
        return ShellSyntax::PowerShell;
    return std::nullopt;
}

QStringList allShellSyntaxNames()
{
    return {QStringLiteral("sh"), QStringLiteral("fish"), QStringLiteral("powershell")};
}

bool isPortableVariableName(const QString &name)
{
    static const QRegularExpression portable(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    return portable.match(name).hasMatch();
}

QString shellQuote(ShellSyntax shell, const QString &value)
{
    QString quoted;
    quoted.reserve(value.size() + 8);
    quoted += QLatin1Char('\'');
    for (const QChar c : value) {
        switch (shell) {
        case ShellSyntax::Posix:
            // Nothing is special inside '…' except the closing quote: close, add an
            // escaped quote, reopen.
            if (c == QLatin1Char('\''))
                quoted += QStringLiteral("'\\''");
            else
                quoted += c;
            break;
        case ShellSyntax::Fish:
            // fish reads \\ and \' inside single quotes, nothing else.
            if (c == QLatin1Char('\'') || c == QLatin1Char('\\'))
                quoted += QLatin1Char('\\');
            quoted += c;
            break;
        case ShellSyntax::PowerShell:
            // PowerShell also ends a single-quoted string at the typographic single quotes
            // (U+2018–U+201B); any of them is escaped by doubling it.
            if (c == QLatin1Char('\'') || (c.unicode() >= 0x2018 && c.unicode() <= 0x201B))
                quoted += c;
            quoted += c;
            break;
        }
    }
    quoted += QLatin1Char('\'');
    return quoted;
}

std::optional<QString> shellExportLine(ShellSyntax shell, const QString &name, const QString &value)
{
    if (!isPortableVariableName(name) || value.contains(QChar(0)))
        return std::nullopt;
    const QString quoted = shellQuote(shell, value);
    switch (shell) {
    case ShellSyntax::Posix:
        return QStringLiteral("export %1=%2").arg(name, quoted);
    case ShellSyntax::Fish:
        return QStringLiteral("set -gx %1 %2").arg(name, quoted);
    case ShellSyntax::PowerShell:
        return QStringLiteral("$env:%1 = %2").arg(name, quoted);
    }
    return std::nullopt;
}

std::optional<QString> shellUnsetLine(ShellSyntax shell, const QString &name)
{
    if (!isPortableVariableName(name))
        return std::nullopt;
    switch (shell) {
    case ShellSyntax::Posix:
        return QStringLiteral("unset %1").arg(name);
    case ShellSyntax::Fish:
        return QStringLiteral("set -e %1").arg(name);
    case ShellSyntax::PowerShell:
        return QStringLiteral("Remove-Item Env:%1 -ErrorAction SilentlyContinue").arg(name);
    }
    return std::nullopt;
}

} // namespace tw
