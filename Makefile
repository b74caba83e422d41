# ipctop — build, test, install.
#   make              build ./ipctop
#   make test         build with sanitizers and run every test
#   make install      install binary and man page (PREFIX, DESTDIR)
#   make bench        benchmark against ipcs, lsipc and cat
#   make screenshots  capture the TUI into screenshots/
#   make deps         install the Debian packages the build and tests need

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
CC ?= cc
PKG_CONFIG ?= pkg-config
VERSION := 0.1

PKGS := ncursesw libproc2 libmicrohttpd
PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS))
# libproc2 only for its headers: it is dlopen()ed when the signal state is
# wanted (src/collect/proc2.c), so --once does not map it and its
# dependencies (libsystemd, libgcrypt, liblzma, libzstd, liblz4) at start.
# libmicrohttpd likewise, by --listen (src/serve/http.c): linked, it maps
# GnuTLS and its kin into every run.
PKG_LIBS = $(shell $(PKG_CONFIG) --libs $(filter-out libproc2 libmicrohttpd,$(PKGS)))

CFLAGS ?= -O2 -g
WARN := -std=c11 -Wall -Wextra -Wpedantic -Werror
ALL_CFLAGS = $(WARN) $(CFLAGS) -Iinclude -Isrc $(PKG_CFLAGS) \
	-DIPCTOP_VERSION='"$(VERSION)"' -MMD -MP
LDLIBS_ALL = $(PKG_LIBS) -lpthread -lm

