#include "ui/common/icons.h"
#include "ui/profiles/secretfield.h"

#include <QAction>
#include <QApplication>
#include <QFile>
#include <QImage>
#include <QRegularExpression>
#include <QTest>

using namespace tw;

namespace {
// Whether the icon paints anything at all: a QIcon of a missing file gives a null or an
// entirely transparent pixmap.
bool paints(const QIcon &icon)
{
    const QImage image = icon.pixmap(24, 24).toImage();
    if (image.isNull())
        return false;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            if (qAlpha(image.pixel(x, y)) > 0)
                return true;
        }
    }
    return false;
}
} // namespace

class TestIcons : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        // What a missing resource prints ("qt.svg: Cannot open file ':/icons/…'").
        QTest::failOnWarning(QRegularExpression(QStringLiteral("Cannot open file")));
    }

    void everyIconLoads_data()
    {
        QTest::addColumn<QString>("name");
        for (const char *name :
             {"app", "reveal", "copy", "refresh", "add", "edit", "remove", "command"})
            QTest::newRow(name) << QString::fromLatin1(name);
    }

    void everyIconLoads()
    {
        QFETCH(QString, name);
        const QIcon icon = name == QLatin1String("app")       ? icons::app()
                           : name == QLatin1String("reveal")  ? icons::reveal()
                           : name == QLatin1String("copy")    ? icons::copy()
                           : name == QLatin1String("refresh") ? icons::refresh()
                           : name == QLatin1String("add")     ? icons::add()
                           : name == QLatin1String("edit")    ? icons::edit()
                           : name == QLatin1String("command") ? icons::command()
                                                              : icons::remove();
        QVERIFY2(paints(icon), qPrintable(name));
    }

    void bundledSvgsAreInTheBinary()
    {
        if (!icons::svgAvailable())
            QSKIP("Qt's SVG plugin is not installed: the icons come from the theme");
        icons::app(); // registers the resources
        for (const char *file : {"tokenwright", "reveal", "copy", "refresh"}) {
            const QString path = QStringLiteral(":/icons/%1.svg").arg(QLatin1String(file));
            QVERIFY2(QFile::exists(path), qPrintable(path));
        }
    }

    void secretRevealButtonHasAnIcon()
    {
        SecretField field;
        auto *reveal = field.findChild<QAction *>(QStringLiteral("revealAction"));
        QVERIFY(reveal);
        QVERIFY(paints(reveal->icon()));
    }
};

QTEST_MAIN(TestIcons)
#include "tst_icons.moc"
