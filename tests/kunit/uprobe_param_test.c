// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for the uprobes= parameter parser (module/uprobe_hooks.c,
 * compiled in unchanged): parse_value() fed adversarial and random values
 * with exact expected outcomes.
 *
 * The grammar (README, "The uprobe hook"): PATH:OFFSET[,PATH:OFFSET...],
 * white space around the value and around each entry ignored; PATH starts
 * with '/' (the last ':' ends it); OFFSET is 0x-hex or decimal, at most
 * LLONG_MAX; at most 8 entries; an empty entry (",," or a ',' at either
 * end) is refused. Every refusal is -EINVAL and leaves the set empty.
 * With lookups, PATH must name a regular file (symlinks followed), OFFSET
 * must be inside it, and no location may come twice.
 *
 * Lookups use files of the KUnit initramfs (tests/lib/initramfs.sh):
 * /etc/passwd, /bin/busybox, /bin/sh -> busybox, /tmp, /dev/null.
 */
/* First: it defines pr_fmt before any printk.h. */
#include "../../module/uprobe_hooks.c"
#include <kunit/test.h>

/* parse_value() on a fresh set; the set must be empty after a refusal. */
static int parse(struct kunit *test, const char *val, bool lookup,
		 struct target_set *s)
{
	int ret;

	memset(s, 0, sizeof(*s));
	ret = parse_value(val, lookup, s);
	if (ret || !lookup)
		KUNIT_EXPECT_EQ_MSG(test, 0U, s->n, "'%s' left %u targets",
				    val, s->n);
	return ret;
}

static void expect_syntax(struct kunit *test, const char *val, int want)
{
	struct target_set s;

	KUNIT_EXPECT_EQ_MSG(test, want, parse(test, val, false, &s),
			    "value '%s'", val);
}

static const struct {
	const char *val;
	int ret;
} syntax_cases[] = {
	/* Nothing at all: no targets (an echo'd empty line, too). */
	{ "", 0 },
	{ "   ", 0 },
	{ "\n", 0 },
	{ "\t \n", 0 },
	/* Plain entries, hex and decimal. */
	{ "/a:0", 0 },
	{ "/a:1", 0 },
	{ "/a:0x0", 0 },
	{ "/a:0x1f", 0 },
	{ "/a:0X1F", 0 },
	{ "/a:0xabcdef", 0 },
	{ "/a:010", 0 },		/* decimal 10, not octal */
	{ "/:1", 0 },			/* syntax only: "/" is a path */
	{ "/a:b:1", 0 },		/* the last ':' ends PATH */
	{ "/a b:1", 0 },		/* a space inside PATH */
	{ "/a:1,/b:2", 0 },
	{ "  /a:1 ,\t/b:2\n", 0 },
	{ "/lib/x86_64-linux-gnu/libc.so.6:0x3c810", 0 },
	/* Offsets at and past the limits. */
	{ "/a:9223372036854775807", 0 },		/* LLONG_MAX */
	{ "/a:0x7fffffffffffffff", 0 },
	{ "/a:9223372036854775808", -EINVAL },		/* LLONG_MAX + 1 */
	{ "/a:0x8000000000000000", -EINVAL },
	{ "/a:18446744073709551615", -EINVAL },		/* ULLONG_MAX */
	{ "/a:0xffffffffffffffff", -EINVAL },
	{ "/a:18446744073709551616", -EINVAL },		/* ULLONG_MAX + 1 */
	{ "/a:0x10000000000000000", -EINVAL },
	{ "/a:99999999999999999999999999999999", -EINVAL },
	/* Bad offsets. */
	{ "/a:", -EINVAL },		/* a trailing ':' */
	{ "/a:1:", -EINVAL },
	{ "/a:0x", -EINVAL },
	{ "/a:x1", -EINVAL },
	{ "/a:-1", -EINVAL },
	{ "/a:1 2", -EINVAL },
	{ "/a:1a", -EINVAL },
	{ "/a:0x1g", -EINVAL },
	{ "/a:0b1", -EINVAL },
	{ "/a:1.5", -EINVAL },
	{ "/a:+5", -EINVAL },		/* kstrtoull() alone takes a '+' */
	{ "/a:0x+5", -EINVAL },
	{ "/a:0x0x10", -EINVAL },	/* ... and a second "0x" */
	{ "/a: 1", -EINVAL },		/* a space before the offset... */
	{ "/a :1", 0 },			/* ...but after PATH, it is PATH's */
	/* Bad paths and shapes. */
	{ "a:1", -EINVAL },		/* no leading '/' */
	{ "./a:1", -EINVAL },
	{ ":1", -EINVAL },
	{ "/a", -EINVAL },		/* no ':' */
	{ "1", -EINVAL },
	{ ":", -EINVAL },
	{ "/", -EINVAL },
	{ "uprobes=/a:1", -EINVAL },
	/* Empty entries. */
	{ ",", -EINVAL },
	{ ",/a:1", -EINVAL },
	{ "/a:1,,/b:2", -EINVAL },
	{ "/a:1, ,/b:2", -EINVAL },
	/* (a trailing ',': uprobe_param_trailing_comma) */
	/* 8 entries are allowed, 9 are not. */
	{ "/a:1,/a:2,/a:3,/a:4,/a:5,/a:6,/a:7,/a:8", 0 },
	{ "/a:1,/a:2,/a:3,/a:4,/a:5,/a:6,/a:7,/a:8,/a:9", -EINVAL },
	{ "/a:1,/a:1,/a:1,/a:1,/a:1,/a:1,/a:1,/a:1,/a:1,/a:1", -EINVAL },
	/* A bad 8th entry after seven good ones. */
	{ "/a:1,/a:2,/a:3,/a:4,/a:5,/a:6,/a:7,a:8", -EINVAL },
};

