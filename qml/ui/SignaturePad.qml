// Where the unit's representative signs with a finger (被检查单位签字确认). It keeps the strokes as
// lists of points; VisitEditor.sign() draws them into a PNG in memory and seals it. Nothing is
// drawn to a file. Inside the page's Flickable the pad keeps the drag for itself, so that signing
// does not scroll the page.
import QtQuick
import QtQuick.Controls
import FieldCheck

Rectangle {
    id: pad

    // [[{x, y}, …], …] in the pad's coordinates.
    property var strokes: []
    readonly property bool empty: strokes.length === 0
    property var current: []

    function clear() {
        strokes = []
        current = []
        canvas.requestPaint()
    }
    // A whole stroke at once (the self-test and the screenshot tour sign this way).
    function addStroke(points) {
        const all = strokes.slice()
        all.push(points)
        strokes = all
        canvas.requestPaint()
    }

    implicitHeight: 180
    radius: Theme.cardRadius
    color: enabled ? "#ffffff" : Theme.disabledFill
    border.color: Theme.divider
    border.width: 1
    Accessible.role: Accessible.Canvas
    Accessible.name: qsTr("Signature area: the unit's representative signs here with a finger")

    Label {
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: baseline.top
        anchors.margins: 12
        visible: pad.empty && pad.current.length === 0
        horizontalAlignment: Text.AlignHCenter
        wrapMode: Text.Wrap
        color: Theme.hintText
        text: qsTr("Sign here")
    }
    Rectangle {
        id: baseline
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        anchors.margins: 16
        anchors.bottomMargin: 36
        height: 1
        color: Theme.divider
    }

    Canvas {
        id: canvas
        anchors.fill: parent
        onPaint: {
            const ctx = getContext("2d")
            ctx.reset()
            ctx.lineWidth = 3
            ctx.lineCap = "round"
            ctx.lineJoin = "round"
            ctx.strokeStyle = Theme.text
            const all = pad.strokes.concat(pad.current.length > 0 ? [pad.current] : [])
            for (const stroke of all) {
                if (stroke.length === 0) continue
                ctx.beginPath()
                ctx.moveTo(stroke[0].x, stroke[0].y)
                if (stroke.length === 1) ctx.lineTo(stroke[0].x + 0.5, stroke[0].y + 0.5)
                for (let i = 1; i < stroke.length; ++i) ctx.lineTo(stroke[i].x, stroke[i].y)
                ctx.stroke()
            }
        }
    }

    MouseArea {
        anchors.fill: parent
        enabled: pad.enabled
        preventStealing: true
        onPressed: (mouse) => {
            pad.current = [{ x: mouse.x, y: mouse.y }]
            canvas.requestPaint()
        }
        onPositionChanged: (mouse) => {
            if (!pressed) return
            const points = pad.current.slice()
            points.push({ x: Math.max(0, Math.min(width, mouse.x)), y: Math.max(0, Math.min(height, mouse.y)) })
            pad.current = points
            canvas.requestPaint()
        }
        onReleased: {
            if (pad.current.length > 0) pad.addStroke(pad.current)
            pad.current = []
        }
        onCanceled: {
            pad.current = []
            canvas.requestPaint()
        }
    }
}
