// Conflicts: two people changed the same field of a record on different devices. Each conflict
// shows every value side by side with who wrote it and when; whoever may decide (a group leader,
// by the permission table) chooses one. Below, the changes the server refused, with its reason.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FieldCheck

Page {
    id: page
    objectName: "conflictsPage"

    signal decided()

    background: Rectangle { color: Theme.background }

    header: PageHeader {
        page: page
        backObjectName: "conflictsBackButton"
        title: qsTr("Conflicts")
    }

    ConflictsModel {
        id: conflicts
        objectName: "conflictsModel"
        session: Session
        onResolved: page.decided()
    }

    ListView {
        id: list
        objectName: "conflictList"
        anchors.fill: parent
        model: conflicts
        spacing: 12
        topMargin: 16
        bottomMargin: 16
        clip: true
        Accessible.name: qsTr("Open conflicts")

        header: ColumnLayout {
            width: list.width
            spacing: 8
            Label {
                objectName: "conflictsMessage"
                visible: text.length > 0
                Layout.fillWidth: true
                Layout.leftMargin: 16
                Layout.rightMargin: 16
                Layout.bottomMargin: 8
                wrapMode: Text.Wrap
                font.bold: true
                color: conflicts.messageIsError ? Theme.error : Theme.text
                text: conflicts.message
            }
            Label {
                objectName: "noConflicts"
                visible: conflicts.count === 0 && !conflicts.loading
                Layout.fillWidth: true
                Layout.margins: 16
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.Wrap
                color: Theme.secondaryText
                text: qsTr("No open conflicts.")
            }
        }

        delegate: Rectangle {
            id: card
            required property int index
            required property string recordTitle
            required property string fieldLabel
            required property var candidates
            required property bool canChoose
            required property string whyNot
            x: 16
            width: list.width - 32
            implicitHeight: cardColumn.implicitHeight + 28
            radius: Theme.cardRadius
            color: Theme.card
            border.color: Theme.cardBorder

            ColumnLayout {
                id: cardColumn
                anchors.fill: parent
                anchors.margins: 14
                spacing: 8
                Label {
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    font.bold: true
                    text: card.recordTitle
                }
                Label {
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    color: Theme.secondaryText
                    font.pixelSize: Theme.smallSize
                    text: qsTr("Changed on two devices: %1").arg(card.fieldLabel)
                }
                GridLayout {
                    Layout.fillWidth: true
                    columns: 2
                    columnSpacing: 8
                    rowSpacing: 8
                    Repeater {
                        model: card.candidates
                        delegate: Rectangle {
                            id: candidate
                            required property var modelData
                            required property int index
                            Layout.fillWidth: true
                            Layout.preferredWidth: 1
                            Layout.fillHeight: true
                            implicitHeight: candidateColumn.implicitHeight + 20
                            radius: 6
                            color: Theme.background
                            border.color: modelData.shown ? Theme.primary : Theme.cardBorder
                            border.width: modelData.shown ? 2 : 1
                            ColumnLayout {
                                id: candidateColumn
                                anchors.fill: parent
                                anchors.margins: 10
                                spacing: 4
                                Label {
                                    Layout.fillWidth: true
                                    wrapMode: Text.Wrap
                                    font.pixelSize: Theme.bodySize
                                    text: candidate.modelData.value
                                }
                                Label {
                                    Layout.fillWidth: true
                                    wrapMode: Text.Wrap
                                    color: Theme.secondaryText
                                    font.pixelSize: Theme.smallSize
                                    text: candidate.modelData.when > 0
                                          ? qsTr("%1, %2").arg(candidate.modelData.by)
                                                          .arg(Qt.formatDateTime(new Date(candidate.modelData.when), "yyyy-MM-dd HH:mm"))
                                          : candidate.modelData.by
                                }
                                Label {
                                    visible: candidate.modelData.shown
                                    color: Theme.primary
                                    font.pixelSize: Theme.smallSize
                                    font.bold: true
                                    text: qsTr("Shown until decided")
                                }
                                Item { Layout.fillHeight: true }
                                Button {
                                    objectName: "choose_" + card.index + "_" + candidate.index
                                    visible: card.canChoose
                                    Layout.fillWidth: true
                                    Layout.minimumHeight: 44
                                    enabled: !conflicts.choosing
                                    text: qsTr("Choose this")
                                    Accessible.name: qsTr("Choose: %1").arg(candidate.modelData.value)
                                    onClicked: conflicts.choose(card.index, candidate.index)
                                }
                            }
                        }
                    }
                }
                Label {
                    visible: card.whyNot.length > 0
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    color: Theme.secondaryText
                    font.pixelSize: Theme.smallSize
                    text: card.whyNot
                }
            }
        }

        footer: ColumnLayout {
            width: list.width
            visible: conflicts.rejected.length > 0
            spacing: 8
            Label {
                Layout.topMargin: 16
                Layout.leftMargin: 16
                text: qsTr("Changes the server refused")
                font.bold: true
                color: Theme.primary
            }
            Repeater {
                model: conflicts.rejected
                delegate: Rectangle {
                    id: refusal
                    required property var modelData
                    Layout.fillWidth: true
                    Layout.leftMargin: 16
                    Layout.rightMargin: 16
                    implicitHeight: refusalColumn.implicitHeight + 20
                    radius: Theme.cardRadius
                    color: Theme.card
                    border.color: Theme.cardBorder
                    ColumnLayout {
                        id: refusalColumn
                        anchors.fill: parent
                        anchors.margins: 10
                        spacing: 2
                        Label {
                            Layout.fillWidth: true
                            wrapMode: Text.Wrap
                            font.bold: true
                            text: refusal.modelData.what
                        }
                        Label {
                            Layout.fillWidth: true
                            wrapMode: Text.Wrap
                            color: Theme.secondaryText
                            font.pixelSize: Theme.smallSize
                            text: qsTr("The server's reason: %1").arg(refusal.modelData.reason)
                        }
                    }
                }
            }
        }
    }
}
