#!/usr/bin/env bash
# Fails when a user-visible string of the app is outside the translation system, has no Chinese
# translation, or counts without its English plural forms:
#  1. lupdate reads the app's C++ and QML into a scratch copy of the .ts: every message must have a
#     finished translation (a new or changed English string shows up as unfinished);
#  2. QML must not show literal text: `text:`, `title:`, `placeholderText:` and `Accessible.name:`
#     bound straight to a string literal bypass qsTr(). The language names in Settings are the
#     one exception: each language is named in itself (marked `// untranslated: …` on the line);
#  3. every %n string has its two English forms in the plural-only fieldcheck_en.ts, and no
#     string writes a count as "(s)" without %n.
#
#   check_translations.sh LUPDATE SOURCE_DIR
set -euo pipefail
lupdate=$1
src=$2
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cp "$src/qml/i18n/fieldcheck_zh_CN.ts" "$scratch/check.ts"
"$lupdate" -silent -no-obsolete -locations none -I "$src/qml/src" \
  "$src"/qml/src/*.cpp "$src"/qml/src/*.h "$src"/qml/ui/*.qml "$src"/platform/qt/*.cpp "$src"/platform/qt/*.h \
  -ts "$scratch/check.ts"
status=0
untranslated=$(grep -c 'type="unfinished"' "$scratch/check.ts" || true)
if [ "$untranslated" != 0 ]; then
  echo "check_translations: $untranslated string(s) of the app have no finished Chinese translation." >&2
  echo "Run: cmake --build --preset dev --target fieldcheck_ui_lupdate, then translate in qml/i18n/fieldcheck_zh_CN.ts:" >&2
  grep -B3 'type="unfinished"' "$scratch/check.ts" | grep '<source>' | sed 's/^ */  /' >&2
  status=1
fi
# English is the source language; its plural-only file must give both forms of every %n string.
cp "$src/qml/i18n/fieldcheck_en.ts" "$scratch/plurals.ts"
"$lupdate" -silent -pluralonly -no-obsolete -locations none -target-language en -I "$src/qml/src" \
  "$src"/qml/src/*.cpp "$src"/qml/src/*.h "$src"/qml/ui/*.qml "$src"/platform/qt/*.cpp "$src"/platform/qt/*.h \
  -ts "$scratch/plurals.ts"
missing=$(grep -c 'type="unfinished"' "$scratch/plurals.ts" || true)
if [ "$missing" != 0 ]; then
  echo "check_translations: $missing %n string(s) have no English plural forms." >&2
  echo "Run: cmake --build --preset dev --target fieldcheck_ui_lupdate_plurals, then fill qml/i18n/fieldcheck_en.ts:" >&2
  grep -B3 'type="unfinished"' "$scratch/plurals.ts" | grep '<source>' | sed 's/^ */  /' >&2
  status=1
fi
# "(s)" outside a %n string never gets its plural form.
unplural=$(grep -nE '(qsTr|tr)\("[^"]*\(s\)' "$src"/qml/ui/*.qml "$src"/qml/src/*.cpp "$src"/platform/qt/*.cpp | grep -v '%n' || true)
if [ -n "$unplural" ]; then
  echo "check_translations: a count written as \"(s)\" without %n (use tr(\"%n photo(s)\", nullptr, n)):" >&2
  echo "$unplural" >&2
  status=1
fi
literal=$(grep -nE '(^|[[:space:]])(text|title|placeholderText|Accessible\.name|displayText):[[:space:]]*"[^"]' "$src"/qml/ui/*.qml \
          | grep -v -e "untranslated:" -e "readonly property" || true)
if [ -n "$literal" ]; then
  echo "check_translations: QML shows literal text outside qsTr():" >&2
  echo "$literal" >&2
  status=1
fi
[ $status = 0 ] && echo "check_translations: every string of the app is translated"
exit $status
