#include "unit_detail.h"

#include <QDateTime>
#include <QLocale>
#include <QVariantMap>
#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "fieldcheck/core/campaign_rules.h"
#include "fieldcheck/core/permissions.h"
#include "fieldcheck/core/replication.h"
#include "fieldcheck/core/store.h"
#include "logging.h"
#include "record_labels.h"

namespace fieldcheck::ui {

namespace {

// Findings not yet closed, in life-cycle order (core/src/records.cpp).
const std::vector<std::string> kOpenFindingStates = {"recorded", "submitted", "verified", "case_opened", "transferred", "rectifying"};
// Escalations the dashboard counts as open: not closed (campaign_rules.cpp).
const std::vector<std::string> kOpenEscalationStates = {"open", "answered"};
// Visits that took place and were handed in.
const std::vector<std::string> kDoneVisitStates = {"submitted", "reviewed"};
// What a unit page shows: a write to any of these may change it.
// The unit's own work that a role may be allowed to create from the unit's page.
constexpr const char* kUnitWorkTypes[] = {"self_inspection", "rectification_plan", "rectification_measure",
                                          "monthly_report", "escalation", "finding_answer"};

const std::set<QString> kShownTypes = {QStringLiteral("finding"), QStringLiteral("rectification_plan"), QStringLiteral("self_inspection"),
                                       QStringLiteral("rectification_measure"), QStringLiteral("monthly_report"),
                                       QStringLiteral("escalation"), QStringLiteral("visit"),
                                       QStringLiteral("inspection_group"), QStringLiteral("campaign")};
constexpr int kDefaultReportDueDay = 5;  // as the core's campaign setting defaults

std::string str(const Record& r, const char* field) {
    const auto it = r.fields.find(field);
    return it != r.fields.end() && it->is_string() ? it->get<std::string>() : std::string();
}

int64_t integer(const Record& r, const char* field) {
    const auto it = r.fields.find(field);
    return it != r.fields.end() && it->is_number_integer() ? it->get<int64_t>() : 0;
}

QString qstr(const Record& r, const char* field) { return QString::fromStdString(str(r, field)); }

// The newest records of a unit, without withdrawn ones.
ListQuery newest(std::map<std::string, std::string> equals, int limit) {
    ListQuery q;
    q.equals = std::move(equals);
    q.includeWithdrawn = false;
    q.descending = true;
    q.limit = limit;
    return q;
}

struct Bounded {
    std::vector<Record> records;  // newest first, at most the limit
    int64_t count = 0;            // all of them
};

// The newest `limit` records of `type` matching `equals` with `field` at any of `values`.
Result<Bounded> newestIn(Store& store, const std::string& type, const std::map<std::string, std::string>& equals,
                         const std::string& field, const std::vector<std::string>& values, int limit) {
    Bounded out;
    for (const auto& value : values) {
        auto with = equals;
        with[field] = value;
        const ListQuery q = newest(with, limit);
        FC_ASSIGN_OR_RETURN(auto records, store.listRecords(type, q));
        FC_ASSIGN_OR_RETURN(int64_t count, store.countRecords(type, q));
        out.count += count;
        for (auto& r : records) out.records.push_back(std::move(r));
    }
    std::stable_sort(out.records.begin(), out.records.end(),
                     [](const Record& a, const Record& b) { return a.createdMs > b.createdMs; });
    if (out.records.size() > static_cast<size_t>(limit)) out.records.resize(static_cast<size_t>(limit));
    return out;
}

QString formatTime(int64_t ms) {
    if (ms <= 0) return {};
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(ms), QStringLiteral("yyyy-MM-dd HH:mm"));
}

}  // namespace

struct UnitDetail::Snapshot {
    struct Plan {
        Record plan;
        std::vector<Record> measures;
        int64_t measureCount = 0;
    };
    struct Report {
        Record report;
        std::string dueDate;
    };
    struct Visit {
        Record visit;
        std::string groupName;
    };

