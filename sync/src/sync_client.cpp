#include "fieldcheck/sync/sync_client.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <condition_variable>
#include <future>
#include <mutex>

#include "fieldcheck/core/hlc.h"
#include "fieldcheck/core/replication.h"
#include "fieldcheck/sync/receipts.h"
#include "attachment_download.h"
#include "attachment_upload.h"
#include "wire.h"

namespace fieldcheck::sync {

using json = nlohmann::json;
namespace rep = replication;

namespace {

constexpr int64_t kAuditPerRequest = 1000;

Result<std::string> requiredState(Store& store, const std::string& key) {
    FC_ASSIGN_OR_RETURN(auto value, rep::syncState(store, key));
    if (!value || value->empty()) {
        return makeError(ErrorCode::NotFound, "this device is not enrolled with a server (run: fieldcheck enroll --server URL --user NAME)");
    }
    return *value;
}

// Takes in the server's time and clock: a device clock that is off is corrected by the difference
// (kept as clock_offset_ms and added to the wall time of later edits), so the order of its edits
// stays right (docs/sync-protocol.md, "Clocks").
Status observeServer(Store& store, const json& body, int64_t localNowMs) {
    constexpr int64_t kFarAheadMs = 5 * 60 * 1000;  // as the server's clamp
    int64_t serverNow = -1;
    int64_t offset = 0;
    if (body.contains("server_time_ms") && body["server_time_ms"].is_number_integer()) {
        serverNow = body["server_time_ms"].get<int64_t>();
        offset = serverNow - localNowMs;
        // Below a few seconds the difference is mostly the request's own latency.
        if (std::abs(offset) < 2000) offset = 0;
        FC_TRY(rep::setSyncState(store, "clock_offset_ms", std::to_string(offset)));
    }
    FC_ASSIGN_OR_RETURN(auto stored, rep::syncState(store, "hlc"));
    HlcStamp last;
    if (stored) {
        if (auto p = HlcStamp::parse(*stored)) last = *p;
    }
    // Stamps taken while the device clock ran far ahead were clamped by the server; carrying them
    // on would put every later edit ahead of everyone else's.
    bool reset = serverNow >= 0 && last.wallMs > serverNow + kFarAheadMs;
    if (reset) last = {};
    HybridClock clock(store.deviceId(), last);
    if (body.contains("hlc") && body["hlc"].is_string()) {
        if (auto remote = HlcStamp::parse(body["hlc"].get<std::string>())) {
            clock.observe(*remote, localNowMs + offset);
            reset = true;
        }
    }
    if (reset) FC_TRY(rep::setSyncState(store, "hlc", clock.last().encode()));
    // The server was reached: the device's time away starts again (kept to the minute: one write a
    // minute, not one per page), and the office's limit on it (rep::offlineLock).
    FC_ASSIGN_OR_RETURN(auto contact, rep::syncState(store, "last_contact_ms"));
    if (!contact || std::abs(localNowMs - std::atoll(contact->c_str())) >= 60 * 1000) {
        FC_TRY(rep::setSyncState(store, "last_contact_ms", std::to_string(localNowMs)));
    }
    if (body.contains("max_offline_ms") && body["max_offline_ms"].is_number_integer()) {
        const std::string limit = std::to_string(body["max_offline_ms"].get<int64_t>());
        FC_ASSIGN_OR_RETURN(auto known, rep::syncState(store, "max_offline_ms"));
        if (!known || *known != limit) FC_TRY(rep::setSyncState(store, "max_offline_ms", limit));
    }
    return {};
}

// The office revoked this device (a wipe order, 410): erase the store — its database, vault and
// keyring — then tell the server it was done, with the token still in memory. Returns Revoked.
Error carryOutWipe(Store& store, HttpClient& http, const std::string& token, const std::string& deviceId, int protocol) {
    Status erased = store.erase();
    HttpRequest done;
    done.method = "POST";
    done.path = "/v1/wiped";
    done.body = "{}";
    done.headers = deviceHeaders(protocol, token, deviceId);
    auto reported = http.send(done);
    const bool told = reported.ok() && reported->status == 200;
    if (!erased.ok()) {
        return makeError(ErrorCode::Revoked, "this device was revoked by the office; erasing its data failed in part (" + erased.error().message +
                                                 ")" + (told ? "" : "; the server was not told"));
    }
    return makeError(ErrorCode::Revoked, std::string("this device was revoked by the office: its FieldCheck data and keys were erased") +
                                             (told ? " and the server was told" : " (the server could not be told)"));
}

class Session {
public:
    Session(Store& store, const SyncOptions& options, std::string token, std::string deviceId, std::string serverUrl)
        : m_store(store), m_options(options), m_token(std::move(token)), m_deviceId(std::move(deviceId)), m_http([&] {
              HttpOptions h = options.http;
              h.baseUrl = serverUrl;
              return h;
          }()) {}

