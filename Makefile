# cb: a C toolkit for crypto pump detection and trading.
#   make                    build bin/cb-*
#   make demo               the whole job, offline, on the simulated market (./demo/)
#   make check              install missing Debian packages if root, build, run every test
#   make check-fast [TESTS="tests/60-validate.bats ..."]   unit tests and some bats files
#   make SANITIZE=address,undefined check
#   make install PREFIX=/usr/local
include config.mk

# lib/ is in layers (lib/README.md), each a static library:
#   core   lib/*.c        no external library
#   net    lib/net/*.c    HTTP and the exchanges' APIs (libcurl, jansson, libcrypto)
#   store  lib/store/*.c  the SQLite store
# A layer depends on the core only; scripts/check-layers proves it with nm.
LAYERS   := net store
CORE_OBJ := $(patsubst %.c,$(OBJDIR)/%.o,$(sort $(wildcard lib/*.c)))
layer_obj = $(patsubst %.c,$(OBJDIR)/%.o,$(sort $(wildcard lib/$(1)/*.c)))
layer_lib = $(OBJDIR)/libcb-$(1).a
CORE_LIB := $(OBJDIR)/libcb.a
ALL_LAYER_LIBS := $(foreach l,$(LAYERS),$(call layer_lib,$(l))) $(CORE_LIB)
ALL_LIBS := $(foreach l,$(LAYERS),$(LIBS_$(l))) $(LIBS_core)

# Tools by name; each is built from src/<area>/, where the area is the name
# unless AREA_<name> says otherwise (cb-order lives in src/trade/).
TOOLS    := detect fetch score validate backtest order notify report
AREA_order := trade
area      = $(or $(AREA_$(1)),$(1))
# The layers a tool uses: those whose headers its sources include
# (#include "net/http.h"). Its link line follows from them.
uses      = $(foreach l,$(LAYERS),$(if $(shell grep -ls '^\#include "$(l)/' \
              src/$(call area,$(1))/*.[ch]),$(l)))
BINS     := $(TOOLS:%=bin/cb-%)
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(OBJDIR)/tests/%)
BENCH_BIN := $(OBJDIR)/bench/gen-candles $(OBJDIR)/bench/json-baseline \
             $(OBJDIR)/bench/order-latency

all: $(BINS) bin/cb-run

# cb-run, the scheduled jobs (a bash script), beside the tools it runs.
bin/cb-run: scripts/cb-run
	@mkdir -p bin
	cp scripts/cb-run $@ && chmod 755 $@

# bin/ is shared by the plain and the sanitizer build: relink when the flavour changes.
FLAVOUR := $(if $(SANITIZE),san-$(SANITIZE),opt)
$(shell mkdir -p build; [ "$$(cat build/flavour 2>/dev/null)" = "$(FLAVOUR)" ] || echo "$(FLAVOUR)" > build/flavour)

# Before compiling anything: are the Debian packages there? `make check`
# installs the missing ones when run as root; every other goal names them
# with the install command and stops.
DEPS_MODE := $(if $(filter check deps demo,$(MAKECMDGOALS)),,--build)
deps:
	@scripts/deps $(DEPS_MODE)

$(OBJDIR)/%.o: %.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(CORE_LIB): $(CORE_OBJ)
	rm -f $@ && $(AR) rcs $@ $^

define layer_rule
$(call layer_lib,$(1)): $(call layer_obj,$(1))
	rm -f $$@ && $$(AR) rcs $$@ $$^
endef
$(foreach l,$(LAYERS),$(eval $(call layer_rule,$(l))))

# One rule per tool: its sources are everything in src/<area>/; it links the
# layers it uses, the core, and their external libraries.
define tool_rule
bin/cb-$(1): $$(patsubst %.c,$$(OBJDIR)/%.o,$$(wildcard src/$(call area,$(1))/*.c)) \
    $$(foreach l,$$(call uses,$(1)),$$(call layer_lib,$$(l))) $$(CORE_LIB) build/flavour
	@mkdir -p bin
	$$(CC) $$(ALL_CFLAGS) $$(ALL_LDFLAGS) -o $$@ $$(filter %.o %.a,$$^) \
	  $$(foreach l,$$(call uses,$(1)),$$(LIBS_$$(l))) $$(LIBS_tool_$(1)) $$(LIBS_core)
endef
$(foreach t,$(TOOLS),$(eval $(call tool_rule,$(t))))

# Unit tests and test helpers link every layer.
$(OBJDIR)/tests/%: tests/unit/%.c tests/unit/unit.h $(ALL_LAYER_LIBS) | deps
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(ALL_LAYER_LIBS) $(ALL_LIBS)

# Unit tests of cb-backtest's own files (tests/unit/test_backtest_*.c) link
# them too, all of src/backtest/ but its main.c.
BACKTEST_OBJ := $(patsubst %.c,$(OBJDIR)/%.o,$(filter-out src/backtest/main.c,\
                  $(sort $(wildcard src/backtest/*.c))))
BACKTEST_UNIT := $(filter $(OBJDIR)/tests/test_backtest_%,$(UNIT_BIN))
$(BACKTEST_UNIT): $(OBJDIR)/tests/%: tests/unit/%.c tests/unit/unit.h $(BACKTEST_OBJ) \
    $(ALL_LAYER_LIBS) | deps
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) -Isrc/backtest $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(BACKTEST_OBJ) \
	  $(ALL_LAYER_LIBS) $(ALL_LIBS)

# Unit tests of cb-notify's own files (tests/unit/test_notify_*.c) link
# them too, all of src/notify/ but its main.c.
NOTIFY_OBJ := $(patsubst %.c,$(OBJDIR)/%.o,$(filter-out src/notify/main.c,\
                  $(sort $(wildcard src/notify/*.c))))
NOTIFY_UNIT := $(filter $(OBJDIR)/tests/test_notify_%,$(UNIT_BIN))
$(NOTIFY_UNIT): $(OBJDIR)/tests/%: tests/unit/%.c tests/unit/unit.h $(NOTIFY_OBJ) \
    $(ALL_LAYER_LIBS) | deps
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) -Isrc/notify $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(NOTIFY_OBJ) \
	  $(ALL_LAYER_LIBS) $(ALL_LIBS)

# The fake exchange the cb-fetch and cb-order tests run against
# (tests/fake-exchange/README.md); libcrypto checks the trading signatures.
$(OBJDIR)/tests/fake-exchange: $(wildcard tests/fake-exchange/*.c tests/fake-exchange/*.h) $(CORE_LIB) | deps
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $(filter %.c,$^) $(CORE_LIB) $(LIBS_core) -lcrypto

# The fake Telegram, Discord and webhook servers of cb-notify's tests, on the
# fake exchange's HTTP server (tests/fake-notify/main.c).
$(OBJDIR)/tests/fake-notify: tests/fake-notify/main.c tests/fake-exchange/server.c \
    tests/fake-exchange/server.h $(CORE_LIB) | deps
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) -Itests/fake-exchange $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ \
	  $(filter %.c,$^) $(CORE_LIB) $(LIBS_core)

# The fault-injection shim the fault tests preload (tests/inject/inject.c).
$(OBJDIR)/tests/inject.so: tests/inject/inject.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) -D_GNU_SOURCE -std=c11 $(WARN) $(CFLAGS) -fPIC -shared -o $@ $< -ldl

$(OBJDIR)/bench/gen-candles: bench/gen-candles.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(LIBS_core)

# The decision path of cb-order --live, timed (bench/order-latency.c).
$(OBJDIR)/bench/order-latency: bench/order-latency.c $(ALL_LAYER_LIBS) | deps
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(ALL_LAYER_LIBS) $(ALL_LIBS)

$(OBJDIR)/bench/json-baseline: bench/json-baseline.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< -ljansson $(LIBS_core)

# Fuzzing (tests/fuzz/README.md): each tests/fuzz/fuzz_*.c is a libFuzzer
# target built by clang with ASan and UBSan against every layer of lib/,
# itself built again in build/fuzz. make fuzz FUZZ_SECONDS=N runs each for
# N seconds from its seed corpus in tests/fuzz/corpus/<target>/.
FUZZ_SECONDS ?= 10
FUZZ_CC      ?= clang
FUZZ_DIR     := build/fuzz
FUZZ_FLAGS   := -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_SRC     := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN     := $(FUZZ_SRC:tests/fuzz/%.c=$(FUZZ_DIR)/%)
FUZZ_LIBS    := $(foreach l,$(LAYERS),$(FUZZ_DIR)/libcb-$(l).a) $(FUZZ_DIR)/libcb.a
fuzz_obj      = $(patsubst %.c,$(FUZZ_DIR)/%.o,$(sort $(wildcard $(1)*.c)))

$(FUZZ_DIR)/lib/%.o: lib/%.c | deps
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(ALL_CPPFLAGS) -std=c11 $(WARN) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_DIR)/libcb.a: $(call fuzz_obj,lib/)
	rm -f $@ && $(AR) rcs $@ $^
$(foreach l,$(LAYERS),$(eval $(FUZZ_DIR)/libcb-$(l).a: $(call fuzz_obj,lib/$(l)/) ; rm -f $$@ && $$(AR) rcs $$@ $$^))

$(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_LIBS) | deps
	$(FUZZ_CC) $(ALL_CPPFLAGS) -std=c11 $(WARN) $(FUZZ_FLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_LIBS) $(ALL_LIBS) $(FUZZ_EXTRA_LIBS)

# fuzz_import compiles cb-fetch's import.c in, with its libraries.
$(FUZZ_DIR)/fuzz_import: src/fetch/import.c src/fetch/fetch.h
$(FUZZ_DIR)/fuzz_import: FUZZ_EXTRA_LIBS = $(LIBS_tool_fetch)

fuzz: $(FUZZ_BIN)
	@scripts/run-fuzz $(FUZZ_SECONDS) $(FUZZ_BIN)

# The layers depend downward only (lib/README.md).
layers: $(ALL_LAYER_LIBS)
	@scripts/check-layers $(CORE_LIB) $(foreach l,$(LAYERS),$(call layer_lib,$(l)))

# Crash and concurrency loops for the store's writers (scripts/torture);
# not part of make check: a few minutes.
torture: all
	@scripts/torture

unit: $(UNIT_BIN)
	@scripts/run-unit $(UNIT_BIN)

# make check fuzzes each target for a few seconds (FUZZ_SECONDS=N for longer).
check: FUZZ_SECONDS := $(if $(filter command line,$(origin FUZZ_SECONDS)),$(FUZZ_SECONDS),3)
check: deps all layers unit fuzz $(OBJDIR)/tests/fake-exchange $(OBJDIR)/tests/fake-notify \
    $(OBJDIR)/tests/inject.so
	@scripts/run-bats tests

# A quick loop while working: the unit tests and the bats files of TESTS
# (make check-fast TESTS=tests/60-validate.bats). make check before a merge.
TESTS ?= tests/00-smoke.bats tests/10-docs.bats tests/20-detect.bats tests/50-score.bats \
	tests/60-validate.bats tests/63-validate-queries.bats
check-fast: deps all unit $(OBJDIR)/tests/fake-exchange $(OBJDIR)/tests/fake-notify
	@scripts/run-bats $(TESTS)

bench: all $(BENCH_BIN) $(OBJDIR)/tests/fake-exchange
	bench/run
	bench/reader-run
	bench/fetch-run
	bench/import-run
	bench/validate-run
	bench/sim-run
	bench/backtest-run
	bench/order-run

# The whole job, offline, on the simulated market (scripts/demo; README).
demo: deps all
	@scripts/demo $(DEMO_DIR)

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
	  $(DESTDIR)$(MANDIR)/man7 \
	  $(DESTDIR)$(PREFIX)/share/bash-completion/completions $(DESTDIR)$(PREFIX)/share/zsh/site-functions
	install -m 755 $(BINS) bin/cb-run $(DESTDIR)$(PREFIX)/bin
	install -m 644 $(wildcard man/*.1) $(DESTDIR)$(MANDIR)/man1
	install -m 644 $(wildcard man/*.5) $(DESTDIR)$(MANDIR)/man5
	install -m 644 $(wildcard man/*.7) $(DESTDIR)$(MANDIR)/man7
	for t in $(TOOLS) run; do install -m 644 completions/cb.bash \
	  $(DESTDIR)$(PREFIX)/share/bash-completion/completions/cb-$$t; done
	install -m 644 completions/_cb $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_cb

clean:
	rm -rf bin build

.PHONY: all deps layers unit check check-fast bench fuzz torture demo install clean
-include $(shell find $(OBJDIR) -name '*.d' 2>/dev/null)
