#include "fieldcheck/platform/args.h"

#include <cerrno>
#include <cstdlib>

namespace fieldcheck::platform {

std::optional<std::string> Args::option(const std::string& name) const {
    auto it = options.find(name);
    if (it == options.end()) return std::nullopt;
    return it->second;
}

std::vector<std::string> Args::allValues(const std::string& name) const {
    auto it = optionValues.find(name);
    if (it == optionValues.end()) return {};
    return it->second;
}

Result<Args> parseArgs(int argc, char** argv, const std::set<std::string>& valueOptions,
                       const std::set<std::string>& flagOptions) {
    Args a;
    bool onlyPositional = false;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (onlyPositional || arg.size() < 2 || arg[0] != '-') {
            a.positional.push_back(arg);
            continue;
        }
        if (arg == "--") {
            onlyPositional = true;
            continue;
        }
        if (arg == "-h") arg = "--help";
        std::string name = arg;
        std::optional<std::string> inlineValue;
        if (auto eq = arg.find('='); eq != std::string::npos) {
            name = arg.substr(0, eq);
            inlineValue = arg.substr(eq + 1);
        }
        if (valueOptions.count(name) > 0) {
            if (inlineValue) {
                a.options[name] = *inlineValue;
            } else if (i + 1 < argc) {
                a.options[name] = argv[++i];
            } else {
                return makeError(ErrorCode::InvalidArgument, "option " + name + " needs a value");
            }
            a.optionValues[name].push_back(a.options[name]);
        } else if (flagOptions.count(name) > 0 && !inlineValue) {
            a.flags.insert(name);
        } else if (name == "--passphrase" || name == "--password") {
            return makeError(ErrorCode::InvalidArgument,
                             "passphrases are never taken from the command line (other users can read it); "
                             "use the prompt, --passphrase-fd N or FIELDCHECK_PASSPHRASE_FILE");
        } else {
            return makeError(ErrorCode::InvalidArgument, "unknown option '" + name + "' (see --help)");
        }
    }
    return a;
}

Result<int64_t> parseInt(const std::string& option, const std::string& text) {
    errno = 0;
    char* end = nullptr;
    long long v = std::strtoll(text.c_str(), &end, 10);
    if (text.empty() || *end != '\0' || errno != 0) {
        return makeError(ErrorCode::InvalidArgument, option + ": '" + text + "' is not a whole number");
    }
    return static_cast<int64_t>(v);
}

}  // namespace fieldcheck::platform
