// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target: the mountinfo parser (userspace/mountinfo.c), as the symbol
 * lookup asks it before it opens a file: any bytes as a mountinfo file,
 * each line split on an exact-size copy by sastrace_mountinfo_parse(), the
 * file read by sastrace_mountinfo_dev_fs() and
 * sastrace_mountinfo_fuse_on_path().
 *
 * Oracles: ASan/UBSan; a line parsed has its fields inside it, a type that
 * is not empty and a root and a mount point that are not; the device of any
 * of the first lines parsed is mounted (not absent), FUSE when its type is;
 * a FUSE mount's absolute mount point and a path below it lead through
 * FUSE; a relative path always does.
 */
#define _GNU_SOURCE	/* memfd_create() (fuzz.h), fmemopen() */
#include "fuzz.h"
#include "mountinfo.h"

#define CHECKED	8	/* the lines whose devices and paths are checked */

static FILE *reopen(const uint8_t *data, size_t size)
{
	/* fmemopen() of 0 bytes fails: an empty file instead. */
	FILE *f = size ? fmemopen((void *)data, size, "r") : tmpfile();

	if (!f)
		fuzz_fail("cannot open the input as a file");
	return f;
}

static void check_line(const uint8_t *data, size_t size, unsigned int maj,
		       unsigned int min, bool fuse, const char *mnt)
{
	enum sastrace_dev_fs fs;
	char below[4200];
	FILE *f;

	f = reopen(data, size);
	fs = sastrace_mountinfo_dev_fs(f, maj, min);
	fclose(f);
	if (fs == SASTRACE_DEV_ABSENT)
		fuzz_fail("%u:%u parsed but absent", maj, min);
	if (fuse && fs != SASTRACE_DEV_FUSE)
		fuzz_fail("%u:%u is FUSE but said not", maj, min);
	if (!fuse || mnt[0] != '/')
		return;
	f = reopen(data, size);
	if (!sastrace_mountinfo_fuse_on_path(f, mnt))
		fuzz_fail("FUSE mount point %s not on the way", mnt);
	fclose(f);
	snprintf(below, sizeof(below), "%s/x", mnt);
	f = reopen(data, size);
	if (!sastrace_mountinfo_fuse_on_path(f, below))
		fuzz_fail("below FUSE mount point %s not on the way", mnt);
	fclose(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sastrace_mount m;
	char *line = NULL, *copy, mnt[4096];
	unsigned int checked = 0;
	size_t cap = 0;
	ssize_t len;
	FILE *f;

	f = reopen(data, size);
	while ((len = getline(&line, &cap, f)) > 0) {
		copy = fuzz_strndup((const uint8_t *)line, (size_t)len);
		if (!sastrace_mountinfo_parse(copy, &m)) {
			size_t clen = (size_t)len;

			if (m.root < copy || m.root >= copy + clen ||
			    m.mount_point < copy || m.mount_point >= copy + clen ||
			    m.fstype < copy || m.fstype >= copy + clen)
				fuzz_fail("a field outside its line");
			if (!*m.fstype || !*m.root || !*m.mount_point)
				fuzz_fail("an empty field");
			if (checked < CHECKED && strlen(m.mount_point) < sizeof(mnt)) {
				checked++;
				strcpy(mnt, m.mount_point);
				check_line(data, size, m.major, m.minor,
					   sastrace_fstype_is_fuse(m.fstype), mnt);
			}
		}
		free(copy);
	}
	free(line);
	fclose(f);
	f = reopen(data, size);
	if (!sastrace_mountinfo_fuse_on_path(f, "relative/path"))
		fuzz_fail("a relative path said safe");
	fclose(f);
	return 0;
}
