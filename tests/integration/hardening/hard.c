// SPDX-License-Identifier: GPL-2.0
/*
 * Workloads of the hardening test: each subcommand provokes one defect that
 * a review found in sastrace (issue 10) and prints what it did and saw, as
 * "key=value" words, for tests/integration/hardening/check.
 *
 *   hard readers N          3 threads share one fd of `events`, 1 thread
 *                           reads another fd, while N calls are made
 *   hard openloop STOPFILE  open every sastrace file until STOPFILE exists;
 *                           hold each file that opened for 200 ms; count
 *                           the opens refused with ENODEV (the file was
 *                           there, the module not live)
 *   hard unread N           read stats N times; print its unread lines
 *   hard oncpu CPU N        N calls sigaltstack(NULL, &old) on CPU
 *   hard faults N           N calls with an unreadable ss (EFAULT)
 *   hard sameptr DIR        one call sigaltstack(p, p), p in a file page
 *                           not yet mapped (the probe cannot read it)
 *   hard frame_fault        two children take SIGUSR1 on an SA_ONSTACK
 *                           handler whose alternate stack is read-only,
 *                           then unmapped: the frame cannot be written
 *   hard uffdpark N         N threads call sigaltstack() with ss in a
 *                           userfaultfd page nobody serves, and park
 *   hard threads SECONDS    start and end threads with alternate stacks
 *   hard uffdreader         read per_cpu/cpu0/raw into a userfaultfd page
 *                           nobody serves, and park there
 *   hard consts             this architecture's numbers the test needs:
 *                           "consts ENOENT=N EINVAL=N SIGUSR1=N SIGSEGV=N
 *                           page=N"
 *
 * Page sizes, thread stack minimums and signal and errno numbers are taken
 * from the system (sysconf, <errno.h>, <signal.h>), never assumed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/userfaultfd.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define DIR_	"/sys/kernel/debug/sastrace"

static __attribute__((noreturn)) void die(const char *what)
{
	fprintf(stderr, "hard: %s: %s\n", what, strerror(errno));
	exit(2);
}

/* ---- readers ---- */

static atomic_long lines, zero_reads, bad_bytes, reads;
static atomic_int stop_readers;

static void on_usr1(int sig)
{
	(void)sig;
}

static void *reader(void *arg)
{
	int fd = (int)(long)arg;
	/* Odd sizes: a line is copied out over many reads. */
	size_t sizes[] = { 7, 13, 1, 64, 3 };
	char buf[64];
	unsigned int i = 0;
	ssize_t n, k;

	while (!atomic_load(&stop_readers)) {
		n = read(fd, buf, sizes[i++ % 5]);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			die("read events");
		}
		atomic_fetch_add(&reads, 1);
		if (n == 0) {
			atomic_fetch_add(&zero_reads, 1);
			continue;
		}
		for (k = 0; k < n; k++) {
			if (buf[k] == '\n')
				atomic_fetch_add(&lines, 1);
			else if (buf[k] < 0x20 || buf[k] > 0x7e)
				atomic_fetch_add(&bad_bytes, 1);
		}
	}
	return NULL;
}

static int cmd_readers(long n)
{
	struct sigaction sa = { .sa_handler = on_usr1 };	/* no SA_RESTART */
	pthread_t t[4];
	stack_t old;
	int a, b, i;
	long c;

	sigaction(SIGUSR1, &sa, NULL);
	a = open(DIR_ "/events", O_RDONLY);
	b = open(DIR_ "/events", O_RDONLY);
	if (a < 0 || b < 0)
		die("open events");
	for (i = 0; i < 4; i++)
		if (pthread_create(&t[i], NULL, reader, (void *)(long)(i < 3 ? a : b)))
			die("pthread_create");
	for (c = 0; c < n; c++) {
		if (sigaltstack(NULL, &old))
			die("sigaltstack");
		if (c % 64 == 0)
			usleep(1000);	/* let the readers block and race */
	}
	/* Every record read, or 20 s. */
	for (i = 0; i < 2000 && atomic_load(&lines) < n; i++)
		usleep(10000);
	atomic_store(&stop_readers, 1);
	/* A reader may block again after one signal: signal until it ends. */
	for (i = 0; i < 4; i++) {
		while (pthread_tryjoin_np(t[i], NULL) == EBUSY) {
			pthread_kill(t[i], SIGUSR1);
			usleep(10000);
		}
	}
	printf("readers calls=%ld lines=%ld zero_reads=%ld bad_bytes=%ld reads=%ld\n",
	       n, atomic_load(&lines), atomic_load(&zero_reads),
	       atomic_load(&bad_bytes), atomic_load(&reads));
	return 0;
}

/* ---- openloop ---- */

