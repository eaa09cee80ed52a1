// The accountability register and petition supervision (qml/src/register_model.h) on the demo data
// set: counts per filter equal the core's figures, the most urgent rows first, only the roles the
// permission table lets act are offered the steps, and a decision or an assignment made the way
// the page makes it (a RecordEditor on the record) moves the record between the filters — while
// the core refuses a decision without a reason of the decider's own and a deadline that is no date.
#include <catch2/catch.hpp>

#include <set>

#include "app_test_support.h"
#include "fieldcheck/core/campaign_rules.h"
#include "record_editor.h"
#include "register_model.h"

using namespace fieldcheck;
using namespace fieldcheck::test;
using fieldcheck::ui::RecordEditor;
using fieldcheck::ui::RegisterModel;

namespace {

void load(RegisterModel& model, ui::Session& session, const char* kind, const char* filter) {
    model.setKind(QString::fromLatin1(kind));
    model.setFilter(QString::fromLatin1(filter));
    model.setSession(&session);
    REQUIRE(waitUntil([&] { return !model.isLoading() && model.isReady(); }));
    REQUIRE(model.errorMessage().isEmpty());
}

// Waits until a write's reload has come back.
void reloaded(RegisterModel& model, ui::Session& session) {
    settle(session);
    REQUIRE(waitUntil([&] { return !model.isLoading(); }));
}

qint64 count(const RegisterModel& model, const char* filter) { return model.counts().value(QString::fromLatin1(filter)).toLongLong(); }

QVariantMap row(const RegisterModel& model, int i) { return model.rows().at(i).toMap(); }

QString field(const QVariantMap& row, const char* name) { return row.value(QString::fromLatin1(name)).toString(); }

void openEditor(RecordEditor& editor, ui::Session& session, const char* type, const QString& id) {
    editor.setType(QString::fromLatin1(type));
    editor.setRecordId(id);
    editor.setSession(&session);
    REQUIRE(waitUntil([&] { return !editor.isLoading() && editor.isReady(); }));
}

void waitForWrite(RecordEditor& editor, ui::Session& session) {
    REQUIRE(waitUntil([&] { return !editor.isBusy(); }));
    settle(session);
}

}  // namespace

TEST_CASE("the accountability register counts every case by state, the proposals waiting longest first", "[app][register]") {
    DemoStore demo;
    RegisterModel model;
    load(model, demo.session, "accountability", "proposed");
    CHECK(model.filters() == QStringList{"proposed", "confirmed", "dismissed", "all"});

    std::map<std::string, qint64> byState;
    qint64 all = 0;
    onStoreThread(demo.session, [&](Store& s) {
        ListQuery q;
        q.includeWithdrawn = false;
        for (const Record& c : s.listRecords("accountability_case", q).value()) {
            ++byState[str(c, "status")];
            ++all;
        }
        const std::string today = bureauToday(s);
        CHECK(dashboard(s, today, previousMonth(today)).value().proposedAccountability == byState["proposed"]);
    });
    REQUIRE(byState["proposed"] > 1);  // the demo leaves proposals to decide, and one of each decision
    CHECK(count(model, "proposed") == byState["proposed"]);
    CHECK(count(model, "confirmed") == byState["confirmed"]);
    CHECK(count(model, "dismissed") == byState["dismissed"]);
    CHECK(count(model, "all") == all);
    CHECK(model.total() == byState["proposed"]);
    REQUIRE(model.rows().size() == byState["proposed"]);
    for (int i = 0; i < model.rows().size(); ++i) {
        const QVariantMap r = row(model, i);
        CHECK(field(r, "status") == "proposed");
        CHECK_FALSE(field(r, "title").isEmpty());
        CHECK_FALSE(field(r, "reasonLabel").isEmpty());
        CHECK_FALSE(field(r, "note").isEmpty());  // the proposal's own explanation
        if (i > 0) CHECK(field(row(model, i - 1), "proposedDate") <= field(r, "proposedDate"));
    }

    model.setFilter(QStringLiteral("all"));
    REQUIRE(waitUntil([&] { return !model.isLoading(); }));
    CHECK(model.total() == all);
    // Waiting proposals come before the decided cases.
    bool decidedSeen = false;
    for (const QVariant& v : model.rows()) {
        const bool decided = v.toMap().value(QStringLiteral("status")).toString() != QLatin1String("proposed");
        CHECK_FALSE((decidedSeen && !decided));
        decidedSeen = decidedSeen || decided;
        if (decided) CHECK_FALSE(v.toMap().value(QStringLiteral("decidedDate")).toString().isEmpty());
    }
    model.setFilter(QStringLiteral("no-such-filter"));
    CHECK(model.filter() == "proposed");
}

