// `fieldcheck permissions`: the permission table — who may change what (core/…/permissions.h).
#include "command_context.h"
#include "commands.h"
#include "fieldcheck/core/permissions.h"

namespace fieldcheck::cli {
namespace {

int runPermissions(Cli& cli) {
    if (cli.args().positional.size() > 1) return cli.usage("usage: fieldcheck permissions [--role ROLE] [--markdown|--json]");
    if (cli.args().flag("--markdown")) {
        cli.out() << permissions::markdown();
        return kExitOk;
    }
    const std::string role = cli.args().option("--role").value_or("");
    if (!role.empty() && !permissions::isKnownRole(role)) {
        std::string known;
        for (const auto& [name, zh] : permissions::roles()) known += (known.empty() ? "" : ", ") + name;
        return cli.fail(makeError(ErrorCode::InvalidArgument, "unknown role '" + role + "' (roles: " + known + ")"));
    }
    static const char* const kActions[] = {"create", "edit", "move", "withdraw", "attach"};
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& r : permissions::table()) {
        if (!role.empty() && r.role != role) continue;
        const char* action = kActions[static_cast<int>(r.action)];
        if (cli.json()) {
            rows.push_back({{"role", r.role}, {"type", r.type}, {"action", action}, {"what", r.what}, {"in_states", r.inStates}});
        } else {
            cli.out() << r.role << "  " << r.type << "  " << action << (r.what.empty() ? "" : "  " + r.what)
                      << (r.inStates.empty() ? "" : "  (in: " + r.inStates + ")") << "\n";
        }
    }
    if (cli.json()) cli.out() << rows.dump() << "\n";
    return kExitOk;
}

}  // namespace

std::vector<ExtensionCommand> permissionCommands() {
    return {
        {"permissions", "permissions [--role R] [--markdown]  who may change what",
         "fieldcheck permissions [--role ROLE] [--json | --markdown]\n"
         "The permission table the server enforces and an enrolled device checks before it writes:\n"
         "role, record type, action (create, edit, move, withdraw, attach), what (fields or the move) and\n"
         "the states the record must be in. --markdown prints docs/permissions.md. Needs no store.\n",
         runPermissions},
    };
}

}  // namespace fieldcheck::cli
