// The Finding page's editor (qml/src/finding_editor.h) and its photo strip's controller
// (photo_controller.h) on real scratch stores through a Session: drafts that survive the editor,
// what each role is offered (the core's permission table and visibility rule, nothing of the
// app's own), the core's refusals shown where the user can act on them, and photos sealed from
// the camera or a file without a copy of them anywhere but the store.
#include <catch2/catch.hpp>

#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QUrl>
#include <optional>
#include <set>

#include "app_test_support.h"
#include "devices.h"
#include "drafts.h"
#include "fake_camera.h"
#include "fake_connectivity.h"
#include "fake_position_source.h"
#include "fieldcheck/core/crypto.h"
#include "fieldcheck/core/permissions.h"
#include "fieldcheck/core/replication.h"
#include "fieldcheck/core/scope.h"
#include "finding_editor.h"
#include "photo_controller.h"
#include "photo_thumbnail.h"
#include "unit_detail.h"

using namespace fieldcheck;
using namespace fieldcheck::test;
using fieldcheck::ui::FindingEditor;
using fieldcheck::ui::PhotoController;

namespace {

// 2026-05-20 10:00 Beijing time.
constexpr int64_t kMay20 = 1779242400000;

// A Session on a scratch store with one campaign and two units; not enrolled until setRole().
struct FindingStore {
    ManualClock clock{kMay20};
    TempDir dir;
    ui::Session session{QString::fromStdString(dir.file("findings.db"))};
    std::string campaignId, unitId, otherUnitId;

    FindingStore() {
        auto store = createTestStore(dir.file("findings.db"), &clock);
        campaignId = must(store->createRecord("campaign", {{"code", "ZF-2026"}, {"name", "基层正风反腐专项治理"}})).id;
        unitId = createUnit(*store, "MZ001", "区社会福利院").id;
        otherUnitId = createUnit(*store, "MZ002", "区救助管理站").id;
        session.adopt(std::move(store));
    }

    // A finding of the unit, moved along its life cycle to `status` (while not enrolled).
    std::string finding(const std::string& status = "recorded", nlohmann::json extra = nlohmann::json::object()) {
        std::string id;
        onStoreThread(session, [&](Store& s) {
            nlohmann::json fields = findingFields(unitId, "食堂账目不清，伙食补助重复发放");
            fields.update(extra);
            Record r = must(s.createRecord("finding", fields));
            const std::vector<std::string> path = {"submitted", "verified", "rectifying", "closed"};
            for (const auto& to : path) {
                if (r.fields["status"] == status) break;
                r = must(s.updateRecord("finding", r.id, {{"status", to}}));
            }
            REQUIRE(r.fields["status"] == status);
            id = r.id;
        });
        return id;
    }

    // Enrols the device as `role` (empty: not enrolled), as a sync would.
    void setRole(const std::string& role) {
        onStoreThread(session, [&](Store& s) { REQUIRE(replication::setSyncState(s, "role", role).ok()); });
    }

    Record record(const std::string& id) {
        Record out;
        onStoreThread(session, [&](Store& s) { out = must(s.getRecord("finding", id)); });
        return out;
    }

