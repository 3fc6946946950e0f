// SPDX-License-Identifier: GPL-2.0
/*
 * A function's file offset in an ELF file: the symbol's value (from
 * .dynsym, else .symtab) mapped through the PT_LOAD segment holding it,
 *
 *	offset = st_value - p_vaddr + p_offset
 *
 * which is what uprobe_register() wants; and the other way round, the
 * function holding a file offset (sastrace_elf_syms_*(), for symbols.c).
 */
#define _GNU_SOURCE	/* O_PATH */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <gelf.h>
#include <libelf.h>
#include "elfsym.h"

/* A defined symbol named @symbol (or "@symbol@VERSION") in section @scn. */
static bool find_in(Elf *elf, Elf_Scn *scn, const char *symbol,
		    GElf_Addr *value)
{
	size_t len = strlen(symbol), i, n;
	Elf_Data *data = NULL;
	GElf_Shdr sh;
	GElf_Sym sym;
	const char *name;

	if (!gelf_getshdr(scn, &sh) || !sh.sh_entsize)
		return false;
	n = sh.sh_size / sh.sh_entsize;
	while ((data = elf_getdata(scn, data))) {
		for (i = 0; i < n; i++) {
			if (!gelf_getsym(data, (int)i, &sym))
				break;
			if (sym.st_shndx == SHN_UNDEF || !sym.st_value ||
			    GELF_ST_TYPE(sym.st_info) != STT_FUNC)
				continue;
			name = elf_strptr(elf, sh.sh_link, sym.st_name);
			if (!name || strncmp(name, symbol, len) ||
			    (name[len] && name[len] != '@'))
				continue;
			*value = sym.st_value;
			return true;
		}
	}
	return false;
}

/**
 * sastrace_elf_symbol_offset() - the file offset of a function
 * @path:   the ELF file
 * @symbol: the function's name
 * @offset: set to its file offset
 * @msg:    on failure, the reason (without the "sastrace: " prefix)
 * @size:   size of @msg
 *
 * Return: 0, or -1 with @msg filled in.
 */
