/* SPDX-License-Identifier: GPL-2.0 */
/*
 * JSON lines output: one object per record, for `sastrace --json`.
 */
#ifndef SASTRACE_JSON_H
#define SASTRACE_JSON_H

#include <stddef.h>
#include "uapi/sastrace_record.h"

/* Longest line sastrace_json_record() can produce, '\n' and NUL included. */
#define SASTRACE_JSON_MAX	3072

int sastrace_json_comm(char *buf, size_t size, const char *comm);
int sastrace_json_stack(char *buf, size_t size,
			const struct sastrace_stack *s);
int sastrace_json_record(char *buf, size_t size,
			 const struct sastrace_header *h);
struct sastrace_format_opts;
int sastrace_json_record_opts(char *buf, size_t size,
			      const struct sastrace_header *h,
			      const struct sastrace_format_opts *opts);

#endif /* SASTRACE_JSON_H */
