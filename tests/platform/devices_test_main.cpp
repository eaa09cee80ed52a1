// Catch2's main for the device tests (camera, position, connectivity): a QGuiApplication, because
// the fake camera draws its photos with fonts and Qt Multimedia's camera plugins expect one.
// Offscreen unless the caller chose a platform, so that neither CTest's test discovery nor a
// headless machine needs a display.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <QGuiApplication>

int main(int argc, char** argv) {
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    return Catch::Session().run(argc, argv);
}
