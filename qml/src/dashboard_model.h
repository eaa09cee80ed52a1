// The dashboard (领导驾驶舱) for leaders, discipline inspectors and group leaders: where the
// campaign stands for a month, as of today.
//
// One job on the store thread (Session::run) calls the core's dashboard() — the same query that
// `fieldcheck dashboard` prints and the monthly summary PDF is written from, so that no two of them
// can disagree — and hands the page:
// - the four batches (四个一批): clues identified, cases investigated, problems solved, rules issued;
// - rectification: measures done / total / overdue and the percentage done, overall and per unit
//   (`units`, the least advanced first: the units a leader has to chase come first);
// - monthly reports late and missing, zero-report units and the mandatory spot checks among them,
//   supervised petitions and the overdue ones, visits with fewer than two inspectors, open
//   escalations, accountability proposals waiting for a decision.
// Every figure has a key (figureKeys()); DashboardFigure lists the records behind one.
//
// `month` is YYYY-MM (default: the month before today, the one just reported on); `today` is the
// bureau's date from the store's clock. The model reloads after writes to the types it counts,
// after a sync, when the language changes (the labels it makes), and empties on lock.
#pragma once

#include <QtQml/qqmlregistration.h>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QVariantList>
#include <QVariantMap>
#include <atomic>
#include <memory>

#include "session.h"

namespace fieldcheck::ui {

class DashboardModel : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(fieldcheck::ui::Session* session READ session WRITE setSession NOTIFY sessionChanged)
    // YYYY-MM; empty: the month before today. A malformed month is refused with errorMessage.
    Q_PROPERTY(QString month READ month WRITE setMonth NOTIFY monthChanged)
    Q_PROPERTY(bool loading READ isLoading NOTIFY loadingChanged)
    Q_PROPERTY(QString errorMessage READ errorMessage NOTIFY errorMessageChanged)
    // True once the figures of `shownMonth` are in (false while locked or before the first load).
    Q_PROPERTY(bool ready READ isReady NOTIFY loaded)
    Q_PROPERTY(QString shownMonth READ shownMonth NOTIFY loaded)
    Q_PROPERTY(QString today READ today NOTIFY loaded)
    // figure key → count, for every key of figureKeys().
    Q_PROPERTY(QVariantMap figures READ figures NOTIFY loaded)
    // figure key → what it counts, in the current language (DashboardFigure::titleOf).
    Q_PROPERTY(QVariantMap titles READ titles NOTIFY loaded)
    // Measures done / all, 0..100 with one decimal (0 when there are no measures).
    Q_PROPERTY(double percentDone READ percentDone NOTIFY loaded)
    // Per unit, the least advanced first: { unitId, code, name, keyRectification, percentDone,
    // measures, measuresDone, measuresOverdue, findingsOpen, clues, cases, solved, rules }.
    Q_PROPERTY(QVariantList units READ units NOTIFY loaded)

public:
    explicit DashboardModel(QObject* parent = nullptr);
    ~DashboardModel() override;

    // The keys of `figures`, in the page's order.
    static const QStringList& figureKeys();

    Session* session() const { return m_session; }
    void setSession(Session* session);
    const QString& month() const { return m_month; }
    void setMonth(const QString& month);
    bool isLoading() const { return m_loading; }
    const QString& errorMessage() const { return m_errorMessage; }
    bool isReady() const { return m_ready; }
    const QString& shownMonth() const { return m_shownMonth; }
    const QString& today() const { return m_today; }
    const QVariantMap& figures() const { return m_figures; }
    QVariantMap titles() const;
    double percentDone() const { return m_percentDone; }
    const QVariantList& units() const { return m_units; }

    // "all" or a finding status when FindingsPage lists the records behind `key`; empty when
    // DashboardFigure does (DashboardFigure::findingStatus).
    Q_INVOKABLE QString findingStatusOf(const QString& key) const;
    // {kind, filter} when a register page lists the records behind `key` (DashboardFigure::registerOf).
    Q_INVOKABLE QVariantMap registerOf(const QString& key) const;
    // The month before / after the shown one (the page's arrows).
    Q_INVOKABLE void previousMonth();
    Q_INVOKABLE void nextMonth();
    Q_INVOKABLE void reload();

    struct Snapshot;

signals:
    void sessionChanged();
    void monthChanged();
    void loadingChanged();
    void errorMessageChanged();
    void loaded();

private:
    void clear();
    void apply(Snapshot snapshot);
    void onRecordsChanged(const QString& type);
    void setLoading(bool loading);
    void setErrorMessage(const QString& message);
    void stepMonth(int delta);

    QPointer<Session> m_session;
    QString m_month;
    bool m_loading = false;
    bool m_reloadWanted = false;
    QString m_errorMessage;
    quint64 m_generation = 0;
    std::shared_ptr<std::atomic<quint64>> m_latest = std::make_shared<std::atomic<quint64>>(0);

    bool m_ready = false;
    QString m_shownMonth, m_today;
    QVariantMap m_figures;
    double m_percentDone = 0;
    QVariantList m_units;
};

}  // namespace fieldcheck::ui
