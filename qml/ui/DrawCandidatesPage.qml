// A draw's candidate list (候选单位): the units in draw order with the number the sampler picks
// them by, and the list's SHA-256 — the list about to be drawn from (opened from the new draw, to
// read out or post before the seed parts are given) or the one a recorded draw was drawn from.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FieldCheck

Page {
    id: page
    objectName: "drawCandidatesPage"

    property string period
    // {number, code, name}, in draw order.
    property var candidates: []
    property string sha256
    readonly property real columnWidth: Math.min(width - 32, 960)

    background: Rectangle { color: Theme.background }
    header: PageHeader {
        page: page
        title: qsTr("Candidates for %1").arg(page.period)
        backObjectName: "candidatesBackButton"
    }

    ListView {
        id: list
        objectName: "candidateList"
        anchors.fill: parent
        clip: true
        model: page.candidates
        bottomMargin: 16
        boundsBehavior: Flickable.StopAtBounds
        ScrollIndicator.vertical: ScrollIndicator { }

        header: ColumnLayout {
            width: page.columnWidth
            x: (list.width - width) / 2
            spacing: 6
            Label {
                Layout.fillWidth: true
                Layout.topMargin: 16
                wrapMode: Text.Wrap
                text: qsTr("%1 candidate units, by unit code. The random picks are numbers in this list.").arg(page.candidates.length)
            }
            Label {
                Layout.fillWidth: true
                text: qsTr("SHA-256 of the list")
                font.pixelSize: Theme.smallSize
                color: Theme.secondaryText
            }
            Label {
                objectName: "candidateListSha256"
                Layout.fillWidth: true
                Layout.bottomMargin: 8
                wrapMode: Text.WrapAnywhere
                font.family: Theme.monospaceFamily
                font.pixelSize: Theme.smallSize
                text: page.sha256
            }
        }

        delegate: Rectangle {
            id: row
            required property var modelData
            required property int index
            x: (list.width - width) / 2
            width: page.columnWidth
            implicitHeight: Math.max(40, rowLayout.implicitHeight + 12)
            color: index % 2 === 0 ? Theme.card : Theme.background
            // Read, not tapped: a line of text to a screen reader.
            Accessible.role: Accessible.StaticText
            Accessible.name: qsTr("Number %1: %2 %3").arg(modelData.number).arg(modelData.code).arg(modelData.name)
            RowLayout {
                id: rowLayout
                anchors.verticalCenter: parent.verticalCenter
                x: 10
                width: parent.width - 20
                spacing: 10
                Label {
                    Layout.alignment: Qt.AlignBaseline
                    Layout.preferredWidth: 40
                    horizontalAlignment: Text.AlignRight
                    text: row.modelData.number
                    font.pixelSize: Theme.smallSize
                    color: Theme.secondaryText
                }
                Label {
                    Layout.alignment: Qt.AlignBaseline
                    Layout.preferredWidth: 72
                    text: row.modelData.code
                    font.family: Theme.monospaceFamily
                    font.pixelSize: Theme.smallSize
                }
                Label {
                    Layout.alignment: Qt.AlignBaseline
                    Layout.fillWidth: true
                    text: row.modelData.name
                    elide: Text.ElideRight
                }
            }
        }
    }
}
