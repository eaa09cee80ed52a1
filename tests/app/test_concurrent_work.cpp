// The app's promise under load: a sync, photos being sealed and a form being saved can all happen
// at once on one store without losing anything. The sync runs on its own sibling store (as the
// app's SyncController does it); the user's writes go through the session's store thread meanwhile.
// Afterwards every draft, update and photo is there, the audit chain holds, the next sync sends
// the new work, and a second device receives the photos byte for byte.
#include <catch2/catch.hpp>

#include <QCoreApplication>
#include <map>
#include <random>

#include "drafts.h"
#include "fieldcheck/core/crypto.h"
#include "fieldcheck/core/replication.h"
#include "fieldcheck/core/store.h"
#include "app_test_support.h"
#include "harness.h"
#include "session.h"
#include "sync_controller.h"

using namespace fieldcheck;
using namespace fieldcheck::test;

namespace {

// Runs one sync through the controller and waits for it; true when it succeeded.
bool syncThroughApp(ui::SyncController& syncer) {
    bool finished = false, succeeded = false;
    auto connection = QObject::connect(&syncer, &ui::SyncController::finished, [&](bool ok) {
        finished = true;
        succeeded = ok;
    });
    syncer.syncNow();
    const bool done = waitUntil([&] { return finished; }, 180000);
    QObject::disconnect(connection);
    return done && succeeded;
}

}  // namespace

TEST_CASE("a sync, photos being sealed and a form being saved at once on one store lose nothing",
          "[app][concurrency]") {
    ServerProcess server;
    server.start();
    Device device(server.url(), "g1m2");
    syncOk(device);
    const Record finding = anyRecord(device.store(), "finding", false, {{"status", "recorded"}});
    // Work for the sync to push, so that it is still running while the user goes on.
    REQUIRE(device.store().transaction([&]() -> Status {
        for (int i = 0; i < 1500; ++i) {
            FC_TRY(device.store().updateRecord("finding", finding.id, {{"subcategory", "推送第" + std::to_string(i) + "次"}}));
        }
        return {};
    }).ok());
    const std::string path = device.path();
    device.close();

    ui::Session session(QString::fromStdString(path));
    session.adopt(openTestStore(path));
    ui::SyncController syncer;
    syncer.setSession(&session);
    REQUIRE(waitUntil([&] { return syncer.isEnrolled(); }));

    // The user's work, posted while the sync runs: a draft saved at every keystroke, the finding's
    // description edited, five photos sealed.
    std::mt19937 rng(7);
    std::vector<std::vector<uint8_t>> photos;
    for (int p = 0; p < 5; ++p) {
        std::vector<uint8_t> bytes(150 * 1024 + p);
        for (auto& b : bytes) b = static_cast<uint8_t>(rng());
        photos.push_back(std::move(bytes));
    }
    bool finished = false, succeeded = false;
    QObject::connect(&syncer, &ui::SyncController::finished, [&](bool ok) {
        finished = true;
        succeeded = ok;
    });
    syncer.syncNow();
    int jobsDoneDuringSync = 0;
    std::vector<std::string> attachmentIds;
    const QString typed = QStringLiteral("敬老院的账目有三笔餐费支出没有凭证，负责人说票据在会计处");
    for (int i = 1; i <= typed.size(); ++i) {
        const std::string text = typed.left(i).toStdString();
        session.run<bool>(&syncer, [text](Store& store) {
            return ui::drafts::save(store, "finding", "new:unit-x", {{"description", text}}).ok();
        }, [&](bool ok) {
            REQUIRE(ok);
            jobsDoneDuringSync += syncer.isBusy() ? 1 : 0;
        });
        if (i % 8 == 0) {
            session.run<bool>(&syncer, [id = finding.id, text](Store& store) {
                return store.updateRecord("finding", id, {{"description", text}}).ok();
            }, [&](bool ok) { REQUIRE(ok); });
        }
        if (const size_t p = static_cast<size_t>(i / 5 - 1); i % 5 == 0 && p < photos.size()) {
            {
                session.run<std::string>(&syncer, [id = finding.id, bytes = photos[p], p](Store& store) {
                    auto a = store.attach("finding", id, bytes, "image/jpeg", "photo-" + std::to_string(p) + ".jpg");
                    return a.ok() ? a->id : std::string();
                }, [&](std::string attachmentId) {
                    REQUIRE_FALSE(attachmentId.empty());
                    attachmentIds.push_back(attachmentId);
                    jobsDoneDuringSync += syncer.isBusy() ? 1 : 0;
                });
            }
        }
        QCoreApplication::processEvents();
    }
    REQUIRE(waitUntil([&] { return finished; }, 180000));
    INFO(syncer.errorMessage().toStdString());
    REQUIRE(succeeded);
    settle(session);
    INFO("jobs finished while the sync was running: " << jobsDoneDuringSync);
    CHECK(jobsDoneDuringSync > 0);  // the user's writes did not wait for the sync
    REQUIRE(attachmentIds.size() == photos.size());

    // Everything the user did is there, whole.
    onStoreThread(session, [&](Store& store) {
        auto draft = ui::drafts::load(store, "finding", "new:unit-x").value();
        REQUIRE(draft.has_value());
        CHECK(draft->content.at("description") == typed.toStdString());
        for (size_t p = 0; p < photos.size(); ++p) {
            auto bytes = store.readAttachment(attachmentIds[p]);
            REQUIRE(bytes.ok());
            CHECK(bytes.value() == photos[p]);
        }
        CHECK(store.verifyAudit().value().ok());
    });

    // The next sync sends it; a second device receives the photos byte for byte.
    REQUIRE(syncThroughApp(syncer));
    REQUIRE(syncThroughApp(syncer));  // and nothing is left waiting
    onStoreThread(session, [&](Store& store) {
        CHECK(replication::unansweredOps(store, -1).value().empty());
        CHECK(replication::waitingAttachments(store).value() == 0);
        CHECK(replication::rejectedOps(store).value().empty());
        int uploaded = 0;
        for (const auto& a : replication::attachmentSyncStates(store, "finding", finding.id).value()) uploaded += a.state == "uploaded";
        CHECK(uploaded == static_cast<int>(photos.size()));
    });
    session.lock();
    Device office(server.url(), "jijian1");
    syncOk(office);
    const Record there = office.store().getRecord("finding", finding.id).value();
    CHECK(there.fields.at("description") == typed.left(static_cast<int>(typed.size() / 8) * 8).toStdString());
    // Received photos are listed with their sync state (attachmentsOf lists the device's own).
    const auto received = replication::attachmentSyncStates(office.store(), "finding", finding.id).value();
    std::map<std::string, std::string> bySha;
    for (const auto& a : received) {
        if (a.state == "downloaded") bySha[a.attachment.sha256] = a.attachment.id;
    }
    INFO("the second device holds " << received.size() << " attachment(s) of the finding");
    for (const auto& photo : photos) {
        const std::string sha = sha256Hex(photo.data(), photo.size());
        REQUIRE(bySha.count(sha) == 1);
        auto bytes = office.store().readAttachment(bySha[sha]);
        REQUIRE(bytes.ok());
        CHECK(bytes.value() == photo);
    }
}
