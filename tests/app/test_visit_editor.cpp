// The Visit page's editor (qml/src/visit_editor.h) on a real scratch store through the Session's
// store thread, with the platform's fakes for the position and the camera: starting a visit from
// its assignment, check-in and its warnings, the two-person rule, the draft kept at every change
// and restored after a restart, the signature sealed and bound to the content, and submission.
#include <catch2/catch.hpp>

#include <QAbstractItemModelTester>
#include <QImage>

#include "app_test_support.h"
#include "devices.h"
#include "drafts.h"
#include "fake_camera.h"
#include "fake_connectivity.h"
#include "fake_position_source.h"
#include "fieldcheck/core/crypto.h"
#include "fieldcheck/core/visit_rules.h"
#include "visit_editor.h"

using namespace fieldcheck;
using namespace fieldcheck::test;
using fieldcheck::ui::VisitEditor;
using json = nlohmann::json;
namespace vr = fieldcheck::visit_rules;

namespace {

// 2026-05-20 10:00 Beijing time.
constexpr int64_t kMay20 = 1779242400000;
constexpr double kUnitLatitude = 39.9042, kUnitLongitude = 116.4074;

// A unit with a location, a group of three, a checklist of three items (the third optional) and
// an assignment to visit the unit; the platform's fakes for the devices.
struct VisitScene {
    ManualClock clock{kMay20};
    UnitStore fx{0, {{"QS-01", "青松颐养院"}}, &clock};
    std::string unitId = fx.named("青松颐养院").id;
    std::string groupId, assignmentId, checklistId;
    // Owned by `devices` (their parent), as in the app.
    platform::FakeCamera& camera = *new platform::FakeCamera;
    platform::FakePositionSource& position = *new platform::FakePositionSource;
    platform::FakeConnectivity& connectivity = *new platform::FakeConnectivity;
    ui::Devices devices{&camera, &position, &connectivity};

    VisitScene() {
        onStoreThread(fx.session, [&](Store& s) {
            auto must = [](Result<Record> r) {
                if (!r.ok()) FAIL(r.error().toString());
                return r.value();
            };
            must(s.updateRecord("unit", unitId, {{"latitude", kUnitLatitude}, {"longitude", kUnitLongitude}, {"address", "青松路8号"}}));
            Record campaign = must(s.createRecord("campaign", {{"code", "ZF-2026"}, {"name", "基层正风反腐专项治理"}}));
            Record group = must(s.createRecord("inspection_group", {{"campaign_id", campaign.id}, {"code", "G1"}, {"name", "第一检查组"},
                                                                    {"leader", "张三"}}));
            groupId = group.id;
            must(s.createRecord("person", {{"name", "张三"}, {"user_name", "g1m1"}, {"role", "group_leader"}, {"group_id", group.id}}));
            must(s.createRecord("person", {{"name", "李四"}, {"user_name", "g1m2"}, {"role", "inspector"}, {"group_id", group.id}}));
            must(s.createRecord("person", {{"name", "王五"}, {"user_name", "g1m3"}, {"role", "inspector"}, {"group_id", group.id}}));
            checklistId = must(s.createRecord("checklist_template",
                                              {{"code", "JC-2026"},
                                               {"template_version", 1},
                                               {"name", "养老机构现场检查清单"},
                                               {"items", json::array({{{"code", "safety-1"}, {"category", "safety"}, {"question", "消防设施是否完好"}},
                                                                      {{"code", "fees-1"}, {"category", "misconduct"}, {"question", "收费项目数"},
                                                                       {"answer", "number"}},
                                                                      {{"code", "remark"}, {"category", "internal"}, {"question", "其他情况"},
                                                                       {"answer", "text"}, {"required", false}}})}}))
                              .id;
            assignmentId = must(s.createRecord("assignment", {{"campaign_id", campaign.id}, {"group_id", group.id}, {"unit_id", unitId},
                                                              {"task", "visit"}, {"due_date", "2026-05-31"}}))
                               .id;
        });
    }

    void attach(VisitEditor& e) {
        e.setSession(&fx.session);
        e.setDevices(&devices);
    }

    Record record(const std::string& type, const std::string& id) {
        Record r;
        onStoreThread(fx.session, [&](Store& s) { r = s.getRecord(type, id).value(); });
        return r;
    }

