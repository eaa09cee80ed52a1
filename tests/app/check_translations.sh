#!/usr/bin/env bash
# Fails when a user-visible string of the app is outside the translation system or has no Chinese
# translation:
#  1. lupdate reads the app's C++ and QML into a scratch copy of the .ts: every message must have a
#     finished translation (a new or changed English string shows up as unfinished);
#  2. QML must not show literal text: `text:`, `title:`, `placeholderText:` and `Accessible.name:`
#     bound straight to a string literal bypass qsTr(). The language names in Settings are the
#     one exception: each language is named in itself (marked `// untranslated: …` on the line).
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
literal=$(grep -nE '(^|[[:space:]])(text|title|placeholderText|Accessible\.name|displayText):[[:space:]]*"[^"]' "$src"/qml/ui/*.qml \
          | grep -v -e "untranslated:" -e "readonly property" || true)
if [ -n "$literal" ]; then
  echo "check_translations: QML shows literal text outside qsTr():" >&2
  echo "$literal" >&2
  status=1
fi
[ $status = 0 ] && echo "check_translations: every string of the app is translated"
exit $status
