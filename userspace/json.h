/* SPDX-License-Identifier: GPL-2.0 */
/*
 * JSON lines output: one object per record, for `sastrace --json`.
 */
#ifndef SASTRACE_JSON_H
#define SASTRACE_JSON_H

#include <stddef.h>
#include "uapi/sastrace_record.h"

/*
 * Longest line sastrace_json_record() can produce, '\n' and NUL included
 * (a caller with its file identity and symbol, and a cgroup path of up to
 * 255 bytes, each escaped as \u00XX at worst, included).
 */
#define SASTRACE_JSON_MAX	6144
/*
 * Longest line sastrace_text_record() can produce: an `events` line, a symbol
 * name after its caller or handler_at, and " cgroup=" with a path of up to 255 bytes, each escaped as \xNN at worst.
 */
#define SASTRACE_TEXT_MAX	(SASTRACE_LINE_MAX + 2 * (SASTRACE_SYMBOL_PRINT_MAX + 32) + \
				 8 + 4 * 255)

/*
 * How the reader names a cgroup id (sastrace_cgroup_path(), cgroups.c):
 * its path, or NULL when unknown. NULL (the default): every cgroup is
 * unknown; tests set their own.
 */
extern const char *(*sastrace_cgroup_name)(__u64 id);

int sastrace_json_comm(char *buf, size_t size, const char *comm);
int sastrace_json_stack(char *buf, size_t size,
			const struct sastrace_stack *s);
int sastrace_json_record(char *buf, size_t size,
			 const struct sastrace_header *h);
int sastrace_text_record(char *buf, size_t size,
			 const struct sastrace_header *h);
struct sastrace_format_opts;
int sastrace_text_record_opts(char *buf, size_t size,
			      const struct sastrace_header *h,
			      const struct sastrace_format_opts *opts);
int sastrace_json_record_opts(char *buf, size_t size,
			      const struct sastrace_header *h,
			      const struct sastrace_format_opts *opts);

#endif /* SASTRACE_JSON_H */
