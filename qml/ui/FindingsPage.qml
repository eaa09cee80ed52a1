// The findings of a unit (or of every unit), newest first, a page of 50 at a time as the list
// scrolls (FindingListModel), with a filter by state. Tapping one opens its FindingPage; "Record a
// finding" opens a new one for the unit.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FieldCheck

Page {
    id: page
    objectName: "findingsPage"

    property alias unitId: findings.unitId
    // For the title; the page does not read the unit itself.
    property string unitName
    // Whether the role may record findings (UnitDetail knows): shows "Record a finding".
    property bool mayRecord: false
    readonly property alias model: findings

    function open(findingId) {
        if (page.StackView.view)
            page.StackView.view.push(Qt.resolvedUrl("FindingPage.qml"), { findingId: findingId })
    }

    background: Rectangle { color: Theme.background }

    FindingListModel {
        id: findings
        objectName: "findingListModel"
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
                objectName: "findingsBackButton"
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
                text: page.unitName.length > 0 ? qsTr("Findings: %1").arg(page.unitName) : qsTr("Findings")
                elide: Text.ElideRight
                font.pixelSize: Theme.headingSize
                font.bold: true
                Accessible.role: Accessible.Heading
                Accessible.name: text
            }
            Label {
                objectName: "findingsTotal"
                visible: findings.totalCount > 0
                leftPadding: 8
                text: qsTr("%1 findings").arg(Number(findings.totalCount).toLocaleString(Qt.locale(), "f", 0))
                font.pixelSize: Theme.smallSize
                opacity: 0.85
                Accessible.name: text
            }
        }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        Rectangle {
            Layout.fillWidth: true
            implicitHeight: tools.implicitHeight + 20
            color: Theme.background

            RowLayout {
                id: tools
                anchors.fill: parent
                anchors.margins: 10
                anchors.leftMargin: 12
                anchors.rightMargin: 12
                spacing: 8

                ComboBox {
                    id: statusFilter
                    objectName: "findingsStatusFilter"
                    Layout.fillWidth: true
                    Layout.preferredHeight: 44
                    model: [{ value: "", label: qsTr("All states") }].concat(findings.statuses)
                    textRole: "label"
                    valueRole: "value"
                    Accessible.name: qsTr("Show findings in this state")
                    delegate: ItemDelegate {
                        required property var modelData
                        width: statusFilter.width
                        height: 44
                        text: modelData.label
                    }
                    onActivated: (index) => findings.status = valueAt(index)
                }
                Button {
                    objectName: "findingsRecordButton"
                    visible: page.mayRecord && page.unitId.length > 0
                    Layout.preferredHeight: 44
                    highlighted: true
                    text: qsTr("Record a finding")
                    Accessible.name: text
                    onClicked: page.StackView.view.push(Qt.resolvedUrl("FindingPage.qml"), { unitId: page.unitId })
                }
            }
        }

        Label {
            objectName: "findingsError"
            visible: findings.errorMessage.length > 0
            Layout.fillWidth: true
            Layout.margins: 12
            wrapMode: Text.Wrap
            color: Theme.error
            text: findings.errorMessage
            Accessible.name: text
        }

        ListView {
            id: list
            objectName: "findingList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: findings
            boundsBehavior: Flickable.StopAtBounds
            Accessible.name: qsTr("Findings")
            ScrollBar.vertical: ScrollBar {}

            delegate: FindingDelegate {
                id: row
                width: ListView.view.width
                showUnit: page.unitId.length === 0
                onClicked: page.open(row.findingId)
            }

            footer: Item {
                id: footer
                width: ListView.view.width
                height: findings.loading && findings.count > 0 ? 56 : 0
                visible: height > 0
                BusyIndicator {
                    objectName: "findingsLoadingMore"
                    anchors.centerIn: parent
                    running: footer.visible
                    implicitWidth: 32
                    implicitHeight: 32
                    Accessible.name: qsTr("Loading more findings")
                }
            }
        }
    }

    BusyIndicator {
        objectName: "findingsLoading"
        anchors.centerIn: parent
        running: findings.loading && findings.count === 0
        visible: running
        Accessible.name: qsTr("Loading findings")
    }

    Label {
        objectName: "findingsEmptyState"
        visible: !findings.loading && findings.count === 0 && findings.errorMessage.length === 0 && Session.unlocked
        anchors.centerIn: parent
        width: Math.min(parent.width - 48, 320)
        horizontalAlignment: Text.AlignHCenter
        wrapMode: Text.Wrap
        color: Theme.secondaryText
        font.pixelSize: Theme.bodySize + 1
        text: findings.status.length > 0 ? qsTr("No finding in this state.") : qsTr("No finding recorded yet.")
    }
}
