#include "fieldcheck/core/records.h"

// Specs without a life cycle leave that trailing member at its default on purpose.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#include <algorithm>

namespace fieldcheck {
namespace {

// Builds a FieldSpec readably: field("code", FieldKind::Text, "编号").required()
class field {
public:
    field(std::string name, FieldKind kind, std::string labelZh) {
        m_spec.name = std::move(name);
        m_spec.kind = kind;
        m_spec.labelZh = std::move(labelZh);
    }
    field& required() { m_spec.required = true; return *this; }
    field& sensitive() { m_spec.sensitive = true; return *this; }
    field& computed() { m_spec.computed = true; return *this; }
    field& choices(std::vector<Choice> c) { m_spec.choices = std::move(c); return *this; }
    field& ref(std::string type) { m_spec.refType = std::move(type); return *this; }
    field& byDefault(nlohmann::json v) { m_spec.defaultValue = std::move(v); return *this; }
    field& since(int version) { m_spec.since = version; return *this; }
    operator FieldSpec() const { return m_spec; }  // NOLINT(google-explicit-constructor)

private:
    FieldSpec m_spec;
};

using K = FieldKind;

// The seven problem categories of the campaign (DOMAIN.md, §2.1 of the speech); eight_rules and
// four_styles share category 2 there but are counted apart.
std::vector<Choice> problemCategories() {
    return {
        {"responsibility", "落实“两个责任”不力"},
        {"eight_rules", "违反中央八项规定精神"},
        {"four_styles", "“四风”问题"},
        {"public_interest", "损害群众利益"},
        {"misconduct", "乱作为"},
        {"inaction", "不作为"},
        {"internal", "内部管理与作风"},
        {"safety", "安全隐患"},
    };
}

field campaignRef() { return field("campaign_id", K::Reference, "专项治理").ref("campaign"); }
field unitRef(bool required) {
    field f("unit_id", K::Reference, "单位");
    f.ref("unit");
    if (required) f.required();
    return f;
}

LifeCycle lifeCycle(std::string initial, std::vector<std::pair<std::string, std::string>> moves) {
    return LifeCycle{"status", std::move(initial), std::move(moves)};
}

field statusField(std::vector<Choice> states, const std::string& initial) {
    return field("status", K::Choice, "状态").choices(std::move(states)).byDefault(initial);
}

std::vector<RecordTypeSpec> buildRecordTypes() {
    std::vector<RecordTypeSpec> types;

    types.push_back({"campaign", "campaigns", "专项治理",
                     {field("code", K::Text, "编号").required(), field("name", K::Text, "名称").required(),
                      field("start_date", K::Date, "开始日期"), field("end_date", K::Date, "结束日期"),
                      field("description", K::Text, "说明"),
                      field("report_due_day", K::Integer, "月报截止日（次月）").byDefault(5).since(3)}});

    types.push_back({"unit", "units", "科室/单位",
                     {field("code", K::Text, "单位代码").required(), field("name", K::Text, "单位名称").required(),
                      field("unit_type", K::Choice, "单位类型").required().choices({{"department", "机关科室"},
                                                                                 {"elderly_home", "养老机构"},
                                                                                 {"child_welfare", "儿童福利机构"},
                                                                                 {"relief_station", "救助管理站"},
                                                                                 {"funeral_service", "殡葬服务机构"},
                                                                                 {"marriage_registry", "婚姻登记处"},
                                                                                 {"community_service", "社区服务机构"},
                                                                                 {"affiliated_unit", "其他直属单位"}}),
                      field("address", K::Text, "地址"), field("latitude", K::Real, "纬度"),
                      field("longitude", K::Real, "经度"), field("leader_in_charge", K::Text, "分管领导"),
                      field("key_rectification", K::Bool, "重点整改单位")}});

    types.push_back({"inspection_group", "inspection_groups", "检查组",
                     {field("campaign_id", K::Reference, "专项治理").required().ref("campaign"),
                      field("code", K::Text, "编号").required(), field("name", K::Text, "名称").required(),
                      field("leader", K::Text, "组长"), field("members", K::Text, "组员")}});

    types.push_back({"person", "persons", "人员",
                     {field("name", K::Text, "姓名").required(), field("user_name", K::Text, "用户名").required(),
                      field("role", K::Choice, "角色").required().choices({{"inspector", "检查组组员"},
                                                                           {"group_leader", "检查组组长"},
                                                                           {"unit_liaison", "科室/单位联络员"},
                                                                           {"leader_in_charge", "分管领导"},
                                                                           {"discipline_inspector", "纪检人员"},
                                                                           {"party_committee", "局党委"}}),
                      field("group_id", K::Reference, "检查组").ref("inspection_group"), unitRef(false),
                      field("phone", K::Text, "电话").sensitive()}});

    types.push_back({"complaint", "complaints", "信访件",
                     {campaignRef(), field("unit_id", K::Reference, "被反映单位").required().ref("unit"),
                      field("channel", K::Choice, "来源渠道").required().choices({{"letter", "来信"},
                                                                                 {"visit", "来访"},
                                                                                 {"hotline", "热线电话"},
                                                                                 {"online", "网上留言"},
                                                                                 {"referral", "上级转办"}}),
                      field("received_date", K::Date, "收件日期").required(),
                      field("category", K::Choice, "问题类别").required().choices(problemCategories()),
                      field("summary", K::Text, "反映内容").required(),
                      field("conclusion", K::Choice, "调查结论").choices({{"pending", "待查"},
                                                                         {"substantiated", "属实"},
                                                                         {"partly", "部分属实"},
                                                                         {"unsubstantiated", "否"}}),
                      field("complainant", K::Text, "信访人").sensitive(),
                      field("ref_no", K::Text, "信访件编号").since(3),
                      // 重点督办 of "四风" petitions concluded "否": see domain_rules.cpp.
                      field("supervision_status", K::Choice, "督办状态")
                          .choices({{"none", "无需督办"}, {"required", "待督办"}, {"supervising", "督办中"}, {"concluded", "已办结"}})
                          .byDefault("none")
                          .computed()
                          .since(3),
                      field("supervisor", K::Text, "督办人").since(3),
                      field("supervision_deadline", K::Date, "督办期限").since(3),
                      field("supervision_outcome", K::Text, "督办结果").since(3)}});

    types.push_back({"self_inspection", "self_inspections", "自查自纠",
                     {campaignRef(), unitRef(true), field("period", K::Month, "期间").required(),
                      field("zero_report", K::Bool, "零报告").required(), field("problem_count", K::Integer, "自查问题数"),
                      field("summary", K::Text, "自查情况")}});

    types.push_back({"assignment", "assignments", "任务分配",
                     {campaignRef(), field("group_id", K::Reference, "检查组").required().ref("inspection_group"),
                      unitRef(true),
                      field("task", K::Choice, "任务").required().choices({{"visit", "现场检查"},
                                                                         {"spot_check", "重点抽查"},
                                                                         {"petition_followup", "信访督办"},
                                                                         {"clue_screening", "线索排查"}}),
                      field("period", K::Month, "期间"), field("due_date", K::Date, "完成期限"),
                      field("complaint_id", K::Reference, "信访件").ref("complaint"), field("note", K::Text, "备注"),
                      statusField({{"assigned", "已分配"}, {"in_progress", "进行中"}, {"done", "已完成"}, {"cancelled", "已取消"}},
                                  "assigned")},
                     lifeCycle("assigned", {{"assigned", "in_progress"}, {"in_progress", "done"}, {"assigned", "cancelled"},
                                            {"in_progress", "cancelled"}})});

    types.push_back({"checklist_template", "checklist_templates", "检查清单",
                     {field("code", K::Text, "编号").required(),
                      field("template_version", K::Integer, "版本").required(),
                      field("name", K::Text, "名称").required(),
                      field("items", K::Json, "检查项").required()}});

    types.push_back({"visit", "visits", "现场检查",
                     {campaignRef(), unitRef(true), field("group_id", K::Reference, "检查组").required().ref("inspection_group"),
                      field("assignment_id", K::Reference, "任务").ref("assignment"),
                      field("checklist_template_id", K::Reference, "检查清单").ref("checklist_template"),
                      field("inspectors_present", K::Text, "在场检查人员"), field("planned_date", K::Date, "计划日期"),
                      field("started_ms", K::Integer, "开始时间").computed(),
                      field("submitted_ms", K::Integer, "提交时间").computed(),
                      field("reviewed_ms", K::Integer, "审核时间").computed(),
                      statusField({{"planned", "计划"}, {"started", "进行中"}, {"submitted", "已提交"}, {"reviewed", "已审核"}},
                                  "planned"),
                      field("gps_latitude", K::Real, "签到纬度"), field("gps_longitude", K::Real, "签到经度"),
                      field("gps_accuracy_m", K::Real, "定位精度（米）"), field("gps_time_ms", K::Integer, "定位时间"),
                      field("distance_to_unit_m", K::Real, "距单位距离（米）").computed(),
                      field("answers", K::Json, "检查结果"), field("notes", K::Text, "检查记录"),
                      field("fewer_than_two", K::Bool, "在场不足两人").computed(),
                      // The position source said the fix was simulated (a replayed log, a mock
                      // location): the check-in is not evidence of where anyone stood.
                      field("gps_simulated", K::Bool, "模拟定位").since(9),
                      // 被检查单位签字确认 (visit_rules.h): the sealed PNG of the drawn signature (an
                      // attachment of the visit), who signed and when, and the SHA-256 of the
                      // visit's content they signed. Set together by the writer, whose device saw
                      // the content; never computed by the receiving store, which may hold a
                      // different content by then (and must show that).
                      field("signature_attachment_id", K::Text, "签字图片").since(9),
                      field("signed_by", K::Text, "被检查单位签字人").since(9),
                      field("signed_ms", K::Integer, "签字时间").since(9),
                      field("signed_content_sha256", K::Text, "签字内容SHA-256").since(9)},
                     lifeCycle("planned", {{"planned", "started"}, {"started", "submitted"}, {"submitted", "reviewed"},
                                           {"submitted", "started"}})});

    types.push_back({"finding", "findings", "问题线索",
                     {campaignRef(), unitRef(true),
                      field("category", K::Choice, "问题类别").required().choices(problemCategories()),
                      field("subcategory", K::Text, "具体问题"), field("description", K::Text, "问题描述").required(),
                      field("money_involved", K::Money, "涉及金额（元）"),
                      field("persons_involved", K::Text, "涉及人员").sensitive(),
                      field("source", K::Choice, "线索来源").required().choices({{"visit", "现场检查"},
                                                                                {"self_inspection", "自查自纠"},
                                                                                {"petition", "信访举报"},
                                                                                {"spot_check", "重点抽查"},
                                                                                {"clue_screening", "线索排查"}}),
                      field("found_date", K::Date, "发现日期"),
                      statusField({{"recorded", "已登记"},
                                   {"submitted", "已提交"},
                                   {"verified", "已核实"},
                                   {"case_opened", "已立案"},
                                   {"transferred", "已移交"},
                                   {"rectifying", "整改中"},
                                   {"closed", "已办结"}},
                                  "recorded")
                          .since(3),
                      field("visit_id", K::Reference, "现场检查").ref("visit").since(3),
                      field("complaint_id", K::Reference, "信访件").ref("complaint").since(3),
                      // Set when the finding becomes a case (立案 or 移交): counts for 查办一批典型案件.
                      field("case_opened_date", K::Date, "立案/移交日期").computed().since(3)},
                     lifeCycle("recorded", {{"recorded", "submitted"},
                                            {"submitted", "recorded"},  // returned to the inspector for rework
                                            {"submitted", "verified"},
                                            {"verified", "case_opened"},
                                            {"verified", "transferred"},
                                            {"verified", "rectifying"},
                                            {"case_opened", "rectifying"},
                                            {"transferred", "rectifying"},
                                            {"case_opened", "closed"},
                                            {"rectifying", "closed"}})});

    types.push_back({"rectification_plan", "rectification_plans", "整改方案",
                     {campaignRef(), unitRef(true), field("title", K::Text, "标题").required(),
                      field("cause_analysis", K::Text, "原因剖析"),
                      statusField({{"draft", "草稿"}, {"submitted", "已提交"}, {"accepted", "已通过"}, {"returned", "已退回"},
                                   {"completed", "已完成"}},
                                  "draft")},
                     lifeCycle("draft", {{"draft", "submitted"}, {"submitted", "accepted"}, {"submitted", "returned"},
                                         {"returned", "submitted"}, {"accepted", "completed"}})});

    types.push_back({"rectification_measure", "rectification_measures", "整改措施",
                     {field("plan_id", K::Reference, "整改方案").required().ref("rectification_plan"),
                      field("finding_id", K::Reference, "问题线索").ref("finding"),
                      field("description", K::Text, "措施内容").required(), field("owner", K::Text, "责任人").required(),
                      field("deadline", K::Date, "完成时限").required(),
                      field("kind", K::Choice, "类型").required().choices({{"immediate", "立行立改"},
                                                                         {"long_term", "长期坚持"},
                                                                         {"needs_support", "需上级支持"}}),
                      statusField({{"planned", "未开始"}, {"in_progress", "推进中"}, {"done", "已完成"}}, "planned"),
                      field("completion_evidence", K::Text, "完成佐证"), field("completed_date", K::Date, "完成日期").computed()},
                     lifeCycle("planned", {{"planned", "in_progress"}, {"in_progress", "done"}, {"planned", "done"},
                                           {"done", "in_progress"}})});

    types.push_back({"monthly_report", "monthly_reports", "月度整改报告",
                     {campaignRef(), unitRef(true), field("month", K::Month, "月份").required(),
                      field("work_done", K::Text, "整改工作情况"), field("problems_remaining", K::Text, "存在问题"),
                      field("next_plan", K::Text, "下一步工作计划"),
                      field("submitted_date", K::Date, "报送日期").computed(),
                      statusField({{"draft", "草稿"}, {"submitted", "已报送"}}, "draft")},
                     lifeCycle("draft", {{"draft", "submitted"}, {"submitted", "draft"}})});

    types.push_back({"escalation", "escalations", "请示报告",
                     {unitRef(false), field("measure_id", K::Reference, "整改措施").ref("rectification_measure"),
                      field("question", K::Text, "请示事项").required(),
                      field("to_whom", K::Choice, "报送对象").required().choices({{"leader_in_charge", "分管领导"},
                                                                                 {"party_committee", "局党委"},
                                                                                 {"higher_level", "上级部门"}}),
                      field("asked_date", K::Date, "请示日期"), field("answer", K::Text, "批复意见"),
                      field("answered_date", K::Date, "批复日期"),
                      statusField({{"open", "待批复"}, {"answered", "已批复"}, {"closed", "已办结"}}, "open")},
                     lifeCycle("open", {{"open", "answered"}, {"answered", "closed"}, {"answered", "open"}})});

    // The unit's answer to a finding against it (DOMAIN.md: a liaison "answers findings addressed to
    // the unit"): its own record, so that answering never changes what was found.
    types.push_back({"finding_answer", "finding_answers", "问题答复",
                     {field("finding_id", K::Reference, "问题线索").required().ref("finding").since(6),
                      field("stance", K::Choice, "答复意见").required().choices({{"accepted", "认领整改"},
                                                                                {"explained", "情况说明"},
                                                                                {"disputed", "有异议"}}).since(6),
                      field("answer", K::Text, "答复内容").required().since(6),
                      field("submitted_date", K::Date, "提交日期").computed().since(6),
                      statusField({{"draft", "草稿"}, {"submitted", "已提交"}, {"acknowledged", "已阅"}}, "draft").since(6)},
                     lifeCycle("draft", {{"draft", "submitted"}, {"submitted", "acknowledged"}})});

    types.push_back({"accountability_case", "accountability_cases", "问责",
                     {campaignRef(), unitRef(false), field("target", K::Text, "问责对象").required(),
                      field("reason", K::Choice, "问责情形").required().choices({{"not_reported", "不上报"},
                                                                                 {"not_rectified", "不整改"},
                                                                                 {"measures_not_implemented", "整改措施不落实"},
                                                                                 {"concealed", "瞒报"},
                                                                                 {"omitted", "漏报"},
                                                                                 {"poor_rectification", "整改不力"}}),
                      field("measure", K::Choice, "问责方式").choices({{"notice", "通报"},
                                                                       {"talk_reminder", "谈话提醒"},
                                                                       {"organizational", "组织处理"},
                                                                       {"party_discipline", "党纪处分"}}),
                      field("finding_id", K::Reference, "问题线索").ref("finding"),
                      field("basis", K::Text, "依据"),
                      statusField({{"proposed", "拟问责"}, {"confirmed", "已确认"}, {"dismissed", "不予问责"}}, "proposed"),
                      field("decision_note", K::Text, "处理意见"), field("decided_date", K::Date, "决定日期").computed()},
                     lifeCycle("proposed", {{"proposed", "confirmed"}, {"proposed", "dismissed"}})});

    types.push_back({"rule_adopted", "rules_adopted", "制度规范",
                     {campaignRef(), unitRef(false), field("title", K::Text, "制度名称").required(),
                      field("summary", K::Text, "主要内容"), field("adopted_date", K::Date, "出台日期")}});

    types.push_back({"rule_basis", "rule_bases", "制度依据",
                     {field("rule_id", K::Reference, "制度规范").required().ref("rule_adopted"),
                      field("finding_id", K::Reference, "问题线索").required().ref("finding")}});

    types.push_back({"good_practice", "good_practices", "优秀做法",
                     {campaignRef(), unitRef(false), field("title", K::Text, "标题").required(),
                      field("description", K::Text, "经验做法")}});

    types.push_back({"spot_check_draw", "spot_check_draws", "抽查抽签",
                     {campaignRef(), field("period", K::Month, "期间").required(),
                      field("sample_size", K::Integer, "随机抽取数").required(),
                      field("candidates", K::Json, "候选单位名单").required(),
                      field("candidates_sha256", K::Text, "名单SHA-256").required(),
                      field("seed_parts", K::Json, "种子组成").required(), field("seed", K::Text, "种子").required(),
                      field("picks", K::Json, "抽取结果").required()}});
    return types;
}

}  // namespace

bool LifeCycle::allows(const std::string& from, const std::string& to) const {
    return std::find(transitions.begin(), transitions.end(), std::make_pair(from, to)) != transitions.end();
}

std::vector<std::string> LifeCycle::nextStates(const std::string& from) const {
    std::vector<std::string> out;
    for (const auto& [a, b] : transitions) {
        if (a == from) out.push_back(b);
    }
    return out;
}

const FieldSpec* RecordTypeSpec::field(const std::string& fieldName) const {
    for (const auto& f : fields) {
        if (f.name == fieldName) return &f;
    }
    return nullptr;
}

const std::vector<RecordTypeSpec>& recordTypes() {
    static const std::vector<RecordTypeSpec> types = buildRecordTypes();
    return types;
}

const RecordTypeSpec* findRecordType(const std::string& name) {
    for (const auto& t : recordTypes()) {
        if (t.name == name) return &t;
    }
    return nullptr;
}

std::string fieldKindName(FieldKind kind) {
    switch (kind) {
        case FieldKind::Text: return "text";
        case FieldKind::Integer: return "integer";
        case FieldKind::Real: return "real";
        case FieldKind::Money: return "money";
        case FieldKind::Bool: return "bool";
        case FieldKind::Date: return "date";
        case FieldKind::Month: return "month";
        case FieldKind::Json: return "json";
        case FieldKind::Choice: return "choice";
        case FieldKind::Reference: return "reference";
    }
    return "?";
}

nlohmann::json Record::toJson(bool withSensitive) const {
    nlohmann::json f = fields;
    if (!withSensitive) {
        if (const auto* spec = findRecordType(type)) {
            for (const auto& fs : spec->fields) {
                if (fs.sensitive && f.contains(fs.name) && !f[fs.name].is_null()) f[fs.name] = "[withheld]";
            }
        }
    }
    return {{"type", type},
            {"id", id},
            {"version", version},
            {"created_at", createdMs},
            {"created_by", createdBy},
            {"updated_at", updatedMs},
            {"updated_by", updatedBy},
            {"withdrawn", withdrawn},
            {"withdrawn_reason", withdrawn ? nlohmann::json(withdrawnReason) : nlohmann::json()},
            {"fields", f}};
}

}  // namespace fieldcheck
