#include "sandboxcommand.h"

#include <QCoreApplication>
#include <QTextStream>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("tokenwright"));
    QCoreApplication::setOrganizationName(QStringLiteral("tokenwright"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TOKENWRIGHT_VERSION));
    const QStringList args = QCoreApplication::arguments();
    const QString command = args.value(1);
    if (command == QLatin1String("sandbox"))
        return tw::cli::runSandboxCommand(args);
    QTextStream(stderr) << "usage: tokenwright-cli sandbox|profiles|token …\n";
    return 2;
}
