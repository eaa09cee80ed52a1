// Today (qml/ui/TodayPage.qml) on an empty store, with the fake connectivity: the offline banner
// follows the connection, and the page says there is nothing to do rather than showing nothing.
import QtQuick
import QtQuick.Controls
import QtTest
import FieldCheck

TestCase {
    id: testCase
    name: "TodayPage"
    width: 390
    height: 844
    // A TestCase is invisible by default; the components under test must be shown to take input.
    visible: true
    when: windowShown

    SyncController {
        id: testSyncer
        session: Session
    }

    Component {
        id: todayComponent
        TodayPage {
            width: testCase.width
            height: testCase.height
            syncer: testSyncer
        }
    }

    function cleanup() {
        TestDevices.setOnline(true)
    }

    function test_offlineBannerFollowsTheConnection() {
        const page = createTemporaryObject(todayComponent, testCase)
        const banner = findChild(page, "offlineBanner")
        verify(banner !== null, "no offline banner")
        verify(Devices.online)
        verify(!banner.visible)

        TestDevices.setOnline(false)
        tryCompare(Devices, "online", false)
        tryCompare(banner, "visible", true)
        verify(banner.height > 0)
        // The list starts below the banner, not under it.
        tryVerify(() => page.contentItem.y >= banner.height, 5000, "the banner covers the list")
        const text = banner.children[0].text
        verify(text.indexOf("No connection") === 0, text)

        TestDevices.setOnline(true)
        tryCompare(Devices, "online", true)
        tryCompare(banner, "visible", false)
    }

    function test_emptyStoreShowsTheEmptyState() {
        const page = createTemporaryObject(todayComponent, testCase)
        const model = findChild(page, "todayModel")
        verify(model !== null, "no Today model")
        tryCompare(model, "loading", false, 10000)
        compare(model.count, 0)
        compare(model.errorMessage, "")

        tryVerify(() => { const e = findChild(page, "emptyState"); return e !== null && e.visible }, 10000,
                  "the empty state is not shown")
        compare(findChild(page, "emptyState").text, "Nothing to do today")
        compare(findChild(page, "overdueBanner").visible, false)
        compare(findChild(page, "lastContactLabel").text, "Never synced")
        compare(findChild(page, "waitingLabel").text, "Everything on this device has reached the server.")
        // Not enrolled: nothing to sync with.
        compare(findChild(page, "glanceSyncButton").enabled, false)
    }
}
