// The token-response parser: any answer becomes a Token or an Error, never a crash, and an
// accepted token is always usable in a header (trust rules: printable ASCII, no spaces).
// The same bytes as a Commvault renewal answer and as a keychain token cache entry.
#include "auth/commvaultpair.h"
#include "auth/token.h"
#include "auth/tokenresponse.h"
#include "fuzzsupport.h"

#include <QJsonDocument>
#include <QJsonValue>

using namespace tw;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz::ensureApp();
    const HttpReply reply = fuzz::reply(fuzz::bytes(data, size));
    const QDateTime sentAt = QDateTime::fromSecsSinceEpoch(1'800'000'000, Qt::UTC);
    const Result<Token> token = TokenResponse::parseOAuth(reply, sentAt);
    if (token) {
        if (!tokenValueProblem(token.value().accessToken, QStringLiteral("access_token")).isEmpty())
            fuzz::fail("an accepted access_token is not a usable token value");
        if (token.value().expiresAt.isValid() && token.value().expiresAt < sentAt)
            fuzz::fail("a token that expired before it was asked for");
    } else {
        (void)TokenResponse::isInvalidClient(token.error());
    }
    const Error error = TokenResponse::errorFromReply(reply, QStringLiteral("token request"));
    (void)TokenResponse::isInvalidClient(error);
    (void)TokenResponse::jsonObject(reply, QStringLiteral("token request"));
    QString warning;
    (void)TokenResponse::parseExpiresIn(QJsonValue(QString::fromUtf8(reply.body)), &warning);

    const QJsonDocument doc = QJsonDocument::fromJson(reply.body);
    if (doc.isObject()) {
        CommvaultPair previous;
        previous.accessToken = QStringLiteral("a1");
        previous.refreshToken = QStringLiteral("r1");
        if (const auto pair = CommvaultPair::renewed(previous, doc.object(), sentAt)) {
            (void)pair->toJson();
            (void)pair->toToken(Profile::preset(ProviderKind::Commvault));
        }
        if (const auto cached = Token::fromCacheJson(doc.object()))
            (void)Token::fromCacheJson(cached->toCacheJson());
    }
    return 0;
}
