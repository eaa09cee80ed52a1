// An on-site visit (现场检查), top to bottom in the order it is done: start it, check in at the
// unit, who is present, the checklist, notes, the unit's representative signs, submit. VisitEditor
// reads and writes on the store thread; every change is kept on the device at once (a draft), and
// written to the visit at check-in, signing and submission. Made for one hand on a phone: every
// control is at least 48 px high, and what is still missing stays listed above the submit button.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FieldCheck

Page {
    id: page
    objectName: "visitPage"

    property alias visitId: editor.visitId
    property alias assignmentId: editor.assignmentId
    property alias unitId: editor.unitId
    readonly property alias editor: editor

    background: Rectangle { color: Theme.background }

    VisitEditor {
        id: editor
        objectName: "visitEditor"
        session: Session
        devices: Devices
        onSignedVisit: signaturePad.clear()
    }

    // Scrolls a card into view (after starting, the check-in card is next).
    function reveal(target) {
        const y = target.mapToItem(body, 0, 0).y - 12
        flick.contentY = Math.max(0, Math.min(y, flick.contentHeight - flick.height))
    }

    header: ToolBar {
        palette.windowText: Theme.textOnPrimary
        palette.buttonText: Theme.textOnPrimary
        palette.button: Theme.primary
        palette.mid: Theme.primaryPressed
        palette.highlight: Theme.textOnPrimary
        background: Rectangle {
            implicitHeight: 52
            color: Theme.primary
        }
        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: backButton.visible ? 0 : 16
            anchors.rightMargin: 16
            spacing: 0
            ToolButton {
                id: backButton
                objectName: "visitBackButton"
                visible: page.StackView.view !== null && page.StackView.index > 0
                Layout.fillHeight: true
                leftPadding: 16
                rightPadding: 12
                font.pixelSize: Theme.bodySize
                font.bold: true
                text: qsTr("Back")
                Accessible.name: text
                onClicked: page.StackView.view.pop()
            }
            Label {
                Layout.fillWidth: true
                text: editor.unitName.length > 0 ? qsTr("Visit: %1").arg(editor.unitName) : qsTr("Visit")
                elide: Text.ElideRight
                font.pixelSize: Theme.headingSize
                font.bold: true
                Accessible.role: Accessible.Heading
                Accessible.name: text
            }
        }
    }

    // What the last action did, or why it was refused: where the thumb is, whatever the scroll.
    footer: Rectangle {
        objectName: "visitMessageBar"
        visible: editor.message.length > 0
        implicitHeight: visible ? messageRow.implicitHeight + 16 : 0
        color: editor.messageIsError ? "#fbe9e7" : "#e8f3ea"
        border.color: editor.messageIsError ? Theme.error : "#9cc5a5"
        RowLayout {
            id: messageRow
            anchors.fill: parent
            anchors.margins: 8
            anchors.leftMargin: 16
            Label {
                objectName: "visitMessage"
                Layout.fillWidth: true
                text: editor.message
                wrapMode: Text.Wrap
                color: editor.messageIsError ? Theme.error : Theme.text
                Accessible.role: Accessible.AlertMessage
                Accessible.name: text
            }
            ToolButton {
                objectName: "visitMessageClose"
                Layout.minimumWidth: 44
                Layout.minimumHeight: 44
                text: qsTr("Close")
                font.bold: true
                Accessible.name: qsTr("Dismiss the message")
                onClicked: editor.dismissMessage()
            }
        }
    }

    Flickable {
        id: flick
        objectName: "visitFlickable"
        anchors.fill: parent
        contentHeight: body.implicitHeight + 32
        boundsBehavior: Flickable.StopAtBounds
        clip: true
        visible: editor.found || editor.canStart
        ScrollBar.vertical: ScrollBar {}

        ColumnLayout {
            id: body
            x: 12
            y: 12
            width: flick.width - 24
            spacing: 12

            // The unit, the group, where the visit stands.
            VisitCard {
                objectName: "visitStatusCard"
                title: editor.unitName
                aside: editor.statusLabel
                Label {
                    visible: editor.unitAddress.length > 0
                    Layout.fillWidth: true
                    text: editor.unitAddress
                    wrapMode: Text.Wrap
                    color: Theme.secondaryText
                }
                Label {
                    visible: editor.groupName.length > 0
                    Layout.fillWidth: true
                    text: editor.checklistName.length > 0 ? qsTr("%1 · %2").arg(editor.groupName).arg(editor.checklistName)
                                                          : editor.groupName
                    wrapMode: Text.Wrap
                    font.pixelSize: Theme.smallSize
                    color: Theme.secondaryText
                }
                Label {
                    objectName: "draftNotice"
                    visible: editor.draftRestored
                    Layout.fillWidth: true
                    text: editor.draftNotice
                    wrapMode: Text.Wrap
                    color: Theme.primary
                    font.bold: true
                    Accessible.role: Accessible.AlertMessage
                    Accessible.name: text
                }
                Button {
                    objectName: "visitStartButton"
                    visible: editor.canStart
                    enabled: !editor.busy
                    Layout.fillWidth: true
                    Layout.minimumHeight: 52
                    highlighted: true
                    text: qsTr("Start the visit")
                    Accessible.name: qsTr("Start the visit at this unit")
                    onClicked: editor.start()
                }
            }

            // 签到: where the visit takes place.
            VisitCard {
                id: checkInCard
                objectName: "checkInCard"
                visible: editor.found && editor.status !== "planned"
                title: qsTr("Check-in")
                aside: editor.checkedIn ? qsTr("Done") : ""
                Label {
                    objectName: "positionLabel"
                    Layout.fillWidth: true
                    text: editor.checkedIn ? editor.positionText
                                           : qsTr("Not checked in yet. Check in when you are at the unit.")
                    wrapMode: Text.Wrap
                    font.bold: editor.checkedIn
                }
                Label {
                    visible: editor.checkInTime.length > 0
                    Layout.fillWidth: true
                    text: qsTr("Position taken %1").arg(editor.checkInTime)
                    font.pixelSize: Theme.smallSize
                    color: Theme.secondaryText
                }
                Label {
                    objectName: "distanceLabel"
                    visible: editor.checkedIn
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    text: !editor.unitHasLocation ? qsTr("The unit has no recorded location, so the distance is not known.")
                          : editor.distanceToUnit >= 0 ? qsTr("%1 m from the unit's recorded location").arg(Math.round(editor.distanceToUnit))
                          : ""
                    color: editor.farFromUnit ? Theme.error : Theme.text
                }
                Label {
                    objectName: "farWarning"
                    visible: editor.checkedIn && editor.farFromUnit
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    color: Theme.error
                    font.bold: true
                    text: qsTr("Far from the unit (more than %1 m). Check in again at the unit; if you are there, say why in the notes.")
                          .arg(Math.round(editor.farThreshold))
                    Accessible.role: Accessible.AlertMessage
                    Accessible.name: text
                }
                Label {
                    objectName: "simulatedWarning"
                    visible: editor.checkedIn && editor.positionSimulated
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    color: Theme.error
                    font.bold: true
                    text: qsTr("The position source says this position is simulated. The visit records that it is not evidence of where you were.")
                    Accessible.role: Accessible.AlertMessage
                    Accessible.name: text
                }
                Label {
                    objectName: "checkInError"
                    visible: editor.checkInError.length > 0
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    color: Theme.error
                    text: editor.checkInError
                }
                RowLayout {
                    Layout.fillWidth: true
                    Button {
                        objectName: "checkInButton"
                        Layout.fillWidth: true
                        Layout.minimumHeight: 52
                        enabled: editor.editable && !editor.checkingIn
                        highlighted: !editor.checkedIn
                        text: editor.checkingIn ? qsTr("Finding the position…")
                              : editor.checkedIn ? qsTr("Check in again") : qsTr("Check in here")
                        Accessible.name: qsTr("Check in: record the position of this visit")
                        onClicked: editor.checkIn()
                    }
                    BusyIndicator {
                        visible: editor.checkingIn
                        running: visible
                        Layout.preferredHeight: 40
                        Layout.preferredWidth: 40
                        Accessible.name: qsTr("Finding the position")
                    }
                }
            }

            // Who is there (the two-person rule).
            VisitCard {
                objectName: "inspectorsCard"
                visible: editor.found && editor.status !== "planned"
                title: qsTr("Inspectors present")
                aside: qsTr("%1 present").arg(editor.presentCount)
                asideAlert: editor.fewerThanTwo
                // Repeaters sit in a Column, not straight in a layout: on Qt 6.4 a layout that
                // rearranges while a Repeater in it rebuilds reads a freed delegate and crashes.
                Column {
                    id: inspectorList
                    Layout.fillWidth: true
                    Repeater {
                    model: editor.inspectorNames
                    CheckDelegate {
                        required property string modelData
                        required property int index
                        objectName: "inspector_" + index
                        width: inspectorList.width
                        height: Math.max(48, implicitHeight)
                        text: modelData
                        checked: editor.presentNames.indexOf(modelData) >= 0
                        enabled: editor.editable
                        Accessible.name: qsTr("%1 is present").arg(modelData)
                        // clicked follows the toggle (a tap, or the self-test's driver)
                        onClicked: editor.setInspectorPresent(modelData, checked)
                    }
                    }
                }
                Label {
                    visible: editor.inspectorNames.length === 0
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    color: Theme.secondaryText
                    text: qsTr("No members of the group are on this device. Sync to get them.")
                }
                Label {
                    objectName: "twoPersonWarning"
                    visible: editor.fewerThanTwo
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    color: Theme.error
                    font.bold: true
                    text: qsTr("Two or more inspectors should be present. A visit submitted with fewer is flagged for review.")
                    Accessible.role: Accessible.AlertMessage
                    Accessible.name: text
                }
            }

            // 检查清单.
            VisitCard {
                id: checklistCard
                objectName: "checklistCard"
                visible: editor.found && editor.status !== "planned"
                title: qsTr("Checklist")
                aside: editor.checklist.count > 0 ? qsTr("%1 of %2 answered").arg(editor.answeredCount).arg(editor.checklist.count) : ""
                Column {
                    id: checklistItems
                    objectName: "checklistItems"
                    Layout.fillWidth: true
                    spacing: 12
                    Repeater {
                        model: editor.checklist
                        delegate: VisitChecklistDelegate {
                            width: checklistItems.width
                            editor: page.editor
                        }
                    }
                }
                Label {
                    visible: editor.checklist.count === 0
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    color: Theme.secondaryText
                    text: qsTr("This visit has no checklist on this device. Record what you check in the notes.")
                }
            }

            VisitCard {
                objectName: "notesCard"
                visible: editor.found && editor.status !== "planned"
                title: qsTr("Notes")
                TextArea {
                    objectName: "visitNotesField"
                    Layout.fillWidth: true
                    Layout.minimumHeight: 96
                    wrapMode: TextEdit.Wrap
                    enabled: editor.editable
                    placeholderText: qsTr("What was checked, who was talked to, what was seen")
                    text: editor.notes
                    Accessible.name: qsTr("Notes of the visit")
                    onTextChanged: if (text !== editor.notes) editor.notes = text
                    background: Rectangle {
                        radius: 4
                        color: parent.enabled ? Theme.card : Theme.disabledFill
                        border.color: parent.activeFocus ? Theme.primary : Theme.divider
                    }
                }
            }

            // 被检查单位签字确认.
            VisitCard {
                id: signatureCard
                objectName: "signatureCard"
                visible: editor.found && editor.status !== "planned"
                title: qsTr("Signature of the unit")
                aside: editor.signatureState === "valid" ? qsTr("Signed")
                       : editor.signatureState === "changed_after_signing" ? qsTr("Changed since signed") : ""
                asideAlert: editor.signatureState === "changed_after_signing"
                Label {
                    objectName: "signatureStateLabel"
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    font.bold: editor.signatureState !== "unsigned"
                    color: editor.signatureState === "changed_after_signing" ? Theme.error : Theme.text
                    text: editor.signatureState === "valid"
                          ? qsTr("Signed by %1 on %2. The signature covers the visit as it is now.").arg(editor.signedBy).arg(editor.signedTime)
                          : editor.signatureState === "changed_after_signing"
                            ? qsTr("Signed by %1 on %2, but the visit was changed afterwards. The representative must sign again.").arg(editor.signedBy).arg(editor.signedTime)
                            : qsTr("The unit's representative reads the visit record and signs below to confirm it.")
                }
                ColumnLayout {
                    Layout.fillWidth: true
                    spacing: 8
                    visible: editor.editable && editor.signatureState !== "valid"
                    TextField {
                        id: signerField
                        objectName: "signerField"
                        Layout.fillWidth: true
                        Layout.minimumHeight: 48
                        placeholderText: qsTr("Name of the representative who signs")
                        Accessible.name: qsTr("Name of the unit's representative")
                    }
                    SignaturePad {
                        id: signaturePad
                        objectName: "signaturePad"
                        Layout.fillWidth: true
                        Layout.preferredHeight: 180
                        enabled: editor.editable && !editor.busy
                    }
                    RowLayout {
                        Layout.fillWidth: true
                        spacing: 8
                        Button {
                            objectName: "clearSignatureButton"
                            Layout.minimumHeight: 48
                            enabled: !signaturePad.empty
                            text: qsTr("Clear")
                            Accessible.name: qsTr("Clear the signature")
                            onClicked: signaturePad.clear()
                        }
                        Button {
                            objectName: "signButton"
                            Layout.fillWidth: true
                            Layout.minimumHeight: 48
                            highlighted: true
                            enabled: !signaturePad.empty && signerField.text.trim().length > 0 && !editor.busy
                            text: qsTr("Confirm with this signature")
                            Accessible.name: qsTr("Seal the signature onto the visit record")
                            onClicked: editor.sign(signerField.text, signaturePad.strokes, signaturePad.width, signaturePad.height)
                        }
                    }
                }
            }

            // 提交.
            VisitCard {
                objectName: "submitCard"
                visible: editor.found && editor.status !== "planned"
                title: editor.editable ? qsTr("Submit") : qsTr("Status")
                Label {
                    visible: !editor.editable
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    text: qsTr("This visit is %1: it can no longer be changed on this device.").arg(editor.statusLabel)
                }
                Label {
                    objectName: "missingLabel"
                    visible: editor.editable && editor.missing.length > 0
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    color: Theme.secondaryText
                    text: qsTr("Still needed:") + "\n• " + editor.missing.join("\n• ")
                }
                Label {
                    visible: editor.editable && editor.missing.length === 0
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    text: editor.fewerThanTwo ? qsTr("Ready to submit. It will be flagged: fewer than two inspectors are present.")
                                              : qsTr("Ready to submit.")
                }
                Button {
                    objectName: "submitVisitButton"
                    visible: editor.editable
                    Layout.fillWidth: true
                    Layout.minimumHeight: 52
                    highlighted: editor.missing.length === 0
                    enabled: !editor.busy
                    text: qsTr("Submit the visit")
                    Accessible.name: text
                    onClicked: editor.submit()
                }
            }
        }
    }

    BusyIndicator {
        objectName: "visitLoading"
        anchors.centerIn: parent
        running: editor.loading && !editor.found && !editor.canStart
        visible: running
        Accessible.name: qsTr("Loading the visit")
    }

    Label {
        objectName: "visitMissing"
        visible: !editor.loading && !editor.found && !editor.canStart
        anchors.centerIn: parent
        width: Math.min(parent.width - 48, 320)
        horizontalAlignment: Text.AlignHCenter
        wrapMode: Text.Wrap
        color: editor.errorMessage.length > 0 ? Theme.error : Theme.secondaryText
        text: editor.errorMessage.length > 0 ? editor.errorMessage : qsTr("There is no visit to show.")
        Accessible.name: text
    }
}
