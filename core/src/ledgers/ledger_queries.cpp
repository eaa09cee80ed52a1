// The ledgers' columns and the queries that fill them. Each ledger reads the store once, in SQL
// (SQLite 3.15: no window functions, no UPSERT), and streams rows to a LedgerSink.
#include <cstdio>
#include <functional>
#include <map>
#include <optional>

#include "fieldcheck/core/record_rules.h"
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



// A ledger's columns, each with how its cell is made from a row: the header and the cells come
// from one list, so a column cannot be added to one and forgotten in the other. The first column,
// 序号, is the row's number.
template <typename Row>
struct Column {
    LedgerColumn spec;
    std::function<std::string(const Row&)> cell;
};

template <typename Row>
class Table {
public:
    Table(const char* kind, const char* titleZh, std::vector<Column<Row>> columns)
        : m_kind(kind), m_title(titleZh), m_columns(std::move(columns)), m_cells(m_columns.size() + 1) {}

    Status begin(LedgerSink& sink) const {
        std::vector<LedgerColumn> specs = {col("no", "序号", T::Integer, 7)};
        for (const auto& c : m_columns) specs.push_back(c.spec);
        return sink.begin(m_kind, m_title, specs);
    }
    // One data row, numbered; `numbered` false for a total row.
    Status row(LedgerSink& sink, const Row& r, bool numbered = true) {
        m_cells[0] = numbered ? integer(++m_rows) : std::string();
        for (size_t i = 0; i < m_columns.size(); ++i) m_cells[i + 1] = m_columns[i].cell(r);
        return sink.row(m_cells);
    }

private:
    const char* m_kind;
    const char* m_title;
    std::vector<Column<Row>> m_columns;
    std::vector<std::string> m_cells;
    int64_t m_rows = 0;
};

// A result row read by the names its SELECT gives the columns, not by position.
class SqlRow {
public:
    SqlRow(const Statement& st, const std::map<std::string, int>& index) : m_st(st), m_index(index) {}
    std::string text(const char* name) const { return m_st.text(at(name)); }
    int64_t int64(const char* name) const { return m_st.int64(at(name)); }
    bool isNull(const char* name) const { return m_st.isNull(at(name)); }
    std::string money(const char* name) const {
        return isNull(name) ? std::string() : detail::formatMoneyFen(int64(name));
    }

private:
    int at(const char* name) const {
        auto it = m_index.find(name);
        // A column the SELECT does not name is a mistake in this file, found by the ledger tests.
        return it == m_index.end() ? -1 : it->second;
    }
    const Statement& m_st;
    const std::map<std::string, int>& m_index;
};

template <typename F>
Status forEachSqlRow(Database& db, const std::string& sql, const std::vector<std::optional<std::string>>& params, F&& body) {
    std::map<std::string, int> index;
    return detail::forEachRow(db, sql, params, [&](const Statement& st) -> Status {
        if (index.empty()) {
            for (int i = 0; i < st.columnCount(); ++i) index[st.columnName(i)] = i;
        }
        return body(SqlRow(st, index));
    });
}