SRC := $(wildcard src/*/*.c)
MAIN := src/main.c

# Release build in build/rel, sanitizer build in build/san.
REL := build/rel
SAN := build/san
SANFLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all

.PHONY: all test unit e2e install uninstall bench screenshots deps clean \
	check-clang run

all: ipctop

# A copy would open the old binary for writing, which fails ("Text file
# busy") while it runs; a rename over it does not. The linkers and
# install(1) unlink their target first, so only copies need this.
ipctop: $(REL)/ipctop
	cp $< $@.tmp
	mv -f $@.tmp $@

$(REL)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(SAN)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(SANFLAGS) -c $< -o $@

$(REL)/libipctop.a: $(SRC:%.c=$(REL)/%.o)
	$(AR) rcs $@ $^

$(SAN)/libipctop.a: $(SRC:%.c=$(SAN)/%.o)
	$(AR) rcs $@ $^

$(REL)/ipctop: $(REL)/src/main.o $(REL)/libipctop.a
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS_ALL)

$(SAN)/ipctop: $(SAN)/src/main.o $(SAN)/libipctop.a
	$(CC) $(SANFLAGS) -o $@ $^ $(LDLIBS_ALL)

# Unit tests: one cmocka program per tests/unit/test_*.c.
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(SAN)/tests/%)

$(SAN)/tests/%: tests/unit/%.c $(SAN)/libipctop.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(SANFLAGS) -DFIXTURES='"$(CURDIR)/tests/fixtures"' \
		-o $@ $< $(SAN)/libipctop.a $(LDLIBS_ALL) -lcmocka

# Helper programs the end-to-end tests start (producers, waiters...).
HELPER_SRC := $(wildcard tests/e2e/*.c)
HELPER_BIN := $(HELPER_SRC:tests/e2e/%.c=$(SAN)/helpers/%)

$(SAN)/helpers/%: tests/e2e/%.c
	@mkdir -p $(dir $@)
	$(CC) $(WARN) -O1 -g -D_GNU_SOURCE -o $@ $< -lpthread

unit: $(UNIT_BIN)
	@set -e; for t in $(UNIT_BIN); do echo "== $$t"; $$t; done

e2e: $(SAN)/ipctop $(HELPER_BIN)
	IPCTOP=$(CURDIR)/$(SAN)/ipctop HELPERS=$(CURDIR)/$(SAN)/helpers \
		python3 tests/e2e/run.py

# Warnings-as-errors under clang too, when clang is installed.
check-clang:
	@if command -v clang >/dev/null 2>&1; then \
		echo "== clang -Werror build"; \
		$(MAKE) --no-print-directory CC=clang REL=build/clang build/clang/ipctop; \
	else echo "== clang not installed: skipping the clang build"; fi

test: check-clang fuzz-build unit e2e

run: ipctop
	./ipctop

install: ipctop
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 755 ipctop $(DESTDIR)$(BINDIR)/ipctop
	install -m 644 doc/ipctop.1 $(DESTDIR)$(MANDIR)/man1/ipctop.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/ipctop $(DESTDIR)$(MANDIR)/man1/ipctop.1

# The benchmark's object factory: 22,000 objects from C in well under a second.
$(REL)/bench/populate: tests/bench/populate.c
	@mkdir -p $(dir $@)
	$(CC) $(WARN) -O2 -o $@ $<

# Both ways of listing, timed against the floor (tests/bench/sources.c).
$(REL)/bench/sources: tests/bench/sources.c $(REL)/libipctop.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(REL)/libipctop.a $(LDLIBS_ALL)

bench: $(REL)/ipctop $(REL)/bench/populate $(REL)/bench/sources
	IPCTOP=$(CURDIR)/$(REL)/ipctop POPULATE=$(CURDIR)/$(REL)/bench/populate \
		SOURCES=$(CURDIR)/$(REL)/bench/sources bash tests/bench/run.sh

# Cost of the process views with 1,000 extra processes (README, "Processes").
.PHONY: bench-procs
$(REL)/bench/procs_refresh: tests/bench/procs_refresh.c $(REL)/libipctop.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(REL)/libipctop.a $(LDLIBS_ALL)

bench-procs: $(REL)/ipctop $(REL)/bench/procs_refresh $(SAN)/helpers/ipcwait
	IPCTOP=$(CURDIR)/$(REL)/ipctop HELPERS=$(CURDIR)/$(SAN)/helpers \
		REFRESH=$(CURDIR)/$(REL)/bench/procs_refresh bash tests/bench/procs.sh

# Cost of --ns all: 50 namespaces of 200 objects against nsenter ... ipcs
# once per namespace, the live view's refresh per namespace, and listing
# the namespaces with 1,000 extra processes (README, "IPC namespaces").
.PHONY: bench-ns
$(REL)/bench/ns_list: tests/bench/ns_list.c $(REL)/libipctop.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(REL)/libipctop.a $(LDLIBS_ALL)

$(REL)/bench/ns_refresh: tests/bench/ns_refresh.c $(REL)/libipctop.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(REL)/libipctop.a $(LDLIBS_ALL)

bench-ns: $(REL)/ipctop $(REL)/bench/populate $(REL)/bench/ns_refresh $(REL)/bench/ns_list
	IPCTOP=$(CURDIR)/$(REL)/ipctop POPULATE=$(CURDIR)/$(REL)/bench/populate \
		REFRESH=$(CURDIR)/$(REL)/bench/ns_refresh bash tests/bench/ns.sh
	$(REL)/bench/ns_list

screenshots: $(REL)/ipctop $(REL)/demo
	IPCTOP=$(CURDIR)/$(REL)/ipctop DEMO=$(CURDIR)/$(REL)/demo bash scripts/screenshots.sh

# Key latency of the live view with 20,000 objects (root: private namespace).
bench-tui: $(REL)/ipctop
	IPCTOP=$(CURDIR)/$(REL)/ipctop python3 tests/bench/tui_latency.py
.PHONY: bench-tui

# The demo workload the screenshots show (scripts/demo.sh starts it).
$(REL)/demo: scripts/demo.c
	@mkdir -p $(dir $@)
	$(CC) $(WARN) -O2 -g -o $@ $<

deps:
	bash scripts/deps.sh

clean:
	rm -rf build ipctop ipctop.tmp

-include $(shell find build -name '*.d' 2>/dev/null)

# Coverage-guided fuzzing of the parsers (needs clang): make fuzz FUZZ_SECONDS=60
# runs each target that long, seeded with the fixture files. fuzz_sysv:
# the /proc/sysvipc line parsers and sanitize(); fuzz_procs: the
# /proc/PID parsers. `make test` only builds them (fuzz-build), so they
# cannot fall behind the code they call.
FUZZ_SECONDS ?= 30
FUZZ := build/fuzz
FUZZ_FLAGS := -O1 -g -fsanitize=fuzzer,address,undefined
# The parsers live among the collectors, which the kind table ties to the
# column tables and to act/: every module but the screen's.
FUZZ_LIB_SRC := $(wildcard src/collect/*.c src/fields/*.c src/model/*.c src/act/*.c \
	src/util/*.c)
FUZZ_SYSV_SRC := $(FUZZ_LIB_SRC)
FUZZ_PROCS_SRC := $(FUZZ_LIB_SRC)
FUZZ_DEPS := $(wildcard include/ipctop/*.h src/collect/*.h)

$(FUZZ)/fuzz_sysv: tests/fuzz/fuzz_sysv.c $(FUZZ_SYSV_SRC) $(FUZZ_DEPS)
	@mkdir -p $(dir $@)
	clang $(WARN) $(FUZZ_FLAGS) -Iinclude -Isrc $(PKG_CFLAGS) -o $@ $< \
		$(FUZZ_SYSV_SRC) -lpthread

$(FUZZ)/fuzz_procs: tests/fuzz/fuzz_procs.c $(FUZZ_PROCS_SRC) $(FUZZ_DEPS)
	@mkdir -p $(dir $@)
	clang $(WARN) $(FUZZ_FLAGS) -Iinclude -Isrc $(PKG_CFLAGS) -o $@ $< \
		$(FUZZ_PROCS_SRC) -lpthread

# Built only where clang is: the harnesses need its libFuzzer.
fuzz-build:
	@if command -v clang >/dev/null 2>&1; then \
		$(MAKE) --no-print-directory $(FUZZ)/fuzz_sysv $(FUZZ)/fuzz_procs; \
	else echo "== clang not installed: not building the fuzz targets"; fi

# Each target's log is kept in build/fuzz/NAME.log; a crash fails make.
fuzz: $(FUZZ)/fuzz_sysv $(FUZZ)/fuzz_procs
	@set -e; for t in sysv:sysv:600 procs:proc:8192; do \
		name=$${t%%:*}; rest=$${t#*:}; dir=$${rest%%:*}; len=$${rest#*:}; \
		corpus=$(FUZZ)/corpus-$$name; mkdir -p $$corpus; \
		find tests/fixtures/$$dir -type f | while read -r f; do \
			cp "$$f" "$$corpus/seed-$$(echo "$$f" | tr / _)"; done; \
		echo "== fuzz_$$name, $(FUZZ_SECONDS) s"; \
		r=0; $(FUZZ)/fuzz_$$name -max_total_time=$(FUZZ_SECONDS) -max_len=$$len \
			-artifact_prefix=$(FUZZ)/ $$corpus >$(FUZZ)/$$name.log 2>&1 || r=$$?; \
		tail -3 $(FUZZ)/$$name.log; \
		[ $$r -eq 0 ] || { echo "fuzz_$$name failed: $(FUZZ)/$$name.log"; exit $$r; }; \
	done
.PHONY: fuzz fuzz-build
