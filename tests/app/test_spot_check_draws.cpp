// The spot-check draw's models (qml/src/spot_check_draw_*.h) on the demo data set, through a
// Session: the candidates for the demo's period as the core gives them, a draw whose picks are
// Rivest's sampler over the same seed and candidates, the core's refusals where the user typed the
// cause (a malformed seed part on its row, a count out of range, a second draw for the period, a
// candidate list changed after it was announced) with nothing typed lost, verification of a fresh
// and of a tampered draw, the recomputation script, withdrawal, and the roles that may not draw.
#include <catch2/catch.hpp>

#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QFile>
#include <optional>

#include "app_test_support.h"
#include "fieldcheck/core/campaign_rules.h"
#include "fieldcheck/core/demo_data.h"
#include "fieldcheck/core/replication.h"
#include "fieldcheck/core/spot_check_draw.h"
#include "spot_check_draw_detail.h"
#include "spot_check_draw_form.h"
#include "spot_check_draw_list.h"

using namespace fieldcheck;
using namespace fieldcheck::test;
using fieldcheck::ui::SeedPartsModel;
using fieldcheck::ui::SpotCheckDrawDetail;
using fieldcheck::ui::SpotCheckDrawForm;
using fieldcheck::ui::SpotCheckDrawList;

namespace {

// The demo data's month with zero reports while complaints came in (demo_data.cpp).
const QString kDemoPeriod = QStringLiteral("2026-04");

struct DrawStore {
    TempDir dir;
    std::string path = dir.file("draws.db");
    ui::Session session{QString::fromStdString(path)};

    DrawStore() {
        auto store = createTestStore(path);
        REQUIRE(seedDemoData(*store).ok());
        session.adopt(std::move(store));
    }

    // Enrols the device as `role`, as a sync would: the store applies the permission table.
    void setRole(const std::string& role) {
        onStoreThread(session, [&](Store& s) { REQUIRE(replication::setSyncState(s, "role", role).ok()); });
        session.notifyManyChanged();
    }

    DrawCandidates coreCandidates(const QString& period) {
        DrawCandidates out;
        onStoreThread(session, [&](Store& s) {
            auto c = drawCandidates(s, period.toStdString());
            REQUIRE(c.ok());
            out = c.value();
        });
        return out;
    }

    SpotCheckDraw load(const QString& drawId) {
        std::optional<SpotCheckDraw> out;
        onStoreThread(session, [&](Store& s) {
            auto d = loadDraw(s, drawId.toStdString());
            REQUIRE(d.ok());
            out = d.value();
        });
        return *out;
    }

    int64_t drawCount() {
        int64_t n = 0;
        onStoreThread(session, [&](Store& s) { n = s.countRecords("spot_check_draw").value(); });
        return n;
    }

