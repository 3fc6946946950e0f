// SPDX-License-Identifier: GPL-2.0
/*
 * Workload of the risks test: processes whose threads, handlers and
 * alternate stacks are known, kept alive while the module's `risks` file is
 * read. The parent forks one child per case, waits until each has set
 * itself up, prints "ready" and waits to be killed (SIGKILL; the children
 * die with it: PR_SET_PDEATHSIG). Each child prints what it did, and only
 * that, for the check to derive the listing from:
 *
 *   proc pid=P comm=C
 *   action pid=P sig=N name=NAME handler=1|0 onstack=1|0   (0: SIG_IGN)
 *   seen pid=P sig=N name=NAME onstack=1|0
 *   thread pid=P tid=T comm=C altstack=installed|none|disabled|in_handler|exited
 *   worker pid=P tid=T comm=C        (a thread io_uring started for it)
 *   uring pid=P workers=N            (io_uring_setup() failed: workers=-errno)
 *   kernel release=R                 (uname -r)
 *
 * (action: what the case installs; seen: every handler the kernel holds for
 * the process once it is set up, the C library's own included (glibc
 * installs some for its threads), queried with the raw rt_sigaction,
 * which unlike glibc's sigaction() also answers for those;
 * NAME: "SIG" and glibc's abbreviation, or strace's name of a real-time
 * signal: SIGRTMIN for the kernel's first, 32, SIGRT_<n> for 32 + n;
 * in_handler: the thread runs a handler on its SS_AUTODISARM alternate
 * stack, which the kernel disarmed for as long as it runs; exited: the
 * thread ended, the process lives on in its other threads, or, when it was
 * the only one, is a zombie its parent has not reaped), and
 *   sync sig=N name=NAME
 * for each synchronous signal (the ones the listing calls synchronous), by
 * the workload's own numbers and names.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <linux/io_uring.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef SS_AUTODISARM
#define SS_AUTODISARM	(1U << 31)	/* <linux/signal.h>, 4.7 */
#endif
#define STACK_SIZE	65536
#define MAX_THREADS	4

/* EXITED: the thread has ended (the main thread: pthread_exit()). */
enum altstack { INSTALLED, NONE, DISABLED, IN_HANDLER, EXITED };
static const char * const altstack_names[] = {
	"installed", "none", "disabled", "in_handler", "exited",
};

struct action {
	int sig;
	int handler;	/* 1: a function, 0: SIG_IGN */
	int onstack;
};

struct proc_case {
	const char *comm;
	int uring;	/* start an io_uring worker thread (io-wq) */
	struct action actions[6];
	int n_actions;
	/* thread 0 is the process's main thread */
	const char *thread_comm[MAX_THREADS];
	enum altstack altstack[MAX_THREADS];
	int n_threads;
};

static int ready_fd;	/* the parent's pipe: one byte per ready child */
static int stuck_fd;	/* never written: in_handler threads read it */
static pthread_barrier_t barrier;
static const struct proc_case *cur;

static void __attribute__((noreturn)) die(const char *what)
{
	perror(what);
	exit(1);
}

static const char *signame(int sig, char *buf, size_t size)
{
	const char *abbrev = sigabbrev_np(sig);

	if (abbrev)
		snprintf(buf, size, "SIG%s", abbrev);
	else if (sig == 32)
		snprintf(buf, size, "SIGRTMIN");
	else
		snprintf(buf, size, "SIGRT_%d", sig - 32);
	return buf;
}

/*
 * The kernel's struct sigaction, as rt_sigaction() takes it on x86-64 and
 * arm64 (the architectures sastrace's tests run; not for 32-bit builds).
 */
struct kernel_sigaction {
	void (*handler)(int);
	unsigned long flags;
	void (*restorer)(void);
	unsigned long long mask;
};

/* Every handler (not SIG_DFL, not SIG_IGN) the kernel holds now. */
static void report_seen(void)
{
	struct kernel_sigaction ka;
	char name[32];
	int sig;

	for (sig = 1; sig <= 64; sig++) {
		if (syscall(SYS_rt_sigaction, sig, NULL, &ka, 8))
			die("rt_sigaction");
		if (ka.handler == SIG_DFL || ka.handler == SIG_IGN)
			continue;
		printf("seen pid=%d sig=%d name=%s onstack=%d\n", getpid(), sig,
		       signame(sig, name, sizeof(name)),
		       !!(ka.flags & SA_ONSTACK));
	}
	fflush(stdout);
}

