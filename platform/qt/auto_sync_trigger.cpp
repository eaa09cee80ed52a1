#include "auto_sync_trigger.h"

#include <algorithm>

namespace fieldcheck::platform {

AutoSyncTrigger::AutoSyncTrigger(Connectivity& connectivity, int minIntervalMs, QObject* parent)
    : QObject(parent),
      m_minIntervalMs(std::max(0, minIntervalMs)),
      m_online(connectivity.isOnline()) {
    m_deferred.setSingleShot(true);
    // A coarse timer may fire up to 5 % early, which would be inside the interval.
    m_deferred.setTimerType(Qt::PreciseTimer);
    connect(&m_deferred, &QTimer::timeout, this, [this] {
        if (m_online) requestSync();
    });
    connect(&connectivity, &Connectivity::onlineChanged, this, &AutoSyncTrigger::onOnlineChanged);
}

void AutoSyncTrigger::onOnlineChanged(bool online) {
    if (online == m_online) return;  // a repeated "online" is no comeback
    m_online = online;
    if (!online) {
        m_deferred.stop();  // gone again before the interval ended: wait for the next comeback
        return;
    }
    if (!m_sinceLastRequest.isValid() || m_sinceLastRequest.elapsed() >= m_minIntervalMs) {
        requestSync();
    } else if (!m_deferred.isActive()) {
        m_deferred.start(static_cast<int>(m_minIntervalMs - m_sinceLastRequest.elapsed()));
    }
}

void AutoSyncTrigger::requestSync() {
    m_sinceLastRequest.start();
    emit syncWanted();
}

}  // namespace fieldcheck::platform
