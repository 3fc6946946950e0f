// SPDX-License-Identifier: GPL-2.0
/*
 * `sastrace altstacks [--json]`: every thread that has an alternate signal
 * stack now. The module's `altstacks` file has one line per thread,
 *
 *   pid=P tid=T comm=C ss_sp=0xS|NULL ss_flags=F ss_size=N on_stack=0|1
 *   [ SMALL min=M]
 *
 * (comm escaped as in `events`, F as strace prints ss_flags; SMALL when N
 * is below M, the process's AT_MINSIGSTKSZ); --json turns each into
 *
 *   {"pid":P,"tid":T,"comm":"..","altstack":STACK,"on_stack":true|false
 *    [,"small":{"min":M}]}
 *
 * with STACK as in trace's JSON.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "altstacks.h"
#include "format.h"
#include "json.h"
#include "msg.h"
#include "paths.h"

/** sastrace_altstacks_path() - where the altstacks file is; snprintf() return */
int sastrace_altstacks_path(char *buf, size_t size)
{
	return snprintf(buf, size, "%s/sastrace/altstacks",
			sastrace_debugfs_root());
}

/* The value after " KEY=" (or at the start, for the first key), or NULL. */
static const char *field(const char *line, const char *key)
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

static int parse_ull(const char *s, int base, unsigned long long *v)
{
	char *end;

	/* A digit first: strtoull() would also take spaces, tabs and signs. */
	if (!s || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	*v = strtoull(s, &end, base);
	return errno || (*end && *end != ' ' && *end != '|') ? -1 : 0;
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

/*
 * "\xNN" escapes back to bytes; at most SASTRACE_COMM_LEN - 1 of them. An
 * empty comm is one (any task can clear its name with PR_SET_NAME). An
 * escape must have its two hex digits: nothing is read past them, or past
 * the end of the string.
 */
static int parse_comm(const char *s, char *comm)
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

/* "0", "SS_ONSTACK|SS_AUTODISARM", "SS_DISABLE|0x4", "0x4 ..." */
static int parse_flags(const char *s, __u32 *flags)
{
	const struct sastrace_flag_name *names = sastrace_ss_flag_names;
	unsigned long long v;
	size_t i, len;

	*flags = 0;
	for (;;) {
		for (i = 0; i < SASTRACE_SS_FLAG_NAMES; i++) {
			len = strlen(names[i].name);
			if (!strncmp(s, names[i].name, len) &&
			    (s[len] == '|' || s[len] == ' ' || !s[len]))
				break;
		}
		if (i < SASTRACE_SS_FLAG_NAMES) {
			*flags |= names[i].bit;
			s += len;
		} else {
			if (parse_ull(s, 0, &v) || v > 0xffffffffULL)
				return -1;
			*flags |= (__u32)v;
			s += strspn(s, "0123456789abcdefxABCDEFX");
		}
		if (*s != '|')
			return 0;
		s++;
	}
}

/**
 * sastrace_altstack_json() - one line of the altstacks file as JSON
 * @buf:  output buffer (SASTRACE_JSON_MAX is always enough)
 * @size: its size
 * @line: the line, without its newline
 *
 * Return: the length of the full text, as snprintf(), or -1 when @line is
 * not an altstacks line.
 */
int sastrace_altstack_json(char *buf, size_t size, const char *line)
{
	struct sastrace_stack s = { .state = SASTRACE_ARG_VALUE };
	unsigned long long pid, tid, size_v, on, min = 0;
	char comm[SASTRACE_COMM_LEN], jcomm[8 * SASTRACE_COMM_LEN];
	char stack[512];
	const char *sp, *m;
	char mtext[64] = "";

	if (strncmp(line, "pid=", 4) || parse_ull(field(line, "pid"), 10, &pid) ||
	    parse_ull(field(line, "tid"), 10, &tid) ||
	    parse_comm(field(line, "comm"), comm) ||
	    !(sp = field(line, "ss_sp")) ||
	    !field(line, "ss_flags") ||
	    parse_flags(field(line, "ss_flags"), &s.flags) ||
	    parse_ull(field(line, "ss_size"), 10, &size_v) ||
	    parse_ull(field(line, "on_stack"), 10, &on) || on > 1)
		return -1;
	m = field(line, "SMALL min");
	if (m && (parse_ull(m, 10, &min) || min <= size_v))
		return -1;
	if (m)
		snprintf(mtext, sizeof(mtext), ",\"small\":{\"min\":%llu}",
			 min);
	if (!strncmp(sp, "NULL", 4) && (sp[4] == ' ' || !sp[4]))
		s.sp = 0;
	else if (strncmp(sp, "0x", 2) ||
		 parse_ull(sp, 16, (unsigned long long *)&s.sp))
		return -1;
	s.size = size_v;
	sastrace_json_comm(jcomm, sizeof(jcomm), comm);
	sastrace_json_stack(stack, sizeof(stack), &s);
	return snprintf(buf, size,
			"{\"pid\":%llu,\"tid\":%llu,\"comm\":%s,\"altstack\":%s,\"on_stack\":%s%s}\n",
			pid, tid, jcomm, stack, on ? "true" : "false", mtext);
}

/**
 * sastrace_altstacks_print() - print the altstacks file to stdout
 * @path: the file
 * @json: as JSON lines instead of as it is
 *
 * Return: 0, or -1 after printing why.
 */
int sastrace_altstacks_print(const char *path, bool json)
{
	char line[1024], out[SASTRACE_JSON_MAX];
	int ret = 0;
	FILE *f;

	f = fopen(path, "re");
	if (!f) {
		sastrace_err("cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (!json) {
			printf("%s\n", line);
			continue;
		}
		if (sastrace_altstack_json(out, sizeof(out), line) < 0) {
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
