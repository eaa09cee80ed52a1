// The generic record form's editor (qml/src/record_editor.h) on the demo data set, through a
// Session: the form built from the core's record type spec, the JSON the core wants from the
// form's text, a move written with the edits in one update, the core's rules and permission table
// refusing with a reason the page shows, and drafts that outlive the editor.
#include <catch2/catch.hpp>

#include <optional>
#include <set>

#include "app_test_support.h"
#include "fieldcheck/core/replication.h"
#include "record_editor.h"

using namespace fieldcheck;
using namespace fieldcheck::test;
using fieldcheck::ui::RecordEditor;

namespace {

void open(RecordEditor& editor, ui::Session& session, const QString& type, const std::string& id,
          const QVariantMap& presets = {}) {
    editor.setType(type);
    editor.setRecordId(QString::fromStdString(id));
    editor.setPresets(presets);
    editor.setSession(&session);
    REQUIRE(waitUntil([&] { return !editor.isLoading() && (editor.isReady() || editor.isMissing()); }));
    REQUIRE(editor.isReady());
}

void waitForWrite(RecordEditor& editor, ui::Session& session) {
    REQUIRE(waitUntil([&] { return !editor.isBusy(); }));
    settle(session);
    REQUIRE(waitUntil([&] { return !editor.isLoading(); }));
}

QStringList fieldNames(const RecordEditor& editor) {
    QStringList out;
    for (const QVariant& f : editor.fields()) out.append(f.toMap().value("name").toString());
    return out;
}

QVariantMap fieldSpec(const RecordEditor& editor, const QString& name) {
    for (const QVariant& f : editor.fields()) {
        if (f.toMap().value("name") == name) return f.toMap();
    }
    return {};
}

std::set<std::string> offeredMoves(const RecordEditor& editor) {
    std::set<std::string> out;
    for (const QVariant& m : editor.moves()) out.insert(m.toMap().value("to").toString().toStdString());
    return out;
}

bool anyEditable(const RecordEditor& editor) { return editor.canEdit(); }

}  // namespace

TEST_CASE("A unit liaison files a zero report as a self-inspection: a JSON boolean for the unit preset",
          "[app][record-editor]") {
    DemoStore demo;
    const Record unit = demo.find("unit", [](Store&, const Record&) { return true; });
    demo.setRole("unit_liaison");

    RecordEditor editor;
    const QVariantMap presets{{"unit_id", QString::fromStdString(unit.id)}};
    open(editor, demo.session, "self_inspection", {}, presets);
    CHECK(editor.isNew());
    CHECK(editor.unitName() == QString::fromStdString(str(unit, "name")));
    // The spec's fields, in its order, without the campaign (taken on create) and the preset unit.
    CHECK(fieldNames(editor) == QStringList{"period", "zero_report", "problem_count", "summary"});
    CHECK(fieldSpec(editor, "period").value("kind") == "month");
    CHECK(fieldSpec(editor, "period").value("required").toBool());
    CHECK(fieldSpec(editor, "zero_report").value("kind") == "bool");
    CHECK(fieldSpec(editor, "problem_count").value("kind") == "integer");
    CHECK(fieldSpec(editor, "summary").value("kind") == "longtext");
    CHECK_FALSE(fieldSpec(editor, "summary").value("label").toString().isEmpty());
    CHECK(editor.values().value("zero_report") == "false");  // what the switch shows is what is saved
    for (const QString& f : fieldNames(editor)) CHECK(editor.editable().value(f).toBool());
    CHECK_FALSE(editor.setValue("unit_id", "elsewhere"));  // a preset is never a field of the form

    // Saved without a period: every missing required field is marked, nothing is written.
    REQUIRE(editor.setValue("zero_report", true));
    editor.save();
    CHECK(editor.fieldErrors().contains("period"));
    CHECK(editor.isNew());

    REQUIRE(editor.setValue("period", "2026-07"));
    REQUIRE(editor.setValue("problem_count", "0"));
    REQUIRE(editor.setValue("summary", "对照清单逐项自查，未发现问题。"));
    QString createdId;
    QObject::connect(&editor, &RecordEditor::created, [&](const QString& id) { createdId = id; });
    editor.save();
    waitForWrite(editor, demo.session);
    INFO(editor.errorMessage().toStdString() << " " << editor.errorDetail().toStdString());
    REQUIRE_FALSE(editor.isNew());
    CHECK(createdId == editor.recordId());
    CHECK_FALSE(editor.isDirty());

    const Record saved = demo.get("self_inspection", editor.recordId().toStdString());
    CHECK(saved.fields["zero_report"].is_boolean());
    CHECK(saved.fields["zero_report"] == true);
    CHECK(saved.fields["problem_count"].is_number_integer());
    CHECK(saved.fields["problem_count"] == 0);
    CHECK(saved.fields["unit_id"] == unit.id);
    CHECK(saved.fields["period"] == "2026-07");
    CHECK_FALSE(str(saved, "campaign_id").empty());  // the newest campaign
    CHECK(editor.values().value("zero_report") == "true");
    CHECK_FALSE(editor.history().isEmpty());
    // The draft went with the record.
    CHECK_FALSE(demo.draft("record:self_inspection", "new:unit_id=" + unit.id).has_value());
}

