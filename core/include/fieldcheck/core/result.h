// Errors as values for every public FieldCheck API.
//
// g++ 12 has no std::expected, so Result<T> holds either a value or an Error. No exception
// crosses a public header: code that calls SQLCipher, libsodium or the JSON library catches at
// that boundary and converts to an Error with a code from the list below and a message that says
// what is wrong and where, in words a user can act on.
#pragma once

#include <cassert>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace fieldcheck {

enum class ErrorCode {
    InvalidArgument,     // caller passed something malformed (message names field and reason)
    NotFound,            // no such store, record, attachment
    AlreadyExists,       // refusing to overwrite
    WrongPassphrase,     // the passphrase does not unwrap the store key
    Locked,              // too many wrong passphrases: wait before the next attempt
    Corrupt,             // authentication of a page, attachment or file failed: tampered or damaged
    NotAFieldCheckStore, // the file is something else
    TooNew,              // written by a newer FieldCheck: refusing to open
    Unsupported,         // e.g. the linked SQLite has no encryption codec
    IllegalTransition,   // a life-cycle change the domain rules forbid
    Conflict,            // concurrent edits (sync)
    Unauthorized,        // not allowed for this role/device (sync)
    IoError,             // the operating system refused a read/write, or the network failed
    Cancelled,           // the caller asked to stop (a sync the user cancelled); nothing is lost
    Revoked,             // the office revoked this device: its store was erased (sync)
    Internal,            // a bug: an invariant did not hold
};

std::string_view errorCodeName(ErrorCode code);

struct Error {
    ErrorCode code;
    std::string message;
    // WrongPassphrase / Locked: how long the next unlock attempt must wait (0: it need not).
    int64_t retryAfterMs = 0;

    // "wrong passphrase: ..." — the code's name and the message, for logs and stderr.
    std::string toString() const;
};

template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : m_v(std::move(value)) {}  // NOLINT(google-explicit-constructor)
    Result(Error error) : m_v(std::move(error)) {}  // NOLINT(google-explicit-constructor)

    bool ok() const { return m_v.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & { assert(ok()); return std::get<0>(m_v); }
    const T& value() const& { assert(ok()); return std::get<0>(m_v); }
    // By value, so that `for (auto& x : f().value())` does not dangle.
    T value() && { assert(ok()); return std::get<0>(std::move(m_v)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }

    const Error& error() const { assert(!ok()); return std::get<1>(m_v); }

private:
    std::variant<T, Error> m_v;
};

// Result<void>: success or an Error.
class [[nodiscard]] Status {
public:
    Status() = default;
    Status(Error error) : m_error(std::move(error)), m_ok(false) {}  // NOLINT

    static Status success() { return {}; }
    bool ok() const { return m_ok; }
    explicit operator bool() const { return m_ok; }
    const Error& error() const { assert(!m_ok); return m_error; }

private:
    Error m_error{ErrorCode::Internal, {}};
    bool m_ok = true;
};

inline Error makeError(ErrorCode code, std::string message) { return Error{code, std::move(message)}; }

}  // namespace fieldcheck

// Propagate the error of an expression returning Status or Result<T>.
#define FC_TRY(expr)                                   \
    do {                                               \
        auto fc_try_result_ = (expr);                  \
        if (!fc_try_result_.ok()) return fc_try_result_.error(); \
    } while (0)

#define FC_CONCAT_INNER(a, b) a##b
#define FC_CONCAT(a, b) FC_CONCAT_INNER(a, b)
// Assign the value of a Result<T> expression to `lhs`, or return its error.
#define FC_ASSIGN_OR_RETURN(lhs, expr)                              \
    auto FC_CONCAT(fc_r_, __LINE__) = (expr);                       \
    if (!FC_CONCAT(fc_r_, __LINE__).ok()) return FC_CONCAT(fc_r_, __LINE__).error(); \
    lhs = std::move(FC_CONCAT(fc_r_, __LINE__)).value()