    std::optional<json> draftOf(const QString& visitId) {
        std::optional<json> content;
        onStoreThread(fx.session, [&](Store& s) {
            auto d = ui::drafts::load(s, "visit", visitId.toStdString());
            REQUIRE(d.ok());
            if (d.value()) content = d.value()->content;
        });
        return content;
    }
};

void waitIdle(VisitEditor& e) { REQUIRE(waitUntil([&] { return !e.isLoading() && !e.isBusy(); })); }

// Starts a visit from the assignment and waits until it can be edited.
void startFromAssignment(VisitScene& scene, VisitEditor& e) {
    scene.attach(e);
    e.setAssignmentId(QString::fromStdString(scene.assignmentId));
    REQUIRE(waitUntil([&] { return !e.isLoading() && e.canStart(); }));
    e.start();
    REQUIRE(waitUntil([&] { return e.isEditable() && !e.isLoading() && !e.isBusy(); }));
}

void checkInAt(VisitScene& scene, VisitEditor& e, double latitude, double longitude, double accuracy, bool simulated) {
    scene.position.setFix(latitude, longitude, accuracy, simulated);
    const int calls = scene.position.calls();
    e.checkIn();
    REQUIRE(scene.position.calls() == calls + 1);
    REQUIRE(waitUntil([&] { return !e.isCheckingIn() && !e.isBusy(); }));
    REQUIRE(e.checkInError().isEmpty());
}

QVariantList signatureStrokes() {
    QVariantList stroke;
    for (int i = 0; i <= 20; ++i) stroke.append(QVariantMap{{QStringLiteral("x"), 10 + i * 12}, {QStringLiteral("y"), 60 + (i % 5) * 8}});
    return {stroke, QVariantList{QVariantMap{{QStringLiteral("x"), 200}, {QStringLiteral("y"), 30}},
                                 QVariantMap{{QStringLiteral("x"), 260}, {QStringLiteral("y"), 110}}}};
}

void answerAll(VisitEditor& e) {
    e.setAnswer(QStringLiteral("safety-1"), QStringLiteral("problem"));
    e.setItemNote(QStringLiteral("safety-1"), QStringLiteral("灭火器过期两具"));
    e.setAnswer(QStringLiteral("fees-1"), QStringLiteral("3"));
}

}  // namespace

TEST_CASE("a visit starts from its assignment with the group's checklist, and the assignment goes in progress", "[app][visit]") {
    VisitScene scene;
    VisitEditor e;
    QAbstractItemModelTester tester(e.checklist(), QAbstractItemModelTester::FailureReportingMode::Warning);
    scene.attach(e);
    e.setAssignmentId(QString::fromStdString(scene.assignmentId));
    REQUIRE(waitUntil([&] { return !e.isLoading() && e.canStart(); }));
    CHECK_FALSE(e.isFound());
    CHECK_FALSE(e.isEditable());
    CHECK(e.unitName() == QStringLiteral("青松颐养院"));
    CHECK(e.groupName() == QStringLiteral("第一检查组"));
    CHECK(e.visitId().isEmpty());  // nothing is created before the user starts

    e.start();
    REQUIRE(waitUntil([&] { return e.isEditable() && !e.isLoading() && !e.isBusy(); }));
    REQUIRE_FALSE(e.visitId().isEmpty());
    const Record visit = scene.record("visit", e.visitId().toStdString());
    CHECK(visit.fields["status"] == "started");
    CHECK(visit.fields["assignment_id"] == scene.assignmentId);
    CHECK(visit.fields["group_id"] == scene.groupId);
    CHECK(visit.fields["checklist_template_id"] == scene.checklistId);
    CHECK(visit.fields["planned_date"] == "2026-05-20");
    CHECK(scene.record("assignment", scene.assignmentId).fields["status"] == "in_progress");
    REQUIRE(e.checklist()->rowCount() == 3);
    CHECK(e.checklist()->data(e.checklist()->index(1), ui::VisitChecklistModel::AnswerKindRole) == QStringLiteral("number"));
    CHECK(e.checklist()->data(e.checklist()->index(2), ui::VisitChecklistModel::RequiredRole) == false);
    CHECK(e.inspectorNames() == QStringList{QStringLiteral("张三"), QStringLiteral("李四"), QStringLiteral("王五")});

    // Opening the assignment again finds its visit instead of starting another.
    VisitEditor again;
    scene.attach(again);
    again.setAssignmentId(QString::fromStdString(scene.assignmentId));
    REQUIRE(waitUntil([&] { return !again.isLoading() && again.isFound(); }));
    CHECK(again.visitId() == e.visitId());
    CHECK_FALSE(again.canStart());
}

