# SPDX-License-Identifier: GPL-2.0
# User-facing targets. The module itself is described in Kbuild; this file is
# only read when make is run in this directory (kbuild prefers Kbuild).

KVER ?= $(shell uname -r)
KDIR ?= /lib/modules/$(KVER)/build
MODULE := sastrace.ko

.PHONY: all modules reader clean load unload check demo install-deps kunit bench bench-compare bench-baseline bench-reader fuzz deb

all: modules reader

modules:
	$(if $(wildcard $(KDIR)/Makefile),,$(error $(if $(filter command line environment,$(origin KDIR)),KDIR=$(KDIR) is no kernel build directory (it has no Makefile): pass the headers' directory (such as /usr/src/linux-headers-<kver>),no kernel headers in $(KDIR): install linux-headers-$(KVER) (apt-get install linux-headers-$(KVER)), or pass KDIR=<kernel build dir>)))
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

reader:
	$(MAKE) -C userspace

load: $(MODULE) reader
	userspace/sastrace load --module $(CURDIR)/$(MODULE)

unload:
	userspace/sastrace unload

$(MODULE):
	$(MAKE) modules

check:
	tests/check.sh

demo:
	tests/demo.sh

kunit:
	tests/kunit/run.sh

# make bench [SASTRACE_BENCH_KERNELS="6.1 6.12 7.3 6.1-rt arm64-7.3"]: see
# tests/bench/run.sh. bench-compare A=old.json B=new.json: the change per
# configuration. bench-baseline: rewrite tests/bench/baseline.json, the
# figures make check's bench smoke gates on (commit it with the reason).
bench:
	tests/bench/run.sh

bench-compare:
	$(if $(and $(A),$(B)),,$(error usage: make bench-compare A=OLD.json B=NEW.json))
	tests/bench/compare.py $(A) $(B)

bench-baseline:
	tests/bench/smoke.sh build/bench-baseline --update-baseline

# The reader's instructions per record with and without symbol names, on the
# host under callgrind (tests/bench/reader_cost.sh).
bench-reader:
	tests/bench/reader_cost.sh

install-deps:
	tests/lib/deps.sh

clean:
	-$(MAKE) -C $(KDIR) M=$(CURDIR) clean 2>/dev/null
	$(MAKE) -C userspace clean
	rm -f module/*.o module/.*.cmd

# The reader's parsers under libFuzzer (tests/fuzz/run.sh), each target for
# FUZZ_SECONDS; make check runs them with a short budget.
FUZZ_SECONDS ?= 60
fuzz:
	tests/fuzz/run.sh $(FUZZ_SECONDS)

# Debian packages (debian/): sastrace-dkms (the module's sources, built by
# DKMS) and sastrace (the reader). dpkg-buildpackage writes next to the
# source tree, so it builds an export of this one (git's tracked and
# not-ignored files, uncommitted changes included) in DEB_OUT/src, and the
# .debs, .changes and .buildinfo are moved to DEB_OUT. The version has one
# home, dkms.conf: debian/changelog must name the same.
DEB_OUT ?= build/deb
deb:
	@set -e; \
	for t in dpkg-buildpackage dpkg-parsechangelog dh dh_dkms dh_bash-completion; do \
		command -v $$t >/dev/null || { echo "make deb: $$t is missing: run make install-deps (dpkg-dev, debhelper, dh-dkms, bash-completion)" >&2; exit 1; }; \
	done; \
	v=$$(sed -n 's/^PACKAGE_VERSION="\([^"]*\)"$$/\1/p' dkms.conf); \
	d=$$(dpkg-parsechangelog -S Version); \
	if [ "$$v" != "$$d" ]; then \
		echo "make deb: debian/changelog's version is $$d, dkms.conf's PACKAGE_VERSION $$v: they must be equal (dch -v $$v, or fix dkms.conf)" >&2; \
		exit 1; \
	fi; \
	out=$(abspath $(DEB_OUT)); src=$$out/src/sastrace-$$v; \
	rm -rf "$$out/src"; \
	rm -f "$$out"/sastrace*_*.deb "$$out"/sastrace_*.changes "$$out"/sastrace_*.buildinfo; \
	mkdir -p "$$src"; \
	if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then \
		git ls-files -z --cached --others --exclude-standard | \
		xargs -0 sh -c 'for f; do if [ -e "$$f" ] || [ -L "$$f" ]; then printf "%s\0" "$$f"; fi; done' sh | \
		tar --null -T - -cf - | tar -xf - -C "$$src"; \
	else \
		tar --exclude=./build --exclude=./.git -cf - . | tar -xf - -C "$$src"; \
		find "$$src" \( -name '*.o' -o -name '*.ko' -o -name '*.cmd' -o -name '*.mod' \
			-o -name '*.mod.c' -o -name '*.d' -o -name Module.symvers \
			-o -name modules.order \) -delete; \
		rm -f "$$src/userspace/sastrace"; \
	fi; \
	(cd "$$src" && dpkg-buildpackage -b -us -uc); \
	mv "$$out"/src/*.deb "$$out"/src/*.changes "$$out"/src/*.buildinfo "$$out"/; \
	rm -rf "$$out/src"; \
	echo "make deb: in $$out:"; \
	cd "$$out" && ls -1 sastrace*_"$$v"_*
