/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Finding a function's file offset in an ELF file (libelf), for the
 * module's uprobes= parameter.
 */
#ifndef SASTRACE_ELFSYM_H
#define SASTRACE_ELFSYM_H

#include <stddef.h>

int sastrace_elf_symbol_offset(const char *path, const char *symbol,
			       unsigned long long *offset, char *msg,
			       size_t size);

#endif /* SASTRACE_ELFSYM_H */
