#include "dashboard_figure.h"

#include <QCoreApplication>
#include <algorithm>
#include <functional>
#include <map>

#include "fieldcheck/core/campaign_rules.h"
#include "fieldcheck/core/store.h"
#include "logging.h"
#include "unit_names.h"

namespace fieldcheck::ui {

namespace {

QString qs(const std::string& s) { return QString::fromStdString(s); }

std::string text(const Record& r, const char* field) {
    const auto it = r.fields.find(field);
    return it != r.fields.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool flag(const Record& r, const char* field) {
    const auto it = r.fields.find(field);
    return it != r.fields.end() && it->is_boolean() && it->get<bool>();
}

struct Row {
    QString title, detail, date;
    bool overdue = false;
    std::string unitId, recordType, recordId;
};

ListQuery standing() {
    ListQuery q;
    q.includeWithdrawn = false;
    return q;
}

// The measures the dashboard counts (of plans not withdrawn), each with its plan's unit, kept when
// `keep` says so; overdue = not done by the deadline.
Status measureRows(Store& store, const std::string& today, UnitNames& names, std::vector<Row>& rows,
                   const std::function<bool(const Record&, bool overdue)>& keep) {
    FC_ASSIGN_OR_RETURN(auto plans, store.listRecords("rectification_plan", standing()));
    std::map<std::string, std::string> unitOfPlan;
    for (const Record& p : plans) unitOfPlan[p.id] = text(p, "unit_id");
    FC_ASSIGN_OR_RETURN(auto measures, store.listRecords("rectification_measure", standing()));
    for (const Record& m : measures) {
        const auto plan = unitOfPlan.find(text(m, "plan_id"));
        if (plan == unitOfPlan.end()) continue;
        const bool overdue = text(m, "status") != "done" && text(m, "deadline") < today;
        if (!keep(m, overdue)) continue;
        Row row;
        row.title = names(plan->second);
        row.detail = qs(text(m, "description")) + QStringLiteral(" · ") + DashboardFigure::tr("owner %1").arg(qs(text(m, "owner")));
        row.date = qs(text(m, "deadline"));
        row.overdue = overdue;
        row.unitId = plan->second;
        row.recordType = "rectification_measure";
        row.recordId = m.id;
        rows.push_back(std::move(row));
    }
    // Overdue first, then by deadline.
    std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
        if (a.overdue != b.overdue) return a.overdue;
        return a.date < b.date;
    });
    return {};
}

// The rows behind `key` for `month` as of `today`; `total` is their number when only some are read.
Status figureRows(Store& store, const std::string& key, const std::string& month, const std::string& today, int limit,
                  std::vector<Row>& rows, int64_t& total) {
    UnitNames names(store, DashboardFigure::tr("Unit not on this device"));
    total = -1;
    if (key == "reportsLate" || key == "reportsMissing") {
        const std::string wanted = key == "reportsLate" ? "late" : "missing";
        FC_ASSIGN_OR_RETURN(auto states, monthlyReportStates(store, month, today));
        for (const auto& r : states) {
            if (r.state != wanted) continue;
            Row row;
            row.title = qs(r.unitName);
            row.detail = wanted == "late" ? DashboardFigure::tr("Report for %1 filed on %2, due %3")
                                                .arg(qs(r.month), qs(r.submittedDate), qs(r.dueDate))
                                          : DashboardFigure::tr("No report for %1, due %2").arg(qs(r.month), qs(r.dueDate));
            row.date = qs(r.dueDate);
            row.overdue = true;
            row.unitId = r.unitId;
            row.recordType = r.reportId.empty() ? "unit" : "monthly_report";
            row.recordId = r.reportId.empty() ? r.unitId : r.reportId;
            rows.push_back(std::move(row));
        }
    } else if (key == "zeroReportUnits") {
        ListQuery q = standing();
        q.equals["period"] = month;
        FC_ASSIGN_OR_RETURN(auto inspections, store.listRecords("self_inspection", q));
        FC_ASSIGN_OR_RETURN(auto mandatory, mandatorySpotChecks(store, month));
        std::map<std::string, int> complaints;
        for (const auto& m : mandatory) complaints[m.unitId] = m.complaints;
        std::map<std::string, bool> seen;  // the dashboard counts units, not self-inspections
        for (const Record& s : inspections) {
            if (!flag(s, "zero_report") || seen[text(s, "unit_id")]) continue;
            seen[text(s, "unit_id")] = true;
            Row row;
            row.unitId = text(s, "unit_id");
            row.title = names(row.unitId);
            const auto c = complaints.find(row.unitId);
            row.detail = c == complaints.end()
                             ? DashboardFigure::tr("Zero report for %1").arg(qs(month))
                             : DashboardFigure::tr("Zero report for %1 while %n complaint(s) came in: must be spot-checked", nullptr, c->second)
                                   .arg(qs(month));
            row.overdue = c != complaints.end();
            row.recordType = "self_inspection";
            row.recordId = s.id;
            rows.push_back(std::move(row));
        }
    } else if (key == "mandatorySpotChecks") {
        FC_ASSIGN_OR_RETURN(auto mandatory, mandatorySpotChecks(store, month));
        for (const auto& m : mandatory) {
            Row row;
            row.title = qs(m.unitName);
            row.detail = DashboardFigure::tr("Zero report for %1 while %n complaint(s) came in: must be spot-checked", nullptr, m.complaints)
                             .arg(qs(m.period));
            row.overdue = true;
            row.unitId = m.unitId;
            row.recordType = "self_inspection";
            row.recordId = m.selfInspectionId;
            rows.push_back(std::move(row));
        }
    } else if (key == "visitsFewerThanTwo") {
        FC_ASSIGN_OR_RETURN(auto visits, visitsWithFewerThanTwo(store));
        for (const Record& v : visits) {
            Row row;
            row.unitId = text(v, "unit_id");
            row.title = names(row.unitId);
            row.detail = DashboardFigure::tr("Submitted with fewer than two inspectors present");
            row.date = qs(text(v, "planned_date"));
            row.overdue = true;
            row.recordType = "visit";
            row.recordId = v.id;
            rows.push_back(std::move(row));
        }
    } else if (key == "openEscalations") {
        FC_ASSIGN_OR_RETURN(auto escalations, store.listRecords("escalation", standing()));
        // An escalation about a measure belongs to the measure's plan's unit.
        std::map<std::string, std::string> unitOfMeasure;
        if (std::any_of(escalations.begin(), escalations.end(), [](const Record& e) { return text(e, "unit_id").empty(); })) {
            FC_ASSIGN_OR_RETURN(auto plans, store.listRecords("rectification_plan"));
            std::map<std::string, std::string> unitOfPlan;
            for (const Record& p : plans) unitOfPlan[p.id] = text(p, "unit_id");
            FC_ASSIGN_OR_RETURN(auto measures, store.listRecords("rectification_measure"));
            for (const Record& m : measures) unitOfMeasure[m.id] = unitOfPlan[text(m, "plan_id")];
        }
        for (const Record& e : escalations) {
            if (text(e, "status") == "closed") continue;
            Row row;
            row.unitId = text(e, "unit_id").empty() ? unitOfMeasure[text(e, "measure_id")] : text(e, "unit_id");
            row.title = names(row.unitId);
            row.detail = qs(text(e, "question"));
            row.date = qs(text(e, "asked_date"));
            row.overdue = text(e, "status") == "open";
            row.recordType = "escalation";
            row.recordId = e.id;
            rows.push_back(std::move(row));
        }
    } else if (key == "rulesIssued") {
        FC_ASSIGN_OR_RETURN(auto rules, store.listRecords("rule_adopted", standing()));
        for (const Record& r : rules) {
            Row row;
            row.unitId = text(r, "unit_id");
            row.title = qs(text(r, "title"));
            row.detail = row.unitId.empty() ? DashboardFigure::tr("Bureau-wide") : names(row.unitId);
            row.date = qs(text(r, "adopted_date"));
            row.recordType = "rule_adopted";
            row.recordId = r.id;
            rows.push_back(std::move(row));
        }
    } else if (key == "casesInvestigated") {
        FC_ASSIGN_OR_RETURN(auto cases, caseFindings(store, limit));
        total = cases.total;
        for (const Record& f : cases.findings) {
            Row row;
            row.unitId = text(f, "unit_id");
            row.title = names(row.unitId);
            row.detail = qs(text(f, "description"));
            row.date = qs(text(f, "case_opened_date"));
            row.recordType = "finding";
            row.recordId = f.id;
            rows.push_back(std::move(row));
        }
    } else if (key == "measures") {
        FC_TRY(measureRows(store, today, names, rows, [](const Record&, bool) { return true; }));
    } else if (key == "measuresDone") {
        FC_TRY(measureRows(store, today, names, rows, [](const Record& m, bool) { return text(m, "status") == "done"; }));
    } else if (key == "measuresOverdue") {
        FC_TRY(measureRows(store, today, names, rows, [](const Record&, bool overdue) { return overdue; }));
    } else {
        return makeError(ErrorCode::InvalidArgument, "no list behind the figure '" + key + "'");
    }
    if (total < 0) total = static_cast<int64_t>(rows.size());
    if (rows.size() > static_cast<size_t>(limit)) rows.resize(static_cast<size_t>(limit));
    return {};
}

}  // namespace