TEST_CASE("A plan with fewer than three measures is not submitted — a measure added for its plan makes it so",
          "[app][record-editor]") {
    DemoStore demo;
    // The demo's plan left as a draft with two measures (不少于3条 refuses it).
    const Record plan = demo.find("rectification_plan", [](Store&, const Record& r) { return str(r, "status") == "draft"; });
    REQUIRE(demo.where("rectification_measure", "plan_id", plan.id).size() == 2);
    demo.setRole("unit_liaison");

    RecordEditor editor;
    open(editor, demo.session, "rectification_plan", plan.id);
    CHECK(fieldNames(editor) == QStringList{"title", "cause_analysis"});
    CHECK(offeredMoves(editor) == std::set<std::string>{"submitted"});
    editor.move("submitted");
    waitForWrite(editor, demo.session);
    CHECK(editor.status() == "draft");
    CHECK_FALSE(editor.errorMessage().isEmpty());
    CHECK(editor.errorDetail().contains("at least three concrete measures"));
    CHECK(demo.get("rectification_plan", plan.id).fields["status"] == "draft");

    // A new measure for the plan: the plan is the preset, the form the measure's own fields.
    RecordEditor measure;
    open(measure, demo.session, "rectification_measure", {}, {{"plan_id", QString::fromStdString(plan.id)}});
    CHECK(fieldNames(measure).mid(0, 4) == QStringList{"description", "owner", "deadline", "kind"});
    CHECK_FALSE(fieldNames(measure).contains("plan_id"));
    CHECK_FALSE(fieldNames(measure).contains("status"));
    CHECK(fieldSpec(measure, "kind").value("choices").toList().size() == 3);
    REQUIRE(measure.setValue("description", "建立台账销号制度，每周通报进度"));
    REQUIRE(measure.setValue("owner", "李科长"));
    REQUIRE(measure.setValue("deadline", "2026-09-30"));
    REQUIRE(measure.setValue("kind", "long_term"));
    measure.save();
    waitForWrite(measure, demo.session);
    INFO(measure.errorMessage().toStdString() << " " << measure.errorDetail().toStdString());
    REQUIRE_FALSE(measure.isNew());
    const Record created = demo.get("rectification_measure", measure.recordId().toStdString());
    CHECK(created.fields["plan_id"] == plan.id);
    CHECK(created.fields["kind"] == "long_term");
    CHECK(created.fields["status"] == "planned");

    editor.move("submitted");
    waitForWrite(editor, demo.session);
    CHECK(editor.errorMessage().isEmpty());
    CHECK(editor.status() == "submitted");
    CHECK(demo.get("rectification_plan", plan.id).fields["status"] == "submitted");
    CHECK_FALSE(anyEditable(editor));  // a liaison edits a plan only while draft or returned
}

