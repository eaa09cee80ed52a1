// The first screen: create the encrypted store (first start) or unlock it — with the PIN when one
// is set (Settings), else or on request with the passphrase.
// All checks and the slow key derivation happen in UnlockController; this page only collects
// the passphrase, hands it over once and clears the fields right away.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FieldCheck

Page {
    id: page
    objectName: "unlockPage"

    readonly property bool createMode: !UnlockController.storeExists
    // The PIN is asked first when there is one; the user may switch to the passphrase.
    property bool passphraseChosen: false
    readonly property bool pinMode: !createMode && UnlockController.pinSet && !passphraseChosen
    readonly property bool waiting: UnlockController.retryAfterSeconds > 0
    readonly property bool canSubmit: !UnlockController.busy && !waiting
                                      && passphraseField.length > 0
                                      && (!createMode || confirmationField.length > 0)

    function submit() {
        if (!canSubmit)
            return
        if (createMode)
            UnlockController.createStore(passphraseField.text, confirmationField.text)
        else if (pinMode)
            UnlockController.unlockWithPin(passphraseField.text)
        else
            UnlockController.unlock(passphraseField.text)
        passphraseField.clear()
        confirmationField.clear()
        passphraseField.forceActiveFocus()
    }

    background: Rectangle { color: Theme.background }

    Component.onCompleted: passphraseField.forceActiveFocus()

    Flickable {
        anchors.fill: parent
        contentHeight: Math.max(height, column.implicitHeight + 48)
        boundsBehavior: Flickable.StopAtBounds
        clip: true

        ColumnLayout {
            id: column
            width: Math.min(parent.width - 40, 380)
            anchors.horizontalCenter: parent.horizontalCenter
            y: Math.max(24, (parent.height - implicitHeight) / 2 - 24)
            spacing: 12

            Label {
                Layout.fillWidth: true
                horizontalAlignment: Text.AlignHCenter
                text: qsTr("FieldCheck")
                color: Theme.primary
                font.pixelSize: Theme.titleSize
                font.bold: true
            }
            Label {
                Layout.fillWidth: true
                Layout.bottomMargin: 12
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.Wrap
                text: qsTr("Field inspection for the grassroots work-style and anti-corruption campaign")
                color: Theme.secondaryText
                font.pixelSize: Theme.smallSize + 1
            }

            Rectangle {
                Layout.fillWidth: true
                implicitHeight: form.implicitHeight + 40
                radius: Theme.cardRadius
                color: Theme.card
                border.color: Theme.cardBorder

                ColumnLayout {
                    id: form
                    anchors.fill: parent
                    anchors.margins: 20
                    spacing: 6

                    Label {
                        Layout.fillWidth: true
                        text: page.createMode ? qsTr("Set up this device")
                                              : page.pinMode ? qsTr("Unlock with PIN") : qsTr("Unlock")
                        font.pixelSize: Theme.headingSize
                        font.bold: true
                    }
                    Label {
                        Layout.fillWidth: true
                        Layout.bottomMargin: 8
                        wrapMode: Text.Wrap
                        color: Theme.secondaryText
                        text: page.createMode
                              ? qsTr("Choose a passphrase. It encrypts every record on this device and cannot be recovered if you forget it.")
                              : page.pinMode ? qsTr("Enter your PIN to open the records on this device.")
                                             : qsTr("Enter your passphrase to open the records on this device.")
                    }

                    Label {
                        text: page.pinMode ? qsTr("PIN") : qsTr("Passphrase")
                        font.pixelSize: Theme.smallSize
                        font.bold: true
                    }
                    TextField {
                        id: passphraseField
                        objectName: "passphraseField"
                        Layout.fillWidth: true
                        Layout.preferredHeight: 44
                        echoMode: TextInput.Password
                        // The CJK font's bullets are either huge (●) or tiny (•); DejaVu's are not.
                        font.family: Theme.passwordFamily
                        passwordCharacter: "●"
                        inputMethodHints: (page.pinMode ? Qt.ImhDigitsOnly : 0) | Qt.ImhSensitiveData
                                          | Qt.ImhNoPredictiveText | Qt.ImhNoAutoUppercase | Qt.ImhHiddenText
                        Accessible.name: page.pinMode ? qsTr("PIN") : qsTr("Passphrase")
                        enabled: !UnlockController.busy
                        onTextEdited: UnlockController.clearError()
                        onAccepted: page.createMode ? confirmationField.forceActiveFocus()
                                                    : page.submit()
                    }

                    Label {
                        visible: page.createMode
                        Layout.topMargin: 6
                        text: qsTr("Repeat the passphrase")
                        font.pixelSize: Theme.smallSize
                        font.bold: true
                    }
                    TextField {
                        id: confirmationField
                        objectName: "confirmationField"
                        visible: page.createMode
                        Layout.fillWidth: true
                        Layout.preferredHeight: 44
                        echoMode: TextInput.Password
                        font.family: passphraseField.font.family
                        passwordCharacter: passphraseField.passwordCharacter
                        inputMethodHints: passphraseField.inputMethodHints
                        Accessible.name: qsTr("Repeat the passphrase")
                        enabled: !UnlockController.busy
                        onTextEdited: UnlockController.clearError()
                        onAccepted: page.submit()
                    }
                    Label {
                        visible: page.createMode
                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                        color: Theme.secondaryText
                        font.pixelSize: Theme.smallSize
                        text: qsTr("At least %1 characters. A short sentence is easier to remember than a random word.")
                              .arg(UnlockController.minimumPassphraseLength)
                    }

                    Label {
                        objectName: "sessionNotice"
                        visible: text.length > 0
                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                        color: Theme.error
                        font.bold: true
                        text: Session.notice
                    }
                    Label {
                        objectName: "unlockError"
                        visible: text.length > 0
                        Layout.fillWidth: true
                        Layout.topMargin: 4
                        wrapMode: Text.Wrap
                        color: Theme.error
                        font.bold: true
                        text: UnlockController.errorMessage
                    }
                    Label {
                        objectName: "retryCountdown"
                        visible: page.waiting
                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                        color: Theme.error
                        text: qsTr("Next attempt possible in %1 s.").arg(UnlockController.retryAfterSeconds)
                    }

                    Button {
                        objectName: "submitButton"
                        Layout.fillWidth: true
                        Layout.topMargin: 10
                        Layout.preferredHeight: 44
                        highlighted: true
                        enabled: page.canSubmit
                        // Qt 6.4's Basic button does not switch to the palette's disabled group
                        // here, so say explicitly what a disabled button looks like.
                        palette.dark: enabled ? Theme.primary : Theme.disabledFill
                        palette.brightText: enabled ? Theme.textOnPrimary : Theme.disabledText
                        font.pixelSize: Theme.bodySize
                        font.bold: true
                        text: page.createMode ? qsTr("Create encrypted store") : qsTr("Unlock")
                        Accessible.name: text
                        onClicked: page.submit()
                    }

                    Button {
                        objectName: "switchUnlockModeButton"
                        visible: !page.createMode && UnlockController.pinSet
                        Layout.fillWidth: true
                        Layout.preferredHeight: 44
                        flat: true
                        text: page.pinMode ? qsTr("Use the passphrase instead") : qsTr("Use the PIN instead")
                        Accessible.name: text
                        onClicked: {
                            page.passphraseChosen = page.pinMode
                            passphraseField.clear()
                            UnlockController.clearError()
                            passphraseField.forceActiveFocus()
                        }
                    }

                    RowLayout {
                        visible: UnlockController.busy
                        Layout.alignment: Qt.AlignHCenter
                        spacing: 8
                        BusyIndicator {
                            running: UnlockController.busy
                            implicitWidth: 28
                            implicitHeight: 28
                        }
                        Label {
                            text: page.createMode ? qsTr("Creating the encrypted store…")
                                                  : page.pinMode ? qsTr("Checking the PIN…")
                                                                 : qsTr("Checking the passphrase…")
                            color: Theme.secondaryText
                        }
                    }
                }
            }

            Label {
                Layout.fillWidth: true
                Layout.topMargin: 8
                horizontalAlignment: Text.AlignHCenter
                elide: Text.ElideMiddle
                color: Theme.hintText
                font.pixelSize: Theme.tinySize
                text: qsTr("Store: %1").arg(Session.storePath)
            }
        }
    }
}
