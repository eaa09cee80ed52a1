// The new spot-check draw's page (qml/ui/SpotCheckDrawPage.qml) on the scratch store, which is not
// enrolled (every role's rights): the draw button waits for the seed parts and the count; parties
// are added and removed; a count larger than the candidates and a malformed part are marked where
// they were typed, with what was typed kept; a draw replaces the page with the draw's page; every
// control has a name and a touch size.
import QtQuick
import QtQuick.Controls
import QtTest
import FieldCheck

TestCase {
    id: testCase
    name: "SpotCheckDrawPage"
    width: 390
    height: 844
    visible: true
    when: windowShown

    Component {
        id: stackComponent
        StackView {
            width: testCase.width
            height: testCase.height
        }
    }

    // Three units to draw from (the scratch store starts empty).
    function initTestCase() {
        for (const name of ["区社会福利院", "区救助管理站", "区殡仪馆"])
            verify(TestRecords.createUnit(name).length > 0, "no unit " + name)
    }

    function openPage() {
        const stack = createTemporaryObject(stackComponent, testCase)
        stack.push(Qt.resolvedUrl("qrc:/FieldCheck/ui/SpotCheckDrawPage.qml"))
        tryCompare(stack, "busy", false)
        const page = stack.currentItem
        verify(page !== null && page.objectName === "drawFormPage", "the page did not load")
        tryVerify(() => page.form.candidatesLoaded && !page.form.loading, 10000, "no candidates from the store")
        compare(page.form.candidateCount, 3)
        waitForRendering(page)
        return page
    }

    // Types `text` into the field named `name`, one key at a time, as a user would.
    function typeInto(page, name, text) {
        const field = findChild(page, name)
        verify(field !== null, "no field " + name)
        reveal(page, field)
        field.forceActiveFocus()
        field.selectAll()
        for (const ch of text) keyClick(ch)
        return field
    }

    // Scrolls the form until `item` is in view (a click off the window reaches nothing).
    function reveal(page, item) {
        const flick = findChild(page, "drawFormFlickable")
        const y = item.mapToItem(flick.contentItem, 0, 0).y
        flick.contentY = Math.max(0, Math.min(y - 100, flick.contentHeight - flick.height))
        waitForRendering(page)
    }

    function fillParts(page) {
        typeInto(page, "seedParty0", "jijianzu")
        typeInto(page, "seedPart0", "4821")
        typeInto(page, "seedParty1", "bangongshi")
        typeInto(page, "seedPart1", "7730")
    }

    function test_drawWaitsForThePartsAndTheCount() {
        const page = openPage()
        const run = findChild(page, "runDrawButton")
        verify(!run.enabled)
        // The suggested parties are placeholders, not values.
        compare(findChild(page, "seedParty0").text, "")
        compare(findChild(page, "seedParty0").placeholderText, "Discipline inspection group")
        compare(findChild(page, "seedParty1").placeholderText, "Bureau office")

        fillParts(page)
        compare(page.form.seedPreview, "48217730")
        verify(!run.enabled, "the draw is offered without a count")
        typeInto(page, "drawCountField", "2")
        compare(page.form.count, 2)
        tryCompare(run, "enabled", true)

        typeInto(page, "drawCountField", "4")
        const countError = findChild(page, "drawCountError")
        tryCompare(countError, "visible", true)
        verify(countError.text.indexOf("3") >= 0, countError.text)
        verify(!run.enabled)
        typeInto(page, "drawCountField", "3")
        tryCompare(countError, "visible", false)
        verify(run.enabled)

        // An empty part takes the button away again.
        typeInto(page, "seedPart1", "")
        keyClick(Qt.Key_Backspace)
        compare(page.form.seedParts.complete, false)
        verify(!run.enabled)
    }

    function test_partiesAreAddedAndRemoved() {
        const page = openPage()
        compare(page.form.seedParts.count, 2)
        const add = findChild(page, "addSeedPartButton")
        reveal(page, add)
        mouseClick(add)
        compare(page.form.seedParts.count, 3)
        tryVerify(() => findChild(page, "seedParty2") !== null)
        compare(findChild(page, "seedParty2").placeholderText, "Party")
        typeInto(page, "seedParty2", "third")
        const remove = findChild(page, "removeSeedPart0")
        reveal(page, remove)
        mouseClick(remove)
        compare(page.form.seedParts.count, 2)
        // The rows after it moved up with what was typed in them.
        tryCompare(findChild(page, "seedParty1"), "text", "third")
    }

    function test_aMalformedPartIsMarkedOnItsRow() {
        const page = openPage()
        fillParts(page)
        // Full-width digits, as a Chinese input method types them: they look the same and hash differently.
        findChild(page, "seedPart1").text = "７７３０"
        typeInto(page, "drawCountField", "1")
        const run = findChild(page, "runDrawButton")
        reveal(page, run)
        tryCompare(run, "enabled", true)
        mouseClick(run)
        const rowError = findChild(page, "seedPartError1")
        tryCompare(rowError, "visible", true)
        verify(rowError.text.indexOf("Full-width") >= 0, rowError.text)
        verify(!findChild(page, "seedPartError0").visible)
        const error = findChild(page, "drawFormError")
        verify(error.visible)
        verify(error.text.indexOf("2") >= 0, error.text)
        compare(findChild(page, "seedPart1").text, "７７３０")
        compare(findChild(page, "drawCountField").text, "1")
        compare(page.StackView.view.depth, 1)

        // Typing in the row answers its mark.
        typeInto(page, "seedPart1", "7730")
        tryCompare(rowError, "visible", false)
    }

    function test_aDrawReplacesTheFormWithItsPage() {
        const page = openPage()
        const stack = page.StackView.view
        fillParts(page)
        typeInto(page, "drawCountField", "2")
        const run = findChild(page, "runDrawButton")
        reveal(page, run)
        tryCompare(run, "enabled", true)
        mouseClick(run)
        tryVerify(() => stack.currentItem !== null && stack.currentItem.objectName === "drawDetailPage", 10000,
                  "the draw's page did not open: " + page.form.errorMessage + " " + page.form.errorDetail)
        tryCompare(stack, "busy", false)
        compare(stack.depth, 1)
        const detail = stack.currentItem
        verify(detail.justDrawn)
        tryVerify(() => detail.detail.readable, 10000)
        compare(detail.detail.randomPicks.length, 2)
        verify(findChild(detail, "drawRecordedNotice").visible)

        // The same period again is refused, with the way to the draw in force.
        const again = createTemporaryObject(stackComponent, testCase)
        again.push(Qt.resolvedUrl("qrc:/FieldCheck/ui/SpotCheckDrawPage.qml"))
        tryCompare(again, "busy", false)
        const second = again.currentItem
        tryVerify(() => second.form.candidatesLoaded, 10000)
        fillParts(second)
        typeInto(second, "drawCountField", "1")
        const secondRun = findChild(second, "runDrawButton")
        reveal(second, secondRun)
        tryCompare(secondRun, "enabled", true)
        mouseClick(secondRun)
        const open = findChild(second, "openExistingDrawButton")
        tryCompare(open, "visible", true, 10000)
        compare(second.form.existingDrawId, detail.drawId)
        reveal(second, open)
        mouseClick(open)
        tryCompare(again, "depth", 2)
        compare(again.currentItem.drawId, detail.drawId)
    }

    function test_controlsHaveNamesAndTouchSize() {
        const page = openPage()
        const names = ["drawPeriodField", "seedParty0", "seedPart0", "removeSeedPart0", "addSeedPartButton",
                       "drawCountField", "runDrawButton", "showCandidatesButton", "drawCandidatesSha256Text",
                       "drawCandidatesSha256Copy"]
        for (const name of names) {
            const item = findChild(page, name)
            verify(item !== null, "no " + name)
            verify(item.Accessible.name.length > 0, name + " has no accessible name")
            tryVerify(() => item.height >= 48 && item.width >= 48, 5000, name + " is " + item.width + "×" + item.height + " px")
        }
    }
}