int sastrace_elf_symbol_offset(const char *path, const char *symbol,
			       unsigned long long *offset, char *msg,
			       size_t size)
{
	static const Elf64_Word types[] = { SHT_DYNSYM, SHT_SYMTAB };
	GElf_Addr value = 0;
	bool found = false;
	Elf_Scn *scn;
	size_t i, nph;
	GElf_Shdr sh;
	GElf_Phdr ph;
	Elf *elf = NULL;
	int fd, ret = -1;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(msg, size, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (elf_version(EV_CURRENT) == EV_NONE) {
		snprintf(msg, size, "libelf: %s", elf_errmsg(-1));
		goto out;
	}
	elf = elf_begin(fd, ELF_C_READ, NULL);
	if (!elf || elf_kind(elf) != ELF_K_ELF) {
		snprintf(msg, size, "%s: not an ELF file", path);
		goto out;
	}
	for (i = 0; i < sizeof(types) / sizeof(types[0]) && !found; i++) {
		scn = NULL;
		while (!found && (scn = elf_nextscn(elf, scn))) {
			if (gelf_getshdr(scn, &sh) && sh.sh_type == types[i])
				found = find_in(elf, scn, symbol, &value);
		}
	}
	if (!found) {
		snprintf(msg, size, "%s: no function symbol '%s'", path,
			 symbol);
		goto out;
	}
	if (elf_getphdrnum(elf, &nph)) {
		snprintf(msg, size, "%s: no program headers", path);
		goto out;
	}
	for (i = 0; i < nph; i++) {
		if (!gelf_getphdr(elf, (int)i, &ph) || ph.p_type != PT_LOAD)
			continue;
		if (value >= ph.p_vaddr && value < ph.p_vaddr + ph.p_filesz) {
			*offset = value - ph.p_vaddr + ph.p_offset;
			ret = 0;
			goto out;
		}
	}
	snprintf(msg, size, "%s: symbol '%s' (%#llx) is in no loadable segment",
		 path, symbol, (unsigned long long)value);
out:
	if (elf)
		elf_end(elf);
	close(fd);
	return ret;
}

/*
 * Function symbols, for naming the code at a file offset (symbols.c).
 * The file may be anyone's: every size is checked against the file's and
 * against the bounds below before anything is taken from it.
 */

/* Loadable segments kept per file: more is not an ordinary ELF file. */
#define LOAD_MAX		SASTRACE_ELF_LOADS
/* Symbols of one table taken at most, and bytes of their names. */
#define FUNCS_MAX		(4u << 20)
#define NAMES_MAX		(48u << 20)
/* A longer name is kept as this many bytes of it. */
#define NAME_KEEP		255
/* Separate debug files read for their CRC at most this big. */
#define DEBUG_FILE_MAX		(2ULL << 30)
#define BUILD_ID_MAX		64
/* Sections of one file at most (elf_begin() takes memory for each). */
#define SECTIONS_MAX		65536

struct elf_file {
	int fd;
	Elf *elf;
	unsigned long long size;
};

/* Bytes @p as an unsigned number of @n bytes in the file's byte order. */
static unsigned long long get_uint(const unsigned char *p, int n, bool msb)
{
	unsigned long long v = 0;
	int i;

	for (i = 0; i < n; i++)
		v |= (unsigned long long)p[msb ? n - 1 - i : i] << (8 * i);
	return v;
}

/*
 * Whether the section header table the ELF header announces is one libelf
 * may be given: elf_begin() allocates and initialises a descriptor for
 * every section it announces (e_shnum, or section 0's sh_size with
 * extended numbering), bounded only by the file's size, which a sparse
 * file makes as large as it likes (a 4 KiB file of 1 GiB took 4.4 GB).
 */
static bool sections_sane(int fd)
{
	unsigned char e[64], sh0[64];
	unsigned long long shoff, shnum;
	bool msb, is64;

	if (pread(fd, e, sizeof(e), 0) != (ssize_t)sizeof(e) ||
	    memcmp(e, ELFMAG, SELFMAG))
		return false;
	is64 = e[EI_CLASS] == ELFCLASS64;
	msb = e[EI_DATA] == ELFDATA2MSB;
	if (!is64 && e[EI_CLASS] != ELFCLASS32)
		return false;
	shoff = is64 ? get_uint(e + 40, 8, msb) : get_uint(e + 32, 4, msb);
	shnum = is64 ? get_uint(e + 60, 2, msb) : get_uint(e + 48, 2, msb);
	if (!shoff || shnum)
		return shnum <= SECTIONS_MAX;
	/* Extended numbering: the count is section 0's sh_size. */
	if (pread(fd, sh0, sizeof(sh0), (off_t)shoff) != (ssize_t)sizeof(sh0))
		return false;
	shnum = is64 ? get_uint(sh0 + 32, 8, msb) : get_uint(sh0 + 20, 4, msb);
	return shnum <= SECTIONS_MAX;
}

static int elf_file_open_fd(struct elf_file *f, int fd)
{
	struct stat st;

	f->fd = fd;
	f->elf = NULL;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_size < EI_NIDENT)
		return -1;
	f->size = (unsigned long long)st.st_size;
	if (st.st_size < 64 || !sections_sane(fd) ||
	    elf_version(EV_CURRENT) == EV_NONE)
		return -1;
	/* Read, not mapped: a file truncated meanwhile must not SIGBUS us. */
	f->elf = elf_begin(fd, ELF_C_READ, NULL);
	if (!f->elf || elf_kind(f->elf) != ELF_K_ELF) {
		if (f->elf)
			elf_end(f->elf);
		f->elf = NULL;
		return -1;
	}
	return 0;
}

static void elf_file_close(struct elf_file *f)
{
	if (f->elf)
		elf_end(f->elf);
	f->elf = NULL;
}

/* A section's data, when its header is sane for a file of this size. */
static Elf_Data *section_data(const struct elf_file *f, Elf_Scn *scn,
			      GElf_Shdr *sh)
{
	if (!gelf_getshdr(scn, sh) || sh->sh_type == SHT_NOBITS ||
	    sh->sh_offset > f->size || sh->sh_size > f->size - sh->sh_offset)
		return NULL;
	return elf_getdata(scn, NULL);
}

