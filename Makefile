# cb: a C toolkit for crypto pump detection and trading.
#   make                    build bin/cb-*
#   make check              install missing Debian packages if root, build, run every test
#   make SANITIZE=address,undefined check
#   make install PREFIX=/usr/local
include config.mk

LIB_SRC  := $(sort $(wildcard lib/*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(OBJDIR)/%.o)
# Tools by name; each is built from src/<area>/, where the area is the name
# unless AREA_<name> says otherwise (cb-order lives in src/trade/).
TOOLS    := detect fetch score validate
AREA_order := trade
area      = $(or $(AREA_$(1)),$(1))
BINS     := $(TOOLS:%=bin/cb-%)
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(OBJDIR)/tests/%)
BENCH_BIN := $(OBJDIR)/bench/gen-candles $(OBJDIR)/bench/json-baseline

all: $(BINS)

# bin/ is shared by the plain and the sanitizer build: relink when the flavour changes.
FLAVOUR := $(if $(SANITIZE),san-$(SANITIZE),opt)
$(shell mkdir -p build; [ "$$(cat build/flavour 2>/dev/null)" = "$(FLAVOUR)" ] || echo "$(FLAVOUR)" > build/flavour)

$(OBJDIR)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

$(OBJDIR)/libcb.a: $(LIB_OBJ)
	$(AR) rcs $@ $^

# One rule per tool: its sources are everything in src/<area>/.
define tool_rule
bin/cb-$(1): $$(patsubst %.c,$$(OBJDIR)/%.o,$$(wildcard src/$(call area,$(1))/*.c)) $$(OBJDIR)/libcb.a build/flavour
	@mkdir -p bin
	$$(CC) $$(CFLAGS) $$(LDFLAGS) -o $$@ $$(filter %.o %.a,$$^) $$(LDLIBS_$(1)) $$(LDLIBS)
endef
$(foreach t,$(TOOLS),$(eval $(call tool_rule,$(t))))

$(OBJDIR)/tests/%: tests/unit/%.c tests/unit/unit.h $(OBJDIR)/libcb.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(OBJDIR)/libcb.a $(LDLIBS)

# The fake Binance REST API the cb-fetch tests run against (tests/fake-exchange/README.md).
$(OBJDIR)/tests/fake-exchange: $(wildcard tests/fake-exchange/*.c tests/fake-exchange/*.h) $(OBJDIR)/libcb.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $(filter %.c,$^) $(OBJDIR)/libcb.a $(LDLIBS)

$(OBJDIR)/bench/gen-candles: bench/gen-candles.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LDLIBS)

$(OBJDIR)/bench/json-baseline: bench/json-baseline.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< -ljansson $(LDLIBS)

deps:
	@scripts/deps

unit: $(UNIT_BIN)
	@scripts/run-unit $(UNIT_BIN)

check: deps all unit $(OBJDIR)/tests/fake-exchange
	@scripts/run-bats tests

bench: all $(BENCH_BIN) $(OBJDIR)/tests/fake-exchange
	bench/run
	bench/fetch-run
	bench/import-run
	bench/validate-run
	bench/sim-run

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
	  $(DESTDIR)$(PREFIX)/share/bash-completion/completions $(DESTDIR)$(PREFIX)/share/zsh/site-functions
	install -m 755 $(BINS) $(DESTDIR)$(PREFIX)/bin
	install -m 644 $(wildcard man/*.1) $(DESTDIR)$(MANDIR)/man1
	install -m 644 $(wildcard man/*.5) $(DESTDIR)$(MANDIR)/man5
	for t in $(TOOLS); do install -m 644 completions/cb.bash \
	  $(DESTDIR)$(PREFIX)/share/bash-completion/completions/cb-$$t; done
	install -m 644 completions/_cb $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_cb

clean:
	rm -rf bin build

.PHONY: all deps unit check bench install clean
-include $(LIB_OBJ:.o=.d) $(wildcard $(OBJDIR)/src/*/*.d)
