// The launcher of our programs (platform/child_process.h), as the tests and benchmarks use it.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "fieldcheck/platform/child_process.h"
#include "test_support.h"

using namespace fieldcheck;

TEST_CASE("a child's output reaches the caller's files even when they are fds 3 and 4, which its secrets take",
          "[platform][child]") {
    test::TempDir dir;
    // Free the lowest descriptors so that the output files get 3 and 4 (as in a test process that
    // has closed what it opened before).
    std::vector<int> moved;
    for (int fd = 3; fd < 5; ++fd) {
        if (::fcntl(fd, F_GETFD) != -1) {
            moved.push_back(::fcntl(fd, F_DUPFD_CLOEXEC, 200));
            ::close(fd);
        }
    }
    const int out = ::open(dir.file("out").c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    const int err = ::open(dir.file("err").c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    CHECK(out == 3);
    CHECK(err == 4);
    // The child prints the secret it reads from fd 3 to stdout and the one from fd 4 to stderr.
    auto pid = platform::spawnChild({{"/bin/sh", "-c", "read a <&3; read b <&4; echo \"out:$a\"; echo \"err:$b\" >&2"},
                                     {"first-secret", "second-secret"}, {}, out, err});
    ::close(out);
    ::close(err);
    for (size_t i = 0; i < moved.size(); ++i) {
        ::dup2(moved[i], 3 + static_cast<int>(i));
        ::close(moved[i]);
    }
    REQUIRE(pid.ok());
    int status = 0;
    REQUIRE(::waitpid(pid.value(), &status, 0) == pid.value());
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    auto slurp = [](const std::string& path) {
        std::ifstream in(path);
        std::stringstream s;
        s << in.rdbuf();
        return s.str();
    };
    CHECK(slurp(dir.file("out")) == "out:first-secret\n");
    CHECK(slurp(dir.file("err")) == "err:second-secret\n");
}

TEST_CASE("a child reads its standard input from the pipe given and sees its end when the caller closes it",
          "[platform][child]") {
    test::TempDir dir;
    int in[2];
    REQUIRE(::pipe2(in, O_CLOEXEC) == 0);
    const int out = ::open(dir.file("out").c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    REQUIRE(out >= 0);
    // `cat` copies what it reads to stdout and ends only at the end of its input.
    auto pid = platform::spawnChild({{"/bin/cat"}, {}, {}, out, -1, in[0]});
    ::close(out);
    ::close(in[0]);
    REQUIRE(pid.ok());
    const std::string text = "what the caller wrote\n";
    CHECK(::write(in[1], text.data(), text.size()) == static_cast<ssize_t>(text.size()));
    ::close(in[1]);
    int status = 0;
    REQUIRE(::waitpid(pid.value(), &status, 0) == pid.value());
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    std::ifstream written(dir.file("out"));
    std::stringstream s;
    s << written.rdbuf();
    CHECK(s.str() == text);
}