struct DashboardFigure::Snapshot {
    quint64 generation = 0;
    bool skipped = false;
    QString error;
    std::vector<Row> rows;
    int64_t total = 0;
};

DashboardFigure::DashboardFigure(QObject* parent) : QObject(parent) {}

DashboardFigure::~DashboardFigure() { m_latest->store(++m_generation); }

QString DashboardFigure::titleOf(const QString& key) {
    static const std::map<QString, const char*> titles = {
        {QStringLiteral("cluesIdentified"), QT_TR_NOOP("Problem clues identified")},
        {QStringLiteral("casesInvestigated"), QT_TR_NOOP("Cases investigated")},
        {QStringLiteral("problemsSolved"), QT_TR_NOOP("Problems solved")},
        {QStringLiteral("rulesIssued"), QT_TR_NOOP("Rules issued")},
        {QStringLiteral("measures"), QT_TR_NOOP("Rectification measures")},
        {QStringLiteral("measuresDone"), QT_TR_NOOP("Measures done")},
        {QStringLiteral("measuresOverdue"), QT_TR_NOOP("Measures overdue")},
        {QStringLiteral("reportsLate"), QT_TR_NOOP("Monthly reports filed late")},
        {QStringLiteral("reportsMissing"), QT_TR_NOOP("Monthly reports missing")},
        {QStringLiteral("zeroReportUnits"), QT_TR_NOOP("Zero-report units")},
        {QStringLiteral("mandatorySpotChecks"), QT_TR_NOOP("Mandatory spot checks")},
        {QStringLiteral("supervisedPetitions"), QT_TR_NOOP("Supervised petitions")},
        {QStringLiteral("supervisedOverdue"), QT_TR_NOOP("Supervised petitions overdue")},
        {QStringLiteral("visitsFewerThanTwo"), QT_TR_NOOP("Visits with fewer than two inspectors")},
        {QStringLiteral("openEscalations"), QT_TR_NOOP("Open escalations")},
        {QStringLiteral("proposedAccountability"), QT_TR_NOOP("Accountability proposals to decide")}};
    const auto it = titles.find(key);
    return it == titles.end() ? QString() : tr(it->second);
}

