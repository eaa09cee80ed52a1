// One item of a visit's checklist: the question, its answer (buttons for OK / problem / not
// applicable or yes / no, a field for a text or a number), a note and photos. Each change goes
// straight to the VisitEditor, which keeps it as the visit's draft at once.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FieldCheck

ColumnLayout {
    id: item

    property VisitEditor editor
    required property string code
    required property int number
    required property string question
    required property string categoryLabel
    required property string answerKind
    required property var choices
    required property bool isRequired
    required property var answer
    required property string note
    required property bool answered
    required property int photoCount

    readonly property bool editable: editor !== null && editor.editable

    spacing: 6
    Accessible.role: Accessible.Grouping
    Accessible.name: qsTr("Item %1: %2").arg(number).arg(question)

    Rectangle {
        Layout.fillWidth: true
        Layout.bottomMargin: 4
        height: 1
        color: Theme.cardBorder
        visible: item.number > 1
    }

    RowLayout {
        Layout.fillWidth: true
        spacing: 8
        Label {
            Layout.alignment: Qt.AlignTop
            text: qsTr("%1.").arg(item.number)
            font.bold: true
            color: item.answered ? Theme.primary : Theme.text
        }
        Label {
            Layout.fillWidth: true
            text: item.question
            wrapMode: Text.Wrap
            font.pixelSize: Theme.bodySize
        }
        Label {
            Layout.alignment: Qt.AlignTop
            text: item.isRequired ? (item.answered ? qsTr("Answered") : qsTr("Required"))
                                  : qsTr("Optional")
            font.pixelSize: Theme.smallSize - 1
            font.bold: item.isRequired && !item.answered
            color: item.isRequired && !item.answered ? Theme.error : Theme.secondaryText
        }
    }
    Label {
        visible: item.categoryLabel.length > 0
        Layout.fillWidth: true
        text: item.categoryLabel
        wrapMode: Text.Wrap
        font.pixelSize: Theme.smallSize
        color: Theme.secondaryText
    }

    // OK / problem / not applicable, or yes / no: one tap chooses, a second tap on it clears it.
    // A Row, not a RowLayout, around the Repeater (Qt 6.4's layouts and Repeaters: VisitPage.qml).
    Row {
        id: choiceRow
        visible: item.choices.length > 0
        Layout.fillWidth: true
        spacing: 6
        Repeater {
            model: item.choices
            Button {
                required property var modelData
                objectName: "answer_" + item.code + "_" + modelData.value
                width: (choiceRow.width - choiceRow.spacing * (item.choices.length - 1)) / item.choices.length
                height: Math.max(48, implicitHeight)
                leftPadding: 4
                rightPadding: 4
                font.pixelSize: Theme.bodySize - 1
                text: modelData.label
                enabled: item.editable
                highlighted: item.answer === modelData.value
                font.bold: highlighted
                Accessible.name: qsTr("%1 for item %2").arg(modelData.label).arg(item.number)
                onClicked: item.editor.setAnswer(item.code, highlighted ? "" : modelData.value)
            }
        }
    }

    // A text or a number. Filled once; what is typed goes to the editor (a binding would put the
    // editor's normalised number back under the cursor while typing "3."). The editor ignores a
    // value that changes nothing, such as the text filled in here.
    TextField {
        objectName: "answerField_" + item.code
        visible: item.answerKind === "text" || item.answerKind === "number"
        Layout.fillWidth: true
        Layout.minimumHeight: 48
        enabled: item.editable
        inputMethodHints: item.answerKind === "number" ? Qt.ImhFormattedNumbersOnly : Qt.ImhNone
        placeholderText: item.answerKind === "number" ? qsTr("Number") : qsTr("Answer")
        Accessible.name: qsTr("Answer to item %1").arg(item.number)
        Component.onCompleted: text = item.answer === undefined || item.answer === null ? "" : String(item.answer)
        onTextChanged: item.editor.setAnswer(item.code, text)
    }
    Label {
        visible: item.answerKind === "number" && !item.answered && item.editable
        Layout.fillWidth: true
        text: qsTr("Enter a number, e.g. 3 or 2.5.")
        font.pixelSize: Theme.smallSize
        color: Theme.secondaryText
    }

    RowLayout {
        Layout.fillWidth: true
        spacing: 6
        TextArea {
            objectName: "note_" + item.code
            Layout.fillWidth: true
            Layout.minimumHeight: 48
            wrapMode: TextEdit.Wrap
            enabled: item.editable
            placeholderText: qsTr("Note (what was seen)")
            background: Rectangle {
                radius: 4
                color: parent.enabled ? Theme.card : Theme.disabledFill
                border.color: parent.activeFocus ? Theme.primary : Theme.divider
            }
            Accessible.name: qsTr("Note on item %1").arg(item.number)
            Component.onCompleted: text = item.note
            onTextChanged: item.editor.setItemNote(item.code, text)
        }
        Button {
            objectName: "photo_" + item.code
            Layout.alignment: Qt.AlignTop
            Layout.minimumHeight: 48
            Layout.minimumWidth: 48
            enabled: item.editable && item.editor.cameraAvailable && item.editor.photoItem.length === 0
            text: item.editor !== null && item.editor.photoItem === item.code ? qsTr("Taking…")
                  : item.photoCount > 0 ? qsTr("Photo (%1)").arg(item.photoCount) : qsTr("Photo")
            Accessible.name: qsTr("Take a photo for item %1; %2 taken").arg(item.number).arg(item.photoCount)
            onClicked: item.editor.takePhoto(item.code)
        }
    }
}
