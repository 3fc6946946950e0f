// SPDX-License-Identifier: GPL-2.0
/*
 * Calls libc's sigaltstack() from THREADS threads in a tight loop until
 * killed: the load under which the module is unloaded.
 *   sashammer THREADS
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void *hammer(void *arg)
{
	stack_t ss = { .ss_sp = arg, .ss_flags = 0, .ss_size = 65536 }, old;

	for (;;) {
		sigaltstack(&ss, &old);
		sigaltstack(NULL, &old);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 4, i;
	pthread_t t;

	for (i = 0; i < n; i++)
		if (pthread_create(&t, NULL, hammer,
				   (void *)(0x100000UL + 0x10000UL * i)))
			return 1;
	printf("started %d\n", n);
	fflush(stdout);
	hammer((void *)0x200000UL);
	return 0;
}
