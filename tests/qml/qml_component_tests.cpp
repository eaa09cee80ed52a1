// qml_component_tests: Qt Quick Test for the app's QML components (tests/qml/tst_*.qml).
//
// The setup builds what the app's main() builds for its pages — a Session on a scratch store,
// the unlock controller with an in-memory key store, the settings in a scratch file, the Devices
// with the platform's fakes — and registers them as the QML singletons before any QML loads.
// Two test-only context properties let a test act on the world outside the page:
// `TestDevices.setOnline(bool)` flips the fake connectivity, and `TestRecords.createFinding()` and
// `createUnit()` write records into the store, as a sync or another page would.
//
// Qt Quick Test makes a QQmlEngine per tst_*.qml file, and a service singleton serves one engine
// only: run one file per process (-input FILE; tests/qml/CMakeLists.txt does).
#include <QtQml/qqmlextensionplugin.h>
#include <QtQuickTest>
#include <QDir>
#include <QGuiApplication>
#include <QQmlContext>
#include <QQmlEngine>
#include <QSettings>
#include <QTemporaryDir>
#include <QTextStream>
#include <memory>

#include "app_environment.h"
#include "app_settings.h"
#include "devices.h"
#include "fake_camera.h"
#include "fake_connectivity.h"
#include "fake_position_source.h"
#include "fieldcheck/core/crypto.h"
#include "fieldcheck/core/store.h"
#include "fieldcheck/platform/key_store.h"
#include "service_singletons.h"
#include "session.h"
#include "unlock_controller.h"

Q_IMPORT_QML_PLUGIN(FieldCheckPlugin)

namespace {

using fieldcheck::ui::Devices;
using fieldcheck::ui::Session;

// Flips the fake connectivity the Devices singleton watches.
class TestDevices : public QObject {
    Q_OBJECT
public:
    explicit TestDevices(fieldcheck::platform::FakeConnectivity& connectivity) : m_connectivity(connectivity) {}
    Q_INVOKABLE void setOnline(bool online) { m_connectivity.setOnline(online); }

private:
    fieldcheck::platform::FakeConnectivity& m_connectivity;
};

// Writes records into the session's store on its store thread, as another page or a sync would.
class TestRecords : public QObject {
    Q_OBJECT
public:
    explicit TestRecords(Session& session) : m_session(session) {}

    // A unit and a recorded finding of it; the finding's id, or empty (with a warning) on failure.
    Q_INVOKABLE QString createFinding(const QString& description) {
        QString id;
        m_session.runAndWait([&](fieldcheck::Store& store) {
            auto unit = store.createRecord("unit", {{"code", "QT-" + std::to_string(++m_units)},
                                                    {"name", "区社会福利院"}, {"unit_type", "elderly_home"}});
            if (!unit.ok()) {
                qWarning("TestRecords: no unit: %s", unit.error().toString().c_str());
                return;
            }
            auto finding = store.createRecord("finding", {{"unit_id", unit->id}, {"category", "safety"}, {"source", "visit"},
                                                          {"description", description.toStdString()}});
            if (!finding.ok()) {
                qWarning("TestRecords: no finding: %s", finding.error().toString().c_str());
                return;
            }
            id = QString::fromStdString(finding->id);
        });
        if (!id.isEmpty()) m_session.notifyChanged(QStringLiteral("finding"), {id});
        return id;
    }

