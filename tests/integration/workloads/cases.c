// SPDX-License-Identifier: GPL-2.0
/*
 * The integration workload: makes one sigaltstack call per case, each with
 * a known outcome, and prints for every call the line sastrace must show,
 * written out by hand here (not with sastrace's own decoder), minus the
 * "<ts> cpu=<n> " prefix:
 *   expect pid=<p> tid=<t> comm=<c> <hook> sigaltstack(<ss>, <old_ss>) = <ret>
 * Also checks every return value itself: a call that did not do what the
 * case says makes the program exit 1, so a wrong expectation cannot pass.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#define STACK_SIZE 65536
#ifndef SS_AUTODISARM
#define SS_AUTODISARM (1U << 31)	/* not in glibc 2.36's headers */
#endif

static char *stk;
static pid_t pid;
static int failures;

static long sas(const stack_t *ss, stack_t *old)
{
	long r = syscall(SYS_sigaltstack, ss, old);

	return r < 0 ? -errno : r;
}

static void expect(const char *hook, const char *ss, const char *old,
		   long got, long want, const char *ret)
{
	printf("expect pid=%d tid=%d comm=cases %s sigaltstack(%s, %s) = %s\n",
	       pid, (int)gettid(), hook, ss, old, ret);
	if (got != want) {
		fprintf(stderr, "cases: sigaltstack returned %ld, wanted %ld\n",
			got, want);
		failures++;
	}
}

static char handler_ss[128];
static long handler_ret;

static void on_usr1(int sig)
{
	stack_t ss = { .ss_sp = stk, .ss_flags = 0, .ss_size = STACK_SIZE };

	(void)sig;
	/* Running on the alternate stack: changing it must fail. */
	handler_ret = sas(&ss, NULL);
	snprintf(handler_ss, sizeof(handler_ss),
		 "{ss_sp=%p, ss_flags=0, ss_size=%d}", (void *)stk, STACK_SIZE);
}

#ifdef __x86_64__
/* A 32-bit sigaltstack through int $0x80 (compat syscall 186). */
static long sas_compat(uint32_t ss, uint32_t old)
{
	long ret = 186;

	asm volatile("int $0x80" : "+a"(ret) : "b"(ss), "c"(old)
		     : "memory", "r8", "r9", "r10", "r11");
	return ret;
}
#endif

