#include "ui_driver.h"

#include <QAccessible>
#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QImage>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QThread>

namespace fieldcheck::ui {

UiDriver::UiDriver(QQmlApplicationEngine& engine) : m_engine(engine) {}

QQuickWindow* UiDriver::window() const {
    const auto roots = m_engine.rootObjects();
    return roots.isEmpty() ? nullptr : qobject_cast<QQuickWindow*>(roots.first());
}

QObject* UiDriver::object(const QString& objectName) const {
    QQuickWindow* w = window();
    if (w == nullptr) return nullptr;
    return w->findChild<QObject*>(objectName);
}

namespace {

// Items a Repeater made have no QObject parent, only a visual one: walk the item tree for them.
void collectVisual(QQuickItem* item, const QString& objectName, QList<QQuickItem*>& out) {
    if (item->objectName() == objectName) out.append(item);
    const auto children = item->childItems();
    for (QQuickItem* child : children) collectVisual(child, objectName, out);
}

}  // namespace

QQuickItem* UiDriver::item(const QString& objectName) const {
    QQuickWindow* w = window();
    if (w == nullptr) return nullptr;
    // Pages and their children hang below the window in the QObject tree. A page the Loader has
    // just replaced may linger until its deferred deletion: prefer the visible match.
    auto matches = w->findChildren<QQuickItem*>(objectName);
    if (matches.isEmpty()) collectVisual(w->contentItem(), objectName, matches);
    for (QQuickItem* match : matches) {
        if (match->isVisible()) return match;
    }
    if (!matches.isEmpty()) return matches.first();
    // A view's delegates hang below its content item in the item tree only (no QObject parent).
    return findInItemTree(w->contentItem(), objectName);
}

QQuickItem* UiDriver::findInItemTree(QQuickItem* root, const QString& objectName) {
    if (root == nullptr) return nullptr;
    if (root->objectName() == objectName) return root;
    const auto children = root->childItems();
    for (QQuickItem* child : children) {
        if (QQuickItem* found = findInItemTree(child, objectName)) return found;
    }
    return nullptr;
}

bool UiDriver::isShown(const QString& objectName) const {
    const QQuickItem* i = item(objectName);
    return i != nullptr && i->isVisible() && i->opacity() > 0.0;
}

bool UiDriver::isEnabled(const QString& objectName) const {
    const QQuickItem* i = item(objectName);
    return i != nullptr && i->isEnabled();
}

QString UiDriver::text(const QString& objectName) const {
    const QQuickItem* i = item(objectName);
    return i != nullptr ? i->property("text").toString() : QString();
}

bool UiDriver::type(const QString& objectName, const QString& text) {
    QQuickItem* i = item(objectName);
    if (i == nullptr || !i->isVisible() || !i->isEnabled()) {
        m_lastError = QStringLiteral("no visible, enabled field '%1'").arg(objectName);
        return false;
    }
    i->forceActiveFocus();
    if (!i->setProperty("text", text)) {
        m_lastError = QStringLiteral("'%1' has no text property").arg(objectName);
        return false;
    }
    return true;
}

bool UiDriver::click(const QString& objectName) {
    QQuickItem* i = item(objectName);
    if (i == nullptr || !i->isVisible() || !i->isEnabled()) {
        m_lastError = QStringLiteral("no visible, enabled button '%1'").arg(objectName);
        return false;
    }
    // A tab or radio button is chosen by being checked (its group then moves the selection), as a
    // tap does before it emits clicked.
    if (i->property("checkable").toBool()) i->setProperty("checked", true);
    if (!QMetaObject::invokeMethod(i, "clicked")) {
        m_lastError = QStringLiteral("'%1' is not a button").arg(objectName);
        return false;
    }
    return true;
}

namespace {

// The roles of controls a person operates (QAccessible roles of Qt Quick Controls).
bool isControl(QAccessible::Role role) {
    switch (role) {
        case QAccessible::Button:
        case QAccessible::PageTab:
        case QAccessible::CheckBox:
        case QAccessible::RadioButton:
        case QAccessible::ComboBox:
        case QAccessible::EditableText:
        case QAccessible::Slider:
        case QAccessible::SpinBox:
        case QAccessible::ListItem:  // a tappable row (ItemDelegate)
        case QAccessible::MenuItem:
            return true;
        default:
            return false;
    }
}

bool effectivelyVisible(const QQuickItem* item) {
    for (const QQuickItem* i = item; i != nullptr; i = i->parentItem()) {
        if (!i->isVisible() || i->opacity() <= 0.0) return false;
    }
    return true;
}

void collectProblems(QQuickItem* item, const QRectF& windowRect, QStringList& problems, int& checked) {
    if (!item->isVisible() || item->opacity() <= 0.0) return;
    // A Page reports the PageTab role too, but it is a container, not something to tap.
    QAccessibleInterface* a = item->inherits("QQuickPage") ? nullptr : QAccessible::queryAccessibleInterface(item);
    if (a != nullptr && isControl(a->role())) {
        const QRectF onScreen = item->mapRectToScene(QRectF(0, 0, item->width(), item->height()));
        // Only what is on the window (a list's delegates scrolled away are not shown).
        if (onScreen.intersects(windowRect) && effectivelyVisible(item)) {
            ++checked;
            const QString who = QStringLiteral("%1 '%2' (%3)")
                                    .arg(QString::fromLatin1(item->metaObject()->className()), item->objectName(),
                                         item->property("text").toString());
            if (a->text(QAccessible::Name).trimmed().isEmpty()) problems << who + QStringLiteral(": no accessible name");
            if (item->width() < UiDriver::kMinimumTarget || item->height() < UiDriver::kMinimumTarget) {
                problems << who + QStringLiteral(": %1×%2 px, smaller than %3 px")
                                      .arg(item->width())
                                      .arg(item->height())
                                      .arg(UiDriver::kMinimumTarget);
            }
        }
    }
    for (QQuickItem* child : item->childItems()) collectProblems(child, windowRect, problems, checked);
}

}  // namespace

QStringList UiDriver::accessibilityProblems(int* controlsChecked) const {
    QStringList problems;
    QQuickWindow* w = window();
    if (w == nullptr) return {QStringLiteral("no window")};
    int checked = 0;
    collectProblems(w->contentItem(), QRectF(0, 0, w->width(), w->height()), problems, checked);
    if (controlsChecked != nullptr) *controlsChecked = checked;
    // Popups (menus, combo box lists) live in the overlay, which is a child of the content item's
    // parent; the tour shows none open.
    return problems;
}

void UiDriver::spin() {
    QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    // processEvents() leaves deleteLater() to the event loop; run it, as exec() would.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    QThread::msleep(5);
}

bool UiDriver::waitFor(const std::function<bool()>& condition, int timeoutMs) {
    QDeadlineTimer deadline(timeoutMs);
    while (!condition()) {
        if (deadline.hasExpired()) return false;
        spin();
    }
    return true;
}

bool UiDriver::waitForShown(const QString& objectName, int timeoutMs) {
    return waitFor([&] { return isShown(objectName); }, timeoutMs);
}

void UiDriver::settle(int ms) {
    QDeadlineTimer deadline(ms);
    while (!deadline.hasExpired()) {
        spin();
    }
}

bool UiDriver::grab(const QString& path) {
    QQuickWindow* w = window();
    if (w == nullptr) {
        m_lastError = QStringLiteral("no window to grab");
        return false;
    }
    const QImage image = w->grabWindow();
    if (image.isNull()) {
        m_lastError = QStringLiteral("grabWindow() returned nothing");
        return false;
    }
    if (!image.save(path, "PNG")) {
        m_lastError = QStringLiteral("cannot write '%1'").arg(path);
        return false;
    }
    return true;
}

}  // namespace fieldcheck::ui