// A text column straight from the row's column of the same name; a choice's label.
template <typename Row>
Column<Row> textCol(const char* key, const char* titleZh, T type, double width) {
    return {col(key, titleZh, type, width), [key](const Row& r) { return r.text(key); }};
}
Column<SqlRow> labelCol(const char* key, const char* titleZh, double width, const char* type, const char* field) {
    return {col(key, titleZh, T::Text, width), [key, type, field](const SqlRow& r) { return label(type, field, r.text(key)); }};
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
    using R = SqlRow;
    Table<R> table("findings", "问题线索台账",
                   {textCol<R>("unit_code", "单位代码", T::Text, 12), textCol<R>("unit_name", "单位名称", T::Text, 24),
                    labelCol("category", "问题类别", 22, "finding", "category"),
                    textCol<R>("subcategory", "具体问题", T::Text, 18), textCol<R>("description", "问题描述", T::Text, 48),
                    {col("money_involved", "涉及金额（元）", T::Money, 15), [](const R& r) { return r.money("money_involved"); }},
                    {col("persons_involved", "涉及人员", T::Text, 16, fieldIsSensitive("finding", "persons_involved")),
                     [](const R& r) { return r.text("persons_involved"); }},
                    labelCol("source", "线索来源", 12, "finding", "source"), textCol<R>("found_date", "发现日期", T::Date, 12),
                    labelCol("status", "办理状态", 10, "finding", "status"),
                    textCol<R>("case_opened_date", "立案/移交日期", T::Date, 14),
                    textCol<R>("complaint_ref_no", "关联信访件编号", T::Text, 16),
                    {col("measures", "整改措施（条）", T::Integer, 14), [](const R& r) { return integer(r.int64("measures")); }},
                    {col("measures_done", "已完成措施（条）", T::Integer, 16), [](const R& r) { return integer(r.int64("measures_done")); }},
                    textCol<R>("id", "记录编号", T::Text, 34)});
    FC_TRY(table.begin(sink));
    std::string sql =
        "SELECT f.id AS id, u.code AS unit_code, u.name AS unit_name, f.category AS category, f.subcategory AS subcategory, "
        "f.description AS description, f.money_involved AS money_involved, f.persons_involved AS persons_involved, "
        "f.source AS source, f.found_date AS found_date, f.status AS status, f.case_opened_date AS case_opened_date, "
        "c.ref_no AS complaint_ref_no, "
        "(SELECT count(*) FROM rectification_measures m WHERE m.finding_id = f.id AND m.withdrawn_ms IS NULL) AS measures, "
        "(SELECT count(*) FROM rectification_measures m WHERE m.finding_id = f.id AND m.withdrawn_ms IS NULL "
        "   AND m.status = 'done') AS measures_done "
        "FROM findings f JOIN units u ON u.id = f.unit_id LEFT JOIN complaints c ON c.id = f.complaint_id "
        "WHERE f.withdrawn_ms IS NULL";
    std::vector<std::optional<std::string>> params;
    if (!o.month.empty()) {
        sql += " AND f.found_date >= ? AND f.found_date <= ?";
        params = {o.month + "-01", o.month + "-31"};
    }
    sql += " ORDER BY f.found_date IS NULL, f.found_date, u.code, f.created_ms, f.id";
    return forEachSqlRow(store.impl().db, sql, params, [&](const R& r) { return table.row(sink, r); });
}

// --- 整改台账
// ---------------------------------------------------------------------------------------

Status rectificationLedger(Store& store, const LedgerOptions& o, LedgerSink& sink) {
    using R = SqlRow;
    const std::string today = o.today;
    Table<R> table("rectification", "整改台账",
                   {textCol<R>("unit_code", "单位代码", T::Text, 12), textCol<R>("unit_name", "单位名称", T::Text, 24),
                    textCol<R>("plan", "整改方案", T::Text, 28), labelCol("plan_status", "方案状态", 10, "rectification_plan", "status"),
                    textCol<R>("cause_analysis", "原因剖析", T::Text, 36),
                    {col("finding", "对应问题", T::Text, 40),
                     [](const R& r) {
                         return r.isNull("finding_description")
                                    ? std::string()
                                    : label("finding", "category", r.text("finding_category")) + "：" + r.text("finding_description");
                     }},
                    textCol<R>("measure", "整改措施", T::Text, 44), labelCol("kind", "措施类型", 12, "rectification_measure", "kind"),
                    textCol<R>("owner", "责任人", T::Text, 12), textCol<R>("deadline", "完成时限", T::Date, 12),
                    labelCol("measure_status", "措施状态", 10, "rectification_measure", "status"),
                    textCol<R>("completed_date", "完成日期", T::Date, 12), textCol<R>("evidence", "完成佐证", T::Text, 28),
                    {col("overdue", "是否逾期", T::Text, 10), [today](const R& r) {
                         if (r.isNull("measure_id")) return std::string();
                         return yesNo(r.text("measure_status") != "done" && r.text("deadline") < today);
                     }}});
    FC_TRY(table.begin(sink));
    return forEachSqlRow(
        store.impl().db,
        "SELECT u.code AS unit_code, u.name AS unit_name, p.title AS plan, p.status AS plan_status, "
        "p.cause_analysis AS cause_analysis, m.id AS measure_id, m.description AS measure, m.kind AS kind, "
        "m.owner AS owner, m.deadline AS deadline, m.status AS measure_status, m.completed_date AS completed_date, "
        "m.completion_evidence AS evidence, f.category AS finding_category, f.description AS finding_description "
        "FROM rectification_plans p JOIN units u ON u.id = p.unit_id "
        "LEFT JOIN rectification_measures m ON m.plan_id = p.id AND m.withdrawn_ms IS NULL "
        "LEFT JOIN findings f ON f.id = m.finding_id "
        "WHERE p.withdrawn_ms IS NULL ORDER BY u.code, p.created_ms, p.id, m.deadline, m.created_ms, m.id",
        {}, [&](const R& r) { return table.row(sink, r); });
}

