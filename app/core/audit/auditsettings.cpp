#include "audit/auditsettings.h"

#include <QDir>
#include <QFile>
#include <QSettings>

namespace tw {

namespace {
const QString kEnabled = QStringLiteral("audit/enabled");
}

AuditSettings::AuditSettings(const QString &configDir)
    : m_path(QDir(configDir).filePath(QStringLiteral("settings.ini")))
{
}

bool AuditSettings::enabled() const
{
    const QSettings settings(m_path, QSettings::IniFormat);
    return settings.value(kEnabled, true).toBool();
}

void AuditSettings::setEnabled(bool on)
{
    {
        QSettings settings(m_path, QSettings::IniFormat);
        settings.setValue(kEnabled, on);
        settings.sync();
    }
    QFile::setPermissions(m_path, QFile::ReadOwner | QFile::WriteOwner);
}

} // namespace tw
