// SPDX-License-Identifier: GPL-2.0
/*
 * Threads with known alternate stacks, for the `altstacks` file: prints the
 * exact line each configured thread must have there ("expect ..."), the
 * threads that must not appear ("absent tid=N"), then "ready", and waits to
 * be killed. One thread sits in a signal handler on its alternate stack.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#ifndef SS_AUTODISARM
#define SS_AUTODISARM (1U << 31)	/* not in glibc 2.36's headers */
#endif

struct th {
	size_t size;
	int flags;		/* 0, SS_AUTODISARM, or -1: set, then disable */
	int in_handler;		/* park in a SIGUSR1 handler on the stack */
	int exit_early;		/* set the stack, then exit */
	void *sp;
	pid_t tid;
	volatile int ready;
};

static volatile int parked;

static void on_usr1(int sig)
{
	(void)sig;
	parked = 1;
	for (;;)
		pause();
}

static void *run(void *arg)
{
	struct th *t = arg;
	stack_t ss = { .ss_size = t->size, .ss_flags = 0 };

	t->tid = gettid();
	t->sp = mmap(NULL, t->size, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (t->sp == MAP_FAILED)
		exit(2);
	ss.ss_sp = t->sp;
	if (t->flags != -1)
		ss.ss_flags = t->flags;
	if (sigaltstack(&ss, NULL))
		exit(3);
	if (t->flags == -1) {
		ss.ss_flags = SS_DISABLE;
		if (sigaltstack(&ss, NULL))
			exit(4);
	}
	t->ready = 1;
	if (t->exit_early)
		return NULL;
	for (;;)
		pause();
}

int main(void)
{
	struct th th[5] = {
		{ .size = 65536 },
		{ .size = 131072, .flags = (int)SS_AUTODISARM },
		{ .size = 32768, .flags = -1 },
		{ .size = 16384, .exit_early = 1 },
		{ .size = 65536, .in_handler = 1 },
	};
	struct sigaction sa = { .sa_handler = on_usr1, .sa_flags = SA_ONSTACK };
	pthread_t pt[5];
	pid_t pid = getpid();
	int i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	sigaction(SIGUSR1, &sa, NULL);
	for (i = 0; i < 5; i++) {
		if (pthread_create(&pt[i], NULL, run, &th[i]))
			return 2;
		while (!th[i].ready)
			usleep(1000);
	}
	pthread_join(pt[3], NULL);
	pthread_kill(pt[4], SIGUSR1);
	while (!parked)
		usleep(1000);
	usleep(100000);		/* let it reach pause() */

	printf("expect pid=%d tid=%d comm=altstacks ss_sp=%p ss_flags=0 ss_size=%zu on_stack=0\n",
	       pid, th[0].tid, th[0].sp, th[0].size);
	printf("expect pid=%d tid=%d comm=altstacks ss_sp=%p ss_flags=SS_AUTODISARM ss_size=%zu on_stack=0\n",
	       pid, th[1].tid, th[1].sp, th[1].size);
	printf("expect pid=%d tid=%d comm=altstacks ss_sp=%p ss_flags=SS_ONSTACK ss_size=%zu on_stack=1\n",
	       pid, th[4].tid, th[4].sp, th[4].size);
	printf("absent tid=%d\n", th[2].tid);
	printf("absent tid=%d\n", th[3].tid);
	printf("absent tid=%d\n", pid);
	printf("ready\n");
	for (;;)
		pause();
}
