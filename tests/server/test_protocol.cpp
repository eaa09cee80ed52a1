// The server's HTTP edge (server/src/protocol.h): what a push or pull body becomes, and what it is
// refused for. Inputs found by fuzzing are kept here as well as in the fuzz corpus.
#include <catch2/catch.hpp>

#include "src/protocol.h"

using namespace fieldcheck;
using namespace fieldcheck::server;
using json = nlohmann::json;

namespace {
json changeOp(json extra = json::object()) {
    json op = {{"op_id", "op-1"}, {"action", "update"}, {"type", "finding"}, {"id", "F1"}, {"payload", {{"description", "补充"}}}};
    for (auto it = extra.begin(); it != extra.end(); ++it) op[it.key()] = it.value();
    return op;
}
}  // namespace

TEST_CASE("a push body becomes typed ops, each usable or refused with its reason", "[protocol]") {
    auto r = protocol::parsePush(json{{"ops", json::array({
        changeOp({{"field_bases", {{"_record", 2}, {"description", 1}}}, {"hlc", "000001764000000000-00000-d"}}),
        changeOp({{"op_id", "op-2"}, {"action", "export"}, {"type", "ledger"}, {"id", "findings"}}),
        changeOp({{"op_id", "op-3"}, {"action", "attach"}}),
        changeOp({{"op_id", "bad id!"}}),
        json("not an op"),
    })}});
    REQUIRE(r.ok());
    REQUIRE(r->ops.size() == 5);
    CHECK(r->ops[0].kind == PushOp::Kind::Change);
    CHECK(r->ops[0].op.recordBase == 2);
    CHECK(r->ops[0].op.fieldBases.at("description") == 1);
    CHECK(r->ops[0].hlc == "000001764000000000-00000-d");
    CHECK(r->ops[1].kind == PushOp::Kind::Event);
    CHECK(r->ops[2].kind == PushOp::Kind::Invalid);
    CHECK(r->ops[2].opId == "op-3");  // recorded under its id
    CHECK(r->ops[3].kind == PushOp::Kind::Invalid);
    CHECK(r->ops[3].opId.empty());  // no valid id: answered without one
    CHECK(r->ops[4].kind == PushOp::Kind::Invalid);
}

TEST_CASE("an attach op carries the attachment's metadata, checked field by field", "[protocol][photos]") {
    const json meta = {{"id", "A1"}, {"record_type", "finding"}, {"record_id", "F1"}, {"media_type", "image/jpeg"},
                       {"file_name", "现场.jpg"}, {"size_bytes", 1024}, {"sha256", std::string(64, 'a')},
                       {"captured_at", 1780000000000}, {"captured_by", "g1m2"}};
    auto attach = [&](const json& payload, const std::string& type = "attachment") {
        return protocol::parseOp({{"op_id", "op-9"}, {"action", "attach"}, {"type", type}, {"id", "A1"}, {"payload", payload}});
    };
    auto good = attach(meta);
    CHECK(good.kind == PushOp::Kind::Attach);
    CHECK(good.op.payload["sha256"] == std::string(64, 'a'));
    CHECK(attach(meta, "finding").kind == PushOp::Kind::Invalid);
    const std::vector<std::pair<std::string, json>> bad = {
        {"record_type", "no_such_type"}, {"record_type", 5},         {"record_id", "../x"},          {"media_type", ""},
        {"file_name", std::string(300, 'n')}, {"file_name", "a\nb"}, {"size_bytes", -1},           {"size_bytes", 1e300},
        {"sha256", std::string(64, 'A')}, {"sha256", "abc"},         {"captured_at", "yesterday"},   {"id", "A2"}};
    for (const auto& [field, value] : bad) {
        CAPTURE(field, value.dump());
        json m = meta;
        m[field] = value;
        auto op = attach(m);
        CHECK(op.kind == PushOp::Kind::Invalid);
        CHECK(op.error.find(field == "id" ? "'id'" : "'" + field + "'") != std::string::npos);
    }
    json missing = meta;
    missing.erase("sha256");
    CHECK(attach(missing).kind == PushOp::Kind::Invalid);
    CHECK(attach(json()).kind == PushOp::Kind::Invalid);
}

TEST_CASE("field bases that name no field or hold no whole number make the op invalid", "[protocol]") {
    // Found by fuzz_push_request: an empty field name in field_bases was accepted.
    for (const json& bases : {json{{"", 1}}, json{{"Description", 1}}, json{{"description", -1}}, json{{"description", 1.5}},
                              json{{"description", 1e300}}, json::array({1})}) {
        CAPTURE(bases.dump());
        auto r = protocol::parsePush(json{{"ops", json::array({changeOp({{"field_bases", bases}})})}});
        REQUIRE(r.ok());
        CHECK(r->ops[0].kind == PushOp::Kind::Invalid);
        CHECK_FALSE(r->ops[0].error.empty());
    }
}

TEST_CASE("a request of the wrong shape is refused whole, naming where", "[protocol]") {
    CHECK(protocol::parsePush(json::array()).error().code == ErrorCode::InvalidArgument);
    CHECK(protocol::parsePush(json{{"ops", 5}}).error().message.find("'ops'") != std::string::npos);
    auto typed = protocol::parsePush(json{{"ops", json::array({changeOp(), changeOp({{"op_id", 5}})})}});
    REQUIRE_FALSE(typed.ok());
    CHECK(typed.error().message.find("ops[1]: 'op_id' has the wrong type") != std::string::npos);
    auto audit = protocol::parsePush(json{{"ops", json::array()}, {"audit", json::array({{{"seq", "one"}}})}});
    REQUIRE_FALSE(audit.ok());
    CHECK(audit.error().message.find("audit entry 0") != std::string::npos);
    json many = json::array();
    for (int i = 0; i < 1001; ++i) many.push_back(changeOp({{"op_id", "op-" + std::to_string(i)}}));
    CHECK_FALSE(protocol::parsePush(json{{"ops", many}}).ok());

    CHECK(protocol::parsePull(json{{"cursor", 7}}).error().code == ErrorCode::InvalidArgument);
    CHECK_FALSE(protocol::parsePull(json{{"limit", 0}}).ok());
    CHECK_FALSE(protocol::parsePull(json{{"limit", 5001}}).ok());
    auto pull = protocol::parsePull(json{{"cursor", "abc"}, {"limit", 200}});
    REQUIRE(pull.ok());
    CHECK(pull->cursor == "abc");
    CHECK(pull->limit == 200);
}
