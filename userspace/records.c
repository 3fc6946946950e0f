// SPDX-License-Identifier: GPL-2.0
/*
 * Reading, checking and merging records from the per-CPU raw files.
 *
 * Each CPU's ring is read non-blocking until it is empty; the records of
 * all CPUs read in one round are then sorted by ts_ns, which gives a merged
 * order that is exact within a round and good enough across rounds.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/vfs.h>
#include "msg.h"
#include "records.h"

#define DEBUGFS_MAGIC	0x64626720

_Static_assert(sizeof(struct sastrace_header) == 64,
	       "the version 5 header is 64 bytes");
_Static_assert(offsetof(struct sastrace_header, cgroup_id) ==
	       SASTRACE_HEADER_V4_SIZE,
	       "version 5 appends to the version 4 header");
_Static_assert(offsetof(struct sastrace_header, size) +
	       sizeof(((struct sastrace_header *)0)->size) == SASTRACE_HDR_SIZE,
	       "a record starts with magic, version, size");

struct sastrace_skipped sastrace_skipped;

/**
 * sastrace_record_check() - is this a record this reader can step over?
 * @hdr:  the record's first SASTRACE_HDR_SIZE bytes (magic, version, size)
 * @cpu:  the CPU whose file it came from (its own cpu field may be garbage)
 * @msg:  where to put the reason, without the "sastrace: " prefix
 * @size: size of @msg
 *
 * The magic, a version this reader knows (the header's layout: 5, or 4
 * whose header is 48 bytes; versions 1 to 3 were flat records, a later one
 * would be a header this reader cannot read), and a sane size: at least
 * the header of its version, at most SASTRACE_REC_SIZE_MAX, a multiple of
 * 8. What the payload holds is sastrace_record_kind_check()'s.
 *
 * Return: 0 if it is valid, -1 with @msg filled in if not.
 */
int sastrace_record_check(const void *hdr, unsigned int cpu, char *msg,
			  size_t size)
{
	struct sastrace_header h;

	memcpy(&h, hdr, SASTRACE_HDR_SIZE);
	if (h.magic != SASTRACE_MAGIC) {
		snprintf(msg, size,
			 "record from cpu %u has bad magic %#010x (expected %#010x): not a sastrace stream",
			 cpu, h.magic, SASTRACE_MAGIC);
		return -1;
	}
	if (h.version != SASTRACE_VERSION && h.version != SASTRACE_VERSION_V4) {
		snprintf(msg, size,
			 "record version %u from cpu %u is not supported by this reader (expects %u or %u)",
			 h.version, cpu, SASTRACE_VERSION_V4, SASTRACE_VERSION);
		return -1;
	}
	if (h.size < sastrace_header_size(h.version) ||
	    h.size > SASTRACE_REC_SIZE_MAX || h.size % 8) {
		snprintf(msg, size,
			 "record version %u from cpu %u has size %u: not a sane record size (%zu to %u, a multiple of 8)",
			 h.version, cpu, h.size, sastrace_header_size(h.version),
			 SASTRACE_REC_SIZE_MAX);
		return -1;
	}
	return 0;
}

/**
 * sastrace_header_size() - bytes of the header of a record version
 * @version: 4 or 5 (a version sastrace_record_check() passes)
 *
 * Return: 48 for version 4, sizeof(struct sastrace_header) for this one.
 */
size_t sastrace_header_size(unsigned int version)
{
	return version == SASTRACE_VERSION_V4 ? SASTRACE_HEADER_V4_SIZE :
						sizeof(struct sastrace_header);
}

/**
 * sastrace_record_read_header() - a record's header, as this version's
 * @h:   filled in: the header, version 4's with the fields it lacks 0
 *       (cgroup_id, ns_tgid and ns_tid unknown) and its version kept, so
 *       that encoders know they are unknown; @h->size is the record's own
 * @rec: the record (sastrace_record_check() passed), at least its header
 */
