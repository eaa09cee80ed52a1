// One unit (科室/单位) and where it stands in the campaign: the Unit page.
//
// QML creates it with the Session and a `unitId`; it loads, in one job on the store thread
// (Session::run), the unit's fields and five bounded lists, each the newest `limit` (50) with the
// full count beside it, so that a unit with thousands of records costs a page, not all of them:
//
// - openFindings: findings neither closed nor withdrawn (status, category, date), with the count of
//   all the unit's findings and whether the enrolled role may record one;
// - plans: rectification plans (整改方案), each with its measures (owner, deadline, kind, and
//   `overdue` when not done by the deadline);
// - reports: monthly rectification reports (month, filed or draft, `late` when filed after the
//   due day of its campaign, `overdue` when still a draft past it);
// - escalations: open escalations (请示报告) of the unit or of its plans' measures — waiting for an
//   answer, or answered and not yet closed, as the dashboard counts them;
// - history: visits done (submitted or reviewed) and the audit chain's entries for the unit record
//   (created, changed, withdrawn: by whom, when), newest first.
//
// Each list is a QVariantList of maps whose keys the page reads (see unit_detail.cpp). Labels of
// coded values are the app's own translated words (record_labels.h). Withdrawn records are left
// out; a withdrawn unit is shown with `withdrawn` and its reason. The page reloads when the
// session reports a write to one of those record types, after a sync, and empties on lock.
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

class UnitDetail : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(fieldcheck::ui::Session* session READ session WRITE setSession NOTIFY sessionChanged)
    Q_PROPERTY(QString unitId READ unitId WRITE setUnitId NOTIFY unitIdChanged)
    Q_PROPERTY(int limit READ limit WRITE setLimit NOTIFY limitChanged)
    Q_PROPERTY(bool loading READ isLoading NOTIFY loadingChanged)
    Q_PROPERTY(QString errorMessage READ errorMessage NOTIFY errorMessageChanged)
    // The unit was read (false before, while locked, or when there is no such unit).
    Q_PROPERTY(bool found READ isFound NOTIFY loaded)
    Q_PROPERTY(QString name READ name NOTIFY loaded)
    Q_PROPERTY(QString code READ code NOTIFY loaded)
    Q_PROPERTY(QString unitTypeLabel READ unitTypeLabel NOTIFY loaded)
    Q_PROPERTY(QString address READ address NOTIFY loaded)
    Q_PROPERTY(QString leaderInCharge READ leaderInCharge NOTIFY loaded)
    Q_PROPERTY(bool keyRectification READ isKeyRectification NOTIFY loaded)
    Q_PROPERTY(bool withdrawn READ isWithdrawn NOTIFY loaded)
    Q_PROPERTY(QString withdrawnReason READ withdrawnReason NOTIFY loaded)
    Q_PROPERTY(QVariantList openFindings READ openFindings NOTIFY loaded)
    Q_PROPERTY(qint64 openFindingCount READ openFindingCount NOTIFY loaded)
    Q_PROPERTY(qint64 closedFindingCount READ closedFindingCount NOTIFY loaded)
    // Every finding of the unit, closed and withdrawn ones included (the Findings page lists them).
    Q_PROPERTY(qint64 allFindingCount READ allFindingCount NOTIFY loaded)
    // The enrolled role may record a finding (permissions::authorize; always when not enrolled).
    Q_PROPERTY(bool mayRecordFinding READ mayRecordFinding NOTIFY loaded)
    // The unit's own work the enrolled role may start here, by record type: self_inspection,
    // rectification_plan, rectification_measure, monthly_report, escalation, finding_answer
    // (permissions::authorize; everything when not enrolled).
    Q_PROPERTY(QVariantMap mayCreate READ mayCreate NOTIFY loaded)
    // The month just ended (YYYY-MM): the self-inspection and the monthly report filed now are for it.
    Q_PROPERTY(QString period READ period NOTIFY loaded)
    // The unit's self-inspection for `period` (empty id: not filed yet) and whether it is a zero report.
    Q_PROPERTY(QString selfInspectionId READ selfInspectionId NOTIFY loaded)
    Q_PROPERTY(bool selfInspectionZero READ selfInspectionZero NOTIFY loaded)
    // The unit's monthly report for `period` (empty: none yet), its state's label and its due date.
    Q_PROPERTY(QString periodReportId READ periodReportId NOTIFY loaded)
    Q_PROPERTY(QString periodReportStatusLabel READ periodReportStatusLabel NOTIFY loaded)
    Q_PROPERTY(QString periodReportDue READ periodReportDue NOTIFY loaded)
    Q_PROPERTY(QVariantList plans READ plans NOTIFY loaded)
    Q_PROPERTY(qint64 planCount READ planCount NOTIFY loaded)
    Q_PROPERTY(QVariantList reports READ reports NOTIFY loaded)
    Q_PROPERTY(qint64 reportCount READ reportCount NOTIFY loaded)
    Q_PROPERTY(QVariantList escalations READ escalations NOTIFY loaded)
    Q_PROPERTY(qint64 escalationCount READ escalationCount NOTIFY loaded)
    Q_PROPERTY(QVariantList history READ history NOTIFY loaded)
    Q_PROPERTY(qint64 historyCount READ historyCount NOTIFY loaded)

