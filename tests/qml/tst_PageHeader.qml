// The tool bar of a pushed page (qml/ui/PageHeader.qml): its title, and Back only when there is a
// page beneath on the StackView — Back then pops the page.
import QtQuick
import QtQuick.Controls
import QtTest
import FieldCheck

TestCase {
    id: testCase
    name: "PageHeader"
    width: 390
    height: 844
    // A TestCase is invisible by default; the components under test must be shown to take input.
    visible: true
    when: windowShown

    Component {
        id: pageComponent
        Page {
            id: page
            property alias bar: bar
            property string pageTitle: "Unit"
            header: PageHeader {
                id: bar
                title: page.pageTitle
                page: page
            }
        }
    }

    Component {
        id: stackComponent
        StackView {
            width: testCase.width
            height: testCase.height
        }
    }

    function backOf(page) {
        const back = findChild(page.bar, "backButton")
        verify(back !== null, "no Back button")
        return back
    }

    // The title: the heading a screen reader announces.
    function findHeading(item) {
        for (let i = 0; i < item.children.length; ++i) {
            const child = item.children[i]
            if (child.Accessible && child.Accessible.role === Accessible.Heading) return child
            const found = findHeading(child)
            if (found) return found
        }
        return null
    }

    function test_titleIsShown() {
        const page = createTemporaryObject(pageComponent, testCase, { width: 390, height: 400, pageTitle: "第一社区服务站" })
        const heading = findHeading(page.bar)
        verify(heading !== null, "no heading")
        compare(heading.text, "第一社区服务站")
        compare(heading.Accessible.name, "第一社区服务站")
        verify(heading.visible)
        page.pageTitle = "区社会福利院"
        compare(heading.text, "区社会福利院")
    }

    function test_noBackOffAStack() {
        const page = createTemporaryObject(pageComponent, testCase, { width: 390, height: 400 })
        verify(page.visible)
        verify(!backOf(page).visible)
    }

    function test_noBackOnTheFirstPage() {
        const stack = createTemporaryObject(stackComponent, testCase)
        stack.push(pageComponent, { pageTitle: "Today" })
        tryCompare(stack, "busy", false)
        const first = stack.currentItem
        compare(first.StackView.index, 0)
        verify(first.visible)
        verify(!backOf(first).visible)
    }

    function test_backOnTheSecondPagePopsIt() {
        const stack = createTemporaryObject(stackComponent, testCase)
        stack.push(pageComponent, { pageTitle: "Today" })
        tryCompare(stack, "busy", false)
        const first = stack.currentItem
        stack.push(pageComponent, { pageTitle: "Unit" })
        tryCompare(stack, "busy", false)
        const second = stack.currentItem
        verify(second !== first)
        compare(stack.depth, 2)

        const back = backOf(second)
        verify(back.visible)
        compare(back.text, "Back")
        compare(back.Accessible.name, "Back")
        verify(back.width >= 44 && back.height >= 44, "Back is " + back.width + "×" + back.height)

        mouseClick(back)
        tryCompare(stack, "busy", false)
        compare(stack.depth, 1)
        compare(stack.currentItem, first)
        verify(!backOf(first).visible)
    }
}
