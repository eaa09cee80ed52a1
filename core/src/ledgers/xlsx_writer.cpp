// XLSX ledger writer on libxlsxwriter, in constant-memory mode: rows go to a temporary file in
// the target directory as they arrive, so 100,000 rows need no more memory than ten.
#include <xlsxwriter.h>

#include <algorithm>
#include <cstdlib>
#include <vector>

#include "ledger_internal.h"

namespace fieldcheck::detail {
namespace {

constexpr lxw_row_t kMaxRows = 1048576;  // Excel's limit, header included
constexpr size_t kMaxCellChars = 32767;  // Excel's limit per cell

// Display width of UTF-8 text in Excel's character units: CJK and other wide characters count 2.
double displayWidth(const std::string& s) {
    double w = 0;
    for (size_t i = 0; i < s.size();) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        const size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
        w += len == 1 ? 1.0 : 2.0;
        i += len;
    }
    return w;
}

// At most Excel's cell limit, cut at a character boundary.
std::string fitCell(const std::string& s) {
    size_t chars = 0;
    for (size_t i = 0; i < s.size(); ++i) {
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && ++chars > kMaxCellChars - 1) {
            return s.substr(0, i) + "…";
        }
    }
    return s;
}

Error xlsxError(lxw_error e, const std::string& what) {
    return makeError(ErrorCode::IoError,
                     "cannot write the XLSX ledger (" + what + "): " + lxw_strerror(e));
}

class XlsxSink : public LedgerSink {
public:
    XlsxSink(std::string path, std::string tempDir)
        : m_path(std::move(path)), m_tempDir(std::move(tempDir)) {}
    ~XlsxSink() override {
        if (m_workbook != nullptr)
            lxw_workbook_free(m_workbook);  // error path: nothing was written
    }
    XlsxSink(const XlsxSink&) = delete;
    XlsxSink& operator=(const XlsxSink&) = delete;

    Status begin(const std::string& kind, const std::string& titleZh,
                 const std::vector<LedgerColumn>& columns) override {
        (void)kind;
        m_columns = columns;
        lxw_workbook_options options{};
        options.constant_memory = LXW_TRUE;
        options.tmpdir = m_tempDir.data();
        options.use_zip64 = LXW_FALSE;
        m_workbook = workbook_new_opt(m_path.c_str(), &options);
        if (m_workbook == nullptr)
            return makeError(ErrorCode::IoError,
                             "cannot create the XLSX workbook '" + m_path + "'");
        m_sheet = workbook_add_worksheet(m_workbook, titleZh.c_str());
        if (m_sheet == nullptr)
            return makeError(ErrorCode::Internal, "cannot add the worksheet '" + titleZh + "'");
        m_title = titleZh;
        lxw_doc_properties props{};
        props.title = m_title.data();
        m_subject = "正风巡检 FieldCheck";
        props.subject = m_subject.data();
        workbook_set_properties(m_workbook, &props);

        m_header = workbook_add_format(m_workbook);
        format_set_bold(m_header);
        format_set_bg_color(m_header, 0xDDEBF7);
        format_set_border(m_header, LXW_BORDER_THIN);
        format_set_align(m_header, LXW_ALIGN_CENTER);
        format_set_align(m_header, LXW_ALIGN_VERTICAL_CENTER);
        format_set_text_wrap(m_header);
        m_wrap = workbook_add_format(m_workbook);
        format_set_text_wrap(m_wrap);
        format_set_align(m_wrap, LXW_ALIGN_VERTICAL_TOP);
        m_plain = workbook_add_format(m_workbook);
        format_set_align(m_plain, LXW_ALIGN_VERTICAL_TOP);
        m_date = workbook_add_format(m_workbook);
        format_set_num_format(m_date, "yyyy-mm-dd");
        format_set_align(m_date, LXW_ALIGN_VERTICAL_TOP);
        m_money = workbook_add_format(m_workbook);
        format_set_num_format(m_money, "#,##0.00");
        format_set_align(m_money, LXW_ALIGN_VERTICAL_TOP);
        m_percent = workbook_add_format(m_workbook);
        format_set_num_format(m_percent, "0.0");
        format_set_align(m_percent, LXW_ALIGN_VERTICAL_TOP);

        // Everything that precedes the rows in the sheet must be set before the first row.
        for (size_t c = 0; c < columns.size(); ++c) {
            const double width = std::max(columns[c].width, displayWidth(columns[c].titleZh) + 3);
            lxw_format* f = formatFor(columns[c]);
            lxw_error e = worksheet_set_column(m_sheet, static_cast<lxw_col_t>(c),
                                               static_cast<lxw_col_t>(c), width, f);
            if (e != LXW_NO_ERROR) return xlsxError(e, "column width");
        }
        worksheet_freeze_panes(m_sheet, 1, 0);
        worksheet_set_row(m_sheet, 0, 30, m_header);
        worksheet_set_landscape(m_sheet);
        worksheet_set_paper(m_sheet, 9);  // A4
        worksheet_fit_to_pages(m_sheet, 1, 0);
        worksheet_repeat_rows(m_sheet, 0, 0);
        for (size_t c = 0; c < columns.size(); ++c) {
            lxw_error e = worksheet_write_string(m_sheet, 0, static_cast<lxw_col_t>(c),
                                                 columns[c].titleZh.c_str(), m_header);
            if (e != LXW_NO_ERROR) return xlsxError(e, "header");
        }
        return {};
    }

