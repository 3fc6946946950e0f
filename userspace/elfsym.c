// SPDX-License-Identifier: GPL-2.0
/*
 * A function's file offset in an ELF file: the symbol's value (from
 * .dynsym, else .symtab) mapped through the PT_LOAD segment holding it,
 *
 *	offset = st_value - p_vaddr + p_offset
 *
 * which is what uprobe_register() wants.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <gelf.h>
#include <libelf.h>
#include "elfsym.h"

/* A defined symbol named @symbol (or "@symbol@VERSION") in section @scn. */
static bool find_in(Elf *elf, Elf_Scn *scn, const char *symbol,
		    GElf_Addr *value)
{
	size_t len = strlen(symbol), i, n;
	Elf_Data *data = NULL;
	GElf_Shdr sh;
	GElf_Sym sym;
	const char *name;

	if (!gelf_getshdr(scn, &sh) || !sh.sh_entsize)
		return false;
	n = sh.sh_size / sh.sh_entsize;
	while ((data = elf_getdata(scn, data))) {
		for (i = 0; i < n; i++) {
			if (!gelf_getsym(data, (int)i, &sym))
				break;
			if (sym.st_shndx == SHN_UNDEF || !sym.st_value ||
			    GELF_ST_TYPE(sym.st_info) != STT_FUNC)
				continue;
			name = elf_strptr(elf, sh.sh_link, sym.st_name);
			if (!name || strncmp(name, symbol, len) ||
			    (name[len] && name[len] != '@'))
				continue;
			*value = sym.st_value;
			return true;
		}
	}
	return false;
}

/**
 * sastrace_elf_symbol_offset() - the file offset of a function
 * @path:   the ELF file
 * @symbol: the function's name
 * @offset: set to its file offset
 * @msg:    on failure, the reason (without the "sastrace: " prefix)
 * @size:   size of @msg
 *
 * Return: 0, or -1 with @msg filled in.
 */
int sastrace_elf_symbol_offset(const char *path, const char *symbol,
			       unsigned long long *offset, char *msg,
			       size_t size)
{
	static const Elf64_Word types[] = { SHT_DYNSYM, SHT_SYMTAB };
	GElf_Addr value = 0;
	bool found = false;
	Elf_Scn *scn;
	size_t i, nph;
	GElf_Shdr sh;
	GElf_Phdr ph;
	Elf *elf = NULL;
	int fd, ret = -1;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(msg, size, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (elf_version(EV_CURRENT) == EV_NONE) {
		snprintf(msg, size, "libelf: %s", elf_errmsg(-1));
		goto out;
	}
	elf = elf_begin(fd, ELF_C_READ, NULL);
	if (!elf || elf_kind(elf) != ELF_K_ELF) {
		snprintf(msg, size, "%s: not an ELF file", path);
		goto out;
	}
	for (i = 0; i < sizeof(types) / sizeof(types[0]) && !found; i++) {
		scn = NULL;
		while (!found && (scn = elf_nextscn(elf, scn))) {
			if (gelf_getshdr(scn, &sh) && sh.sh_type == types[i])
				found = find_in(elf, scn, symbol, &value);
		}
	}
	if (!found) {
		snprintf(msg, size, "%s: no function symbol '%s'", path,
			 symbol);
		goto out;
	}
	if (elf_getphdrnum(elf, &nph)) {
		snprintf(msg, size, "%s: no program headers", path);
		goto out;
	}
	for (i = 0; i < nph; i++) {
		if (!gelf_getphdr(elf, (int)i, &ph) || ph.p_type != PT_LOAD)
			continue;
		if (value >= ph.p_vaddr && value < ph.p_vaddr + ph.p_filesz) {
			*offset = value - ph.p_vaddr + ph.p_offset;
			ret = 0;
			goto out;
		}
	}
	snprintf(msg, size, "%s: symbol '%s' (%#llx) is in no loadable segment",
		 path, symbol, (unsigned long long)value);
out:
	if (elf)
		elf_end(elf);
	close(fd);
	return ret;
}
