// libFuzzer target: an XLSX import file (a zip of XML parts). The reader takes a path, so each
// input goes through one temporary file per process.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "fieldcheck/core/importer.h"

using namespace fieldcheck;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const std::string path = [] {
        const char* tmp = std::getenv("TMPDIR");
        return std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/fieldcheck-fuzz-" + std::to_string(::getpid()) + ".xlsx";
    }();
    FILE* f = std::fopen(path.c_str(), "wb");
    if (f == nullptr) return 0;
    std::fwrite(data, 1, size, f);
    std::fclose(f);
    (void)readXlsx(path);
    std::remove(path.c_str());
    return 0;
}