TEST_CASE("a check-in records the position, warns when far from the unit or simulated, and keeps the simulated flag",
          "[app][visit]") {
    // metres north of the unit, simulated by the source → far, simulated warnings
    auto [north, simulated, far] = GENERATE(table<double, bool, bool>({
        {25.0, false, false},
        {520.0, false, true},
        {25.0, true, false},
        {900.0, true, true},
    }));
    CAPTURE(north, simulated);
    VisitScene scene;
    VisitEditor e;
    startFromAssignment(scene, e);
    CHECK_FALSE(e.isCheckedIn());
    checkInAt(scene, e, kUnitLatitude + north / 111195.0, kUnitLongitude, 12.0, simulated);

    CHECK(e.isCheckedIn());
    CHECK(e.distanceToUnit() == Approx(north).margin(1.0));
    CHECK(e.isFarFromUnit() == far);
    CHECK(e.isPositionSimulated() == simulated);
    CHECK(e.accuracy() == 12.0);
    CHECK(e.positionText().contains(QStringLiteral("116.40740")));
    const Record visit = scene.record("visit", e.visitId().toStdString());
    CHECK(visit.fields["gps_simulated"] == simulated);
    CHECK(visit.fields["gps_accuracy_m"] == 12.0);
    CHECK(visit.fields["gps_time_ms"].get<int64_t>() > 0);
    CHECK(visit.fields["distance_to_unit_m"].get<double>() == Approx(north).margin(1.0));
}

TEST_CASE("a failed check-in says why and records nothing", "[app][visit]") {
    VisitScene scene;
    VisitEditor e;
    startFromAssignment(scene, e);
    scene.position.setFaults({.unavailable = false, .denyAccess = true, .timeOut = false});
    e.checkIn();
    REQUIRE(waitUntil([&] { return !e.isCheckingIn(); }));
    CHECK(e.checkInError() == platform::PositionSource::accessDeniedMessage());
    CHECK_FALSE(e.isCheckedIn());
    CHECK(scene.record("visit", e.visitId().toStdString()).fields["gps_latitude"].is_null());
}

TEST_CASE("fewer than two inspectors present is warned about and flagged on submission", "[app][visit]") {
    VisitScene scene;
    VisitEditor e;
    startFromAssignment(scene, e);
    CHECK(e.presentCount() == 0);
    CHECK(e.fewerThanTwo());
    e.setInspectorPresent(QStringLiteral("张三"), true);
    CHECK(e.fewerThanTwo());
    e.setInspectorPresent(QStringLiteral("李四"), true);
    CHECK_FALSE(e.fewerThanTwo());
    CHECK(e.inspectorsPresent() == QStringLiteral("张三、李四"));
    e.setInspectorPresent(QStringLiteral("张三"), false);
    CHECK(e.fewerThanTwo());
    CHECK(e.presentNames() == QStringList{QStringLiteral("李四")});

    // Complete otherwise: the core flags it, it does not refuse it.
    checkInAt(scene, e, kUnitLatitude, kUnitLongitude, 10.0, false);
    answerAll(e);
    e.sign(QStringLiteral("王院长"), signatureStrokes(), 300, 150);
    REQUIRE(waitUntil([&] { return e.signatureState() == QStringLiteral("valid") && !e.isBusy(); }));
    CHECK(e.missing().isEmpty());
    e.submit();
    REQUIRE(waitUntil([&] { return e.status() == QStringLiteral("submitted"); }));
    waitIdle(e);
    const Record visit = scene.record("visit", e.visitId().toStdString());
    CHECK(visit.fields["fewer_than_two"] == true);
    CHECK(visit.fields["inspectors_present"] == "李四");
    CHECK(e.message() == VisitEditor::tr("Submitted. It is flagged: fewer than two inspectors were present."));
}

