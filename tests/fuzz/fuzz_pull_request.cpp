// libFuzzer target: the body of POST /v1/pull (server/src/protocol.h) and the cursor it carries.
// The cursor is signed, so bytes from outside stop at the signature; the payload behind it is
// fuzzed too (Cursor::fromJson), as a server that issued a cursor of an older layout would read it.
#include <cstdint>
#include <string>

#include "src/cursor.h"
#include "src/protocol.h"

using namespace fieldcheck;
using namespace fieldcheck::server;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    auto body = nlohmann::json::parse(data, data + size, nullptr, false);
    if (body.is_discarded()) return 0;
    static const CursorCodec codec(std::string(32, '\x5a'));
    auto request = protocol::parsePull(body);
    if (request.ok()) {
        if (request->limit < 1 || request->limit > protocol::kMaxPullLimit) __builtin_trap();
        auto cursor = codec.decode(request->cursor);
        // A cursor that decodes must encode to one that decodes to the same.
        if (cursor.ok() && !request->cursor.empty() && codec.encode(cursor.value()) != request->cursor) {
            auto again = codec.decode(codec.encode(cursor.value()));
            if (!again.ok() || again->toJson() != cursor->toJson()) __builtin_trap();
        }
    }
    // The signed payload itself: whatever it holds, a cursor or a refusal.
    auto payload = Cursor::fromJson(body.is_object() && body.contains("cursor_payload") ? body["cursor_payload"] : body);
    if (payload.ok()) {
        auto round = codec.decode(codec.encode(payload.value()));
        if (!round.ok() || round->toJson() != payload->toJson()) __builtin_trap();
    }
    return 0;
}
