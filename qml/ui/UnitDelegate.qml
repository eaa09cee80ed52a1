// One unit in the Units list: its name, type and address, how many findings are still open, and
// whether it is a key rectification unit (重点整改单位) or withdrawn. Tapping it opens the unit.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FieldCheck

ItemDelegate {
    id: delegate

    required property string unitId
    required property string code
    required property string name
    required property string unitTypeLabel
    required property string address
    required property bool keyRectification
    required property var openFindings
    required property bool withdrawn

    objectName: "unit_" + code
    implicitHeight: Math.max(64, implicitContentHeight + 20)
    leftPadding: 16
    rightPadding: 12
    Accessible.role: Accessible.Button
    Accessible.name: [name, unitTypeLabel, address,
                      openFindings > 0 ? qsTr("%1 open findings").arg(openFindings) : "",
                      withdrawn ? qsTr("withdrawn") : ""].filter(s => s.length > 0).join(", ")

    background: Rectangle {
        color: delegate.down ? Theme.disabledFill : Theme.card
        Rectangle {
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.bottom: parent.bottom
            anchors.leftMargin: 16
            height: 1
            color: Theme.cardBorder
        }
    }

    contentItem: RowLayout {
        spacing: 10

        ColumnLayout {
            Layout.fillWidth: true
            spacing: 2
            Label {
                Layout.fillWidth: true
                text: delegate.name
                elide: Text.ElideRight
                font.pixelSize: Theme.bodySize + 1
                font.bold: true
                font.strikeout: delegate.withdrawn
                color: delegate.withdrawn ? Theme.secondaryText : Theme.text
            }
            Label {
                Layout.fillWidth: true
                text: delegate.address.length > 0 ? delegate.unitTypeLabel + " · " + delegate.address
                                                  : delegate.unitTypeLabel
                elide: Text.ElideRight
                font.pixelSize: Theme.smallSize
                color: Theme.secondaryText
            }
        }

        ColumnLayout {
            Layout.alignment: Qt.AlignVCenter
            spacing: 4
            Tag {
                visible: delegate.withdrawn
                text: qsTr("Withdrawn")
                fill: Theme.disabledFill
                ink: Theme.secondaryText
            }
            Tag {
                visible: !delegate.withdrawn && delegate.openFindings > 0
                text: qsTr("%1 open").arg(delegate.openFindings)
                fill: Theme.primary
                ink: Theme.textOnPrimary
            }
            Tag {
                visible: !delegate.withdrawn && delegate.keyRectification
                text: qsTr("Key unit")
                outlined: true
                ink: Theme.primary
            }
        }
    }

    // A small rounded label.
    component Tag: Label {
        id: tag
        property color fill: "transparent"
        property color ink
        property bool outlined: false
        Layout.alignment: Qt.AlignRight
        leftPadding: 8
        rightPadding: 8
        topPadding: 2
        bottomPadding: 2
        font.pixelSize: Theme.smallSize - 1
        font.bold: true
        color: ink
        background: Rectangle {
            radius: height / 2
            color: tag.fill
            border.color: tag.ink
            border.width: tag.outlined ? 1 : 0
        }
    }
}
