// SPDX-License-Identifier: GPL-2.0
/*
 * The function a record's file offset falls in, by name.
 *
 * A record names a file by its basename and a struct sastrace_file_id:
 * device, inode, mtime, ctime, generation and the directory as a path
 * from the root of the file's own file system. The process is often gone
 * by the time the reader gets here, so the file is found
 *
 *  1. through the reader's own mounts (/proc/self/mountinfo): every mount
 *     of that device whose root is the directory or above it gives a path,
 *     mount point + rest of the directory + "/" + basename;
 *  2. else, while the process lives, through its /proc/<tgid>/maps: the
 *     mappings of that device, inode and basename, opened through
 *     /proc/<tgid>/map_files/ (the mapped inode itself, deleted or in
 *     another mount namespace; its directory, for debug files, only when
 *     the process is in the reader's mount namespace).
 *
 * Files on FUSE are never looked at: a FUSE daemon is a user's program
 * that may never answer, and root's reader would wait in open(), stat() or
 * read() for ever. A file is refused when a mount of its device is FUSE in
 * the reader's mountinfo or, for route 2, in the process's (where the
 * device must be found: what cannot be told is refused), and a path is
 * refused when a FUSE mount is on it or above it (its resolution would ask
 * that daemon). Paths are resolved without symbolic links (openat2(),
 * RESOLVE_NO_SYMLINKS), below the mount point without crossing into
 * another mount (RESOLVE_NO_XDEV), so a directory replaced by a link, or
 * a FUSE mount made there since, leads nowhere; so do the debug files
 * looked for in the file's directory (elfsym.c), reached through a
 * descriptor of that directory. Left open: a FUSE mount made on the way
 * to a mount point between the check and the open.
 *
 * Whatever is opened is verified on its descriptor: a regular file, with
 * the record's device, inode, mtime and ctime, and generation where the
 * file system keeps one, before and after it is read. Anything else
 * (replaced, touched, rewritten, a FIFO in its place, a ctime the module
 * recorded as 0) gives no name: never a wrong one. Files are anyone's, so
 * the ELF parsing (elfsym.c) bounds every size.
 *
 * The cache holds the functions of up to CACHE_FILES files or CACHE_BYTES
 * of them (when full it is emptied), and the files that gave none: a file
 * not found is tried again only for another, living process.
 */
#define _GNU_SOURCE	/* O_NOFOLLOW, O_PATH */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/fs.h>
#include <linux/openat2.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include "elfsym.h"
#include "mountinfo.h"
#include "symbols.h"

#define CACHE_FILES	256
#define CACHE_BYTES	(64u << 20)
#define CACHE_BUCKETS	512
/* ELF files read at most this big (their debug files: elfsym.c). */
#define FILE_MAX	(1ULL << 30)

struct entry {
	struct entry *next;
	struct sastrace_file_id id;	/* dir unused */
	bool ok;			/* @syms holds the file's functions */
	bool found;			/* the file was found and verified */
	__u32 tried_tgid;		/* !found: the process tried */
	struct sastrace_elf_syms syms;
	/* The last offset looked up: a call site repeats. */
	bool memo;
	bool memo_found;
	unsigned long long memo_off;
	const char *memo_name;
	unsigned long long memo_sym_off;
};

struct sastrace_symbols {
	struct entry *bucket[CACHE_BUCKETS];
	unsigned int files;
	size_t bytes;
	char *debug_dir;
};

/**
 * sastrace_symbols_new() - an empty cache of file symbols
 * @debug_dir: where separate debug files are ("/usr/lib/debug")
 *
 * Return: the cache, or NULL when out of memory.
 */
struct sastrace_symbols *sastrace_symbols_new(const char *debug_dir)
{
	struct sastrace_symbols *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->debug_dir = strdup(debug_dir);
	if (!c->debug_dir) {
		free(c);
		return NULL;
	}
	return c;
}

static void cache_clear(struct sastrace_symbols *c)
{
	struct entry *e, *next;
	unsigned int i;

	for (i = 0; i < CACHE_BUCKETS; i++) {
		for (e = c->bucket[i]; e; e = next) {
			next = e->next;
			sastrace_elf_syms_free(&e->syms);
			free(e);
		}
		c->bucket[i] = NULL;
	}
	c->files = 0;
	c->bytes = 0;
}

