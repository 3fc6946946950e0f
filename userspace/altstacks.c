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
#include <stdio.h>
#include <string.h>
#include "altstacks.h"
#include "debugfs_lines.h"
#include "format.h"
#include "json.h"
#include "paths.h"

/** sastrace_altstacks_path() - where the altstacks file is; snprintf() return */
int sastrace_altstacks_path(char *buf, size_t size)
{
	return snprintf(buf, size, "%s/sastrace/altstacks",
			sastrace_debugfs_root());
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
			if (sastrace_line_ull(s, 0, &v) || v > 0xffffffffULL)
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

	if (strncmp(line, "pid=", 4) ||
	    sastrace_line_num(line, "pid", 10, &pid) ||
	    sastrace_line_num(line, "tid", 10, &tid) ||
	    sastrace_line_comm(sastrace_line_field(line, "comm"), comm) ||
	    !(sp = sastrace_line_field(line, "ss_sp")) ||
	    !sastrace_line_field(line, "ss_flags") ||
	    parse_flags(sastrace_line_field(line, "ss_flags"), &s.flags) ||
	    sastrace_line_num(line, "ss_size", 10, &size_v) ||
	    sastrace_line_num(line, "on_stack", 10, &on) || on > 1)
		return -1;
	m = sastrace_line_field(line, "SMALL min");
	if (m && (sastrace_line_ull(m, 10, &min) || min <= size_v))
		return -1;
	if (m)
		snprintf(mtext, sizeof(mtext), ",\"small\":{\"min\":%llu}",
			 min);
	if (!strncmp(sp, "NULL", 4) && (sp[4] == ' ' || !sp[4]))
		s.sp = 0;
	else if (strncmp(sp, "0x", 2) ||
		 sastrace_line_ull(sp, 16, (unsigned long long *)&s.sp))
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
	return sastrace_lines_print(path, json ? sastrace_altstack_json : NULL);
}