    std::optional<nlohmann::json> draft(const std::string& key) {
        std::optional<nlohmann::json> out;
        onStoreThread(session, [&](Store& s) {
            auto d = ui::drafts::load(s, "finding", key);
            REQUIRE(d.ok());
            if (d.value()) out = d.value()->content;
        });
        return out;
    }
};

// An editor of `findingId`, or of a new finding for `unitId`, once its form is read.
void open(FindingEditor& editor, ui::Session& session, const std::string& findingId, const std::string& unitId = {}) {
    editor.setFindingId(QString::fromStdString(findingId));
    editor.setUnitId(QString::fromStdString(unitId));
    editor.setSession(&session);
    REQUIRE(waitUntil([&] { return !editor.isLoading() && (editor.isReady() || editor.isMissing()); }));
    REQUIRE(editor.isReady());
}

void waitForWrite(FindingEditor& editor, ui::Session& session) {
    REQUIRE(waitUntil([&] { return !editor.isBusy(); }));
    settle(session);
    REQUIRE(waitUntil([&] { return !editor.isLoading(); }));
}

QString value(const FindingEditor& editor, const char* field) { return editor.values().value(field).toString(); }

std::set<std::string> offeredMoves(const FindingEditor& editor) {
    std::set<std::string> out;
    for (const QVariant& m : editor.moves()) out.insert(m.toMap().value("to").toString().toStdString());
    return out;
}

// What the permission table lets `role` do to `record`: the moves from its state.
std::set<std::string> tableMoves(const std::string& role, const Record& record) {
    std::set<std::string> out;
    const RecordTypeSpec* spec = findRecordType("finding");
    for (const auto& to : spec->lifeCycle.nextStates(record.fields["status"].get<std::string>())) {
        if (role.empty() ||
            permissions::authorize({role, "finding", permissions::Request::Kind::Update, &record, {{"status", to}}}).ok()) {
            out.insert(to);
        }
    }
    return out;
}

bool tableAllowsEdit(const std::string& role, const Record& record, const std::string& field) {
    return permissions::authorize({role, "finding", permissions::Request::Kind::Update, &record,
                                   {{field, record.fields.value(field, nlohmann::json())}}})
        .ok();
}

}  // namespace

TEST_CASE("a new finding's form comes back from its draft in a new editor, and saving creates the record and removes the draft",
          "[app][finding]") {
    FindingStore fx;
    const std::string key = "new:" + fx.unitId;
    {
        FindingEditor editor;
        open(editor, fx.session, {}, fx.unitId);
        CHECK(editor.isNew());
        CHECK(editor.unitName() == "区社会福利院");
        CHECK(editor.roleCode().isEmpty());
        CHECK(value(editor, "found_date") == "2026-05-20");  // today, in the bureau's calendar
        CHECK_FALSE(editor.isDirty());
        // Not enrolled: the store allows everything, and the form offers every field.
        for (const QString& field : FindingEditor::formFields()) {
            CAPTURE(field.toStdString());
            CHECK(editor.editable().value(field).toBool());
            CHECK(editor.shown().value(field).toBool());
        }
        REQUIRE(editor.setValue("category", "public_interest"));
        REQUIRE(editor.setValue("description", "伙食补助重复发放"));
        REQUIRE(editor.setValue("money_involved", "1234.5"));
        REQUIRE(editor.setValue("persons_involved", "王某"));
        REQUIRE(editor.setValue("source", "petition"));
        CHECK(editor.isDirty());
        // Every change is in the encrypted store at once, not when the form is left.
        REQUIRE(waitUntil([&] {
            auto d = fx.draft(key);
            return d && d->value("values", nlohmann::json::object()).value("source", "") == "petition";
        }));
        // The editor goes away without saving, as when the app is killed.
    }
    const auto kept = fx.draft(key);
    REQUIRE(kept.has_value());
    CHECK(kept->at("values").at("description") == "伙食补助重复发放");

    FindingEditor editor;
    open(editor, fx.session, {}, fx.unitId);
    CHECK(editor.isDraftRestored());
    CHECK(editor.isDirty());
    CHECK(value(editor, "category") == "public_interest");
    CHECK(value(editor, "description") == "伙食补助重复发放");
    CHECK(value(editor, "money_involved") == "1234.5");
    CHECK(value(editor, "persons_involved") == "王某");
    CHECK(value(editor, "source") == "petition");

    QSignalSpy created(&editor, &FindingEditor::created);
    editor.save();
    waitForWrite(editor, fx.session);
    INFO(editor.errorMessage().toStdString() << " " << editor.errorDetail().toStdString());
    REQUIRE(created.count() == 1);
    CHECK_FALSE(editor.isNew());
    const std::string id = editor.findingId().toStdString();
    CHECK(created.at(0).at(0).toString().toStdString() == id);

    const Record r = fx.record(id);
    CHECK(r.fields["unit_id"] == fx.unitId);
    CHECK(r.fields["campaign_id"] == fx.campaignId);
    CHECK(r.fields["category"] == "public_interest");
    CHECK(r.fields["description"] == "伙食补助重复发放");
    CHECK(r.fields["money_involved"] == "1234.50");
    CHECK(r.fields["persons_involved"] == "王某");
    CHECK(r.fields["source"] == "petition");
    CHECK(r.fields["found_date"] == "2026-05-20");
    CHECK(r.fields["status"] == "recorded");
    CHECK_FALSE(fx.draft(key).has_value());
    CHECK_FALSE(fx.draft(id).has_value());
    // The editor now shows the record: clean, with its history and the next step.
    CHECK_FALSE(editor.isDirty());
    CHECK(editor.status() == "recorded");
    CHECK(value(editor, "money_involved") == "1234.50");
    REQUIRE(editor.history().size() == 1);
    CHECK(editor.history().at(0).toMap().value("action") == "create");
    CHECK(offeredMoves(editor) == std::set<std::string>{"submitted"});
}