/**
 * sastrace_symbols_free() - free the cache
 * @c: the cache (NULL: nothing)
 */
void sastrace_symbols_free(struct sastrace_symbols *c)
{
	if (!c)
		return;
	cache_clear(c);
	free(c->debug_dir);
	free(c);
}

static unsigned int bucket_of(const struct sastrace_file_id *id)
{
	__u64 h = id->ino * 0x9e3779b97f4a7c15ULL ^ id->dev ^
		  (__u64)id->mtime_ns * 31 ^ (__u64)id->ctime_ns * 17;

	return (unsigned int)(h >> 40) % CACHE_BUCKETS;
}

static bool same_file(const struct sastrace_file_id *a,
		      const struct sastrace_file_id *b)
{
	return a->ino == b->ino && a->dev == b->dev &&
	       a->mtime_ns == b->mtime_ns && a->ctime_ns == b->ctime_ns &&
	       a->generation == b->generation;
}

/*
 * Open @path and check it is the file @id names: a regular file, same
 * device, inode, mtime, ctime and (where kept) generation. ctime is what
 * no owner can set back: a file written in place and then given its old
 * mtime again (utimensat) still differs. A record of a module before
 * ctime_ns holds 0 there, which no file changed since 1970 matches: such
 * files go unnamed rather than risk a wrong name. @follow: the last
 * component may be a link (only /proc's map_files, the kernel's own).
 * Return: the descriptor, or -1.
 */
static bool stat_matches(const struct stat *st,
			 const struct sastrace_file_id *id)
{
	return (unsigned long long)st->st_size <= FILE_MAX &&
	       st->st_dev == id->dev && st->st_ino == id->ino &&
	       (__s64)st->st_mtim.tv_sec * 1000000000LL +
	       st->st_mtim.tv_nsec == id->mtime_ns &&
	       (__s64)st->st_ctim.tv_sec * 1000000000LL +
	       st->st_ctim.tv_nsec == id->ctime_ns;
}

static int open_verified(const char *path, bool follow,
			 const struct sastrace_file_id *id)
{
	struct stat st;
	int fd, gen;

	/* Nothing but a regular file is opened (a device's open acts). */
	fd = sastrace_open_regular(path, !follow, &st);
	if (fd < 0)
		return -1;
	if (!stat_matches(&st, id))
		goto bad;
	if (ioctl(fd, FS_IOC_GETVERSION, &gen) == 0) {
		if ((__u32)gen != id->generation)
			goto bad;
	} else if (errno != ENOTTY && errno != EOPNOTSUPP) {
		goto bad;
	}
	return fd;
bad:
	close(fd);
	return -1;
}

/*
 * open_verified() of @rel resolved from @dirfd with openat2()'s @resolve
 * flags (a symbolic link, even the last component, is never followed).
 * Return: the descriptor, or -1.
 */
static int open_verified_at(int dirfd, const char *rel, __u64 resolve,
			    const struct sastrace_file_id *id)
{
	struct open_how how = {
		.flags = O_PATH | O_NOFOLLOW | O_CLOEXEC,
		.resolve = resolve | RESOLVE_NO_SYMLINKS,
	};
	char self[32];
	int pfd, fd;

	pfd = sastrace_openat2(dirfd, rel, &how);
	if (pfd < 0)
		return -1;
	/* Our own descriptor's link: that very inode, no path resolved. */
	snprintf(self, sizeof(self), "/proc/self/fd/%d", pfd);
	fd = open_verified(self, true, id);
	close(pfd);
	return fd;
}

/*
 * What @mountinfo (a /proc/<pid>/mountinfo) says of @id's device: the
 * device is FUSE, another file system, or not mounted there (also when the
 * file cannot be read).
 */
static enum sastrace_dev_fs dev_fs(const char *mountinfo,
				   const struct sastrace_file_id *id)
{
	enum sastrace_dev_fs ret;
	FILE *f = fopen(mountinfo, "re");

	if (!f)
		return SASTRACE_DEV_ABSENT;
	ret = sastrace_mountinfo_dev_fs(f, major(id->dev), minor(id->dev));
	fclose(f);
	return ret;
}

/*
 * Whether resolving @path in the mount namespace and root @mountinfo
 * describes may reach a FUSE mount (true also when it cannot be read).
 */
