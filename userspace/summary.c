// SPDX-License-Identifier: GPL-2.0
/*
 * `sastrace summary`: aggregation of records per process, the log2
 * histogram of delivery headroom, the drops from two readings of `stats`,
 * and the two outputs (a table with bpftrace-style hist() bars; one JSON
 * document). See summary.h and sastrace(8), "SUMMARY".
 *
 * What is counted: call records of the syscall hooks (kprobe, compat) and
 * signal records. uprobe records are left out (each is the libc side of a
 * syscall already counted), and so are sigaction records and kinds this
 * reader does not know.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "format.h"
#include "json.h"
#include "summary.h"

/* Histogram bars: bpftrace's 52 at 80 columns; never fewer than this. */
#define BAR_MIN		10
/* Label (16), count (8), " |" and "|", and one column spare. */
#define BAR_OVERHEAD	28

void sastrace_summary_init(struct sastrace_summary *s)
{
	memset(s, 0, sizeof(*s));
}

/** sastrace_sum_row_free() - free what a row holds (not the row) */
void sastrace_sum_row_free(struct sastrace_sum_row *r)
{
	free(r->headrooms);
	r->headrooms = NULL;
	r->nhv = r->caph = 0;
	r->nh = 0;
}

void sastrace_summary_free(struct sastrace_summary *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		sastrace_sum_row_free(&s->rows[i]);
	free(s->rows);
	free(s->slots);
	sastrace_summary_init(s);
}

/**
 * sastrace_sum_bucket() - the histogram bucket of a headroom
 * @v: the headroom, in bytes
 *
 * Return: 0 for a negative @v, 1 for 0, 2 for 1, and k + 2 for 2^k to
 * 2^(k+1) - 1 (k = 1..62): bpftrace's hist() buckets.
 */
unsigned int sastrace_sum_bucket(__s64 v)
{
	if (v < 0)
		return 0;
	if (v == 0)
		return 1;
	return 2 + (63 - __builtin_clzll((unsigned long long)v));
}

/* 2^k as bpftrace prints it: 512, 1K, 2K ... 8E. */
static int pow2_label(char *buf, size_t size, unsigned int k)
{
	static const char units[] = "KMGTPE";

	if (k < 10)
		return snprintf(buf, size, "%u", 1U << k);
	return snprintf(buf, size, "%u%c", 1U << (k % 10), units[k / 10 - 1]);
}

/**
 * sastrace_sum_bucket_label() - a bucket's range, as bpftrace prints it
 * @buf:  output buffer
 * @size: its size
 * @b:    the bucket (below SASTRACE_SUM_BUCKETS)
 *
 * "(..., 0)", "[0]", "[1]", "[2, 4)", ... "[512, 1K)", ... "[4E, 8E)".
 *
 * Return: the length of the full text, as snprintf().
 */
int sastrace_sum_bucket_label(char *buf, size_t size, unsigned int b)
{
	char lo[16], hi[16];

	if (b == 0)
		return snprintf(buf, size, "(..., 0)");
	if (b < 3)
		return snprintf(buf, size, "[%u]", b - 1);
	pow2_label(lo, sizeof(lo), b - 2);
	pow2_label(hi, sizeof(hi), b - 1);
	return snprintf(buf, size, "[%s, %s)", lo, hi);
}

/* The slot of @pid in @slots: its row's, or the empty one it would take. */
static size_t slot_of(const size_t *slots, size_t nslots,
		      const struct sastrace_sum_row *rows, __u32 pid)
{
	/* All of the pid's bits in the low ones (lowbias32's mixer). */
	__u32 h = pid;
	size_t i;

	h ^= h >> 16;
	h *= 0x7feb352dU;
	h ^= h >> 15;
	h *= 0x846ca68bU;
	h ^= h >> 16;
	i = h & (nslots - 1);

	while (slots[i] && rows[slots[i] - 1].pid != pid)
		i = (i + 1) & (nslots - 1);
	return i;
}

/*
 * Make @s->slots hold every row with room for one more, at most half full:
 * rebuilt when missing or too small. Return: 0, or -1 when out of memory.
 */
static int slots_room(struct sastrace_summary *s)
{
	size_t n = s->nslots ? s->nslots : 64, i, *slots;

	if (s->slots && 2 * (s->n + 1) <= s->nslots)
		return 0;
	while (2 * (s->n + 1) > n)
		n *= 2;
	slots = calloc(n, sizeof(*slots));
	if (!slots)
		return -1;
	for (i = 0; i < s->n; i++)
		slots[slot_of(slots, n, s->rows, s->rows[i].pid)] = i + 1;
	free(s->slots);
	s->slots = slots;
	s->nslots = n;
	return 0;
}

/* The row of @pid, a new one (zeroed) if none yet; NULL: out of memory. */
static struct sastrace_sum_row *row_of(struct sastrace_summary *s, __u32 pid)
{
	struct sastrace_sum_row *rows;
	size_t slot;

