// OIDC Discovery / RFC 8414 documents: parse() accepts a document only for the issuer asked
// for, and never crashes on anything else.
#include "auth/discovery.h"
#include "fuzzsupport.h"

using namespace tw;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz::ensureApp();
    const HttpReply reply = fuzz::reply(fuzz::bytes(data, size));
    static const QUrl issuers[] = {QUrl(QStringLiteral("https://idp.example")),
                                   QUrl(QStringLiteral("https://idp.example/tenant/a"))};
    for (const QUrl &issuer : issuers) {
        const Result<DiscoveryDocument> doc = DiscoveryClient::parse(reply, issuer);
        if (doc && doc.value().authMethods.isEmpty())
            fuzz::fail("a discovery document without client authentication methods");
        (void)DiscoveryClient::openIdUrl(issuer);
        (void)DiscoveryClient::oauthServerUrl(issuer);
    }
    return 0;
}
