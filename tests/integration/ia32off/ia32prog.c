// SPDX-License-Identifier: GPL-2.0
/*
 * A real 32-bit x86 program (gcc -m32 -static -nostdlib: no 32-bit libc
 * needed): sigaltstack(NULL, &old) through int $0x80 (ia32 syscall 186),
 * then "ia32prog ran ret=R" on stdout and exit(0). With 32-bit emulation
 * off the kernel refuses to exec it at all.
 */
static char line[] = "ia32prog ran ret=0\n";
static unsigned int old[3];

static long int80(long nr, long a, long b, long c)
{
	long ret;

	__asm__ volatile("int $0x80"
			 : "=a"(ret)
			 : "a"(nr), "b"(a), "c"(b), "d"(c)
			 : "memory");
	return ret;
}

void _start(void)
{
	long r = int80(186, 0, (long)old, 0);	/* sigaltstack */

	if (r)
		line[sizeof(line) - 3] = '!';
	int80(4, 1, (long)line, sizeof(line) - 1);	/* write */
	int80(1, 0, 0, 0);				/* exit */
	for (;;)
		;
}
