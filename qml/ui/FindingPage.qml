// One finding (问题线索): what was found, by whom and where it stands, as a form the role may fill in
// as far as the permission table lets it — the fields it may change, the next steps of the life
// cycle it may take (each a button), withdrawal with a reason — its photos and its history.
// FindingEditor does the work on the store thread; everything typed is in the encrypted draft at
// once. Opened with a findingId (an existing finding) or a unitId (a new one, optionally visitId
// and source). A new finding takes photos once it is saved: the page then stays open on it.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FieldCheck

Page {
    id: page
    objectName: "findingPage"

    property alias findingId: finding.findingId
    property alias unitId: finding.unitId
    property alias visitId: finding.visitId
    property alias source: finding.source
    readonly property alias editor: finding

    background: Rectangle { color: Theme.background }

    FindingEditor {
        id: finding
        objectName: "findingEditor"
        session: Session
    }

    // The notice of the last write stays a few seconds.
    Timer {
        id: noticeTimer
        interval: 6000
        onTriggered: finding.clearNotice()
    }
    Connections {
        target: finding
        function onNoticeChanged() { if (finding.notice.length > 0) noticeTimer.restart() }
        function onCreated() { flick.contentY = 0 }
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
                objectName: "findingBackButton"
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
                text: finding.isNew ? qsTr("New finding") : qsTr("Finding")
                elide: Text.ElideRight
                font.pixelSize: Theme.headingSize
                font.bold: true
                Accessible.role: Accessible.Heading
                Accessible.name: text
            }
            BusyIndicator {
                running: finding.busy
                visible: running
                implicitWidth: 28
                implicitHeight: 28
                Accessible.name: qsTr("Saving")
            }
        }
    }

    Flickable {
        id: flick
        objectName: "findingFlickable"
        anchors.fill: parent
        contentHeight: body.implicitHeight + 32
        boundsBehavior: Flickable.StopAtBounds
        clip: true
        visible: finding.ready
        ScrollBar.vertical: ScrollBar {}

        ColumnLayout {
            id: body
            x: 12
            y: 12
            width: flick.width - 24
            spacing: 12

            // What went wrong, and the core's rule behind it.
            Banner {
                objectName: "findingError"
                visible: finding.errorMessage.length > 0
                alert: true
                message: finding.errorMessage
                detail: finding.errorDetail
            }
            Banner {
                objectName: "findingNotice"
                visible: finding.notice.length > 0 && finding.errorMessage.length === 0
                message: finding.notice
            }
            Banner {
                objectName: "findingDraftRestored"
                visible: finding.draftRestored && finding.dirty
                message: qsTr("What you typed before the app was closed is back. Save it, or discard it.")
            }

            // Where the finding is and where it stands.
            Rectangle {
                objectName: "findingIdentity"
                Layout.fillWidth: true
                implicitHeight: identity.implicitHeight + 28
                radius: Theme.cardRadius
                color: Theme.card
                border.color: Theme.cardBorder
                Accessible.role: Accessible.Grouping
                Accessible.name: finding.unitName

                ColumnLayout {
                    id: identity
                    anchors.fill: parent
                    anchors.margins: 14
                    spacing: 6

                    RowLayout {
                        Layout.fillWidth: true
                        spacing: 8
                        Label {
                            objectName: "findingUnitName"
                            Layout.fillWidth: true
                            text: finding.unitName
                            wrapMode: Text.Wrap
                            font.pixelSize: Theme.bodySize + 2
                            font.bold: true
                            font.strikeout: finding.withdrawn
                            Accessible.role: Accessible.Heading
                            Accessible.name: text
                        }
                        Tag {
                            objectName: "findingStatus"
                            visible: text.length > 0
                            text: finding.withdrawn ? qsTr("Withdrawn") : finding.isNew ? qsTr("Not saved yet") : finding.statusLabel
                            alert: finding.withdrawn
                        }
                    }
                    Label {
                        visible: text.length > 0
                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                        color: Theme.secondaryText
                        font.pixelSize: Theme.smallSize
                        text: [finding.fromVisit ? qsTr("Recorded during a visit") : "",
                               finding.caseOpenedDate.length > 0 ? qsTr("Case opened or transferred %1").arg(finding.caseOpenedDate) : ""]
                              .filter(s => s.length > 0).join(" · ")
                    }
                    Label {
                        objectName: "findingWithdrawnReason"
                        visible: finding.withdrawn
                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                        color: Theme.error
                        font.bold: true
                        text: qsTr("Withdrawn: %1").arg(finding.withdrawnReason)
                    }
                    Label {
                        objectName: "findingReadOnlyNote"
                        visible: finding.ready && !finding.canEdit && !finding.withdrawn
                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                        color: Theme.secondaryText
                        font.pixelSize: Theme.smallSize
                        text: finding.isNew ? qsTr("Your role may not record findings.")
                                            : qsTr("Your role may not change this finding in its present state.")
                    }
                }
            }

            // What was found.
            Rectangle {
                objectName: "findingForm"
                Layout.fillWidth: true
                implicitHeight: form.implicitHeight + 28
                radius: Theme.cardRadius
                color: Theme.card
                border.color: Theme.cardBorder
                Accessible.role: Accessible.Grouping
                Accessible.name: qsTr("What was found")

                ColumnLayout {
                    id: form
                    anchors.fill: parent
                    anchors.margins: 14
                    spacing: 4

                    Caption { field: "category"; text: qsTr("Category") }
                    ChoiceBox {
                        objectName: "findingCategoryBox"
                        field: "category"
                        model: finding.categories
                        placeholder: qsTr("Choose a category")
                        Accessible.name: qsTr("Category")
                    }
                    FieldError { field: "category" }

                    Caption { field: "subcategory"; text: qsTr("Specific problem") }
                    TextLine {
                        objectName: "findingSubcategoryField"
                        field: "subcategory"
                        placeholderText: qsTr("e.g. meal subsidies paid twice")
                        Accessible.name: qsTr("Specific problem")
                    }
                    FieldError { field: "subcategory" }

                    Caption { field: "description"; text: qsTr("Description") }
                    TextArea {
                        id: description
                        objectName: "findingDescriptionField"
                        readonly property bool mayEdit: finding.editable.description === true
                        Layout.fillWidth: true
                        Layout.minimumHeight: 88
                        text: finding.values.description ?? ""
                        readOnly: !mayEdit
                        enabled: !finding.busy
                        wrapMode: TextEdit.Wrap
                        placeholderText: mayEdit ? qsTr("What was found, where and when, and what shows it") : ""
                        Accessible.name: qsTr("Description")
                        background: FieldBackground { editable: description.mayEdit; focused: description.activeFocus
                                                      failed: (finding.fieldErrors.description ?? "").length > 0 }
                        onTextChanged: if (mayEdit && text !== (finding.values.description ?? "")) finding.setValue("description", text)
                    }
                    FieldError { field: "description" }

                    Caption { field: "money_involved"; text: qsTr("Amount involved (yuan)") }
                    TextLine {
                        objectName: "findingMoneyField"
                        field: "money_involved"
                        placeholderText: qsTr("e.g. 1234.50")
                        inputMethodHints: Qt.ImhFormattedNumbersOnly
                        Accessible.name: qsTr("Amount involved in yuan")
                    }
                    FieldError { field: "money_involved" }

                    Caption { field: "persons_involved"; text: qsTr("Persons involved (personal data)") }
                    TextLine {
                        objectName: "findingPersonsField"
                        field: "persons_involved"
                        placeholderText: qsTr("Names, separated by commas")
                        inputMethodHints: Qt.ImhNoPredictiveText
                        Accessible.name: qsTr("Persons involved")
                    }
                    FieldError { field: "persons_involved" }

                    Caption { field: "source"; text: qsTr("Source") }
                    ChoiceBox {
                        objectName: "findingSourceBox"
                        field: "source"
                        model: finding.sources
                        placeholder: qsTr("Choose where it came from")
                        Accessible.name: qsTr("Source")
                    }
                    FieldError { field: "source" }

                    Caption { field: "found_date"; text: qsTr("Found on") }
                    TextLine {
                        objectName: "findingDateField"
                        field: "found_date"
                        placeholderText: qsTr("YYYY-MM-DD")
                        inputMethodHints: Qt.ImhDate
                        Accessible.name: qsTr("Found on, year-month-day")
                    }
                    FieldError { field: "found_date" }

                    RowLayout {
                        visible: finding.canEdit
                        Layout.fillWidth: true
                        Layout.topMargin: 8
                        spacing: 8
                        Button {
                            objectName: "findingSaveButton"
                            Layout.fillWidth: true
                            Layout.minimumHeight: 44
                            highlighted: true
                            enabled: !finding.busy && (finding.isNew || finding.dirty)
                            text: finding.isNew ? qsTr("Save the finding") : qsTr("Save changes")
                            Accessible.name: text
                            onClicked: finding.save()
                        }
                        Button {
                            objectName: "findingDiscardButton"
                            visible: finding.dirty
                            Layout.minimumHeight: 44
                            enabled: !finding.busy
                            text: qsTr("Discard")
                            Accessible.name: qsTr("Discard the changes not saved")
                            onClicked: finding.discard()
                        }
                    }
                    Label {
                        visible: finding.canEdit
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
                objectName: "findingMovesSection"
                visible: !finding.isNew && !finding.withdrawn
                title: qsTr("Next step")
                count: 0
                emptyText: ""

                Repeater {
                    model: finding.moves
                    delegate: Button {
                        required property var modelData
                        objectName: "findingMove_" + modelData.to
                        Layout.fillWidth: true
                        Layout.minimumHeight: 44
                        // A move may end the right to save what is not saved yet.
                        enabled: !finding.busy && !finding.dirty
                        text: modelData.label
                        Accessible.name: text
                        Accessible.description: qsTr("The finding will then be: %1").arg(modelData.statusLabel)
                        onClicked: finding.move(modelData.to)
                    }
                }
                Label {
                    visible: finding.moves.length === 0
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    color: Theme.secondaryText
                    text: qsTr("No further step is open to your role.")
                }
                Label {
                    visible: finding.moves.length > 0 && finding.dirty
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    color: Theme.secondaryText
                    font.pixelSize: Theme.smallSize
                    text: qsTr("Save or discard your changes before the next step.")
                }
                // The unit concerned answers a finding (问题答复) — it can never change the finding.
                Button {
                    objectName: "findingAnswerButton"
                    visible: finding.mayAnswer
                    Layout.fillWidth: true
                    Layout.minimumHeight: 44
                    highlighted: true
                    text: qsTr("Answer this finding")
                    Accessible.name: text
                    onClicked: page.StackView.view.push(Qt.resolvedUrl("RecordFormPage.qml"),
                                                        { type: "finding_answer", recordId: "", presets: { finding_id: finding.findingId },
                                                          title: qsTr("Answer to a finding"),
                                                          intro: qsTr("Accept it and say how the unit rectifies it, explain the circumstances, or dispute it with your reasons. The finding itself stays as the inspectors recorded it.") })
                }
                Button {
                    objectName: "findingWithdrawButton"
                    visible: finding.canWithdraw
                    Layout.fillWidth: true
                    Layout.minimumHeight: 44
                    Layout.topMargin: 4
                    enabled: !finding.busy
                    text: qsTr("Withdraw this finding…")
                    Accessible.name: qsTr("Withdraw this finding")
                    palette.buttonText: Theme.error
                    onClicked: withdrawDialog.open()
                }
            }

            UnitSection {
                objectName: "findingPhotosSection"
                title: qsTr("Photos")
                count: photos.controller.count
                shown: photos.controller.count
                emptyText: ""

                PhotoStrip {
                    id: photos
                    Layout.fillWidth: true
                    namePrefix: "findingPhoto"
                    recordType: "finding"
                    recordId: finding.findingId
                }
            }

            UnitSection {
                objectName: "findingHistorySection"
                title: qsTr("History")
                count: finding.history.length
                shown: finding.history.length
                emptyText: qsTr("Nothing recorded yet.")

                Repeater {
                    model: finding.history
                    delegate: ColumnLayout {
                        required property var modelData
                        Layout.fillWidth: true
                        spacing: 1
                        Accessible.role: Accessible.StaticText
                        Accessible.name: [modelData.actionLabel, modelData.when, modelData.actor, modelData.detail]
                                         .filter(s => s.length > 0).join(", ")
                        Label {
                            Layout.fillWidth: true
                            text: modelData.actionLabel
                            font.pixelSize: Theme.bodySize
                        }
                        Label {
                            Layout.fillWidth: true
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

    BusyIndicator {
        objectName: "findingLoading"
        anchors.centerIn: parent
        running: finding.loading && !finding.ready
        visible: running
        Accessible.name: qsTr("Loading the finding")
    }

    Label {
        objectName: "findingMissing"
        visible: !finding.loading && !finding.ready && finding.errorMessage.length > 0
        anchors.centerIn: parent
        width: Math.min(parent.width - 48, 320)
        horizontalAlignment: Text.AlignHCenter
        wrapMode: Text.Wrap
        color: Theme.error
        text: finding.errorMessage
        Accessible.name: text
    }

    Dialog {
        id: withdrawDialog
        objectName: "findingWithdrawDialog"
        anchors.centerIn: parent
        width: Math.min(page.width - 32, 360)
        modal: true
        title: qsTr("Withdraw this finding")
        standardButtons: Dialog.NoButton
        onOpened: reason.forceActiveFocus()

        ColumnLayout {
            anchors.fill: parent
            spacing: 8
            Label {
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                text: qsTr("A withdrawn finding stays on record with your reason, and can no longer be changed.")
            }
            TextArea {
                id: reason
                objectName: "findingWithdrawReason"
                Layout.fillWidth: true
                Layout.minimumHeight: 72
                wrapMode: TextEdit.Wrap
                placeholderText: qsTr("Why, e.g. recorded twice by two inspectors")
                Accessible.name: qsTr("Reason for the withdrawal")
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: 8
                Button {
                    objectName: "findingWithdrawCancel"
                    Layout.fillWidth: true
                    Layout.minimumHeight: 44
                    text: qsTr("Cancel")
                    Accessible.name: text
                    onClicked: withdrawDialog.close()
                }
                Button {
                    objectName: "findingWithdrawConfirm"
                    Layout.fillWidth: true
                    Layout.minimumHeight: 44
                    highlighted: true
                    enabled: reason.text.trim().length > 0
                    text: qsTr("Withdraw")
                    Accessible.name: text
                    onClicked: {
                        finding.withdraw(reason.text)
                        reason.clear()
                        withdrawDialog.close()
                    }
                }
            }
        }
    }

    // ---- the form's parts

    // A field's name above it; hidden with the field when the role may not see it.
    component Caption: Label {
        property string field
        visible: finding.shown[field] === true
        Layout.fillWidth: true
        Layout.topMargin: 6
        font.pixelSize: Theme.smallSize
        font.bold: true
        color: Theme.secondaryText
    }

    // What the core said about the field's value, in the app's words.
    component FieldError: Label {
        property string field
        readonly property string problem: finding.fieldErrors[field] ?? ""
        objectName: "findingError_" + field
        visible: problem.length > 0 && finding.shown[field] === true
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        color: Theme.error
        font.pixelSize: Theme.smallSize
        text: problem
        Accessible.name: text
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

    // One line of text; read-only (no frame) when the role may not change it.
    component TextLine: TextField {
        id: line
        property string field
        readonly property bool mayEdit: finding.editable[field] === true
        visible: finding.shown[field] === true
        Layout.fillWidth: true
        Layout.preferredHeight: 44
        text: finding.values[field] ?? ""
        readOnly: !mayEdit
        enabled: !finding.busy
        background: FieldBackground { editable: line.mayEdit; focused: line.activeFocus
                                      failed: (finding.fieldErrors[line.field] ?? "").length > 0 }
        onTextChanged: if (mayEdit && text !== (finding.values[field] ?? "")) finding.setValue(field, text)
    }

    // One of a field's choices (the core's codes, the app's words).
    component ChoiceBox: ComboBox {
        id: box
        property string field
        property string placeholder
        readonly property bool mayEdit: finding.editable[field] === true
        visible: finding.shown[field] === true
        Layout.fillWidth: true
        Layout.preferredHeight: 44
        textRole: "label"
        valueRole: "value"
        enabled: mayEdit && !finding.busy
        currentIndex: indexOfValue(finding.values[field] ?? "")
        displayText: currentIndex < 0 ? (mayEdit ? placeholder : "") : currentText
        delegate: ItemDelegate {
            required property var modelData
            width: box.width
            height: 44
            text: modelData.label
        }
        onActivated: (index) => finding.setValue(field, valueAt(index))
    }
}
