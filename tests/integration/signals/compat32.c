// SPDX-License-Identifier: GPL-2.0
/*
 * arm64's 32-bit (compat) tasks, the counterpart of the x86-64
 * `int $0x80` cases (built by the signals test for arm64 only). Built
 * with arm-linux-gnueabihf-gcc -static, it runs as an AArch32 task on an
 * arm64 kernel with CONFIG_COMPAT: its sigaltstack calls go through the
 * compat syscall (the module's `compat` records) and its handler gets an
 * AArch32 frame. Prints, like cases and sigcases:
 *   arch MACHINE
 *   expect pid=P tid=T comm=compat32 compat sigaltstack(SS, OLD) = RET
 *   expect deliver pid=P tid=T SIGUSR1 handler=0xH frame=0xF altstack=0xB,SIZE,0 headroom=N
 *   frame-rule ok=N bad=N
 *   calls N
 * The frame is the handler's initial sp, stored by its first instructions;
 * the AArch32 rule (arch/arm64/kernel/signal32.c): struct
 * compat_rt_sigframe { compat_siginfo info; compat_sigframe sig; } and sp
 * = &info, the ucontext at the start of sig: frame = siginfo, ucontext =
 * siginfo + sizeof(siginfo_t). Built for anything but 32-bit ARM it prints
 * "na compat32: ..." and exits 0.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#if defined(__arm__)
#define ALT_SIZE	65536

static char alt[ALT_SIZE] __attribute__((aligned(4096)));
volatile unsigned long sig_entry_sp;
static volatile unsigned long frame, rule_ok, rule_bad;

void on_sig_c(int sig, siginfo_t *si, void *uc);
void on_sig(int sig, siginfo_t *si, void *uc);
__asm__(".text\n.arm\n.globl on_sig\n.type on_sig, %function\n"
	".p2align 2\non_sig:\n"
	"	ldr ip, =sig_entry_sp\n"
	"	str sp, [ip]\n"
	"	b on_sig_c\n"
	".ltorg\n"
	".size on_sig, .-on_sig\n");

void on_sig_c(int sig, siginfo_t *si, void *uc)
{
	unsigned long f = sig_entry_sp;

	(void)sig;
	if ((char *)uc == (char *)si + sizeof(siginfo_t) &&
	    f == (unsigned long)si)
		rule_ok++;
	else
		rule_bad++;
	frame = f;
}

/* A stack_t as the reader prints it (strace's style). */
static void show(char *buf, size_t len, const stack_t *s)
{
	char sp[32];
	const char *fl = s->ss_flags == 0 ? "0" :
			 s->ss_flags == SS_DISABLE ? "SS_DISABLE" :
			 s->ss_flags == SS_ONSTACK ? "SS_ONSTACK" : "?";

	if (s->ss_sp)
		snprintf(sp, sizeof(sp), "%p", s->ss_sp);
	else
		snprintf(sp, sizeof(sp), "NULL");
	snprintf(buf, len, "{ss_sp=%s, ss_flags=%s, ss_size=%zu}", sp, fl,
		 s->ss_size);
}

int main(void)
{
	stack_t ss = { .ss_sp = alt, .ss_flags = 0, .ss_size = ALT_SIZE }, old;
	struct sigaction sa;
	char a[96], b[96];
	struct utsname u;
	long r;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (uname(&u))
		return 2;
	printf("arch %s\n", u.machine);
	r = syscall(SYS_sigaltstack, &ss, &old);
	show(a, sizeof(a), &ss);
	show(b, sizeof(b), &old);
	printf("expect pid=%d tid=%d comm=compat32 compat sigaltstack(%s, %s) = %ld\n",
	       getpid(), gettid(), a, b, r);
	r = syscall(SYS_sigaltstack, NULL, &old);
	show(b, sizeof(b), &old);
	printf("expect pid=%d tid=%d comm=compat32 compat sigaltstack(NULL, %s) = %ld\n",
	       getpid(), gettid(), b, r);
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_sig;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
	sigaction(SIGUSR1, &sa, NULL);
	raise(SIGUSR1);
	printf("expect deliver pid=%d tid=%d SIGUSR1 handler=%p frame=0x%lx altstack=%p,%d,0 headroom=%lu\n",
	       getpid(), gettid(), (void *)on_sig, frame, (void *)alt, ALT_SIZE,
	       frame - (unsigned long)alt);
	printf("frame-rule ok=%lu bad=%lu\ncalls 2\n", rule_ok, rule_bad);
	return rule_bad ? 1 : 0;
}
#else
int main(void)
{
	struct utsname u;

	if (uname(&u))
		return 2;
	printf("na compat32: an AArch32 program (arm-linux-gnueabihf), built for %s\n",
	       u.machine);
	return 0;
}
#endif
