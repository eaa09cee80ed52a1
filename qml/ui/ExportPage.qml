// Export (导出): the campaign's ledgers as spreadsheets and the monthly summary as a PDF, into a
// folder the user picks. ExportController checks and writes everything on the store thread; this
// page only lays it out: the month, the folder, what to export, then the files written or what
// went wrong.
import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import FieldCheck

Page {
    id: page
    objectName: "exportPage"

    readonly property alias controller: exporter

    background: Rectangle { color: Theme.background }
    header: PageHeader {
        title: qsTr("Export")
        page: page
    }

    ExportController {
        id: exporter
        objectName: "exportController"
        session: Session
    }

    FolderDialog {
        id: folderDialog
        title: qsTr("Choose the folder for the exported files")
        onAccepted: exporter.setFolderUrl(selectedFolder)
    }

    Flickable {
        objectName: "exportFlickable"
        anchors.fill: parent
        contentHeight: column.implicitHeight + 32
        boundsBehavior: Flickable.StopAtBounds
        clip: true

        ColumnLayout {
            id: column
            x: 16
            y: 16
            width: parent.width - 32
            spacing: 12

            // What and for when.
            Rectangle {
                Layout.fillWidth: true
                implicitHeight: whatColumn.implicitHeight + 28
                radius: Theme.cardRadius
                color: Theme.card
                border.color: Theme.cardBorder

                ColumnLayout {
                    id: whatColumn
                    anchors.fill: parent
                    anchors.margins: 14
                    spacing: 8

                    Label {
                        text: qsTr("Month")
                        font.bold: true
                    }
                    TextField {
                        id: monthField
                        objectName: "exportMonthField"
                        Layout.fillWidth: true
                        Layout.preferredHeight: 44
                        text: exporter.month
                        placeholderText: qsTr("YYYY-MM, e.g. 2026-04")
                        inputMethodHints: Qt.ImhPreferNumbers
                        Accessible.name: qsTr("Month to export")
                        enabled: !exporter.busy
                        onTextEdited: exporter.month = text
                    }
                    Label {
                        objectName: "exportMonthError"
                        visible: text.length > 0 && monthField.text.length > 0
                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                        color: Theme.error
                        font.pixelSize: Theme.smallSize
                        text: exporter.monthError
                    }
                    Label {
                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                        color: Theme.secondaryText
                        font.pixelSize: Theme.smallSize
                        text: qsTr("Figures as of %1. The monthly report table and the four batches are for this month; the problem clue ledger lists the clues found in it.").arg(exporter.today)
                    }

                    Label {
                        Layout.topMargin: 6
                        text: qsTr("Ledgers (Excel)")
                        font.bold: true
                    }
                    Column {
                        // A Repeater straight inside a Layout can crash Qt 6.4 when it rebuilds.
                        Layout.fillWidth: true
                        Repeater {
                            model: exporter.ledgers
                            delegate: CheckBox {
                                required property var modelData
                                objectName: "ledger_" + modelData.kind
                                width: parent ? parent.width : 0
                                height: Math.max(implicitHeight, 44)
                                text: modelData.title
                                checked: exporter.selectedLedgers.indexOf(modelData.kind) >= 0
                                enabled: !exporter.busy
                                Accessible.name: text
                                onToggled: exporter.setLedgerSelected(modelData.kind, checked)
                            }
                        }
                    }
                    CheckBox {
                        objectName: "exportSummaryCheck"
                        Layout.fillWidth: true
                        Layout.minimumHeight: 44
                        text: qsTr("Monthly summary (PDF)")
                        checked: exporter.includeSummary
                        enabled: !exporter.busy
                        Accessible.name: text
                        onToggled: exporter.includeSummary = checked
                    }
                    CheckBox {
                        objectName: "exportSensitiveCheck"
                        visible: exporter.sensitiveAllowed
                        Layout.fillWidth: true
                        Layout.minimumHeight: 44
                        text: qsTr("Include personal data")
                        checked: exporter.includeSensitive
                        enabled: !exporter.busy
                        Accessible.name: text
                        Accessible.description: sensitiveHint.text
                        onToggled: exporter.includeSensitive = checked
                    }
                    Label {
                        id: sensitiveHint
                        visible: exporter.sensitiveAllowed
                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                        color: Theme.secondaryText
                        font.pixelSize: Theme.smallSize
                        text: qsTr("The columns persons involved and complainant.")
                    }
                    Label {
                        visible: exporter.includeSensitive
                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                        color: Theme.error
                        font.pixelSize: Theme.smallSize
                        text: qsTr("The files are not encrypted. Keep them where only people allowed to see personal data can open them; the export is recorded.")
                    }
                }
            }

            // Where to.
            Rectangle {
                Layout.fillWidth: true
                implicitHeight: whereColumn.implicitHeight + 28
                radius: Theme.cardRadius
                color: Theme.card
                border.color: Theme.cardBorder

                ColumnLayout {
                    id: whereColumn
                    anchors.fill: parent
                    anchors.margins: 14
                    spacing: 8

                    Label {
                        text: qsTr("Folder")
                        font.bold: true
                    }
                    RowLayout {
                        Layout.fillWidth: true
                        spacing: 8
                        TextField {
                            objectName: "exportFolderField"
                            Layout.fillWidth: true
                            Layout.preferredHeight: 44
                            text: exporter.folder
                            placeholderText: qsTr("Folder for the files")
                            inputMethodHints: Qt.ImhNoAutoUppercase | Qt.ImhNoPredictiveText
                            Accessible.name: qsTr("Folder for the exported files")
                            enabled: !exporter.busy
                            onTextEdited: exporter.folder = text
                        }
                        Button {
                            objectName: "chooseFolderButton"
                            Layout.minimumHeight: 44
                            text: qsTr("Choose…")
                            Accessible.name: qsTr("Choose the folder")
                            enabled: !exporter.busy
                            onClicked: folderDialog.open()
                        }
                    }
                    CheckBox {
                        objectName: "exportOverwriteCheck"
                        Layout.fillWidth: true
                        Layout.minimumHeight: 44
                        text: qsTr("Replace existing files")
                        checked: exporter.overwrite
                        enabled: !exporter.busy
                        Accessible.name: text
                        onToggled: exporter.overwrite = checked
                    }
                    RowLayout {
                        spacing: 8
                        Button {
                            objectName: "exportButton"
                            Layout.minimumHeight: 44
                            highlighted: true
                            text: qsTr("Export")
                            Accessible.name: qsTr("Export the chosen files")
                            enabled: !exporter.busy && exporter.monthError.length === 0
                            palette.dark: enabled ? Theme.primary : Theme.disabledFill
                            palette.brightText: enabled ? Theme.textOnPrimary : Theme.disabledText
                            onClicked: exporter.exportNow()
                        }
                        BusyIndicator {
                            running: exporter.busy
                            visible: running
                            implicitWidth: 28
                            implicitHeight: 28
                            Accessible.name: qsTr("Exporting")
                        }
                    }
                    ProgressBar {
                        objectName: "exportProgress"
                        visible: exporter.busy
                        Layout.fillWidth: true
                        from: 0
                        to: Math.max(1, exporter.total)
                        value: exporter.done
                        Accessible.name: qsTr("Export progress")
                    }
                    Label {
                        objectName: "exportCurrentFile"
                        visible: exporter.busy
                        Layout.fillWidth: true
                        elide: Text.ElideMiddle
                        color: Theme.secondaryText
                        font.pixelSize: Theme.smallSize
                        text: qsTr("Writing %1 (%2 of %3)").arg(exporter.currentFile).arg(exporter.done + 1).arg(exporter.total)
                    }
                    Label {
                        objectName: "exportError"
                        visible: text.length > 0
                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                        color: Theme.error
                        text: exporter.errorMessage
                    }
                    Label {
                        objectName: "exportStatus"
                        visible: text.length > 0 && !exporter.busy
                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                        color: Theme.text
                        text: exporter.statusMessage
                    }
                }
            }

            // What was written.
            Column {
                objectName: "exportResults"
                Layout.fillWidth: true
                spacing: 6
                Repeater {
                    model: exporter.results
                    delegate: Rectangle {
                        required property var modelData
                        width: parent ? parent.width : 0
                        implicitHeight: resultColumn.implicitHeight + 16
                        height: implicitHeight
                        radius: Theme.cardRadius
                        color: Theme.card
                        border.color: Theme.cardBorder
                        Column {
                            id: resultColumn
                            x: 12
                            y: 8
                            width: parent.width - 24
                            spacing: 2
                            Label {
                                width: parent.width
                                elide: Text.ElideMiddle
                                text: modelData.name
                                font.bold: true
                            }
                            Label {
                                width: parent.width
                                wrapMode: Text.Wrap
                                color: Theme.secondaryText
                                font.pixelSize: Theme.smallSize
                                text: qsTr("%1 · %2").arg(modelData.title).arg(modelData.detail)
                            }
                        }
                    }
                }
            }
        }
    }
}
