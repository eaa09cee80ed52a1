// The records behind one figure of the dashboard (DashboardModel::figureKeys()): tapping "3 reports
// missing" lists the three units and months, "2 petitions overdue" the two petitions and their
// deadlines, and so on. One job on the store thread reads them with the same core queries the
// dashboard counts with (monthlyReportStates, mandatorySpotChecks, supervisedPetitions,
// caseFindings, visitsWithFewerThanTwo, …), so the list and the figure agree.
//
// `rows` holds at most `limit` (200) rows, `total` how many there are; each row is a map
// { title, detail, date, overdue, unitId, recordType, recordId } that the page shows and opens
// (a finding opens its page, anything else its unit's). The figures of whole finding lists
// (clues identified, problems solved) are not listed here: the page opens FindingsPage for them,
// which pages through any number lazily (`findingStatus` says which filter). Nor are supervised
// petitions and accountability proposals: their registers list them (`registerOf`).
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

class DashboardFigure : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(fieldcheck::ui::Session* session READ session WRITE setSession NOTIFY sessionChanged)
    Q_PROPERTY(QString key READ key WRITE setKey NOTIFY keyChanged)
    // YYYY-MM, as the dashboard shows it (the monthly figures depend on it).
    Q_PROPERTY(QString month READ month WRITE setMonth NOTIFY monthChanged)
    Q_PROPERTY(int limit READ limit WRITE setLimit NOTIFY limitChanged)
    Q_PROPERTY(QString title READ title NOTIFY keyChanged)
    Q_PROPERTY(bool loading READ isLoading NOTIFY loadingChanged)
    Q_PROPERTY(QString errorMessage READ errorMessage NOTIFY errorMessageChanged)
    Q_PROPERTY(QVariantList rows READ rows NOTIFY loaded)
    Q_PROPERTY(qint64 total READ total NOTIFY loaded)

public:
    static constexpr int kDefaultLimit = 200;

    explicit DashboardFigure(QObject* parent = nullptr);
    ~DashboardFigure() override;

    // The figure's name on the dashboard, translated; empty for an unknown key.
    static QString titleOf(const QString& key);
    // "" for figures listed here; "all" or a finding status for the ones FindingsPage lists.
    Q_INVOKABLE static QString findingStatus(const QString& key);
    // {kind, filter} of the register (RegisterModel) that lists the records behind `key`, where
    // the register page is the place to act on them (decide a proposal, assign a petition); empty
    // for the others.
    static QVariantMap registerOf(const QString& key);

    Session* session() const { return m_session; }
    void setSession(Session* session);
    const QString& key() const { return m_key; }
    void setKey(const QString& key);
    const QString& month() const { return m_month; }
    void setMonth(const QString& month);
    int limit() const { return m_limit; }
    void setLimit(int limit);
    QString title() const { return titleOf(m_key); }
    bool isLoading() const { return m_loading; }
    const QString& errorMessage() const { return m_errorMessage; }
    const QVariantList& rows() const { return m_rows; }
    qint64 total() const { return m_total; }

    Q_INVOKABLE void reload();

    struct Snapshot;

signals:
    void sessionChanged();
    void keyChanged();
    void monthChanged();
    void limitChanged();
    void loadingChanged();
    void errorMessageChanged();
    void loaded();

private:
    void clear();
    void apply(Snapshot snapshot);
    void setLoading(bool loading);
    void setErrorMessage(const QString& message);

    QPointer<Session> m_session;
    QString m_key, m_month;
    int m_limit = kDefaultLimit;
    bool m_loading = false;
    QString m_errorMessage;
    quint64 m_generation = 0;
    std::shared_ptr<std::atomic<quint64>> m_latest = std::make_shared<std::atomic<quint64>>(0);
    QVariantList m_rows;
    qint64 m_total = 0;
};

}  // namespace fieldcheck::ui
