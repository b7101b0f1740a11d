// Retry-After (delta-seconds or HTTP-date, RFC 9110 §10.2.3): never negative, never above the
// cap, whatever the header holds.
#include "common/retryafter.h"
#include "fuzzsupport.h"

using namespace tw;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz::ensureApp();
    const QByteArray header = fuzz::bytes(data, size);
    static const QDateTime nows[] = {QDateTime::fromSecsSinceEpoch(1'800'000'000, Qt::UTC),
                                     QDateTime::fromSecsSinceEpoch(0, Qt::UTC),
                                     QDateTime(QDate(9999, 12, 31), QTime(23, 59, 59), Qt::UTC)};
    for (const QDateTime &now : nows) {
        const std::optional<qint64> seconds = parseRetryAfter(header, now);
        if (seconds && (*seconds < 0 || *seconds > kMaxRetryAfterSec))
            fuzz::fail("Retry-After outside [0, kMaxRetryAfterSec]");
    }
    return 0;
}