static void uprobe_param_syntax(struct kunit *test)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(syntax_cases); i++)
		expect_syntax(test, syntax_cases[i].val, syntax_cases[i].ret);
}

/* Values of PAGE_SIZE and more: a sysfs write gets at most PAGE_SIZE - 1. */
static void uprobe_param_lengths(struct kunit *test)
{
	size_t lens[] = { PAGE_SIZE - 3, PAGE_SIZE - 2, PAGE_SIZE,
			  PAGE_SIZE + 1, 4 * PAGE_SIZE };
	struct target_set s;
	char *buf;
	size_t i, n;

	buf = kunit_kzalloc(test, 4 * PAGE_SIZE + 64, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	for (i = 0; i < ARRAY_SIZE(lens); i++) {
		/* One entry whose PATH is lens[i] bytes: fine for syntax. */
		buf[0] = '/';
		memset(buf + 1, 'p', lens[i] - 1);
		strcpy(buf + lens[i], ":0x10");
		KUNIT_EXPECT_EQ_MSG(test, 0, parse(test, buf, false, &s),
				    "a %zu-byte path", lens[i]);
		/* Too long to look up: refused, nothing kept. */
		KUNIT_EXPECT_EQ_MSG(test, -EINVAL, parse(test, buf, true, &s),
				    "looking up a %zu-byte path", lens[i]);
		/* The same, with a trailing ':' only. */
		strcpy(buf + lens[i], ":");
		KUNIT_EXPECT_EQ(test, -EINVAL, parse(test, buf, false, &s));
		/* An offset of lens[i] digits: far past LLONG_MAX. */
		strcpy(buf, "/a:");
		memset(buf + 3, '9', lens[i]);
		buf[3 + lens[i]] = '\0';
		KUNIT_EXPECT_EQ(test, -EINVAL, parse(test, buf, false, &s));
		/* Leading zeros are fine, however many. */
		memset(buf + 3, '0', lens[i] - 1);
		KUNIT_EXPECT_EQ_MSG(test, 0, parse(test, buf, false, &s),
				    "%zu zeros then 9", lens[i] - 1);
	}
	/* Entries up to and past PAGE_SIZE: "/a:1," repeated. */
	for (n = 1; n <= 2 * PAGE_SIZE / 5; n = n < 12 ? n + 1 : n * 2) {
		for (i = 0; i < n; i++)
			memcpy(buf + 5 * i, "/a:1,", 5);
		buf[5 * n - 1] = '\0';
		KUNIT_EXPECT_EQ_MSG(test, n <= MAX_TARGETS ? 0 : -EINVAL,
				    parse(test, buf, false, &s), "%zu entries",
				    n);
	}
	/* Only separators and white space. */
	memset(buf, ',', PAGE_SIZE);
	buf[PAGE_SIZE] = '\0';
	KUNIT_EXPECT_EQ(test, -EINVAL, parse(test, buf, false, &s));
	memset(buf, ' ', PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, 0, parse(test, buf, false, &s));
	memset(buf, ':', PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, -EINVAL, parse(test, buf, false, &s));
}

/* ---- random values from good and bad parts, judged by a model ---- */

struct part {
	const char *text;
	bool ok;
};

static const struct part paths[] = {
	{ "/a", true }, { "/", true }, { "/x/y/z.so.6", true },
	{ "/a:b", true }, { "/a b", true }, { "/a\tb", true },
	{ "a", false }, { "", false }, { "./a", false }, { "0x1", false },
};

static const struct part offsets[] = {
	{ "0", true }, { "1", true }, { "0x10", true }, { "0XfF", true },
	{ "4096", true }, { "00000000000000000000001", true },
	{ "9223372036854775807", true }, { "0x7fffffffffffffff", true },
	{ "9223372036854775808", false }, { "0x8000000000000000", false },
	{ "18446744073709551615", false }, { "0xffffffffffffffff", false },
	{ "18446744073709551616", false }, { "0x10000000000000000", false },
	{ "", false }, { "0x", false }, { "-1", false }, { "1 1", false },
	{ "x", false }, { "0x1g", false }, { "1:", false }, { "1/", false },
	{ "+1", false }, { "0x0x1", false },
};

static const char * const spaces[] = { "", "", "", " ", "\t", " \n " };

static u64 rnd_state = 0x5a57ace5eedULL;

/* xorshift64: the same sequence on every kernel and every run. */
static u32 rnd(u32 n)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return (u32)(rnd_state >> 32) % n;
}

