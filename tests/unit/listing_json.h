/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Checks of a listing file's line-to-JSON converter (altstacks, risks: a
 * sastrace_line_json_fn). Every line is handed over in a heap block of
 * exactly its length, so that ASan catches a read past its end.
 */
#ifndef SASTRACE_LISTING_JSON_H
#define SASTRACE_LISTING_JSON_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "debugfs_lines.h"
#include "json.h"
#include "tap.h"

/* @line in a heap block of its exact size, for ASan. */
static char *listing_exact(const char *line)
{
	size_t len = strlen(line) + 1;
	char *p = malloc(len);

	if (!p) {
		printf("not ok - out of memory\n");
		exit(1);
	}
	return memcpy(p, line, len);
}

/* @json turns @line into exactly @want, and returns its length. */
static inline void listing_good(sastrace_line_json_fn json, const char *name,
				const char *line, const char *want)
{
	char buf[SASTRACE_JSON_MAX], *l = listing_exact(line);
	int n = json(buf, sizeof(buf), l);

	tap_str(name, n < 0 ? "(refused)" : buf, want);
	tap_long("length of it", n, (long long)strlen(want));
	free(l);
}

/* @json refuses @line. */
static inline void listing_bad(sastrace_line_json_fn json, const char *name,
			       const char *line)
{
	char buf[SASTRACE_JSON_MAX], *l = listing_exact(line);

	tap_long(name, json(buf, sizeof(buf), l), -1);
	free(l);
}

#endif /* SASTRACE_LISTING_JSON_H */
