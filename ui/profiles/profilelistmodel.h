#pragma once

#include "profiles/profile.h"

#include <QAbstractItemModel>
#include <QList>
#include <QSet>
#include <QUuid>

namespace tw {

class AuthManager;
class AuthSession;

// Profiles grouped by kind: top-level rows are the kinds that have profiles, their children
// the profiles (sorted by name). Each profile row exposes its session's state and countdown;
// tick() refreshes the countdowns once a second.
class ProfileListModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Role {
        ProfileIdRole = Qt::UserRole + 1, // QUuid; null for a group row
        IsGroupRole,                      // bool
        StateRole,                        // int(AuthSession::State); -1 for a group row
        CountdownRole,                    // QString shown right of the name
        KindRole,                         // int(ProviderKind)
    };

    explicit ProfileListModel(AuthManager *auth, QObject *parent = nullptr);

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

    QModelIndex indexOf(const QUuid &profileId) const;
    // Profiles in display order (for Ctrl+1…9 and the tray menu).
    QList<Profile> profilesInOrder() const;

    // Profiles waiting for their removal to be confirmed (undo): not shown.
    void setHidden(const QSet<QUuid> &ids);

public Q_SLOTS:
    void reload();
    void tick();

private:
    struct Group
    {
        ProviderKind kind;
        QList<Profile> profiles;
    };
    void watch(AuthSession *session);
    void profileChanged(const QUuid &id);

    AuthManager *m_auth;
    QList<Group> m_groups;
    QSet<QUuid> m_hidden;
};

} // namespace tw
