// SPDX-License-Identifier: GPL-2.0
/*
 * The journal fields of one record, for `sastrace trace --journal`
 * (journal.c sends them). There is one encoder of records, the JSON one
 * (json.c): its line is flattened here into journal fields, so that a key
 * added there becomes a field here without a change.
 *
 *   MESSAGE=<the text line, without its newline>
 *   PRIORITY=4 (warning) for a TOCTOU race ("toctou":{"status":"mismatch"}),
 *            a stack smaller than the frame ("small":{"min":N}) and for the signal events overflow, onstack_unavailable and
 *            frame_fault; 6 (info) for everything else (an unverified
 *            TOCTOU check included: nothing was found, it could not look)
 *   SYSLOG_IDENTIFIER=sastrace
 *   SASTRACE_<KEY>=<value> for every key of the JSON object, in its order:
 *     the key upper-cased; a nested object's keys joined to their parent's
 *     with '_' ("ss":{"sp":..} gives SASTRACE_SS_SP); a string's value
 *     unquoted and unescaped ("\u00XX" gives that character, UTF-8); a
 *     number, true and false as written; null as an empty value; an array
 *     (flag_names) as its elements joined with ',' (empty when empty).
 *
 * Anything else than such a JSON object (a key that is not a journal
 * field name's [a-z0-9_], a value nested deeper than 4 objects, an array
 * of objects, a NUL, bad syntax, trailing bytes, too many or too long
 * fields) is refused with a message: the caller counts the record as not
 * sent. Nothing is read past the terminating NUL of either line.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include "journal_fields.h"

#define PREFIX		"SASTRACE"
#define MAX_DEPTH	4

struct jp {
	const char *p;			/* next JSON byte */
	struct sastrace_jfields *f;
	char *err;
	size_t err_size;
	bool failed;
	size_t start;			/* of the open field's value, in buf */
};

static int fail(struct jp *j, const char *what)
{
	if (!j->failed)
		snprintf(j->err, j->err_size, "%s", what);
	j->failed = true;
	return -1;
}

