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
 *
 * `callers --anon-handler`: a SIGUSR2 handler (SA_ONSTACK, an alternate
 * stack set) that is the "ret" of anon_code()'s copy in an anonymous
 * executable mapping: no file, so sastrace cannot name the handler's
 * file. Raises SIGUSR2 once and prints "anonsig handler=0x<a>", the
 * handler's address as this program placed it.
 *
 * `callers --fresh`: a change of its own file's status (fchmod to the
 * same mode: a new ctime) right before a call sas_inline(0x6000 + 16 * i,
 * 0) (EFAULT), try i = 0, 1, ... until the call ran in the clock granule
 * of that ctime (at most 100 tries). Prints for each try
 *   fresh ss=0x<ss> ctime_ns=<n> expect=zero|exact|either
 * zero: the coarse clock (CLOCK_REALTIME_COARSE, what the kernel stamps
 * changes with) had not passed the ctime after the call, so the record
 * must hold ctime_ns 0 (not a lasting mark yet); exact: it had passed it
 * before the call, so the record must hold the ctime; either: it passed
 * during the call. Then "fresh tries=<n>".
 *
 * `callers --ident [--unlink]`: what this program observes of its own file
 * and of its signal handler, for the records of exactly four events it
 * then makes: an rt_sigaction() installing on_usr1() (SA_ONSTACK), a
 * sigaltstack() setting an alternate stack, a SIGUSR1 delivered on it,
 * and sas_inline(0x5000, 0) (EFAULT). With --unlink it first deletes its
 * own file (the records must then give no directory). It prints
 *   ident pid=<pid> exe=<path> dev=<maj>:<min> ino=<n> gen=<n>|? \
 *         mtime_ns=<n> ctime_ns=<n> dir=<dir>|(none) handler=0x<a> \
 *         handler_off=0x<o> handler_file=<basename> delivered=<n>
 * after the call's own "call ident kprobe ..." line (report()). Before its
 * events it waits for the coarse clock to pass the file's ctime, so that
 * the records hold it (a ctime of the current clock granule is recorded
 * as 0).
 * everything from stat(2) of /proc/self/exe, FS_IOC_GETVERSION (or the
 * file handle of tmpfs or of FILEID_INO32_GEN file systems, whose inode
 * number it checks against st_ino: else "?"), /proc/self/mountinfo (the
 * directory from the root of the file's own file system: the mount's
 * root joined to the path below its mount point; "(none)" with --unlink)
 * and /proc/self/maps (the handler's file offset).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/fs.h>
#include <pthread.h>
#include <signal.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <time.h>
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

static volatile sig_atomic_t delivered;

static __attribute__((noinline, noclone, used)) void on_usr1(int sig)
{
	(void)sig;
	delivered++;
}

/* The inode generation, as the file system hands it out, or -1. */
static long long generation(int fd, const struct stat *st)
{
	struct {
		struct file_handle fh;
		unsigned char room[32];
	} h;
	uint32_t w[8];
	int v, mnt;

	if (ioctl(fd, FS_IOC_GETVERSION, &v) == 0)
		return (unsigned int)v;
	h.fh.handle_bytes = sizeof(h.room);
	if (syscall(SYS_name_to_handle_at, fd, "", &h.fh, &mnt, AT_EMPTY_PATH))
		return -1;
	memcpy(w, h.fh.f_handle, sizeof(w));
	/* tmpfs (shmem_encode_fh()): generation, ino low, ino high. */
	if (h.fh.handle_type == 1 && h.fh.handle_bytes == 12 &&
	    (w[1] | (uint64_t)w[2] << 32) == (uint64_t)st->st_ino)
		return w[0];
	/* FILEID_INO32_GEN: ino, generation. */
	if (h.fh.handle_type == 1 && h.fh.handle_bytes == 8 &&
	    w[0] == (uint32_t)st->st_ino)
		return w[1];
	return -1;
}

/*
 * The directory @path is in, from the root of its own file system: of the
 * mounts of @dev, the one whose mount point is the longest prefix of it.
 */
static int fs_dir(const char *path, dev_t dev, char *out, size_t size)
{
	char line[4096], root[PATH_MAX], mnt[PATH_MAX], dir[PATH_MAX];
	unsigned int maj, min;
	size_t best = 0, ml;
	FILE *f = fopen("/proc/self/mountinfo", "r");
	char *slash;
	int found = 0;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (!f || !slash)
		return -1;
	*slash = '\0';
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%*d %*d %u:%u %4095s %4095s", &maj, &min, root,
			   mnt) != 4 || makedev(maj, min) != dev)
			continue;
		ml = strcmp(mnt, "/") ? strlen(mnt) : 0;
		if (strncmp(dir, mnt, ml) || (dir[ml] && dir[ml] != '/') ||
		    (found && ml < best))
			continue;
		best = ml;
		found = 1;
		snprintf(out, size, "%s%s", strcmp(root, "/") ? root : "",
			 dir + ml);
		if (!out[0])
			snprintf(out, size, "/");
	}
	fclose(f);
	return found ? 0 : -1;
}