TEST_CASE("A monthly report is filled in and filed in one write", "[app][record-editor]") {
    DemoStore demo;
    const Record unit = demo.find("unit", [](Store&, const Record&) { return true; });
    demo.setRole("unit_liaison");

    RecordEditor editor;
    const QVariantMap presets{{"unit_id", QString::fromStdString(unit.id)}, {"month", "2026-07"}};
    open(editor, demo.session, "monthly_report", {}, presets);
    CHECK(fieldNames(editor) == QStringList{"work_done", "problems_remaining", "next_plan"});
    REQUIRE(editor.setValue("work_done", "完成问题台账梳理"));
    editor.save();
    waitForWrite(editor, demo.session);
    REQUIRE_FALSE(editor.isNew());
    CHECK(editor.status() == "draft");
    CHECK(offeredMoves(editor) == std::set<std::string>{"submitted"});
    const std::string id = editor.recordId().toStdString();
    const Record draft = demo.get("monthly_report", id);
    CHECK(draft.fields["month"] == "2026-07");
    // The month is no field of the form, but the page says which month the report is for.
    REQUIRE(editor.facts().size() == 1);
    CHECK(editor.facts().front().toMap().value("name") == "month");
    CHECK(editor.facts().front().toMap().value("value") == "2026-07");

    // Filing with a part missing: the rule names it, on its field; the edits stay.
    REQUIRE(editor.setValue("problems_remaining", "个别措施推进较慢"));
    editor.move("submitted");
    waitForWrite(editor, demo.session);
    CHECK(editor.status() == "draft");
    CHECK(editor.errorDetail().contains("next_plan"));
    CHECK(editor.fieldErrors().contains("next_plan"));
    CHECK(editor.isDirty());
    CHECK(demo.get("monthly_report", id).version == draft.version);

    REQUIRE(editor.setValue("next_plan", "开展“回头看”"));
    editor.move("submitted");
    waitForWrite(editor, demo.session);
    INFO(editor.errorMessage().toStdString() << " " << editor.errorDetail().toStdString());
    CHECK(editor.errorMessage().isEmpty());
    CHECK(editor.status() == "submitted");
    CHECK_FALSE(editor.isDirty());
    const Record filed = demo.get("monthly_report", id);
    CHECK(filed.version == draft.version + 1);  // the two parts and the state: one update
    CHECK(filed.fields["status"] == "submitted");
    CHECK(filed.fields["problems_remaining"] == "个别措施推进较慢");
    CHECK(filed.fields["next_plan"] == "开展“回头看”");
    CHECK_FALSE(str(filed, "submitted_date").empty());
    bool filedOnShown = false;
    for (const QVariant& fact : editor.facts()) {
        filedOnShown = filedOnShown || (fact.toMap().value("name") == "submitted_date" &&
                                        fact.toMap().value("value") == QString::fromStdString(str(filed, "submitted_date")));
    }
    CHECK(filedOnShown);
    CHECK_FALSE(demo.draft("record:monthly_report", id).has_value());
    CHECK_FALSE(anyEditable(editor));  // filed: the liaison edits only drafts
    CHECK(offeredMoves(editor).empty());
}

TEST_CASE("An accountability case is confirmed only with its measure — roles without the right get no field and no step",
          "[app][record-editor]") {
    DemoStore demo;
    const Record proposed =
        demo.find("accountability_case", [](Store&, const Record& r) { return str(r, "status") == "proposed" && !r.withdrawn; });

    SECTION("a discipline inspector confirms it with the measure typed in") {
        demo.setRole("discipline_inspector");
        RecordEditor editor;
        open(editor, demo.session, "accountability_case", proposed.id);
        CHECK(offeredMoves(editor) == std::set<std::string>{"confirmed", "dismissed"});
        CHECK(editor.editable().value("measure").toBool());
        CHECK(editor.canWithdraw());
        editor.move("confirmed");
        waitForWrite(editor, demo.session);
        CHECK(editor.status() == "proposed");
        CHECK(editor.errorDetail().contains("confirmed with its measure"));
        CHECK(demo.get("accountability_case", proposed.id).fields["status"] == "proposed");

        REQUIRE(editor.setValue("measure", "talk_reminder"));
        REQUIRE(editor.setValue("decision_note", "约谈单位负责人"));
        editor.move("confirmed");
        waitForWrite(editor, demo.session);
        INFO(editor.errorMessage().toStdString() << " " << editor.errorDetail().toStdString());
        CHECK(editor.errorMessage().isEmpty());
        CHECK(editor.status() == "confirmed");
        const Record decided = demo.get("accountability_case", proposed.id);
        CHECK(decided.fields["measure"] == "talk_reminder");
        CHECK(decided.fields["decision_note"] == "约谈单位负责人");
        CHECK(decided.version == proposed.version + 1);
        CHECK_FALSE(str(decided, "decided_date").empty());
        CHECK(offeredMoves(editor).empty());
    }

    SECTION("a leader in charge sees it read-only, and a change is refused with the table's reason") {
        demo.setRole("leader_in_charge");
        RecordEditor editor;
        open(editor, demo.session, "accountability_case", proposed.id);
        CHECK(fieldNames(editor).contains("measure"));
        CHECK_FALSE(editor.canEdit());
        CHECK(offeredMoves(editor).empty());
        CHECK_FALSE(editor.canWithdraw());
        CHECK_FALSE(editor.setValue("measure", "notice"));
        CHECK_FALSE(editor.errorMessage().isEmpty());
        CHECK(editor.errorDetail().contains("not allowed"));
        CHECK_FALSE(editor.isDirty());
        CHECK(editor.values().value("measure").toString().isEmpty());
    }

    SECTION("a unit liaison, who never sees the accountability register, gets no form at all") {
        demo.setRole("unit_liaison");
        RecordEditor editor;
        editor.setType("accountability_case");
        editor.setRecordId(QString::fromStdString(proposed.id));
        editor.setSession(&demo.session);
        REQUIRE(waitUntil([&] { return !editor.isLoading() && editor.isMissing(); }));
        CHECK_FALSE(editor.isReady());
        CHECK(editor.fields().isEmpty());
        CHECK_FALSE(editor.canEdit());
        CHECK(offeredMoves(editor).empty());
        CHECK_FALSE(editor.canWithdraw());
        CHECK_FALSE(editor.setValue("measure", "notice"));
        CHECK_FALSE(editor.errorMessage().isEmpty());
        CHECK_FALSE(editor.isDirty());
    }

    SECTION("a unit liaison gets nothing of a finding against its unit either") {
        const Record finding = demo.find("finding", [](Store&, const Record& r) { return !r.withdrawn; });
        demo.setRole("unit_liaison");
        RecordEditor editor;
        open(editor, demo.session, "finding", finding.id);
        CHECK_FALSE(editor.canEdit());
        CHECK(offeredMoves(editor).empty());
        CHECK_FALSE(editor.canWithdraw());
        // What the liaison may not see (涉及人员) is not in the form at all.
        CHECK_FALSE(fieldNames(editor).contains("persons_involved"));
        CHECK_FALSE(editor.values().contains("persons_involved"));
        CHECK_FALSE(editor.setValue("description", "改写"));
        CHECK(editor.errorDetail().contains("not allowed"));
    }
}

