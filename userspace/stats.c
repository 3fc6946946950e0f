// SPDX-License-Identifier: GPL-2.0
/*
 * Reading the module's debugfs `stats` file, whole (`sastrace stats`) or
 * one counter (the reader's end-of-trace summary).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "msg.h"
#include "paths.h"
#include "stats.h"

/** sastrace_stats_path() - where the stats file is; snprintf() return */
int sastrace_stats_path(char *buf, unsigned long size)
{
	return snprintf(buf, size, "%s/sastrace/stats", sastrace_debugfs_root());
}

/**
 * sastrace_stats_print() - copy the stats file to stdout
 * @path: the stats file
 *
 * Return: 0, or -1 after printing why.
 */
int sastrace_stats_print(const char *path)
{
	char buf[4096];
	size_t n;
	FILE *f;

	f = fopen(path, "re");
	if (!f) {
		sastrace_err("cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		fwrite(buf, 1, n, stdout);
	if (ferror(f)) {
		sastrace_err("cannot read %s: %s", path, strerror(errno));
		fclose(f);
		return -1;
	}
	fclose(f);
	if (fflush(stdout)) {
		sastrace_err("cannot write to stdout: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/**
 * sastrace_stat_read() - one counter of the stats file
 * @path: the stats file
 * @name: the counter, e.g. "dropped"
 * @val:  set to its value
 *
 * Return: 0, or -1 when the file or the counter cannot be read (silently:
 * callers decide whether that matters).
 */
int sastrace_stat_read(const char *path, const char *name,
		       unsigned long long *val)
{
	char key[64], line[256];
	unsigned long long v;
	int ret = -1;
	FILE *f;

	f = fopen(path, "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%63s %llu", key, &v) == 2 &&
		    !strcmp(key, name)) {
			*val = v;
			ret = 0;
			break;
		}
	}
	fclose(f);
	return ret;
}

/**
 * sastrace_stats_slurp() - the whole stats file, as text
 * @path: the stats file
 *
 * Return: the text, NUL-terminated (free() it), or NULL when it cannot be
 * read (silently).
 */
char *sastrace_stats_slurp(const char *path)
{
	size_t len = 0, cap = 4096, n;
	char *buf = malloc(cap), *p;
	FILE *f;

	if (!buf)
		return NULL;
	f = fopen(path, "re");
	if (!f) {
		free(buf);
		return NULL;
	}
	while ((n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
		len += n;
		if (len + 1 == cap) {
			p = realloc(buf, cap * 2);
			if (!p)
				break;
			buf = p;
			cap *= 2;
		}
	}
	if (ferror(f) || len + 1 == cap) {
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	buf[len] = '\0';
	return buf;
}
