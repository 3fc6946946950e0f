// SPDX-License-Identifier: GPL-2.0
/*
 * Signal frames and the alternate stack, one case per child process; each
 * prints what sastrace must report for it as "expect ..." lines:
 *
 *   arch MACHINE redzone=N     (uname's machine; the bytes the kernel keeps
 *                              below a nested frame's interrupted sp)
 *   signo SIGUSR1=N SIGUSR2=N SIGSEGV=N SIGALRM=N
 *   expect deliver pid=P tid=T SIG handler=0xH frame=0xF altstack=0xB,SIZE,FLAGS headroom=N
 *   expect onstack_unavailable pid=P tid=T SIG handler=0xH frame=0xF
 *   expect overflow pid=P tid=T SIGUSR1 handler=0xH altstack=0xB,SIZE,0 redzone=N
 *   frame N 0xF                (overflow: each nested frame, in order)
 *   expect none pid=P          (no signal record at all for this process)
 *   frame-rule pid=P ok=N bad=N  (handler entries whose frame matched the
 *                              arch's rule; bad ones are printed and fail)
 *   exit pid=P status=S | exit pid=P signal=N
 *
 * The frame is the handler's initial stack pointer. Every handler here is
 * entered through a few instructions of assembly (SIG_ENTRY) that store
 * the stack pointer exactly as the kernel left it, before any C code runs:
 * that is what the workload reports. The C part then checks it against the
 * architecture's frame layout, from its own siginfo/ucontext arguments:
 *   x86-64: the rt_sigframe starts with the return address (pretcode),
 *           then the ucontext: frame = ucontext - 8;
 *   arm64:  the rt_sigframe starts with the siginfo, then the ucontext,
 *           and sp points at it: frame = siginfo, ucontext = siginfo +
 *           sizeof(siginfo_t).
 * A mismatch is printed and makes the child exit 1.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef SS_AUTODISARM
#define SS_AUTODISARM	(1U << 31)	/* not in glibc 2.36's headers */
#endif

#define ALT_SIZE	65536
#define SMALL_SIZE	16384

/*
 * SIG_ENTRY(NAME, CFN): a signal handler NAME that stores its initial stack
 * pointer in sig_entry_sp and jumps to the C handler CFN, with every
 * argument register and the stack as the kernel set them up.
 * REDZONE: what the kernel keeps free below the interrupted stack pointer
 * of a nested frame (the ABI's red zone).
 */
