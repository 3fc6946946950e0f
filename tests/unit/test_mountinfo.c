// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of userspace/mountinfo.c: mountinfo lines split (optional
 * fields, octal escapes, lines that are not mountinfo lines), FUSE types
 * told from others, and what a mountinfo file written here says of a
 * device (FUSE, another file system, not mounted) and of a path (a FUSE
 * mount on it or above it), as the symbol lookup (symbols.c) asks before
 * it opens anything. Built with ASan and UBSan.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mountinfo.h"
#include "tap.h"

/* A mountinfo file holding @text, read from its start. */
static FILE *mi_file(const char *text)
{
	FILE *f = tmpfile();

	if (!f || fputs(text, f) == EOF || fflush(f)) {
		printf("not ok - cannot write a mountinfo file\n");
		exit(1);
	}
	rewind(f);
	return f;
}

static const char *dev_fs_name(enum sastrace_dev_fs fs)
{
	switch (fs) {
	case SASTRACE_DEV_ABSENT:
		return "absent";
	case SASTRACE_DEV_OTHER:
		return "other";
	case SASTRACE_DEV_FUSE:
		return "fuse";
	}
	return "?";
}

static const char *mi_text =
	"22 1 259:2 / / rw,relatime shared:1 - ext4 /dev/nvme0n1p2 rw\n"
	/* Optional fields, escapes in the root and the mount point. */
	"40 22 8:1 /sub\\040dir /mnt/a\\040b\\011c rw shared:7 master:2 unbindable - ext4 /dev/sda1 rw,errors=remount-ro\n"
	/* A user's sshfs, in a directory whose name holds " - ". */
	"55 22 0:50 / /home/u/my\\040-\\040mnt rw,nosuid,nodev shared:30 - fuse.sshfs u@host:/ rw,user_id=1000,group_id=1000\n"
	"56 22 8:17 / /media/usb rw,nosuid - fuseblk /dev/sdb1 rw,user_id=0,allow_other\n"
	"57 22 0:51 / /run/user/1000/doc rw - fuse portal rw\n"
	"58 22 0:52 / /media/ntfs rw - fuseblk.ntfs /dev/sdc1 rw\n"
	/* The FUSE control file system is no FUSE mount. */
	"59 22 0:53 / /sys/fs/fuse/connections rw - fusectl fusectl rw\n"
	/* Not mountinfo lines: their devices are not mounted. */
	"60 22 0:60 / /x rw shared:1 fuse fuse rw\n"
	"61 22 0:61 / /y\n"
	"62 22 0:62x / /z rw - fuse fuse rw\n"
	"63 22 0:63 / /w rw -\n"
	/* Mounted twice: once as FUSE is enough. */
	"70 22 0:70 / /twice rw - ext4 /dev/x rw\n"
	"71 22 0:70 / /home/u/twice rw - fuse.x x rw\n";

static void dev_is(const char *name, unsigned int maj, unsigned int min,
		   enum sastrace_dev_fs want)
{
	FILE *f = mi_file(mi_text);

	tap_str(name, dev_fs_name(sastrace_mountinfo_dev_fs(f, maj, min)),
		dev_fs_name(want));
	fclose(f);
}

static void path_is(const char *name, const char *text, const char *path,
		    bool want)
{
	FILE *f = mi_file(text);

	tap_long(name, sastrace_mountinfo_fuse_on_path(f, path), want);
	fclose(f);
}

static void test_parse(void)
{
	char line[] = "40 22 8:1 /sub\\040dir /mnt/a\\040b\\011c rw shared:7 master:2 - fuse.sshfs\\040x u@h:/ rw\n";
	char plain[] = "22 1 259:2 / / rw - ext4 /dev/nvme0n1p2 rw";
	char bad_dash[] = "22 1 259:2 / / rw shared:1 ext4 /dev/x rw\n";
	char bad_short[] = "22 1 259:2 / / - ext4 /dev/x rw\n";
	char bad_type[] = "22 1 259:2 / / rw - \n";
	char bad_dev[] = "22 1 259 / / rw - ext4 /dev/x rw\n";
	char empty[] = "\n";
	char nul[] = "22 1 259:2 / /a\\000b rw - ext4 /dev/x rw\n";
	struct sastrace_mount m;

	tap_long("parse: optional fields and escapes",
		 sastrace_mountinfo_parse(line, &m), 0);
	tap_long("parse: major", m.major, 8);
	tap_long("parse: minor", m.minor, 1);
	tap_str("parse: root unescaped", m.root, "/sub dir");
	tap_str("parse: mount point unescaped", m.mount_point, "/mnt/a b\tc");
	tap_str("parse: type after the lone '-', unescaped", m.fstype,
		"fuse.sshfs x");
	tap_long("parse: no optional fields", sastrace_mountinfo_parse(plain, &m),
		 0);
	tap_str("parse: no optional fields: type", m.fstype, "ext4");
	tap_long("parse: 259:2", (long long)m.major << 32 | m.minor,
		 (long long)259 << 32 | 2);
	tap_long("parse: no '-' is refused",
		 sastrace_mountinfo_parse(bad_dash, &m), -1);
	tap_long("parse: no mount options is refused",
		 sastrace_mountinfo_parse(bad_short, &m), -1);
	tap_long("parse: no type is refused",
		 sastrace_mountinfo_parse(bad_type, &m), -1);
	tap_long("parse: a device without ':' is refused",
		 sastrace_mountinfo_parse(bad_dev, &m), -1);
	tap_long("parse: an empty line is refused",
		 sastrace_mountinfo_parse(empty, &m), -1);
	tap_long("parse: a \\000 escape is refused",
		 sastrace_mountinfo_parse(nul, &m), -1);
}

