// The command groups beyond the core ones (cli.cpp). Each group lives in its own cmd_*.cpp file.
#include "command_context.h"
#include "commands.h"

namespace fieldcheck::cli {

const std::vector<ExtensionCommand>& extensionCommands() {
    static const std::vector<ExtensionCommand> all = [] {
        std::vector<ExtensionCommand> v;
        for (const auto& group : {campaignRuleCommands(), drawCommands(), ledgerCommands(), syncCommands(),
                                  permissionCommands()}) v.insert(v.end(), group.begin(), group.end());
        return v;
    }();
    return all;
}

const std::vector<std::string>& extensionValueOptions() {
    static const std::vector<std::string> all = {"--month", "--period", "--today", "--campaign", "--to", "--note",
                                                 "--type", "--count", "--seed", "--total", "--party", "--format",
                                                 "--out", "--encoding", "--unit",
                                                 "--candidates-sha256", "--server", "--enrolment-file", "--user", "--password-fd",
                                                 "--device-name", "--batch", "--page", "--protocol", "--choose",
                                                 "--role"};
    return all;
}

const std::vector<std::string>& extensionFlagOptions() {
    static const std::vector<std::string> all = {"--with-replacement", "--dry-run", "--propose", "--with-sensitive", "--force",
                                                 "--markdown"};
    return all;
}

}  // namespace fieldcheck::cli
