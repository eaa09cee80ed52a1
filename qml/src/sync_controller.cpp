#include "sync_controller.h"

#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>
#include <climits>
#include <optional>

#include "fieldcheck/core/replication.h"
#include "fieldcheck/core/store.h"
#include "fieldcheck/sync/sync_client.h"
#include "logging.h"

namespace fieldcheck::ui {

struct SyncController::Outcome {
    std::optional<fieldcheck::sync::SyncReport> report;
    std::optional<fieldcheck::Error> error;
};

namespace {

QString roleLabel(const QString& role) {
    if (role == QLatin1String("inspector")) return SyncController::tr("inspector");
    if (role == QLatin1String("group_leader")) return SyncController::tr("group leader");
    if (role == QLatin1String("unit_liaison")) return SyncController::tr("unit liaison");
    if (role == QLatin1String("leader_in_charge")) return SyncController::tr("leader in charge");
    if (role == QLatin1String("discipline_inspector")) return SyncController::tr("discipline inspector");
    if (role == QLatin1String("party_committee")) return SyncController::tr("party committee");
    return role;
}

// What went wrong, in words the inspector can act on.
QString describe(const fieldcheck::Error& e) {
    switch (e.code) {
        case fieldcheck::ErrorCode::NotFound:
            return SyncController::tr("This device is not enrolled with a server. Enrol it at the office first.");
        case fieldcheck::ErrorCode::Unauthorized:
            return SyncController::tr("The server no longer accepts this device. Enrol it again at the office.");
        case fieldcheck::ErrorCode::Cancelled:
            return SyncController::tr("Sync cancelled. Nothing is lost; the next sync continues.");
        case fieldcheck::ErrorCode::Revoked:
            return SyncController::tr("The office has withdrawn this device. Its FieldCheck data and keys have been erased.");
        case fieldcheck::ErrorCode::IoError:
            return SyncController::tr("No connection to the server. Your records stay on the device; try again when there is signal.");
        default:
            return SyncController::tr("Sync failed: %1").arg(QString::fromStdString(e.message));
    }
}

}  // namespace

SyncController::SyncController(QObject* parent) : QObject(parent) {
    connect(&m_watcher, &QFutureWatcherBase::finished, this, &SyncController::onFinished);
}

SyncController::~SyncController() { waitForWorker(); }

void SyncController::waitForWorker() {
    if (!m_busy) return;
    if (m_cancel) m_cancel->cancel();
    m_watcher.waitForFinished();
}

void SyncController::setSession(Session* session) {
    if (m_session == session) return;
    if (m_session) disconnect(m_session, nullptr, this, nullptr);
    m_session = session;
    if (m_session) {
        connect(m_session, &Session::unlockedChanged, this, &SyncController::readEnrolment);
        // The store is about to close: a running sync must let go of it first.
        connect(m_session, &Session::aboutToLock, this, &SyncController::waitForWorker);
    }
    readEnrolment();
    emit sessionChanged();
}

void SyncController::readEnrolment() {
    if (!m_session || !m_session->isUnlocked()) {
        applyEnrolment({}, {}, {}, {});
        applyPending(0, 0);
        return;
    }
    struct Read {
        QString url, user, role, ownUnit;
    };
    m_session->run<Read>(this, [](fieldcheck::Store& store) {
        Read read;
        auto e = fieldcheck::sync::enrolment(store);
        if (e.ok()) {
            read.url = QString::fromStdString(e->serverUrl);
            read.user = QString::fromStdString(e->userName);
            read.role = QString::fromStdString(e->role);
            // The person's unit, as the server's scope gives a liaison (own unit only).
            fieldcheck::ListQuery me;
            me.equals = {{"user_name", e->userName}};
            me.limit = 1;
            auto persons = store.listRecords("person", me);
            if (persons.ok() && !persons->empty()) {
                const auto unit = persons->front().fields.find("unit_id");
                if (unit != persons->front().fields.end() && unit->is_string()) read.ownUnit = QString::fromStdString(unit->get<std::string>());
            }
        }
        return read;
    }, [this](Read read) { applyEnrolment(read.url, read.user, read.role, read.ownUnit); });
    readPending();
}

void SyncController::applyEnrolment(const QString& url, const QString& user, const QString& role, const QString& ownUnitId) {
    const QString label = roleLabel(role);
    if (url == m_serverUrl && user == m_userName && label == m_role && role == m_roleCode && ownUnitId == m_ownUnitId) return;
    m_ownUnitId = ownUnitId;
    m_serverUrl = url;
    m_userName = user;
    m_role = label;
    m_roleCode = role;
    emit enrolmentChanged();
}

void SyncController::readPending() {
    if (!m_session || !m_session->isUnlocked()) return;
    m_session->run<std::pair<int, int>>(this, [](fieldcheck::Store& store) {
        auto open = fieldcheck::replication::openConflicts(store);
        auto refused = fieldcheck::replication::rejectedOps(store);
        return std::pair<int, int>(open.ok() ? static_cast<int>(open->size()) : 0,
                                   refused.ok() ? static_cast<int>(refused->size()) : 0);
    }, [this](std::pair<int, int> counts) { applyPending(counts.first, counts.second); });
}

void SyncController::applyPending(int conflicts, int rejected) {
    if (conflicts == m_openConflicts && rejected == m_rejected) return;
    m_openConflicts = conflicts;
    m_rejected = rejected;
    emit resultChanged();
}

void SyncController::syncNow() {
    if (m_busy || !m_session || !m_session->isUnlocked()) return;
    m_cancel = std::make_shared<fieldcheck::sync::CancelToken>();
    m_busy = true;
    m_phase = QStringLiteral("push");
    m_itemsDone = 0;
    m_itemsTotal = -1;
    m_bytes = 0;
    m_errorMessage.clear();
    m_statusText = tr("Syncing…");
    emit busyChanged();
    emit progressChanged();
    emit resultChanged();
    // Sync works on a store of its own, so that the user's writes on the session's store thread
    // go on meanwhile. It is opened there (the session's store is used on that thread only).
    using Sibling = std::shared_ptr<fieldcheck::Result<std::unique_ptr<fieldcheck::Store>>>;
    m_session->run<Sibling>(this, [](fieldcheck::Store& store) {
        fieldcheck::StoreOptions options;
        options.actor = store.actor();
        return std::make_shared<fieldcheck::Result<std::unique_ptr<fieldcheck::Store>>>(store.openSibling(options));
    }, [this](Sibling sibling) { startWorker(std::move(sibling)); });
}

void SyncController::startWorker(std::shared_ptr<fieldcheck::Result<std::unique_ptr<fieldcheck::Store>>> sibling) {
    if (!sibling->ok()) {
        auto outcome = std::make_shared<Outcome>();
        outcome->error = sibling->error();
        finish(outcome);
        return;
    }
    std::shared_ptr<fieldcheck::Store> store(std::move(*sibling).value().release());
    QPointer<SyncController> self(this);
    auto cancel = m_cancel;
    m_watcher.setFuture(QtConcurrent::run([store, cancel, self]() {
        fieldcheck::sync::SyncOptions options;
        options.cancel = cancel.get();
        // Called on this worker thread: hand the figures to the GUI thread.
        options.progress = [self](const fieldcheck::sync::SyncProgress& p) {
            QMetaObject::invokeMethod(self, [self, p] {
                if (!self) return;
                self->m_phase = QString::fromStdString(p.phase);
                self->m_itemsDone = p.itemsDone;
                self->m_itemsTotal = p.itemsTotal;
                self->m_bytes = p.bytesSent + p.bytesReceived;
                emit self->progressChanged();
            }, Qt::QueuedConnection);
        };
        auto outcome = std::make_shared<Outcome>();
        auto report = fieldcheck::sync::syncNow(*store, options);
        if (report.ok()) outcome->report = std::move(report).value();
        else outcome->error = report.error();
        return outcome;  // the sibling store closes with the last reference, on this thread
    }));
}

void SyncController::cancel() {
    if (m_cancel) m_cancel->cancel();
}

void SyncController::onFinished() { finish(m_watcher.result()); }

void SyncController::finish(const std::shared_ptr<Outcome>& outcome) {
    m_busy = false;
    m_phase.clear();
    emit busyChanged();
    emit progressChanged();
    if (outcome->error) {
        m_errorMessage = describe(*outcome->error);
        m_statusText.clear();
        // The store was erased under the session (a wipe order): close it, back to the start.
        if (outcome->error->code == fieldcheck::ErrorCode::Revoked && m_session) m_session->lock(m_errorMessage);
        qCWarning(lcUi) << "sync failed:" << QString::fromStdString(outcome->error->toString());
    } else {
        const auto& r = *outcome->report;
        m_errorMessage.clear();
        // %n picks the plural form (English has two; fieldcheck_en.ts holds them).
        const auto n = [](int64_t count) { return static_cast<int>(std::min<int64_t>(count, INT_MAX)); };
        m_statusText = tr("Synced: %1 sent, %2 received.").arg(tr("%n change(s)", nullptr, n(r.pushed)), tr("%n record(s)", nullptr, n(r.pulled)));
        if (r.attachmentsUploaded > 0) m_statusText += QLatin1Char(' ') + tr("%n photo(s) uploaded.", nullptr, n(r.attachmentsUploaded));
        if (r.attachmentsWaiting > 0) m_statusText += QLatin1Char(' ') + tr("%n photo(s) not uploaded yet.", nullptr, n(r.attachmentsWaiting));
    }
    emit resultChanged();
    if (m_session && m_session->isUnlocked()) {
        if (outcome->report && (outcome->report->pulled > 0 || outcome->report->pushed > 0)) m_session->notifyManyChanged();
        // A pull may bring the person's own record (a liaison's unit arrives with the first sync)
        // or a changed role and scope: read who this device is again (and what waits).
        if (outcome->report && outcome->report->pulled > 0) readEnrolment();
        else readPending();
    }
    emit finished(!outcome->error.has_value());
}

}  // namespace fieldcheck::ui
