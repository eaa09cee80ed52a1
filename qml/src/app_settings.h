// The device's settings that are not secret (language, auto-lock) and the automatic lock.
//
// Kept in QSettings (the platform's settings store): nothing here is secret. The session locks
// itself after `autoLockMinutes` without a touch or a key (0: never), and at once when the app
// goes to the background (hidden or suspended — not merely inactive, which on a desktop is a
// click into another window). Changing the language retranslates the loaded QML at once.
//
// QML sees it as the singleton `AppSettings` (service_singletons.h). Built in main().
#pragma once

#include <QObject>
#include <QPointer>
#include <QSettings>
#include <QStringList>
#include <QTimer>
#include <memory>

namespace fieldcheck::ui {

class AppEnvironment;
class Session;

class AppSettings : public QObject {
    Q_OBJECT
    Q_PROPERTY(QString language READ language WRITE setLanguage NOTIFY languageChanged)
    Q_PROPERTY(QStringList languages READ languages CONSTANT)
    Q_PROPERTY(int autoLockMinutes READ autoLockMinutes WRITE setAutoLockMinutes NOTIFY autoLockMinutesChanged)
    Q_PROPERTY(QList<int> autoLockChoices READ autoLockChoices CONSTANT)
    Q_PROPERTY(QString appVersion READ appVersion CONSTANT)

public:
    static constexpr int kDefaultAutoLockMinutes = 5;

    // `settings` is where the choices are kept (owned; a scratch file for tests and screenshots).
    AppSettings(AppEnvironment& environment, Session& session, std::unique_ptr<QSettings> settings,
                QObject* parent = nullptr);
    ~AppSettings() override;

    QString language() const;
    void setLanguage(const QString& language);
    QStringList languages() const;
    int autoLockMinutes() const { return m_autoLockMinutes; }
    void setAutoLockMinutes(int minutes);
    QList<int> autoLockChoices() const { return {1, 2, 5, 10, 30, 0}; }
    QString appVersion() const;

    // The self-test's auto-lock step makes a "minute" this many milliseconds.
    void setMinuteLengthForTests(int ms) {
        m_minuteMs = ms;
        restartIdleTimer();
    }

    // The engine whose QML retranslates when the language changes.
    void setEngine(QObject* qmlEngine) { m_engine = qmlEngine; }
    // The language the user saved in `settings`, or empty (the command line's --lang wins over it).
    static QString savedLanguage(const QSettings& settings);

    // Input anywhere restarts the idle timer.
    bool eventFilter(QObject* watched, QEvent* event) override;

signals:
    void languageChanged();
    void autoLockMinutesChanged();

private:
    void restartIdleTimer();

    AppEnvironment& m_environment;
    Session& m_session;
    std::unique_ptr<QSettings> m_settings;
    QPointer<QObject> m_engine;
    int m_autoLockMinutes = kDefaultAutoLockMinutes;
    int m_minuteMs = 60 * 1000;
    QTimer m_idle;
};

}  // namespace fieldcheck::ui
