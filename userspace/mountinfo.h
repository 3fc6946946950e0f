/* SPDX-License-Identifier: GPL-2.0 */
/*
 * /proc/<pid>/mountinfo, parsed: shared by the cgroup2 mount lookup
 * (cgroups.c) and the symbol lookup's mounts and FUSE checks (symbols.c).
 */
#ifndef SASTRACE_MOUNTINFO_H
#define SASTRACE_MOUNTINFO_H

#include <stdbool.h>
#include <stdio.h>

/**
 * sastrace_mountinfo_unescape() - undo mountinfo's octal escapes (\040 for
 * a space, \011, \012, \134) in place
 * @s: a field of a mountinfo line, NUL-terminated
 */
static inline void sastrace_mountinfo_unescape(char *s)
{
	char *d = s;

	while (*s) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' &&
		    s[2] >= '0' && s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
			*d++ = (char)((s[1] - '0') << 6 | (s[2] - '0') << 3 |
				      (s[3] - '0'));
			s += 4;
		} else {
			*d++ = *s++;
		}
	}
	*d = '\0';
}

/**
 * struct sastrace_mount - one mountinfo line's fields that are used
 * @major:       the device's major number (field 3, "major:minor")
 * @minor:       its minor number
 * @root:        the mount's root in its file system (field 4), unescaped
 * @mount_point: where it is mounted (field 5), unescaped
 * @fstype:      the file system type (the field after the lone "-"),
 *               unescaped: "ext4", "fuse.sshfs", ...
 *
 * The strings point into the line that was parsed.
 */
struct sastrace_mount {
	unsigned int major;
	unsigned int minor;
	char *root;
	char *mount_point;
	char *fstype;
};

int sastrace_mountinfo_parse(char *line, struct sastrace_mount *m);
int sastrace_mountinfo_next(FILE *f, char **line, size_t *cap,
			    struct sastrace_mount *m);
bool sastrace_fstype_is_fuse(const char *fstype);

/**
 * enum sastrace_dev_fs - what a mountinfo file says of a device
 * @SASTRACE_DEV_ABSENT: no mount of it (or the file could not be read)
 * @SASTRACE_DEV_OTHER:  mounted, and no mount of it is FUSE
 * @SASTRACE_DEV_FUSE:   a mount of it is FUSE (fuse, fuseblk, fuse.*)
 */
enum sastrace_dev_fs {
	SASTRACE_DEV_ABSENT,
	SASTRACE_DEV_OTHER,
	SASTRACE_DEV_FUSE,
};

enum sastrace_dev_fs sastrace_mountinfo_dev_fs(FILE *f, unsigned int major,
					       unsigned int minor);
bool sastrace_mountinfo_fuse_on_path(FILE *f, const char *path);

#endif /* SASTRACE_MOUNTINFO_H */
