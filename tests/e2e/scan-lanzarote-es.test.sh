#!/bin/sh
# The scan of the Spanish text of the Lanzarote Convention (arts. 3, 18-26)
# finds the age of 18 in art. 3, the visual-only and the "real o simulada"
# definitions in art. 20 and the performances of art. 21, at these places.
# Reads the real text from ../shared/treaties (beside the repository root);
# without it: SKIP.
set -u
S=${OPGAP_SHARED:-../shared}
[ -d "$S/statutes-text" ] || { echo "../shared/statutes-text not found"; exit 77; }
f=$S/treaties/CoE_Lanzarote_Convention_CETS201_arts3_18-26_ES.txt
out=$("$OPGAP" scan --rules rules "$f"); rc=$?
[ "$rc" = 1 ] || { echo "exit $rc, expected 1 (a gap is suggested)"; exit 1; }
while IFS= read -r line; do
  printf '%s\n' "$out" | grep -qxF -- "$line" || { echo "output lacks: $line"; exit 1; }
done <<WANT
$f:10:41: age.child-under-18 suggests met (recommendation, pattern menor-18-es, es)
  section: Artículo 3. Definiciones.
  text: "menor de 18 años"
$f:64:95: csam.any-representation suggests gap (obligation, pattern es-representacion-visual, es)
  section: Artículo 20. Delitos relativos a la pornografía infantil.
  text: "represente de forma visual"
$f:64:180: csam.simulated suggests met (obligation, pattern es-real-o-simulada, es)
$f:74:63: csam.performances suggests partial (encouragement, pattern es-espectaculos, es)
  section: Artículo 21. Delitos relativos a la participación de niños en espectáculos pornográficos.
WANT
echo ok
