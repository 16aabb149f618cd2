#!/bin/sh
# Every text a person reads has its Spanish form (issue 18):
#  - every program string marked for translation in engine/ is in po/es.po,
#    translated, not fuzzy (xgettext, msgcmp, msgfmt --statistics);
#  - every shipped rule has its Spanish texts, with the English placeholders,
#    and every label its Spanish label (opgap rules lint --lang es; only the
#    problems of the Spanish texts count here: the English ones are
#    lint-shipped's).
# Without the gettext tools: skipped (77), never passed.
set -u
for t in xgettext msgcmp msgfmt; do
  command -v $t >/dev/null || { echo "SKIPPED: $t not found (Debian package gettext)"; exit 77; }
done
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
fail=0
xgettext --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ \
  --keyword=og_trn:1,2 -o "$t/now.pot" engine/*.c engine/scan/*.c || exit 1
if ! msgcmp --use-untranslated po/es.po "$t/now.pot" 2>"$t/cmp"; then
  echo "po/es.po lacks program strings (run make pot, then translate them):"
  head -n 20 "$t/cmp"; fail=1
fi
stats=$(msgfmt --check --statistics -o /dev/null po/es.po 2>&1) || { echo "$stats"; fail=1; }
case $stats in
  *untranslated*|*fuzzy*) echo "po/es.po: $stats"; fail=1 ;;
esac
"$OPGAP" rules lint --lang es >"$t/lint" 2>&1
if grep -E "no es |the es text|rules/es|translated twice|no rule '|no (parameter|pattern) '|has no '(met|partial|gap|unknown_because)' (outcome )?to translate" "$t/lint" >"$t/es"; then
  echo "Spanish rule texts incomplete or wrong ($(wc -l <"$t/es") problems):"
  head -n 20 "$t/es"; fail=1
fi
[ $fail = 0 ] && echo "i18n: every program string and rule text has its Spanish form ($stats)"
exit $fail