QVariantMap DashboardFigure::registerOf(const QString& key) {
    auto of = [](const char* kind, const char* filter) {
        return QVariantMap{{QStringLiteral("kind"), QString::fromLatin1(kind)}, {QStringLiteral("filter"), QString::fromLatin1(filter)}};
    };
    if (key == QLatin1String("supervisedPetitions")) return of("petitions", "open");
    if (key == QLatin1String("supervisedOverdue")) return of("petitions", "overdue");
    if (key == QLatin1String("proposedAccountability")) return of("accountability", "proposed");
    return {};
}

QString DashboardFigure::findingStatus(const QString& key) {
    if (key == QLatin1String("cluesIdentified")) return QStringLiteral("all");
    if (key == QLatin1String("problemsSolved")) return QStringLiteral("closed");
    return {};
}

void DashboardFigure::setSession(Session* session) {
    if (session == m_session) return;
    if (m_session) m_session->disconnect(this);
    m_session = session;
    if (m_session) {
        connect(m_session, &Session::aboutToLock, this, &DashboardFigure::clear);
        connect(m_session, &Session::unlockedChanged, this, &DashboardFigure::reload);
        // Any write may move a row in or out; the list is short and read in one job.
        connect(m_session, &Session::recordsChanged, this, &DashboardFigure::reload);
        connect(m_session, &Session::manyRecordsChanged, this, &DashboardFigure::reload);
    }
    emit sessionChanged();
    reload();
}

