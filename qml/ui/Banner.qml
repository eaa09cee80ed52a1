// A message across a page: what went wrong (alert), with the rule or reason behind it (detail), or
// what just happened.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

Rectangle {
    id: banner
    property bool alert: false
    property string message
    property string detail
    Layout.fillWidth: true
    implicitHeight: bannerText.implicitHeight + 20
    radius: Theme.cardRadius
    color: alert ? "#fbe9e7" : "#f3ece4"
    border.color: alert ? Theme.error : Theme.cardBorder
    Accessible.role: Accessible.AlertMessage
    Accessible.name: [message, detail].filter(s => s.length > 0).join(" ")
    ColumnLayout {
        id: bannerText
        anchors.fill: parent
        anchors.margins: 10
        spacing: 4
        Label {
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            color: banner.alert ? Theme.error : Theme.text
            font.bold: banner.alert
            text: banner.message
        }
        Label {
            visible: banner.detail.length > 0
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            color: Theme.secondaryText
            font.pixelSize: Theme.smallSize
            text: banner.detail
        }
    }
}