static void test_types(void)
{
	static const struct {
		const char *type;
		bool fuse;
	} t[] = {
		{ "fuse", true }, { "fuseblk", true }, { "fuse.sshfs", true },
		{ "fuseblk.ntfs", true }, { "fuse.", true },
		{ "fusectl", false }, { "fuse3", false }, { "ext4", false },
		{ "virtiofs", false }, { "", false }, { "xfuse", false },
	};
	char name[64];
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		snprintf(name, sizeof(name), "type '%s' %s FUSE", t[i].type,
			 t[i].fuse ? "is" : "is not");
		tap_long(name, sastrace_fstype_is_fuse(t[i].type), t[i].fuse);
	}
}

static void test_devices(void)
{
	dev_is("device 259:2 (ext4, /): other", 259, 2, SASTRACE_DEV_OTHER);
	dev_is("device 8:1 (ext4, optional fields, escapes): other", 8, 1,
	       SASTRACE_DEV_OTHER);
	dev_is("device 0:50 (fuse.sshfs, ' - ' in its mount point): fuse", 0,
	       50, SASTRACE_DEV_FUSE);
	dev_is("device 8:17 (fuseblk): fuse", 8, 17, SASTRACE_DEV_FUSE);
	dev_is("device 0:51 (fuse): fuse", 0, 51, SASTRACE_DEV_FUSE);
	dev_is("device 0:52 (fuseblk.ntfs): fuse", 0, 52, SASTRACE_DEV_FUSE);
	dev_is("device 0:53 (fusectl): other", 0, 53, SASTRACE_DEV_OTHER);
	dev_is("device 0:70 mounted as ext4 and as fuse.x: fuse", 0, 70,
	       SASTRACE_DEV_FUSE);
	dev_is("device 8:2 (not mounted): absent", 8, 2, SASTRACE_DEV_ABSENT);
	dev_is("device 2:8 (not 8:2): absent", 2, 8, SASTRACE_DEV_ABSENT);
	dev_is("device 0:60 (a line without '-'): absent", 0, 60,
	       SASTRACE_DEV_ABSENT);
	dev_is("device 0:61 (a cut line): absent", 0, 61, SASTRACE_DEV_ABSENT);
	dev_is("device 0:62 (a bad device field): absent", 0, 62,
	       SASTRACE_DEV_ABSENT);
	dev_is("device 0:63 (no type): absent", 0, 63, SASTRACE_DEV_ABSENT);
}

static void test_paths(void)
{
	const char *root_fuse = "1 0 0:40 / / rw - fuse.root r rw\n";

	path_is("path below a FUSE mount (escaped mount point)", mi_text,
		"/home/u/my - mnt/bin/prog", true);
	path_is("path of a FUSE mount point itself", mi_text,
		"/home/u/my - mnt", true);
	path_is("path beside a FUSE mount (longer name)", mi_text,
		"/home/u/my - mntx/prog", false);
	path_is("path above a FUSE mount", mi_text, "/home/u/prog", false);
	path_is("path below a fuseblk mount", mi_text, "/media/usb/a/b", true);
	path_is("path on ext4 with escapes in its mount point", mi_text,
		"/mnt/a b\tc/prog", false);
	path_is("path on / (ext4)", mi_text, "/usr/bin/prog", false);
	path_is("path below a mount of a device also FUSE elsewhere",
		mi_text, "/twice/prog", false);
	path_is("path below fusectl", mi_text,
		"/sys/fs/fuse/connections/1/abort", false);
	path_is("a relative path is refused", mi_text, "usr/bin/prog", true);
	path_is("path under a FUSE root", root_fuse, "/usr/bin/prog", true);
}

int main(void)
{
	test_parse();
	test_types();
	test_devices();
	test_paths();
	return tap_done();
}
