#pragma once

// A test that cannot run here (no Secret Service, no curl) skips — except under
// scripts/test.sh, which sets TOKENWRIGHT_TESTS_REQUIRE_ALL=1: there a missing piece of the
// environment is a failure, so a green CI run means every test really ran.

#include <QtTest>

namespace tw::testing {
inline bool requireAll()
{
    return qEnvironmentVariable("TOKENWRIGHT_TESTS_REQUIRE_ALL") == QLatin1String("1");
}
} // namespace tw::testing

#define TW_SKIP_OR_FAIL(message)                                                                   \
    do {                                                                                           \
        if (tw::testing::requireAll())                                                             \
            QFAIL(qPrintable(QStringLiteral("TOKENWRIGHT_TESTS_REQUIRE_ALL: ") + (message)));      \
        QSKIP(qPrintable(message));                                                                \
    } while (false)
