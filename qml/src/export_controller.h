// The Export page: the campaign's ledgers (台账) as XLSX and the monthly summary as PDF, into a
// folder the user picks.
//
// QML gives it the Session; it reads, on the store thread, the bureau's today (the default month is
// the one just ended, the month reports are filed for) and the enrolled role. The user chooses the
// folder, the month (YYYY-MM), which of the six ledgers (ledgerKinds()), whether the monthly
// summary, and — only where the role may see persons involved (roleVisibility(), the rule by which
// the server withholds fields; always when not enrolled, as the finding form does) — whether the
// sensitive personal columns go in.
//
// exportNow() checks everything before writing anything — the month, a folder that exists and can
// be written to, no file of the same name already there unless `overwrite` — then writes one file
// per job on the store thread (Session::run), in order, reporting after each (`done` of `total`,
// the file being written); the first failure stops the rest and is said in plain words. Each
// ledger is written atomically by the core (exportLedger: temporary name, then rename; its audit
// entry says who exported what and whether with personal data); so is the summary. A press while
// busy is ignored. Files are named after their Chinese titles: 问题线索台账_2026-04.xlsx,
// 月度汇总_2026-04.pdf.
#pragma once

#include <QtQml/qqmlregistration.h>

#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <QVariantList>
#include <vector>

#include "session.h"

namespace fieldcheck::ui {

class ExportController : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(fieldcheck::ui::Session* session READ session WRITE setSession NOTIFY sessionChanged)
    // The folder the files go to (a local path).
    Q_PROPERTY(QString folder READ folder WRITE setFolder NOTIFY folderChanged)
    // YYYY-MM; defaults to the month before the bureau's today once the store has been read.
    Q_PROPERTY(QString month READ month WRITE setMonth NOTIFY monthChanged)
    // Why `month` cannot be used ("" when it can).
    Q_PROPERTY(QString monthError READ monthError NOTIFY monthChanged)
    // The day the figures are as of (YYYY-MM-DD): the bureau's today unless set.
    Q_PROPERTY(QString today READ today WRITE setToday NOTIFY todayChanged)
    // The six ledgers: {kind, title (the user's language), titleZh}. Rebuilt when the language
    // changes (AppSettings reports it as Session::manyRecordsChanged).
    Q_PROPERTY(QVariantList ledgers READ ledgers NOTIFY ledgersChanged)
    // The kinds chosen (all six at first); the list above stays as it is, so the page's check boxes
    // are not rebuilt at every tick.
    Q_PROPERTY(QStringList selectedLedgers READ selectedLedgers NOTIFY selectedLedgersChanged)
    Q_PROPERTY(bool includeSummary READ includeSummary WRITE setIncludeSummary NOTIFY includeSummaryChanged)
    // The role may see persons involved: the sensitive columns may be offered.
    Q_PROPERTY(bool sensitiveAllowed READ sensitiveAllowed NOTIFY roleChanged)
    // Asked for; never true where not allowed.
    Q_PROPERTY(bool includeSensitive READ includeSensitive WRITE setIncludeSensitive NOTIFY includeSensitiveChanged)
    Q_PROPERTY(bool overwrite READ overwrite WRITE setOverwrite NOTIFY overwriteChanged)
    Q_PROPERTY(bool busy READ isBusy NOTIFY busyChanged)
    Q_PROPERTY(int done READ doneCount NOTIFY progressChanged)
    Q_PROPERTY(int total READ totalCount NOTIFY progressChanged)
    Q_PROPERTY(QString currentFile READ currentFile NOTIFY progressChanged)
    // The files written by the last export: {path, name, detail}.
    Q_PROPERTY(QVariantList results READ results NOTIFY progressChanged)
    Q_PROPERTY(QString errorMessage READ errorMessage NOTIFY errorMessageChanged)
    // "Exported 3 files to …" after a successful export; empty otherwise.
    Q_PROPERTY(QString statusMessage READ statusMessage NOTIFY progressChanged)

public:
    explicit ExportController(QObject* parent = nullptr);

    Session* session() const { return m_session; }
    void setSession(Session* session);
    const QString& folder() const { return m_folder; }
    void setFolder(const QString& folder);
    const QString& month() const { return m_month; }
    void setMonth(const QString& month);
    QString monthError() const;
    const QString& today() const { return m_today; }
    void setToday(const QString& today);
    QVariantList ledgers() const;
    const QStringList& selectedLedgers() const { return m_selected; }
    bool includeSummary() const { return m_includeSummary; }
    void setIncludeSummary(bool on);
    bool sensitiveAllowed() const { return m_sensitiveAllowed; }
    bool includeSensitive() const { return m_includeSensitive && m_sensitiveAllowed; }
    void setIncludeSensitive(bool on);
    bool overwrite() const { return m_overwrite; }
    void setOverwrite(bool on);
    bool isBusy() const { return m_busy; }
    int doneCount() const { return m_done; }
    int totalCount() const { return m_total; }
    const QString& currentFile() const { return m_currentFile; }
    const QVariantList& results() const { return m_results; }
    const QString& errorMessage() const { return m_errorMessage; }
    const QString& statusMessage() const { return m_statusMessage; }

    // Chooses a ledger (a kind of ledgerKinds()); unknown kinds are ignored.
    Q_INVOKABLE void setLedgerSelected(const QString& kind, bool selected);
    // A folder chosen with the FolderDialog (a file: URL) or typed (a path).
    Q_INVOKABLE void setFolderUrl(const QUrl& url);
    // Starts the export; false (and `errorMessage`) when it cannot start, or while one is running.
    Q_INVOKABLE bool exportNow();

    // The English name of a ledger kind (the page shows it in the user's language).
    static QString ledgerTitle(const QString& kind);

signals:
    void sessionChanged();
    void folderChanged();
    void monthChanged();
    void todayChanged();
    void ledgersChanged();
    void selectedLedgersChanged();
    void includeSummaryChanged();
    void roleChanged();
    void includeSensitiveChanged();
    void overwriteChanged();
    void busyChanged();
    void progressChanged();
    void errorMessageChanged();
    // The export ended (all written, or stopped at `errorMessage`).
    void finished(bool ok);

private:
    struct Job {
        QString kind;  // a ledger kind, or "summary"
        QString fileName;
        QString label;
    };
    void readContext();
    void runJob(int index, quint64 generation);
    void finish(bool ok, const QString& error);
    void setError(const QString& message);
    void setBusy(bool busy);

    QPointer<Session> m_session;
    QString m_folder, m_month, m_today;
    bool m_monthTouched = false;  // the user set the month: the store's default does not replace it
    bool m_todayTouched = false;
    QStringList m_selected;
    bool m_includeSummary = true;
    bool m_sensitiveAllowed = false;
    bool m_includeSensitive = false;
    bool m_overwrite = false;
    bool m_busy = false;
    int m_done = 0, m_total = 0;
    QString m_currentFile;
    QVariantList m_results;
    QString m_errorMessage, m_statusMessage;
    std::vector<Job> m_jobs;
    quint64 m_generation = 0;  // one per export: a lock in between drops what was pending
};

}  // namespace fieldcheck::ui
