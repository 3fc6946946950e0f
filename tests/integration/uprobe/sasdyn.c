// SPDX-License-Identifier: GPL-2.0
/*
 * uprobe workload: N calls of libc's sigaltstack() that succeed, one that
 * fails with EINVAL, one that disables the stack. Built both dynamically
 * (sasdyn: libc's sigaltstack is probed) and statically (sasstatic: its
 * own copy of the code is not).
 *   sasdyn [N]
 *   sasdyn --where      what this program sees of itself, for the test to
 *                       use instead of paths and numbers of one
 *                       architecture: "libc=PATH" (the libc it was loaded
 *                       with; "libc=none" when static), "interp=PATH" (its
 *                       ELF interpreter, the dynamic loader; "interp=none"),
 *                       "errno ENOENT=N EINVAL=N"
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <link.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *libc = "none", *interp = "none";

/* The loaded objects: the program (first, its PT_INTERP) and libc. */
static int object(struct dl_phdr_info *info, size_t size, void *first)
{
	const char *base = strrchr(info->dlpi_name, '/');
	int i;

	(void)size;
	if (*(int *)first) {
		*(int *)first = 0;
		for (i = 0; i < info->dlpi_phnum; i++)
			if (info->dlpi_phdr[i].p_type == PT_INTERP)
				interp = (const char *)(info->dlpi_addr +
							info->dlpi_phdr[i].p_vaddr);
		return 0;
	}
	if (base && !strncmp(base + 1, "libc.so.", 8))
		libc = info->dlpi_name;
	return 0;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 3, i, r, e, first = 1;
	stack_t ss = { 0 }, old;

	if (argc == 2 && !strcmp(argv[1], "--where")) {
		dl_iterate_phdr(object, &first);
		printf("libc=%s\ninterp=%s\nerrno ENOENT=%d EINVAL=%d\n", libc,
		       interp, ENOENT, EINVAL);
		return 0;
	}
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
	e = errno;
	printf("bad ret=%d errno=%d EINVAL=%d\n", r, e, EINVAL);
	ss.ss_flags = SS_DISABLE;
	r = sigaltstack(&ss, NULL);
	printf("disable ret=%d\n", r);
	return 0;
}
