// The app window: the unlock page while the store is locked, the app shell (Today, Units, Sync,
// Settings) once it is open.
// Pages are created fresh on every switch, so nothing typed on the unlock page outlives it.
import QtQuick
import QtQuick.Controls
import FieldCheck

ApplicationWindow {
    id: window
    objectName: "mainWindow"
    width: 400
    height: 720
    minimumWidth: 320
    minimumHeight: 480
    visible: true
    title: qsTr("FieldCheck")
    color: Theme.background

    // The Basic style draws every control from these roles.
    palette {
        window: Theme.background
        windowText: Theme.text
        base: Theme.card
        text: Theme.text
        button: Theme.disabledFill
        buttonText: Theme.text
        dark: Theme.primary
        brightText: Theme.textOnPrimary
        highlight: Theme.primary
        highlightedText: Theme.textOnPrimary
        mid: Theme.divider
        placeholderText: Theme.hintText
    }

    Loader {
        id: pageLoader
        anchors.fill: parent
        sourceComponent: Session.unlocked ? appShell : unlockPage
    }

    Component {
        id: unlockPage
        UnlockPage {}
    }

    Component {
        id: appShell
        // Pages opened from the tabs (a unit's page) go on top of the shell. The shell is given as a
        // Component, which the stack instantiates and owns: with a ready-made item
        // (initialItem: AppShell {}), Qt 6.4 crashed in ~QQuickStackView re-laying out the first
        // page when locking destroyed the stack (seen in the screenshot tour).
        StackView {
            objectName: "mainStack"
            initialItem: Component {
                AppShell {}
            }
        }
    }
}