	/* A hash map pid -> row: 50000 processes must not be quadratic. */
	if (slots_room(s))
		return NULL;
	slot = slot_of(s->slots, s->nslots, s->rows, pid);
	if (s->slots[slot])
		return &s->rows[s->slots[slot] - 1];
	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 16;

		rows = realloc(s->rows, cap * sizeof(*rows));
		if (!rows)
			return NULL;
		s->rows = rows;
		s->cap = cap;
	}
	memset(&s->rows[s->n], 0, sizeof(s->rows[s->n]));
	s->rows[s->n].pid = pid;
	s->slots[slot] = s->n + 1;
	return &s->rows[s->n++];
}

static void add_errno(struct sastrace_sum_row *r, int err,
		      unsigned long long n)
{
	unsigned int i;

	for (i = 0; i < r->nerrnos; i++) {
		if (r->errnos[i].err == err) {
			r->errnos[i].n += n;
			return;
		}
	}
	if (r->nerrnos == SASTRACE_SUM_ERRNOS) {
		r->errors_other += n;
		return;
	}
	r->errnos[r->nerrnos].err = err;
	r->errnos[r->nerrnos++].n = n;
}

/*
 * Add @n deliveries of headroom @v to @r->headrooms (distinct values in
 * increasing order). Return: 0, or -1 when out of memory.
 */
static int add_hv(struct sastrace_sum_row *r, __s64 v, unsigned long long n)
{
	size_t lo = 0, hi = r->nhv;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (r->headrooms[mid].v < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < r->nhv && r->headrooms[lo].v == v) {
		r->headrooms[lo].n += n;
		r->nh += n;
		return 0;
	}
	if (r->nhv == r->caph) {
		size_t cap = r->caph ? 2 * r->caph : 8;
		struct sastrace_sum_hv *h = realloc(r->headrooms,
						    cap * sizeof(*h));

		if (!h)
			return -1;
		r->headrooms = h;
		r->caph = cap;
	}
	memmove(&r->headrooms[lo + 1], &r->headrooms[lo],
		(r->nhv - lo) * sizeof(*r->headrooms));
	r->headrooms[lo].v = v;
	r->headrooms[lo].n = n;
	r->nhv++;
	r->nh += n;
	return 0;
}

static int add_headroom(struct sastrace_sum_row *r, __s64 v)
{
	if (add_hv(r, v, 1))
		return -1;
	r->hist[sastrace_sum_bucket(v)]++;
	return 0;
}

static void add_call(struct sastrace_sum_row *r, const struct sastrace_call *c)
{
	bool disable = c->ss.flags & SASTRACE_SS_DISABLE;

	if (c->ss.state == SASTRACE_ARG_NULL)
		r->query++;
	else if (c->ss.state == SASTRACE_ARG_VALUE && disable)
		r->disable++;
	else if (c->ss.state == SASTRACE_ARG_VALUE)
		r->set++;
	/* An unreadable ss asked for nothing known: only its error counts. */
	if (c->ret < 0) {
		r->errors++;
		add_errno(r, c->ret < -4095 ? 0 : (int)-c->ret, 1);
	}
	if (c->rflags & SASTRACE_RF_TOCTOU)
		r->toctou++;
	/* As the text and JSON say it: only with the size it was below. */
	if ((c->rflags & SASTRACE_RF_SMALL) && c->min_sigstksz)
		r->small++;
	if (c->ret == 0 && c->ss.state == SASTRACE_ARG_VALUE && !disable) {
		/* What the kernel installed, when that differs from ss. */
		const struct sastrace_stack *in =
			(c->rflags & SASTRACE_RF_TOCTOU) &&
			c->installed.state == SASTRACE_ARG_VALUE ?
			&c->installed : &c->ss;

		/*
		 * A race (TOCTOU) can make the set a disable: no stack is
		 * installed then, and no size is known.
		 */
		r->has_size = !(in->flags & SASTRACE_SS_DISABLE);
		r->last_size = r->has_size ? in->size : 0;
	}
}

/**
 * sastrace_summary_add() - count one record
 * @s: the summary
 * @h: a record as the reader holds it (struct sastrace_any: the payload,
 *     zero-filled to this build's size, follows the header)
 *
 * Call records of the kprobe and compat hooks and signal records count;
 * the others are left out (see the file's comment), and so are records
 * older than @s->since_ns (counted in @s->old) or newer than a non-zero
 * @s->until_ns (@s->late).
 *
 * Return: 0, or -1 when out of memory.
 */
