// The generic record form (qml/ui/RecordFormPage.qml) on a scratch store, not enrolled: a new
// self-inspection's fields each get the control of their kind (the preset unit is not one of them),
// a required field left blank is marked under it, a saved record shows its state and history, and
// a monthly report is filed by a step that saves what was typed with it. Every control is at least
// 44 px high and has an accessible name.
import QtQuick
import QtQuick.Controls
import QtTest
import FieldCheck

TestCase {
    id: testCase
    name: "RecordFormPage"
    width: 390
    height: 844
    // A TestCase is invisible by default; the components under test must be shown to take input.
    visible: true
    when: windowShown

    Component {
        id: formComponent
        RecordFormPage {
            width: testCase.width
            height: testCase.height
        }
    }

    function openForm(properties) {
        const page = createTemporaryObject(formComponent, testCase, properties)
        verify(page !== null, "no page")
        tryCompare(page.editor, "ready", true, 10000)
        return page
    }

    function field(page, name) {
        const item = findChild(page, "field_" + name)
        verify(item !== null, "no control for " + name)
        return item
    }

    // Taps `item` as a person would: scrolled into view, once the layouts have placed it (a banner
    // that just appeared moves everything below it).
    function tap(page, item) {
        const flick = findChild(page, "recordFormFlickable")
        wait(50)
        const y = item.mapToItem(flick.contentItem, 0, 0).y
        flick.contentY = Math.max(0, Math.min(y - 60, flick.contentHeight - flick.height))
        waitForRendering(page)
        mouseClick(item)
    }

    function checkTargets(page, names) {
        for (const name of names) {
            const item = field(page, name)
            verify(item.height >= 44, name + " is " + item.height + " px high")
            verify(item.Accessible.name.length > 0, name + " has no accessible name")
        }
    }

    function test_newSelfInspectionIsSavedWithItsPresetUnit() {
        const unitId = TestRecords.createUnit("区社会福利院")
        verify(unitId.length > 0)
        const page = openForm({ type: "self_inspection", presets: { unit_id: unitId },
                                intro: "A zero report declares that the self-inspection found no problem." })
        const editor = page.editor
        compare(editor.isNew, true)
        compare(findChild(page, "recordFormSubject").text, "区社会福利院")
        compare(findChild(page, "recordFormIntro").visible, true)
        // One control per field, by kind; the preset unit and the campaign are not fields.
        verify(field(page, "period") instanceof TextField)
        verify(field(page, "zero_report") instanceof Switch)
        verify(field(page, "problem_count") instanceof TextField)
        verify(field(page, "summary") instanceof TextArea)
        compare(findChild(page, "field_unit_id"), null)
        compare(findChild(page, "field_campaign_id"), null)
        compare(field(page, "period").placeholderText, "YYYY-MM")
        checkTargets(page, ["period", "zero_report", "problem_count", "summary"])
        verify(findChild(page, "saveButton").height >= 44)
        compare(findChild(page, "recordFormHistorySection").visible, false)

        // Saved without the period: marked under the field, nothing written.
        tap(page, findChild(page, "saveButton"))
        tryVerify(() => findChild(page, "fieldError_period").visible, 5000, "no error under the period")
        compare(editor.isNew, true)
        verify(findChild(page, "recordFormError").visible)

        field(page, "period").text = "2026-07"
        compare(editor.values.period, "2026-07")
        verify(!findChild(page, "fieldError_period").visible)
        tap(page, field(page, "zero_report"))
        compare(editor.values.zero_report, "true")
        field(page, "summary").text = "对照清单逐项自查，未发现问题。"
        compare(editor.dirty, true)

        tap(page, findChild(page, "saveButton"))
        const summary = field(page, "summary")
        tryCompare(editor, "isNew", false, 10000)
        tryCompare(editor, "busy", false, 10000)
        compare(editor.errorMessage, "")
        tryVerify(() => editor.history.length > 0, 10000, "no history after saving")
        // The reload after the write kept the controls: nothing is rebuilt under the user's fingers.
        compare(field(page, "summary"), summary)
        verify(findChild(page, "recordFormHistorySection").visible)
        compare(field(page, "zero_report").checked, true)
        compare(field(page, "summary").text, "对照清单逐项自查，未发现问题。")
    }

    function test_monthlyReportIsFiledWithWhatWasTyped() {
        const unitId = TestRecords.createUnit("区救助管理站")
        const page = openForm({ type: "monthly_report", presets: { unit_id: unitId, month: "2026-07" } })
        const editor = page.editor
        compare(editor.fields.map(f => f.name), ["work_done", "problems_remaining", "next_plan"])
        field(page, "work_done").text = "完成问题台账梳理"
        tap(page, findChild(page, "saveButton"))
        tryCompare(editor, "isNew", false, 10000)
        tryCompare(editor, "status", "draft", 10000)

        tryVerify(() => findChild(page, "move_submitted") !== null, 5000, "no step to file the report")
        const fileIt = findChild(page, "move_submitted")
        verify(fileIt.height >= 44)
        verify(fileIt.Accessible.name.length > 0)
        field(page, "problems_remaining").text = "个别措施推进较慢"
        field(page, "next_plan").text = "开展“回头看”"
        // The step is open with changes not saved: they go with it.
        compare(editor.dirty, true)
        verify(fileIt.enabled)
        tap(page, fileIt)
        tryCompare(editor, "status", "submitted", 10000)
        compare(editor.errorMessage, "")
        compare(editor.dirty, false)
        compare(editor.values.next_plan, "开展“回头看”")
        compare(findChild(page, "recordFormStatus").text, editor.statusLabel)
    }
}
