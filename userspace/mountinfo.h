/* SPDX-License-Identifier: GPL-2.0 */
/*
 * /proc/self/mountinfo's field escapes, undone: shared by the cgroup2 mount
 * lookup (cgroups.c) and the symbol lookup's mounts (symbols.c).
 */
#ifndef SASTRACE_MOUNTINFO_H
#define SASTRACE_MOUNTINFO_H

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

#endif /* SASTRACE_MOUNTINFO_H */
