// SPDX-License-Identifier: GPL-2.0
/*
 * Signal frames and the alternate stack, one case per child process; each
 * prints what sastrace must report for it as "expect ..." lines:
 *
 *   expect deliver pid=P tid=T SIG handler=0xH frame=0xF altstack=0xB,SIZE,FLAGS headroom=N
 *   expect onstack_unavailable pid=P tid=T SIG handler=0xH frame=0xF
 *   expect overflow pid=P tid=T SIGUSR1 handler=0xH altstack=0xB,SIZE,0
 *   frame N 0xF                (overflow: each nested frame, in order)
 *   expect none pid=P          (no signal record at all for this process)
 *   exit pid=P status=S | exit pid=P signal=N
 *
 * The frame is the handler's initial stack pointer: on x86-64 the
 * rt_sigframe starts with the return address, then the ucontext, so it is
 * the handler's ucontext argument minus 8.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef SS_AUTODISARM
#define SS_AUTODISARM	(1U << 31)	/* not in glibc 2.36's headers */
#endif

#define ALT_SIZE	65536
#define SMALL_SIZE	16384

static char alt[ALT_SIZE] __attribute__((aligned(4096)));
static volatile unsigned long frame;

static void on_sig(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)si;
	frame = (unsigned long)uc - 8;
}

/* What the overflow child leaves for its parent: it dies of SIGSEGV. */
struct nested {
	unsigned long n;
	unsigned long frame[256];
};

static struct nested *nested;
static pid_t self;

/* Re-raise @sig with as little stack as possible (no glibc raise()). */
static void reraise(int sig)
{
	syscall(SYS_tgkill, self, self, sig);
}

/* Use all but @keep bytes of the alternate stack below us, then re-raise. */
static __attribute__((noinline)) void descend(int sig, size_t keep)
{
	char here;
	size_t room = (size_t)(&here - alt);
	char pad[room > keep ? room - keep : 1];

	/* Keep the array (and so the stack pointer below it) as it is. */
	__asm__ volatile("" : : "r"(pad) : "memory");
	reraise(sig);
}

/*
 * Re-raises itself (SA_NODEFER) while more than 4 KiB of the alternate
 * stack are left below its frame (each nested frame goes below the last);
 * then uses all but 400 bytes and re-raises once more: no frame fits in
 * that, the kernel gives up ("overflowed sigaltstack") and sends SIGSEGV.
 * The handler itself never runs past the end of the stack.
 */
static void on_nested(int sig, siginfo_t *si, void *uc)
{
	unsigned long f = (unsigned long)uc - 8;

	(void)si;
	if (nested->n < sizeof(nested->frame) / sizeof(nested->frame[0]))
		nested->frame[nested->n++] = f;
	if (f - (unsigned long)alt > 4096)
		reraise(sig);
	else
		descend(sig, 400);
}

static void handle(int sig, void (*fn)(int, siginfo_t *, void *), int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = fn;
	sa.sa_flags = SA_SIGINFO | flags;
	sigemptyset(&sa.sa_mask);
	if (sigaction(sig, &sa, NULL)) {
		perror("sigcases: sigaction");
		exit(1);
	}
}

static void set_alt(size_t size, int flags)
{
	stack_t ss = { .ss_sp = alt, .ss_size = size, .ss_flags = flags };

	if (sigaltstack(&ss, NULL)) {
		perror("sigcases: sigaltstack");
		exit(1);
	}
}

/* SA_ONSTACK handler, alternate stack set: the frame is on it. */
static void deliver(unsigned int flags)
{
	set_alt(ALT_SIZE, (int)flags);
	handle(SIGUSR1, on_sig, SA_ONSTACK);
	raise(SIGUSR1);
	printf("expect deliver pid=%d tid=%d SIGUSR1 handler=%p frame=0x%lx altstack=%p,%d,%u headroom=%lu\n",
	       getpid(), getpid(), (void *)on_sig, frame, (void *)alt,
	       ALT_SIZE, flags, frame - (unsigned long)alt);
}

/* SA_ONSTACK handler, no alternate stack: the frame is on the normal one. */
static void unavailable(void)
{
	handle(SIGUSR2, on_sig, SA_ONSTACK);
	raise(SIGUSR2);
	printf("expect onstack_unavailable pid=%d tid=%d SIGUSR2 handler=%p frame=0x%lx\n",
	       getpid(), getpid(), (void *)on_sig, frame);
}

/* Handlers without SA_ONSTACK, with and without an alternate stack. */
static void plain(void)
{
	handle(SIGUSR1, on_sig, 0);
	raise(SIGUSR1);
	set_alt(ALT_SIZE, 0);
	raise(SIGUSR1);
	handle(SIGALRM, on_sig, SA_RESTART);
	raise(SIGALRM);
	printf("expect none pid=%d\n", getpid());
}

/* Nested SA_NODEFER deliveries until a frame no longer fits: SIGSEGV. */
static void overflow(void)
{
	self = getpid();
	set_alt(SMALL_SIZE, 0);
	handle(SIGUSR1, on_nested, SA_ONSTACK | SA_NODEFER);
	printf("expect overflow pid=%d tid=%d SIGUSR1 handler=%p altstack=%p,%d,0\n",
	       getpid(), getpid(), (void *)on_nested, (void *)alt, SMALL_SIZE);
	fflush(stdout);
	reraise(SIGUSR1);
	printf("not reached\n");
}

static void run(void (*fn)(void))
{
	pid_t pid;
	int st;

	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		perror("sigcases: fork");
		exit(1);
	}
	if (!pid) {
		fn();
		fflush(stdout);
		_exit(0);
	}
	if (waitpid(pid, &st, 0) != pid) {
		perror("sigcases: waitpid");
		exit(1);
	}
	if (fn == overflow)
		for (unsigned long i = 0; i < nested->n; i++)
			printf("frame %lu 0x%lx\n", i + 1, nested->frame[i]);
	if (WIFSIGNALED(st))
		printf("exit pid=%d signal=%d\n", pid, WTERMSIG(st));
	else
		printf("exit pid=%d status=%d\n", pid, WEXITSTATUS(st));
}

static void deliver_plain(void)
{
	deliver(0);
}

static void deliver_autodisarm(void)
{
	deliver(SS_AUTODISARM);
}

int main(void)
{
	nested = mmap(NULL, sizeof(*nested), PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (nested == MAP_FAILED) {
		perror("sigcases: mmap");
		return 1;
	}
	run(deliver_plain);
	run(deliver_autodisarm);
	run(unavailable);
	run(plain);
	run(overflow);
	return 0;
}
