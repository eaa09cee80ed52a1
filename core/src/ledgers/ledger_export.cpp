// Writing a ledger to its file: a temporary name beside the target, synced, then renamed — never
// a half-written ledger, and never over an existing file unless asked.
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <functional>

#include "fieldcheck/core/crypto.h"
#include "fieldcheck/core/file_io.h"
#include "ledger_internal.h"
#include "values.h"

namespace fieldcheck {
namespace {

Error osError(const std::string& what, const std::string& path) {
    return makeError(ErrorCode::IoError, what + " '" + path + "': " + std::strerror(errno));
}

std::string directoryOf(const std::string& path) {
    std::string dir = std::filesystem::path(path).parent_path().string();
    return dir.empty() ? "." : dir;
}

Status checkTarget(const std::string& path, bool force) {
    struct stat sb {};
    if (::stat(path.c_str(), &sb) == 0) {
        if (S_ISDIR(sb.st_mode))
            return makeError(ErrorCode::InvalidArgument, "'" + path + "' is a directory");
        if (!force) {
            return makeError(
                ErrorCode::AlreadyExists,
                "'" + path + "' already exists; refusing to overwrite it (--force replaces it)");
        }
    }
    struct stat db {};
    const std::string dir = directoryOf(path);
    if (::stat(dir.c_str(), &db) != 0 || !S_ISDIR(db.st_mode)) {
        return makeError(ErrorCode::NotFound, "the directory '" + dir + "' does not exist");
    }
    return {};
}

// Moves the finished temporary file to `path`: atomically replacing it with `force`, otherwise
// failing if it appeared meanwhile (renameat2 RENAME_NOREPLACE, or link where unsupported).
Status publish(const std::string& tmp, const std::string& path, bool force) {
    int fd = ::open(tmp.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return osError("cannot reopen", tmp);
    const int synced = ::fsync(fd);
    ::close(fd);
    if (synced != 0) return osError("cannot sync", tmp);
    if (force) {
        if (::rename(tmp.c_str(), path.c_str()) != 0)
            return osError("cannot move the ledger to", path);
    } else if (::renameat2(AT_FDCWD, tmp.c_str(), AT_FDCWD, path.c_str(), RENAME_NOREPLACE) != 0) {
        if (errno == EEXIST) {
            return makeError(
                ErrorCode::AlreadyExists,
                "'" + path + "' already exists; refusing to overwrite it (--force replaces it)");
        }
        if (errno != EINVAL && errno != ENOSYS) return osError("cannot move the ledger to", path);
        if (::link(tmp.c_str(), path.c_str()) != 0) {
            if (errno == EEXIST) {
                return makeError(
                    ErrorCode::AlreadyExists,
                    "'" + path +
                        "' already exists; refusing to overwrite it (--force replaces it)");
            }
            return osError("cannot move the ledger to", path);
        }
        ::unlink(tmp.c_str());
    }
    return syncParentDirectory(path);
}

// Runs `produce` against a writer for a fresh temporary file beside `path`, then publishes it. The
// temporary file is a StagedFile (locked while this process lives), so the leftover of an export
// that was killed — plaintext, personal data perhaps, in the user's folder — is found and removed
// by the next export to the same name.
Status writeViaTemporary(const std::string& path, const ExportOptions& options,
                         const std::function<Status(detail::LedgerSink&)>& produce) {
    FC_TRY(checkTarget(path, options.force));
    const std::string dir = directoryOf(path);
    const std::string name = std::filesystem::path(path).filename().string();
    FC_TRY(sweepStaleTemporaries(dir, [&](const std::string& entry) { return isTemporaryNameOf(entry, name); }));
    FC_ASSIGN_OR_RETURN(StagedFile staged, StagedFile::create(path));  // mode 0600: a ledger may hold personal data
    const std::string tmp = staged.tempPath();
    Status st;
    {
        auto sink = options.format == LedgerFormat::Xlsx ? detail::makeXlsxSink(tmp, dir)
                                                         : detail::makeCsvSink(tmp);
        st = produce(*sink);
    }
    if (st.ok()) st = publish(tmp, path, options.force);
    if (!st.ok()) ::unlink(tmp.c_str());
    return st;  // `staged` unlocks; its name is gone (published) or removed
}

}  // namespace

namespace detail {

bool parseLedgerMoney(const std::string& text, int64_t& fen) {
    auto v = parseMoneyFen(text);
    if (!v.ok()) return false;
    fen = v.value();
    return true;
}

bool parseLedgerDate(const std::string& text, int& y, int& m, int& d) {
    if (!isValidDate(text)) return false;
    y = std::stoi(text.substr(0, 4));
    m = std::stoi(text.substr(5, 2));
    d = std::stoi(text.substr(8, 2));
    return true;
}

}  // namespace detail

Result<LedgerFormat> parseLedgerFormat(const std::string& name) {
    if (name == "xlsx") return LedgerFormat::Xlsx;
    if (name == "csv") return LedgerFormat::Csv;
    return makeError(ErrorCode::InvalidArgument, "unknown format '" + name + "' (xlsx, csv)");
}

nlohmann::json ExportResult::toJson() const {
    return {{"kind", kind}, {"path", path},       {"format", format},
            {"rows", rows}, {"columns", columns}, {"with_sensitive", withSensitive}};
}

Result<ExportResult> exportLedger(Store& store, const std::string& kind, const std::string& path,
                                  const LedgerOptions& options,
                                  const ExportOptions& exportOptions) {
    if (ledgerTitleZh(kind).empty()) {
        std::string known;
        for (const auto& k : ledgerKinds()) known += (known.empty() ? "" : ", ") + k;
        return makeError(ErrorCode::InvalidArgument,
                         "unknown ledger '" + kind + "' (ledgers: " + known + ")");
    }
    ExportResult result;
    result.kind = kind;
    result.path = path;
    result.format = exportOptions.format == LedgerFormat::Xlsx ? "xlsx" : "csv";
    result.withSensitive = options.withSensitive;

    // Notes the headers on their way to the writer.
    class Tap : public detail::LedgerSink {
    public:
        Tap(detail::LedgerSink& next, ExportResult& r) : m_next(next), m_r(r) {}
        Status begin(const std::string& k, const std::string& t,
                     const std::vector<LedgerColumn>& columns) override {
            for (const auto& c : columns) m_r.columns.push_back(c.titleZh);
            return m_next.begin(k, t, columns);
        }
        Status row(const std::vector<std::string>& cells) override { return m_next.row(cells); }
        Status finish() override { return m_next.finish(); }

    private:
        detail::LedgerSink& m_next;
        ExportResult& m_r;
    };

    FC_TRY(writeViaTemporary(path, exportOptions, [&](detail::LedgerSink& sink) -> Status {
        Tap tap(sink, result);
        FC_ASSIGN_OR_RETURN(result.rows, detail::streamLedger(store, kind, options, tap));
        return {};
    }));
    // Who exported what (and whether with personal data) goes into the audit chain, with the
    // SHA-256 of the file, so that a copy found later can be traced to its export. An export that
    // cannot be recorded is not left behind.
    auto bytes = readWholeFile(path);
    Status recorded = bytes.ok() ? Status() : Status(bytes.error());
    if (recorded.ok()) {
        recorded = store.recordEvent("export", "ledger", kind,
                                     {{"kind", kind},
                                      {"format", result.format},
                                      {"rows", result.rows},
                                      {"with_sensitive", result.withSensitive},
                                      {"file_name", std::filesystem::path(path).filename().string()},
                                      {"sha256", sha256Hex(bytes->data(), bytes->size())}});
    }
    if (!recorded.ok()) {
        ::unlink(path.c_str());
        return makeError(recorded.error().code, "the export could not be recorded in the audit chain, so it was removed: " +
                                                    recorded.error().message);
    }
    return result;
}

Status writeLedger(const Ledger& ledger, const std::string& path,
                   const ExportOptions& exportOptions) {
    return writeViaTemporary(path, exportOptions, [&](detail::LedgerSink& sink) -> Status {
        FC_TRY(sink.begin(ledger.kind,
                          ledger.titleZh.empty() ? ledgerTitleZh(ledger.kind) : ledger.titleZh,
                          ledger.columns));
        for (const auto& row : ledger.rows) FC_TRY(sink.row(row));
        return sink.finish();
    });
}

}  // namespace fieldcheck
