// What every `fieldcheck` command gets: its parsed arguments, the output streams and the shared
// helpers (open the store with the passphrase from fd/file/prompt, parse FIELD=VALUE arguments,
// report errors with the right exit code). Command groups other than the core ones live in their
// own files and are listed in command_table.cpp.
#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "args.h"
#include "fieldcheck/core/store.h"

namespace fieldcheck::cli {

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;
constexpr int kExitAuditProblems = 3;

class Cli {
public:
    Cli(Args args, std::ostream& out, std::ostream& err) : m_args(std::move(args)), m_out(out), m_err(err) {}
    int run();

    // --- for commands -------------------------------------------------------------------------
    const Args& args() const { return m_args; }
    std::ostream& out() { return m_out; }
    std::ostream& err() { return m_err; }
    bool json() const { return m_args.flag("--json"); }
    // Prints "fieldcheck: <error>" and returns the exit code for it.
    int fail(const Error& e) {
        m_err << "fieldcheck: " << e.toString() << "\n";
        return e.code == ErrorCode::InvalidArgument && m_usageError ? kExitUsage : kExitFailed;
    }
    int usage(const std::string& msg) {
        m_err << "fieldcheck: " << msg << "\n";
        return kExitUsage;
    }
    Result<std::string> dbPath();
    // Opens the store at --db / FIELDCHECK_DB with the passphrase from --passphrase-fd,
    // FIELDCHECK_PASSPHRASE_FILE or the terminal.
    Result<std::unique_ptr<Store>> openStore();
    StoreOptions options();
    // positional[from..] as FIELD=VALUE → JSON object of strings ("FIELD=" → null).
    Result<nlohmann::json> fieldAssignments(size_t from);
    // --name N as an integer, or `fallback` when absent.
    Result<int64_t> intOption(const std::string& name, int64_t fallback);
    void printRecordLine(const Record& r);
    void printRecord(const Record& r);

private:
    void printGlobalHelp(std::ostream& os);
    Result<SecretBytes> passphrase(bool confirm);
    Result<SecretBytes> newPassphrase();
    Result<KdfParams> kdfParams();

    int cmdInit();
    int cmdPasswd();
    int cmdDemo();
    int cmdTypes();
    int cmdRecord();
    int cmdUpdate();
    int cmdWithdraw();
    int cmdList();
    int cmdShow();
    int cmdAttach();
    int cmdAttachments();
    int cmdExportAttachment();
    int cmdAudit();
    int cmdOutbox();
    int cmdCheck();
    int cmdInfo();

    Args m_args;
    std::ostream& m_out;
    std::ostream& m_err;
    bool m_usageError = false;
};

// A command defined outside cli.cpp.
struct ExtensionCommand {
    const char* name;      // "draw"
    const char* synopsis;  // one line for `fieldcheck --help`
    const char* help;      // `fieldcheck draw --help`
    int (*run)(Cli& cli);
};

// All extension commands (command_table.cpp). Options they take must also be listed in
// extensionValueOptions()/extensionFlagOptions() so the parser accepts them.
const std::vector<ExtensionCommand>& extensionCommands();
const std::vector<std::string>& extensionValueOptions();
const std::vector<std::string>& extensionFlagOptions();

}  // namespace fieldcheck::cli
