// libFuzzer target: a CSV import file (units, complaints, self-inspections) in any encoding the
// office's spreadsheets produce — decoded (UTF-8 with or without BOM, GB18030) and split into rows.
#include <cstdint>
#include <vector>

#include "fieldcheck/core/importer.h"

using namespace fieldcheck;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::vector<uint8_t> bytes(data, data + size);
    for (TextEncoding encoding : {TextEncoding::Auto, TextEncoding::Gb18030}) {
        auto text = decodeText(bytes, encoding);
        if (!text.ok()) continue;
        (void)readCsv(text->utf8);
    }
    return 0;
}
