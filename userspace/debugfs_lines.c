// SPDX-License-Identifier: GPL-2.0
/*
 * The module's listing files (altstacks, risks): their KEY=VALUE fields,
 * and printing such a file as it is or as JSON lines.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "debugfs_lines.h"
#include "format.h"
#include "json.h"
#include "msg.h"

/**
 * sastrace_line_field() - the value of a field of a line
 * @line: the line
 * @key:  the field's name
 *
 * Return: the value after " KEY=" (or after "KEY=" at the start of the
 * line), running to the next space or the end; NULL when there is none.
 */
const char *sastrace_line_field(const char *line, const char *key)
{
	size_t len = strlen(key);
	const char *p = line;

	while (p && *p) {
		if (!strncmp(p, key, len) && p[len] == '=')
			return p + len + 1;
		p = strchr(p, ' ');
		if (p)
			p++;
	}
	return NULL;
}

/**
 * sastrace_line_ull() - a field's unsigned number
 * @s:    the value (may be NULL: no such field)
 * @base: 10 or 16 (a hex value with its "0x")
 * @v:    set to the number
 *
 * Return: 0, or -1 when @s is not a number ending at a space, a '|' or the
 * end of the line.
 */
int sastrace_line_ull(const char *s, int base, unsigned long long *v)
{
	char *end;

	/* A digit first: strtoull() would also take spaces, tabs and signs. */
	if (!s || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	*v = strtoull(s, &end, base);
	return errno || (*end && *end != ' ' && *end != '|') ? -1 : 0;
}

/**
 * sastrace_line_num() - the unsigned number of a line's field
 * @line: the line
 * @key:  the field's name
 * @base: 10 or 16 (a hex value with its "0x")
 * @v:    set to the number
 *
 * Return: 0, or -1 when there is no such field or it is not a number.
 */
int sastrace_line_num(const char *line, const char *key, int base,
		      unsigned long long *v)
{
	return sastrace_line_ull(sastrace_line_field(line, key), base, v);
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/**
 * sastrace_line_comm() - a comm field, escaped as in `events`
 * @s:    the value (may be NULL: no such field)
 * @comm: set to the comm, SASTRACE_COMM_LEN bytes, NUL-padded
 *
 * "\xNN" escapes back to bytes; at most SASTRACE_COMM_LEN - 1 of them. An
 * empty comm is one (any task can clear its name with PR_SET_NAME). An
 * escape must have its two hex digits: nothing is read past them, or past
 * the end of the string.
 *
 * Return: 0, or -1 when @s is not such a comm.
 */
int sastrace_line_comm(const char *s, char *comm)
{
	int n = 0;

	if (!s)
		return -1;
	memset(comm, 0, SASTRACE_COMM_LEN);
	while (*s && *s != ' ') {
		if (n == SASTRACE_COMM_LEN - 1)
			return -1;
		if (s[0] == '\\' && s[1] == 'x') {
			int hi = hex_digit(s[2]), lo = hi < 0 ? -1 : hex_digit(s[3]);

			if (lo < 0)
				return -1;
			comm[n++] = (char)(hi << 4 | lo);
			s += 4;
		} else {
			comm[n++] = *s++;
		}
	}
	return 0;
}

/**
 * sastrace_lines_print() - print a listing file to stdout
 * @path: the file
 * @json: NULL: as it is; else each line through @json, as JSON lines
 *
 * Return: 0, or -1 after printing why (a line @json refuses is an error).
 */
int sastrace_lines_print(const char *path, sastrace_line_json_fn json)
{
	char line[2048], out[SASTRACE_JSON_MAX];
	int ret = 0;
	FILE *f;

	f = fopen(path, "re");
	if (!f) {
		sastrace_err("cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		size_t len = strcspn(line, "\n");
		int n;

		/* No listing line is this long: never print half of one. */
		if (!line[len] && len == sizeof(line) - 1) {
			sastrace_err("%s: a line longer than %zu bytes", path,
				     sizeof(line) - 2);
			ret = -1;
			break;
		}
		line[len] = '\0';
		if (!json) {
			printf("%s\n", line);
			continue;
		}
		n = json(out, sizeof(out), line);
		if (n < 0 || (size_t)n >= sizeof(out)) {
			sastrace_err("%s: unexpected line '%s'", path, line);
			ret = -1;
			break;
		}
		fputs(out, stdout);
	}
	if (!ret && ferror(f)) {
		sastrace_err("cannot read %s: %s", path, strerror(errno));
		ret = -1;
	}
	fclose(f);
	if (fflush(stdout)) {
		sastrace_err("cannot write to stdout: %s", strerror(errno));
		ret = -1;
	}
	return ret;
}
