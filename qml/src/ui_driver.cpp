#include "ui_driver.h"

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

QQuickItem* UiDriver::item(const QString& objectName) const {
    QQuickWindow* w = window();
    if (w == nullptr) return nullptr;
    // Pages and their children hang below the window in the QObject tree. A page the Loader has
    // just replaced may linger until its deferred deletion: prefer the visible match.
    const auto matches = w->findChildren<QQuickItem*>(objectName);
    for (QQuickItem* match : matches) {
        if (match->isVisible()) return match;
    }
    return matches.isEmpty() ? nullptr : matches.first();
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
