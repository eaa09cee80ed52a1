#include "export_controller.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTemporaryFile>
#include <QUrl>
#include <QVariantMap>

#include "fieldcheck/core/campaign_rules.h"
#include "fieldcheck/core/ledgers.h"
#include "fieldcheck/core/replication.h"
#include "fieldcheck/core/scope.h"
#include "fieldcheck/core/store.h"
#include "monthly_summary.h"

namespace fieldcheck::ui {
namespace {

const QString kSummary = QStringLiteral("summary");

QStringList allKinds() {
    QStringList kinds;
    for (const auto& k : ledgerKinds()) kinds << QString::fromStdString(k);
    return kinds;
}

// What one job on the store thread did.
struct Outcome {
    bool ok = false;
    fieldcheck::ErrorCode code = fieldcheck::ErrorCode::Internal;
    QString coreMessage;
    QString path;
    int64_t rows = 0;  // a ledger's data rows
    int pages = 0;     // the summary's pages
};

struct Context {
    bool ok = false;
    QString role, today;
};

}  // namespace

ExportController::ExportController(QObject* parent) : QObject(parent), m_selected(allKinds()) {}

QString ExportController::ledgerTitle(const QString& kind) {
    if (kind == QLatin1String("findings")) return tr("Problem clue ledger");
    if (kind == QLatin1String("rectification")) return tr("Rectification ledger");
    if (kind == QLatin1String("monthly_reports")) return tr("Monthly report table");
    if (kind == QLatin1String("petitions")) return tr("Petition supervision ledger");
    if (kind == QLatin1String("accountability")) return tr("Accountability register");
    if (kind == QLatin1String("four_batches")) return tr("Four batches summary");
    if (kind == kSummary) return tr("Monthly summary (PDF)");
    return kind;
}

void ExportController::setSession(Session* session) {
    if (session == m_session) return;
    if (m_session) m_session->disconnect(this);
    m_session = session;
    if (m_session) {
        connect(m_session, &Session::unlockedChanged, this, &ExportController::readContext);
        // A sync may have enrolled the device (a role now), a language change retitles the ledgers.
        connect(m_session, &Session::manyRecordsChanged, this, [this] {
            emit ledgersChanged();
            readContext();
        });
        connect(m_session, &Session::aboutToLock, this, [this] {
            ++m_generation;  // what is still queued will not report back
            if (m_busy) {
                finish(false, tr("The export stopped because the app locked. The files listed are complete; "
                                 "export again for the rest."));
            }
        });
    }
    emit sessionChanged();
    readContext();
}

void ExportController::readContext() {
    if (!m_session || !m_session->isUnlocked()) return;
    m_session->run<Context>(this, [](fieldcheck::Store& store) -> Context {
        Context c;
        auto role = replication::syncState(store, "role");
        if (!role.ok()) return c;
        c.ok = true;
        c.role = QString::fromStdString(role.value().value_or(std::string()));
        c.today = QString::fromStdString(bureauToday(store));
        return c;
    }, [this](Context c) {
        if (!c.ok) {
            setError(tr("The store could not be read, so nothing can be exported. Lock the app and unlock it again."));
            return;
        }
        // As the finding form decides it: a device that is not enrolled has no role and sees all.
        const std::string role = c.role.toStdString();
        const bool allowed = role.empty() || roleVisibility(role).seesField("finding", "persons_involved");
        if (allowed != m_sensitiveAllowed) {
            m_sensitiveAllowed = allowed;
            emit roleChanged();
            emit includeSensitiveChanged();
        }
        if (!m_todayTouched && c.today != m_today) {
            m_today = c.today;
            emit todayChanged();
        }
        if (!m_monthTouched && m_month.isEmpty()) {
            m_month = QString::fromStdString(previousMonth(m_today.toStdString()));
            emit monthChanged();
        }
    });
}

void ExportController::setFolder(const QString& folder) {
    if (folder == m_folder) return;
    m_folder = folder;
    emit folderChanged();
}

void ExportController::setFolderUrl(const QUrl& url) {
    setFolder(url.isLocalFile() ? QDir::toNativeSeparators(url.toLocalFile()) : url.toString());
}

void ExportController::setMonth(const QString& month) {
    m_monthTouched = true;
    if (month == m_month) return;
    m_month = month.trimmed();
    emit monthChanged();
}

QString ExportController::monthError() const {
    static const QRegularExpression pattern(QStringLiteral("^\\d{4}-(0[1-9]|1[0-2])$"));
    if (!pattern.match(m_month).hasMatch()) return tr("Enter the month as year and month, for example 2026-04.");
    if (m_today.size() >= 7 && m_month > m_today.left(7)) {
        return tr("%1 has not begun yet. Choose %2 or an earlier month.").arg(m_month, m_today.left(7));
    }
    return {};
}

void ExportController::setToday(const QString& today) {
    m_todayTouched = true;
    if (today == m_today) return;
    m_today = today;
    emit todayChanged();
    emit monthChanged();  // monthError depends on it
}

QVariantList ExportController::ledgers() const {
    QVariantList list;
    for (const auto& kind : ledgerKinds()) {
        const QString k = QString::fromStdString(kind);
        list.append(QVariantMap{{QStringLiteral("kind"), k},
                                {QStringLiteral("title"), ledgerTitle(k)},
                                {QStringLiteral("titleZh"), QString::fromStdString(ledgerTitleZh(kind))}});
    }
    return list;
}

void ExportController::setLedgerSelected(const QString& kind, bool selected) {
    if (!allKinds().contains(kind) || m_selected.contains(kind) == selected) return;
    if (selected) m_selected << kind;
    else m_selected.removeAll(kind);
    emit selectedLedgersChanged();
}

void ExportController::setIncludeSummary(bool on) {
    if (on == m_includeSummary) return;
    m_includeSummary = on;
    emit includeSummaryChanged();
}

void ExportController::setIncludeSensitive(bool on) {
    if (on == m_includeSensitive) return;
    m_includeSensitive = on;
    emit includeSensitiveChanged();
}

void ExportController::setOverwrite(bool on) {
    if (on == m_overwrite) return;
    m_overwrite = on;
    emit overwriteChanged();
}

bool ExportController::exportNow() {
    if (m_busy) return false;  // a second press while the first export runs
    if (!m_session || !m_session->isUnlocked()) {
        setError(tr("Unlock the app to export."));
        return false;
    }
    if (const QString e = monthError(); !e.isEmpty()) {
        setError(e);
        return false;
    }
    const QString folder = m_folder.trimmed();
    if (folder.isEmpty()) {
        setError(tr("Choose the folder the files go to."));
        return false;
    }
    const QFileInfo dir(folder);
    if (!dir.exists()) {
        setError(tr("The folder %1 does not exist. Choose another folder or create it first.").arg(folder));
        return false;
    }
    if (!dir.isDir()) {
        setError(tr("%1 is a file, not a folder. Choose a folder.").arg(folder));
        return false;
    }
    // Tried, not inferred from the permission bits (which say nothing for root, ACLs or a read-only
    // mount): an empty file under a hidden name, removed at once.
    if (QTemporaryFile probe(QDir(dir.absoluteFilePath()).filePath(QStringLiteral(".fieldcheck-export-XXXXXX"))); !probe.open()) {
        setError(tr("The app may not write to the folder %1. Choose another folder.").arg(folder));
        return false;
    }

    std::vector<Job> jobs;
    for (const auto& kind : ledgerKinds()) {
        const QString k = QString::fromStdString(kind);
        if (!m_selected.contains(k)) continue;
        jobs.push_back({k, QString::fromStdString(ledgerTitleZh(kind)) + QLatin1Char('_') + m_month + QStringLiteral(".xlsx"),
                        ledgerTitle(k)});
    }
    if (m_includeSummary) jobs.push_back({kSummary, QStringLiteral("月度汇总_") + m_month + QStringLiteral(".pdf"), ledgerTitle(kSummary)});
    if (jobs.empty()) {
        setError(tr("Choose at least one ledger or the monthly summary."));
        return false;
    }
    // Refused before anything is written: an export is all of what was asked for or nothing new.
    if (!m_overwrite) {
        QStringList existing;
        for (const auto& j : jobs) {
            if (QFileInfo::exists(QDir(dir.absoluteFilePath()).filePath(j.fileName))) existing << j.fileName;
        }
        if (!existing.isEmpty()) {
            setError(tr("The folder already holds %1. Tick \"Replace existing files\" or choose another folder.")
                         .arg(existing.join(QStringLiteral(", "))));
            return false;
        }
    }

    m_folder = dir.absoluteFilePath();
    emit folderChanged();
    m_jobs = std::move(jobs);
    m_done = 0;
    m_total = int(m_jobs.size());
    m_results.clear();
    m_statusMessage.clear();
    setError({});
    setBusy(true);
    runJob(0, ++m_generation);
    return true;
}

void ExportController::runJob(int index, quint64 generation) {
    if (generation != m_generation) return;
    if (index >= int(m_jobs.size())) {
        finish(true, {});
        return;
    }
    const Job job = m_jobs[size_t(index)];
    m_currentFile = job.fileName;
    emit progressChanged();
    const std::string path = QDir(m_folder).filePath(job.fileName).toStdString();
    const std::string month = m_month.toStdString(), today = m_today.toStdString();
    const bool sensitive = includeSensitive(), overwrite = m_overwrite, summary = job.kind == kSummary;
    const std::string kind = job.kind.toStdString();
    m_session->run<Outcome>(this, [=](fieldcheck::Store& store) -> Outcome {
        Outcome o;
        if (summary) {
            auto r = writeMonthlySummary(store, path, {month, today, overwrite});
            if (!r.ok()) {
                o.code = r.error().code;
                o.coreMessage = QString::fromStdString(r.error().message);
                return o;
            }
            o.pages = r->pages;
        } else {
            LedgerOptions options;
            options.month = month;
            options.today = today;
            options.withSensitive = sensitive;
            ExportOptions exportOptions;
            exportOptions.format = LedgerFormat::Xlsx;
            exportOptions.force = overwrite;
            auto r = exportLedger(store, kind, path, options, exportOptions);
            if (!r.ok()) {
                o.code = r.error().code;
                o.coreMessage = QString::fromStdString(r.error().message);
                return o;
            }
            o.rows = r->rows;
        }
        o.ok = true;
        o.path = QString::fromStdString(path);
        return o;
    }, [this, index, generation, job](Outcome o) {
        if (generation != m_generation) return;
        if (!o.ok) {
            QString message;
            switch (o.code) {
            case ErrorCode::AlreadyExists:
                message = tr("%1 appeared in the folder meanwhile and was left as it is. Tick \"Replace existing files\" "
                             "or choose another folder.").arg(job.fileName);
                break;
            case ErrorCode::IoError:
            case ErrorCode::NotFound:
                message = tr("%1 could not be written to the folder (is it full, or was it removed?). Nothing half-written "
                             "was left. Details: %2").arg(job.fileName, o.coreMessage);
                break;
            case ErrorCode::Unsupported:
                message = tr("The monthly summary needs the font Noto Sans CJK SC, which is not installed on this device. "
                             "Details: %1").arg(o.coreMessage);
                break;
            default:
                message = tr("%1 could not be made. Details: %2").arg(job.fileName, o.coreMessage);
            }
            finish(false, message);
            return;
        }
        ++m_done;
        const QString detail = job.kind == kSummary ? tr("%n page(s)", "", o.pages) : tr("%n row(s)", "", int(o.rows));
        m_results.append(QVariantMap{{QStringLiteral("path"), o.path},
                                     {QStringLiteral("name"), job.fileName},
                                     {QStringLiteral("title"), job.label},
                                     {QStringLiteral("detail"), detail}});
        emit progressChanged();
        runJob(index + 1, generation);
    });
}

void ExportController::finish(bool ok, const QString& error) {
    m_currentFile.clear();
    if (ok) m_statusMessage = tr("%n file(s) written to %1.", "", m_done).arg(m_folder);
    emit progressChanged();
    setError(error);
    setBusy(false);
    emit finished(ok);
}

void ExportController::setError(const QString& message) {
    if (message == m_errorMessage) return;
    m_errorMessage = message;
    emit errorMessageChanged();
}

void ExportController::setBusy(bool busy) {
    if (busy == m_busy) return;
    m_busy = busy;
    emit busyChanged();
}

}  // namespace fieldcheck::ui
