// fieldcheck-server — the central server: serves devices over HTTP and administers accounts,
// groups and assignments. Run `fieldcheck-server --help`.
#include <signal.h>

#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <thread>

#include "fieldcheck/core/permissions.h"
#include "fieldcheck/core/store.h"
#include "fieldcheck/platform/args.h"
#include "fieldcheck/platform/passphrase_input.h"
#include "src/config.h"
#include "src/http_api.h"
#include "src/log.h"
#include "src/password.h"
#include "src/sync_storage.h"
#include "src/tls_pins.h"

using namespace fieldcheck;
using namespace fieldcheck::server;
using json = nlohmann::json;

namespace {

const char* kHelp = R"(fieldcheck-server — 正风巡检 central server

usage:
  fieldcheck-server init --db PATH [--demo] [--passphrase-fd N] [--demo-password-fd M]
        create the server database (encrypted); --demo adds the demo data set and an account
        for every demo person, all with the password read from --demo-password-fd
  fieldcheck-server serve [--config FILE] [--db PATH] [--port N] [--passphrase-fd N]
                          [--tls-cert CERT.pem --tls-key KEY.pem]
        serve devices; prints "listening on HOST:PORT". Plain HTTP on loopback only; with
        --tls-cert/--tls-key the server speaks TLS itself and may listen on any address
  fieldcheck-server pin CERT.pem
        the pin of the certificate's public key (sha256//…), for the enrolment file
  fieldcheck-server enrolment-file --url https://HOST:PORT --pins PIN,BACKUP_PIN [--ca CA.pem]
        the file devices enrol with (server URL, the office CA, the pins), on standard output
  fieldcheck-server admin COMMAND --db PATH [--passphrase-fd N] ...
      add-user --user NAME --name 姓名 --role ROLE [--group CODE] [--unit CODE] [--password-fd M]
      users                       list accounts
      devices                     list enrolled devices
      revoke-device DEVICE_ID     the device's token stops working at once; its next contact gets a
                                  wipe order (it erases its store, vault and keys and says so)
      add-group --campaign CODE --code CODE --name 名称 [--leader 姓名]
      assign --group CODE --unit CODE --task visit|spot_check|petition_followup|clue_screening
             [--campaign CODE] [--period YYYY-MM] [--due YYYY-MM-DD]
      unassign --group CODE --unit CODE      take the unit from the group: cancel its open assignments
                                  and withdraw its done ones (devices purge it at the next sync)
      set-user --user NAME [--group CODE] [--unit CODE]   move a member to another group or a
                                  liaison to another unit (devices follow at the next sync)
      renew-tokens --device ID | --all   each device named asks for a new token at its next sync;
                                  its old token works until the new one is first used
      rotate-receipt-key          sign push receipts with a new key from now on; the old key signs
                                  the new one for devices to follow, then is erased
      audit-flags                 gaps, forks and edits found in devices' audit chains
      verify                      check the server's own audit chain
      dump --as USER              what USER's devices should hold (canonical form, for tests)
      restored                    after restoring a backup, before serving it: every device reads its
                                  whole scope again at its next sync (docs/operations.md, "Backups")
      migrate-to-postgres --to postgresql://USER@HOST:PORT/DB
                                  copy this embedded database into an empty PostgreSQL database
                                  and check the copy (every record, op, blob and audit entry)

PostgreSQL: --db postgresql://USER@HOST:PORT/DB (init, serve, admin) keeps everything in PostgreSQL
instead of the encrypted file; any number of `serve` processes may share one database. The
password comes from PGPASSFILE or ~/.pgpass, never from the URI (docs/operations.md).

roles: inspector group_leader unit_liaison leader_in_charge discipline_inspector party_committee
The database passphrase comes from --passphrase-fd, FIELDCHECK_PASSPHRASE_FILE or the terminal;
passwords from --password-fd or the terminal. Never on the command line.
Options: --json for machine-readable output, --kdf-test (tests only: the weakest key derivation).
)";

