// A register (RegisterModel) as a page: its filters as tabs with their counts, then the records of
// the chosen filter, the most urgent first, each drawn by `rowDelegate` (a ListView delegate: it
// gets `modelData`, the row map, and `index`). AccountabilityRegisterPage and PetitionSupervisionPage are this page
// with their kind, their rows and their dialogs. `notice` shows what the last step did.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FieldCheck

Page {
    id: page

    property alias kind: register.kind
    property alias filter: register.filter
    readonly property alias model: register
    property Component rowDelegate
    // One line above the list: what the register is for.
    property string intro
    property string emptyText: qsTr("Nothing here.")
    property string notice

    function openRecord(type, recordId, title) {
        if (page.StackView.view)
            page.StackView.view.push(Qt.resolvedUrl("RecordFormPage.qml"),
                                     { type: type, recordId: recordId, presets: {}, title: title })
    }

    background: Rectangle { color: Theme.background }

    RegisterModel {
        id: register
        objectName: "registerModel"
        session: Session
    }

    // The notice of the last step stays a few seconds.
    Timer {
        id: noticeTimer
        interval: 6000
        onTriggered: page.notice = ""
    }
    onNoticeChanged: if (notice.length > 0) noticeTimer.restart()

    header: PageHeader {
        page: page
        title: page.title
        backObjectName: "registerBackButton"
        BusyIndicator {
            running: register.loading && register.ready
            visible: running
            implicitWidth: 28
            implicitHeight: 28
            Accessible.name: qsTr("Loading")
        }
    }

    // On a desktop the register keeps a readable width in the middle of the window.
    ColumnLayout {
        anchors.top: parent.top
        anchors.bottom: parent.bottom
        anchors.horizontalCenter: parent.horizontalCenter
        width: Math.min(parent.width, 960)
        spacing: 0

        TabBar {
            id: filters
            objectName: "registerFilters"
            Layout.fillWidth: true
            currentIndex: Math.max(0, register.filters.indexOf(register.filter))
            Repeater {
                model: register.filters
                TabButton {
                    required property string modelData
                    readonly property var count: register.counts[modelData]
                    objectName: "filter_" + modelData
                    implicitHeight: 48
                    // At least as wide as its words: at phone width the bar scrolls rather than
                    // cutting them; on a wide screen the tabs share the width.
                    width: Math.max(implicitWidth, filters.width / Math.max(1, register.filters.length))
                    text: count === undefined ? register.filterLabel(register.kind, modelData)
                                              : qsTr("%1 · %2", "a register's filter and its count")
                                                    .arg(register.filterLabel(register.kind, modelData)).arg(count)
                    Accessible.name: text
                    onClicked: register.filter = modelData
                }
            }
        }

        Label {
            objectName: "registerIntro"
            visible: page.intro.length > 0
            Layout.fillWidth: true
            Layout.leftMargin: 16
            Layout.rightMargin: 16
            Layout.topMargin: 10
            wrapMode: Text.Wrap
            font.pixelSize: Theme.smallSize
            color: Theme.secondaryText
            text: page.intro
        }
        Banner {
            objectName: "registerNotice"
            visible: page.notice.length > 0
            Layout.leftMargin: 16
            Layout.rightMargin: 16
            Layout.topMargin: 10
            message: page.notice
        }
        Label {
            objectName: "registerError"
            visible: register.errorMessage.length > 0
            Layout.fillWidth: true
            Layout.margins: 16
            wrapMode: Text.Wrap
            color: Theme.error
            text: register.errorMessage
        }
        Label {
            objectName: "registerSummary"
            visible: register.ready
            Layout.fillWidth: true
            Layout.leftMargin: 16
            Layout.rightMargin: 16
            Layout.topMargin: 10
            wrapMode: Text.Wrap
            color: Theme.secondaryText
            text: register.total === 0 ? page.emptyText
                  : register.total > register.rows.length
                    ? qsTr("%1 of %n record(s), the most urgent first.", "", register.total).arg(register.rows.length)
                    : qsTr("%n record(s), the most urgent first.", "", register.total)
        }
        BusyIndicator {
            Layout.alignment: Qt.AlignHCenter
            visible: register.loading && !register.ready
            running: visible
        }
        ListView {
            id: list
            objectName: "registerList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: register.rows
            spacing: 8
            topMargin: 8
            bottomMargin: 16
            ScrollIndicator.vertical: ScrollIndicator { }
            // Each row declares `required property var modelData` and sizes itself to ListView.view.
            delegate: page.rowDelegate
        }
    }
}
