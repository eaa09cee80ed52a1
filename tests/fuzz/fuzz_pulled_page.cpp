// libFuzzer target: a pull page as the device receives it from the network (docs/sync-protocol.md):
// the body's JSON, then the changes checked and prepared by parsePulledChanges. Anything malformed
// must be an error naming the change, never a crash.
#include <cstdint>
#include <string>

#include "fieldcheck/core/replication.h"

using namespace fieldcheck;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    auto page = nlohmann::json::parse(data, data + size, nullptr, false);
    if (page.is_discarded() || !page.is_object()) return 0;
    auto changes = page.find("changes");
    if (changes == page.end()) return 0;
    auto parsed = replication::parsePulledChanges(*changes);
    if (!parsed.ok()) return 0;
    // What parsed must travel back out whole (a pushed answer's record is a RecordDoc too).
    std::vector<replication::RecordDoc> docs;
    for (const auto& c : parsed.value()) {
        if (c.kind == replication::PulledChange::Kind::Upsert) docs.push_back(c.doc);
    }
    (void)replication::canonicalDump(std::move(docs));
    return 0;
}
