#pragma once

#include "common/error.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <optional>

namespace tw {

// One customer exactly as the server sent it: Druva MSP (docs/providers.md §1) or the OIDC portal
// (§3). The whole object is kept, known fields or not, so `--json` can show what the vendor
// added; the accessors answer from the fields both kinds agree on, read once by fromJson().
struct Customer
{
    QJsonObject raw; // empty in a copy made by withShownFieldsOnly()

    // Druva status codes (§1); anything else is shown as a number.
    enum class Status { CreationPending = 0, Ready = 1, TenantProcessing = 2 };
    enum class Cloud { Public = 0, Fips = 1, FedRamp = 2 };

    // the GCID (Druva) or UUID (portal); numbers are turned into text
    QString id() const { return m_shown.id; }
    // Druva `customerName`, portal `name`; empty when absent or null (portal names may be null).
    // Text accessors are for showing: control characters and bidi overrides are replaced
    // (raw keeps the exact value for --json).
    QString name() const;
    bool hasName() const;
    QString accountName() const { return m_shown.accountName; }
    std::optional<int> statusCode() const { return m_shown.status; }
    std::optional<int> cloudCode() const { return m_shown.cloud; }
    QString statusText() const;  // "ready", "creation pending" …; empty when absent
    QString cloudText() const;   // "public", "FIPS", "FedRAMP"; empty when absent
    QDateTime createdOn() const; // invalid when absent or unreadable
    QDateTime activeSince() const;
    // The dates exactly as the server wrote them (CSV export, filtering).
    QString createdOnText() const { return m_shown.createdOnText; }
    QString activeSinceText() const { return m_shown.activeSinceText; }
    QStringList features() const { return m_shown.features; } // Druva `features[].name`

    QJsonObject toJson() const { return raw; }
    // A copy without `raw`: only what the accessors answer. The GUI keeps thousands of
    // customers, and the JSON object of each was most of its memory (heaptrack under
    // tests/bench/bench_gui_memory: 3.2 KB a customer before, 1.2 KB trimmed to the shown keys).
    Customer withShownFieldsOnly() const;
    // Needs an object with a non-empty `id` (string or number); everything else is optional.
    static Result<Customer> fromJson(const QJsonValue &json);

    // Why `id` cannot name a customer in a URL path (empty, "." or "..", control characters,
    // too long), or empty when it can. Ids are then percent-encoded as exactly one segment.
    static QString idProblem(const QString &id);

    static QString statusName(int code);
    static QString cloudName(int code);

private:
    struct Shown
    {
        QString id;
        QString name;
        QString accountName;
        std::optional<int> status;
        std::optional<int> cloud;
        QString createdOnText;
        QString activeSinceText;
        QStringList features;

        static Shown from(const QJsonObject &raw);
    };
    Shown m_shown;
};

} // namespace tw
