#pragma once

#include <QDateTime>
#include <QGroupBox>

class QLabel;

namespace tw {

struct Profile;
struct Token;
class NoticeBar;

// The two long Commvault horizons beside the access-token countdown: "renew by" (the
// refresh token's end, 14 days after the access token's) and "renewals end" (90 days after
// creation, or what the CommServe allows), with a warning when either is near.
class CommvaultHorizons : public QGroupBox
{
    Q_OBJECT
public:
    static constexpr int RenewByWarnDays = 3;
    static constexpr int RenewalsEndWarnDays = 14;

    explicit CommvaultHorizons(QWidget *parent = nullptr);

    void showHorizons(const Profile &profile, const Token *token, const QDateTime &now);

private:
    static QString describe(const QDateTime &when, const QDateTime &now);

    QLabel *m_renewBy;
    QLabel *m_renewalsEnd;
    NoticeBar *m_warning;
};

} // namespace tw
