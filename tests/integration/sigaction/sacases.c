// SPDX-License-Identifier: GPL-2.0
/*
 * Workload of the sigaction test: installs, changes and queries signal
 * actions with the raw rt_sigaction syscall (the kernel's struct
 * sigaction, the same layout on x86-64 and arm64: handler, flags,
 * restorer, mask), so that what it passes is exactly what the kernel
 * gets (libc adds flags of its own), and prints one line per call:
 *
 *   call N sig=S act=H,F,M,R old=null|not_written|H,F,M,R ret=R
 *
 * H handler (0 SIG_DFL, 1 SIG_IGN, else an address), F flags, M mask
 * (bit N-1 for signal N), R restorer, all in hex; ret 0 or -errno. A
 * query (no new action) prints "query N ..." and makes no record.
 * "pid N" comes first, "records N" says how many records the calls make. Exit 0 when every
 * call returned what it should.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef SA_RESTORER
#define SA_RESTORER	0x04000000
#endif
#ifndef SA_UNSUPPORTED
#define SA_UNSUPPORTED	0x00000400
#endif

struct ksa {
	unsigned long handler;
	unsigned long flags;
	unsigned long restorer;
	unsigned long mask;
};

#define BIT(n)	(1UL << ((n) - 1))

static void h1(int sig) { (void)sig; }
static void h2(int sig) { (void)sig; }
static void fake_restorer(void) { }

static int failures, n;

static long rt_sigaction(int sig, const struct ksa *act, struct ksa *old)
{
	long r = syscall(SYS_rt_sigaction, sig, act, old, 8);

	return r < 0 ? -errno : r;
}

static void print_act(const struct ksa *a)
{
	printf("%lx,%lx,%lx,%lx", a->handler, a->flags, a->mask, a->restorer);
}

/* One call; want_ret its expected result. */
static void call(int sig, const struct ksa *act, int with_old, long want_ret)
{
	struct ksa old;
	long ret;

	memset(&old, 0x5a, sizeof(old));
	ret = rt_sigaction(sig, act, with_old ? &old : NULL);
	printf("%s %d sig=%d act=", act ? "call" : "query", ++n, sig);
	if (act)
		print_act(act);
	else
		printf("null");
	printf(" old=");
	if (!with_old)
		printf("null");
	else if (ret)
		printf("not_written");
	else
		print_act(&old);
	printf(" ret=%ld\n", ret);
	if (ret != want_ret) {
		printf("unexpected ret %ld (want %ld)\n", ret, want_ret);
		failures++;
	}
}

int main(void)
{
	struct ksa a;
	int records = 0;

	printf("pid %d\n", (int)getpid());
	/* 1: SA_ONSTACK|SA_SIGINFO, old SIG_DFL. */
	a = (struct ksa){ (unsigned long)h1, SA_ONSTACK | SA_SIGINFO, 0, 0 };
	call(SIGUSR1, &a, 1, 0), records++;
	/* 2: change it: mask, other flags, the old one back. */
	a = (struct ksa){ (unsigned long)h2, SA_RESTART | SA_NODEFER, 0,
			  BIT(SIGINT) | BIT(SIGTERM) };
	call(SIGUSR1, &a, 1, 0), records++;
	/* 3: SIG_IGN, every signal but KILL and STOP masked, no oact. */
	a = (struct ksa){ 1, 0, 0, ~(BIT(SIGKILL) | BIT(SIGSTOP)) };
	call(SIGUSR2, &a, 0, 0), records++;
	/* 4: back to SIG_DFL, SA_RESETHAND; old is SIG_IGN. */
	a = (struct ksa){ 0, SA_RESETHAND, 0, 0 };
	call(SIGUSR2, &a, 1, 0), records++;
	/* 5: SA_RESTORER with a restorer. */
	a = (struct ksa){ (unsigned long)h1,
			  SA_RESTORER | SA_ONSTACK | SA_SIGINFO,
			  (unsigned long)fake_restorer, BIT(SIGSEGV) };
	call(SIGSEGV, &a, 0, 0), records++;
	/* 6: a real-time signal, a mask of real-time signals. */
	a = (struct ksa){ (unsigned long)h2, SA_SIGINFO, 0,
			  BIT(33) | BIT(40) | BIT(64) };
	call(40, &a, 1, 0), records++;
	/* 7: no such signal: EINVAL, oact not written. */
	a = (struct ksa){ (unsigned long)h1, SA_SIGINFO, 0, 0 };
	call(65, &a, 1, -EINVAL), records++;
	/* 8: SIGKILL cannot be caught: EINVAL. */
	a = (struct ksa){ 0, 0, 0, 0 };
	call(SIGKILL, &a, 0, -EINVAL), records++;
	/* 9: a query: no record. */
	call(SIGUSR1, NULL, 1, 0);
	/* 10: SA_UNSUPPORTED: accepted, never stored (the kernel clears it). */
	a = (struct ksa){ 1, SA_UNSUPPORTED | SA_RESTART, 0, 0 };
	call(SIGHUP, &a, 1, 0), records++;
	/* 11: read it back: the old action has no SA_UNSUPPORTED. */
	a = (struct ksa){ 0, 0, 0, 0 };
	call(SIGHUP, &a, 1, 0), records++;
	printf("records %d\n", records);
	return failures ? 1 : 0;
}
