#include "ui/profiles/profilelistmodel.h"

#include "auth/authmanager.h"
#include "profiles/profilestore.h"
#include "ui/token/tokenstatus.h"

#include <algorithm>

namespace tw {

namespace {
// Group rows carry this internal id; profile rows carry their group's index + 1.
constexpr quintptr kGroupRow = 0;
} // namespace

ProfileListModel::ProfileListModel(AuthManager *auth, QObject *parent)
    : QAbstractItemModel(parent), m_auth(auth)
{
    connect(auth->profileStore(), &ProfileStore::profilesChanged, this, &ProfileListModel::reload);
    connect(auth, &AuthManager::sessionCreated, this, &ProfileListModel::watch);
    for (AuthSession *session : auth->sessions())
        watch(session);
    reload();
}

void ProfileListModel::watch(AuthSession *session)
{
    if (!session->customerId().isEmpty())
        return;
    const QUuid id = session->profileId();
    auto changed = [this, id] { profileChanged(id); };
    connect(session, &AuthSession::stateChanged, this, changed);
    connect(session, &AuthSession::tokenChanged, this, changed);
    connect(session, &AuthSession::fetchingChanged, this, changed);
}

void ProfileListModel::profileChanged(const QUuid &id)
{
    const QModelIndex index = indexOf(id);
    if (index.isValid())
        Q_EMIT dataChanged(index, index);
}

void ProfileListModel::reload()
{
    QList<Profile> profiles = m_auth->profileStore()->profiles();
    std::sort(profiles.begin(), profiles.end(), [](const Profile &a, const Profile &b) {
        return a.name.localeAwareCompare(b.name) < 0;
    });
    QList<Group> groups;
    for (ProviderKind kind : {ProviderKind::DruvaMsp, ProviderKind::Druva, ProviderKind::Oidc,
                              ProviderKind::Commvault, ProviderKind::OAuth2}) {
        Group group{kind, {}};
        for (const Profile &profile : std::as_const(profiles)) {
            if (profile.kind == kind && !m_hidden.contains(profile.id))
                group.profiles << profile;
        }
        if (!group.profiles.isEmpty())
            groups << group;
    }
    beginResetModel();
    m_groups = groups;
    endResetModel();
}

void ProfileListModel::setHidden(const QSet<QUuid> &ids)
{
    m_hidden = ids;
    reload();
}

void ProfileListModel::tick()
{
    for (int g = 0; g < m_groups.size(); ++g) {
        const int count = int(m_groups.at(g).profiles.size());
        if (count == 0)
            continue;
        const QModelIndex parent = index(g, 0);
        Q_EMIT dataChanged(index(0, 0, parent), index(count - 1, 0, parent),
                           {CountdownRole, StateRole, Qt::ToolTipRole});
    }
}

QModelIndex ProfileListModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column != 0 || row < 0)
        return {};
    if (!parent.isValid())
        return row < m_groups.size() ? createIndex(row, 0, kGroupRow) : QModelIndex();
    if (parent.internalId() != kGroupRow || parent.row() >= m_groups.size())
        return {};
    if (row >= m_groups.at(parent.row()).profiles.size())
        return {};
    return createIndex(row, 0, quintptr(parent.row()) + 1);
}

QModelIndex ProfileListModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == kGroupRow)
        return {};
    return createIndex(int(child.internalId() - 1), 0, kGroupRow);
}

int ProfileListModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_groups.size());
    if (parent.internalId() == kGroupRow && parent.row() < m_groups.size())
        return int(m_groups.at(parent.row()).profiles.size());
    return 0;
}

int ProfileListModel::columnCount(const QModelIndex &) const
{
    return 1;
}

Qt::ItemFlags ProfileListModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    if (index.internalId() == kGroupRow)
        return Qt::ItemIsEnabled;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable;
}

QVariant ProfileListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    if (index.internalId() == kGroupRow) {
        const Group &group = m_groups.at(index.row());
        switch (role) {
        case Qt::DisplayRole:
        case Qt::AccessibleTextRole:
            return kindDisplayName(group.kind);
        case IsGroupRole:
            return true;
        case StateRole:
            return -1;
        case KindRole:
            return int(group.kind);
        default:
            return {};
        }
    }
    const Profile &profile = m_groups.at(int(index.internalId() - 1)).profiles.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return profile.name;
    case ProfileIdRole:
        return profile.id;
    case IsGroupRole:
        return false;
    case KindRole:
        return int(profile.kind);
    default:
        break;
    }
    AuthSession *session = m_auth->session(profile.id);
    if (!session)
        return {};
    switch (role) {
    case StateRole:
        return int(session->state());
    case CountdownRole:
        return tokenstatus::listText(session);
    case Qt::ToolTipRole:
    case Qt::AccessibleTextRole:
        return tr("%1 — %2, %3")
            .arg(profile.name, tokenstatus::stateText(session->state()),
                 tokenstatus::listText(session));
    default:
        return {};
    }
}

QModelIndex ProfileListModel::indexOf(const QUuid &profileId) const
{
    for (int g = 0; g < m_groups.size(); ++g) {
        const QList<Profile> &profiles = m_groups.at(g).profiles;
        for (int row = 0; row < profiles.size(); ++row) {
            if (profiles.at(row).id == profileId)
                return createIndex(row, 0, quintptr(g) + 1);
        }
    }
    return {};
}

QList<Profile> ProfileListModel::profilesInOrder() const
{
    QList<Profile> out;
    for (const Group &group : m_groups)
        out << group.profiles;
    return out;
}

} // namespace tw