static void on_signal(int sig)
{
	char c = 1;

	(void)sig;
	/* On the disarmed stack, forever: the listing is read meanwhile. */
	if (write(ready_fd, &c, 1) != 1)
		_exit(1);
	for (;;)
		if (read(stuck_fd, &c, 1) < 0)
			pause();
}

static void set_altstack(enum altstack how)
{
	stack_t ss = { .ss_size = STACK_SIZE };

	if (how == NONE || how == EXITED)
		return;
	ss.ss_sp = malloc(STACK_SIZE);
	if (!ss.ss_sp)
		die("malloc");
	if (how == IN_HANDLER)
		ss.ss_flags = SS_AUTODISARM;
	if (sigaltstack(&ss, NULL))
		die("sigaltstack");
	if (how == DISABLED) {
		ss.ss_flags = SS_DISABLE;
		if (sigaltstack(&ss, NULL))
			die("sigaltstack SS_DISABLE");
	}
}

/* Set up thread @i as its case says, report it, then wait to be killed. */
static void thread_setup(int i)
{
	const char *comm = cur->thread_comm[i];

	if (prctl(PR_SET_NAME, comm))
		die("prctl");
	set_altstack(cur->altstack[i]);
	printf("thread pid=%d tid=%ld comm=%s altstack=%s\n", getpid(),
	       syscall(SYS_gettid), comm, altstack_names[cur->altstack[i]]);
	fflush(stdout);
}

/* Until the main thread of this process has exited (state Z), 10 s at most. */
static void wait_leader_exit(void)
{
	char path[64], line[256];
	int i, zombie = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/task/%d/stat", getpid());
	for (i = 0; i < 1000 && !zombie; i++) {
		f = fopen(path, "r");
		if (!f)
			break;
		zombie = fgets(line, sizeof(line), f) &&
			 strstr(line, ") Z ") != NULL;
		fclose(f);
		if (!zombie)
			usleep(10000);
	}
	if (!zombie)
		die("the main thread did not exit");
}

static void *thread_main(void *arg)
{
	int i = (int)(long)arg;
	char byte = 1;

	thread_setup(i);
	pthread_barrier_wait(&barrier);
	if (i == 1 && cur->altstack[0] == EXITED) {
		wait_leader_exit();
		if (write(ready_fd, &byte, 1) != 1)
			die("write");
	}
	if (cur->altstack[i] == IN_HANDLER) {
		raise(SIGUSR2);	/* on_signal() never returns */
		die("raise");
	}
	for (;;)
		pause();
	return NULL;
}

/*
 * An io_uring read of a pipe nobody writes, forced to io-wq (IOSQE_ASYNC):
 * the worker that takes it is a thread of this process (mainline from
 * 5.12, Debian's 5.10 by a backport; a kernel thread before), blocked in
 * the read or, from about 5.19, idle after arming a poll (io-wq keeps its
 * last worker). Reports the threads that appear besides the main one, or
 * why there is no ring. Return: the number of workers.
 */
static int start_uring_worker(void)
{
	struct io_uring_params p = { 0 };
	struct io_uring_sqe *sqes;
	unsigned int *tail, *array;
	static char buf[8];
	char path[300], comm[32];
	int fd, pfd[2], n = 0, i;
	struct dirent *d;
	void *sq;
	DIR *dir;
	FILE *f;

	fd = syscall(__NR_io_uring_setup, 4, &p);
	if (fd < 0) {
		printf("uring pid=%d workers=-%d\n", getpid(), errno);
		return 0;
	}
	if (pipe(pfd))
		die("pipe");
	sq = mmap(NULL, p.sq_off.array + p.sq_entries * sizeof(unsigned int),
		  PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd,
		  IORING_OFF_SQ_RING);
	sqes = mmap(NULL, p.sq_entries * sizeof(*sqes), PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_POPULATE, fd, IORING_OFF_SQES);
	if (sq == MAP_FAILED || sqes == MAP_FAILED)
		die("mmap io_uring");
	memset(&sqes[0], 0, sizeof(sqes[0]));
	sqes[0].opcode = IORING_OP_READ;
	sqes[0].flags = IOSQE_ASYNC;
	sqes[0].fd = pfd[0];
	sqes[0].addr = (unsigned long)buf;
	sqes[0].len = sizeof(buf);
	tail = (unsigned int *)((char *)sq + p.sq_off.tail);
	array = (unsigned int *)((char *)sq + p.sq_off.array);
	array[*tail & *(unsigned int *)((char *)sq + p.sq_off.ring_mask)] = 0;
	__atomic_store_n(tail, *tail + 1, __ATOMIC_RELEASE);
	if (syscall(__NR_io_uring_enter, fd, 1, 0, 0, NULL, 0) != 1)
		die("io_uring_enter");
	/* The worker starts asynchronously: wait for it, 5 s at most. */
	for (i = 0; i < 500 && !n; i++) {
		usleep(10000);
		dir = opendir("/proc/self/task");
		if (!dir)
			die("opendir");
		while ((d = readdir(dir))) {
			if (d->d_name[0] == '.' || atoi(d->d_name) == getpid())
				continue;
			snprintf(path, sizeof(path), "/proc/self/task/%s/comm",
				 d->d_name);
			f = fopen(path, "r");
			if (!f || !fgets(comm, sizeof(comm), f))
				die("comm");
			fclose(f);
			comm[strcspn(comm, "\n")] = '\0';
			printf("worker pid=%d tid=%s comm=%s\n", getpid(),
			       d->d_name, comm);
			n++;
		}
		closedir(dir);
	}
	printf("uring pid=%d workers=%d\n", getpid(), n);
	return n;
}

