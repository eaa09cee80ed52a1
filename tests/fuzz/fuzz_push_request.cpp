// libFuzzer target: the body of POST /v1/push as the server's HTTP edge reads it (server/src/
// protocol.h): JSON, the request's shape, every op and every audit entry. Whatever the bytes, the
// parser answers with a typed request or a refusal naming what is wrong — never an exception, a
// crash or undefined behaviour — and an op it accepts as a change is one core's rules can take, an
// attach op one the storage can read.
#include <cstdint>
#include <string>

#include "src/protocol.h"

using namespace fieldcheck;
using namespace fieldcheck::server;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    auto body = nlohmann::json::parse(data, data + size, nullptr, false);
    if (body.is_discarded()) return 0;
    auto request = protocol::parsePush(body);
    if (!request.ok()) {
        if (request.error().message.empty()) __builtin_trap();  // a refusal must say why
        return 0;
    }
    for (const auto& op : request->ops) {
        switch (op.kind) {
            case PushOp::Kind::Invalid:
                if (op.error.empty()) __builtin_trap();
                break;
            case PushOp::Kind::Change:
            case PushOp::Kind::Event:
                // What the merge reads of an accepted op must be of the right type.
                if (op.opId.empty() || !op.op.payload.is_object()) __builtin_trap();
                for (const auto& [field, base] : op.op.fieldBases) {
                    if (base < 0 || field.empty()) __builtin_trap();
                }
                break;
            case PushOp::Kind::Attach: {
                // What the storage reads of an accepted attach op (sqlite_blobs.cpp, applyAttach)
                // must be there, of its type: it reads them without asking again.
                const auto& m = op.op.payload;
                if (op.opId.empty() || op.op.type != "attachment" || !m.is_object()) __builtin_trap();
                for (const char* k : {"record_type", "record_id", "sha256", "media_type", "file_name", "captured_by"}) {
                    if (!m.contains(k) || !m[k].is_string()) __builtin_trap();
                }
                for (const char* k : {"size_bytes", "captured_at"}) {
                    if (!m.contains(k) || !m[k].is_number_integer()) __builtin_trap();
                }
                break;
            }
        }
    }
    for (const auto& e : request->audit) (void)e.computeHash();
    return 0;
}
