// The tool bar of a page pushed on the window's stack: Back (when there is a page beneath), the
// title, and whatever the page adds on the right (`actions`).
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FieldCheck

ToolBar {
    id: bar

    property string title
    // The page this bar belongs to: Back pops it from its StackView.
    property Item page
    property string backObjectName: "backButton"
    default property alias actions: trailing.data

    palette.windowText: Theme.textOnPrimary
    palette.buttonText: Theme.textOnPrimary
    palette.button: Theme.primary
    palette.mid: Theme.primaryPressed
    palette.highlight: Theme.textOnPrimary
    background: Rectangle {
        implicitHeight: 52
        color: Theme.primary
    }

    RowLayout {
        anchors.fill: parent
        anchors.leftMargin: back.visible ? 0 : 16
        anchors.rightMargin: 16
        spacing: 0
        ToolButton {
            id: back
            objectName: bar.backObjectName
            visible: bar.page !== null && bar.page.StackView.view !== null && bar.page.StackView.index > 0
            Layout.fillHeight: true
            Layout.minimumWidth: 44
            leftPadding: 16
            rightPadding: 12
            font.pixelSize: Theme.bodySize
            font.bold: true
            text: qsTr("Back")
            Accessible.name: text
            onClicked: bar.page.StackView.view.pop()
        }
        Label {
            Layout.fillWidth: true
            text: bar.title
            elide: Text.ElideRight
            font.pixelSize: Theme.headingSize
            font.bold: true
            Accessible.role: Accessible.Heading
            Accessible.name: text
        }
        RowLayout {
            id: trailing
            spacing: 8
        }
    }
}