    // One request, answered 200 with a JSON object. Touches neither the store nor the report, so
    // that the next pull page can be fetched on another thread while this one is applied.
    struct Answer {
        json body;
        int64_t bytesSent = 0, bytesReceived = 0;
    };
    Result<Answer> send(const std::string& path, const json& body, SyncProgress progressSoFar) {
        HttpRequest req;
        req.method = "POST";
        req.path = path;
        req.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
        req.headers = deviceHeaders(m_options.protocol, m_token, m_deviceId);
        req.headers.emplace_back("Content-Type", "application/json");
        const auto& report = m_options.progress;
        ProgressFn onBytes = [&report, progressSoFar](const TransferProgress& p) {
            if (!report) return;
            SyncProgress sp = progressSoFar;
            sp.bytesSent += p.bytesSent;
            sp.bytesReceived += p.bytesReceived;
            report(sp);
        };
        auto res = m_http.send(req, onBytes, m_options.cancel);
        if (!res.ok()) return res.error();
        if (res->status != 200) return serverError("POST " + path, res.value());  // 410: Revoked
        Answer a;
        a.body = json::parse(res->body, nullptr, false);
        if (!a.body.is_object()) return makeError(ErrorCode::IoError, "POST " + path + ": the server's answer is not a JSON object");
        a.bytesSent = res->bytesSent;
        a.bytesReceived = res->bytesReceived;
        return a;
    }

    // Counts an answer and takes in the server's clock (on the thread that owns the store).
    Result<json> take(Result<Answer> answer) {
        if (!answer.ok()) return answer.error();
        m_report.requests += 1;
        m_report.bytesSent += answer->bytesSent;
        m_report.bytesReceived += answer->bytesReceived;
        FC_TRY(observeServer(m_store, answer->body, rep::deviceNowMs(m_store)));
        if (answer->body.value("renew_token", false) == true) m_renewToken = true;
        return std::move(answer->body);
    }

    Result<json> post(const std::string& path, const json& body) { return take(send(path, body, m_progress)); }

    Result<json> auditToSend() {
        FC_ASSIGN_OR_RETURN(auto acked, rep::syncState(m_store, "audit_acked"));
        const int64_t from = acked ? std::stoll(*acked) + 1 : 1;
        FC_ASSIGN_OR_RETURN(auto entries, m_store.auditEntries(from, kAuditPerRequest));
        json out = json::array();
        for (const auto& e : entries) out.push_back(e.toJson());
        return out;
    }

    Status noteAcked(const json& body) {
        if (body.contains("audit_acked") && body["audit_acked"].is_number_integer()) {
            FC_ASSIGN_OR_RETURN(auto acked, rep::syncState(m_store, "audit_acked"));
            const int64_t now = body["audit_acked"].get<int64_t>();
            if (!acked || std::stoll(*acked) != now) FC_TRY(rep::setSyncState(m_store, "audit_acked", std::to_string(now)));
        }
        return {};
    }

