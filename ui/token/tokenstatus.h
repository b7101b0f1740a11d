#pragma once

#include "auth/authsession.h"

#include <QColor>
#include <QDateTime>
#include <QString>

namespace tw::tokenstatus {

// "mm:ss", or "h:mm:ss" from an hour up, or "Nd hh h" from a day up.
QString countdown(qint64 remainingMs);
// What the profile list shows right of the name.
QString listText(const AuthSession *session);
// The status dot: the only hard-coded colours of the GUI.
QColor dotColor(AuthSession::State state);
QString stateText(AuthSession::State state);
// Local time with seconds, for expiry and JWT time claims.
QString localTime(const QDateTime &when);

} // namespace tw::tokenstatus