// The database passphrase may come from FIELDCHECK_PASSPHRASE_FILE; passwords only from an fd or
// the terminal.
Result<SecretBytes> secretFrom(const platform::Args& args, const std::string& fdOption, const std::string& prompt) {
    return platform::readSecret(args, fdOption, fdOption == "--passphrase-fd" ? "FIELDCHECK_PASSPHRASE_FILE" : nullptr, prompt);
}

int fail(const Error& e) {
    std::cerr << "fieldcheck-server: " << e.toString() << "\n";
    return e.code == ErrorCode::InvalidArgument ? 2 : 1;
}

Result<std::string> required(const platform::Args& args, const std::string& name) {
    auto v = args.option(name);
    if (!v || v->empty()) return makeError(ErrorCode::InvalidArgument, "missing " + name);
    return *v;
}

// A PostgreSQL database named by a URI (postgresql:// or postgres://), rather than a file.
bool isPostgres(const std::string& db) { return db.rfind("postgresql://", 0) == 0 || db.rfind("postgres://", 0) == 0; }

// A URI with a password would put it in argv, the config file and the logs: refused.
Status checkPostgresUri(const std::string& uri) {
    const size_t start = uri.find("://") + 3;
    const size_t at = uri.find('@', start);
    const size_t slash = uri.find('/', start);
    const bool passwordInUserInfo = at != std::string::npos && (slash == std::string::npos || at < slash) &&
                                    uri.substr(start, at - start).find(':') != std::string::npos;
    if (passwordInUserInfo || uri.find("password=") != std::string::npos) {
        return makeError(ErrorCode::InvalidArgument, "the PostgreSQL URI carries a password: put it in a .pgpass file (PGPASSFILE) instead, "
                                                     "so that it never appears on a command line or in a log");
    }
    return {};
}

Result<std::unique_ptr<SyncStorage>> openStorage(const platform::Args& args, const std::string& path, StorageOptions options = {}) {
    if (isPostgres(path)) {
        FC_TRY(checkPostgresUri(path));
        return SyncStorage::openPostgres(path, options);
    }
    FC_ASSIGN_OR_RETURN(SecretBytes pass, secretFrom(args, "--passphrase-fd", "Server database passphrase 服务器数据库口令: "));
    return SyncStorage::open(path, pass, options);
}

// Where a database is, for messages and logs: a PostgreSQL URI as given (it has no password).
std::string describeDatabase(const std::string& db) { return isPostgres(db) ? db : "the server database " + db; }

int cmdInit(const platform::Args& args) {
    auto path = required(args, "--db");
    if (!path.ok()) return fail(path.error());
    const bool postgres = isPostgres(path.value());
    if (postgres) {
        if (Status uri = checkPostgresUri(path.value()); !uri.ok()) return fail(uri.error());
    }
    SecretBytes pass;
    if (!postgres) {
        auto read = secretFrom(args, "--passphrase-fd", "New server database passphrase 新口令: ");
        if (!read.ok()) return fail(read.error());
        pass = std::move(read).value();
    }
    SecretBytes demoPassword;
    const bool demo = args.flag("--demo");
    if (demo) {
        auto pw = secretFrom(args, "--demo-password-fd", "Password for the demo accounts 演示账号密码: ");
        if (!pw.ok()) return fail(pw.error());
        demoPassword = std::move(pw).value();
    }
    const KdfParams kdf = args.flag("--kdf-test") ? KdfParams::minimumForTests() : KdfParams::interactive();
    Status st = postgres ? SyncStorage::createPostgres(path.value(), demo, demoPassword)
                         : SyncStorage::create(path.value(), pass, kdf, demo, demoPassword);
    if (!st.ok()) return fail(st.error());
    std::cout << "created " << describeDatabase(path.value()) << (demo ? " with the demo data set and demo accounts" : "") << "\n";
    return 0;
}

