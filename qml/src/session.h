// The unlocked store of this run of the app, and the identity QML shows for it.
//
// Session owns at most one open fieldcheck::Store. UnlockController hands it a store it opened or
// created (adopt()); lock() closes it, after which the UI returns to the unlock page. Services and
// models that read the store take it from here with store() and must drop the pointer on
// aboutToLock(). Everything here runs on the GUI thread; the store is never shared between threads
// (Store's contract), it is only created on a worker thread and then moved here.
//
// QML sees it as the singleton `Session` (service_singletons.h). Built in main(), never by QML.
#pragma once

#include <QObject>
#include <QString>
#include <memory>

namespace fieldcheck {
class Store;
}

namespace fieldcheck::ui {

class Session : public QObject {
    Q_OBJECT
    Q_PROPERTY(bool unlocked READ isUnlocked NOTIFY unlockedChanged)
    Q_PROPERTY(QString storePath READ storePath CONSTANT)
    Q_PROPERTY(QString storeId READ storeId NOTIFY unlockedChanged)
    Q_PROPERTY(QString deviceId READ deviceId NOTIFY unlockedChanged)
    Q_PROPERTY(int schemaVersion READ schemaVersion NOTIFY unlockedChanged)
    // Why the session was closed from outside the user's hands (the office withdrew the device and
    // its store was erased), for the unlock page to say; empty otherwise.
    Q_PROPERTY(QString notice READ notice NOTIFY unlockedChanged)

public:
    explicit Session(QString storePath, QObject* parent = nullptr);
    ~Session() override;

    bool isUnlocked() const { return m_store != nullptr; }
    const QString& storePath() const { return m_storePath; }
    QString storeId() const;    // empty while locked
    QString deviceId() const;   // empty while locked
    int schemaVersion() const;  // 0 while locked
    const QString& notice() const { return m_notice; }

    // Takes ownership of an open store for `storePath()`. A store already held is closed first.
    void adopt(std::unique_ptr<fieldcheck::Store> store);
    // The open store, or nullptr while locked. Valid until aboutToLock() is emitted.
    fieldcheck::Store* store() const { return m_store.get(); }

    // Closes the store (nothing committed is lost) and returns the UI to the unlock page.
    Q_INVOKABLE void lock();
    // The same, with the reason the unlock page shows (until the next store is opened).
    void lock(const QString& notice);

signals:
    void aboutToLock();
    void unlockedChanged();

private:
    QString m_storePath;
    std::unique_ptr<fieldcheck::Store> m_store;
    QString m_notice;
};

}  // namespace fieldcheck::ui
