/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The module's debugfs `stats` file: "name value" lines.
 */
#ifndef SASTRACE_STATS_H
#define SASTRACE_STATS_H

int sastrace_stats_path(char *buf, unsigned long size);
int sastrace_stats_print(const char *path);
int sastrace_stat_read(const char *path, const char *name,
		       unsigned long long *val);
char *sastrace_stats_slurp(const char *path);

#endif /* SASTRACE_STATS_H */
