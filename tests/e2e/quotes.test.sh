#!/bin/sh
# Every `quote:` in a US statute profile (statutes/**/*.yaml whose id is us/*)
# must occur word for word in the statute texts under tests/statutes-text/,
# or, for the state profiles read from their own codes (texts: us-states/...),
# under ../shared/statutes-text/us-states (skipped when that is absent; the
# section-level check is `opgap lint`'s).
# Whitespace runs and curly/straight quotes are normalised before comparing.
# Prints FILE:LINE for each quote not found and fails.
#
# The check is run twice: on the real profiles (must pass) and on a copy of
# one profile with a quote broken on purpose (must fail), so the test cannot
# pass by finding nothing.
set -u

TEXTS=tests/statutes-text
SHARED=../shared/statutes-text/us-states
[ -d "$SHARED" ] || echo "SKIP quotes (state codes): ../shared/statutes-text not found"

# check_quotes DIR: checks the us/* profiles below DIR; exit 1 on a missing quote.
check_quotes() {
  find "$1" -name '*.yaml' | sort | perl -CSD -e '
    use strict; use warnings;
    my ($texts, $shared) = @ARGV;
    sub norm {
      my $s = shift;
      $s =~ tr/\x{201C}\x{201D}\x{2018}\x{2019}/""\x27\x27/;
      $s =~ s/\s+/ /g; $s =~ s/^ | $//g;
      return $s;
    }
    my $corpus = "";
    for my $f (sort(glob("$texts/*/*.txt")), sort(glob("$shared/*/*.txt"))) {
      open(my $fh, "<:encoding(UTF-8)", $f) or die "$f: $!\n";
      local $/; $corpus .= norm(<$fh>) . "\n";
    }
    die "no statute texts under $texts\n" if $corpus eq "";
    my ($bad, $seen) = (0, 0);
    while (my $file = <STDIN>) {
      chomp $file;
      open(my $fh, "<:encoding(UTF-8)", $file) or die "$file: $!\n";
      my @lines = <$fh>;
      next unless grep { /^id:\s*us\// } @lines;
      next if !-d $shared && grep { /files:\s*"?us-states\// } @lines;
      for (my $i = 0; $i < @lines; $i++) {
        next unless $lines[$i] =~ /^(\s*)quote:\s*(.*?)\s*$/;
        my ($indent, $q) = (length $1, $2);
        if ($q =~ /^[>|][-+]?$/) {          # block scalar: the indented lines below
          $q = "";
          for (my $j = $i + 1; $j < @lines; $j++) {
            last if $lines[$j] =~ /\S/ && $lines[$j] !~ /^\s{@{[$indent + 1]},}/;
            $q .= " " . $lines[$j];
          }
        } elsif ($q =~ /^"(.*)"$/) {
          ($q = $1) =~ s/\\"/"/g;
        } elsif ($q =~ /^\x27(.*)\x27$/) {
          ($q = $1) =~ s/\x27\x27/\x27/g;
        }
        $q = norm($q);
        $seen++;
        if ($q eq "" || index($corpus, $q) < 0) {
          printf "%s:%d: quote not found in %s: %s\n", $file, $i + 1, $texts, $q;
          $bad++;
        }
      }
    }
    die "no quote found in any us/* profile\n" if $seen == 0;
    exit($bad ? 1 : 0);
  ' "$TEXTS" "$SHARED"
}

check_quotes statutes || exit 1

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
sed 's/quote: any visual depiction$/quote: any visual or audio depiction/' \
  statutes/us/federal.yaml > "$tmp/federal.yaml"
if cmp -s statutes/us/federal.yaml "$tmp/federal.yaml"; then
  echo "self-test: could not break a quote in statutes/us/federal.yaml" >&2
  exit 1
fi
out=$(check_quotes "$tmp")
if [ $? -eq 0 ]; then
  echo "self-test: a broken quote was not detected" >&2
  exit 1
fi
case $out in
  *"$tmp/federal.yaml:"*": quote not found in tests/statutes-text: any visual or audio depiction"*) ;;
  *) echo "self-test: unexpected report: $out" >&2; exit 1 ;;
esac
exit 0
