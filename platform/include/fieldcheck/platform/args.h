// Command-line parsing for `fieldcheck` and `fieldcheck-server`: global options, command words,
// positional arguments and per-command options. Errors are values.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "fieldcheck/core/result.h"

namespace fieldcheck::platform {

struct Args {
    std::vector<std::string> positional;          // command words and arguments, in order
    std::map<std::string, std::string> options;   // "--db" → value (the last one when given twice)
    std::map<std::string, std::vector<std::string>> optionValues;  // every value, in order
    std::set<std::string> flags;                  // "--json", "--help", ...

    std::optional<std::string> option(const std::string& name) const;
    // All values of an option that may be repeated (`--party A=1 --party B=2`), in the order given.
    std::vector<std::string> allValues(const std::string& name) const;
    bool flag(const std::string& name) const { return flags.count(name) > 0; }
};

// `valueOptions` take a value (`--db X` or `--db=X`); `flagOptions` do not. Anything else that
// starts with "--" is an error naming it.
Result<Args> parseArgs(int argc, char** argv, const std::set<std::string>& valueOptions,
                       const std::set<std::string>& flagOptions);

Result<int64_t> parseInt(const std::string& option, const std::string& text);

}  // namespace fieldcheck::platform
