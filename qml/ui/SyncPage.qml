// The Sync page: enrolment (once, with the office's enrolment file, user and password), then with
// which server and as whom the device is enrolled, a sync button with
// progress (items, kilobytes), the outcome in words an inspector can act on, and what needs a
// person afterwards (conflicts, rejected changes).
import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import FieldCheck

Page {
    id: page
    objectName: "syncPage"

    required property SyncController syncer
    signal conflictsRequested()

    background: Rectangle { color: Theme.background }

    Flickable {
        anchors.fill: parent
        contentHeight: column.implicitHeight + 32
        boundsBehavior: Flickable.StopAtBounds
        clip: true

        ColumnLayout {
            id: column
            x: 16
            y: 16
            width: parent.width - 32
            spacing: 12

            Rectangle {
                objectName: "enrolmentCard"
                visible: !page.syncer.enrolled
                Layout.fillWidth: true
                implicitHeight: enrolColumn.implicitHeight + 28
                radius: Theme.cardRadius
                color: Theme.card
                border.color: Theme.cardBorder

                EnrolmentController {
                    id: enrolment
                    objectName: "enrolmentController"
                    session: Session
                    onEnrolled: {
                        enrolPassword.clear()
                        page.syncer.refreshEnrolment()
                    }
                }

                FileDialog {
                    id: enrolmentFileDialog
                    title: qsTr("Choose the enrolment file")
                    nameFilters: [qsTr("Enrolment files (*.json)"), qsTr("All files (*)")]
                    onAccepted: enrolFile.text = selectedFile.toString()
                }

                ColumnLayout {
                    id: enrolColumn
                    anchors.fill: parent
                    anchors.margins: 14
                    spacing: 8

                    Label {
                        text: qsTr("Enrol this device")
                        font.bold: true
                    }
                    Label {
                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                        color: Theme.secondaryText
                        font.pixelSize: Theme.smallSize
                        text: qsTr("Once, with signal: the enrolment file from the office says where the server is and how to recognise it. Your password is used for this login only and is not kept.")
                    }
                    RowLayout {
                        Layout.fillWidth: true
                        spacing: 8
                        Label {
                            id: enrolFileLabel
                            objectName: "enrolmentFileLabel"
                            Layout.fillWidth: true
                            elide: Text.ElideMiddle
                            color: enrolFile.text.length > 0 ? Theme.text : Theme.hintText
                            text: enrolFile.text.length > 0 ? decodeURIComponent(enrolFile.text.replace(/^.*\//, ""))
                                                            : qsTr("No enrolment file chosen")
                        }
                        Button {
                            objectName: "chooseEnrolmentFileButton"
                            Layout.minimumHeight: 44
                            text: qsTr("Choose file…")
                            Accessible.name: qsTr("Choose the enrolment file")
                            enabled: !enrolment.busy
                            onClicked: enrolmentFileDialog.open()
                        }
                    }
                    // Holds the chosen file's URL; tests type a path here.
                    TextField {
                        id: enrolFile
                        objectName: "enrolmentFileField"
                        visible: false
                    }
                    TextField {
                        id: enrolAddress
                        objectName: "enrolmentAddressField"
                        Layout.fillWidth: true
                        Layout.preferredHeight: 44
                        placeholderText: qsTr("Server address (only if the office says so)")
                        inputMethodHints: Qt.ImhUrlCharactersOnly | Qt.ImhNoAutoUppercase
                        Accessible.name: qsTr("Server address")
                        enabled: !enrolment.busy
                        onTextEdited: enrolment.clearError()
                    }
                    TextField {
                        id: enrolUser
                        objectName: "enrolmentUserField"
                        Layout.fillWidth: true
                        Layout.preferredHeight: 44
                        placeholderText: qsTr("User name")
                        inputMethodHints: Qt.ImhNoAutoUppercase | Qt.ImhNoPredictiveText
                        Accessible.name: qsTr("User name")
                        enabled: !enrolment.busy
                        onTextEdited: enrolment.clearError()
                    }
                    TextField {
                        id: enrolPassword
                        objectName: "enrolmentPasswordField"
                        Layout.fillWidth: true
                        Layout.preferredHeight: 44
                        placeholderText: qsTr("Password")
                        echoMode: TextInput.Password
                        font.family: Theme.passwordFamily
                        inputMethodHints: Qt.ImhSensitiveData | Qt.ImhNoPredictiveText | Qt.ImhHiddenText
                        Accessible.name: qsTr("Password")
                        enabled: !enrolment.busy
                        onTextEdited: enrolment.clearError()
                        onAccepted: enrolButton.clicked()
                    }
                    RowLayout {
                        spacing: 8
                        Button {
                            id: enrolButton
                            objectName: "enrolButton"
                            Layout.minimumHeight: 44
                            highlighted: true
                            text: qsTr("Enrol")
                            Accessible.name: qsTr("Enrol this device")
                            enabled: !enrolment.busy && enrolUser.length > 0 && enrolPassword.length > 0
                                     && (enrolFile.text.length > 0 || enrolAddress.length > 0)
                            palette.dark: enabled ? Theme.primary : Theme.disabledFill
                            palette.brightText: enabled ? Theme.textOnPrimary : Theme.disabledText
                            onClicked: {
                                enrolment.enrol(enrolAddress.text, enrolFile.text, enrolUser.text, enrolPassword.text)
                                enrolPassword.clear()
                            }
                        }
                        BusyIndicator {
                            running: enrolment.busy
                            visible: running
                            implicitWidth: 28
                            implicitHeight: 28
                            Accessible.name: qsTr("Enrolling")
                        }
                    }
                    Label {
                        objectName: "enrolmentError"
                        visible: text.length > 0
                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                        color: Theme.error
                        text: enrolment.errorMessage
                    }
                }
            }

            Rectangle {
                objectName: "syncCard"
                Layout.fillWidth: true
                implicitHeight: syncColumn.implicitHeight + 28
                radius: Theme.cardRadius
                color: Theme.card
                border.color: Theme.cardBorder

                ColumnLayout {
                    id: syncColumn
                    anchors.fill: parent
                    anchors.margins: 14
                    spacing: 8

                    RowLayout {
                        Layout.fillWidth: true
                        spacing: 12
                        ColumnLayout {
                            Layout.fillWidth: true
                            spacing: 2
                            Label {
                                text: qsTr("Sync with the bureau's server")
                                font.bold: true
                            }
                            Label {
                                objectName: "enrolmentLabel"
                                Layout.fillWidth: true
                                wrapMode: Text.Wrap
                                color: Theme.secondaryText
                                font.pixelSize: 13
                                text: page.syncer.enrolled
                                      ? qsTr("%1 (%2) at %3").arg(page.syncer.userName).arg(page.syncer.role).arg(page.syncer.serverUrl)
                                      : qsTr("Not enrolled yet: enrol this device below with the file the office gave you.")
                            }
                        }
                        Button {
                            objectName: "syncButton"
                            Layout.minimumHeight: 44
                            Layout.minimumWidth: 88
                            Accessible.name: page.syncer.busy ? qsTr("Cancel the sync") : qsTr("Sync now")
                            text: page.syncer.busy ? qsTr("Cancel") : qsTr("Sync")
                            enabled: page.syncer.enrolled
                            // The Basic style draws a disabled button almost like an enabled one.
                            opacity: enabled ? 1 : 0.4
                            font.bold: true
                            onClicked: page.syncer.busy ? page.syncer.cancel() : page.syncer.syncNow()
                        }
                    }
                    ProgressBar {
                        objectName: "syncProgress"
                        Layout.fillWidth: true
                        visible: page.syncer.busy
                        indeterminate: page.syncer.itemsTotal <= 0
                        value: page.syncer.itemsTotal > 0 ? page.syncer.itemsDone / page.syncer.itemsTotal : 0
                    }
                    Label {
                        objectName: "syncProgressLabel"
                        visible: page.syncer.busy
                        Layout.fillWidth: true
                        font.pixelSize: 13
                        color: Theme.secondaryText
                        text: (page.syncer.phase === "push"
                               ? qsTr("Sending changes: %1 of %2").arg(page.syncer.itemsDone).arg(Math.max(page.syncer.itemsTotal, 0))
                               : qsTr("Receiving records: %1").arg(page.syncer.itemsDone))
                              + " · " + qsTr("%1 KB").arg(Math.round(page.syncer.bytesTransferred / 1024))
                    }
                    Label {
                        objectName: "syncStatus"
                        visible: !page.syncer.busy && page.syncer.statusText.length > 0
                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                        font.pixelSize: 13
                        text: page.syncer.statusText
                    }
                    Label {
                        objectName: "syncError"
                        visible: page.syncer.errorMessage.length > 0
                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                        font.pixelSize: 13
                        color: Theme.error
                        text: page.syncer.errorMessage
                    }
                    Label {
                        id: syncAttentionLabel
                        objectName: "syncAttention"
                        visible: !page.syncer.busy && (page.syncer.openConflicts > 0 || page.syncer.rejected > 0)
                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                        font.pixelSize: 13
                        font.bold: true
                        color: Theme.error
                        text: qsTr("%1 and %2 wait for a decision.").arg(qsTr("%n conflict(s)", "", page.syncer.openConflicts)).arg(qsTr("%n rejected change(s)", "", page.syncer.rejected))
                    }
                    Button {
                        objectName: "reviewConflictsButton"
                        visible: syncAttentionLabel.visible
                        Layout.minimumHeight: 44
                        text: qsTr("Review")
                        Accessible.name: qsTr("Review the conflicts and refused changes")
                        onClicked: page.conflictsRequested()
                    }
                }
            }

        }
    }
}
