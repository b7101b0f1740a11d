#pragma once

#include "auth/authsession.h"
#include "profiles/profile.h"

#include <QCommandLineParser>
#include <optional>

namespace tw::cli {

class CliContext;

// Where a command that hands a token to something else (`exec`, `env`) takes it from: the
// profile named on the command line and the live session of it (or of its --customer),
// checked exactly as `token` checks them.
struct TokenTarget
{
    Profile profile;
    AuthSession *session = nullptr;
    QString variable; // --env VAR: where the token goes (tokenVariable)

    static void addOptions(QCommandLineParser &parser);
    // Prints the problem and sets *exitCode when --env names no usable variable, or there is
    // no such profile or customer token.
    static std::optional<TokenTarget> resolve(CliContext &ctx, const QCommandLineParser &parser,
                                              const QString &name, int *exitCode);
};

// --env VAR: the variable the token goes into; TOKEN unless set. Prints why a name is not
// usable and returns nothing.
std::optional<QString> tokenVariable(CliContext &ctx, const QCommandLineParser &parser);

inline const QString kApiBaseVariable = QStringLiteral("TOKENWRIGHT_API_BASE");

} // namespace tw::cli
