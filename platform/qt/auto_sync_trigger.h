// Asks for a sync when the connection comes back (自动同步): an inspector's records leave the
// device as soon as it is back in coverage, without anyone pressing "sync".
//
// syncWanted() is emitted on the change from offline to online, not on every signal that says
// "online" (some backends repeat themselves), and at most once per minimum interval: a
// connection that flaps at the edge of coverage would otherwise start a sync every few seconds.
// A comeback inside the interval is not dropped but deferred to the interval's end, and only
// happens if the connection is still there then — so after the last comeback there is always one
// sync, at most one interval late.
//
// The app connects syncWanted() to its sync controller, which decides what a sync does when one
// is already running. Needs an event loop (the deferred request is a timer).
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include "connectivity.h"

namespace fieldcheck::platform {

class AutoSyncTrigger : public QObject {
    Q_OBJECT
public:
    static constexpr int kDefaultMinIntervalMs = 30000;

    // Watches `connectivity` (not owned; when it is destroyed the trigger falls silent).
    explicit AutoSyncTrigger(Connectivity& connectivity, int minIntervalMs = kDefaultMinIntervalMs,
                             QObject* parent = nullptr);

    int minIntervalMs() const { return m_minIntervalMs; }
    // Whether a comeback inside the interval is waiting for the interval's end.
    bool isDeferred() const { return m_deferred.isActive(); }

Q_SIGNALS:
    void syncWanted();

private:
    void onOnlineChanged(bool online);
    void requestSync();

    const int m_minIntervalMs;
    bool m_online;
    QElapsedTimer m_sinceLastRequest;  // invalid until the first request
    QTimer m_deferred;
};

}  // namespace fieldcheck::platform
