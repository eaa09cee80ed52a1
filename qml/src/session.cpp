#include "session.h"

#include <utility>

#include "fieldcheck/core/store.h"
#include "logging.h"

namespace fieldcheck::ui {

// Lives on the store thread; only that thread touches `store`.
class StoreThreadWorker : public QObject {
public:
    std::unique_ptr<fieldcheck::Store> store;
    quint64 generation = 0;
};

Session::Session(QString storePath, QObject* parent)
    : QObject(parent), m_storePath(std::move(storePath)), m_worker(new StoreThreadWorker) {
    m_thread.setObjectName(QStringLiteral("fieldcheck-store"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
}

Session::~Session() {
    closeStore();
    m_thread.quit();
    m_thread.wait();
}

void Session::post(quint64 generation, std::function<void(fieldcheck::Store&)> job) {
    StoreThreadWorker* worker = m_worker;
    QMetaObject::invokeMethod(worker, [worker, generation, job = std::move(job)] {
        if (worker->store && worker->generation == generation) job(*worker->store);
    }, Qt::QueuedConnection);
}

void Session::runAndWait(const std::function<void(fieldcheck::Store&)>& body) {
    StoreThreadWorker* worker = m_worker;
    QMetaObject::invokeMethod(worker, [worker, &body] {
        if (worker->store) body(*worker->store);
    }, Qt::BlockingQueuedConnection);
}

void Session::adopt(std::unique_ptr<fieldcheck::Store> store) {
    if (!store) return;
    if (m_unlocked) {
        emit aboutToLock();
        closeStore();
    }
    m_storeId = QString::fromStdString(store->storeId());
    m_deviceId = QString::fromStdString(store->deviceId());
    m_schemaVersion = store->schemaVersion();
    const quint64 generation = ++m_generation;
    // Queued behind nothing of this store; jobs posted from now on run after it.
    auto handOver = std::make_shared<std::unique_ptr<fieldcheck::Store>>(std::move(store));
    StoreThreadWorker* worker = m_worker;
    QMetaObject::invokeMethod(worker, [worker, handOver, generation] {
        worker->store = std::move(*handOver);
        worker->generation = generation;
    }, Qt::QueuedConnection);
    m_unlocked = true;
    m_notice.clear();
    qCInfo(lcUi) << "store unlocked:" << m_storePath;
    emit unlockedChanged();
}

void Session::lock() { lock(QString()); }

void Session::lock(const QString& notice) {
    if (!m_unlocked) return;
    m_notice = notice;
    emit aboutToLock();
    closeStore();
    qCInfo(lcUi) << "store locked:" << m_storePath;
    emit unlockedChanged();
}

void Session::closeStore() {
    ++m_generation;  // results still on their way are dropped
    m_unlocked = false;
    m_storeId.clear();
    m_deviceId.clear();
    m_schemaVersion = 0;
    // Waits for the job in hand: once this returns, no thread of the app holds the store open
    // (the unlock page may erase or re-create it).
    StoreThreadWorker* worker = m_worker;
    if (m_thread.isRunning()) {
        QMetaObject::invokeMethod(worker, [worker] { worker->store.reset(); }, Qt::BlockingQueuedConnection);
    }
}

}  // namespace fieldcheck::ui
