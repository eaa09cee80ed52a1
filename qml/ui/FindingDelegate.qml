// One finding in the Findings list: what was found, its category, date and amount, and where it
// stands; a withdrawn one struck through. Tapping it opens the finding.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FieldCheck

ItemDelegate {
    id: delegate

    required property int index
    required property string findingId
    required property string description
    required property string categoryLabel
    required property string statusLabel
    required property string foundDate
    required property string moneyInvolved
    required property string unitName
    required property bool withdrawn
    // The unit's name is said only where the list shows several units.
    property bool showUnit: false

    readonly property string line: [delegate.showUnit ? delegate.unitName : "", delegate.categoryLabel, delegate.foundDate,
                                    delegate.moneyInvolved.length > 0 ? qsTr("¥%1").arg(delegate.moneyInvolved) : ""]
                                   .filter(s => s.length > 0).join(" · ")

    objectName: "findingRow" + index
    implicitHeight: Math.max(64, implicitContentHeight + 20)
    leftPadding: 16
    rightPadding: 12
    Accessible.role: Accessible.Button
    Accessible.name: [description, line, withdrawn ? qsTr("withdrawn") : statusLabel].filter(s => s.length > 0).join(", ")

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
                text: delegate.description
                wrapMode: Text.Wrap
                maximumLineCount: 2
                elide: Text.ElideRight
                font.pixelSize: Theme.bodySize
                font.strikeout: delegate.withdrawn
                color: delegate.withdrawn ? Theme.secondaryText : Theme.text
            }
            Label {
                Layout.fillWidth: true
                text: delegate.line
                wrapMode: Text.Wrap
                maximumLineCount: 2
                elide: Text.ElideRight
                font.pixelSize: Theme.smallSize
                color: Theme.secondaryText
            }
        }

        Label {
            Layout.alignment: Qt.AlignVCenter
            leftPadding: 8
            rightPadding: 8
            topPadding: 2
            bottomPadding: 2
            text: delegate.withdrawn ? qsTr("Withdrawn") : delegate.statusLabel
            font.pixelSize: Theme.smallSize - 1
            font.bold: true
            color: delegate.withdrawn ? Theme.secondaryText : Theme.primary
            background: Rectangle {
                radius: height / 2
                color: delegate.withdrawn ? Theme.disabledFill : "transparent"
                border.color: delegate.withdrawn ? Theme.disabledFill : Theme.primary
                border.width: 1
            }
        }
    }
}
