#include "fake_connectivity.h"

namespace fieldcheck::platform {

FakeConnectivity::FakeConnectivity(bool online, QObject* parent)
    : Connectivity(parent), m_online(online) {}

void FakeConnectivity::setOnline(bool online) {
    if (online == m_online) return;
    m_online = online;
    emit onlineChanged(m_online);
}

}  // namespace fieldcheck::platform
