// SPDX-License-Identifier: GPL-2.0
/*
 * The classic sigaltstack use: survive a stack overflow. A SIGSEGV handler
 * installed with SA_ONSTACK runs on an alternate stack (the overflowed main
 * stack has no room for a signal frame), reports the overflow and _exit(0)s.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static volatile unsigned long depth;
/* Never cleared: keeps gcc's -Winfinite-recursion quiet. */
static volatile int keep_going = 1;

static void on_segv(int sig)
{
	stack_t cur;
	char msg[160];
	int n;

	(void)sig;
	/* Ask where we are running: SS_ONSTACK while on the alternate stack. */
	sigaltstack(NULL, &cur);
	n = snprintf(msg, sizeof(msg),
		     "overflow: SIGSEGV after %lu frames; handler on the alternate stack: %s\n",
		     depth, (cur.ss_flags & SS_ONSTACK) ? "yes" : "no");
	if (n > 0)
		write(STDOUT_FILENO, msg, (size_t)n);
	_exit(0);
}

/* Unbounded recursion the compiler can neither inline nor turn into a loop. */
static __attribute__((noinline)) unsigned long recurse(unsigned long n)
{
	volatile char frame[256];

	frame[0] = (char)n;
	depth = n;
	if (keep_going)
		return recurse(n + 1) + frame[0];
	return frame[0];
}

int main(void)
{
	stack_t ss = { .ss_size = SIGSTKSZ * 4 };
	struct sigaction sa;

	ss.ss_sp = malloc(ss.ss_size);
	if (!ss.ss_sp || sigaltstack(&ss, NULL)) {
		perror("overflow: sigaltstack");
		return 1;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_segv;
	sa.sa_flags = SA_ONSTACK;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGSEGV, &sa, NULL)) {
		perror("overflow: sigaction");
		return 1;
	}
	printf("overflow: pid %d, alternate stack %p (%zu bytes), SIGSEGV handler %p, recursing...\n",
	       (int)getpid(), ss.ss_sp, ss.ss_size, (void *)on_segv);
	fflush(stdout);
	return (int)recurse(0);
}
