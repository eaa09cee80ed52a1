#include "devices.h"

#include "auto_sync_trigger.h"
#include "camera.h"
#include "connectivity.h"
#include "position_source.h"

namespace fieldcheck::ui {

Devices::Devices(platform::Camera* camera, platform::PositionSource* position, platform::Connectivity* connectivity,
                 QObject* parent)
    : QObject(parent), m_camera(camera), m_position(position), m_connectivity(connectivity) {
    Q_ASSERT(m_camera && m_position && m_connectivity);
    m_camera->setParent(this);
    m_position->setParent(this);
    m_connectivity->setParent(this);
    m_autoSync = new platform::AutoSyncTrigger(*m_connectivity, platform::AutoSyncTrigger::kDefaultMinIntervalMs, this);
    connect(m_autoSync, &platform::AutoSyncTrigger::syncWanted, this, &Devices::syncWanted);
    connect(m_connectivity, &platform::Connectivity::onlineChanged, this, &Devices::onlineChanged);
}

bool Devices::isOnline() const { return m_connectivity->isOnline(); }

bool Devices::isOnlineKnown() const { return m_connectivity->isKnown(); }

Devices::~Devices() = default;

}  // namespace fieldcheck::ui
