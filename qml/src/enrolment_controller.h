// Enrolling this device with the bureau's server from the app (Sync page), as `fieldcheck enroll`
// does: the office's enrolment file (server address, office CA, pins of the server's key), the
// user's name and password. The password is used once, for the login, and never kept; the device
// token the server answers with goes into the encrypted store.
//
// enrol() runs on a worker with a store of its own (Store::openSibling, like a sync): the UI and
// the store thread never wait for the network. `busy` meanwhile; then enrolled() or `errorMessage`
// saying what to do. A server address alone (no file) is accepted only for a server on this
// machine (http://127.0.0.1), as the core allows.
#pragma once

#include <QtQml/qqmlregistration.h>
#include <QFutureWatcher>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QUrl>
#include <memory>

#include "session.h"

namespace fieldcheck::ui {

class EnrolmentController : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(fieldcheck::ui::Session* session READ session WRITE setSession NOTIFY sessionChanged)
    Q_PROPERTY(bool busy READ isBusy NOTIFY busyChanged)
    Q_PROPERTY(QString errorMessage READ errorMessage NOTIFY errorMessageChanged)

public:
    explicit EnrolmentController(QObject* parent = nullptr);
    ~EnrolmentController() override;

    Session* session() const { return m_session; }
    void setSession(Session* session);
    bool isBusy() const { return m_busy; }
    const QString& errorMessage() const { return m_errorMessage; }

    // `enrolmentFile`: the file the office gave (a file: URL from a file dialog or a local path);
    // may be empty when `serverAddress` is a server on this machine. `serverAddress` may be empty
    // when the file is given (the file says where the server is).
    Q_INVOKABLE void enrol(const QString& serverAddress, const QString& enrolmentFile, const QString& user,
                           const QString& password);
    Q_INVOKABLE void clearError();

signals:
    void sessionChanged();
    void busyChanged();
    void errorMessageChanged();
    // The device is enrolled: the Sync page reads the enrolment again and may sync.
    void enrolled();

private:
    struct Outcome;
    void finish(const std::shared_ptr<Outcome>& outcome);
    void setBusy(bool busy);
    void setErrorMessage(const QString& message);

    QPointer<Session> m_session;
    QFutureWatcher<std::shared_ptr<Outcome>> m_watcher;
    bool m_busy = false;
    QString m_errorMessage;
};

}  // namespace fieldcheck::ui
