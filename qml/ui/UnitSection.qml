// A card on the Unit page: a heading with the number of records, the items (the section's
// children), what to say when there are none, and how many more there are than shown.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FieldCheck

Rectangle {
    id: section

    property string title
    property var count: 0        // all the records of the section
    property int shown: 0        // how many of them the items show
    property string emptyText
    property string note         // a line under the items (e.g. how many are closed)
    default property alias items: column.data

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
        spacing: 8

        RowLayout {
            Layout.fillWidth: true
            Label {
                Layout.fillWidth: true
                text: section.title
                wrapMode: Text.Wrap
                font.pixelSize: Theme.bodySize + 1
                font.bold: true
                Accessible.role: Accessible.Heading
                Accessible.name: text
            }
            Label {
                visible: section.count > 0
                text: Number(section.count).toLocaleString(Qt.locale(), "f", 0)
                font.bold: true
                color: Theme.primary
            }
        }
        ColumnLayout {
            id: column
            Layout.fillWidth: true
            spacing: 10
        }
        Label {
            visible: section.count === 0 && section.emptyText.length > 0
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            color: Theme.secondaryText
            text: section.emptyText
        }
        Label {
            visible: section.count > section.shown
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            color: Theme.secondaryText
            font.pixelSize: Theme.smallSize
            text: qsTr("Showing the newest %1 of %2.").arg(section.shown).arg(section.count)
        }
        Label {
            visible: section.note.length > 0
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            color: Theme.secondaryText
            font.pixelSize: Theme.smallSize
            text: section.note
        }
    }
}
