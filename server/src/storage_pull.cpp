#include "sync_storage_impl.h"

#include <algorithm>
#include <tuple>

namespace fieldcheck::server {

using sql::Statement;
using json = nlohmann::json;

// ---- pull ------------------------------------------------------------------------------------

Result<json> SyncStorage::pull(const RequestContext& ctx, const std::string& cursorText, int64_t limit) {
    if (limit < 1 || limit > kMaxPullLimit) return bad("'limit' must be between 1 and " + std::to_string(kMaxPullLimit));
    std::lock_guard<std::mutex> lock(m_impl->mutex);
    FC_TRY(m_impl->publish());  // what any process committed is numbered before the page is read
    FC_ASSIGN_OR_RETURN(Cursor cursor, m_impl->cursors.decode(cursorText));
    // A position in another feed (the database was restored from a backup since it was issued):
    // numbers in it mean nothing here, so the device reads its whole scope again.
    if (!cursor.fresh && !cursor.epoch.empty() && cursor.epoch != m_impl->feedEpoch) cursor = Cursor{};
    cursor.epoch = m_impl->feedEpoch;
    FC_ASSIGN_OR_RETURN(Visibility vis, m_impl->visibilityFor(ctx.user, ctx.protocol));
    json changes = json::array();
    json result;
    // The page's reads are made at once (Impl::readPage) and forgotten when the pull ends.
    struct PageReads {
        Impl::PageCache& page;
        ~PageReads() { page = Impl::PageCache(); }
    } pageReads{m_impl->page};
    Status st = m_impl->db().transaction([&]() -> Status {
        FC_ASSIGN_OR_RETURN(int64_t head, m_impl->db().queryInt("SELECT seq FROM srv_counter WHERE id = 1"));
        const std::set<std::string> nowKeys = vis.cursorKeys();
        const bool nowAll = vis.everything;
        const bool prevAll = cursor.keys.count("*") > 0;

        // Scope changes since the last page: keys taken away are removed from the device; keys
        // added are replayed from the start (a unit newly assigned arrives with its history).
        if (!cursor.fresh) {
            std::set<std::string> removed;
            if (prevAll && !nowAll) {
                FC_TRY(sql::forEachRow(m_impl->db(), "SELECT DISTINCT scope FROM srv_records", {}, [&](const Statement& row) {
                    if (nowKeys.count(row.text(0)) == 0) removed.insert(row.text(0));
                }));
            } else if (!prevAll && !nowAll) {
                for (const auto& k : cursor.keys) {
                    if (nowKeys.count(k) == 0) removed.insert(k);
                }
            }
            for (const auto& k : removed) changes.push_back({{"op", "remove_scope"}, {"scope", k}});
            cursor.catchUps.erase(std::remove_if(cursor.catchUps.begin(), cursor.catchUps.end(),
                                                 [&](const Cursor::CatchUp& c) { return removed.count(c.key) > 0; }),
                                  cursor.catchUps.end());
            // A device that now speaks a protocol with more record types (typesUnknownTo) replays
            // its whole feed once: the feed skipped records of those types until now.
            const bool moreTypes = typesUnknownTo(ctx.protocol).size() < typesUnknownTo(cursor.protocol).size();
            if (nowAll && (!prevAll || moreTypes)) {
                cursor.seq = 0;  // everything is visible now: replay the whole feed
                cursor.catchUps.clear();
            } else if (!nowAll && moreTypes) {
                cursor.catchUps.clear();
                for (const auto& k : nowKeys) cursor.catchUps.push_back({k, 0, cursor.seq});
            } else if (!nowAll) {
                for (const auto& k : nowKeys) {
                    if (cursor.keys.count(k) == 0) cursor.catchUps.push_back({k, 0, cursor.seq});
                }
            }
        }
        cursor.keys = nowKeys;
        cursor.fresh = false;
        cursor.protocol = ctx.protocol;

        int64_t budget = limit;
        // From protocol 4 a record with photos or documents carries their metadata beside it.
        const bool sendAttachments = ctx.protocol >= 4;
        auto emit = [&](const std::string& type, const std::string& id, bool hasAttachments) -> Status {
            FC_ASSIGN_OR_RETURN(auto doc, m_impl->docOf(type, id));
            if (!doc) return {};
            FC_ASSIGN_OR_RETURN(auto visible, m_impl->visibleDoc(*doc, vis));
            if (!visible) return {};
            json change = {{"op", "upsert"}, {"record", visible->toJson()}};
            if (sendAttachments && hasAttachments) {
                FC_ASSIGN_OR_RETURN(change["attachments"], m_impl->attachmentsOf(type, id));
            }
            changes.push_back(std::move(change));
            return {};
        };
        for (auto& c : cursor.catchUps) {
            if (budget <= 0) break;
            const int64_t asked = budget;
            int64_t n = 0;
            std::vector<std::tuple<std::string, std::string, int64_t, bool>> rows;
            auto q = m_impl->db().prepare("SELECT record_type, record_id, seq, attachments FROM srv_records WHERE scope = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?");
            if (!q.ok()) return q.error();
            q->bind(1, c.key).bind(2, c.pos).bind(3, c.upto).bind(4, budget);
            for (;;) {
                auto r = q->step();
                if (!r.ok()) return r.error();
                if (!r.value()) break;
                rows.emplace_back(q->text(0), q->text(1), q->int64(2), q->int64(3) != 0);
            }
            std::vector<std::pair<std::string, std::string>> keys;
            for (const auto& row : rows) keys.emplace_back(std::get<0>(row), std::get<1>(row));
            FC_TRY(m_impl->readPage(keys));
            for (const auto& [type, id, seq, hasAttachments] : rows) {
                FC_TRY(emit(type, id, hasAttachments));
                c.pos = seq;
                ++n;
            }
            budget -= n;
            if (n < asked) c.pos = c.upto;  // fewer than asked: this key is caught up
        }
        cursor.catchUps.erase(std::remove_if(cursor.catchUps.begin(), cursor.catchUps.end(),
                                             [](const Cursor::CatchUp& c) { return c.pos >= c.upto; }),
                              cursor.catchUps.end());
        bool more = !cursor.catchUps.empty();
        if (budget > 0) {
            std::vector<std::tuple<std::string, std::string, int64_t, std::string, bool>> rows;
            auto q = m_impl->db().prepare("SELECT record_type, record_id, seq, scope, attachments FROM srv_records WHERE seq > ? ORDER BY seq LIMIT ?");
            if (!q.ok()) return q.error();
            q->bind(1, cursor.seq).bind(2, budget);
            for (;;) {
                auto r = q->step();
                if (!r.ok()) return r.error();
                if (!r.value()) break;
                rows.emplace_back(q->text(0), q->text(1), q->int64(2), q->text(3), q->int64(4) != 0);
            }
            const bool full = static_cast<int64_t>(rows.size()) == budget;
            const int64_t upto = full ? std::get<2>(rows.back()) : head;
            // Records that left a visible scope for one this device may not see.
            FC_TRY(sql::forEachRow(m_impl->db(), "SELECT e.record_type, e.record_id, e.old_scope, r.scope FROM srv_exits e "
                                                    "LEFT JOIN srv_records r ON r.record_type = e.record_type AND r.record_id = e.record_id "
                                                    "WHERE e.seq > ? AND e.seq <= ? ORDER BY e.seq",
                                      {std::to_string(cursor.seq), std::to_string(upto)}, [&](const Statement& row) {
                if (vis.seesScope(row.text(2)) && !vis.seesScope(row.isNull(3) ? std::string() : row.text(3))) {
                    changes.push_back({{"op", "remove"}, {"type", row.text(0)}, {"id", row.text(1)}});
                }
            }));
            std::vector<std::pair<std::string, std::string>> keys;
            for (const auto& [type, id, seq, scope, hasAttachments] : rows) {
                if (vis.seesScope(scope) && vis.seesType(type)) keys.emplace_back(type, id);
            }
            FC_TRY(m_impl->readPage(keys));
            for (const auto& [type, id, seq, scope, hasAttachments] : rows) {
                if (vis.seesScope(scope) && vis.seesType(type)) FC_TRY(emit(type, id, hasAttachments));
            }
            cursor.seq = upto;
            more = more || full;
        }
        result = {{"changes", std::move(changes)}, {"cursor", m_impl->cursors.encode(cursor)}, {"more", more}, {"head", head}};
        return {};
    }, /*snapshot=*/true);
    if (!st.ok()) return st.error();
    return result;
}

}  // namespace fieldcheck::server
