// The ledgers' columns and the queries that fill them. Each ledger reads the store once, in SQL
// (SQLite 3.15: no window functions, no UPSERT), and streams rows to a LedgerSink.
#include <cstdio>
#include <map>

#include "domain_rules.h"
#include "fieldcheck/core/campaign_rules.h"
#include "ledger_internal.h"
#include "store_impl.h"
#include "values.h"

namespace fieldcheck {
namespace {

using detail::Database;
using detail::LedgerSink;
using detail::Statement;
using T = LedgerValueType;

struct LedgerDef {
    const char* kind;
    const char* titleZh;
};

const LedgerDef kLedgers[] = {
    {"findings", "问题线索台账"},          {"rectification", "整改台账"},
    {"monthly_reports", "月度整改报告表"}, {"petitions", "信访件督办台账"},
    {"accountability", "问责台账"},        {"four_batches", "四个一批汇总"},
};

LedgerColumn col(const char* key, const char* titleZh, T type, double width,
                 bool sensitive = false) {
    return LedgerColumn{key, titleZh, type, width, sensitive};
}

// The Chinese label of a choice value (the value itself if it is not a known choice).
std::string label(const char* type, const char* field, const std::string& value) {
    if (value.empty()) return value;
    const FieldSpec* f = findRecordType(type)->field(field);
    for (const auto& c : f->choices) {
        if (c.value == value) return c.labelZh;
    }
    return value;
}

bool fieldIsSensitive(const char* type, const char* field) {
    return findRecordType(type)->field(field)->sensitive;
}

std::string money(const Statement& st, int c) {
    return st.isNull(c) ? std::string() : detail::formatMoneyFen(st.int64(c));
}
std::string integer(int64_t v) {
    return std::to_string(v);
}
std::string yesNo(bool v) {
    return v ? "是" : "否";
}

std::string percent(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

// The basis the rules write for a proposed case ("monthly_report:2026-04:<unit id>:late") in words;
// any other basis as it was entered.
std::string basisText(const std::string& basis) {
    const std::string prefix = "monthly_report:";
    if (basis.rfind(prefix, 0) != 0) return basis;
    const std::string month = basis.substr(prefix.size(), 7);
    const std::string state = basis.substr(basis.rfind(':') + 1);
    return month + "月度整改报告" +
           (state == "late"      ? "逾期报送"
            : state == "missing" ? "未报送"
                                 : state);
}



// Removes the sensitive columns (unless asked for) between the producer and the writer.
class ColumnFilter : public LedgerSink {
public:
    ColumnFilter(LedgerSink& next, bool withSensitive)
        : m_next(next), m_withSensitive(withSensitive) {}
    Status begin(const std::string& kind, const std::string& titleZh,
                 const std::vector<LedgerColumn>& columns) override {
        std::vector<LedgerColumn> kept;
        for (size_t i = 0; i < columns.size(); ++i) {
            if (columns[i].sensitive && !m_withSensitive) continue;
            m_keep.push_back(i);
            kept.push_back(columns[i]);
        }
        m_all = m_keep.size() == columns.size();
        return m_next.begin(kind, titleZh, kept);
    }
    Status row(const std::vector<std::string>& cells) override {
        ++m_rows;
        if (m_all) return m_next.row(cells);
        m_buffer.resize(m_keep.size());
        for (size_t i = 0; i < m_keep.size(); ++i) m_buffer[i] = cells[m_keep[i]];
        return m_next.row(m_buffer);
    }
    Status finish() override { return m_next.finish(); }
    int64_t rows() const { return m_rows; }

private:
    LedgerSink& m_next;
    bool m_withSensitive;
    bool m_all = true;
    std::vector<size_t> m_keep;
    std::vector<std::string> m_buffer;
    int64_t m_rows = 0;
};

// --- 问题线索台账
// ---------------------------------------------------------------------------------

Status findingsLedger(Store& store, const LedgerOptions& o, LedgerSink& sink) {
    FC_TRY(sink.begin(
        "findings", "问题线索台账",
        {col("no", "序号", T::Integer, 7), col("unit_code", "单位代码", T::Text, 12),
         col("unit_name", "单位名称", T::Text, 24), col("category", "问题类别", T::Text, 22),
         col("subcategory", "具体问题", T::Text, 18), col("description", "问题描述", T::Text, 48),
         col("money_involved", "涉及金额（元）", T::Money, 15),
         col("persons_involved", "涉及人员", T::Text, 16,
             fieldIsSensitive("finding", "persons_involved")),
         col("source", "线索来源", T::Text, 12), col("found_date", "发现日期", T::Date, 12),
         col("status", "办理状态", T::Text, 10),
         col("case_opened_date", "立案/移交日期", T::Date, 14),
         col("complaint_ref_no", "关联信访件编号", T::Text, 16),
         col("measures", "整改措施（条）", T::Integer, 14),
         col("measures_done", "已完成措施（条）", T::Integer, 16),
         col("id", "记录编号", T::Text, 34)}));
    std::string sql =
        "SELECT f.id, u.code, u.name, f.category, f.subcategory, f.description, f.money_involved, "
        "f.persons_involved, "
        "f.source, f.found_date, f.status, f.case_opened_date, c.ref_no, "
        "(SELECT count(*) FROM rectification_measures m WHERE m.finding_id = f.id AND "
        "m.withdrawn_ms IS NULL), "
        "(SELECT count(*) FROM rectification_measures m WHERE m.finding_id = f.id AND "
        "m.withdrawn_ms IS NULL "
        "   AND m.status = 'done') "
        "FROM findings f JOIN units u ON u.id = f.unit_id LEFT JOIN complaints c ON c.id = "
        "f.complaint_id "
        "WHERE f.withdrawn_ms IS NULL";
    std::vector<std::optional<std::string>> params;
    if (!o.month.empty()) {
        sql += " AND f.found_date >= ? AND f.found_date <= ?";
        params = {o.month + "-01", o.month + "-31"};
    }
    sql += " ORDER BY f.found_date IS NULL, f.found_date, u.code, f.created_ms, f.id";
    std::vector<std::string> cells(16);
    int64_t n = 0;
    return detail::forEachRow(store.impl().db, sql, params, [&](const Statement& st) {
        cells[0] = integer(++n);
        cells[1] = st.text(1);
        cells[2] = st.text(2);
        cells[3] = label("finding", "category", st.text(3));
        cells[4] = st.text(4);
        cells[5] = st.text(5);
        cells[6] = money(st, 6);
        cells[7] = st.text(7);
        cells[8] = label("finding", "source", st.text(8));
        cells[9] = st.text(9);
        cells[10] = label("finding", "status", st.text(10));
        cells[11] = st.text(11);
        cells[12] = st.text(12);
        cells[13] = integer(st.int64(13));
        cells[14] = integer(st.int64(14));
        cells[15] = st.text(0);
        return sink.row(cells);
    });
}

// --- 整改台账
// ---------------------------------------------------------------------------------------

Status rectificationLedger(Store& store, const LedgerOptions& o, LedgerSink& sink) {
    FC_TRY(sink.begin(
        "rectification", "整改台账",
        {col("no", "序号", T::Integer, 7), col("unit_code", "单位代码", T::Text, 12),
         col("unit_name", "单位名称", T::Text, 24), col("plan", "整改方案", T::Text, 28),
         col("plan_status", "方案状态", T::Text, 10),
         col("cause_analysis", "原因剖析", T::Text, 36), col("finding", "对应问题", T::Text, 40),
         col("measure", "整改措施", T::Text, 44), col("kind", "措施类型", T::Text, 12),
         col("owner", "责任人", T::Text, 12), col("deadline", "完成时限", T::Date, 12),
         col("measure_status", "措施状态", T::Text, 10),
         col("completed_date", "完成日期", T::Date, 12), col("evidence", "完成佐证", T::Text, 28),
         col("overdue", "是否逾期", T::Text, 10)}));
    std::vector<std::string> cells(15);
    int64_t n = 0;
    return detail::forEachRow(
        store.impl().db,
        "SELECT u.code, u.name, p.title, p.status, p.cause_analysis, m.id, m.description, m.kind, "
        "m.owner, m.deadline, "
        "m.status, m.completed_date, m.completion_evidence, f.category, f.description "
        "FROM rectification_plans p JOIN units u ON u.id = p.unit_id "
        "LEFT JOIN rectification_measures m ON m.plan_id = p.id AND m.withdrawn_ms IS NULL "
        "LEFT JOIN findings f ON f.id = m.finding_id "
        "WHERE p.withdrawn_ms IS NULL ORDER BY u.code, p.created_ms, p.id, m.deadline, "
        "m.created_ms, m.id",
        {}, [&](const Statement& st) {
            const bool hasMeasure = !st.isNull(5);
            cells[0] = integer(++n);
            cells[1] = st.text(0);
            cells[2] = st.text(1);
            cells[3] = st.text(2);
            cells[4] = label("rectification_plan", "status", st.text(3));
            cells[5] = st.text(4);
            cells[6] = st.isNull(14)
                           ? std::string()
                           : label("finding", "category", st.text(13)) + "：" + st.text(14);
            cells[7] = st.text(6);
            cells[8] = label("rectification_measure", "kind", st.text(7));
            cells[9] = st.text(8);
            cells[10] = st.text(9);
            cells[11] = label("rectification_measure", "status", st.text(10));
            cells[12] = st.text(11);
            cells[13] = st.text(12);
            cells[14] =
                hasMeasure ? yesNo(st.text(10) != "done" && st.text(9) < o.today) : std::string();
            return sink.row(cells);
        });
}

// --- 月度整改报告表
// -------------------------------------------------------------------------------

Status monthlyReportsLedger(Store& store, const LedgerOptions& o, LedgerSink& sink) {
    FC_TRY(sink.begin(
        "monthly_reports", "月度整改报告表",
        {col("no", "序号", T::Integer, 7), col("unit_code", "单位代码", T::Text, 12),
         col("unit_name", "单位名称", T::Text, 24), col("month", "月份", T::Text, 10),
         col("due_date", "应报日期", T::Date, 12), col("submitted_date", "报送日期", T::Date, 12),
         col("state", "报送情况", T::Text, 12), col("work_done", "整改工作情况", T::Text, 44),
         col("problems_remaining", "存在问题", T::Text, 36),
         col("next_plan", "下一步工作计划", T::Text, 36)}));
    FC_ASSIGN_OR_RETURN(auto states, monthlyReportStates(store, o.month, o.today));
    struct Contents {
        std::string workDone, problems, nextPlan;
    };
    std::map<std::string, Contents> contents;
    FC_TRY(detail::forEachRow(store.impl().db,
                   "SELECT id, work_done, problems_remaining, next_plan FROM monthly_reports "
                   "WHERE month = ? AND withdrawn_ms IS NULL",
                   {o.month}, [&](const Statement& st) -> Status {
                       contents[st.text(0)] = {st.text(1), st.text(2), st.text(3)};
                       return {};
                   }));
    static const std::map<std::string, std::string> stateZh = {{"on_time", "按时报送"},
                                                               {"late", "逾期报送"},
                                                               {"missing", "未报送"},
                                                               {"pending", "未到报送期限"}};
    std::vector<std::string> cells(10);
    int64_t n = 0;
    for (const auto& s : states) {
        auto it = contents.find(s.reportId);
        const bool submitted = s.state == "on_time" || s.state == "late";
        cells[0] = integer(++n);
        cells[1] = s.unitCode;
        cells[2] = s.unitName;
        cells[3] = s.month;
        cells[4] = s.dueDate;
        cells[5] = s.submittedDate;
        cells[6] = stateZh.count(s.state) ? stateZh.at(s.state) : s.state;
        // A draft is the unit's working copy: only what was submitted goes into the table.
        cells[7] = submitted && it != contents.end() ? it->second.workDone : std::string();
        cells[8] = submitted && it != contents.end() ? it->second.problems : std::string();
        cells[9] = submitted && it != contents.end() ? it->second.nextPlan : std::string();
        FC_TRY(sink.row(cells));
    }
    return {};
}

// --- 信访件督办台账
// -------------------------------------------------------------------------------

Status petitionsLedger(Store& store, const LedgerOptions& o, LedgerSink& sink) {
    FC_TRY(sink.begin(
        "petitions", "信访件督办台账",
        {col("no", "序号", T::Integer, 7), col("ref_no", "信访件编号", T::Text, 16),
         col("received_date", "收件日期", T::Date, 12), col("channel", "来源渠道", T::Text, 12),
         col("unit_code", "被反映单位代码", T::Text, 16),
         col("unit_name", "被反映单位", T::Text, 24), col("category", "问题类别", T::Text, 22),
         col("summary", "反映内容", T::Text, 44), col("conclusion", "调查结论", T::Text, 10),
         col("complainant", "信访人", T::Text, 12, fieldIsSensitive("complaint", "complainant")),
         col("status", "督办状态", T::Text, 10), col("supervisor", "督办人", T::Text, 12),
         col("deadline", "督办期限", T::Date, 12), col("outcome", "督办结果", T::Text, 36),
         col("overdue", "是否逾期", T::Text, 10)}));
    FC_ASSIGN_OR_RETURN(auto petitions, supervisedPetitions(store, o.today));
    struct Details {
        std::string refNo, channel, unitCode, category, summary, conclusion, complainant;
    };
    std::map<std::string, Details> details;
    FC_TRY(detail::forEachRow(store.impl().db,
                   "SELECT c.id, c.ref_no, c.channel, u.code, c.category, c.summary, c.conclusion, "
                   "c.complainant "
                   "FROM complaints c JOIN units u ON u.id = c.unit_id "
                   "WHERE c.supervision_status <> 'none' AND c.withdrawn_ms IS NULL",
                   {}, [&](const Statement& st) -> Status {
                       details[st.text(0)] = {st.text(1), st.text(2), st.text(3), st.text(4),
                                              st.text(5), st.text(6), st.text(7)};
                       return {};
                   }));
    std::vector<std::string> cells(15);
    int64_t n = 0;
    for (const auto& p : petitions) {
        const Details& d = details[p.complaintId];
        cells[0] = integer(++n);
        cells[1] = d.refNo;
        cells[2] = p.receivedDate;
        cells[3] = label("complaint", "channel", d.channel);
        cells[4] = d.unitCode;
        cells[5] = p.unitName;
        cells[6] = label("complaint", "category", d.category);
        cells[7] = d.summary;
        cells[8] = label("complaint", "conclusion", d.conclusion);
        cells[9] = d.complainant;
        cells[10] = label("complaint", "supervision_status", p.status);
        cells[11] = p.supervisor;
        cells[12] = p.deadline;
        cells[13] = p.outcome;
        cells[14] = yesNo(p.overdue);
        FC_TRY(sink.row(cells));
    }
    return {};
}

// --- 问责台账
// ---------------------------------------------------------------------------------------

Status accountabilityLedger(Store& store, const LedgerOptions&, LedgerSink& sink) {
    FC_TRY(sink.begin(
        "accountability", "问责台账",
        {col("no", "序号", T::Integer, 7), col("unit_code", "单位代码", T::Text, 12),
         col("unit_name", "单位名称", T::Text, 24), col("target", "问责对象", T::Text, 20),
         col("reason", "问责情形", T::Text, 16), col("measure", "问责方式", T::Text, 12),
         col("status", "状态", T::Text, 10), col("decision_note", "处理意见", T::Text, 40),
         col("decided_date", "决定日期", T::Date, 12), col("finding", "关联问题线索", T::Text, 36),
         col("basis", "依据", T::Text, 30), col("registered_date", "登记日期", T::Date, 12)}));
    std::vector<std::string> cells(12);
    int64_t n = 0;
    return detail::forEachRow(
        store.impl().db,
        "SELECT u.code, u.name, a.target, a.reason, a.measure, a.status, a.decision_note, "
        "a.decided_date, "
        "f.description, a.basis, a.created_ms FROM accountability_cases a "
        "LEFT JOIN units u ON u.id = a.unit_id LEFT JOIN findings f ON f.id = a.finding_id "
        "WHERE a.withdrawn_ms IS NULL ORDER BY a.created_ms, a.id",
        {}, [&](const Statement& st) {
            cells[0] = integer(++n);
            cells[1] = st.text(0);
            cells[2] = st.text(1);
            cells[3] = st.text(2);
            cells[4] = label("accountability_case", "reason", st.text(3));
            cells[5] = label("accountability_case", "measure", st.text(4));
            cells[6] = label("accountability_case", "status", st.text(5));
            cells[7] = st.text(6);
            cells[8] = st.text(7);
            cells[9] = st.text(8);
            cells[10] = basisText(st.text(9));
            cells[11] = detail::bureauDate(st.int64(10));
            return sink.row(cells);
        });
}

// --- 四个一批汇总
// -----------------------------------------------------------------------------------

Status fourBatchesLedger(Store& store, const LedgerOptions& o, LedgerSink& sink) {
    FC_TRY(sink.begin("four_batches", "四个一批汇总",
                      {col("no", "序号", T::Integer, 7), col("unit_code", "单位代码", T::Text, 12),
                       col("unit_name", "单位名称", T::Text, 24),
                       col("key_rectification", "重点整改单位", T::Text, 14),
                       col("clues_identified", "排查问题线索", T::Integer, 14),
                       col("cases_investigated", "查办典型案件", T::Integer, 14),
                       col("problems_solved", "解决突出问题", T::Integer, 14),
                       col("rules_issued", "出台制度规范", T::Integer, 14),
                       col("findings_open", "未办结问题线索", T::Integer, 16),
                       col("measures", "整改措施（条）", T::Integer, 14),
                       col("measures_done", "已完成措施", T::Integer, 12),
                       col("measures_overdue", "逾期未完成", T::Integer, 12),
                       col("percent_done", "整改完成率（%）", T::Percent, 16)}));
    FC_ASSIGN_OR_RETURN(Dashboard d, dashboard(store, o.today, o.month));
    std::vector<std::string> cells(13);
    int64_t n = 0, open = 0;
    for (const auto& u : d.units) {
        cells[0] = integer(++n);
        cells[1] = u.unitCode;
        cells[2] = u.unitName;
        cells[3] = yesNo(u.keyRectification);
        cells[4] = integer(u.batches.cluesIdentified);
        cells[5] = integer(u.batches.casesInvestigated);
        cells[6] = integer(u.batches.problemsSolved);
        cells[7] = integer(u.batches.rulesIssued);
        cells[8] = integer(u.findingsOpen);
        cells[9] = integer(u.measures);
        cells[10] = integer(u.measuresDone);
        cells[11] = integer(u.measuresOverdue);
        cells[12] = percent(u.percentDone);
        open += u.findingsOpen;
        FC_TRY(sink.row(cells));
    }
    // 合计: rules adopted without a unit count in the total only.
    const double total =
        d.measures > 0
            ? 100.0 * static_cast<double>(d.measuresDone) / static_cast<double>(d.measures)
        : d.batches.cluesIdentified > 0 ? 100.0 * static_cast<double>(d.batches.problemsSolved) /
                                              static_cast<double>(d.batches.cluesIdentified)
                                        : 0.0;
    cells = {"",
             "",
             "合计",
             "",
             integer(d.batches.cluesIdentified),
             integer(d.batches.casesInvestigated),
             integer(d.batches.problemsSolved),
             integer(d.batches.rulesIssued),
             integer(open),
             integer(d.measures),
             integer(d.measuresDone),
             integer(d.measuresOverdue),
             percent(total)};
    return sink.row(cells);
}

// Collects a ledger in memory.
class CollectSink : public LedgerSink {
public:
    explicit CollectSink(Ledger& ledger) : m_ledger(ledger) {}
    Status begin(const std::string& kind, const std::string& titleZh,
                 const std::vector<LedgerColumn>& columns) override {
        m_ledger.kind = kind;
        m_ledger.titleZh = titleZh;
        m_ledger.columns = columns;
        return {};
    }
    Status row(const std::vector<std::string>& cells) override {
        m_ledger.rows.push_back(cells);
        return {};
    }
    Status finish() override { return {}; }

private:
    Ledger& m_ledger;
};

}  // namespace

const std::vector<std::string>& ledgerKinds() {
    static const std::vector<std::string> kinds = [] {
        std::vector<std::string> v;
        for (const auto& l : kLedgers) v.emplace_back(l.kind);
        return v;
    }();
    return kinds;
}

std::string ledgerTitleZh(const std::string& kind) {
    for (const auto& l : kLedgers) {
        if (kind == l.kind) return l.titleZh;
    }
    return {};
}

namespace detail {

Result<int64_t> streamLedger(Store& store, const std::string& kind, const LedgerOptions& options,
                             LedgerSink& sink) {
    if (ledgerTitleZh(kind).empty()) {
        std::string known;
        for (const auto& k : ledgerKinds()) known += (known.empty() ? "" : ", ") + k;
        return makeError(ErrorCode::InvalidArgument,
                         "unknown ledger '" + kind + "' (ledgers: " + known + ")");
    }
    LedgerOptions o = options;
    if (o.today.empty()) o.today = bureauToday(store);
    if (!isValidDate(o.today))
        return makeError(ErrorCode::InvalidArgument, "'" + o.today + "' is not a date YYYY-MM-DD");
    if (!o.month.empty() && !isValidMonth(o.month)) {
        return makeError(ErrorCode::InvalidArgument, "'" + o.month + "' is not a month YYYY-MM");
    }
    if (o.month.empty() && (kind == "monthly_reports" || kind == "four_batches"))
        o.month = previousMonth(o.today);
    ColumnFilter filter(sink, o.withSensitive);
    auto produce = [&]() -> Status {
        if (kind == "findings") return findingsLedger(store, o, filter);
        if (kind == "rectification") return rectificationLedger(store, o, filter);
        if (kind == "monthly_reports") return monthlyReportsLedger(store, o, filter);
        if (kind == "petitions") return petitionsLedger(store, o, filter);
        if (kind == "accountability") return accountabilityLedger(store, o, filter);
        return fourBatchesLedger(store, o, filter);
    };
    // One deferred read transaction, so that the ledger is a consistent snapshot (WAL) without
    // taking the write lock that Store::transaction() takes while a large export runs.
    Store::Impl& impl = store.impl();
    Status st;
    if (impl.tx.depth > 0) {
        st = produce();
    } else {
        FC_TRY(impl.db.exec("BEGIN DEFERRED"));
        ++impl.tx.depth;
        st = produce();
        --impl.tx.depth;
        Status end = impl.db.exec(st.ok() ? "COMMIT" : "ROLLBACK");
        if (st.ok() && !end.ok()) st = end;
    }
    if (!st.ok()) return st.error();
    FC_TRY(filter.finish());
    return filter.rows();
}

}  // namespace detail

Result<Ledger> buildLedger(Store& store, const std::string& kind, const LedgerOptions& options) {
    Ledger ledger;
    CollectSink sink(ledger);
    FC_TRY(detail::streamLedger(store, kind, options, sink));
    return ledger;
}

}  // namespace fieldcheck