TEST_CASE("a new finding names every missing required field and keeps its draft", "[app][finding]") {
    FindingStore fx;
    FindingEditor editor;
    open(editor, fx.session, {}, fx.unitId);
    REQUIRE(editor.setValue("subcategory", "伙食补助"));
    editor.save();
    waitForWrite(editor, fx.session);
    CHECK(editor.isNew());
    CHECK_FALSE(editor.errorMessage().isEmpty());
    for (const char* field : {"category", "description", "source"}) {
        CAPTURE(field);
        CHECK_FALSE(editor.fieldErrors().value(field).toString().isEmpty());
    }
    CHECK_FALSE(editor.fieldErrors().contains("subcategory"));
    REQUIRE(waitUntil([&] { return fx.draft("new:" + fx.unitId).has_value(); }));
    onStoreThread(fx.session, [](Store& s) { CHECK(s.countRecords("finding").value() == 0); });
}

TEST_CASE("edits of an existing finding stay in a draft until saved, and a value the core refuses is marked at its field",
          "[app][finding]") {
    FindingStore fx;
    const std::string id = fx.finding("recorded");
    const Record before = fx.record(id);

    {
        FindingEditor editor;
        open(editor, fx.session, id);
        REQUIRE(editor.setValue("description", "食堂账目不清，补助重复发放三次"));
        REQUIRE(editor.setValue("money_involved", "12.345"));  // three decimals: the core refuses it
        REQUIRE(waitUntil([&] {
            auto d = fx.draft(id);
            return d && d->at("values").value("money_involved", "") == "12.345";
        }));
        CHECK(fx.draft(id)->at("base_version") == before.version);
        // Nothing reached the record.
        CHECK(fx.record(id).version == before.version);
    }

    FindingEditor editor;
    open(editor, fx.session, id);
    CHECK(editor.isDraftRestored());
    CHECK(value(editor, "description") == "食堂账目不清，补助重复发放三次");

    editor.save();
    waitForWrite(editor, fx.session);
    CHECK(editor.isDirty());
    CHECK_FALSE(editor.fieldErrors().value("money_involved").toString().isEmpty());
    CHECK(editor.fieldErrors().size() == 1);
    CHECK_FALSE(editor.errorMessage().isEmpty());
    CHECK(fx.record(id).version == before.version);  // one transaction: nothing of it written
    CHECK(fx.draft(id).has_value());

    REQUIRE(editor.setValue("money_involved", "12.35"));
    CHECK(editor.fieldErrors().isEmpty());
    editor.save();
    waitForWrite(editor, fx.session);
    CHECK(editor.errorMessage().isEmpty());
    CHECK_FALSE(editor.isDirty());
    const Record after = fx.record(id);
    CHECK(after.version == before.version + 1);
    CHECK(after.fields["description"] == "食堂账目不清，补助重复发放三次");
    CHECK(after.fields["money_involved"] == "12.35");
    CHECK_FALSE(fx.draft(id).has_value());
    REQUIRE(editor.history().size() >= 2);
    CHECK(editor.history().at(0).toMap().value("action") == "update");  // newest first
    CHECK(editor.history().at(0).toMap().value("actor") == "tester");

    SECTION("discarding drops the changes and their draft") {
        REQUIRE(editor.setValue("subcategory", "临时"));
        REQUIRE(waitUntil([&] { return fx.draft(id).has_value(); }));
        editor.discard();
        settle(fx.session);
        CHECK_FALSE(editor.isDirty());
        CHECK(value(editor, "subcategory").isEmpty());
        CHECK_FALSE(fx.draft(id).has_value());
        CHECK(fx.record(id).version == after.version);
    }
}