    // Changes the stored draw's `column` behind the store's back, with the store's key, as someone
    // holding the key could (the core's tamper tests do the same).
    void tamper(const QString& drawId, const std::string& column, const std::string& value) {
        settle(session);
        auto raw = openRawKeyed(path);
        auto st = raw.prepare("UPDATE spot_check_draws SET " + column + " = ? WHERE id = ?");
        REQUIRE(st.ok());
        st->bind(1, value);
        st->bind(2, drawId.toStdString());
        REQUIRE(st->run().ok());
        REQUIRE(raw.changes() == 1);
    }
};

// A form on the session, its role and default period read, showing the candidates for `period`.
void openForm(SpotCheckDrawForm& form, ui::Session& session, const QString& period = kDemoPeriod) {
    form.setSession(&session);
    REQUIRE(waitUntil([&] { return form.rightsKnown() && !form.period().isEmpty() && !form.isLoading(); }));
    form.setPeriod(period);
    REQUIRE(waitUntil([&] { return !form.isLoading() && (form.candidatesLoaded() || !form.periodError().isEmpty()); }));
    REQUIRE(form.candidatesLoaded());
}

void fillParts(SpotCheckDrawForm& form, const QString& first = QStringLiteral("361524552613"),
               const QString& second = QStringLiteral("640217839105")) {
    SeedPartsModel* parts = form.seedParts();
    REQUIRE(parts->rowCount() == 2);
    parts->setParty(0, QStringLiteral("纪检组"));
    parts->setPart(0, first);
    parts->setParty(1, QStringLiteral("局办公室"));
    parts->setPart(1, second);
}

// run() on a complete form; the run's end (a draw, or a refusal from the store thread).
void runAndWait(SpotCheckDrawForm& form) {
    REQUIRE(form.canRun());
    REQUIRE(form.run());
    REQUIRE(waitUntil([&] { return !form.isBusy(); }));
}

QString makeDraw(DrawStore& store, int count = 5) {
    SpotCheckDrawForm form;
    openForm(form, store.session);
    fillParts(form);
    form.setCount(count);
    runAndWait(form);
    INFO(form.errorMessage().toStdString() << " " << form.errorDetail().toStdString());
    REQUIRE_FALSE(form.drawId().isEmpty());
    return form.drawId();
}

void openDetail(SpotCheckDrawDetail& detail, ui::Session& session, const QString& drawId) {
    detail.setDrawId(drawId);
    detail.setSession(&session);
    REQUIRE(waitUntil([&] { return !detail.isLoading() && detail.isFound(); }));
}

void verifyAndWait(SpotCheckDrawDetail& detail) {
    detail.verify();
    REQUIRE(waitUntil([&] { return !detail.isVerifying() && (detail.isVerified() || !detail.verificationError().isEmpty()); }));
    REQUIRE(detail.isVerified());
}

QVariantMap checkNamed(const SpotCheckDrawDetail& detail, const QString& name) {
    for (const QVariant& c : detail.checks()) {
        if (c.toMap().value(QStringLiteral("name")) == name) return c.toMap();
    }
    FAIL("no check named " << name.toStdString());
    return {};
}

}  // namespace

