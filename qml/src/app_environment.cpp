#include "app_environment.h"

#include <QCoreApplication>
#include <QFont>
#include <QGuiApplication>
#include <QLocale>
#include <QQuickStyle>

#include "app_options.h"
#include "logging.h"

namespace fieldcheck::ui {

AppEnvironment::AppEnvironment(const QString& language) : m_language(language) {
    loadTranslation();

    // Basic, tinted by the palette in Main.qml. Material looks richer on a GPU, but its buttons
    // and tool bars draw their background through a layer effect, which Qt Quick's software
    // renderer (the fallback without OpenGL: offscreen tests, screenshots, some desktops and
    // VMs) drops — the highlighted button and the tool bar simply vanish. Basic draws the same
    // everywhere. Set here so QML never has to choose.
    QQuickStyle::setStyle(QStringLiteral("Basic"));
    // Noto Sans CJK SC for both languages: Simplified Chinese glyph forms (a plain fallback may
    // pick the Japanese ones) and one consistent Latin face. Falls back to the system font.
    QFont font = QGuiApplication::font();
    font.setFamilies({QStringLiteral("Noto Sans CJK SC"), QStringLiteral("Source Han Sans SC"),
                      QStringLiteral("sans-serif")});
    font.setPixelSize(15);  // Theme.bodySize: readable on a phone held at arm's length
    QGuiApplication::setFont(font);
}

void AppEnvironment::loadTranslation() {
    QLocale::setDefault(QLocale(m_language));
    if (!m_translator.isEmpty()) QCoreApplication::removeTranslator(&m_translator);
    m_translationLoaded = false;
    // English is the source language; its file holds only the plural forms ("1 photo", "2 photos").
    if (m_translator.load(QStringLiteral(":/i18n/fieldcheck_%1.qm").arg(m_language))) {
        QCoreApplication::installTranslator(&m_translator);
        m_translationLoaded = true;
    } else if (m_language == QLatin1String("en")) {
        m_translationLoaded = true;  // readable without it, with "photo(s)"
        qCWarning(lcUi) << "no English plural forms in :/i18n; showing the source strings";
    } else {
        qCWarning(lcUi) << "no translation for" << m_language << "in :/i18n; showing English";
    }
    QGuiApplication::setApplicationDisplayName(
        QCoreApplication::translate("AppEnvironment", "FieldCheck"));
}

bool AppEnvironment::setLanguage(const QString& language) {
    if (!supportedLanguages().contains(language)) return false;
    if (language == m_language) return true;
    m_language = language;
    loadTranslation();
    return true;
}

AppEnvironment::~AppEnvironment() {
    if (m_translationLoaded && !m_translator.isEmpty()) {
        QCoreApplication::removeTranslator(&m_translator);
    }
}

}  // namespace fieldcheck::ui
