#include "fieldcheck/core/hlc.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>

namespace fieldcheck {

std::string HlcStamp::encode() const {
    char head[40];
    std::snprintf(head, sizeof head, "%018" PRId64 "-%05" PRId64 "-", std::max<int64_t>(wallMs, 0),
                  std::clamp<int64_t>(counter, 0, 99999));
    return head + node;
}

std::optional<HlcStamp> HlcStamp::parse(const std::string& text) {
    // 18 digits, '-', 5 digits, '-', node (may be empty)
    if (text.size() < 25 || text[18] != '-' || text[24] != '-') return std::nullopt;
    for (size_t i = 0; i < 24; ++i) {
        if (i == 18) continue;
        if (text[i] < '0' || text[i] > '9') return std::nullopt;
    }
    HlcStamp s;
    s.wallMs = std::strtoll(text.substr(0, 18).c_str(), nullptr, 10);
    s.counter = std::strtoll(text.substr(19, 5).c_str(), nullptr, 10);
    s.node = text.substr(25);
    return s;
}

HlcStamp HybridClock::tick(int64_t physicalMs) {
    if (physicalMs > m_last.wallMs) {
        m_last.wallMs = physicalMs;
        m_last.counter = 0;
    } else {
        m_last.counter += 1;
    }
    m_last.node = m_node;
    return m_last;
}

void HybridClock::observe(const HlcStamp& remote, int64_t physicalMs) {
    const int64_t wall = std::max({m_last.wallMs, remote.wallMs, physicalMs});
    int64_t counter = 0;
    if (wall == m_last.wallMs && wall == remote.wallMs) counter = std::max(m_last.counter, remote.counter) + 1;
    else if (wall == m_last.wallMs) counter = m_last.counter + 1;
    else if (wall == remote.wallMs) counter = remote.counter + 1;
    m_last = {wall, counter, m_node};
}

}  // namespace fieldcheck