/* The first section of type @type (and, when @name is set, that name). */
static Elf_Scn *find_section(const struct elf_file *f, Elf64_Word type,
			     const char *name)
{
	Elf_Scn *scn = NULL;
	size_t shstrndx;
	GElf_Shdr sh;
	const char *n;

	if (name && elf_getshdrstrndx(f->elf, &shstrndx))
		return NULL;
	while ((scn = elf_nextscn(f->elf, scn))) {
		if (!gelf_getshdr(scn, &sh) || sh.sh_type != type)
			continue;
		if (!name)
			return scn;
		n = elf_strptr(f->elf, shstrndx, sh.sh_name);
		if (n && !strcmp(n, name))
			return scn;
	}
	return NULL;
}

/* The GNU build-id note's bytes; returns its length, 0 when none. */
static size_t build_id(const struct elf_file *f, unsigned char *id,
		       size_t size)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;
	GElf_Nhdr nh;
	Elf_Data *d;
	size_t pos, npos, dpos;

	while ((scn = elf_nextscn(f->elf, scn))) {
		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_NOTE)
			continue;
		d = section_data(f, scn, &sh);
		if (!d)
			continue;
		pos = 0;
		while (pos < d->d_size &&
		       (pos = gelf_getnote(d, pos, &nh, &npos, &dpos)) > 0) {
			if (nh.n_type != NT_GNU_BUILD_ID || nh.n_namesz != 4 ||
			    memcmp((char *)d->d_buf + npos, "GNU", 4) ||
			    !nh.n_descsz || nh.n_descsz > size)
				continue;
			memcpy(id, (char *)d->d_buf + dpos, nh.n_descsz);
			return nh.n_descsz;
		}
	}
	return 0;
}

/*
 * Where the section a function of unknown size starts in ends: no name
 * reaches past it. @addr when not known.
 */
static __u64 section_end(const struct elf_file *f, Elf64_Section shndx,
			 __u64 addr)
{
	Elf_Scn *scn;
	GElf_Shdr sh;

	if (shndx >= SHN_LORESERVE)
		return addr;
	scn = elf_getscn(f->elf, shndx);
	if (!scn || !gelf_getshdr(scn, &sh) || addr < sh.sh_addr ||
	    addr - sh.sh_addr >= sh.sh_size)
		return addr;
	return sh.sh_addr + sh.sh_size;
}

static int cmp_func(const void *a, const void *b)
{
	const struct sastrace_elf_func *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	/* Same address: the sized one first, then by name for stability. */
	if (x->size != y->size)
		return x->size > y->size ? -1 : 1;
	return x->name < y->name ? -1 : x->name > y->name;
}

/*
 * Take the defined functions of symbol table @scn into @s. Return: 0, 1
 * when the table has none, -1 when it is malformed or over the bounds.
 */
static int take_funcs(const struct elf_file *f, Elf_Scn *scn,
		      struct sastrace_elf_syms *s)
{
	size_t i, n, len, cap_names = 0, cap_funcs = 0;
	struct sastrace_elf_func *fn;
	GElf_Shdr sh;
	GElf_Sym sym;
	const char *name;
	Elf_Data *d;
	void *p;