TEST_CASE("every change is kept as the visit's draft at once, and a new editor restores it after a restart", "[app][visit]") {
    VisitScene scene;
    QString visitId;
    {
        VisitEditor e;
        startFromAssignment(scene, e);
        visitId = e.visitId();
        CHECK_FALSE(scene.draftOf(visitId).has_value());

        e.setAnswer(QStringLiteral("safety-1"), QStringLiteral("problem"));
        settle(scene.fx.session);
        auto draft = scene.draftOf(visitId);
        REQUIRE(draft.has_value());
        CHECK(draft->at("answers") == json{{"safety-1", {{"answer", "problem"}}}});

        e.setItemNote(QStringLiteral("safety-1"), QStringLiteral("灭火器过期"));
        settle(scene.fx.session);
        CHECK(scene.draftOf(visitId)->at("answers").at("safety-1").at("note") == "灭火器过期");

        e.setAnswer(QStringLiteral("fees-1"), QStringLiteral("2.5"));
        e.setInspectorPresent(QStringLiteral("王五"), true);
        e.setNotes(QStringLiteral("与院长座谈"));
        settle(scene.fx.session);
        draft = scene.draftOf(visitId);
        CHECK(draft->at("answers").at("fees-1").at("answer") == 2.5);
        CHECK(draft->at("inspectors_present") == "王五");
        CHECK(draft->at("notes") == "与院长座谈");
        // Kept on the device only: the record (and the outbox) saw none of it yet.
        const Record visit = scene.record("visit", visitId.toStdString());
        CHECK(visit.fields["answers"].is_null());
        CHECK(visit.fields["notes"].is_null());
    }  // the editor goes without saving anything: as when the app is killed

    // The app starts again: the store is opened anew.
    const std::string path = scene.fx.dir.file("units.db");
    scene.fx.session.lock();
    scene.fx.session.adopt(openTestStore(path, &scene.clock));

    VisitEditor restored;
    scene.attach(restored);
    restored.setVisitId(visitId);
    REQUIRE(waitUntil([&] { return !restored.isLoading() && restored.isFound(); }));
    CHECK(restored.isDraftRestored());
    CHECK_FALSE(restored.draftNotice().isEmpty());
    CHECK(restored.presentNames() == QStringList{QStringLiteral("王五")});
    CHECK(restored.notes() == QStringLiteral("与院长座谈"));
    const auto* model = restored.checklist();
    CHECK(model->data(model->index(0), ui::VisitChecklistModel::AnswerRole) == QStringLiteral("problem"));
    CHECK(model->data(model->index(0), ui::VisitChecklistModel::NoteRole) == QStringLiteral("灭火器过期"));
    CHECK(model->data(model->index(1), ui::VisitChecklistModel::AnswerRole).toDouble() == 2.5);
    CHECK(restored.answeredCount() == 2);

    // The next meaningful point (the check-in) writes the form into the record; the draft goes.
    checkInAt(scene, restored, kUnitLatitude, kUnitLongitude, 10.0, false);
    const Record visit = scene.record("visit", visitId.toStdString());
    CHECK(visit.fields["notes"] == "与院长座谈");
    CHECK(visit.fields["answers"].at("safety-1").at("answer") == "problem");
    CHECK_FALSE(scene.draftOf(visitId).has_value());
    CHECK_FALSE(restored.isDraftRestored());
}