int sastrace_summary_add(struct sastrace_summary *s,
			 const struct sastrace_header *h)
{
	const void *payload = h + 1;
	struct sastrace_sum_row *r;

	if (h->kind == SASTRACE_KIND_CALL) {
		if (h->hook != SASTRACE_HOOK_KPROBE &&
		    h->hook != SASTRACE_HOOK_COMPAT)
			return 0;
	} else if (h->kind != SASTRACE_KIND_SIGNAL) {
		return 0;
	}
	/* Outside the summary's time: said, not counted. */
	if (h->ts_ns < s->since_ns) {
		s->old++;
		return 0;
	}
	if (s->until_ns && h->ts_ns > s->until_ns) {
		s->late++;
		return 0;
	}
	r = row_of(s, h->tgid);
	if (!r)
		return -1;
	memcpy(r->comm, h->comm, SASTRACE_COMM_LEN);
	if (h->kind == SASTRACE_KIND_CALL) {
		add_call(r, payload);
		return 0;
	}
	switch (((const struct sastrace_signal *)payload)->event) {
	case SASTRACE_SIG_DELIVER:
		r->deliver++;
		return add_headroom(r,
			((const struct sastrace_signal *)payload)->headroom);
	case SASTRACE_SIG_OVERFLOW:
		r->overflow++;
		break;
	case SASTRACE_SIG_ONSTACK_UNAVAILABLE:
		r->onstack_unavailable++;
		break;
	case SASTRACE_SIG_FRAME_FAULT:
		r->frame_fault++;
		break;
	}
	return 0;
}

/* Most alarming first; among equals, by pid. */
static int row_cmp(const void *pa, const void *pb)
{
	const struct sastrace_sum_row *a = pa, *b = pb;
	const unsigned long long ka[] = {
		a->overflow, a->frame_fault, a->small, a->toctou, a->errors,
		a->onstack_unavailable,
	};
	const unsigned long long kb[] = {
		b->overflow, b->frame_fault, b->small, b->toctou, b->errors,
		b->onstack_unavailable,
	};
	size_t i;

	for (i = 0; i < sizeof(ka) / sizeof(ka[0]); i++)
		if (ka[i] != kb[i])
			return ka[i] > kb[i] ? -1 : 1;
	return a->pid < b->pid ? -1 : a->pid > b->pid;
}

/**
 * sastrace_summary_sort() - order the rows, most alarming first
 * @s: the summary
 *
 * By overflows, then frame faults, SMALL, TOCTOU, errors and
 * onstack_unavailable (more first), then by pid.
 */
void sastrace_summary_sort(struct sastrace_summary *s)
{
	if (s->n)
		qsort(s->rows, s->n, sizeof(*s->rows), row_cmp);
	/* The rows moved: the map is rebuilt by the next row_of(). */
	free(s->slots);
	s->slots = NULL;
	s->nslots = 0;
}

/**
 * sastrace_summary_total() - the totals row
 * @s:     the summary
 * @total: set to the sums (pid 0, no comm, no last size); free it with
 *         sastrace_sum_row_free()
 *
 * Return: 0, or -1 when out of memory (@total is then empty).
 */
int sastrace_summary_total(const struct sastrace_summary *s,
			   struct sastrace_sum_row *total)
{
	size_t i, j;

	memset(total, 0, sizeof(*total));
	for (i = 0; i < s->n; i++) {
		const struct sastrace_sum_row *r = &s->rows[i];

		total->set += r->set;
		total->disable += r->disable;
		total->query += r->query;
		total->errors += r->errors;
		for (j = 0; j < r->nerrnos; j++)
			add_errno(total, r->errnos[j].err, r->errnos[j].n);
		total->errors_other += r->errors_other;
		total->toctou += r->toctou;
		total->small += r->small;
		total->deliver += r->deliver;
		total->overflow += r->overflow;
		total->onstack_unavailable += r->onstack_unavailable;
		total->frame_fault += r->frame_fault;
		for (j = 0; j < r->nhv; j++) {
			if (add_hv(total, r->headrooms[j].v,
				   r->headrooms[j].n)) {
				sastrace_sum_row_free(total);
				memset(total, 0, sizeof(*total));
				return -1;
			}
		}
		for (j = 0; j < SASTRACE_SUM_BUCKETS; j++)
			total->hist[j] += r->hist[j];
	}
	return 0;
}

/**
 * sastrace_sum_median() - the least and the median headroom of a row
 * @r:      the row
 * @min:    set to the least headroom
 * @median: set to the lower median (of an even count, the smaller of the
 *          middle two): always a headroom that was seen
 *
 * Exact, from the counts of the distinct values.
 *
 * Return: 0, or -1 when the row has no delivery.
 */
int sastrace_sum_median(const struct sastrace_sum_row *r, __s64 *min,
			__s64 *median)
{
	unsigned long long at, seen = 0;
	size_t i;

	if (!r->nh)
		return -1;
	*min = r->headrooms[0].v;
	at = (r->nh - 1) / 2;	/* the index of the lower median */
	for (i = 0; i < r->nhv; i++) {
		seen += r->headrooms[i].n;
		if (seen > at)
			break;
	}
	*median = r->headrooms[i < r->nhv ? i : r->nhv - 1].v;
	return 0;
}

