#pragma once

#include <QByteArray>
#include <QDateTime>
#include <optional>

namespace tw {

// Seconds a Retry-After header asks for (RFC 9110 §10.2.3): delta-seconds or an HTTP-date,
// counted from `now`. nullopt when absent or unreadable. Never negative; absurdly large
// values are clamped to kMaxRetryAfterSec so no caller can overflow a timer with them.
std::optional<qint64> parseRetryAfter(const QByteArray &header, const QDateTime &now);

inline constexpr qint64 kMaxRetryAfterSec = 1000LL * 366 * 24 * 3600; // a millennium: > 2^32

} // namespace tw
