// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/<pid>/mountinfo lines (proc(5)):
 *
 *   36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue
 *
 * mount id, parent id, major:minor, root, mount point, mount options, any
 * number of optional fields ("shared:1", "master:2", "unbindable"...) ended
 * by a lone "-", then the file system type, the source and the super block
 * options. Paths, the type and the source have a space, tab, newline and
 * backslash escaped as \ and three octal digits, so no field holds a space
 * and only the separator is a lone "-" (a root or mount point starts with
 * "/", an optional field is never "-").
 *
 * FUSE: a file system whose every operation a user's daemon answers, or
 * never does. Its types are "fuse" and "fuseblk", each maybe with a
 * subtype ("fuse.sshfs", "fuseblk.ntfs").
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mountinfo.h"

/**
 * sastrace_mountinfo_parse() - split one mountinfo line in place
 * @line: the line, NUL-terminated, its newline included or not; written to
 * @m:    set to its fields (pointing into @line) on success
 *
 * Return: 0, or -1 when the line is not a mountinfo line (too few fields,
 * no lone "-", no type, a device that is not "major:minor", a \000 escape).
 */
int sastrace_mountinfo_parse(char *line, struct sastrace_mount *m)
{
	char *field[6], *p = line, *tok;
	unsigned int n = 0;
	int end = 0;

	line[strcspn(line, "\n")] = '\0';
	/* The six fixed fields, then the optional ones up to the "-". */
	for (;;) {
		tok = strsep(&p, " ");
		if (!tok)
			return -1;
		if (n < 6) {
			if (!*tok)
				return -1;
			field[n++] = tok;
			continue;
		}
		if (!strcmp(tok, "-"))
			break;
		if (!*tok)
			return -1;
	}
	tok = strsep(&p, " ");
	if (!tok || !*tok)
		return -1;
	/* No kernel writes \000 (a NUL would cut the field short). */
	if (strstr(field[3], "\\000") || strstr(field[4], "\\000") ||
	    strstr(tok, "\\000"))
		return -1;
	if (sscanf(field[2], "%u:%u%n", &m->major, &m->minor, &end) != 2 ||
	    field[2][end])
		return -1;
	m->root = field[3];
	m->mount_point = field[4];
	m->fstype = tok;
	sastrace_mountinfo_unescape(m->root);
	sastrace_mountinfo_unescape(m->mount_point);
	sastrace_mountinfo_unescape(m->fstype);
	return 0;
}

/**
 * sastrace_mountinfo_next() - the next mountinfo line of a file, parsed
 * @f:    the file
 * @line: a getline() buffer (NULL at first; the caller frees it)
 * @cap:  its size (0 at first)
 * @m:    set to the line's fields (pointing into *@line)
 *
 * Lines that do not parse are skipped.
 *
 * Return: 0, or -1 at the end of the file (or a read error).
 */
int sastrace_mountinfo_next(FILE *f, char **line, size_t *cap,
			    struct sastrace_mount *m)
{
	while (getline(line, cap, f) > 0) {
		if (!sastrace_mountinfo_parse(*line, m))
			return 0;
	}
	return -1;
}

/**
 * sastrace_fstype_is_fuse() - whether a mountinfo type is a FUSE one
 * @fstype: the type, unescaped
 *
 * Return: true for "fuse", "fuseblk", "fuse.SUBTYPE" and "fuseblk.SUBTYPE".
 */
bool sastrace_fstype_is_fuse(const char *fstype)
{
	const char *rest;

	if (!strncmp(fstype, "fuseblk", 7))
		rest = fstype + 7;
	else if (!strncmp(fstype, "fuse", 4))
		rest = fstype + 4;
	else
		return false;
	return !*rest || *rest == '.';
}

/**
 * sastrace_mountinfo_dev_fs() - whether a mountinfo file mounts a device,
 * and whether on FUSE
 * @f:     the mountinfo file, read from where it is to its end
 * @major: the device's major number
 * @minor: its minor number
 *
 * Return: %SASTRACE_DEV_FUSE when any mount of the device has a FUSE type,
 * else %SASTRACE_DEV_OTHER when there is one, else %SASTRACE_DEV_ABSENT
 * (also when the file cannot be read: the caller decides what "not known"
 * means).
 */
enum sastrace_dev_fs sastrace_mountinfo_dev_fs(FILE *f, unsigned int major,
					       unsigned int minor)
{
	enum sastrace_dev_fs ret = SASTRACE_DEV_ABSENT;
	struct sastrace_mount m;
	char *line = NULL;
	size_t cap = 0;

	while (!sastrace_mountinfo_next(f, &line, &cap, &m)) {
		if (m.major != major || m.minor != minor)
			continue;
		if (sastrace_fstype_is_fuse(m.fstype)) {
			ret = SASTRACE_DEV_FUSE;
			break;
		}
		ret = SASTRACE_DEV_OTHER;
	}
	free(line);
	return ret;
}

/* @path is @dir or below it, on path-component boundaries. */
static bool path_under(const char *path, const char *dir)
{
	size_t len = strlen(dir);

	if (!strcmp(dir, "/"))
		return path[0] == '/';
	return !strncmp(path, dir, len) && (!path[len] || path[len] == '/');
}

/**
 * sastrace_mountinfo_fuse_on_path() - whether resolving a path may ask a
 * FUSE daemon
 * @f:    the mountinfo file of the mount namespace (and root) @path is
 *        resolved in, read from where it is to its end
 * @path: an absolute path, without symbolic links, "." or ".."
 *
 * Return: true when a FUSE mount's mount point is @path or a directory
 * above it (even one covered by another mount: not worth telling apart),
 * or when @path is not absolute; false otherwise.
 */
bool sastrace_mountinfo_fuse_on_path(FILE *f, const char *path)
{
	struct sastrace_mount m;
	char *line = NULL;
	size_t cap = 0;
	bool ret = path[0] != '/';

	while (!ret && !sastrace_mountinfo_next(f, &line, &cap, &m))
		ret = sastrace_fstype_is_fuse(m.fstype) &&
		      path_under(path, m.mount_point);
	free(line);
	return ret;
}
