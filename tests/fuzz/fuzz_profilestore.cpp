// profiles.json as ProfileStore reads it (the file is the input): a damaged file is an error,
// never a crash, and every profile it accepts can be written back and read again unchanged,
// so saving after a load never loses or alters a profile.
#include "fuzzsupport.h"
#include "profiles/profilestore.h"

#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>

using namespace tw;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz::ensureApp();
    static QTemporaryDir dir;
    QFile file(dir.filePath(QStringLiteral("profiles.json")));
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        fuzz::fail("cannot write the scratch profiles.json");
    file.write(reinterpret_cast<const char *>(data), qint64(size));
    file.close();

    ProfileStore store(dir.path());
    const Result<QList<Profile>> loaded = store.load();
    if (!loaded) {
        if (loaded.error().message.isEmpty())
            fuzz::fail("a profiles.json refused without a message");
        return 0;
    }
    for (const Profile &profile : loaded.value()) {
        const QJsonObject json = profile.toJson();
        const Result<Profile> again = Profile::fromJson(json);
        if (!again)
            fuzz::fail("a loaded profile cannot be read back after saving");
        if (again.value().toJson() != json)
            fuzz::fail("a loaded profile changes when saved and read back");
        (void)profile.validate();
        (void)profile.tokenFingerprint();
    }
    return 0;
}
