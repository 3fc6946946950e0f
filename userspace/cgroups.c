// SPDX-License-Identifier: GPL-2.0
/*
 * Cgroup v2 ids to paths: what a record's cgroup_id is called.
 *
 * A cgroup's id (cgroup_id() in the kernel, the record's cgroup_id) is the
 * inode number of its directory in a cgroup2 mount, on every kernel
 * sastrace supports (5.10 to 7.x, 64-bit). So the reader finds the cgroup2
 * mount in /proc/self/mountinfo and walks it, taking each directory's id
 * from stat(), never from its name. The paths are the mount's: "/" for
 * its root, "/a/b" below it (inside a cgroup namespace, the namespace's
 * view; a cgroup outside it is not found).
 *
 * What a walk finds is cached, and a cgroup's id is never reused (kernfs
 * ids only grow), so a path found stays that id's: a cgroup removed since
 * keeps the name it had. A miss walks the tree again, at once for an id
 * above every id the last walk saw (a cgroup made since), else at most
 * once a second (an id this mount cannot show); a cached path is checked
 * again (one stat()) at most once a second, and walked for when it no
 * longer holds the id (renamed). Bounded: CG_MAX entries (the cache is
 * emptied when full), CG_WALK_MAX directories and CG_DEPTH_MAX levels per
 * walk, paths under CG_PATH_MAX bytes.
 *
 * SASTRACE_CGROUP2=DIR (tests) takes DIR as the cgroup2 mount, whatever
 * its filesystem.
 */
#define _GNU_SOURCE	/* fdopendir(), openat() flags */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include "cgroups.h"
#include "mountinfo.h"

#ifndef CGROUP2_SUPER_MAGIC
#define CGROUP2_SUPER_MAGIC	0x63677270
#endif

#define CG_MAX		4096	/* entries cached (and negative ones) */
#define CG_SLOTS	8192	/* hash slots: twice CG_MAX */
#define CG_WALK_MAX	100000	/* directories one walk visits */
#define CG_DEPTH_MAX	64	/* levels one walk descends */

struct cg_entry {
	__u64 id;		/* 0: a free slot */
	char *path;		/* NULL: a negative entry (not found) */
	time_t checked;		/* when the path was last seen to hold it */
};

static struct cg_entry cg_table[CG_SLOTS];
static unsigned int cg_count;
static char cg_mount[PATH_MAX];
static int cg_mount_state;	/* 0: not looked for, 1: found, -1: none */
static time_t cg_last_walk;	/* 0: never */
static __u64 cg_walk_max_id;	/* the largest id the last walk saw */
static time_t cg_new_sec;	/* the second cg_new_walks counts in */
static unsigned int cg_new_walks;

/* Walks for ids newer than the last walk saw, at most, each second. */
#define CG_NEW_WALKS	8

static time_t now_sec(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + 1;	/* never 0: 0 is "never" */
}

static void cg_clear(void)
{
	unsigned int i;

	for (i = 0; i < CG_SLOTS; i++) {
		free(cg_table[i].path);
		cg_table[i].path = NULL;
		cg_table[i].id = 0;
	}
	cg_count = 0;
}

static struct cg_entry *cg_slot(__u64 id)
{
	unsigned int i = (unsigned int)((id * 0x9e3779b97f4a7c15ULL) >> 51) %
			 CG_SLOTS;

	while (cg_table[i].id && cg_table[i].id != id)
		i = (i + 1) % CG_SLOTS;
	return &cg_table[i];
}

/* Remember @id as @path (NULL: not found). */
static void cg_put(__u64 id, const char *path, time_t now)
{
	struct cg_entry *e = cg_slot(id);
	char *copy = NULL;

	if (path) {
		copy = strdup(path);
		if (!copy)
			return;
	}
	if (!e->id) {
		if (cg_count >= CG_MAX) {
			cg_clear();
			e = cg_slot(id);
		}
		cg_count++;
		e->id = id;
	}
	free(e->path);
	e->path = copy;
	e->checked = now;
}

/**
 * sastrace_cgroup_mount_find() - the first cgroup2 mount a mountinfo file
 * lists
 * @mountinfo: the file (/proc/self/mountinfo)
 * @dir:       set to its mount point
 * @size:      the size of @dir
 *
 * Return: 0, or -1 when there is none (or the file cannot be read).
 */
int sastrace_cgroup_mount_find(const char *mountinfo, char *dir, size_t size)
{
	struct sastrace_mount m;
	char *line = NULL;
	size_t cap = 0;
	int ret = -1;
	FILE *f;

	f = fopen(mountinfo, "re");
	if (!f)
		return -1;
	while (!sastrace_mountinfo_next(f, &line, &cap, &m)) {
		if (strcmp(m.fstype, "cgroup2") ||
		    strlen(m.mount_point) >= size)
			continue;
		strcpy(dir, m.mount_point);
		ret = 0;
		break;
	}
	free(line);
	fclose(f);
	return ret;
}

