// `tokenwright-cli env` lines: each value quoted so that the shell that evaluates the line
// gets exactly the value back and runs nothing in it. Checked with the real shells that
// are installed (sh, bash, zsh, fish); PowerShell is not in Debian, so its lines are
// compared with what its quoting rules (about_Quoting_Rules) require.
#include "common/shellquote.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace tw;

namespace {
// Everything that ends or escapes a quoted word somewhere, plus command substitutions that
// would leave a mark if they ran.
QStringList hostileValues(const QString &markerPath)
{
    return {
        QString(),
        QStringLiteral("plain-token_0123.~"),
        QStringLiteral("it's"),
        QStringLiteral("'"),
        QStringLiteral("''\\''"),
        QStringLiteral("a\"b\"c"),
        QStringLiteral("$HOME ${HOME} $(touch %1) `touch %1`").arg(markerPath),
        QStringLiteral("'; touch %1; echo '").arg(markerPath),
        QStringLiteral("line one\nline two\n"),
        QStringLiteral("\nleading newline"),
        QStringLiteral("back\\slash\\"),
        QStringLiteral("\\'"),
        QStringLiteral("%1 %2 %%"),
        QStringLiteral("-n"),
        QStringLiteral("tab\there; semi; | pipe & amp > gt < lt * glob ? [x] ~ # hash !bang"),
        QStringLiteral("unicode é € ‘smart’ ‚low‛ “double” 🙂"),
    };
}

// Prints the variable's value exactly (the same in every one of these shells), then a
// terminator so that trailing newlines count.
const char *const kPrintV = "printf '%s<end>' \"$V\"";
} // namespace

class TestShellQuote : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void namesAndSpellings()
    {
        QVERIFY(isPortableVariableName(QStringLiteral("TOKEN")));
        QVERIFY(isPortableVariableName(QStringLiteral("_my_token2")));
        for (const char *bad : {"", "1TOKEN", "MY-TOKEN", "A B", "A=B", "A$", "É", "A\nB"})
            QVERIFY2(!isPortableVariableName(QString::fromUtf8(bad)), bad);
        QCOMPARE(shellSyntaxFromString(QStringLiteral("sh")), ShellSyntax::Posix);
        QCOMPARE(shellSyntaxFromString(QStringLiteral("bash")), ShellSyntax::Posix);
        QCOMPARE(shellSyntaxFromString(QStringLiteral("fish")), ShellSyntax::Fish);
        QCOMPARE(shellSyntaxFromString(QStringLiteral("PowerShell")), ShellSyntax::PowerShell);
        QCOMPARE(shellSyntaxFromString(QStringLiteral("pwsh")), ShellSyntax::PowerShell);
        QVERIFY(!shellSyntaxFromString(QStringLiteral("csh")));
        QVERIFY(!shellExportLine(ShellSyntax::Posix, QStringLiteral("A;B"), QStringLiteral("x")));
        QVERIFY(!shellExportLine(ShellSyntax::Posix, QStringLiteral("A"),
                                 QStringLiteral("a") + QChar(0) + QStringLiteral("b")));
    }

    void powerShellLinesFollowItsQuotingRules()
    {
        // Inside '…' only the quote characters are special, and PowerShell counts the
        // typographic single quotes U+2018–U+201B as quotes too: each is doubled.
        QCOMPARE(*shellExportLine(ShellSyntax::PowerShell, QStringLiteral("TOKEN"),
                                  QStringLiteral("a'b$c`d\"e\nf")),
                 QStringLiteral("$env:TOKEN = 'a''b$c`d\"e\nf'"));
        QCOMPARE(shellQuote(ShellSyntax::PowerShell, QStringLiteral("‘x’‚y‛")),
                 QStringLiteral("'‘‘x’’‚‚y‛‛'"));
        QCOMPARE(*shellUnsetLine(ShellSyntax::PowerShell, QStringLiteral("TOKENWRIGHT_API_BASE")),
                 QStringLiteral("Remove-Item Env:TOKENWRIGHT_API_BASE -ErrorAction "
                                "SilentlyContinue"));
    }

    void realShellsGetTheValueBackAndRunNothing_data()
    {
        QTest::addColumn<QString>("program");
        QTest::addColumn<int>("syntax");
        QTest::newRow("sh") << QStringLiteral("sh") << int(ShellSyntax::Posix);
        QTest::newRow("bash") << QStringLiteral("bash") << int(ShellSyntax::Posix);
        QTest::newRow("zsh") << QStringLiteral("zsh") << int(ShellSyntax::Posix);
        QTest::newRow("fish") << QStringLiteral("fish") << int(ShellSyntax::Fish);
    }

    void realShellsGetTheValueBackAndRunNothing()
    {
        QFETCH(QString, program);
        QFETCH(int, syntax);
        const auto shell = ShellSyntax(syntax);
        const QString path = QStandardPaths::findExecutable(program);
        if (path.isEmpty())
            QSKIP(qPrintable(program + QStringLiteral(" is not installed")));
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString marker = dir.filePath(QStringLiteral("ran"));
        for (const QString &value : hostileValues(marker)) {
            const auto line = shellExportLine(shell, QStringLiteral("V"), value);
            QVERIFY(line);
            QFile script(dir.filePath(QStringLiteral("script")));
            QVERIFY(script.open(QIODevice::WriteOnly | QIODevice::Truncate));
            // As `eval "$(tokenwright-cli env …)"` / `… | source` would read it.
            script.write(
                (*line + QLatin1Char('\n') + QString::fromUtf8(kPrintV) + QLatin1Char('\n'))
                    .toUtf8());
            script.close();
            QProcess run;
            run.start(path, {script.fileName()});
            QVERIFY(run.waitForFinished(30000));
            QCOMPARE(run.readAllStandardError(), QByteArray());
            QCOMPARE(QString::fromUtf8(run.readAllStandardOutput()),
                     value + QStringLiteral("<end>"));
            QVERIFY2(!QFile::exists(marker), qPrintable(*line));
        }
    }

    void unsetLinesRemoveTheVariable()
    {
        for (const auto &[program, shell] :
             {std::pair{QStringLiteral("sh"), ShellSyntax::Posix},
              std::pair{QStringLiteral("fish"), ShellSyntax::Fish}}) {
            const QString path = QStandardPaths::findExecutable(program);
            if (path.isEmpty())
                continue;
            QProcess run;
            run.setProcessEnvironment([] {
                auto env = QProcessEnvironment::systemEnvironment();
                env.insert(QStringLiteral("V"), QStringLiteral("stale"));
                return env;
            }());
            const QString check = shell == ShellSyntax::Fish
                                      ? QStringLiteral("set -q V; and echo set; or echo unset")
                                      : QStringLiteral("echo ${V-unset}");
            run.start(path, {QStringLiteral("-c"), *shellUnsetLine(shell, QStringLiteral("V")) +
                                                       QLatin1Char('\n') + check});
            QVERIFY(run.waitForFinished(30000));
            QCOMPARE(run.readAllStandardOutput().trimmed(), QByteArray("unset"));
        }
    }
};

QTEST_GUILESS_MAIN(TestShellQuote)
#include "tst_shellquote.moc"