static int cmd_openloop(const char *stopfile)
{
	static const char *const files[] = {
		DIR_ "/events", DIR_ "/stats", DIR_ "/altstacks",
		DIR_ "/risks", DIR_ "/format", DIR_ "/per_cpu/cpu0/raw",
	};
	long tries = 0, opened = 0, refused = 0;
	unsigned int i = 0;
	int fd;

	while (access(stopfile, F_OK)) {
		fd = open(files[i++ % (sizeof(files) / sizeof(files[0]))],
			  O_RDONLY | O_NONBLOCK);
		tries++;
		if (fd >= 0) {
			opened++;
			/* Released after a failed load would have freed us. */
			usleep(200000);
			close(fd);
		} else if (errno == ENODEV) {
			refused++;
		}
	}
	printf("openloop tries=%ld opened=%ld refused=%ld\n", tries, opened,
	       refused);
	return 0;
}

/* ---- unread ---- */

/*
 * @n reads of stats, each printing its "unread" and "cpuN.unread" lines:
 * what a shell loop printed, without a shell's byte-by-byte reads (slow
 * under TCG while a storm runs).
 */
static int cmd_unread(long n)
{
	char line[256], key[64];
	unsigned long long v;
	FILE *f;
	long i;

	for (i = 0; i < n; i++) {
		f = fopen(DIR_ "/stats", "re");
		if (!f)
			die("stats");
		while (fgets(line, sizeof(line), f)) {
			size_t k;

			if (sscanf(line, "%63s %llu", key, &v) != 2)
				continue;
			k = strlen(key);
			if (!strcmp(key, "unread") ||
			    (k > 7 && !strcmp(key + k - 7, ".unread")))
				printf("%s %llu\n", key, v);
		}
		fclose(f);
	}
	return 0;
}

/* ---- oncpu, faults ---- */

static int cmd_oncpu(int cpu, long n)
{
	cpu_set_t set;
	stack_t old;
	long i;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		die("sched_setaffinity");
	for (i = 0; i < n; i++)
		if (sigaltstack(NULL, &old))
			die("sigaltstack");
	printf("oncpu cpu=%d calls=%ld pid=%d\n", sched_getcpu(), n, getpid());
	return 0;
}

static int cmd_faults(long n)
{
	long i, efault = 0;

	for (i = 0; i < n; i++)
		if (syscall(SYS_sigaltstack, (void *)16, NULL) && errno == EFAULT)
			efault++;
	printf("faults calls=%ld efault=%ld\n", n, efault);
	return 0;
}

/* ---- sameptr ---- */

static int cmd_sameptr(const char *dir)
{
	static char stack[16384];
	stack_t st = { .ss_sp = stack, .ss_flags = 0, .ss_size = sizeof(stack) };
	stack_t off = { .ss_flags = SS_DISABLE }, *p;
	long r, page = sysconf(_SC_PAGESIZE);
	char path[256];
	int fd;

	if (sigaltstack(&off, NULL))
		die("sigaltstack off");
	snprintf(path, sizeof(path), "%s/sameptr.page", dir);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		die("open page file");
	/* The stack_t goes in through write(): the page is in the page
	 * cache, but not mapped in this process until it is touched. */
	if (write(fd, &st, sizeof(st)) != sizeof(st) || ftruncate(fd, page))
		die("write page file");
	p = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		die("mmap");
	r = syscall(SYS_sigaltstack, p, p);
	printf("sameptr ret=%ld addr=%p sp=%p flags=0 size=%zu old_flags=%d old_size=%zu\n",
	       r, (void *)p, (void *)stack, sizeof(stack), p->ss_flags,
	       p->ss_size);
	return 0;
}

/* ---- frame_fault ---- */

static void on_usr1_never(int sig)
{
	(void)sig;
	_exit(0);	/* the frame cannot be written: never runs */
}

