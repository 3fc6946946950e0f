// SPDX-License-Identifier: GPL-2.0
/*
 * The summary test's workload: a known script of sigaltstack calls,
 * errors, deliveries on the alternate stack at headrooms it observes
 * itself, one overflow and one SA_ONSTACK handler without a stack, each
 * printed as it happened, so that the check computes every number of
 * `sastrace summary` from this output alone.
 *
 *   sumload script   prints "min M" (getauxval(AT_MINSIGSTKSZ), 0 when the
 *                    kernel gives none) and "minsigstksz N"; then, in
 *                    process P (the first line "pid P"):
 *                      "call pid=P ss=null|set|disable|fault size=S ret=R"
 *                      for every sigaltstack() call (ret: 0 or -errno),
 *                      "deliver pid=P headroom=H" for every delivery on
 *                      the alternate stack (H: the frame less ss_sp, the
 *                      frame found by the architecture's rule from the
 *                      handler's own arguments, as the signals test checks
 *                      it);
 *                    then a child C (overflow): "call pid=C ...", one
 *                    "deliver pid=C headroom=H" per nested frame, then
 *                    "exit pid=C signal=11"; then a child U: an SA_ONSTACK
 *                    SIGUSR2 handler without an alternate stack,
 *                    "unavailable pid=U" and "exit pid=U status=0".
 *   sumload storm N  N successful sigaltstack() calls that install a
 *                    stack, as fast as it can; prints "storm pid=P n=N".
 *
 * Exit status: 0, or 1 when something the test relies on failed (printed).
 */
/*
 * No _GNU_SOURCE: with it (_DYNAMIC_STACK_SIZE_SOURCE), glibc 2.34 and
 * later make MINSIGSTKSZ sysconf(_SC_MINSIGSTKSZ)'s figure; without it,
 * MINSIGSTKSZ is the kernel's constant (the least sigaltstack() takes).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef AT_MINSIGSTKSZ
#define AT_MINSIGSTKSZ 51
#endif

#define STACK_MAX	(256 * 1024)
#define NEST_SIZE	16384

/* Shared with the children: the overflow child dies of SIGSEGV. */
struct shared {
	unsigned long n;
	long headroom[256];
	int bad_rule;
};

static struct shared *shared;
static char *base;		/* STACK_MAX bytes, a guard page below */
static pid_t self;

/* The architecture's rule: where the frame is, from the handler's arguments. */
static unsigned long frame_rule(siginfo_t *si, void *uc)
{
#if defined(__x86_64__)
	(void)si;
	return (unsigned long)uc - 8;
#elif defined(__aarch64__)
	/* struct rt_sigframe { siginfo info; ucontext uc; }, sp = &info */
	if ((char *)uc != (char *)si + sizeof(siginfo_t))
		return 0;
	return (unsigned long)si;
#else
#error "sumload: no signal frame rule for this architecture"
#endif
}

static void on_usr1(int sig, siginfo_t *si, void *uc)
{
	unsigned long f = frame_rule(si, uc);

	(void)sig;
	if (!f)
		shared->bad_rule = 1;
	if (shared->n < sizeof(shared->headroom) / sizeof(shared->headroom[0]))
		shared->headroom[shared->n++] = (long)(f - (unsigned long)base);
}

/* Nested SA_NODEFER deliveries on a small stack until one no longer fits. */
static void on_nested(int sig, siginfo_t *si, void *uc)
{
	on_usr1(sig, si, uc);
	kill(self, SIGUSR1);
}

static void on_usr2(int sig)
{
	(void)sig;
}

static void handle(int sig, void (*fn)(int, siginfo_t *, void *), int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = fn;
	sa.sa_flags = SA_SIGINFO | flags;
	sigemptyset(&sa.sa_mask);
	if (sigaction(sig, &sa, NULL)) {
		perror("sumload: sigaction");
		exit(1);
	}
}

/* One call, printed: what its ss was (as the summary classes it) and ret. */
static int call(const char *what, const stack_t *ss, size_t size)
{
	stack_t old;
	int ret = sigaltstack(ss, &old) ? -errno : 0;

	printf("call pid=%d ss=%s size=%zu ret=%d\n", getpid(), what, size,
	       ret);
	return ret;
}

static int set(size_t size)
{
	stack_t ss = { .ss_sp = base, .ss_size = size, .ss_flags = 0 };

	return call("set", &ss, size);
}

