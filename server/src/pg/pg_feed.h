// The change feed on PostgreSQL: which records changed, in commit order, for the pull cursor.
//
// Why not a sequence number taken by the writer: with several transactions in flight, a writer
// that took number 5 can commit after another that took 6; a reader that read 6 and moved its
// cursor past it never sees 5. (nextval() is not transactional, and may even be taken before the
// transaction has an id.) SQLite avoids this by running one writer at a time; PostgreSQL does not.
//
// What we do instead (known as "sequencing after commit"; PgQ's ticker rests on the same fact):
// a writer marks the record's feed row as changed (seq NULL) inside its own transaction. A
// sequencer numbers changed rows in a transaction of its own, under an advisory lock, and moves
// the feed head in that same transaction. It can only see rows whose writers have committed, and
// sequencers run one at a time, each committing before the next takes the lock, so:
//   - every number the sequencer hands out is larger than every number any committed sequencer
//     handed out before;
//   - a snapshot that sees a sequencer's commit sees every earlier one.
// So the numbers a reader sees in one snapshot are exactly those up to the head it sees, and a
// number that appears later is always above that head: reading "seq > cursor" never skips.
// A row whose writer is still in flight is skipped by the sequencer (SKIP LOCKED: the sequencer
// never waits for a writer) and numbered by a later run.
//
// Who runs the sequencer: a writer right after it commits, and every pull before it reads. A
// writer that died between its commit and that run leaves its rows to the next pull of anyone;
// nothing lives in one process's memory, so any number of server processes share one feed.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "fieldcheck/core/result.h"
#include "pg.h"

namespace fieldcheck::server::pg {

// A record's row in the feed.
struct FeedRow {
    std::string recordType, recordId;
    int64_t seq = 0;              // 0: changed, not numbered yet
    std::string scope;
    std::string fieldVersions = "{}";  // JSON text, as merge.h keeps them
    std::string conflicts = "[]";      // JSON text
    bool attachments = false;
};

// A record that left a scope (its readers there remove it).
struct FeedExit {
    int64_t seq = 0;
    std::string recordType, recordId, oldScope;
    std::string newScope;  // where it is now ("" if the row is gone)
};

class ChangeFeed {
public:
    explicit ChangeFeed(Connection& conn) : m_conn(conn) {}

    // ---- writing (inside the writer's transaction)
    Result<std::optional<FeedRow>> row(const std::string& type, const std::string& id);
    // Records a change of the record: its row (made if new) gets these values and waits for a number.
    Status noteChange(const FeedRow& row);
    // The record left `oldScope` (a unit taken from a group): readers of that scope remove it.
    Status noteExit(const std::string& type, const std::string& id, const std::string& oldScope);
    // Back into the feed with its values unchanged (its attachments changed).
    Status touch(const std::string& type, const std::string& id, bool hasAttachments);

    // ---- numbering (never inside another transaction: it must commit on its own)
    // Numbers every change whose writer has committed; returns the head afterwards. Cheap when
    // there is nothing to number (one index probe, no lock, no write).
    Result<int64_t> sequence();

    // ---- reading (inside one REPEATABLE READ transaction, so that every call sees one snapshot)
    Result<int64_t> head();
    // Numbered rows after `after`, in feed order, at most `limit`.
    Result<std::vector<FeedRow>> after(int64_t after, int64_t limit);
    // Numbered rows of one scope in (from, upto], in feed order, at most `limit` (a scope caught up).
    Result<std::vector<FeedRow>> inScope(const std::string& scope, int64_t from, int64_t upto, int64_t limit);
    // Exits numbered in (from, upto], in feed order, with where each record is now.
    Result<std::vector<FeedExit>> exits(int64_t from, int64_t upto);
    Result<std::set<std::string>> scopes();
    // The scope of a record, or "bureau" when it has no row (reference data the bureau keeps).
    Result<std::string> scopeOf(const std::string& type, const std::string& id);

private:
    Connection& m_conn;
};

}  // namespace fieldcheck::server::pg
