# opgap - build, test and report.
#
#   make            build build/opgap
#   make report     build, then write reports/ for every shipped profile
#   make test       unit tests (CUnit), rule tests, end-to-end CLI tests,
#                   sanitizers (ASan+UBSan) and valgrind; ends with the
#                   count of tests passed, failed and skipped
#   make install PREFIX=/usr/local
#
# Missing libraries (libyaml, PCRE2, cJSON, CUnit) are installed with
# apt-get when running as root; otherwise the exact command is printed.

CC      ?= cc
PREFIX  ?= /usr/local
DATADIR ?= $(PREFIX)/share/opgap
LOCALEDIR ?= $(PREFIX)/share/locale
BUILD   ?= build

WARN    = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
          -Wmissing-prototypes -Wpointer-arith -Wformat=2 -Wvla \
          -Wundef -Wcast-qual
CFLAGS  ?= -O2 -g
ALL_CFLAGS = -std=c11 $(WARN) -Iengine -DOPGAP_DATADIR='"$(DATADIR)"' \
             -DOPGAP_LOCALEDIR='"$(LOCALEDIR)"' $(CFLAGS)
LDLIBS  = -lyaml -lpcre2-8 -lcjson -lpthread

SRC      = $(wildcard engine/*.c engine/scan/*.c)
LIB_SRC  = $(filter-out engine/main.c,$(SRC))
HDR      = $(wildcard engine/*.h engine/scan/*.h)
UNIT_SRC = $(wildcard tests/unit/*.c)

LANGS    = es
MO_FILES = $(LANGS:%=$(BUILD)/locale/%/LC_MESSAGES/opgap.mo)

DEB_PKGS = libyaml-dev libpcre2-dev libcjson-dev libcunit1-dev gettext
DEPS_STAMP = $(BUILD)/.deps-ok

.PHONY: all deps test layers unit e2e rules-check asan valgrind report install clean \
        hostile schema install-check pot po-check fuzz fuzz-smoke fuzz-deps agreement reports-current browser \
        sarif-tools no-copies

all: $(BUILD)/opgap $(MO_FILES)

# ---- translations (gettext) -------------------------------------------------
# The program's own strings, marked _("...") / N_("...") / og_trn(), are
# collected into po/opgap.pot (make pot); po/LANG.po translates them and is
# compiled into $(BUILD)/locale/LANG/LC_MESSAGES/opgap.mo, where opgap finds
# it beside the executable (engine/i18n.h). Rule texts are in rules/LANG/.
$(BUILD)/locale/%/LC_MESSAGES/opgap.mo: po/%.po | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	msgfmt --check --output-file=$@ $<

pot:
	xgettext --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ \
	  --keyword=og_trn:1,2 --add-comments=TRANSLATORS --add-location=file --package-name=opgap \
	  --package-version=$$(sed -n 's/.*OPGAP_VERSION "\(.*\)".*/\1/p' engine/opgap.h) \
	  --sort-by-file -o po/opgap.pot $(SRC)
	for l in $(LANGS); do msgmerge --quiet --update --backup=none --no-fuzzy-matching --add-location=file po/$$l.po po/opgap.pot; done

# Every program string has its translation: none untranslated, none fuzzy,
# and the catalogue is current with the sources.
po-check: | $(DEPS_STAMP)
	@t=$$(mktemp -d) && \
	xgettext --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ --keyword=og_trn:1,2 \
	  --omit-header -o $$t/now.pot $(SRC) && \
	for l in $(LANGS); do \
	  msgcmp --use-untranslated po/$$l.po $$t/now.pot 2>$$t/err || { cat $$t/err; echo "po-check: po/$$l.po lacks strings of the sources (make pot)"; rm -rf $$t; exit 1; }; \
	  out=$$(msgfmt --check --statistics -o /dev/null po/$$l.po 2>&1); echo "po/$$l.po: $$out"; \
	  case "$$out" in *untranslated*|*fuzzy*) rm -rf $$t; exit 1;; esac; \
	done; rm -rf $$t

