// SPDX-License-Identifier: GPL-2.0
/*
 * Workload of the cgroups test: sigaltstack() calls whose cgroup and pid
 * namespace the test knows, each said on stdout as the workload itself
 * sees it.
 *
 *   cgns run  one call; prints "run pid=P tid=T cgroup=PATH ino=N": its
 *             ids, its cgroup v2 path (/proc/self/cgroup's "0::" line) and
 *             the inode number of that directory under CGROOT (the
 *             environment's, default /sys/fs/cgroup): the cgroup's id.
 *   cgns ns   a child in a new pid namespace (clone(CLONE_NEWPID)): it
 *             makes one call, and a thread of it another; the child prints
 *             "inside pid=P tid=T" for both, as the namespace sees them
 *             (P is 1); the parent prints "outside child=P", then
 *             "task outer=O inner=I" for each of the child's threads (the
 *             NSpid line of /proc/P/task/O/status: the kernel's own
 *             pairing), while the child waits, then the child's status.
 *
 * Every call is sigaltstack(NULL, &old): the raw system call, so that
 * only the syscall hook sees it. Exit status: 0 when all went as said.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

static int call(void)
{
	stack_t old;

	return syscall(SYS_sigaltstack, NULL, &old) ? -1 : 0;
}

static long tid(void)
{
	return syscall(SYS_gettid);
}

static int run(void)
{
	const char *root = getenv("CGROOT") ? getenv("CGROOT") : "/sys/fs/cgroup";
	char line[512], path[1024] = "", full[2048];
	struct stat st;
	FILE *f = fopen("/proc/self/cgroup", "r");

	if (!f)
		return 1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "0::", 3)) {
			line[strcspn(line, "\n")] = '\0';
			snprintf(path, sizeof(path), "%s", line + 3);
		}
	fclose(f);
	snprintf(full, sizeof(full), "%s%s", root,
		 strcmp(path, "/") ? path : "");
	if (!path[0] || stat(full, &st))
		return 1;
	printf("run pid=%d tid=%ld cgroup=%s ino=%llu\n", getpid(), tid(),
	       path, (unsigned long long)st.st_ino);
	fflush(stdout);
	return call() ? 1 : 0;
}

static int go[2];	/* the parent closes go[1]: the child may exit */

static void *thread_fn(void *arg)
{
	char c;

	(void)arg;
	if (call())
		return (void *)1;
	printf("inside pid=%d tid=%ld\n", getpid(), tid());
	fflush(stdout);
	/* Seen by the parent until it closes the pipe (EOF). */
	if (read(go[0], &c, 1) < 0)
		return (void *)1;
	return NULL;
}

static int child(void *arg)
{
	pthread_t t;
	void *ret;
	char c;

	(void)arg;
	close(go[1]);
	if (call())
		return 1;
	printf("inside pid=%d tid=%ld\n", getpid(), tid());
	fflush(stdout);
	if (pthread_create(&t, NULL, thread_fn, NULL))
		return 1;
	/* Wait until the parent has read the tasks, then end. */
	if (read(go[0], &c, 1) < 0)
		return 1;
	if (pthread_join(t, &ret) || ret)
		return 1;
	return 0;
}

/* Until the child has two threads and both made their call: 10 s. */
static int tasks(pid_t pid)
{
	char path[256], line[256];
	int i, n = 0;

	for (i = 0; i < 1000; i++) {
		FILE *f;

		snprintf(path, sizeof(path), "/proc/%d/status", pid);
		f = fopen(path, "r");
		if (!f)
			return -1;
		n = 0;
		while (fgets(line, sizeof(line), f))
			if (sscanf(line, "Threads: %d", &n) == 1)
				break;
		fclose(f);
		if (n == 2)
			break;
		usleep(10000);
	}
	return n;
}

static int ns(void)
{
	static char stack[256 * 1024] __attribute__((aligned(16)));
	char path[512], line[256];
	struct dirent *de;
	int status;
	pid_t pid;
	DIR *d;

	if (pipe(go))
		return 1;
	fflush(stdout);
	pid = clone(child, stack + sizeof(stack), CLONE_NEWPID | SIGCHLD, NULL);
	if (pid < 0) {
		printf("clone: %s\n", strerror(errno));
		return 1;
	}
	close(go[0]);
	printf("outside child=%d\n", pid);
	if (tasks(pid) != 2)
		printf("threads: not 2\n");
	snprintf(path, sizeof(path), "/proc/%d/task", pid);
	d = opendir(path);
	if (!d)
		return 1;
	while ((de = readdir(d))) {
		long o = 0, in = 0;
		FILE *f;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/proc/%d/task/%s/status", pid,
			 de->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		while (fgets(line, sizeof(line), f))
			if (sscanf(line, "NSpid: %ld %ld", &o, &in) == 2)
				break;
		fclose(f);
		printf("task outer=%ld inner=%ld\n", o, in);
	}
	closedir(d);
	fflush(stdout);
	close(go[1]);
	if (waitpid(pid, &status, 0) != pid)
		return 1;
	printf("child status=%d\n", status);
	return WIFEXITED(status) && !WEXITSTATUS(status) ? 0 : 1;
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "run"))
		return run();
	if (argc == 2 && !strcmp(argv[1], "ns"))
		return ns();
	fprintf(stderr, "usage: cgns run|ns\n");
	return 2;
}