    quint64 generation = 0;
    bool skipped = false;
    bool found = false;
    QString error;
    std::string today;
    Record unit;
    Bounded openFindings;
    int64_t closedFindingCount = 0;
    int64_t allFindingCount = 0;
    bool mayRecordFinding = false;
    std::map<std::string, bool> mayCreate;  // the unit's own work, by record type
    std::string period;                     // the month just ended: the one reported on now
    std::optional<Record> selfInspection;   // the unit's for `period`, if filed
    std::optional<Record> periodReport;     // the unit's monthly report for `period`, if any
    std::string periodReportDue;
    std::vector<Plan> plans;
    int64_t planCount = 0;
    std::vector<Report> reports;
    int64_t reportCount = 0;
    std::vector<Record> escalations;
    int64_t escalationCount = 0;
    std::vector<Visit> visits;
    int64_t visitCount = 0;
    std::vector<AuditEntry> audit;  // newest first, at most the limit
    int64_t auditCount = 0;
};

namespace {

// The report due day of a campaign (its setting), of the first campaign when the report names
// none, as monthlyReportStates() counts it.
Result<int> reportDueDay(Store& store, const std::string& campaignId, std::map<std::string, int>& known) {
    if (auto it = known.find(campaignId); it != known.end()) return it->second;
    std::optional<Record> campaign;
    if (!campaignId.empty()) {
        FC_ASSIGN_OR_RETURN(Record c, store.getRecord("campaign", campaignId));
        campaign = std::move(c);
    } else {
        ListQuery first;
        first.includeWithdrawn = false;
        first.limit = 1;
        FC_ASSIGN_OR_RETURN(auto campaigns, store.listRecords("campaign", first));
        if (!campaigns.empty()) campaign = std::move(campaigns.front());
    }
    int day = kDefaultReportDueDay;
    if (campaign) {
        const auto it = campaign->fields.find("report_due_day");
        if (it != campaign->fields.end() && it->is_number_integer()) day = it->get<int>();
    }
    known[campaignId] = day;
    return day;
}

Status loadInto(Store& store, const std::string& unitId, int limit, UnitDetail::Snapshot& s) {
    auto unit = store.getRecord("unit", unitId);
    if (!unit.ok()) {
        if (unit.error().code == ErrorCode::NotFound) return {};  // found stays false
        return unit.error();
    }
    s.unit = std::move(unit).value();
    s.found = true;
    s.today = bureauToday(store);
    const std::map<std::string, std::string> ofUnit = {{"unit_id", unitId}};

    FC_ASSIGN_OR_RETURN(s.openFindings, newestIn(store, "finding", ofUnit, "status", kOpenFindingStates, limit));
    FC_ASSIGN_OR_RETURN(s.closedFindingCount, store.countRecords("finding", newest({{"unit_id", unitId}, {"status", "closed"}}, limit)));
    ListQuery allFindings;
    allFindings.equals = ofUnit;
    FC_ASSIGN_OR_RETURN(s.allFindingCount, store.countRecords("finding", allFindings));
    // The store allows everything when the device is not enrolled; otherwise the table decides.
    FC_ASSIGN_OR_RETURN(auto role, replication::syncState(store, "role"));
    s.mayRecordFinding = !role || role->empty() ||
                         permissions::authorize({*role, "finding", permissions::Request::Kind::Create, nullptr,
                                                 nlohmann::json::object()})
                             .ok();
    for (const char* type : kUnitWorkTypes) {
        s.mayCreate[type] = !role || role->empty() ||
                            permissions::authorize({*role, type, permissions::Request::Kind::Create, nullptr, nlohmann::json::object()}).ok();
    }

    // The month just ended: its self-inspection (自查自纠) and its monthly report are what a unit
    // files now.
    s.period = previousMonth(s.today);
    ListQuery ofPeriod = newest({{"unit_id", unitId}, {"period", s.period}}, 1);
    FC_ASSIGN_OR_RETURN(auto inspections, store.listRecords("self_inspection", ofPeriod));
    if (!inspections.empty()) s.selfInspection = std::move(inspections.front());
    ListQuery ofMonth = newest({{"unit_id", unitId}, {"month", s.period}}, 1);
    FC_ASSIGN_OR_RETURN(auto periodReports, store.listRecords("monthly_report", ofMonth));
    if (!periodReports.empty()) s.periodReport = std::move(periodReports.front());

    const ListQuery plans = newest(ofUnit, limit);
    FC_ASSIGN_OR_RETURN(auto planRecords, store.listRecords("rectification_plan", plans));
    FC_ASSIGN_OR_RETURN(s.planCount, store.countRecords("rectification_plan", plans));
    std::vector<std::string> measureIds;
    for (auto& plan : planRecords) {
        ListQuery measures;
        measures.equals = {{"plan_id", plan.id}};
        measures.includeWithdrawn = false;
        measures.limit = limit;  // in the order they were written, as the plan lists them
        UnitDetail::Snapshot::Plan p;
        FC_ASSIGN_OR_RETURN(p.measures, store.listRecords("rectification_measure", measures));
        FC_ASSIGN_OR_RETURN(p.measureCount, store.countRecords("rectification_measure", measures));
        for (const auto& m : p.measures) measureIds.push_back(m.id);
        p.plan = std::move(plan);
        s.plans.push_back(std::move(p));
    }

    const ListQuery reports = newest(ofUnit, limit);
    FC_ASSIGN_OR_RETURN(auto reportRecords, store.listRecords("monthly_report", reports));
    FC_ASSIGN_OR_RETURN(s.reportCount, store.countRecords("monthly_report", reports));
    std::map<std::string, int> dueDays;
    for (auto& r : reportRecords) {
        FC_ASSIGN_OR_RETURN(int dueDay, reportDueDay(store, str(r, "campaign_id"), dueDays));
        const std::string due = monthlyReportDueDate(str(r, "month"), dueDay);
        s.reports.push_back({std::move(r), due});
    }
    std::stable_sort(s.reports.begin(), s.reports.end(), [](const auto& a, const auto& b) {
        return str(a.report, "month") > str(b.report, "month");
    });
    {
        FC_ASSIGN_OR_RETURN(int dueDay, reportDueDay(store, s.periodReport ? str(*s.periodReport, "campaign_id") : std::string(), dueDays));
        s.periodReportDue = monthlyReportDueDate(s.period, dueDay);
    }

    // Escalations name their unit when a measure opened them; one raised by hand may name only
    // the measure.
    FC_ASSIGN_OR_RETURN(Bounded escalations, newestIn(store, "escalation", ofUnit, "status", kOpenEscalationStates, limit));
    s.escalationCount = escalations.count;
    std::set<std::string> seen;
    for (const auto& e : escalations.records) seen.insert(e.id);
    for (const auto& measureId : measureIds) {
        FC_ASSIGN_OR_RETURN(Bounded ofMeasure, newestIn(store, "escalation", {{"measure_id", measureId}}, "status",
                                                        kOpenEscalationStates, limit));
        for (auto& e : ofMeasure.records) {
            if (!seen.insert(e.id).second) continue;  // names the unit too: counted above
            ++s.escalationCount;
            escalations.records.push_back(std::move(e));
        }
    }
    std::stable_sort(escalations.records.begin(), escalations.records.end(),
                     [](const Record& a, const Record& b) { return a.createdMs > b.createdMs; });
    if (escalations.records.size() > static_cast<size_t>(limit)) escalations.records.resize(static_cast<size_t>(limit));
    s.escalations = std::move(escalations.records);

    FC_ASSIGN_OR_RETURN(Bounded visits, newestIn(store, "visit", ofUnit, "status", kDoneVisitStates, limit));
    s.visitCount = visits.count;
    std::map<std::string, std::string> groupNames;
    for (auto& v : visits.records) {
        const std::string groupId = str(v, "group_id");
        auto it = groupNames.find(groupId);
        if (it == groupNames.end()) {
            auto group = store.getRecord("inspection_group", groupId);
            it = groupNames.emplace(groupId, group.ok() ? str(group.value(), "name") : std::string()).first;
        }
        s.visits.push_back({std::move(v), it->second});
    }

    FC_ASSIGN_OR_RETURN(auto audit, store.auditEntriesOf("unit", unitId));
    s.auditCount = static_cast<int64_t>(audit.size());
    std::reverse(audit.begin(), audit.end());
    if (audit.size() > static_cast<size_t>(limit)) audit.resize(static_cast<size_t>(limit));
    s.audit = std::move(audit);
    return {};
}

}  // namespace

