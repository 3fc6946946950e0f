// SPDX-License-Identifier: GPL-2.0
/*
 * 32-bit signal frames from a 64-bit program: the handler of SIGUSR1 is
 * installed with `int $0x80` (the ia32 rt_sigaction), so the kernel marks
 * it SA_IA32_ABI and builds 32-bit frames for it, with no red zone below
 * the interrupted stack pointer. The handler itself is 32-bit code: it
 * writes its initial stack pointer (the frame) to a pipe and raises
 * SIGUSR1 again (SA_NODEFER), nesting frames down the 16 KiB alternate
 * stack until one does not fit:
 *   ia32frames guard  a guard page below the stack: the child dies of
 *                     SIGSEGV (the kernel refuses the frame, or, before
 *                     6.2, writing it below the stack faults);
 *   ia32frames rw     writable memory below the stack: a kernel that
 *                     refuses the frame kills the child with SIGSEGV; one
 *                     that does not check (before 6.2) writes it there,
 *                     and the handler, seeing its frame below the stack,
 *                     exits 0.
 *
 * Prints: ia32 mode=M pid=P base=0x.. size=16384 handler=0x..
 * frames=F1,F2,... signaled=0|1 sig=N sigsegv=N status=N
 *
 * x86-64 only (int $0x80, .code32). Built for another architecture, it
 * prints "ia32 na arch=MACHINE: ..." and exits 0: the test then asserts
 * that, and that no signal record came from it. (arm64's 32-bit tasks are
 * AArch32 programs, built apart: see the test's check for the proposal.)
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#ifdef __x86_64__

#define STACK_SIZE	16384
#define SA_ONSTACK_	0x08000000u
#define SA_NODEFER_	0x40000000u
#define SA_SIGINFO_	0x00000004u

/* Read by the 32-bit handler through 32-bit absolute addresses. */
uint32_t g_pipefd, g_pid, g_frame, g_base;

void handler32(void);
__asm__(".text\n"
	".code32\n"
	".globl handler32\n"
	"handler32:\n"
	"	movl %esp, g_frame\n"
	"	movl $4, %eax\n"		/* write(g_pipefd, &g_frame, 4) */
	"	movl g_pipefd, %ebx\n"
	"	movl $g_frame, %ecx\n"
	"	movl $4, %edx\n"
	"	int $0x80\n"
	"	cmpl g_base, %esp\n"		/* a frame below the stack: */
	"	jb 1f\n"
	"	movl $37, %eax\n"		/* kill(g_pid, SIGUSR1) */
	"	movl g_pid, %ebx\n"
	"	movl $10, %ecx\n"
	"	int $0x80\n"
	"	movl $1, %eax\n"		/* exit(3): not reached */
	"	movl $3, %ebx\n"
	"	int $0x80\n"
	"1:	movl $1, %eax\n"		/* exit(0) */
	"	movl $0, %ebx\n"
	"	int $0x80\n"
	".code64\n");

/* struct sigaction as the ia32 rt_sigaction takes it. */
struct sigaction32 {
	uint32_t handler;
	uint32_t flags;
	uint32_t restorer;
	uint32_t mask[2];
};

static struct sigaction32 act32;

static long int80(long nr, long a, long b, long c, long d)
{
	long ret;

	__asm__ volatile("int $0x80"
			 : "=a"(ret)
			 : "a"(nr), "b"(a), "c"(b), "d"(c), "S"(d)
			 : "memory", "r8", "r9", "r10", "r11");
	return ret;
}

static void child(int wfd, char *base)
{
	stack_t st = { .ss_sp = base, .ss_flags = 0, .ss_size = STACK_SIZE };

	g_pipefd = wfd;
	g_pid = getpid();
	g_base = (uint32_t)(uintptr_t)base;
	if (sigaltstack(&st, NULL))
		_exit(4);
	act32.handler = (uint32_t)(uintptr_t)handler32;
	act32.flags = SA_ONSTACK_ | SA_NODEFER_ | SA_SIGINFO_;
	/* ia32 rt_sigaction is 174. */
	if (int80(174, SIGUSR1, (long)(uintptr_t)&act32, 0, 8))
		_exit(5);
	kill(getpid(), SIGUSR1);
	_exit(6);
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "guard";
	int guard = !strcmp(mode, "guard");
	char *map, *base;
	uint32_t f;
	int p[2], status, n = 0;
	pid_t pid;

	if (!guard && strcmp(mode, "rw")) {
		fprintf(stderr, "usage: ia32frames [guard|rw]\n");
		return 2;
	}
	/*
	 * Two pages below the stack (a guard page and a free one, or two
	 * writable ones: more than a 32-bit frame), all below 4 GiB.
	 */
	map = mmap(NULL, STACK_SIZE + 8192, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
	if (map == MAP_FAILED || (guard && munmap(map + 4096, 4096)) ||
	    pipe(p)) {
		perror("ia32frames: setup");
		return 2;
	}
	base = map + 8192;
	pid = fork();
	if (pid < 0)
		return 2;
	if (!pid) {
		close(p[0]);
		child(p[1], base);
	}
	close(p[1]);
	printf("ia32 mode=%s pid=%d base=%p size=%d handler=%p frames=", mode,
	       pid, (void *)base, STACK_SIZE, (void *)handler32);
	while (read(p[0], &f, sizeof(f)) == sizeof(f))
		printf("%s0x%x", n++ ? "," : "", f);
	waitpid(pid, &status, 0);
	printf(" signaled=%d sig=%d sigsegv=%d status=%d\n",
	       WIFSIGNALED(status),
	       WIFSIGNALED(status) ? WTERMSIG(status) : -1, SIGSEGV,
	       WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	return 0;
}

#else /* !__x86_64__ */

int main(void)
{
	struct utsname u;

	if (uname(&u))
		return 2;
	printf("ia32 na arch=%s: ia32 signal frames (int $0x80, SA_IA32_ABI) exist on x86-64 only\n",
	       u.machine);
	return 0;
}

#endif
