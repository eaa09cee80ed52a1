// Syncing the unlocked store with the bureau's server from the home page (docs/sync-protocol.md).
//
// QML creates it and hands it the Session. `enrolled`, `serverUrl`, `userName` and `role` say with
// which server and as whom this device is enrolled (enrolment happens once, at the office, with
// `fieldcheck enroll`). syncNow() runs one sync on a worker thread, on a store of its own
// (Store::openSibling), so the user goes on working meanwhile; `phase`, `itemsDone`,
// `bytesTransferred` follow the progress. When it ends, `statusText` says what happened (or
// `errorMessage` what went wrong and what to do), `openConflicts` and `rejected` count what needs a
// person, and finished() asks the page to recount. Locking the session cancels a running sync and
// waits for it (nothing committed is lost; the next sync resumes).
//
// Secrets: the device token stays inside the store; nothing here exposes it.
#pragma once

#include <QtQml/qqmlregistration.h>
#include <QFutureWatcher>
#include <QObject>
#include <QPointer>
#include <QString>
#include <memory>

#include "fieldcheck/core/result.h"
#include "session.h"

namespace fieldcheck {
class Store;
}
namespace fieldcheck::sync {
class CancelToken;
}

namespace fieldcheck::ui {

class SyncController : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(fieldcheck::ui::Session* session READ session WRITE setSession NOTIFY sessionChanged)
    Q_PROPERTY(bool enrolled READ isEnrolled NOTIFY enrolmentChanged)
    Q_PROPERTY(QString serverUrl READ serverUrl NOTIFY enrolmentChanged)
    Q_PROPERTY(QString userName READ userName NOTIFY enrolmentChanged)
    Q_PROPERTY(QString role READ role NOTIFY enrolmentChanged)          // translated
    Q_PROPERTY(QString roleCode READ roleCode NOTIFY enrolmentChanged)  // person.role, e.g. "inspector"
    // The enrolled person's own unit (a unit liaison's: person.unit_id; empty for the others).
    Q_PROPERTY(QString ownUnitId READ ownUnitId NOTIFY enrolmentChanged)
    Q_PROPERTY(bool busy READ isBusy NOTIFY busyChanged)
    Q_PROPERTY(QString phase READ phase NOTIFY progressChanged)
    Q_PROPERTY(qint64 itemsDone READ itemsDone NOTIFY progressChanged)
    Q_PROPERTY(qint64 itemsTotal READ itemsTotal NOTIFY progressChanged)
    Q_PROPERTY(qint64 bytesTransferred READ bytesTransferred NOTIFY progressChanged)
    Q_PROPERTY(QString statusText READ statusText NOTIFY resultChanged)
    Q_PROPERTY(QString errorMessage READ errorMessage NOTIFY resultChanged)
    Q_PROPERTY(int openConflicts READ openConflicts NOTIFY resultChanged)
    Q_PROPERTY(int rejected READ rejected NOTIFY resultChanged)

public:
    explicit SyncController(QObject* parent = nullptr);
    ~SyncController() override;

    Session* session() const { return m_session; }
    void setSession(Session* session);
    bool isEnrolled() const { return !m_serverUrl.isEmpty(); }
    const QString& serverUrl() const { return m_serverUrl; }
    const QString& userName() const { return m_userName; }
    const QString& role() const { return m_role; }
    const QString& roleCode() const { return m_roleCode; }
    const QString& ownUnitId() const { return m_ownUnitId; }
    bool isBusy() const { return m_busy; }
    const QString& phase() const { return m_phase; }
    qint64 itemsDone() const { return m_itemsDone; }
    qint64 itemsTotal() const { return m_itemsTotal; }
    qint64 bytesTransferred() const { return m_bytes; }
    const QString& statusText() const { return m_statusText; }
    const QString& errorMessage() const { return m_errorMessage; }
    int openConflicts() const { return m_openConflicts; }
    int rejected() const { return m_rejected; }

    Q_INVOKABLE void syncNow();
    // Reads the enrolment again (after the device was enrolled from the app).
    Q_INVOKABLE void refreshEnrolment() { readEnrolment(); }
    Q_INVOKABLE void cancel();

signals:
    void sessionChanged();
    void enrolmentChanged();
    void busyChanged();
    void progressChanged();
    void resultChanged();
    void finished(bool success);

private:
    struct Outcome;
    void readEnrolment();
    void applyEnrolment(const QString& url, const QString& user, const QString& role, const QString& ownUnitId);
    void readPending();
    void applyPending(int conflicts, int rejected);
    void startWorker(std::shared_ptr<fieldcheck::Result<std::unique_ptr<fieldcheck::Store>>> sibling);
    void onFinished();
    void finish(const std::shared_ptr<Outcome>& outcome);
    void waitForWorker();

    QPointer<Session> m_session;
    QFutureWatcher<std::shared_ptr<Outcome>> m_watcher;
    std::shared_ptr<fieldcheck::sync::CancelToken> m_cancel;
    QString m_serverUrl, m_userName, m_role, m_roleCode, m_ownUnitId;
    bool m_busy = false;
    QString m_phase;
    qint64 m_itemsDone = 0, m_itemsTotal = -1, m_bytes = 0;
    QString m_statusText, m_errorMessage;
    int m_openConflicts = 0, m_rejected = 0;
};

}  // namespace fieldcheck::ui