static void child(const struct proc_case *c)
{
	struct sigaction sa;
	char comm[16], name[32], byte = 1;
	pthread_t t;
	int i;

	cur = c;
	if (prctl(PR_SET_PDEATHSIG, SIGKILL))
		die("prctl PR_SET_PDEATHSIG");
	if (getppid() == 1)	/* the parent died before that */
		exit(1);
	if (prctl(PR_SET_NAME, c->comm) || prctl(PR_GET_NAME, comm))
		die("prctl");
	printf("proc pid=%d comm=%s\n", getpid(), comm);
	for (i = 0; i < c->n_actions; i++) {
		const struct action *a = &c->actions[i];

		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = a->handler ? on_signal : SIG_IGN;
		sa.sa_flags = a->onstack ? SA_ONSTACK : 0;
		if (sigaction(a->sig, &sa, NULL))
			die("sigaction");
		printf("action pid=%d sig=%d name=%s handler=%d onstack=%d\n",
		       getpid(), a->sig, signame(a->sig, name, sizeof(name)),
		       a->handler, a->onstack);
	}
	fflush(stdout);
	if (pthread_barrier_init(&barrier, NULL, c->n_threads))
		die("pthread_barrier_init");
	for (i = 1; i < c->n_threads; i++)
		if (pthread_create(&t, NULL, thread_main, (void *)(long)i))
			die("pthread_create");
	/* The main thread last: its prctl() names the process too. */
	thread_setup(0);
	pthread_barrier_wait(&barrier);
	if (c->uring)
		start_uring_worker();
	report_seen();
	if (c->altstack[0] == EXITED) {
		/* Thread 1 says ready (or the parent, for a zombie). */
		if (c->n_threads == 1)
			exit(0);
		pthread_exit(NULL);
	}
	if (write(ready_fd, &byte, 1) != 1)
		die("write");
	if (c->altstack[0] == IN_HANDLER)
		raise(SIGUSR2);
	for (;;)
		pause();
}

#define SIG(s, h, o)	{ .sig = (s), .handler = (h), .onstack = (o) }
/* Set at run time: glibc's SIGRTMIN and SIGRTMAX are functions. */
#define RTMIN3	(-1)	/* SIGRTMIN + 3 */
#define RTMAX	(-2)	/* SIGRTMAX */