    void progress(const std::string& phase, int64_t done, int64_t total) {
        m_progress = {phase, done, total, m_report.bytesSent, m_report.bytesReceived};
        if (m_options.progress) m_options.progress(m_progress);
    }

    json opJson(const OutboxEntry& e) const {
        json op = {{"op_id", e.opId}, {"seq", e.seq}, {"action", e.action}, {"type", e.recordType}, {"id", e.recordId},
                   {"base_version", e.baseVersion}, {"payload", e.payload}, {"created_ms", e.createdMs}};
        // Protocol 1 knew record versions only; protocol 2 adds the author's clock and the
        // version of each field the author saw.
        if (m_options.protocol >= 2) {
            if (!e.hlc.empty()) op["hlc"] = e.hlc;
            if (!e.fieldBases.empty()) op["field_bases"] = e.fieldBases;
        }
        return op;
    }

    Status push() {
        // Photos' attach ops travel from protocol 4 on; before that they wait on the device.
        const bool withAttachments = m_options.protocol >= 4;
        FC_ASSIGN_OR_RETURN(const int64_t total, rep::unansweredOpCount(m_store, withAttachments));
        int64_t done = 0;
        progress("push", 0, total);
        // The receipt keys this device trusts: they change only after the last batch (below).
        FC_ASSIGN_OR_RETURN(const std::vector<TrustedReceiptKey> trusted, trustedReceiptKeys(m_store));
        for (;;) {
            if (m_options.cancel && m_options.cancel->cancelled()) return makeError(ErrorCode::Cancelled, "cancelled");
            FC_ASSIGN_OR_RETURN(auto batch, rep::unansweredOps(m_store, m_options.pushBatch, withAttachments));
            if (batch.empty()) break;
            std::vector<std::string> ids;
            json ops = json::array();
            for (const auto& e : batch) {
                ids.push_back(e.opId);
                ops.push_back(opJson(e));
            }
            FC_TRY(rep::markSent(m_store, ids));
            FC_ASSIGN_OR_RETURN(json audit, auditToSend());
            FC_ASSIGN_OR_RETURN(json answer, post("/v1/push", {{"ops", ops}, {"audit", audit}}));
            const json results = answer.value("results", json::array());
            if (!results.is_array() || results.size() != batch.size()) {
                return makeError(ErrorCode::IoError, "POST /v1/push: the server answered " + std::to_string(results.size()) + " of " +
                                                         std::to_string(batch.size()) + " ops; nothing recorded, the batch will be resent");
            }
            // The server's signed receipt of this batch, kept for `fieldcheck receipts verify`.
            if (answer.contains("receipt") && answer["receipt"].is_object()) {
                const json& r = answer["receipt"];
                if (r.value("payload", json()).is_string() && r.value("signature", json()).is_string() && r.value("key", json()).is_string()) {
                    FC_TRY(rep::keepReceipt(m_store, r["payload"].get<std::string>(), r["signature"].get<std::string>(), r["key"].get<std::string>()));
                    const std::string key = r["key"].get<std::string>();
                    m_unknownReceiptKey = m_unknownReceiptKey || std::none_of(trusted.begin(), trusted.end(),
                                                                              [&](const TrustedReceiptKey& k) { return k.key == key; });
                }
            }
            std::vector<rep::OpOutcome> outcomes;
            for (size_t i = 0; i < results.size(); ++i) {
                const json& r = results[i];
                rep::OpOutcome o;
                o.opId = r.value("op_id", json()).is_string() ? r["op_id"].get<std::string>() : batch[i].opId;
                o.status = r.value("status", std::string("rejected"));
                if (o.status == "duplicate") o.status = r.value("first_status", std::string("applied"));
                o.reason = r.value("reason", std::string());
                if (r.contains("record") && r["record"].is_object()) {
                    FC_ASSIGN_OR_RETURN(o.doc, rep::RecordDoc::fromJson(r["record"]));
                } else {
                    o.recordGone = r.value("gone", false);
                }
                if (r.value("status", "") == "duplicate") m_report.duplicates += 1;
                if (o.status == "applied") m_report.applied += 1;
                if (o.status == "conflict") m_report.conflicts += 1;
                if (o.status == "rejected") {
                    m_report.rejected += 1;
                    m_report.rejections.push_back("op " + o.opId + " (" + batch[i].action + " " + batch[i].recordType + " " +
                                                  batch[i].recordId + "): " + o.reason);
                }
                outcomes.push_back(std::move(o));
            }
            FC_TRY(rep::recordPushOutcomes(m_store, outcomes));
            FC_TRY(noteAcked(answer));
            m_report.pushed += static_cast<int64_t>(batch.size());
            done += static_cast<int64_t>(batch.size());
            progress("push", done, total);
        }
        // A receipt signed with a key this device does not know: the server rotated its key. Its
        // chain of rotations, each signed by the key it retired, leads there from a key this
        // device trusts, or the receipt stays unexplained (receipts verify names it).
        if (m_unknownReceiptKey) {
            FC_ASSIGN_OR_RETURN(json chain, post("/v1/receipt-keys", json::object()));
            FC_ASSIGN_OR_RETURN(int learned, learnReceiptKeys(m_store, chain));
            m_report.receiptKeysLearned += learned;
            m_unknownReceiptKey = false;
        }
        return {};
    }

