// Drives the loaded UI from C++ the way a user would: for the self-test and the screenshot tour.
//
// Items are found by objectName anywhere under the root window. type() sets a TextField's text,
// click() emits a Button's clicked() only if it is enabled and visible (as a tap would be),
// waitFor() spins the event loop until a condition holds or the timeout passes, grab() renders
// the window to a PNG. Test tooling only: the app's own code paths never use it.
#pragma once

#include <QObject>
#include <QString>
#include <QStringList>
#include <functional>

class QQmlApplicationEngine;
class QQuickItem;
class QQuickWindow;

namespace fieldcheck::ui {

class UiDriver {
public:
    explicit UiDriver(QQmlApplicationEngine& engine);

    QQuickWindow* window() const;
    // The item with this objectName (in the QObject tree, else in the visual item tree, where a
    // Repeater's items are), or nullptr.
    QQuickItem* item(const QString& objectName) const;
    // Any QObject (a model, …) with this objectName, or nullptr.
    QObject* object(const QString& objectName) const;
    // Exists and is effectively visible.
    bool isShown(const QString& objectName) const;
    // Exists and accepts input.
    bool isEnabled(const QString& objectName) const;
    QString text(const QString& objectName) const;

    bool type(const QString& objectName, const QString& text);
    bool click(const QString& objectName);

    bool waitFor(const std::function<bool()>& condition, int timeoutMs = 15000);
    bool waitForShown(const QString& objectName, int timeoutMs = 15000);
    // Lets bindings, layouts and animations settle (for screenshots).
    void settle(int ms = 400);
    // Renders the window into `path` (PNG). False if rendering or writing failed.
    bool grab(const QString& path);

    // What a screen reader or a thumb would stumble on in what the window shows now: every
    // visible control (button, tab, text field, check or radio box, combo box, slider) inside the
    // window must have an accessible name and be at least kMinimumTarget px in both directions.
    // One line per problem, naming the control by objectName, type and text.
    static constexpr int kMinimumTarget = 44;
    // `controlsChecked`, when given, receives how many controls were looked at.
    QStringList accessibilityProblems(int* controlsChecked = nullptr) const;

    // The last failure of type()/click()/grab(), for messages.
    const QString& lastError() const { return m_lastError; }

private:
    void spin();
    static QQuickItem* findInItemTree(QQuickItem* root, const QString& objectName);

    QQmlApplicationEngine& m_engine;
    QString m_lastError;
};

}  // namespace fieldcheck::ui
