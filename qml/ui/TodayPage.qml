// Today, the home page: the sync glance (last contact with the server, changes and photos
// waiting, an offline lock), then the day's work in sections — visits, spot checks, supervised
// petitions — overdue first, each with its due date. A visit or a task opens the Visit page; the
// other rows open their unit.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FieldCheck

Page {
    id: page
    objectName: "todayPage"

    required property SyncController syncer
    signal syncRequested()
    signal unitChosen(string unitId)
    signal visitChosen(string visitId)
    signal assignmentChosen(string assignmentId)

    background: Rectangle { color: Theme.background }

    // Above the list (a list header that grows does not push what the list shows).
    header: Rectangle {
        objectName: "offlineBanner"
        visible: !Devices.online
        implicitHeight: offlineText.implicitHeight + 16
        color: Theme.secondaryText
        Label {
            id: offlineText
            anchors.fill: parent
            anchors.margins: 8
            anchors.leftMargin: 16
            anchors.rightMargin: 16
            wrapMode: Text.Wrap
            color: Theme.textOnPrimary
            font.pixelSize: Theme.smallSize
            text: qsTr("No connection. Everything you record is kept on this device and sent when the connection returns.")
        }
    }

    TodayModel {
        id: today
        objectName: "todayModel"
        session: Session
    }

    Connections {
        target: page.syncer
        function onFinished() { today.refresh() }
    }

    function sectionTitle(section) {
        if (section === "visits") return qsTr("Visits")
        if (section === "spotChecks") return qsTr("Spot checks")
        if (section === "petitions") return qsTr("Supervised petitions")
        return section
    }

    ListView {
        id: list
        objectName: "todayList"
        anchors.fill: parent
        model: today
        clip: true
        spacing: 0
        bottomMargin: 16
        Accessible.name: qsTr("Today's work")

        header: ColumnLayout {
            width: list.width
            spacing: 0

            Rectangle {
                objectName: "syncGlance"
                Layout.fillWidth: true
                Layout.margins: 16
                implicitHeight: glance.implicitHeight + 24
                radius: Theme.cardRadius
                color: today.offlineLock.length > 0 ? "#fbe9e7" : Theme.card
                border.color: Theme.cardBorder

                RowLayout {
                    id: glance
                    anchors.fill: parent
                    anchors.margins: 12
                    spacing: 10
                    ColumnLayout {
                        Layout.fillWidth: true
                        spacing: 2
                        Label {
                            objectName: "lastContactLabel"
                            Layout.fillWidth: true
                            wrapMode: Text.Wrap
                            font.bold: true
                            text: !isNaN(today.lastContact.getTime())
                                  ? qsTr("Last sync: %1").arg(Qt.formatDateTime(today.lastContact, "yyyy-MM-dd HH:mm"))
                                  : qsTr("Never synced")
                        }
                        Label {
                            objectName: "waitingLabel"
                            Layout.fillWidth: true
                            wrapMode: Text.Wrap
                            color: Theme.secondaryText
                            font.pixelSize: Theme.smallSize
                            text: today.changesWaiting + today.photosWaiting === 0
                                  ? qsTr("Everything on this device has reached the server.")
                                  : qsTr("Waiting to be sent: %1, %2.").arg(qsTr("%n change(s)", "", today.changesWaiting)).arg(qsTr("%n photo(s)", "", today.photosWaiting))
                        }
                        Label {
                            objectName: "offlineLockLabel"
                            visible: today.offlineLock.length > 0
                            Layout.fillWidth: true
                            wrapMode: Text.Wrap
                            color: Theme.error
                            font.pixelSize: Theme.smallSize
                            text: qsTr("Only sync works until this device reaches the server again.")
                        }
                    }
                    Button {
                        objectName: "glanceSyncButton"
                        Layout.minimumHeight: 44
                        text: page.syncer.busy ? qsTr("Syncing…") : qsTr("Sync")
                        enabled: page.syncer.enrolled && !page.syncer.busy
                        opacity: enabled ? 1 : 0.5
                        Accessible.name: qsTr("Sync now")
                        onClicked: {
                            page.syncer.syncNow()
                            page.syncRequested()
                        }
                    }
                }
            }

            Label {
                objectName: "overdueBanner"
                visible: today.overdueCount > 0
                Layout.fillWidth: true
                Layout.leftMargin: 16
                Layout.rightMargin: 16
                Layout.bottomMargin: 8
                wrapMode: Text.Wrap
                color: Theme.error
                font.bold: true
                text: qsTr("%n item(s) overdue.", "", today.overdueCount)
            }
            Label {
                objectName: "todayError"
                visible: today.errorMessage.length > 0
                Layout.fillWidth: true
                Layout.leftMargin: 16
                Layout.rightMargin: 16
                wrapMode: Text.Wrap
                color: Theme.error
                text: today.errorMessage
            }
        }

        section.property: "section"
        section.criteria: ViewSection.FullString
        section.delegate: Label {
            required property string section
            width: list.width
            leftPadding: 16
            topPadding: 12
            bottomPadding: 6
            text: page.sectionTitle(section)
            font.bold: true
            color: Theme.primary
        }

        delegate: ItemDelegate {
            id: row
            required property string title
            required property string detail
            required property string dueDate
            required property bool overdue
            required property string recordType
            required property string recordId
            required property string unitId
            width: list.width
            onClicked: {
                if (recordType === "visit") page.visitChosen(recordId)
                else if (recordType === "assignment") page.assignmentChosen(recordId)
                else page.unitChosen(unitId)
            }
            implicitHeight: Math.max(60, rowContent.implicitHeight + 20)
            Accessible.name: title + ", " + detail + (dueDate.length > 0 ? ", " + qsTr("due %1").arg(dueDate) : "")
            background: Rectangle {
                color: row.pressed ? Theme.disabledFill : Theme.card
                Rectangle {
                    anchors.bottom: parent.bottom
                    width: parent.width
                    height: 1
                    color: Theme.cardBorder
                }
            }
            contentItem: RowLayout {
                id: rowContent
                spacing: 10
                Rectangle {
                    Layout.preferredWidth: 4
                    Layout.fillHeight: true
                    radius: 2
                    color: row.overdue ? Theme.error : "transparent"
                }
                ColumnLayout {
                    Layout.fillWidth: true
                    spacing: 2
                    Label {
                        Layout.fillWidth: true
                        text: row.title
                        elide: Text.ElideRight
                        font.bold: true
                    }
                    Label {
                        Layout.fillWidth: true
                        text: row.detail
                        wrapMode: Text.Wrap
                        maximumLineCount: 2
                        elide: Text.ElideRight
                        color: Theme.secondaryText
                        font.pixelSize: Theme.smallSize
                    }
                }
                Label {
                    visible: row.dueDate.length > 0
                    text: row.overdue ? qsTr("overdue\n%1").arg(row.dueDate) : row.dueDate
                    horizontalAlignment: Text.AlignRight
                    color: row.overdue ? Theme.error : Theme.secondaryText
                    font.pixelSize: Theme.smallSize
                    font.bold: row.overdue
                }
            }
        }

        footer: ColumnLayout {
            width: list.width
            visible: today.count === 0 && !today.loading
            height: visible ? implicitHeight + 32 : 0
            spacing: 8
            Label {
                objectName: "emptyState"
                Layout.fillWidth: true
                Layout.topMargin: 32
                horizontalAlignment: Text.AlignHCenter
                text: qsTr("Nothing to do today")
                font.pixelSize: 18
                font.bold: true
            }
            Label {
                Layout.fillWidth: true
                Layout.leftMargin: 24
                Layout.rightMargin: 24
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.Wrap
                color: Theme.secondaryText
                text: qsTr("Visits, spot checks and petitions assigned to your inspection group appear here after the device syncs with the bureau's server.")
            }
        }
    }

    BusyIndicator {
        anchors.centerIn: parent
        running: today.loading && today.count === 0
        Accessible.name: qsTr("Loading")
    }
}
