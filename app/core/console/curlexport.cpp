#include "console/curlexport.h"

#include "auth/apiclient.h"

namespace tw::CurlExport {

QString shellQuote(const QString &text)
{
    QString out = text;
    out.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + out + QLatin1Char('\'');
}

bool usesAuthtoken(const Profile &profile)
{
    return profile.kind == ProviderKind::Commvault &&
           profile.commvault.mode == CommvaultMode::LoginSession;
}

Result<QString> build(const Profile &profile, const ConsoleRequest &input, const Options &options)
{
    const ConsoleRequest request = input.normalized();
    // The same refusal as sending: a curl line must not carry the token elsewhere either.
    auto url = ApiClient::resolve(profile, request.path, request.query);
    if (!url)
        return url.error();
    const ApiRequest api = request.toApiRequest();

    QStringList lines;
    const bool variable = options.realToken.isEmpty();
    if (variable && options.tokenLine) {
        QString cli =
            QStringLiteral("TOKEN=$(tokenwright-cli token %1").arg(shellQuote(profile.name));
        if (!request.customerId.trimmed().isEmpty())
            cli += QStringLiteral(" --customer %1").arg(shellQuote(request.customerId.trimmed()));
        lines << cli + QLatin1Char(')');
    }

    QStringList args{QStringLiteral("curl -sS")};
    const QString method = QString::fromLatin1(api.method);
    const bool hasBody = !api.body.isEmpty();
    if (method != (hasBody ? QLatin1String("POST") : QLatin1String("GET")))
        args << QStringLiteral("-X %1").arg(shellQuote(method));
    args << shellQuote(QString::fromUtf8(url.value().toEncoded()));

    const QString scheme = usesAuthtoken(profile) ? QStringLiteral("Authtoken: ")
                                                  : QStringLiteral("Authorization: Bearer ");
    // Double quotes only around $TOKEN so the shell expands it; tokens never contain `"`.
    args << (variable ? QStringLiteral("-H \"%1$TOKEN\"").arg(scheme)
                      : QStringLiteral("-H %1").arg(shellQuote(scheme + options.realToken)));
    bool hasAccept = false;
    for (const auto &[name, value] : api.headers) {
        const QString key = QString::fromLatin1(name);
        if (key.compare(QLatin1String("Authorization"), Qt::CaseInsensitive) == 0 ||
            key.compare(QLatin1String("Authtoken"), Qt::CaseInsensitive) == 0)
            continue; // ours replaces whatever the user typed, as when sending
        hasAccept = hasAccept || key.compare(QLatin1String("Accept"), Qt::CaseInsensitive) == 0;
        args << QStringLiteral("-H %1").arg(
            shellQuote(key + QStringLiteral(": ") + QString::fromUtf8(value)));
    }
    if (!hasAccept)
        args << QStringLiteral("-H %1").arg(shellQuote(QStringLiteral("Accept: application/json")));
    if (hasBody)
        args << QStringLiteral("--data-raw %1").arg(shellQuote(QString::fromUtf8(api.body)));

    lines << args.join(QStringLiteral(" \\\n  "));
    return lines.join(QLatin1Char('\n'));
}

} // namespace tw::CurlExport
