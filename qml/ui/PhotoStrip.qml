// The photos of one record as a strip of thumbnails — each with the start of its SHA-256 and the
// time it was sealed — and the way to add one: the camera, or on a device without one a photo
// file (the original is only read). Everything goes through PhotoController: the photo from the
// camera goes straight into the encrypted vault, and the thumbnails are decoded from it in memory.
// Any page can use it: give it the record (recordType, recordId; an empty id while the record is
// not saved yet) and a prefix for its objectNames.
import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import FieldCheck

ColumnLayout {
    id: strip

    property alias recordType: photos.recordType
    property alias recordId: photos.recordId
    // objectNames of the strip's parts start with it, so that two strips on screen differ.
    property string namePrefix: "photo"
    readonly property alias controller: photos

    spacing: 8

    PhotoController {
        id: photos
        objectName: strip.namePrefix + "Controller"
        session: Session
        devices: Devices
    }

    Label {
        objectName: strip.namePrefix + "Empty"
        visible: photos.count === 0 && photos.canAttach
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        color: Theme.secondaryText
        text: qsTr("No photo yet. Photos are sealed into the encrypted store with their SHA-256 and time; they never go to the gallery.")
    }

    ListView {
        id: thumbnails
        objectName: strip.namePrefix + "List"
        visible: photos.count > 0
        Layout.fillWidth: true
        Layout.preferredHeight: 148
        orientation: ListView.Horizontal
        spacing: 10
        clip: true
        model: photos.photos
        boundsBehavior: Flickable.StopAtBounds
        Accessible.name: qsTr("Photos")

        delegate: ColumnLayout {
            id: tile
            required property var modelData
            required property int index
            objectName: strip.namePrefix + "Tile" + index
            width: 112
            spacing: 2
            Accessible.role: Accessible.Graphic
            Accessible.name: qsTr("Photo %1, sealed %2, SHA-256 %3").arg(tile.index + 1).arg(tile.modelData.capturedAt)
                             .arg(tile.modelData.sha256Short)

            Rectangle {
                Layout.preferredWidth: 112
                Layout.preferredHeight: 96
                radius: 4
                color: Theme.disabledFill
                clip: true

                PhotoThumbnail {
                    id: thumbnail
                    objectName: strip.namePrefix + "Thumbnail" + tile.index
                    anchors.fill: parent
                    session: Session
                    attachmentId: tile.modelData.isImage ? tile.modelData.attachmentId : ""
                    decodeSize: 224
                }
                Label {
                    anchors.centerIn: parent
                    width: parent.width - 12
                    visible: thumbnail.status !== PhotoThumbnail.Ready
                    horizontalAlignment: Text.AlignHCenter
                    wrapMode: Text.Wrap
                    maximumLineCount: 3
                    elide: Text.ElideRight
                    font.pixelSize: Theme.tinySize
                    color: Theme.secondaryText
                    text: thumbnail.status === PhotoThumbnail.Loading ? qsTr("Decrypting…") : tile.modelData.fileName
                }
            }
            Label {
                Layout.preferredWidth: 112
                text: tile.modelData.sha256Short
                font.family: Theme.monospaceFamily
                font.pixelSize: Theme.tinySize
                elide: Text.ElideRight
            }
            Label {
                Layout.preferredWidth: 112
                text: tile.modelData.capturedAt
                font.pixelSize: Theme.tinySize
                color: Theme.secondaryText
                elide: Text.ElideRight
            }
        }
    }

    // Why nothing can be added (not saved yet, withdrawn, the role).
    Label {
        objectName: strip.namePrefix + "Refusal"
        visible: !photos.canAttach && photos.refusal.length > 0
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        color: Theme.secondaryText
        text: photos.refusalDetail.length > 0 ? photos.refusal + " " + photos.refusalDetail : photos.refusal
    }

    RowLayout {
        visible: photos.canAttach
        Layout.fillWidth: true
        spacing: 8
        Button {
            objectName: strip.namePrefix + "TakeButton"
            visible: photos.cameraAvailable
            Layout.fillWidth: true
            Layout.minimumHeight: 44
            highlighted: true
            enabled: !photos.busy
            text: qsTr("Take a photo")
            Accessible.name: text
            onClicked: photos.takePhoto()
        }
        Button {
            objectName: strip.namePrefix + "ChooseButton"
            visible: !photos.cameraAvailable
            Layout.fillWidth: true
            Layout.minimumHeight: 44
            enabled: !photos.busy
            text: qsTr("Choose a photo file…")
            Accessible.name: qsTr("Choose a photo file")
            onClicked: fileDialog.open()
        }
        BusyIndicator {
            running: photos.busy
            visible: running
            implicitWidth: 32
            implicitHeight: 32
            Accessible.name: qsTr("Sealing the photo")
        }
    }
    Label {
        visible: photos.canAttach && !photos.cameraAvailable
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        color: Theme.secondaryText
        font.pixelSize: Theme.smallSize
        text: photos.cameraUnavailableReason + " " + qsTr("The file itself is left as it is.")
    }

    Label {
        objectName: strip.namePrefix + "Notice"
        visible: text.length > 0
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        color: photos.errorMessage.length > 0 ? Theme.error : Theme.text
        font.pixelSize: Theme.smallSize
        text: photos.errorMessage.length > 0
              ? [photos.errorMessage, photos.errorDetail].filter(s => s.length > 0).join(" ")
              : photos.notice
        Accessible.name: text
    }

    FileDialog {
        id: fileDialog
        title: qsTr("Choose a photo")
        fileMode: FileDialog.OpenFile
        nameFilters: [qsTr("Photos (*.jpg *.jpeg *.png *.heic)"), qsTr("All files (*)")]
        onAccepted: photos.attachFile(selectedFile)
    }
}
