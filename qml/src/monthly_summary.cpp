#include "monthly_summary.h"

#include <unistd.h>

#include <QBuffer>
#include <QFont>
#include <QFontDatabase>
#include <QFontMetricsF>
#include <QHash>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QRawFont>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <functional>
#include <map>
#include <sys/stat.h>
#include <vector>

#include "fieldcheck/core/campaign_rules.h"
#include "fieldcheck/core/file_io.h"
#include "fieldcheck/core/records.h"
#include "fieldcheck/core/sqlite.h"
#include "fieldcheck/core/store.h"

namespace fieldcheck::ui {
namespace {

bool isMonth(const std::string& m) {
    if (m.size() != 7 || m[4] != '-') return false;
    for (size_t i : {0u, 1u, 2u, 3u, 5u, 6u}) {
        if (m[i] < '0' || m[i] > '9') return false;
    }
    const int month = std::stoi(m.substr(5, 2));
    return month >= 1 && month <= 12;
}

bool isDay(const std::string& d) {
    if (d.size() != 10 || d[7] != '-' || !isMonth(d.substr(0, 7))) return false;
    if (d[8] < '0' || d[8] > '9' || d[9] < '0' || d[9] > '9') return false;
    const int day = std::stoi(d.substr(8, 2));
    return day >= 1 && day <= 31;
}

QString q(const std::string& s) { return QString::fromStdString(s); }
QString num(int64_t v) { return QString::number(v); }
QString percent(int64_t part, int64_t whole) {
    return whole > 0 ? QString::number(100.0 * double(part) / double(whole), 'f', 1) + QStringLiteral("%") : QStringLiteral("—");
}

// The Chinese label of a finding category, as the ledgers show it.
QString categoryLabel(const std::string& value) {
    const RecordTypeSpec* spec = findRecordType("finding");
    const FieldSpec* field = spec != nullptr ? spec->field("category") : nullptr;
    if (field != nullptr) {
        for (const auto& c : field->choices) {
            if (c.value == value) return q(c.labelZh);
        }
    }
    return q(value);
}

QString reportStateLabel(const std::string& state) {
    if (state == "on_time") return QStringLiteral("按时报送");
    if (state == "late") return QStringLiteral("逾期报送");
    if (state == "missing") return QStringLiteral("未报送");
    if (state == "pending") return QStringLiteral("未到期");
    return q(state);
}

QString petitionStatusLabel(const std::string& status) {
    if (status == "required") return QStringLiteral("待指派");
    if (status == "supervising") return QStringLiteral("督办中");
    if (status == "concluded") return QStringLiteral("已办结");
    return q(status);
}


// Qt writes each glyph's Unicode value (the PDF's ToUnicode map) as the lowest code point the font
// maps to that glyph. Noto Sans CJK draws the radicals (U+2E80–U+2FDF) and the ideographs they
// look like with one glyph, so 民, 月, 风 … would come out of a copy or a search as ⺠, ⽉, ⻛. The map
// is plain text with fixed-width hex values: each radical is replaced, in place and at the same
// length (the file's offsets stay valid), by the ideograph that shares its glyph in the font.
QHash<quint32, quint32> radicalToIdeograph(const QFont& font) {
    QHash<quint32, quint32> map;
    const QRawFont raw = QRawFont::fromFont(font);
    if (!raw.isValid()) return map;
    QString ideographs;
    for (char16_t c = 0x3400; c <= 0x4DBF; ++c) ideographs.append(QChar(c));
    for (char16_t c = 0x4E00; c <= 0x9FFF; ++c) ideographs.append(QChar(c));
    const QList<quint32> glyphs = raw.glyphIndexesForString(ideographs);
    QHash<quint32, quint32> ideographOfGlyph;
    for (qsizetype i = 0; i < glyphs.size() && i < ideographs.size(); ++i) {
        if (glyphs[i] != 0 && !ideographOfGlyph.contains(glyphs[i])) ideographOfGlyph.insert(glyphs[i], ideographs[i].unicode());
    }
    QString radicals;
    for (char16_t c = 0x2E80; c <= 0x2FDF; ++c) radicals.append(QChar(c));
    const QList<quint32> radicalGlyphs = raw.glyphIndexesForString(radicals);
    for (qsizetype i = 0; i < radicalGlyphs.size() && i < radicals.size(); ++i) {
        auto it = ideographOfGlyph.find(radicalGlyphs[i]);
        if (radicalGlyphs[i] != 0 && it != ideographOfGlyph.end()) map.insert(radicals[i].unicode(), it.value());
    }
    map.insert(0x0009, 0x0020);  // the space glyph is also the tab's: a space is what was drawn
    return map;
}

int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

// Rewrites the destination values inside the ToUnicode maps' "[<XXXX> <XXXX> …]" arrays and
// single "<lo> <lo> <XXXX>" entries (source codes are left alone).
void fixToUnicodeMaps(QByteArray& pdf, const QHash<quint32, quint32>& map) {
    if (map.isEmpty()) return;
    static const char* const kHex = "0123456789ABCDEF";
    auto rewrite = [&](qsizetype at) {  // `at`: the '<' of a 4-digit value
        if (at + 5 >= pdf.size() || pdf[at + 5] != '>') return;
        int v = 0;
        for (int k = 1; k <= 4; ++k) {
            const int h = hexValue(pdf[at + k]);
            if (h < 0) return;
            v = v * 16 + h;
        }
        auto it = map.find(quint32(v));
        if (it == map.end()) return;
        for (int k = 4; k >= 1; --k) pdf[at + k] = kHex[(it.value() >> (4 * (4 - k))) & 0xF];
    };
    qsizetype from = 0;
    while ((from = pdf.indexOf("beginbfrange", from)) >= 0) {
        const qsizetype end = pdf.indexOf("endbfrange", from);
        if (end < 0) break;
        qsizetype lineStart = pdf.indexOf('\n', from) + 1;
        while (lineStart > 0 && lineStart < end) {
            qsizetype lineEnd = pdf.indexOf('\n', lineStart);
            if (lineEnd < 0 || lineEnd > end) lineEnd = end;
            const QByteArray line = pdf.mid(lineStart, lineEnd - lineStart);
            const qsizetype bracket = line.indexOf('[');
            if (bracket >= 0) {
                for (qsizetype i = lineStart + bracket; i < lineEnd; ++i) {
                    if (pdf[i] == '<') rewrite(i);
                }
            } else if (line.size() >= 20 && line.mid(0, 6) == line.mid(7, 6)) {
                rewrite(lineStart + 14);  // "<lo> <lo> <dst>": one code, one value
            }
            lineStart = lineEnd + 1;
        }
        from = end;
    }
}

// --- layout -------------------------------------------------------------------------------------

// The pages are laid out first (a list of drawing steps per page), then painted: the total page
// count is known when the footers are drawn.
class Layout {
public:
    using Step = std::function<void(QPainter&)>;