TEST_CASE("a role is offered exactly the fields and moves the permission table allows it in each state", "[app][finding]") {
    FindingStore fx;
    const std::string status = GENERATE(as<std::string>{}, "recorded", "submitted", "verified", "rectifying", "closed");
    const std::string role = GENERATE(as<std::string>{}, "", "inspector", "group_leader", "unit_liaison", "leader_in_charge",
                                      "discipline_inspector", "party_committee");
    CAPTURE(status, role);
    const std::string id = fx.finding(status);
    fx.setRole(role);
    const Record record = fx.record(id);
    const Visibility visibility = roleVisibility(role);

    FindingEditor editor;
    open(editor, fx.session, id);
    CHECK(editor.roleCode().toStdString() == role);
    for (const QString& field : FindingEditor::formFields()) {
        const std::string name = field.toStdString();
        CAPTURE(name);
        const bool seen = role.empty() || visibility.seesField("finding", name);
        CHECK(editor.shown().value(field).toBool() == seen);
        CHECK(editor.editable().value(field).toBool() == (seen && (role.empty() || tableAllowsEdit(role, record, name))));
    }
    CHECK(offeredMoves(editor) == tableMoves(role, record));
    const bool mayWithdraw =
        role.empty() || permissions::authorize({role, "finding", permissions::Request::Kind::Withdraw, &record, {}}).ok();
    CHECK(editor.canWithdraw() == mayWithdraw);
}

TEST_CASE("what each role is offered, spelled out for the campaign's main cases", "[app][finding]") {
    FindingStore fx;
    const std::string recorded = fx.finding("recorded");
    const std::string submitted = fx.finding("submitted");
    const std::string verified = fx.finding("verified");
    auto movesOf = [&](const std::string& id) {
        FindingEditor editor;
        open(editor, fx.session, id);
        return offeredMoves(editor);
    };
    using Moves = std::set<std::string>;

    // Not enrolled: every move of the life cycle.
    CHECK(movesOf(verified) == Moves{"case_opened", "transferred", "rectifying"});
    fx.setRole("inspector");
    CHECK(movesOf(recorded) == Moves{"submitted"});
    CHECK(movesOf(submitted).empty());
    fx.setRole("group_leader");
    CHECK(movesOf(submitted) == Moves{"recorded", "verified"});
    CHECK(movesOf(verified).empty());
    fx.setRole("discipline_inspector");
    CHECK(movesOf(verified) == Moves{"case_opened", "transferred", "rectifying"});
    fx.setRole("unit_liaison");
    CHECK(movesOf(recorded).empty());
    CHECK(movesOf(verified).empty());

    // The unit concerned records no finding and withdraws none.
    FindingEditor fresh;
    open(fresh, fx.session, {}, fx.unitId);
    CHECK_FALSE(fresh.canEdit());
    fresh.save();
    CHECK(fresh.errorDetail().toStdString() ==
          permissions::authorize({"unit_liaison", "finding", permissions::Request::Kind::Create, nullptr, {}}).error().message);
    FindingEditor existing;
    open(existing, fx.session, recorded);
    CHECK_FALSE(existing.canWithdraw());
    CHECK_FALSE(existing.canEdit());
    // It answers the finding instead (a record of its own); the inspectors do not.
    CHECK(existing.mayAnswer());
    CHECK_FALSE(fresh.mayAnswer());  // nothing to answer before the finding exists
    fx.setRole("inspector");
    FindingEditor asInspector;
    open(asInspector, fx.session, recorded);
    CHECK_FALSE(asInspector.mayAnswer());
}

