#include "guisettings.h"

#include "clipboard.h"

#include <QDir>

namespace tw {

namespace {
const QString kGeometry = QStringLiteral("window/geometry");
const QString kSplitter = QStringLiteral("window/splitter");
const QString kLastProfile = QStringLiteral("window/lastProfile");
const QString kClipboardClear = QStringLiteral("clipboard/clearSeconds");
const QString kMinimizeToTray = QStringLiteral("tray/minimizeOnClose");
} // namespace

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
    m_settings.setValue(kGeometry, value);
}

QByteArray GuiSettings::splitterState() const
{
    return m_settings.value(kSplitter).toByteArray();
}
void GuiSettings::setSplitterState(const QByteArray &value)
{
    m_settings.setValue(kSplitter, value);
}

QUuid GuiSettings::lastProfile() const
{
    return QUuid::fromString(m_settings.value(kLastProfile).toString());
}
void GuiSettings::setLastProfile(const QUuid &id)
{
    m_settings.setValue(kLastProfile, id.toString(QUuid::WithoutBraces));
}

int GuiSettings::clipboardClearSeconds() const
{
    return std::clamp(m_settings.value(kClipboardClear, Clipboard::DefaultClearSeconds).toInt(), 0,
                      3600);
}
void GuiSettings::setClipboardClearSeconds(int seconds)
{
    m_settings.setValue(kClipboardClear, seconds);
}

bool GuiSettings::minimizeToTray() const
{
    return m_settings.value(kMinimizeToTray, false).toBool();
}
void GuiSettings::setMinimizeToTray(bool on)
{
    m_settings.setValue(kMinimizeToTray, on);
}

} // namespace tw
