#!/bin/sh
# opgap scan reads a text a window at a time (8 MB, cut after a blank
# line), writing each window's matches before reading the next. The windows
# must not change the report: the same text cut into windows of a few
# hundred bytes (OPGAP_SCAN_WINDOW) gives the same bytes in every format,
# lines go on counting, and a match before a window's first heading keeps
# the heading of an earlier window. The text is invented, not real law.
# $OPGAP is the binary, $T a fresh directory.
set -u
fail() { echo "FAIL: $*"; exit 1; }
txt="$T/bill.txt"
{
  echo "# Invented bill, for tests only (not real law)"
  echo
  echo "Sec. 1. Definitions"
  echo
  i=0
  while [ $i -lt 40 ]; do
    echo "Paragraph $i. For the purposes of this part, child pornography means any visual depiction"
    echo "of a minor engaged in sexually explicit conduct, and the offender who knowingly"
    echo "sells a child shall be punished."
    echo
    i=$((i + 1))
  done
  echo "Sec. 2. Penalties"
  echo
  printf 'A person who is guilty of an offence\r\n\r\nshall be imprisoned for not more than 5 years.\n'
} >"$txt"
for fmt in text json sarif; do
  "$OPGAP" scan --format $fmt -o "$T/whole.$fmt" "$txt"; rc1=$?
  OPGAP_SCAN_WINDOW=300 "$OPGAP" scan --format $fmt -o "$T/win.$fmt" "$txt"; rc2=$?
  [ "$rc1" = "$rc2" ] || fail "$fmt: exit $rc1 whole, $rc2 in windows"
  cmp -s "$T/whole.$fmt" "$T/win.$fmt" || {
    diff "$T/whole.$fmt" "$T/win.$fmt" | head -n 10
    fail "$fmt: the report changes when the text is read in windows"
  }
done
# The windows were really cut: a match far down is on its own line, under
# the first heading, 30 windows in.
grep -q "^$txt:161:" "$T/win.text" || fail "no match reported on line 161"
grep -A1 "^$txt:161:" "$T/win.text" | grep -q 'section: Sec. 1. Definitions' ||
  fail "the match on line 161 lost its section: $(grep -A1 "^$txt:161:" "$T/win.text")"
# Standard input is read the same way.
OPGAP_SCAN_WINDOW=300 "$OPGAP" scan - <"$txt" >"$T/stdin.text"
sed "s|^<stdin>:|$txt:|" "$T/stdin.text" | cmp -s - "$T/whole.text" ||
  fail "standard input in windows differs from the file"
exit 0
