#!/bin/sh
# The scan of 18 U.S.C. § 2256 flags the visual-only definition of child
# pornography under csam.any-representation, at exactly these places: the
# definition of "visual depiction" (para. 5, line 44), the defining sentence
# of para. 8 (line 50) and every later use of "visual depiction" in it.
# Reads the real text from ../shared/statutes-text (beside the repository
# root); without it: SKIP.
set -u
S=${OPGAP_SHARED:-../shared}
[ -d "$S/statutes-text" ] || { echo "../shared/statutes-text not found"; exit 77; }
f=$S/statutes-text/us-federal/18_USC_2256.txt
out=$("$OPGAP" scan --rules rules "$f"); rc=$?
[ "$rc" = 1 ] || { echo "exit $rc, expected 1 (a gap is suggested)"; exit 1; }
got=$(printf '%s\n' "$out" | grep ' csam.any-representation ')
want="$f:44:6: csam.any-representation suggests gap (obligation, pattern visual-depiction, en)
$f:50:5: csam.any-representation suggests gap (obligation, pattern cp-means-visual, en)
$f:50:35: csam.any-representation suggests gap (obligation, pattern visual-depiction, en)
$f:52:28: csam.any-representation suggests gap (obligation, pattern visual-depiction, en)
$f:54:10: csam.any-representation suggests gap (obligation, pattern visual-depiction, en)
$f:56:10: csam.any-representation suggests gap (obligation, pattern visual-depiction, en)
$f:64:37: csam.any-representation suggests gap (obligation, pattern visual-depiction, en)
$f:66:78: csam.any-representation suggests gap (obligation, pattern visual-depiction, en)"
if [ "$got" != "$want" ]; then
  echo "csam.any-representation findings differ:"; printf '%s\n' "$got"; exit 1
fi
# the section and the matched words of the defining sentence
printf '%s\n' "$out" | grep -A2 "^$f:50:5: " | grep -qxF '  section: § 2256. Definitions for chapter' ||
  { echo "section of 50:5 is not '§ 2256. Definitions for chapter'"; exit 1; }
printf '%s\n' "$out" | grep -A2 "^$f:50:5: " | grep -qxF '  text: ""child pornography" means any visual"' ||
  { echo "matched words of 50:5 differ"; exit 1; }
# the same position in the source text
sed -n 50p "$f" | grep -q '^(8) “child pornography” means any visual' ||
  { echo "line 50 of $f is not the definition"; exit 1; }
echo ok