	d = section_data(f, scn, &sh);
	if (!d || !sh.sh_entsize ||
	    sh.sh_entsize != gelf_fsize(f->elf, ELF_T_SYM, 1, EV_CURRENT))
		return -1;
	n = sh.sh_size / sh.sh_entsize;
	if (d->d_size / sh.sh_entsize < n)
		n = d->d_size / sh.sh_entsize;
	for (i = 1; i < n; i++) {
		if (!gelf_getsym(d, (int)i, &sym))
			return -1;
		if (sym.st_shndx == SHN_UNDEF || sym.st_shndx == SHN_ABS ||
		    !sym.st_value ||
		    (GELF_ST_TYPE(sym.st_info) != STT_FUNC &&
		     GELF_ST_TYPE(sym.st_info) != STT_GNU_IFUNC))
			continue;
		name = elf_strptr(f->elf, sh.sh_link, sym.st_name);
		if (!name || !name[0])
			continue;
		len = strnlen(name, NAME_KEEP);
		if (s->nfuncs >= FUNCS_MAX || s->names_len + len + 1 > NAMES_MAX)
			return -1;
		if (s->nfuncs == cap_funcs) {
			cap_funcs = cap_funcs ? cap_funcs * 2 : 1024;
			p = realloc(s->funcs, cap_funcs * sizeof(*s->funcs));
			if (!p)
				return -1;
			s->funcs = p;
		}
		if (s->names_len + len + 1 > cap_names) {
			cap_names = cap_names ? cap_names * 2 : 16384;
			while (cap_names < s->names_len + len + 1)
				cap_names *= 2;
			p = realloc(s->names, cap_names);
			if (!p)
				return -1;
			s->names = p;
		}
		fn = &s->funcs[s->nfuncs++];
		fn->addr = sym.st_value;
		fn->size = sym.st_size;
		fn->end = sym.st_size ? sym.st_value + sym.st_size :
			  section_end(f, sym.st_shndx, sym.st_value);
		fn->name = (__u32)s->names_len;
		memcpy(s->names + s->names_len, name, len);
		s->names[s->names_len + len] = '\0';
		s->names_len += len + 1;
	}
	if (!s->nfuncs)
		return 1;
	qsort(s->funcs, s->nfuncs, sizeof(*s->funcs), cmp_func);
	return 0;
}

static void syms_drop_funcs(struct sastrace_elf_syms *s)
{
	free(s->funcs);
	free(s->names);
	s->funcs = NULL;
	s->names = NULL;
	s->nfuncs = 0;
	s->names_len = 0;
}

/* The functions of @f's table of type @type; 0 when some were taken. */
static int take_table(const struct elf_file *f, Elf64_Word type,
		      struct sastrace_elf_syms *s)
{
	Elf_Scn *scn = find_section(f, type, NULL);
	int ret;

	if (!scn)
		return 1;
	ret = take_funcs(f, scn, s);
	if (ret)
		syms_drop_funcs(s);
	return ret;
}

/*
 * Before glibc 2.32 (bullseye's is 2.31) <sys/syscall.h> has no
 * SYS_openat2; its number is the same on every architecture.
 */
#ifndef SYS_openat2
#define SYS_openat2 437
#endif

/**
 * sastrace_openat2() - openat2(2), which glibc does not wrap
 * @dirfd: as openat2()
 * @path:  as openat2()
 * @how:   as openat2()
 *
 * Where openat2() is refused as a whole (ENOSYS: a kernel before 5.6, or a
 * seccomp filter that does not know it), says so once on standard error:
 * files are then never opened by path (never without its checks on
 * symbolic links and mounts), so only map_files finds them.
 *
 * Return: the descriptor, or -1 with errno set.
 */
int sastrace_openat2(int dirfd, const char *path, struct open_how *how)
{
	static bool warned;
	int fd = (int)syscall(SYS_openat2, dirfd, path, how, sizeof(*how));

	if (fd < 0 && errno == ENOSYS && !warned) {
		warned = true;
		fprintf(stderr, "sastrace: openat2() is not available: symbol names only for files of living processes\n");
		errno = ENOSYS;
	}
	return fd;
}

/**
 * sastrace_open_regular() - open a file for reading only if it is a
 * regular file, without opening anything else first
 * @path:     the path
 * @nofollow: the last component must not be a symbolic link
 * @st:       set to the file's stat
 *
 * A path may lead anywhere its owner likes (a link, or a directory above
 * it replaced by one): to a device whose open(2) acts (a watchdog, a
 * serial line, a tape), or a FIFO. The path is opened with O_PATH, which
 * opens nothing, checked to be a regular file on that descriptor, and only
 * then opened for reading through /proc/self/fd, which reopens that very
 * inode.
 *
 * Return: the descriptor, or -1.
 */
