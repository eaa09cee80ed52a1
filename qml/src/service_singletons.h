// How QML reaches the services main() builds: `Session`, `UnlockController`, `AppSettings` and
// `Devices` singletons.
//
// The services are plain objects with constructor arguments, created and wired in main(), so QML
// must not create them. Following the pattern of the Qt 6.4 documentation for QML_SINGLETON, a
// small wrapper per service declares the QML type (QML_FOREIGN + QML_SINGLETON) and its static
// create() hands the engine the instance main() registered with setInstance(). The instance stays
// owned by C++ (CppOwnership); exactly one engine may use it, on the instance's thread.
#pragma once

#include <QtQml/qqmlregistration.h>
#include <QJSEngine>
#include <QQmlEngine>

#include "app_settings.h"
#include "devices.h"
#include "session.h"
#include "unlock_controller.h"

namespace fieldcheck::ui {

template <typename Service>
class ServiceSingleton {
public:
    // Must be called before the engine first resolves the singleton (i.e. before loading QML).
    static void setInstance(Service* instance) { s_instance = instance; }
    // The registered instance (test tooling reaches the services the pages use this way).
    static Service* instance() { return s_instance; }

    static Service* create(QQmlEngine* /*qmlEngine*/, QJSEngine* jsEngine) {
        Q_ASSERT_X(s_instance, "ServiceSingleton", "main() did not register the service");
        Q_ASSERT(jsEngine->thread() == s_instance->thread());
        if (s_engine == nullptr) s_engine = jsEngine;
        Q_ASSERT_X(s_engine == jsEngine, "ServiceSingleton", "a service serves one engine only");
        QJSEngine::setObjectOwnership(s_instance, QJSEngine::CppOwnership);
        return s_instance;
    }

private:
    inline static Service* s_instance = nullptr;
    inline static QJSEngine* s_engine = nullptr;
};

struct SessionSingleton : ServiceSingleton<Session> {
    Q_GADGET
    QML_FOREIGN(fieldcheck::ui::Session)
    QML_SINGLETON
    QML_NAMED_ELEMENT(Session)
};

struct UnlockControllerSingleton : ServiceSingleton<UnlockController> {
    Q_GADGET
    QML_FOREIGN(fieldcheck::ui::UnlockController)
    QML_SINGLETON
    QML_NAMED_ELEMENT(UnlockController)
};

struct AppSettingsSingleton : ServiceSingleton<AppSettings> {
    Q_GADGET
    QML_FOREIGN(fieldcheck::ui::AppSettings)
    QML_SINGLETON
    QML_NAMED_ELEMENT(AppSettings)
};

struct DevicesSingleton : ServiceSingleton<Devices> {
    Q_GADGET
    QML_FOREIGN(fieldcheck::ui::Devices)
    QML_SINGLETON
    QML_NAMED_ELEMENT(Devices)
};

}  // namespace fieldcheck::ui
