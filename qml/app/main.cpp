// fieldcheck-app: builds the services, wires them to the QML module FieldCheck and loads its
// Main.qml. Everything else lives in fieldcheck::ui (qml/src, qml/ui); see docs/app.md.
#include <QtQml/qqmlextensionplugin.h>
#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QTextStream>
#include <QUrl>
#include <chrono>
#include <memory>
#include <optional>

#include "app_environment.h"
#include "app_options.h"
#include "app_settings.h"
#include "devices.h"
#include "fake_camera.h"
#include "fake_connectivity.h"
#include "fake_position_source.h"
#include "benchmark_mode.h"
#include "fieldcheck/core/crypto.h"
#include "fieldcheck/core/store.h"
#include "fieldcheck/platform/key_store.h"
#include "fieldcheck/platform/passphrase_input.h"
#include "qt_camera.h"
#include "qt_connectivity.h"
#include "qt_key_store.h"
#include "qt_position_source.h"
#include "screenshot_tour.h"
#include "self_test.h"
#include "service_singletons.h"
#include "session.h"
#include "unlock_controller.h"

Q_IMPORT_QML_PLUGIN(FieldCheckPlugin)

int main(int argc, char* argv[]) {
    // The benchmark mode counts its times from here (bench/bench_app also counts from its spawn).
    const auto mainEntered = std::chrono::steady_clock::now();
    using namespace fieldcheck::ui;
    QCoreApplication::setApplicationName(QStringLiteral("fieldcheck"));
    QCoreApplication::setApplicationVersion(QStringLiteral(FIELDCHECK_VERSION));

    // Parsed before the GUI exists, so that --help and mistakes need no display.
    QStringList arguments;
    for (int i = 0; i < argc; ++i) arguments << QString::fromLocal8Bit(argv[i]);
    const ParsedOptions parsed = parseAppOptions(arguments);
    if (parsed.exitNow) return 0;
    if (!parsed.error.isEmpty()) {
        QTextStream(stderr) << "fieldcheck-app: " << parsed.error << '\n';
        return 2;
    }
    const AppOptions& options = parsed.options;
    // Screenshots are rendered offscreen unless the caller chose a platform.
    if ((!options.screenshotDir.isEmpty() || !options.renderDir.isEmpty() || !options.e2ePhase.isEmpty()) &&
        !qEnvironmentVariableIsSet("QT_QPA_PLATFORM")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }

    QGuiApplication app(argc, argv);
    if (auto init = fieldcheck::cryptoInit(); !init.ok()) {
        QTextStream(stderr) << "fieldcheck-app: " << QString::fromStdString(init.error().toString())
                            << '\n';
        return 1;
    }

    // The self-test and the screenshot tour work on a throw-away store, never the user's. The
    // benchmark works on the store it is given, with throw-away settings.
    const bool benchmarking = !options.benchmarkScript.isEmpty();
    std::optional<QTemporaryDir> scratch;
    QString storePath = options.storePath;
    if (options.usesScratchStore() || benchmarking) {
        scratch.emplace();
        if (!scratch->isValid()) {
            QTextStream(stderr) << "fieldcheck-app: no temporary directory: "
                                << scratch->errorString() << '\n';
            return 1;
        }
        if (options.usesScratchStore()) storePath = scratch->filePath(QStringLiteral("fieldcheck.db"));
    }

    // Settings that are not secret; the self-test and the tour keep theirs in the scratch directory.
    auto settings = scratch ? std::make_unique<QSettings>(scratch->filePath(QStringLiteral("settings.ini")),
                                                          QSettings::IniFormat)
                            : std::make_unique<QSettings>();
    QString language = options.language;
    if (!options.languageGiven && !AppSettings::savedLanguage(*settings).isEmpty()) {
        language = AppSettings::savedLanguage(*settings);
    }
    AppEnvironment environment(language);

    // The key store that keeps the PIN's device secret: the platform's, or an in-memory fake for
    // the self-test and the tour (they must not touch the user's key store).
    std::unique_ptr<fieldcheck::platform::KeyStore> keyStore;
    if (options.usesScratchStore()) keyStore = std::make_unique<fieldcheck::platform::FakeKeyStore>();
    else keyStore = std::make_unique<fieldcheck::platform::QtKeyStore>();

    // The camera, the position and the connectivity: the platform's, or in-memory fakes for the
    // self-test and the tour (they must not open the machine's camera or ask for its position).
    std::unique_ptr<Devices> devices;
    if (options.usesScratchStore() || !options.e2ePhase.isEmpty()) {
        devices = std::make_unique<Devices>(new fieldcheck::platform::FakeCamera, new fieldcheck::platform::FakePositionSource,
                                            new fieldcheck::platform::FakeConnectivity);
    } else {
        devices = std::make_unique<Devices>(new fieldcheck::platform::QtCamera, new fieldcheck::platform::QtPositionSource,
                                            new fieldcheck::platform::QtConnectivity);
    }

    // Services, then the engine: the engine is destroyed first and never sees a dead service.
    Session session(storePath);
    UnlockController unlockController(session, keyStore.get(),
                                      options.testKdf ? fieldcheck::KdfParams::minimumForTests()
                                                      : fieldcheck::KdfParams::interactive());
    AppSettings appSettings(environment, session, std::move(settings));
    ServiceSingleton<Session>::setInstance(&session);
    ServiceSingleton<UnlockController>::setInstance(&unlockController);
    ServiceSingleton<AppSettings>::setInstance(&appSettings);
    ServiceSingleton<Devices>::setInstance(devices.get());

    QQmlApplicationEngine engine;
    appSettings.setEngine(&engine);
    // Made before the UI loads, so that it sees the window's first frame.
    std::unique_ptr<BenchmarkMode> benchmark;
    if (benchmarking) {
        // A benchmark has no hands on the screen: the idle lock must not end it half-way.
        appSettings.setAutoLockMinutes(0);
        benchmark = std::make_unique<BenchmarkMode>(engine, session, unlockController,
                                                    parseBenchmarkScript(options.benchmarkScript), mainEntered);
    }
    engine.load(QUrl(QStringLiteral("qrc:/FieldCheck/ui/Main.qml")));
    if (engine.rootObjects().isEmpty()) {
        QTextStream(stderr) << "fieldcheck-app: the user interface failed to load\n";
        return 1;
    }

    if (!options.renderDir.isEmpty()) {
        // Opened here, before any page asks: the passphrase is read from the descriptor into
        // locked memory and never becomes a QString.
        auto passphrase = fieldcheck::platform::readPassphraseFromFd(options.passphraseFd);
        if (!passphrase.ok()) {
            QTextStream(stderr) << "fieldcheck-app: " << QString::fromStdString(passphrase.error().toString()) << '\n';
            return 2;
        }
        auto store = fieldcheck::Store::open(QFile::encodeName(storePath).toStdString(), passphrase.value());
        if (!store.ok()) {
            QTextStream(stderr) << "fieldcheck-app: " << QString::fromStdString(store.error().toString()) << '\n';
            return 1;
        }
        session.adopt(std::move(store).value());
        const int rendered = runStoreTour(engine, session, unlockController, *devices, options.renderDir, environment.language());
        if (rendered == 0) QTextStream(stdout) << "fieldcheck-app: the pages are in " << options.renderDir << '\n';
        return rendered;
    }
    if (benchmark) {
        // Read into locked memory; it never becomes a QString (UnlockController::unlockWithPassphrase).
        auto passphrase = fieldcheck::platform::readPassphraseFromFd(options.passphraseFd);
        if (!passphrase.ok()) {
            QTextStream(stderr) << "fieldcheck-app: " << QString::fromStdString(passphrase.error().toString()) << '\n';
            return 2;
        }
        return benchmark->run(std::move(passphrase).value());
    }
    if (!options.e2ePhase.isEmpty()) {
        // The test's demo password comes on stdin, never on the command line.
        const QString password = QTextStream(stdin).readLine();
        return runEndToEnd(engine, environment, appSettings, session, unlockController, *devices, options.e2ePhase,
                           options.e2eServer, password);
    }
    if (options.selfTest) return runSelfTest(engine, environment, appSettings, session, unlockController, *devices);
    if (!options.screenshotDir.isEmpty()) {
        return runScreenshotTour(engine, session, unlockController, *devices, options.screenshotDir,
                                 options.language);
    }
    return QGuiApplication::exec();
}
