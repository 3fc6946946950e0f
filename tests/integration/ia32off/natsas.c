// SPDX-License-Identifier: GPL-2.0
/*
 * 64-bit sigaltstack calls with 32-bit emulation off: a native call is
 * traced as ever; a 32-bit one (int $0x80, ia32 syscall 186) from a child
 * cannot be made (no 32-bit entry: the child gets SIGSEGV, which its
 * handler turns into exit status 77, so that the kernel logs no
 * unhandled-signal "traps:" line, which the harness takes for a problem).
 *
 * Prints: native pid=P ss=A ss_sp=A ss_flags=F ss_size=S ret=R errno=E
 *         int80 pid=P signaled=0|1 sig=N exit=N (77: SIGSEGV)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static char stack_a[16384] __attribute__((aligned(16)));

static void on_segv(int sig)
{
	(void)sig;
	_exit(77);
}

int main(void)
{
	stack_t ss = { .ss_sp = stack_a, .ss_flags = 0,
		       .ss_size = sizeof(stack_a) };
	uint32_t *low;
	int r, status;
	pid_t pid;

	r = sigaltstack(&ss, NULL);
	printf("native pid=%d ss=%p ss_sp=%p ss_flags=%d ss_size=%zu ret=%d errno=%d\n",
	       (int)getpid(), (void *)&ss, ss.ss_sp, ss.ss_flags, ss.ss_size,
	       r, r ? errno : 0);
	/* A compat stack_t below 4 GiB, for the int $0x80 call. */
	low = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
	if (low == MAP_FAILED)
		return 2;
	low[0] = 0x10000;
	low[1] = 0;
	low[2] = 16384;
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return 2;
	if (!pid) {
		long ret;

		signal(SIGSEGV, on_segv);
		__asm__ volatile("int $0x80"
				 : "=a"(ret)
				 : "a"(186L), "b"((long)(uintptr_t)low), "c"(0L)
				 : "memory", "r8", "r9", "r10", "r11");
		_exit(ret ? 3 : 0);
	}
	waitpid(pid, &status, 0);
	printf("int80 pid=%d signaled=%d sig=%d exit=%d\n", (int)pid,
	       WIFSIGNALED(status), WIFSIGNALED(status) ? WTERMSIG(status) : 0,
	       WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	return 0;
}