    Layout(QPaintDevice* device, const QRectF& area, const QFont& base) : m_device(device), m_area(area), m_base(base) {
        newPage();
    }

    QFont font(double points, bool bold = false) const {
        QFont f = m_base;
        f.setPointSizeF(points);
        f.setBold(bold);
        return f;
    }
    double lineHeight(const QFont& f) const { return QFontMetricsF(f, m_device).height(); }
    double width() const { return m_area.width(); }
    double mm(double v) const { return v * m_device->logicalDpiX() / 25.4; }

    void newPage() {
        m_pages.emplace_back();
        m_y = m_area.top();
    }
    // Starts a new page unless `height` fits below the cursor.
    bool ensure(double height) {
        if (m_y + height <= m_area.bottom() || m_y == m_area.top()) return false;
        newPage();
        return true;
    }
    void add(Step step) { m_pages.back().push_back(std::move(step)); }
    double y() const { return m_y; }
    void advance(double dy) { m_y += dy; }
    double left() const { return m_area.left(); }

    void text(const QString& s, const QFont& f, const QColor& color = Qt::black, int flags = Qt::AlignLeft) {
        const double h = lineHeight(f) * 1.25;
        ensure(h);
        const QRectF r(m_area.left(), m_y, m_area.width(), h);
        add([=](QPainter& p) {
            p.setFont(f);
            p.setPen(color);
            p.drawText(r, flags | Qt::AlignVCenter, s);
        });
        m_y += h;
    }
    void heading(const QString& s) {
        const QFont f = font(13, true);
        ensure(lineHeight(f) * 1.6 + lineHeight(font(9.5)) * 3);  // never a heading alone at a page's foot
        m_y += lineHeight(f) * 0.4;
        text(s, f, QColor(0x8e, 0x24, 0x24));
    }
    void paragraph(const QString& s) { text(s, font(10)); }