#define RANDOM_VALUES	400

static void uprobe_param_random(struct kunit *test)
{
	char *buf = kunit_kzalloc(test, 2048, GFP_KERNEL);
	unsigned int v, bad_reported = 0, mismatches = 0;
	struct target_set s;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	for (v = 0; v < RANDOM_VALUES; v++) {
		unsigned int n = rnd(12), i, entries = 0;
		bool ok = true, empty_entry = false;
		size_t len = 0;
		int want, got;

		len += scnprintf(buf + len, 2048 - len, "%s",
				 spaces[rnd(ARRAY_SIZE(spaces))]);
		if (!rnd(16)) {		/* a leading ',' */
			len += scnprintf(buf + len, 2048 - len, ",");
			empty_entry = true;
		}
		for (i = 0; i < n; i++) {
			const struct part *p = &paths[rnd(ARRAY_SIZE(paths))];
			const struct part *o =
				&offsets[rnd(ARRAY_SIZE(offsets))];
			/* Not the last: that would be a trailing ','. */
			bool empty = i + 1 < n && !rnd(20);

			if (i)
				len += scnprintf(buf + len, 2048 - len, ",");
			len += scnprintf(buf + len, 2048 - len, "%s",
					 spaces[rnd(ARRAY_SIZE(spaces))]);
			if (empty) {
				empty_entry = true;
			} else {
				/*
				 * An offset that ends in ':' makes PATH:1
				 * and an empty offset; a path of "" gives
				 * ":OFF" (no PATH).
				 */
				len += scnprintf(buf + len, 2048 - len,
						 "%s:%s", p->text, o->text);
				ok = ok && p->ok && o->ok;
				entries++;
			}
			len += scnprintf(buf + len, 2048 - len, "%s",
					 spaces[rnd(ARRAY_SIZE(spaces))]);
		}
		/*
		 * An empty entry is one between or before a ',' (after: see
		 * uprobe_param_trailing_comma); a value of white space alone
		 * has no entries at all.
		 */
		if (empty_entry && strchr(buf, ','))
			ok = false;
		want = ok && entries <= MAX_TARGETS ? 0 : -EINVAL;
		got = parse(test, buf, false, &s);
		if (got != want) {
			mismatches++;
			if (bad_reported++ < 8)
				kunit_err(test, "value '%s': got %d, want %d\n",
					  buf, got, want);
		}
	}
	KUNIT_EXPECT_EQ_MSG(test, 0U, mismatches,
			    "%u of %u random values judged wrongly",
			    mismatches, RANDOM_VALUES);
}

