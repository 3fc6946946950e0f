// SPDX-License-Identifier: GPL-2.0
/*
 * sigaltstack from an x32 program (gcc -mx32: the 64-bit syscall ABI with
 * 32-bit pointers, so a 12-byte stack_t), with known values. The kernel
 * enters __x64_compat_sys_sigaltstack (__x32_... on 5.10) for these calls.
 * Each call prints one line with what it passed and what it got back:
 *
 *   call name=N ss=A ss_sp=A ss_flags=F ss_size=S old=A ret=R errno=E
 *        old_sp=A old_flags=F old_size=S
 *
 * (one line; ss_* only when ss is a readable stack_t, old_* only when the
 * call succeeded with an old_ss). Addresses are 0x%lx, 0 for NULL.
 * Last: "x32cases pid=P calls=N nr=NR sizeof_stack_t=12".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef SS_AUTODISARM
#define SS_AUTODISARM	(1U << 31)	/* linux/signal.h */
#endif

static char stack_a[16384] __attribute__((aligned(16)));
static char stack_b[8192] __attribute__((aligned(16)));
static int calls;

static void call(const char *name, stack_t *ss, int readable)
{
	stack_t old;
	long r;
	int e;

	memset(&old, 0x5a, sizeof(old));
	errno = 0;
	r = syscall(__NR_sigaltstack, ss, &old);
	e = r ? errno : 0;
	calls++;
	printf("call name=%s ss=0x%lx", name, (unsigned long)ss);
	if (ss && readable)
		printf(" ss_sp=0x%lx ss_flags=%u ss_size=%lu",
		       (unsigned long)ss->ss_sp, (unsigned int)ss->ss_flags,
		       (unsigned long)ss->ss_size);
	printf(" old=0x%lx ret=%ld errno=%d", (unsigned long)&old, r ? -1L : 0L,
	       e);
	if (!r)
		printf(" old_sp=0x%lx old_flags=%u old_size=%lu",
		       (unsigned long)old.ss_sp, (unsigned int)old.ss_flags,
		       (unsigned long)old.ss_size);
	printf("\n");
}

/* A call with old_ss NULL: nothing comes back but the result. */
static void call_noold(const char *name, stack_t *ss)
{
	long r;
	int e;

	errno = 0;
	r = syscall(__NR_sigaltstack, ss, NULL);
	e = r ? errno : 0;
	calls++;
	printf("call name=%s ss=0x%lx ss_sp=0x%lx ss_flags=%u ss_size=%lu old=0x0 ret=%ld errno=%d\n",
	       name, (unsigned long)ss, (unsigned long)ss->ss_sp, (unsigned int)ss->ss_flags,
	       (unsigned long)ss->ss_size, r ? -1L : 0L, e);
}

int main(void)
{
	stack_t valid = { .ss_sp = stack_a, .ss_flags = 0,
			  .ss_size = sizeof(stack_a) };
	stack_t other = { .ss_sp = stack_b, .ss_flags = (int)SS_AUTODISARM,
			  .ss_size = sizeof(stack_b) };
	stack_t badflags = { .ss_sp = stack_b, .ss_flags = 0x4,
			     .ss_size = sizeof(stack_b) };
	stack_t small = { .ss_sp = stack_b, .ss_flags = 0, .ss_size = 1024 };
	stack_t disable = { .ss_sp = NULL, .ss_flags = SS_DISABLE,
			    .ss_size = 0 };

	call("valid", &valid, 1);
	call("query", NULL, 0);
	call("badflags", &badflags, 1);
	call("small", &small, 1);
	call("efault", (stack_t *)0x10, 0);
	call_noold("autodisarm", &other);
	call("disable", &disable, 1);
	call("query2", NULL, 0);
	printf("x32cases pid=%d calls=%d nr=%#lx sizeof_stack_t=%zu\n",
	       (int)getpid(), calls, (unsigned long)__NR_sigaltstack,
	       sizeof(stack_t));
	return 0;
}
