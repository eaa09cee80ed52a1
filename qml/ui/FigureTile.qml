// One figure of the dashboard: the number large, what it counts beneath; tapping it opens the
// records behind it. `alert` colours a figure that asks for action (overdue, missing) when it is
// not zero.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FieldCheck

ItemDelegate {
    id: tile

    property string label
    property var value: 0
    property bool alert: false
    // The number beside the label instead of above it (a column of tiles beside a chart).
    property bool compact: false

    Layout.fillWidth: true
    Layout.preferredWidth: 1   // tiles in one row share it equally
    Layout.fillHeight: !compact   // tiles in one row of a grid are as tall as the tallest
    implicitHeight: Math.max(compact ? 48 : 72, content.implicitHeight + 20)
    padding: 10
    Accessible.role: Accessible.Button
    Accessible.name: label + ": " + Number(value).toLocaleString(Qt.locale(), "f", 0)

    background: Rectangle {
        radius: Theme.cardRadius
        color: tile.down ? Theme.disabledFill : Theme.card
        border.color: tile.alert && tile.value > 0 ? Theme.error : Theme.cardBorder
        border.width: tile.alert && tile.value > 0 ? 2 : 1
    }

    contentItem: GridLayout {
        id: content
        columns: tile.compact ? 2 : 1
        columnSpacing: 10
        rowSpacing: 2
        Label {
            Layout.fillWidth: !tile.compact
            Layout.minimumWidth: tile.compact ? 44 : 0
            text: Number(tile.value).toLocaleString(Qt.locale(), "f", 0)
            font.pixelSize: tile.compact ? 22 : 26
            font.bold: true
            color: tile.alert && tile.value > 0 ? Theme.error : Theme.primary
        }
        Label {
            Layout.fillWidth: true
            text: tile.label
            wrapMode: Text.Wrap
            maximumLineCount: 2
            elide: Text.ElideRight
            font.pixelSize: Theme.smallSize
            color: Theme.secondaryText
        }
    }
}
