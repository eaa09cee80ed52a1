#include "enrolment_controller.h"

#include <QFile>
#include <QtConcurrent/QtConcurrentRun>
#include <optional>

#include "fieldcheck/core/store.h"
#include "fieldcheck/sync/sync_client.h"
#include "logging.h"
#include "secret_text.h"

namespace fieldcheck::ui {

struct EnrolmentController::Outcome {
    std::optional<fieldcheck::Error> error;
    bool fileUnreadable = false;   // the error is about the enrolment file
    bool addressMismatch = false;  // the typed address is not the file's (serverUrl)
    QString serverUrl;
};

namespace {

QString localPath(const QString& fileOrUrl) {
    const QUrl url(fileOrUrl);
    return url.isLocalFile() ? url.toLocalFile() : fileOrUrl;
}

}  // namespace

EnrolmentController::EnrolmentController(QObject* parent) : QObject(parent) {
    connect(&m_watcher, &QFutureWatcherBase::finished, this, [this] { finish(m_watcher.result()); });
}

EnrolmentController::~EnrolmentController() {
    m_watcher.disconnect(this);
    m_watcher.waitForFinished();
}

void EnrolmentController::setSession(Session* session) {
    if (m_session == session) return;
    m_session = session;
    emit sessionChanged();
}

void EnrolmentController::clearError() { setErrorMessage({}); }

void EnrolmentController::enrol(const QString& serverAddress, const QString& enrolmentFile, const QString& user,
                                const QString& password) {
    if (m_busy || !m_session || !m_session->isUnlocked()) return;
    const QString address = serverAddress.trimmed();
    const QString file = localPath(enrolmentFile.trimmed());
    if (file.isEmpty() && address.isEmpty()) {
        setErrorMessage(tr("Choose the enrolment file the office gave you."));
        return;
    }
    if (user.trimmed().isEmpty()) {
        setErrorMessage(tr("Enter your user name."));
        return;
    }
    if (password.isEmpty()) {
        setErrorMessage(tr("Enter your password."));
        return;
    }
    setErrorMessage({});
    setBusy(true);
    // The store to enrol: a sibling opened on the store thread, used on the worker.
    using Sibling = std::shared_ptr<fieldcheck::Result<std::unique_ptr<fieldcheck::Store>>>;
    m_session->run<Sibling>(this, [](fieldcheck::Store& store) {
        fieldcheck::StoreOptions options;
        options.actor = store.actor();
        return std::make_shared<fieldcheck::Result<std::unique_ptr<fieldcheck::Store>>>(store.openSibling(options));
    }, [this, address, file, userName = user.trimmed().toStdString(), secret = toSecret(password)](Sibling sibling) {
        if (!sibling->ok()) {
            auto outcome = std::make_shared<Outcome>();
            outcome->error = sibling->error();
            finish(outcome);
            return;
        }
        std::shared_ptr<fieldcheck::Store> store(std::move(*sibling).value().release());
        m_watcher.setFuture(QtConcurrent::run([store, address, file, userName, secret] {
            auto outcome = std::make_shared<Outcome>();
            fieldcheck::sync::HttpOptions http;
            std::string serverUrl = address.toStdString();
            if (!file.isEmpty()) {
                auto read = fieldcheck::sync::readEnrolmentFile(QFile::encodeName(file).toStdString());
                if (!read.ok()) {
                    outcome->error = read.error();
                    outcome->fileUnreadable = true;
                    return outcome;
                }
                // The file is the office's word on where the server is; an address typed as well
                // must agree with it.
                if (!serverUrl.empty() && serverUrl != read->serverUrl) {
                    outcome->error = fieldcheck::Error{fieldcheck::ErrorCode::InvalidArgument,
                                                       "the address typed differs from the enrolment file's"};
                    outcome->addressMismatch = true;
                    outcome->serverUrl = QString::fromStdString(read->serverUrl);
                    return outcome;
                }
                serverUrl = read->serverUrl;
                http.caPem = read->caPem;
                http.pinnedPublicKeys = read->pins;
            }
            outcome->serverUrl = QString::fromStdString(serverUrl);
            const std::string deviceName = store->deviceId().substr(0, 8);
            auto enrolled = fieldcheck::sync::enroll(*store, serverUrl, userName, *secret, deviceName, http);
            if (!enrolled.ok()) outcome->error = enrolled.error();
            return outcome;
        }));
    });
}

void EnrolmentController::finish(const std::shared_ptr<Outcome>& outcome) {
    setBusy(false);
    if (!outcome->error) {
        qCInfo(lcUi).noquote() << "enrolled with" << outcome->serverUrl;
        emit enrolled();
        return;
    }
    const fieldcheck::Error& e = *outcome->error;
    qCWarning(lcUi).noquote() << "enrolment failed:" << QString::fromStdString(e.toString());
    QString message;
    if (outcome->fileUnreadable) {
        message = tr("The enrolment file could not be used (%1). Check that it is the file the office gave you for this "
                     "server, or ask the office for a new one.")
                      .arg(QString::fromStdString(e.message));
    } else if (outcome->addressMismatch) {
        message = tr("The server address does not match the enrolment file, which names %1. Leave the address empty or "
                     "correct it.")
                      .arg(outcome->serverUrl);
    } else {
        switch (e.code) {
            case fieldcheck::ErrorCode::Unauthorized:
                message = tr("The server did not accept this user name and password. Check them, or ask the office "
                             "whether your account may enrol a device.");
                break;
            case fieldcheck::ErrorCode::IoError:
                message = tr("The server at %1 could not be reached. Check the network and the address, then try again.")
                              .arg(outcome->serverUrl);
                break;
            case fieldcheck::ErrorCode::InvalidArgument:
                message = tr("This server cannot be used without the office's enrolment file (%1). Choose the file.")
                              .arg(QString::fromStdString(e.message));
                break;
            default:
                message = tr("Enrolment failed (%1). Try again; if it persists, tell the office.")
                              .arg(QString::fromStdString(e.message));
        }
    }
    setErrorMessage(message);
}

void EnrolmentController::setBusy(bool busy) {
    if (busy == m_busy) return;
    m_busy = busy;
    emit busyChanged();
}

void EnrolmentController::setErrorMessage(const QString& message) {
    if (message == m_errorMessage) return;
    m_errorMessage = message;
    emit errorMessageChanged();
}

}  // namespace fieldcheck::ui