public:
    static constexpr int kDefaultLimit = 50;

    explicit UnitDetail(QObject* parent = nullptr);
    ~UnitDetail() override;

    Session* session() const { return m_session; }
    void setSession(Session* session);
    const QString& unitId() const { return m_unitId; }
    void setUnitId(const QString& unitId);
    int limit() const { return m_limit; }
    void setLimit(int limit);
    bool isLoading() const { return m_loading; }
    const QString& errorMessage() const { return m_errorMessage; }

    bool isFound() const { return m_found; }
    const QString& name() const { return m_name; }
    const QString& code() const { return m_code; }
    const QString& unitTypeLabel() const { return m_unitTypeLabel; }
    const QString& address() const { return m_address; }
    const QString& leaderInCharge() const { return m_leaderInCharge; }
    bool isKeyRectification() const { return m_keyRectification; }
    bool isWithdrawn() const { return m_withdrawn; }
    const QString& withdrawnReason() const { return m_withdrawnReason; }
    const QVariantList& openFindings() const { return m_openFindings; }
    qint64 openFindingCount() const { return m_openFindingCount; }
    qint64 closedFindingCount() const { return m_closedFindingCount; }
    qint64 allFindingCount() const { return m_allFindingCount; }
    bool mayRecordFinding() const { return m_mayRecordFinding; }
    const QVariantMap& mayCreate() const { return m_mayCreate; }
    const QString& period() const { return m_period; }
    const QString& selfInspectionId() const { return m_selfInspectionId; }
    bool selfInspectionZero() const { return m_selfInspectionZero; }
    const QString& periodReportId() const { return m_periodReportId; }
    const QString& periodReportStatusLabel() const { return m_periodReportStatusLabel; }
    const QString& periodReportDue() const { return m_periodReportDue; }
    const QVariantList& plans() const { return m_plans; }
    qint64 planCount() const { return m_planCount; }
    const QVariantList& reports() const { return m_reports; }
    qint64 reportCount() const { return m_reportCount; }
    const QVariantList& escalations() const { return m_escalations; }
    qint64 escalationCount() const { return m_escalationCount; }
    const QVariantList& history() const { return m_history; }
    qint64 historyCount() const { return m_historyCount; }

    // Reads the unit again (the page's pull-to-refresh; writes and syncs reload by themselves).
    Q_INVOKABLE void reload();

    struct Snapshot;

signals:
    void sessionChanged();
    void unitIdChanged();
    void limitChanged();
    void loadingChanged();
    void errorMessageChanged();
    // Everything above `loading` was replaced by what the store holds now.
    void loaded();

private:
    void clear();
    void resetFields();
    void apply(Snapshot snapshot);
    void onRecordsChanged(const QString& type, const QStringList& ids);
    void setLoading(bool loading);
    void setErrorMessage(const QString& message);

    QPointer<Session> m_session;
    QString m_unitId;
    int m_limit = kDefaultLimit;
    bool m_loading = false;
    bool m_reloadWanted = false;  // a write arrived while a load was out: load once more after it
    QString m_errorMessage;
    quint64 m_generation = 0;  // one per load asked for: only the newest is shown
    std::shared_ptr<std::atomic<quint64>> m_latest = std::make_shared<std::atomic<quint64>>(0);

    bool m_found = false;
    QString m_name, m_code, m_unitTypeLabel, m_address, m_leaderInCharge, m_withdrawnReason;
    bool m_keyRectification = false;
    bool m_withdrawn = false;
    QVariantList m_openFindings, m_plans, m_reports, m_escalations, m_history;
    qint64 m_openFindingCount = 0, m_closedFindingCount = 0, m_planCount = 0, m_reportCount = 0;
    qint64 m_escalationCount = 0, m_historyCount = 0, m_allFindingCount = 0;
    bool m_mayRecordFinding = false;
    QVariantMap m_mayCreate;
    QString m_period, m_selfInspectionId, m_periodReportId, m_periodReportStatusLabel, m_periodReportDue;
    bool m_selfInspectionZero = false;
};

}  // namespace fieldcheck::ui