    // The office ordered a new token for this device (`renew_token` in an answer). The old token
    // works until the new one is first used, so if the answer is lost the next sync asks again;
    // the new one is kept in the same local transaction that drops the old.
    Status renewTokenIfDue() {
        if (!m_renewToken) return {};
        FC_ASSIGN_OR_RETURN(json answer, post("/v1/device/token", json::object()));
        const std::string token = answer.value("token", json()).is_string() ? answer["token"].get<std::string>() : std::string();
        if (token.size() != 64 || token.find_first_not_of("0123456789abcdef") != std::string::npos) {
            return makeError(ErrorCode::IoError, "POST /v1/device/token: the server's answer has no token; the old one is kept");
        }
        FC_TRY(m_store.transaction([&]() -> Status { return rep::setSyncState(m_store, "token", token); }));
        m_token = token;
        m_renewToken = false;
        m_report.tokenRenewed = true;
        return {};
    }

    // A pull page, fetched and its changes parsed and prepared on a thread of its own. As soon as
    // page i has arrived, the request for page i+1 (it needs page i's cursor) goes out: the server
    // builds page i+1 while page i is parsed and an earlier one is written to the store. The
    // fetching runs up to kPagesAhead pages ahead of the store's thread, which keeps the server busy
    // while a commit writes a batch (a few hundred ms); a page of 1,000 records parsed is a few MB.
    static constexpr int64_t kPagesAhead = 4;
    struct PulledPage;
    using PendingPage = std::future<Result<PulledPage>>;
    struct PulledPage {
        Answer answer;  // the page without its "changes"
        std::vector<rep::PulledChange> changes;
        std::unique_ptr<PendingPage> next;  // null: this was the last page (or the pull stopped)
    };

    PendingPage fetchPage(json body, SyncProgress progressSoFar, int64_t index) {
        return std::async(std::launch::async, [this, body = std::move(body), progressSoFar, index]() -> Result<PulledPage> {
            FC_ASSIGN_OR_RETURN(Answer a, send("/v1/pull", body, progressSoFar));
            auto changes = a.body.find("changes");
            if (!a.body.contains("cursor") || !a.body["cursor"].is_string() || changes == a.body.end() || !changes->is_array()) {
                stopFetching();
                return makeError(ErrorCode::IoError, "POST /v1/pull: the server's page has no cursor or changes");
            }
            PulledPage page;
            if (a.body.value("more", false) && mayFetchAfter(index)) {
                SyncProgress soFar = progressSoFar;
                soFar.bytesSent += a.bytesSent;
                soFar.bytesReceived += a.bytesReceived;
                page.next = std::make_unique<PendingPage>(
                    fetchPage({{"cursor", a.body["cursor"]}, {"limit", m_options.pullLimit}, {"audit", json::array()}}, soFar, index + 1));
            }
            auto parsed = rep::parsePulledChanges(*changes);
            if (!parsed.ok()) {
                stopFetching();
                return makeError(ErrorCode::IoError, "POST /v1/pull: " + parsed.error().message + "; nothing applied");
            }
            a.body.erase(changes);
            page.answer = std::move(a);
            page.changes = std::move(parsed).value();
            return page;
        });
    }

