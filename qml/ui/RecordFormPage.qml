// One record of any type as a form — a self-inspection, a rectification plan or measure, a monthly
// report, an escalation, an answer to a finding, an accountability case's decision — built from
// what RecordEditor reads from the core's record type spec and permission table: the fields the
// role may see (each by its kind), those it may change, the next steps of the life cycle it may
// take (a step writes what was typed with it), withdrawal with a reason where allowed, the history.
// Pushed on the StackView with `type`, `recordId` (empty: a new record) and `presets` (the fields
// the opener fixes: unit, plan, month, finding), optionally `title` and `intro` (a paragraph above
// the form, e.g. the zero report's declaration). Layout only: RecordEditor does the work.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FieldCheck

Page {
    id: page
    objectName: "recordFormPage"

    property alias type: form.type
    property alias recordId: form.recordId
    property alias presets: form.presets
    property string intro
    readonly property alias editor: form

    background: Rectangle { color: Theme.background }

    RecordEditor {
        id: form
        objectName: "recordEditor"
        session: Session
    }

    // The notice of the last write stays a few seconds.
    Timer {
        id: noticeTimer
        interval: 6000
        onTriggered: form.clearNotice()
    }
    Connections {
        target: form
        function onNoticeChanged() { if (form.notice.length > 0) noticeTimer.restart() }
        function onErrorMessageChanged() { if (form.errorMessage.length > 0) flick.contentY = 0 }
    }

    header: PageHeader {
        page: page
        backObjectName: "recordFormBackButton"
        title: page.title.length > 0 ? page.title
                                     : form.isNew ? qsTr("New: %1").arg(form.typeLabel) : form.typeLabel
        BusyIndicator {
            running: form.busy
            visible: running
            implicitWidth: 28
            implicitHeight: 28
            Accessible.name: qsTr("Saving")
        }
    }

    Flickable {
        id: flick
        objectName: "recordFormFlickable"
        anchors.fill: parent
        contentHeight: body.implicitHeight + 32
        boundsBehavior: Flickable.StopAtBounds
        clip: true
        visible: form.ready
        ScrollBar.vertical: ScrollBar {}

        ColumnLayout {
            id: body
            x: 12
            y: 12
            width: flick.width - 24
            spacing: 12

            // What went wrong, and the core's rule behind it.
            Banner {
                objectName: "recordFormError"
                visible: form.errorMessage.length > 0
                alert: true
                message: form.errorMessage
                detail: form.errorDetail
            }
            Banner {
                objectName: "recordFormNotice"
                visible: form.notice.length > 0 && form.errorMessage.length === 0
                message: form.notice
            }
            Banner {
                objectName: "recordFormDraftRestored"
                visible: form.draftRestored && form.dirty
                message: qsTr("What you typed before the app was closed is back. Save it, or discard it.")
            }

            // What the record is about and where it stands.
            Rectangle {
                objectName: "recordFormIdentity"
                Layout.fillWidth: true
                implicitHeight: identity.implicitHeight + 28
                radius: Theme.cardRadius
                color: Theme.card
                border.color: Theme.cardBorder
                Accessible.role: Accessible.Grouping
                Accessible.name: form.typeLabel

                ColumnLayout {
                    id: identity
                    anchors.fill: parent
                    anchors.margins: 14
                    spacing: 6

                    RowLayout {
                        Layout.fillWidth: true
                        spacing: 8
                        Label {
                            objectName: "recordFormSubject"
                            Layout.fillWidth: true
                            text: form.unitName.length > 0 ? form.unitName : form.typeLabel
                            wrapMode: Text.Wrap
                            font.pixelSize: Theme.bodySize + 2
                            font.bold: true
                            font.strikeout: form.withdrawn
                            Accessible.role: Accessible.Heading
                            Accessible.name: text
                        }
                        Tag {
                            objectName: "recordFormStatus"
                            visible: text.length > 0
                            text: form.withdrawn ? qsTr("Withdrawn") : form.isNew ? qsTr("Not saved yet") : form.statusLabel
                            alert: form.withdrawn
                        }
                    }
                    // What the record states beyond the form: its month, the dates the rules set.
                    Column {
                        id: factsColumn
                        objectName: "recordFormFacts"
                        visible: form.facts.length > 0
                        Layout.fillWidth: true
                        spacing: 2
                        Repeater {
                            model: form.facts
                            delegate: Label {
                                required property var modelData
                                objectName: "fact_" + modelData.name
                                width: factsColumn.width
                                wrapMode: Text.Wrap
                                color: Theme.secondaryText
                                font.pixelSize: Theme.smallSize
                                text: qsTr("%1: %2").arg(modelData.label).arg(modelData.value)
                                Accessible.name: text
                            }
                        }
                    }
                    Label {
                        objectName: "recordFormIntro"
                        visible: page.intro.length > 0
                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                        font.pixelSize: Theme.bodySize
                        text: page.intro
                        Accessible.name: text
                    }
                    Label {
                        objectName: "recordFormWithdrawnReason"
                        visible: form.withdrawn
                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                        color: Theme.error
                        font.bold: true
                        text: qsTr("Withdrawn: %1").arg(form.withdrawnReason)
                    }
                    Label {
                        objectName: "recordFormReadOnlyNote"
                        visible: form.ready && !form.canEdit && !form.withdrawn
                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                        color: Theme.secondaryText
                        font.pixelSize: Theme.smallSize
                        text: form.isNew ? qsTr("Your role may not create this record.")
                                         : qsTr("Your role may not change this record in its present state.")
                    }
                }
            }

            // The fields, in the order of the record type.
            Rectangle {
                objectName: "recordFormFields"
                Layout.fillWidth: true
                implicitHeight: fieldsColumn.implicitHeight + 28
                radius: Theme.cardRadius
                color: Theme.card
                border.color: Theme.cardBorder
                Accessible.role: Accessible.Grouping
                Accessible.name: form.typeLabel

                ColumnLayout {
                    id: fieldsColumn
                    anchors.fill: parent
                    anchors.margins: 14
                    spacing: 4

                    // A positioner, not the layout, holds the Repeater (Qt 6.4).
                    Column {
                        id: formColumn
                        Layout.fillWidth: true
                        spacing: 8

                        Repeater {
                            model: form.fields
                            delegate: FieldEditor {
                                width: formColumn.width
                            }
                        }
                    }

                    RowLayout {
                        visible: form.canEdit
                        Layout.fillWidth: true
                        Layout.topMargin: 8
                        spacing: 8
                        Button {
                            objectName: "saveButton"
                            Layout.fillWidth: true
                            Layout.minimumHeight: 44
                            highlighted: true
                            enabled: !form.busy && (form.isNew || form.dirty)
                            text: form.isNew ? qsTr("Save") : qsTr("Save changes")
                            Accessible.name: text
                            onClicked: form.save()
                        }
                        Button {
                            objectName: "discardButton"
                            visible: form.dirty
                            Layout.minimumHeight: 44
                            enabled: !form.busy
                            text: qsTr("Discard")
                            Accessible.name: qsTr("Discard the changes not saved")
                            onClicked: form.discard()
                        }
                    }
                    Label {
                        visible: form.canEdit
                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                        color: Theme.secondaryText
                        font.pixelSize: Theme.tinySize + 1
                        text: qsTr("Everything you type is kept encrypted on this device until you save it.")
                    }
                }
            }

            // The next steps of the life cycle the role may take.
            UnitSection {
                objectName: "recordFormMovesSection"
                visible: !form.isNew && !form.withdrawn && (form.moves.length > 0 || form.canWithdraw || form.status.length > 0)
                title: qsTr("Next step")
                count: 0
                emptyText: ""

                Label {
                    visible: form.moves.length > 0 && form.dirty
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    color: Theme.secondaryText
                    font.pixelSize: Theme.smallSize
                    text: qsTr("What you changed is saved with the step.")
                }
                Column {
                    id: movesColumn
                    Layout.fillWidth: true
                    spacing: 8
                    Repeater {
                        model: form.moves
                        delegate: Button {
                            required property var modelData
                            objectName: "move_" + modelData.to
                            width: movesColumn.width
                            height: Math.max(implicitHeight, 44)
                            enabled: !form.busy
                            text: modelData.label
                            Accessible.name: text
                            Accessible.description: qsTr("It will then be: %1").arg(modelData.statusLabel)
                            onClicked: form.move(modelData.to)
                        }
                    }
                }
                Label {
                    visible: form.moves.length === 0 && form.status.length > 0
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    color: Theme.secondaryText
                    text: qsTr("No further step is open to your role.")
                }
                Button {
                    objectName: "withdrawButton"
                    visible: form.canWithdraw
                    Layout.fillWidth: true
                    Layout.minimumHeight: 44
                    Layout.topMargin: 4
                    enabled: !form.busy
                    text: qsTr("Withdraw…")
                    Accessible.name: qsTr("Withdraw this record")
                    palette.buttonText: Theme.error
                    onClicked: withdrawDialog.open()
                }
            }

            UnitSection {
                objectName: "recordFormHistorySection"
                visible: !form.isNew
                title: qsTr("History")
                count: form.history.length
                shown: form.history.length
                emptyText: qsTr("Nothing recorded yet.")

                Column {
                    id: historyColumn
                    Layout.fillWidth: true
                    spacing: 10
                    Repeater {
                        model: form.history
                        delegate: Column {
                            required property var modelData
                            width: historyColumn.width
                            spacing: 1
                            Accessible.role: Accessible.StaticText
                            Accessible.name: [modelData.actionLabel, modelData.when, modelData.actor, modelData.detail]
                                             .filter(s => s.length > 0).join(", ")
                            Label {
                                width: parent.width
                                text: modelData.actionLabel
                                font.pixelSize: Theme.bodySize
                            }
                            Label {
                                width: parent.width
                                text: [modelData.when, modelData.actor, modelData.detail].filter(s => s.length > 0).join(" · ")
                                font.pixelSize: Theme.smallSize
                                color: Theme.secondaryText
                                elide: Text.ElideRight
                            }
                        }
                    }
                }
            }
        }
    }

    BusyIndicator {
        objectName: "recordFormLoading"
        anchors.centerIn: parent
        running: form.loading && !form.ready
        visible: running
        Accessible.name: qsTr("Loading")
    }

    Label {
        objectName: "recordFormMissing"
        visible: !form.loading && !form.ready && form.errorMessage.length > 0
        anchors.centerIn: parent
        width: Math.min(parent.width - 48, 320)
        horizontalAlignment: Text.AlignHCenter
        wrapMode: Text.Wrap
        color: Theme.error
        text: form.errorMessage
        Accessible.name: text
    }

    Dialog {
        id: withdrawDialog
        objectName: "withdrawDialog"
        anchors.centerIn: parent
        width: Math.min(page.width - 32, 360)
        modal: true
        title: qsTr("Withdraw this record")
        standardButtons: Dialog.NoButton
        onOpened: reason.forceActiveFocus()

        ColumnLayout {
            anchors.fill: parent
            spacing: 8
            Label {
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                text: qsTr("A withdrawn record stays on file with your reason, and can no longer be changed.")
            }
            TextArea {
                id: reason
                objectName: "withdrawReason"
                Layout.fillWidth: true
                Layout.minimumHeight: 72
                wrapMode: TextEdit.Wrap
                placeholderText: qsTr("Why, e.g. filed twice")
                Accessible.name: qsTr("Reason for the withdrawal")
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: 8
                Button {
                    objectName: "withdrawCancel"
                    Layout.fillWidth: true
                    Layout.minimumHeight: 44
                    text: qsTr("Cancel")
                    Accessible.name: text
                    onClicked: withdrawDialog.close()
                }
                Button {
                    objectName: "withdrawConfirm"
                    Layout.fillWidth: true
                    Layout.minimumHeight: 44
                    highlighted: true
                    enabled: reason.text.trim().length > 0
                    text: qsTr("Withdraw")
                    Accessible.name: text
                    onClicked: {
                        form.withdraw(reason.text)
                        reason.clear()
                        withdrawDialog.close()
                    }
                }
            }
        }
    }

    // ---- the form's parts

    // One field: its name, the control its kind takes, and what the core said about its value.
    component FieldEditor: ColumnLayout {
        id: fieldItem
        required property var modelData
        readonly property string name: modelData.name
        readonly property string kind: modelData.kind
        readonly property string label: modelData.label
        readonly property bool mayEdit: form.editable[name] === true
        readonly property string value: form.values[name] ?? ""
        readonly property string problem: form.fieldErrors[name] ?? ""
        spacing: 4

        Label {
            Layout.fillWidth: true
            Layout.topMargin: 4
            visible: fieldItem.kind !== "bool"
            wrapMode: Text.Wrap
            font.pixelSize: Theme.smallSize
            font.bold: true
            color: Theme.secondaryText
            text: fieldItem.modelData.required && fieldItem.mayEdit ? qsTr("%1 (required)").arg(fieldItem.label) : fieldItem.label
        }
        Loader {
            Layout.fillWidth: true
            sourceComponent: fieldItem.kind === "longtext" ? longTextControl
                           : fieldItem.kind === "bool" ? switchControl
                           : fieldItem.kind === "choice" ? choiceControl
                           : lineControl
        }
        Label {
            objectName: "fieldError_" + fieldItem.name
            visible: fieldItem.problem.length > 0
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            color: Theme.error
            font.pixelSize: Theme.smallSize
            text: fieldItem.problem
            Accessible.name: text
        }

        Component {
            id: lineControl
            TextField {
                id: line
                objectName: "field_" + fieldItem.name
                implicitHeight: 44
                text: fieldItem.value
                readOnly: !fieldItem.mayEdit
                enabled: !form.busy
                placeholderText: !fieldItem.mayEdit ? ""
                               : fieldItem.kind === "date" ? qsTr("YYYY-MM-DD")
                               : fieldItem.kind === "month" ? qsTr("YYYY-MM")
                               : fieldItem.kind === "money" ? qsTr("e.g. 1234.50")
                               : fieldItem.kind === "integer" ? qsTr("A whole number")
                               : ""
                inputMethodHints: fieldItem.kind === "date" ? Qt.ImhDate
                                : fieldItem.kind === "integer" ? Qt.ImhDigitsOnly
                                : fieldItem.kind === "money" || fieldItem.kind === "number" ? Qt.ImhFormattedNumbersOnly
                                : Qt.ImhNone
                Accessible.name: fieldItem.label
                background: FieldBackground { editable: fieldItem.mayEdit; focused: line.activeFocus
                                              failed: fieldItem.problem.length > 0 }
                onTextChanged: if (fieldItem.mayEdit && text !== fieldItem.value) form.setValue(fieldItem.name, text)
            }
        }
        Component {
            id: longTextControl
            TextArea {
                id: area
                objectName: "field_" + fieldItem.name
                implicitHeight: Math.max(88, contentHeight + topPadding + bottomPadding)
                text: fieldItem.value
                readOnly: !fieldItem.mayEdit
                enabled: !form.busy
                wrapMode: TextEdit.Wrap
                Accessible.name: fieldItem.label
                background: FieldBackground { editable: fieldItem.mayEdit; focused: area.activeFocus
                                              failed: fieldItem.problem.length > 0 }
                onTextChanged: if (fieldItem.mayEdit && text !== fieldItem.value) form.setValue(fieldItem.name, text)
            }
        }
        Component {
            id: switchControl
            Switch {
                objectName: "field_" + fieldItem.name
                implicitHeight: Math.max(44, implicitContentHeight)
                checked: fieldItem.value === "true"
                enabled: fieldItem.mayEdit && !form.busy
                text: fieldItem.label
                Accessible.name: fieldItem.label
                onToggled: form.setValue(fieldItem.name, checked)
            }
        }
        Component {
            id: choiceControl
            ComboBox {
                id: box
                objectName: "field_" + fieldItem.name
                implicitHeight: 44
                model: fieldItem.modelData.choices
                textRole: "label"
                valueRole: "value"
                enabled: fieldItem.mayEdit && !form.busy
                currentIndex: indexOfValue(fieldItem.value)
                displayText: currentIndex < 0 ? (fieldItem.mayEdit ? qsTr("Choose…") : "") : currentText
                Accessible.name: fieldItem.label
                delegate: ItemDelegate {
                    required property var modelData
                    width: box.width
                    height: 44
                    text: modelData.label
                }
                onActivated: (index) => form.setValue(fieldItem.name, valueAt(index))
            }
        }
    }

    component FieldBackground: Rectangle {
        property bool editable
        property bool focused
        property bool failed
        implicitHeight: 44
        radius: 4
        color: editable ? Theme.card : Theme.background
        border.width: editable ? (focused || failed ? 2 : 1) : 0
        border.color: failed ? Theme.error : focused ? Theme.primary : Theme.divider
    }
}
