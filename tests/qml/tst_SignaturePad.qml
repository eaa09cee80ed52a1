// The signature pad (qml/ui/SignaturePad.qml): strokes drawn with the mouse, as a finger would,
// are kept; clear() forgets them; a screen reader can name it.
import QtQuick
import QtTest
import FieldCheck

TestCase {
    id: testCase
    name: "SignaturePad"
    width: 390
    height: 300
    // A TestCase is invisible by default; the components under test must be shown to take input.
    visible: true
    when: windowShown

    Component {
        id: padComponent
        SignaturePad {
            width: 350
            height: 180
        }
    }

    function drawStroke(pad, points) {
        mousePress(pad, points[0].x, points[0].y)
        for (let i = 1; i < points.length; ++i)
            mouseMove(pad, points[i].x, points[i].y, -1, Qt.LeftButton)
        const last = points[points.length - 1]
        mouseRelease(pad, last.x, last.y)
    }

    function test_startsEmpty() {
        const pad = createTemporaryObject(padComponent, testCase)
        verify(pad !== null)
        verify(pad.empty)
        compare(pad.strokes.length, 0)
        compare(pad.current.length, 0)
    }

    function test_strokesMakeItNonEmpty() {
        const pad = createTemporaryObject(padComponent, testCase)
        drawStroke(pad, [{ x: 20, y: 60 }, { x: 60, y: 90 }, { x: 120, y: 70 }, { x: 180, y: 100 }])
        verify(!pad.empty)
        compare(pad.strokes.length, 1)
        // The press and every move became a point of the stroke, where the pointer was.
        compare(pad.strokes[0].length, 4)
        compare(pad.strokes[0][0].x, 20)
        compare(pad.strokes[0][0].y, 60)
        compare(pad.strokes[0][3].x, 180)
        compare(pad.strokes[0][3].y, 100)
        // Nothing is left half drawn once the finger is lifted.
        compare(pad.current.length, 0)

        drawStroke(pad, [{ x: 200, y: 40 }, { x: 240, y: 120 }])
        compare(pad.strokes.length, 2)
    }

    function test_pointsStayInsideThePad() {
        const pad = createTemporaryObject(padComponent, testCase)
        drawStroke(pad, [{ x: 300, y: 100 }, { x: 500, y: 250 }])
        compare(pad.strokes.length, 1)
        compare(pad.strokes[0][1].x, pad.width)
        compare(pad.strokes[0][1].y, pad.height)
    }

    function test_clearEmptiesIt() {
        const pad = createTemporaryObject(padComponent, testCase)
        drawStroke(pad, [{ x: 30, y: 50 }, { x: 90, y: 80 }])
        verify(!pad.empty)
        pad.clear()
        verify(pad.empty)
        compare(pad.strokes.length, 0)
    }

    function test_disabledPadTakesNoStroke() {
        const pad = createTemporaryObject(padComponent, testCase, { enabled: false })
        drawStroke(pad, [{ x: 30, y: 50 }, { x: 90, y: 80 }])
        verify(pad.empty)
    }

    function test_accessibleName() {
        const pad = createTemporaryObject(padComponent, testCase)
        compare(pad.Accessible.role, Accessible.Canvas)
        verify(pad.Accessible.name.length > 0)
        verify(pad.Accessible.name.indexOf("Signature") >= 0, pad.Accessible.name)
    }
}