int main(void)
{
	static const int sync_sigs[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE,
					 SIGTRAP };
	const struct proc_case cases[] = {
		/* Mixed; two of four threads without a stack. */
		{ .comm = "riskmix",
		  .actions = { SIG(SIGSEGV, 1, 1), SIG(SIGBUS, 1, 1),
			       SIG(SIGUSR1, 1, 0), SIG(SIGILL, 0, 1),
			       SIG(RTMAX, 1, 1) },
		  .n_actions = 5,
		  .thread_comm = { "riskmix", "rm-none", "rm-disabled",
				   "rm-stack" },
		  .altstack = { INSTALLED, NONE, DISABLED, INSTALLED },
		  .n_threads = 4 },
		/* SA_ONSTACK everywhere and a stack everywhere: not listed. */
		{ .comm = "riskok",
		  .actions = { SIG(SIGSEGV, 1, 1), SIG(SIGTERM, 1, 1) },
		  .n_actions = 2,
		  .thread_comm = { "riskok", "ro-stack" },
		  .altstack = { INSTALLED, INSTALLED },
		  .n_threads = 2 },
		/* No SA_ONSTACK at all: nothing to be at risk of. */
		{ .comm = "riskplain",
		  .actions = { SIG(SIGSEGV, 1, 0), SIG(SIGINT, 1, 0) },
		  .n_actions = 2,
		  .thread_comm = { "riskplain" },
		  .altstack = { NONE },
		  .n_threads = 1 },
		/* Real-time signals, one thread, no stack. */
		{ .comm = "riskrt",
		  .actions = { SIG(SIGFPE, 1, 1), SIG(SIGTERM, 1, 0),
			       SIG(SIGTRAP, 1, 1), SIG(RTMIN3, 1, 1),
			       SIG(SIGILL, 1, 1), SIG(SIGHUP, 1, 0) },
		  .n_actions = 6,
		  .thread_comm = { "riskrt" },
		  .altstack = { NONE },
		  .n_threads = 1 },
		/* SA_ONSTACK only on a signal that is not synchronous. */
		{ .comm = "riskasync",
		  .actions = { SIG(SIGUSR1, 1, 1) },
		  .n_actions = 1,
		  .thread_comm = { "riskasync" },
		  .altstack = { NONE },
		  .n_threads = 1 },
		/* Its io_uring worker has no stack and runs no user code. */
		{ .comm = "riskuring", .uring = 1,
		  .actions = { SIG(SIGSEGV, 1, 1) },
		  .n_actions = 1,
		  .thread_comm = { "riskuring" },
		  .altstack = { INSTALLED },
		  .n_threads = 1 },
		/* The main thread gone, another without a stack. */
		{ .comm = "riskleader",
		  .actions = { SIG(SIGSEGV, 1, 1), SIG(SIGINT, 1, 0) },
		  .n_actions = 2,
		  .thread_comm = { "riskleader", "rl-none" },
		  .altstack = { EXITED, NONE },
		  .n_threads = 2 },
		/* A zombie, mixed and without a stack when it lived. */
		{ .comm = "riskzombie",
		  .actions = { SIG(SIGSEGV, 1, 1), SIG(SIGINT, 1, 0) },
		  .n_actions = 2,
		  .thread_comm = { "riskzombie" },
		  .altstack = { EXITED },
		  .n_threads = 1 },
		/* A thread inside a handler on its SS_AUTODISARM stack. */
		{ .comm = "riskauto",
		  .actions = { SIG(SIGSEGV, 1, 1), SIG(SIGUSR2, 1, 1) },
		  .n_actions = 2,
		  .thread_comm = { "riskauto", "ra-handler" },
		  .altstack = { INSTALLED, IN_HANDLER },
		  .n_threads = 2 },
	};
	struct proc_case all[sizeof(cases) / sizeof(cases[0])];
	struct utsname u;
	int n = sizeof(cases) / sizeof(cases[0]), i, j, want = 0, got = 0;
	int ready[2], stuck[2];
	char buf[64];
	ssize_t r;

	memcpy(all, cases, sizeof(cases));
	if (uname(&u))
		die("uname");
	printf("kernel release=%s\n", u.release);
	for (i = 0; i < 5; i++)
		printf("sync sig=%d name=SIG%s\n", sync_sigs[i],
		       sigabbrev_np(sync_sigs[i]));
	fflush(stdout);
	if (pipe(ready) || pipe(stuck))
		die("pipe");
	ready_fd = ready[1];
	stuck_fd = stuck[0];
	for (i = 0; i < n; i++) {
		pid_t pid;
		siginfo_t si;

		for (j = 0; j < all[i].n_actions; j++) {
			if (all[i].actions[j].sig == RTMIN3)
				all[i].actions[j].sig = SIGRTMIN + 3;
			else if (all[i].actions[j].sig == RTMAX)
				all[i].actions[j].sig = SIGRTMAX;
		}
		/* A zombie says nothing: the parent waits for its exit. */
		want += all[i].altstack[0] != EXITED || all[i].n_threads > 1;
		for (j = 0; j < all[i].n_threads; j++)
			want += all[i].altstack[j] == IN_HANDLER;
		pid = fork();
		if (pid < 0)
			die("fork");
		if (!pid)
			child(&all[i]);
		/* Exited, not reaped (WNOWAIT): it stays a zombie. */
		if (all[i].altstack[0] == EXITED && all[i].n_threads == 1 &&
		    waitid(P_PID, pid, &si, WEXITED | WNOWAIT))
			die("waitid");
		/* One child at a time: their lines do not interleave. */
		while (got < want) {
			r = read(ready[0], buf, sizeof(buf));
			if (r <= 0)
				die("read");
			got += r;
		}
	}
	printf("ready\n");
	fflush(stdout);
	for (;;)
		pause();
}
