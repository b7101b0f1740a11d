#pragma once

#include "httpexchange.h"
#include "sandboxtypes.h"

#include <QHash>
#include <QMutex>

namespace tw::sandbox {

// Which answers of which endpoint go wrong, and how. One rule per endpoint; set from the test
// thread, consumed in request arrival order on the server thread.
class FaultInjector
{
public:
    struct Decision
    {
        Fault fault = Fault::None;
        int param = 0;
    };

    void set(const QString &endpoint, Fault fault, int times, int param);
    void setAfter(const QString &endpoint, int okRequestsFirst, Fault fault, int times, int param);
    void clear();
    Decision next(const QString &endpoint); // consumes one use of the rule, if any

    // The answer for `decision`: a replacement for the endpoint's own answer, or that answer
    // altered (TruncatedBody, NonNumericExpiresIn). Slow and None return `normal` unchanged.
    static HttpReply apply(const Decision &decision, const QString &endpoint, HttpReply normal);
    // True when the fault needs the endpoint's own answer to be computed first.
    static bool needsNormalAnswer(Fault fault);

private:
    struct Rule
    {
        Fault fault = Fault::None;
        int remaining = -1; // -1: until cleared
        int skip = 0;       // requests still answered normally first
        int param = 0;
    };

    QMutex m_mutex;
    QHash<QString, Rule> m_rules;
};

} // namespace tw::sandbox
