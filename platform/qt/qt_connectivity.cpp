#include "qt_connectivity.h"

#include <QNetworkInformation>

namespace fieldcheck::platform {

namespace {

bool reachesServer(QNetworkInformation::Reachability reachability) {
    switch (reachability) {
        case QNetworkInformation::Reachability::Online:
        case QNetworkInformation::Reachability::Site:
        case QNetworkInformation::Reachability::Unknown:  // no answer: try
            return true;
        case QNetworkInformation::Reachability::Local:
        case QNetworkInformation::Reachability::Disconnected:
            return false;
    }
    return true;
}

}  // namespace

QtConnectivity::QtConnectivity(QObject* parent) : Connectivity(parent) {
    // loadBackendByFeatures (Qt 6.4; load() is deprecated there) keeps an already loaded backend
    // if it has the feature.
    if (QNetworkInformation::loadBackendByFeatures(QNetworkInformation::Feature::Reachability)) {
        m_info = QNetworkInformation::instance();
    }
    if (m_info != nullptr) {
        connect(m_info, &QNetworkInformation::reachabilityChanged, this, &QtConnectivity::update);
    }
    m_online = m_info == nullptr || reachesServer(m_info->reachability());
}

bool QtConnectivity::isOnline() const {
    return m_online;
}

bool QtConnectivity::isKnown() const {
    return m_info != nullptr &&
           m_info->reachability() != QNetworkInformation::Reachability::Unknown;
}

QString QtConnectivity::backendName() const {
    return m_info != nullptr ? m_info->backendName() : QString();
}

void QtConnectivity::update() {
    const bool online = m_info == nullptr || reachesServer(m_info->reachability());
    if (online == m_online) return;
    m_online = online;
    emit onlineChanged(m_online);
}

}  // namespace fieldcheck::platform
