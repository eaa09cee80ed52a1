// Whether the office server may be reachable now: the policy question "may we try to sync?"
// (同步时机). One interface, an implementation over the operating system's network information
// (qt_connectivity.h) and an in-memory fake for tests and the demo (fake_connectivity.h).
//
// The answer is a hint, never a promise: "online" means the system has a network that can reach
// beyond this device, not that the server answers; the sync still handles a failed connection.
// When the system gives no answer (isKnown() false), isOnline() is true: callers then simply try.
#pragma once

#include <QObject>

namespace fieldcheck::platform {

class Connectivity : public QObject {
    Q_OBJECT
    Q_PROPERTY(bool online READ isOnline NOTIFY onlineChanged)
public:
    using QObject::QObject;
    ~Connectivity() override = default;

    virtual bool isOnline() const = 0;
    // False when the operating system says nothing about the network (no backend, or it does
    // not know yet).
    virtual bool isKnown() const = 0;

Q_SIGNALS:
    // Emitted when isOnline() changes, and only then.
    void onlineChanged(bool online);
};

}  // namespace fieldcheck::platform
