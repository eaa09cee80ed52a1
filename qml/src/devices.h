// The device's hardware services for the pages: the camera (photo evidence), the position source
// (where a visit or finding was recorded) and the connectivity (may we sync now?).
//
// main() builds the platform's implementations (QtCamera, QtPositionSource, QtConnectivity) —
// or their in-memory fakes for the self-test and the screenshot tour, which must not open the
// machine's camera — and hands them to one Devices, which owns them. QML sees it as the
// singleton `Devices` (service_singletons.h) and gives it to the controllers that need a device
// (PhotoController { devices: Devices }); C++ tests build one with fakes.
//
// It also says whether the device is online (`online`, `onlineKnown`) and asks for a sync when
// a connection returns (syncWanted(), from platform::AutoSyncTrigger: once per comeback, at most
// every 30 s); the app shell starts the sync when the device is enrolled.
#pragma once

#include <QObject>

namespace fieldcheck::platform {
class AutoSyncTrigger;
class Camera;
class PositionSource;
class Connectivity;
}  // namespace fieldcheck::platform

namespace fieldcheck::ui {

class Devices : public QObject {
    Q_OBJECT
    Q_PROPERTY(bool online READ isOnline NOTIFY onlineChanged)
    // False when the system gives no answer (the sync then simply tries).
    Q_PROPERTY(bool onlineKnown READ isOnlineKnown NOTIFY onlineChanged)

public:
    // Takes ownership of the three services (they become its children). None may be null.
    Devices(fieldcheck::platform::Camera* camera, fieldcheck::platform::PositionSource* position,
            fieldcheck::platform::Connectivity* connectivity, QObject* parent = nullptr);
    ~Devices() override;

    fieldcheck::platform::Camera* camera() const { return m_camera; }
    fieldcheck::platform::PositionSource* position() const { return m_position; }
    fieldcheck::platform::Connectivity* connectivity() const { return m_connectivity; }
    bool isOnline() const;
    bool isOnlineKnown() const;

signals:
    void onlineChanged();
    // The connection came back: a good moment to sync.
    void syncWanted();

private:
    fieldcheck::platform::Camera* m_camera;
    fieldcheck::platform::PositionSource* m_position;
    fieldcheck::platform::Connectivity* m_connectivity;
    fieldcheck::platform::AutoSyncTrigger* m_autoSync;
};

}  // namespace fieldcheck::ui