/* Find the cgroup2 mount once. Return: true when there is one. */
static bool cg_have_mount(void)
{
	const char *env = getenv("SASTRACE_CGROUP2");

	if (cg_mount_state)
		return cg_mount_state > 0;
	cg_mount_state = -1;
	if (env && *env) {
		if (strlen(env) < sizeof(cg_mount)) {
			strcpy(cg_mount, env);
			cg_mount_state = 1;
		}
	} else if (!sastrace_cgroup_mount_find("/proc/self/mountinfo",
					       cg_mount, sizeof(cg_mount))) {
		cg_mount_state = 1;
	}
	return cg_mount_state > 0;
}

struct cg_walk {
	__u64 want;		/* the id looked for */
	bool found;
	unsigned int visited;
	time_t now;
	char path[CG_PATH_MAX];	/* relative to the mount, "" for its root */
};

/* Walk the directory @fd (closed here), at @w->path of @len bytes. */
static void cg_walk_dir(struct cg_walk *w, int fd, size_t len,
			unsigned int depth)
{
	struct dirent *de;
	DIR *d = fdopendir(fd);

	if (!d) {
		close(fd);
		return;
	}
	while ((de = readdir(d)) && w->visited < CG_WALK_MAX) {
		size_t nlen = strlen(de->d_name);
		struct stat st;
		int sub;

		if (de->d_type != DT_DIR && de->d_type != DT_UNKNOWN)
			continue;
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (len + 1 + nlen >= sizeof(w->path))
			continue;
		sub = openat(dirfd(d), de->d_name,
			     O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (sub < 0)
			continue;
		if (fstat(sub, &st)) {
			close(sub);
			continue;
		}
		w->visited++;
		w->path[len] = '/';
		memcpy(w->path + len + 1, de->d_name, nlen + 1);
		if ((__u64)st.st_ino > cg_walk_max_id)
			cg_walk_max_id = st.st_ino;
		if ((__u64)st.st_ino == w->want) {
			w->found = true;
			cg_put(st.st_ino, w->path, w->now);
		} else if (cg_count < CG_MAX - 1) {
			cg_put(st.st_ino, w->path, w->now);
		}
		if (depth + 1 < CG_DEPTH_MAX)
			cg_walk_dir(w, sub, len + 1 + nlen, depth + 1);
		else
			close(sub);
		w->path[len] = '\0';
	}
	closedir(d);
}

/* Walk the whole mount for @id. Return: true when it was found. */
static bool cg_walk(__u64 id, time_t now)
{
	struct cg_walk w = { .want = id, .now = now };
	struct stat st;
	int fd;

	cg_last_walk = now;
	fd = open(cg_mount, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return false;
	if (fstat(fd, &st)) {
		close(fd);
		return false;
	}
	cg_walk_max_id = st.st_ino;
	cg_put(st.st_ino, "/", now);
	if ((__u64)st.st_ino == id)
		w.found = true;
	cg_walk_dir(&w, fd, 0, 0);
	return w.found;
}

/*
 * May a walk for an id newer than the last walk saw be done now? At once,
 * but at most CG_NEW_WALKS a second: whoever may create cgroups (a
 * delegated subtree) could otherwise make the reader walk the whole mount
 * for each of its records, fall behind and lose other tasks' records.
 * What is not walked for prints its id until the next walk.
 */
static bool cg_new_walk_ok(time_t now)
{
	if (now != cg_new_sec) {
		cg_new_sec = now;
		cg_new_walks = 0;
	}
	return cg_new_walks++ < CG_NEW_WALKS;
}

/* Does @e's path still hold its id? */
static bool cg_still_there(const struct cg_entry *e)
{
	char full[PATH_MAX + CG_PATH_MAX];
	struct stat st;

	if ((size_t)snprintf(full, sizeof(full), "%s%s", cg_mount,
			     strcmp(e->path, "/") ? e->path : "") >=
	    sizeof(full))
		return false;
	return !stat(full, &st) && (__u64)st.st_ino == e->id;
}

/**
 * sastrace_cgroup_path() - the path of a cgroup v2 id
 * @id:   the id (a record's cgroup_id; 0 is never found)
 *
 * Return: its path in the cgroup2 mount ("/" for the mount's root, "/a/b"
 * below it), valid until the next call; NULL when it cannot be found (no
 * cgroup2 mount, a cgroup this mount does not show, or a walk for it is
 * not due yet).
 */
const char *sastrace_cgroup_path(__u64 id)
{
	time_t now;
	struct cg_entry *e;

	if (!id || !cg_have_mount())
		return NULL;
	now = now_sec();
	e = cg_slot(id);
	if (e->id && e->path) {
		/* Renamed since? Look at most once a second. */
		if (now - e->checked < 1 || cg_still_there(e)) {
			e->checked = now;
			return e->path;
		}
		if (now - cg_last_walk >= 1 && cg_walk(id, now))
			return cg_slot(id)->path;
		/* Removed (or renamed away): the name it had. */
		e = cg_slot(id);
		if (e->id && e->path)
			e->checked = now;
		return e->id ? e->path : NULL;
	}
	if (e->id && now - e->checked < 1)
		return NULL;	/* not found a moment ago */
	if (!cg_last_walk || now - cg_last_walk >= 1 ||
	    (id > cg_walk_max_id && cg_new_walk_ok(now))) {
		if (cg_walk(id, now))
			return cg_slot(id)->path;
		cg_put(id, NULL, now);
	}
	return NULL;
}

/**
 * sastrace_cgroup_resolve_arg() - the cgroup a --cgroup argument names
 * @arg:  a cgroup2 directory ("/sys/fs/cgroup/a"), or a path in the
 *        cgroup2 mount as the output prints it ("/a")
 * @path: set to its path in the mount ("/a"), CG_PATH_MAX bytes
 * @err:  set to why not, when it is none
 * @esize: the size of @err
 *
 * Return: 0, or -1 with @err filled in.
 */
int sastrace_cgroup_resolve_arg(const char *arg, char *path, char *err,
				size_t esize)
{
	char real[PATH_MAX], mnt[PATH_MAX], full[2 * PATH_MAX];
	const char *env = getenv("SASTRACE_CGROUP2");
	struct statfs sfs;
	size_t mlen;

	if (!cg_have_mount()) {
		snprintf(err, esize,
			 "--cgroup %s: no cgroup2 filesystem is mounted (see /proc/self/mountinfo)",
			 arg);
		return -1;
	}
	if (!realpath(cg_mount, mnt)) {
		snprintf(err, esize, "--cgroup %s: cannot resolve %s: %s", arg,
			 cg_mount, strerror(errno));
		return -1;
	}
	mlen = strlen(mnt);
	/* A directory of the mount, or a path in it. */
	if (!realpath(arg, real) || strncmp(real, mnt, mlen) ||
	    (real[mlen] && real[mlen] != '/')) {
		snprintf(full, sizeof(full), "%s/%s", mnt,
			 arg[0] == '/' ? arg + 1 : arg);
		if (!realpath(full, real)) {
			snprintf(err, esize,
				 "--cgroup %s: no such cgroup (neither a directory of the cgroup2 mount %s nor a path in it)",
				 arg, mnt);
			return -1;
		}
		if (strncmp(real, mnt, mlen) ||
		    (real[mlen] && real[mlen] != '/')) {
			snprintf(err, esize,
				 "--cgroup %s: %s is not in the cgroup2 mount %s",
				 arg, real, mnt);
			return -1;
		}
	}
	if (!(env && *env) &&
	    (statfs(real, &sfs) || sfs.f_type != CGROUP2_SUPER_MAGIC)) {
		snprintf(err, esize, "--cgroup %s: %s is not a cgroup2 directory",
			 arg, real);
		return -1;
	}
	{
		struct stat st;

		if (stat(real, &st) || !S_ISDIR(st.st_mode)) {
			snprintf(err, esize, "--cgroup %s: %s is not a directory",
				 arg, real);
			return -1;
		}
	}
	if (strlen(real + mlen) + 2 > CG_PATH_MAX) {
		snprintf(err, esize, "--cgroup %s: path too long", arg);
		return -1;
	}
	strcpy(path, real[mlen] ? real + mlen : "/");
	return 0;
}

/**
 * sastrace_cgroup_under() - is a path at or below another?
 * @path: a cgroup's path ("/a/b")
 * @top:  the top ("/a"; "/" is above every path)
 *
 * On path-component boundaries: "/ab" is not under "/a".
 *
 * Return: true when @path is @top or below it.
 */
bool sastrace_cgroup_under(const char *path, const char *top)
{
	size_t n = strlen(top);

	if (!strcmp(top, "/"))
		return path[0] == '/';
	return !strncmp(path, top, n) && (path[n] == '\0' || path[n] == '/');
}

/** sastrace_cgroups_reset() - forget the mount and the cache (tests) */
void sastrace_cgroups_reset(void)
{
	cg_clear();
	cg_mount_state = 0;
	cg_last_walk = 0;
	cg_walk_max_id = 0;
	cg_new_sec = 0;
	cg_new_walks = 0;
}
