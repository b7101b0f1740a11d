#include "ui/profiles/commvaulthorizons.h"

#include "auth/token.h"
#include "profiles/profile.h"
#include "ui/common/noticebar.h"
#include "ui/token/tokenstatus.h"

#include <QFormLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace tw {

CommvaultHorizons::CommvaultHorizons(QWidget *parent)
    : QGroupBox(tr("Commvault renewal"), parent), m_renewBy(new QLabel(this)),
      m_renewalsEnd(new QLabel(this)), m_warning(new NoticeBar(this))
{
    setObjectName(QStringLiteral("commvaultHorizons"));
    m_renewBy->setObjectName(QStringLiteral("renewByLabel"));
    m_renewalsEnd->setObjectName(QStringLiteral("renewalsEndLabel"));
    m_warning->setObjectName(QStringLiteral("commvaultWarning"));
    auto *form = new QFormLayout;
    form->addRow(tr("Renew by:"), m_renewBy);
    form->addRow(tr("Renewals end:"), m_renewalsEnd);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_warning);
}

QString CommvaultHorizons::describe(const QDateTime &when, const QDateTime &now)
{
    if (!when.isValid())
        return tr("not applicable");
    const qint64 secs = now.secsTo(when);
    if (secs < 0)
        return tr("%1 (passed)").arg(tokenstatus::localTime(when));
    const qint64 days = secs / 86400;
    if (days > 1)
        return tr("%1 (in %2 days)").arg(tokenstatus::localTime(when)).arg(days);
    return tr("%1 (in %2)").arg(tokenstatus::localTime(when), tokenstatus::countdown(secs * 1000));
}

void CommvaultHorizons::showHorizons(const Profile &profile, const Token *token,
                                     const QDateTime &now)
{
    if (profile.kind != ProviderKind::Commvault ||
        profile.commvault.mode != CommvaultMode::AccessToken) {
        hide();
        return;
    }
    show();
    const QDateTime renewBy = token ? token->refreshExpiresAt : QDateTime();
    const QDateTime renewalsEnd = token ? token->renewableUntil : QDateTime();
    m_renewBy->setText(profile.commvault.legacy ? tr("legacy token — valid until expiry, cannot "
                                                     "be renewed")
                                                : describe(renewBy, now));
    m_renewalsEnd->setText(describe(renewalsEnd, now));

    QStringList warnings;
    const auto daysLeft = [&now](const QDateTime &when) { return now.secsTo(when) / 86400.0; };
    if (renewBy.isValid() && daysLeft(renewBy) < RenewByWarnDays)
        warnings << tr("The renewal window closes %1: renew before then or the token chain "
                       "ends.")
                        .arg(tokenstatus::localTime(renewBy));
    if (renewalsEnd.isValid() && daysLeft(renewalsEnd) < RenewalsEndWarnDays)
        warnings << tr("Renewals end %1: make a new access token in Command Center before then.")
                        .arg(tokenstatus::localTime(renewalsEnd));
    if (warnings.isEmpty())
        m_warning->clearNotice();
    else
        m_warning->showNotice(NoticeBar::Kind::Warning, warnings.join(QLatin1Char('\n')));
}

} // namespace tw