TEST_CASE("A new draw shows the demo period's candidates and draws what Rivest's sampler gives over the same seed",
          "[app][draw]") {
    DrawStore store;
    SpotCheckDrawForm form;
    form.setSession(&store.session);
    REQUIRE(waitUntil([&] { return form.rightsKnown() && !form.period().isEmpty(); }));
    // The month just ended is the default, as the dashboard's; two parties to fill in, no values.
    std::string today;
    onStoreThread(store.session, [&](Store& s) { today = bureauToday(s); });
    CHECK(form.period().toStdString() == previousMonth(today));
    CHECK(form.mayDraw());  // a store that is not enrolled enforces no role
    REQUIRE(form.seedParts()->rowCount() == 2);
    CHECK(form.seedParts()->party(0).isEmpty());
    CHECK(form.seedParts()->party(1).isEmpty());
    CHECK_FALSE(form.canRun());

    openForm(form, store.session);
    const DrawCandidates core = store.coreCandidates(kDemoPeriod);
    REQUIRE(form.candidateCount() == int(core.candidates.size()));
    CHECK(form.candidatesSha256().toStdString() == core.sha256);
    REQUIRE(form.mandatory().size() == int(core.mandatory.size()));
    CHECK_FALSE(core.mandatory.empty());  // the demo has zero reports with complaints in April
    for (int i = 0; i < form.candidateCount(); ++i) {
        const QVariantMap row = form.candidates().at(i).toMap();
        CHECK(row.value(QStringLiteral("number")).toInt() == i + 1);
        CHECK(row.value(QStringLiteral("code")).toString().toStdString() == core.candidates[size_t(i)].unitCode);
    }
    CHECK(form.mandatory().first().toMap().value(QStringLiteral("complaints")).toInt() == core.mandatory.front().complaints);

    fillParts(form);
    CHECK(form.seedPreview() == QStringLiteral("361524552613640217839105"));
    CHECK_FALSE(form.canRun());  // no count yet
    form.setCount(5);
    runAndWait(form);
    INFO(form.errorMessage().toStdString() << " " << form.errorDetail().toStdString());
    REQUIRE_FALSE(form.drawId().isEmpty());
    CHECK(form.errorMessage().isEmpty());

    const SpotCheckDraw draw = store.load(form.drawId());
    auto expected = rivestSample("361524552613640217839105", int64_t(core.candidates.size()), 5, false);
    REQUIRE(expected.ok());
    std::vector<int64_t> drawn;
    for (const DrawPick& p : draw.picks) {
        if (p.reason == "random") drawn.push_back(p.index);
    }
    CHECK(drawn == expected.value());
    CHECK(draw.period == kDemoPeriod.toStdString());
    CHECK(draw.candidatesSha256 == core.sha256);
    REQUIRE(draw.seedParts.size() == 2);
    CHECK(draw.seedParts[0].party == "纪检组");
    CHECK(draw.seedParts[1].part == "640217839105");

    // The draw's page shows the same picks, the list shows the draw.
    SpotCheckDrawDetail detail;
    openDetail(detail, store.session, form.drawId());
    REQUIRE(detail.randomPicks().size() == 5);
    for (int i = 0; i < 5; ++i) {
        const QVariantMap pick = detail.randomPicks().at(i).toMap();
        CHECK(pick.value(QStringLiteral("index")).toLongLong() == expected.value()[size_t(i)]);
        CHECK(pick.value(QStringLiteral("counter")).toLongLong() >= i + 1);
        CHECK(pick.value(QStringLiteral("code")).toString().toStdString() ==
              core.candidates[size_t(expected.value()[size_t(i)] - 1)].unitCode);
    }
    CHECK(detail.mandatoryPicks().size() == int(core.mandatory.size()));
    CHECK(detail.seed() == QStringLiteral("361524552613640217839105"));
    CHECK(detail.candidatesSha256().toStdString() == core.sha256);

    SpotCheckDrawList list;
    list.setSession(&store.session);
    REQUIRE(waitUntil([&] { return list.isReady() && !list.isLoading(); }));
    REQUIRE(list.rows().size() == 1);
    const QVariantMap row = list.rows().first().toMap();
    CHECK(row.value(QStringLiteral("drawId")).toString() == form.drawId());
    CHECK(row.value(QStringLiteral("period")).toString() == kDemoPeriod);
    CHECK(row.value(QStringLiteral("randomCount")).toInt() == 5);
    CHECK(row.value(QStringLiteral("mandatoryCount")).toInt() == int(core.mandatory.size()));
    CHECK(row.value(QStringLiteral("drawnBy")).toString() == QStringLiteral("tester"));
    CHECK_FALSE(row.value(QStringLiteral("withdrawn")).toBool());
    CHECK(list.mayDraw());
}

TEST_CASE("A malformed seed part is refused on its row, and what was typed stays", "[app][draw]") {
    DrawStore store;
    SpotCheckDrawForm form;
    openForm(form, store.session);
    fillParts(form);
    form.setCount(3);
    SeedPartsModel* parts = form.seedParts();

    struct Case {
        const char* what;
        int row;
        QString party, part;
        SeedPartsModel::Field field;
    };
    const Case c = GENERATE(values<Case>({
        {"full-width digits, which look the same and hash differently", 0, QStringLiteral("纪检组"), QStringLiteral("４８２１"),
         SeedPartsModel::Field::Part},
        {"a blank inside the part", 1, QStringLiteral("局办公室"), QStringLiteral("6402 17839105"), SeedPartsModel::Field::Part},
        {"the same party twice", 1, QStringLiteral("纪检组"), QStringLiteral("7730"), SeedPartsModel::Field::Party},
        {"a party named with '='", 1, QStringLiteral("局=办公室"), QStringLiteral("7730"), SeedPartsModel::Field::Party},
    }));
    CAPTURE(c.what);
    parts->setParty(c.row, c.party);
    parts->setPart(c.row, c.part);
    REQUIRE(form.canRun());  // nothing the page checks by itself: the core refuses it

    CHECK_FALSE(form.run());
    CHECK_FALSE(form.isBusy());
    CHECK(form.errorMessage().contains(QString::number(c.row + 1)));
    CHECK(form.errorDetail().contains(QStringLiteral("seed part %1").arg(c.row + 1)));  // the core's words
    const auto other = c.field == SeedPartsModel::Field::Part ? SeedPartsModel::Field::Party : SeedPartsModel::Field::Part;
    CHECK_FALSE(parts->error(c.row, c.field).isEmpty());
    CHECK(parts->error(c.row, other).isEmpty());
    CHECK(parts->error(1 - c.row, SeedPartsModel::Field::Party).isEmpty());
    CHECK(parts->error(1 - c.row, SeedPartsModel::Field::Part).isEmpty());
    // Nothing typed is lost, nothing was recorded.
    CHECK(parts->party(c.row) == c.party);
    CHECK(parts->part(c.row) == c.part);
    CHECK(parts->rowCount() == 2);
    CHECK(form.count() == 3);
    CHECK(store.drawCount() == 0);

    // Editing the row answers its error; a good part then draws.
    parts->setParty(c.row, c.row == 0 ? QStringLiteral("纪检组") : QStringLiteral("局办公室"));
    parts->setPart(c.row, QStringLiteral("4821"));
    CHECK(parts->error(c.row, c.field).isEmpty());
    runAndWait(form);
    CHECK_FALSE(form.drawId().isEmpty());
}

