// Connectivity in memory for tests and the demo: online or not, known or not, as set.
#pragma once

#include "connectivity.h"

namespace fieldcheck::platform {

class FakeConnectivity : public Connectivity {
    Q_OBJECT
public:
    explicit FakeConnectivity(bool online = true, QObject* parent = nullptr);

    bool isOnline() const override { return m_online; }
    bool isKnown() const override { return m_known; }

    // Emits onlineChanged() when the value changes, and only then.
    void setOnline(bool online);
    // As when the operating system gives no answer; the real implementation is then online.
    void setKnown(bool known) { m_known = known; }

private:
    bool m_online;
    bool m_known = true;
};

}  // namespace fieldcheck::platform
