// Time for the core: an injected clock so tests and sync can control it.
//
// Audit entries, outbox entries and unlock throttling read time only through Clock.
#pragma once

#include <cstdint>
#include <string>

namespace fieldcheck {

class Clock {
public:
    virtual ~Clock() = default;
    // Milliseconds since the Unix epoch, UTC.
    virtual int64_t nowMs() const = 0;
};

// The wall clock of this machine.
class SystemClock final : public Clock {
public:
    int64_t nowMs() const override;
    // A shared instance; never null, lives for the whole program.
    static const Clock& instance();
};

// A clock that moves only when told to; for tests.
class ManualClock final : public Clock {
public:
    explicit ManualClock(int64_t startMs) : m_now(startMs) {}
    int64_t nowMs() const override { return m_now; }
    void advanceMs(int64_t ms) { m_now += ms; }
    void setMs(int64_t ms) { m_now = ms; }

private:
    int64_t m_now;
};

// "2026-11-27T10:26:31.123Z"
std::string formatIsoUtc(int64_t epochMs);

}  // namespace fieldcheck
