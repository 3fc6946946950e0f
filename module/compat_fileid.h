/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading an inode's modification and status change times.
 *
 * v6.6 (Jeff Layton's "fs: add ctime accessors infrastructure", commit
 * 9b6304c1d537) added inode_get_ctime() and renamed the i_ctime field
 * __i_ctime (later split into i_ctime_sec and i_ctime_nsec, whose nsec
 * carries a multigrain "queried" bit from 6.13 that only the accessor
 * masks); before it, i_ctime is read directly.
 *
 * v6.7 (the same author's "fs: new accessor methods for atime and mtime"
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

/**
 * sas_inode_ctime_ns() - an inode's status change time, in ns since the
 * epoch
 * @inode: the inode (referenced by the caller)
 *
 * Read without the inode's lock, as sas_inode_mtime_ns().
 *
 * Return: what stat(2) shows as st_ctim, in ns.
 */
static inline s64 sas_inode_ctime_ns(const struct inode *inode)
{
#if SAS_KVER_AT_LEAST(6, 6)
	struct timespec64 ts = inode_get_ctime(inode);
#else
	struct timespec64 ts = inode->i_ctime;
#endif

	return timespec64_to_ns(&ts);
}

#endif /* SASTRACE_COMPAT_FILEID_H */