static void ws(struct jp *j)
{
	while (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r')
		j->p++;
}

static int put(struct jp *j, const char *s, size_t len)
{
	struct sastrace_jfields *f = j->f;

	if (len > sizeof(f->buf) - f->used)
		return fail(j, "the fields are too long for one journal entry");
	memcpy(f->buf + f->used, s, len);
	f->used += len;
	return 0;
}

/* Start field NAME: "NAME=" in buf; its value is put() after it. */
static int field_open(struct jp *j, const char *name)
{
	if (j->f->n >= SASTRACE_JF_MAX)
		return fail(j, "too many fields for one journal entry");
	j->start = j->f->used;
	if (put(j, name, strlen(name)) || put(j, "=", 1))
		return -1;
	return 0;
}

static void field_close(struct jp *j)
{
	struct sastrace_jfields *f = j->f;

	f->iov[f->n].iov_base = f->buf + j->start;
	f->iov[f->n].iov_len = f->used - j->start;
	f->n++;
}

/* Whether the open field is "NAME=VALUE". */
static bool field_is(struct jp *j, const char *name, const char *value)
{
	size_t nl = strlen(name), vl = strlen(value);
	const char *s = j->f->buf + j->start;

	return j->f->used - j->start == nl + 1 + vl && !memcmp(s, name, nl) &&
	       s[nl] == '=' && !memcmp(s + nl + 1, value, vl);
}

static int hex4(const char *s, unsigned int *v)
{
	int i;

	*v = 0;
	for (i = 0; i < 4; i++) {
		char c = s[i];

		*v <<= 4;
		if (c >= '0' && c <= '9')
			*v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			*v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			*v |= c - 'A' + 10;
		else
			return -1;	/* the NUL included: never read past it */
	}
	return 0;
}

/* A JSON string at j->p ('"'), its decoded bytes put(). */
static int string_value(struct jp *j)
{
	char u[3];
	unsigned int cp;

	j->p++;
	for (;;) {
		unsigned char c = *j->p;

		if (!c)
			return fail(j, "unterminated string");
		if (c == '"') {
			j->p++;
			return 0;
		}
		if (c < 0x20)
			return fail(j, "control character in a string");
		if (c != '\\') {
			if (put(j, j->p, 1))
				return -1;
			j->p++;
			continue;
		}
		c = j->p[1];
		j->p += 2;
		switch (c) {
		case '"': case '\\': case '/':
			u[0] = c;
			break;
		case 'b': u[0] = '\b'; break;
		case 'f': u[0] = '\f'; break;
		case 'n': u[0] = '\n'; break;
		case 'r': u[0] = '\r'; break;
		case 't': u[0] = '\t'; break;
		case 'u':
			if (hex4(j->p, &cp))
				return fail(j, "bad \\u escape");
			j->p += 4;
			if (!cp || (cp >= 0xd800 && cp <= 0xdfff))
				return fail(j, "\\u0000 or a surrogate in a string");
			if (cp < 0x80) {
				u[0] = cp;
				if (put(j, u, 1))
					return -1;
			} else if (cp < 0x800) {
				u[0] = 0xc0 | cp >> 6;
				u[1] = 0x80 | (cp & 0x3f);
				if (put(j, u, 2))
					return -1;
			} else {
				u[0] = 0xe0 | cp >> 12;
				u[1] = 0x80 | (cp >> 6 & 0x3f);
				u[2] = 0x80 | (cp & 0x3f);
				if (put(j, u, 3))
					return -1;
			}
			continue;
		default:
			return fail(j, "bad escape in a string");
		}
		if (put(j, u, 1))
			return -1;
	}
}

static bool digit(char c)
{
	return c >= '0' && c <= '9';
}

/* A number, true, false or null at j->p: as written, null as nothing. */
static int literal_value(struct jp *j)
{
	static const char * const words[] = { "true", "false", "null" };
	const char *s = j->p;
	size_t i;

	for (i = 0; i < 3; i++) {
		size_t len = strlen(words[i]);

		if (!strncmp(s, words[i], len)) {
			j->p += len;
			return i == 2 ? 0 : put(j, s, len);
		}
	}
	if (*j->p == '-')
		j->p++;
	if (!digit(*j->p))
		return fail(j, "bad value");
	while (digit(*j->p))
		j->p++;
	if (*j->p == '.') {
		j->p++;
		if (!digit(*j->p))
			return fail(j, "bad number");
		while (digit(*j->p))
			j->p++;
	}
	if (*j->p == 'e' || *j->p == 'E') {
		j->p++;
		if (*j->p == '+' || *j->p == '-')
			j->p++;
		if (!digit(*j->p))
			return fail(j, "bad number");
		while (digit(*j->p))
			j->p++;
	}
	return put(j, s, j->p - s);
}

static int scalar_value(struct jp *j)
{
	return *j->p == '"' ? string_value(j) : literal_value(j);
}

/* An array of scalars, as one field: its elements joined with ','. */
static int array_value(struct jp *j, const char *name)
{
	bool first = true;

	if (field_open(j, name))
		return -1;
	j->p++;
	ws(j);
	if (*j->p == ']') {
		j->p++;
		field_close(j);
		return 0;
	}
	for (;;) {
		ws(j);
		if (*j->p == '{' || *j->p == '[')
			return fail(j, "an array holds an object or an array");
		if ((!first && put(j, ",", 1)) || scalar_value(j))
			return -1;
		first = false;
		ws(j);
		if (*j->p == ']') {
			j->p++;
			field_close(j);
			return 0;
		}
		if (*j->p != ',')
			return fail(j, "expected ',' or ']' in an array");
		j->p++;
	}
}

static int object_value(struct jp *j, const char *name, int depth);

/* Whether the field at j->start is NAME, whatever its value. */
static bool field_named(struct jp *j, const char *name)
{
	size_t nl = strlen(name);
	const char *s = j->f->buf + j->start;

	return j->f->used - j->start > nl && !memcmp(s, name, nl) &&
	       s[nl] == '=';
}

/* The value of field NAME at j->p. */
static int value(struct jp *j, const char *name, int depth)
{
	ws(j);
	if (*j->p == '{')
		return object_value(j, name, depth + 1);
	if (*j->p == '[')
		return array_value(j, name);
	if (field_open(j, name) || scalar_value(j))
		return -1;
	/* What makes a record a warning. */
	if (field_is(j, PREFIX "_EVENT", "overflow") ||
	    field_is(j, PREFIX "_EVENT", "onstack_unavailable") ||
	    field_is(j, PREFIX "_EVENT", "frame_fault") ||
	    field_is(j, PREFIX "_TOCTOU_STATUS", "mismatch") ||
	    field_named(j, PREFIX "_SMALL_MIN"))
		j->f->priority = SASTRACE_JF_WARNING;
	field_close(j);
	return 0;
}

/* An object at j->p: each key's value is field NAME_KEY. */
static int object_value(struct jp *j, const char *name, int depth)
{
	char sub[SASTRACE_JF_NAME_MAX + 1];
	size_t len;

	if (depth > MAX_DEPTH)
		return fail(j, "objects nested too deep");
	j->p++;
	ws(j);
	if (*j->p == '}') {
		j->p++;
		return 0;
	}
	for (;;) {
		ws(j);
		if (*j->p != '"')
			return fail(j, "expected a key");
		j->p++;
		len = strlen(name);
		memcpy(sub, name, len);
		sub[len++] = '_';
		for (; *j->p != '"'; j->p++) {
			char c = *j->p;

			if (c >= 'a' && c <= 'z')
				c -= 'a' - 'A';
			else if (!(c >= 'A' && c <= 'Z') && !digit(c) && c != '_')
				return fail(j, "a key is not [a-z0-9_]");
			if (len >= SASTRACE_JF_NAME_MAX)
				return fail(j, "a field name is longer than 64 bytes");
			sub[len++] = c;
		}
		sub[len] = '\0';
		j->p++;
		if (len == strlen(name) + 1)
			return fail(j, "empty key");
		ws(j);
		if (*j->p != ':')
			return fail(j, "expected ':'");
		j->p++;
		if (value(j, sub, depth))
			return -1;
		ws(j);
		if (*j->p == '}') {
			j->p++;
			return 0;
		}
		if (*j->p != ',')
			return fail(j, "expected ',' or '}' in an object");
		j->p++;
	}
}

/**
 * sastrace_journal_fields() - the journal entry of one record
 * @f:        filled: iov[0..n-1] "NAME=value" (MESSAGE, PRIORITY,
 *            SYSLOG_IDENTIFIER, then SASTRACE_*), priority
 * @text:     the record's text line (a trailing newline is dropped)
 * @json:     the record's JSON line (json.c's, a trailing newline allowed)
 * @err:      set to why, on failure
 * @err_size: its size
 *
 * Return: 0, or -1 when @json is not such a JSON object or the fields do
 * not fit one entry (SASTRACE_JF_MAX, SASTRACE_JF_BUF).
 */
int sastrace_journal_fields(struct sastrace_jfields *f, const char *text,
			    const char *json, char *err, size_t err_size)
{
	struct jp j = { .p = json, .f = f, .err = err, .err_size = err_size };
	size_t len = strlen(text);

	f->n = 0;
	f->used = 0;
	f->priority = SASTRACE_JF_INFO;
	if (err_size)
		err[0] = '\0';
	if (len && text[len - 1] == '\n')
		len--;
	if (field_open(&j, "MESSAGE") || put(&j, text, len))
		return -1;
	field_close(&j);
	/* Its digit is set once the fields are known. */
	if (field_open(&j, "PRIORITY") || put(&j, "6", 1))
		return -1;
	field_close(&j);
	if (field_open(&j, "SYSLOG_IDENTIFIER") || put(&j, "sastrace", 8))
		return -1;
	field_close(&j);

	ws(&j);
	if (*j.p != '{')
		return fail(&j, "not a JSON object");
	if (object_value(&j, PREFIX, 1))
		return -1;
	ws(&j);
	if (*j.p)
		return fail(&j, "bytes after the JSON object");
	((char *)f->iov[1].iov_base)[sizeof("PRIORITY=") - 1] =
		'0' + f->priority;
	return 0;
}
