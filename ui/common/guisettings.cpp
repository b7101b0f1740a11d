#include "ui/common/guisettings.h"

#include "ui/common/clipboard.h"

#include <QDir>

namespace tw {

namespace {
const QString kGeometry = QStringLiteral("window/geometry");
const QString kSplitter = QStringLiteral("window/splitter");
const QString kLastProfile = QStringLiteral("window/lastProfile");
const QString kClipboardClear = QStringLiteral("clipboard/clearSeconds");
const QString kMinimizeToTray = QStringLiteral("tray/minimizeOnClose");
} // namespace

// QSettings rewrites the whole file (lock, fsync, rename) after any setValue, even of the
// value it already holds: unchanged values are not set at all, so selecting the remembered
// profile at start-up or closing an unmoved window writes nothing.
void GuiSettings::put(const QString &key, const QVariant &value)
{
    // An INI file gives back strings (and byte arrays): compare in those terms.
    const QVariant stored = m_settings.value(key);
    const bool same = value.typeId() == QMetaType::QByteArray
                          ? stored.toByteArray() == value.toByteArray()
                          : stored.toString() == value.toString();
    if (m_settings.contains(key) && same)
        return;
    m_settings.setValue(key, value);
}

GuiSettings::GuiSettings(const QString &configDir)
    : m_settings(QDir(configDir).filePath(QStringLiteral("gui.ini")), QSettings::IniFormat)
{
}

QByteArray GuiSettings::geometry() const
{
    return m_settings.value(kGeometry).toByteArray();
}
void GuiSettings::setGeometry(const QByteArray &value)
{
    put(kGeometry, value);
}

QByteArray GuiSettings::splitterState() const
{
    return m_settings.value(kSplitter).toByteArray();
}
void GuiSettings::setSplitterState(const QByteArray &value)
{
    put(kSplitter, value);
}

QUuid GuiSettings::lastProfile() const
{
    return QUuid::fromString(m_settings.value(kLastProfile).toString());
}
void GuiSettings::setLastProfile(const QUuid &id)
{
    put(kLastProfile, id.toString(QUuid::WithoutBraces));
}

int GuiSettings::clipboardClearSeconds() const
{
    return std::clamp(m_settings.value(kClipboardClear, Clipboard::DefaultClearSeconds).toInt(), 0,
                      3600);
}
void GuiSettings::setClipboardClearSeconds(int seconds)
{
    put(kClipboardClear, seconds);
}

bool GuiSettings::minimizeToTray() const
{
    return m_settings.value(kMinimizeToTray, false).toBool();
}
void GuiSettings::setMinimizeToTray(bool on)
{
    put(kMinimizeToTray, on);
}

} // namespace tw