    // Waits until the store's thread is at most kPagesAhead pages behind page `index`; false when
    // the pull stops (an error, the end, or a cancel) and no further page is to be asked for.
    bool mayFetchAfter(int64_t index) {
        std::unique_lock<std::mutex> lock(m_pullMutex);
        m_pullCv.wait(lock, [&] {
            return m_stopPull || m_pagesTaken >= index - kPagesAhead + 1 || (m_options.cancel && m_options.cancel->cancelled());
        });
        return !m_stopPull && !(m_options.cancel && m_options.cancel->cancelled());
    }
    void stopFetching() {
        std::lock_guard<std::mutex> lock(m_pullMutex);
        m_stopPull = true;
        m_pullCv.notify_all();
    }
    void tookPage() {
        std::lock_guard<std::mutex> lock(m_pullMutex);
        ++m_pagesTaken;
        m_pullCv.notify_all();
    }

    Status pull() {
        progress("pull", 0, -1);
        FC_ASSIGN_OR_RETURN(auto cursor, rep::syncState(m_store, "cursor"));
        FC_ASSIGN_OR_RETURN(json audit, auditToSend());
        {
            std::lock_guard<std::mutex> lock(m_pullMutex);
            m_stopPull = false;
            m_pagesTaken = 0;
        }
        // However this ends, no page is asked for after it: the pages in flight are waited for
        // (their futures) but start no others.
        struct StopOnExit {
            Session& session;
            bool armed = true;
            ~StopOnExit() {
                if (armed) session.stopFetching();
            }
        };
        // The stored cursor moves only with committed pages, so a crash re-pulls from there.
        PendingPage pending = fetchPage({{"cursor", cursor.value_or("")}, {"limit", m_options.pullLimit}, {"audit", audit}}, m_progress, 0);
        StopOnExit stopOnExit{*this, true};
        rep::PullBatch batch(m_store);
        int64_t inBatch = 0;
        for (;;) {
            Result<PulledPage> got = pending.get();
            tookPage();
            if (!got.ok()) {
                // The pages applied so far are whole and carry their cursor: keep them.
                if (batch.open()) FC_TRY(batch.commit());
                return got.error();
            }
            PulledPage fetched = std::move(got).value();
            // Declared after `fetched`, so destroyed before it: a return from this page stops the
            // chain of requests before `fetched.next` is waited for.
            StopOnExit stopOnReturn{*this, true};
            FC_ASSIGN_OR_RETURN(json page, take(std::move(fetched.answer)));
            const bool more = page.value("more", false);
            for (const auto& c : fetched.changes) {
                if (c.kind == rep::PulledChange::Kind::Upsert) m_report.pulled += 1;
                else m_report.removed += 1;
            }
            if (!batch.open()) FC_TRY(batch.begin());
            FC_TRY(rep::applyPulledPage(m_store, fetched.changes, page["cursor"].get<std::string>()));
            inBatch += static_cast<int64_t>(fetched.changes.size());
            const bool last = !fetched.next;
            if (last || inBatch >= m_options.pullCommitRecords) {
                FC_TRY(batch.commit());
                inBatch = 0;
            }
            FC_TRY(noteAcked(page));
            m_report.pages += 1;
            progress("pull", m_report.pulled, -1);
            if (!more) break;
            if (last) return makeError(ErrorCode::Cancelled, "cancelled");
            stopOnReturn.armed = false;
            pending = std::move(*fetched.next);
        }
        return {};
    }

