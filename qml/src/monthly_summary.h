// The monthly summary (月度汇总) the office hands to the leaders: one PDF for a month as of a day.
//
// Every figure comes from the core's own queries — dashboard() itself, so the PDF and the
// dashboard (`fieldcheck dashboard`) can never disagree — plus the lists behind them
// (mandatorySpotChecks, supervisedPetitions, monthlyReportStates) and one small count of the
// month's findings by category. Content: title and as-of day, the four batches (四个一批),
// rectification progress (totals, per unit as a table and a bar chart), zero-report units and
// mandatory spot checks, supervised petitions, monthly reports late or missing (the overdue ones by
// unit), accountability proposals and the month's findings by category (Chinese labels as the
// ledgers show them).
//
// A4 portrait, page numbers "第 N 页 / 共 M 页"; a table that runs past a page continues on the next
// with its header repeated. Text is set in "Noto Sans CJK SC" (fonts-noto-cjk), embedded in the
// file; without that font the summary is refused rather than written with empty boxes.
//
// The file is written like the ledgers: under a temporary name beside the target, synced, then
// moved into place — never half-written; an existing file is replaced only with `overwrite`.
//
// Runs on the store thread (it reads the store). Needs a QGuiApplication (fonts).
#pragma once

#include <QByteArray>
#include <string>

#include "fieldcheck/core/result.h"

namespace fieldcheck {
class Store;
}

namespace fieldcheck::ui {

inline constexpr const char* kSummaryFontFamily = "Noto Sans CJK SC";

struct MonthlySummaryOptions {
    std::string month;  // YYYY-MM
    std::string today;  // YYYY-MM-DD: the day the figures are as of
    bool overwrite = false;
};

struct MonthlySummaryFile {
    std::string path;
    int pages = 0;
    int64_t bytes = 0;
};

// The PDF in memory. InvalidArgument for a malformed month or day; Unsupported without the font.
fieldcheck::Result<QByteArray> renderMonthlySummary(fieldcheck::Store& store, const MonthlySummaryOptions& options,
                                                    int* pageCount = nullptr);

// Renders and writes it to `path`. AlreadyExists when `path` exists and !overwrite (checked before
// the work and again, atomically, when the file is moved into place); NotFound when its folder does
// not exist; IoError when it cannot be written. On error nothing new is left at `path`.
fieldcheck::Result<MonthlySummaryFile> writeMonthlySummary(fieldcheck::Store& store, const std::string& path,
                                                           const MonthlySummaryOptions& options);

}  // namespace fieldcheck::ui
