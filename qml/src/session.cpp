#include "session.h"

#include <utility>

#include "fieldcheck/core/store.h"
#include "logging.h"

namespace fieldcheck::ui {

Session::Session(QString storePath, QObject* parent)
    : QObject(parent), m_storePath(std::move(storePath)) {}

Session::~Session() = default;

QString Session::storeId() const {
    return m_store ? QString::fromStdString(m_store->storeId()) : QString();
}

QString Session::deviceId() const {
    return m_store ? QString::fromStdString(m_store->deviceId()) : QString();
}

int Session::schemaVersion() const {
    return m_store ? m_store->schemaVersion() : 0;
}

void Session::adopt(std::unique_ptr<fieldcheck::Store> store) {
    if (!store) return;
    if (m_store) {
        emit aboutToLock();
        m_store.reset();
    }
    m_store = std::move(store);
    m_notice.clear();
    qCInfo(lcUi) << "store unlocked:" << m_storePath;
    emit unlockedChanged();
}

void Session::lock() { lock(QString()); }

void Session::lock(const QString& notice) {
    if (!m_store) return;
    m_notice = notice;
    emit aboutToLock();
    m_store.reset();
    qCInfo(lcUi) << "store locked:" << m_storePath;
    emit unlockedChanged();
}

}  // namespace fieldcheck::ui
