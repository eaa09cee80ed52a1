// A new spot-check draw (抽查抽签), in the order of the meeting (docs/spot-check-draw.md): the
// period and its candidate list with the SHA-256 to announce, then the parties' seed parts, the
// number of random picks, and the draw. SpotCheckDrawForm reads and records everything on the
// store thread; this page lays it out. Once recorded, the draw's page takes this page's place.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FieldCheck

Page {
    id: page
    objectName: "drawFormPage"

    readonly property alias form: drawForm
    readonly property bool editable: drawForm.mayDraw && !drawForm.busy

    // Placeholders for the first parties, as at the bureau's meetings; the user types the names.
    function partyPlaceholder(row) {
        if (row === 0)
            return qsTr("Discipline inspection group")
        if (row === 1)
            return qsTr("Bureau office")
        return qsTr("Party")
    }
    function openDraw(drawId, justDrawn) {
        const stack = page.StackView.view
        if (!stack)
            return
        if (justDrawn)
            stack.replace(page, Qt.resolvedUrl("SpotCheckDrawDetailPage.qml"), { drawId: drawId, justDrawn: true })
        else
            stack.push(Qt.resolvedUrl("SpotCheckDrawDetailPage.qml"), { drawId: drawId })
    }

    background: Rectangle { color: Theme.background }
    header: PageHeader {
        page: page
        title: qsTr("New spot-check draw")
        backObjectName: "drawFormBackButton"
    }

    SpotCheckDrawForm {
        id: drawForm
        objectName: "drawForm"
        session: Session
        onDrawn: (drawId) => page.openDraw(drawId, true)
    }

    Flickable {
        id: flick
        objectName: "drawFormFlickable"
        anchors.fill: parent
        contentHeight: column.implicitHeight + 32
        boundsBehavior: Flickable.StopAtBounds
        clip: true
        ScrollIndicator.vertical: ScrollIndicator { }

        ColumnLayout {
            id: column
            width: Math.min(flick.width - 32, 720)
            x: (flick.width - width) / 2
            y: 16
            spacing: 12

            Label {
                objectName: "drawFormRoleNote"
                visible: drawForm.rightsKnown && !drawForm.mayDraw
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                color: Theme.error
                text: qsTr("Your role may not make a spot-check draw: only discipline inspectors may.")
            }

            // 1. The period and what is drawn from: announced before the seed parts are given.
            UnitSection {
                objectName: "drawCandidatesCard"
                title: qsTr("1. Period and candidates")
                border.color: drawForm.candidatesOutdated ? Theme.error : Theme.cardBorder

                RowLayout {
                    Layout.fillWidth: true
                    spacing: 10
                    Label {
                        text: qsTr("Month")
                    }
                    TextField {
                        objectName: "drawPeriodField"
                        Layout.fillWidth: true
                        Layout.preferredHeight: 48
                        text: drawForm.period
                        placeholderText: qsTr("YYYY-MM, e.g. 2026-04")
                        inputMethodHints: Qt.ImhPreferNumbers
                        enabled: page.editable
                        Accessible.name: qsTr("Month of the draw")
                        onTextChanged: if (text !== drawForm.period) drawForm.period = text
                    }
                }
                Label {
                    objectName: "drawPeriodError"
                    visible: text.length > 0
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    color: Theme.error
                    font.pixelSize: Theme.smallSize
                    text: drawForm.periodError
                }
                BusyIndicator {
                    visible: drawForm.loading
                    running: visible
                    implicitWidth: 32
                    implicitHeight: 32
                    Accessible.name: qsTr("Reading the candidates")
                }
                ColumnLayout {
                    visible: drawForm.candidatesLoaded
                    Layout.fillWidth: true
                    spacing: 6

                    Label {
                        objectName: "drawCandidateSummary"
                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                        text: qsTr("%1 candidate units: the units in force, less the mandatory spot checks, by unit code.").arg(drawForm.candidateCount)
                    }
                    CopyableText {
                        objectName: "drawCandidatesSha256"
                        label: qsTr("SHA-256 of the candidate list: announce it, with the list, before the parties give their seed parts")
                        text: drawForm.candidatesSha256
                    }
                    Button {
                        objectName: "showCandidatesButton"
                        Layout.fillWidth: true
                        Layout.minimumHeight: 48
                        text: qsTr("Show the candidate list")
                        Accessible.name: text
                        onClicked: page.StackView.view.push(Qt.resolvedUrl("DrawCandidatesPage.qml"),
                                                            { period: drawForm.period, candidates: drawForm.candidates,
                                                              sha256: drawForm.candidatesSha256 })
                    }
                    Label {
                        Layout.fillWidth: true
                        Layout.topMargin: 4
                        wrapMode: Text.Wrap
                        font.bold: true
                        text: drawForm.mandatory.length > 0
                              ? qsTr("Mandatory spot checks (zero report while complaints came in): %1").arg(drawForm.mandatory.length)
                              : qsTr("No mandatory spot checks for %1.").arg(drawForm.period)
                    }
                    Column {
                        // A Repeater straight inside a Layout can crash Qt 6.4 when it rebuilds.
                        objectName: "drawMandatoryList"
                        Layout.fillWidth: true
                        spacing: 2
                        Repeater {
                            model: drawForm.mandatory
                            delegate: Label {
                                required property var modelData
                                width: parent ? parent.width : 0
                                wrapMode: Text.Wrap
                                font.pixelSize: Theme.smallSize
                                text: qsTr("%1 %2 · complaints: %3").arg(modelData.code).arg(modelData.name).arg(modelData.complaints)
                            }
                        }
                    }
                }
            }

            // 2. The seed parts, in the order they are joined.
            UnitSection {
                objectName: "drawSeedCard"
                title: qsTr("2. Seed parts")

                Label {
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    font.pixelSize: Theme.smallSize
                    color: Theme.secondaryText
                    text: qsTr("Each party makes its part at the meeting, for example by rolling a ten-sided die twelve times; the parts are revealed together and joined in this order.")
                }
                Column {
                    objectName: "seedPartRows"
                    Layout.fillWidth: true
                    spacing: 10
                    Repeater {
                        model: drawForm.seedParts
                        delegate: ColumnLayout {
                            id: partRow
                            required property int index
                            required property string party
                            required property string part
                            required property string partyError
                            required property string partError
                            width: parent ? parent.width : 0
                            spacing: 4

                            RowLayout {
                                Layout.fillWidth: true
                                spacing: 8
                                TextField {
                                    objectName: "seedParty" + partRow.index
                                    Layout.fillWidth: true
                                    Layout.preferredWidth: 4
                                    Layout.preferredHeight: 48
                                    text: partRow.party
                                    placeholderText: page.partyPlaceholder(partRow.index)
                                    enabled: page.editable
                                    Accessible.name: qsTr("Party of seed part %1").arg(partRow.index + 1)
                                    palette.mid: partRow.partyError.length > 0 ? Theme.error : Theme.divider
                                    onTextChanged: if (text !== partRow.party) drawForm.seedParts.setParty(partRow.index, text)
                                }
                                TextField {
                                    objectName: "seedPart" + partRow.index
                                    Layout.fillWidth: true
                                    Layout.preferredWidth: 5
                                    Layout.preferredHeight: 48
                                    text: partRow.part
                                    placeholderText: qsTr("its part, e.g. 361524552613")
                                    inputMethodHints: Qt.ImhPreferNumbers | Qt.ImhNoPredictiveText | Qt.ImhNoAutoUppercase
                                    font.family: Theme.monospaceFamily
                                    enabled: page.editable
                                    Accessible.name: qsTr("Seed part %1").arg(partRow.index + 1)
                                    palette.mid: partRow.partError.length > 0 ? Theme.error : Theme.divider
                                    onTextChanged: if (text !== partRow.part) drawForm.seedParts.setPart(partRow.index, text)
                                }
                                Button {
                                    objectName: "removeSeedPart" + partRow.index
                                    Layout.preferredWidth: 48
                                    Layout.preferredHeight: 48
                                    text: qsTr("✕", "remove a seed part")
                                    enabled: page.editable
                                    Accessible.name: qsTr("Remove seed part %1").arg(partRow.index + 1)
                                    onClicked: drawForm.seedParts.remove(partRow.index)
                                }
                            }
                            Label {
                                objectName: "seedPartError" + partRow.index
                                visible: text.length > 0
                                Layout.fillWidth: true
                                wrapMode: Text.Wrap
                                color: Theme.error
                                font.pixelSize: Theme.smallSize
                                text: partRow.partyError.length > 0 ? partRow.partyError : partRow.partError
                            }
                        }
                    }
                }
                Button {
                    objectName: "addSeedPartButton"
                    Layout.fillWidth: true
                    Layout.minimumHeight: 48
                    text: qsTr("Add a party")
                    enabled: page.editable
                    Accessible.name: qsTr("Add a party's seed part")
                    onClicked: drawForm.seedParts.append()
                }
                Label {
                    objectName: "drawSeedPreview"
                    visible: drawForm.seedPreview.length > 0
                    Layout.fillWidth: true
                    wrapMode: Text.WrapAnywhere
                    font.pixelSize: Theme.smallSize
                    text: qsTr("Seed: %1 (%2 characters)").arg(drawForm.seedPreview).arg(drawForm.seedPreview.length)
                }
                Label {
                    visible: drawForm.seedPreview.length > 0 && drawForm.seedPreview.length < drawForm.recommendedSeedLength
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    font.pixelSize: Theme.smallSize
                    color: Theme.secondaryText
                    text: qsTr("A short seed: Rivest recommends at least %1 random digits in all.").arg(drawForm.recommendedSeedLength)
                }
            }

            // 3. How many at random, then the draw.
            UnitSection {
                objectName: "drawRunCard"
                title: qsTr("3. Random picks")

                RowLayout {
                    Layout.fillWidth: true
                    spacing: 10
                    TextField {
                        objectName: "drawCountField"
                        Layout.preferredWidth: 96
                        Layout.preferredHeight: 48
                        horizontalAlignment: TextInput.AlignHCenter
                        placeholderText: qsTr("e.g. 5")
                        inputMethodHints: Qt.ImhDigitsOnly
                        validator: IntValidator { bottom: 0; top: 1000000 }
                        enabled: page.editable
                        Accessible.name: qsTr("Number of units to draw at random")
                        palette.mid: drawForm.countError.length > 0 ? Theme.error : Theme.divider
                        onTextChanged: drawForm.count = text.length > 0 ? parseInt(text, 10) : -1
                    }
                    Label {
                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                        text: drawForm.candidatesLoaded
                              ? qsTr("of %1 candidates, drawn at random on top of the mandatory spot checks").arg(drawForm.candidateCount)
                              : qsTr("drawn at random on top of the mandatory spot checks")
                    }
                }
                Label {
                    objectName: "drawCountError"
                    visible: text.length > 0
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    color: Theme.error
                    font.pixelSize: Theme.smallSize
                    text: drawForm.countError
                }
                // Why the draw was refused, and the way on, just above the button pressed.
                Label {
                    objectName: "drawFormError"
                    visible: text.length > 0
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    color: Theme.error
                    text: drawForm.errorMessage
                }
                Label {
                    objectName: "drawFormErrorDetail"
                    visible: text.length > 0
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    font.pixelSize: Theme.tinySize
                    color: Theme.secondaryText
                    text: drawForm.errorDetail
                }
                Button {
                    objectName: "openExistingDrawButton"
                    visible: drawForm.existingDrawId.length > 0
                    Layout.fillWidth: true
                    Layout.minimumHeight: 48
                    text: qsTr("Open the draw for %1").arg(drawForm.period)
                    Accessible.name: text
                    onClicked: page.openDraw(drawForm.existingDrawId, false)
                }
                Button {
                    objectName: "reloadCandidatesButton"
                    visible: drawForm.candidatesOutdated
                    Layout.fillWidth: true
                    Layout.minimumHeight: 48
                    text: qsTr("Reload the candidates")
                    Accessible.name: text
                    onClicked: drawForm.reloadCandidates()
                }
                RowLayout {
                    Layout.fillWidth: true
                    spacing: 8
                    Button {
                        objectName: "runDrawButton"
                        Layout.fillWidth: true
                        Layout.minimumHeight: 48
                        highlighted: true
                        text: qsTr("Draw and record")
                        Accessible.name: qsTr("Draw and record the result")
                        enabled: drawForm.canRun
                        palette.dark: enabled ? Theme.primary : Theme.disabledFill
                        palette.brightText: enabled ? Theme.textOnPrimary : Theme.disabledText
                        onClicked: drawForm.run()
                    }
                    BusyIndicator {
                        running: drawForm.busy
                        visible: running
                        implicitWidth: 32
                        implicitHeight: 32
                        Accessible.name: qsTr("Drawing")
                    }
                }
                Label {
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    font.pixelSize: Theme.smallSize
                    color: Theme.secondaryText
                    text: qsTr("The draw is recorded at once and cannot be changed; to draw again, it must be withdrawn with a reason.")
                }
            }
        }
    }
}