    // A table whose header is repeated on every page it runs onto. `widths` are fractions of the
    // page's width; `alignRight` marks the numeric columns.
    void table(const QStringList& header, const std::vector<double>& widths, const std::vector<QStringList>& rows,
               const std::vector<bool>& alignRight = {}) {
        const QFont hf = font(9.5, true);
        const QFont bf = font(9.5);
        const double rowH = lineHeight(bf) * 1.5;
        auto drawRow = [&](const QStringList& cells, const QFont& f, bool isHeader) {
            const double y = m_y;
            double x = m_area.left();
            std::vector<QRectF> rects;
            for (size_t i = 0; i < widths.size(); ++i) {
                rects.emplace_back(x, y, widths[i] * m_area.width(), rowH);
                x += widths[i] * m_area.width();
            }
            const double pad = mm(1.2);
            add([=](QPainter& p) {
                p.setFont(f);
                for (size_t i = 0; i < rects.size(); ++i) {
                    if (isHeader) p.fillRect(rects[i], QColor(0xf1, 0xe9, 0xe4));
                    p.setPen(QPen(QColor(0xb0, 0xa6, 0x9e), 0));
                    p.drawRect(rects[i]);
                    p.setPen(Qt::black);
                    const bool right = !isHeader && i < alignRight.size() && alignRight[i];
                    const QString s = i < size_t(cells.size()) ? cells[int(i)] : QString();
                    const QRectF inner = rects[i].adjusted(pad, 0, -pad, 0);
                    const QString shown = QFontMetricsF(f, p.device()).elidedText(s, Qt::ElideRight, inner.width());
                    p.drawText(inner, (right ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter, shown);
                }
            });
            m_y += rowH;
        };
        ensure(rowH * 2);
        drawRow(header, hf, true);
        for (const auto& r : rows) {
            if (ensure(rowH)) drawRow(header, hf, true);  // continued: the header again
            drawRow(r, bf, false);
        }
        m_y += rowH * 0.4;
    }

    const std::vector<std::vector<Step>>& pages() const { return m_pages; }

private:
    QPaintDevice* m_device;
    QRectF m_area;
    QFont m_base;
    double m_y = 0;
    std::vector<std::vector<Step>> m_pages;
};

// Measures done / overdue / open per unit as horizontal bars, one row per unit.
void progressChart(Layout& l, const std::vector<UnitProgress>& units) {
    const QFont f = l.font(8.5);
    const double rowH = l.lineHeight(f) * 1.45;
    const double labelW = l.width() * 0.30;
    const double barW = l.width() * 0.52;
    int64_t most = 1;
    for (const auto& u : units) most = std::max(most, u.measures);
    // The legend.
    {
        l.ensure(rowH * 3);
        const double y = l.y();
        const double x0 = l.left() + labelW;
        const double box = rowH * 0.5;
        const QFont lf = l.font(8.5);
        l.add([=](QPainter& p) {
            p.setFont(lf);
            const struct { QColor c; const char* t; } items[] = {
                {QColor(0x2e, 0x7d, 0x32), "已完成"}, {QColor(0xc6, 0x28, 0x28), "逾期未完成"}, {QColor(0xbd, 0xb5, 0xad), "进行中"}};
            double x = x0;
            for (const auto& it : items) {
                p.fillRect(QRectF(x, y + (rowH - box) / 2, box, box), it.c);
                p.setPen(Qt::black);
                const QString t = QString::fromUtf8(it.t);
                p.drawText(QRectF(x + box * 1.4, y, barW, rowH), Qt::AlignLeft | Qt::AlignVCenter, t);
                x += box * 1.4 + QFontMetricsF(lf, p.device()).horizontalAdvance(t) + box * 2;
            }
        });
        l.advance(rowH);
    }
    for (const auto& u : units) {
        l.ensure(rowH);
        const double y = l.y();
        const double x = l.left();
        const QString label = q(u.unitName);
        const double scale = barW / double(most);
        const double done = double(u.measuresDone) * scale;
        const double overdue = double(u.measuresOverdue) * scale;
        const double open = double(std::max<int64_t>(0, u.measures - u.measuresDone - u.measuresOverdue)) * scale;
        const QString figure = QStringLiteral("%1/%2").arg(u.measuresDone).arg(u.measures);
        l.add([=](QPainter& p) {
            p.setFont(f);
            p.setPen(Qt::black);
            const QRectF labelRect(x, y, labelW - rowH * 0.3, rowH);
            p.drawText(labelRect, Qt::AlignRight | Qt::AlignVCenter,
                       QFontMetricsF(f, p.device()).elidedText(label, Qt::ElideRight, labelRect.width()));
            const double top = y + rowH * 0.18, h = rowH * 0.64;
            double bx = x + labelW;
            p.fillRect(QRectF(bx, top, done, h), QColor(0x2e, 0x7d, 0x32));
            bx += done;
            p.fillRect(QRectF(bx, top, overdue, h), QColor(0xc6, 0x28, 0x28));
            bx += overdue;
            p.fillRect(QRectF(bx, top, open, h), QColor(0xbd, 0xb5, 0xad));
            bx += open;
            p.drawText(QRectF(bx + rowH * 0.3, y, rowH * 6, rowH), Qt::AlignLeft | Qt::AlignVCenter, figure);
        });
        l.advance(rowH);
    }
    l.advance(rowH * 0.5);
}

Status layOut(Layout& l, Store& store, const MonthlySummaryOptions& o) {
    FC_ASSIGN_OR_RETURN(Dashboard d, dashboard(store, o.today, o.month));
    FC_ASSIGN_OR_RETURN(auto spotChecks, mandatorySpotChecks(store, o.month));
    FC_ASSIGN_OR_RETURN(auto petitions, supervisedPetitions(store, o.today));
    FC_ASSIGN_OR_RETURN(auto reports, monthlyReportStates(store, o.month, o.today));
    FC_ASSIGN_OR_RETURN(auto categories, findingsByCategory(store, o.month));

    const QString year = q(o.month.substr(0, 4)), month = q(o.month.substr(5, 2));
    l.text(QStringLiteral("区民政局 正风肃纪专项整治 月度汇总 %1年%2月").arg(year, month), l.font(17, true), Qt::black, Qt::AlignHCenter);
    l.text(QStringLiteral("统计截至 %1").arg(q(o.today)), l.font(10), QColor(0x6b, 0x62, 0x5b), Qt::AlignHCenter);
    l.advance(l.mm(3));

    l.heading(QStringLiteral("一、四个一批"));
    l.table({QStringLiteral("项目"), QStringLiteral("数量")}, {0.6, 0.4},
            {{QStringLiteral("排查一批问题线索"), num(d.batches.cluesIdentified)},
             {QStringLiteral("查办一批典型案件"), num(d.batches.casesInvestigated)},
             {QStringLiteral("解决一批突出问题"), num(d.batches.problemsSolved)},
             {QStringLiteral("出台一批制度规范"), num(d.batches.rulesIssued)}},
            {false, true});

    l.heading(QStringLiteral("二、整改进度"));
    l.paragraph(QStringLiteral("整改措施共 %1 条，已完成 %2 条，逾期未完成 %3 条，完成率 %4。")
                    .arg(num(d.measures), num(d.measuresDone), num(d.measuresOverdue), percent(d.measuresDone, d.measures)));
    std::vector<UnitProgress> withMeasures;  // the chart: a unit without measures has no bar
    std::vector<QStringList> unitRows;
    for (const auto& u : d.units) {
        if (u.batches.cluesIdentified == 0 && u.measures == 0) continue;  // as the dashboard lists them
        if (u.measures > 0) withMeasures.push_back(u);
        unitRows.push_back({q(u.unitCode), q(u.unitName) + (u.keyRectification ? QStringLiteral("（重点）") : QString()),
                            num(u.batches.cluesIdentified), num(u.findingsOpen), num(u.measures), num(u.measuresDone),
                            num(u.measuresOverdue), QString::number(u.percentDone, 'f', 1) + QStringLiteral("%")});
    }
    if (unitRows.empty()) {
        l.paragraph(QStringLiteral("尚无单位有问题线索或整改措施。"));
    } else {
        l.table({QStringLiteral("单位代码"), QStringLiteral("单位名称"), QStringLiteral("问题线索"), QStringLiteral("未办结"),
                 QStringLiteral("整改措施"), QStringLiteral("已完成"), QStringLiteral("逾期"), QStringLiteral("完成率")},
                {0.11, 0.31, 0.11, 0.09, 0.1, 0.09, 0.08, 0.11}, unitRows,
                {false, false, true, true, true, true, true, true});
        if (!withMeasures.empty()) {
            l.paragraph(QStringLiteral("各单位整改措施完成情况（条）"));
            progressChart(l, withMeasures);
        }
    }

    l.heading(QStringLiteral("三、零报告单位与重点抽查"));
    l.paragraph(QStringLiteral("%1 零报告单位 %2 个，其中群众有反映、必须重点抽查 %3 个。")
                    .arg(q(o.month), num(d.zeroReportUnits), num(d.mandatorySpotChecks)));
    if (!spotChecks.empty()) {
        std::vector<QStringList> rows;
        for (const auto& s : spotChecks) rows.push_back({q(s.unitCode), q(s.unitName), q(s.period), num(s.complaints)});
        l.table({QStringLiteral("单位代码"), QStringLiteral("单位名称"), QStringLiteral("自查期间"), QStringLiteral("群众反映（件）")},
                {0.15, 0.5, 0.15, 0.2}, rows, {false, false, false, true});
    }

    l.heading(QStringLiteral("四、重点督办信访件"));
    l.paragraph(QStringLiteral("重点督办信访件 %1 件，其中逾期未办结 %2 件。").arg(num(d.supervisedPetitions), num(d.supervisedOverdue)));
    std::vector<QStringList> overduePetitions;
    for (const auto& p : petitions) {
        if (p.overdue) overduePetitions.push_back({q(p.unitName), q(p.receivedDate), petitionStatusLabel(p.status), q(p.supervisor), q(p.deadline)});
    }
    if (!overduePetitions.empty()) {
        l.table({QStringLiteral("单位名称"), QStringLiteral("收件日期"), QStringLiteral("督办状态"), QStringLiteral("督办人"), QStringLiteral("办结期限")},
                {0.36, 0.16, 0.14, 0.18, 0.16}, overduePetitions);
    }

    l.heading(QStringLiteral("五、月度整改报告"));
    int64_t onTime = 0, pending = 0;
    std::vector<QStringList> overdueReports;
    for (const auto& r : reports) {
        if (r.state == "on_time") ++onTime;
        if (r.state == "pending") ++pending;
        if (r.state == "late" || r.state == "missing") {
            overdueReports.push_back({q(r.unitCode), q(r.unitName), q(r.dueDate), reportStateLabel(r.state), q(r.submittedDate)});
        }
    }
    l.paragraph(QStringLiteral("%1 月度整改报告：应报 %2 个单位，按时报送 %3 个，逾期报送 %4 个，未报送 %5 个，未到期 %6 个。")
                    .arg(q(o.month), num(int64_t(reports.size())), num(onTime), num(d.reportsLate), num(d.reportsMissing), num(pending)));
    if (!overdueReports.empty()) {
        l.table({QStringLiteral("单位代码"), QStringLiteral("单位名称"), QStringLiteral("应报日期"), QStringLiteral("状态"), QStringLiteral("报送日期")},
                {0.14, 0.42, 0.15, 0.14, 0.15}, overdueReports);
    }

    l.heading(QStringLiteral("六、问责与其他"));
    l.paragraph(QStringLiteral("拟问责（待确认）%1 件；待批复请示 %2 件；不足两人检查 %3 次。")
                    .arg(num(d.proposedAccountability), num(d.openEscalations), num(d.visitsFewerThanTwo)));

    l.heading(QStringLiteral("七、本月问题线索分类"));
    if (categories.empty()) {
        l.paragraph(QStringLiteral("%1 无新发现的问题线索。").arg(q(o.month)));
    } else {
        std::vector<QStringList> rows;
        int64_t total = 0;
        for (const auto& [category, n] : categories) total += n;
        for (const auto& [category, n] : categories) rows.push_back({categoryLabel(category), num(n), percent(n, total)});
        rows.push_back({QStringLiteral("合计"), num(total), QString()});
        l.table({QStringLiteral("问题类别"), QStringLiteral("数量"), QStringLiteral("占比")}, {0.6, 0.2, 0.2}, rows, {false, true, true});
    }
    return {};
}

Error ioError(const std::string& what, const std::string& path) {
    return makeError(ErrorCode::IoError, what + " '" + path + "': " + std::strerror(errno));
}

}  // namespace

Result<QByteArray> renderMonthlySummary(Store& store, const MonthlySummaryOptions& options, int* pageCount) {
    if (!isMonth(options.month)) return makeError(ErrorCode::InvalidArgument, "the month '" + options.month + "' is not YYYY-MM");
    if (!isDay(options.today)) return makeError(ErrorCode::InvalidArgument, "the day '" + options.today + "' is not YYYY-MM-DD");
    if (!QFontDatabase::families().contains(QString::fromLatin1(kSummaryFontFamily))) {
        return makeError(ErrorCode::Unsupported, std::string("the font '") + kSummaryFontFamily +
                                                     "' is not installed (package fonts-noto-cjk): without it the summary's Chinese cannot be written");
    }
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QFont base(QString::fromLatin1(kSummaryFontFamily));
    // Shaped, Noto Sans CJK turns a digit after a Latin letter ("MZ003") into an alternate glyph
    // that no code point maps to, so the digits vanish from the PDF's text (copy, search,
    // pdftotext). The summary's scripts need no shaping: the font's plain glyphs are used.
    base.setStyleStrategy(QFont::PreferNoShaping);
    {
        QPdfWriter writer(&buffer);
        writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait, QMarginsF(18, 16, 18, 18), QPageLayout::Millimeter));
        writer.setResolution(300);
        writer.setTitle(QStringLiteral("月度汇总 %1").arg(q(options.month)));
        writer.setCreator(QStringLiteral("FieldCheck 正风巡检"));
        const QRect paint = writer.pageLayout().paintRectPixels(writer.resolution());
        const double footer = QFontMetricsF(base, &writer).height() * 2;
        // Painter coordinates start at the paint rectangle's corner.
        Layout layout(&writer, QRectF(0, 0, paint.width(), paint.height() - footer), base);
        FC_TRY(layOut(layout, store, options));
        const auto& pages = layout.pages();
        QPainter painter;
        if (!painter.begin(&writer)) return makeError(ErrorCode::Internal, "the PDF writer could not start");
        for (size_t i = 0; i < pages.size(); ++i) {
            if (i > 0) writer.newPage();
            for (const auto& step : pages[i]) step(painter);
            QFont f = base;
            f.setPointSizeF(8.5);
            painter.setFont(f);
            painter.setPen(QColor(0x6b, 0x62, 0x5b));
            painter.drawText(QRectF(0, paint.height() - footer, paint.width(), footer), Qt::AlignHCenter | Qt::AlignBottom,
                             QStringLiteral("第 %1 页 / 共 %2 页").arg(i + 1).arg(pages.size()));
        }
        painter.end();
        if (pageCount != nullptr) *pageCount = int(pages.size());
    }
    fixToUnicodeMaps(bytes, radicalToIdeograph(base));
    return bytes;
}

