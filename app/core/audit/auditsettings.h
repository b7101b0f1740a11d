#pragma once

#include <QString>

namespace tw {

// Settings that are not a profile's and that the GUI and the CLI share: <config dir>/settings.ini.
// Read from the file on every call, so a change made by the other program counts at once.
class AuditSettings
{
public:
    explicit AuditSettings(const QString &configDir);

    // The activity log is on unless turned off.
    bool enabled() const;
    void setEnabled(bool on);

    QString filePath() const { return m_path; }

private:
    QString m_path;
};

} // namespace tw