/*
 * The value of a "name value" line: digits only, right after the space
 * (no sign, no spaces: strtoull would take "-1" as 2^64 - 1). Return: 0,
 * or -1 when the value is not a decimal number ending the line.
 */
static int stat_value(const char *p, unsigned long long *v)
{
	char *end;

	if (*p < '0' || *p > '9')
		return -1;
	errno = 0;
	*v = strtoull(p, &end, 10);
	return !errno && (*end == '\n' || !*end) ? 0 : -1;
}

/* Counters of one stats reading: the totals, and per CPU. */
enum { ST_EVENTS, ST_DROPPED, ST_UNREAD, NR_ST };

/* A CPU beyond this is not believed (NR_CPUS is at most 8192 today). */
#define STATS_MAX_CPU	(1U << 20)

struct stats_reading {
	bool has[NR_ST], has_missed;
	unsigned long long v[NR_ST], missed;
	unsigned int ncpu;		/* per-CPU entries: highest listed + 1 */
	bool (*cpu_has)[NR_ST];
	unsigned long long (*cpu_v)[NR_ST];
};

static const char *const st_names[NR_ST] = { "events", "dropped", "unread" };

/* Which of the counters @name (up to @len) is; -1: none of them. */
static int st_index(const char *name, size_t len)
{
	int i;

	for (i = 0; i < NR_ST; i++)
		if (strlen(st_names[i]) == len && !memcmp(name, st_names[i], len))
			return i;
	return -1;
}

static void stats_reading_free(struct stats_reading *r)
{
	free(r->cpu_has);
	free(r->cpu_v);
}

/* Make room for cpu @cpu in @r. Return: 0, or -1 when out of memory. */
static int stats_reading_grow(struct stats_reading *r, unsigned int cpu)
{
	unsigned int n = r->ncpu, cap;
	void *a, *b;

	if (cpu < n)
		return 0;
	cap = cpu + 1;
	a = realloc(r->cpu_has, cap * sizeof(*r->cpu_has));
	if (!a)
		return -1;
	r->cpu_has = a;
	b = realloc(r->cpu_v, cap * sizeof(*r->cpu_v));
	if (!b)
		return -1;
	r->cpu_v = b;
	memset(r->cpu_has + n, 0, (cap - n) * sizeof(*r->cpu_has));
	memset(r->cpu_v + n, 0, (cap - n) * sizeof(*r->cpu_v));
	r->ncpu = cap;
	return 0;
}

/*
 * One pass over the lines of a stats text: events, dropped, unread and
 * missed, and cpu<N>.events, .dropped and .unread for any N. Lines that do
 * not parse are left out. Return: 0, or -1 when out of memory.
 */
static int stats_parse(const char *text, struct stats_reading *r)
{
	const char *p, *sp, *nl;

	memset(r, 0, sizeof(*r));
	for (p = text; p && *p; p = nl ? nl + 1 : NULL) {
		unsigned long long v;
		unsigned int cpu = 0;
		const char *name = p;
		int i;

		nl = strchr(p, '\n');
		sp = strchr(p, ' ');
		if (!sp || (nl && sp > nl) || stat_value(sp + 1, &v))
			continue;
		if (!strncmp(p, "cpu", 3) && p[3] >= '0' && p[3] <= '9') {
			const char *q = p + 3;

			/* No leading zeros: "cpu01" is not cpu1. */
			if (*q == '0' && q[1] != '.')
				continue;
			while (*q >= '0' && *q <= '9' && cpu < STATS_MAX_CPU)
				cpu = cpu * 10 + (unsigned int)(*q++ - '0');
			if (*q != '.' || cpu >= STATS_MAX_CPU)
				continue;
			name = q + 1;
			i = st_index(name, (size_t)(sp - name));
			if (i < 0)
				continue;
			if (stats_reading_grow(r, cpu))
				return -1;
			r->cpu_has[cpu][i] = true;
			r->cpu_v[cpu][i] = v;
			continue;
		}
		if (sp - name == 6 && !memcmp(name, "missed", 6)) {
			r->has_missed = true;
			r->missed = v;
			continue;
		}
		i = st_index(name, (size_t)(sp - name));
		if (i >= 0) {
			r->has[i] = true;
			r->v[i] = v;
		}
	}
	return 0;
}

static unsigned long long grown(unsigned long long from,
				unsigned long long to)
{
	return to > from ? to - from : 0;
}

/* Records read by anyone: events less dropped less unread (never < 0). */
static long long consumed(const unsigned long long *v)
{
	return (long long)(v[ST_EVENTS] - v[ST_DROPPED] - v[ST_UNREAD]);
}