TEST_CASE("a field the role may not change is not offered, and an attempt is refused with the core's message", "[app][finding]") {
    FindingStore fx;
    const std::string id = fx.finding("submitted");
    fx.setRole("inspector");  // edits findings only while they are recorded
    const Record record = fx.record(id);

    FindingEditor editor;
    open(editor, fx.session, id);
    CHECK_FALSE(editor.canEdit());
    CHECK_FALSE(editor.editable().value("description").toBool());
    CHECK(editor.shown().value("description").toBool());

    const Status rule = permissions::authorize({"inspector", "finding", permissions::Request::Kind::Update, &record,
                                                {{"description", record.fields["description"]}}});
    REQUIRE_FALSE(rule.ok());
    CHECK_FALSE(editor.setValue("description", "改写"));
    CHECK_FALSE(editor.errorMessage().isEmpty());
    CHECK(editor.errorDetail().toStdString() == rule.error().message);
    CHECK_FALSE(editor.isDirty());
    CHECK_FALSE(fx.draft(id).has_value());

    // The store itself refuses the same change with the same words (the device's single write
    // path, as the server does).
    onStoreThread(fx.session, [&](Store& s) {
        auto refused = s.updateRecord("finding", id, {{"description", "改写"}});
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.error().code == ErrorCode::Unauthorized);
        CHECK(refused.error().message == rule.error().message);
    });

    // A move not offered, tried anyway, is refused by the store and shown with its message.
    CHECK(offeredMoves(editor).empty());
    editor.move("verified");
    waitForWrite(editor, fx.session);
    CHECK_FALSE(editor.errorMessage().isEmpty());
    CHECK(editor.errorDetail().toStdString() ==
          permissions::authorize({"inspector", "finding", permissions::Request::Kind::Update, &record, {{"status", "verified"}}})
              .error()
              .message);
    CHECK(fx.record(id).fields["status"] == "submitted");
}

TEST_CASE("persons involved is hidden from a role that may not see it, and never enters its form or draft", "[app][finding]") {
    FindingStore fx;
    const std::string id = fx.finding("recorded", {{"persons_involved", "张某、李某"}});

    SECTION("the unit liaison does not see it") {
        fx.setRole("unit_liaison");
        REQUIRE_FALSE(roleVisibility("unit_liaison").seesField("finding", "persons_involved"));
        FindingEditor editor;
        open(editor, fx.session, id);
        CHECK_FALSE(editor.shown().value("persons_involved").toBool());
        CHECK_FALSE(editor.values().contains("persons_involved"));
        CHECK_FALSE(editor.setValue("persons_involved", "王某"));
        CHECK_FALSE(fx.draft(id).has_value());
        // The rest of the finding is there to read.
        CHECK(value(editor, "description") == "食堂账目不清，伙食补助重复发放");
    }
    SECTION("an inspector sees it and may change it") {
        fx.setRole("inspector");
        FindingEditor editor;
        open(editor, fx.session, id);
        CHECK(editor.shown().value("persons_involved").toBool());
        CHECK(value(editor, "persons_involved") == "张某、李某");
        CHECK(editor.editable().value("persons_involved").toBool());
    }
}

