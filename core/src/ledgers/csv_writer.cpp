// CSV ledger writer: UTF-8 with a byte order mark (so that Excel does not read the Chinese text
// as the system code page), CRLF line ends and RFC 4180 quoting.
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "ledger_internal.h"

namespace fieldcheck::detail {
namespace {

class CsvSink : public LedgerSink {
public:
    explicit CsvSink(std::string path) : m_path(std::move(path)) {}
    ~CsvSink() override {
        if (m_file != nullptr) std::fclose(m_file);
    }
    CsvSink(const CsvSink&) = delete;
    CsvSink& operator=(const CsvSink&) = delete;

    Status begin(const std::string&, const std::string&,
                 const std::vector<LedgerColumn>& columns) override {
        m_columns = columns;
        m_file = std::fopen(m_path.c_str(), "wb");
        if (m_file == nullptr) return ioError("cannot create");
        m_buffer = "\xEF\xBB\xBF";
        for (size_t c = 0; c < columns.size(); ++c) {
            if (c > 0) m_buffer += ',';
            appendField(columns[c].titleZh, false);
        }
        m_buffer += "\r\n";
        return flushIfFull();
    }

    Status row(const std::vector<std::string>& cells) override {
        for (size_t c = 0; c < cells.size(); ++c) {
            if (c > 0) m_buffer += ',';
            appendField(cells[c],
                        c < m_columns.size() && m_columns[c].type == LedgerValueType::Text);
        }
        m_buffer += "\r\n";
        return flushIfFull();
    }

    Status finish() override {
        FC_TRY(flush());
        if (std::fflush(m_file) != 0) return ioError("cannot write");
        if (std::fclose(m_file) != 0) {
            m_file = nullptr;
            return ioError("cannot close");
        }
        m_file = nullptr;
        return {};
    }

private:
    // Quotes when needed. Text that a spreadsheet would run as a formula (=, +, -, @ first) gets a
    // leading apostrophe: petition text comes from the public (OWASP "CSV injection").
    void appendField(const std::string& text, bool isText) {
        const bool formula = isText && !text.empty() && std::strchr("=+-@", text[0]) != nullptr;
        const bool quote = formula || text.find_first_of(",\"\r\n") != std::string::npos ||
                           (!text.empty() && (text.front() == ' ' || text.back() == ' '));
        if (!quote) {
            m_buffer += text;
            return;
        }
        m_buffer += '"';
        if (formula) m_buffer += '\'';
        for (char ch : text) {
            if (ch == '"') m_buffer += '"';
            m_buffer += ch;
        }
        m_buffer += '"';
    }

    Status flushIfFull() { return m_buffer.size() >= (1u << 16) ? flush() : Status(); }

    Status flush() {
        if (!m_buffer.empty() &&
            std::fwrite(m_buffer.data(), 1, m_buffer.size(), m_file) != m_buffer.size()) {
            return ioError("cannot write");
        }
        m_buffer.clear();
        return {};
    }

    Error ioError(const char* what) const {
        return makeError(ErrorCode::IoError,
                         std::string(what) + " '" + m_path + "': " + std::strerror(errno));
    }

    std::string m_path;
    std::vector<LedgerColumn> m_columns;
    std::FILE* m_file = nullptr;
    std::string m_buffer;
};

}  // namespace

std::unique_ptr<LedgerSink> makeCsvSink(const std::string& path) {
    return std::make_unique<CsvSink>(path);
}

}  // namespace fieldcheck::detail
