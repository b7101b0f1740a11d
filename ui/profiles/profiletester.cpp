#include "ui/profiles/profiletester.h"

#include "auth/authmanager.h"
#include "profiles/memorysecretstore.h"
#include "profiles/profilestore.h"
#include "ui/token/tokenstatus.h"

namespace tw {

ProfileTester::ProfileTester(ProfileService *live, QObject *parent) : QObject(parent), m_live(live)
{
}

ProfileTester::~ProfileTester() = default;

void ProfileTester::run(Profile draft, ProfileService::Secrets secrets,
                        const std::optional<Profile> &stored)
{
    if (m_running)
        return;
    m_running = true;
    if (draft.kind == ProviderKind::Commvault &&
        draft.commvault.mode == CommvaultMode::AccessToken) {
        // A real test would renew, which rotates both tokens: the pair saved afterwards would
        // already be revoked. So the pasted pair is only checked locally.
        finish(true, tr("Not sent: testing a Commvault access token would renew it, and a "
                        "renewal replaces both tokens. The token is used as pasted; its "
                        "countdown and renewal dates appear on the Token tab."));
        return;
    }
    QStringList needed;
    const QString entry =
        draft.kind == ProviderKind::Commvault ? SecretEntry::Password : SecretEntry::ClientSecret;
    if (stored && !secrets.contains(entry))
        needed << entry;
    fillStoredSecrets(std::move(draft), std::move(secrets), needed, stored.value_or(Profile()));
}

void ProfileTester::fillStoredSecrets(Profile draft, ProfileService::Secrets secrets,
                                      QStringList entries, const Profile &stored)
{
    if (entries.isEmpty()) {
        fetch(draft, secrets);
        return;
    }
    const QString entry = entries.takeFirst();
    m_live->readSecret(
        stored, entry, this,
        [this, draft, secrets, entries, stored, entry](Result<QByteArray> value) mutable {
            if (value && !value.value().isEmpty())
                secrets.insert(entry, value.value());
            fillStoredSecrets(std::move(draft), std::move(secrets), entries, stored);
        });
}

void ProfileTester::fetch(const Profile &draft, const ProfileService::Secrets &secrets)
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_store = new ProfileStore(m_dir->path(), this);
    m_secrets = new MemorySecretStore(this);
    m_service = new ProfileService(*m_store, *m_secrets, this);
    m_auth = new AuthManager(m_store, m_service, Clock::system(), this);
    Profile scratch = draft;
    scratch.secretKeys.clear();
    if (scratch.name.trimmed().isEmpty())
        scratch.name = QStringLiteral("test");
    m_service->addProfile(scratch, secrets, this, [this](Result<Profile> added) {
        if (!added) {
            finish(false, added.error().toString());
            return;
        }
        AuthSession *session = m_auth->session(added.value().id);
        if (!session) {
            finish(false, tr("The profile could not be tested."));
            return;
        }
        session->refresh(this, [this](Result<Token> token) {
            if (!token) {
                finish(false, token.error().toString());
                return;
            }
            const Token &t = token.value();
            QString report = t.expiresInSec
                                 ? tr("Token received (%1), valid for %2.")
                                       .arg(t.tokenType.isEmpty() ? tr("no type") : t.tokenType,
                                            tokenstatus::countdown(*t.expiresInSec * 1000))
                                 : tr("Token received (%1); the server gave no lifetime.")
                                       .arg(t.tokenType.isEmpty() ? tr("no type") : t.tokenType);
            if (!t.warning.isEmpty())
                report += QLatin1Char(' ') + t.warning;
            finish(true, report);
        });
    });
}

void ProfileTester::finish(bool ok, const QString &report)
{
    m_running = false;
    // Tear the scratch engine down after the callbacks on the stack have returned.
    for (QObject *object :
         std::initializer_list<QObject *>{m_auth, m_service, m_secrets, m_store}) {
        if (object)
            object->deleteLater();
    }
    m_auth = nullptr;
    m_service = nullptr;
    m_secrets = nullptr;
    m_store = nullptr;
    Q_EMIT finished(ok, report);
}

} // namespace tw
