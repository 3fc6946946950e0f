// SPDX-License-Identifier: GPL-2.0
/*
 * The callers test's workload (static): sigaltstack calls from code whose
 * addresses the host's check finds in this very binary with objdump, and
 * one from anonymous memory, each with its own bad ss pointer (0x1000,
 * 0x2000, ...: EFAULT) so that its record is told apart from the others.
 * For each call it prints
 *   call <site> <hook> ss=<ss> ret=<ret> errno=<name>=<n>[ addr=0x<a>]
 * where <site> is
 *   libc    glibc's syscall() (the `syscall`/`svc` instruction in its
 *           syscall function, linked into this binary)
 *   inline  the `syscall` (x86-64) or `svc #0` (arm64) instruction of
 *           sas_inline(), inline assembly here
 *   int80   the `int $0x80` instruction of sas_int80() (x86-64 only: a
 *           32-bit compat call from this 64-bit program)
 *   anon    a copy of "syscall; ret" in an anonymous executable mapping
 *           (JIT code): no file, so sastrace cannot name one; addr is the
 *           instruction after the system call instruction, as this program
 *           placed it
 * and, last, "calls N". Every call must fail with EFAULT, else exit 1.
 *
 * `callers --contend N`: N calls through sas_inline() while another thread
 * changes the protection of a populated mapping (the mmap lock held for
 * writing) all the time, so that some records may find the lock busy;
 * prints "contend N".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

static int failures;

/* The native system call instruction, in a function of its own. */
static __attribute__((noinline, noclone, used)) long
sas_inline(unsigned long ss, unsigned long old)
{
#if defined(__x86_64__)
	long ret = SYS_sigaltstack;

	asm volatile("syscall" : "+a"(ret) : "D"(ss), "S"(old)
		     : "rcx", "r11", "memory");
	return ret;
#elif defined(__aarch64__)
	register unsigned long x0 asm("x0") = ss;
	register unsigned long x1 asm("x1") = old;
	register long x8 asm("x8") = SYS_sigaltstack;

	asm volatile("svc #0" : "+r"(x0) : "r"(x1), "r"(x8) : "memory");
	return (long)x0;
#else
#error "callers: x86-64 and arm64 only"
#endif
}

#ifdef __x86_64__
/* A 32-bit (compat) sigaltstack, syscall 186, through int $0x80. */
static __attribute__((noinline, noclone, used)) long
sas_int80(uint32_t ss, uint32_t old)
{
	long ret = 186;

	asm volatile("int $0x80" : "+a"(ret) : "b"(ss), "c"(old)
		     : "memory", "r8", "r9", "r10", "r11");
	return ret;
}
#endif

/*
 * "sigaltstack(ss, old); return" as machine code, and the offset of the
 * instruction after the system call instruction in it.
 */
static size_t anon_code(unsigned char *p, size_t *after)
{
#if defined(__x86_64__)
	uint32_t nr = SYS_sigaltstack;

	p[0] = 0xb8;				/* mov $nr, %eax */
	memcpy(p + 1, &nr, 4);
	p[5] = 0x0f;				/* syscall */
	p[6] = 0x05;
	p[7] = 0xc3;				/* ret */
	*after = 7;
	return 8;
#else
	uint32_t insn[3] = {
		0xd2800008 | (SYS_sigaltstack << 5),	/* mov x8, #nr */
		0xd4000001,				/* svc #0 */
		0xd65f03c0,				/* ret */
	};

	memcpy(p, insn, sizeof(insn));
	*after = 8;
	return sizeof(insn);
#endif
}

static void report(const char *site, const char *hook, unsigned long ss,
		   long ret, unsigned long addr)
{
	printf("call %s %s ss=%#lx ret=%ld errno=EFAULT=%d", site, hook, ss,
	       ret, EFAULT);
	if (addr)
		printf(" addr=%#lx", addr);
	printf("\n");
	if (ret != -EFAULT) {
		fprintf(stderr, "callers: %s: sigaltstack returned %ld, wanted %d\n",
			site, ret, -EFAULT);
		failures++;
	}
}

static volatile int stop, ready;

/*
 * Holds the mmap lock for writing as much as it can: mprotect() of a
 * populated 8 MiB mapping rewrites its 2048 page table entries under it.
 */
static void *mapper(void *arg)
{
	size_t len = 8 << 20;
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);

	(void)arg;
	ready = 1;
	if (p == MAP_FAILED)
		return NULL;
	while (!stop) {
		mprotect(p, len, PROT_READ);
		mprotect(p, len, PROT_READ | PROT_WRITE);
	}
	munmap(p, len);
	return NULL;
}

static int contend(long n)
{
	pthread_t t;
	long i;

	if (pthread_create(&t, NULL, mapper, NULL))
		return 2;
	while (!ready)
		sched_yield();
	for (i = 0; i < n; i++)
		if (sas_inline(0x1000, 0) != -EFAULT)
			failures++;
	stop = 1;
	pthread_join(t, NULL);
	printf("contend %ld\n", n);
	return failures ? 1 : 0;
}

int main(int argc, char **argv)
{
	long (*fn)(unsigned long, unsigned long);
	unsigned char *code;
	size_t len, after;
	int calls = 0;
	long r;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 3 && !strcmp(argv[1], "--contend"))
		return contend(atol(argv[2]));

	r = syscall(SYS_sigaltstack, (void *)0x1000, NULL);
	report("libc", "kprobe", 0x1000, r < 0 ? -errno : r, 0);
	calls++;

	report("inline", "kprobe", 0x2000, sas_inline(0x2000, 0), 0);
	calls++;

#ifdef __x86_64__
	report("int80", "compat", 0x3000, sas_int80(0x3000, 0), 0);
	calls++;
#endif

	code = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (code == MAP_FAILED)
		return 2;
	len = anon_code(code, &after);
	__builtin___clear_cache((char *)code, (char *)code + len);
	if (mprotect(code, 4096, PROT_READ | PROT_EXEC))
		return 2;
	fn = (long (*)(unsigned long, unsigned long))(uintptr_t)code;
	report("anon", "kprobe", 0x4000, fn(0x4000, 0),
	       (unsigned long)(uintptr_t)code + after);
	calls++;

	printf("calls %d\n", calls);
	return failures ? 1 : 0;
}