    // Uploads the photos and documents whose metadata the server has (attachment_upload.h).
    Status uploadAttachments() {
        if (m_options.protocol < 4) return {};
        AttachmentUploader uploader(m_store, m_http, deviceHeaders(m_options.protocol, m_token, m_deviceId), m_options.blobChunkBytes, m_options.cancel, [this](const UploadProgress& p) {
                                        SyncProgress sp{"photos", p.filesDone, p.filesTotal, m_report.bytesSent, m_report.bytesReceived};
                                        sp.photoBytesDone = p.bytesDone;
                                        sp.photoBytesTotal = p.bytesTotal;
                                        if (m_options.progress) m_options.progress(sp);
                                    });
        auto totals = uploader.run();
        if (!totals.ok()) return totals.error();
        m_report.attachmentsUploaded += totals->uploaded;
        m_report.attachmentsProven += totals->proven;
        m_report.photoBytesSent += totals->chunkBytesSent;
        addUp(totals.value());
        return {};
    }

    // Downloads the photos of received records that the server holds (attachment_download.h).
    Status downloadAttachments() {
        if (m_options.protocol < 4 || !m_options.downloadAttachments) return {};
        AttachmentDownloader downloader(m_store, m_http, deviceHeaders(m_options.protocol, m_token, m_deviceId), m_options.blobRangeBytes,
                                        m_options.cancel);
        auto totals = downloader.run();
        if (!totals.ok()) return totals.error();
        m_report.attachmentsDownloaded += totals->downloaded;
        m_report.photoBytesReceived += totals->contentBytes;
        addUp(totals.value());
        return {};
    }

    // A transfer phase's requests into the report.
    void addUp(const TransferTotals& t) {
        m_report.requests += t.requests;
        m_report.bytesSent += t.bytesSent;
        m_report.bytesReceived += t.bytesReceived;
        m_report.attachmentProblems.insert(m_report.attachmentProblems.end(), t.problems.begin(), t.problems.end());
    }

    Error wipe() { return carryOutWipe(m_store, m_http, m_token, m_deviceId, m_options.protocol); }

