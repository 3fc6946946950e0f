// SPDX-License-Identifier: GPL-2.0
/*
 * uprobe workload: N calls of libc's sigaltstack() that succeed, one that
 * fails with EINVAL, one that disables the stack. Built both dynamically
 * (sasdyn: libc's sigaltstack is probed) and statically (sasstatic: its
 * own copy of the code is not).
 *   sasdyn [N]
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 3, i, r;
	stack_t ss = { 0 }, old;

	printf("pid=%d\n", (int)getpid());
	for (i = 0; i < n; i++) {
		ss.ss_sp = (void *)(0x100000UL + 0x1000UL * i);
		ss.ss_flags = 0;
		ss.ss_size = 65536;
		r = sigaltstack(&ss, &old);
		printf("call %d ret=%d\n", i, r);
	}
	ss.ss_flags = 0x4;
	r = sigaltstack(&ss, NULL);
	printf("bad ret=%d errno=%d\n", r, errno);
	ss.ss_flags = SS_DISABLE;
	r = sigaltstack(&ss, NULL);
	printf("disable ret=%d\n", r);
	return 0;
}
