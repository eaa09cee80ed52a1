// Command groups of `fieldcheck`, one file each (cmd_*.cpp), collected in command_table.cpp.
#pragma once

#include <vector>

#include "command_context.h"

namespace fieldcheck::cli {

std::vector<ExtensionCommand> campaignRuleCommands();  // cmd_rules.cpp: transition, rules, dashboard, search
std::vector<ExtensionCommand> drawCommands();          // cmd_draw.cpp: sample, draw
std::vector<ExtensionCommand> ledgerCommands();        // cmd_ledgers.cpp: import, export
std::vector<ExtensionCommand> syncCommands();          // cmd_sync.cpp: enroll, sync, conflicts
std::vector<ExtensionCommand> permissionCommands();    // cmd_permissions.cpp: permissions

}  // namespace fieldcheck::cli