void sastrace_record_read_header(struct sastrace_header *h, const void *rec)
{
	memset(h, 0, sizeof(*h));
	memcpy(h, rec, SASTRACE_HDR_SIZE);
	memcpy(h, rec, sastrace_header_size(h->version));
}

/**
 * sastrace_record_kind_check() - does this reader know the record's kind?
 * @h:    the whole header of a record sastrace_record_check() passed
 * @cpu:  the CPU whose file it came from
 * @kind: set to the kind's descriptor, NULL when the kind is not known
 * @msg:  where to put the reason, without the "sastrace: " prefix
 * @size: size of @msg
 *
 * A payload shorter than the first version of its kind is refused: it is
 * not what the module writes. A longer one is a newer module's: the reader
 * takes the prefix it knows. The payload follows the header of @h's
 * version (48 bytes in version 4).
 *
 * Return: 1 for a kind this reader knows, 0 for one it does not (to be
 * skipped), -1 with @msg filled in when the record is refused.
 */
int sastrace_record_kind_check(const struct sastrace_header *h,
			       unsigned int cpu,
			       const struct sastrace_kind_desc **kind,
			       char *msg, size_t size)
{
	const struct sastrace_kind_desc *k = sastrace_kind_find(h->kind);
	size_t payload = h->size - sastrace_header_size(h->version);

	*kind = k;
	if (!k)
		return 0;
	if (payload < k->min_payload) {
		snprintf(msg, size,
			 "%s record from cpu %u has a %zu-byte payload, less than the %u bytes of its first version: not a sastrace record",
			 k->name, cpu, payload, k->min_payload);
		return -1;
	}
	return 1;
}

/* Count a record of a kind this reader does not know. */
static void skip_kind(unsigned int kind)
{
	struct sastrace_skipped *s = &sastrace_skipped;
	unsigned int i;

	s->n++;
	for (i = 0; i < s->nkinds; i++)
		if (s->kinds[i] == kind)
			return;
	if (s->nkinds < SASTRACE_SKIPPED_KINDS)
		s->kinds[s->nkinds++] = kind;
}

/**
 * sastrace_skipped_report() - say once how many records were skipped
 *
 * "sastrace: skipped N records of kinds this reader does not know (7, 9)"
 * on stderr, when there were any; later calls say nothing.
 */
void sastrace_skipped_report(void)
{
	static bool said;
	char kinds[SASTRACE_SKIPPED_KINDS * 12] = "";
	struct sastrace_skipped *s = &sastrace_skipped;
	size_t len = 0;
	unsigned int i;

	if (said || !s->n)
		return;
	said = true;
	for (i = 0; i < s->nkinds && len < sizeof(kinds); i++)
		len += snprintf(kinds + len, sizeof(kinds) - len, "%s%u",
				i ? ", " : "", s->kinds[i]);
	sastrace_err("skipped %llu record%s of kinds this reader does not know (%s)",
		     s->n, s->n == 1 ? "" : "s", kinds);
}

/** sastrace_batch_init() - an empty batch */
void sastrace_batch_init(struct sastrace_batch *b)
{
	memset(b, 0, sizeof(*b));
}

/** sastrace_batch_free() - release a batch's memory */
void sastrace_batch_free(struct sastrace_batch *b)
{
	free(b->recs);
	free(b->order);
	sastrace_batch_init(b);
}

/**
 * sastrace_batch_add() - append a copy of a record
 * @b:   the batch
 * @rec: the record: its header, then its payload
 * @len: bytes of it to copy, at most sizeof(struct sastrace_any); the copy
 *       is zero beyond them
 *
 * A version 4 record (48-byte header) is copied as this version's: its
 * header with the fields it lacks 0 and its version kept, the payload
 * after this version's header (@len counts the 48-byte header then).
 *
 * Return: 0, or -1 when out of memory.
 */
