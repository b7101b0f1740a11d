#include "revokecommand.h"

#include "auth/tokenrevoker.h"
#include "clicontext.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QTimer>

namespace tw::cli {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("cli", text);
}

// Parses NAME and the network options; the profile, or nullopt with the exit code set.
std::optional<Profile> profileFrom(CliContext &ctx, QCommandLineParser &parser,
                                   const QStringList &arguments, const QString &usage, int *code)
{
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("name"), tr("Profile name or id."));
    if (!ctx.parseNetworkCommand(parser, subcommandArguments(arguments, 1), code))
        return std::nullopt;
    if (parser.positionalArguments().size() != 1) {
        *code = ctx.fail(ExitUsage, usage);
        return std::nullopt;
    }
    if (!ctx.loadProfiles()) {
        *code = ExitFailure;
        return std::nullopt;
    }
    const auto profile = ctx.profileForNetwork(parser.positionalArguments().first());
    if (!profile)
        *code = ExitNotFound;
    return profile;
}
} // namespace

int runRevokeCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Revoke the profile's refresh token, then its access token, at the provider's "
           "revocation endpoint (RFC 7009), and drop them from the cache."));
    CliContext ctx;
    int code = ExitOk;
    const auto profile =
        profileFrom(ctx, parser, arguments, tr("usage: tokenwright-cli revoke NAME"), &code);
    if (!profile)
        return code;
    auto *revoker = new TokenRevoker(&ctx.auth(), profile->id, qApp);
    QTimer::singleShot(0, revoker, [&ctx, revoker, name = profile->name] {
        revoker->revoke([&ctx, name](Result<TokenRevoker::Revoked> revoked) {
            if (!revoked) {
                ctx.fail(revoked.error());
                return;
            }
            const auto &r = revoked.value();
            if (!r.hadAccessToken && !r.hadRefreshToken)
                ctx.err()
                    << tr("Profile \"%1\" holds no cached token; nothing to revoke.").arg(name)
                    << Qt::endl;
            else
                ctx.err() << (r.hadRefreshToken
                                  ? tr("Revoked the refresh token and the access token of \"%1\".")
                                  : tr("Revoked the access token of \"%1\"."))
                                 .arg(name)
                          << Qt::endl;
            ctx.finish(ExitOk);
        });
    });
    return QCoreApplication::exec();
}

int runIntrospectCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Ask the provider's introspection endpoint (RFC 7662) about the profile's access "
           "token and print its answer as JSON."));
    parser.addOption({QStringLiteral("json"), tr("Print the answer on one line.")});
    CliContext ctx;
    int code = ExitOk;
    const auto profile = profileFrom(ctx, parser, arguments,
                                     tr("usage: tokenwright-cli introspect NAME [--json]"), &code);
    if (!profile)
        return code;
    AuthSession *session = ctx.auth().session(profile->id);
    if (!session)
        return ctx.fail(ExitUsage,
                        tr("Profile \"%1\" has no token to introspect.").arg(profile->name));
    auto *revoker = new TokenRevoker(&ctx.auth(), profile->id, qApp);
    const auto format =
        parser.isSet(QStringLiteral("json")) ? QJsonDocument::Compact : QJsonDocument::Indented;
    QTimer::singleShot(0, session, [&ctx, session, revoker, format] {
        session->requestToken(nullptr, [&ctx, revoker, format](Result<Token> token) {
            if (!token) {
                ctx.fail(token.error());
                return;
            }
            revoker->introspect(token.value().accessToken, QStringLiteral("access_token"),
                                [&ctx, format](Result<QJsonObject> answer) {
                                    if (!answer) {
                                        ctx.fail(answer.error());
                                        return;
                                    }
                                    ctx.out() << QJsonDocument(answer.value()).toJson(format);
                                    if (format == QJsonDocument::Compact)
                                        ctx.out() << '\n';
                                    ctx.finish(ExitOk);
                                });
        });
    });
    return QCoreApplication::exec();
}

} // namespace tw::cli
