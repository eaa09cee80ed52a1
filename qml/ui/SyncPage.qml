// The Sync page: with which server and as whom the device is enrolled, a sync button with
// progress (items, kilobytes), the outcome in words an inspector can act on, and what needs a
// person afterwards (conflicts, rejected changes).
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FieldCheck

Page {
    id: page
    objectName: "syncPage"

    required property SyncController syncer

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
                                      : qsTr("Not enrolled yet: enrol this device at the office (fieldcheck enroll).")
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
                        objectName: "syncAttention"
                        visible: !page.syncer.busy && (page.syncer.openConflicts > 0 || page.syncer.rejected > 0)
                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                        font.pixelSize: 13
                        font.bold: true
                        color: Theme.error
                        text: qsTr("%1 conflict(s) and %2 rejected change(s) wait for a decision.").arg(page.syncer.openConflicts).arg(page.syncer.rejected)
                    }
                }
            }

        }
    }
}
