// The app's colours and type sizes, in one place. The controls are Qt Quick Controls' Basic
// style (app_environment.cpp says why), tinted through the window palette in Main.qml.
pragma Singleton
import QtQuick

QtObject {
    readonly property color primary: "#8e2424"
    readonly property color primaryPressed: "#6f1b1b"
    readonly property color textOnPrimary: "#ffffff"
    readonly property color error: "#b3261e"
    readonly property color background: "#f4f1ee"
    readonly property color card: "#ffffff"
    readonly property color cardBorder: "#e2dcd6"
    readonly property color text: "#1f1b18"
    readonly property color secondaryText: "#6b625b"
    readonly property color hintText: "#948a82"
    readonly property color divider: "#c9bfb6"
    readonly property color disabledFill: "#e6e0da"
    readonly property color disabledText: "#a39a93"
    readonly property string monospaceFamily: "DejaVu Sans Mono"
    readonly property string passwordFamily: "DejaVu Sans"

    readonly property int titleSize: 30
    readonly property int headingSize: 20
    readonly property int bodySize: 15
    readonly property int smallSize: 13
    readonly property int tinySize: 11
    readonly property int cardRadius: 8
}
