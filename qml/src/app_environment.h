// The language, translations, Qt Quick Controls style and font of the app.
//
// Chinese (zh_CN) is the first language: its translator (:/i18n/fieldcheck_zh_CN.qm, built from
// qml/i18n/fieldcheck_zh_CN.ts and embedded in the module) is installed by default; "en" runs on
// the English source strings. Construct after the QGuiApplication and before any QML is loaded;
// keep it alive as long as the UI (it owns the translator).
#pragma once

#include <QString>
#include <QTranslator>

namespace fieldcheck::ui {

class AppEnvironment {
public:
    // `language` is one of supportedLanguages(). Failure to load a translation is reported by
    // translationLoaded() rather than by aborting: an English UI is better than none.
    explicit AppEnvironment(const QString& language);
    ~AppEnvironment();
    AppEnvironment(const AppEnvironment&) = delete;
    AppEnvironment& operator=(const AppEnvironment&) = delete;

    const QString& language() const { return m_language; }
    // Switches the translations at run time (Settings → language); the caller then asks the QML
    // engine to retranslate. False, with the language unchanged, when it is not supported.
    bool setLanguage(const QString& language);
    bool translationLoaded() const { return m_translationLoaded; }

private:
    void loadTranslation();

    QString m_language;
    QTranslator m_translator;
    bool m_translationLoaded = false;
};

}  // namespace fieldcheck::ui
