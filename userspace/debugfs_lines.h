/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The module's listing files (altstacks, risks): one line per thing, made
 * of KEY=VALUE fields separated by single spaces. Reading those fields, and
 * printing such a file as it is or as JSON lines.
 */
#ifndef SASTRACE_DEBUGFS_LINES_H
#define SASTRACE_DEBUGFS_LINES_H

#include <stdbool.h>
#include <stddef.h>

const char *sastrace_line_field(const char *line, const char *key);
int sastrace_line_ull(const char *s, int base, unsigned long long *v);
int sastrace_line_num(const char *line, const char *key, int base,
		      unsigned long long *v);
int sastrace_line_comm(const char *s, char *comm);

/**
 * typedef sastrace_line_json_fn - turn one line of a listing into JSON
 * @buf:  output buffer (SASTRACE_JSON_MAX is always enough)
 * @size: its size
 * @line: the line, without its newline
 *
 * Return: the length of the full text, as snprintf(), or -1 when @line is
 * not a line of that listing.
 */
typedef int (*sastrace_line_json_fn)(char *buf, size_t size,
				     const char *line);

int sastrace_lines_print(const char *path, sastrace_line_json_fn json);

#endif /* SASTRACE_DEBUGFS_LINES_H */
