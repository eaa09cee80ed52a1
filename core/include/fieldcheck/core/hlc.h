// Hybrid logical clocks: the order of edits made on devices whose clocks disagree.
//
// A stamp is (wall time in ms, counter, node). A node's stamps only grow: a local event takes
// max(wall clock, last stamp) and bumps the counter when the wall clock did not move; an event
// received from elsewhere pulls the clock forward to the remote stamp. So an edit made after
// seeing another one always compares greater, whatever the wall clocks say, and concurrent edits
// are ordered by time and then by node id — the same order on every replica.
//
// The encoded form compares like the stamp ("000001764236400000-00000-<node>"), so it can be
// stored as text and compared with < or ORDER BY.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace fieldcheck {

struct HlcStamp {
    int64_t wallMs = 0;
    int64_t counter = 0;
    std::string node;

    std::string encode() const;
    // nullopt when `text` is not an encoded stamp.
    static std::optional<HlcStamp> parse(const std::string& text);

    friend bool operator<(const HlcStamp& a, const HlcStamp& b) {
        if (a.wallMs != b.wallMs) return a.wallMs < b.wallMs;
        if (a.counter != b.counter) return a.counter < b.counter;
        return a.node < b.node;
    }
    friend bool operator==(const HlcStamp& a, const HlcStamp& b) {
        return a.wallMs == b.wallMs && a.counter == b.counter && a.node == b.node;
    }
};

class HybridClock {
public:
    HybridClock(std::string node, HlcStamp last = {}) : m_node(std::move(node)), m_last(std::move(last)) {}
    // The stamp of a local event at wall time `physicalMs`.
    HlcStamp tick(int64_t physicalMs);
    // Takes in a stamp from another node (a pushed op, a server answer).
    void observe(const HlcStamp& remote, int64_t physicalMs);
    const HlcStamp& last() const { return m_last; }

private:
    std::string m_node;
    HlcStamp m_last;
};

}  // namespace fieldcheck
