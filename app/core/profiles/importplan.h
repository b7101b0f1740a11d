#pragma once

#include "common/error.h"
#include "profiles/profile.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace tw {

// What `profiles import` does with each imported profile whose name is taken. Without a
// policy a clash is an error: importing never overwrites anything silently.
enum class ConflictPolicy { Refuse, Skip, Rename, Replace };

std::optional<ConflictPolicy> conflictPolicyFromString(const QString &text); // skip|rename|replace

// One imported profile and what happens to it. For Replace, `profile` carries the id of
// the profile it replaces (so its keychain entries stay with it).
struct ImportStep
{
    enum class Action { Add, Skip, Rename, Replace };
    Action action = Action::Add;
    Profile profile;
    QString fileName; // the name in the import file
};

// Decides every step before anything changes, so a refused import changes nothing: a
// clash under Refuse, or a Replace that would change a profile's kind, fails the whole
// plan and names the profiles concerned.
Result<QList<ImportStep>> planImport(const QList<Profile> &incoming, const QList<Profile> &existing,
                                     ConflictPolicy policy);

// A copy of `source` to be added as a new profile: its metadata under the first free name of
// "NAME (copy)", "NAME (copy 2)" …, with a new id and none of the source's keychain entries
// (secrets are not copied: the copy gets its own when the user types them).
Profile duplicateProfile(const Profile &source, const QList<Profile> &existing);

} // namespace tw
