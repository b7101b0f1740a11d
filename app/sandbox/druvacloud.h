#pragma once

#include "provider.h"

namespace tw::sandbox {

// Druva Cloud — Endpoints & Data Governance (docs/providers.md §2), both regions: Cloud under
// /druva and GovCloud under /druva-gov. Opaque tokens; an expired or revoked token gets 403 (the
// vendor's FAQ), a missing or unknown one 401.
class DruvaCloud : public Provider
{
public:
    using Provider::Provider;

    QString endpointFor(const HttpRequest &request) const override;
    HttpReply handle(const QString &endpoint, const HttpRequest &request) override;
    QJsonObject describe() const override;

private:
    HttpReply token(const HttpRequest &request, bool gov);
    HttpReply api(const HttpRequest &request, bool gov);
    HttpReply big(const HttpRequest &request);
};

// About `targetBytes` of JSON ({"items": [...], "nextPageToken": ""}): the body of druva.big,
// also used by the console benchmark so both measure the same shape.
QByteArray demoBigJson(qsizetype targetBytes);

} // namespace tw::sandbox