static void frame_fault_child(int unmap)
{
	struct sigaction sa = { .sa_handler = on_usr1_never,
				.sa_flags = SA_ONSTACK };
	size_t size = 65536;
	stack_t st;
	void *m;

	m = mmap(NULL, size, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		die("mmap");
	if (unmap && munmap(m, size))
		die("munmap");
	st.ss_sp = m;
	st.ss_flags = 0;
	st.ss_size = size;
	if (sigaltstack(&st, NULL))
		die("sigaltstack");
	if (sigaction(SIGUSR1, &sa, NULL))
		die("sigaction");
	printf("frame_fault case=%s pid=%d base=%p size=%zu handler=%p signo=%d\n",
	       unmap ? "unmapped" : "readonly", getpid(), m, size,
	       (void *)on_usr1_never, SIGUSR1);
	fflush(stdout);
	raise(SIGUSR1);
	_exit(3);
}

static int cmd_frame_fault(void)
{
	int unmap, status;
	pid_t pid;

	for (unmap = 0; unmap <= 1; unmap++) {
		fflush(stdout);
		pid = fork();
		if (pid < 0)
			die("fork");
		if (!pid)
			frame_fault_child(unmap);
		if (waitpid(pid, &status, 0) != pid)
			die("waitpid");
		printf("frame_fault_end case=%s pid=%d signaled=%d sig=%d sigsegv=%d\n",
		       unmap ? "unmapped" : "readonly", pid,
		       WIFSIGNALED(status), WIFSIGNALED(status) ?
		       WTERMSIG(status) : -1, SIGSEGV);
	}
	return 0;
}

/* ---- uffdpark ---- */

static void *park(void *page)
{
	/* libc's sigaltstack(): the uprobe's entry handler reads ss. */
	sigaltstack(page, NULL);
	return NULL;
}

/*
 * A page registered with userfaultfd whose faults nobody serves: whoever
 * touches it (the kernel included) waits until killed.
 */
static void *unserved_page(void)
{
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_register reg = { .mode = UFFDIO_REGISTER_MODE_MISSING };
	long size = sysconf(_SC_PAGESIZE);
	void *page;
	int uffd;

	uffd = syscall(SYS_userfaultfd, O_CLOEXEC);
	if (uffd < 0 || ioctl(uffd, UFFDIO_API, &api))
		die("userfaultfd");
	page = mmap(NULL, size, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED)
		die("mmap");
	reg.range.start = (unsigned long)page;
	reg.range.len = size;
	if (ioctl(uffd, UFFDIO_REGISTER, &reg))
		die("UFFDIO_REGISTER");
	return page;
}

static __attribute__((noreturn)) void cmd_uffdpark(int n)
{
	void *page = unserved_page();
	/* Small stacks for 300 threads, but at least what this libc needs
	 * (aarch64 glibc: 128 KiB; a smaller size would be refused). */
	long min = sysconf(_SC_THREAD_STACK_MIN);
	size_t stack = min > 65536 ? (size_t)min : 65536;
	pthread_attr_t attr;
	pthread_t t;
	int i;

	pthread_attr_init(&attr);
	errno = pthread_attr_setstacksize(&attr, stack);
	if (errno)
		die("pthread_attr_setstacksize");
	for (i = 0; i < n; i++)
		if (pthread_create(&t, &attr, park, page))
			die("pthread_create");
	printf("uffdpark pid=%d uid=%d page=%p threads=%d\n", getpid(),
	       getuid(), page, n);
	fflush(stdout);
	for (;;)
		pause();
}

/* ---- uffdreader ---- */

static __attribute__((noreturn)) void cmd_uffdreader(void)
{
	void *page = unserved_page();
	int fd;

	fd = open(DIR_ "/per_cpu/cpu0/raw", O_RDONLY);
	if (fd < 0)
		die("open raw");
	printf("uffdreader pid=%d page=%p\n", getpid(), page);
	fflush(stdout);
	/* Blocks for a record, then on the page: forever. */
	if (read(fd, page, 4096) >= 0)
		fprintf(stderr, "hard: read returned\n");
	die("read raw");
}

/* ---- threads ---- */

static void *altthread(void *arg)
{
	static __thread char stack[8192];
	stack_t st = { .ss_sp = stack, .ss_size = sizeof(stack) };

	(void)arg;
	sigaltstack(&st, NULL);
	usleep(1000);
	return NULL;
}

static int cmd_threads(int seconds)
{
	time_t end = time(NULL) + seconds;
	long n = 0;
	pthread_t t[8];
	int i;

	while (time(NULL) < end) {
		for (i = 0; i < 8; i++)
			if (pthread_create(&t[i], NULL, altthread, NULL))
				die("pthread_create");
		for (i = 0; i < 8; i++)
			pthread_join(t[i], NULL);
		n += 8;
	}
	printf("threads started=%ld\n", n);
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 3 && !strcmp(argv[1], "readers"))
		return cmd_readers(atol(argv[2]));
	if (argc == 3 && !strcmp(argv[1], "openloop"))
		return cmd_openloop(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "unread"))
		return cmd_unread(atol(argv[2]));
	if (argc == 4 && !strcmp(argv[1], "oncpu"))
		return cmd_oncpu(atoi(argv[2]), atol(argv[3]));
	if (argc == 3 && !strcmp(argv[1], "faults"))
		return cmd_faults(atol(argv[2]));
	if (argc == 3 && !strcmp(argv[1], "sameptr"))
		return cmd_sameptr(argv[2]);
	if (argc == 2 && !strcmp(argv[1], "frame_fault"))
		return cmd_frame_fault();
	if (argc == 3 && !strcmp(argv[1], "uffdpark"))
		cmd_uffdpark(atoi(argv[2]));
	if (argc == 2 && !strcmp(argv[1], "uffdreader"))
		cmd_uffdreader();
	if (argc == 2 && !strcmp(argv[1], "consts")) {
		printf("consts ENOENT=%d EINVAL=%d SIGUSR1=%d SIGSEGV=%d page=%ld\n",
		       ENOENT, EINVAL, SIGUSR1, SIGSEGV, sysconf(_SC_PAGESIZE));
		return 0;
	}
	if (argc == 3 && !strcmp(argv[1], "threads"))
		return cmd_threads(atoi(argv[2]));
	fprintf(stderr, "usage: see the top of hard.c\n");
	return 2;
}
