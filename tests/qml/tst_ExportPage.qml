// The Export page (qml/ui/ExportPage.qml) on a scratch store that is not enrolled: the month comes
// from the store and is checked as it is typed, the six ledgers are offered with the summary and —
// a device without a role sees everything — the personal columns; a folder that does not exist is
// refused on the page before anything is written; every control has a name and a touch size.
import QtQuick
import QtQuick.Controls
import QtTest
import FieldCheck

TestCase {
    id: testCase
    name: "ExportPage"
    width: 390
    height: 844
    visible: true
    when: windowShown

    Component {
        id: pageComponent
        ExportPage {
            width: testCase.width
            height: testCase.height
        }
    }

    // Types `text` into the focused field, one key at a time, as a user would.
    function type(text) {
        for (const ch of text) keyClick(ch)
    }

    // Scrolls the page until `item` is in view (a click off the window reaches nothing).
    function reveal(page, item) {
        const flick = findChild(page, "exportFlickable")
        const y = item.mapToItem(flick.contentItem, 0, 0).y
        flick.contentY = Math.max(0, Math.min(y - 100, flick.contentHeight - flick.height))
        waitForRendering(page)
    }

    function loadedPage() {
        const page = createTemporaryObject(pageComponent, testCase)
        verify(page !== null, "the page did not load")
        const field = findChild(page, "exportMonthField")
        tryVerify(() => /^\d{4}-\d{2}$/.test(field.text), 10000, "no month from the store")
        // The store's answer changes texts and shows the personal-data box: let the layout settle
        // before clicking anything.
        waitForRendering(page)
        return page
    }

    function test_monthIsCheckedAsTyped() {
        const page = loadedPage()
        const field = findChild(page, "exportMonthField")
        const error = findChild(page, "exportMonthError")
        const button = findChild(page, "exportButton")
        verify(!error.visible)
        verify(button.enabled)

        field.forceActiveFocus()
        field.selectAll()
        keyClick(Qt.Key_Backspace)
        type("2026-13")
        compare(page.controller.month, "2026-13")
        tryCompare(error, "visible", true)
        verify(error.text.indexOf("2026-04") >= 0, error.text)
        verify(!button.enabled)

        field.selectAll()
        keyClick(Qt.Key_Backspace)
        type("2026-04")
        tryCompare(error, "visible", false)
        verify(button.enabled)
    }

    function test_offersTheLedgersTheSummaryAndPersonalData() {
        const page = loadedPage()
        const kinds = ["findings", "rectification", "monthly_reports", "petitions", "accountability", "four_batches"]
        for (const kind of kinds) {
            const box = findChild(page, "ledger_" + kind)
            verify(box !== null, "no check box for " + kind)
            verify(box.checked, kind + " is not chosen by default")
            verify(box.Accessible.name.length > 0)
        }
        const findings = findChild(page, "ledger_findings")
        compare(findings.text, "Problem clue ledger")
        mouseClick(findings)
        verify(!findings.checked)
        verify(page.controller.selectedLedgers.indexOf("findings") < 0)
        mouseClick(findings)
        verify(findings.checked)
        verify(page.controller.selectedLedgers.indexOf("findings") >= 0)

        verify(findChild(page, "exportSummaryCheck").checked)
        // Not enrolled: no role restricts what this device may see.
        const sensitive = findChild(page, "exportSensitiveCheck")
        tryCompare(sensitive, "visible", true)
        verify(!sensitive.checked)
    }

    function test_aFolderThatDoesNotExistIsRefusedOnThePage() {
        const page = loadedPage()
        const folder = findChild(page, "exportFolderField")
        folder.forceActiveFocus()
        type("/nonexistent-fieldcheck-export-folder")
        compare(page.controller.folder, "/nonexistent-fieldcheck-export-folder")
        const button = findChild(page, "exportButton")
        reveal(page, button)
        mouseClick(button)
        const error = findChild(page, "exportError")
        tryCompare(error, "visible", true)
        verify(error.text.indexOf("does not exist") >= 0, error.text)
        verify(!page.controller.busy)
        compare(page.controller.results.length, 0)
    }

    function test_controlsHaveNamesAndTouchSize() {
        const page = loadedPage()
        const names = ["exportMonthField", "exportFolderField", "chooseFolderButton", "exportButton",
                       "exportSummaryCheck", "exportSensitiveCheck", "exportOverwriteCheck", "ledger_findings"]
        for (const name of names) {
            const item = findChild(page, name)
            verify(item !== null, "no " + name)
            verify(item.Accessible.name.length > 0, name + " has no accessible name")
            // The personal-data box appears once the role is read: after the layout's next pass.
            tryVerify(() => item.height >= 44, 5000, name + " is " + item.height + " px high")
        }
    }
}
