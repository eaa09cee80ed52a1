// The photo strip (qml/ui/PhotoStrip.qml) of a saved finding, with the fake camera: "Take a
// photo" seals one into the store, and the strip shows its thumbnail and the start of its SHA-256.
import QtQuick
import QtQuick.Controls
import QtTest
import FieldCheck

TestCase {
    id: testCase
    name: "PhotoStrip"
    width: 390
    height: 844
    // A TestCase is invisible by default; the components under test must be shown to take input.
    visible: true
    when: windowShown

    Component {
        id: stripComponent
        PhotoStrip {
            width: 370
        }
    }

    // The first Label under `item` whose text is `text`.
    function labelWithText(item, text) {
        for (let i = 0; i < item.children.length; ++i) {
            const child = item.children[i]
            if (child instanceof Label && child.text === text) return child
            const found = labelWithText(child, text)
            if (found) return found
        }
        return null
    }

    function test_takeAPhotoAddsAThumbnailAndItsHash() {
        const findingId = TestRecords.createFinding("消防通道堆放杂物")
        verify(findingId.length > 0, "no finding to photograph")
        const strip = createTemporaryObject(stripComponent, testCase, { recordType: "finding", recordId: findingId })
        const photos = strip.controller
        tryCompare(photos, "loading", false, 10000)
        tryCompare(photos, "canAttach", true, 10000)
        compare(photos.count, 0)
        verify(photos.cameraAvailable)
        verify(findChild(strip, "photoEmpty").visible)

        const take = findChild(strip, "photoTakeButton")
        verify(take !== null, "no Take a photo button")
        tryVerify(() => take.visible && take.width > 0 && take.height >= 44)
        compare(take.text, "Take a photo")
        mouseClick(take)

        tryCompare(photos, "count", 1, 10000)
        tryCompare(photos, "busy", false, 10000)
        compare(photos.errorMessage, "")
        const photo = photos.photos[0]
        verify(photo.isImage)
        compare(photo.mediaType, "image/jpeg")
        verify(/^[0-9a-f]{64}$/.test(photo.sha256), photo.sha256)
        verify(photo.sha256Short.length > 0 && photo.sha256Short.length < photo.sha256.length)
        verify(photo.sha256.indexOf(photo.sha256Short.substring(0, 8)) === 0, photo.sha256Short)

        tryVerify(() => findChild(strip, "photoTile0") !== null, 5000, "no thumbnail tile")
        const tile = findChild(strip, "photoTile0")
        verify(labelWithText(tile, photo.sha256Short) !== null, "the tile does not show the hash")
        verify(tile.Accessible.name.indexOf(photo.sha256Short) >= 0, tile.Accessible.name)
        // The thumbnail is decoded in memory from the sealed photo.
        const thumbnail = findChild(strip, "photoThumbnail0")
        verify(thumbnail !== null, "no thumbnail")
        tryCompare(thumbnail, "status", PhotoThumbnail.Ready, 10000)

        verify(!findChild(strip, "photoEmpty").visible)
        const notice = findChild(strip, "photoNotice")
        verify(notice.visible)
        verify(notice.text.indexOf(photo.sha256Short) >= 0, notice.text)
    }

    function test_unsavedRecordOffersNoPhoto() {
        const strip = createTemporaryObject(stripComponent, testCase, { recordType: "finding", recordId: "" })
        const photos = strip.controller
        tryCompare(photos, "loading", false)
        compare(photos.canAttach, false)
        verify(photos.refusal.indexOf("Save the record first") === 0, photos.refusal)
        verify(!findChild(strip, "photoTakeButton").visible)
        verify(findChild(strip, "photoRefusal").visible)
    }
}
