// The dashboard (DashboardModel): for a month, the four batches (四个一批), rectification progress
// overall (a ring) and per unit (bars, the least advanced first), monthly reports, zero reports
// and spot checks, supervised petitions and what waits for a decision. Every figure opens the
// records behind it: finding lists on FindingsPage, the rest on DashboardFigurePage.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtQuick.Shapes
import FieldCheck

Page {
    id: page
    objectName: "dashboardPage"

    // In the app shell's tab: the shell's tool bar names the page.
    property bool embedded: false
    readonly property alias model: dashboard
    // The StackView the records behind a figure are pushed on: its own, or the one holding the
    // app shell when the page is a tab of it (the shell passes it).
    property StackView stack: page.StackView.view
    // How many units the bar chart shows before "Show all".
    property int unitsShown: 8
    // Four figures in a row instead of two.
    readonly property bool wide: width >= 700

    signal unitChosen(string unitId)

    function openFigure(key) {
        if (!page.stack)
            return
        const status = dashboard.findingStatusOf(key)
        const register = dashboard.registerOf(key)
        if (status.length > 0) {
            const findings = page.stack.push(Qt.resolvedUrl("FindingsPage.qml"))
            findings.model.status = status === "all" ? "" : status
        } else if (register.kind !== undefined) {
            page.openRegister(register.kind, register.filter)
        } else {
            page.stack.push(Qt.resolvedUrl("DashboardFigurePage.qml"), { key: key, month: dashboard.shownMonth })
        }
    }
    // The accountability register or petition supervision, on one of its filters.
    function openRegister(kind, filter) {
        if (!page.stack)
            return
        page.stack.push(Qt.resolvedUrl(kind === "accountability" ? "AccountabilityRegisterPage.qml" : "PetitionSupervisionPage.qml"),
                        { filter: filter })
    }
    function monthTitle(month) {
        if (month.length !== 7)
            return ""
        const date = new Date(Number(month.substring(0, 4)), Number(month.substring(5, 7)) - 1, 1)
        return date.toLocaleDateString(Qt.locale(), qsTr("MMMM yyyy", "the dashboard's month, as a date format"))
    }

    background: Rectangle { color: Theme.background }

    // Counted only while shown: a hidden tab (an inspector's) or a page covered by another does not
    // recount the campaign after every write.
    DashboardModel {
        id: dashboard
        objectName: "dashboardModel"
        session: page.visible ? Session : null
    }

    header: PageHeader {
        visible: !page.embedded
        page: page
        title: qsTr("Dashboard")
    }

    Flickable {
        id: flick
        objectName: "dashboardFlickable"
        anchors.fill: parent
        contentHeight: column.implicitHeight + 32
        clip: true
        ScrollIndicator.vertical: ScrollIndicator { }

        ColumnLayout {
            id: column
            // On a desktop the figures keep a readable width, centred.
            width: Math.min(flick.width - 32, 960)
            x: (flick.width - width) / 2
            y: 12
            spacing: 14

            // The month: arrows either side, "as of" beneath.
            RowLayout {
                Layout.fillWidth: true
                Button {
                    objectName: "previousMonthButton"
                    text: "‹"   // untranslated: an arrow
                    font.pixelSize: Theme.headingSize
                    implicitWidth: 48
                    implicitHeight: 44
                    enabled: dashboard.ready && !dashboard.loading
                    Accessible.name: qsTr("Previous month")
                    onClicked: dashboard.previousMonth()
                }
                ColumnLayout {
                    Layout.fillWidth: true
                    spacing: 0
                    Label {
                        objectName: "dashboardMonth"
                        Layout.fillWidth: true
                        horizontalAlignment: Text.AlignHCenter
                        text: page.monthTitle(dashboard.shownMonth)
                        font.pixelSize: Theme.headingSize
                        font.bold: true
                        Accessible.role: Accessible.Heading
                        Accessible.name: text
                    }
                    Label {
                        Layout.fillWidth: true
                        horizontalAlignment: Text.AlignHCenter
                        visible: dashboard.today.length > 0
                        text: qsTr("As of %1").arg(dashboard.today)
                        font.pixelSize: Theme.smallSize
                        color: Theme.secondaryText
                    }
                }
                Button {
                    objectName: "nextMonthButton"
                    text: "›"   // untranslated: an arrow
                    font.pixelSize: Theme.headingSize
                    implicitWidth: 48
                    implicitHeight: 44
                    enabled: dashboard.ready && !dashboard.loading && dashboard.shownMonth < dashboard.today.substring(0, 7)
                    Accessible.name: qsTr("Next month")
                    onClicked: dashboard.nextMonth()
                }
            }

            Label {
                objectName: "dashboardError"
                visible: dashboard.errorMessage.length > 0
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                color: Theme.error
                text: dashboard.errorMessage
            }
            BusyIndicator {
                objectName: "dashboardLoading"
                Layout.alignment: Qt.AlignHCenter
                visible: dashboard.loading && !dashboard.ready
                running: visible
            }

            // 四个一批
            Label {
                visible: dashboard.ready
                text: qsTr("Four batches")
                font.pixelSize: Theme.bodySize + 1
                font.bold: true
                Accessible.role: Accessible.Heading
                Accessible.name: text
            }
            GridLayout {
                visible: dashboard.ready
                Layout.fillWidth: true
                columns: page.wide ? 4 : 2
                columnSpacing: 10
                rowSpacing: 10
                Repeater {
                    model: ["cluesIdentified", "casesInvestigated", "problemsSolved", "rulesIssued"]
                    FigureTile {
                        required property string modelData
                        objectName: "figure_" + modelData
                        label: dashboard.titles[modelData] || ""
                        value: dashboard.figures[modelData] || 0
                        onClicked: page.openFigure(modelData)
                    }
                }
            }

            // Rectification: the ring says how much of all measures is done.
            Label {
                visible: dashboard.ready
                text: qsTr("Rectification")
                font.pixelSize: Theme.bodySize + 1
                font.bold: true
                Accessible.role: Accessible.Heading
                Accessible.name: text
            }
            RowLayout {
                visible: dashboard.ready
                Layout.fillWidth: true
                spacing: 12
                Item {
                    id: ring
                    objectName: "progressRing"
                    implicitWidth: 104
                    implicitHeight: 104
                    readonly property real fraction: Math.max(0, Math.min(1, dashboard.percentDone / 100))
                    Accessible.role: Accessible.Chart
                    Accessible.name: qsTr("%1% of the rectification measures done").arg(dashboard.percentDone.toLocaleString(Qt.locale(), "f", 1))
                    Shape {
                        anchors.fill: parent
                        ShapePath {
                            strokeColor: Theme.disabledFill
                            strokeWidth: 12
                            fillColor: "transparent"
                            capStyle: ShapePath.FlatCap
                            PathAngleArc {
                                centerX: 52; centerY: 52; radiusX: 44; radiusY: 44
                                startAngle: -90; sweepAngle: 360
                            }
                        }
                        ShapePath {
                            strokeColor: Theme.primary
                            strokeWidth: 12
                            fillColor: "transparent"
                            capStyle: ShapePath.FlatCap
                            PathAngleArc {
                                centerX: 52; centerY: 52; radiusX: 44; radiusY: 44
                                startAngle: -90; sweepAngle: 360 * ring.fraction
                            }
                        }
                    }
                    Label {
                        anchors.centerIn: parent
                        text: dashboard.percentDone.toLocaleString(Qt.locale(), "f", 1) + "%"
                        font.pixelSize: Theme.bodySize + 2
                        font.bold: true
                    }
                }
                ColumnLayout {
                    Layout.fillWidth: true
                    spacing: 8
                    Repeater {
                        model: ["measuresDone", "measures", "measuresOverdue"]
                        FigureTile {
                            required property string modelData
                            objectName: "figure_" + modelData
                            compact: true
                            label: dashboard.titles[modelData] || ""
                            value: dashboard.figures[modelData] || 0
                            alert: modelData === "measuresOverdue"
                            onClicked: page.openFigure(modelData)
                        }
                    }
                }
            }

            // Per unit, the least advanced first.
            Rectangle {
                visible: dashboard.ready
                Layout.fillWidth: true
                implicitHeight: units.implicitHeight + 24
                radius: Theme.cardRadius
                color: Theme.card
                border.color: Theme.cardBorder
                Accessible.role: Accessible.Chart
                Accessible.name: unitsHeading.text

                ColumnLayout {
                    id: units
                    x: 12
                    y: 12
                    width: parent.width - 24
                    spacing: 8
                    Label {
                        id: unitsHeading
                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                        text: qsTr("Progress per unit, least advanced first")
                        font.bold: true
                        Accessible.role: Accessible.Heading
                        Accessible.name: text
                    }
                    Label {
                        visible: dashboard.units.length === 0
                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                        color: Theme.secondaryText
                        text: qsTr("No units on this device yet.")
                    }
                    Column {
                        Layout.fillWidth: true
                        spacing: 4
                        Repeater {
                            objectName: "unitBars"
                            model: dashboard.units.slice(0, page.unitsShown)
                            ItemDelegate {
                                id: bar
                                required property var modelData
                                width: parent.width
                                implicitHeight: 48
                                padding: 0
                                Accessible.role: Accessible.Button
                                Accessible.name: qsTr("%1: %2% done, %n measure(s) overdue", "", modelData.measuresOverdue)
                                                     .arg(modelData.name).arg(modelData.percentDone.toLocaleString(Qt.locale(), "f", 1))
                                onClicked: page.unitChosen(modelData.unitId)
                                contentItem: ColumnLayout {
                                    spacing: 3
                                    RowLayout {
                                        Layout.fillWidth: true
                                        Label {
                                            Layout.fillWidth: true
                                            text: bar.modelData.name
                                            elide: Text.ElideRight
                                            font.pixelSize: Theme.smallSize
                                        }
                                        Label {
                                            text: bar.modelData.measures > 0
                                                  ? bar.modelData.measuresDone + " / " + bar.modelData.measures
                                                  : qsTr("no plan")
                                            font.pixelSize: Theme.smallSize
                                            color: bar.modelData.measuresOverdue > 0 ? Theme.error : Theme.secondaryText
                                        }
                                    }
                                    Rectangle {
                                        Layout.fillWidth: true
                                        implicitHeight: 10
                                        radius: 5
                                        color: Theme.disabledFill
                                        Rectangle {
                                            width: parent.width * Math.max(0, Math.min(1, bar.modelData.percentDone / 100))
                                            height: parent.height
                                            radius: 5
                                            color: bar.modelData.measuresOverdue > 0 ? Theme.error : Theme.primary
                                        }
                                    }
                                }
                            }
                        }
                    }
                    Button {
                        objectName: "allUnitsButton"
                        visible: dashboard.units.length > page.unitsShown
                        Layout.fillWidth: true
                        implicitHeight: 44
                        text: qsTr("Show all %n unit(s)", "", dashboard.units.length)
                        Accessible.name: text
                        onClicked: page.unitsShown = dashboard.units.length
                    }
                }
            }

            Label {
                visible: dashboard.ready
                text: qsTr("Reports and spot checks")
                font.pixelSize: Theme.bodySize + 1
                font.bold: true
                Accessible.role: Accessible.Heading
                Accessible.name: text
            }
            GridLayout {
                visible: dashboard.ready
                Layout.fillWidth: true
                columns: page.wide ? 4 : 2
                columnSpacing: 10
                rowSpacing: 10
                Repeater {
                    model: ["reportsMissing", "reportsLate", "zeroReportUnits", "mandatorySpotChecks"]
                    FigureTile {
                        required property string modelData
                        objectName: "figure_" + modelData
                        label: dashboard.titles[modelData] || ""
                        value: dashboard.figures[modelData] || 0
                        alert: modelData !== "zeroReportUnits"
                        onClicked: page.openFigure(modelData)
                    }
                }
            }
            // The draws (抽查抽签): the mandatory spot checks above plus a random sample.
            Button {
                objectName: "drawsButton"
                visible: dashboard.ready
                Layout.fillWidth: true
                Layout.minimumHeight: 48
                text: qsTr("Spot-check draws…")
                Accessible.name: qsTr("Spot-check draws")
                onClicked: {
                    if (page.stack)
                        page.stack.push(Qt.resolvedUrl("SpotCheckDrawsPage.qml"))
                }
            }

            Label {
                visible: dashboard.ready
                text: qsTr("Supervision")
                font.pixelSize: Theme.bodySize + 1
                font.bold: true
                Accessible.role: Accessible.Heading
                Accessible.name: text
            }
            GridLayout {
                visible: dashboard.ready
                Layout.fillWidth: true
                columns: page.wide ? 4 : 2
                columnSpacing: 10
                rowSpacing: 10
                Repeater {
                    model: ["supervisedPetitions", "supervisedOverdue", "openEscalations", "proposedAccountability",
                            "visitsFewerThanTwo"]
                    FigureTile {
                        required property string modelData
                        objectName: "figure_" + modelData
                        label: dashboard.titles[modelData] || ""
                        value: dashboard.figures[modelData] || 0
                        alert: modelData !== "supervisedPetitions"
                        onClicked: page.openFigure(modelData)
                    }
                }
            }
            // The two registers in full, with every state (the figures above open their urgent part).
            GridLayout {
                visible: dashboard.ready
                Layout.fillWidth: true
                columns: page.wide ? 2 : 1
                columnSpacing: 10
                rowSpacing: 8
                Button {
                    objectName: "petitionSupervisionButton"
                    Layout.fillWidth: true
                    Layout.minimumHeight: 48
                    text: qsTr("Petition supervision…")
                    Accessible.name: qsTr("Petition supervision")
                    onClicked: page.openRegister("petitions", "all")
                }
                Button {
                    objectName: "accountabilityRegisterButton"
                    Layout.fillWidth: true
                    Layout.minimumHeight: 48
                    text: qsTr("Accountability register…")
                    Accessible.name: qsTr("Accountability register")
                    onClicked: page.openRegister("accountability", "all")
                }
            }

            // The ledgers (台账) and the month's summary PDF, for the month shown.
            Button {
                objectName: "exportButton"
                visible: dashboard.ready
                Layout.fillWidth: true
                Layout.minimumHeight: 48
                text: qsTr("Export ledgers and the monthly summary…")
                Accessible.name: qsTr("Export ledgers and the monthly summary")
                onClicked: {
                    if (!page.stack)
                        return
                    const exportPage = page.stack.push(Qt.resolvedUrl("ExportPage.qml"))
                    exportPage.controller.month = dashboard.shownMonth
                }
            }
        }
    }
}
