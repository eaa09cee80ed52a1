// `fieldcheck enroll`, `sync` and `conflicts`: the device's side of sync (docs/sync-protocol.md).
#include <chrono>
#include <iostream>

#include "command_context.h"
#include "commands.h"
#include "fieldcheck/core/replication.h"
#include "fieldcheck/platform/passphrase_input.h"
#include "fieldcheck/sync/receipts.h"
#include "fieldcheck/sync/sync_client.h"

namespace fieldcheck::cli {
namespace {

using json = nlohmann::json;

int runEnroll(Cli& cli) {
    auto server = cli.args().option("--server");
    const auto file = cli.args().option("--enrolment-file");
    auto user = cli.args().option("--user");
    if ((!server && !file) || (server && file) || !user || cli.args().positional.size() != 1) {
        return cli.usage("usage: fieldcheck enroll (--enrolment-file FILE | --server http://127.0.0.1:PORT) --user NAME [--password-fd N] [--device-name NAME]");
    }
    // The office's file: the server's https URL, its CA and the pins of its key.
    sync::HttpOptions http;
    if (file) {
        auto f = sync::readEnrolmentFile(*file);
        if (!f.ok()) return cli.fail(f.error());
        server = f->serverUrl;
        http.caPem = f->caPem;
        http.pinnedPublicKeys = f->pins;
    }
    auto store = cli.openStore();
    if (!store.ok()) return cli.fail(store.error());
    auto password = platform::readSecret(cli.args(), "--password-fd", nullptr, "Password for " + *user + " on " + *server + " 密码: ");
    if (!password.ok()) return cli.fail(password.error());
    const std::string deviceName = cli.args().option("--device-name").value_or(store.value()->deviceId().substr(0, 8));
    auto e = sync::enroll(*store.value(), *server, *user, password.value(), deviceName, http);
    if (!e.ok()) return cli.fail(e.error());
    if (cli.json()) {
        cli.out() << json{{"server", e->serverUrl}, {"device_id", e->deviceId}, {"user", e->userName}, {"role", e->role}}.dump() << "\n";
    } else {
        cli.out() << "enrolled with " << e->serverUrl << " as " << e->userName << " (" << e->role << "), device " << e->deviceId << "\n";
    }
    return kExitOk;
}

int runSync(Cli& cli) {
    if (cli.args().positional.size() != 1) return cli.usage("usage: fieldcheck sync [--json] [--batch N] [--page N] [--protocol 1|2]");
    auto store = cli.openStore();
    if (!store.ok()) return cli.fail(store.error());
    sync::SyncOptions options;
    auto batch = cli.intOption("--batch", 500);
    auto page = cli.intOption("--page", 1000);
    auto protocol = cli.intOption("--protocol", sync::kClientProtocol);
    if (!batch.ok()) return cli.fail(batch.error());
    if (!page.ok()) return cli.fail(page.error());
    if (!protocol.ok()) return cli.fail(protocol.error());
    if (batch.value() < 1 || batch.value() > 1000) return cli.usage("--batch must be from 1 to 1000");
    if (page.value() < 1 || page.value() > 5000) return cli.usage("--page must be from 1 to 5000");
    if (protocol.value() < 1 || protocol.value() > sync::kClientProtocol) return cli.usage("--protocol must be between 1 and " + std::to_string(sync::kClientProtocol));
    options.pushBatch = batch.value();
    options.pullLimit = page.value();
    options.protocol = static_cast<int>(protocol.value());
    if (cli.json()) {
        // One JSON line per progress step, for a progress bar; the last line is the report.
        options.progress = [&cli](const sync::SyncProgress& p) {
            json line = p.toJson();
            line["event"] = "progress";
            cli.out() << line.dump() << "\n" << std::flush;
        };
    } else {
        // Photo uploads can take minutes on a weak link: their progress in bytes, on stderr, at
        // most once a second and whenever a file is done.
        options.progress = [&cli, lastFiles = int64_t{-1}, lastAt = std::chrono::steady_clock::time_point{}](const sync::SyncProgress& p) mutable {
            if (p.phase != "photos" || p.itemsTotal <= 0) return;
            const auto now = std::chrono::steady_clock::now();
            if (p.itemsDone == lastFiles && now - lastAt < std::chrono::seconds(1)) return;
            lastFiles = p.itemsDone;
            lastAt = now;
            cli.err() << "照片/文件上传 photos: " << p.itemsDone << "/" << p.itemsTotal << " file(s), " << p.photoBytesDone << "/"
                      << p.photoBytesTotal << " bytes\n";
        };
    }
    auto report = sync::syncNow(*store.value(), options);
    if (!report.ok()) {
        if (cli.json()) cli.out() << json{{"event", "failed"}, {"error", report.error().toString()}}.dump() << "\n";
        return cli.fail(report.error());
    }
    const sync::SyncReport& r = report.value();
    if (cli.json()) {
        json line = r.toJson();
        line["event"] = "done";
        cli.out() << line.dump() << "\n";
    } else {
        cli.out() << "pushed " << r.pushed << " change(s): " << r.applied << " applied, " << r.conflicts << " with conflicts, "
                  << r.rejected << " rejected; pulled " << r.pulled << " record(s), removed " << r.removed << "; " << r.requests
                  << " request(s), " << r.bytesSent << " bytes sent, " << r.bytesReceived << " received\n";
        for (const auto& why : r.rejections) cli.out() << "  rejected 被退回: " << why << "\n";
        if (r.openConflicts > 0) cli.out() << r.openConflicts << " open conflict(s) 待处理冲突: fieldcheck conflicts list\n";
        if (r.attachmentsUploaded > 0 || r.photoBytesSent > 0) {
            cli.out() << "photos 照片/文件: " << r.attachmentsUploaded << " now on the server";
            if (r.attachmentsProven > 0) cli.out() << " (" << r.attachmentsProven << " held there already)";
            cli.out() << ", " << r.photoBytesSent << " bytes sent\n";
        }
        if (r.attachmentsDownloaded > 0) {
            cli.out() << "photos 照片/文件: " << r.attachmentsDownloaded << " downloaded from other devices, " << r.photoBytesReceived << " bytes\n";
        }
        for (const auto& why : r.attachmentProblems) cli.out() << "  photo not transferred 未传输: " << why << "\n";
        if (r.attachmentsWaiting > 0) {
            cli.out() << r.attachmentsWaiting << " photo(s)/document(s) not on the server yet 待上传: fieldcheck attachments\n";
        }
        if (r.parked > 0) cli.out() << r.parked << " record(s) wait for a record they refer to\n";
    }
    return r.rejected > 0 ? kExitFailed : kExitOk;
}

int runConflicts(Cli& cli) {
    const auto& p = cli.args().positional;
    if (p.size() < 2) return cli.usage("usage: fieldcheck conflicts list | fieldcheck conflicts resolve CONFLICT_ID --choose N");
    auto store = cli.openStore();
    if (!store.ok()) return cli.fail(store.error());
    auto open = replication::openConflicts(*store.value());
    if (!open.ok()) return cli.fail(open.error());
    if (p[1] == "list") {
        auto rejected = replication::rejectedOps(*store.value());
        if (!rejected.ok()) return cli.fail(rejected.error());
        if (cli.json()) {
            json c = json::array(), r = json::array();
            for (const auto& oc : open.value()) {
                c.push_back({{"record_type", oc.recordType}, {"record_id", oc.recordId}, {"conflict_id", oc.conflictId},
                             {"field", oc.field}, {"candidates", oc.candidates}, {"shown", oc.shown}});
            }
            for (const auto& op : rejected.value()) {
                r.push_back({{"op_id", op.opId}, {"action", op.action}, {"record_type", op.recordType}, {"record_id", op.recordId},
                             {"payload", op.payload}, {"result", op.result}});
            }
            cli.out() << json{{"conflicts", c}, {"rejected", r}}.dump() << "\n";
            return kExitOk;
        }
        for (const auto& oc : open.value()) {
            cli.out() << oc.conflictId << "  " << oc.recordType << " " << oc.recordId << "  field " << oc.field << ":\n";
            for (size_t i = 0; i < oc.candidates.size(); ++i) {
                const json& c = oc.candidates[i];
                cli.out() << "  [" << i << "]" << (static_cast<int>(i) == oc.shown ? "*" : " ") << " " << c.value("value", json()).dump()
                          << "  by " << c.value("by", "?") << (c.contains("changes") ? "  changes " + c["changes"].dump() : "") << "\n";
            }
        }
        for (const auto& op : rejected.value()) {
            cli.out() << "rejected 被退回 " << op.opId << "  " << op.action << " " << op.recordType << " " << op.recordId << ": "
                      << (op.result.is_object() ? op.result.value("reason", "") : "") << "\n";
        }
        if (open->empty() && rejected->empty()) cli.out() << "no open conflicts and no rejected changes\n";
        else cli.err() << open->size() << " open conflict(s), " << rejected->size() << " rejected change(s); * = shown until someone chooses\n";
        return kExitOk;
    }
    if (p[1] == "resolve") {
        if (p.size() != 3) return cli.usage("usage: fieldcheck conflicts resolve CONFLICT_ID --choose N");
        auto choice = cli.intOption("--choose", -1);
        if (!choice.ok()) return cli.fail(choice.error());
        if (choice.value() < 0) return cli.usage("--choose N is required (the candidate's number in 'conflicts list')");
        for (const auto& oc : open.value()) {
            if (oc.conflictId != p[2]) continue;
            Status st = replication::resolveConflict(*store.value(), oc.recordType, oc.recordId, oc.conflictId, static_cast<int>(choice.value()));
            if (!st.ok()) return cli.fail(st.error());
            cli.out() << "conflict " << oc.conflictId << " resolved with candidate " << choice.value() << "; it reaches the server at the next sync\n";
            return kExitOk;
        }
        return cli.fail(makeError(ErrorCode::NotFound, "no open conflict '" + p[2] + "' (see fieldcheck conflicts list)"));
    }
    return cli.usage("usage: fieldcheck conflicts list | fieldcheck conflicts resolve CONFLICT_ID --choose N");
}

}  // namespace

int runReceipts(Cli& cli) {
    const auto& p = cli.args().positional;
    if (p.size() != 2 || p[1] != "verify") return cli.usage("usage: fieldcheck receipts verify [--json]");
    auto store = cli.openStore();
    if (!store.ok()) return cli.fail(store.error());
    auto report = sync::verifyReceipts(*store.value());
    if (!report.ok()) return cli.fail(report.error());
    const sync::ReceiptReport& r = report.value();
    if (cli.json()) {
        cli.out() << r.toJson().dump() << "\n";
    } else {
        cli.out() << r.receipts << " receipt(s) of " << r.ops << " op(s) checked; " << r.records << " record(s) compared with the server\n";
        for (const auto& x : r.problems) cli.out() << "  " << x.kind << ": " << x.message << "\n";
        cli.out() << (r.ok() ? "all receipts hold 回执核对一致\n" : "the server does not hold what it signed for 回执核对不一致\n");
    }
    return r.ok() ? kExitOk : kExitFailed;
}

std::vector<ExtensionCommand> syncCommands() {
    return {
        {"enroll", "enroll --enrolment-file F --user N   register this device with the central server (once, online)",
         "fieldcheck enroll --enrolment-file FILE --user NAME [--password-fd N] [--device-name NAME] [--json]\n"
         "fieldcheck enroll --server http://127.0.0.1:PORT --user NAME ...   (this machine only)\n"
         "Logs in once and keeps the device token inside the encrypted store. The enrolment file comes\n"
         "from the office (fieldcheck-server enrolment-file): the server's https URL, the office CA and\n"
         "the pins of the server's key, which every later sync checks. The password comes from the\n"
         "terminal or --password-fd (never the command line) and is not kept.",
         runEnroll},
        {"sync", "sync                               push the outbox, pull the changes for this device",
         "fieldcheck sync [--json] [--batch N] [--page N]\n"
         "Pushes every change not yet answered by the server (in device order, N per request), then pulls\n"
         "the changes for this device's scope page by page. Safe to interrupt: the next sync resumes.\n"
         "With --json, one progress line per step ({\"event\":\"progress\",\"phase\",\"items_done\",...}) and\n"
         "a final {\"event\":\"done\",...} report. Exit status 1 when the server rejected a change (the change\n"
         "stays on the device: fieldcheck conflicts list).",
         runSync},
        {"receipts", "receipts verify                    check the server's signed receipts of this device's pushes",
         "fieldcheck receipts verify [--json]\n"
         "Each push answer came with a receipt the server signed (Ed25519): the op ids and the digest of\n"
         "each record as it was afterwards. This checks every receipt's signature against the key the\n"
         "device was enrolled with, then asks the server what it holds now, and names every record the\n"
         "office altered or removed after receiving it. Exit status 1 when anything is named.",
         runReceipts},
        {"conflicts", "conflicts list|resolve              edits that met other edits, and rejected changes",
         "fieldcheck conflicts list [--json]\n"
         "fieldcheck conflicts resolve CONFLICT_ID --choose N\n"
         "Lists open conflicts (both values are kept; * marks the one every replica shows until someone\n"
         "chooses) and changes the server rejected. Resolving is itself a change that syncs.",
         runConflicts},
    };
}

}  // namespace fieldcheck::cli
