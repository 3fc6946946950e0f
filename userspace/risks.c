// SPDX-License-Identifier: GPL-2.0
/*
 * `sastrace risks [--json]`: the module's `risks` file (module/risks.c
 * says what it lists). Its two kinds of line,
 *
 *   pid=P comm=C risk=mixed_onstack onstack=SIGNALS plain=SIGNALS
 *   pid=P tid=T comm=C risk=no_altstack onstack=SIGNALS
 *
 * (comm escaped as in `events`; SIGNALS signal names joined by '|'), become
 *
 *   {"pid":P,"comm":"..","risk":"mixed_onstack","onstack":["SIGSEGV",..],
 *    "plain":["SIGINT",..]}
 *   {"pid":P,"tid":T,"comm":"..","risk":"no_altstack","onstack":[..]}
 */
#include <stdio.h>
#include <string.h>
#include "debugfs_lines.h"
#include "format.h"
#include "format_out.h"
#include "json.h"
#include "paths.h"
#include "risks.h"

/** sastrace_risks_path() - where the risks file is; snprintf() return */
int sastrace_risks_path(char *buf, size_t size)
{
	return snprintf(buf, size, "%s/sastrace/risks", sastrace_debugfs_root());
}

/*
 * A field's signal names ("SIGSEGV|SIGRT_3|70") as a JSON array. Each name
 * is what sastrace_out_signal() prints: capitals, digits and '_', at least
 * one. Return: 0, or -1 when the field is missing or not such a list.
 */
static int out_signals(struct sastrace_out *o, const char *line,
		       const char *key)
{
	const char *s = sastrace_line_field(line, key);
	size_t len;

	if (!s)
		return -1;
	sastrace_out_str(o, ",\"");
	sastrace_out_str(o, key);
	sastrace_out_str(o, "\":[");
	for (;;) {
		len = strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
		if (!len || len > 16 || (s[len] && s[len] != '|' && s[len] != ' '))
			return -1;
		sastrace_out_char(o, '"');
		while (len--)
			sastrace_out_char(o, *s++);
		sastrace_out_char(o, '"');
		if (*s != '|')
			break;
		sastrace_out_char(o, ',');
		s++;
	}
	sastrace_out_char(o, ']');
	return 0;
}

/**
 * sastrace_risk_json() - one line of the risks file as JSON
 * @buf:  output buffer (SASTRACE_JSON_MAX is always enough)
 * @size: its size
 * @line: the line, without its newline
 *
 * Return: the length of the full text, as snprintf(), or -1 when @line is
 * not a risks line.
 */
int sastrace_risk_json(char *buf, size_t size, const char *line)
{
	char comm[SASTRACE_COMM_LEN], jcomm[8 * SASTRACE_COMM_LEN];
	const char *risk = sastrace_line_field(line, "risk");
	unsigned long long pid, tid;
	struct sastrace_out o;
	bool thread;

	if (strncmp(line, "pid=", 4) || !risk ||
	    sastrace_line_num(line, "pid", 10, &pid) ||
	    sastrace_line_comm(sastrace_line_field(line, "comm"), comm))
		return -1;
	if (!strncmp(risk, "no_altstack", 11) && (!risk[11] || risk[11] == ' '))
		thread = true;
	else if (!strncmp(risk, "mixed_onstack", 13) &&
		 (!risk[13] || risk[13] == ' '))
		thread = false;
	else
		return -1;
	if (thread && sastrace_line_num(line, "tid", 10, &tid))
		return -1;
	sastrace_json_comm(jcomm, sizeof(jcomm), comm);
	sastrace_out_init(&o, buf, size);
	sastrace_out_str(&o, "{\"pid\":");
	sastrace_out_udec(&o, pid, 0);
	if (thread) {
		sastrace_out_str(&o, ",\"tid\":");
		sastrace_out_udec(&o, tid, 0);
	}
	sastrace_out_str(&o, ",\"comm\":");
	sastrace_out_str(&o, jcomm);
	sastrace_out_str(&o, thread ? ",\"risk\":\"no_altstack\"" :
			 ",\"risk\":\"mixed_onstack\"");
	if (out_signals(&o, line, "onstack") ||
	    (!thread && out_signals(&o, line, "plain")))
		return -1;
	sastrace_out_str(&o, "}\n");
	return sastrace_out_end(&o);
}

/**
 * sastrace_risks_print() - print the risks file to stdout
 * @path: the file
 * @json: as JSON lines instead of as it is
 *
 * Return: 0, or -1 after printing why.
 */
int sastrace_risks_print(const char *path, bool json)
{
	return sastrace_lines_print(path, json ? sastrace_risk_json : NULL);
}
