// One record type in the home page header: how many records of it this device holds.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FieldCheck

ColumnLayout {
    id: delegate

    required property string type
    required property string label
    required property var count

    objectName: "count_" + type
    spacing: 0

    Label {
        Layout.alignment: Qt.AlignHCenter
        text: delegate.count >= 0 ? Number(delegate.count).toLocaleString(Qt.locale(), "f", 0) : "—"
        font.pixelSize: 22
        font.bold: true
        color: Theme.primary
    }
    Label {
        Layout.alignment: Qt.AlignHCenter
        Layout.fillWidth: true
        horizontalAlignment: Text.AlignHCenter
        elide: Text.ElideRight
        text: delegate.label
        font.pixelSize: Theme.smallSize - 1
        color: Theme.secondaryText
    }
}