Result<MonthlySummaryFile> writeMonthlySummary(Store& store, const std::string& path, const MonthlySummaryOptions& options) {
    struct stat sb {};
    if (::stat(path.c_str(), &sb) == 0 && (S_ISDIR(sb.st_mode) || !options.overwrite)) {
        return makeError(ErrorCode::AlreadyExists, "'" + path + "' already exists; refusing to overwrite it");
    }
    // (Not `if (dir.empty()) dir = ".";`: GCC 12 at -O2 flags that assignment with a false
    // -Wrestrict, which fails the release build.)
    const std::string parent = std::filesystem::path(path).parent_path().string();
    const std::string dir = parent.empty() ? std::string(".") : parent;
    if (::stat(dir.c_str(), &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        return makeError(ErrorCode::NotFound, "the folder '" + dir + "' does not exist");
    }
    int pages = 0;
    FC_ASSIGN_OR_RETURN(QByteArray bytes, renderMonthlySummary(store, options, &pages));
    FC_ASSIGN_OR_RETURN(StagedFile staged, StagedFile::create(path));
    FC_TRY(staged.write(reinterpret_cast<const uint8_t*>(bytes.constData()), size_t(bytes.size())));
    FC_TRY(staged.sync());
    if (options.overwrite) {
        FC_TRY(staged.commit());
    } else {
        // A link fails if the name appeared meanwhile: an existing file is never replaced. The
        // staged name goes when `staged` does.
        if (::link(staged.tempPath().c_str(), path.c_str()) != 0) {
            if (errno == EEXIST) return makeError(ErrorCode::AlreadyExists, "'" + path + "' already exists; refusing to overwrite it");
            return ioError("cannot write", path);
        }
        FC_TRY(syncParentDirectory(path));
    }
    return MonthlySummaryFile{path, pages, int64_t(bytes.size())};
}

}  // namespace fieldcheck::ui
