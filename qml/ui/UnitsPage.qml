// The units (科室/单位) of the store: a search field over a list that loads a page at a time
// (UnitListModel). Empty: every unit by name; two or more characters: the units whose name,
// address or code matches, best first. Tapping a unit emits unitChosen() and, inside a StackView,
// opens its UnitPage.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FieldCheck

Page {
    id: page
    objectName: "unitsPage"

    signal unitChosen(string unitId)
    // In the app shell's Units tab: the shell's tool bar names the page, and whoever hosts the
    // page opens the unit (unitChosen); alone in a StackView it has its own bar and pushes.
    property bool embedded: false

    // The list, for tests and the screenshot tour.
    readonly property alias model: units

    function choose(unitId) {
        page.unitChosen(unitId)
        if (!page.embedded && page.StackView.view)
            page.StackView.view.push(Qt.resolvedUrl("UnitPage.qml"), { unitId: unitId })
    }

    background: Rectangle { color: Theme.background }

    UnitListModel {
        id: units
        objectName: "unitListModel"
        session: Session
    }

    // Searches once typing pauses, not on every keystroke: each search is a job on the store
    // thread, and a stale one is only dropped after it ran.
    Timer {
        id: searchDelay
        interval: 250
        onTriggered: units.query = searchField.text
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
                objectName: "unitsBackButton"
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
                text: qsTr("Units")
                elide: Text.ElideRight
                font.pixelSize: Theme.headingSize
                font.bold: true
                Accessible.role: Accessible.Heading
                Accessible.name: text
            }
            Label {
                objectName: "unitsTotal"
                visible: units.totalCount > 0
                text: qsTr("%1 units").arg(Number(units.totalCount).toLocaleString(Qt.locale(), "f", 0))
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
            implicitHeight: searchColumn.implicitHeight + 20
            color: Theme.background

            ColumnLayout {
                id: searchColumn
                anchors.fill: parent
                anchors.margins: 10
                anchors.leftMargin: 12
                anchors.rightMargin: 12
                spacing: 4

                TextField {
                    id: searchField
                    objectName: "unitSearchField"
                    Layout.fillWidth: true
                    Layout.preferredHeight: 44
                    placeholderText: qsTr("Search by name, address or code")
                    inputMethodHints: Qt.ImhNoPredictiveText
                    rightPadding: clearButton.visible ? clearButton.width + 4 : padding
                    Accessible.name: qsTr("Search units")
                    Accessible.description: placeholderText
                    onTextChanged: searchDelay.restart()
                    onAccepted: {
                        searchDelay.stop()
                        units.query = text
                    }

                    ToolButton {
                        id: clearButton
                        objectName: "unitSearchClear"
                        visible: searchField.text.length > 0
                        anchors.right: parent.right
                        anchors.verticalCenter: parent.verticalCenter
                        width: 44
                        height: 44
                        Accessible.name: qsTr("Clear the search")
                        background: Rectangle {
                            radius: 4
                            color: clearButton.down ? Theme.disabledFill : "transparent"
                        }
                        // A cross, drawn: the app ships no icon set yet.
                        contentItem: Item {
                            Repeater {
                                model: [45, -45]
                                Rectangle {
                                    required property int modelData
                                    anchors.centerIn: parent
                                    width: 16
                                    height: 2
                                    radius: 1
                                    rotation: modelData
                                    color: Theme.secondaryText
                                }
                            }
                        }
                        onClicked: {
                            searchField.clear()
                            searchDelay.stop()
                            units.query = ""
                            searchField.forceActiveFocus()
                        }
                    }
                }
                Label {
                    objectName: "unitSearchStatus"
                    Layout.fillWidth: true
                    Layout.leftMargin: 4
                    wrapMode: Text.Wrap
                    font.pixelSize: Theme.smallSize
                    color: units.errorMessage.length > 0 ? Theme.error : Theme.secondaryText
                    text: units.errorMessage.length > 0 ? units.errorMessage
                          : units.hint.length > 0 ? units.hint
                          : units.searching && !units.loading
                            ? (units.complete ? qsTr("%1 found").arg(units.count)
                                              : qsTr("%1 found so far").arg(units.count))
                          : ""
                    visible: text.length > 0
                    Accessible.name: text
                }
            }
        }

        ListView {
            id: list
            objectName: "unitList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: units
            boundsBehavior: Flickable.StopAtBounds
            Accessible.name: qsTr("Units")
            ScrollBar.vertical: ScrollBar {}

            delegate: UnitDelegate {
                id: row
                width: ListView.view.width
                onClicked: page.choose(row.unitId)
            }

            footer: Item {
                id: footer
                width: ListView.view.width
                height: units.loading && units.count > 0 ? 56 : 0
                visible: height > 0
                BusyIndicator {
                    objectName: "unitsLoadingMore"
                    anchors.centerIn: parent
                    running: footer.visible
                    implicitWidth: 32
                    implicitHeight: 32
                    Accessible.name: qsTr("Loading more units")
                }
            }
        }
    }

    // First page on its way.
    BusyIndicator {
        objectName: "unitsLoading"
        anchors.centerIn: parent
        running: units.loading && units.count === 0
        visible: running
        Accessible.name: qsTr("Loading units")
    }

    ColumnLayout {
        objectName: "unitsEmptyState"
        visible: !units.loading && units.count === 0 && units.hint.length === 0
                 && units.errorMessage.length === 0 && Session.unlocked
        anchors.centerIn: parent
        width: Math.min(parent.width - 48, 320)
        spacing: 8

        Label {
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.Wrap
            text: units.searching ? qsTr("No unit matches “%1”").arg(units.query.trim())
                                  : qsTr("No units on this device yet")
            font.pixelSize: 18
            font.bold: true
        }
        Label {
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.Wrap
            color: Theme.secondaryText
            text: units.searching
                  ? qsTr("Try two characters of the name that are next to each other, such as 福利 in 区社会福利院.")
                  : qsTr("The units of your inspection group arrive when the device syncs with the bureau's server.")
        }
    }
}
