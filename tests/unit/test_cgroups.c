// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of userspace/cgroups.c: finding the cgroup2 mount in a
 * mountinfo file, the --cgroup comparison on path-component boundaries,
 * and ids to paths over a tree of plain directories (SASTRACE_CGROUP2),
 * each id the directory's inode number as stat() gives it here: found,
 * cached, a cgroup made after a walk found at once, a rename seen a second
 * later, a removed one keeping its name. Built with ASan and UBSan.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include "cgroups.h"
#include "tap.h"

static char tmp[] = "/tmp/sastrace-cg.XXXXXX";

static void write_str(const char *path, const char *s)
{
	FILE *f = fopen(path, "w");

	if (!f || fputs(s, f) == EOF || fclose(f)) {
		printf("not ok - cannot write %s\n", path);
		exit(1);
	}
}

static __u64 ino(const char *rel)
{
	char path[512];
	struct stat st;

	snprintf(path, sizeof(path), "%s/cg%s", tmp, rel);
	if (stat(path, &st)) {
		printf("not ok - stat %s\n", path);
		exit(1);
	}
	return st.st_ino;
}

static void mk(const char *rel)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/cg%s", tmp, rel);
	if (mkdir(path, 0755)) {
		printf("not ok - mkdir %s\n", path);
		exit(1);
	}
}

static void path_is(const char *name, __u64 id, const char *want)
{
	const char *got = sastrace_cgroup_path(id);

	tap_str(name, got ? got : "(null)", want ? want : "(null)");
}

static void test_mount_find(void)
{
	char mi[512], dir[256];

	snprintf(mi, sizeof(mi), "%s/mountinfo", tmp);
	write_str(mi,
		  "22 1 0:21 / /sys rw,nosuid - sysfs sysfs rw\n"
		  "31 22 0:26 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n"
		  "41 31 0:38 / /sys/fs/cg\\040v2 rw,relatime shared:9 - cgroup2 cgroup2 rw\n"
		  "42 31 0:39 / /second rw - cgroup2 cgroup2 rw\n");
	tap_long("mount_find: a cgroup2 line",
		 sastrace_cgroup_mount_find(mi, dir, sizeof(dir)), 0);
	tap_str("mount_find: the first one, \\040 as a space (not cgroup v1's)",
		dir, "/sys/fs/cg v2");
	write_str(mi, "22 1 0:21 / /sys rw - sysfs sysfs rw\n"
		      "31 22 0:26 / /sys/fs/cgroup rw - cgroup cgroup rw\n");
	tap_long("mount_find: none", sastrace_cgroup_mount_find(mi, dir,
								sizeof(dir)),
		 -1);
	snprintf(mi, sizeof(mi), "%s/absent", tmp);
	tap_long("mount_find: no file", sastrace_cgroup_mount_find(mi, dir,
								   sizeof(dir)),
		 -1);
}

static void test_under(void)
{
	tap_true("under: itself", sastrace_cgroup_under("/a", "/a"), "");
	tap_true("under: a child", sastrace_cgroup_under("/a/b", "/a"), "");
	tap_true("under: not a sibling sharing the prefix",
		 !sastrace_cgroup_under("/ab", "/a"), "");
	tap_true("under: not the parent", !sastrace_cgroup_under("/a", "/a/b"),
		 "");
	tap_true("under: the root holds all",
		 sastrace_cgroup_under("/a/b", "/") &&
		 sastrace_cgroup_under("/", "/"), "");
}