UnitDetail::UnitDetail(QObject* parent) : QObject(parent) {}

UnitDetail::~UnitDetail() { m_latest->store(++m_generation); }

void UnitDetail::setSession(Session* session) {
    if (session == m_session) return;
    if (m_session) m_session->disconnect(this);
    m_session = session;
    if (m_session) {
        connect(m_session, &Session::aboutToLock, this, &UnitDetail::clear);
        connect(m_session, &Session::unlockedChanged, this, &UnitDetail::reload);
        connect(m_session, &Session::recordsChanged, this, &UnitDetail::onRecordsChanged);
        connect(m_session, &Session::manyRecordsChanged, this, &UnitDetail::reload);
    }
    emit sessionChanged();
    reload();
}

void UnitDetail::setUnitId(const QString& unitId) {
    if (unitId == m_unitId) return;
    m_unitId = unitId;
    emit unitIdChanged();
    reload();
}

void UnitDetail::setLimit(int limit) {
    limit = std::max(limit, 1);
    if (limit == m_limit) return;
    m_limit = limit;
    emit limitChanged();
    reload();
}

void UnitDetail::reload() {
    m_latest->store(++m_generation);
    m_reloadWanted = false;
    if (!m_session || !m_session->isUnlocked() || m_unitId.isEmpty()) {
        clear();
        return;
    }
    setLoading(true);
    const quint64 generation = m_generation;
    const std::string unitId = m_unitId.toStdString();
    const int limit = m_limit;
    m_session->run<Snapshot>(
        this,
        [latest = m_latest, generation, unitId, limit](Store& store) {
            Snapshot s;
            s.generation = generation;
            if (latest->load() != generation) {
                s.skipped = true;
                return s;
            }
            if (Status st = loadInto(store, unitId, limit, s); !st.ok()) {
                qCWarning(lcUi).noquote() << "reading unit" << QString::fromStdString(unitId)
                                          << "failed:" << QString::fromStdString(st.error().toString());
                s = Snapshot{};
                s.generation = generation;
                s.error = UnitDetail::tr("This unit could not be read. The store may be damaged.");
            }
            return s;
        },
        [this](Snapshot s) { apply(std::move(s)); });
}

