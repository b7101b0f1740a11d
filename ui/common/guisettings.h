#pragma once

#include <QByteArray>
#include <QSettings>
#include <QString>
#include <QUuid>

namespace tw {

// The desktop app's own settings (window layout, clipboard timeout, tray), kept next to the
// profiles in the config directory so a test or the demo never touches the user's file.
class GuiSettings
{
public:
    explicit GuiSettings(const QString &configDir);

    QByteArray geometry() const;
    void setGeometry(const QByteArray &value);
    QByteArray splitterState() const;
    void setSplitterState(const QByteArray &value);
    QUuid lastProfile() const;
    void setLastProfile(const QUuid &id);

    int clipboardClearSeconds() const; // 0 = never
    void setClipboardClearSeconds(int seconds);
    bool minimizeToTray() const;
    void setMinimizeToTray(bool on);

    void sync() { m_settings.sync(); }

private:
    void put(const QString &key, const QVariant &value);

    mutable QSettings m_settings;
};

} // namespace tw