int sastrace_batch_add(struct sastrace_batch *b, const void *rec,
		       size_t len)
{
	struct sastrace_any *r;
	size_t hdr;

	if (b->n == b->cap) {
		size_t cap = b->cap ? 2 * b->cap : 256;
		struct sastrace_any *recs;

		recs = realloc(b->recs, cap * sizeof(*recs));
		if (!recs)
			return -1;
		b->recs = recs;
		b->cap = cap;
	}
	r = &b->recs[b->n++];
	hdr = sastrace_header_size(((const struct sastrace_header *)rec)->version);
	if (hdr == sizeof(r->h)) {
		if (len > sizeof(*r))
			len = sizeof(*r);
		memcpy(r, rec, len);
		memset((char *)r + len, 0, sizeof(*r) - len);
		return 0;
	}
	sastrace_record_read_header(&r->h, rec);
	len = len > hdr ? len - hdr : 0;
	if (len > sizeof(r->payload))
		len = sizeof(r->payload);
	memcpy(r->payload, (const char *)rec + hdr, len);
	memset((char *)r->payload + len, 0, sizeof(r->payload) - len);
	return 0;
}

static int cmp_ts(const void *a, const void *b)
{
	const struct sastrace_any *x = *(const struct sastrace_any * const *)a;
	const struct sastrace_any *y = *(const struct sastrace_any * const *)b;

	if (x->h.ts_ns != y->h.ts_ns)
		return x->h.ts_ns < y->h.ts_ns ? -1 : 1;
	/* Equal times keep read order (lower CPU first, then ring order). */
	return x < y ? -1 : x > y;
}

/* Where the ascending run of a[] starting at @i ends. */
static size_t run_end(const struct sastrace_any **a, size_t i, size_t n)
{
	for (i++; i < n && cmp_ts(&a[i - 1], &a[i]) <= 0; i++)
		;
	return i;
}

/* Merge the sorted a[lo..mid) and a[mid..hi) into t[lo..hi). */
static void merge(const struct sastrace_any **a,
		  const struct sastrace_any **t, size_t lo, size_t mid,
		  size_t hi)
{
	size_t i = lo, j = mid, k = lo;

	while (i < mid && j < hi)
		t[k++] = cmp_ts(&a[j], &a[i]) < 0 ? a[j++] : a[i++];
	while (i < mid)
		t[k++] = a[i++];
	while (j < hi)
		t[k++] = a[j++];
}

/**
 * sastrace_batch_sort() - fill b->order with the records by timestamp
 * @b: the batch; b->order[0..n-1] is valid until the next _add()
 *
 * A natural merge sort: each CPU's records come (nearly) in time order, so
 * a batch is a few ascending runs and sorts in a few linear passes, where
 * qsort() spent as much as formatting the records did. cmp_ts() is a total
 * order, so the result is the one qsort() gives.
 *
 * Return: 0, or -1 when out of memory.
 */
int sastrace_batch_sort(struct sastrace_batch *b)
{
	const struct sastrace_any **order, **tmp, **src, **dst, **swap;
	size_t i, n = b->n, runs;

	order = realloc(b->order, (b->cap ? b->cap : 1) * sizeof(*order));
	if (!order)
		return -1;
	b->order = order;
	for (i = 0; i < n; i++)
		order[i] = &b->recs[i];
	tmp = malloc((n ? n : 1) * sizeof(*tmp));
	if (!tmp)
		return -1;
	src = order;
	dst = tmp;
	do {
		for (i = 0, runs = 0; i < n; runs++) {
			size_t mid = run_end(src, i, n);
			size_t end = mid < n ? run_end(src, mid, n) : n;

			merge(src, dst, i, mid, end);
			i = end;
		}
		swap = src;
		src = dst;
		dst = swap;
	} while (runs > 1);
	if (src != order)
		memcpy(order, src, n * sizeof(*order));
	free(tmp);
	return 0;
}

static int cmp_cpu(const void *a, const void *b)
{
	const struct sastrace_cpu *x = a, *y = b;

	return x->cpu < y->cpu ? -1 : x->cpu > y->cpu;
}