// --- 月度整改报告表
// -------------------------------------------------------------------------------

Status monthlyReportsLedger(Store& store, const LedgerOptions& o, LedgerSink& sink) {
    struct Contents {
        std::string workDone, problems, nextPlan;
    };
    struct Row {
        const MonthlyReportState& state;
        const Contents* submitted;  // a draft is the unit's working copy: only what was submitted goes in
    };
    static const std::map<std::string, std::string> stateZh = {{"on_time", "按时报送"},
                                                               {"late", "逾期报送"},
                                                               {"missing", "未报送"},
                                                               {"pending", "未到报送期限"}};
    auto part = [](std::string Contents::*member) {
        return [member](const Row& r) { return r.submitted != nullptr ? r.submitted->*member : std::string(); };
    };
    Table<Row> table("monthly_reports", "月度整改报告表",
                     {{col("unit_code", "单位代码", T::Text, 12), [](const Row& r) { return r.state.unitCode; }},
                      {col("unit_name", "单位名称", T::Text, 24), [](const Row& r) { return r.state.unitName; }},
                      {col("month", "月份", T::Text, 10), [](const Row& r) { return r.state.month; }},
                      {col("due_date", "应报日期", T::Date, 12), [](const Row& r) { return r.state.dueDate; }},
                      {col("submitted_date", "报送日期", T::Date, 12), [](const Row& r) { return r.state.submittedDate; }},
                      {col("state", "报送情况", T::Text, 12),
                       [](const Row& r) { return stateZh.count(r.state.state) ? stateZh.at(r.state.state) : r.state.state; }},
                      {col("work_done", "整改工作情况", T::Text, 44), part(&Contents::workDone)},
                      {col("problems_remaining", "存在问题", T::Text, 36), part(&Contents::problems)},
                      {col("next_plan", "下一步工作计划", T::Text, 36), part(&Contents::nextPlan)}});
    FC_TRY(table.begin(sink));
    FC_ASSIGN_OR_RETURN(auto states, monthlyReportStates(store, o.month, o.today));
    std::map<std::string, Contents> contents;
    FC_TRY(forEachSqlRow(store.impl().db,
                         "SELECT id, work_done, problems_remaining, next_plan FROM monthly_reports "
                         "WHERE month = ? AND withdrawn_ms IS NULL",
                         {o.month}, [&](const SqlRow& r) -> Status {
                             contents[r.text("id")] = {r.text("work_done"), r.text("problems_remaining"), r.text("next_plan")};
                             return {};
                         }));
    for (const auto& s : states) {
        auto it = contents.find(s.reportId);
        const bool submitted = (s.state == "on_time" || s.state == "late") && it != contents.end();
        FC_TRY(table.row(sink, Row{s, submitted ? &it->second : nullptr}));
    }
    return {};
}

// --- 信访件督办台账
// -------------------------------------------------------------------------------