$(DEPS_STAMP):
	@mkdir -p $(BUILD)
	@missing=""; \
	for h in yaml.h pcre2.h cjson/cJSON.h CUnit/CUnit.h; do \
	  [ -f /usr/include/$$h ] || [ -f /usr/local/include/$$h ] || missing="$$missing $$h"; \
	done; \
	command -v msgfmt >/dev/null || missing="$$missing msgfmt"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing $(DEB_PKGS) (missing:$$missing)"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(DEB_PKGS)) >/dev/null || exit 1; \
	  else \
	    echo "missing headers:$$missing"; \
	    echo "install them with: sudo apt-get install $(DEB_PKGS)"; exit 1; \
	  fi; \
	fi
	@touch $@

deps: $(DEPS_STAMP)

$(BUILD)/obj/%.o: engine/%.c $(HDR) | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

OBJ     = $(SRC:engine/%.c=$(BUILD)/obj/%.o)
LIB_OBJ = $(LIB_SRC:engine/%.c=$(BUILD)/obj/%.o)

$(BUILD)/opgap: $(OBJ) | $(MO_FILES)
	$(CC) $(ALL_CFLAGS) -o $@ $(OBJ) $(LDLIBS)

$(BUILD)/libopgap.a: $(LIB_OBJ)
	rm -f $@ && ar rcs $@ $(LIB_OBJ)