/* The file offset of @addr in its mapping, from /proc/self/maps. */
static int map_off(unsigned long addr, unsigned long *off, char *file,
		   size_t size)
{
	char line[4096], path[PATH_MAX];
	unsigned long start, end, pgoff;
	FILE *f = fopen("/proc/self/maps", "r");
	int found = 0;

	if (!f)
		return -1;
	while (!found && fgets(line, sizeof(line), f)) {
		path[0] = '\0';
		if (sscanf(line, "%lx-%lx %*s %lx %*s %*u %4095s", &start, &end,
			   &pgoff, path) < 3 || addr < start || addr >= end)
			continue;
		*off = addr - start + pgoff;
		snprintf(file, size, "%s",
			 strrchr(path, '/') ? strrchr(path, '/') + 1 : path);
		found = 1;
	}
	fclose(f);
	return found ? 0 : -1;
}

static long long ns_of(const struct timespec *ts)
{
	return (long long)ts->tv_sec * 1000000000LL + ts->tv_nsec;
}

static long long coarse_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME_COARSE, &ts);
	return ns_of(&ts);
}

/* Wait (at most 2 s) for the coarse clock to pass @ns. */
static int wait_past(long long ns)
{
	int i;

	for (i = 0; i < 200 && coarse_now() <= ns; i++)
		usleep(10000);
	return coarse_now() > ns ? 0 : -1;
}

static int fresh(void)
{
	long long before, after, ctime;
	const char *expect;
	struct stat st;
	int fd, i;

	fd = open("/proc/self/exe", O_RDONLY);
	if (fd < 0 || fstat(fd, &st))
		return 2;
	for (i = 0; i < 100; i++) {
		unsigned long ss = 0x6000 + 16 * i;

		if (fchmod(fd, st.st_mode & 07777))
			return 2;
		before = coarse_now();
		report("fresh", "kprobe", ss, sas_inline(ss, 0), 0);
		after = coarse_now();
		if (fstat(fd, &st))
			return 2;
		ctime = ns_of(&st.st_ctim);
		expect = ctime >= after ? "zero" : ctime < before ? "exact" :
			 "either";
		printf("fresh ss=%#lx ctime_ns=%lld expect=%s\n", ss, ctime,
		       expect);
		if (!strcmp(expect, "zero"))
			break;
	}
	printf("fresh tries=%d\n", i < 100 ? i + 1 : 100);
	close(fd);
	return failures ? 1 : 0;
}

