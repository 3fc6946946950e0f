// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target: the Prometheus exposition of the stats file
 * (userspace/prometheus.c): any bytes as the file.
 *
 * Oracles: ASan/UBSan; every output line is a # HELP or # TYPE line or a
 * sample "sastrace_NAME[{cpu="N"}] VALUE"; each family's # TYPE comes
 * once, right after its # HELP, before its samples; the input lines that
 * are neither exported nor counted as left out do not exist (every
 * non-empty input line is one or the other).
 */
#define _GNU_SOURCE	/* memfd_create() in fuzz.h; fmemopen(), strtok_r() */
#include "fuzz.h"
#include "prometheus.h"

static bool sample_ok(const char *l)
{
	const char *p = l + 9;

	if (strncmp(l, "sastrace_", 9))
		return false;
	while ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
	       *p == '_')
		p++;
	if (!strncmp(p, "{cpu=\"", 6)) {
		p += 6;
		if (*p < '0' || *p > '9')
			return false;
		while (*p >= '0' && *p <= '9')
			p++;
		if (strncmp(p, "\"}", 2))
			return false;
		p += 2;
	} else if (*p == '{') {
		/* Only the reader's own journal counters have other labels. */
		return false;
	}
	if (*p++ != ' ' || *p < '0' || *p > '9')
		return false;
	while (*p >= '0' && *p <= '9')
		p++;
	return !*p;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *in = fmemopen((void *)data, size ? size : 1, "r");
	char *text = NULL, *line, *save = NULL, fam[128] = "";
	size_t len = 0, i, in_lines = 0, samples = 0;
	FILE *out = open_memstream(&text, &len);
	unsigned int bad;
	bool after_help = false;

	if (!in || !out)
		abort();
	if (!size)
		fseek(in, 1, SEEK_SET);
	if (sastrace_prom_format(in, out, NULL, &bad))
		fuzz_fail("sastrace_prom_format failed on a memory file");
	fclose(in);
	fclose(out);
	for (i = 0; i < size; i++)
		if (data[i] == '\n' || i == size - 1)
			in_lines++;
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(line, "# HELP ", 7)) {
			snprintf(fam, sizeof(fam), "%.*s",
				 (int)strcspn(line + 7, " "), line + 7);
			after_help = true;
			continue;
		}
		if (!strncmp(line, "# TYPE ", 7)) {
			if (!after_help || strncmp(line + 7, fam, strlen(fam)) ||
			    line[7 + strlen(fam)] != ' ')
				fuzz_fail("# TYPE without its # HELP: %s", line);
			after_help = false;
			continue;
		}
		if (after_help || !sample_ok(line) ||
		    strncmp(line, fam, strlen(fam)))
			fuzz_fail("bad sample line: %s", line);
		if (strncmp(line, "sastrace_stats_unparsed_lines ", 30))
			samples++;
	}
	if (samples + bad != in_lines)
		fuzz_fail("%zu input lines, %zu exported, %u left out", in_lines,
			  samples, bad);
	free(text);
	return 0;
}
