#include "screenshot_tour.h"

#include <QDir>
#include <QQmlApplicationEngine>
#include <QTextStream>

#include "session.h"
#include "ui_driver.h"
#include "unlock_controller.h"

namespace fieldcheck::ui {

namespace {

const QString kPassphrase = QStringLiteral("correct horse battery");

class ScreenshotTour {
public:
    ScreenshotTour(QQmlApplicationEngine& engine, Session& session, UnlockController& controller,
                   QString directory, QString language)
        : m_ui(engine),
          m_session(session),
          m_controller(controller),
          m_directory(std::move(directory)),
          m_language(std::move(language)) {}

    int run() {
        if (!QDir().mkpath(m_directory))
            return fail(QStringLiteral("cannot create ") + m_directory);
        if (!m_ui.waitForShown(QStringLiteral("unlockPage")))
            return fail(QStringLiteral("no unlock page"));
        if (!shoot(QStringLiteral("create"))) return 1;

        enter(kPassphrase, kPassphrase);
        if (!m_ui.waitForShown(QStringLiteral("todayPage")) || !m_ui.waitForShown(QStringLiteral("emptyState")))
            return fail(QStringLiteral("no Today page"));
        if (!shoot(QStringLiteral("today_empty"))) return 1;
        m_ui.click(QStringLiteral("syncTab"));
        if (!m_ui.waitForShown(QStringLiteral("syncPage"))) return fail(QStringLiteral("no Sync page"));
        if (!shoot(QStringLiteral("sync_not_enrolled"))) return 1;
        m_ui.click(QStringLiteral("settingsTab"));
        if (!m_ui.waitForShown(QStringLiteral("settingsPage"))) return fail(QStringLiteral("no Settings page"));
        if (!shoot(QStringLiteral("settings"))) return 1;

        m_session.lock();
        if (!m_ui.waitForShown(QStringLiteral("unlockPage")))
            return fail(QStringLiteral("no unlock page"));
        if (!shoot(QStringLiteral("unlock"))) return 1;
        m_ui.type(QStringLiteral("passphraseField"), QStringLiteral("wrong passphrase"));
        if (!shoot(QStringLiteral("unlock_typed"))) return 1;
        m_ui.click(QStringLiteral("submitButton"));
        m_ui.waitFor([this] { return !m_controller.isBusy(); });

        if (!m_ui.waitForShown(QStringLiteral("unlockError")))
            return fail(QStringLiteral("no error"));
        if (!shoot(QStringLiteral("unlock_error"))) return 1;

        for (int attempt = 2; attempt <= 4; ++attempt) enter(QStringLiteral("wrong passphrase"));
        m_controller.unlock(QStringLiteral("wrong passphrase"));  // during the delay: "locked"
        m_ui.waitFor([this] { return !m_controller.isBusy(); });
        if (!m_ui.waitForShown(QStringLiteral("retryCountdown")))
            return fail(QStringLiteral("no countdown"));
        if (!shoot(QStringLiteral("unlock_locked"))) return 1;
        return 0;
    }

private:
    int fail(const QString& what) {
        QTextStream(stderr) << "screenshot tour failed: " << what << '\n';
        return 1;
    }

    void enter(const QString& passphrase, const QString& confirmation = {}) {
        m_ui.type(QStringLiteral("passphraseField"), passphrase);
        if (m_ui.isShown(QStringLiteral("confirmationField"))) {
            m_ui.type(QStringLiteral("confirmationField"), confirmation);
        }
        m_ui.click(QStringLiteral("submitButton"));
        m_ui.waitFor([this] { return !m_controller.isBusy(); });
    }

    bool shoot(const QString& name) {
        m_ui.settle();
        const QString path =
            QDir(m_directory)
                .filePath(name + QLatin1Char('_') + m_language + QStringLiteral(".png"));
        if (!m_ui.grab(path)) {
            fail(m_ui.lastError());
            return false;
        }
        QTextStream(stdout) << "wrote " << path << '\n';
        return true;
    }

    UiDriver m_ui;
    Session& m_session;
    UnlockController& m_controller;
    QString m_directory;
    QString m_language;
};

}  // namespace

int runScreenshotTour(QQmlApplicationEngine& engine, Session& session, UnlockController& controller,
                      const QString& directory, const QString& language) {
    return ScreenshotTour(engine, session, controller, directory, language).run();
}

}  // namespace fieldcheck::ui