/* ---- lookups, in the KUnit guest's initramfs ---- */

static loff_t file_size(struct kunit *test, const char *name)
{
	struct path path;
	loff_t size;

	KUNIT_ASSERT_EQ_MSG(test, 0, kern_path(name, LOOKUP_FOLLOW, &path),
			    "%s is not in the KUnit initramfs", name);
	size = i_size_read(d_real_inode(path.dentry));
	path_put(&path);
	return size;
}

static void expect_lookup(struct kunit *test, const char *val, int want,
			  unsigned int want_n)
{
	struct target_set s;
	int ret = parse(test, val, true, &s);

	KUNIT_EXPECT_EQ_MSG(test, want, ret, "value '%s'", val);
	KUNIT_EXPECT_EQ_MSG(test, want_n, s.n, "value '%s'", val);
	free_set(&s);
	KUNIT_EXPECT_EQ(test, 0U, s.n);
}

static void uprobe_param_lookup(struct kunit *test)
{
	loff_t pw = file_size(test, "/etc/passwd");
	loff_t bb = file_size(test, "/bin/busybox");
	struct target_set s;
	char *v = kunit_kzalloc(test, 1024, GFP_KERNEL);
	unsigned int i;
	size_t len;

	KUNIT_ASSERT_NOT_NULL(test, v);
	KUNIT_ASSERT_GT(test, pw, (loff_t)16);
	KUNIT_ASSERT_GT(test, bb, (loff_t)0x1000);

	/* One target, and what it holds. */
	KUNIT_ASSERT_EQ(test, 0, parse(test, "/etc/passwd:0x3", true, &s));
	KUNIT_EXPECT_EQ(test, 1U, s.n);
	if (s.n == 1) {
		KUNIT_EXPECT_EQ(test, 3ULL,
				(unsigned long long)s.t[0]->h.offset);
		KUNIT_EXPECT_PTR_EQ(test, d_real_inode(s.t[0]->path.dentry),
				    s.t[0]->h.inode);
		KUNIT_EXPECT_FALSE(test, s.t[0]->registered);
	}
	free_set(&s);

	/* The last byte is inside, the end of the file is not. */
	snprintf(v, 1024, "/etc/passwd:%lld", pw - 1);
	expect_lookup(test, v, 0, 1);
	snprintf(v, 1024, "/etc/passwd:%#llx", (unsigned long long)pw - 1);
	expect_lookup(test, v, 0, 1);
	snprintf(v, 1024, "/etc/passwd:%lld", pw);
	expect_lookup(test, v, -EINVAL, 0);
	snprintf(v, 1024, "/etc/passwd:%lld", pw + 1);
	expect_lookup(test, v, -EINVAL, 0);
	expect_lookup(test, "/etc/passwd:9223372036854775807", -EINVAL, 0);
	expect_lookup(test, "/etc/passwd:9223372036854775808", -EINVAL, 0);

	/* Not regular files, or nothing there. */
	expect_lookup(test, "/tmp:0", -EINVAL, 0);
	expect_lookup(test, "/:0", -EINVAL, 0);
	expect_lookup(test, "/dev/null:0", -EINVAL, 0);
	expect_lookup(test, "/nonexistent:0", -EINVAL, 0);
	expect_lookup(test, "/etc/passwd/:0", -EINVAL, 0);
	expect_lookup(test, "/etc/passwd/x:0", -EINVAL, 0);
	/* Other spellings of the same file are fine. */
	expect_lookup(test, "//etc//passwd:0", 0, 1);
	expect_lookup(test, "/etc/../etc/./passwd:0", 0, 1);
	expect_lookup(test, "  /etc/passwd:1 ,\t/etc/passwd:2\n", 0, 2);

	/* The same location twice, also through a symlink. */
	expect_lookup(test, "/etc/passwd:0,/etc/passwd:0", -EINVAL, 0);
	expect_lookup(test, "/etc/passwd:16,/etc/passwd:0x10", -EINVAL, 0);
	expect_lookup(test, "/etc/passwd:0,/etc/passwd:1", 0, 2);
	expect_lookup(test, "/bin/busybox:0x1000,/bin/sh:0x1000", -EINVAL, 0);
	expect_lookup(test, "/bin/busybox:0x1000,/bin/sh:0x1001", 0, 2);
	expect_lookup(test, "/etc/passwd:5,/bin/busybox:5", 0, 2);

	/* 8 targets, then 9; a bad one after good ones frees them all. */
	for (len = 0, i = 0; i < MAX_TARGETS; i++)
		len += scnprintf(v + len, 1024 - len, "%s/etc/passwd:%u",
				 i ? "," : "", i);
	expect_lookup(test, v, 0, MAX_TARGETS);
	scnprintf(v + len, 1024 - len, ",/etc/passwd:%u", MAX_TARGETS);
	expect_lookup(test, v, -EINVAL, 0);
	expect_lookup(test, "/etc/passwd:0,/etc/passwd:1,/tmp:0", -EINVAL, 0);
	expect_lookup(test, "/etc/passwd:0,/etc/passwd:1,/nonexistent:0",
		      -EINVAL, 0);
	expect_lookup(test, "/etc/passwd:0,/etc/passwd:0x", -EINVAL, 0);
	expect_lookup(test, "", 0, 0);
}