/* "cpu<N>" exactly, N decimal: anything else in per_cpu/ is not ours. */
static int parse_cpu_name(const char *name, unsigned int *cpu)
{
	unsigned long v;
	char *end;

	if (strncmp(name, "cpu", 3) || name[3] < '0' || name[3] > '9')
		return -1;
	errno = 0;
	v = strtoul(name + 3, &end, 10);
	if (errno || *end || v > 1U << 20)
		return -1;
	*cpu = v;
	return 0;
}

/**
 * sastrace_cpus_open() - open every per_cpu/cpu<N>/raw, non-blocking
 * @debugfs_root: the debugfs mount point
 * @cpus:         set to a malloc()ed array, sorted by CPU number
 * @n:            set to its length
 *
 * Return: 0, or -1 after printing why.
 */
int sastrace_cpus_open(const char *debugfs_root, struct sastrace_cpu **cpus,
		       unsigned int *n)
{
	struct sastrace_cpu *v = NULL;
	unsigned int count = 0, i;
	char dir[PATH_MAX];
	struct dirent *de;
	DIR *d;

	if ((size_t)snprintf(dir, sizeof(dir), "%s/sastrace/per_cpu",
			     debugfs_root) >= sizeof(dir)) {
		sastrace_err("debugfs path too long: %s", debugfs_root);
		return -1;
	}
	d = opendir(dir);
	if (!d) {
		if (errno == ENOENT)
			sastrace_err("%s does not exist although the module is loaded (see dmesg)",
				     dir);
		else
			sastrace_err("cannot open %s: %s", dir, strerror(errno));
		return -1;
	}
	while ((de = readdir(d))) {
		struct sastrace_cpu *nv;
		unsigned int cpu;

		if (parse_cpu_name(de->d_name, &cpu))
			continue;
		nv = realloc(v, (count + 1) * sizeof(*v));
		if (!nv) {
			sastrace_err("out of memory");
			goto fail;
		}
		v = nv;
		memset(&v[count], 0, sizeof(v[count]));
		v[count].cpu = cpu;
		v[count].fd = -1;
		count++;
		v[count - 1].cap = SASTRACE_READ_RECS * sastrace_kind_max_size();
		if (v[count - 1].cap < SASTRACE_REC_SIZE_MAX)
			v[count - 1].cap = SASTRACE_REC_SIZE_MAX;
		v[count - 1].buf = malloc(v[count - 1].cap);
		if (!v[count - 1].buf) {
			sastrace_err("out of memory");
			goto fail;
		}
	}
	closedir(d);
	d = NULL;
	if (!count) {
		sastrace_err("no cpu<N> directories in %s", dir);
		return -1;
	}
	qsort(v, count, sizeof(*v), cmp_cpu);

	for (i = 0; i < count; i++) {
		struct sastrace_cpu *c = &v[i];
		struct statfs st;

		if ((size_t)snprintf(c->path, sizeof(c->path), "%s/cpu%u/raw",
				     dir, c->cpu) >= sizeof(c->path)) {
			sastrace_err("debugfs path too long: %s", dir);
			goto fail;
		}
		c->fd = open(c->path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		if (c->fd < 0) {
			sastrace_err("cannot open %s: %s", c->path,
				     strerror(errno));
			goto fail;
		}
		c->on_debugfs = fstatfs(c->fd, &st) == 0 &&
				st.f_type == DEBUGFS_MAGIC;
	}
	*cpus = v;
	*n = count;
	return 0;
fail:
	if (d)
		closedir(d);
	sastrace_cpus_close(v, count);
	return -1;
}

/** sastrace_cpus_close() - close and free what _cpus_open() returned */
void sastrace_cpus_close(struct sastrace_cpu *cpus, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (cpus[i].fd >= 0)
			close(cpus[i].fd);
		free(cpus[i].buf);
	}
	free(cpus);
}

