// SPDX-License-Identifier: GPL-2.0
/*
 * The snprintf()-like appenders of format_out.h, shared by the text and JSON
 * encoders. Compiled into sastrace.ko and the reader: keep it free of any
 * library call.
 */
#include "format_out.h"

static const char hex_digits[] = "0123456789abcdef";

/**
 * sastrace_out_end() - terminate the output as snprintf() does
 * @o: the output
 *
 * Writes the NUL after what fit (when the buffer has any room at all).
 *
 * Return: the full length of the text, including what did not fit.
 */
int sastrace_out_end(struct sastrace_out *o)
{
	if (o->size)
		o->buf[o->n < o->size ? o->n : o->size - 1] = '\0';
	return (int)o->n;
}

/**
 * sastrace_out_str() - append a NUL-terminated string, as "%s"
 * @o: the output
 * @s: the string
 */
void sastrace_out_str(struct sastrace_out *o, const char *s)
{
	size_t room = o->size ? o->size - 1 : 0;
	size_t n = o->n;
	char *buf = o->buf;

	/*
	 * sastrace_out_char() in locals: a byte stored through o->buf could
	 * alias *o, which would be reloaded for every byte.
	 */
	for (; *s; s++, n++)
		if (n < room)
			buf[n] = *s;
	o->n = n;
}

/**
 * sastrace_out_udec() - append an unsigned decimal, as "%llu"
 * @o:     the output
 * @v:     the value
 * @width: at least this many digits, zero-padded ("%0<width>llu"); 0 for none
 */
void sastrace_out_udec(struct sastrace_out *o, unsigned long long v,
		       int width)
{
	char d[20];
	int i = 0;

	do {
		d[i++] = '0' + v % 10;
		v /= 10;
	} while (v);
	for (; width > i; width--)
		sastrace_out_char(o, '0');
	while (i)
		sastrace_out_char(o, d[--i]);
}

/**
 * sastrace_out_sdec() - append a signed decimal, as "%lld"
 * @o: the output
 * @v: the value
 */
void sastrace_out_sdec(struct sastrace_out *o, long long v)
{
	if (v < 0) {
		sastrace_out_char(o, '-');
		sastrace_out_udec(o, -(unsigned long long)v, 0);
	} else {
		sastrace_out_udec(o, v, 0);
	}
}

/**
 * sastrace_out_hex() - append lowercase hex with its prefix, as "0x%llx"
 * @o: the output
 * @v: the value; 0 is "0x0"
 */
void sastrace_out_hex(struct sastrace_out *o, unsigned long long v)
{
	char d[16];
	int i = 0;

	do {
		d[i++] = hex_digits[v & 0xf];
		v >>= 4;
	} while (v);
	sastrace_out_char(o, '0');
	sastrace_out_char(o, 'x');
	while (i)
		sastrace_out_char(o, d[--i]);
}

/**
 * sastrace_out_althex() - append hex as "%#llx" does
 * @o: the output
 * @v: the value; as sastrace_out_hex(), but 0 is "0"
 */
void sastrace_out_althex(struct sastrace_out *o, unsigned long long v)
{
	if (v)
		sastrace_out_hex(o, v);
	else
		sastrace_out_char(o, '0');
}

/**
 * sastrace_out_hex_byte() - append a byte as two lowercase hex digits, "%02x"
 * @o: the output
 * @c: the byte
 *
 * The digits of the text's "\xNN" and JSON's "\u00NN" escapes.
 */
void sastrace_out_hex_byte(struct sastrace_out *o, unsigned char c)
{
	sastrace_out_char(o, hex_digits[c >> 4]);
	sastrace_out_char(o, hex_digits[c & 0xf]);
}
