#include "common/appidentity.h"

#include <QCoreApplication>

namespace tw {

void applyApplicationIdentity()
{
    QCoreApplication::setApplicationName(QStringLiteral("tokenwright"));
    // No organisation: the folders are ~/.config/tokenwright and ~/.local/share/tokenwright
    // (README "Where data lives"), not …/tokenwright/tokenwright.
    QCoreApplication::setOrganizationName(QString());
    QCoreApplication::setOrganizationDomain(QString());
}

} // namespace tw