void DashboardFigure::setKey(const QString& key) {
    if (key == m_key) return;
    m_key = key;
    emit keyChanged();
    reload();
}

void DashboardFigure::setMonth(const QString& month) {
    if (month == m_month) return;
    m_month = month;
    emit monthChanged();
    reload();
}

void DashboardFigure::setLimit(int limit) {
    limit = std::max(limit, 1);
    if (limit == m_limit) return;
    m_limit = limit;
    emit limitChanged();
    reload();
}

void DashboardFigure::reload() {
    m_latest->store(++m_generation);
    if (!m_session || !m_session->isUnlocked() || m_key.isEmpty() || !findingStatus(m_key).isEmpty() ||
        !registerOf(m_key).isEmpty()) {
        clear();
        return;
    }
    setLoading(true);
    const quint64 generation = m_generation;
    const std::string key = m_key.toStdString(), month = m_month.toStdString();
    const int limit = m_limit;
    m_session->run<Snapshot>(
        this,
        [latest = m_latest, generation, key, month, limit](Store& store) {
            Snapshot s;
            s.generation = generation;
            if (latest->load() != generation) {
                s.skipped = true;
                return s;
            }
            const std::string today = bureauToday(store);
            if (Status st = figureRows(store, key, month.empty() ? previousMonth(today) : month, today, limit, s.rows, s.total); !st.ok()) {
                qCWarning(lcUi).noquote() << "reading the records behind" << QString::fromStdString(key)
                                          << "failed:" << QString::fromStdString(st.error().toString());
                s.rows.clear();
                s.total = 0;
                s.error = DashboardFigure::tr("These records could not be read. Sync or restart the app; if it persists, tell the administrator.");
            }
            return s;
        },
        [this](Snapshot s) { apply(std::move(s)); });
}

void DashboardFigure::clear() {
    m_latest->store(++m_generation);
    setLoading(false);
    setErrorMessage({});
    m_rows.clear();
    m_total = 0;
    emit loaded();
}

void DashboardFigure::apply(Snapshot s) {
    if (s.generation != m_generation || s.skipped) return;
    setLoading(false);
    setErrorMessage(s.error);
    m_rows.clear();
    for (const Row& r : s.rows) {
        m_rows.append(QVariantMap{{QStringLiteral("title"), r.title},
                                  {QStringLiteral("detail"), r.detail},
                                  {QStringLiteral("date"), r.date},
                                  {QStringLiteral("overdue"), r.overdue},
                                  {QStringLiteral("unitId"), qs(r.unitId)},
                                  {QStringLiteral("recordType"), qs(r.recordType)},
                                  {QStringLiteral("recordId"), qs(r.recordId)}});
    }
    m_total = s.total;
    emit loaded();
}

void DashboardFigure::setLoading(bool loading) {
    if (loading == m_loading) return;
    m_loading = loading;
    emit loadingChanged();
}

void DashboardFigure::setErrorMessage(const QString& message) {
    if (message == m_errorMessage) return;
    m_errorMessage = message;
    emit errorMessageChanged();
}

}  // namespace fieldcheck::ui