static bool fuse_on_path(const char *mountinfo, const char *path)
{
	FILE *f = fopen(mountinfo, "re");
	bool ret;

	if (!f)
		return true;
	ret = sastrace_mountinfo_fuse_on_path(f, path);
	fclose(f);
	return ret;
}

/*
 * A found file: its descriptor and its directory, for its debug files
 * (elfsym.c): a descriptor of it, opened as the file was, named by its
 * /proc/self/fd link in @dir, and as the process saw it in @logical.
 */
struct found {
	int fd;
	int dir_fd;			/* -1: none */
	char dir[32];
	char logical[PATH_MAX];
};

/* @rel from @dirfd, a directory, resolved as open_verified_at() does. */
static int open_dir_at(int dirfd, const char *rel, __u64 resolve,
		       struct found *f)
{
	struct open_how how = {
		.flags = O_PATH | O_DIRECTORY | O_CLOEXEC,
		.resolve = resolve | RESOLVE_NO_SYMLINKS,
	};

	f->dir_fd = sastrace_openat2(dirfd, rel, &how);
	if (f->dir_fd < 0)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "/proc/self/fd/%d", f->dir_fd);
	return 0;
}

/* dirname of @path into @out ("/" for "/x"). */
static void dir_of(const char *path, char *out, size_t size)
{
	const char *slash = strrchr(path, '/');
	size_t len = slash ? (size_t)(slash - path) : 0;

	if (!len || len >= size) {
		snprintf(out, size, "/");
		return;
	}
	memcpy(out, path, len);
	out[len] = '\0';
}

/* 1: through the reader's mounts of the file's device. */
static bool find_by_mounts(const char *base, const struct sastrace_file_id *id,
			   struct found *f)
{
	struct open_how how = {
		.flags = O_PATH | O_DIRECTORY | O_CLOEXEC,
		.resolve = RESOLVE_NO_SYMLINKS,
	};
	char path[PATH_MAX], rel[PATH_MAX], *line = NULL;
	struct sastrace_mount m;
	const char *rest, *below, *mnt;
	bool ok = false;
	size_t rlen, cap = 0;
	FILE *mi;
	int mfd;

	if (id->dir[0] != '/' ||
	    strnlen(id->dir, sizeof(id->dir)) == sizeof(id->dir))
		return false;
	mi = fopen("/proc/self/mountinfo", "re");
	if (!mi)
		return false;
	while (!ok && !sastrace_mountinfo_next(mi, &line, &cap, &m)) {
		if (m.major != major(id->dev) || m.minor != minor(id->dev) ||
		    sastrace_fstype_is_fuse(m.fstype))
			continue;
		/* The mount's root must be the directory or above it. */
		rlen = strcmp(m.root, "/") ? strlen(m.root) : 0;
		if (strncmp(id->dir, m.root, rlen) ||
		    (id->dir[rlen] && id->dir[rlen] != '/'))
			continue;
		rest = id->dir + rlen;
		/* Below the mount point: relative, "." for its root. */
		below = rest + strspn(rest, "/");
		mnt = strcmp(m.mount_point, "/") ? m.mount_point : "";
		if ((size_t)snprintf(path, sizeof(path), "%s%s/%s", mnt, rest,
				     base) >= sizeof(path) ||
		    (size_t)snprintf(rel, sizeof(rel), "%s%s%s", below,
				     *below ? "/" : "", base) >= sizeof(rel) ||
		    fuse_on_path("/proc/self/mountinfo", path))
			continue;
		/* To the mount point, then within that mount only. */
		mfd = sastrace_openat2(AT_FDCWD, m.mount_point, &how);
		if (mfd < 0)
			continue;
		f->fd = open_verified_at(mfd, rel,
					 RESOLVE_BENEATH | RESOLVE_NO_XDEV, id);
		if (f->fd >= 0) {
			dir_of(path, f->logical, sizeof(f->logical));
			open_dir_at(mfd, *below ? below : ".",
				    RESOLVE_BENEATH | RESOLVE_NO_XDEV, f);
			ok = true;
		}
		close(mfd);
	}
	free(line);
	fclose(mi);
	return ok;
}

/*
 * Whether process @tgid is in the reader's mount namespace: only mounts
 * root made can be on its paths then. In a namespace of its own, a user
 * may mount anything (an overlay over a FUSE mount shows as "overlay"),
 * so no path of it is walked.
 */
