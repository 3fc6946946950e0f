// SPDX-License-Identifier: GPL-2.0
/*
 * symprog: the symbols test's C workload, built static (symprog, and the
 * stripped symstrip with its debug file) and dynamic (symdyn). It installs
 * an alternate stack with libc's sigaltstack() and an SA_ONSTACK handler,
 * on_usr1(), for SIGUSR1, raises it once, and exits: the reader only reads
 * the records afterwards.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char stack[65536];
static volatile sig_atomic_t got;

__attribute__((noinline)) static void on_usr1(int sig)
{
	got = sig;
}

__attribute__((noinline)) static int install(void)
{
	stack_t ss = { .ss_sp = stack, .ss_size = sizeof(stack) };

	return sigaltstack(&ss, NULL);
}

int main(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sa.sa_flags = SA_ONSTACK;
	if (install() || sigaction(SIGUSR1, &sa, NULL) || raise(SIGUSR1) ||
	    got != SIGUSR1) {
		perror("symprog");
		return 1;
	}
	return 0;
}