TEST_CASE("a move is one write, and a withdrawal needs a reason", "[app][finding]") {
    FindingStore fx;
    const std::string id = fx.finding("recorded");
    fx.setRole("inspector");
    FindingEditor editor;
    open(editor, fx.session, id);

    SECTION("submitting: the inspector may no longer edit or move it") {
        REQUIRE(editor.setValue("subcategory", "伙食补助"));
        editor.move("submitted");  // refused: unsaved changes would be lost to the move
        CHECK_FALSE(editor.errorMessage().isEmpty());
        CHECK(fx.record(id).fields["status"] == "recorded");
        editor.save();
        waitForWrite(editor, fx.session);
        editor.move("submitted");
        waitForWrite(editor, fx.session);
        INFO(editor.errorMessage().toStdString());
        CHECK(editor.errorMessage().isEmpty());
        CHECK(fx.record(id).fields["status"] == "submitted");
        CHECK(editor.status() == "submitted");
        CHECK_FALSE(editor.canEdit());
        CHECK(offeredMoves(editor).empty());
        CHECK_FALSE(editor.canWithdraw());
    }
    SECTION("withdrawing") {
        REQUIRE(editor.canWithdraw());
        editor.withdraw("  ");
        CHECK_FALSE(editor.errorMessage().isEmpty());
        CHECK_FALSE(fx.record(id).withdrawn);
        editor.withdraw("与第二检查组记录重复");
        waitForWrite(editor, fx.session);
        const Record r = fx.record(id);
        CHECK(r.withdrawn);
        CHECK(r.withdrawnReason == "与第二检查组记录重复");
        CHECK(editor.isWithdrawn());
        CHECK_FALSE(editor.canEdit());
        CHECK(editor.moves().isEmpty());
        CHECK(editor.history().at(0).toMap().value("action") == "withdraw");
    }
}

namespace {

// Files under `dir` modified since `since` whose bytes hold `marker` (readable regular files of
// at most 64 MB; others are skipped).
QStringList filesHolding(const QString& dir, const QByteArray& marker, const QDateTime& since, bool recursive) {
    QStringList out;
    if (dir.isEmpty() || !QFileInfo(dir).isDir()) return out;
    QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::System,
                    recursive ? QDirIterator::Subdirectories : QDirIterator::NoIteratorFlags);
    while (it.hasNext()) {
        const QString path = it.next();
        const QFileInfo info(path);
        if (info.lastModified() < since || info.size() > 64 * 1024 * 1024) continue;
        QFile file(path);
        if (file.open(QIODevice::ReadOnly) && file.readAll().contains(marker)) out << path;
    }
    return out;
}

// The photo strip's controller on `record`, with a fake camera; the camera's photos are copied
// (deep) into `taken` before the controller seals them.
struct PhotoRig {
    ui::Devices devices{new platform::FakeCamera, new platform::FakePositionSource, new platform::FakeConnectivity};
    platform::FakeCamera& camera = static_cast<platform::FakeCamera&>(*devices.camera());
    PhotoController photos;
    std::vector<std::string> taken;

    PhotoRig(ui::Session& session, const std::string& findingId) {
        // Connected before the controller, so that it sees the bytes before they are wiped.
        QObject::connect(&camera, &platform::Camera::captured, &photos, [this](const platform::CapturedPhoto& p) {
            taken.emplace_back(p.bytes.constData(), static_cast<size_t>(p.bytes.size()));
        });
        photos.setDevices(&devices);
        photos.setRecordType("finding");
        photos.setRecordId(QString::fromStdString(findingId));
        photos.setSession(&session);
        REQUIRE(waitUntil([&] { return !photos.isLoading(); }));
    }
};

}  // namespace

