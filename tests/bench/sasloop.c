// SPDX-License-Identifier: GPL-2.0
/*
 * Per-call cost: `sasloop N` makes N sigaltstack(&ss, &old) calls through
 * libc (built static as sasloop: the libc wrapper is this program's own
 * copy; built dynamic as sasloop-dyn: libc.so.6's sigaltstack(), which a
 * uprobe can hook) and prints "ns <nanoseconds per call>", timed with
 * CLOCK_MONOTONIC around the loop. Every call sets the same stack and reads
 * the old one back, so a tracer has both stack_t arguments to decode.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static char altstack[65536];

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	unsigned long n, i, failed = 0;
	stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack) }, old;
	double t0, t1;

	if (argc != 2 || !(n = strtoul(argv[1], NULL, 0))) {
		fprintf(stderr, "usage: sasloop N\n");
		return 2;
	}
	for (i = 0; i < 100; i++)	/* warm up: fault in, fill caches */
		sigaltstack(&ss, &old);
	t0 = now_ns();
	for (i = 0; i < n; i++)
		if (sigaltstack(&ss, &old))
			failed++;
	t1 = now_ns();
	printf("ns %.1f\n", (t1 - t0) / n);
	return failed ? 1 : 0;
}