    // A unit named `name`; its id, or empty (with a warning) on failure.
    Q_INVOKABLE QString createUnit(const QString& name) {
        QString id;
        m_session.runAndWait([&](fieldcheck::Store& store) {
            auto unit = store.createRecord("unit", {{"code", "QT-" + std::to_string(++m_units)},
                                                    {"name", name.toStdString()}, {"unit_type", "elderly_home"}});
            if (!unit.ok()) {
                qWarning("TestRecords: no unit: %s", unit.error().toString().c_str());
                return;
            }
            id = QString::fromStdString(unit->id);
        });
        return id;
    }

private:
    Session& m_session;
    int m_units = 0;
};

class Setup : public QObject {
    Q_OBJECT

public slots:
    // After the QGuiApplication exists, before any engine: the services, as main() builds them.
    void applicationAvailable() {
        if (auto init = fieldcheck::cryptoInit(); !init.ok()) {
            qFatal("qml_component_tests: %s", init.error().toString().c_str());
        }
        if (!m_scratch.isValid()) qFatal("qml_component_tests: no temporary directory: %s", qPrintable(m_scratch.errorString()));
        const QString storePath = m_scratch.filePath(QStringLiteral("fieldcheck.db"));

        // English source strings, so that the tests read what they compare.
        m_environment = std::make_unique<fieldcheck::ui::AppEnvironment>(QStringLiteral("en"));
        m_keyStore = std::make_unique<fieldcheck::platform::FakeKeyStore>();
        auto* connectivity = new fieldcheck::platform::FakeConnectivity;
        m_devices = std::make_unique<Devices>(new fieldcheck::platform::FakeCamera, new fieldcheck::platform::FakePositionSource,
                                              connectivity);
        m_session = std::make_unique<Session>(storePath);
        m_unlock = std::make_unique<fieldcheck::ui::UnlockController>(*m_session, m_keyStore.get(),
                                                                      fieldcheck::KdfParams::minimumForTests());
        m_settings = std::make_unique<fieldcheck::ui::AppSettings>(
            *m_environment, *m_session,
            std::make_unique<QSettings>(m_scratch.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat));

        // The pages see an unlocked, empty store (the unlock page's work is not under test here).
        auto store = fieldcheck::Store::create(storePath.toStdString(),
                                               fieldcheck::SecretBytes::fromString("quick test passphrase"),
                                               fieldcheck::KdfParams::minimumForTests());
        if (!store.ok()) qFatal("qml_component_tests: no store: %s", store.error().toString().c_str());
        m_session->adopt(std::move(store).value());

        fieldcheck::ui::ServiceSingleton<Session>::setInstance(m_session.get());
        fieldcheck::ui::ServiceSingleton<fieldcheck::ui::UnlockController>::setInstance(m_unlock.get());
        fieldcheck::ui::ServiceSingleton<fieldcheck::ui::AppSettings>::setInstance(m_settings.get());
        fieldcheck::ui::ServiceSingleton<Devices>::setInstance(m_devices.get());

        m_testDevices = std::make_unique<TestDevices>(*connectivity);
        m_testRecords = std::make_unique<TestRecords>(*m_session);
    }

    void qmlEngineAvailable(QQmlEngine* engine) {
        if (m_engines++ > 0) {
            qFatal("qml_component_tests: run one tst_*.qml file per process (-input FILE): "
                   "the app's services serve one QML engine only");
        }
        engine->addImportPath(QStringLiteral("qrc:/"));
        engine->rootContext()->setContextProperty(QStringLiteral("TestDevices"), m_testDevices.get());
        engine->rootContext()->setContextProperty(QStringLiteral("TestRecords"), m_testRecords.get());
    }

    // After the tests, while the application still runs: the services in the reverse order of
    // their making (the store closes on its own thread).
    void cleanupTestCase() {
        m_testRecords.reset();
        m_testDevices.reset();
        m_settings.reset();
        m_unlock.reset();
        m_session.reset();
        m_devices.reset();
        m_keyStore.reset();
        m_environment.reset();
    }

private:
    QTemporaryDir m_scratch;
    std::unique_ptr<fieldcheck::ui::AppEnvironment> m_environment;
    std::unique_ptr<fieldcheck::platform::FakeKeyStore> m_keyStore;
    std::unique_ptr<Devices> m_devices;
    std::unique_ptr<Session> m_session;
    std::unique_ptr<fieldcheck::ui::UnlockController> m_unlock;
    std::unique_ptr<fieldcheck::ui::AppSettings> m_settings;
    std::unique_ptr<TestDevices> m_testDevices;
    std::unique_ptr<TestRecords> m_testRecords;
    int m_engines = 0;
};

}  // namespace

QUICK_TEST_MAIN_WITH_SETUP(qml_component_tests, Setup)

#include "qml_component_tests.moc"