int cmdServe(const platform::Args& args) {
    auto config = loadConfig(args.option("--config").value_or(""));
    if (!config.ok()) return fail(config.error());
    if (auto db = args.option("--db")) config->database = *db;
    if (auto port = args.option("--port")) {
        auto p = platform::parseInt("--port", *port);
        if (!p.ok() || p.value() < 0 || p.value() > 65535) return fail(makeError(ErrorCode::InvalidArgument, "--port must be from 0 to 65535"));
        config->port = static_cast<int>(p.value());
    }
    if (auto cert = args.option("--tls-cert")) config->tlsCert = *cert;
    if (auto key = args.option("--tls-key")) config->tlsKey = *key;
    if (Status checked = checkConfig(config.value()); !checked.ok()) return fail(checked.error());
    Logger log(config->log);
    StorageOptions options;
    options.maxClockSkewMs = config->maxClockSkewMs;
    auto storage = openStorage(args, config->database, options);
    if (!storage.ok()) {
        log.error("open_failed", {{"database", config->database}, {"error", storage.error().toString()}});
        return fail(storage.error());
    }
    // Signals are taken by one thread with sigwait, so the HTTP threads never see them.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    signal(SIGPIPE, SIG_IGN);

    HttpApi api(*storage.value(), config.value(), log);
    auto port = api.bind();
    if (!port.ok()) {
        log.error("bind_failed", {{"error", port.error().toString()}});
        return fail(port.error());
    }
    auto head = storage.value()->headSeq();
    log.info("serving", {{"listen", config->listen}, {"port", port.value()}, {"database", config->database}, {"tls", config->tls()},
                         {"head_seq", head.ok() ? head.value() : -1}, {"threads", config->threads}});
    std::cout << "listening on " << config->listen << ":" << port.value() << std::endl;
    std::thread waiter([&api, &log, signals]() {
        int sig = 0;
        sigwait(&signals, &sig);
        log.info("stopping", {{"signal", sig}});
        api.stop();
    });
    Status st = api.serve();
    pthread_kill(waiter.native_handle(), SIGTERM);  // wake the waiter if the server stopped by itself
    waiter.join();
    log.info("stopped");
    return st.ok() ? 0 : fail(st.error());
}

void printJsonOrLines(bool asJson, const json& rows, const std::function<std::string(const json&)>& line) {
    if (asJson) {
        std::cout << rows.dump() << "\n";
        return;
    }
    for (const auto& r : rows) std::cout << line(r) << "\n";
}

int cmdMigrateToPostgres(const platform::Args& args, const std::string& path, bool asJson) {
    auto to = required(args, "--to");
    if (!to.ok()) return fail(to.error());
    if (isPostgres(path)) return fail(makeError(ErrorCode::InvalidArgument, "--db must name the embedded database file to move"));
    if (!isPostgres(to.value())) return fail(makeError(ErrorCode::InvalidArgument, "--to must be a postgresql:// URI"));
    if (Status uri = checkPostgresUri(to.value()); !uri.ok()) return fail(uri.error());
    auto pass = secretFrom(args, "--passphrase-fd", "Server database passphrase 服务器数据库口令: ");
    if (!pass.ok()) return fail(pass.error());
    auto report = SyncStorage::migrateToPostgres(path, pass.value(), to.value());
    if (!report.ok()) return fail(report.error());
    if (asJson) {
        std::cout << report->toJson().dump() << "\n";
    } else {
        std::cout << "copied " << report->records << " records, " << report->auditEntries << " audit entries, " << report->blobs
                  << " blobs (" << report->blobBytes << " bytes)\n";
        for (const auto& [table, n] : report->rows) std::cout << "  " << table << ": " << n << " rows\n";
        if (report->ok()) std::cout << "checked: every record, audit entry, row and blob is there and the audit chain verifies\n";
        for (const auto& p : report->problems) std::cout << "PROBLEM: " << p << "\n";
    }
    return report->ok() ? 0 : 1;
}