static bool same_mnt_ns(__u32 tgid)
{
	struct stat self, other;
	char path[40];

	snprintf(path, sizeof(path), "/proc/%u/ns/mnt", tgid);
	return !stat("/proc/self/ns/mnt", &self) && !stat(path, &other) &&
	       self.st_dev == other.st_dev && self.st_ino == other.st_ino;
}

/* @name's directory in the process's root, for @f's debug files. */
static void open_dir_in_root(__u32 tgid, const char *name, struct found *f)
{
	char root[32];
	int rfd;

	dir_of(name, f->logical, sizeof(f->logical));
	snprintf(root, sizeof(root), "/proc/%u/root", tgid);
	rfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (rfd < 0)
		return;
	open_dir_at(rfd, f->logical, RESOLVE_IN_ROOT, f);
	close(rfd);
}

/*
 * 2: through the living process's mappings of the file. @self_fs: what
 * the reader's mountinfo shows of its device (not FUSE).
 */
static bool find_by_maps(const char *base, const struct sastrace_file_id *id,
			 enum sastrace_dev_fs self_fs, __u32 tgid,
			 struct found *f)
{
	char line[PATH_MAX + 256], path[PATH_MAX + 64], range[64], *name, *nl;
	char mountinfo[32];
	unsigned long long ino;
	unsigned int maj, min;
	const char *slash;
	bool ok = false, deleted, cont = false, long_line, same_ns;
	enum sastrace_dev_fs fs;
	size_t len;
	FILE *maps;
	int n;

	if (!tgid)
		return false;
	/*
	 * Neither its mount namespace nor the reader's may show the device
	 * as FUSE (the reader's, @self_fs, is not), and one must show
	 * it (a chrooted process's does not show the mounts outside its
	 * root).
	 */
	snprintf(mountinfo, sizeof(mountinfo), "/proc/%u/mountinfo", tgid);
	fs = dev_fs(mountinfo, id);
	if (fs == SASTRACE_DEV_FUSE ||
	    (fs == SASTRACE_DEV_ABSENT && self_fs != SASTRACE_DEV_OTHER))
		return false;
	same_ns = same_mnt_ns(tgid);
	snprintf(path, sizeof(path), "/proc/%u/maps", tgid);
	maps = fopen(path, "re");
	if (!maps)
		return false;
	while (!ok && fgets(line, sizeof(line), maps)) {
		/* Longer than PATH_MAX (not one we can open): none of it. */
		long_line = cont;
		nl = strchr(line, '\n');
		cont = !nl && !feof(maps);
		if (long_line || !nl)
			continue;
		*nl = '\0';
		n = 0;
		if (sscanf(line, "%63s %*s %*s %x:%x %llu %n", range, &maj, &min,
			   &ino, &n) != 4 || !n || ino != id->ino ||
		    maj != major(id->dev) || min != minor(id->dev))
			continue;
		name = line + n;
		if (name[0] != '/')
			continue;
		len = strlen(name);
		deleted = len > 10 && !strcmp(name + len - 10, " (deleted)");
		if (deleted)
			name[len - 10] = '\0';
		slash = strrchr(name, '/');
		if (strcmp(slash + 1, base))
			continue;
		snprintf(path, sizeof(path), "/proc/%u/map_files/%s", tgid,
			 range);
		/*
		 * The mapped inode itself; when it fails the check, no path
		 * can do better.
		 */
		f->fd = open_verified(path, true, id);
		if (f->fd < 0)
			continue;
		if (!deleted && same_ns && !fuse_on_path(mountinfo, name))
			open_dir_in_root(tgid, name, f);
		ok = true;
	}
	fclose(maps);
	return ok;
}

static bool process_lives(__u32 tgid)
{
	char path[32];

	snprintf(path, sizeof(path), "/proc/%u", tgid);
	return tgid && access(path, F_OK) == 0;
}

/*
 * Find, verify and read the file into @e. Verified again once read: a
 * write meanwhile (after the record, so with a later ctime) drops what
 * was read.
 */
