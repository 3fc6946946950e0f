// SPDX-License-Identifier: GPL-2.0
/*
 * Smoke workload: three raw sigaltstack syscalls with known arguments, so
 * the test can expect exact `events` lines. Prints its pid first, and
 * the errno of the failing call as this architecture numbers it.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	stack_t ss = { .ss_sp = (void *)0x10000, .ss_size = 65536, .ss_flags = 0 };
	stack_t old;
	long r1, r2, r3;
	int e3;

	printf("pid=%d\n", (int)getpid());
	fflush(stdout);
	r1 = syscall(SYS_sigaltstack, &ss, NULL);
	r2 = syscall(SYS_sigaltstack, NULL, &old);
	ss.ss_flags = 0x4;
	r3 = syscall(SYS_sigaltstack, &ss, NULL);
	e3 = r3 ? errno : 0;
	printf("ret=%ld,%ld,%ld\n", r1, r2, r3);
	printf("errno=%d EINVAL=%d\n", e3, EINVAL);
	return 0;
}