    Status row(const std::vector<std::string>& cells) override {
        if (m_row + 1 >= kMaxRows) {
            return makeError(ErrorCode::InvalidArgument,
                             "the ledger has more rows than an XLSX sheet can hold (1,048,575); "
                             "export it as CSV");
        }
        ++m_row;
        for (size_t c = 0; c < cells.size() && c < m_columns.size(); ++c) {
            const std::string& text = cells[c];
            if (text.empty()) continue;
            const auto col = static_cast<lxw_col_t>(c);
            const LedgerColumn& column = m_columns[c];
            lxw_error e = LXW_NO_ERROR;
            switch (column.type) {
                case LedgerValueType::Integer:
                case LedgerValueType::Percent: {
                    char* end = nullptr;
                    const double v = std::strtod(text.c_str(), &end);
                    e = *end == '\0'
                            ? worksheet_write_number(m_sheet, m_row, col, v, formatFor(column))
                            : worksheet_write_string(m_sheet, m_row, col, fitCell(text).c_str(),
                                                     m_plain);
                    break;
                }
                case LedgerValueType::Money: {
                    int64_t fen = 0;
                    e = parseLedgerMoney(text, fen)
                            ? worksheet_write_number(m_sheet, m_row, col,
                                                     static_cast<double>(fen) / 100.0, m_money)
                            : worksheet_write_string(m_sheet, m_row, col, fitCell(text).c_str(),
                                                     m_plain);
                    break;
                }
                case LedgerValueType::Date: {
                    int y = 0, m = 0, d = 0;
                    if (parseLedgerDate(text, y, m, d)) {
                        lxw_datetime dt{y, m, d, 0, 0, 0.0};
                        e = worksheet_write_datetime(m_sheet, m_row, col, &dt, m_date);
                    } else {
                        e = worksheet_write_string(m_sheet, m_row, col, fitCell(text).c_str(),
                                                   m_plain);
                    }
                    break;
                }
                case LedgerValueType::Text:
                    // Always a string, never a formula: text from petitions cannot inject one.
                    e = worksheet_write_string(m_sheet, m_row, col, fitCell(text).c_str(),
                                               formatFor(column));
                    break;
            }
            if (e != LXW_NO_ERROR) return xlsxError(e, "row " + std::to_string(m_row + 1));
        }
        return {};
    }

    Status finish() override {
        if (!m_columns.empty()) {
            worksheet_autofilter(m_sheet, 0, 0, m_row,
                                 static_cast<lxw_col_t>(m_columns.size() - 1));
        }
        lxw_error e = workbook_close(m_workbook);  // writes the file and frees the workbook
        m_workbook = nullptr;
        if (e != LXW_NO_ERROR) return xlsxError(e, "closing '" + m_path + "'");
        return {};
    }

private:
    lxw_format* formatFor(const LedgerColumn& c) const {
        switch (c.type) {
            case LedgerValueType::Money:
                return m_money;
            case LedgerValueType::Date:
                return m_date;
            case LedgerValueType::Percent:
                return m_percent;
            case LedgerValueType::Integer:
                return m_plain;
            case LedgerValueType::Text:
                return c.width >= 28 ? m_wrap : m_plain;
        }
        return m_plain;
    }

    std::string m_path, m_tempDir, m_title, m_subject;
    std::vector<LedgerColumn> m_columns;
    lxw_workbook* m_workbook = nullptr;
    lxw_worksheet* m_sheet = nullptr;
    lxw_format *m_header = nullptr, *m_wrap = nullptr, *m_plain = nullptr, *m_date = nullptr,
               *m_money = nullptr, *m_percent = nullptr;
    lxw_row_t m_row = 0;
};

}  // namespace

std::unique_ptr<LedgerSink> makeXlsxSink(const std::string& path, const std::string& tempDir) {
    return std::make_unique<XlsxSink>(path, tempDir);
}

}  // namespace fieldcheck::detail
