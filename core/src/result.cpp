#include "fieldcheck/core/result.h"

namespace fieldcheck {

std::string_view errorCodeName(ErrorCode code) {
    switch (code) {
        case ErrorCode::InvalidArgument: return "invalid argument";
        case ErrorCode::NotFound: return "not found";
        case ErrorCode::AlreadyExists: return "already exists";
        case ErrorCode::WrongPassphrase: return "wrong passphrase";
        case ErrorCode::Locked: return "locked";
        case ErrorCode::Corrupt: return "corrupt";
        case ErrorCode::NotAFieldCheckStore: return "not a FieldCheck store";
        case ErrorCode::TooNew: return "too new";
        case ErrorCode::Unsupported: return "unsupported";
        case ErrorCode::IllegalTransition: return "illegal transition";
        case ErrorCode::Conflict: return "conflict";
        case ErrorCode::Unauthorized: return "unauthorized";
        case ErrorCode::IoError: return "I/O error";
        case ErrorCode::Cancelled: return "cancelled";
        case ErrorCode::Revoked: return "revoked";
        case ErrorCode::Internal: return "internal error";
    }
    return "unknown error";
}

std::string Error::toString() const {
    std::string s(errorCodeName(code));
    if (!message.empty()) {
        s += ": ";
        s += message;
    }
    return s;
}

}  // namespace fieldcheck