#if defined(__x86_64__)
#define SIG_ENTRY(name, cfn)						\
	__asm__(".text\n.globl " #name "\n.type " #name ", @function\n"	\
		#name ":\n"						\
		"	movq %rsp, sig_entry_sp(%rip)\n"			\
		"	jmp " #cfn "\n"					\
		".size " #name ", .-" #name "\n")
#define REDZONE		128
#elif defined(__aarch64__)
#define SIG_ENTRY(name, cfn)						\
	__asm__(".text\n.globl " #name "\n.type " #name ", %function\n"	\
		".p2align 2\n" #name ":\n"				\
		"	hint #34\n"	/* bti c: a nop without BTI */		\
		"	mov x16, sp\n"						\
		"	adrp x17, sig_entry_sp\n"				\
		"	str x16, [x17, #:lo12:sig_entry_sp]\n"		\
		"	b " #cfn "\n"						\
		".size " #name ", .-" #name "\n")
#define REDZONE		0
#else
#error "sigcases: no signal frame rule for this architecture"
#endif

/* Written by SIG_ENTRY's instructions, read first thing by the C handler. */
volatile unsigned long sig_entry_sp;

/* The architecture's rule: where the frame is, from the handler's arguments. */
static unsigned long frame_rule(siginfo_t *si, void *uc)
{
#if defined(__x86_64__)
	(void)si;
	return (unsigned long)uc - 8;
#else
	/* struct rt_sigframe { siginfo info; ucontext uc; }, sp = &info */
	if ((char *)uc != (char *)si + sizeof(siginfo_t))
		return 0;
	return (unsigned long)si;
#endif
}

/*
 * What a child leaves for its parent (shared memory; the overflow child
 * dies of SIGSEGV): its nested frames, and how many handler entries had
 * the frame the arch's rule says (the first one that did not, if any).
 */
struct shared {
	unsigned long n;
	unsigned long frame[256];
	unsigned long rule_ok, rule_bad, bad_entry, bad_rule;
};

static struct shared *shared;
static char alt[ALT_SIZE] __attribute__((aligned(4096)));
static volatile unsigned long frame;
static char *small;		/* the overflow case's stack, a guard page below */
static size_t small_size;
static unsigned long nest_keep;	/* re-raise while more is left below a frame */
static pid_t self;

/* The initial stack pointer, checked against the rule. */
static unsigned long entry_frame(siginfo_t *si, void *uc)
{
	unsigned long f = sig_entry_sp, r = frame_rule(si, uc);

	if (f == r) {
		shared->rule_ok++;
	} else if (!shared->rule_bad++) {
		shared->bad_entry = f;
		shared->bad_rule = r;
	}
	return f;
}

void on_sig_c(int sig, siginfo_t *si, void *uc);
void on_sig(int sig, siginfo_t *si, void *uc);
SIG_ENTRY(on_sig, on_sig_c);

void on_sig_c(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	frame = entry_frame(si, uc);
}

/* Re-raise @sig with as little stack as possible (no glibc raise()). */
static void reraise(int sig)
{
	syscall(SYS_tgkill, self, self, sig);
}

/* Use all but @keep bytes of the small stack below us, then re-raise. */
static __attribute__((noinline)) void descend(int sig, size_t keep)
{
	char here;
	size_t room = (size_t)(&here - small);
	char pad[room > keep ? room - keep : 1];

	/* Keep the array (and so the stack pointer below it) as it is. */
	__asm__ volatile("" : : "r"(pad) : "memory");
	reraise(sig);
}

/*
 * Re-raises itself (SA_NODEFER) while more than nest_keep bytes of the
 * small stack are left below its frame (each nested frame goes below the
 * last); then uses all but 400 bytes and re-raises once more: no frame
 * fits in that, and the task gets SIGSEGV (x86: the kernel gives up,
 * "overflowed sigaltstack"; arm64 does not check: the frame reaches the
 * guard page below the stack and cannot be written). The handler itself
 * never runs past the end of the stack.
 */
void on_nested_c(int sig, siginfo_t *si, void *uc);
void on_nested(int sig, siginfo_t *si, void *uc);
SIG_ENTRY(on_nested, on_nested_c);

void on_nested_c(int sig, siginfo_t *si, void *uc)
{
	unsigned long f = entry_frame(si, uc);

	if (shared->n < sizeof(shared->frame) / sizeof(shared->frame[0]))
		shared->frame[shared->n++] = f;
	if (f - (unsigned long)small > nest_keep)
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
	stack_t ss = { .ss_sp = small, .ss_size = small_size, .ss_flags = 0 };

	self = getpid();
	if (sigaltstack(&ss, NULL)) {
		perror("sigcases: sigaltstack");
		exit(1);
	}
	handle(SIGUSR1, on_nested, SA_ONSTACK | SA_NODEFER);
	printf("expect overflow pid=%d tid=%d SIGUSR1 handler=%p altstack=%p,%zu,0 redzone=%d\n",
	       getpid(), getpid(), (void *)on_nested, (void *)small, small_size,
	       REDZONE);
	fflush(stdout);
	reraise(SIGUSR1);
	printf("not reached\n");
}

static void run(void (*fn)(void))
{
	pid_t pid;
	int st;

	fflush(stdout);
	memset(shared, 0, sizeof(*shared));
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
		for (unsigned long i = 0; i < shared->n; i++)
			printf("frame %lu 0x%lx\n", i + 1, shared->frame[i]);
	printf("frame-rule pid=%d ok=%lu bad=%lu", pid, shared->rule_ok,
	       shared->rule_bad);
	if (shared->rule_bad)
		printf(" first: entry sp 0x%lx, rule 0x%lx", shared->bad_entry,
		       shared->bad_rule);
	printf("\n");
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
	long page = sysconf(_SC_PAGESIZE), minsig = sysconf(_SC_MINSIGSTKSZ);
	struct utsname u;
	char *map;

	shared = mmap(NULL, sizeof(*shared), PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (shared == MAP_FAILED || uname(&u) || page <= 0 || minsig <= 0) {
		perror("sigcases: setup");
		return 1;
	}
	/*
	 * The overflow case's stack: room for a few frames of this arch
	 * (the kernel's AT_MINSIGSTKSZ, through glibc), and a PROT_NONE
	 * page below it, so that a frame that does not fit is never
	 * written to other memory (arm64 does not check for that).
	 */
	small_size = SMALL_SIZE;
	if (small_size < 4 * (size_t)minsig)
		small_size = ((4 * (size_t)minsig + page - 1) / page) * page;
	nest_keep = 4096;
	if (nest_keep < (unsigned long)minsig + 1024)
		nest_keep = (unsigned long)minsig + 1024;
	map = mmap(NULL, small_size + page, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (map == MAP_FAILED || mprotect(map, page, PROT_NONE)) {
		perror("sigcases: mmap");
		return 1;
	}
	small = map + page;
	printf("arch %s redzone=%d minsigstksz=%ld page=%ld\n", u.machine,
	       REDZONE, minsig, page);
	printf("signo SIGUSR1=%d SIGUSR2=%d SIGSEGV=%d SIGALRM=%d\n",
	       SIGUSR1, SIGUSR2, SIGSEGV, SIGALRM);
	run(deliver_plain);
	run(deliver_autodisarm);
	run(unavailable);
	run(plain);
	run(overflow);
	return 0;
}
