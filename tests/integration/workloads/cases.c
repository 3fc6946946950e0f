// SPDX-License-Identifier: GPL-2.0
/*
 * The integration workload: makes one sigaltstack call per case, each with
 * a known outcome, and prints for every call the line sastrace must show,
 * written out by hand here (not with sastrace's own decoder), minus the
 * "<ts> cpu=<n> " prefix:
 *   expect pid=<p> tid=<t> comm=<c> <hook> sigaltstack(<ss>, <old_ss>) = <ret>
 * Also checks every return value itself: a call that did not do what the
 * case says makes the program exit 1, so a wrong expectation cannot pass.
 * Errno numbers in the expected lines are this architecture's (<errno.h>).
 *
 * The 32-bit calls (cases 11 and 12, `int $0x80`) exist on x86-64 only; on
 * another architecture the program says so on a line
 *   na compat: <why>
 * and makes the other calls. Last, "calls N": the calls it made (the
 * expected lines). `cases --records` prints only the number of records a
 * run makes (calls + the one signal delivery), for a reader's --count.
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

static char handler_ss[160];
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

/* "-<errno> <NAME>", this architecture's number */
static const char *err(char *buf, size_t len, int e, const char *name)
{
	snprintf(buf, len, "-%d %s", e, name);
	return buf;
}

#ifdef __x86_64__
#define COMPAT_CALLS	2
/* A 32-bit sigaltstack through int $0x80 (compat syscall 186). */
static long sas_compat(uint32_t ss, uint32_t old)
{
	long ret = 186;

	asm volatile("int $0x80" : "+a"(ret) : "b"(ss), "c"(old)
		     : "memory", "r8", "r9", "r10", "r11");
	return ret;
}

/* 11. and 12.: 32-bit calls through int $0x80, on memory below 4 GiB */
static int compat_cases(void)
{
	char oldbuf[160];
	uint32_t *low;
	long r;

	low = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
	if (low == MAP_FAILED)
		return -1;
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
	return 0;
}
#else
/*
 * No int $0x80 here. (arm64's 32-bit tasks are AArch32 programs: a
 * separate armhf binary, not a mode this program can switch to.)
 */
#define COMPAT_CALLS	0
static int compat_cases(void)
{
	printf("na compat: 32-bit sigaltstack calls through int $0x80 are x86-64 only\n");
	return 0;
}
#endif

/* the calls main() makes: 11 native ones, then the 32-bit ones */
#define CALLS		(11 + COMPAT_CALLS)

int main(int argc, char **argv)
{
	char ssbuf[160], oldbuf[160], stkp[32], e[32];
	stack_t ss, old;
	struct sigaction sa;
	long r;

	if (argc == 2 && !strcmp(argv[1], "--records")) {
		printf("%d\n", CALLS + 1);
		return 0;
	}
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
	expect("kprobe", ssbuf, oldbuf, r, -EINVAL,
	       err(e, sizeof(e), EINVAL, "EINVAL"));

	/* 7. known and unknown bits together */
	ss.ss_flags = SS_DISABLE | 0x4;
	r = sas(&ss, NULL);
	snprintf(ssbuf, sizeof(ssbuf),
		 "{ss_sp=%s, ss_flags=SS_DISABLE|0x4, ss_size=%d}", stkp,
		 STACK_SIZE);
	expect("kprobe", ssbuf, "NULL", r, -EINVAL,
	       err(e, sizeof(e), EINVAL, "EINVAL"));

	/* 8. a size under MINSIGSTKSZ: ENOMEM */
	ss = (stack_t){ .ss_sp = stk, .ss_flags = SS_ONSTACK, .ss_size = 1024 };
	r = sas(&ss, NULL);
	snprintf(ssbuf, sizeof(ssbuf),
		 "{ss_sp=%s, ss_flags=SS_ONSTACK, ss_size=1024}", stkp);
	expect("kprobe", ssbuf, "NULL", r, -ENOMEM,
	       err(e, sizeof(e), ENOMEM, "ENOMEM"));

	/* 9. a bad pointer: EFAULT, shown raw */
	r = sas((const stack_t *)0x10, NULL);
	expect("kprobe", "0x10", "NULL", r, -EFAULT,
	       err(e, sizeof(e), EFAULT, "EFAULT"));

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
	expect("kprobe", handler_ss, "NULL", handler_ret, -EPERM,
	       err(e, sizeof(e), EPERM, "EPERM"));

	/* 11. and 12.: 32-bit calls, where there are */
	if (compat_cases())
		return 2;

	printf("calls %d\n", CALLS);
	return failures ? 1 : 0;
}