TEST_CASE("What was typed in a new record's form survives the editor — a malformed date lands on its field",
          "[app][record-editor]") {
    DemoStore demo;
    const Record plan = demo.find("rectification_plan", [](Store&, const Record& r) { return str(r, "status") == "draft"; });
    demo.setRole("unit_liaison");
    const QVariantMap presets{{"plan_id", QString::fromStdString(plan.id)}};
    {
        RecordEditor editor;
        open(editor, demo.session, "rectification_measure", {}, presets);
        REQUIRE(editor.setValue("description", "更换老化电线"));
        REQUIRE(editor.setValue("deadline", "2026-13-45"));
        settle(demo.session);
        const auto kept = demo.draft("record:rectification_measure", "new:plan_id=" + plan.id);
        REQUIRE(kept.has_value());
        CHECK((*kept)["values"]["description"] == "更换老化电线");
    }  // the app is killed mid-form

    RecordEditor editor;
    open(editor, demo.session, "rectification_measure", {}, presets);
    CHECK(editor.isDraftRestored());
    CHECK(editor.isDirty());
    CHECK(editor.values().value("description") == "更换老化电线");
    CHECK(editor.values().value("deadline") == "2026-13-45");

    REQUIRE(editor.setValue("owner", "王站长"));
    REQUIRE(editor.setValue("kind", "immediate"));
    editor.save();
    waitForWrite(editor, demo.session);
    CHECK(editor.isNew());
    CHECK(editor.fieldErrors().contains("deadline"));
    CHECK(editor.fieldErrors().size() == 1);
    CHECK_FALSE(editor.errorMessage().isEmpty());
    CHECK(demo.where("rectification_measure", "plan_id", plan.id).size() == 2);

    // Correcting the field clears its error; discarding drops the draft.
    REQUIRE(editor.setValue("deadline", "2026-10-31"));
    CHECK_FALSE(editor.fieldErrors().contains("deadline"));
    editor.discard();
    settle(demo.session);
    CHECK_FALSE(editor.isDirty());
    CHECK_FALSE(demo.draft("record:rectification_measure", "new:plan_id=" + plan.id).has_value());
}