TEST_CASE("a discipline inspector decides a proposal with a reason, while other roles are not offered the step", "[app][register]") {
    DemoStore demo;

    SECTION("roles that may not decide") {
        for (const char* role : {"leader_in_charge", "group_leader", "party_committee", "unit_liaison"}) {
            INFO(role);
            demo.setRole(role);
            RegisterModel model;
            load(model, demo.session, "accountability", "proposed");
            CHECK_FALSE(model.mayAct());
        }
    }

    SECTION("the decision moves the case between the filters") {
        demo.setRole("discipline_inspector");
        RegisterModel model;
        load(model, demo.session, "accountability", "proposed");
        CHECK(model.mayAct());
        const qint64 proposed = count(model, "proposed"), confirmed = count(model, "confirmed");
        REQUIRE(proposed > 0);
        const QString id = field(row(model, 0), "recordId");
        const std::string proposalText = str(demo.get("accountability_case", id.toStdString()), "decision_note");

        RecordEditor editor;
        openEditor(editor, demo.session, "accountability_case", id);
        // The measure but no reason of the decider's own: the proposal's text is not one.
        REQUIRE(editor.setValue(QStringLiteral("measure"), QStringLiteral("notice")));
        editor.move(QStringLiteral("confirmed"));
        waitForWrite(editor, demo.session);
        CHECK(editor.errorDetail().contains(QStringLiteral("decision_note")));
        CHECK(editor.fieldErrors().contains(QStringLiteral("decision_note")));
        CHECK(str(demo.get("accountability_case", id.toStdString()), "status") == "proposed");

        REQUIRE(editor.setValue(QStringLiteral("decision_note"), QStringLiteral("连续两月未报送，予以通报")));
        editor.move(QStringLiteral("confirmed"));
        waitForWrite(editor, demo.session);
        INFO(editor.errorMessage().toStdString() << " " << editor.errorDetail().toStdString());
        CHECK(editor.errorMessage().isEmpty());
        const Record decided = demo.get("accountability_case", id.toStdString());
        CHECK(str(decided, "status") == "confirmed");
        CHECK(str(decided, "decision_note") != proposalText);
        CHECK_FALSE(str(decided, "decided_date").empty());

        reloaded(model, demo.session);
        CHECK(count(model, "proposed") == proposed - 1);
        CHECK(count(model, "confirmed") == confirmed + 1);
        for (const QVariant& v : model.rows()) CHECK(v.toMap().value(QStringLiteral("recordId")).toString() != id);

        model.setFilter(QStringLiteral("confirmed"));
        REQUIRE(waitUntil([&] { return !model.isLoading() && model.filter() == "confirmed"; }));
        REQUIRE(model.rows().size() > 0);
        const QVariantMap first = row(model, 0);  // the newest decision first
        CHECK(field(first, "recordId") == id);
        CHECK(field(first, "note") == QStringLiteral("连续两月未报送，予以通报"));
        CHECK_FALSE(field(first, "measureLabel").isEmpty());

        // Dismissing needs a reason too.
        model.setFilter(QStringLiteral("proposed"));
        REQUIRE(waitUntil([&] { return !model.isLoading() && model.filter() == "proposed"; }));
        if (model.total() > 0) {
            RecordEditor dismiss;
            openEditor(dismiss, demo.session, "accountability_case", field(row(model, 0), "recordId"));
            dismiss.move(QStringLiteral("dismissed"));
            waitForWrite(dismiss, demo.session);
            CHECK(dismiss.errorDetail().contains(QStringLiteral("decision_note")));
            CHECK(dismiss.status() == "proposed");
        }
    }
}

TEST_CASE("petition supervision lists the supervised petitions, overdue first, without the complainant", "[app][register]") {
    DemoStore demo;
    RegisterModel model;
    load(model, demo.session, "petitions", "open");
    CHECK(model.filters() == QStringList{"open", "overdue", "concluded", "all"});

    std::vector<SupervisedPetition> core;
    Dashboard figures;
    onStoreThread(demo.session, [&](Store& s) {
        const std::string today = bureauToday(s);
        core = supervisedPetitions(s, today).value();
        figures = dashboard(s, today, previousMonth(today)).value();
    });
    qint64 open = 0, overdue = 0, concluded = 0;
    for (const auto& p : core) {
        open += p.status != "concluded";
        overdue += p.overdue;
        concluded += p.status == "concluded";
    }
    REQUIRE(overdue > 0);  // the demo has one overdue
    CHECK(count(model, "open") == open);
    CHECK(count(model, "overdue") == overdue);
    CHECK(count(model, "concluded") == concluded);
    CHECK(count(model, "all") == static_cast<qint64>(core.size()));
    // The dashboard's figures open these filters: the same numbers.
    CHECK(figures.supervisedPetitions == open);
    CHECK(figures.supervisedOverdue == overdue);

    REQUIRE(model.rows().size() == open);
    CHECK(row(model, 0).value(QStringLiteral("overdue")).toBool());  // the most urgent first
    for (const QVariant& v : model.rows()) {
        const QVariantMap r = v.toMap();
        CHECK_FALSE(field(r, "summary").isEmpty());
        CHECK_FALSE(field(r, "receivedDate").isEmpty());
        CHECK_FALSE(r.contains(QStringLiteral("complainant")));
        const QString complainant = QString::fromStdString(str(demo.get("complaint", field(r, "recordId").toStdString()), "complainant"));
        if (!complainant.isEmpty())
            for (auto it = r.begin(); it != r.end(); ++it) CHECK_FALSE(it.value().toString().contains(complainant));
    }
}

