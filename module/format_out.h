/* SPDX-License-Identifier: GPL-2.0 */
/*
 * snprintf()-like appenders: the pieces both record encoders print through,
 * the strace-style text (format.c, module and reader) and the reader's JSON
 * (userspace/json.c). Every byte is counted, the ones that fit land, and
 * sastrace_out_end() terminates and returns the full length, as snprintf()
 * does. Plain C, no library call: it runs in the kernel too.
 *
 * They replace snprintf() itself because the reader formats every record it
 * drains, and snprintf()'s format parsing was most of its instructions per
 * record.
 */
#ifndef SASTRACE_FORMAT_OUT_H
#define SASTRACE_FORMAT_OUT_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stddef.h>
#endif

struct sastrace_format_opts;

/**
 * struct sastrace_out - a buffer being appended to, snprintf()-style
 * @buf:  the buffer
 * @size: its size
 * @n:    bytes appended so far, counting those that did not fit
 * @opts: what the reader adds to a record's text and JSON (format.h);
 *        NULL, as in sastrace.ko, for nothing
 */
struct sastrace_out {
	char *buf;
	size_t size;
	size_t n;
	const struct sastrace_format_opts *opts;
};

/**
 * sastrace_out_init() - start appending to a buffer
 * @o:    the output
 * @buf:  the buffer (may be NULL when @size is 0)
 * @size: its size
 */
static inline void sastrace_out_init(struct sastrace_out *o, char *buf,
				     size_t size)
{
	o->buf = buf;
	o->size = size;
	o->n = 0;
	o->opts = NULL;
}

/**
 * sastrace_out_char() - append one byte
 * @o: the output
 * @c: the byte
 *
 * The byte is stored when it fits with room left for the terminating NUL,
 * and counted either way.
 */
static inline void sastrace_out_char(struct sastrace_out *o, char c)
{
	if (o->n + 1 < o->size)
		o->buf[o->n] = c;
	o->n++;
}

int sastrace_out_end(struct sastrace_out *o);
void sastrace_out_str(struct sastrace_out *o, const char *s);
void sastrace_out_udec(struct sastrace_out *o, unsigned long long v,
		       int width);
void sastrace_out_sdec(struct sastrace_out *o, long long v);
void sastrace_out_hex(struct sastrace_out *o, unsigned long long v);
void sastrace_out_althex(struct sastrace_out *o, unsigned long long v);
void sastrace_out_hex_byte(struct sastrace_out *o, unsigned char c);

#endif /* SASTRACE_FORMAT_OUT_H */
