// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target: the libelf symbol lookup behind `--uprobe PATH[:SYMBOL]`
 * (userspace/elfsym.c: sastrace_elf_symbol_offset()) on hostile ELF files:
 * the input is the file, looked up for "sigaltstack" and for "f1".
 *
 * Oracles: ASan/UBSan on elfsym.c (libelf itself is Debian's, not
 * instrumented: only what crashes it shows); a failure always explains
 * itself in @msg; a success leaves @msg alone.
 */
#define _GNU_SOURCE	/* memfd_create() */
#include "fuzz.h"
#include "elfsym.h"

static void lookup(const char *path, const char *symbol)
{
	unsigned long long off = 0xfeedULL;
	char msg[512];

	msg[0] = '\0';
	if (sastrace_elf_symbol_offset(path, symbol, &off, msg, sizeof(msg))) {
		if (!msg[0])
			fuzz_fail("'%s': failed without a reason", symbol);
	} else if (msg[0]) {
		fuzz_fail("'%s': found at %#llx, with a message: %s", symbol,
			  off, msg);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[64];
	int fd = fuzz_file(data, size, path, sizeof(path));

	lookup(path, "sigaltstack");
	lookup(path, "f1");
	close(fd);
	return 0;
}
