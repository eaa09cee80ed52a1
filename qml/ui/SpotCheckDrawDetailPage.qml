// One recorded spot-check draw (SpotCheckDrawDetail): its picks — random ones with their number
// in the candidate list and the sampler's i, mandatory ones with their complaints — the seed parts
// and seed, the candidate list and its SHA-256; "Verify" recomputes it on the store thread and
// shows every check; "How to recompute" gives the Python that does the same anywhere; a role that
// may withdraws it here, with a reason.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FieldCheck

Page {
    id: page
    objectName: "drawDetailPage"

    property alias drawId: detail.drawId
    // Opened by the new draw's page right after recording it.
    property bool justDrawn: false
    readonly property alias detail: detail

    background: Rectangle { color: Theme.background }
    header: PageHeader {
        page: page
        title: detail.period.length > 0 ? qsTr("Draw for %1").arg(detail.period) : qsTr("Spot-check draw")
        backObjectName: "drawDetailBackButton"
    }

    SpotCheckDrawDetail {
        id: detail
        objectName: "drawDetail"
        session: Session
        onWithdrawnNow: reasonField.clear()
    }

    Flickable {
        id: flick
        objectName: "drawDetailFlickable"
        anchors.fill: parent
        contentHeight: column.implicitHeight + 32
        boundsBehavior: Flickable.StopAtBounds
        clip: true
        ScrollIndicator.vertical: ScrollIndicator { }

        ColumnLayout {
            id: column
            // Two columns side by side on a desktop: what was drawn, and how to check it.
            readonly property bool wide: flick.width >= 1000
            readonly property real sectionWidth: wide ? (width - sections.columnSpacing) / 2 : width
            width: Math.min(flick.width - 32, wide ? 1240 : 840)
            x: (flick.width - width) / 2
            y: 16
            spacing: 12

            BusyIndicator {
                Layout.alignment: Qt.AlignHCenter
                visible: detail.loading && !detail.found
                running: visible
            }
            Label {
                objectName: "drawNotFound"
                visible: !detail.loading && !detail.found && detail.errorMessage.length === 0
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                color: Theme.secondaryText
                text: qsTr("This draw is not on this device.")
            }
            Label {
                objectName: "drawDetailError"
                visible: detail.errorMessage.length > 0
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                color: Theme.error
                text: detail.errorMessage
            }
            Label {
                visible: detail.errorDetail.length > 0
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                font.pixelSize: Theme.tinySize
                color: Theme.secondaryText
                text: detail.errorDetail
            }

            // The sections keep a width while hidden (before the draw is read, or for a role that
            // may not withdraw): at width 0 their wrapped text sends Qt 6.4's layouts into a
            // polish loop. Fixed widths for the columns likewise keep the grid from re-balancing.
            GridLayout {
                id: sections
                Layout.fillWidth: true
                columns: column.wide ? 2 : 1
                columnSpacing: 16
                rowSpacing: 12

                ColumnLayout {
                    Layout.alignment: Qt.AlignTop
                    Layout.preferredWidth: column.sectionWidth
                    spacing: 12

                    // Who drew, when, and where the draw stands.
                    UnitSection {
                        width: column.sectionWidth
                        objectName: "drawSummary"
                        visible: detail.readable
                        title: qsTr("Summary")

                        Label {
                            objectName: "drawRecordedNotice"
                            visible: page.justDrawn && !detail.withdrawn
                            Layout.fillWidth: true
                            wrapMode: Text.Wrap
                            font.bold: true
                            color: Theme.primary
                            text: qsTr("The draw is recorded. Publish the picks with the seed and the candidate list: anyone can recompute them.")
                        }
                        Label {
                            Layout.fillWidth: true
                            wrapMode: Text.Wrap
                            text: qsTr("Drawn %1 by %2").arg(detail.drawnAt).arg(detail.drawnBy)
                        }
                        Label {
                            Layout.fillWidth: true
                            wrapMode: Text.Wrap
                            text: qsTr("%1 drawn at random of %2 candidates, and %3 mandatory spot checks.")
                                  .arg(detail.randomPicks.length).arg(detail.candidateCount).arg(detail.mandatoryPicks.length)
                        }
                        Label {
                            objectName: "drawWithdrawnNote"
                            visible: detail.withdrawn
                            Layout.fillWidth: true
                            wrapMode: Text.Wrap
                            font.bold: true
                            color: Theme.error
                            text: qsTr("Withdrawn: %1").arg(detail.withdrawnReason)
                        }
                        Label {
                            visible: detail.changedAfterDraw
                            Layout.fillWidth: true
                            wrapMode: Text.Wrap
                            color: Theme.error
                            text: qsTr("This draw was changed after it was made. Verify it to see what differs.")
                        }
                    }

                    // 随机抽取
                    UnitSection {
                        width: column.sectionWidth
                        objectName: "drawRandomPicks"
                        visible: detail.readable
                        title: qsTr("Drawn at random")
                        count: detail.randomPicks.length
                        shown: detail.randomPicks.length
                        emptyText: qsTr("No unit was drawn at random: only the mandatory spot checks.")

                        Column {
                            Layout.fillWidth: true
                            spacing: 6
                            Repeater {
                                model: detail.randomPicks
                                delegate: PickLine {
                                    required property var modelData
                                    width: parent ? parent.width : 0
                                    name: modelData.code + "  " + modelData.name
                                    detailText: qsTr("Number %1 of the candidate list, sampler step i = %2").arg(modelData.index).arg(modelData.counter)
                                }
                            }
                        }
                    }

                    // 必须重点抽查
                    UnitSection {
                        width: column.sectionWidth
                        objectName: "drawMandatoryPicks"
                        visible: detail.readable
                        title: qsTr("Mandatory spot checks")
                        count: detail.mandatoryPicks.length
                        shown: detail.mandatoryPicks.length
                        emptyText: qsTr("None: no unit filed a zero report while complaints about it came in.")

                        Column {
                            Layout.fillWidth: true
                            spacing: 6
                            Repeater {
                                model: detail.mandatoryPicks
                                delegate: PickLine {
                                    required property var modelData
                                    width: parent ? parent.width : 0
                                    name: modelData.code + "  " + modelData.name
                                    detailText: qsTr("Zero report while complaints came in: %1").arg(modelData.complaints)
                                }
                            }
                        }
                    }
                }
                ColumnLayout {
                    Layout.alignment: Qt.AlignTop
                    Layout.preferredWidth: column.sectionWidth
                    spacing: 12

                    // What the random picks come from: the seed and the candidate list.
                    UnitSection {
                        width: column.sectionWidth
                        objectName: "drawSeedSection"
                        visible: detail.readable
                        title: qsTr("Seed and candidates")

                        Column {
                            Layout.fillWidth: true
                            spacing: 2
                            Repeater {
                                model: detail.seedParts
                                delegate: Label {
                                    required property var modelData
                                    width: parent ? parent.width : 0
                                    wrapMode: Text.WrapAnywhere
                                    text: qsTr("%1 gave %2").arg(modelData.party).arg(modelData.part)
                                }
                            }
                        }
                        CopyableText {
                            objectName: "drawSeed"
                            label: qsTr("Seed (the parts joined in this order)")
                            text: detail.seed
                        }
                        CopyableText {
                            objectName: "drawSha256"
                            label: qsTr("SHA-256 of the %1 candidates").arg(detail.candidateCount)
                            text: detail.candidatesSha256
                        }
                        Button {
                            objectName: "drawCandidatesButton"
                            Layout.fillWidth: true
                            Layout.minimumHeight: 48
                            text: qsTr("Show the candidate list")
                            Accessible.name: text
                            onClicked: page.StackView.view.push(Qt.resolvedUrl("DrawCandidatesPage.qml"),
                                                                { period: detail.period, candidates: detail.candidates,
                                                                  sha256: detail.candidatesSha256 })
                        }
                    }

                    // 核验
                    UnitSection {
                        width: column.sectionWidth
                        objectName: "drawVerification"
                        visible: detail.found
                        title: qsTr("Verification")

                        Label {
                            Layout.fillWidth: true
                            wrapMode: Text.Wrap
                            font.pixelSize: Theme.smallSize
                            color: Theme.secondaryText
                            text: qsTr("Recomputes the draw from its record and the units, zero reports and complaints on this device, and names every difference.")
                        }
                        RowLayout {
                            Layout.fillWidth: true
                            spacing: 8
                            Button {
                                objectName: "verifyDrawButton"
                                Layout.fillWidth: true
                                Layout.minimumHeight: 48
                                text: detail.verified ? qsTr("Verify again") : qsTr("Verify")
                                Accessible.name: qsTr("Verify the draw")
                                enabled: !detail.verifying
                                onClicked: detail.verify()
                            }
                            BusyIndicator {
                                running: detail.verifying
                                visible: running
                                implicitWidth: 32
                                implicitHeight: 32
                                Accessible.name: qsTr("Verifying")
                            }
                        }
                        Label {
                            objectName: "drawVerdict"
                            visible: detail.verified
                            Layout.fillWidth: true
                            wrapMode: Text.Wrap
                            font.bold: true
                            color: detail.verificationOk ? Theme.primary : Theme.error
                            text: detail.verificationOk
                                  ? qsTr("Verified: recomputed from its record and the store, no difference.")
                                  : qsTr("Does not verify: %1 of %2 checks failed.").arg(detail.failedChecks).arg(detail.checks.length)
                        }
                        Label {
                            visible: detail.verificationError.length > 0
                            Layout.fillWidth: true
                            wrapMode: Text.Wrap
                            color: Theme.error
                            text: detail.verificationError
                        }
                        Column {
                            objectName: "drawChecks"
                            Layout.fillWidth: true
                            spacing: 8
                            Repeater {
                                model: detail.checks
                                delegate: RowLayout {
                                    required property var modelData
                                    objectName: "drawCheck_" + modelData.name
                                    width: parent ? parent.width : 0
                                    spacing: 10
                                    Label {
                                        Layout.alignment: Qt.AlignTop
                                        Layout.minimumWidth: 56
                                        horizontalAlignment: Text.AlignHCenter
                                        padding: 2
                                        font.pixelSize: Theme.smallSize
                                        font.bold: true
                                        color: Theme.textOnPrimary
                                        text: modelData.ok ? qsTr("passed") : qsTr("failed")
                                        background: Rectangle {
                                            radius: 4
                                            color: modelData.ok ? Theme.primary : Theme.error
                                        }
                                    }
                                    ColumnLayout {
                                        Layout.fillWidth: true
                                        spacing: 2
                                        Label {
                                            Layout.fillWidth: true
                                            wrapMode: Text.Wrap
                                            font.bold: !modelData.ok
                                            text: modelData.title
                                        }
                                        Label {
                                            Layout.fillWidth: true
                                            wrapMode: Text.Wrap
                                            font.pixelSize: Theme.smallSize
                                            color: modelData.ok ? Theme.secondaryText : Theme.error
                                            text: modelData.message
                                        }
                                    }
                                }
                            }
                        }
                        Column {
                            Layout.fillWidth: true
                            spacing: 4
                            Repeater {
                                model: detail.notes
                                delegate: Label {
                                    required property string modelData
                                    width: parent ? parent.width : 0
                                    wrapMode: Text.Wrap
                                    font.pixelSize: Theme.smallSize
                                    color: Theme.secondaryText
                                    text: qsTr("Note: %1").arg(modelData)
                                }
                            }
                        }
                    }

                    // The same by hand, anywhere.
                    UnitSection {
                        width: column.sectionWidth
                        objectName: "drawRecompute"
                        visible: detail.readable
                        title: qsTr("How to recompute")

                        Label {
                            Layout.fillWidth: true
                            wrapMode: Text.Wrap
                            font.pixelSize: Theme.smallSize
                            color: Theme.secondaryText
                            text: qsTr("Anyone can check the draw without this app: save these lines as draw.py and run python3 draw.py. It checks the candidate list against its SHA-256, joins the seed, runs Rivest's SHA-256 sampler and compares every pick.")
                        }
                        CopyableText {
                            objectName: "drawRecomputeScript"
                            label: qsTr("Python 3")
                            text: detail.recomputeScript
                            code: true
                        }
                    }

                    // 撤销: only for the roles that may, with a reason the list keeps showing.
                    UnitSection {
                        width: column.sectionWidth
                        objectName: "drawWithdrawSection"
                        visible: detail.found && detail.mayWithdraw && !detail.withdrawn
                        title: qsTr("Withdraw this draw")

                        Label {
                            Layout.fillWidth: true
                            wrapMode: Text.Wrap
                            font.pixelSize: Theme.smallSize
                            color: Theme.secondaryText
                            text: qsTr("A withdrawn draw stays in the list with its reason; a new draw for %1 can then be made.").arg(detail.period)
                        }
                        TextField {
                            id: reasonField
                            objectName: "withdrawReasonField"
                            Layout.fillWidth: true
                            Layout.preferredHeight: 48
                            placeholderText: qsTr("Reason, e.g. a party was not present")
                            enabled: !detail.withdrawing
                            Accessible.name: qsTr("Reason for withdrawing the draw")
                        }
                        Button {
                            objectName: "withdrawDrawButton"
                            Layout.fillWidth: true
                            Layout.minimumHeight: 48
                            text: qsTr("Withdraw the draw")
                            Accessible.name: text
                            enabled: !detail.withdrawing && reasonField.text.trim().length > 0
                            palette.buttonText: Theme.error
                            onClicked: detail.withdraw(reasonField.text)
                        }
                        Label {
                            objectName: "withdrawError"
                            visible: text.length > 0
                            Layout.fillWidth: true
                            wrapMode: Text.Wrap
                            color: Theme.error
                            text: detail.withdrawError
                        }
                    }
                }
            }
        }
    }

    // A unit picked: code and name, why, beneath.
    component PickLine: ColumnLayout {
        id: pickLine
        property string name
        property string detailText
        spacing: 1
        Label {
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            text: pickLine.name
        }
        Label {
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            font.pixelSize: Theme.smallSize
            color: Theme.secondaryText
            text: pickLine.detailText
        }
    }
}
