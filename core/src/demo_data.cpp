#include "fieldcheck/core/demo_data.h"

#include "fieldcheck/core/campaign_rules.h"

#include "store_impl.h"

#include <algorithm>
#include <array>
#include <ctime>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace fieldcheck {
namespace {

// splitmix64: small, fast and the same on every platform, so a seed always gives the same data.
class DemoRandom {
public:
    explicit DemoRandom(uint64_t seed) : m_state(seed) {}
    uint64_t next() {
        uint64_t z = (m_state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    int below(int n) { return static_cast<int>(next() % static_cast<uint64_t>(n)); }
    template <typename T>
    const T& pick(const std::vector<T>& v) { return v[static_cast<size_t>(below(static_cast<int>(v.size())))]; }

private:
    uint64_t m_state;
};

struct UnitTemplate {
    const char* type;
    const char* name;
};

const std::vector<UnitTemplate>& unitTemplates() {
    static const std::vector<UnitTemplate> t = {
        {"department", "办公室"}, {"department", "社会救助科"}, {"department", "养老服务科"},
        {"department", "社会事务科"}, {"department", "优抚安置科"}, {"department", "区划地名科"},
        {"department", "基层政权和社区建设科"}, {"department", "社会组织管理科"},
        {"department", "计划财务科"}, {"department", "人事科"}, {"department", "福彩管理科"},
        {"department", "慈善和社会工作科"},
        {"elderly_home", "区社会福利院"}, {"elderly_home", "东城街道敬老院"},
        {"elderly_home", "西河镇敬老院"}, {"elderly_home", "南山镇养老服务中心"},
        {"elderly_home", "北关街道日间照料中心"}, {"elderly_home", "青松老年公寓"},
        {"elderly_home", "夕阳红颐养院"}, {"elderly_home", "康宁护理院"},
        {"elderly_home", "长青敬老院"}, {"elderly_home", "白云镇敬老院"},
        {"child_welfare", "区儿童福利院"}, {"child_welfare", "未成年人救助保护中心"},
        {"relief_station", "区救助管理站"}, {"relief_station", "流浪乞讨人员临时救助点"},
        {"funeral_service", "区殡仪馆"}, {"funeral_service", "永安公墓"},
        {"funeral_service", "福寿园公益性公墓"},
        {"marriage_registry", "区婚姻登记处"},
        {"community_service", "东城社区服务中心"}, {"community_service", "西河社区服务中心"},
        {"community_service", "光明社区居家养老服务站"}, {"community_service", "和平社区服务中心"},
        {"affiliated_unit", "区福利彩票发行中心"}, {"affiliated_unit", "区慈善总会"},
        {"affiliated_unit", "区军供站"}, {"affiliated_unit", "区光荣院"},
        {"affiliated_unit", "区低收入家庭认定指导中心"}, {"affiliated_unit", "区地名服务中心"},
    };
    return t;
}

const std::vector<std::string> kLeaders = {"王副局长", "李副局长", "张副局长", "赵纪检组长"};
const std::vector<std::string> kStreets = {"人民路", "建设路", "解放大街", "和平路", "光明街", "新华路"};
const std::vector<std::string> kChannels = {"letter", "visit", "hotline", "online", "referral"};
const std::vector<std::string> kCategories = {"responsibility", "eight_rules", "four_styles", "public_interest",
                                              "misconduct", "inaction", "internal", "safety"};
const std::vector<std::string> kSurnames = {"陈", "刘", "杨", "黄", "周", "吴", "徐", "孙", "马", "朱"};
const std::vector<std::string> kGiven = {"建国", "秀英", "志强", "丽娟", "海涛", "玉兰", "国华", "桂芳"};

std::string complaintSummary(const std::string& category, const std::string& unitName) {
    if (category == "public_interest") return "反映" + unitName + "在救灾救济资金发放中存在截留、优亲厚友问题";
    if (category == "eight_rules") return "反映" + unitName + "工作人员公车私用、违规接受宴请";
    if (category == "four_styles") return "反映" + unitName + "办事推诿扯皮、群众多次跑腿";
    if (category == "misconduct") return "反映" + unitName + "乱收费、吃拿卡要";
    if (category == "inaction") return "反映" + unitName + "对群众诉求能办不办、敷衍应付";
    if (category == "safety") return "反映" + unitName + "消防通道堵塞、安全隐患长期未整改";
    if (category == "internal") return "反映" + unitName + "内部管理混乱、工作纪律松散";
    return "反映" + unitName + "主体责任落实不到位";
}

std::string findingDescription(const std::string& category, const std::string& unitName) {
    if (category == "public_interest") return unitName + "优抚资金发放台账与银行流水不符，差额待核实";
    if (category == "eight_rules") return unitName + "公务接待无公函、超标准列支";
    if (category == "four_styles") return unitName + "检查记录事后补写，存在形式主义问题";
    if (category == "misconduct") return unitName + "向入住老人收取未经批准的服务费";
    if (category == "inaction") return unitName + "民政服务机构普查数据漏报、迟报";
    if (category == "safety") return unitName + "灭火器过期、夜间值班人员不足";
    if (category == "internal") return unitName + "保密文件未按规定登记管理";
    return unitName + "党支部未按期开展廉政风险排查";
}

}  // namespace

nlohmann::json DemoSummary::toJson() const {
    return {{"campaigns", campaigns},
            {"units", units},
            {"inspection_groups", groups},
            {"persons", persons},
            {"complaints", complaints},
            {"supervised_petitions", supervisedPetitions},
            {"self_inspections", selfInspections},
            {"zero_reports", zeroReports},
            {"zero_reports_with_complaints", zeroReportsWithComplaints},
            {"visits", visits},
            {"visits_fewer_than_two", visitsFewerThanTwo},
            {"findings", findings},
            {"finding_answers", findingAnswers},
            {"rectification_plans", plans},
            {"plans_with_too_few_measures", plansTooFewMeasures},
            {"measures", measures},
            {"escalations", escalations},
            {"monthly_reports_on_time", reportsOnTime},
            {"monthly_reports_late", reportsLate},
            {"monthly_reports_missing", reportsMissing},
            {"accountability_cases", accountabilityCases},
            {"rules_adopted", rulesAdopted},
            {"good_practices", goodPractices}};
}

namespace {

// Milliseconds of a Beijing-time calendar day at `hour`:00.
int64_t at(const std::string& date, int hour) {
    std::tm tm{};
    tm.tm_year = std::stoi(date.substr(0, 4)) - 1900;
    tm.tm_mon = std::stoi(date.substr(5, 2)) - 1;
    tm.tm_mday = std::stoi(date.substr(8, 2));
    tm.tm_hour = hour;
    return (static_cast<int64_t>(timegm(&tm)) - 8 * 3600) * 1000;
}

std::string day(const std::string& month, int d) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%s-%02d", month.c_str(), d % 100);
    return buf;
}

// Runs the seeding with the store's clock set to a simulated campaign calendar, so that audit
// entries, submission dates and deadlines look like a real campaign's; restores the clock after.
class CampaignCalendar {
public:
    explicit CampaignCalendar(Store& store)
        : m_store(store), m_saved(store.impl().options.clock), m_clock(at("2026-03-24", 9)) {
        store.impl().options.clock = &m_clock;
    }
    ~CampaignCalendar() { m_store.impl().options.clock = m_saved; }
    CampaignCalendar(const CampaignCalendar&) = delete;
    CampaignCalendar& operator=(const CampaignCalendar&) = delete;
    void set(const std::string& date, int hour = 10) { m_clock.setMs(at(date, hour)); }

private:
    Store& m_store;
    const Clock* m_saved;
    ManualClock m_clock;
};

}  // namespace

Result<DemoSummary> seedDemoData(Store& store, uint64_t seed) {
    auto existing = store.countRecords("campaign");
    if (!existing.ok()) return existing.error();
    if (existing.value() > 0) {
        return makeError(ErrorCode::AlreadyExists, "the store already has a campaign; the demo data set is added only to an empty store");
    }
    DemoRandom rnd(seed);
    DemoSummary sum;
    const std::string actor = store.actor();
    CampaignCalendar calendar(store);
    Status st = store.transaction([&]() -> Status {
        // 2026-03-24: the campaign is launched (the speech), units and groups are set up.
        FC_ASSIGN_OR_RETURN(Record campaign,
                            store.createRecord("campaign", {{"code", "ZF-2026"},
                                                            {"name", "基层正风反腐专项治理"},
                                                            {"start_date", "2026-03-24"},
                                                            {"end_date", "2026-12-31"},
                                                            {"description", "贯彻落实全区基层正风反腐专项治理工作会议精神"},
                                                            {"report_due_day", 5}}));
        sum.campaigns = 1;

        std::vector<Record> units;
        int n = 0;
        for (const auto& t : unitTemplates()) {
            ++n;
            char code[16];
            std::snprintf(code, sizeof code, "MZ%03d", n);
            nlohmann::json f = {
                {"code", code},
                {"name", t.name},
                {"unit_type", t.type},
                {"address", "本区" + rnd.pick(kStreets) + std::to_string(10 + rnd.below(300)) + "号"},
                {"latitude", 39.90 + rnd.below(1000) / 10000.0},
                {"longitude", 116.30 + rnd.below(1000) / 10000.0},
                {"leader_in_charge", rnd.pick(kLeaders)},
                {"key_rectification", rnd.below(6) == 0},
            };
            FC_ASSIGN_OR_RETURN(Record u, store.createRecord("unit", f));
            units.push_back(std::move(u));
        }
        sum.units = static_cast<int>(units.size());
        auto unitName = [](const Record& u) { return u.fields["name"].get<std::string>(); };

        const std::array<const char*, 3> groupNames = {"第一检查组", "第二检查组", "第三检查组"};
        std::vector<Record> groups;
        std::vector<std::vector<std::string>> groupMembers;
        for (int g = 0; g < 3; ++g) {
            std::vector<std::string> members;
            std::string joined;
            for (int m = 0; m < 3; ++m) {
                members.push_back(kSurnames[static_cast<size_t>((g * 3 + m) % 10)] + kGiven[static_cast<size_t>((g * 3 + m + g) % 8)]);
                joined += (m ? "、" : "") + members.back();
            }
            FC_ASSIGN_OR_RETURN(Record group, store.createRecord("inspection_group", {{"campaign_id", campaign.id},
                                                                                      {"code", "G" + std::to_string(g + 1)},
                                                                                      {"name", groupNames[static_cast<size_t>(g)]},
                                                                                      {"leader", members[0]},
                                                                                      {"members", joined}}));
            for (size_t m = 0; m < members.size(); ++m) {
                FC_TRY(store.createRecord("person", {{"name", members[m]},
                                                     {"user_name", "g" + std::to_string(g + 1) + "m" + std::to_string(m + 1)},
                                                     {"role", m == 0 ? "group_leader" : "inspector"},
                                                     {"group_id", group.id}}));
                ++sum.persons;
            }
            groups.push_back(std::move(group));
            groupMembers.push_back(members);
        }
        FC_TRY(store.createRecord("person", {{"name", "赵纪检组长"}, {"user_name", "jijian1"}, {"role", "discipline_inspector"}}));
        FC_TRY(store.createRecord("person", {{"name", "王副局长"}, {"user_name", "leader1"}, {"role", "leader_in_charge"}}));
        for (size_t i = 0; i < 6; ++i) {
            FC_TRY(store.createRecord("person", {{"name", unitName(units[i * 6]) + "联络员"},
                                                 {"user_name", "liaison" + std::to_string(i + 1)},
                                                 {"role", "unit_liaison"},
                                                 {"unit_id", units[i * 6].id}}));
        }
        sum.persons += 8;
        sum.groups = 3;

        nlohmann::json items = nlohmann::json::array();
        for (const auto& c : kCategories) {
            items.push_back({{"code", c + "-1"}, {"category", c}, {"question", "是否存在" + findRecordType("finding")->field("category")->choices[0].labelZh + "等问题"}});
        }
        // The question texts per category.
        const std::map<std::string, std::string> questions = {
            {"responsibility", "“两个责任”是否落实，是否开展廉政谈话"},
            {"eight_rules", "公务接待、公车使用是否符合规定"},
            {"four_styles", "是否存在推诿扯皮、形式主义问题"},
            {"public_interest", "救助、优抚、福彩公益金发放是否公开公正"},
            {"misconduct", "是否存在乱收费、吃拿卡要"},
            {"inaction", "群众诉求是否及时办理，普查数据是否准确"},
            {"internal", "内部管理、保密和信息工作是否规范"},
            {"safety", "消防、食品、设施安全隐患是否排查整改"},
        };
        for (auto& item : items) item["question"] = questions.at(item["category"].get<std::string>());
        FC_ASSIGN_OR_RETURN(Record checklist, store.createRecord("checklist_template", {{"code", "JC-2026"},
                                                                                        {"template_version", 1},
                                                                                        {"name", "民政服务机构现场检查清单"},
                                                                                        {"items", items}}));

        // April and May: complaints and petitions. The first four non-department units get
        // complaints for certain, and file zero reports below: the mandatory spot-check case.
        const std::vector<std::string> months = {"2026-04", "2026-05"};
        std::set<std::pair<std::string, std::string>> complainedInMonth;
        std::vector<Record> supervised;
        auto addComplaint = [&](const Record& unit, const std::string& month) -> Status {
            const std::string category = rnd.pick(kCategories);
            const std::string received = day(month, 1 + rnd.below(28));
            calendar.set(received, 9 + rnd.below(8));
            const std::string conclusion =
                category == "four_styles" && rnd.below(2) == 0
                    ? "unsubstantiated"
                    : std::vector<std::string>{"pending", "substantiated", "partly", "unsubstantiated"}[static_cast<size_t>(rnd.below(4))];
            char ref[32];
            std::snprintf(ref, sizeof ref, "XF-2026-%04d", sum.complaints + 1);
            FC_ASSIGN_OR_RETURN(Record c, store.createRecord("complaint",
                                                             {{"campaign_id", campaign.id},
                                                              {"unit_id", unit.id},
                                                              {"ref_no", ref},
                                                              {"channel", rnd.pick(kChannels)},
                                                              {"received_date", received},
                                                              {"category", category},
                                                              {"summary", complaintSummary(category, unitName(unit))},
                                                              {"conclusion", conclusion},
                                                              {"complainant", rnd.pick(kSurnames) + rnd.pick(kGiven)}}));
            if (c.fields["supervision_status"] != "none") supervised.push_back(c);
            complainedInMonth.insert({unit.id, month});
            ++sum.complaints;
            return {};
        };
        std::vector<const Record*> mustSpotCheck;
        for (const auto& u : units) {
            if (u.fields["unit_type"] != "department" && mustSpotCheck.size() < 4) mustSpotCheck.push_back(&u);
        }
        for (const Record* u : mustSpotCheck) FC_TRY(addComplaint(*u, "2026-04"));
        // Complaints cluster, as they do in practice: most go to a third of the units.
        std::vector<const Record*> complainedAbout(mustSpotCheck);
        while (complainedAbout.size() < units.size() / 3) {
            const Record* u = &units[static_cast<size_t>(rnd.below(static_cast<int>(units.size())))];
            if (std::find(complainedAbout.begin(), complainedAbout.end(), u) == complainedAbout.end()) complainedAbout.push_back(u);
        }
        while (sum.complaints < 200) {
            const Record* u = rnd.below(10) < 9 ? complainedAbout[static_cast<size_t>(rnd.below(static_cast<int>(complainedAbout.size())))]
                                                : &units[static_cast<size_t>(rnd.below(static_cast<int>(units.size())))];
            FC_TRY(addComplaint(*u, rnd.pick(months)));
        }

        // Supervision (重点督办) of the "四风" petitions concluded "否": most get an inspector and a
        // deadline; some are concluded, one is overdue, the rest still wait for an inspector.
        calendar.set("2026-06-02");
        for (size_t i = 0; i < supervised.size(); ++i) {
            if (i % 4 == 3) continue;  // still unassigned
            const auto& members = groupMembers[i % 3];
            FC_TRY(store.updateRecord("complaint", supervised[i].id,
                                      {{"supervisor", members[1]}, {"supervision_deadline", i == 0 ? "2026-06-20" : "2026-12-31"}}));
            if (i % 4 == 1) {
                calendar.set("2026-06-25");
                FC_TRY(store.updateRecord("complaint", supervised[i].id, {{"supervision_outcome", "经重新核查，反映问题部分属实，已督促整改"}}));
                calendar.set("2026-06-02");
            }
        }
        sum.supervisedPetitions = static_cast<int>(supervised.size());

        // Self-inspections (自查自纠) at the end of each month.
        for (const auto& month : months) {
            calendar.set(day(month, 28), 15);
            for (const auto& u : units) {
                bool forced = month == "2026-04" &&
                              std::find(mustSpotCheck.begin(), mustSpotCheck.end(), &u) != mustSpotCheck.end();
                bool zero = forced || rnd.below(3) == 0;
                int problems = zero ? 0 : 1 + rnd.below(4);
                FC_TRY(store.createRecord("self_inspection",
                                          {{"campaign_id", campaign.id},
                                           {"unit_id", u.id},
                                           {"period", month},
                                           {"zero_report", zero},
                                           {"problem_count", problems},
                                           {"summary", zero ? "经自查，本单位未发现问题（零报告）"
                                                            : "自查发现问题" + std::to_string(problems) + "个，已建立整改台账"}}));
                ++sum.selfInspections;
                if (zero) {
                    ++sum.zeroReports;
                    if (complainedInMonth.count({u.id, month}) > 0) ++sum.zeroReportsWithComplaints;
                }
            }
        }

        // May: on-site visits with the checklist; one with a single inspector present.
        std::vector<Record> visits;
        for (int v = 0; v < 12; ++v) {
            const Record& u = units[static_cast<size_t>(12 + v)];
            const size_t g = static_cast<size_t>(v % 3);
            const std::string date = day("2026-05", 6 + v);
            calendar.set(date, 8);
            FC_ASSIGN_OR_RETURN(Record assignment, store.createRecord("assignment", {{"campaign_id", campaign.id},
                                                                                     {"group_id", groups[g].id},
                                                                                     {"unit_id", u.id},
                                                                                     {"task", v < 4 ? "spot_check" : "visit"},
                                                                                     {"period", "2026-05"},
                                                                                     {"due_date", "2026-05-31"}}));
            FC_ASSIGN_OR_RETURN(Record visit, store.createRecord("visit", {{"campaign_id", campaign.id},
                                                                           {"unit_id", u.id},
                                                                           {"group_id", groups[g].id},
                                                                           {"assignment_id", assignment.id},
                                                                           {"checklist_template_id", checklist.id},
                                                                           {"planned_date", date}}));
            calendar.set(date, 9);
            const bool alone = v == 7;
            const std::string present = alone ? groupMembers[g][1] : groupMembers[g][0] + "、" + groupMembers[g][1];
            FC_TRY(store.updateRecord("assignment", assignment.id, {{"status", "in_progress"}}));
            FC_TRY(store.updateRecord("visit", visit.id, {{"status", "started"},
                                                          {"inspectors_present", present},
                                                          {"gps_latitude", u.fields["latitude"].get<double>() + 0.0003},
                                                          {"gps_longitude", u.fields["longitude"].get<double>() - 0.0002},
                                                          {"gps_accuracy_m", 12.5},
                                                          {"gps_time_ms", at(date, 9)}}));
            calendar.set(date, 11);
            nlohmann::json answers = nlohmann::json::object();
            for (const auto& item : items) answers[item["code"].get<std::string>()] = rnd.below(5) == 0 ? "problem" : "ok";
            FC_ASSIGN_OR_RETURN(Record submitted, store.updateRecord("visit", visit.id, {{"status", "submitted"},
                                                                                         {"answers", answers},
                                                                                         {"notes", "查阅台账、实地查看消防设施，与入住老人及家属座谈"}}));
            FC_TRY(store.updateRecord("assignment", assignment.id, {{"status", "done"}}));
            if (submitted.fields["fewer_than_two"] == true) ++sum.visitsFewerThanTwo;
            visits.push_back(std::move(submitted));
            ++sum.visits;
        }

        // Findings (问题线索) from all sources, moving along their life cycle.
        const std::vector<std::string> sources = {"visit", "self_inspection", "petition", "spot_check", "clue_screening"};
        std::vector<Record> findings;
        for (int i = 0; i < 60; ++i) {
            const Record& u = i < 12 ? units[static_cast<size_t>(12 + i)] : units[static_cast<size_t>(rnd.below(static_cast<int>(units.size())))];
            const std::string category = rnd.pick(kCategories);
            const std::string found = day("2026-05", 6 + i % 20);
            calendar.set(found, 14);
            nlohmann::json f = {{"campaign_id", campaign.id},
                                {"unit_id", u.id},
                                {"category", category},
                                {"description", findingDescription(category, unitName(u))},
                                {"source", i < 12 ? std::string("visit") : rnd.pick(sources)},
                                {"found_date", found}};
            if (i < 12) f["visit_id"] = visits[static_cast<size_t>(i)].id;
            if (category == "public_interest" || category == "eight_rules") {
                f["money_involved"] = std::to_string(500 + rnd.below(50000)) + "." + std::to_string(10 + rnd.below(90));
                f["persons_involved"] = rnd.pick(kSurnames) + rnd.pick(kGiven);
            }
            FC_ASSIGN_OR_RETURN(Record finding, store.createRecord("finding", f));
            // recorded → submitted → verified → (case_opened | transferred | rectifying) → closed
            const int stage = rnd.below(6);
            std::vector<std::string> path;
            if (stage >= 1) path.push_back("submitted");
            if (stage >= 2) path.push_back("verified");
            if (stage == 3) path.push_back("case_opened");
            if (stage == 4) path.insert(path.end(), {"transferred", "rectifying"});
            if (stage == 5) path.insert(path.end(), {"rectifying", "closed"});
            for (const auto& to : path) {
                calendar.set(day("2026-06", 1 + rnd.below(20)), 10);
                FC_ASSIGN_OR_RETURN(finding, store.updateRecord("finding", finding.id, {{"status", to}}));
            }
            if (i == 59) FC_TRY(store.withdrawRecord("finding", finding.id, "与第一检查组记录重复，撤回"));
            else findings.push_back(std::move(finding));
            ++sum.findings;
        }

        // The units' answers to findings against them: from the units with a liaison, to their
        // findings verified onward; the last one is still a draft.
        std::vector<const Record*> answerable;
        for (size_t l = 0; l < 6; ++l) {
            for (const auto& f : findings) {
                const std::string status = f.fields["status"].get<std::string>();
                if (f.fields["unit_id"] == units[l * 6].id && status != "recorded" && status != "submitted") answerable.push_back(&f);
            }
        }
        const std::array<std::pair<const char*, const char*>, 3> answers = {{
            {"accepted", "情况属实，本单位已制定整改措施并明确责任人，限期整改到位。"},
            {"explained", "该问题系历史遗留，本单位已于6月初完成整改，附整改前后照片。"},
            {"disputed", "所反映金额与本单位台账不符，申请复核，附出入库台账复印件。"},
        }};
        for (size_t k = 0; k < answerable.size(); ++k) {
            calendar.set(day("2026-06", 21 + static_cast<int>(k % 8)), 16);
            const auto& [stance, text] = answers[k % answers.size()];
            FC_ASSIGN_OR_RETURN(Record a, store.createRecord("finding_answer", {{"finding_id", answerable[k]->id}, {"stance", stance}, {"answer", text}}));
            if (k + 1 < answerable.size()) FC_TRY(store.updateRecord("finding_answer", a.id, {{"status", "submitted"}}));
            ++sum.findingAnswers;
        }

        // Rectification (整改): plans with at least three measures; one stays a draft because it
        // has only two (the rule refuses to submit it); "needs support" measures open escalations.
        calendar.set("2026-06-10");
        std::map<std::string, std::vector<const Record*>> findingsByUnit;
        for (const auto& f : findings) findingsByUnit[f.fields["unit_id"].get<std::string>()].push_back(&f);
        int planNo = 0;
        // In the units' own order: the map's order is that of their random ids, which would make
        // the data set differ from run to run.
        for (const auto& u : units) {
            auto withFindings = findingsByUnit.find(u.id);
            if (withFindings == findingsByUnit.end()) continue;
            if (planNo >= 10) break;
            const Record* unit = &u;
            const std::string& unitId = u.id;
            const auto& list = withFindings->second;
            calendar.set("2026-06-10", 9 + planNo % 8);
            FC_ASSIGN_OR_RETURN(Record plan, store.createRecord("rectification_plan",
                                                                {{"campaign_id", campaign.id},
                                                                 {"unit_id", unitId},
                                                                 {"title", unitName(*unit) + "专项治理整改方案"},
                                                                 {"cause_analysis", "主体责任压得不实，制度执行不严，监督检查流于形式"}}));
            const bool tooFew = planNo == 3;
            const int count = tooFew ? 2 : 3 + rnd.below(2);
            const std::vector<std::pair<std::string, std::string>> measureTexts = {
                {"immediate", "立即清理核对相关台账，问题资金全部追回"},
                {"immediate", "对相关责任人进行谈话提醒"},
                {"long_term", "建立资金发放公示和复核制度，每月公示"},
                {"needs_support", "更新老旧消防设施，需区财政资金支持"},
            };
            for (int m = 0; m < count; ++m) {
                const auto& [kind, text] = measureTexts[static_cast<size_t>((m + planNo) % 4)];
                const bool overdue = planNo % 3 == 0 && m == 0;
                FC_ASSIGN_OR_RETURN(Record measure, store.createRecord("rectification_measure",
                                                                       {{"plan_id", plan.id},
                                                                        {"finding_id", list[static_cast<size_t>(m) % list.size()]->id},
                                                                        {"description", text},
                                                                        {"owner", rnd.pick(kSurnames) + "科长"},
                                                                        {"deadline", overdue ? "2026-07-31" : "2026-12-31"},
                                                                        {"kind", kind}}));
                ++sum.measures;
                if (kind == "needs_support") ++sum.escalations;
                if (kind == "immediate" && !overdue && rnd.below(2) == 0) {
                    calendar.set("2026-07-15");
                    FC_TRY(store.updateRecord("rectification_measure", measure.id,
                                              {{"status", "done"}, {"completion_evidence", "整改台账、谈话记录及公示照片"}}));
                    calendar.set("2026-06-10");
                }
            }
            if (tooFew) {
                ++sum.plansTooFewMeasures;  // stays a draft: submitting it is refused (不少于3条)
            } else {
                FC_TRY(store.updateRecord("rectification_plan", plan.id, {{"status", "submitted"}}));
                if (planNo % 2 == 0) FC_TRY(store.updateRecord("rectification_plan", plan.id, {{"status", "accepted"}}));
            }
            ++sum.plans;
            ++planNo;
        }
        // The leader in charge answers one escalation.
        FC_ASSIGN_OR_RETURN(auto escalations, store.listRecords("escalation"));
        if (!escalations.empty()) {
            calendar.set("2026-06-20");
            FC_TRY(store.updateRecord("escalation", escalations.front().id,
                                      {{"status", "answered"}, {"answer", "同意列入下半年区财政预算，请抓紧编制方案"}}));
        }

        // Monthly rectification reports (due on the 5th of the next month): most on time, some
        // late, some never filed.
        for (const auto& month : months) {
            const std::string next = month == "2026-04" ? "2026-05" : "2026-06";
            for (size_t i = 0; i < units.size(); ++i) {
                const int kind = rnd.below(10);  // 0: missing, 1: late, else on time
                if (kind == 0) {
                    ++sum.reportsMissing;
                    continue;
                }
                calendar.set(day(next, kind == 1 ? 8 + rnd.below(10) : 1 + rnd.below(4)), 16);
                FC_ASSIGN_OR_RETURN(Record report, store.createRecord("monthly_report",
                                                                      {{"campaign_id", campaign.id},
                                                                       {"unit_id", units[i].id},
                                                                       {"month", month},
                                                                       {"work_done", "召开专题会议部署整改，完成问题台账梳理"},
                                                                       {"problems_remaining", "个别措施推进较慢"},
                                                                       {"next_plan", "按期完成长期措施，开展“回头看”"}}));
                FC_TRY(store.updateRecord("monthly_report", report.id, {{"status", "submitted"}}));
                if (kind == 1) ++sum.reportsLate;
                else ++sum.reportsOnTime;
            }
        }

        // The discipline inspectors look at April's reports on 10 May: proposals for accountability
        // (不上报 / 整改不力); they confirm one and dismiss one.
        calendar.set("2026-05-10");
        store.setActor("jijian1");
        FC_ASSIGN_OR_RETURN(auto proposed, proposeAccountabilityForReports(store, "2026-04", "2026-05-10"));
        sum.accountabilityCases = static_cast<int>(proposed.size());
        if (proposed.size() >= 2) {
            calendar.set("2026-05-15");
            FC_TRY(store.updateRecord("accountability_case", proposed[0].id, {{"status", "confirmed"}, {"measure", "talk_reminder"}, {"decision_note", "连续两月未报送，约谈单位负责人"}}));
            FC_TRY(store.updateRecord("accountability_case", proposed[1].id,
                                      {{"status", "dismissed"}, {"decision_note", "因系统故障未能按时报送，已补报，不予问责"}}));
        }
        store.setActor(actor);

        // Long-term mechanism: rules adopted from the findings behind them, and a good practice.
        calendar.set("2026-07-01");
        FC_ASSIGN_OR_RETURN(Record rule, store.createRecord("rule_adopted", {{"campaign_id", campaign.id},
                                                                             {"unit_id", findings[0].fields["unit_id"]},
                                                                             {"title", "救灾救济资金发放公示和复核办法"},
                                                                             {"summary", "资金发放前公示七日，科室交叉复核"},
                                                                             {"adopted_date", "2026-07-01"}}));
        for (size_t i = 0; i < 3 && i < findings.size(); ++i) {
            FC_TRY(store.createRecord("rule_basis", {{"rule_id", rule.id}, {"finding_id", findings[i].id}}));
        }
        FC_TRY(store.createRecord("rule_adopted", {{"campaign_id", campaign.id},
                                                   {"title", "养老机构安全隐患月度排查制度"},
                                                   {"adopted_date", "2026-07-08"}}));
        sum.rulesAdopted = 2;
        FC_TRY(store.createRecord("good_practice", {{"campaign_id", campaign.id},
                                                    {"unit_id", units[12].id},
                                                    {"title", "“阳光救助”公示墙"},
                                                    {"description", "救助对象、标准、金额在服务大厅和网上同步公示，接受群众监督"}}));
        sum.goodPractices = 1;
        return {};
    });
    if (!st.ok()) return st.error();
    return sum;
}

}  // namespace fieldcheck
