/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ELF symbols (libelf): a function's file offset, for the module's
 * uprobes= parameter; and the function at a file offset, for naming a
 * record's caller (symbols.c).
 */
#ifndef SASTRACE_ELFSYM_H
#define SASTRACE_ELFSYM_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

int sastrace_elf_symbol_offset(const char *path, const char *symbol,
			       unsigned long long *offset, char *msg,
			       size_t size);

/**
 * struct sastrace_elf_func - one function symbol
 * @addr: its address (st_value)
 * @size: its size (st_size; 0 when not known)
 * @end:  @addr + @size; for a size not known, the end of its section
 * @name: offset of its name in sastrace_elf_syms.names
 */
struct sastrace_elf_func {
	__u64 addr;
	__u64 size;
	__u64 end;
	__u32 name;
};

#define SASTRACE_ELF_LOADS	64

/**
 * struct sastrace_elf_syms - the function symbols of one ELF file
 * @load:      its loadable segments: file offset, address and file size
 * @nload:     how many
 * @funcs:     its functions, by address
 * @nfuncs:    how many
 * @names:     their names, NUL-terminated (a longer name's first 255 bytes)
 * @names_len: bytes of @names in use
 */
struct sastrace_elf_syms {
	struct {
		__u64 vaddr;
		__u64 offset;
		__u64 filesz;
	} load[SASTRACE_ELF_LOADS];
	unsigned int nload;
	struct sastrace_elf_func *funcs;
	size_t nfuncs;
	char *names;
	size_t names_len;
};

int sastrace_elf_syms_load(int fd, const char *dir, const char *logical_dir,
			   const char *debug_dir, struct sastrace_elf_syms *s);
bool sastrace_elf_syms_find(const struct sastrace_elf_syms *s,
			    unsigned long long off, const char **name,
			    unsigned long long *sym_off);
size_t sastrace_elf_syms_bytes(const struct sastrace_elf_syms *s);
void sastrace_elf_syms_free(struct sastrace_elf_syms *s);
__u32 sastrace_crc32(__u32 crc, const unsigned char *buf, size_t len);

struct stat;
int sastrace_open_regular(const char *path, bool nofollow, struct stat *st);
struct open_how;
int sastrace_openat2(int dirfd, const char *path, struct open_how *how);

#endif /* SASTRACE_ELFSYM_H */