TEST_CASE("A seed needs at least one party's part", "[app][draw]") {
    DrawStore store;
    SpotCheckDrawForm form;
    openForm(form, store.session);
    form.setCount(1);
    form.seedParts()->remove(1);
    form.seedParts()->remove(0);
    CHECK_FALSE(form.canRun());
    CHECK_FALSE(form.run());
    CHECK_FALSE(form.errorMessage().isEmpty());
    CHECK(store.drawCount() == 0);
}

TEST_CASE("A number of random picks larger than the candidates is refused at the count", "[app][draw]") {
    DrawStore store;
    SpotCheckDrawForm form;
    openForm(form, store.session);
    fillParts(form);
    CHECK(form.countError().isEmpty());
    form.setCount(form.candidateCount() + 1);
    CHECK(form.countError().contains(QString::number(form.candidateCount())));
    CHECK_FALSE(form.canRun());
    CHECK_FALSE(form.run());
    CHECK_FALSE(form.errorMessage().isEmpty());
    CHECK(store.drawCount() == 0);
    CHECK(form.seedParts()->part(0) == QStringLiteral("361524552613"));

    // All of them is a draw.
    form.setCount(form.candidateCount());
    CHECK(form.countError().isEmpty());
    runAndWait(form);
    CHECK_FALSE(form.drawId().isEmpty());
    CHECK(store.load(form.drawId()).sampleSize == int64_t(form.candidateCount()));
}

TEST_CASE("A second draw for the period is refused until the first is withdrawn with a reason", "[app][draw]") {
    DrawStore store;
    const QString first = makeDraw(store);

    SpotCheckDrawForm again;
    openForm(again, store.session);
    fillParts(again, QStringLiteral("111111111111"), QStringLiteral("222222222222"));
    again.setCount(5);
    runAndWait(again);
    CHECK(again.drawId().isEmpty());
    CHECK(again.errorMessage().contains(kDemoPeriod));
    CHECK(again.existingDrawId() == first);  // the page offers to open it
    CHECK(again.seedParts()->part(0) == QStringLiteral("111111111111"));
    CHECK(store.drawCount() == 1);

    SpotCheckDrawDetail detail;
    openDetail(detail, store.session, first);
    CHECK(detail.mayWithdraw());
    CHECK_FALSE(detail.withdraw(QStringLiteral("   ")));
    CHECK_FALSE(detail.withdrawError().isEmpty());
    CHECK_FALSE(detail.isWithdrawn());
    REQUIRE(detail.withdraw(QStringLiteral("局办公室代表未到场，重新抽签")));
    REQUIRE(waitUntil([&] { return detail.isWithdrawn() && !detail.isWithdrawing() && !detail.isLoading(); }));
    CHECK(detail.withdrawnReason() == QStringLiteral("局办公室代表未到场，重新抽签"));
    CHECK(detail.withdrawError().isEmpty());

    runAndWait(again);
    INFO(again.errorMessage().toStdString() << " " << again.errorDetail().toStdString());
    REQUIRE_FALSE(again.drawId().isEmpty());
    CHECK(again.existingDrawId().isEmpty());

    // Both stay listed, the newest first, the first with its reason.
    SpotCheckDrawList list;
    list.setSession(&store.session);
    REQUIRE(waitUntil([&] { return list.isReady() && !list.isLoading(); }));
    REQUIRE(list.rows().size() == 2);
    CHECK(list.rows().at(0).toMap().value(QStringLiteral("drawId")).toString() == again.drawId());
    const QVariantMap withdrawn = list.rows().at(1).toMap();
    CHECK(withdrawn.value(QStringLiteral("drawId")).toString() == first);
    CHECK(withdrawn.value(QStringLiteral("withdrawn")).toBool());
    CHECK(withdrawn.value(QStringLiteral("withdrawnReason")).toString() == QStringLiteral("局办公室代表未到场，重新抽签"));
}

