// A position source in memory for tests and the demo: answers every request with the fix it was
// given, with switches for the ways a real source fails. Answers come from the event loop, as a
// real source's do; the timeout fault answers after the requested timeout, as a real one would.
#pragma once

#include "position_source.h"

namespace fieldcheck::platform {

class FakePositionSource : public PositionSource {
    Q_OBJECT
public:
    struct Faults {
        bool unavailable = false;  // no location service: failed(noSourceMessage())
        bool denyAccess = false;   // the user refused: failed(accessDeniedMessage())
        bool timeOut = false;      // no fix in time: failed(timeoutMessage()) after the timeout
    };

    explicit FakePositionSource(QObject* parent = nullptr);

    void requestFix(int timeoutMs) override;

    // The fix every request gets; its timeMs, when 0, is the time of the request.
    void setFix(const PositionFix& fix);
    void setFix(double latitude, double longitude, double accuracyM, bool simulated = false);
    void setFaults(const Faults& faults);
    int calls() const { return m_calls; }  // requestFix() calls so far, failed ones included

private:
    PositionFix m_fix;
    Faults m_faults;
    int m_calls = 0;
};

}  // namespace fieldcheck::platform