int cmdAdmin(const platform::Args& args) {
    if (args.positional.size() < 2) return fail(makeError(ErrorCode::InvalidArgument, "admin needs a command (see --help)"));
    const std::string cmd = args.positional[1];
    auto path = required(args, "--db");
    if (!path.ok()) return fail(path.error());
    const bool asJson = args.flag("--json");
    if (cmd == "migrate-to-postgres") return cmdMigrateToPostgres(args, path.value(), asJson);
    auto storage = openStorage(args, path.value());
    if (!storage.ok()) return fail(storage.error());
    SyncStorage& s = *storage.value();
    const std::string actor = "admin";

    auto idOf = [&](const std::string& type, const std::string& field, const std::string& value) -> Result<std::string> {
        FC_ASSIGN_OR_RETURN(auto id, s.findRecordId(type, field, value));
        if (!id) return makeError(ErrorCode::NotFound, "no " + type + " with " + field + " '" + value + "'");
        return *id;
    };

    if (cmd == "add-user") {
        UserInfo u;
        auto name = required(args, "--user");
        auto display = required(args, "--name");
        auto role = required(args, "--role");
        if (!name.ok()) return fail(name.error());
        if (!display.ok()) return fail(display.error());
        if (!role.ok()) return fail(role.error());
        u.userName = name.value();
        u.displayName = display.value();
        u.role = role.value();
        if (!permissions::isKnownRole(u.role)) return fail(makeError(ErrorCode::InvalidArgument, "unknown role '" + u.role + "' (see --help)"));
        if (auto g = args.option("--group")) {
            auto id = idOf("inspection_group", "code", *g);
            if (!id.ok()) return fail(id.error());
            u.groupId = id.value();
        }
        if (auto un = args.option("--unit")) {
            auto id = idOf("unit", "code", *un);
            if (!id.ok()) return fail(id.error());
            u.unitId = id.value();
        }
        if ((u.role == "inspector" || u.role == "group_leader") && u.groupId.empty()) {
            return fail(makeError(ErrorCode::InvalidArgument, "a " + u.role + " needs --group"));
        }
        if (u.role == "unit_liaison" && u.unitId.empty()) return fail(makeError(ErrorCode::InvalidArgument, "a unit_liaison needs --unit"));
        auto pw = secretFrom(args, "--password-fd", "Password for " + u.userName + " 密码: ");
        if (!pw.ok()) return fail(pw.error());
        auto hash = hashPassword(pw.value());
        if (!hash.ok()) return fail(hash.error());
        Status st = s.createUser(u, hash.value());
        if (!st.ok()) return fail(st.error());
        std::cout << "user " << u.userName << " (" << u.role << ") created\n";
        return 0;
    }
    if (cmd == "users") {
        auto users = s.users();
        if (!users.ok()) return fail(users.error());
        json rows = json::array();
        for (const auto& u : users.value()) rows.push_back(u.toJson());
        printJsonOrLines(asJson, rows, [](const json& r) {
            return r["user"].get<std::string>() + "\t" + r["role"].get<std::string>() + "\t" + r["name"].get<std::string>();
        });
        return 0;
    }
    if (cmd == "devices") {
        auto devices = s.devices();
        if (!devices.ok()) return fail(devices.error());
        json rows = json::array();
        for (const auto& d : devices.value()) {
            rows.push_back({{"device_id", d.deviceId}, {"user", d.userName}, {"name", d.name}, {"enrolled", formatIsoUtc(d.enrolledMs)},
                            {"audit_seq", d.auditSeq}, {"revoked", d.revoked},
                            {"wiped", d.wipedMs > 0 ? json(formatIsoUtc(d.wipedMs)) : json(nullptr)},
                            {"token_issued", formatIsoUtc(d.tokenIssuedMs)}, {"token_renewal_due", d.tokenRenewalDue}});
        }
        printJsonOrLines(asJson, rows, [](const json& r) {
            return r["device_id"].get<std::string>() + "\t" + r["user"].get<std::string>() + "\t" + r["name"].get<std::string>() +
                   "\ttoken of " + r["token_issued"].get<std::string>() + (r["token_renewal_due"].get<bool>() ? " (renewal due)" : "") +
                   (r["revoked"].get<bool>() ? "\trevoked" : "") +
                   (r["wiped"].is_string() ? ", wiped " + r["wiped"].get<std::string>() : "");
        });
        return 0;
    }
    if (cmd == "renew-tokens") {
        const std::string device = args.option("--device").value_or("");
        if (device.empty() && !args.flag("--all")) {
            return fail(makeError(ErrorCode::InvalidArgument, "renew-tokens needs --device ID or --all (every device not revoked)"));
        }
        auto told = s.orderTokenRenewal(actor, device);
        if (!told.ok()) return fail(told.error());
        std::cout << told.value() << " device(s) will renew their token at their next sync; the old token works until then\n";
        return 0;
    }
    if (cmd == "rotate-receipt-key") {
        auto key = s.rotateReceiptKey(actor);
        if (!key.ok()) return fail(key.error());
        std::cout << "receipts are signed with a new key from now on: " << key.value()
                  << "\n(signed by the previous key, which was erased; devices take the new key at their next sync)\n";
        return 0;
    }
    if (cmd == "revoke-device") {
        if (args.positional.size() != 3) return fail(makeError(ErrorCode::InvalidArgument, "revoke-device takes a device id"));
        Status st = s.revokeDevice(args.positional[2]);
        if (!st.ok()) return fail(st.error());
        std::cout << "device " << args.positional[2] << " revoked\n";
        return 0;
    }
    if (cmd == "add-group") {
        auto campaign = required(args, "--campaign");
        auto code = required(args, "--code");
        auto name = required(args, "--name");
        if (!campaign.ok()) return fail(campaign.error());
        if (!code.ok()) return fail(code.error());
        if (!name.ok()) return fail(name.error());
        auto campaignId = idOf("campaign", "code", campaign.value());
        if (!campaignId.ok()) return fail(campaignId.error());
        json fields = {{"campaign_id", campaignId.value()}, {"code", code.value()}, {"name", name.value()}};
        if (auto leader = args.option("--leader")) fields["leader"] = *leader;
        auto r = s.adminCreate(actor, "inspection_group", fields);
        if (!r.ok()) return fail(r.error());
        std::cout << (asJson ? r->dump() : "inspection group " + code.value() + " created: " + r.value()["id"].get<std::string>()) << "\n";
        return 0;
    }
    if (cmd == "assign") {
        auto group = required(args, "--group");
        auto unit = required(args, "--unit");
        auto task = required(args, "--task");
        if (!group.ok()) return fail(group.error());
        if (!unit.ok()) return fail(unit.error());
        if (!task.ok()) return fail(task.error());
        auto groupId = idOf("inspection_group", "code", group.value());
        auto unitId = idOf("unit", "code", unit.value());
        if (!groupId.ok()) return fail(groupId.error());
        if (!unitId.ok()) return fail(unitId.error());
        json fields = {{"group_id", groupId.value()}, {"unit_id", unitId.value()}, {"task", task.value()}};
        if (auto c = args.option("--campaign")) {
            auto id = idOf("campaign", "code", *c);
            if (!id.ok()) return fail(id.error());
            fields["campaign_id"] = id.value();
        }
        if (auto p = args.option("--period")) fields["period"] = *p;
        if (auto d = args.option("--due")) fields["due_date"] = *d;
        auto r = s.adminCreate(actor, "assignment", fields);
        if (!r.ok()) return fail(r.error());
        std::cout << (asJson ? r->dump() : "unit " + unit.value() + " assigned to group " + group.value() + ": " + r.value()["id"].get<std::string>()) << "\n";
        return 0;
    }
    if (cmd == "set-user") {
        auto name = required(args, "--user");
        if (!name.ok()) return fail(name.error());
        auto found = s.userWithHash(name.value());
        if (!found.ok()) return fail(found.error());
        if (!found.value()) return fail(makeError(ErrorCode::NotFound, "no user named '" + name.value() + "'"));
        UserInfo u = found.value()->first;
        if (!args.option("--group") && !args.option("--unit")) return fail(makeError(ErrorCode::InvalidArgument, "set-user needs --group or --unit"));
        if (auto g = args.option("--group")) {
            if (u.role != "inspector" && u.role != "group_leader") {
                return fail(makeError(ErrorCode::InvalidArgument, "a " + u.role + " belongs to no inspection group"));
            }
            auto id = idOf("inspection_group", "code", *g);
            if (!id.ok()) return fail(id.error());
            u.groupId = id.value();
        }
        if (auto un = args.option("--unit")) {
            if (u.role != "unit_liaison") return fail(makeError(ErrorCode::InvalidArgument, "only a unit_liaison has a unit"));
            auto id = idOf("unit", "code", *un);
            if (!id.ok()) return fail(id.error());
            u.unitId = id.value();
        }
        Status st = s.setUserScope(u.userName, u.groupId, u.unitId);
        if (!st.ok()) return fail(st.error());
        std::cout << "user " << u.userName << " now has group '" << u.groupId << "' and unit '" << u.unitId
                  << "'; their devices follow at their next sync\n";
        return 0;
    }
    if (cmd == "unassign") {
        auto group = required(args, "--group");
        auto unit = required(args, "--unit");
        if (!group.ok()) return fail(group.error());
        if (!unit.ok()) return fail(unit.error());
        auto groupId = idOf("inspection_group", "code", group.value());
        auto unitId = idOf("unit", "code", unit.value());
        if (!groupId.ok()) return fail(groupId.error());
        if (!unitId.ok()) return fail(unitId.error());
        ListQuery q;
        q.equals = {{"group_id", groupId.value()}, {"unit_id", unitId.value()}};
        q.includeWithdrawn = false;
        auto open = s.listRecords("assignment", q);
        if (!open.ok()) return fail(open.error());
        int cancelled = 0;
        for (const auto& a : open.value()) {
            const std::string status = a.fields.value("status", "");
            if (status == "cancelled") continue;
            // A done assignment still grants the group the unit (its visits and findings stay the
            // group's): taking the unit away withdraws it, with the reason.
            auto r = status == "done" ? s.adminWithdraw(actor, "assignment", a.id, "unit taken from group " + group.value() + " (收回)")
                                      : s.adminUpdate(actor, "assignment", a.id, {{"status", "cancelled"}});
            if (!r.ok()) return fail(r.error());
            ++cancelled;
        }
        if (cancelled == 0) return fail(makeError(ErrorCode::NotFound, "group " + group.value() + " has no assignment for unit " + unit.value()));
        std::cout << cancelled << " assignment(s) of unit " << unit.value() << " to group " << group.value() << " cancelled\n";
        return 0;
    }
    if (cmd == "audit-flags") {
        auto flags = s.auditFlags();
        if (!flags.ok()) return fail(flags.error());
        json rows = json::array();
        for (const auto& f : flags.value()) rows.push_back(f.toJson());
        printJsonOrLines(asJson, rows, [](const json& r) { return r["kind"].get<std::string>() + "\t" + r["message"].get<std::string>(); });
        if (!asJson && rows.empty()) std::cout << "no audit flags\n";
        return 0;
    }
    if (cmd == "restored") {
        Status st = s.startNewFeedEpoch(actor);
        if (!st.ok()) return fail(st.error());
        std::cout << "a new change feed begins: every device reads its whole scope again at its next sync\n";
        return 0;
    }
    if (cmd == "verify") {
        auto report = s.verifyServerAudit();
        if (!report.ok()) return fail(report.error());
        for (const auto& p : report->problems) std::cout << p.kind << "\t" << p.message << "\n";
        std::cout << "server audit chain: " << report->entries << " entries, " << (report->ok() ? "intact" : "PROBLEMS FOUND") << "\n";
        return report->ok() ? 0 : 3;
    }
    if (cmd == "dump") {
        auto as = required(args, "--as");
        if (!as.ok()) return fail(as.error());
        auto user = s.userWithHash(as.value());
        if (!user.ok()) return fail(user.error());
        if (!user.value()) return fail(makeError(ErrorCode::NotFound, "no user named '" + as.value() + "'"));
        auto dump = s.canonicalDumpFor(user.value()->first);
        if (!dump.ok()) return fail(dump.error());
        std::cout << dump.value();
        return 0;
    }
    return fail(makeError(ErrorCode::InvalidArgument, "unknown admin command '" + cmd + "' (see --help)"));
}