TEST_CASE("signing seals the drawn signature as a PNG and binds it to the visit's content", "[app][visit][signature]") {
    VisitScene scene;
    VisitEditor e;
    startFromAssignment(scene, e);
    checkInAt(scene, e, kUnitLatitude, kUnitLongitude, 10.0, false);
    e.setInspectorPresent(QStringLiteral("张三"), true);
    e.setInspectorPresent(QStringLiteral("李四"), true);
    answerAll(e);
    CHECK(e.signatureState() == QStringLiteral("unsigned"));

    // Refused without a name or without strokes: nothing is sealed.
    e.sign(QStringLiteral("  "), signatureStrokes(), 300, 150);
    CHECK(e.messageIsError());
    e.sign(QStringLiteral("王院长"), {}, 300, 150);
    CHECK(e.messageIsError());
    settle(scene.fx.session);

    e.sign(QStringLiteral("王院长"), signatureStrokes(), 300, 150);
    REQUIRE(waitUntil([&] { return e.signatureState() == QStringLiteral("valid") && !e.isBusy(); }));
    CHECK(e.signedBy() == QStringLiteral("王院长"));
    CHECK_FALSE(e.signedTime().isEmpty());

    const Record visit = scene.record("visit", e.visitId().toStdString());
    std::vector<Attachment> sealed;
    std::vector<uint8_t> png;
    onStoreThread(scene.fx.session, [&](Store& s) {
        sealed = s.attachmentsOf("visit", visit.id).value();
        REQUIRE(sealed.size() == 1);
        png = s.readAttachment(sealed[0].id).value();
    });
    CHECK(sealed[0].mediaType == "image/png");
    CHECK(sealed[0].fileName.rfind("signature_", 0) == 0);
    CHECK(visit.fields["signature_attachment_id"] == sealed[0].id);
    CHECK(sha256Hex(png.data(), png.size()) == sealed[0].sha256);
    QImage image;
    REQUIRE(image.loadFromData(png.data(), static_cast<int>(png.size()), "PNG"));
    CHECK(image.width() == 600);
    CHECK(image.pixelColor(10 * 2, 60 * 2).lightness() < 128);  // the stroke's first point is ink
    CHECK(image.pixelColor(590, 290).lightness() > 200);         // the corner is paper
    CHECK(visit.fields["signed_by"] == "王院长");
    CHECK(visit.fields["signed_ms"] == sealed[0].capturedMs);
    // The hash is of the content signed: what the form held, written into the record with it.
    CHECK(visit.fields["signed_content_sha256"] == vr::visitContentSha256(visit));
    CHECK(visit.fields["answers"].at("safety-1").at("note") == "灭火器过期两具");
    CHECK(visit.fields["answers"].at("fees-1").at("answer") == 3);
    CHECK(vr::visitSignatureState(visit) == vr::SignatureState::Valid);
    CHECK_FALSE(scene.draftOf(e.visitId()).has_value());
}

TEST_CASE("a change after signing shows at once, refuses submission, and a new signature covers it", "[app][visit][signature]") {
    VisitScene scene;
    VisitEditor e;
    startFromAssignment(scene, e);
    checkInAt(scene, e, kUnitLatitude, kUnitLongitude, 10.0, false);
    e.setInspectorPresent(QStringLiteral("张三"), true);
    e.setInspectorPresent(QStringLiteral("李四"), true);
    answerAll(e);
    e.sign(QStringLiteral("王院长"), signatureStrokes(), 300, 150);
    REQUIRE(waitUntil([&] { return e.signatureState() == QStringLiteral("valid") && !e.isBusy(); }));

    e.setAnswer(QStringLiteral("safety-1"), QStringLiteral("ok"));
    CHECK(e.signatureState() == QStringLiteral("changed_after_signing"));
    CHECK(e.missing() == QStringList{VisitEditor::tr("The visit changed after it was signed: the representative signs again.")});
    e.submit();
    waitIdle(e);
    CHECK(e.status() == QStringLiteral("started"));
    CHECK(e.messageIsError());
    CHECK(e.message().contains(VisitEditor::tr("The visit changed after it was signed: the representative signs again.")));
    // The change is in the record now, and the record shows it was made after signing.
    const Record changed = scene.record("visit", e.visitId().toStdString());
    CHECK(changed.fields["answers"].at("safety-1").at("answer") == "ok");
    CHECK(vr::visitChangedAfterSigning(changed));

    e.sign(QStringLiteral("王院长"), signatureStrokes(), 300, 150);
    REQUIRE(waitUntil([&] { return e.signatureState() == QStringLiteral("valid") && !e.isBusy(); }));
    e.submit();
    REQUIRE(waitUntil([&] { return e.status() == QStringLiteral("submitted"); }));
    waitIdle(e);
    CHECK(e.message() == VisitEditor::tr("Submitted."));
    CHECK_FALSE(e.isEditable());
    CHECK(scene.record("assignment", scene.assignmentId).fields["status"] == "done");
    std::vector<Attachment> sealed;
    onStoreThread(scene.fx.session, [&](Store& s) { sealed = s.attachmentsOf("visit", e.visitId().toStdString()).value(); });
    CHECK(sealed.size() == 2);  // the first signature stays, as evidence of what was first signed
}