void UnitDetail::onRecordsChanged(const QString& type, const QStringList& ids) {
    if (m_unitId.isEmpty()) return;
    const bool concernsUs = type == QLatin1String("unit") ? ids.contains(m_unitId) : kShownTypes.count(type) > 0;
    if (!concernsUs) return;
    if (m_loading) m_reloadWanted = true;  // once, after the load under way
    else reload();
}

void UnitDetail::clear() {
    m_latest->store(++m_generation);
    m_reloadWanted = false;
    setLoading(false);
    setErrorMessage({});
    resetFields();
    emit loaded();
}

void UnitDetail::resetFields() {
    m_found = false;
    m_name.clear();
    m_code.clear();
    m_unitTypeLabel.clear();
    m_address.clear();
    m_leaderInCharge.clear();
    m_withdrawnReason.clear();
    m_keyRectification = false;
    m_withdrawn = false;
    m_openFindings.clear();
    m_plans.clear();
    m_reports.clear();
    m_escalations.clear();
    m_history.clear();
    m_openFindingCount = m_closedFindingCount = m_planCount = m_reportCount = 0;
    m_escalationCount = m_historyCount = m_allFindingCount = 0;
    m_mayRecordFinding = false;
    m_mayCreate.clear();
    m_period.clear();
    m_selfInspectionId.clear();
    m_selfInspectionZero = false;
    m_periodReportId.clear();
    m_periodReportStatusLabel.clear();
    m_periodReportDue.clear();
}

