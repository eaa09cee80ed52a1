// The spot-check draws (抽查抽签) recorded on this device, newest first, withdrawn ones marked with
// their reason (SpotCheckDrawList). A row opens the draw (SpotCheckDrawDetailPage); "New draw"
// (SpotCheckDrawPage) only for a role that may draw — everyone who reaches the page may read and
// verify the draws.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FieldCheck

Page {
    id: page
    objectName: "drawsPage"

    readonly property alias model: draws
    // The width of the content on a desktop: readable lines, centred.
    readonly property real columnWidth: Math.min(width - 32, 960)

    function openDraw(drawId) {
        if (page.StackView.view)
            page.StackView.view.push(Qt.resolvedUrl("SpotCheckDrawDetailPage.qml"), { drawId: drawId })
    }
    function newDraw() {
        if (page.StackView.view)
            page.StackView.view.push(Qt.resolvedUrl("SpotCheckDrawPage.qml"))
    }

    background: Rectangle { color: Theme.background }
    header: PageHeader {
        page: page
        title: qsTr("Spot-check draws")
        backObjectName: "drawsBackButton"
    }

    SpotCheckDrawList {
        id: draws
        objectName: "drawList"
        session: Session
    }

    ListView {
        id: list
        objectName: "drawListView"
        anchors.fill: parent
        clip: true
        model: draws.rows
        spacing: 8
        bottomMargin: 16
        boundsBehavior: Flickable.StopAtBounds
        ScrollIndicator.vertical: ScrollIndicator { }

        header: ColumnLayout {
            width: page.columnWidth
            x: (list.width - width) / 2
            spacing: 10

            Label {
                Layout.fillWidth: true
                Layout.topMargin: 16
                wrapMode: Text.Wrap
                color: Theme.secondaryText
                font.pixelSize: Theme.smallSize
                text: qsTr("Each month the units with a zero report although complaints came in are spot-checked without fail; a random sample of the other units is drawn on top. Anyone can recompute a draw from its seed and candidate list.")
            }
            Button {
                objectName: "newDrawButton"
                visible: draws.mayDraw
                Layout.fillWidth: true
                Layout.minimumHeight: 48
                highlighted: true
                palette.dark: Theme.primary
                palette.brightText: Theme.textOnPrimary
                text: qsTr("New draw…")
                Accessible.name: qsTr("Make a new spot-check draw")
                onClicked: page.newDraw()
            }
            Label {
                objectName: "drawReadOnlyNote"
                visible: draws.ready && !draws.mayDraw
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                color: Theme.secondaryText
                font.pixelSize: Theme.smallSize
                text: qsTr("Draws are made and withdrawn by the discipline inspectors. You can read and verify them here.")
            }
            Label {
                objectName: "drawListError"
                visible: draws.errorMessage.length > 0
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                color: Theme.error
                text: draws.errorMessage
            }
            Label {
                visible: draws.errorDetail.length > 0
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                color: Theme.secondaryText
                font.pixelSize: Theme.tinySize
                text: draws.errorDetail
            }
            BusyIndicator {
                Layout.alignment: Qt.AlignHCenter
                visible: draws.loading && !draws.ready
                running: visible
            }
            Label {
                objectName: "drawListEmpty"
                visible: draws.ready && draws.rows.length === 0 && draws.errorMessage.length === 0
                Layout.fillWidth: true
                Layout.topMargin: 12
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.Wrap
                color: Theme.secondaryText
                text: qsTr("No draw has been made yet.")
            }
            Item { implicitHeight: 2 }
        }

        delegate: ItemDelegate {
            id: row
            required property var modelData
            required property int index
            objectName: "drawRow" + index
            x: (list.width - width) / 2
            width: page.columnWidth
            implicitHeight: Math.max(64, rowContent.implicitHeight + 20)
            padding: 10
            Accessible.role: Accessible.Button
            Accessible.name: qsTr("Draw for %1, made %2 by %3").arg(modelData.period).arg(modelData.drawnAt).arg(modelData.drawnBy)
                             + (modelData.withdrawn ? ", " + qsTr("withdrawn: %1").arg(modelData.withdrawnReason) : "")
            onClicked: page.openDraw(modelData.drawId)
            background: Rectangle {
                radius: Theme.cardRadius
                color: row.down ? Theme.disabledFill : Theme.card
                border.color: row.modelData.changedAfterDraw ? Theme.error : Theme.cardBorder
            }
            contentItem: ColumnLayout {
                id: rowContent
                spacing: 3
                RowLayout {
                    Layout.fillWidth: true
                    spacing: 8
                    Label {
                        Layout.fillWidth: true
                        text: qsTr("Draw for %1").arg(row.modelData.period)
                        elide: Text.ElideRight
                        font.bold: true
                        font.strikeout: row.modelData.withdrawn
                        color: row.modelData.withdrawn ? Theme.secondaryText : Theme.text
                    }
                    Label {
                        text: row.modelData.drawnAt
                        font.pixelSize: Theme.smallSize
                        color: Theme.secondaryText
                    }
                }
                Label {
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    font.pixelSize: Theme.smallSize
                    text: qsTr("%1 drawn at random of %2 candidates · %3 mandatory spot checks")
                          .arg(row.modelData.randomCount).arg(row.modelData.candidateCount).arg(row.modelData.mandatoryCount)
                }
                Label {
                    Layout.fillWidth: true
                    elide: Text.ElideRight
                    font.pixelSize: Theme.smallSize
                    color: Theme.secondaryText
                    text: qsTr("Drawn by %1").arg(row.modelData.drawnBy)
                }
                Label {
                    visible: row.modelData.withdrawn
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    font.pixelSize: Theme.smallSize
                    color: Theme.error
                    text: qsTr("Withdrawn: %1").arg(row.modelData.withdrawnReason)
                }
                Label {
                    visible: row.modelData.changedAfterDraw
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    font.pixelSize: Theme.smallSize
                    color: Theme.error
                    text: qsTr("Changed after the draw: verify it.")
                }
            }
        }
    }
}