TEST_CASE("A new record for something not on the device, and an unknown type, say so", "[app][record-editor]") {
    DemoStore demo;
    RecordEditor editor;
    editor.setType("rectification_measure");
    editor.setPresets({{"plan_id", "no-such-plan"}});
    editor.setSession(&demo.session);
    REQUIRE(waitUntil([&] { return !editor.isLoading() && editor.isMissing(); }));
    CHECK_FALSE(editor.isReady());
    CHECK_FALSE(editor.errorMessage().isEmpty());

    RecordEditor unknown;
    unknown.setType("no_such_type");
    unknown.setSession(&demo.session);
    CHECK(unknown.isMissing());
    CHECK_FALSE(unknown.errorMessage().isEmpty());
}

TEST_CASE("A write elsewhere reloads the form and keeps what was not saved — locking empties it", "[app][record-editor]") {
    DemoStore demo;
    const Record unit = demo.find("unit", [](Store&, const Record&) { return true; });
    std::string id;
    onStoreThread(demo.session, [&](Store& s) {
        id = must(s.createRecord("monthly_report", {{"unit_id", unit.id}, {"month", "2026-07"}, {"work_done", "梳理台账"}})).id;
    });

    RecordEditor editor;
    open(editor, demo.session, "monthly_report", id);
    REQUIRE(editor.setValue("problems_remaining", "个别措施推进较慢"));
    // Another page (or a sync) changes another part of the report.
    onStoreThread(demo.session, [&](Store& s) { must(s.updateRecord("monthly_report", id, {{"next_plan", "开展“回头看”"}})); });
    demo.session.notifyChanged(QStringLiteral("monthly_report"), {QString::fromStdString(id)});
    REQUIRE(waitUntil([&] { return !editor.isLoading() && editor.values().value("next_plan") == "开展“回头看”"; }));
    CHECK(editor.values().value("problems_remaining") == "个别措施推进较慢");
    CHECK(editor.isDirty());

    demo.session.lock();
    REQUIRE(waitUntil([&] { return !editor.isReady(); }));
    CHECK(editor.values().isEmpty());
    CHECK(editor.fields().isEmpty());
    CHECK_FALSE(editor.isDirty());
}

TEST_CASE("A step that needs a field marks it — the answer of an escalation, the evidence of a measure",
          "[app][record-editor]") {
    DemoStore demo;
    const Record open_ = demo.find("escalation", [](Store&, const Record& r) { return str(r, "status") == "open" && !r.withdrawn; });
    const Record planned =
        demo.find("rectification_measure", [](Store&, const Record& r) { return str(r, "status") == "planned" && !r.withdrawn; });

    SECTION("the leader in charge answers an escalation") {
        demo.setRole("leader_in_charge");
        RecordEditor editor;
        open(editor, demo.session, "escalation", open_.id);
        // The leader answers; the question is the unit's.
        CHECK(editor.editable().value("answer").toBool());
        CHECK_FALSE(editor.editable().value("question").toBool());
        CHECK(offeredMoves(editor) == std::set<std::string>{"answered"});
        editor.move("answered");
        waitForWrite(editor, demo.session);
        CHECK(editor.status() == "open");
        CHECK(editor.fieldErrors().contains("answer"));
        CHECK(editor.errorDetail().contains("批复意见"));

        REQUIRE(editor.setValue("answer", "同意，请按程序报区财政"));
        CHECK_FALSE(editor.fieldErrors().contains("answer"));
        editor.move("answered");
        waitForWrite(editor, demo.session);
        INFO(editor.errorMessage().toStdString() << " " << editor.errorDetail().toStdString());
        CHECK(editor.status() == "answered");
        const Record answered = demo.get("escalation", open_.id);
        CHECK(answered.fields["answer"] == "同意，请按程序报区财政");
        CHECK_FALSE(str(answered, "answered_date").empty());
    }

    SECTION("the unit liaison reports a measure done with its evidence") {
        demo.setRole("unit_liaison");
        RecordEditor editor;
        open(editor, demo.session, "rectification_measure", planned.id);
        CHECK(offeredMoves(editor) == std::set<std::string>{"in_progress", "done"});
        editor.move("done");
        waitForWrite(editor, demo.session);
        CHECK(editor.status() == "planned");
        CHECK(editor.fieldErrors().contains("completion_evidence"));

        REQUIRE(editor.setValue("completion_evidence", "整改台账及公示照片"));
        editor.move("done");
        waitForWrite(editor, demo.session);
        CHECK(editor.status() == "done");
        CHECK(demo.get("rectification_measure", planned.id).fields["completion_evidence"] == "整改台账及公示照片");
        CHECK_FALSE(editor.canEdit());  // done: the liaison edits measures only while planned or in progress
        CHECK(offeredMoves(editor) == std::set<std::string>{"in_progress"});
    }
}
