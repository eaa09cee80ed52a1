#include "cli.h"

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <sstream>

#include "args.h"
#include "command_context.h"
#include "fieldcheck/core/demo_data.h"
#include "fieldcheck/core/file_io.h"
#include "fieldcheck/core/replication.h"
#include "fieldcheck/core/store.h"
#include "fieldcheck/platform/passphrase_input.h"

namespace fieldcheck::cli {
namespace {


const char* kGlobalHelp = R"(fieldcheck — 正风巡检 command line: the encrypted device store, headless.

Usage: fieldcheck [global options] <command> [arguments] [options]

Commands:
  init                         create a new encrypted store
  passwd                       change the store's passphrase (re-wraps the key)
  demo                         create the store if needed and add the demo data set
  types                        list record types and their fields
  record TYPE FIELD=VALUE...   create a record
  update TYPE ID FIELD=VALUE...change fields of a record
  withdraw TYPE ID --reason R  withdraw a record (records are never deleted)
  list TYPE [FIELD=VALUE...]   list records, optionally filtered
  show TYPE ID                 show one record with its attachments and history
  attach TYPE ID FILE          seal a file into the store as evidence
  attachments [TYPE ID]        list attachments (all, or a record's) and how far each got to the server
  export-attachment ID OUT     decrypt an attachment to a file you name
  audit verify                 walk the audit hash chain; exit 3 on any problem
  audit log                    print the audit chain
  outbox                       list changes waiting for sync
  check                        integrity check of the database and the vault
  info                         store identity, schema and cipher versions

Global options:
  --db PATH            the store (default: $FIELDCHECK_DB)
  --passphrase-fd N    read the passphrase from file descriptor N
                       (else $FIELDCHECK_PASSPHRASE_FILE, else an interactive prompt;
                        never from the command line)
  --actor NAME         who is acting, for the audit chain (default: $FIELDCHECK_ACTOR or $USER)
  --json               machine-readable output (listing commands)
  --help               help for a command: fieldcheck <command> --help
)";

const std::map<std::string, std::string>& commandHelp() {
    static const std::map<std::string, std::string> h = {
        {"init", "fieldcheck init [--kdf-ops N] [--kdf-mem-kib N]\n"
                 "Creates a new encrypted store at --db. The passphrase is asked twice (or read once from\n"
                 "--passphrase-fd / $FIELDCHECK_PASSPHRASE_FILE). The Argon2id cost defaults to the\n"
                 "production setting; --kdf-ops/--kdf-mem-kib lower or raise it (recorded in the keyring).\n"},
        {"passwd", "fieldcheck passwd [--new-passphrase-fd N] [--kdf-ops N] [--kdf-mem-kib N]\n"
                   "Changes the passphrase: the database key is re-wrapped, the database is not re-encrypted.\n"
                   "The new passphrase comes from --new-passphrase-fd, $FIELDCHECK_NEW_PASSPHRASE_FILE or a prompt.\n"},
        {"demo", "fieldcheck demo [--seed N] [--json] [--kdf-ops N] [--kdf-mem-kib N]\n"
                 "Creates the store if it does not exist, then adds the demo data set (one bureau, ~40 units,\n"
                 "one campaign, three inspection groups, ~200 complaints, self-inspections with zero reports).\n"},
        {"types", "fieldcheck types [--json]\nLists the record types, their fields, kinds and allowed values.\n"},
        {"record", "fieldcheck record TYPE FIELD=VALUE... [--json]\n"
                   "Creates a record; prints its id (or the record with --json). Example:\n"
                   "  fieldcheck record finding unit_id=<id> category=safety source=visit description=灭火器过期\n"},
        {"update", "fieldcheck update TYPE ID FIELD=VALUE... [--json]\nChanges fields; FIELD= (empty) clears one.\n"},
        {"withdraw", "fieldcheck withdraw TYPE ID --reason TEXT\nWithdraws a record with a reason; it stays in the store and the audit chain.\n"},
        {"list", "fieldcheck list TYPE [FIELD=VALUE...] [--active] [--limit N] [--offset N] [--json]\n"
                 "Lists records of a type, oldest first. --active leaves out withdrawn records.\n"},
        {"show", "fieldcheck show TYPE ID [--json]\nShows one record, its attachments and its audit history.\n"},
        {"attach", "fieldcheck attach TYPE ID FILE [--media-type TYPE] [--json]\n"
                   "Seals FILE into the store's encrypted vault as evidence of the record. The SHA-256 of the\n"
                   "original bytes is recorded. The original file is left where it is: delete it yourself.\n"},
        {"attachments", "fieldcheck attachments [TYPE ID] [--json]\nLists the device's attachments, or one record's, each with its state. Taken\nhere: queued (its metadata not sent yet), uploading (bytes the server has),\nuploaded, or rejected (with the server's reason). Received with a record from\nanother device: pending (not on the server yet), available, downloaded.\n"},
        {"export-attachment", "fieldcheck export-attachment ID OUTFILE\n"
                              "Decrypts an attachment, checks it against its recorded SHA-256 and writes it to OUTFILE\n"
                              "(which must not exist). The written copy is plaintext: handle it as confidential.\n"},
        {"audit", "fieldcheck audit verify [--json]\n"
                  "  Walks the audit hash chain. On an edited, deleted or reordered entry, or a record that does\n"
                  "  not match its last entry, names the first problem and exits with 3.\n"
                  "fieldcheck audit log [--from N] [--limit N] [--json]\n  Prints audit entries.\n"},
        {"outbox", "fieldcheck outbox [--limit N] [--json]\nLists changes waiting to be synced, in device order.\n"},
        {"check", "fieldcheck check [--quick] [--json]\n"
                  "The integrity check of the database and the vault: the database's pages, foreign keys and\n"
                  "counts, then every sealed file decrypted and compared with the SHA-256 recorded at capture\n"
                  "(progress on stderr; --quick skips the vault). Names each bad file; exit 1 on any problem.\n"
                  "Removes sealed files whose record never committed and temporary files of killed writers,\n"
                  "and says so.\n"},
        {"info", "fieldcheck info [--json]\nShows the store id, device id, schema version and SQLCipher version.\n"},
    };
    return h;
}

}  // namespace

Result<std::string> Cli::dbPath() {
    if (auto p = m_args.option("--db")) return *p;
    if (const char* env = std::getenv("FIELDCHECK_DB"); env != nullptr && *env != '\0') return std::string(env);
    return makeError(ErrorCode::InvalidArgument, "no store given: pass --db PATH or set FIELDCHECK_DB");
}

// A passphrase by the one rule (platform::readSecret); asked on the terminal, a new one is asked
// twice.
static Result<SecretBytes> askPassphrase(const Args& args, const std::string& fdOption, const char* envFile,
                                         const std::string& prompt, bool confirm) {
    const char* file = std::getenv(envFile);
    const bool onTerminal = !args.option(fdOption) && (file == nullptr || *file == '\0');
    auto first = platform::readSecret(args, fdOption, envFile, prompt);
    if (!first.ok() || !confirm || !onTerminal) return first;
    auto second = platform::promptPassphrase("Repeat 再输入一次: ");
    if (!second.ok()) return second.error();
    if (first->size() != second->size() || std::memcmp(first->data(), second->data(), first->size()) != 0) {
        return makeError(ErrorCode::InvalidArgument, "the two passphrases differ");
    }
    return first;
}

Result<SecretBytes> Cli::passphrase(bool confirm) {
    return askPassphrase(m_args, "--passphrase-fd", "FIELDCHECK_PASSPHRASE_FILE",
                         confirm ? "New passphrase 新口令: " : "Passphrase 口令: ", confirm);
}

Result<SecretBytes> Cli::newPassphrase() {
    return askPassphrase(m_args, "--new-passphrase-fd", "FIELDCHECK_NEW_PASSPHRASE_FILE", "New passphrase 新口令: ", true);
}

Result<KdfParams> Cli::kdfParams() {
    KdfParams p = KdfParams::interactive();
    if (auto ops = m_args.option("--kdf-ops")) {
        FC_ASSIGN_OR_RETURN(int64_t v, parseInt("--kdf-ops", *ops));
        if (v < 1) return makeError(ErrorCode::InvalidArgument, "--kdf-ops must be at least 1");
        p.opsLimit = static_cast<uint64_t>(v);
    }
    if (auto mem = m_args.option("--kdf-mem-kib")) {
        FC_ASSIGN_OR_RETURN(int64_t v, parseInt("--kdf-mem-kib", *mem));
        if (v < 8) return makeError(ErrorCode::InvalidArgument, "--kdf-mem-kib must be at least 8");
        p.memLimitBytes = static_cast<uint64_t>(v) * 1024;
    }
    // Below the production cost a stolen device's passphrase is that much cheaper to guess. Tests
    // and benchmarks lower it on purpose; nobody should by accident.
    const KdfParams production = KdfParams::interactive();
    if (p.opsLimit < production.opsLimit || p.memLimitBytes < production.memLimitBytes) {
        m_err << "fieldcheck: warning: the passphrase cost (--kdf-ops " << p.opsLimit << ", --kdf-mem-kib "
              << p.memLimitBytes / 1024 << ") is below the production setting (--kdf-ops " << production.opsLimit
              << ", --kdf-mem-kib " << production.memLimitBytes / 1024
              << "): whoever copies the store can try passphrases that much faster. Use it for tests only.\n";
    }
    return p;
}

StoreOptions Cli::options() {
    StoreOptions o;
    if (auto a = m_args.option("--actor")) {
        o.actor = *a;
    } else if (const char* env = std::getenv("FIELDCHECK_ACTOR"); env != nullptr && *env != '\0') {
        o.actor = env;
    } else if (const char* user = std::getenv("USER"); user != nullptr && *user != '\0') {
        o.actor = user;
    }
    return o;
}

Result<std::unique_ptr<Store>> Cli::openStore() {
    FC_ASSIGN_OR_RETURN(std::string path, dbPath());
    if (!fileExists(path)) {
        return makeError(ErrorCode::NotFound, "no store at '" + path + "' (create one with 'fieldcheck init')");
    }
    FC_ASSIGN_OR_RETURN(SecretBytes pass, passphrase(false));
    FC_ASSIGN_OR_RETURN(auto store, Store::open(path, pass, options()));
    // A device away from its server for longer than the office allows does nothing but sync.
    const std::string command = m_args.positional.empty() ? std::string() : m_args.positional[0];
    if (command != "sync" && command != "enroll") {
        FC_ASSIGN_OR_RETURN(auto locked, replication::offlineLock(*store));
        if (locked) return makeError(ErrorCode::Locked, *locked);
    }
    return store;
}

// FIELD=VALUE arguments → JSON object of strings; "FIELD=" means null (clear).
Result<nlohmann::json> Cli::fieldAssignments(size_t from) {
    nlohmann::json f = nlohmann::json::object();
    for (size_t i = from; i < m_args.positional.size(); ++i) {
        const std::string& a = m_args.positional[i];
        auto eq = a.find('=');
        if (eq == std::string::npos || eq == 0) {
            m_usageError = true;
            return makeError(ErrorCode::InvalidArgument, "argument " + std::to_string(i + 1) + " ('" + a +
                                                             "') is not FIELD=VALUE");
        }
        std::string value = a.substr(eq + 1);
        f[a.substr(0, eq)] = value.empty() ? nlohmann::json() : nlohmann::json(value);
    }
    return f;
}

Result<int64_t> Cli::intOption(const std::string& name, int64_t fallback) {
    auto v = m_args.option(name);
    if (!v) return fallback;
    return parseInt(name, *v);
}

void Cli::printRecordLine(const Record& r) {
    m_out << r.id;
    int shown = 0;
    const RecordTypeSpec* spec = findRecordType(r.type);
    for (const auto& f : spec->fields) {
        if (f.kind == FieldKind::Reference || f.sensitive || shown >= 4) continue;
        const auto& v = r.fields[f.name];
        if (v.is_null()) continue;
        std::string s = v.is_string() ? v.get<std::string>() : v.dump();
        if (s.size() > 60) s = s.substr(0, 57) + "...";
        m_out << "  " << s;
        ++shown;
    }
    if (r.withdrawn) m_out << "  [已撤回 withdrawn]";
    m_out << "\n";
}

void Cli::printRecord(const Record& r) {
    const RecordTypeSpec* spec = findRecordType(r.type);
    m_out << spec->labelZh << " " << r.type << " " << r.id << "\n";
    m_out << "  version " << r.version << ", created " << formatIsoUtc(r.createdMs) << " by " << r.createdBy
          << ", updated " << formatIsoUtc(r.updatedMs) << " by " << r.updatedBy << "\n";
    if (r.withdrawn) m_out << "  已撤回 withdrawn: " << r.withdrawnReason << "\n";
    for (const auto& f : spec->fields) {
        const auto& v = r.fields[f.name];
        m_out << "  " << f.labelZh << " (" << f.name << "): "
              << (v.is_null() ? "—" : v.is_string() ? v.get<std::string>() : v.dump()) << "\n";
    }
}

void Cli::printGlobalHelp(std::ostream& os) {
    os << kGlobalHelp;
    os << "\nMore commands:\n";
    for (const auto& c : extensionCommands()) os << "  " << c.synopsis << "\n";
}

int Cli::run() {
    if (m_args.positional.empty()) {
        if (m_args.flag("--help")) {
            printGlobalHelp(m_out);
            return kExitOk;
        }
        printGlobalHelp(m_err);
        return kExitUsage;
    }
    const std::string cmd = m_args.positional[0];
    const ExtensionCommand* extension = nullptr;
    for (const auto& c : extensionCommands()) {
        if (cmd == c.name) extension = &c;
    }
    if (m_args.flag("--help")) {
        auto it = commandHelp().find(cmd);
        if (extension != nullptr) m_out << extension->help;
        else if (it != commandHelp().end()) m_out << it->second;
        else return usage("unknown command '" + cmd + "' (see fieldcheck --help)");
        return kExitOk;
    }
    if (extension != nullptr) return extension->run(*this);
    static const std::map<std::string, int (Cli::*)()> commands = {
        {"init", &Cli::cmdInit},
        {"passwd", &Cli::cmdPasswd},
        {"demo", &Cli::cmdDemo},
        {"types", &Cli::cmdTypes},
        {"record", &Cli::cmdRecord},
        {"update", &Cli::cmdUpdate},
        {"withdraw", &Cli::cmdWithdraw},
        {"list", &Cli::cmdList},
        {"show", &Cli::cmdShow},
        {"attach", &Cli::cmdAttach},
        {"attachments", &Cli::cmdAttachments},
        {"export-attachment", &Cli::cmdExportAttachment},
        {"audit", &Cli::cmdAudit},
        {"outbox", &Cli::cmdOutbox},
        {"check", &Cli::cmdCheck},
        {"info", &Cli::cmdInfo},
    };
    auto it = commands.find(cmd);
    if (it == commands.end()) return usage("unknown command '" + cmd + "' (see fieldcheck --help)");
    return (this->*(it->second))();
}

int Cli::cmdInit() {
    if (m_args.positional.size() != 1) return usage("init takes no arguments");
    auto path = dbPath();
    if (!path.ok()) return fail(path.error());
    auto kdf = kdfParams();
    if (!kdf.ok()) return fail(kdf.error());
    if (fileExists(path.value())) return fail(makeError(ErrorCode::AlreadyExists, "'" + path.value() + "' already exists"));
    auto pass = passphrase(true);
    if (!pass.ok()) return fail(pass.error());
    auto store = Store::create(path.value(), pass.value(), kdf.value(), options());
    if (!store.ok()) return fail(store.error());
    m_out << "created encrypted store " << path.value() << " (store " << store.value()->storeId() << ", SQLCipher "
          << store.value()->cipherVersion() << ")\n";
    return kExitOk;
}

int Cli::cmdPasswd() {
    if (m_args.positional.size() != 1) return usage("passwd takes no arguments");
    auto path = dbPath();
    if (!path.ok()) return fail(path.error());
    auto kdf = kdfParams();
    if (!kdf.ok()) return fail(kdf.error());
    auto oldPass = passphrase(false);
    if (!oldPass.ok()) return fail(oldPass.error());
    auto newPass = newPassphrase();
    if (!newPass.ok()) return fail(newPass.error());
    Status st = Store::changePassphrase(path.value(), oldPass.value(), newPass.value(), kdf.value(), options());
    if (!st.ok()) return fail(st.error());
    m_out << "passphrase changed (the database key was re-wrapped; the database itself is unchanged)\n";
    return kExitOk;
}

int Cli::cmdDemo() {
    if (m_args.positional.size() != 1) return usage("demo takes no arguments");
    auto path = dbPath();
    if (!path.ok()) return fail(path.error());
    uint64_t seed = 20260324;
    if (auto s = m_args.option("--seed")) {
        auto v = parseInt("--seed", *s);
        if (!v.ok()) return fail(v.error());
        seed = static_cast<uint64_t>(v.value());
    }
    std::unique_ptr<Store> store;
    if (fileExists(path.value())) {
        auto opened = openStore();
        if (!opened.ok()) return fail(opened.error());
        store = std::move(opened).value();
    } else {
        auto kdf = kdfParams();
        if (!kdf.ok()) return fail(kdf.error());
        auto pass = passphrase(true);
        if (!pass.ok()) return fail(pass.error());
        auto created = Store::create(path.value(), pass.value(), kdf.value(), options());
        if (!created.ok()) return fail(created.error());
        store = std::move(created).value();
    }
    auto sum = seedDemoData(*store, seed);
    if (!sum.ok()) return fail(sum.error());
    if (json()) {
        m_out << sum->toJson().dump() << "\n";
    } else {
        m_out << "demo data added to " << path.value() << ": " << sum->units << " units, " << sum->groups
              << " inspection groups, " << sum->complaints << " complaints, " << sum->selfInspections
              << " self-inspections (" << sum->zeroReports << " zero reports, " << sum->zeroReportsWithComplaints
              << " of them with complaints in the same month), " << sum->findings << " findings\n";
    }
    return kExitOk;
}

int Cli::cmdTypes() {
    nlohmann::json all = nlohmann::json::array();
    for (const auto& t : recordTypes()) {
        nlohmann::json fields = nlohmann::json::array();
        for (const auto& f : t.fields) {
            nlohmann::json jf = {{"name", f.name}, {"kind", fieldKindName(f.kind)}, {"label", f.labelZh},
                                 {"required", f.required}, {"sensitive", f.sensitive}};
            if (!f.refType.empty()) jf["references"] = f.refType;
            if (!f.choices.empty()) {
                for (const auto& c : f.choices) jf["choices"].push_back({{"value", c.value}, {"label", c.labelZh}});
            }
            fields.push_back(jf);
        }
        all.push_back({{"type", t.name}, {"label", t.labelZh}, {"fields", fields}});
    }
    if (json()) {
        m_out << all.dump() << "\n";
        return kExitOk;
    }
    for (const auto& t : recordTypes()) {
        m_out << t.name << " — " << t.labelZh << "\n";
        for (const auto& f : t.fields) {
            m_out << "  " << f.name << " (" << fieldKindName(f.kind) << (f.required ? ", required" : "")
                  << (f.sensitive ? ", sensitive" : "") << (f.refType.empty() ? "" : ", → " + f.refType) << ") "
                  << f.labelZh;
            if (!f.choices.empty()) {
                m_out << ": ";
                for (size_t i = 0; i < f.choices.size(); ++i) m_out << (i ? ", " : "") << f.choices[i].value;
            }
            m_out << "\n";
        }
    }
    return kExitOk;
}

int Cli::cmdRecord() {
    if (m_args.positional.size() < 2) return usage("usage: fieldcheck record TYPE FIELD=VALUE...");
    auto fields = fieldAssignments(2);
    if (!fields.ok()) return fail(fields.error());
    auto store = openStore();
    if (!store.ok()) return fail(store.error());
    auto r = store.value()->createRecord(m_args.positional[1], fields.value());
    if (!r.ok()) return fail(r.error());
    if (json()) m_out << r->toJson().dump() << "\n";
    else m_out << r->id << "\n";
    return kExitOk;
}

int Cli::cmdUpdate() {
    if (m_args.positional.size() < 4) return usage("usage: fieldcheck update TYPE ID FIELD=VALUE...");
    auto fields = fieldAssignments(3);
    if (!fields.ok()) return fail(fields.error());
    auto store = openStore();
    if (!store.ok()) return fail(store.error());
    auto r = store.value()->updateRecord(m_args.positional[1], m_args.positional[2], fields.value());
    if (!r.ok()) return fail(r.error());
    if (json()) m_out << r->toJson().dump() << "\n";
    else m_out << r->id << " version " << r->version << "\n";
    return kExitOk;
}

int Cli::cmdWithdraw() {
    if (m_args.positional.size() != 3) return usage("usage: fieldcheck withdraw TYPE ID --reason TEXT");
    auto reason = m_args.option("--reason");
    if (!reason) return usage("withdraw needs --reason TEXT: a withdrawal without a reason is not accepted");
    auto store = openStore();
    if (!store.ok()) return fail(store.error());
    auto r = store.value()->withdrawRecord(m_args.positional[1], m_args.positional[2], *reason);
    if (!r.ok()) return fail(r.error());
    m_out << r->id << " withdrawn\n";
    return kExitOk;
}

int Cli::cmdList() {
    if (m_args.positional.size() < 2) return usage("usage: fieldcheck list TYPE [FIELD=VALUE...]");
    ListQuery q;
    auto filters = fieldAssignments(2);
    if (!filters.ok()) return fail(filters.error());
    for (auto it = filters->begin(); it != filters->end(); ++it) {
        q.equals[it.key()] = it->is_null() ? std::string() : it->get<std::string>();
    }
    q.includeWithdrawn = !m_args.flag("--active");
    if (auto l = m_args.option("--limit")) {
        auto v = parseInt("--limit", *l);
        if (!v.ok()) return fail(v.error());
        q.limit = v.value();
    }
    if (auto o = m_args.option("--offset")) {
        auto v = parseInt("--offset", *o);
        if (!v.ok()) return fail(v.error());
        q.offset = v.value();
    }
    auto store = openStore();
    if (!store.ok()) return fail(store.error());
    auto rows = store.value()->listRecords(m_args.positional[1], q);
    if (!rows.ok()) return fail(rows.error());
    if (json()) {
        nlohmann::json arr = nlohmann::json::array();
        for (const auto& r : rows.value()) arr.push_back(r.toJson());
        m_out << arr.dump() << "\n";
    } else {
        for (const auto& r : rows.value()) printRecordLine(r);
        m_err << rows->size() << " " << m_args.positional[1] << " record(s)\n";
    }
    return kExitOk;
}

int Cli::cmdShow() {
    if (m_args.positional.size() != 3) return usage("usage: fieldcheck show TYPE ID");
    auto store = openStore();
    if (!store.ok()) return fail(store.error());
    auto r = store.value()->getRecord(m_args.positional[1], m_args.positional[2]);
    if (!r.ok()) return fail(r.error());
    auto atts = store.value()->attachmentsOf(r->type, r->id);
    if (!atts.ok()) return fail(atts.error());
    if (json()) {
        nlohmann::json j = r->toJson();
        j["attachments"] = nlohmann::json::array();
        for (const auto& a : atts.value()) j["attachments"].push_back(a.toJson());
        m_out << j.dump() << "\n";
        return kExitOk;
    }
    printRecord(r.value());
    for (const auto& a : atts.value()) {
        m_out << "  附件 attachment " << a.id << ": " << a.fileName << " (" << a.mediaType << ", " << a.sizeBytes
              << " bytes, sha256 " << a.sha256 << ")\n";
    }
    return kExitOk;
}

int Cli::cmdAttach() {
    if (m_args.positional.size() != 4) return usage("usage: fieldcheck attach TYPE ID FILE");
    const std::string file = m_args.positional[3];
    std::string mediaType = m_args.option("--media-type").value_or("");
    if (mediaType.empty()) {
        auto ext = file.substr(file.find_last_of('.') == std::string::npos ? file.size() : file.find_last_of('.'));
        static const std::map<std::string, std::string> byExt = {
            {".jpg", "image/jpeg"}, {".jpeg", "image/jpeg"}, {".png", "image/png"}, {".pdf", "application/pdf"},
            {".m4a", "audio/mp4"},  {".mp3", "audio/mpeg"},  {".txt", "text/plain"}};
        auto it = byExt.find(ext);
        mediaType = it != byExt.end() ? it->second : "application/octet-stream";
    }
    auto store = openStore();
    if (!store.ok()) return fail(store.error());
    auto a = store.value()->attachFile(m_args.positional[1], m_args.positional[2], file, mediaType);
    if (!a.ok()) return fail(a.error());
    if (json()) m_out << a->toJson().dump() << "\n";
    else m_out << a->id << " sha256 " << a->sha256 << "\n";
    return kExitOk;
}

int Cli::cmdAttachments() {
    const auto& p = m_args.positional;
    if (p.size() != 1 && p.size() != 3) return usage("usage: fieldcheck attachments [TYPE ID]");
    auto store = openStore();
    if (!store.ok()) return fail(store.error());
    auto atts = p.size() == 3 ? replication::attachmentSyncStates(*store.value(), p[1], p[2])
                              : replication::attachmentSyncStates(*store.value());
    if (!atts.ok()) return fail(atts.error());
    if (json()) {
        nlohmann::json arr = nlohmann::json::array();
        for (const auto& a : atts.value()) arr.push_back(a.toJson());
        m_out << arr.dump() << "\n";
        return kExitOk;
    }
    static const std::map<std::string, std::string> kStateNames = {
        {"queued", "待上传 queued"},   {"uploading", "上传中 uploading"}, {"uploaded", "已上传 uploaded"}, {"rejected", "被拒绝 rejected"},
        {"pending", "待对方上传 pending"}, {"available", "可下载 available"}, {"downloaded", "已下载 downloaded"}};
    for (const auto& s : atts.value()) {
        const Attachment& a = s.attachment;
        m_out << a.id << "  " << a.fileName << "  " << a.mediaType << "  " << a.sizeBytes << " bytes  " << a.sha256;
        if (p.size() == 1) m_out << "  " << a.recordType << " " << a.recordId;
        m_out << "  " << kStateNames.at(s.state);
        if (s.state == "uploading") m_out << " " << s.bytesDone << "/" << a.sizeBytes;
        if (!s.reason.empty()) m_out << ": " << s.reason;
        m_out << "\n";
    }
    return kExitOk;
}

int Cli::cmdExportAttachment() {
    if (m_args.positional.size() != 3) return usage("usage: fieldcheck export-attachment ID OUTFILE");
    const std::string out = m_args.positional[2];
    if (fileExists(out)) return fail(makeError(ErrorCode::AlreadyExists, "'" + out + "' exists; refusing to overwrite it"));
    auto store = openStore();
    if (!store.ok()) return fail(store.error());
    // Streamed into a temporary file beside OUTFILE, renamed into place only once the whole
    // attachment is checked: a damaged one leaves no partial file.
    auto staged = StagedFile::create(out);
    if (!staged.ok()) return fail(staged.error());
    int64_t written = 0;
    Status st = store.value()->exportAttachment(m_args.positional[1], [&](const uint8_t* data, size_t size) {
        written += static_cast<int64_t>(size);
        return staged->write(data, size);
    });
    if (st.ok()) st = staged->sync();
    if (st.ok()) st = staged->commit();
    if (!st.ok()) return fail(st.error());
    m_out << "wrote " << written << " bytes to " << out << " (hash verified)\n";
    return kExitOk;
}

int Cli::cmdAudit() {
    if (m_args.positional.size() != 2) return usage("usage: fieldcheck audit verify|log");
    const std::string sub = m_args.positional[1];
    if (sub != "verify" && sub != "log") return usage("unknown audit command '" + sub + "' (verify or log)");
    auto store = openStore();
    if (!store.ok()) return fail(store.error());
    if (sub == "log") {
        int64_t from = 1, limit = -1;
        if (auto f = m_args.option("--from")) {
            auto v = parseInt("--from", *f);
            if (!v.ok()) return fail(v.error());
            from = v.value();
        }
        if (auto l = m_args.option("--limit")) {
            auto v = parseInt("--limit", *l);
            if (!v.ok()) return fail(v.error());
            limit = v.value();
        }
        auto entries = store.value()->auditEntries(from, limit);
        if (!entries.ok()) return fail(entries.error());
        if (json()) {
            nlohmann::json arr = nlohmann::json::array();
            for (const auto& e : entries.value()) arr.push_back(e.toJson());
            m_out << arr.dump() << "\n";
        } else {
            for (const auto& e : entries.value()) {
                m_out << e.seq << "  " << formatIsoUtc(e.atMs) << "  " << e.actor << "  " << e.action << "  "
                      << e.recordType << " " << e.recordId << "  " << e.entryHash.substr(0, 16) << "\n";
            }
        }
        return kExitOk;
    }
    auto report = store.value()->verifyAudit();
    if (!report.ok()) return fail(report.error());
    if (json()) {
        nlohmann::json problems = nlohmann::json::array();
        for (const auto& p : report->problems) problems.push_back({{"seq", p.seq}, {"kind", p.kind}, {"message", p.message}});
        m_out << nlohmann::json{{"ok", report->ok()}, {"entries", report->entries}, {"problems", problems}}.dump() << "\n";
    } else if (report->ok()) {
        m_out << "audit chain ok: " << report->entries << " entries, every record matches its last entry\n";
    }
    if (!report->ok()) {
        const auto& first = report->problems.front();
        m_err << "fieldcheck: audit verification FAILED at entry " << first.seq << ": " << first.message << "\n";
        for (size_t i = 1; i < report->problems.size() && i < 20; ++i) m_err << "  also: " << report->problems[i].message << "\n";
        return kExitAuditProblems;
    }
    return kExitOk;
}

int Cli::cmdOutbox() {
    int64_t limit = -1;
    if (auto l = m_args.option("--limit")) {
        auto v = parseInt("--limit", *l);
        if (!v.ok()) return fail(v.error());
        limit = v.value();
    }
    auto store = openStore();
    if (!store.ok()) return fail(store.error());
    auto entries = store.value()->pendingOutbox(limit);
    if (!entries.ok()) return fail(entries.error());
    if (json()) {
        nlohmann::json arr = nlohmann::json::array();
        for (const auto& e : entries.value()) {
            arr.push_back({{"seq", e.seq}, {"op_id", e.opId}, {"audit_seq", e.auditSeq}, {"action", e.action},
                           {"record_type", e.recordType}, {"record_id", e.recordId},
                           {"base_version", e.baseVersion}, {"payload", e.payload}, {"created_at", e.createdMs}});
        }
        m_out << arr.dump() << "\n";
    } else {
        for (const auto& e : entries.value()) {
            m_out << e.seq << "  " << e.action << "  " << e.recordType << " " << e.recordId << "  op " << e.opId << "\n";
        }
        m_err << entries->size() << " change(s) waiting for sync\n";
    }
    return kExitOk;
}

int Cli::cmdCheck() {
    auto store = openStore();
    if (!store.ok()) return fail(store.error());
    IntegrityOptions options;
    options.verifyVault = !m_args.flag("--quick");
    // Progress on stderr about once a second, and at the end.
    auto lastReport = std::chrono::steady_clock::now();
    options.progress = [&](const VaultProgress& p) {
        const auto now = std::chrono::steady_clock::now();
        if (p.filesDone != p.filesTotal && now - lastReport < std::chrono::seconds(1)) return;
        lastReport = now;
        m_err << "vault: " << p.filesDone << "/" << p.filesTotal << " sealed files checked ("
              << p.bytesDone / (1024 * 1024) << " MiB)\n";
    };
    IntegrityReport report;
    Status st = store.value()->checkIntegrity(options, &report);
    if (json()) {
        nlohmann::json problems = nlohmann::json::array();
        for (const auto& p : report.vaultProblems) {
            problems.push_back({{"attachment_id", p.attachmentId}, {"file_name", p.fileName}, {"record_type", p.recordType},
                                {"record_id", p.recordId}, {"kind", p.kind}, {"message", p.message}});
        }
        m_out << nlohmann::json{{"ok", st.ok()},
                                {"error", st.ok() ? nlohmann::json() : nlohmann::json(st.error().message)},
                                {"vault_checked", options.verifyVault},
                                {"sealed_files", report.vault.filesTotal},
                                {"sealed_files_checked", report.vault.filesDone},
                                {"bytes_checked", report.vault.bytesDone},
                                {"vault_problems", problems},
                                {"orphans_removed", report.orphansRemoved},
                                {"leftovers_removed", report.leftoversRemoved}}
                     .dump()
              << "\n";
    }
    for (const auto& name : report.leftoversRemoved) {
        m_err << "removed a temporary file a killed writer left behind: " << name << "\n";
    }
    for (const auto& name : report.orphansRemoved) {
        m_err << "removed a sealed file whose record never committed: " << name << "\n";
    }
    if (!st.ok()) {
        for (const auto& p : report.vaultProblems) m_err << "BAD " << p.kind << ": " << p.message << "\n";
        return fail(st.error());
    }
    if (!json()) {
        m_out << "integrity ok: database";
        if (options.verifyVault) {
            m_out << " and " << report.vault.filesTotal << " sealed files (" << report.vault.bytesDone << " bytes) verified\n";
        } else {
            m_out << " (vault not checked: --quick)\n";
        }
    }
    return kExitOk;
}

int Cli::cmdInfo() {
    auto store = openStore();
    if (!store.ok()) return fail(store.error());
    const Store& s = *store.value();
    nlohmann::json j = {{"path", s.path()}, {"store_id", s.storeId()}, {"device_id", s.deviceId()},
                        {"schema_version", s.schemaVersion()}, {"sqlcipher", s.cipherVersion()}};
    for (const auto& t : recordTypes()) {
        auto n = store.value()->countRecords(t.name);
        if (!n.ok()) return fail(n.error());
        j["counts"][t.name] = n.value();
    }
    if (json()) {
        m_out << j.dump() << "\n";
    } else {
        m_out << "store " << s.storeId() << " at " << s.path() << "\ndevice " << s.deviceId() << "\nschema version "
              << s.schemaVersion() << ", SQLCipher " << s.cipherVersion() << "\n";
        for (auto it = j["counts"].begin(); it != j["counts"].end(); ++it) m_out << "  " << it.key() << ": " << it.value() << "\n";
    }
    return kExitOk;
}

int run(int argc, char** argv, std::ostream& out, std::ostream& err) {
    static const std::set<std::string> valueOptions = {
        "--db", "--passphrase-fd", "--new-passphrase-fd", "--actor", "--reason", "--limit", "--offset",
        "--seed", "--kdf-ops", "--kdf-mem-kib", "--media-type", "--from"};
    static const std::set<std::string> flagOptions = {"--json", "--help", "--active", "--quick"};
    std::set<std::string> values = valueOptions, flags = flagOptions;
    values.insert(extensionValueOptions().begin(), extensionValueOptions().end());
    flags.insert(extensionFlagOptions().begin(), extensionFlagOptions().end());
    auto args = parseArgs(argc, argv, values, flags);
    if (!args.ok()) {
        err << "fieldcheck: " << args.error().message << "\n";
        return kExitUsage;
    }
    Cli cli(std::move(args).value(), out, err);
    return cli.run();
}

}  // namespace fieldcheck::cli