/**
 * sastrace_sum_drops() - what was lost between two readings of `stats`
 * @start: the stats file's text when the summary began (NULL: unread)
 * @end:   its text when it ended (NULL: unread)
 * @d:     set to the growth of dropped (all CPUs and each cpu<N>.) and of
 *         missed, and to the records read by any reader meanwhile; free it
 *         with sastrace_sum_drops_free()
 *
 * When the end lists cpu<N>.dropped lines, @d->dropped is the sum of their
 * growths (the total line is read apart from them: the two can differ by
 * what came meanwhile). Records read by any reader (@d->consumed): the
 * growth of events less dropped less unread, per CPU when the CPUs list
 * them all, else from the totals; not known (@d->consumed_known false)
 * when either reading lacks one of them. @d->read and @d->old are the
 * caller's to set.
 *
 * Return: 0, or -1 when either reading lacks `dropped` (@d->known false)
 * or out of memory.
 */
int sastrace_sum_drops(const char *start, const char *end,
		       struct sastrace_sum_drops *d)
{
	struct stats_reading a = { 0 }, b = { 0 };
	bool per_cpu_all = false;
	long long got = 0;
	unsigned int cpu;
	int ret = -1, i;

	memset(d, 0, sizeof(*d));
	if (!start || !end || stats_parse(start, &a) || stats_parse(end, &b) ||
	    !a.has[ST_DROPPED] || !b.has[ST_DROPPED])
		goto out;
	d->dropped = grown(a.v[ST_DROPPED], b.v[ST_DROPPED]);
	if (a.has_missed && b.has_missed)
		d->missed = grown(a.missed, b.missed);
	/* The CPUs the end lists: cpu0 up to the last one with dropped. */
	for (cpu = b.ncpu; cpu-- > 0;)
		if (b.cpu_has[cpu][ST_DROPPED])
			break;
	d->ncpu = cpu + 1;	/* 0 when none (cpu wrapped to UINT_MAX) */
	if (d->ncpu) {
		d->per_cpu = calloc(d->ncpu, sizeof(*d->per_cpu));
		if (!d->per_cpu)
			goto out;
		d->dropped = 0;
		per_cpu_all = true;
	}
	for (cpu = 0; cpu < d->ncpu; cpu++) {
		unsigned long long from[NR_ST] = { 0 };

		if (!b.cpu_has[cpu][ST_DROPPED])
			continue;
		/* A CPU that came online meanwhile started from 0. */
		if (cpu < a.ncpu)
			for (i = 0; i < NR_ST; i++)
				if (a.cpu_has[cpu][i])
					from[i] = a.cpu_v[cpu][i];
		d->per_cpu[cpu] = grown(from[ST_DROPPED],
					b.cpu_v[cpu][ST_DROPPED]);
		d->dropped += d->per_cpu[cpu];
		if (!b.cpu_has[cpu][ST_EVENTS] || !b.cpu_has[cpu][ST_UNREAD] ||
		    (cpu < a.ncpu && a.cpu_has[cpu][ST_DROPPED] &&
		     (!a.cpu_has[cpu][ST_EVENTS] || !a.cpu_has[cpu][ST_UNREAD])))
			per_cpu_all = false;
		else
			got += consumed(b.cpu_v[cpu]) - consumed(from);
	}
	if (per_cpu_all) {
		d->consumed_known = true;
	} else if (a.has[ST_EVENTS] && a.has[ST_UNREAD] &&
		   b.has[ST_EVENTS] && b.has[ST_UNREAD]) {
		d->consumed_known = true;
		got = consumed(b.v) - consumed(a.v);
	}
	d->consumed = got > 0 ? (unsigned long long)got : 0;
	d->unread_known = b.has[ST_UNREAD];
	d->unread_end = b.v[ST_UNREAD];
	d->known = true;
	ret = 0;
out:
	stats_reading_free(&a);
	stats_reading_free(&b);
	return ret;
}

/**
 * sastrace_sum_taken() - records another reader took meanwhile
 * @d: the drops, with @d->read set
 *
 * Return: how many fewer records the summary read than were read in all
 * (0 when not known).
 */
unsigned long long sastrace_sum_taken(const struct sastrace_sum_drops *d)
{
	if (!d || !d->known || !d->consumed_known || d->consumed <= d->read)
		return 0;
	return d->consumed - d->read;
}

void sastrace_sum_drops_free(struct sastrace_sum_drops *d)
{
	free(d->per_cpu);
	memset(d, 0, sizeof(*d));
}

static const char *errno_label(char *buf, size_t size, int err)
{
	const char *name = sastrace_errno_name(err);

	if (name)
		return name;
	snprintf(buf, size, "errno%d", err);
	return buf;
}

/* The columns of the table, in order: header names and JSON keys alike. */
enum {
	COL_PID, COL_COMM, COL_SET, COL_DISABLE, COL_QUERY, COL_ERRORS,
	COL_TOCTOU, COL_SMALL, COL_DELIVER, COL_OVERFLOW, COL_UNAVAIL,
	COL_FAULT, COL_SIZE, COL_MIN, COL_MEDIAN, COL_ERRNOS, NR_COLS
};

