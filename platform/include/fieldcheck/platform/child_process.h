// Starting a program of ours as a child process (POSIX): the server for tests and benchmarks, the
// command line for tests. Secrets reach the child through pipes on fds 3, 4, ... (never argv or the
// environment), as `--passphrase-fd 3` expects.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

#include "fieldcheck/core/result.h"

namespace fieldcheck::platform {

struct ChildSpec {
    std::vector<std::string> argv;     // argv[0] is the program's path
    std::vector<std::string> secrets;  // each on its own pipe, at fd 3, 4, ... (one line each)
    std::vector<std::string> env;      // "NAME=value" added to the child's environment
    int stdoutFd = -1;                 // -1: inherit
    int stderrFd = -1;
    int stdinFd = -1;                  // -1: inherit (the app's benchmark mode waits for its EOF)
};

// Forks and execs; the child closes every other descriptor. Returns the child's pid.
Result<pid_t> spawnChild(const ChildSpec& spec);

// Reads `fd` until a line containing "listening on 127.0.0.1:PORT" arrives (or `timeout` passes,
// or the writer closes it) and returns PORT; NotFound with what was read otherwise. Closes `fd`.
Result<int> readListeningPort(int fd, std::chrono::milliseconds timeout);

}  // namespace fieldcheck::platform
