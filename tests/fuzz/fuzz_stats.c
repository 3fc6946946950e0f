// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target: the `stats` file parser (userspace/stats.c): any bytes as
 * the file's content, read by sastrace_stat_read() for the counters the
 * reader asks for and for the first word of the input, and copied by
 * sastrace_stats_print() (stdout goes to /dev/null).
 *
 * Oracles: ASan/UBSan; the empty name is never found; a counter named
 * by a short first line is found there, with the value sscanf() reads.
 */
#define _GNU_SOURCE	/* memfd_create() */
#include "fuzz.h"
#include "stats.h"

FUZZ_QUIET_STDOUT()

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char * const names[] = {
		"events", "dropped", "faults", "unread", "cpu0.events",
		"uprobes_attached", "",
	};
	char path[64], first[80];
	const uint8_t *nl;
	unsigned long long v;
	size_t i;
	int fd;

	fd = fuzz_file(data, size, path, sizeof(path));
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		v = 0xfeedULL;
		if (!sastrace_stat_read(path, names[i], &v) && !*names[i])
			fuzz_fail("found the empty counter name");
	}
	/* The first word of the input, as a name. */
	for (i = 0; i < size && i < sizeof(first) - 1 && data[i] > ' '; i++)
		first[i] = data[i];
	first[i] = '\0';
	/*
	 * A short first line "WORD VALUE": its counter is found, with the
	 * value sscanf() reads there (an earlier line cannot name it).
	 */
	nl = memchr(data, '\n', size);
	if (i && i < 64 && i < size && (data[i] == ' ' || data[i] == '\t') &&
	    nl && nl - data < 200 && !memchr(data, '\0', nl - data)) {
		char *copy = fuzz_strndup(data, nl - data);
		unsigned long long want;

		if (sscanf(copy, "%*s %llu", &want) == 1) {
			if (sastrace_stat_read(path, first, &v))
				fuzz_fail("'%s' is on the first line, not found", first);
			if (v != want)
				fuzz_fail("'%s': read %llu, the first line says %llu",
					  first, v, want);
		}
		free(copy);
	}
	if (sastrace_stats_print(path))
		fuzz_fail("cannot copy a readable file");
	close(fd);
	return 0;
}
