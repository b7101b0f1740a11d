#include "profiles/importplan.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QSet>
#include <QUuid>

namespace tw {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("ImportPlan", text);
}

Error invalid(const QString &message)
{
    return Error::make(Error::Code::InvalidInput, message);
}

const Profile *named(const QList<Profile> &profiles, const QString &name)
{
    for (const Profile &p : profiles)
        if (p.name.compare(name, Qt::CaseInsensitive) == 0)
            return &p;
    return nullptr;
}
} // namespace

std::optional<ConflictPolicy> conflictPolicyFromString(const QString &text)
{
    if (text == QLatin1String("skip"))
        return ConflictPolicy::Skip;
    if (text == QLatin1String("rename"))
        return ConflictPolicy::Rename;
    if (text == QLatin1String("replace"))
        return ConflictPolicy::Replace;
    return std::nullopt;
}

Result<QList<ImportStep>> planImport(const QList<Profile> &incoming, const QList<Profile> &existing,
                                     ConflictPolicy policy)
{
    // Names taken so far, by the store or by this import (compared as the store does).
    QSet<QString> taken;
    for (const Profile &p : existing)
        taken.insert(p.name.toLower());
    for (const Profile &p : incoming)
        taken.insert(p.name.toLower());

    QList<ImportStep> steps;
    QStringList clashes;
    for (const Profile &profile : incoming) {
        ImportStep step;
        step.profile = profile;
        step.fileName = profile.name;
        const Profile *same = named(existing, profile.name);
        if (!same) {
            steps.append(step);
            continue;
        }
        switch (policy) {
        case ConflictPolicy::Refuse:
            clashes << profile.name;
            break;
        case ConflictPolicy::Skip:
            step.action = ImportStep::Action::Skip;
            break;
        case ConflictPolicy::Rename: {
            // "prod (2)", "prod (3)" …: the first name neither the store nor the file uses.
            for (int n = 2;; ++n) {
                const QString candidate = QStringLiteral("%1 (%2)").arg(profile.name).arg(n);
                if (!taken.contains(candidate.toLower()) &&
                    Profile::nameProblem(candidate).isEmpty()) {
                    step.profile.name = candidate;
                    taken.insert(candidate.toLower());
                    break;
                }
            }
            step.action = ImportStep::Action::Rename;
            break;
        }
        case ConflictPolicy::Replace:
            if (same->kind != profile.kind)
                return invalid(
                    tr("\"%1\" is a %2 profile here and %3 in the file; a profile's "
                       "kind cannot change. Use --on-conflict rename, or remove it "
                       "first.")
                        .arg(same->name, kindToString(same->kind), kindToString(profile.kind)));
            step.action = ImportStep::Action::Replace;
            step.profile.id = same->id;
            step.profile.name = same->name;
            step.profile.secretKeys = same->secretKeys;
            step.profile.createdAt = same->createdAt;
            if (same->kind == ProviderKind::Commvault)
                step.profile.commvault.created = same->commvault.created;
            break;
        }
        steps.append(step);
    }
    if (!clashes.isEmpty())
        return invalid(tr("Profiles with these names exist already: %1. Nothing was imported; "
                          "choose --on-conflict skip, rename or replace.")
                           .arg(clashes.join(QLatin1String(", "))));
    return steps;
}

Profile duplicateProfile(const Profile &source, const QList<Profile> &existing)
{
    Profile copy = source;
    copy.id = QUuid::createUuid();
    copy.secretKeys.clear();
    copy.createdAt = QDateTime();
    copy.updatedAt = QDateTime();
    if (copy.kind == ProviderKind::Commvault)
        copy.commvault.created = QDateTime(); // set when the copy gets its own tokens
    // Room for the suffix within the name's length limit (Profile::nameProblem).
    const QString stem = source.name.left(180);
    for (int n = 1;; ++n) {
        const QString candidate =
            n == 1 ? tr("%1 (copy)").arg(stem) : tr("%1 (copy %2)").arg(stem).arg(n);
        if (!named(existing, candidate)) {
            copy.name = candidate;
            return copy;
        }
    }
}

} // namespace tw