/* One SIGUSR1 on the alternate stack: its headroom, printed. */
static void deliver(void)
{
	shared->n = 0;
	raise(SIGUSR1);
	if (shared->n != 1 || shared->bad_rule) {
		printf("delivery not seen (n=%lu, rule %d)\n", shared->n,
		       shared->bad_rule);
		exit(1);
	}
	printf("deliver pid=%d headroom=%ld\n", getpid(), shared->headroom[0]);
}

static int wait_child(pid_t pid)
{
	int st;

	if (waitpid(pid, &st, 0) != pid) {
		perror("sumload: waitpid");
		return -1;
	}
	if (WIFSIGNALED(st))
		printf("exit pid=%d signal=%d\n", pid, WTERMSIG(st));
	else
		printf("exit pid=%d status=%d\n", pid, WEXITSTATUS(st));
	return 0;
}

static int script(void)
{
	unsigned long min = getauxval(AT_MINSIGSTKSZ);
	stack_t ss = { .ss_sp = base, .ss_size = 65536, .ss_flags = 4 };
	unsigned long i;
	pid_t pid;

	printf("pid %d\nmin %lu\nminsigstksz %d\n", getpid(), min,
	       (int)MINSIGSTKSZ);
	handle(SIGUSR1, on_usr1, SA_ONSTACK);
	call("null", NULL, 0);				/* query */
	call("set", &ss, 65536);			/* EINVAL */
	call("fault", (const stack_t *)8, 0);		/* EFAULT */
	set(1);						/* ENOMEM */
	/* Deliveries at headrooms in three log2 buckets, one twice. */
	if (set(16384))
		return 1;
	deliver();
	if (set(65536))
		return 1;
	deliver();
	deliver();
	if (set(STACK_MAX))
		return 1;
	deliver();
	ss.ss_flags = SS_DISABLE;
	ss.ss_size = 0;
	call("disable", &ss, 0);
	/* SMALL, where the machine's frame leaves room for a stack below it. */
	if (min > (unsigned long)MINSIGSTKSZ + 1)
		set(min - 1);
	if (set(32768))
		return 1;
	fflush(stdout);

	/* The overflow: nested frames on a 16 KiB stack until one no longer fits. */
	shared->n = 0;
	pid = fork();
	if (pid < 0)
		return 1;
	if (!pid) {
		self = getpid();
		if (set(NEST_SIZE))
			_exit(1);
		fflush(stdout);
		handle(SIGUSR1, on_nested, SA_ONSTACK | SA_NODEFER);
		kill(self, SIGUSR1);
		_exit(2);	/* not reached: SIGSEGV */
	}
	if (wait_child(pid))
		return 1;
	for (i = 0; i < shared->n; i++)
		printf("deliver pid=%d headroom=%ld\n", pid,
		       shared->headroom[i]);

	/* SA_ONSTACK without an alternate stack (a fork keeps the parent's). */
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return 1;
	if (!pid) {
		struct sigaction sa;

		ss.ss_flags = SS_DISABLE;
		if (call("disable", &ss, 0))
			_exit(1);
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_usr2;
		sa.sa_flags = SA_ONSTACK;
		sigaction(SIGUSR2, &sa, NULL);
		raise(SIGUSR2);
		printf("unavailable pid=%d\n", getpid());
		fflush(stdout);
		_exit(0);
	}
	return wait_child(pid) ? 1 : 0;
}

static int storm(unsigned long n)
{
	stack_t ss = { .ss_sp = base, .ss_size = 65536, .ss_flags = 0 };
	unsigned long i;

	for (i = 0; i < n; i++) {
		if (sigaltstack(&ss, NULL)) {
			perror("sumload: sigaltstack");
			return 1;
		}
	}
	printf("storm pid=%d n=%lu\n", getpid(), n);
	return 0;
}

int main(int argc, char **argv)
{
	long page = sysconf(_SC_PAGESIZE);
	char *m;

	setvbuf(stdout, NULL, _IOLBF, 0);
	shared = mmap(NULL, sizeof(*shared), PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	m = mmap(NULL, STACK_MAX + page, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (shared == MAP_FAILED || m == MAP_FAILED ||
	    mprotect(m, page, PROT_NONE)) {
		perror("sumload: mmap");
		return 1;
	}
	base = m + page;
	if (argc == 2 && !strcmp(argv[1], "script"))
		return script();
	if (argc == 3 && !strcmp(argv[1], "storm"))
		return storm(strtoul(argv[2], NULL, 10));
	fprintf(stderr, "usage: sumload script | storm N\n");
	return 2;
}