static const char *const col_names[NR_COLS] = {
	"pid", "comm", "set", "disable", "query", "errors", "toctou", "small",
	"deliver", "overflow", "onstack_unavailable", "frame_fault",
	"last_size", "min_headroom", "median_headroom", "errnos",
};

/*
 * Longest cell: SASTRACE_SUM_ERRNOS (8) errnos' "NAME=N," and a comm escaped
 * (4 bytes a byte).
 */
#define CELL_MAX	512

typedef char cells_t[NR_COLS][CELL_MAX];

static void errnos_cell(char *buf, size_t size,
			const struct sastrace_sum_row *r)
{
	size_t len = 0;
	unsigned int i;
	char tmp[32];

	buf[0] = '\0';
	for (i = 0; i < r->nerrnos && len < size; i++)
		len += snprintf(buf + len, size - len, "%s%s=%llu",
				i ? "," : "",
				errno_label(tmp, sizeof(tmp), r->errnos[i].err),
				r->errnos[i].n);
	if (r->errors_other && len < size)
		snprintf(buf + len, size - len, "%sother=%llu", len ? "," : "",
			 r->errors_other);
	if (!buf[0])
		snprintf(buf, size, "-");
}

static void row_cells(cells_t c, const struct sastrace_sum_row *r,
		      bool total)
{
	__s64 min, median;
	int i;
	const unsigned long long nums[] = {
		[COL_SET] = r->set, [COL_DISABLE] = r->disable,
		[COL_QUERY] = r->query, [COL_ERRORS] = r->errors,
		[COL_TOCTOU] = r->toctou, [COL_SMALL] = r->small,
		[COL_DELIVER] = r->deliver, [COL_OVERFLOW] = r->overflow,
		[COL_UNAVAIL] = r->onstack_unavailable,
		[COL_FAULT] = r->frame_fault,
	};

	if (total) {
		snprintf(c[COL_PID], CELL_MAX, "total");
		snprintf(c[COL_COMM], CELL_MAX, "-");
	} else {
		snprintf(c[COL_PID], CELL_MAX, "%u", r->pid);
		sastrace_format_comm(c[COL_COMM], CELL_MAX, r->comm);
		if (!c[COL_COMM][0])
			snprintf(c[COL_COMM], CELL_MAX, "-");
	}
	for (i = COL_SET; i <= COL_FAULT; i++)
		snprintf(c[i], CELL_MAX, "%llu", nums[i]);
	if (r->has_size)
		snprintf(c[COL_SIZE], CELL_MAX, "%llu",
			 (unsigned long long)r->last_size);
	else
		snprintf(c[COL_SIZE], CELL_MAX, "-");
	if (!sastrace_sum_median(r, &min, &median)) {
		snprintf(c[COL_MIN], CELL_MAX, "%lld", (long long)min);
		snprintf(c[COL_MEDIAN], CELL_MAX, "%lld", (long long)median);
	} else {
		snprintf(c[COL_MIN], CELL_MAX, "-");
		snprintf(c[COL_MEDIAN], CELL_MAX, "-");
	}
	errnos_cell(c[COL_ERRNOS], CELL_MAX, r);
}

/*
 * Left-aligned: pid (the total's is "total"), comm, and errnos (the last,
 * not padded); the counts right-aligned.
 */
static void print_cells(FILE *f, cells_t c, const size_t *w)
{
	int i;

	for (i = 0; i < NR_COLS; i++) {
		const char *sep = i ? "  " : "";

		if (i == COL_ERRNOS)
			fprintf(f, "%s%s\n", sep, c[i]);
		else if (i == COL_COMM || i == COL_PID)
			fprintf(f, "%s%-*s", sep, (int)w[i], c[i]);
		else
			fprintf(f, "%s%*s", sep, (int)w[i], c[i]);
	}
}

static void print_hist(FILE *f, const struct sastrace_sum_row *r,
		       unsigned int width)
{
	unsigned long long max = 0;
	unsigned int b, lo = SASTRACE_SUM_BUCKETS, hi = 0, bar, i, at;
	char label[32], comm[CELL_MAX];

	for (b = 0; b < SASTRACE_SUM_BUCKETS; b++) {
		if (!r->hist[b])
			continue;
		if (lo == SASTRACE_SUM_BUCKETS)
			lo = b;
		hi = b;
		if (r->hist[b] > max)
			max = r->hist[b];
	}
	if (!max)
		return;
	bar = width > BAR_OVERHEAD + BAR_MIN ? width - BAR_OVERHEAD : BAR_MIN;
	sastrace_format_comm(comm, sizeof(comm), r->comm);
	fprintf(f, "\n@headroom[%u, %s]:\n", r->pid, comm);
	for (b = lo; b <= hi; b++) {
		sastrace_sum_bucket_label(label, sizeof(label), b);
		/* The count times bar / max, without overflowing. */
		at = (unsigned int)((long double)r->hist[b] * bar / max);
		fprintf(f, "%-16s%8llu |", label, r->hist[b]);
		for (i = 0; i < bar; i++)
			fputc(i < at ? '@' : ' ', f);
		fputs("|\n", f);
	}
}

