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

    function openFinding(findingId) {
        page.StackView.view.push(Qt.resolvedUrl("FindingPage.qml"), { findingId: findingId })
    }
    function recordFinding() {
        page.StackView.view.push(Qt.resolvedUrl("FindingPage.qml"), { unitId: unit.unitId })
    }
    function allFindings() {
        page.StackView.view.push(Qt.resolvedUrl("FindingsPage.qml"),
                                 { unitId: unit.unitId, unitName: unit.name, mayRecord: unit.mayRecordFinding })
    }

    background: Rectangle { color: Theme.background }

    UnitDetail {
        id: unit
        objectName: "unitDetail"
        session: Session
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
                        visible: !unit.withdrawn && page.StackView.view !== null
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

                Repeater {
                    model: unit.plans
                    delegate: ColumnLayout {
                        id: plan
                        required property var modelData
                        Layout.fillWidth: true
                        spacing: 6

                        Entry {
                            heading: plan.modelData.title
                            line: qsTr("%1 measures").arg(plan.modelData.measureCount)
                            tag: plan.modelData.statusLabel
                        }
                        Repeater {
                            model: plan.modelData.measures
                            delegate: Entry {
                                required property var modelData
                                Layout.leftMargin: 12
                                heading: modelData.description
                                headingSize: Theme.smallSize + 1
                                line: [modelData.owner, qsTr("by %1").arg(modelData.deadline), modelData.kindLabel].join(" · ")
                                tag: modelData.overdue ? qsTr("Overdue") : modelData.statusLabel
                                alert: modelData.overdue
                            }
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
                    delegate: Entry {
                        required property var modelData
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

                Repeater {
                    model: unit.escalations
                    delegate: Entry {
                        required property var modelData
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
