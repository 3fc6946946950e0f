// SPDX-License-Identifier: GPL-2.0
/*
 * The service test's workload: a known script of sigaltstack() calls, a
 * delivery on the alternate stack and an overflow, each printed as it
 * happened, so that the check knows every record the journal must hold
 * from this output alone.
 *
 *   svcload N   in process P:
 *                 "pid P"
 *                 "call pid=P tid=T size=S ret=R errno=E"  a call that
 *                     installs a stack of S bytes (R: 0 or -errno, E its
 *                     name, "null" for 0): one that works, one that fails
 *                     (ENOMEM: 1 byte is below MINSIGSTKSZ)
 *                 "storm pid=P tid=T n=N ok=K": N queries
 *                     (sigaltstack(NULL, &old)), K of them returned 0
 *                 "deliver pid=P signo=10 handler=H onstack=1": SIGUSR1's
 *                     handler H ran once, on the alternate stack (its own
 *                     local variable's address says so)
 *               then a child C: "call pid=C tid=C size=16384 ret=0 errno=null",
 *               "nested pid=C handler=H n=K" (K deliveries of SIGUSR1, each
 *               handler raising the next on the same 16 KiB alternate stack
 *               until a frame no longer fits: the overflow, which kills C),
 *               "exit pid=C signal=S".
 *
 * Exit status: 0, or 1 when something the test relies on did not happen
 * (printed).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define STACK_SIZE	65536
#define NEST_SIZE	16384

static char *base;
static volatile sig_atomic_t onstack;
static unsigned long *nested;	/* shared with the overflow child */

static int call(size_t size)
{
	stack_t ss = { .ss_sp = base, .ss_size = size, .ss_flags = 0 };
	int r = sigaltstack(&ss, NULL) ? -errno : 0;

	printf("call pid=%d tid=%d size=%zu ret=%d errno=%s\n", getpid(),
	       gettid(), size, r, r ? strerrorname_np(-r) : "null");
	return r;
}

static void on_usr1(int sig)
{
	char here;

	(void)sig;
	onstack = &here >= base && &here < base + STACK_SIZE;
}

static void on_nested(int sig)
{
	(*nested)++;
	raise(sig);
}

static void handle(int sig, void (*fn)(int), int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sa.sa_flags = flags;
	sigaction(sig, &sa, NULL);
}

int main(int argc, char **argv)
{
	unsigned long i, n, ok = 0;
	stack_t old;
	pid_t pid;
	int st;

	if (argc != 2) {
		fprintf(stderr, "usage: svcload N\n");
		return 2;
	}
	n = strtoul(argv[1], NULL, 10);
	setvbuf(stdout, NULL, _IOLBF, 0);
	base = mmap(NULL, STACK_SIZE, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	nested = mmap(NULL, sizeof(*nested), PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (base == MAP_FAILED || nested == MAP_FAILED) {
		perror("svcload: mmap");
		return 1;
	}
	printf("pid %d\n", getpid());
	if (call(STACK_SIZE) || call(1) != -ENOMEM)
		return 1;
	for (i = 0; i < n; i++)
		if (!sigaltstack(NULL, &old))
			ok++;
	printf("storm pid=%d tid=%d n=%lu ok=%lu\n", getpid(), gettid(), n, ok);
	handle(SIGUSR1, on_usr1, SA_ONSTACK);
	raise(SIGUSR1);
	printf("deliver pid=%d signo=%d handler=%p onstack=%d\n", getpid(),
	       SIGUSR1, (void *)on_usr1, onstack);
	if (!onstack)
		return 1;

	pid = fork();
	if (pid < 0)
		return 1;
	if (!pid) {
		if (call(NEST_SIZE))
			_exit(1);
		handle(SIGUSR1, on_nested, SA_ONSTACK | SA_NODEFER);
		raise(SIGUSR1);
		_exit(2);	/* not reached: SIGSEGV */
	}
	if (waitpid(pid, &st, 0) != pid)
		return 1;
	printf("nested pid=%d handler=%p n=%lu\n", pid, (void *)on_nested,
	       *nested);
	if (WIFSIGNALED(st)) {
		printf("exit pid=%d signal=%d\n", pid, WTERMSIG(st));
		return WTERMSIG(st) == SIGSEGV ? 0 : 1;
	}
	printf("exit pid=%d status=%d\n", pid, WEXITSTATUS(st));
	return 1;
}
