#pragma once

#include "auth/apiclient.h"

#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <optional>

namespace tw {

// How the console's body text is meant: JSON as typed, form fields (one `key=value` per line,
// or `&`-separated on one line, values unencoded: we encode them), or raw bytes as typed.
enum class BodyKind { None, Json, Form, Raw };

QString bodyKindToString(BodyKind kind); // "none", "json", "form", "raw"
BodyKind bodyKindFromString(const QString &text);

using StringPairs = QList<QPair<QString, QString>>;

// One request as the user wrote it in the console, the CLI, the history or a saved entry.
// The token is never part of it: ApiClient adds it when sending.
struct ConsoleRequest
{
    QString name; // saved requests only
    QString method = QStringLiteral("GET");
    QString path;      // relative to the API base, or an absolute URL on the profile's origin
    StringPairs query; // decoded values; encoded when sent
    StringPairs headers;
    BodyKind bodyKind = BodyKind::None;
    QString body;
    QString customerId; // Druva MSP: send with this customer's token

    // Moves a query written inline in `path` ("…?a=1&b=2") into `query`, decoded, so that
    // one list holds every parameter (pagination replaces them; history shows them).
    ConsoleRequest normalized() const;
    // `path` with the query appended again, for a single path field in the GUI.
    QString pathWithQuery() const;

    QString header(const QString &name) const; // case-insensitive, first match
    bool hasBody() const { return bodyKind != BodyKind::None && !body.isEmpty(); }
    // Form fields of a Form body (see BodyKind).
    StringPairs formFields() const;
    static StringPairs parseFormText(const QString &text);
    // The bytes on the wire and the Content-Type to use when the user gave none.
    QByteArray encodedBody() const;
    QByteArray defaultContentType() const;

    ApiRequest toApiRequest() const;

    QJsonObject toJson() const;
    static std::optional<ConsoleRequest> fromJson(const QJsonObject &json);
};

bool operator==(const ConsoleRequest &a, const ConsoleRequest &b);

} // namespace tw
