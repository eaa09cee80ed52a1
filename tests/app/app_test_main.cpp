// Catch2's main for the app's model tests: Session delivers job results through the Qt event
// loop; the monthly summary sets text in a PDF, which needs fonts, hence a QGuiApplication — on the
// offscreen platform unless one is chosen, so that no display is needed.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <QGuiApplication>

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    return Catch::Session().run(argc, argv);
}