TEST_CASE("a discipline inspector assigns a supervised petition and records its outcome", "[app][register]") {
    DemoStore demo;
    // A "四风" petition concluded "否": the core puts it under supervision, with no one assigned.
    std::string unitId;
    onStoreThread(demo.session, [&](Store& s) {
        unitId = s.listRecords("unit").value().front().id;
        must(s.createRecord("complaint", {{"unit_id", unitId},
                                          {"channel", "hotline"},
                                          {"received_date", "2026-06-02"},
                                          {"category", "four_styles"},
                                          {"summary", "反映该单位公车私用，经初核为“否”"},
                                          {"conclusion", "unsubstantiated"},
                                          {"complainant", "匿名"}}));
    });

    SECTION("a leader may look but not assign") {
        demo.setRole("leader_in_charge");
        RegisterModel model;
        load(model, demo.session, "petitions", "open");
        CHECK_FALSE(model.mayAct());
    }

    SECTION("assigned, then concluded") {
        demo.setRole("discipline_inspector");
        RegisterModel model;
        load(model, demo.session, "petitions", "open");
        CHECK(model.mayAct());
        QString id;
        for (const QVariant& v : model.rows())
            if (v.toMap().value(QStringLiteral("summary")).toString().contains(QStringLiteral("公车私用"))) id = v.toMap().value(QStringLiteral("recordId")).toString();
        REQUIRE_FALSE(id.isEmpty());
        const qint64 concluded = count(model, "concluded");

        RecordEditor editor;
        openEditor(editor, demo.session, "complaint", id);
        // A deadline that is no date is refused on its field; nothing is written.
        REQUIRE(editor.setValue(QStringLiteral("supervisor"), QStringLiteral("纪检组 王磊")));
        REQUIRE(editor.setValue(QStringLiteral("supervision_deadline"), QStringLiteral("2026/07/15")));
        editor.save();
        waitForWrite(editor, demo.session);
        CHECK(editor.fieldErrors().contains(QStringLiteral("supervision_deadline")));
        CHECK(str(demo.get("complaint", id.toStdString()), "supervision_status") == "required");

        REQUIRE(editor.setValue(QStringLiteral("supervision_deadline"), QStringLiteral("2026-07-15")));
        editor.save();
        waitForWrite(editor, demo.session);
        INFO(editor.errorMessage().toStdString() << " " << editor.errorDetail().toStdString());
        CHECK(editor.errorMessage().isEmpty());
        CHECK(str(demo.get("complaint", id.toStdString()), "supervision_status") == "supervising");
        reloaded(model, demo.session);
        bool shown = false;
        for (const QVariant& v : model.rows()) {
            const QVariantMap r = v.toMap();
            if (field(r, "recordId") != id) continue;
            shown = true;
            CHECK(field(r, "status") == "supervising");
            CHECK(field(r, "supervisor") == QStringLiteral("纪检组 王磊"));
            CHECK(field(r, "deadline") == "2026-07-15");
        }
        CHECK(shown);

        REQUIRE(editor.setValue(QStringLiteral("supervision_outcome"), QStringLiteral("复核属实，已责令整改")));
        editor.save();
        waitForWrite(editor, demo.session);
        CHECK(editor.errorMessage().isEmpty());
        CHECK(str(demo.get("complaint", id.toStdString()), "supervision_status") == "concluded");
        reloaded(model, demo.session);
        CHECK(count(model, "concluded") == concluded + 1);

        // Concluded: the outcome stands.
        REQUIRE(waitUntil([&] { return !editor.isLoading(); }));
        if (editor.setValue(QStringLiteral("supervision_outcome"), QStringLiteral("改为不属实"))) {
            editor.save();
            waitForWrite(editor, demo.session);
            CHECK_FALSE(editor.errorMessage().isEmpty());
        }
        CHECK(str(demo.get("complaint", id.toStdString()), "supervision_outcome") == "复核属实，已责令整改");
    }
}
