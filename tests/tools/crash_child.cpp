// The victim of the crash-safety test: opens a store and records findings in a loop, printing
// "ack <n> <id>" on stdout after each commit, until it is killed.
//   fieldcheck_crash_child DB START
// The passphrase is the tests' passphrase (test_support.h); every 7th change is an update and every
// 10th an attachment, so the kill can land in any kind of write.
//   fieldcheck_crash_child DB START passwd CURRENT OTHER
// changes the passphrase back and forth between CURRENT and OTHER, printing "pw <n> <new>" after
// each change.
#include <unistd.h>

#include <cstdio>
#include <string>
#include <utility>

#include "test_support.h"

using namespace fieldcheck;

int main(int argc, char** argv) {
    if (argc != 3 && argc != 6) {
        std::fprintf(stderr, "usage: fieldcheck_crash_child DB START [passwd CURRENT OTHER]\n");
        return 2;
    }
    if (argc == 6 && std::string(argv[3]) == "passwd") {
        std::string current = argv[4], other = argv[5];
        StoreOptions options;
        options.unlockPolicy.freeAttempts = 1 << 30;
        for (long n = std::stol(argv[2]);; ++n) {
            Status st = Store::changePassphrase(argv[1], SecretBytes::fromString(current), SecretBytes::fromString(other),
                                                KdfParams::minimumForTests(), options);
            if (!st.ok()) {
                std::fprintf(stderr, "passwd: %s\n", st.error().toString().c_str());
                return 1;
            }
            std::swap(current, other);
            std::printf("pw %ld %s\n", n, current.c_str());
            std::fflush(stdout);
        }
    }
    const std::string db = argv[1];
    long n = std::stol(argv[2]);
    StoreOptions options;
    options.actor = "crash-child";
    auto store = Store::open(db, SecretBytes::fromString(test::kTestPassphrase), options);
    if (!store.ok()) {
        std::fprintf(stderr, "open: %s\n", store.error().toString().c_str());
        return 1;
    }
    Store& s = *store.value();
    auto units = s.listRecords("unit");
    if (!units.ok() || units->empty()) return 1;
    const std::string unitId = units->front().id;
    std::string lastId;
    std::printf("ready\n");
    std::fflush(stdout);
    for (;; ++n) {
        const std::string text = "crash-" + std::to_string(n);
        if (n % 7 == 0 && !lastId.empty()) {
            auto r = s.updateRecord("finding", lastId, {{"subcategory", text}});
            if (!r.ok()) return 1;
            std::printf("upd %ld %s\n", n, lastId.c_str());
        } else if (n % 10 == 0 && !lastId.empty()) {
            auto a = s.attach("finding", lastId, std::vector<uint8_t>(50'000, static_cast<uint8_t>(n)), "image/jpeg", text + ".jpg");
            if (!a.ok()) return 1;
            std::printf("att %ld %s\n", n, a->id.c_str());
        } else {
            auto r = s.createRecord("finding", {{"unit_id", unitId}, {"category", "safety"}, {"source", "visit"}, {"description", text}});
            if (!r.ok()) {
                std::fprintf(stderr, "record: %s\n", r.error().toString().c_str());
                return 1;
            }
            lastId = r->id;
            std::printf("ack %ld %s\n", n, r->id.c_str());
        }
        std::fflush(stdout);
    }
}
