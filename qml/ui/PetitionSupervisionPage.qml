// Petition supervision (查"否"→督办): every "四风" petition concluded "否" is verified again under
// supervision. The page lists them, overdue ones first: the unit, what the petition says, who
// follows it up and by when, and the outcome. A discipline inspector assigns who follows up and the
// deadline (the petition is then under supervision), and records the outcome (it is then concluded,
// and the outcome can no longer change). The core sets the supervision state from those fields;
// the writes go through a RecordEditor on the petition, with the same rules and refusals as its
// form, which a tap on the row opens. The complainant is never shown here.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FieldCheck

RegisterPage {
    id: page
    objectName: "petitionSupervisionPage"
    kind: "petitions"
    title: qsTr("Petition supervision")
    intro: qsTr("\"Four styles\" petitions concluded \"unsubstantiated\" are verified again under supervision, by a named person and a deadline.")
    emptyText: page.filter === "overdue" ? qsTr("No supervised petition is overdue.") : qsTr("Nothing here.")

    rowDelegate: ItemDelegate {
        id: row
        required property var modelData
        required property int index
        objectName: "petitionRow" + index
        x: 16
        width: ListView.view ? ListView.view.width - 32 : 0
        implicitHeight: rowContent.implicitHeight + 24
        padding: 12
        Accessible.role: Accessible.Button
        Accessible.name: [modelData.unitName, modelData.statusLabel, modelData.summary].join(", ")
        onClicked: page.openRecord("complaint", modelData.recordId, modelData.unitName)
        background: Rectangle {
            radius: Theme.cardRadius
            color: row.down ? Theme.disabledFill : Theme.card
            border.color: row.modelData.overdue ? Theme.error : Theme.cardBorder
        }
        contentItem: ColumnLayout {
            id: rowContent
            spacing: 4
            RowLayout {
                Layout.fillWidth: true
                spacing: 8
                Label {
                    Layout.fillWidth: true
                    text: row.modelData.unitName
                    wrapMode: Text.Wrap
                    font.bold: true
                }
                Tag {
                    objectName: "petitionStatus" + row.index
                    text: row.modelData.overdue ? qsTr("Overdue") : row.modelData.statusLabel
                    alert: row.modelData.overdue || row.modelData.status === "required"
                }
            }
            Label {
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                font.pixelSize: Theme.smallSize
                color: Theme.secondaryText
                text: [row.modelData.refNo, row.modelData.categoryLabel, row.modelData.channelLabel,
                       qsTr("received %1").arg(row.modelData.receivedDate)].filter(s => s.length > 0).join(" · ")
            }
            Label {
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                maximumLineCount: 3
                elide: Text.ElideRight
                text: row.modelData.summary
            }
            Label {
                objectName: "petitionFollowUp" + row.index
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                font.pixelSize: Theme.smallSize
                font.bold: row.modelData.overdue
                color: row.modelData.overdue ? Theme.error : Theme.text
                text: row.modelData.status === "required"
                      ? qsTr("No one follows it up yet.")
                      : qsTr("Followed up by %1, due %2").arg(row.modelData.supervisor).arg(row.modelData.deadline)
            }
            Label {
                Layout.fillWidth: true
                visible: row.modelData.outcome.length > 0
                wrapMode: Text.Wrap
                font.pixelSize: Theme.smallSize
                text: qsTr("Outcome: %1").arg(row.modelData.outcome)
            }
            RowLayout {
                Layout.fillWidth: true
                Layout.topMargin: 4
                visible: page.model.mayAct && row.modelData.status !== "concluded"
                spacing: 8
                Button {
                    objectName: "assignPetition" + row.index
                    Layout.fillWidth: true
                    Layout.minimumHeight: 48
                    highlighted: row.modelData.status === "required"
                    text: row.modelData.status === "required" ? qsTr("Assign…") : qsTr("Change…")
                    Accessible.name: qsTr("Who follows up the petition about %1, and by when").arg(row.modelData.unitName)
                    onClicked: supervision.ask(row.modelData, false)
                }
                Button {
                    objectName: "concludePetition" + row.index
                    visible: row.modelData.status === "supervising"
                    Layout.fillWidth: true
                    Layout.minimumHeight: 48
                    highlighted: true
                    text: qsTr("Record the outcome…")
                    Accessible.name: qsTr("Record the outcome of the petition about %1").arg(row.modelData.unitName)
                    onClicked: supervision.ask(row.modelData, true)
                }
            }
        }
    }

    // Assign the follow-up (who, by when), or record the outcome.
    Dialog {
        id: supervision
        objectName: "petitionDialog"
        property var row: ({})
        property bool concluding: false

        function ask(petitionRow, conclude) {
            row = petitionRow
            concluding = conclude
            supervisor.text = petitionRow.supervisor
            deadline.text = petitionRow.deadline
            outcome.clear()
            editor.recordId = petitionRow.recordId
            open()
        }
        function write() {
            if (concluding) {
                if (!editor.setValue("supervision_outcome", outcome.text))
                    return
            } else if (!editor.setValue("supervisor", supervisor.text.trim())
                       || !editor.setValue("supervision_deadline", deadline.text.trim())) {
                return
            }
            editor.save()
        }

        anchors.centerIn: parent
        width: Math.min(page.width - 32, 440)
        modal: true
        title: concluding ? qsTr("Record the outcome") : qsTr("Who follows it up")
        standardButtons: Dialog.NoButton
        onOpened: concluding ? outcome.forceActiveFocus() : supervisor.forceActiveFocus()
        onClosed: {
            editor.discard()  // what was not written leaves no draft behind
            editor.recordId = ""
        }

        RecordEditor {
            id: editor
            objectName: "petitionEditor"
            type: "complaint"
            session: Session
            onSaved: {
                page.notice = supervision.concluding ? qsTr("Outcome recorded: the supervision of the petition about %1 is concluded.").arg(supervision.row.unitName)
                                                     : qsTr("The petition about %1 is followed up by %2 until %3.")
                                                           .arg(supervision.row.unitName).arg(supervisor.text.trim()).arg(deadline.text.trim())
                supervision.close()
            }
        }

        ColumnLayout {
            anchors.fill: parent
            spacing: 8
            Label {
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                font.bold: true
                text: supervision.row.unitName || ""
            }
            Label {
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                maximumLineCount: 3
                elide: Text.ElideRight
                font.pixelSize: Theme.smallSize
                color: Theme.secondaryText
                text: supervision.row.summary || ""
            }
            Banner {
                objectName: "petitionDialogError"
                visible: editor.errorMessage.length > 0
                alert: true
                message: editor.errorMessage
                detail: editor.errorDetail
            }
            Label {
                visible: !supervision.concluding
                text: qsTr("Followed up by")
                font.pixelSize: Theme.smallSize
                font.bold: true
                color: Theme.secondaryText
            }
            TextField {
                id: supervisor
                objectName: "petitionSupervisor"
                visible: !supervision.concluding
                Layout.fillWidth: true
                implicitHeight: 48
                enabled: !editor.busy
                placeholderText: qsTr("Name of the inspector")
                Accessible.name: qsTr("Followed up by")
            }
            Label {
                visible: !supervision.concluding
                text: qsTr("Deadline")
                font.pixelSize: Theme.smallSize
                font.bold: true
                color: Theme.secondaryText
            }
            TextField {
                id: deadline
                objectName: "petitionDeadline"
                visible: !supervision.concluding
                Layout.fillWidth: true
                implicitHeight: 48
                enabled: !editor.busy
                placeholderText: qsTr("YYYY-MM-DD")
                inputMethodHints: Qt.ImhDate
                Accessible.name: qsTr("Deadline")
            }
            Label {
                visible: !supervision.concluding && (editor.fieldErrors.supervision_deadline || "").length > 0
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                color: Theme.error
                font.pixelSize: Theme.smallSize
                text: editor.fieldErrors.supervision_deadline || ""
            }
            Label {
                visible: supervision.concluding
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                font.pixelSize: Theme.smallSize
                color: Theme.secondaryText
                text: qsTr("Once recorded, the outcome concludes the supervision and can no longer be changed.")
            }
            TextArea {
                id: outcome
                objectName: "petitionOutcome"
                visible: supervision.concluding
                Layout.fillWidth: true
                Layout.minimumHeight: 88
                wrapMode: TextEdit.Wrap
                enabled: !editor.busy
                placeholderText: qsTr("What the verification found, and what was done")
                Accessible.name: qsTr("Outcome")
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: 8
                Button {
                    objectName: "petitionDialogCancel"
                    Layout.fillWidth: true
                    Layout.minimumHeight: 48
                    text: qsTr("Cancel")
                    Accessible.name: text
                    onClicked: supervision.close()
                }
                Button {
                    objectName: "petitionDialogSubmit"
                    Layout.fillWidth: true
                    Layout.minimumHeight: 48
                    highlighted: true
                    enabled: editor.ready && !editor.busy
                             && (supervision.concluding ? outcome.text.trim().length > 0
                                                        : supervisor.text.trim().length > 0 && deadline.text.trim().length > 0)
                    text: supervision.concluding ? qsTr("Conclude") : qsTr("Save")
                    Accessible.name: supervision.concluding ? qsTr("Record the outcome") : qsTr("Save who follows it up")
                    onClicked: supervision.write()
                }
            }
        }
    }
}
