# SPDX-License-Identifier: GPL-2.0
# User-facing targets. The module itself is described in Kbuild; this file is
# only read when make is run in this directory (kbuild prefers Kbuild).

KVER ?= $(shell uname -r)
KDIR ?= /lib/modules/$(KVER)/build
MODULE := sastrace.ko

.PHONY: all modules reader clean load unload check demo install-deps kunit bench fuzz

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

bench:
	tests/bench/run.sh

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
