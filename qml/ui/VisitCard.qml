// A card of the Visit page: a heading, an optional note at its right (a count, a state), and the
// card's content (its children) below.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FieldCheck

Rectangle {
    id: card

    property string title
    property string aside         // at the right of the heading
    property bool asideAlert: false
    default property alias content: column.data

    Layout.fillWidth: true
    implicitHeight: outer.implicitHeight + 28
    radius: Theme.cardRadius
    color: Theme.card
    border.color: Theme.cardBorder
    Accessible.role: Accessible.Grouping
    Accessible.name: title

    ColumnLayout {
        id: outer
        anchors.fill: parent
        anchors.margins: 14
        spacing: 10

        RowLayout {
            Layout.fillWidth: true
            visible: card.title.length > 0
            Label {
                Layout.fillWidth: true
                text: card.title
                wrapMode: Text.Wrap
                font.pixelSize: Theme.bodySize + 1
                font.bold: true
                Accessible.role: Accessible.Heading
                Accessible.name: text
            }
            Label {
                visible: card.aside.length > 0
                text: card.aside
                font.bold: true
                color: card.asideAlert ? Theme.error : Theme.primary
            }
        }
        ColumnLayout {
            id: column
            Layout.fillWidth: true
            spacing: 8
        }
    }
}
