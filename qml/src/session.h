// The unlocked store of this run of the app, the thread that works on it, and the identity QML
// shows for it.
//
// The UI thread never touches the store: Session owns a store thread, and every read and write
// the UI asks for is a job run there with run() — one job at a time, in the order asked — whose
// result comes back to the GUI thread. Sync works on a store of its own (openSibling() on the
// store thread, then its own worker), so that a sync, a photo being sealed and a visit being
// saved go on at once; SQLite serialises their writes and each commits whole.
//
// UnlockController hands the session a store it opened or created (adopt()); lock() closes it,
// after which the UI returns to the unlock page. A job's result is delivered only while the same
// store is open: one asked before a lock never reaches a page of the next session. Writers report
// what they changed with notifyChanged(), and list models update those rows (no model reset).
//
// QML sees it as the singleton `Session` (service_singletons.h). Built in main(), never by QML.
#pragma once

#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QThread>
#include <functional>
#include <memory>
#include <utility>

#include "fieldcheck/core/result.h"

namespace fieldcheck {
class Store;
struct StoreOptions;
}

namespace fieldcheck::ui {

class StoreThreadWorker;

class Session : public QObject {
    Q_OBJECT
    Q_PROPERTY(bool unlocked READ isUnlocked NOTIFY unlockedChanged)
    Q_PROPERTY(QString storePath READ storePath CONSTANT)
    Q_PROPERTY(QString storeId READ storeId NOTIFY unlockedChanged)
    Q_PROPERTY(QString deviceId READ deviceId NOTIFY unlockedChanged)
    Q_PROPERTY(int schemaVersion READ schemaVersion NOTIFY unlockedChanged)
    // Why the session was closed from outside the user's hands (the office withdrew the device and
    // its store was erased, or it locked itself after idle time), for the unlock page to say;
    // empty otherwise.
    Q_PROPERTY(QString notice READ notice NOTIFY unlockedChanged)

public:
    explicit Session(QString storePath, QObject* parent = nullptr);
    // Closes the store (waiting for the job in hand) and stops the store thread.
    ~Session() override;

    bool isUnlocked() const { return m_unlocked; }
    const QString& storePath() const { return m_storePath; }
    const QString& storeId() const { return m_storeId; }    // empty while locked
    const QString& deviceId() const { return m_deviceId; }  // empty while locked
    int schemaVersion() const { return m_schemaVersion; }   // 0 while locked
    const QString& notice() const { return m_notice; }

    // Takes ownership of an open store for `storePath()` and moves it to the store thread. A store
    // already held is closed first.
    void adopt(std::unique_ptr<fieldcheck::Store> store);

    // Runs `job` on the store thread with the open store, then `done(result)` on `context`'s
    // thread — unless `context` is gone or the store was closed in between. A job posted while
    // locked is dropped. Jobs run one at a time in the order posted; keep each short (a page of
    // rows, one write), so that what the user does next is not kept waiting behind it.
    template <typename R>
    void run(QObject* context, std::function<R(fieldcheck::Store&)> job, std::function<void(R)> done) {
        if (!m_unlocked) return;
        const quint64 generation = m_generation;
        QPointer<QObject> receiver(context);
        QPointer<Session> self(this);
        post(generation, [job = std::move(job), done = std::move(done), receiver, self, generation](fieldcheck::Store& store) {
            auto result = std::make_shared<R>(job(store));
            if (!receiver) return;
            QMetaObject::invokeMethod(receiver.data(), [done, result, self, generation] {
                if (!self || !self->m_unlocked || self->m_generation != generation) return;
                done(std::move(*result));
            }, Qt::QueuedConnection);
        });
    }

    // Tells the models that records changed (after a write job, a sync): GUI thread only.
    void notifyChanged(const QString& type, const QStringList& ids) { emit recordsChanged(type, ids); }
    void notifyManyChanged() { emit manyRecordsChanged(); }

    // Closes the store (nothing committed is lost) and returns the UI to the unlock page.
    Q_INVOKABLE void lock();
    // The same, with the reason the unlock page shows (until the next store is opened).
    void lock(const QString& notice);

    // For tests that must see the store directly (self-test): runs `body` on the store thread and
    // waits for it. Never from the UI's own code paths.
    void runAndWait(const std::function<void(fieldcheck::Store&)>& body);

signals:
    void aboutToLock();
    void unlockedChanged();
    // One or more records of `type` were written: list models refresh those rows.
    void recordsChanged(const QString& type, const QStringList& ids);
    // Records of any type may have changed (a sync received some): models reload what they show.
    void manyRecordsChanged();

private:
    void post(quint64 generation, std::function<void(fieldcheck::Store&)> job);
    void closeStore();

    QString m_storePath;
    QString m_storeId, m_deviceId, m_notice;
    int m_schemaVersion = 0;
    bool m_unlocked = false;
    quint64 m_generation = 0;  // one per opened store: results of an earlier one are dropped
    QThread m_thread;
    StoreThreadWorker* m_worker = nullptr;  // lives on m_thread
};

}  // namespace fieldcheck::ui
