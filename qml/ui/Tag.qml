// A short state beside a title ("Submitted", "Overdue"); filled when it needs attention.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

Label {
    id: tag
    property bool alert: false
    Layout.alignment: Qt.AlignTop
    leftPadding: 8
    rightPadding: 8
    topPadding: 2
    bottomPadding: 2
    font.pixelSize: Theme.smallSize - 1
    font.bold: true
    color: alert ? Theme.textOnPrimary : Theme.primary
    background: Rectangle {
        radius: height / 2
        color: tag.alert ? Theme.error : "transparent"
        border.color: tag.alert ? Theme.error : Theme.primary
        border.width: 1
    }
}
