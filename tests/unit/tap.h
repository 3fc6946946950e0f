/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Minimal TAP-like checks for the unit tests: each check prints
 * "ok - <name>" or "not ok - <name>: <why>" on one line; run.sh counts them.
 */
#ifndef SASTRACE_TAP_H
#define SASTRACE_TAP_H

#include <stdio.h>
#include <string.h>

static int tap_failures;

/* Line-buffered: the lines before a crash (a sanitizer's abort) still count. */
__attribute__((constructor)) static void tap_line_buffered(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
}

/* Print s with newlines and other control bytes escaped, so a line stays one. */
static inline void tap_quote(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '\n')
			fputs("\\n", stdout);
		else if (c < 0x20 || c >= 0x7f)
			printf("\\x%02x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static inline void tap_str(const char *name, const char *got, const char *want)
{
	if (!strcmp(got, want)) {
		printf("ok - %s\n", name);
		return;
	}
	tap_failures++;
	printf("not ok - %s: got ", name);
	tap_quote(got);
	fputs(", want ", stdout);
	tap_quote(want);
	putchar('\n');
}

static inline void tap_long(const char *name, long long got, long long want)
{
	if (got == want) {
		printf("ok - %s\n", name);
		return;
	}
	tap_failures++;
	printf("not ok - %s: got %lld, want %lld\n", name, got, want);
}

static inline void tap_true(const char *name, int cond, const char *why)
{
	if (cond) {
		printf("ok - %s\n", name);
		return;
	}
	tap_failures++;
	printf("not ok - %s: %s\n", name, why);
}

/* The exit status of a test program: run.sh also trusts the lines. */
static inline int tap_done(void)
{
	fflush(stdout);
	return tap_failures ? 1 : 0;
}

#endif /* SASTRACE_TAP_H */