Status petitionsLedger(Store& store, const LedgerOptions& o, LedgerSink& sink) {
    struct Details {
        std::string refNo, channel, unitCode, category, summary, conclusion, complainant;
    };
    struct Row {
        const SupervisedPetition& p;
        const Details& d;
    };
    Table<Row> table(
        "petitions", "信访件督办台账",
        {{col("ref_no", "信访件编号", T::Text, 16), [](const Row& r) { return r.d.refNo; }},
         {col("received_date", "收件日期", T::Date, 12), [](const Row& r) { return r.p.receivedDate; }},
         {col("channel", "来源渠道", T::Text, 12), [](const Row& r) { return label("complaint", "channel", r.d.channel); }},
         {col("unit_code", "被反映单位代码", T::Text, 16), [](const Row& r) { return r.d.unitCode; }},
         {col("unit_name", "被反映单位", T::Text, 24), [](const Row& r) { return r.p.unitName; }},
         {col("category", "问题类别", T::Text, 22), [](const Row& r) { return label("complaint", "category", r.d.category); }},
         {col("summary", "反映内容", T::Text, 44), [](const Row& r) { return r.d.summary; }},
         {col("conclusion", "调查结论", T::Text, 10), [](const Row& r) { return label("complaint", "conclusion", r.d.conclusion); }},
         {col("complainant", "信访人", T::Text, 12, fieldIsSensitive("complaint", "complainant")), [](const Row& r) { return r.d.complainant; }},
         {col("status", "督办状态", T::Text, 10), [](const Row& r) { return label("complaint", "supervision_status", r.p.status); }},
         {col("supervisor", "督办人", T::Text, 12), [](const Row& r) { return r.p.supervisor; }},
         {col("deadline", "督办期限", T::Date, 12), [](const Row& r) { return r.p.deadline; }},
         {col("outcome", "督办结果", T::Text, 36), [](const Row& r) { return r.p.outcome; }},
         {col("overdue", "是否逾期", T::Text, 10), [](const Row& r) { return yesNo(r.p.overdue); }}});
    FC_TRY(table.begin(sink));
    FC_ASSIGN_OR_RETURN(auto petitions, supervisedPetitions(store, o.today));
    std::map<std::string, Details> details;
    FC_TRY(forEachSqlRow(store.impl().db,
                         "SELECT c.id AS id, c.ref_no AS ref_no, c.channel AS channel, u.code AS unit_code, c.category AS category, "
                         "c.summary AS summary, c.conclusion AS conclusion, c.complainant AS complainant "
                         "FROM complaints c JOIN units u ON u.id = c.unit_id "
                         "WHERE c.supervision_status <> 'none' AND c.withdrawn_ms IS NULL",
                         {}, [&](const SqlRow& r) -> Status {
                             details[r.text("id")] = {r.text("ref_no"), r.text("channel"), r.text("unit_code"), r.text("category"),
                                                      r.text("summary"), r.text("conclusion"), r.text("complainant")};
                             return {};
                         }));
    for (const auto& p : petitions) FC_TRY(table.row(sink, Row{p, details[p.complaintId]}));
    return {};
}

// --- 问责台账
// ---------------------------------------------------------------------------------------