int cmdPin(const platform::Args& args) {
    if (args.positional.size() != 2) return fail(makeError(ErrorCode::InvalidArgument, "pin takes the certificate's PEM file"));
    auto pin = publicKeyPin(args.positional[1]);
    if (!pin.ok()) return fail(pin.error());
    std::cout << pin.value() << "\n";
    return 0;
}

int cmdEnrolmentFile(const platform::Args& args) {
    const auto url = args.option("--url");
    const auto pinList = args.option("--pins");
    if (!url || !pinList) return fail(makeError(ErrorCode::InvalidArgument, "enrolment-file needs --url and --pins (the key in use, then a backup)"));
    std::vector<std::string> pins;
    for (size_t at = 0; at <= pinList->size();) {
        const size_t comma = pinList->find(',', at);
        const std::string pin = pinList->substr(at, comma == std::string::npos ? std::string::npos : comma - at);
        if (!pin.empty()) pins.push_back(pin);
        if (comma == std::string::npos) break;
        at = comma + 1;
    }
    std::string caPem;
    if (auto ca = args.option("--ca")) {
        std::ifstream in(*ca);
        if (!in) return fail(makeError(ErrorCode::NotFound, "cannot read the CA certificate '" + *ca + "'"));
        caPem.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    auto file = enrolmentFile(*url, caPem, pins);
    if (!file.ok()) return fail(file.error());
    std::cout << file->dump(2) << "\n";
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    auto args = platform::parseArgs(argc, argv,
                               {"--db", "--config", "--port", "--passphrase-fd", "--demo-password-fd", "--password-fd", "--user", "--name",
                                "--role", "--group", "--unit", "--campaign", "--code", "--leader", "--task", "--period", "--due", "--as",
                                "--tls-cert", "--tls-key", "--url", "--pins", "--ca", "--to", "--device"},
                               {"--demo", "--json", "--help", "--kdf-test", "--all"});
    if (!args.ok()) return fail(args.error());
    if (args->flag("--help") || args->positional.empty()) {
        std::cout << kHelp;
        return args->flag("--help") ? 0 : 2;
    }
    if (!Store::checkCipherLibrary().ok()) return fail(Store::checkCipherLibrary().error());
    const std::string& cmd = args->positional[0];
    if (cmd == "init") return cmdInit(args.value());
    if (cmd == "serve") return cmdServe(args.value());
    if (cmd == "admin") return cmdAdmin(args.value());
    if (cmd == "pin") return cmdPin(args.value());
    if (cmd == "enrolment-file") return cmdEnrolmentFile(args.value());
    return fail(makeError(ErrorCode::InvalidArgument, "unknown command '" + cmd + "' (see --help)"));
}
