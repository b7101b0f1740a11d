// The window's own settings: a value already stored is not written again (QSettings would
// rewrite, fsync and rename gui.ini for it at start-up and at every close).
#include "ui/common/guisettings.h"

#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>
#include <sys/stat.h>

using namespace tw;

namespace {
// gui.ini is replaced by a rename on every write: a new inode means it was written.
ino_t inodeOf(const QString &path)
{
    struct stat info
    {
    };
    if (::stat(QFile::encodeName(path).constData(), &info) != 0)
        return 0;
    return info.st_ino;
}
} // namespace

class TestGuiSettings : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void valuesRoundTrip()
    {
        QTemporaryDir dir;
        const QUuid profile = QUuid::createUuid();
        {
            GuiSettings settings(dir.path());
            settings.setGeometry(QByteArray("\x01\x00\xff geometry", 12));
            settings.setLastProfile(profile);
            settings.setClipboardClearSeconds(45);
            settings.setMinimizeToTray(true);
        }
        GuiSettings again(dir.path());
        QCOMPARE(again.geometry(), QByteArray("\x01\x00\xff geometry", 12));
        QCOMPARE(again.lastProfile(), profile);
        QCOMPARE(again.clipboardClearSeconds(), 45);
        QVERIFY(again.minimizeToTray());
    }

    void unchangedValuesAreNotWrittenAgain()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("gui.ini"));
        const QUuid profile = QUuid::createUuid();
        {
            GuiSettings settings(dir.path());
            settings.setGeometry(QByteArray("\x01\x02 layout", 9));
            settings.setSplitterState(QByteArray("splitter"));
            settings.setLastProfile(profile);
            settings.setClipboardClearSeconds(30);
            settings.setMinimizeToTray(false);
        }
        const ino_t written = inodeOf(file);
        QVERIFY(written != 0);
        {
            // A fresh object, as at the next start: every value read back from the file.
            GuiSettings settings(dir.path());
            settings.setGeometry(QByteArray("\x01\x02 layout", 9));
            settings.setSplitterState(QByteArray("splitter"));
            settings.setLastProfile(profile);
            settings.setClipboardClearSeconds(30);
            settings.setMinimizeToTray(false);
            settings.sync();
        }
        QCOMPARE(inodeOf(file), written);

        {
            GuiSettings settings(dir.path());
            settings.setClipboardClearSeconds(60); // a real change is still written
        }
        QVERIFY(inodeOf(file) != written);
        QCOMPARE(GuiSettings(dir.path()).clipboardClearSeconds(), 60);
    }
};

QTEST_GUILESS_MAIN(TestGuiSettings)
#include "tst_guisettings.moc"
