// The accountability register (问责台账): the proposals the rules made (不上报 / 整改不力) and the
// cases a person entered, with their decisions. A discipline inspector confirms a proposal with its
// measure, or dismisses it — either way with a reason of their own, which the core requires. The
// decision is written through a RecordEditor on the case: the permission table, the rules and their
// refusals are the same as on the case's own form, which a tap on the row opens (with its history).
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FieldCheck

RegisterPage {
    id: page
    objectName: "accountabilityRegisterPage"
    kind: "accountability"
    title: qsTr("Accountability register")
    intro: qsTr("Proposals come from the campaign's rules (reports missing or late) and from inspectors. Each is confirmed with its measure or dismissed, with the reason.")
    emptyText: page.filter === "proposed" ? qsTr("No proposal waits for a decision.") : qsTr("Nothing here.")

    rowDelegate: ItemDelegate {
        id: row
        required property var modelData
        required property int index
        objectName: "caseRow" + index
        x: 16
        width: ListView.view ? ListView.view.width - 32 : 0
        implicitHeight: rowContent.implicitHeight + 24
        padding: 12
        Accessible.role: Accessible.Button
        Accessible.name: [modelData.title, modelData.statusLabel, modelData.unitName, modelData.reasonLabel].join(", ")
        onClicked: page.openRecord("accountability_case", modelData.recordId, modelData.title)
        background: Rectangle {
            radius: Theme.cardRadius
            color: row.down ? Theme.disabledFill : Theme.card
            border.color: row.modelData.status === "proposed" ? Theme.primary : Theme.cardBorder
        }
        contentItem: ColumnLayout {
            id: rowContent
            spacing: 4
            RowLayout {
                Layout.fillWidth: true
                spacing: 8
                Label {
                    Layout.fillWidth: true
                    text: row.modelData.title
                    wrapMode: Text.Wrap
                    font.bold: true
                }
                Tag {
                    objectName: "caseStatus" + row.index
                    text: row.modelData.statusLabel
                    alert: row.modelData.status === "proposed"
                }
            }
            Label {
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                font.pixelSize: Theme.smallSize
                color: Theme.secondaryText
                // The unit, unless the case is against the unit itself (the rules' proposals are).
                text: row.modelData.unitName.length > 0 && row.modelData.unitName !== row.modelData.title
                      ? qsTr("%1 · %2").arg(row.modelData.unitName).arg(row.modelData.reasonLabel)
                      : row.modelData.reasonLabel
            }
            Label {
                Layout.fillWidth: true
                visible: row.modelData.note.length > 0
                wrapMode: Text.Wrap
                maximumLineCount: 4
                elide: Text.ElideRight
                font.pixelSize: Theme.smallSize
                text: row.modelData.status === "proposed" ? qsTr("Proposed: %1").arg(row.modelData.note)
                                                         : qsTr("Reason: %1").arg(row.modelData.note)
            }
            Label {
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                font.pixelSize: Theme.smallSize
                color: Theme.secondaryText
                text: row.modelData.status === "proposed"
                      ? qsTr("Proposed on %1").arg(row.modelData.proposedDate)
                      : row.modelData.measureLabel.length > 0
                        ? qsTr("Decided on %1 · %2").arg(row.modelData.decidedDate).arg(row.modelData.measureLabel)
                        : qsTr("Decided on %1").arg(row.modelData.decidedDate)
            }
            RowLayout {
                Layout.fillWidth: true
                Layout.topMargin: 4
                visible: page.model.mayAct && row.modelData.status === "proposed"
                spacing: 8
                Button {
                    objectName: "confirmCase" + row.index
                    Layout.fillWidth: true
                    Layout.minimumHeight: 48
                    highlighted: true
                    text: qsTr("Confirm…")
                    Accessible.name: qsTr("Confirm accountability for %1").arg(row.modelData.title)
                    onClicked: decision.ask(row.modelData, "confirmed")
                }
                Button {
                    objectName: "dismissCase" + row.index
                    Layout.fillWidth: true
                    Layout.minimumHeight: 48
                    text: qsTr("Dismiss…")
                    Accessible.name: qsTr("Dismiss the proposal for %1").arg(row.modelData.title)
                    onClicked: decision.ask(row.modelData, "dismissed")
                }
            }
        }
    }

    // Confirm (with the measure) or dismiss one proposal, with the reason.
    Dialog {
        id: decision
        objectName: "caseDecisionDialog"
        property var row: ({})
        property string to
        readonly property bool confirming: to === "confirmed"
        readonly property var measureChoices: {
            const measure = editor.fields.find(f => f.name === "measure")
            return measure ? measure.choices : []
        }

        function ask(caseRow, target) {
            row = caseRow
            to = target
            reason.clear()
            measure.currentIndex = -1
            editor.recordId = caseRow.recordId
            open()
        }
        function decide() {
            if (confirming && !editor.setValue("measure", measure.currentValue))
                return
            if (!editor.setValue("decision_note", reason.text))
                return
            editor.move(to)
        }

        anchors.centerIn: parent
        width: Math.min(page.width - 32, 440)
        modal: true
        title: confirming ? qsTr("Confirm accountability") : qsTr("Dismiss the proposal")
        standardButtons: Dialog.NoButton
        onOpened: reason.forceActiveFocus()
        onClosed: {
            editor.discard()  // a decision not taken leaves no draft behind
            editor.recordId = ""
        }

        RecordEditor {
            id: editor
            objectName: "caseDecisionEditor"
            type: "accountability_case"
            session: Session
            onSaved: {
                page.notice = decision.confirming ? qsTr("Accountability confirmed for %1.").arg(decision.row.title)
                                                  : qsTr("Proposal for %1 dismissed.").arg(decision.row.title)
                decision.close()
            }
        }

        ColumnLayout {
            anchors.fill: parent
            spacing: 8
            Label {
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                font.bold: true
                text: decision.row.title ? qsTr("%1 · %2").arg(decision.row.title).arg(decision.row.reasonLabel) : ""
            }
            Label {
                Layout.fillWidth: true
                visible: (decision.row.note || "").length > 0
                wrapMode: Text.Wrap
                font.pixelSize: Theme.smallSize
                color: Theme.secondaryText
                text: qsTr("Proposed: %1").arg(decision.row.note || "")
            }
            Banner {
                objectName: "caseDecisionError"
                visible: editor.errorMessage.length > 0
                alert: true
                message: editor.errorMessage
                detail: editor.errorDetail
            }
            Label {
                visible: decision.confirming
                text: qsTr("Measure")
                font.pixelSize: Theme.smallSize
                font.bold: true
                color: Theme.secondaryText
            }
            ComboBox {
                id: measure
                objectName: "caseDecisionMeasure"
                visible: decision.confirming
                Layout.fillWidth: true
                implicitHeight: 48
                model: decision.measureChoices
                textRole: "label"
                valueRole: "value"
                enabled: !editor.busy
                displayText: currentIndex < 0 ? qsTr("Choose…") : currentText
                Accessible.name: qsTr("Measure")
            }
            Label {
                visible: (editor.fieldErrors.measure || "").length > 0
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                color: Theme.error
                font.pixelSize: Theme.smallSize
                text: editor.fieldErrors.measure || ""
            }
            Label {
                text: qsTr("Reason for the decision")
                font.pixelSize: Theme.smallSize
                font.bold: true
                color: Theme.secondaryText
            }
            TextArea {
                id: reason
                objectName: "caseDecisionReason"
                Layout.fillWidth: true
                Layout.minimumHeight: 88
                wrapMode: TextEdit.Wrap
                enabled: !editor.busy
                placeholderText: decision.confirming ? qsTr("e.g. not reported for two months; the head of the unit is talked to")
                                                     : qsTr("e.g. reported late because of a system failure; filed since")
                Accessible.name: qsTr("Reason for the decision")
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: 8
                Button {
                    objectName: "caseDecisionCancel"
                    Layout.fillWidth: true
                    Layout.minimumHeight: 48
                    text: qsTr("Cancel")
                    Accessible.name: text
                    onClicked: decision.close()
                }
                Button {
                    objectName: "caseDecisionSubmit"
                    Layout.fillWidth: true
                    Layout.minimumHeight: 48
                    highlighted: true
                    enabled: editor.ready && !editor.busy && reason.text.trim().length > 0
                             && (!decision.confirming || measure.currentIndex >= 0)
                    text: decision.confirming ? qsTr("Confirm") : qsTr("Dismiss")
                    Accessible.name: decision.confirming ? qsTr("Confirm accountability") : qsTr("Dismiss the proposal")
                    onClicked: decision.decide()
                }
            }
        }
    }
}
