// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target: the raw record stream, as `sastrace trace` takes it from
 * per_cpu/cpu<N>/raw (userspace/records.c: sastrace_cpu_read(), which
 * splits what read() returns into records, checks magic, version, size and
 * kind, skips kinds it does not know, and keeps a partial tail), then the
 * merge by timestamp
 * (sastrace_batch_sort()) and both printers (module/format.c's text,
 * userspace/json.c's JSON) on every record the reader accepted.
 *
 * Input: 3 control bytes, then the bytes of two CPUs' streams:
 *   [0] chunk size selector: each round writes that many bytes of each
 *       stream into a non-blocking pipe before the reader reads it (0: all)
 *   [1] the reader's per-call record budget (its "max"), 0: 4096
 *   [2] where the rest splits into cpu0's and cpu1's bytes (x/255)
 *
 * Oracles: ASan/UBSan; no progress; what each CPU's stream gives is what
 * a model of the format says: record after record, each stepped over by
 * its own size, a bad header (magic, a version other than 4 and this one,
 * a size below its version's header (48 bytes in version 4), larger than
 * SASTRACE_REC_SIZE_MAX or not a multiple of 8) or a known kind's payload
 * shorter than its first version's ends
 * the stream with an error, a kind the reader does not know is skipped, an
 * incomplete last record is left; the records handed out are exactly the
 * known ones (the payload prefix the reader knows, zero after it, in
 * order; a version 4 record's 48-byte header then 16 zero bytes, its
 * payload after them) and an error comes exactly when the model has one; a record
 * handed out that the checks refuse;
 * more records from one call than asked for and one buffer hold;
 * the merge out of order; a text or JSON line longer than the header's
 * maximum, not one line, or (JSON) not valid JSON; a write past a small
 * output buffer.
 */
#define _GNU_SOURCE	/* memfd_create(), pipe2() */
#include <errno.h>
#include <fcntl.h>
#include "fuzz.h"
#include "format.h"
#include "json.h"
#include "records.h"

#define NCPU	2

struct stream {
	struct sastrace_cpu *c;
	int wfd;
	const uint8_t *data;
	size_t size, off;
	size_t *offs;	/* the model: where each whole good record starts */
	size_t nok;	/* how many */
	bool bad;	/* a bad header follows them */
	size_t got;	/* records the reader handed out */
};

/* The format, independently of records.c: see the comment above. */
static void model(struct stream *st)
{
	const uint8_t *d = st->data;
	size_t off = 0;

	st->offs = malloc((st->size / sizeof(struct sastrace_header) + 1) *
			  sizeof(size_t));
	if (!st->offs)
		abort();
	st->nok = 0;
	st->bad = false;
	while (st->size - off >= 8) {
		const struct sastrace_kind_desc *k;
		uint32_t magic;
		uint16_t version, rsize, kind;

		size_t hdr;

		memcpy(&magic, d + off, 4);
		memcpy(&version, d + off + 4, 2);
		memcpy(&rsize, d + off + 6, 2);
		hdr = version == 4 ? 48 : sizeof(struct sastrace_header);
		if (magic != SASTRACE_MAGIC ||
		    (version != SASTRACE_VERSION && version != 4) ||
		    rsize < hdr || rsize > SASTRACE_REC_SIZE_MAX || rsize % 8) {
			st->bad = true;
			return;
		}
		if (st->size - off < rsize)
			return;
		memcpy(&kind, d + off + offsetof(struct sastrace_header, kind),
		       2);
		k = sastrace_kind_find(kind);
		if (k && rsize - hdr < k->min_payload) {
			st->bad = true;
			return;
		}
		if (k)
			st->offs[st->nok++] = off;
		off += rsize;
	}
}

/* The records one call added are the model's next ones. */
static void check_got(struct stream *st, unsigned int cpu,
		      const struct sastrace_batch *b, size_t from)
{
	static const struct sastrace_any zero;
	size_t k;

	for (k = from; k < b->n; k++, st->got++) {
		struct sastrace_any want;
		const uint8_t *rec;
		const struct sastrace_kind_desc *d;
		size_t len, hdr;
		uint16_t rsize, version;

		if (st->got >= st->nok)
			fuzz_fail("cpu%u: record %zu handed out, the stream has %zu",
				  cpu, st->got + 1, st->nok);
		rec = st->data + st->offs[st->got];
		memcpy(&version, rec + 4, 2);
		memcpy(&rsize, rec + 6, 2);
		d = sastrace_kind_find(b->recs[k].h.kind);
		if (!d)
			fuzz_fail("cpu%u: a record of unknown kind %u handed out",
				  cpu, b->recs[k].h.kind);
		/* The header of its version, then the payload prefix known. */
		hdr = version == 4 ? 48 : sizeof(struct sastrace_header);
		len = rsize - hdr < d->payload_size ? rsize - hdr :
						       d->payload_size;
		want = zero;
		memcpy(&want.h, rec, hdr);
		memcpy(want.payload, rec + hdr, len);
		if (memcmp(&b->recs[k], &want, sizeof(want)))
			fuzz_fail("cpu%u: record %zu is not the bytes at %zu",
				  cpu, st->got, st->offs[st->got]);
	}
}

static void check_line(const char *what, const char *line, int ret,
		       size_t max, bool json)
{
	if (ret < 0 || (size_t)ret >= max)
		fuzz_fail("%s: length %d, the header promises < %zu", what, ret,
			  max);
	if (strlen(line) != (size_t)ret)
		fuzz_fail("%s: returned %d but wrote %zu bytes", what, ret,
			  strlen(line));
	if (!ret || line[ret - 1] != '\n' || strchr(line, '\n') != line + ret - 1)
		fuzz_fail("%s: not exactly one line: '%s'", what, line);
	if (json && !json_line_ok(line))
		fuzz_fail("%s: not one JSON object: %s", what, line);
}

/* Print into an exact-size buffer smaller than the line: no overrun. */
static void check_truncated(const struct sastrace_header *r, size_t len,
			    bool json)
{
	char *small = malloc(len ? len : 1);
	int ret;

	if (!small)
		abort();
	ret = json ? sastrace_json_record(small, len, r) :
		     sastrace_text_record(small, len, r);
	if (len && strlen(small) >= len)
		fuzz_fail("truncated %s output is not terminated",
			  json ? "JSON" : "text");
	if (ret < (int)len - 1 && len)
		fuzz_fail("truncated output: ret %d < size %zu", ret, len);
	free(small);
}

/*
 * The reader's cgroup names, made up from the id: none, the root, a plain
 * path, one of 255 bytes that need escaping (the longest printed), one
 * longer (its id printed instead).
 */
static const char *fake_cgroup(__u64 id)
{
	static char odd[257];

	if (!odd[0]) {
		memset(odd, '\x01', 256);
		odd[0] = '/';
		odd[128] = '"';
		odd[129] = '\\';
	}
	switch (id % 5) {
	case 0:
		return NULL;
	case 1:
		return "/";
	case 2:
		return "/system.slice/a b.service";
	case 3:
		odd[255] = '\0';
		return odd;
	default:
		odd[255] = '\x01';
		return odd;
	}
}

static void print_all(struct sastrace_batch *b, unsigned int sel)
{
	static char text[SASTRACE_TEXT_MAX], json[SASTRACE_JSON_MAX];
	size_t i;
	int ret;

	if (sastrace_batch_sort(b))
		abort();
	for (i = 0; i < b->n; i++) {
		const struct sastrace_header *r = &b->order[i]->h;
		const struct sastrace_kind_desc *k;
		char msg[256];

		if (i && b->order[i - 1]->h.ts_ns > r->ts_ns)
			fuzz_fail("merge out of order at %zu", i);
		if (sastrace_record_check(r, r->cpu, msg, sizeof(msg)) ||
		    sastrace_record_kind_check(r, r->cpu, &k, msg,
					       sizeof(msg)) != 1)
			fuzz_fail("a record the reader refuses was queued: %s",
				  msg);
		ret = sastrace_format_record(text, sizeof(text), r);
		check_line("text", text, ret, SASTRACE_LINE_MAX, false);
		ret = sastrace_text_record(text, sizeof(text), r);
		check_line("reader text", text, ret, sizeof(text), false);
		if (sel)
			check_truncated(r, sel % (ret + 1), false);
		ret = sastrace_json_record(json, sizeof(json), r);
		check_line("json", json, ret, sizeof(json), true);
		if (sel)
			check_truncated(r, sel % (ret + 1), true);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char zero_path[PATH_MAX];
	struct stream s[NCPU];
	struct sastrace_batch b;
	size_t chunk, max, split, rounds = 0, limit;
	bool open_any, failed = false;
	unsigned int i, sel;

	if (size < 3)
		return 0;
	sel = data[0] ^ data[1];
	chunk = data[0] ? data[0] * 37u : size;
	max = data[1] ? data[1] : 4096;
	split = (size - 3) * data[2] / 255;
	data += 3;
	size -= 3;
	limit = 2 * size + 16;

	for (i = 0; i < NCPU; i++) {
		int p[2];

		if (pipe2(p, O_NONBLOCK | O_CLOEXEC))
			abort();
		s[i].c = calloc(1, sizeof(*s[i].c));
		if (!s[i].c)
			abort();
		s[i].c->cpu = i;
		/* As sastrace_cpus_open() sets a CPU's file up. */
		s[i].c->cap = SASTRACE_READ_RECS * sastrace_kind_max_size();
		if (s[i].c->cap < SASTRACE_REC_SIZE_MAX)
			s[i].c->cap = SASTRACE_REC_SIZE_MAX;
		s[i].c->buf = malloc(s[i].c->cap);
		if (!s[i].c->buf)
			abort();
		s[i].c->fd = p[0];
		s[i].wfd = p[1];
		s[i].data = i ? data + split : data;
		s[i].size = i ? size - split : split;
		s[i].off = 0;
		s[i].got = 0;
		model(&s[i]);
	}
	sastrace_cgroup_name = fake_cgroup;
	sastrace_batch_init(&b);
	do {
		if (++rounds > limit)
			fuzz_fail("the reader makes no progress (%zu rounds)",
				  rounds);
		b.n = 0;
		open_any = false;
		for (i = 0; i < NCPU; i++) {
			struct stream *st = &s[i];
			size_t from = b.n;
			int ret;

			if (st->off < st->size) {
				size_t n = st->size - st->off;
				ssize_t w;

				w = write(st->wfd, st->data + st->off,
					  n < chunk ? n : chunk);
				if (w > 0)
					st->off += w;
				else if (errno != EAGAIN)
					abort();
			} else if (st->wfd >= 0) {
				close(st->wfd);
				st->wfd = -1;
			}
			if (st->c->fd < 0)
				continue;
			ret = sastrace_cpu_read(st->c, &b, max);
			check_got(st, i, &b, from);
			if (st->c->len > st->c->cap)
				fuzz_fail("partial tail of %zu bytes in %zu",
					  st->c->len, st->c->cap);
			if (memcmp(st->c->path, zero_path, sizeof(zero_path)))
				fuzz_fail("the reader wrote into path");
			if (ret == SASTRACE_READ_ERROR) {
				failed = true;
				if (!st->bad || st->got != st->nok)
					fuzz_fail("cpu%u: an error after %zu records; the stream has %zu good ones%s",
						  i, st->got, st->nok,
						  st->bad ? ", then a bad one" :
							    " and no bad one");
			} else if (ret < 0) {
				fuzz_fail("GONE from a plain pipe");
			} else if ((size_t)ret > max + st->c->cap /
				   sizeof(struct sastrace_header)) {
				fuzz_fail("read %d records, asked for %zu",
					  ret, max);
			}
			if (failed || (ret == 0 && st->wfd < 0)) {
				/* Refused, or at EOF: this CPU is done. */
				close(st->c->fd);
				st->c->fd = -1;
			} else {
				open_any = true;
			}
		}
		print_all(&b, sel);
	} while (open_any && !failed);

	/* All read to the end: all good records, and no bad one. */
	for (i = 0; i < NCPU && !failed; i++)
		if (s[i].bad || s[i].got != s[i].nok)
			fuzz_fail("cpu%u: %zu records, no error; the stream has %zu good ones%s",
				  i, s[i].got, s[i].nok,
				  s[i].bad ? ", then a bad one" : "");

	for (i = 0; i < NCPU; i++) {
		if (s[i].wfd >= 0)
			close(s[i].wfd);
		if (s[i].c->fd >= 0)
			close(s[i].c->fd);
		free(s[i].c->buf);
		free(s[i].c);
		free(s[i].offs);
	}
	sastrace_batch_free(&b);
	return 0;
}
