#pragma once

#include "profiles/profile.h"
#include "profiles/profileservice.h"

#include <QCommandLineParser>

namespace tw::cli {

// The profile fields as command-line options, shared by `profiles add` and `profiles edit`.
namespace ProfileOptions {
void addTo(QCommandLineParser &parser);
// Applies every option that is set onto `profile`; an unknown kind/method/date is an error.
Status apply(const QCommandLineParser &parser, Profile &profile);
// --secret-command (split once into the argument list kept), --no-secret-command,
// --secret-command-timeout; part of apply().
Status applySecretCommand(const QCommandLineParser &parser, Profile &profile);
// "--timeout S": whole seconds from 1 to the profile maximum, or nullopt.
std::optional<int> timeoutSeconds(const QString &text);
// Which secrets the profile needs, as prompts ("Client secret: " …), in stdin line order.
QStringList secretPrompts(const Profile &profile);
// The keychain entries for the lines answered to secretPrompts() (a Commvault pair made
// `now`); empty when no line was given.
ProfileService::Secrets secretsFrom(const Profile &profile, const QStringList &lines,
                                    const QDateTime &now);
// private_key_jwt: the PEM from --private-key-stdin or --private-key-file, checked to parse
// and fit the signing algorithm; empty when neither option is set.
Result<QByteArray> readPrivateKey(const QCommandLineParser &parser, const Profile &profile);
} // namespace ProfileOptions

} // namespace tw::cli
