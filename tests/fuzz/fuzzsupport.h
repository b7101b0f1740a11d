#pragma once

// Shared by the libFuzzer targets: a Qt application object for code that asks for one, and
// one readable input layout for "an HTTP answer" so seeds can be written by hand:
//
//   HTTP 429\n                 optional status line (without it: 200 and the whole input is
//   Retry-After: 5\n           the body); header lines up to the first empty line
//   \n
//   {"body": …}
//
// Inputs are never trusted to be UTF-8, NUL-free or complete: that is the point.

#include "common/httpclient.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace tw::fuzz {

inline QByteArray bytes(const uint8_t *data, size_t size)
{
    return QByteArray(reinterpret_cast<const char *>(data), qsizetype(size));
}

inline void ensureApp()
{
    static int argc = 1;
    static char name[] = "fuzz";
    static char *argv[] = {name, nullptr};
    static QCoreApplication *app =
        QCoreApplication::instance() ? nullptr : new QCoreApplication(argc, argv);
    Q_UNUSED(app);
}

inline HttpReply reply(const QByteArray &input)
{
    HttpReply reply;
    reply.status = 200;
    if (!input.startsWith("HTTP ")) {
        reply.body = input;
        return reply;
    }
    qsizetype lineEnd = input.indexOf('\n');
    if (lineEnd < 0)
        lineEnd = input.size();
    reply.status = input.mid(5, lineEnd - 5).trimmed().toInt();
    qsizetype at = lineEnd + 1;
    while (at < input.size()) {
        qsizetype end = input.indexOf('\n', at);
        if (end < 0)
            end = input.size();
        const QByteArray line = input.mid(at, end - at);
        at = end + 1;
        if (line.trimmed().isEmpty())
            break;
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            reply.headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
    }
    if (at < input.size())
        reply.body = input.mid(at);
    return reply;
}

// Splits an input holding several answers (pages) at lines of "=====".
inline QList<QByteArray> pages(const QByteArray &input, int max)
{
    QList<QByteArray> out;
    qsizetype from = 0;
    while (out.size() < max - 1) {
        const qsizetype at = input.indexOf("\n=====\n", from);
        if (at < 0)
            break;
        out.append(input.mid(from, at - from));
        from = at + 7;
    }
    out.append(input.mid(from));
    return out;
}

// A broken promise of the code under test (not a crash): stop with a message libFuzzer keeps.
[[noreturn]] inline void fail(const char *what)
{
    std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
    std::abort();
}

} // namespace tw::fuzz