$(BUILD)/unit: $(UNIT_SRC) $(BUILD)/libopgap.a $(wildcard tests/unit/*.h)
	$(CC) $(ALL_CFLAGS) -Itests/unit -o $@ $(UNIT_SRC) $(BUILD)/libopgap.a $(LDLIBS) -lcunit

# ---- tests ---------------------------------------------------------------
unit: $(BUILD)/unit $(MO_FILES)
	$(BUILD)/unit

rules-check: $(BUILD)/opgap
	$(BUILD)/opgap rules lint
	$(BUILD)/opgap rules lint --lang es
	$(BUILD)/opgap rules test

e2e: $(BUILD)/opgap sarif-tools
	OPGAP=$(BUILD)/opgap sh tests/e2e/run.sh

# SARIF 2.1.0 schema validation (tests/e2e/scan-sarif.test.sh): Ajv and the
# schema from npm, installed once into $(SARIF_TOOLS); node and npm come
# from Debian when missing and running as root. When they cannot be had,
# the test says SKIPPED (not passed).
SARIF_TOOLS ?= $(abspath $(BUILD))/sarif-tools
export OPGAP_SARIF_TOOLS ?= $(SARIF_TOOLS)
SARIF_NPM = ajv@8.17.1 ajv-draft-04@1.0.0 ajv-formats@3.0.1 @microsoft/jest-sarif@1.0.0-beta.0
sarif-tools:
	@if [ -d "$(SARIF_TOOLS)/node_modules/ajv-draft-04" ]; then exit 0; fi; \
	if ! command -v npm >/dev/null && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "installing nodejs npm (for SARIF schema validation)"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm) >/dev/null 2>&1 || true; \
	fi; \
	if command -v npm >/dev/null; then \
	  mkdir -p "$(SARIF_TOOLS)" && \
	  npm install --no-audit --no-fund --loglevel=error --prefix "$(SARIF_TOOLS)" $(SARIF_NPM) >/dev/null 2>&1 || \
	  echo "sarif-tools: npm install failed: SARIF validation will be SKIPPED (not passed)"; \
	else \
	  echo "sarif-tools: npm not available: SARIF validation will be SKIPPED (not passed)"; \
	fi

# Agreement: opgap's findings against what the Committee found
# (tests/agreement/*.yaml, read by tests/agreement/agree.c).
$(BUILD)/agree: tests/agreement/agree.c $(BUILD)/libopgap.a $(HDR)
	$(CC) $(ALL_CFLAGS) -o $@ tests/agreement/agree.c $(BUILD)/libopgap.a $(LDLIBS)

agreement: $(BUILD)/opgap $(BUILD)/agree
	OPGAP=$(BUILD)/opgap AGREE=$(BUILD)/agree sh tests/agreement/run.sh

# The committed reports/ must be what rules/ and statutes/ give now.
reports-current: $(BUILD)/opgap
	sh reports/check-current.sh $(BUILD)/opgap

# Hostile inputs: exit 2, the exact FILE:LINE:COL message, output untouched.
hostile: $(BUILD)/opgap
	OPGAP=$(BUILD)/opgap sh tests/hostile/run.sh

# `opgap schema` validates every shipped file and rejects the hostile typos.
schema: $(BUILD)/opgap
	OPGAP=$(BUILD)/opgap sh tests/schema/run.sh

# ---- fuzzing (libFuzzer, clang) -------------------------------------------
# One harness per loader in fuzz/, seeded from the shipped files.
#   make fuzz FUZZ_SECONDS=600    each harness for that long (corpus kept in
#                                 $(BUILD)/fuzz/corpus-NAME, crashes in
#                                 $(BUILD)/fuzz/)
#   make fuzz-smoke               each for FUZZ_SMOKE seconds (make test)
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_SMOKE   ?= 5
FUZZ_FLAGS   = -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined \
               -fno-sanitize-recover=all -Iengine -DOPGAP_DATADIR='"$(DATADIR)"'
FUZZ_NAMES   = profile rules cond $(if $(wildcard engine/scan/*.c),scan) statute
FUZZ_BINS    = $(FUZZ_NAMES:%=$(BUILD)/fuzz/fuzz_%)

fuzz-deps: | $(DEPS_STAMP)
	@command -v $(FUZZ_CC) >/dev/null && \
	  [ -n "$$(ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a 2>/dev/null)" ] || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing clang libclang-rt-14-dev (libFuzzer)"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	      apt-get install -y -qq clang libclang-rt-14-dev) >/dev/null || exit 1; \
	  else echo "install them with: sudo apt-get install clang libclang-rt-14-dev"; exit 1; fi; }

$(BUILD)/fuzz/fuzz_%: fuzz/fuzz_%.c $(LIB_SRC) $(HDR) | fuzz-deps
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $< $(LIB_SRC) $(LDLIBS)

# Seeds: profile <- profiles; rules <- rule files; cond <- the conditions
# of the fixture rules; scan <- the invented texts of the tests (our own
# words: no statute text is copied into the repository).
$(BUILD)/fuzz/seeds-%: | fuzz-deps
	@rm -rf $@ && mkdir -p $@
	@case $* in \
	  profile) cp tests/fixtures/profiles/*.yaml $@/; \
	           find statutes -name '*.yaml' | head -n 40 | while read f; do cp "$$f" $@/$$(echo "$$f" | tr / _); done ;; \
	  rules) cp tests/fixtures/rules/csam.yaml $@/fixture-csam.yaml; cp rules/age.yaml rules/csam.yaml rules/sale.yaml $@/ ;; \
	  cond) i=0; grep -h 'when: {' tests/fixtures/rules/csam.yaml rules/*.yaml | head -n 200 | \
	        sed 's/.*when: //; s/, because:.*//' | while IFS= read -r c; do i=$$((i+1)); printf '%s\n' "$$c" >$@/c$$i.yaml; done ;; \
	  scan) find tests/fixtures/texts tests/fixtures/lint/texts tests/e2e/cases -name '*.txt' -o -name '*.md' | \
	        sort | while read f; do cp "$$f" $@/$$(echo "$$f" | tr / _); done; \
	        printf 'Sec. 2. A visual depiction of a minor\n' >$@/seed.txt ;; \
	  statute) for f in tests/fixtures/lint/texts/testland/*; do \
	             { sed -n 's/^ *cite: //p' tests/fixtures/lint/pass.yaml | head -n 1; cat "$$f"; } \
	               >$@/$$(basename "$$f"); done ;; \
	esac

fuzz: $(FUZZ_BINS) $(FUZZ_NAMES:%=$(BUILD)/fuzz/seeds-%)
	@for n in $(FUZZ_NAMES); do \
	  mkdir -p $(BUILD)/fuzz/corpus-$$n; \
	  echo "fuzz_$$n: $(FUZZ_SECONDS) s"; \
	  ASAN_OPTIONS=detect_leaks=1 $(BUILD)/fuzz/fuzz_$$n -max_total_time=$(FUZZ_SECONDS) \
	    -max_len=65536 -timeout=10 -rss_limit_mb=4096 -artifact_prefix=$(BUILD)/fuzz/$$n- \
	    -print_final_stats=1 $(BUILD)/fuzz/corpus-$$n $(BUILD)/fuzz/seeds-$$n 2>$(BUILD)/fuzz/$$n.log || \
	    { tail -n 40 $(BUILD)/fuzz/$$n.log; exit 1; }; \
	  grep -E 'stat::number_of_executed_units' $(BUILD)/fuzz/$$n.log; \
	done

fuzz-smoke:
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=$(FUZZ_SMOKE)

# The same suites, built with AddressSanitizer and UndefinedBehaviorSanitizer.
asan: | $(DEPS_STAMP)
	$(MAKE) --no-print-directory BUILD=$(BUILD)/asan \
	  CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	  $(BUILD)/asan/opgap $(BUILD)/asan/unit $(LANGS:%=$(BUILD)/asan/locale/%/LC_MESSAGES/opgap.mo)
	ASAN_OPTIONS=detect_leaks=1 $(BUILD)/asan/unit >/dev/null
	ASAN_OPTIONS=detect_leaks=1 OPGAP=$(BUILD)/asan/opgap sh tests/e2e/run.sh >/dev/null
	ASAN_OPTIONS=detect_leaks=1 OPGAP=$(BUILD)/asan/opgap sh tests/hostile/run.sh >/dev/null
	ASAN_OPTIONS=detect_leaks=1 $(BUILD)/asan/opgap rules test >/dev/null
	@echo "asan+ubsan: unit, e2e and rule tests clean"

# memcheck over the unit tests, every shipped profile, and the whole
# end-to-end suite (through a wrapper that runs each opgap call under
# valgrind; an error or a definite leak exits 99 and fails the case). Two
# jobs side by side, one core each: the profiles, the unit tests and a
# third of the end-to-end suite; and its other two thirds.
VALGRIND = valgrind -q --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=99
valgrind: $(BUILD)/opgap $(BUILD)/unit
	@command -v valgrind >/dev/null || { echo "SKIP valgrind: valgrind is not installed"; exit 0; }; \
	printf '#!/bin/sh\nexec $(VALGRIND) %s "$$@"\n' "$(abspath $(BUILD))/opgap" >$(BUILD)/opgap-valgrind; \
	chmod +x $(BUILD)/opgap-valgrind; \
	( for p in $$(find statutes -name '*.yaml' | sort); do \
	    $(VALGRIND) $(BUILD)/opgap check --fail-on none $$p >/dev/null || { echo "FAIL valgrind: $$p"; exit 1; }; \
	  done; \
	  $(VALGRIND) $(BUILD)/unit >/dev/null || { echo "FAIL valgrind: unit"; exit 1; }; \
	  E2E_SHARD=0/3 OPGAP=$(BUILD)/opgap-valgrind sh tests/e2e/run.sh ) >$(BUILD)/valgrind-e2e-0.log 2>&1 & \
	{ E2E_SHARD=1/3 OPGAP=$(BUILD)/opgap-valgrind sh tests/e2e/run.sh >$(BUILD)/valgrind-e2e-1.log 2>&1; r1=$$?; \
	  E2E_SHARD=2/3 OPGAP=$(BUILD)/opgap-valgrind sh tests/e2e/run.sh >$(BUILD)/valgrind-e2e-2.log 2>&1; \
	  [ $$? = 0 ] && [ $$r1 = 0 ]; }; rc1=$$?; \
	wait $$!; rc0=$$?; \
	if [ $$rc0 != 0 ] || [ $$rc1 != 0 ]; then \
	  tail -n 20 $(BUILD)/valgrind-e2e-0.log $(BUILD)/valgrind-e2e-1.log $(BUILD)/valgrind-e2e-2.log; exit 1; fi; \
	tail -q -n 1 $(BUILD)/valgrind-e2e-0.log $(BUILD)/valgrind-e2e-1.log $(BUILD)/valgrind-e2e-2.log | \
	  awk '{ p += $$2; f += $$4; k += $$6 } END { printf "e2e under valgrind: %d passed, %d failed, %d skipped\n", p, f, k }'; \
	echo "valgrind: 0 bytes definitely lost, no invalid reads or writes (unit, profiles, e2e)"

# The engine's files call each other in one direction (no cycle).
layers: $(BUILD)/opgap
	sh tests/layers.sh $(BUILD)/obj

# Each suite runs through tests/count.sh, which records how many tests it
# passed, failed and skipped (a suite without its own count is one test);
# the last line gives the totals, "N passed, N failed, K skipped".
COUNT = sh tests/count.sh
TEST_SUITES = layers unit rules-check po-check e2e hostile schema no-copies install-check \
              fuzz-smoke agreement reports-current asan valgrind browser
test: $(BUILD)/opgap
	@rm -f $(BUILD)/test-counts
	@for s in $(TEST_SUITES); do \
	  OPGAP_COUNTS=$(abspath $(BUILD))/test-counts $(COUNT) $$s \
	    $(MAKE) --no-print-directory $$s || { $(COUNT) --total $(BUILD)/test-counts; exit 1; }; \
	done
	@$(COUNT) --total $(BUILD)/test-counts

# No tracked file holds a run of 400 characters copied from ../shared (the
# statute texts and sources are read there, never copied here). Without
# ../shared or python3: SKIP.
no-copies:
	@if command -v python3 >/dev/null; then python3 tests/no-shared-copies.py; \
	else echo "SKIP no-shared-copies: python3 not found"; fi

# The HTML matrix in headless Chromium (Debian's chromium package, installed
# here when running as root and missing). Without it the test prints
# SKIPPED, never passed.
browser: $(BUILD)/opgap
	@if ! command -v chromium >/dev/null && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "installing chromium for the browser test"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null 2>&1 || \
	    echo "browser: could not install chromium"; \
	fi
	sh tests/browser/run.sh $(BUILD)/opgap $(BUILD)/browser

# ---- reports ---------------------------------------------------------------
report: $(BUILD)/opgap
	sh reports/make-reports.sh $(BUILD)/opgap

# ---- install ---------------------------------------------------------------
# The installed binary is linked with a cli.o compiled for this PREFIX's
# DATADIR (the only file that reads OPGAP_DATADIR), so it finds its rules
# wherever it runs, whatever PREFIX the build directory was made with.
install: $(OBJ) $(MO_FILES)
	$(CC) $(ALL_CFLAGS) -c engine/cli.c -o $(BUILD)/cli-install.o
	$(CC) $(ALL_CFLAGS) -o $(BUILD)/opgap-install \
	  $(filter-out $(BUILD)/obj/cli.o,$(OBJ)) $(BUILD)/cli-install.o $(LDLIBS)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(DATADIR)/rules/facts \
	  $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BUILD)/opgap-install $(DESTDIR)$(PREFIX)/bin/opgap
	install -m 644 rules/*.yaml $(DESTDIR)$(DATADIR)/rules/
	install -m 644 rules/facts/*.yaml $(DESTDIR)$(DATADIR)/rules/facts/
	install -m 644 opgap.1 $(DESTDIR)$(PREFIX)/share/man/man1/opgap.1
	for l in $(LANGS); do \
	  install -d $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES $(DESTDIR)$(DATADIR)/rules/$$l/facts; \
	  install -m 644 $(BUILD)/locale/$$l/LC_MESSAGES/opgap.mo $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/; \
	  ! ls rules/$$l/*.yaml >/dev/null 2>&1 || install -m 644 rules/$$l/*.yaml $(DESTDIR)$(DATADIR)/rules/$$l/; \
	  ! ls rules/$$l/facts/*.yaml >/dev/null 2>&1 || install -m 644 rules/$$l/facts/*.yaml $(DESTDIR)$(DATADIR)/rules/$$l/facts/; \
	done

# Installs into a fresh prefix, then runs the installed binary from / .
install-check: $(OBJ)
	@p=$$(mktemp -d) && root=$$(pwd) && \
	$(MAKE) --no-print-directory -s install BUILD=$(BUILD) PREFIX=$$p >/dev/null && \
	(cd / && $$p/bin/opgap check --fail-on none \
	  $$root/statutes/reference/model.yaml >$$p/report.txt) && \
	grep -q 'OPSC gap report' $$p/report.txt && \
	[ -f $$p/share/opgap/rules/sources.yaml ] && \
	{ ! command -v man >/dev/null || \
	  MANWIDTH=80 man -l $$p/share/man/man1/opgap.1 2>/dev/null | grep -q 'EXIT STATUS'; } && \
	rm -rf $$p && echo "install: the installed binary finds its rules from /; man page reads"

clean:
	rm -rf $(BUILD)
