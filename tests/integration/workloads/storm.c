// SPDX-License-Identifier: GPL-2.0
/*
 * A multi-threaded sigaltstack storm: `storm THREADS CALLS` makes CALLS
 * query calls in each of THREADS threads and prints "calls <total>" (the
 * number of syscalls that returned 0), so a test can check that sastrace
 * counted every one. CALLS of 0 means: run until killed.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

static unsigned long calls_per_thread;

static void *hammer(void *arg)
{
	unsigned long i, ok = 0;
	stack_t old;

	for (i = 0; !calls_per_thread || i < calls_per_thread; i++)
		if (syscall(SYS_sigaltstack, NULL, &old) == 0)
			ok++;
	*(unsigned long *)arg = ok;
	return NULL;
}

int main(int argc, char **argv)
{
	unsigned long total = 0, *done;
	pthread_t *th;
	int i, n;

	if (argc != 3) {
		fprintf(stderr, "usage: storm THREADS CALLS\n");
		return 2;
	}
	n = atoi(argv[1]);
	calls_per_thread = strtoul(argv[2], NULL, 0);
	if (n < 1 || n > 64)
		return 2;
	th = calloc(n, sizeof(*th));
	done = calloc(n, sizeof(*done));
	if (!th || !done)
		return 2;
	for (i = 0; i < n; i++)
		if (pthread_create(&th[i], NULL, hammer, &done[i]))
			return 2;
	for (i = 0; i < n; i++) {
		pthread_join(th[i], NULL);
		total += done[i];
	}
	printf("calls %lu\n", total);
	return total == n * calls_per_thread ? 0 : 1;
}
