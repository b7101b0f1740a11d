#pragma once

#include <QMetaObject>
#include <QObject>
#include <QPointer>
#include <functional>
#include <utility>

namespace tw::detail {

// Wraps a callback so that it is dropped when `context` (if one was given) has been
// destroyed by the time the result arrives: the caller's window may be closed while a
// keychain prompt is open.
template <typename Arg>
std::function<void(Arg)> guarded(QObject *context, std::function<void(Arg)> done)
{
    if (!done)
        return [](Arg) {};
    if (!context)
        return done;
    QPointer<QObject> guard(context);
    return [guard, done = std::move(done)](Arg value) {
        if (guard)
            done(std::move(value));
    };
}

// Runs done(value) later from `receiver`'s event loop, never inside the current call, so
// callers can rely on the same ordering whether a result is immediate or not.
template <typename Arg> void post(QObject *receiver, std::function<void(Arg)> done, Arg value)
{
    QMetaObject::invokeMethod(
        receiver,
        [done = std::move(done), value = std::move(value)]() mutable { done(std::move(value)); },
        Qt::QueuedConnection);
}

} // namespace tw::detail
