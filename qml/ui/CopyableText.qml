// Text to read out or paste elsewhere — a hash to announce, a seed, a script to run: a caption,
// the text selectable in a read-only box, and a Copy button that puts all of it on the clipboard.
// Its controls are named after the item's objectName: <name>Text and <name>Copy.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FieldCheck

ColumnLayout {
    id: copyable

    property string label
    property string text
    // Program text: smaller, wrapped at word boundaries where it can be.
    property bool code: false

    Layout.fillWidth: true
    spacing: 4

    RowLayout {
        Layout.fillWidth: true
        Label {
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            font.pixelSize: Theme.smallSize
            color: Theme.secondaryText
            text: copyable.label
        }
        Button {
            objectName: copyable.objectName + "Copy"
            Layout.minimumWidth: 72
            Layout.minimumHeight: 48
            text: copied.running ? qsTr("Copied") : qsTr("Copy")
            enabled: copyable.text.length > 0
            Accessible.name: qsTr("Copy: %1").arg(copyable.label)
            onClicked: {
                area.selectAll()
                area.copy()
                area.deselect()
                copied.restart()
            }
            // How long the button says "Copied".
            Timer {
                id: copied
                interval: 2000
            }
        }
    }
    TextArea {
        id: area
        objectName: copyable.objectName + "Text"
        Layout.fillWidth: true
        Layout.minimumHeight: 48
        readOnly: true
        selectByMouse: true
        verticalAlignment: TextEdit.AlignVCenter
        wrapMode: copyable.code ? TextEdit.Wrap : TextEdit.WrapAnywhere
        font.family: Theme.monospaceFamily
        font.pixelSize: copyable.code ? Theme.tinySize : Theme.smallSize
        text: copyable.text
        Accessible.name: copyable.label
        background: Rectangle {
            radius: 4
            color: Theme.background
            border.color: Theme.cardBorder
        }
    }
}
