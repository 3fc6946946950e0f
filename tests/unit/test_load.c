// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the module options `sastrace load` passes
 * (sastrace_module_params() in userspace/kmod_ops.c). Built with ASan and
 * UBSan by run.sh: an option string that outgrows its buffer is caught.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kmod_ops.h"
#include "tap.h"

static void params(const char *name, unsigned int buffer_kb, bool sigaction,
		   const char *uprobes, const char *want)
{
	char *got = sastrace_module_params(buffer_kb, sigaction, uprobes);

	tap_str(name, got ? got : "(NULL)", want);
	free(got);
}

int main(void)
{
	char *big, *want;
	size_t i, len;

	params("no options", 0, false, "", "");
	params("buffer_kb alone", 64, false, "", "buffer_kb=64");
	params("uprobes alone", 0, false, "/lib/libc.so.6:0x4a6f0",
	       "uprobes=/lib/libc.so.6:0x4a6f0");
	params("both", 4, false, "/a:0x1,/b:0x2",
	       "buffer_kb=4 uprobes=/a:0x1,/b:0x2");
	params("the largest buffer_kb", 65536, false, "", "buffer_kb=65536");
	params("sigaction alone", 0, true, "", "sigaction=1");
	params("sigaction and uprobes", 0, true, "/a:0x1",
	       "sigaction=1 uprobes=/a:0x1");
	params("all three", 65536, true, "/a:0x1",
	       "buffer_kb=65536 sigaction=1 uprobes=/a:0x1");
	/* Far more than any fixed-size guess: every byte is there. */
	len = 9 * (PATH_MAX + 24);
	big = malloc(len + 1);
	want = malloc(len + 64);
	if (!big || !want) {
		printf("not ok - out of memory\n");
		return 1;
	}
	for (i = 0; i < len; i++)
		big[i] = "/abc:0x1,"[i % 9];
	big[len] = '\0';
	snprintf(want, len + 64, "buffer_kb=%u uprobes=%s", 65536U, big);
	params("9 long targets and buffer_kb", 65536, false, big, want);
	free(big);
	free(want);
	return tap_done();
}