TEST_CASE("A candidate list that changed after it was announced is refused, and drawn from once reloaded", "[app][draw]") {
    DrawStore store;
    SpotCheckDrawForm form;
    openForm(form, store.session);
    fillParts(form);
    form.setCount(4);
    const QString announced = form.candidatesSha256();

    // A unit is added between the announcement and the draw (another page, a sync).
    onStoreThread(store.session, [](Store& s) {
        REQUIRE(s.createRecord("unit", {{"code", "MZ999"}, {"name", "新设养老服务站"}, {"unit_type", "elderly_home"}}).ok());
    });
    runAndWait(form);
    CHECK(form.drawId().isEmpty());
    CHECK(form.candidatesOutdated());
    CHECK_FALSE(form.errorMessage().isEmpty());
    CHECK(form.errorDetail().contains(announced));  // the core names the hash it expected
    CHECK(store.drawCount() == 0);
    CHECK(form.seedParts()->part(1) == QStringLiteral("640217839105"));
    CHECK(form.count() == 4);

    form.reloadCandidates();
    REQUIRE(waitUntil([&] { return form.candidatesLoaded() && !form.isLoading(); }));
    CHECK_FALSE(form.candidatesOutdated());
    CHECK(form.candidatesSha256() != announced);
    CHECK(form.errorMessage().isEmpty());
    runAndWait(form);
    REQUIRE_FALSE(form.drawId().isEmpty());
    CHECK(store.load(form.drawId()).candidatesSha256 == form.candidatesSha256().toStdString());
}

TEST_CASE("A fresh draw verifies, and its script recomputes it", "[app][draw]") {
    DrawStore store;
    const QString id = makeDraw(store);
    SpotCheckDrawDetail detail;
    openDetail(detail, store.session, id);
    verifyAndWait(detail);
    CHECK(detail.verificationOk());
    CHECK(detail.failedChecks() == 0);
    REQUIRE(detail.checks().size() == 8);
    for (const QVariant& c : detail.checks()) {
        const QVariantMap check = c.toMap();
        CAPTURE(check.value(QStringLiteral("name")).toString().toStdString());
        CHECK(check.value(QStringLiteral("ok")).toBool());
        CHECK_FALSE(check.value(QStringLiteral("message")).toString().isEmpty());
        // Every check the core makes has its own title on the page.
        CHECK(check.value(QStringLiteral("title")).toString() != check.value(QStringLiteral("name")).toString());
    }

    const SpotCheckDraw draw = store.load(id);
    const QString script = detail.recomputeScript();
    CHECK(script.contains(QString::fromStdString(draw.seed)));
    CHECK(script.contains(QString::fromStdString(draw.candidatesSha256)));
    CHECK(script.contains(QStringLiteral("(\"纪检组\", \"361524552613\")")));
    QStringList codes;
    for (const DrawPick& p : draw.picks) {
        if (p.reason == "random") codes << QString::fromStdString(p.unitCode);
    }
    REQUIRE(codes.size() == 5);

    // The script needs nothing but Python 3: where there is one, it must recompute the draw.
    const QString python = QStandardPaths::findExecutable(QStringLiteral("python3"));
    if (python.isEmpty()) {
        WARN("python3 not found: the recomputation script was checked by its content only");
        return;
    }
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    QFile file(dir.filePath(QStringLiteral("draw.py")));
    REQUIRE(file.open(QIODevice::WriteOnly));
    file.write(script.toUtf8());
    file.close();
    QProcess run;
    run.start(python, {file.fileName()});
    REQUIRE(run.waitForFinished(30000));
    const QString output = QString::fromUtf8(run.readAllStandardOutput()) + QString::fromUtf8(run.readAllStandardError());
    INFO(output.toStdString());
    CHECK(run.exitCode() == 0);
    CHECK(output.contains(codes.join(QLatin1Char(' '))));
}