static void load(struct sastrace_symbols *c, struct entry *e,
		 const char *base, const struct sastrace_file_id *id,
		 __u32 tgid)
{
	enum sastrace_dev_fs self_fs = dev_fs("/proc/self/mountinfo", id);
	struct found f = { .fd = -1, .dir_fd = -1 };
	struct stat st;

	e->tried_tgid = tgid;
	/* A FUSE file is never opened (see the top). */
	if (self_fs == SASTRACE_DEV_FUSE)
		return;
	if (!find_by_mounts(base, id, &f) &&
	    !find_by_maps(base, id, self_fs, tgid, &f))
		return;
	e->found = true;
	e->ok = !sastrace_elf_syms_load(f.fd, f.dir_fd >= 0 ? f.dir : NULL,
					f.logical, c->debug_dir, &e->syms);
	if (e->ok && (fstat(f.fd, &st) || !stat_matches(&st, id))) {
		sastrace_elf_syms_free(&e->syms);
		e->ok = false;
	}
	close(f.fd);
	if (f.dir_fd >= 0)
		close(f.dir_fd);
}

/**
 * sastrace_symbols_lookup() - the function at a file offset
 * @c:       the cache
 * @file:    the file's basename, as a record holds it (at most
 *           SASTRACE_CALLER_FILE_LEN bytes, maybe unterminated)
 * @off:     the file offset
 * @id:      the file's identity, from the same record
 * @tgid:    the process that mapped it (for its /proc entries, if it lives)
 * @name:    set to the function's name (valid until the next call)
 * @sym_off: set to @off's distance from the function's start
 *
 * Return: true when the file was found, verified, and has a function
 * there; false otherwise (no name is better than a wrong one).
 */
bool sastrace_symbols_lookup(struct sastrace_symbols *c, const char *file,
			     unsigned long long off,
			     const struct sastrace_file_id *id, __u32 tgid,
			     const char **name, unsigned long long *sym_off)
{
	char base[SASTRACE_CALLER_FILE_LEN + 1];
	size_t len = strnlen(file, SASTRACE_CALLER_FILE_LEN);
	unsigned int b;
	struct entry *e;

	if (!id->ino || !len || len == SASTRACE_CALLER_FILE_LEN ||
	    memchr(file, '/', len) || !strcmp(file, "?") ||
	    !strcmp(file, ".") || !strcmp(file, ".."))
		return false;
	memcpy(base, file, len);
	base[len] = '\0';
	b = bucket_of(id);
	for (e = c->bucket[b]; e; e = e->next) {
		if (same_file(&e->id, id))
			break;
	}
	if (e && !e->found && tgid != e->tried_tgid && process_lives(tgid)) {
		/* Not found for another process: this one may show it. */
		load(c, e, base, id, tgid);
		c->bytes += sastrace_elf_syms_bytes(&e->syms);
	}
	if (!e) {
		if (c->files >= CACHE_FILES || c->bytes >= CACHE_BYTES)
			cache_clear(c);
		e = calloc(1, sizeof(*e));
		if (!e)
			return false;
		e->id = *id;
		load(c, e, base, id, tgid);
		e->next = c->bucket[b];
		c->bucket[b] = e;
		c->files++;
		c->bytes += sizeof(*e) + (e->ok ?
			    sastrace_elf_syms_bytes(&e->syms) : 0);
	}
	if (!e->ok)
		return false;
	if (!e->memo || e->memo_off != off) {
		e->memo = true;
		e->memo_off = off;
		e->memo_found = sastrace_elf_syms_find(&e->syms, off,
						       &e->memo_name,
						       &e->memo_sym_off);
	}
	*name = e->memo_name;
	*sym_off = e->memo_sym_off;
	return e->memo_found;
}

/**
 * sastrace_symbols_format_cb() - sastrace_symbols_lookup() as the
 * decoders' struct sastrace_format_opts symbol callback
 * @ctx:     the struct sastrace_symbols
 * @file:    as sastrace_symbols_lookup()
 * @off:     as sastrace_symbols_lookup()
 * @id:      as sastrace_symbols_lookup()
 * @tgid:    as sastrace_symbols_lookup()
 * @name:    as sastrace_symbols_lookup()
 * @sym_off: as sastrace_symbols_lookup()
 *
 * Return: as sastrace_symbols_lookup().
 */
bool sastrace_symbols_format_cb(void *ctx, const char *file, __u64 off,
				const struct sastrace_file_id *id, __u32 tgid,
				const char **name, __u64 *sym_off)
{
	unsigned long long so;

	if (!sastrace_symbols_lookup(ctx, file, off, id, tgid, name, &so))
		return false;
	*sym_off = so;
	return true;
}
