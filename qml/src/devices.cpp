#include "devices.h"

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
}

Devices::~Devices() = default;

}  // namespace fieldcheck::ui
