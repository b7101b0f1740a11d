#pragma once

// Helpers shared by the keychain tests: they run against a real Secret Service
// (scripts/test.sh starts gnome-keyring in a private D-Bus session).

#include "profiles/secretstore.h"

#include <QProcess>
#include <QStandardPaths>
#include <QUuid>
#include <QtTest>
#include <optional>

namespace tw::test {

// Marker the CMake SKIP_REGULAR_EXPRESSION looks for, so a run without a keychain shows
// as "Skipped" in ctest instead of passing silently.
inline constexpr char kNoSecretService[] = "NO_SECRET_SERVICE";

// Collects one asynchronous answer.
template <typename T> struct Answer
{
    std::optional<T> value;
    std::function<void(T)> callback()
    {
        return [this](T v) { value = std::move(v); };
    }
    // Generous: the first Secret Service call may have to activate the daemon.
    bool wait(int ms = 15000)
    {
        return QTest::qWaitFor([this] { return value.has_value(); }, ms);
    }
};

inline Error timedOut()
{
    return Error{Error::Code::Cancelled, QStringLiteral("timed out"), {}, 0, {}, {}};
}

inline Result<QByteArray> readNow(SecretStore &store, const QString &key)
{
    Answer<Result<QByteArray>> answer;
    store.read(key, nullptr, answer.callback());
    if (!answer.wait())
        return timedOut();
    return *answer.value;
}

inline Status writeNow(SecretStore &store, const QString &key, const QByteArray &value)
{
    Answer<Status> answer;
    store.write(key, value, nullptr, answer.callback());
    if (!answer.wait())
        return timedOut();
    return *answer.value;
}

inline Status removeNow(SecretStore &store, const QString &key)
{
    Answer<Status> answer;
    store.remove(key, nullptr, answer.callback());
    if (!answer.wait())
        return timedOut();
    return *answer.value;
}

// Tests must never touch the user's real "tokenwright" entries.
inline void useThrowawayService()
{
    if (qEnvironmentVariableIsEmpty("TOKENWRIGHT_KEYCHAIN_SERVICE"))
        qputenv("TOKENWRIGHT_KEYCHAIN_SERVICE",
                "tokenwright-test-" + QUuid::createUuid().toByteArray(QUuid::Id128));
}

// The keys QtKeychain's libsecret backend holds for a service, as secret-tool sees them
// (attribute "server" = service, "user" = key). nullopt when secret-tool is unavailable.
inline std::optional<QStringList> secretToolKeys(const QString &service)
{
    const QString tool = QStandardPaths::findExecutable(QStringLiteral("secret-tool"));
    if (tool.isEmpty())
        return std::nullopt;
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(tool, {QStringLiteral("search"), QStringLiteral("--all"),
                         QStringLiteral("server"), service});
    if (!process.waitForFinished(15000))
        return std::nullopt;
    QStringList keys;
    const QList<QByteArray> lines = process.readAll().split('\n');
    for (const QByteArray &line : lines) {
        const QByteArray trimmed = line.trimmed();
        if (trimmed.startsWith("attribute.user = "))
            keys << QString::fromUtf8(trimmed.mid(int(qstrlen("attribute.user = "))));
    }
    return keys;
}

} // namespace tw::test
