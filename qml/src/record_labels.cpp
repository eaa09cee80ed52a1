#include "record_labels.h"

#include <QCoreApplication>
#include <QLocale>
#include <cstring>

#include "fieldcheck/core/records.h"

namespace fieldcheck::ui {

namespace {

struct Text {
    const char* source;
    const char* comment;
};

struct ChoiceText {
    const char* type;
    const char* field;
    const char* value;
    Text text;
};

// The values the app's pages show, by record type and field (core/src/records.cpp).
constexpr ChoiceText kChoices[] = {
    {"unit", "unit_type", "department", QT_TRANSLATE_NOOP3("RecordLabels", "Bureau department", "unit type 机关科室")},
    {"unit", "unit_type", "elderly_home", QT_TRANSLATE_NOOP3("RecordLabels", "Elderly home", "unit type 养老机构")},
    {"unit", "unit_type", "child_welfare", QT_TRANSLATE_NOOP3("RecordLabels", "Child welfare institution", "unit type 儿童福利机构")},
    {"unit", "unit_type", "relief_station", QT_TRANSLATE_NOOP3("RecordLabels", "Relief station", "unit type 救助管理站")},
    {"unit", "unit_type", "funeral_service", QT_TRANSLATE_NOOP3("RecordLabels", "Funeral service", "unit type 殡葬服务机构")},
    {"unit", "unit_type", "marriage_registry", QT_TRANSLATE_NOOP3("RecordLabels", "Marriage registry", "unit type 婚姻登记处")},
    {"unit", "unit_type", "community_service", QT_TRANSLATE_NOOP3("RecordLabels", "Community service", "unit type 社区服务机构")},
    {"unit", "unit_type", "affiliated_unit", QT_TRANSLATE_NOOP3("RecordLabels", "Affiliated unit", "unit type 其他直属单位")},

    {"finding", "category", "responsibility", QT_TRANSLATE_NOOP3("RecordLabels", "The two responsibilities not carried out", "problem category 落实“两个责任”不力")},
    {"finding", "category", "eight_rules", QT_TRANSLATE_NOOP3("RecordLabels", "Breach of the eight rules", "problem category 违反中央八项规定精神")},
    {"finding", "category", "four_styles", QT_TRANSLATE_NOOP3("RecordLabels", "Four styles", "problem category “四风”问题")},
    {"finding", "category", "public_interest", QT_TRANSLATE_NOOP3("RecordLabels", "Harm to the public's interests", "problem category 损害群众利益")},
    {"finding", "category", "misconduct", QT_TRANSLATE_NOOP3("RecordLabels", "Misconduct", "problem category 乱作为")},
    {"finding", "category", "inaction", QT_TRANSLATE_NOOP3("RecordLabels", "Inaction", "problem category 不作为")},
    {"finding", "category", "internal", QT_TRANSLATE_NOOP3("RecordLabels", "Internal management and style", "problem category 内部管理与作风")},
    {"finding", "category", "safety", QT_TRANSLATE_NOOP3("RecordLabels", "Safety hazard", "problem category 安全隐患")},

    // A petition's category is a problem category too (the finding's words, below).
    {"complaint", "channel", "letter", QT_TRANSLATE_NOOP3("RecordLabels", "Letter", "petition channel 来信")},
    {"complaint", "channel", "visit", QT_TRANSLATE_NOOP3("RecordLabels", "In person", "petition channel 来访")},
    {"complaint", "channel", "hotline", QT_TRANSLATE_NOOP3("RecordLabels", "Hotline", "petition channel 热线电话")},
    {"complaint", "channel", "online", QT_TRANSLATE_NOOP3("RecordLabels", "Online message", "petition channel 网上留言")},
    {"complaint", "channel", "referral", QT_TRANSLATE_NOOP3("RecordLabels", "Referred from above", "petition channel 上级转办")},
    {"complaint", "conclusion", "pending", QT_TRANSLATE_NOOP3("RecordLabels", "Under inquiry", "petition conclusion 待查")},
    {"complaint", "conclusion", "substantiated", QT_TRANSLATE_NOOP3("RecordLabels", "Substantiated", "petition conclusion 属实")},
    {"complaint", "conclusion", "partly", QT_TRANSLATE_NOOP3("RecordLabels", "Partly substantiated", "petition conclusion 部分属实")},
    {"complaint", "conclusion", "unsubstantiated", QT_TRANSLATE_NOOP3("RecordLabels", "Unsubstantiated", "petition conclusion 否")},
    {"complaint", "supervision_status", "none", QT_TRANSLATE_NOOP3("RecordLabels", "No supervision needed", "supervision status 无需督办")},
    {"complaint", "supervision_status", "required", QT_TRANSLATE_NOOP3("RecordLabels", "To be assigned", "supervision status 待督办")},
    {"complaint", "supervision_status", "supervising", QT_TRANSLATE_NOOP3("RecordLabels", "Under supervision", "supervision status 督办中")},
    {"complaint", "supervision_status", "concluded", QT_TRANSLATE_NOOP3("RecordLabels", "Concluded", "supervision status 已办结")},

    {"finding", "status", "recorded", QT_TRANSLATE_NOOP3("RecordLabels", "Recorded", "finding status 已登记")},
    {"finding", "status", "submitted", QT_TRANSLATE_NOOP3("RecordLabels", "Submitted", "finding status 已提交")},
    {"finding", "status", "verified", QT_TRANSLATE_NOOP3("RecordLabels", "Verified", "finding status 已核实")},
    {"finding", "status", "case_opened", QT_TRANSLATE_NOOP3("RecordLabels", "Case opened", "finding status 已立案")},
    {"finding", "status", "transferred", QT_TRANSLATE_NOOP3("RecordLabels", "Transferred", "finding status 已移交")},
    {"finding", "status", "rectifying", QT_TRANSLATE_NOOP3("RecordLabels", "Being rectified", "finding status 整改中")},
    {"finding", "status", "closed", QT_TRANSLATE_NOOP3("RecordLabels", "Closed", "finding status 已办结")},

    {"finding", "source", "visit", QT_TRANSLATE_NOOP3("RecordLabels", "On-site inspection", "finding source 现场检查")},
    {"finding", "source", "self_inspection", QT_TRANSLATE_NOOP3("RecordLabels", "Self-inspection", "finding source 自查自纠")},
    {"finding", "source", "petition", QT_TRANSLATE_NOOP3("RecordLabels", "Petition or report", "finding source 信访举报")},
    {"finding", "source", "spot_check", QT_TRANSLATE_NOOP3("RecordLabels", "Spot check", "finding source 重点抽查")},
    {"finding", "source", "clue_screening", QT_TRANSLATE_NOOP3("RecordLabels", "Clue screening", "finding source 线索排查")},

    {"rectification_plan", "status", "draft", QT_TRANSLATE_NOOP3("RecordLabels", "Draft", "rectification plan status 草稿")},
    {"rectification_plan", "status", "submitted", QT_TRANSLATE_NOOP3("RecordLabels", "Submitted", "rectification plan status 已提交")},
    {"rectification_plan", "status", "accepted", QT_TRANSLATE_NOOP3("RecordLabels", "Accepted", "rectification plan status 已通过")},
    {"rectification_plan", "status", "returned", QT_TRANSLATE_NOOP3("RecordLabels", "Returned", "rectification plan status 已退回")},
    {"rectification_plan", "status", "completed", QT_TRANSLATE_NOOP3("RecordLabels", "Completed", "rectification plan status 已完成")},

    {"rectification_measure", "kind", "immediate", QT_TRANSLATE_NOOP3("RecordLabels", "Rectify at once", "measure kind 立行立改")},
    {"rectification_measure", "kind", "long_term", QT_TRANSLATE_NOOP3("RecordLabels", "Long-term", "measure kind 长期坚持")},
    {"rectification_measure", "kind", "needs_support", QT_TRANSLATE_NOOP3("RecordLabels", "Needs higher-level support", "measure kind 需上级支持")},
    {"rectification_measure", "status", "planned", QT_TRANSLATE_NOOP3("RecordLabels", "Not started", "measure status 未开始")},
    {"rectification_measure", "status", "in_progress", QT_TRANSLATE_NOOP3("RecordLabels", "In progress", "measure status 推进中")},
    {"rectification_measure", "status", "done", QT_TRANSLATE_NOOP3("RecordLabels", "Done", "measure status 已完成")},

    {"monthly_report", "status", "draft", QT_TRANSLATE_NOOP3("RecordLabels", "Draft", "monthly report status 草稿")},
    {"monthly_report", "status", "submitted", QT_TRANSLATE_NOOP3("RecordLabels", "Filed", "monthly report status 已报送")},

    {"escalation", "to_whom", "leader_in_charge", QT_TRANSLATE_NOOP3("RecordLabels", "Leader in charge", "escalated to 分管领导")},
    {"escalation", "to_whom", "party_committee", QT_TRANSLATE_NOOP3("RecordLabels", "Party committee", "escalated to 局党委")},
    {"escalation", "to_whom", "higher_level", QT_TRANSLATE_NOOP3("RecordLabels", "Higher authorities", "escalated to 上级部门")},
    {"escalation", "status", "open", QT_TRANSLATE_NOOP3("RecordLabels", "Awaiting an answer", "escalation status 待批复")},
    {"escalation", "status", "answered", QT_TRANSLATE_NOOP3("RecordLabels", "Answered", "escalation status 已批复")},
    {"escalation", "status", "closed", QT_TRANSLATE_NOOP3("RecordLabels", "Closed", "escalation status 已办结")},

    {"finding_answer", "stance", "accepted", QT_TRANSLATE_NOOP3("RecordLabels", "Accepted: the unit rectifies", "answer stance 认领整改")},
    {"finding_answer", "stance", "explained", QT_TRANSLATE_NOOP3("RecordLabels", "Explanation of the facts", "answer stance 情况说明")},
    {"finding_answer", "stance", "disputed", QT_TRANSLATE_NOOP3("RecordLabels", "Disputed", "answer stance 有异议")},
    {"finding_answer", "status", "draft", QT_TRANSLATE_NOOP3("RecordLabels", "Draft", "finding answer status 草稿")},
    {"finding_answer", "status", "submitted", QT_TRANSLATE_NOOP3("RecordLabels", "Submitted", "finding answer status 已提交")},
    {"finding_answer", "status", "acknowledged", QT_TRANSLATE_NOOP3("RecordLabels", "Acknowledged", "finding answer status 已阅")},

    {"accountability_case", "reason", "not_reported", QT_TRANSLATE_NOOP3("RecordLabels", "Not reported", "accountability reason 不上报")},
    {"accountability_case", "reason", "not_rectified", QT_TRANSLATE_NOOP3("RecordLabels", "Not rectified", "accountability reason 不整改")},
    {"accountability_case", "reason", "measures_not_implemented", QT_TRANSLATE_NOOP3("RecordLabels", "Measures not carried out", "accountability reason 整改措施不落实")},
    {"accountability_case", "reason", "concealed", QT_TRANSLATE_NOOP3("RecordLabels", "Concealed", "accountability reason 瞒报")},
    {"accountability_case", "reason", "omitted", QT_TRANSLATE_NOOP3("RecordLabels", "Left out of the report", "accountability reason 漏报")},
    {"accountability_case", "reason", "poor_rectification", QT_TRANSLATE_NOOP3("RecordLabels", "Poor rectification", "accountability reason 整改不力")},
    {"accountability_case", "measure", "notice", QT_TRANSLATE_NOOP3("RecordLabels", "Public notice", "accountability measure 通报")},
    {"accountability_case", "measure", "talk_reminder", QT_TRANSLATE_NOOP3("RecordLabels", "Reminder talk", "accountability measure 谈话提醒")},
    {"accountability_case", "measure", "organizational", QT_TRANSLATE_NOOP3("RecordLabels", "Organisational measures", "accountability measure 组织处理")},
    {"accountability_case", "measure", "party_discipline", QT_TRANSLATE_NOOP3("RecordLabels", "Party discipline", "accountability measure 党纪处分")},
    {"accountability_case", "status", "proposed", QT_TRANSLATE_NOOP3("RecordLabels", "Proposed", "accountability status 拟问责")},
    {"accountability_case", "status", "confirmed", QT_TRANSLATE_NOOP3("RecordLabels", "Confirmed", "accountability status 已确认")},
    {"accountability_case", "status", "dismissed", QT_TRANSLATE_NOOP3("RecordLabels", "Dismissed", "accountability status 不予问责")},

    {"visit", "status", "planned", QT_TRANSLATE_NOOP3("RecordLabels", "Planned", "visit status 计划")},
    {"visit", "status", "started", QT_TRANSLATE_NOOP3("RecordLabels", "In progress", "visit status 进行中")},
    {"visit", "status", "submitted", QT_TRANSLATE_NOOP3("RecordLabels", "Submitted", "visit status 已提交")},
    {"visit", "status", "reviewed", QT_TRANSLATE_NOOP3("RecordLabels", "Reviewed", "visit status 已审核")},
};

struct MoveText {
    const char* type;
    const char* from;
    const char* to;
    Text text;
};

// The finding's life-cycle moves (core/src/records.cpp) as the button that makes each one says it.
constexpr MoveText kMoves[] = {
    {"finding", "recorded", "submitted", QT_TRANSLATE_NOOP3("RecordLabels", "Submit for review", "finding move 已登记 → 已提交")},
    {"finding", "submitted", "recorded", QT_TRANSLATE_NOOP3("RecordLabels", "Return for rework", "finding move 已提交 → 已登记")},
    {"finding", "submitted", "verified", QT_TRANSLATE_NOOP3("RecordLabels", "Confirm as verified", "finding move 已提交 → 已核实")},
    {"finding", "verified", "case_opened", QT_TRANSLATE_NOOP3("RecordLabels", "Open a case", "finding move 已核实 → 已立案")},
    {"finding", "verified", "transferred", QT_TRANSLATE_NOOP3("RecordLabels", "Transfer to another authority", "finding move 已核实 → 已移交")},
    {"finding", "verified", "rectifying", QT_TRANSLATE_NOOP3("RecordLabels", "Order rectification", "finding move 已核实 → 整改中")},
    {"finding", "case_opened", "rectifying", QT_TRANSLATE_NOOP3("RecordLabels", "Order rectification", "finding move 已立案 → 整改中")},
    {"finding", "transferred", "rectifying", QT_TRANSLATE_NOOP3("RecordLabels", "Order rectification", "finding move 已移交 → 整改中")},
    {"finding", "case_opened", "closed", QT_TRANSLATE_NOOP3("RecordLabels", "Close the case", "finding move 已立案 → 已办结")},
    {"finding", "rectifying", "closed", QT_TRANSLATE_NOOP3("RecordLabels", "Close as rectified", "finding move 整改中 → 已办结")},
    {"rectification_plan", "draft", "submitted", QT_TRANSLATE_NOOP3("RecordLabels", "Submit the plan", "plan move 草稿 → 已提交")},
    {"rectification_plan", "returned", "submitted", QT_TRANSLATE_NOOP3("RecordLabels", "Submit the plan again", "plan move 已退回 → 已提交")},
    {"rectification_plan", "submitted", "accepted", QT_TRANSLATE_NOOP3("RecordLabels", "Accept the plan", "plan move 已提交 → 已通过")},
    {"rectification_plan", "submitted", "returned", QT_TRANSLATE_NOOP3("RecordLabels", "Return the plan for revision", "plan move 已提交 → 已退回")},
    {"rectification_plan", "accepted", "completed", QT_TRANSLATE_NOOP3("RecordLabels", "Report the plan completed", "plan move 已通过 → 已完成")},
    {"rectification_measure", "planned", "in_progress", QT_TRANSLATE_NOOP3("RecordLabels", "Start the measure", "measure move 未开始 → 推进中")},
    {"rectification_measure", "planned", "done", QT_TRANSLATE_NOOP3("RecordLabels", "Report the measure done", "measure move 未开始 → 已完成")},
    {"rectification_measure", "in_progress", "done", QT_TRANSLATE_NOOP3("RecordLabels", "Report the measure done", "measure move 推进中 → 已完成")},
    {"rectification_measure", "done", "in_progress", QT_TRANSLATE_NOOP3("RecordLabels", "Reopen the measure", "measure move 已完成 → 推进中")},
    {"monthly_report", "draft", "submitted", QT_TRANSLATE_NOOP3("RecordLabels", "File the report", "monthly report move 草稿 → 已报送")},
    {"monthly_report", "submitted", "draft", QT_TRANSLATE_NOOP3("RecordLabels", "Return the report to the unit", "monthly report move 已报送 → 草稿")},
    {"escalation", "open", "answered", QT_TRANSLATE_NOOP3("RecordLabels", "Give the answer", "escalation move 待批复 → 已批复")},
    {"escalation", "answered", "open", QT_TRANSLATE_NOOP3("RecordLabels", "Reopen the question", "escalation move 已批复 → 待批复")},
    {"escalation", "answered", "closed", QT_TRANSLATE_NOOP3("RecordLabels", "Close the escalation", "escalation move 已批复 → 已办结")},
    {"finding_answer", "draft", "submitted", QT_TRANSLATE_NOOP3("RecordLabels", "Submit the answer", "finding answer move 草稿 → 已提交")},
    {"finding_answer", "submitted", "acknowledged", QT_TRANSLATE_NOOP3("RecordLabels", "Acknowledge the answer", "finding answer move 已提交 → 已阅")},
    {"accountability_case", "proposed", "confirmed", QT_TRANSLATE_NOOP3("RecordLabels", "Confirm accountability", "accountability move 拟问责 → 已确认")},
    {"accountability_case", "proposed", "dismissed", QT_TRANSLATE_NOOP3("RecordLabels", "Dismiss: no accountability", "accountability move 拟问责 → 不予问责")},
};

struct ActionText {
    const char* action;
    Text text;
};

// Store actions on a record (store.cpp, replication.cpp) that a unit's history can hold.
constexpr ActionText kActions[] = {
    {"create", QT_TRANSLATE_NOOP3("RecordLabels", "Created", "audit action")},
    {"update", QT_TRANSLATE_NOOP3("RecordLabels", "Changed", "audit action")},
    {"withdraw", QT_TRANSLATE_NOOP3("RecordLabels", "Withdrawn", "audit action")},
    {"restore", QT_TRANSLATE_NOOP3("RecordLabels", "Restored", "audit action")},
    {"resolve", QT_TRANSLATE_NOOP3("RecordLabels", "Conflict resolved", "audit action")},
    {"attach", QT_TRANSLATE_NOOP3("RecordLabels", "Document attached", "audit action")},
};

struct AnswerText {
    const char* value;
    Text text;
};

// The answers a checklist item takes (visit_rules::answerChoices).
constexpr AnswerText kAnswers[] = {
    {"ok", QT_TRANSLATE_NOOP3("RecordLabels", "OK", "checklist answer 符合")},
    {"problem", QT_TRANSLATE_NOOP3("RecordLabels", "Problem", "checklist answer 存在问题")},
    {"not_applicable", QT_TRANSLATE_NOOP3("RecordLabels", "Not applicable", "checklist answer 不适用")},
    {"yes", QT_TRANSLATE_NOOP3("RecordLabels", "Yes", "checklist answer 是")},
    {"no", QT_TRANSLATE_NOOP3("RecordLabels", "No", "checklist answer 否")},
};

QString translated(const Text& text) {
    return QCoreApplication::translate("RecordLabels", text.source, text.comment);
}

struct FieldText {
    const char* type;  // "*": any type with such a field
    const char* field;
    Text text;
};

// The fields people edit in the field and in the office, which is where conflicts arise.
constexpr FieldText kFields[] = {
    {"*", "status", QT_TRANSLATE_NOOP3("RecordLabels", "Status", "field 状态")},
    {"*", "description", QT_TRANSLATE_NOOP3("RecordLabels", "Description", "field 问题描述/措施内容")},
    {"*", "note", QT_TRANSLATE_NOOP3("RecordLabels", "Note", "field 备注")},
    {"*", "due_date", QT_TRANSLATE_NOOP3("RecordLabels", "Due date", "field 完成期限")},
    {"*", "unit_id", QT_TRANSLATE_NOOP3("RecordLabels", "Unit", "field 单位")},
    {"*", "name", QT_TRANSLATE_NOOP3("RecordLabels", "Name", "field 名称")},
    {"*", "address", QT_TRANSLATE_NOOP3("RecordLabels", "Address", "field 地址")},
    {"finding", "category", QT_TRANSLATE_NOOP3("RecordLabels", "Problem category", "field 问题类别")},
    {"finding", "subcategory", QT_TRANSLATE_NOOP3("RecordLabels", "Specific problem", "field 具体问题")},
    {"finding", "money_involved", QT_TRANSLATE_NOOP3("RecordLabels", "Amount involved (yuan)", "field 涉及金额（元）")},
    {"finding", "persons_involved", QT_TRANSLATE_NOOP3("RecordLabels", "Persons involved", "field 涉及人员")},
    {"finding", "source", QT_TRANSLATE_NOOP3("RecordLabels", "Source of the clue", "field 线索来源")},
    {"finding", "found_date", QT_TRANSLATE_NOOP3("RecordLabels", "Date found", "field 发现日期")},
    {"visit", "inspectors_present", QT_TRANSLATE_NOOP3("RecordLabels", "Inspectors present", "field 在场检查人员")},
    {"visit", "answers", QT_TRANSLATE_NOOP3("RecordLabels", "Checklist answers", "field 检查结果")},
    {"visit", "notes", QT_TRANSLATE_NOOP3("RecordLabels", "Visit notes", "field 检查记录")},
    {"visit", "planned_date", QT_TRANSLATE_NOOP3("RecordLabels", "Planned date", "field 计划日期")},
    {"rectification_measure", "owner", QT_TRANSLATE_NOOP3("RecordLabels", "Person responsible", "field 责任人")},
    {"rectification_measure", "deadline", QT_TRANSLATE_NOOP3("RecordLabels", "Deadline", "field 完成时限")},
    {"rectification_measure", "completion_evidence", QT_TRANSLATE_NOOP3("RecordLabels", "Evidence of completion", "field 完成佐证")},
    {"rectification_plan", "title", QT_TRANSLATE_NOOP3("RecordLabels", "Title", "field 标题")},
    {"rectification_plan", "cause_analysis", QT_TRANSLATE_NOOP3("RecordLabels", "Analysis of the causes", "field 原因剖析")},
    {"complaint", "conclusion", QT_TRANSLATE_NOOP3("RecordLabels", "Conclusion of the inquiry", "field 调查结论")},
    {"complaint", "supervisor", QT_TRANSLATE_NOOP3("RecordLabels", "Supervisor", "field 督办人")},
    {"complaint", "supervision_deadline", QT_TRANSLATE_NOOP3("RecordLabels", "Supervision deadline", "field 督办期限")},
    {"complaint", "supervision_outcome", QT_TRANSLATE_NOOP3("RecordLabels", "Outcome of the supervision", "field 督办结果")},
    {"monthly_report", "work_done", QT_TRANSLATE_NOOP3("RecordLabels", "Rectification work done", "field 整改工作情况")},
    {"monthly_report", "problems_remaining", QT_TRANSLATE_NOOP3("RecordLabels", "Problems remaining", "field 存在问题")},
    {"monthly_report", "next_plan", QT_TRANSLATE_NOOP3("RecordLabels", "Plan for next month", "field 下一步工作计划")},
    {"self_inspection", "period", QT_TRANSLATE_NOOP3("RecordLabels", "Month covered", "field 期间")},
    {"self_inspection", "zero_report", QT_TRANSLATE_NOOP3("RecordLabels", "Zero report: no problem found", "field 零报告")},
    {"self_inspection", "problem_count", QT_TRANSLATE_NOOP3("RecordLabels", "Problems found", "field 自查问题数")},
    {"self_inspection", "summary", QT_TRANSLATE_NOOP3("RecordLabels", "What the self-inspection covered", "field 自查情况")},
    {"rectification_measure", "kind", QT_TRANSLATE_NOOP3("RecordLabels", "Kind of measure", "field 类型")},
    {"rectification_measure", "completed_date", QT_TRANSLATE_NOOP3("RecordLabels", "Completed on", "field 完成日期")},
    {"monthly_report", "month", QT_TRANSLATE_NOOP3("RecordLabels", "Month", "field 月份")},
    {"monthly_report", "submitted_date", QT_TRANSLATE_NOOP3("RecordLabels", "Filed on", "field 报送日期")},
    {"finding_answer", "submitted_date", QT_TRANSLATE_NOOP3("RecordLabels", "Submitted on", "field 提交日期")},
    {"escalation", "question", QT_TRANSLATE_NOOP3("RecordLabels", "Question asked", "field 请示事项")},
    {"escalation", "to_whom", QT_TRANSLATE_NOOP3("RecordLabels", "Addressed to", "field 报送对象")},
    {"escalation", "asked_date", QT_TRANSLATE_NOOP3("RecordLabels", "Asked on", "field 请示日期")},
    {"escalation", "answer", QT_TRANSLATE_NOOP3("RecordLabels", "Answer", "field 批复意见")},
    {"escalation", "answered_date", QT_TRANSLATE_NOOP3("RecordLabels", "Answered on", "field 批复日期")},
    {"finding_answer", "stance", QT_TRANSLATE_NOOP3("RecordLabels", "The unit's position", "field 答复意见")},
    {"finding_answer", "answer", QT_TRANSLATE_NOOP3("RecordLabels", "Answer", "field 答复内容")},
    {"accountability_case", "target", QT_TRANSLATE_NOOP3("RecordLabels", "Held accountable", "field 问责对象")},
    {"accountability_case", "reason", QT_TRANSLATE_NOOP3("RecordLabels", "Grounds", "field 问责情形")},
    {"accountability_case", "measure", QT_TRANSLATE_NOOP3("RecordLabels", "Measure taken", "field 问责方式")},
    {"accountability_case", "basis", QT_TRANSLATE_NOOP3("RecordLabels", "Basis", "field 依据")},
    {"accountability_case", "decision_note", QT_TRANSLATE_NOOP3("RecordLabels", "Decision", "field 处理意见")},
    {"accountability_case", "decided_date", QT_TRANSLATE_NOOP3("RecordLabels", "Decided on", "field 决定日期")},
    {"*", "_withdrawn", QT_TRANSLATE_NOOP3("RecordLabels", "Withdrawn or kept", "conflict between an edit and a withdrawal 撤回")},
};

struct TypeText {
    const char* type;
    Text text;
};

// The record types a form of the app is for (RecordEditor): the page's title names them.
constexpr TypeText kTypes[] = {
    {"finding", QT_TRANSLATE_NOOP3("RecordLabels", "Finding", "record type 问题线索")},
    {"self_inspection", QT_TRANSLATE_NOOP3("RecordLabels", "Self-inspection", "record type 自查自纠")},
    {"rectification_plan", QT_TRANSLATE_NOOP3("RecordLabels", "Rectification plan", "record type 整改方案")},
    {"rectification_measure", QT_TRANSLATE_NOOP3("RecordLabels", "Rectification measure", "record type 整改措施")},
    {"monthly_report", QT_TRANSLATE_NOOP3("RecordLabels", "Monthly rectification report", "record type 月度整改报告")},
    {"escalation", QT_TRANSLATE_NOOP3("RecordLabels", "Escalation", "record type 请示报告")},
    {"finding_answer", QT_TRANSLATE_NOOP3("RecordLabels", "Answer to a finding", "record type 问题答复")},
    {"accountability_case", QT_TRANSLATE_NOOP3("RecordLabels", "Accountability case", "record type 问责")},
};

}  // namespace

QString fieldLabel(const std::string& type, const std::string& field) {
    for (const FieldText& f : kFields) {
        if (field == f.field && (type == f.type || std::strcmp(f.type, "*") == 0)) return translated(f.text);
    }
    const RecordTypeSpec* spec = findRecordType(type);
    const FieldSpec* fieldSpec = spec != nullptr ? spec->field(field) : nullptr;
    if (fieldSpec != nullptr && QLocale().language() == QLocale::Chinese) return QString::fromStdString(fieldSpec->labelZh);
    return QString::fromStdString(field);
}

QString recordTypeLabel(const std::string& type) {
    for (const TypeText& t : kTypes) {
        if (type == t.type) return translated(t.text);
    }
    const RecordTypeSpec* spec = findRecordType(type);
    if (spec != nullptr && QLocale().language() == QLocale::Chinese) return QString::fromStdString(spec->labelZh);
    return QString::fromStdString(type);
}

QString choiceLabel(const char* type, const char* field, const std::string& value) {
    if (std::strcmp(type, "complaint") == 0 && std::strcmp(field, "category") == 0) type = "finding";
    for (const ChoiceText& c : kChoices) {
        if (std::strcmp(c.type, type) == 0 && std::strcmp(c.field, field) == 0 && value == c.value) {
            return translated(c.text);
        }
    }
    return QString::fromStdString(value);
}

QString moveLabel(const char* type, const std::string& from, const std::string& to) {
    for (const MoveText& m : kMoves) {
        if (std::strcmp(m.type, type) == 0 && from == m.from && to == m.to) return translated(m.text);
    }
    return QCoreApplication::translate("RecordLabels", "Move to “%1”", "a life-cycle move the app has no word for")
        .arg(choiceLabel(type, "status", to));
}

QString auditActionLabel(const std::string& action) {
    for (const ActionText& a : kActions) {
        if (action == a.action) return translated(a.text);
    }
    return QString::fromStdString(action);
}

QString checklistAnswerLabel(const std::string& value) {
    for (const AnswerText& a : kAnswers) {
        if (value == a.value) return translated(a.text);
    }
    return QString::fromStdString(value);
}

}  // namespace fieldcheck::ui
