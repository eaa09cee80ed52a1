// The records behind one figure of the dashboard (DashboardFigure): unit, what is the matter, the
// date that counts (deadline, due date), overdue ones marked. A finding opens its page, a missing
// report its unit's page, anything else its own form (RecordFormPage), where an accountability
// proposal is confirmed or dismissed and an escalation answered — as the role may.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FieldCheck

Page {
    id: page
    objectName: "dashboardFigurePage"

    property alias key: figure.key
    property alias month: figure.month
    readonly property alias model: figure

    function open(row) {
        if (!page.StackView.view)
            return
        if (row.recordType === "finding")
            page.StackView.view.push(Qt.resolvedUrl("FindingPage.qml"), { findingId: row.recordId })
        else if (row.recordType === "unit")
            page.StackView.view.push(Qt.resolvedUrl("UnitPage.qml"), { unitId: row.unitId })
        else if (row.recordType === "visit")  // a visit has its own page, with its rules
            page.StackView.view.push(Qt.resolvedUrl("VisitPage.qml"), { visitId: row.recordId })
        else  // the record itself, as a form: an accountability proposal is decided there
            page.StackView.view.push(Qt.resolvedUrl("RecordFormPage.qml"),
                                     { type: row.recordType, recordId: row.recordId, presets: {}, title: row.title })
    }

    background: Rectangle { color: Theme.background }

    DashboardFigure {
        id: figure
        objectName: "dashboardFigure"
        session: Session
    }

    header: PageHeader {
        page: page
        title: figure.title
        backObjectName: "figureBackButton"
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        Label {
            objectName: "figureSummary"
            Layout.fillWidth: true
            Layout.margins: 16
            Layout.bottomMargin: 4
            wrapMode: Text.Wrap
            color: Theme.secondaryText
            visible: !figure.loading && figure.errorMessage.length === 0
            text: figure.total === 0 ? qsTr("Nothing here.")
                  : figure.total > figure.rows.length
                    ? qsTr("%1 of %n record(s), the most urgent first.", "", figure.total).arg(figure.rows.length)
                    : qsTr("%n record(s), the most urgent first.", "", figure.total)
        }
        Label {
            objectName: "figureError"
            visible: figure.errorMessage.length > 0
            Layout.fillWidth: true
            Layout.margins: 16
            wrapMode: Text.Wrap
            color: Theme.error
            text: figure.errorMessage
        }
        BusyIndicator {
            Layout.alignment: Qt.AlignHCenter
            visible: figure.loading && figure.rows.length === 0
            running: visible
        }
        ListView {
            id: list
            objectName: "figureList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: figure.rows
            spacing: 8
            topMargin: 8
            bottomMargin: 16
            ScrollIndicator.vertical: ScrollIndicator { }
            delegate: ItemDelegate {
                id: row
                required property var modelData
                required property int index
                objectName: "figureRow" + index
                x: 16
                width: list.width - 32
                implicitHeight: Math.max(56, rowContent.implicitHeight + 20)
                padding: 10
                Accessible.role: Accessible.Button
                Accessible.name: modelData.title + ", " + modelData.detail
                onClicked: page.open(modelData)
                background: Rectangle {
                    radius: Theme.cardRadius
                    color: row.down ? Theme.disabledFill : Theme.card
                    border.color: row.modelData.overdue ? Theme.error : Theme.cardBorder
                }
                contentItem: ColumnLayout {
                    id: rowContent
                    spacing: 2
                    RowLayout {
                        Layout.fillWidth: true
                        Label {
                            Layout.fillWidth: true
                            text: row.modelData.title
                            elide: Text.ElideRight
                            font.bold: true
                        }
                        Label {
                            visible: row.modelData.date.length > 0
                            text: row.modelData.date
                            font.pixelSize: Theme.smallSize
                            color: row.modelData.overdue ? Theme.error : Theme.secondaryText
                        }
                    }
                    Label {
                        Layout.fillWidth: true
                        text: row.modelData.detail
                        wrapMode: Text.Wrap
                        maximumLineCount: 3
                        elide: Text.ElideRight
                        font.pixelSize: Theme.smallSize
                        color: Theme.secondaryText
                    }
                }
            }
        }
    }
}