TEST_CASE("submission is refused with what is missing, and accepted once the visit is complete", "[app][visit]") {
    VisitScene scene;
    VisitEditor e;
    startFromAssignment(scene, e);
    const QStringList allMissing = {VisitEditor::tr("Check in at the unit (the visit's position)."),
                                    VisitEditor::tr("Answer the required checklist items: %1.").arg(QStringLiteral("1, 2")),
                                    VisitEditor::tr("The unit's representative signs the visit record.")};
    CHECK(e.missing() == allMissing);
    e.submit();
    waitIdle(e);
    CHECK(e.status() == QStringLiteral("started"));
    CHECK(e.messageIsError());
    for (const QString& what : allMissing) CHECK(e.message().contains(what));

    checkInAt(scene, e, kUnitLatitude, kUnitLongitude, 10.0, false);
    e.setAnswer(QStringLiteral("safety-1"), QStringLiteral("ok"));
    e.setAnswer(QStringLiteral("fees-1"), QStringLiteral("三项"));  // not a number: no answer
    CHECK(e.missing().first() == VisitEditor::tr("Answer the required checklist items: %1.").arg(QStringLiteral("2")));
    e.setAnswer(QStringLiteral("fees-1"), 0);
    e.setInspectorPresent(QStringLiteral("张三"), true);
    e.setInspectorPresent(QStringLiteral("王五"), true);
    CHECK(e.missing() == QStringList{VisitEditor::tr("The unit's representative signs the visit record.")});
    e.sign(QStringLiteral("王院长"), signatureStrokes(), 300, 150);
    REQUIRE(waitUntil([&] { return e.signatureState() == QStringLiteral("valid") && !e.isBusy(); }));
    CHECK(e.missing().isEmpty());
    e.submit();
    REQUIRE(waitUntil([&] { return e.status() == QStringLiteral("submitted"); }));
    waitIdle(e);
    CHECK_FALSE(e.messageIsError());
    const Record visit = scene.record("visit", e.visitId().toStdString());
    CHECK(visit.fields["fewer_than_two"] == false);
    CHECK(visit.fields["submitted_ms"] == kMay20);
    // Submitted: the form takes no more changes.
    e.setNotes(QStringLiteral("事后补记"));
    CHECK(e.notes().isEmpty());
}

TEST_CASE("a photo for a checklist item is sealed onto the visit and counted for its item", "[app][visit]") {
    VisitScene scene;
    VisitEditor e;
    startFromAssignment(scene, e);
    e.takePhoto(QStringLiteral("safety-1"));
    CHECK(e.photoItem() == QStringLiteral("safety-1"));
    REQUIRE(waitUntil([&] { return e.photoItem().isEmpty() && !e.isBusy(); }));
    CHECK_FALSE(e.messageIsError());
    CHECK(e.checklist()->data(e.checklist()->index(0), ui::VisitChecklistModel::PhotoCountRole) == 1);
    CHECK(e.checklist()->data(e.checklist()->index(1), ui::VisitChecklistModel::PhotoCountRole) == 0);
    std::vector<Attachment> sealed;
    onStoreThread(scene.fx.session, [&](Store& s) { sealed = s.attachmentsOf("visit", e.visitId().toStdString()).value(); });
    REQUIRE(sealed.size() == 1);
    CHECK(sealed[0].fileName.rfind("safety-1_IMG_", 0) == 0);
    CHECK(sealed[0].mediaType == "image/jpeg");

    // No camera: the page is told why, nothing is taken.
    scene.camera.setFaults({.unavailable = true, .failNextCapture = false});
    e.takePhoto(QStringLiteral("fees-1"));
    CHECK(e.photoItem().isEmpty());
    CHECK(e.message() == scene.camera.unavailableReason());
}

TEST_CASE("a drawn signature becomes a PNG in memory, and nothing drawn is no signature", "[app][visit][signature]") {
    const QByteArray png = VisitEditor::renderSignature(signatureStrokes(), QSizeF(300, 150));
    REQUIRE(png.startsWith("\x89PNG"));
    QImage image;
    REQUIRE(image.loadFromData(png, "PNG"));
    CHECK(image.size() == QSize(600, 300));
    CHECK(VisitEditor::renderSignature({}, QSizeF(300, 150)).isEmpty());
    CHECK(VisitEditor::renderSignature({QVariantList{QVariantMap{{QStringLiteral("x"), 1}, {QStringLiteral("y"), 1}}}}, QSizeF(300, 150))
              .isEmpty());
    CHECK(VisitEditor::renderSignature(signatureStrokes(), QSizeF(0, 150)).isEmpty());
}