int main(void)
{
	char ssbuf[160], oldbuf[160], stkp[32];
	stack_t ss, old;
	struct sigaction sa;
	uint32_t *low;
	long r;

	setvbuf(stdout, NULL, _IOLBF, 0);
	pid = getpid();
	stk = mmap(NULL, STACK_SIZE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (stk == MAP_FAILED)
		return 2;
	snprintf(stkp, sizeof(stkp), "%p", (void *)stk);

	/* 1. install: the old stack is the initial, disabled one */
	ss = (stack_t){ .ss_sp = stk, .ss_flags = 0, .ss_size = STACK_SIZE };
	r = sas(&ss, &old);
	snprintf(ssbuf, sizeof(ssbuf), "{ss_sp=%s, ss_flags=0, ss_size=%d}",
		 stkp, STACK_SIZE);
	expect("kprobe", ssbuf, "{ss_sp=NULL, ss_flags=SS_DISABLE, ss_size=0}",
	       r, 0, "0");

	/* 2. query */
	r = sas(NULL, &old);
	expect("kprobe", "NULL", ssbuf, r, 0, "0");

	/* 3. SS_DISABLE */
	ss = (stack_t){ .ss_sp = NULL, .ss_flags = SS_DISABLE, .ss_size = 0 };
	r = sas(&ss, &old);
	expect("kprobe", "{ss_sp=NULL, ss_flags=SS_DISABLE, ss_size=0}", ssbuf,
	       r, 0, "0");

	/* 4. SS_AUTODISARM, old_ss NULL */
	ss = (stack_t){ .ss_sp = stk, .ss_flags = SS_AUTODISARM,
			.ss_size = STACK_SIZE };
	r = sas(&ss, NULL);
	snprintf(ssbuf, sizeof(ssbuf),
		 "{ss_sp=%s, ss_flags=SS_AUTODISARM, ss_size=%d}", stkp,
		 STACK_SIZE);
	expect("kprobe", ssbuf, "NULL", r, 0, "0");

	/* 5. query shows SS_AUTODISARM kept */
	r = sas(NULL, &old);
	expect("kprobe", "NULL", ssbuf, r, 0, "0");

	/* 6. invalid flags: EINVAL, old_ss not written (raw pointer) */
	ss = (stack_t){ .ss_sp = stk, .ss_flags = 0x4, .ss_size = STACK_SIZE };
	r = sas(&ss, &old);
	snprintf(ssbuf, sizeof(ssbuf),
		 "{ss_sp=%s, ss_flags=0x4 /* SS_??? */, ss_size=%d}", stkp,
		 STACK_SIZE);
	snprintf(oldbuf, sizeof(oldbuf), "%p", (void *)&old);
	expect("kprobe", ssbuf, oldbuf, r, -EINVAL, "-22 EINVAL");

	/* 7. known and unknown bits together */
	ss.ss_flags = SS_DISABLE | 0x4;
	r = sas(&ss, NULL);
	snprintf(ssbuf, sizeof(ssbuf),
		 "{ss_sp=%s, ss_flags=SS_DISABLE|0x4, ss_size=%d}", stkp,
		 STACK_SIZE);
	expect("kprobe", ssbuf, "NULL", r, -EINVAL, "-22 EINVAL");

	/* 8. a size under MINSIGSTKSZ: ENOMEM */
	ss = (stack_t){ .ss_sp = stk, .ss_flags = SS_ONSTACK, .ss_size = 1024 };
	r = sas(&ss, NULL);
	snprintf(ssbuf, sizeof(ssbuf),
		 "{ss_sp=%s, ss_flags=SS_ONSTACK, ss_size=1024}", stkp);
	expect("kprobe", ssbuf, "NULL", r, -ENOMEM, "-12 ENOMEM");

	/* 9. a bad pointer: EFAULT, shown raw */
	r = sas((const stack_t *)0x10, NULL);
	expect("kprobe", "0x10", "NULL", r, -EFAULT, "-14 EFAULT");

	/* 10. EPERM: changing the stack from a handler running on it */
	ss = (stack_t){ .ss_sp = stk, .ss_flags = 0, .ss_size = STACK_SIZE };
	r = sas(&ss, NULL);
	snprintf(ssbuf, sizeof(ssbuf), "{ss_sp=%s, ss_flags=0, ss_size=%d}",
		 stkp, STACK_SIZE);
	expect("kprobe", ssbuf, "NULL", r, 0, "0");
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sa.sa_flags = SA_ONSTACK;
	sigaction(SIGUSR1, &sa, NULL);
	raise(SIGUSR1);
	expect("kprobe", handler_ss, "NULL", handler_ret, -EPERM, "-1 EPERM");

#ifdef __x86_64__
	/* 11. a 32-bit call through int $0x80, on memory below 4 GiB */
	low = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
	if (low == MAP_FAILED)
		return 2;
	low[0] = 0x10000;		/* ss_sp */
	low[1] = 0;			/* ss_flags */
	low[2] = 16384;			/* ss_size */
	r = sas_compat((uint32_t)(uintptr_t)low, (uint32_t)(uintptr_t)(low + 4));
	/* The compat view of the 64-bit stack: its pointer truncated. */
	snprintf(oldbuf, sizeof(oldbuf), "{ss_sp=%#x, ss_flags=0, ss_size=%d}",
		 (uint32_t)(uintptr_t)stk, STACK_SIZE);
	expect("compat", "{ss_sp=0x10000, ss_flags=0, ss_size=16384}", oldbuf,
	       r, 0, "0");

	/* 12. 32-bit query: what the compat call installed */
	r = sas_compat(0, (uint32_t)(uintptr_t)(low + 4));
	expect("compat", "NULL", "{ss_sp=0x10000, ss_flags=0, ss_size=16384}",
	       r, 0, "0");

	printf("calls 13\n");
#else
	/* 11, 12: the compat calls are x86-64's (int $0x80) */
	(void)low;
	printf("skip compat: x86-64 only (int $0x80)\n");
	printf("calls 11\n");
#endif
	return failures ? 1 : 0;
}
