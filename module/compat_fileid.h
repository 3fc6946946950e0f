/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading an inode's modification time.
 *
 * v6.7 (Jeff Layton's "fs: new accessor methods for atime and mtime"
 * series) added inode_get_mtime() and made the struct timespec64 i_mtime
 * field private (later split into i_mtime_sec and i_mtime_nsec); before
 * it, i_mtime is read directly.
 */
#ifndef SASTRACE_COMPAT_FILEID_H
#define SASTRACE_COMPAT_FILEID_H

#include <linux/fs.h>
#include <linux/time64.h>
#include "compat_version.h"

/**
 * sas_inode_mtime_ns() - an inode's modification time, in ns since the epoch
 * @inode: the inode (referenced by the caller)
 *
 * Read without the inode's lock, as generic_fillattr() does for stat(2):
 * a write that changes it concurrently may be seen half done.
 *
 * Return: what stat(2) shows as st_mtim, in ns.
 */
static inline s64 sas_inode_mtime_ns(const struct inode *inode)
{
#if SAS_KVER_AT_LEAST(6, 7)
	struct timespec64 ts = inode_get_mtime(inode);
#else
	struct timespec64 ts = inode->i_mtime;
#endif

	return timespec64_to_ns(&ts);
}

#endif /* SASTRACE_COMPAT_FILEID_H */
