// The home page of an unlocked store: who this device is, its sync with the bureau's server (with
// whom it is enrolled, a sync button with progress, what needs a person afterwards), how many
// records of the main types it holds and, while it has no visits, the empty state of the task list
// (the list itself comes in a later issue). The lock button closes the store.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FieldCheck

Page {
    id: page
    objectName: "homePage"

    background: Rectangle { color: Theme.background }

    header: ToolBar {
        // The Basic ToolButton draws its text in buttonText on a half-transparent `button`,
        // `mid` while pressed and `highlight` for keyboard focus.
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
            anchors.leftMargin: 16
            anchors.rightMargin: 4
            Label {
                Layout.fillWidth: true
                text: qsTr("FieldCheck")
                elide: Text.ElideRight
                font.pixelSize: Theme.headingSize
                font.bold: true
            }
            ToolButton {
                objectName: "lockButton"
                Layout.fillHeight: true
                leftPadding: 14
                rightPadding: 14
                font.pixelSize: Theme.bodySize
                font.bold: true
                text: qsTr("Lock")
                onClicked: Session.lock()
            }
        }
    }

    RecordCountsModel {
        id: counts
        objectName: "recordCounts"
        session: Session
    }

    SyncController {
        id: syncer
        objectName: "syncController"
        session: Session
        onFinished: counts.refresh()
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 16
        spacing: 12

        Rectangle {
            Layout.fillWidth: true
            implicitHeight: identity.implicitHeight + 28
            radius: Theme.cardRadius
            color: Theme.card
            border.color: Theme.cardBorder

            GridLayout {
                id: identity
                anchors.fill: parent
                anchors.margins: 14
                columns: 2
                columnSpacing: 12
                rowSpacing: 4

                Label {
                    Layout.columnSpan: 2
                    Layout.bottomMargin: 4
                    text: qsTr("This device")
                    font.bold: true
                }
                Label {
                    text: qsTr("Store")
                    color: Theme.secondaryText
                }
                Label {
                    objectName: "storeIdLabel"
                    Layout.fillWidth: true
                    Layout.alignment: Qt.AlignBaseline
                    text: Session.storeId
                    font.family: Theme.monospaceFamily
                    font.pixelSize: 11
                    wrapMode: Text.WrapAnywhere
                }
                Label {
                    text: qsTr("Device")
                    color: Theme.secondaryText
                }
                Label {
                    objectName: "deviceIdLabel"
                    Layout.fillWidth: true
                    Layout.alignment: Qt.AlignBaseline
                    text: Session.deviceId
                    font.family: Theme.monospaceFamily
                    font.pixelSize: 11
                    wrapMode: Text.WrapAnywhere
                }
                Label {
                    text: qsTr("Schema")
                    color: Theme.secondaryText
                }
                Label {
                    Layout.fillWidth: true
                    Layout.alignment: Qt.AlignBaseline
                    text: qsTr("version %1").arg(Session.schemaVersion)
                    font.pixelSize: 13
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
                            text: syncer.enrolled
                                  ? qsTr("%1 (%2) at %3").arg(syncer.userName).arg(syncer.role).arg(syncer.serverUrl)
                                  : qsTr("Not enrolled yet: enrol this device at the office (fieldcheck enroll).")
                        }
                    }
                    Button {
                        objectName: "syncButton"
                        text: syncer.busy ? qsTr("Cancel") : qsTr("Sync")
                        enabled: syncer.enrolled
                        // The Basic style draws a disabled button almost like an enabled one.
                        opacity: enabled ? 1 : 0.4
                        font.bold: true
                        onClicked: syncer.busy ? syncer.cancel() : syncer.syncNow()
                    }
                }
                ProgressBar {
                    objectName: "syncProgress"
                    Layout.fillWidth: true
                    visible: syncer.busy
                    indeterminate: syncer.itemsTotal <= 0
                    value: syncer.itemsTotal > 0 ? syncer.itemsDone / syncer.itemsTotal : 0
                }
                Label {
                    objectName: "syncProgressLabel"
                    visible: syncer.busy
                    Layout.fillWidth: true
                    font.pixelSize: 13
                    color: Theme.secondaryText
                    text: (syncer.phase === "push"
                           ? qsTr("Sending changes: %1 of %2").arg(syncer.itemsDone).arg(Math.max(syncer.itemsTotal, 0))
                           : qsTr("Receiving records: %1").arg(syncer.itemsDone))
                          + " · " + qsTr("%1 KB").arg(Math.round(syncer.bytesTransferred / 1024))
                }
                Label {
                    objectName: "syncStatus"
                    visible: !syncer.busy && syncer.statusText.length > 0
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    font.pixelSize: 13
                    text: syncer.statusText
                }
                Label {
                    objectName: "syncError"
                    visible: syncer.errorMessage.length > 0
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    font.pixelSize: 13
                    color: Theme.error
                    text: syncer.errorMessage
                }
                Label {
                    objectName: "syncAttention"
                    visible: !syncer.busy && (syncer.openConflicts > 0 || syncer.rejected > 0)
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    font.pixelSize: 13
                    font.bold: true
                    color: Theme.error
                    text: qsTr("%1 conflict(s) and %2 rejected change(s) wait for a decision.").arg(syncer.openConflicts).arg(syncer.rejected)
                }
            }
        }

        Rectangle {
            Layout.fillWidth: true
            implicitHeight: countsColumn.implicitHeight + 28
            radius: Theme.cardRadius
            color: Theme.card
            border.color: Theme.cardBorder

            ColumnLayout {
                id: countsColumn
                anchors.fill: parent
                anchors.margins: 14
                spacing: 10

                Label {
                    text: qsTr("Records on this device")
                    font.bold: true
                }
                GridLayout {
                    Layout.fillWidth: true
                    columns: 3
                    rowSpacing: 10
                    columnSpacing: 4
                    Repeater {
                        model: counts
                        delegate: RecordCountDelegate {
                            Layout.fillWidth: true
                            Layout.preferredWidth: 1
                        }
                    }
                }
                Label {
                    visible: counts.errorMessage.length > 0
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    color: Theme.error
                    text: counts.errorMessage
                }
            }
        }

        Item {
            Layout.fillWidth: true
            Layout.fillHeight: true

            // Until the task list arrives (a later issue), the page says only that there is none.
            ColumnLayout {
                objectName: "emptyState"
                visible: counts.visitCount === 0
                anchors.centerIn: parent
                width: Math.min(parent.width - 32, 320)
                spacing: 8

                // A clipboard, drawn: the app ships no icon set yet.
                Rectangle {
                    Layout.alignment: Qt.AlignHCenter
                    Layout.bottomMargin: 8
                    width: 56
                    height: 68
                    radius: 6
                    color: "transparent"
                    border.color: Theme.divider
                    border.width: 3
                    Rectangle {
                        anchors.horizontalCenter: parent.horizontalCenter
                        y: -6
                        width: 26
                        height: 12
                        radius: 3
                        color: Theme.divider
                    }
                    Column {
                        anchors.centerIn: parent
                        anchors.verticalCenterOffset: 4
                        spacing: 8
                        Repeater {
                            model: 3
                            Rectangle {
                                width: 30
                                height: 3
                                radius: 1.5
                                color: Theme.cardBorder
                            }
                        }
                    }
                }
                Label {
                    Layout.fillWidth: true
                    horizontalAlignment: Text.AlignHCenter
                    text: qsTr("No inspection tasks yet")
                    font.pixelSize: 18
                    font.bold: true
                }
                Label {
                    Layout.fillWidth: true
                    horizontalAlignment: Text.AlignHCenter
                    wrapMode: Text.Wrap
                    color: Theme.secondaryText
                    text: qsTr("Visits assigned to your inspection group appear here after the device syncs with the bureau's server.")
                }
            }
        }
    }
}
