// The unlocked app: a tool bar (title, lock) over one of the main pages, chosen in the tab bar at
// the bottom where a thumb reaches: Today (the home page), the Dashboard (for the roles that follow
// the campaign: group leaders, leaders in charge, discipline inspectors, the party committee; and
// on a store not enrolled yet), My unit (a unit's liaison: the unit's own page), Units, Sync,
// Settings. The sync
// controller lives here, so that Today's glance and the Sync page show the same sync. A unit's
// page and a visit's page open on top of the shell, in the window's StackView (Main.qml).
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FieldCheck

Page {
    id: shell
    objectName: "appShell"

    property alias currentTab: tabs.currentIndex
    // The roles that follow the whole campaign get the dashboard; a unit's liaison and an
    // inspector have their own work on Today.
    readonly property bool showsDashboard: ["", "group_leader", "leader_in_charge", "discipline_inspector",
                                            "party_committee"].indexOf(syncer.roleCode) >= 0
    // A unit's liaison works on the unit's own page: its self-inspection, plan, reports, answers.
    readonly property bool showsOwnUnit: syncer.roleCode === "unit_liaison" && syncer.ownUnitId.length > 0
    readonly property int tabCount: 3 + (showsDashboard ? 1 : 0) + (showsOwnUnit ? 1 : 0) + 1

    function openUnit(unitId) {
        if (shell.StackView.view && unitId.length > 0)
            shell.StackView.view.push(Qt.resolvedUrl("UnitPage.qml"), { unitId: unitId })
    }
    // `properties`: { visitId } or { assignmentId } or { unitId } (VisitPage).
    function openVisit(properties) {
        if (shell.StackView.view)
            shell.StackView.view.push(Qt.resolvedUrl("VisitPage.qml"), properties)
    }

    background: Rectangle { color: Theme.background }

    SyncController {
        id: syncer
        objectName: "syncController"
        session: Session
    }

    // The connection came back: send what waits, without being asked.
    Connections {
        target: Devices
        function onSyncWanted() {
            if (syncer.enrolled && !syncer.busy)
                syncer.syncNow()
        }
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
            anchors.leftMargin: 16
            anchors.rightMargin: 4
            Label {
                objectName: "pageTitle"
                Layout.fillWidth: true
                text: tabs.currentItem ? tabs.currentItem.text : ""
                elide: Text.ElideRight
                font.pixelSize: Theme.headingSize
                font.bold: true
            }
            ToolButton {
                objectName: "lockButton"
                Layout.fillHeight: true
                Layout.minimumWidth: 44
                leftPadding: 14
                rightPadding: 14
                font.pixelSize: Theme.bodySize
                font.bold: true
                text: qsTr("Lock")
                Accessible.name: qsTr("Lock the app")
                onClicked: Session.lock()
            }
        }
    }

    StackLayout {
        anchors.fill: parent
        currentIndex: tabs.currentIndex

        TodayPage {
            syncer: syncer
            onSyncRequested: tabs.currentIndex = syncTabButton.TabBar.index
            onUnitChosen: (unitId) => shell.openUnit(unitId)
            onVisitChosen: (visitId) => shell.openVisit({ visitId: visitId })
            onAssignmentChosen: (assignmentId) => shell.openVisit({ assignmentId: assignmentId })
        }
        // Made only for a liaison: no second unit page lives hidden in everyone else's shell.
        Loader {
            active: shell.showsOwnUnit
            sourceComponent: UnitPage {
                objectName: "ownUnitPage"
                embedded: true
                stack: shell.StackView.view
                unitId: syncer.ownUnitId
            }
        }
        DashboardPage {
            embedded: true
            stack: shell.StackView.view
            onUnitChosen: (unitId) => shell.openUnit(unitId)
        }
        UnitsPage {
            embedded: true
            onUnitChosen: (unitId) => shell.openUnit(unitId)
        }
        SyncPage {
            syncer: syncer
            onConflictsRequested: {
                const conflictsPage = shell.StackView.view.push(Qt.resolvedUrl("ConflictsPage.qml"))
                conflictsPage.decided.connect(syncer.refreshEnrolment)
            }
        }
        SettingsPage {
            syncer: syncer
        }
    }

    footer: TabBar {
        id: tabs
        objectName: "tabBar"
        position: TabBar.Footer
        // Five tabs share a phone's width: a size smaller keeps every name whole.
        font.pixelSize: shell.tabCount > 4 ? Theme.smallSize + 1 : Theme.bodySize
        TabButton {
            objectName: "todayTab"
            text: qsTr("Today")
            implicitHeight: 52
            horizontalPadding: shell.tabCount > 4 ? 2 : 8
            Accessible.name: text
        }
        TabButton {
            objectName: "ownUnitTab"
            visible: shell.showsOwnUnit
            width: visible ? undefined : 0
            text: qsTr("My unit")
            implicitHeight: 52
            horizontalPadding: shell.tabCount > 4 ? 2 : 8
            Accessible.name: text
        }
        TabButton {
            objectName: "dashboardTab"
            visible: shell.showsDashboard
            // A hidden tab takes no room in the bar (TabBar shares the width among the others).
            width: visible ? undefined : 0
            text: qsTr("Dashboard")
            implicitHeight: 52
            horizontalPadding: shell.tabCount > 4 ? 2 : 8
            Accessible.name: text
        }
        TabButton {
            objectName: "unitsTab"
            text: qsTr("Units")
            implicitHeight: 52
            horizontalPadding: shell.tabCount > 4 ? 2 : 8
            Accessible.name: text
        }
        TabButton {
            id: syncTabButton
            objectName: "syncTab"
            text: syncer.busy ? qsTr("Syncing…") : qsTr("Sync")
            implicitHeight: 52
            horizontalPadding: shell.tabCount > 4 ? 2 : 8
            Accessible.name: qsTr("Sync")
        }
        TabButton {
            objectName: "settingsTab"
            text: qsTr("Settings")
            implicitHeight: 52
            horizontalPadding: shell.tabCount > 4 ? 2 : 8
            Accessible.name: text
        }
    }
}