int sastrace_open_regular(const char *path, bool nofollow, struct stat *st)
{
	char self[32];
	int pfd, fd;

	pfd = open(path, O_PATH | O_CLOEXEC | (nofollow ? O_NOFOLLOW : 0));
	if (pfd < 0)
		return -1;
	if (fstat(pfd, st) || !S_ISREG(st->st_mode)) {
		close(pfd);
		return -1;
	}
	snprintf(self, sizeof(self), "/proc/self/fd/%d", pfd);
	fd = open(self, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	close(pfd);
	if (fd < 0)
		return -1;
	if (fstat(fd, st) || !S_ISREG(st->st_mode)) {
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * A debug file's descriptor, if @path is a regular file; -1 otherwise.
 * Symbolic links are followed (a .build-id entry often is one): what is
 * read is checked by its build-id or CRC, not by where it was found.
 * Nothing but a regular file is opened (sastrace_open_regular()).
 */
static int open_debug_file(const char *path)
{
	struct stat st;
	int fd;

	fd = sastrace_open_regular(path, false, &st);
	if (fd < 0)
		return -1;
	if ((unsigned long long)st.st_size > DEBUG_FILE_MAX) {
		close(fd);
		return -1;
	}
	return fd;
}

/**
 * sastrace_crc32() - the CRC-32 (IEEE 802.3) of a buffer, as
 * .gnu_debuglink holds it
 * @crc: the CRC so far (0 to start)
 * @buf: the bytes
 * @len: how many
 *
 * Return: the CRC including @buf.
 */
__u32 sastrace_crc32(__u32 crc, const unsigned char *buf, size_t len)
{
	static __u32 table[256];
	__u32 c;
	size_t i;
	int k;

	if (!table[1]) {
		for (i = 0; i < 256; i++) {
			c = (__u32)i;
			for (k = 0; k < 8; k++)
				c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
			table[i] = c;
		}
	}
	crc = ~crc;
	for (i = 0; i < len; i++)
		crc = table[(crc ^ buf[i]) & 0xff] ^ (crc >> 8);
	return ~crc;
}

static bool file_crc(int fd, __u32 *crc)
{
	unsigned char buf[65536];
	unsigned long long total = 0;
	ssize_t n;

	*crc = 0;
	while ((n = pread(fd, buf, sizeof(buf), (off_t)total)) > 0) {
		*crc = sastrace_crc32(*crc, buf, (size_t)n);
		total += (unsigned long long)n;
		if (total > DEBUG_FILE_MAX)
			return false;
	}
	return n == 0;
}

/*
 * The functions of a separate debug file at @path, when it is one for @f:
 * the same build-id (@id, @idlen), or, when @idlen is 0, the CRC @crc.
 */
static int take_debug_file(const char *path, const unsigned char *id,
			   size_t idlen, __u32 crc, struct sastrace_elf_syms *s)
{
	unsigned char did[BUILD_ID_MAX];
	struct elf_file d;
	__u32 dcrc;
	int fd, ret = 1;

	fd = open_debug_file(path);
	if (fd < 0)
		return 1;
	if (!idlen && (!file_crc(fd, &dcrc) || dcrc != crc))
		goto out;
	if (elf_file_open_fd(&d, fd))
		goto out;
	if (!idlen || (build_id(&d, did, sizeof(did)) == idlen &&
		       !memcmp(did, id, idlen)))
		ret = take_table(&d, SHT_SYMTAB, s);
	elf_file_close(&d);
out:
	close(fd);
	return ret;
}

/* The functions of @f's separate debug file, found by build-id. */
static int take_by_build_id(const struct elf_file *f, const char *debug_dir,
			    struct sastrace_elf_syms *s)
{
	unsigned char id[BUILD_ID_MAX];
	char path[PATH_MAX];
	size_t len = build_id(f, id, sizeof(id)), i, n;

	if (len < 2)
		return 1;
	n = (size_t)snprintf(path, sizeof(path), "%s/.build-id/%02x/",
			     debug_dir, id[0]);
	for (i = 1; i < len && n + 3 < sizeof(path); i++)
		n += (size_t)snprintf(path + n, sizeof(path) - n, "%02x", id[i]);
	if (n + sizeof(".debug") > sizeof(path))
		return 1;
	strcpy(path + n, ".debug");
	return take_debug_file(path, id, len, 0, s);
}

/*
 * take_debug_file() of @rel in the directory @dir, @rel resolved without
 * symbolic links and without leaving that directory's mount (openat2():
 * RESOLVE_BENEATH, RESOLVE_NO_SYMLINKS, RESOLVE_NO_XDEV). The file's own
 * directory is its owner's: a link or a mount there (a FUSE one, whose
 * daemon may never answer) leads nowhere.
 */
static int take_debug_file_in(const char *dir, const char *rel, __u32 crc,
			      struct sastrace_elf_syms *s)
{
	struct open_how how = {
		.flags = O_PATH | O_NOFOLLOW | O_CLOEXEC,
		.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS |
			   RESOLVE_NO_XDEV,
	};
	char self[32];
	int dfd, pfd, ret;

	dfd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return 1;
	pfd = sastrace_openat2(dfd, rel, &how);
	close(dfd);
	if (pfd < 0)
		return 1;
	/* Our own descriptor's link: that very inode, no path resolved. */
	snprintf(self, sizeof(self), "/proc/self/fd/%d", pfd);
	ret = take_debug_file(self, NULL, 0, crc, s);
	close(pfd);
	return ret;
}

/*
 * The functions of @f's separate debug file named by its .gnu_debuglink,
 * searched where gdb looks: @dir, @dir/.debug and @debug_dir/@logical_dir.
 */
static int take_by_debuglink(const struct elf_file *f, const char *dir,
			     const char *logical_dir, const char *debug_dir,
			     struct sastrace_elf_syms *s)
{
	Elf_Scn *scn = find_section(f, SHT_PROGBITS, ".gnu_debuglink");
	char path[PATH_MAX], name[NAME_MAX + 1];
	const unsigned char *b;
	size_t len, crc_at;
	const char *ident;
	GElf_Shdr sh;
	Elf_Data *d;
	__u32 crc;

	if (!scn)
		return 1;
	d = section_data(f, scn, &sh);
	if (!d || !d->d_buf)
		return 1;
	len = strnlen(d->d_buf, d->d_size);
	crc_at = (len + 4) & ~(size_t)3;
	if (!len || len > NAME_MAX || crc_at + 4 > d->d_size ||
	    memchr(d->d_buf, '/', len))
		return 1;
	memcpy(name, d->d_buf, len);
	name[len] = '\0';
	/* In the file's byte order. */
	b = (const unsigned char *)d->d_buf + crc_at;
	ident = elf_getident(f->elf, NULL);
	if (ident && ident[EI_DATA] == ELFDATA2MSB)
		crc = (__u32)b[0] << 24 | (__u32)b[1] << 16 | b[2] << 8 | b[3];
	else
		crc = (__u32)b[3] << 24 | (__u32)b[2] << 16 | b[1] << 8 | b[0];
	if (!take_debug_file_in(dir, name, crc, s))
		return 0;
	if ((size_t)snprintf(path, sizeof(path), ".debug/%s", name) <
	    sizeof(path) && !take_debug_file_in(dir, path, crc, s))
		return 0;
	if ((size_t)snprintf(path, sizeof(path), "%s%s/%s", debug_dir,
			     logical_dir, name) < sizeof(path) &&
	    !take_debug_file(path, NULL, 0, crc, s))
		return 0;
	return 1;
}

/**
 * sastrace_elf_syms_load() - the function symbols of an opened ELF file
 * @fd:          the file, opened for reading (not closed here)
 * @dir:         a path to the directory the reader found it in, for its
 *               .gnu_debuglink file (NULL: not searched there); below it
 *               no symbolic link is followed and no mount entered
 * @logical_dir: that directory as the traced process saw it, for
 *               @debug_dir/@logical_dir
 * @debug_dir:   the root of separate debug files ("/usr/lib/debug")
 * @s:           filled in; free with sastrace_elf_syms_free()
 *
 * Takes the functions of .symtab; else those of the separate debug file
 * named by the build-id (@debug_dir/.build-id/xx/rest.debug, its build-id
 * checked) or by .gnu_debuglink (its CRC-32 checked); else those of
 * .dynsym. The loadable segments map file offsets to the symbols'
 * addresses.
 *
 * Return: 0, or -1 when the file is not ELF, is malformed, is over the
 * bounds, or has no function symbols.
 */
int sastrace_elf_syms_load(int fd, const char *dir, const char *logical_dir,
			   const char *debug_dir, struct sastrace_elf_syms *s)
{
	struct elf_file f;
	size_t i, nph;
	GElf_Phdr ph;
	int ret = -1;

	memset(s, 0, sizeof(*s));
	if (elf_file_open_fd(&f, fd))
		return -1;
	if (elf_getphdrnum(f.elf, &nph))
		goto out;
	for (i = 0; i < nph; i++) {
		if (!gelf_getphdr(f.elf, (int)i, &ph) || ph.p_type != PT_LOAD ||
		    !ph.p_filesz)
			continue;
		if (s->nload == LOAD_MAX ||
		    ph.p_offset + ph.p_filesz < ph.p_offset ||
		    ph.p_vaddr + ph.p_filesz < ph.p_vaddr)
			goto out;
		s->load[s->nload].vaddr = ph.p_vaddr;
		s->load[s->nload].offset = ph.p_offset;
		s->load[s->nload].filesz = ph.p_filesz;
		s->nload++;
	}
	if (!s->nload)
		goto out;
	if (!take_table(&f, SHT_SYMTAB, s) ||
	    !take_by_build_id(&f, debug_dir, s) ||
	    (dir && !take_by_debuglink(&f, dir, logical_dir, debug_dir, s)) ||
	    !take_table(&f, SHT_DYNSYM, s))
		ret = 0;
out:
	elf_file_close(&f);
	if (ret)
		sastrace_elf_syms_free(s);
	return ret;
}

/**
 * sastrace_elf_syms_find() - the function at a file offset
 * @s:       the file's symbols (sastrace_elf_syms_load())
 * @off:     the file offset
 * @name:    set to the function's name (in @s)
 * @sym_off: set to @off's distance from the function's start
 *
 * The function whose [address, address + size) holds the offset's
 * address; when none does, the nearest one before it if its size is not
 * known (size 0, as hand-written assembly often has) and the address is
 * in its section. Never one that ends before the address: better no name
 * than a wrong one.
 *
 * Return: true when a function was found.
 */
bool sastrace_elf_syms_find(const struct sastrace_elf_syms *s,
			    unsigned long long off, const char **name,
			    unsigned long long *sym_off)
{
	const struct sastrace_elf_func *fn;
	unsigned long long v = 0;
	size_t lo, hi, mid, i, back;
	bool mapped = false;

	for (i = 0; i < s->nload && !mapped; i++) {
		if (off >= s->load[i].offset &&
		    off - s->load[i].offset < s->load[i].filesz) {
			v = off - s->load[i].offset + s->load[i].vaddr;
			mapped = true;
		}
	}
	if (!mapped || !s->nfuncs)
		return false;
	/* lo: the first function above v; those before it start at or below. */
	lo = 0;
	hi = s->nfuncs;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (s->funcs[mid].addr <= v)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return false;
	/* The enclosing one: look back a little for one sized over v. */
	for (i = lo, back = 0; i > 0 && back < 64; i--, back++) {
		fn = &s->funcs[i - 1];
		if (fn->size && v - fn->addr < fn->size)
			goto found;
	}
	fn = &s->funcs[lo - 1];
	/* The nearest before it, when its size is not known. */
	for (i = lo; i > 0 && s->funcs[i - 1].addr == fn->addr; i--) {
		if (s->funcs[i - 1].size)
			return false;
	}
	fn = &s->funcs[i];
	if (v >= fn->end)	/* past its section */
		return false;
found:
	*name = s->names + fn->name;
	*sym_off = v - fn->addr;
	return true;
}

/**
 * sastrace_elf_syms_bytes() - the memory a file's symbols take
 * @s: the symbols
 *
 * Return: bytes allocated for them.
 */
size_t sastrace_elf_syms_bytes(const struct sastrace_elf_syms *s)
{
	return s->nfuncs * sizeof(*s->funcs) + s->names_len +
	       sizeof(*s);
}

/**
 * sastrace_elf_syms_free() - free what sastrace_elf_syms_load() took
 * @s: the symbols
 */
void sastrace_elf_syms_free(struct sastrace_elf_syms *s)
{
	syms_drop_funcs(s);
	s->nload = 0;
}