    SyncReport& report() { return m_report; }

private:
    Store& m_store;
    const SyncOptions& m_options;
    std::string m_token, m_deviceId;
    HttpClient m_http;
    SyncReport m_report;
    SyncProgress m_progress;
    // Flow control of the pull's fetching threads (fetchPage()).
    std::mutex m_pullMutex;
    std::condition_variable m_pullCv;
    int64_t m_pagesTaken = 0;
    bool m_stopPull = false;
    bool m_renewToken = false;         // an answer said renew_token
    bool m_unknownReceiptKey = false;  // a receipt named a key this device does not trust yet
};

}  // namespace

json SyncProgress::toJson() const {
    json j = {{"phase", phase}, {"items_done", itemsDone}, {"items_total", itemsTotal}, {"bytes_sent", bytesSent}, {"bytes_received", bytesReceived}};
    if (phase == "photos") {
        j["photo_bytes_done"] = photoBytesDone;
        j["photo_bytes_total"] = photoBytesTotal;
    }
    return j;
}

json SyncReport::toJson() const {
    return {{"pushed", pushed},       {"applied", applied},     {"duplicates", duplicates},   {"conflicts", conflicts},
            {"rejected", rejected},   {"pulled", pulled},       {"removed", removed},         {"pages", pages},
            {"requests", requests},   {"bytes_sent", bytesSent}, {"bytes_received", bytesReceived},
            {"attachments_uploaded", attachmentsUploaded}, {"attachments_proven", attachmentsProven},
            {"photo_bytes_sent", photoBytesSent}, {"attachments_downloaded", attachmentsDownloaded},
            {"photo_bytes_received", photoBytesReceived}, {"attachments_waiting", attachmentsWaiting},
            {"attachment_problems", attachmentProblems}, {"parked", parked}, {"open_conflicts", openConflicts},
            {"push_s", pushSeconds}, {"photos_s", photoSeconds}, {"pull_s", pullSeconds}, {"rejections", rejections},
            {"token_renewed", tokenRenewed}, {"receipt_keys_learned", receiptKeysLearned}};
}

Result<Enrolment> enroll(Store& store, const std::string& serverUrl, const std::string& user, const SecretBytes& password,
                         const std::string& deviceName, HttpOptions http) {
    if (serverUrl.rfind("http://", 0) != 0 && serverUrl.rfind("https://", 0) != 0) {
        return makeError(ErrorCode::InvalidArgument, "the server URL must start with http:// or https:// (got '" + serverUrl + "')");
    }
    if (!plainHttpAllowedFor(serverUrl)) {
        return makeError(ErrorCode::InvalidArgument, "plain http:// is refused except to 127.0.0.1: enrol with the office's "
                                                     "enrolment file (https, with the server's pins)");
    }
    if (serverUrl.rfind("https://", 0) == 0 && http.pinnedPublicKeys.empty()) {
        return makeError(ErrorCode::InvalidArgument, "an https server needs the pins of its key: enrol with the office's enrolment file");
    }
    http.baseUrl = serverUrl;
    HttpClient client(http);
    HttpRequest req;
    req.method = "POST";
    req.path = "/v1/enroll";
    // The password exists as text only in this one buffer, written in place (room reserved up
    // front, so it is never reallocated and copied) and wiped after the request: no JSON value, no
    // temporary string, no gzip copy of it.
    const std::string head = json{{"user", user}, {"store_device_id", store.deviceId()}, {"device_name", deviceName}}.dump();
    req.body.reserve(head.size() + 16 + password.size() * 6);
    req.body = "{\"password\":\"";
    static const char* hex = "0123456789abcdef";
    for (size_t i = 0; i < password.size(); ++i) {
        const unsigned char c = password.data()[i];
        if (c == '"' || c == '\\') {
            req.body += '\\';
            req.body += static_cast<char>(c);
        } else if (c < 0x20) {
            req.body += "\\u00";
            req.body += hex[c >> 4];
            req.body += hex[c & 15];
        } else {
            req.body += static_cast<char>(c);
        }
    }
    req.body += "\",";
    req.body.append(head, 1, std::string::npos);  // the rest of the object, after its "{"
    req.compressBody = false;
    req.headers = {{"FieldCheck-Protocol", std::to_string(kClientProtocol)}, {"Content-Type", "application/json"}};
    auto res = client.send(req);
    std::fill(req.body.begin(), req.body.end(), '\0');
    if (!res.ok()) return res.error();
    if (res->status != 200) return serverError("enroll", res.value());
    auto answer = json::parse(res->body, nullptr, false);
    if (!answer.is_object() || !answer.contains("token") || !answer["token"].is_string() || !answer.contains("device_id")) {
        return makeError(ErrorCode::IoError, "enroll: the server's answer has no device token");
    }
    Enrolment e;
    e.serverUrl = serverUrl;
    e.deviceId = answer["device_id"].get<std::string>();
    e.userName = user;
    e.role = answer.value("user", json::object()).value("role", "");
    Status st = store.transaction([&]() -> Status {
        FC_TRY(rep::setSyncState(store, "server_url", e.serverUrl));
        FC_TRY(rep::setSyncState(store, "device_id", e.deviceId));
        FC_TRY(rep::setSyncState(store, "token", answer["token"].get<std::string>()));
        FC_TRY(rep::setSyncState(store, "user", e.userName));
        FC_TRY(rep::setSyncState(store, "role", e.role));
        FC_TRY(rep::setSyncState(store, "ca_pem", http.caPem));
        // The key the server signs its push receipts with, as it said over this (pinned) link.
        FC_TRY(rep::setSyncState(store, "receipt_key", answer.value("receipt_key", std::string())));
        FC_TRY(rep::setSyncState(store, "pins", json(http.pinnedPublicKeys).dump()));
        // A new enrolment starts the feed from the beginning and the audit chain from its start.
        FC_TRY(rep::setSyncState(store, "cursor", ""));
        FC_TRY(rep::setSyncState(store, "audit_acked", "0"));
        return observeServer(store, answer, rep::deviceNowMs(store));
    });
    if (!st.ok()) return st.error();
    return e;
}

Result<Enrolment> enrolment(Store& store) {
    Enrolment e;
    FC_ASSIGN_OR_RETURN(e.serverUrl, requiredState(store, "server_url"));
    FC_ASSIGN_OR_RETURN(e.deviceId, requiredState(store, "device_id"));
    FC_ASSIGN_OR_RETURN(e.userName, requiredState(store, "user"));
    FC_ASSIGN_OR_RETURN(auto role, rep::syncState(store, "role"));
    e.role = role.value_or("");
    return e;
}

Result<EnrolmentFile> readEnrolmentFile(const std::string& path) {
    std::ifstream in(path);
    if (!in) return makeError(ErrorCode::NotFound, "cannot read the enrolment file '" + path + "'");
    const json j = json::parse(in, nullptr, false);
    auto bad = [&](const std::string& what) { return makeError(ErrorCode::InvalidArgument, "the enrolment file '" + path + "': " + what); };
    if (!j.is_object()) return bad("not a JSON object");
    EnrolmentFile f;
    if (!j.contains("server_url") || !j["server_url"].is_string()) return bad("'server_url' must be a string");
    f.serverUrl = j["server_url"].get<std::string>();
    if (j.contains("ca_pem")) {
        if (!j["ca_pem"].is_string()) return bad("'ca_pem' must be a string");
        f.caPem = j["ca_pem"].get<std::string>();
    }
    if (!j.contains("pins") || !j["pins"].is_array()) return bad("'pins' must be an array");
    for (const auto& p : j["pins"]) {
        if (!p.is_string() || p.get<std::string>().rfind("sha256//", 0) != 0) return bad("each pin must be a string 'sha256//…'");
        f.pins.push_back(p.get<std::string>());
    }
    return f;
}

Result<SyncReport> syncNow(Store& store, const SyncOptions& givenOptions) {
    FC_ASSIGN_OR_RETURN(Enrolment e, enrolment(store));
    FC_ASSIGN_OR_RETURN(std::string token, requiredState(store, "token"));
    // What the enrolment said to trust, unless the caller says otherwise.
    SyncOptions options = givenOptions;
    FC_TRY(useEnrolledTrust(store, options.http));
    Session session(store, options, token, e.deviceId, e.serverUrl);
    const auto start = std::chrono::steady_clock::now();
    // A wipe order can come at any request; it is carried out at once.
    auto phase = [&](Status st) -> Status {
        if (!st.ok() && st.error().code == ErrorCode::Revoked) return session.wipe();
        return st;
    };
    FC_TRY(phase(session.push()));
    const auto pushed = std::chrono::steady_clock::now();
    FC_TRY(phase(session.uploadAttachments()));
    const auto uploaded = std::chrono::steady_clock::now();
    FC_TRY(phase(session.pull()));
    FC_TRY(phase(session.downloadAttachments()));
    FC_TRY(phase(session.renewTokenIfDue()));
    SyncReport& r = session.report();
    r.pushSeconds = std::chrono::duration<double>(pushed - start).count();
    r.photoSeconds = std::chrono::duration<double>(uploaded - pushed).count();
    r.pullSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - uploaded).count();
    FC_ASSIGN_OR_RETURN(r.attachmentsWaiting, rep::waitingAttachments(store));
    FC_ASSIGN_OR_RETURN(r.parked, rep::parkedCount(store));
    FC_ASSIGN_OR_RETURN(auto open, rep::openConflicts(store));
    r.openConflicts = static_cast<int64_t>(open.size());
    return r;
}

}  // namespace fieldcheck::sync
