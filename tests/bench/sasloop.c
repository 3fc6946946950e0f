// SPDX-License-Identifier: GPL-2.0
/*
 * Per-call cost: `sasloop N` makes N sigaltstack(&ss, &old) calls through
 * libc (built static as sasloop: the libc wrapper is this program's own
 * copy; built dynamic as sasloop-dyn: libc.so.6's sigaltstack(), which a
 * uprobe can hook) and prints "ns <nanoseconds per call>", timed with
 * CLOCK_MONOTONIC around the loop. Every call sets the same stack and reads
 * the old one back, so a tracer has both stack_t arguments to decode.
 *
 * `sasloop spin N` instead runs N iterations of a loop of exactly two
 * instructions (decrement, branch) and prints "ns_per_insn <ns>": under
 * qemu's -icount shift=0 the guest's clock must advance 1 ns per executed
 * instruction, which this checks with the clock the loops read.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static char altstack[65536];

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int spin(unsigned long n)
{
	unsigned long c = n;
	double t0, t1;

	t0 = now_ns();
#if defined(__x86_64__)
	__asm__ volatile("1: dec %0\n\tjnz 1b" : "+r"(c) : : "cc");
#elif defined(__aarch64__)
	__asm__ volatile("1: subs %0, %0, #1\n\tb.ne 1b" : "+r"(c) : : "cc");
#else
#error "sasloop spin: no two-instruction loop for this architecture"
#endif
	t1 = now_ns();
	printf("ns_per_insn %.4f\n", (t1 - t0) / (2.0 * n));
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long n, i, failed = 0;
	stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack) }, old;
	double t0, t1;

	if (argc == 3 && !strcmp(argv[1], "spin") && (n = strtoul(argv[2], NULL, 0)))
		return spin(n);
	if (argc != 2 || !(n = strtoul(argv[1], NULL, 0))) {
		fprintf(stderr, "usage: sasloop N | sasloop spin N\n");
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