static void test_paths(void)
{
	char from[512], to[512];
	__u64 x;

	snprintf(from, sizeof(from), "%s/cg", tmp);
	setenv("SASTRACE_CGROUP2", from, 1);
	sastrace_cgroups_reset();
	mk("");
	mk("/a");
	mk("/a/b");
	mk("/x");
	path_is("path: the mount's root is /", ino(""), "/");
	path_is("path: /a/b by its inode number", ino("/a/b"), "/a/b");
	path_is("path: /a", ino("/a"), "/a");
	path_is("path: 0 is never a cgroup", 0, NULL);
	path_is("path: an id no directory has", 1, NULL);

	/*
	 * Made after the walk: a newer id (kernfs ids only grow), found
	 * without waiting. This filesystem's inode numbers may not grow:
	 * then only after a second.
	 */
	mk("/a/new");
	if (ino("/a/new") <= ino("/x") || ino("/a/new") <= ino("/a/b") ||
	    ino("/a/new") <= ino("")) {
		printf("# inode numbers do not grow here: a second later\n");
		sleep(2);
	}
	path_is("path: a cgroup made after the last walk", ino("/a/new"),
		"/a/new");

	/* Renamed: the cached name for a second, then the new one. */
	x = ino("/x");
	path_is("path: /x", x, "/x");
	snprintf(from, sizeof(from), "%s/cg/x", tmp);
	snprintf(to, sizeof(to), "%s/cg/a/y", tmp);
	if (rename(from, to))
		printf("not ok - rename\n");
	sleep(2);
	path_is("path: renamed, a second later: its new name", x, "/a/y");

	/* Removed: ids are never reused, the name it had stays its. */
	if (rmdir(to))
		printf("not ok - rmdir\n");
	sleep(2);
	path_is("path: removed: the name it had", x, "/a/y");
}

/*
 * Cgroups made one after another, each looked up at once: the walks for
 * newer ids are bounded (8 a second), so at most 17 of 40 are found in
 * the one or two seconds the loop spans (the first walk, with nothing
 * cached, is not counted); without the bound, all 40.
 */
static void test_new_walks_bounded(void)
{
	char rel[32], why[32];
	int i, found = 0;
	time_t start = time(NULL);

	sastrace_cgroups_reset();
	mk("/n");
	for (i = 0; i < 40; i++) {
		snprintf(rel, sizeof(rel), "/n/%d", i);
		mk(rel);
		if (sastrace_cgroup_path(ino(rel)))
			found++;
	}
	if (ino("/n/39") <= ino("/n/0"))
		printf("# inode numbers do not grow here: walks only once a second\n");
	snprintf(why, sizeof(why), "found %d of 40", found);
	tap_true("path: walks for new cgroups are bounded (8 a second)",
		 found >= 1 && found <= 1 + 8 * (int)(time(NULL) - start + 1),
		 why);
}

static void test_arg(void)
{
	char path[CG_PATH_MAX], err[1024], dir[512], want[1024];

	tap_long("arg: a path in the mount",
		 sastrace_cgroup_resolve_arg("/a/b", path, err, sizeof(err)), 0);
	tap_str("arg: /a/b", path, "/a/b");
	snprintf(dir, sizeof(dir), "%s/cg/a/", tmp);
	tap_long("arg: a directory of the mount",
		 sastrace_cgroup_resolve_arg(dir, path, err, sizeof(err)), 0);
	tap_str("arg: its path in the mount", path, "/a");
	tap_long("arg: the mount itself",
		 sastrace_cgroup_resolve_arg("/", path, err, sizeof(err)), 0);
	tap_str("arg: /", path, "/");
	tap_long("arg: no such cgroup",
		 sastrace_cgroup_resolve_arg("/nope", path, err, sizeof(err)),
		 -1);
	snprintf(want, sizeof(want),
		 "--cgroup /nope: no such cgroup (neither a directory of the cgroup2 mount %s/cg nor a path in it)",
		 tmp);
	tap_str("arg: no such cgroup: the reason", err, want);
	tap_long("arg: a file is no cgroup",
		 sastrace_cgroup_resolve_arg("/../mountinfo", path, err,
					     sizeof(err)), -1);
}

int main(void)
{
	char cmd[128];

	if (!mkdtemp(tmp)) {
		printf("not ok - mkdtemp\n");
		return 1;
	}
	test_mount_find();
	test_under();
	test_paths();
	test_arg();
	test_new_walks_bounded();
	sastrace_cgroups_reset();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	if (system(cmd))
		printf("# could not remove %s\n", tmp);
	return tap_done();
}
