#include <catch2/catch.hpp>

#include "fieldcheck/core/crypto.h"

using namespace fieldcheck;

TEST_CASE("SHA-256 matches the FIPS 180-2 test vectors", "[core][crypto]") {
    REQUIRE(cryptoInit().ok());
    CHECK(sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    Sha256 inc;
    const std::string part1 = "abcdbcdecdefdefgefghfghighijhijkijkljklm";
    const std::string part2 = "klmnlmnomnopnopq";
    inc.update(reinterpret_cast<const uint8_t*>(part1.data()), part1.size());
    inc.update(reinterpret_cast<const uint8_t*>(part2.data()), part2.size());
    CHECK(inc.finalHex() == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST_CASE("hex round-trips and rejects junk", "[core][crypto]") {
    std::vector<uint8_t> bytes = {0x00, 0x7f, 0x80, 0xff};
    CHECK(toHex(bytes) == "007f80ff");
    auto back = fromHex("007f80ff");
    REQUIRE(back.ok());
    CHECK(back.value() == bytes);
    CHECK_FALSE(fromHex("zz").ok());
    CHECK_FALSE(fromHex("abc").ok());
}

TEST_CASE("random ids are 128-bit hex and distinct", "[core][crypto]") {
    std::string a = randomId(), b = randomId();
    CHECK(a.size() == 32);
    CHECK(a != b);
}

TEST_CASE("time-ordered ids sort by their millisecond and keep 80 random bits", "[core][crypto]") {
    const int64_t ms = 1796083200123;  // 2026-12-01
    const std::string a = timeOrderedId(ms), b = timeOrderedId(ms), later = timeOrderedId(ms + 1);
    CHECK(a.size() == 32);
    CHECK(a.find_first_not_of("0123456789abcdef") == std::string::npos);
    CHECK(a.substr(0, 12) == "01a22ee6b07b");  // 1796083200123 as 48 bits, big-endian hex
    CHECK(a.substr(0, 12) == b.substr(0, 12));
    CHECK(a != b);  // the same millisecond: the random part tells them apart
    CHECK(a < later);
    CHECK(b < later);
    CHECK(timeOrderedId(ms + 86400000) > later);
    CHECK(timeOrderedId(-5).substr(0, 12) == "000000000000");  // a clock before the epoch: no wrap-around
}

TEST_CASE("AEAD opens with the right key and context only", "[core][crypto]") {
    SecretBytes key = SecretBytes::random(32);
    const std::string secret = "database key material";
    SealedBox box = aeadSeal(key, reinterpret_cast<const uint8_t*>(secret.data()), secret.size(), "ctx");
    auto opened = aeadOpen(key, box, "ctx");
    REQUIRE(opened.ok());
    CHECK(std::string(reinterpret_cast<const char*>(opened->data()), opened->size()) == secret);

    SECTION("another key fails") { CHECK(aeadOpen(SecretBytes::random(32), box, "ctx").error().code == ErrorCode::Corrupt); }
    SECTION("another context fails") { CHECK_FALSE(aeadOpen(key, box, "other").ok()); }
    SECTION("a flipped ciphertext bit fails") {
        box.ciphertext[3] ^= 0x01;
        CHECK_FALSE(aeadOpen(key, box, "ctx").ok());
    }
}

TEST_CASE("secretstream sealing round-trips any size and detects every kind of tampering", "[core][crypto]") {
    SecretBytes key = SecretBytes::random(kStreamKeySize);
    auto size = GENERATE(0, 1, 1000, 64 * 1024, 64 * 1024 + 1, 300000);
    CAPTURE(size);
    std::vector<uint8_t> plain = randomBytes(static_cast<size_t>(size));
    std::vector<uint8_t> sealed = streamSeal(key, plain.data(), plain.size(), "att-1", 64 * 1024);
    auto opened = streamOpen(key, sealed, "att-1");
    REQUIRE(opened.ok());
    CHECK(opened.value() == plain);

    CHECK_FALSE(streamOpen(key, sealed, "att-2").ok());  // bound to its attachment id
    CHECK_FALSE(streamOpen(SecretBytes::random(kStreamKeySize), sealed, "att-1").ok());
    auto flipped = sealed;
    flipped[flipped.size() / 2] ^= 0x40;
    CHECK(streamOpen(key, flipped, "att-1").error().code == ErrorCode::Corrupt);
    auto truncated = sealed;
    truncated.resize(sealed.size() - 1);
    CHECK_FALSE(streamOpen(key, truncated, "att-1").ok());
    auto extended = sealed;
    extended.push_back(0);
    CHECK_FALSE(streamOpen(key, extended, "att-1").ok());
}

TEST_CASE("Argon2id derives the same key from the same inputs and rejects bad parameters", "[core][crypto]") {
    auto salt = randomBytes(kdfSaltSize());
    auto p = KdfParams::minimumForTests();
    auto a = deriveKey(SecretBytes::fromString("pass"), salt, p, 32);
    auto b = deriveKey(SecretBytes::fromString("pass"), salt, p, 32);
    auto c = deriveKey(SecretBytes::fromString("pasS"), salt, p, 32);
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    REQUIRE(c.ok());
    CHECK(toHex(a->data(), a->size()) == toHex(b->data(), b->size()));
    CHECK(toHex(a->data(), a->size()) != toHex(c->data(), c->size()));
    KdfParams bad = p;
    bad.algorithm = "scrypt";
    CHECK(deriveKey(SecretBytes::fromString("pass"), salt, bad, 32).error().code == ErrorCode::Unsupported);
    CHECK_FALSE(deriveKey(SecretBytes::fromString("pass"), std::vector<uint8_t>(3), p, 32).ok());
}
