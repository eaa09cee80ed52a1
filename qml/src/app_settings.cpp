#include "app_settings.h"

#include <QCoreApplication>
#include <QEvent>
#include <QGuiApplication>
#include <QQmlEngine>

#include "app_environment.h"
#include "app_options.h"
#include "logging.h"
#include "session.h"

namespace fieldcheck::ui {

namespace {
const QString kLanguageKey = QStringLiteral("ui/language");
const QString kAutoLockKey = QStringLiteral("ui/autoLockMinutes");
}  // namespace

AppSettings::AppSettings(AppEnvironment& environment, Session& session, std::unique_ptr<QSettings> settings,
                         QObject* parent)
    : QObject(parent), m_environment(environment), m_session(session), m_settings(std::move(settings)) {
    bool ok = false;
    const int saved = m_settings->value(kAutoLockKey, kDefaultAutoLockMinutes).toInt(&ok);
    m_autoLockMinutes = ok && autoLockChoices().contains(saved) ? saved : kDefaultAutoLockMinutes;
    m_idle.setSingleShot(true);
    connect(&m_idle, &QTimer::timeout, this, [this] {
        if (m_session.isUnlocked()) m_session.lock(tr("Locked after %n minute(s) without use.", nullptr, m_autoLockMinutes));
    });
    connect(&m_session, &Session::unlockedChanged, this, &AppSettings::restartIdleTimer);
    connect(qGuiApp, &QGuiApplication::applicationStateChanged, this, [this](Qt::ApplicationState state) {
        if ((state == Qt::ApplicationHidden || state == Qt::ApplicationSuspended) && m_session.isUnlocked()) {
            m_session.lock(tr("Locked because the app went to the background."));
        }
    });
    qGuiApp->installEventFilter(this);
}

AppSettings::~AppSettings() {
    if (qGuiApp) qGuiApp->removeEventFilter(this);
}

QString AppSettings::language() const { return m_environment.language(); }

QStringList AppSettings::languages() const { return supportedLanguages(); }

QString AppSettings::savedLanguage(const QSettings& settings) {
    const QString saved = settings.value(kLanguageKey).toString();
    return supportedLanguages().contains(saved) ? saved : QString();
}

void AppSettings::setLanguage(const QString& language) {
    if (language == m_environment.language() || !m_environment.setLanguage(language)) return;
    m_settings->setValue(kLanguageKey, language);
    if (auto* engine = qobject_cast<QQmlEngine*>(m_engine.data())) engine->retranslate();
    // QML's qsTr() follows retranslate(); the rows and labels the C++ models built with tr() are
    // built again, through the same reload a sync that changed many records causes.
    if (m_session.isUnlocked()) m_session.notifyManyChanged();
    emit languageChanged();
}

void AppSettings::setAutoLockMinutes(int minutes) {
    if (minutes == m_autoLockMinutes || !autoLockChoices().contains(minutes)) return;
    m_autoLockMinutes = minutes;
    m_settings->setValue(kAutoLockKey, minutes);
    restartIdleTimer();
    emit autoLockMinutesChanged();
}

QString AppSettings::appVersion() const { return QCoreApplication::applicationVersion(); }

bool AppSettings::eventFilter(QObject* watched, QEvent* event) {
    switch (event->type()) {
        case QEvent::MouseButtonPress:
        case QEvent::TouchBegin:
        case QEvent::KeyPress:
        case QEvent::Wheel:
            if (m_idle.isActive()) m_idle.start();  // restart with the same interval
            break;
        default:
            break;
    }
    return QObject::eventFilter(watched, event);
}

void AppSettings::restartIdleTimer() {
    if (!m_session.isUnlocked() || m_autoLockMinutes <= 0) {
        m_idle.stop();
        return;
    }
    m_idle.start(m_autoLockMinutes * m_minuteMs);
}

}  // namespace fieldcheck::ui