Status accountabilityLedger(Store& store, const LedgerOptions&, LedgerSink& sink) {
    using R = SqlRow;
    Table<R> table("accountability", "问责台账",
                   {textCol<R>("unit_code", "单位代码", T::Text, 12), textCol<R>("unit_name", "单位名称", T::Text, 24),
                    textCol<R>("target", "问责对象", T::Text, 20), labelCol("reason", "问责情形", 16, "accountability_case", "reason"),
                    labelCol("measure", "问责方式", 12, "accountability_case", "measure"),
                    labelCol("status", "状态", 10, "accountability_case", "status"),
                    textCol<R>("decision_note", "处理意见", T::Text, 40), textCol<R>("decided_date", "决定日期", T::Date, 12),
                    textCol<R>("finding", "关联问题线索", T::Text, 36),
                    {col("basis", "依据", T::Text, 30), [](const R& r) { return basisText(r.text("basis")); }},
                    {col("registered_date", "登记日期", T::Date, 12), [](const R& r) { return record_rules::bureauDate(r.int64("created_ms")); }}});
    FC_TRY(table.begin(sink));
    return forEachSqlRow(
        store.impl().db,
        "SELECT u.code AS unit_code, u.name AS unit_name, a.target AS target, a.reason AS reason, a.measure AS measure, "
        "a.status AS status, a.decision_note AS decision_note, a.decided_date AS decided_date, f.description AS finding, "
        "a.basis AS basis, a.created_ms AS created_ms FROM accountability_cases a "
        "LEFT JOIN units u ON u.id = a.unit_id LEFT JOIN findings f ON f.id = a.finding_id "
        "WHERE a.withdrawn_ms IS NULL ORDER BY a.created_ms, a.id",
        {}, [&](const R& r) { return table.row(sink, r); });
}

// --- 四个一批汇总
// -----------------------------------------------------------------------------------

Status fourBatchesLedger(Store& store, const LedgerOptions& o, LedgerSink& sink) {
    struct Row {
        std::string unitCode, unitName, keyRectification;
        FourBatches batches;
        int64_t findingsOpen = 0, measures = 0, measuresDone = 0, measuresOverdue = 0;
        double percentDone = 0;
    };
    auto count = [](int64_t Row::*member) { return [member](const Row& r) { return integer(r.*member); }; };
    auto batch = [](int64_t FourBatches::*member) { return [member](const Row& r) { return integer(r.batches.*member); }; };
    Table<Row> table("four_batches", "四个一批汇总",
                     {{col("unit_code", "单位代码", T::Text, 12), [](const Row& r) { return r.unitCode; }},
                      {col("unit_name", "单位名称", T::Text, 24), [](const Row& r) { return r.unitName; }},
                      {col("key_rectification", "重点整改单位", T::Text, 14), [](const Row& r) { return r.keyRectification; }},
                      {col("clues_identified", "排查问题线索", T::Integer, 14), batch(&FourBatches::cluesIdentified)},
                      {col("cases_investigated", "查办典型案件", T::Integer, 14), batch(&FourBatches::casesInvestigated)},
                      {col("problems_solved", "解决突出问题", T::Integer, 14), batch(&FourBatches::problemsSolved)},
                      {col("rules_issued", "出台制度规范", T::Integer, 14), batch(&FourBatches::rulesIssued)},
                      {col("findings_open", "未办结问题线索", T::Integer, 16), count(&Row::findingsOpen)},
                      {col("measures", "整改措施（条）", T::Integer, 14), count(&Row::measures)},
                      {col("measures_done", "已完成措施", T::Integer, 12), count(&Row::measuresDone)},
                      {col("measures_overdue", "逾期未完成", T::Integer, 12), count(&Row::measuresOverdue)},
                      {col("percent_done", "整改完成率（%）", T::Percent, 16), [](const Row& r) { return percent(r.percentDone); }}});
    FC_TRY(table.begin(sink));
    FC_ASSIGN_OR_RETURN(Dashboard d, dashboard(store, o.today, o.month));
    int64_t open = 0;
    for (const auto& u : d.units) {
        FC_TRY(table.row(sink, Row{u.unitCode, u.unitName, yesNo(u.keyRectification), u.batches, u.findingsOpen, u.measures,
                                   u.measuresDone, u.measuresOverdue, u.percentDone}));
        open += u.findingsOpen;
    }
    // 合计: rules adopted without a unit count in the total only.
    const double total =
        d.measures > 0
            ? 100.0 * static_cast<double>(d.measuresDone) / static_cast<double>(d.measures)
        : d.batches.cluesIdentified > 0 ? 100.0 * static_cast<double>(d.batches.problemsSolved) /
                                              static_cast<double>(d.batches.cluesIdentified)
                                        : 0.0;
    return table.row(sink, Row{"", "合计", "", d.batches, open, d.measures, d.measuresDone, d.measuresOverdue, total}, false);
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
