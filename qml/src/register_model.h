// The two registers the discipline inspectors keep in the app (DOMAIN.md), read on the store thread
// in one job, filtered, counted per filter and the most urgent first:
//
// - kind "accountability" — the accountability register (问责台账): every case not withdrawn, the
//   proposals the rules made (不上报 / 整改不力) and those a person entered, each with its reason,
//   its state and the decision (measure, the decider's reason, date). Filters: "proposed" (waiting
//   for a decision, the oldest first), "confirmed", "dismissed", "all".
// - kind "petitions" — petition supervision (查"否"→督办): the "四风" petitions concluded "否" that
//   must be re-verified under supervision (core supervisedPetitions()): who follows up, by when,
//   the outcome. Filters: "open" (no one assigned yet, or under way), "overdue", "concluded", "all".
//
// The register only reads. A decision or an assignment is a write of the record itself, made on the
// page through a RecordEditor (the same permission table, rules and refusals as every form);
// `mayAct` says whether the role may make them at all, so the page offers them only then.
//
// `rows` holds at most `limit` (500) rows of the filter, `total` how many there are. Each row is a
// map; both kinds have { recordId, unitId, unitName, title, status, statusLabel, overdue }, then
//   accountability: reasonLabel, measureLabel, note (the proposal's text, or the decider's reason),
//                   proposedDate, decidedDate, findingId;
//   petitions:      summary, categoryLabel, channelLabel, refNo, receivedDate, supervisor,
//                   deadline, outcome.
#pragma once

#include <QtQml/qqmlregistration.h>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QVariantList>
#include <QVariantMap>
#include <atomic>
#include <memory>

#include "session.h"

namespace fieldcheck::ui {

class RegisterModel : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(fieldcheck::ui::Session* session READ session WRITE setSession NOTIFY sessionChanged)
    // "accountability" or "petitions".
    Q_PROPERTY(QString kind READ kind WRITE setKind NOTIFY kindChanged)
    // One of `filters`; set to an unknown one, the kind's first (the kind's first by default).
    Q_PROPERTY(QString filter READ filter WRITE setFilter NOTIFY filterChanged)
    Q_PROPERTY(QStringList filters READ filters NOTIFY kindChanged)
    Q_PROPERTY(int limit READ limit WRITE setLimit NOTIFY limitChanged)
    Q_PROPERTY(bool loading READ isLoading NOTIFY loadingChanged)
    Q_PROPERTY(bool ready READ isReady NOTIFY loaded)
    Q_PROPERTY(QString errorMessage READ errorMessage NOTIFY errorMessageChanged)
    Q_PROPERTY(QVariantList rows READ rows NOTIFY loaded)
    Q_PROPERTY(qint64 total READ total NOTIFY loaded)
    // filter -> number of records under it.
    Q_PROPERTY(QVariantMap counts READ counts NOTIFY loaded)
    // The role may decide proposals (accountability) or assign and conclude supervision (petitions).
    Q_PROPERTY(bool mayAct READ mayAct NOTIFY loaded)

public:
    static constexpr int kDefaultLimit = 500;

    explicit RegisterModel(QObject* parent = nullptr);
    ~RegisterModel() override;

    static QStringList filtersOf(const QString& kind);
    // The filter's name as a tab says it, translated.
    Q_INVOKABLE static QString filterLabel(const QString& kind, const QString& filter);

    Session* session() const { return m_session; }
    void setSession(Session* session);
    const QString& kind() const { return m_kind; }
    void setKind(const QString& kind);
    const QString& filter() const { return m_filter; }
    void setFilter(const QString& filter);
    QStringList filters() const { return filtersOf(m_kind); }
    int limit() const { return m_limit; }
    void setLimit(int limit);
    bool isLoading() const { return m_loading; }
    bool isReady() const { return m_ready; }
    const QString& errorMessage() const { return m_errorMessage; }
    const QVariantList& rows() const { return m_rows; }
    qint64 total() const { return m_total; }
    const QVariantMap& counts() const { return m_counts; }
    bool mayAct() const { return m_mayAct; }

    Q_INVOKABLE void reload();

    struct Snapshot;

signals:
    void sessionChanged();
    void kindChanged();
    void filterChanged();
    void limitChanged();
    void loadingChanged();
    void errorMessageChanged();
    void loaded();

private:
    void clear();
    void apply(Snapshot snapshot);
    void setLoading(bool loading);
    void setErrorMessage(const QString& message);
    void onRecordsChanged(const QString& type);

    QPointer<Session> m_session;
    QString m_kind, m_filter;
    int m_limit = kDefaultLimit;
    bool m_loading = false, m_ready = false, m_mayAct = false;
    QString m_errorMessage;
    quint64 m_generation = 0;
    std::shared_ptr<std::atomic<quint64>> m_latest = std::make_shared<std::atomic<quint64>>(0);
    QVariantList m_rows;
    qint64 m_total = 0;
    QVariantMap m_counts;
};

}  // namespace fieldcheck::ui
