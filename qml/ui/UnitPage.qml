// One unit (科室/单位): its name, type and address, then where it stands in the campaign — open
// findings (each opens its FindingPage; a new one is recorded from here, and all of them are
// listed on FindingsPage), rectification plans and their measures, monthly reports, open escalations and its
// history (visits and changes to the unit record), newest first. UnitDetail reads it on the store
// thread; the page follows writes and syncs by itself. "Start a visit" opens the Visit page for the
// unit (its open visit, or a new one).
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FieldCheck

Page {
    id: page
    objectName: "unitPage"

    property alias unitId: unit.unitId
    readonly property alias detail: unit
    // A tab of the app shell (a unit liaison's own unit): the shell's tool bar names the page.
    property bool embedded: false
    // Where the pages it opens are pushed: its own StackView, or the shell's when embedded.
    property StackView stack: page.StackView.view

    function openFinding(findingId) {
        page.stack.push(Qt.resolvedUrl("FindingPage.qml"), { findingId: findingId })
    }
    function recordFinding() {
        page.stack.push(Qt.resolvedUrl("FindingPage.qml"), { unitId: unit.unitId })
    }
    function allFindings() {
        page.stack.push(Qt.resolvedUrl("FindingsPage.qml"),
                        { unitId: unit.unitId, unitName: unit.name, mayRecord: unit.mayRecordFinding })
    }
    // A record of the unit's work as a form (RecordFormPage): an existing one by id, or a new one
    // with the fields its opener fixes (`presets`).
    function openForm(type, recordId, presets, title, intro) {
        page.stack.push(Qt.resolvedUrl("RecordFormPage.qml"),
                        { type: type, recordId: recordId, presets: presets, title: title, intro: intro || "" })
    }
    function openSelfInspection() {
        page.openForm("self_inspection", unit.selfInspectionId, { unit_id: unit.unitId, period: unit.period },
                      qsTr("Self-inspection for %1").arg(unit.period),
                      qsTr("A zero report (零报告) declares that the unit found no problem in its self-inspection for the month, and the unit answers for its truth. A unit that files a zero report while complaints about it came in that month is spot-checked without fail."))
    }
    function openPeriodReport() {
        page.openForm("monthly_report", unit.periodReportId, { unit_id: unit.unitId, month: unit.period },
                      qsTr("Monthly report for %1").arg(unit.period),
                      qsTr("Three parts: the rectification work done this month, the problems that remain, and the plan for next month. Due %1.").arg(unit.periodReportDue))
    }

    background: Rectangle { color: Theme.background }

    UnitDetail {
        id: unit
        objectName: "unitDetail"
        session: Session
    }

    header: ToolBar {
        visible: !page.embedded
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
                objectName: "unitBackButton"
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
                text: unit.found ? unit.name : qsTr("Unit")
                elide: Text.ElideRight
                font.pixelSize: Theme.headingSize
                font.bold: true
                Accessible.role: Accessible.Heading
                Accessible.name: text
            }
        }
    }

    Flickable {
        id: flick
        objectName: "unitFlickable"
        anchors.fill: parent
        contentHeight: body.implicitHeight + 32
        boundsBehavior: Flickable.StopAtBounds
        clip: true
        visible: unit.found
        Accessible.name: unit.name
        ScrollBar.vertical: ScrollBar {}

        ColumnLayout {
            id: body
            x: 12
            y: 12
            width: flick.width - 24
            spacing: 12

            // Who the unit is.
            Rectangle {
                objectName: "unitCard"
                Layout.fillWidth: true
                implicitHeight: identity.implicitHeight + 28
                radius: Theme.cardRadius
                color: Theme.card
                border.color: Theme.cardBorder
                Accessible.role: Accessible.Grouping
                Accessible.name: unit.name

                ColumnLayout {
                    id: identity
                    anchors.fill: parent
                    anchors.margins: 14
                    spacing: 4

                    Label {
                        objectName: "unitName"
                        Layout.fillWidth: true
                        text: unit.name
                        wrapMode: Text.Wrap
                        font.pixelSize: Theme.headingSize
                        font.bold: true
                        font.strikeout: unit.withdrawn
                        Accessible.role: Accessible.Heading
                        Accessible.name: text
                    }
                    Label {
                        Layout.fillWidth: true
                        text: unit.unitTypeLabel + " · " + unit.code
                        wrapMode: Text.Wrap
                        color: Theme.secondaryText
                    }
                    Label {
                        objectName: "unitAddress"
                        visible: unit.address.length > 0
                        Layout.fillWidth: true
                        text: unit.address
                        wrapMode: Text.Wrap
                    }
                    Label {
                        visible: unit.leaderInCharge.length > 0
                        Layout.fillWidth: true
                        text: qsTr("Leader in charge: %1").arg(unit.leaderInCharge)
                        wrapMode: Text.Wrap
                        color: Theme.secondaryText
                        font.pixelSize: Theme.smallSize
                    }
                    Label {
                        visible: unit.keyRectification
                        Layout.topMargin: 4
                        text: qsTr("Key rectification unit")
                        color: Theme.primary
                        font.bold: true
                        font.pixelSize: Theme.smallSize
                    }
                    Button {
                        objectName: "unitStartVisitButton"
                        visible: !unit.withdrawn && page.stack !== null
                        Layout.fillWidth: true
                        Layout.topMargin: 8
                        Layout.minimumHeight: 48
                        highlighted: true
                        text: qsTr("Start a visit")
                        Accessible.name: qsTr("Start or continue an on-site visit of this unit")
                        onClicked: page.StackView.view.push(Qt.resolvedUrl("VisitPage.qml"), { unitId: unit.unitId })
                    }
                    Label {
                        objectName: "unitWithdrawn"
                        visible: unit.withdrawn
                        Layout.fillWidth: true
                        Layout.topMargin: 4
                        wrapMode: Text.Wrap
                        color: Theme.error
                        font.bold: true
                        text: unit.withdrawnReason.length > 0
                              ? qsTr("Withdrawn: %1").arg(unit.withdrawnReason)
                              : qsTr("Withdrawn")
                    }
                }
            }

            // What the unit files now: its self-inspection and its monthly report for the month
            // just ended — for the roles that may file them (a unit's liaison).
            UnitSection {
                objectName: "unitWorkSection"
                visible: unit.found && !unit.withdrawn && (unit.mayCreate["self_inspection"] === true || unit.mayCreate["monthly_report"] === true)
                title: qsTr("To file for %1").arg(unit.period)

                OpenEntry {
                    objectName: "selfInspectionEntry"
                    visible: unit.mayCreate["self_inspection"] === true || unit.selfInspectionId.length > 0
                    heading: qsTr("Self-inspection (自查自纠)")
                    line: unit.selfInspectionId.length === 0 ? qsTr("Not filed yet")
                          : unit.selfInspectionZero ? qsTr("Filed as a zero report") : qsTr("Filed")
                    tag: unit.selfInspectionId.length === 0 ? qsTr("To do") : ""
                    alert: unit.selfInspectionId.length === 0
                    onClicked: page.openSelfInspection()
                }
                OpenEntry {
                    objectName: "periodReportEntry"
                    visible: unit.mayCreate["monthly_report"] === true || unit.periodReportId.length > 0
                    heading: qsTr("Monthly rectification report")
                    line: qsTr("Due %1").arg(unit.periodReportDue)
                    tag: unit.periodReportId.length === 0 ? qsTr("To do") : unit.periodReportStatusLabel
                    alert: unit.periodReportId.length === 0 && unit.periodReportDue < new Date().toISOString().substring(0, 10)
                    onClicked: page.openPeriodReport()
                }
            }

            UnitSection {
                objectName: "openFindingsSection"
                title: qsTr("Open findings")
                count: unit.openFindingCount
                shown: unit.openFindings.length
                emptyText: qsTr("No open findings.")
                note: unit.closedFindingCount > 0 ? qsTr("%1 closed.").arg(unit.closedFindingCount) : ""

                Repeater {
                    model: unit.openFindings
                    // Each opens the finding.
                    delegate: ItemDelegate {
                        id: findingRow
                        required property var modelData
                        required property int index
                        objectName: "openFinding" + index
                        Layout.fillWidth: true
                        padding: 0
                        topPadding: 4
                        bottomPadding: 4
                        background: Rectangle { color: findingRow.down ? Theme.disabledFill : "transparent"; radius: 4 }
                        readonly property string line: [modelData.categoryLabel, modelData.foundDate,
                                                        modelData.moneyInvolved.length > 0 ? qsTr("¥%1").arg(modelData.moneyInvolved) : ""]
                                                       .filter(s => s.length > 0).join(" · ")
                        Accessible.role: Accessible.Button
                        Accessible.name: [modelData.description, line, modelData.statusLabel].filter(s => s.length > 0).join(", ")
                        contentItem: Entry {
                            heading: findingRow.modelData.description
                            line: findingRow.line
                            tag: findingRow.modelData.statusLabel
                        }
                        onClicked: page.openFinding(findingRow.modelData.findingId)
                    }
                }
                RowLayout {
                    Layout.fillWidth: true
                    Layout.topMargin: 4
                    spacing: 8
                    Button {
                        objectName: "recordFindingButton"
                        visible: unit.mayRecordFinding
                        Layout.fillWidth: true
                        Layout.minimumHeight: 44
                        highlighted: true
                        text: qsTr("Record a finding")
                        Accessible.name: text
                        onClicked: page.recordFinding()
                    }
                    Button {
                        objectName: "allFindingsButton"
                        visible: unit.allFindingCount > 0
                        Layout.fillWidth: true
                        Layout.minimumHeight: 44
                        text: qsTr("All findings (%1)").arg(Number(unit.allFindingCount).toLocaleString(Qt.locale(), "f", 0))
                        Accessible.name: text
                        onClicked: page.allFindings()
                    }
                }
            }

            UnitSection {
                objectName: "rectificationSection"
                title: qsTr("Rectification")
                count: unit.planCount
                shown: unit.plans.length
                emptyText: qsTr("No rectification plan yet.")
                Button {
                    objectName: "newPlanButton"
                    visible: unit.mayCreate["rectification_plan"] === true && !unit.withdrawn
                    Layout.fillWidth: true
                    Layout.minimumHeight: 44
                    text: qsTr("New rectification plan")
                    Accessible.name: text
                    onClicked: page.openForm("rectification_plan", "", { unit_id: unit.unitId }, qsTr("New rectification plan"),
                                             qsTr("Save the plan, then add its measures (at least three) and submit it."))
                }

                Repeater {
                    model: unit.plans
                    delegate: ColumnLayout {
                        id: plan
                        required property var modelData
                        Layout.fillWidth: true
                        spacing: 6

                        OpenEntry {
                            heading: plan.modelData.title
                            line: qsTr("%n measure(s)", "", plan.modelData.measureCount)
                            tag: plan.modelData.statusLabel
                            onClicked: page.openForm("rectification_plan", plan.modelData.planId, {}, qsTr("Rectification plan"))
                        }
                        Repeater {
                            model: plan.modelData.measures
                            delegate: OpenEntry {
                                required property var modelData
                                Layout.leftMargin: 12
                                heading: modelData.description
                                headingSize: Theme.smallSize + 1
                                line: [modelData.owner, qsTr("by %1").arg(modelData.deadline), modelData.kindLabel].join(" · ")
                                tag: modelData.overdue ? qsTr("Overdue") : modelData.statusLabel
                                alert: modelData.overdue
                                onClicked: page.openForm("rectification_measure", modelData.measureId, {}, qsTr("Rectification measure"))
                            }
                        }
                        Button {
                            visible: unit.mayCreate["rectification_measure"] === true && !unit.withdrawn
                            Layout.leftMargin: 12
                            Layout.minimumHeight: 44
                            text: qsTr("Add a measure")
                            Accessible.name: qsTr("Add a measure to %1").arg(plan.modelData.title)
                            onClicked: page.openForm("rectification_measure", "", { plan_id: plan.modelData.planId },
                                                     qsTr("New rectification measure"),
                                                     qsTr("Each measure has an owner and a deadline. A plan is submitted with at least three measures."))
                        }
                    }
                }
            }

            UnitSection {
                objectName: "reportsSection"
                title: qsTr("Monthly reports")
                count: unit.reportCount
                shown: unit.reports.length
                emptyText: qsTr("No monthly report filed yet.")

                Repeater {
                    model: unit.reports
                    delegate: OpenEntry {
                        required property var modelData
                        onClicked: page.openForm("monthly_report", modelData.reportId, {}, qsTr("Monthly report for %1").arg(modelData.month))
                        heading: modelData.month
                        line: modelData.submittedDate.length > 0
                              ? (modelData.late ? qsTr("Filed %1, late (due %2)").arg(modelData.submittedDate).arg(modelData.dueDate)
                                                : qsTr("Filed %1").arg(modelData.submittedDate))
                              : qsTr("Due %1").arg(modelData.dueDate)
                        tag: modelData.overdue ? qsTr("Overdue") : modelData.statusLabel
                        alert: modelData.late || modelData.overdue
                    }
                }
            }

            UnitSection {
                objectName: "escalationsSection"
                title: qsTr("Open escalations")
                count: unit.escalationCount
                shown: unit.escalations.length
                emptyText: qsTr("No open escalations.")
                Button {
                    objectName: "newEscalationButton"
                    visible: unit.mayCreate["escalation"] === true && !unit.withdrawn
                    Layout.fillWidth: true
                    Layout.minimumHeight: 44
                    text: qsTr("Ask for a decision (请示报告)")
                    Accessible.name: text
                    onClicked: page.openForm("escalation", "", { unit_id: unit.unitId }, qsTr("New escalation"),
                                             qsTr("For what the unit cannot settle itself: say what needs deciding and to whom it goes."))
                }

                Repeater {
                    model: unit.escalations
                    delegate: OpenEntry {
                        required property var modelData
                        onClicked: page.openForm("escalation", modelData.escalationId, {}, qsTr("Escalation"))
                        heading: modelData.question
                        line: [qsTr("To %1").arg(modelData.toWhomLabel), modelData.askedDate].filter(s => s.length > 0).join(" · ")
                        detail: modelData.answer
                        tag: modelData.statusLabel
                    }
                }
            }

            UnitSection {
                objectName: "historySection"
                title: qsTr("History")
                count: unit.historyCount
                shown: unit.history.length
                emptyText: qsTr("Nothing recorded yet.")

                Repeater {
                    model: unit.history
                    delegate: Entry {
                        required property var modelData
                        heading: modelData.title
                        line: [modelData.when, modelData.detail].filter(s => s.length > 0).join(" · ")
                        tag: modelData.statusLabel
                    }
                }
            }
        }
    }

    BusyIndicator {
        objectName: "unitLoading"
        anchors.centerIn: parent
        running: unit.loading && !unit.found
        visible: running
        Accessible.name: qsTr("Loading the unit")
    }

    Label {
        objectName: "unitMissing"
        visible: !unit.loading && !unit.found
        anchors.centerIn: parent
        width: Math.min(parent.width - 48, 320)
        horizontalAlignment: Text.AlignHCenter
        wrapMode: Text.Wrap
        color: unit.errorMessage.length > 0 ? Theme.error : Theme.secondaryText
        text: unit.errorMessage.length > 0 ? unit.errorMessage : qsTr("This unit is not on this device.")
        Accessible.name: text
    }

    // An Entry that opens its record.
    component OpenEntry: ItemDelegate {
        id: open
        property alias heading: inner.heading
        property alias headingSize: inner.headingSize
        property alias line: inner.line
        property alias detail: inner.detail
        property alias tag: inner.tag
        property alias alert: inner.alert
        Layout.fillWidth: true
        implicitHeight: Math.max(44, inner.implicitHeight + 8)
        padding: 0
        topPadding: 4
        bottomPadding: 4
        background: Rectangle { color: open.down ? Theme.disabledFill : "transparent"; radius: 4 }
        Accessible.role: Accessible.Button
        Accessible.name: inner.Accessible.name
        contentItem: Entry { id: inner }
    }

    // One record in a section: a heading, a line under it, an optional longer text, and its state.
    component Entry: ColumnLayout {
        id: entry
        property string heading
        property int headingSize: Theme.bodySize
        property string line
        property string detail
        property string tag
        property bool alert: false

        Layout.fillWidth: true
        spacing: 2
        Accessible.role: Accessible.StaticText
        Accessible.name: [heading, line, detail, tag].filter(s => s.length > 0).join(", ")

        RowLayout {
            Layout.fillWidth: true
            spacing: 8
            Label {
                Layout.fillWidth: true
                Layout.alignment: Qt.AlignTop
                text: entry.heading
                wrapMode: Text.Wrap
                maximumLineCount: 3
                elide: Text.ElideRight
                font.pixelSize: entry.headingSize
            }
            Label {
                visible: entry.tag.length > 0
                Layout.alignment: Qt.AlignTop
                leftPadding: 8
                rightPadding: 8
                topPadding: 2
                bottomPadding: 2
                text: entry.tag
                font.pixelSize: Theme.smallSize - 1
                font.bold: true
                color: entry.alert ? Theme.textOnPrimary : Theme.primary
                background: Rectangle {
                    radius: height / 2
                    color: entry.alert ? Theme.error : "transparent"
                    border.color: entry.alert ? Theme.error : Theme.primary
                    border.width: 1
                }
            }
        }
        Label {
            visible: entry.line.length > 0
            Layout.fillWidth: true
            text: entry.line
            wrapMode: Text.Wrap
            font.pixelSize: Theme.smallSize
            color: entry.alert ? Theme.error : Theme.secondaryText
        }
        Label {
            visible: entry.detail.length > 0
            Layout.fillWidth: true
            text: entry.detail
            wrapMode: Text.Wrap
            font.pixelSize: Theme.smallSize
        }
    }
}
