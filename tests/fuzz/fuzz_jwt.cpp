// The JWT decoder shown in the Token tab: any token text decodes or is "opaque", never a crash.
#include "fuzzsupport.h"
#include "jwt/jwt.h"

using namespace tw;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz::ensureApp();
    const QByteArray input = fuzz::bytes(data, size);
    (void)Jwt::decodeSegment(input);
    const Result<Jwt> jwt = Jwt::decode(QString::fromUtf8(input));
    if (jwt) {
        for (const QJsonObject &part : {jwt.value().header, jwt.value().claims})
            for (auto it = part.begin(); it != part.end(); ++it)
                if (Jwt::isTimeClaim(it.key()))
                    (void)Jwt::timeValue(it.value()).toString(Qt::ISODate);
    }
    return 0;
}
