#pragma once

#include <QMetaObject>
#include <QObject>
#include <QPointer>
#include <functional>
#include <utility>

namespace tw {

// The house rule for asynchronous answers: a callback is dropped when the caller's
// `context` (if one was given) died before the result arrived — the caller's window may be
// closed while a keychain prompt or a request is open — and it is always delivered later
// from the event loop, never inside the call that asked, so callers see one ordering
// whether a result was immediate or not.

// Remembers a caller's context: alive() turns false once a given context is destroyed.
// Without a context there is nothing to outlive, so alive() stays true.
class ContextGuard
{
public:
    ContextGuard() = default;
    explicit ContextGuard(QObject *context) : m_context(context), m_hadContext(context) {}

    bool alive() const { return !m_hadContext || m_context; }
    QObject *get() const { return m_context.data(); }

private:
    QPointer<QObject> m_context;
    bool m_hadContext = false;
};

// `done` wrapped so it does nothing once `context` has died; never empty.
template <typename Arg>
std::function<void(Arg)> guarded(QObject *context, std::function<void(Arg)> done)
{
    if (!done)
        return [](Arg) {};
    if (!context)
        return done;
    return [guard = ContextGuard(context), done = std::move(done)](Arg value) {
        if (guard.alive())
            done(std::move(value));
    };
}

// Runs done(value) later from `receiver`'s event loop, never inside the current call.
template <typename Arg> void post(QObject *receiver, std::function<void(Arg)> done, Arg value)
{
    QMetaObject::invokeMethod(
        receiver,
        [done = std::move(done), value = std::move(value)]() mutable { done(std::move(value)); },
        Qt::QueuedConnection);
}

} // namespace tw
