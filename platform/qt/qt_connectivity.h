// Connectivity from the operating system through QNetworkInformation (Qt Network): NetworkManager
// or GLib's network monitor on Linux, ConnectivityManager on Android, Network.framework on iOS
// and macOS, Network List Manager on Windows.
//
// Online when the reachability is Online (the internet) or Site (an intranet): the office server
// may sit on the bureau's own network, reachable over its Wi-Fi without any internet, and a
// device on that Wi-Fi must sync. Local (a link with no route beyond it, e.g. a phone's hotspot
// before it has a connection) and Disconnected are offline. Unknown, or no backend at all, is
// isKnown() false and online: the sync then simply tries and reports what happened.
//
// QNetworkInformation is a process-wide singleton loaded on first use and kept until the
// QCoreApplication ends; every QtConnectivity shares it. Needs a QCoreApplication.
#pragma once

#include <QString>

#include "connectivity.h"

QT_BEGIN_NAMESPACE
class QNetworkInformation;
QT_END_NAMESPACE

namespace fieldcheck::platform {

class QtConnectivity : public Connectivity {
    Q_OBJECT
public:
    explicit QtConnectivity(QObject* parent = nullptr);

    bool isOnline() const override;
    bool isKnown() const override;
    // The backend in use ("networkmanager", "glib", "android"…), empty when none loaded.
    QString backendName() const;

private:
    void update();

    QNetworkInformation* m_info = nullptr;  // the singleton, not owned
    bool m_online = true;
};

}  // namespace fieldcheck::platform
