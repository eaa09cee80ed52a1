// The compiled translations that the app embeds under :/i18n: English is the source language but
// takes its plural forms from fieldcheck_en.qm; Chinese has one form for every count.
#include <catch2/catch.hpp>

#include <QCoreApplication>
#include <QTranslator>

namespace {

QString translated(const QTranslator& t, const char* context, const char* source, int n) {
    QString s = t.translate(context, source, nullptr, n);
    return s.replace(QLatin1String("%n"), QString::number(n));
}

}  // namespace

TEST_CASE("English counts read '1 photo' and '2 photos', not 'photo(s)'", "[app][i18n]") {
    QTranslator en;
    REQUIRE(en.load(QStringLiteral(":/i18n/fieldcheck_en.qm")));
    CHECK(translated(en, "TodayPage", "%n item(s) overdue.", 1) == QStringLiteral("1 item overdue."));
    CHECK(translated(en, "TodayPage", "%n item(s) overdue.", 3) == QStringLiteral("3 items overdue."));
    CHECK(translated(en, "TodayPage", "%n photo(s)", 0) == QStringLiteral("0 photos"));
    CHECK(translated(en, "fieldcheck::ui::SyncController", "%n photo(s) uploaded.", 1) == QStringLiteral("1 photo uploaded."));
    CHECK(translated(en, "fieldcheck::ui::UnlockController",
                     "Wrong PIN. After %n more wrong PIN(s) only the passphrase will open the store.", 1) ==
          QStringLiteral("Wrong PIN. After 1 more wrong PIN only the passphrase will open the store."));
    // Only plural forms are in the English file: other strings fall through to the source.
    CHECK(en.translate("TodayPage", "Everything on this device has reached the server.").isEmpty());
}

TEST_CASE("Chinese counts have one form", "[app][i18n]") {
    QTranslator zh;
    REQUIRE(zh.load(QStringLiteral(":/i18n/fieldcheck_zh_CN.qm")));
    CHECK(translated(zh, "TodayPage", "%n photo(s)", 1) == QStringLiteral("1 张照片"));
    CHECK(translated(zh, "TodayPage", "%n photo(s)", 7) == QStringLiteral("7 张照片"));
    CHECK(translated(zh, "SyncPage", "%1 and %2 wait for a decision.", -1) == QStringLiteral("%1、%2等待处理。"));
}
