/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Cgroup v2 ids to paths, through the cgroup2 mount (cgroups.c).
 */
#ifndef SASTRACE_CGROUPS_H
#define SASTRACE_CGROUPS_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

/* Longest cgroup path (relative to the mount) the reader prints, NUL included. */
#define CG_PATH_MAX	256

int sastrace_cgroup_mount_find(const char *mountinfo, char *dir, size_t size);
const char *sastrace_cgroup_path(__u64 id);
int sastrace_cgroup_resolve_arg(const char *arg, char *path, char *err,
				size_t esize);
bool sastrace_cgroup_under(const char *path, const char *top);
void sastrace_cgroups_reset(void);

#endif /* SASTRACE_CGROUPS_H */