/*
 * A ',' at the end leaves an empty last entry, which the README refuses
 * like any other: a value cut short (or a typo) must not load fewer
 * targets than it seems to name.
 */
static void uprobe_param_trailing_comma(struct kunit *test)
{
	expect_syntax(test, "/a:1,", -EINVAL);
	expect_syntax(test, "/a:1, ", -EINVAL);
	expect_syntax(test, "/a:1,\n", -EINVAL);
	expect_syntax(test, "/a:1,/b:2,", -EINVAL);
	expect_syntax(test, "/a:1,/a:2,/a:3,/a:4,/a:5,/a:6,/a:7,/a:8,", -EINVAL);
	expect_lookup(test, "/etc/passwd:0,/etc/passwd:1,", -EINVAL, 0);
}

static struct kunit_case uprobe_param_cases[] = {
	KUNIT_CASE(uprobe_param_syntax),
	KUNIT_CASE(uprobe_param_lengths),
	KUNIT_CASE(uprobe_param_random),
	KUNIT_CASE(uprobe_param_lookup),
	KUNIT_CASE(uprobe_param_trailing_comma),
	{}
};

static struct kunit_suite uprobe_param_suite = {
	.name = "sastrace_uprobe_param",
	.test_cases = uprobe_param_cases,
};
kunit_test_suite(uprobe_param_suite);
