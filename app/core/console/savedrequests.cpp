#include "console/savedrequests.h"

#include "console/requestredactor.h"
#include "profiles/profilestore.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace tw {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("SavedRequests", text);
}

ConsoleRequest preset(const QString &name, const QString &path, const StringPairs &query = {})
{
    ConsoleRequest r;
    r.name = name;
    r.method = QStringLiteral("GET");
    r.path = path;
    r.query = query;
    return r;
}
} // namespace

SavedRequests::SavedRequests(const QString &configDir)
    : m_file(configDir, ProfileStore::savedFolder())
{
}

Result<QList<ConsoleRequest>> SavedRequests::load(const QUuid &profileId) const
{
    auto array = m_file.read(profileId);
    if (!array)
        return array.error();
    QList<ConsoleRequest> list;
    for (const QJsonValue &value : array.value()) {
        auto request = ConsoleRequest::fromJson(value.toObject());
        if (request && !request->name.isEmpty())
            list.append(*request);
    }
    return list;
}

Result<QList<ConsoleRequest>> SavedRequests::save(const QUuid &profileId,
                                                  const ConsoleRequest &request)
{
    if (request.name.trimmed().isEmpty()) {
        return Error::make(Error::Code::InvalidInput, tr("A saved request needs a name."));
    }
    ConsoleRequest clean = RequestRedactor::redact(request);
    clean.name = request.name.trimmed();
    return modify(profileId, [&](QList<ConsoleRequest> &list) {
        const auto same = std::find_if(list.begin(), list.end(), [&](const ConsoleRequest &r) {
            return r.name.compare(clean.name, Qt::CaseInsensitive) == 0;
        });
        if (same != list.end())
            *same = clean;
        else
            list.append(clean);
    });
}

Result<QList<ConsoleRequest>> SavedRequests::remove(const QUuid &profileId, const QString &name)
{
    return modify(profileId, [&](QList<ConsoleRequest> &list) {
        list.removeIf([&](const ConsoleRequest &r) {
            return r.name.compare(name, Qt::CaseInsensitive) == 0;
        });
    });
}

Result<QList<ConsoleRequest>> SavedRequests::modify(const QUuid &profileId, const Change &change)
{
    return m_file.withLock<QList<ConsoleRequest>>(profileId,
                                                  [&]() -> Result<QList<ConsoleRequest>> {
                                                      auto current = load(profileId);
                                                      if (!current)
                                                          return current.error();
                                                      QList<ConsoleRequest> list = current.value();
                                                      change(list);
                                                      return store(profileId, list);
                                                  });
}

Result<QList<ConsoleRequest>> SavedRequests::store(const QUuid &profileId,
                                                   QList<ConsoleRequest> list)
{
    QJsonArray array;
    for (const ConsoleRequest &r : list)
        array.append(r.toJson());
    if (auto error = m_file.write(profileId, array))
        return *error;
    return list;
}

QList<ConsoleRequest> SavedRequests::presets(ProviderKind kind)
{
    switch (kind) {
    case ProviderKind::DruvaMsp:
        return {preset(tr("Customers (first page)"), QStringLiteral("/msp/v3/customers"),
                       {{QStringLiteral("pageSize"), QStringLiteral("50")}})};
    case ProviderKind::Druva:
        return {preset(tr("inSync users"), QStringLiteral("/insync/endpoints/v1/users"))};
    case ProviderKind::Oidc:
        return {preset(tr("Customers"), QStringLiteral("/v1/customers"))};
    case ProviderKind::Commvault:
        return {preset(tr("Clients"), QStringLiteral("/Client"))};
    case ProviderKind::OAuth2:
        return {};
    }
    return {};
}

} // namespace tw