void UnitDetail::apply(Snapshot s) {
    if (s.generation != m_generation || s.skipped) return;
    const bool again = m_reloadWanted;
    m_reloadWanted = false;
    setLoading(false);
    resetFields();
    setErrorMessage(s.error);
    if (s.found) {
        const Record& u = s.unit;
        m_found = true;
        m_name = qstr(u, "name");
        m_code = qstr(u, "code");
        m_unitTypeLabel = choiceLabel("unit", "unit_type", str(u, "unit_type"));
        m_address = qstr(u, "address");
        m_leaderInCharge = qstr(u, "leader_in_charge");
        const auto key = u.fields.find("key_rectification");
        m_keyRectification = key != u.fields.end() && key->is_boolean() && key->get<bool>();
        m_withdrawn = u.withdrawn;
        m_withdrawnReason = QString::fromStdString(u.withdrawnReason);

        for (const Record& f : s.openFindings.records) {
            m_openFindings.append(QVariantMap{
                {QStringLiteral("findingId"), QString::fromStdString(f.id)},
                {QStringLiteral("description"), qstr(f, "description")},
                {QStringLiteral("category"), qstr(f, "category")},
                {QStringLiteral("categoryLabel"), choiceLabel("finding", "category", str(f, "category"))},
                {QStringLiteral("status"), qstr(f, "status")},
                {QStringLiteral("statusLabel"), choiceLabel("finding", "status", str(f, "status"))},
                {QStringLiteral("foundDate"), qstr(f, "found_date")},
                {QStringLiteral("moneyInvolved"), qstr(f, "money_involved")},
            });
        }
        m_openFindingCount = s.openFindings.count;
        m_closedFindingCount = s.closedFindingCount;
        m_allFindingCount = s.allFindingCount;
        m_mayRecordFinding = s.mayRecordFinding;
        for (const auto& [type, may] : s.mayCreate) m_mayCreate.insert(QString::fromLatin1(type.c_str()), may);
        m_period = QString::fromStdString(s.period);
        if (s.selfInspection) {
            m_selfInspectionId = QString::fromStdString(s.selfInspection->id);
            const auto zero = s.selfInspection->fields.find("zero_report");
            m_selfInspectionZero = zero != s.selfInspection->fields.end() && zero->is_boolean() && zero->get<bool>();
        }
        if (s.periodReport) {
            m_periodReportId = QString::fromStdString(s.periodReport->id);
            m_periodReportStatusLabel = choiceLabel("monthly_report", "status", str(*s.periodReport, "status"));
        }
        m_periodReportDue = QString::fromStdString(s.periodReportDue);

        for (const auto& p : s.plans) {
            QVariantList measures;
            for (const Record& m : p.measures) {
                const bool done = str(m, "status") == "done";
                const std::string deadline = str(m, "deadline");
                measures.append(QVariantMap{
                    {QStringLiteral("measureId"), QString::fromStdString(m.id)},
                    {QStringLiteral("description"), qstr(m, "description")},
                    {QStringLiteral("owner"), qstr(m, "owner")},
                    {QStringLiteral("deadline"), QString::fromStdString(deadline)},
                    {QStringLiteral("kind"), qstr(m, "kind")},
                    {QStringLiteral("kindLabel"), choiceLabel("rectification_measure", "kind", str(m, "kind"))},
                    {QStringLiteral("status"), qstr(m, "status")},
                    {QStringLiteral("statusLabel"), choiceLabel("rectification_measure", "status", str(m, "status"))},
                    {QStringLiteral("done"), done},
                    // Dates are YYYY-MM-DD: text order is date order.
                    {QStringLiteral("overdue"), !done && !deadline.empty() && deadline < s.today},
                });
            }
            m_plans.append(QVariantMap{
                {QStringLiteral("planId"), QString::fromStdString(p.plan.id)},
                {QStringLiteral("title"), qstr(p.plan, "title")},
                {QStringLiteral("status"), qstr(p.plan, "status")},
                {QStringLiteral("statusLabel"), choiceLabel("rectification_plan", "status", str(p.plan, "status"))},
                {QStringLiteral("measures"), measures},
                {QStringLiteral("measureCount"), static_cast<qint64>(p.measureCount)},
            });
        }
        m_planCount = s.planCount;

        for (const auto& r : s.reports) {
            const bool filed = str(r.report, "status") == "submitted";
            const std::string submitted = str(r.report, "submitted_date");
            m_reports.append(QVariantMap{
                {QStringLiteral("reportId"), QString::fromStdString(r.report.id)},
                {QStringLiteral("month"), qstr(r.report, "month")},
                {QStringLiteral("status"), qstr(r.report, "status")},
                {QStringLiteral("statusLabel"), choiceLabel("monthly_report", "status", str(r.report, "status"))},
                {QStringLiteral("submittedDate"), QString::fromStdString(submitted)},
                {QStringLiteral("dueDate"), QString::fromStdString(r.dueDate)},
                {QStringLiteral("late"), filed && submitted > r.dueDate},
                {QStringLiteral("overdue"), !filed && s.today > r.dueDate},
            });
        }
        m_reportCount = s.reportCount;

        for (const Record& e : s.escalations) {
            m_escalations.append(QVariantMap{
                {QStringLiteral("escalationId"), QString::fromStdString(e.id)},
                {QStringLiteral("question"), qstr(e, "question")},
                {QStringLiteral("toWhomLabel"), choiceLabel("escalation", "to_whom", str(e, "to_whom"))},
                {QStringLiteral("status"), qstr(e, "status")},
                {QStringLiteral("statusLabel"), choiceLabel("escalation", "status", str(e, "status"))},
                {QStringLiteral("askedDate"), qstr(e, "asked_date")},
                {QStringLiteral("answer"), qstr(e, "answer")},
            });
        }
        m_escalationCount = s.escalationCount;

        struct Event {
            int64_t atMs;
            QVariantMap item;
        };
        std::vector<Event> events;
        for (const auto& v : s.visits) {
            const int64_t at = std::max(integer(v.visit, "submitted_ms"), integer(v.visit, "reviewed_ms"));
            QStringList detail;
            if (!v.groupName.empty()) detail << QString::fromStdString(v.groupName);
            if (!str(v.visit, "inspectors_present").empty()) detail << qstr(v.visit, "inspectors_present");
            events.push_back({at, QVariantMap{
                                      {QStringLiteral("kind"), QStringLiteral("visit")},
                                      {QStringLiteral("recordId"), QString::fromStdString(v.visit.id)},
                                      {QStringLiteral("when"), formatTime(at)},
                                      {QStringLiteral("title"), tr("Inspection visit")},
                                      {QStringLiteral("statusLabel"), choiceLabel("visit", "status", str(v.visit, "status"))},
                                      {QStringLiteral("detail"), detail.join(QStringLiteral(" · "))},
                                  }});
        }
        for (const AuditEntry& a : s.audit) {
            events.push_back({a.atMs, QVariantMap{
                                          {QStringLiteral("kind"), QStringLiteral("audit")},
                                          {QStringLiteral("recordId"), QString::fromStdString(a.recordId)},
                                          {QStringLiteral("when"), formatTime(a.atMs)},
                                          {QStringLiteral("title"), auditActionLabel(a.action)},
                                          {QStringLiteral("statusLabel"), QString()},
                                          {QStringLiteral("detail"), tr("by %1").arg(QString::fromStdString(a.actor))},
                                      }});
        }
        std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) { return a.atMs > b.atMs; });
        if (events.size() > static_cast<size_t>(m_limit)) events.resize(static_cast<size_t>(m_limit));
        for (auto& e : events) m_history.append(std::move(e.item));
        m_historyCount = s.visitCount + s.auditCount;
    }
    emit loaded();
    if (again) reload();
}

void UnitDetail::setLoading(bool loading) {
    if (loading == m_loading) return;
    m_loading = loading;
    emit loadingChanged();
}

void UnitDetail::setErrorMessage(const QString& message) {
    if (message == m_errorMessage) return;
    m_errorMessage = message;
    emit errorMessageChanged();
}

}  // namespace fieldcheck::ui