TEST_CASE("A tampered draw does not verify and names the check that fails", "[app][draw]") {
    DrawStore store;
    const QString id = makeDraw(store);
    // The first random pick recorded as another candidate than the sampler gives.
    nlohmann::json picks = nlohmann::json::array();
    for (const DrawPick& p : store.load(id).picks) picks.push_back(p.toJson());
    const int64_t index = picks[0]["index"].get<int64_t>();
    picks[0]["index"] = index == 1 ? 2 : index - 1;
    store.tamper(id, "picks", picks.dump());

    SpotCheckDrawDetail detail;
    openDetail(detail, store.session, id);
    REQUIRE(detail.isReadable());
    verifyAndWait(detail);
    CHECK_FALSE(detail.verificationOk());
    CHECK(detail.failedChecks() >= 1);
    const QVariantMap failed = checkNamed(detail, QStringLiteral("picks"));
    CHECK_FALSE(failed.value(QStringLiteral("ok")).toBool());
    CHECK(failed.value(QStringLiteral("message")).toString().contains(QStringLiteral("random pick 1")));
    CHECK(checkNamed(detail, QStringLiteral("seed")).value(QStringLiteral("ok")).toBool());
    CHECK(checkNamed(detail, QStringLiteral("candidates-sha256")).value(QStringLiteral("ok")).toBool());
}

TEST_CASE("Roles that may not draw read and verify draws but get no draw and no withdrawal", "[app][draw]") {
    DrawStore store;
    const QString id = makeDraw(store);  // while the device was not enrolled

    const std::string role = GENERATE("leader_in_charge", "group_leader");
    CAPTURE(role);
    store.setRole(role);

    SpotCheckDrawList list;
    list.setSession(&store.session);
    REQUIRE(waitUntil([&] { return list.isReady() && !list.isLoading(); }));
    CHECK_FALSE(list.mayDraw());
    CHECK(list.rows().size() == 1);

    SpotCheckDrawForm form;
    openForm(form, store.session, QStringLiteral("2026-05"));
    CHECK_FALSE(form.mayDraw());
    fillParts(form);
    form.setCount(2);
    CHECK_FALSE(form.canRun());
    CHECK_FALSE(form.run());
    CHECK_FALSE(form.errorMessage().isEmpty());
    CHECK(store.drawCount() == 1);

    SpotCheckDrawDetail detail;
    openDetail(detail, store.session, id);
    CHECK_FALSE(detail.mayWithdraw());
    CHECK_FALSE(detail.withdraw(QStringLiteral("无权撤销")));
    CHECK_FALSE(detail.withdrawError().isEmpty());
    CHECK_FALSE(detail.isWithdrawn());
    verifyAndWait(detail);
    CHECK(detail.verificationOk());
}

TEST_CASE("A discipline inspector may draw and withdraw", "[app][draw]") {
    DrawStore store;
    store.setRole("discipline_inspector");
    const QString id = makeDraw(store);
    SpotCheckDrawDetail detail;
    openDetail(detail, store.session, id);
    CHECK(detail.mayWithdraw());
    REQUIRE(detail.withdraw(QStringLiteral("抽签程序演练")));
    REQUIRE(waitUntil([&] { return detail.isWithdrawn() && !detail.isWithdrawing(); }));
}
