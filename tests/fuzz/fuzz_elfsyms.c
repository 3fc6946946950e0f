// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target: the ELF parsing behind symbol names for callers
 * (userspace/elfsym.c: sastrace_elf_syms_load() and
 * sastrace_elf_syms_find(), as userspace/symbols.c calls them) on hostile
 * ELF files: the input is the file, its debug files looked for in the
 * target's scratch directory (SASTRACE_FUZZ_TMP).
 *
 * Oracles besides ASan/UBSan on elfsym.c (libelf itself is Debian's, not
 * instrumented): a table loaded has segments and functions, sorted by
 * address, each name inside the names and NUL-terminated there; every
 * lookup (of offsets taken from the input, and of each function's own
 * start) returns a name from the table, and an offset into the function
 * within its size (or its section, for a size not known).
 */
#define _GNU_SOURCE	/* memfd_create() */
#include "fuzz.h"
#include "elfsym.h"

static const char *scratch(void)
{
	const char *t = getenv("SASTRACE_FUZZ_TMP");

	return t && *t ? t : "/nonexistent";
}

static void check_find(const struct sastrace_elf_syms *s,
		       unsigned long long off)
{
	unsigned long long sym_off = 0xfeed;
	const char *name = NULL;
	size_t i;

	if (!sastrace_elf_syms_find(s, off, &name, &sym_off))
		return;
	if (!name || name < s->names || name >= s->names + s->names_len)
		fuzz_fail("offset %#llx: a name outside the table", off);
	for (i = 0; i < s->nfuncs; i++) {
		const struct sastrace_elf_func *f = &s->funcs[i];

		if (s->names + f->name != name)
			continue;
		if (f->size ? sym_off < f->size : f->addr + sym_off < f->end)
			return;
	}
	fuzz_fail("offset %#llx: %s+%#llx is past that function", off, name,
		  sym_off);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sastrace_elf_syms s;
	char path[64];
	int fd = fuzz_file(data, size, path, sizeof(path));
	size_t i;

	if (sastrace_elf_syms_load(fd, scratch(), "/", scratch(), &s)) {
		if (s.funcs || s.names || s.nfuncs)
			fuzz_fail("a failed load left a table");
		close(fd);
		return 0;
	}
	if (!s.nload || s.nload > SASTRACE_ELF_LOADS || !s.nfuncs)
		fuzz_fail("loaded with %u segments, %zu functions", s.nload,
			  s.nfuncs);
	for (i = 0; i < s.nfuncs; i++) {
		const struct sastrace_elf_func *f = &s.funcs[i];

		if (i && f->addr < s.funcs[i - 1].addr)
			fuzz_fail("functions out of order at %zu", i);
		if (f->name >= s.names_len ||
		    !memchr(s.names + f->name, '\0', s.names_len - f->name))
			fuzz_fail("function %zu: name outside the table", i);
	}
	/* Each function's start, through the segment that maps it. */
	for (i = 0; i < s.nfuncs && i < 256; i++) {
		unsigned int k;

		for (k = 0; k < s.nload; k++) {
			if (s.funcs[i].addr - s.load[k].vaddr < s.load[k].filesz)
				check_find(&s, s.funcs[i].addr - s.load[k].vaddr +
					   s.load[k].offset);
		}
	}
	/* Offsets the input itself holds. */
	for (i = 0; i + 8 <= size && i < 512; i += 8) {
		unsigned long long off;

		memcpy(&off, data + i, 8);
		check_find(&s, off);
		check_find(&s, off & 0xffff);
	}
	sastrace_elf_syms_free(&s);
	close(fd);
	return 0;
}