static int ident(int unlink_self)
{
	char exe[PATH_MAX], dir[PATH_MAX], hfile[PATH_MAX];
	unsigned long handler = (unsigned long)(uintptr_t)on_usr1, hoff;
	struct sigaction sa;
	struct stat st;
	long long gen;
	stack_t ss;
	ssize_t n;
	int fd;

	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	fd = open("/proc/self/exe", O_RDONLY);
	if (n <= 0 || fd < 0 || fstat(fd, &st))
		return 2;
	exe[n] = '\0';
	if (unlink_self) {
		if (unlink(exe))
			return 2;
		snprintf(dir, sizeof(dir), "(none)");
	} else if (fs_dir(exe, st.st_dev, dir, sizeof(dir))) {
		return 2;
	}
	/* The status as the records see it: an unlink changes the ctime. */
	if (fstat(fd, &st) || wait_past(ns_of(&st.st_ctim)))
		return 2;
	gen = generation(fd, &st);
	if (map_off(handler, &hoff, hfile, sizeof(hfile)))
		return 2;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sa.sa_flags = SA_ONSTACK;
	if (sigaction(SIGUSR1, &sa, NULL))
		return 2;
	ss.ss_sp = malloc(65536);
	ss.ss_size = 65536;
	ss.ss_flags = 0;
	if (!ss.ss_sp || sigaltstack(&ss, NULL))
		return 2;
	raise(SIGUSR1);
	report("ident", "kprobe", 0x5000, sas_inline(0x5000, 0), 0);
	printf("ident pid=%d exe=%s dev=%u:%u ino=%llu gen=", (int)getpid(),
	       exe, major(st.st_dev), minor(st.st_dev),
	       (unsigned long long)st.st_ino);
	if (gen < 0)
		printf("?");
	else
		printf("%lld", gen);
	printf(" mtime_ns=%lld ctime_ns=%lld dir=%s handler=%#lx "
	       "handler_off=%#lx handler_file=%s delivered=%d\n",
	       ns_of(&st.st_mtim), ns_of(&st.st_ctim),
	       dir, handler, hoff, hfile, (int)delivered);
	close(fd);
	return failures || delivered != 1 ? 1 : 0;
}

/* anon_code() in anonymous executable memory; NULL on failure. */
static unsigned char *anon_copy(size_t *after)
{
	unsigned char *code;
	size_t len;

	code = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (code == MAP_FAILED)
		return NULL;
	len = anon_code(code, after);
	__builtin___clear_cache((char *)code, (char *)code + len);
	if (mprotect(code, 4096, PROT_READ | PROT_EXEC))
		return NULL;
	return code;
}

static int anon_handler(void)
{
	struct sigaction sa;
	unsigned char *code;
	size_t after;
	stack_t ss;

	code = anon_copy(&after);
	if (!code)
		return 2;
	/* The "ret" after the system call: a handler that returns at once. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = (void (*)(int))(uintptr_t)(code + after);
	sa.sa_flags = SA_ONSTACK;
	ss.ss_sp = malloc(65536);
	ss.ss_size = 65536;
	ss.ss_flags = 0;
	if (!ss.ss_sp || sigaltstack(&ss, NULL) ||
	    sigaction(SIGUSR2, &sa, NULL) || raise(SIGUSR2))
		return 2;
	printf("anonsig handler=%#lx\n", (unsigned long)(uintptr_t)(code + after));
	return 0;
}

int main(int argc, char **argv)
{
	long (*fn)(unsigned long, unsigned long);
	unsigned char *code;
	size_t after;
	int calls = 0;
	long r;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 3 && !strcmp(argv[1], "--contend"))
		return contend(atol(argv[2]));
	if (argc == 2 && !strcmp(argv[1], "--fresh"))
		return fresh();
	if (argc == 2 && !strcmp(argv[1], "--anon-handler"))
		return anon_handler();
	if (argc >= 2 && !strcmp(argv[1], "--ident"))
		return ident(argc == 3 && !strcmp(argv[2], "--unlink"));

	r = syscall(SYS_sigaltstack, (void *)0x1000, NULL);
	report("libc", "kprobe", 0x1000, r < 0 ? -errno : r, 0);
	calls++;

	report("inline", "kprobe", 0x2000, sas_inline(0x2000, 0), 0);
	calls++;

#ifdef __x86_64__
	report("int80", "compat", 0x3000, sas_int80(0x3000, 0), 0);
	calls++;
#endif

	code = anon_copy(&after);
	if (!code)
		return 2;
	fn = (long (*)(unsigned long, unsigned long))(uintptr_t)code;
	report("anon", "kprobe", 0x4000, fn(0x4000, 0),
	       (unsigned long)(uintptr_t)code + after);
	calls++;

	printf("calls %d\n", calls);
	return failures ? 1 : 0;
}
