#pragma once

#include "common/error.h"
#include "profiles/profile.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QStringList>

namespace tw {

// The document `profiles export` writes and `profiles import` reads, so a profile can move
// to another machine or a colleague without a secret moving with it:
//   {"format": "tokenwright-profiles", "format_version": 1, "profiles": [{…}, …]}
// Each profile keeps what describes the credential (kind, URLs, client id, client
// authentication, scope, audience, resource, extra parameters, options, Commvault mode, and
// the secret command, which names where the secret is), never a secret, a token, a key or
// the keychain bookkeeping, nor its id or timestamps.
namespace ProfileExchange {

inline const QString kFormat = QStringLiteral("tokenwright-profiles");
constexpr int kFormatVersion = 1;
// Far beyond any real set of profiles; a larger "export" is not one (the CLI and the window
// refuse it before parsing).
constexpr qint64 kMaxDocumentBytes = 16 * 1024 * 1024;

struct Exported
{
    QJsonObject document;
    // "profile: parameter" of extra parameters left out because they are named like a
    // secret (client_assertion, api_key …): an export never carries one.
    QStringList dropped;
};

Exported exportProfiles(const QList<Profile> &profiles);

// The profiles of a document, each with a fresh id and no secret, all validated; or the
// first problem, naming the profile and the field (a newer format, an unknown kind, a
// duplicate name, a field that holds or looks like a secret …). Nothing is half-read.
Result<QList<Profile>> parseDocument(const QByteArray &bytes);

// True for a field or parameter name that would hold a secret, a token or a key.
bool looksSecret(const QString &name);

} // namespace ProfileExchange

} // namespace tw
