#pragma once

#include "common/error.h"
#include "console/consolefiles.h"
#include "console/consolerequest.h"
#include "profiles/kinds.h"

#include <QList>
#include <QUuid>
#include <functional>

namespace tw {

// Named requests kept with a profile in <config dir>/saved/<profile-id>.json, redacted like
// the history (a header typed with a secret is not kept). Names are unique per profile,
// compared case-insensitively; saving under an existing name replaces it.
class SavedRequests
{
public:
    explicit SavedRequests(const QString &configDir);

    Result<QList<ConsoleRequest>> load(const QUuid &profileId) const;
    Result<QList<ConsoleRequest>> save(const QUuid &profileId, const ConsoleRequest &request);
    Result<QList<ConsoleRequest>> remove(const QUuid &profileId, const QString &name);

    // Ready-made requests per kind (named), shown before the user's own.
    static QList<ConsoleRequest> presets(ProviderKind kind);

private:
    using Change = std::function<void(QList<ConsoleRequest> &list)>;
    // load, change, store under the file's lock (ConsoleFile::withLock).
    Result<QList<ConsoleRequest>> modify(const QUuid &profileId, const Change &change);
    Result<QList<ConsoleRequest>> store(const QUuid &profileId, QList<ConsoleRequest> list);
    ConsoleFile m_file;
};

} // namespace tw
