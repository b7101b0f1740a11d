#pragma once

#include "common/error.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <optional>

namespace tw {

// One customer exactly as the server sent it: Druva MSP (PROVIDERS.md §1) or the OIDC portal
// (§3). The whole object is kept, known fields or not, so `--json` and the GUI's details can
// show what the vendor added; the accessors only read the fields both kinds agree on.
struct Customer
{
    QJsonObject raw;

    // Druva status codes (§1); anything else is shown as a number.
    enum class Status { CreationPending = 0, Ready = 1, TenantProcessing = 2 };
    enum class Cloud { Public = 0, Fips = 1, FedRamp = 2 };

    QString id() const; // the GCID (Druva) or UUID (portal); numbers are turned into text
    // Druva `customerName`, portal `name`; empty when absent or null (portal names may be null).
    // Text accessors are for showing: control characters and bidi overrides are replaced
    // (raw keeps the exact value for --json).
    QString name() const;
    bool hasName() const;
    QString accountName() const;
    std::optional<int> statusCode() const;
    std::optional<int> cloudCode() const;
    QString statusText() const;  // "ready", "creation pending" …; empty when absent
    QString cloudText() const;   // "public", "FIPS", "FedRAMP"; empty when absent
    QDateTime createdOn() const; // invalid when absent or unreadable
    QDateTime activeSince() const;
    QStringList features() const; // Druva `features[].name`

    QJsonObject toJson() const { return raw; }
    // Needs an object with a non-empty `id` (string or number); everything else is optional.
    static Result<Customer> fromJson(const QJsonValue &json);

    // Why `id` cannot name a customer in a URL path (empty, "." or "..", control characters,
    // too long), or empty when it can. Ids are then percent-encoded as exactly one segment.
    static QString idProblem(const QString &id);

    static QString statusName(int code);
    static QString cloudName(int code);
};

} // namespace tw
