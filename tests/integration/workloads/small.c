// SPDX-License-Identifier: GPL-2.0
/*
 * The small test's workload: alternate stacks against the signal frame size
 * the kernel told this process, AT_MINSIGSTKSZ (getauxval(); 0 where the
 * kernel gives none: x86 before 5.14). Every stack is mapped with an
 * inaccessible page right below ss_sp, so that a frame that does not fit
 * faults on every architecture (x86 refuses it, arm64 writes it below
 * ss_sp), and the task dies of SIGSEGV.
 *
 *   small calls    prints "min M", "minsigstksz N", "sigstksz N", then
 *                  installs stacks of min-1, min, min+1 (when min is
 *                  known), MINSIGSTKSZ and SIGSTKSZ bytes, one
 *                  "call size=S ret=R errno=E" line each; on x86-64 then
 *                  min-1 and min bytes through int $0x80 ("call32 ...");
 *                  then one SS_DISABLE call ("disable ret=R").
 *   small search   the smallest stack, from MINSIGSTKSZ to max(min,
 *                  MINSIGSTKSZ), on which a SIGUSR1 with an SA_ONSTACK
 *                  handler is delivered and returns (a binary search; the
 *                  frame's place only rises with the size). Each try is a
 *                  child: "probe size=S pid=P install=R status=exit:N" (the
 *                  handler ran and returned: exit 0) or "status=signal:N"
 *                  (11: the frame did not fit). Then "fit S".
 *   small hold S   installs a stack of S bytes, prints "ready pid=P tid=T
 *                  size=S ret=R" and waits for SIGTERM.
 *
 * Exit status: 0, or 1 when something the test relies on failed (printed).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef AT_MINSIGSTKSZ
#define AT_MINSIGSTKSZ 51
#endif

static volatile sig_atomic_t handled;

static void on_usr1(int sig)
{
	(void)sig;
	handled = 1;
}

/*
 * Install a stack of @size bytes whose ss_sp is a page boundary with an
 * inaccessible page below it. Return: sigaltstack()'s result (errno kept).
 */
static int install(size_t size)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t len = page + (size + page - 1) / page * page;
	char *map = mmap(NULL, len, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	stack_t ss = { .ss_size = size };

	if (map == MAP_FAILED) {
		perror("mmap");
		exit(1);
	}
	if (mprotect(map, page, PROT_NONE)) {
		perror("mprotect");
		exit(1);
	}
	ss.ss_sp = map + page;
	return sigaltstack(&ss, NULL);
}

#ifdef __x86_64__
/*
 * The same through the 32-bit entry (int $0x80, a 12-byte compat stack_t
 * below 4 GiB) from this 64-bit process: the compat hook must use this
 * process's AT_MINSIGSTKSZ too. Return: 0 or -errno.
 */
static long install32(size_t size)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t len = page + (size + page - 1) / page * page;
	char *map = mmap(NULL, len + page, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
	unsigned int *st;
	long ret;

	if (map == MAP_FAILED || mprotect(map, page, PROT_NONE)) {
		perror("mmap/mprotect 32-bit");
		exit(1);
	}
	st = (unsigned int *)(map + len);	/* { sp, flags, size } */
	st[0] = (unsigned int)(unsigned long)(map + page);
	st[1] = 0;
	st[2] = (unsigned int)size;
	__asm__ volatile ("int $0x80"
			  : "=a" (ret)
			  : "a" (186), "b" (st), "c" (0)
			  : "memory");
	return (int)ret;
}
#endif

/* One try of `small search`: returns 1 when the handler ran and returned. */
static int probe(size_t size)
{
	int status, r;
	pid_t pid = fork();

	if (pid < 0) {
		perror("fork");
		exit(1);
	}
	if (!pid) {
		struct sigaction sa = { .sa_handler = on_usr1,
					.sa_flags = SA_ONSTACK };

		if (install(size))
			_exit(2);
		sigemptyset(&sa.sa_mask);
		if (sigaction(SIGUSR1, &sa, NULL))
			_exit(3);
		raise(SIGUSR1);
		_exit(handled ? 0 : 4);
	}
	if (waitpid(pid, &status, 0) != pid) {
		perror("waitpid");
		exit(1);
	}
	r = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	printf("probe size=%zu pid=%d install=%d status=%s:%d\n", size,
	       (int)pid, r == 2 ? -1 : 0, WIFEXITED(status) ? "exit" : "signal",
	       WIFEXITED(status) ? r : WTERMSIG(status));
	fflush(stdout);
	return WIFEXITED(status) && r == 0;
}

int main(int argc, char **argv)
{
	unsigned long min = getauxval(AT_MINSIGSTKSZ);
	size_t lo = MINSIGSTKSZ, hi, mid;

	if (argc >= 2 && !strcmp(argv[1], "calls")) {
		size_t sizes[5];
		stack_t off = { .ss_flags = SS_DISABLE };
		int n = 0, i, r;

		printf("min %lu\nminsigstksz %d\nsigstksz %d\npid %d\n", min,
		       (int)MINSIGSTKSZ, (int)SIGSTKSZ, (int)getpid());
		if (min) {
			sizes[n++] = min - 1;
			sizes[n++] = min;
			sizes[n++] = min + 1;
		}
		sizes[n++] = MINSIGSTKSZ;
		sizes[n++] = SIGSTKSZ;
		for (i = 0; i < n; i++) {
			r = install(sizes[i]);
			printf("call size=%zu ret=%d errno=%d\n", sizes[i], r,
			       r ? errno : 0);
		}
#ifdef __x86_64__
		for (i = 0; i < 2 && min; i++) {
			long r32 = install32(min - 1 + i);

			printf("call32 size=%lu ret=%d errno=%d\n", min - 1 + i,
			       r32 ? -1 : 0, r32 ? (int)-r32 : 0);
		}
#endif
		r = sigaltstack(&off, NULL);
		printf("disable ret=%d\n", r);
		return r ? 1 : 0;
	}
	if (argc >= 2 && !strcmp(argv[1], "search")) {
		printf("min %lu\n", min);
		hi = min > lo ? min : lo;
		if (!probe(hi)) {
			printf("fit none\n");
			return 0;
		}
		while (lo < hi) {
			mid = lo + (hi - lo) / 2;
			if (probe(mid))
				hi = mid;
			else
				lo = mid + 1;
		}
		printf("fit %zu\n", lo);
		return 0;
	}
	if (argc >= 3 && !strcmp(argv[1], "hold")) {
		size_t size = strtoul(argv[2], NULL, 0);
		int r = install(size);

		printf("ready pid=%d tid=%ld size=%zu ret=%d\n", (int)getpid(),
		       (long)syscall(SYS_gettid), size, r);
		fflush(stdout);
		pause();
		return 0;
	}
	fprintf(stderr, "usage: small calls|search|hold SIZE\n");
	return 1;
}