static void print_drops(FILE *f, const struct sastrace_summary *s,
			const struct sastrace_sum_drops *d)
{
	unsigned long long taken = sastrace_sum_taken(d);
	unsigned long long left = d ? d->left : 0;
	unsigned int cpu;
	bool first = true;

	if (s->old)
		fprintf(f, "old: %llu records from before the start were left out\n",
			s->old);
	if (!d || !d->known) {
		fputs("drops: unknown (the module's stats could not be read): the counts above may be lower bounds\n",
		      f);
		return;
	}
	if (!d->dropped && !d->missed && !taken && !left) {
		fputs("drops: none: every record was counted\n", f);
		return;
	}
	fputs("drops:", f);
	if (d->dropped || d->missed) {
		fprintf(f, " the kernel dropped %llu records", d->dropped);
		for (cpu = 0; cpu < d->ncpu; cpu++) {
			if (!d->per_cpu[cpu])
				continue;
			fprintf(f, "%scpu%u %llu", first ? " (" : ", ", cpu,
				d->per_cpu[cpu]);
			first = false;
		}
		fputs(first ? "" : ")", f);
		/* "and missed 0 calls" says nothing: left out. */
		if (d->missed)
			fprintf(f, " and missed %llu calls", d->missed);
		first = false;
	}
	if (taken) {
		fprintf(f, "%s %llu records were taken by another reader",
			first ? "" : ";", taken);
		first = false;
	}
	if (left)
		fprintf(f, "%s %llu records were left unread at the end",
			first ? "" : ";", left);
	fputs(": the counts above are lower bounds\n", f);
}

/**
 * sastrace_summary_print() - the summary as text
 * @f:     where to
 * @s:     the summary: sorted here
 * @d:     the drops (NULL or not known: said so)
 * @width: the terminal's columns, for the bars (80 when not a terminal)
 *
 * A table with a row per process and a totals row ("total"), columns
 * aligned, "-" for what is not known; a line on the drops; then, for every
 * process with deliveries, its headroom histogram as bpftrace's hist()
 * prints one ("@headroom[PID, COMM]:", buckets from the lowest to the
 * highest used, bars of '@' scaled to the largest count).
 *
 * Return: 0, or -1 when out of memory.
 */
int sastrace_summary_print(FILE *f, struct sastrace_summary *s,
			   const struct sastrace_sum_drops *d,
			   unsigned int width)
{
	struct sastrace_sum_row total;
	size_t w[NR_COLS], i;
	cells_t *cells;
	int col;

	sastrace_summary_sort(s);
	if (sastrace_summary_total(s, &total))
		return -1;
	/*
	 * Two passes over one row's cells (8 KiB), not a row of cells per
	 * process: the widths from the header, every row and the total,
	 * then each row rendered again and printed.
	 */
	cells = malloc(sizeof(*cells));
	if (!cells) {
		sastrace_sum_row_free(&total);
		return -1;
	}
	for (col = 0; col < NR_COLS; col++)
		w[col] = strlen(col_names[col]);
	for (i = 0; i <= s->n; i++) {
		if (i < s->n)
			row_cells(*cells, &s->rows[i], false);
		else
			row_cells(*cells, &total, true);
		for (col = 0; col < NR_COLS; col++)
			if (strlen((*cells)[col]) > w[col])
				w[col] = strlen((*cells)[col]);
	}
	for (col = 0; col < NR_COLS; col++)
		snprintf((*cells)[col], CELL_MAX, "%s", col_names[col]);
	print_cells(f, *cells, w);
	for (i = 0; i <= s->n; i++) {
		if (i < s->n)
			row_cells(*cells, &s->rows[i], false);
		else
			row_cells(*cells, &total, true);
		print_cells(f, *cells, w);
	}
	free(cells);
	sastrace_sum_row_free(&total);

	print_drops(f, s, d);
	for (i = 0; i < s->n; i++)
		print_hist(f, &s->rows[i], width ? width : 80);
	return 0;
}

static void json_hist(FILE *f, const struct sastrace_sum_row *r)
{
	unsigned int b;
	bool first = true;

	fputs("\"histogram\":[", f);
	for (b = 0; b < SASTRACE_SUM_BUCKETS; b++) {
		if (!r->hist[b])
			continue;
		fputs(first ? "" : ",", f);
		first = false;
		if (b == 0)
			fputs("{\"min\":null,\"max\":-1", f);
		else if (b < 3)
			fprintf(f, "{\"min\":%u,\"max\":%u", b - 1, b - 1);
		else
			fprintf(f, "{\"min\":%llu,\"max\":%llu",
				1ULL << (b - 2), (1ULL << (b - 1)) - 1);
		fprintf(f, ",\"count\":%llu}", r->hist[b]);
	}
	fputc(']', f);
}