TEST_CASE("a photo from the camera is sealed with its exact bytes and SHA-256, and no file outside the store holds it",
          "[app][finding][photo]") {
    const QDateTime started = QDateTime::currentDateTime().addSecs(-2);
    FindingStore fx;
    const std::string id = fx.finding("recorded");
    FindingEditor editor;
    open(editor, fx.session, id);
    PhotoRig rig(fx.session, id);
    REQUIRE(rig.photos.canAttach());
    REQUIRE(rig.photos.isCameraAvailable());
    CHECK(rig.photos.count() == 0);

    QSignalSpy attached(&rig.photos, &PhotoController::attached);
    rig.photos.takePhoto();
    CHECK(rig.photos.isBusy());
    REQUIRE(waitUntil([&] { return attached.count() == 1 && !rig.photos.isLoading(); }));
    INFO(rig.photos.errorMessage().toStdString());
    REQUIRE(rig.taken.size() == 1);
    const std::string& original = rig.taken.front();
    const QByteArray marker = platform::FakeCamera::markerOf(1);
    REQUIRE(original.find(marker.toStdString()) != std::string::npos);

    const std::string attachmentId = attached.at(0).at(0).toString().toStdString();
    CHECK(attached.at(0).at(1).toString().toStdString() == sha256Hex(original));
    onStoreThread(fx.session, [&](Store& s) {
        auto list = s.attachmentsOf("finding", id);
        REQUIRE(list.ok());
        REQUIRE(list->size() == 1);
        CHECK(list->front().id == attachmentId);
        CHECK(list->front().sha256 == sha256Hex(original));
        CHECK(list->front().mediaType == "image/jpeg");
        auto back = s.readAttachment(attachmentId);
        REQUIRE(back.ok());
        CHECK((std::string(back->begin(), back->end()) == original));
        // The strip's thumbnail is decoded from these bytes, in memory.
        const QImage thumbnail = ui::PhotoThumbnail::decode(
            QByteArray(reinterpret_cast<const char*>(back->data()), static_cast<qsizetype>(back->size())), 200);
        CHECK_FALSE(thumbnail.isNull());
        CHECK(std::max(thumbnail.width(), thumbnail.height()) <= 200);
    });

    // The strip lists it with its hash and time; the finding's history shows the attachment.
    REQUIRE(rig.photos.count() == 1);
    const QVariantMap shown = rig.photos.photos().at(0).toMap();
    CHECK(shown.value("sha256").toString().toStdString() == sha256Hex(original));
    CHECK(shown.value("sha256Short").toString() == PhotoController::shortHash(shown.value("sha256").toString()));
    CHECK(shown.value("capturedAt").toString() == QDateTime::fromMSecsSinceEpoch(kMay20).toString("yyyy-MM-dd HH:mm:ss"));
    CHECK(shown.value("isImage").toBool());
    REQUIRE(waitUntil([&] { return !editor.history().isEmpty() && editor.history().at(0).toMap().value("action") == "attach"; }));

    // Only the store's own files in its directory, none holding the photo's plaintext; and no
    // gallery, cache or temporary file holding it.
    const QString storeDir = QString::fromStdString(fx.dir.path());
    QDirIterator it(storeDir, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    int files = 0;
    while (it.hasNext()) {
        const QString relative = QDir(storeDir).relativeFilePath(it.next());
        CAPTURE(relative.toStdString());
        CHECK(relative.startsWith("findings.db"));
        ++files;
    }
    CHECK(files > 0);
    CHECK(filesHolding(storeDir, marker, started, true).isEmpty());
    for (const auto location : {QStandardPaths::PicturesLocation, QStandardPaths::CacheLocation,
                                QStandardPaths::GenericCacheLocation, QStandardPaths::AppDataLocation}) {
        for (const QString& dir : QStandardPaths::standardLocations(location)) {
            if (QDir(dir) == QDir::home()) continue;  // no Pictures folder: it falls back to home
            CAPTURE(dir.toStdString());
            CHECK(filesHolding(dir, marker, started, true).isEmpty());
        }
    }
    CHECK(filesHolding(QDir::tempPath(), marker, started, false).isEmpty());
}

TEST_CASE("without a camera a chosen file is sealed and the original left alone", "[app][finding][photo]") {
    FindingStore fx;
    const std::string id = fx.finding("recorded");
    PhotoRig rig(fx.session, id);
    rig.camera.setFaults({true, false});
    rig.photos.setDevices(nullptr);  // re-read the camera's state
    rig.photos.setDevices(&rig.devices);
    CHECK_FALSE(rig.photos.isCameraAvailable());
    CHECK(rig.photos.cameraUnavailableReason() == platform::Camera::noCameraReason());
    rig.photos.takePhoto();
    CHECK(rig.photos.errorMessage() == platform::Camera::noCameraReason());
    CHECK(rig.camera.captureCalls() == 0);

    QTemporaryDir elsewhere;
    REQUIRE(elsewhere.isValid());
    const QString path = elsewhere.filePath("现场照片.jpg");
    QImage picture(320, 240, QImage::Format_RGB32);
    picture.fill(Qt::darkGreen);
    REQUIRE(picture.save(path, "JPEG"));
    QFile file(path);
    REQUIRE(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    file.close();
    const QDateTime modified = QFileInfo(path).lastModified();

    QSignalSpy attached(&rig.photos, &PhotoController::attached);
    rig.photos.attachFile(QUrl::fromLocalFile(path));
    REQUIRE(waitUntil([&] { return attached.count() == 1 && !rig.photos.isBusy() && !rig.photos.isLoading(); }));
    const std::string original(bytes.constData(), static_cast<size_t>(bytes.size()));
    CHECK(attached.at(0).at(1).toString().toStdString() == sha256Hex(original));
    REQUIRE(rig.photos.count() == 1);
    CHECK(rig.photos.photos().at(0).toMap().value("fileName") == "现场照片.jpg");
    CHECK(rig.photos.photos().at(0).toMap().value("mediaType") == "image/jpeg");
    // The original is where it was, as it was.
    REQUIRE(file.open(QIODevice::ReadOnly));
    CHECK((file.readAll() == bytes));
    CHECK(QFileInfo(path).lastModified() == modified);

    SECTION("a file that cannot be read is refused before the store is asked") {
        rig.photos.attachFile(QUrl::fromLocalFile(elsewhere.filePath("gone.jpg")));
        CHECK_FALSE(rig.photos.errorMessage().isEmpty());
        CHECK_FALSE(rig.photos.isBusy());
    }
}

TEST_CASE("photos are not offered where the role may not attach, nor before the finding is saved", "[app][finding][photo]") {
    FindingStore fx;
    const std::string id = fx.finding("submitted");
    fx.setRole("inspector");
    const Record record = fx.record(id);
    PhotoRig rig(fx.session, id);
    CHECK_FALSE(rig.photos.canAttach());
    CHECK(rig.photos.refusalDetail().toStdString() ==
          permissions::authorize({"inspector", "finding", permissions::Request::Kind::Attach, &record, {}}).error().message);
    rig.photos.takePhoto();
    CHECK(rig.camera.captureCalls() == 0);
    CHECK_FALSE(rig.photos.errorMessage().isEmpty());

    PhotoController unsaved;
    unsaved.setDevices(&rig.devices);
    unsaved.setRecordType("finding");
    unsaved.setSession(&fx.session);
    CHECK_FALSE(unsaved.canAttach());
    CHECK_FALSE(unsaved.refusal().isEmpty());
}

TEST_CASE("a unit's page counts all its findings and offers to record one only to a role that may", "[app][finding]") {
    FindingStore fx;
    fx.finding("recorded");
    fx.finding("closed");
    const std::string withdrawn = fx.finding("recorded");
    onStoreThread(fx.session, [&](Store& s) { must(s.withdrawRecord("finding", withdrawn, "重复")); });

    auto read = [&](ui::UnitDetail& unit) {
        unit.setUnitId(QString::fromStdString(fx.unitId));
        unit.setSession(&fx.session);
        REQUIRE(waitUntil([&] { return unit.isFound() && !unit.isLoading(); }));
    };
    {
        ui::UnitDetail unit;
        read(unit);
        CHECK(unit.allFindingCount() == 3);  // the withdrawn one too: the Findings page lists it
        CHECK(unit.openFindingCount() == 1);
        CHECK(unit.mayRecordFinding());      // not enrolled
    }
    for (const std::string role : {"inspector", "group_leader", "discipline_inspector", "unit_liaison", "leader_in_charge"}) {
        CAPTURE(role);
        fx.setRole(role);
        ui::UnitDetail unit;
        read(unit);
        CHECK(unit.mayRecordFinding() ==
              permissions::authorize({role, "finding", permissions::Request::Kind::Create, nullptr, {}}).ok());
    }
    fx.setRole("unit_liaison");
    ui::UnitDetail unit;
    read(unit);
    CHECK_FALSE(unit.mayRecordFinding());
}