/*
 * Check and queue the whole records in c->buf, keep a partial tail. Each
 * record is stepped over by its own size (checked: at least the header, at
 * most SASTRACE_REC_SIZE_MAX), so this always ends. Records of a kind this
 * reader does not know are counted and skipped.
 */
static int take_records(struct sastrace_cpu *c, struct sastrace_batch *b,
			size_t *added)
{
	const struct sastrace_kind_desc *k;
	struct sastrace_header h;
	size_t off = 0, rec, len;
	char msg[256];
	int known;

	while (c->len - off >= SASTRACE_HDR_SIZE) {
		if (sastrace_record_check(c->buf + off, c->cpu, msg,
					  sizeof(msg))) {
			sastrace_err("%s", msg);
			return SASTRACE_READ_ERROR;
		}
		memcpy(&h, c->buf + off, SASTRACE_HDR_SIZE);
		rec = h.size;
		if (c->len - off < rec)
			break;
		sastrace_record_read_header(&h, c->buf + off);
		known = sastrace_record_kind_check(&h, c->cpu, &k, msg,
						   sizeof(msg));
		if (known < 0) {
			sastrace_err("%s", msg);
			return SASTRACE_READ_ERROR;
		}
		if (!known) {
			skip_kind(h.kind);
			off += rec;
			continue;
		}
		/* The payload this reader knows; a newer one's tail is not. */
		len = sastrace_header_size(h.version) + k->payload_size;
		if (sastrace_batch_add(b, c->buf + off, rec < len ? rec : len)) {
			sastrace_err("out of memory");
			return SASTRACE_READ_ERROR;
		}
		(*added)++;
		off += rec;
	}
	memmove(c->buf, c->buf + off, c->len - off);
	c->len -= off;
	/* Larger records: as many per read() as of this version's. */
	if (off && rec * SASTRACE_READ_RECS > c->cap) {
		unsigned char *buf = realloc(c->buf, rec * SASTRACE_READ_RECS);

		if (!buf) {
			sastrace_err("out of memory");
			return SASTRACE_READ_ERROR;
		}
		c->buf = buf;
		c->cap = rec * SASTRACE_READ_RECS;
	}
	return 0;
}

/**
 * sastrace_cpu_read() - read what one CPU's ring holds right now
 * @c:   the CPU's file
 * @b:   batch to append the records to
 * @max: stop after about this many records, so one busy CPU cannot
 *       starve the others' output
 *
 * Return: the number of records added (0 when the ring is empty), or
 * SASTRACE_READ_GONE when the module is gone (EIO, ENODEV, or EOF on
 * debugfs), or SASTRACE_READ_ERROR after printing why.
 */
int sastrace_cpu_read(struct sastrace_cpu *c, struct sastrace_batch *b,
		      size_t max)
{
	size_t added = 0;
	ssize_t n;

	while (added < max) {
		n = read(c->fd, c->buf + c->len, c->cap - c->len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN)
				return c->hup ? SASTRACE_READ_GONE : (int)added;
			if (errno == EIO || errno == ENODEV)
				return SASTRACE_READ_GONE;
			/* The module refuses reads shorter than a record. */
			if (errno == EINVAL && !c->len) {
				sastrace_err("cannot read %s: its records are larger than %zu bytes (a much newer module than this reader?)",
					     c->path, c->cap);
				return SASTRACE_READ_ERROR;
			}
			sastrace_err("cannot read %s: %s", c->path,
				     strerror(errno));
			return SASTRACE_READ_ERROR;
		}
		if (n == 0) {
			/*
			 * The module never returns 0 (it blocks or says
			 * EAGAIN); a plain file (tests' fake tree) does at
			 * its end, which only means "nothing more yet".
			 */
			return c->on_debugfs ? SASTRACE_READ_GONE : (int)added;
		}
		c->len += n;
		if (take_records(c, b, &added))
			return SASTRACE_READ_ERROR;
	}
	return added;
}
