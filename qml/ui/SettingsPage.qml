// Settings: language (switched at once), automatic lock, the PIN, and About — this device's store
// and identity, the records it holds, the app's version. Enrolment with the server is shown on
// the Sync page.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FieldCheck

Page {
    id: page
    objectName: "settingsPage"

    required property SyncController syncer

    background: Rectangle { color: Theme.background }

    RecordCountsModel {
        id: counts
        objectName: "recordCounts"
        session: Session
    }

    Connections {
        target: page.syncer
        function onFinished() { counts.refresh() }
    }

    component SectionCard: Rectangle {
        default property alias content: inner.data
        property string title
        Layout.fillWidth: true
        implicitHeight: inner.implicitHeight + 28
        radius: Theme.cardRadius
        color: Theme.card
        border.color: Theme.cardBorder
        ColumnLayout {
            id: inner
            anchors.fill: parent
            anchors.margins: 14
            spacing: 8
            Label {
                text: parent.parent.title
                font.bold: true
            }
        }
    }

    Flickable {
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

            SectionCard {
                title: qsTr("Language")
                RowLayout {
                    spacing: 8
                    Repeater {
                        model: AppSettings.languages
                        RadioButton {
                            required property string modelData
                            objectName: "language_" + modelData
                            Layout.minimumHeight: 44
                            // Each language is named in itself, so that whoever cannot read the
                            // current one finds their own.
                            text: modelData === "en" ? "English" : "中文（简体）"  // untranslated: named in itself
                            checked: AppSettings.language === modelData
                            Accessible.name: text
                            onClicked: AppSettings.language = modelData
                        }
                    }
                }
            }

            SectionCard {
                title: qsTr("Automatic lock")
                Label {
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    color: Theme.secondaryText
                    font.pixelSize: Theme.smallSize
                    text: qsTr("The app locks itself after this time without use, and at once when it goes to the background.")
                }
                ComboBox {
                    id: autoLock
                    objectName: "autoLockBox"
                    Layout.fillWidth: true
                    Layout.minimumHeight: 44
                    model: AppSettings.autoLockChoices
                    displayText: page.autoLockLabel(AppSettings.autoLockMinutes)
                    currentIndex: AppSettings.autoLockChoices.indexOf(AppSettings.autoLockMinutes)
                    delegate: ItemDelegate {
                        required property int modelData
                        width: autoLock.width
                        height: 44
                        text: page.autoLockLabel(modelData)
                    }
                    Accessible.name: qsTr("Lock after")
                    onActivated: (index) => AppSettings.autoLockMinutes = AppSettings.autoLockChoices[index]
                }
            }

            SectionCard {
                objectName: "passphraseCard"
                title: qsTr("Passphrase")
                Label {
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    color: Theme.secondaryText
                    font.pixelSize: Theme.smallSize
                    text: qsTr("The passphrase encrypts everything on this device. Changing it does not touch the records; a PIN keeps working.")
                }
                TextField {
                    id: currentPassphrase
                    objectName: "currentPassphraseField"
                    Layout.fillWidth: true
                    Layout.preferredHeight: 44
                    placeholderText: qsTr("Current passphrase")
                    echoMode: TextInput.Password
                    font.family: Theme.passwordFamily
                    inputMethodHints: Qt.ImhSensitiveData | Qt.ImhNoPredictiveText | Qt.ImhHiddenText
                    Accessible.name: qsTr("Current passphrase")
                }
                TextField {
                    id: nextPassphrase
                    objectName: "newPassphraseField"
                    Layout.fillWidth: true
                    Layout.preferredHeight: 44
                    placeholderText: qsTr("New passphrase (at least %1 characters)").arg(UnlockController.minimumPassphraseLength)
                    echoMode: TextInput.Password
                    font.family: Theme.passwordFamily
                    inputMethodHints: currentPassphrase.inputMethodHints
                    Accessible.name: qsTr("New passphrase")
                }
                TextField {
                    id: nextPassphraseAgain
                    objectName: "newPassphraseAgainField"
                    Layout.fillWidth: true
                    Layout.preferredHeight: 44
                    placeholderText: qsTr("Repeat the new passphrase")
                    echoMode: TextInput.Password
                    font.family: Theme.passwordFamily
                    inputMethodHints: currentPassphrase.inputMethodHints
                    Accessible.name: qsTr("Repeat the new passphrase")
                }
                RowLayout {
                    spacing: 8
                    Button {
                        objectName: "changePassphraseButton"
                        Layout.minimumHeight: 44
                        text: qsTr("Change passphrase")
                        enabled: !UnlockController.passphraseBusy
                        Accessible.name: text
                        onClicked: {
                            UnlockController.changePassphrase(currentPassphrase.text, nextPassphrase.text, nextPassphraseAgain.text)
                            currentPassphrase.clear()
                            nextPassphrase.clear()
                            nextPassphraseAgain.clear()
                        }
                    }
                    BusyIndicator {
                        running: UnlockController.passphraseBusy
                        visible: running
                        implicitWidth: 28
                        implicitHeight: 28
                    }
                }
                Label {
                    objectName: "passphraseMessage"
                    visible: text.length > 0
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    color: UnlockController.passphraseMessageIsError ? Theme.error : Theme.text
                    text: UnlockController.passphraseMessage
                }
            }

            SectionCard {
                objectName: "pinCard"
                title: qsTr("PIN")
                Label {
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    color: Theme.secondaryText
                    font.pixelSize: Theme.smallSize
                    text: !UnlockController.keyStoreAvailable
                          ? qsTr("This device has no key store: it is always unlocked with the passphrase.")
                          : UnlockController.pinSet
                            ? qsTr("A PIN unlocks this device. After 5 wrong PINs in a row only the passphrase does.")
                            : qsTr("Set a PIN of 4 to 12 digits to unlock quickly on site. The passphrase keeps working.")
                }
                TextField {
                    id: pinPassphrase
                    objectName: "pinPassphraseField"
                    visible: UnlockController.keyStoreAvailable
                    Layout.fillWidth: true
                    Layout.preferredHeight: 44
                    placeholderText: qsTr("Passphrase")
                    echoMode: TextInput.Password
                    font.family: Theme.passwordFamily
                    inputMethodHints: Qt.ImhSensitiveData | Qt.ImhNoPredictiveText | Qt.ImhHiddenText
                    Accessible.name: qsTr("Passphrase")
                }
                TextField {
                    id: newPin
                    objectName: "newPinField"
                    visible: UnlockController.keyStoreAvailable
                    Layout.fillWidth: true
                    Layout.preferredHeight: 44
                    placeholderText: qsTr("New PIN (4 to 12 digits)")
                    echoMode: TextInput.Password
                    font.family: Theme.passwordFamily
                    inputMethodHints: Qt.ImhDigitsOnly | Qt.ImhSensitiveData | Qt.ImhHiddenText
                    Accessible.name: qsTr("New PIN")
                }
                TextField {
                    id: newPinAgain
                    objectName: "newPinAgainField"
                    visible: UnlockController.keyStoreAvailable
                    Layout.fillWidth: true
                    Layout.preferredHeight: 44
                    placeholderText: qsTr("Repeat the PIN")
                    echoMode: TextInput.Password
                    font.family: Theme.passwordFamily
                    inputMethodHints: newPin.inputMethodHints
                    Accessible.name: qsTr("Repeat the PIN")
                }
                RowLayout {
                    visible: UnlockController.keyStoreAvailable
                    spacing: 8
                    Button {
                        objectName: "setPinButton"
                        Layout.minimumHeight: 44
                        text: UnlockController.pinSet ? qsTr("Change PIN") : qsTr("Set PIN")
                        enabled: !UnlockController.pinBusy
                        Accessible.name: text
                        onClicked: {
                            UnlockController.setPin(pinPassphrase.text, newPin.text, newPinAgain.text)
                            pinPassphrase.clear()
                            newPin.clear()
                            newPinAgain.clear()
                        }
                    }
                    Button {
                        objectName: "removePinButton"
                        visible: UnlockController.pinSet
                        Layout.minimumHeight: 44
                        text: qsTr("Remove PIN")
                        enabled: !UnlockController.pinBusy
                        Accessible.name: text
                        onClicked: UnlockController.removePin()
                    }
                    BusyIndicator {
                        running: UnlockController.pinBusy
                        visible: running
                        implicitWidth: 28
                        implicitHeight: 28
                    }
                }
                Label {
                    objectName: "pinMessage"
                    visible: text.length > 0
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    color: UnlockController.pinMessageIsError ? Theme.error : Theme.text
                    text: UnlockController.pinMessage
                }
            }

            Rectangle {
                Layout.fillWidth: true
                implicitHeight: countsColumn.implicitHeight + 28
                radius: Theme.cardRadius
                color: Theme.card
                border.color: Theme.cardBorder

                ColumnLayout {
                    id: countsColumn
                    anchors.fill: parent
                    anchors.margins: 14
                    spacing: 10

                    Label {
                        text: qsTr("Records on this device")
                        font.bold: true
                    }
                    GridLayout {
                        Layout.fillWidth: true
                        columns: 3
                        rowSpacing: 10
                        columnSpacing: 4
                        Repeater {
                            model: counts
                            delegate: RecordCountDelegate {
                                Layout.fillWidth: true
                                Layout.preferredWidth: 1
                            }
                        }
                    }
                    Label {
                        visible: counts.errorMessage.length > 0
                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                        color: Theme.error
                        text: counts.errorMessage
                    }
                }
            }

            Rectangle {
                Layout.fillWidth: true
                implicitHeight: identity.implicitHeight + 28
                radius: Theme.cardRadius
                color: Theme.card
                border.color: Theme.cardBorder

                GridLayout {
                    id: identity
                    anchors.fill: parent
                    anchors.margins: 14
                    columns: 2
                    columnSpacing: 12
                    rowSpacing: 4

                    Label {
                        Layout.columnSpan: 2
                        Layout.bottomMargin: 4
                        text: qsTr("About this device")
                        font.bold: true
                    }
                    Label {
                        text: qsTr("Store")
                        color: Theme.secondaryText
                    }
                    Label {
                        objectName: "storeIdLabel"
                        Layout.fillWidth: true
                        Layout.alignment: Qt.AlignBaseline
                        text: Session.storeId
                        font.family: Theme.monospaceFamily
                        font.pixelSize: 11
                        wrapMode: Text.WrapAnywhere
                    }
                    Label {
                        text: qsTr("Device")
                        color: Theme.secondaryText
                    }
                    Label {
                        objectName: "deviceIdLabel"
                        Layout.fillWidth: true
                        Layout.alignment: Qt.AlignBaseline
                        text: Session.deviceId
                        font.family: Theme.monospaceFamily
                        font.pixelSize: 11
                        wrapMode: Text.WrapAnywhere
                    }
                    Label {
                        text: qsTr("Server")
                        color: Theme.secondaryText
                    }
                    Label {
                        objectName: "aboutServerLabel"
                        Layout.fillWidth: true
                        Layout.alignment: Qt.AlignBaseline
                        wrapMode: Text.WrapAnywhere
                        font.pixelSize: 13
                        text: page.syncer.enrolled
                              ? qsTr("%1, as %2 (%3)").arg(page.syncer.serverUrl).arg(page.syncer.userName).arg(page.syncer.role)
                              : qsTr("not enrolled (see Sync)")
                    }
                    Label {
                        text: qsTr("Schema")
                        color: Theme.secondaryText
                    }
                    Label {
                        Layout.fillWidth: true
                        Layout.alignment: Qt.AlignBaseline
                        text: qsTr("version %1").arg(Session.schemaVersion)
                        font.pixelSize: 13
                    }
                }
            }


            Label {
                objectName: "versionLabel"
                Layout.fillWidth: true
                horizontalAlignment: Text.AlignHCenter
                color: Theme.hintText
                font.pixelSize: Theme.tinySize
                text: qsTr("FieldCheck %1").arg(AppSettings.appVersion)
            }
        }
    }

    function autoLockLabel(minutes) {
        return minutes === 0 ? qsTr("Never") : qsTr("After %n minute(s)", "", minutes)
    }
}
