/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Symbol names for the files records name (a caller, a handler): find the
 * file again from its struct sastrace_file_id, verify it is still that
 * file, and look the offset up in its ELF symbols, with a cache per file.
 */
#ifndef SASTRACE_SYMBOLS_H
#define SASTRACE_SYMBOLS_H

#include <stdbool.h>
#include "uapi/sastrace_record.h"

struct sastrace_symbols;

struct sastrace_symbols *sastrace_symbols_new(const char *debug_dir);
void sastrace_symbols_free(struct sastrace_symbols *c);
bool sastrace_symbols_lookup(struct sastrace_symbols *c, const char *file,
			     unsigned long long off,
			     const struct sastrace_file_id *id, __u32 tgid,
			     const char **name, unsigned long long *sym_off);
bool sastrace_symbols_format_cb(void *ctx, const char *file, __u64 off,
				const struct sastrace_file_id *id, __u32 tgid,
				const char **name, __u64 *sym_off);

#endif /* SASTRACE_SYMBOLS_H */