static void json_row(FILE *f, const struct sastrace_sum_row *r, bool total)
{
	char comm[CELL_MAX], tmp[32];
	__s64 min, median;
	unsigned int i;

	if (total) {
		fputs("{\"pid\":null,\"comm\":null", f);
	} else {
		sastrace_json_comm(comm, sizeof(comm), r->comm);
		fprintf(f, "{\"pid\":%u,\"comm\":%s", r->pid, comm);
	}
	fprintf(f, ",\"set\":%llu,\"disable\":%llu,\"query\":%llu,\"errors\":%llu,\"errnos\":{",
		r->set, r->disable, r->query, r->errors);
	for (i = 0; i < r->nerrnos; i++)
		fprintf(f, "%s\"%s\":%llu", i ? "," : "",
			errno_label(tmp, sizeof(tmp), r->errnos[i].err),
			r->errnos[i].n);
	if (r->errors_other)
		fprintf(f, "%s\"other\":%llu", i ? "," : "", r->errors_other);
	fprintf(f, "},\"toctou\":%llu,\"small\":%llu,\"deliver\":%llu,\"overflow\":%llu,\"onstack_unavailable\":%llu,\"frame_fault\":%llu,",
		r->toctou, r->small, r->deliver, r->overflow,
		r->onstack_unavailable, r->frame_fault);
	if (r->has_size)
		fprintf(f, "\"last_size\":%llu,",
			(unsigned long long)r->last_size);
	else
		fputs("\"last_size\":null,", f);
	if (!sastrace_sum_median(r, &min, &median))
		fprintf(f, "\"min_headroom\":%lld,\"median_headroom\":%lld,",
			(long long)min, (long long)median);
	else
		fputs("\"min_headroom\":null,\"median_headroom\":null,", f);
	json_hist(f, r);
	fputc('}', f);
}

/**
 * sastrace_summary_json() - the summary as one JSON document
 * @f:       where to
 * @s:       the summary: sorted here
 * @d:       the drops (NULL or not known: "known":false)
 *
 * {"processes":[ROW,...],"total":ROW,"drops":DROPS} and a newline; rows in
 * the table's order. ROW: {"pid":N,"comm":"..","set":N,"disable":N,
 * "query":N,"errors":N,"errnos":{"EINVAL":N,..[,"other":N]},"toctou":N,
 * "small":N,"deliver":N,"overflow":N,"onstack_unavailable":N,
 * "frame_fault":N,"last_size":N|null,"min_headroom":N|null,
 * "median_headroom":N|null,"histogram":[{"min":N|null,"max":N,"count":N}..]}
 * (the total's pid and comm are null; its last_size too); the histogram
 * holds the used buckets only, max inclusive, the negative bucket's min
 * null. DROPS: {"known":B,"dropped":N,"per_cpu":[N,..],"missed":N,
 * "taken":N|null,"left":N,"old":N,"lower_bounds":B}: taken, the records
 * another reader took meanwhile (null when stats cannot tell); left, those
 * left in the rings at the end; old, those from before the start, left out.
 *
 * Return: 0, or -1 when out of memory.
 */
int sastrace_summary_json(FILE *f, struct sastrace_summary *s,
			  const struct sastrace_sum_drops *d)
{
	struct sastrace_sum_row total;
	unsigned int cpu;
	size_t i;

	sastrace_summary_sort(s);
	if (sastrace_summary_total(s, &total))
		return -1;
	fputs("{\"processes\":[", f);
	for (i = 0; i < s->n; i++) {
		fputs(i ? "," : "", f);
		json_row(f, &s->rows[i], false);
	}
	fputs("],\"total\":", f);
	json_row(f, &total, true);
	sastrace_sum_row_free(&total);
	if (!d || !d->known) {
		fprintf(f, ",\"drops\":{\"known\":false,\"dropped\":null,\"per_cpu\":[],\"missed\":null,\"taken\":null,\"left\":%llu,\"old\":%llu,\"lower_bounds\":true}}\n",
			d ? d->left : 0, s->old);
		return 0;
	}
	fprintf(f, ",\"drops\":{\"known\":true,\"dropped\":%llu,\"per_cpu\":[",
		d->dropped);
	for (cpu = 0; cpu < d->ncpu; cpu++)
		fprintf(f, "%s%llu", cpu ? "," : "", d->per_cpu[cpu]);
	fprintf(f, "],\"missed\":%llu,\"taken\":", d->missed);
	if (d->consumed_known)
		fprintf(f, "%llu", sastrace_sum_taken(d));
	else
		fputs("null", f);
	fprintf(f, ",\"left\":%llu,\"old\":%llu,\"lower_bounds\":%s}}\n",
		d->left, s->old,
		d->dropped || d->missed || sastrace_sum_taken(d) || d->left ?
		"true" : "false");
	return 0;
}
