// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target: the module options the reader builds for `sastrace load`
 * and `sastrace uprobe-param` (userspace/kmod_ops.c): the uprobes= value
 * (sastrace_uprobes_param()) from --no-libc and up to 8 --uprobe
 * PATH[:SYMBOL] arguments, as main.c hands them over, and the whole option
 * string (sastrace_module_params()) from a buffer_kb and that value, or
 * the raw argument text.
 *
 * The arguments name files in a scratch directory (the working directory
 * while fuzzing; run.sh puts it under build/fuzz/tmp): lib.so (the seed ELF,
 * functions sigaltstack and f1..f8), link.so -> lib.so, dir/, text (not
 * ELF), empty, and copies of lib.so with ',', ':' and ' ' in their names.
 *
 * Input: byte 0 bit 0 set: --no-libc; bytes 1..4: buffer_kb (little
 * endian); the rest: one argument per line.
 *
 * Oracles: ASan/UBSan; a value it returns is what the module's parser
 * accepts: entries "/PATH:OFFSET" joined by ',', PATH without ',', ':' or
 * white space, OFFSET 0x-hex (or 0), at most 8 entries (the module's
 * MAX_TARGETS), no entry twice; on failure nothing is returned. The
 * option string is exactly "buffer_kb=N" (N the number, in decimal) when
 * buffer_kb is not 0, then (after a space) "uprobes=VALUE" when the value
 * is not empty.
 */
#define _GNU_SOURCE	/* memfd_create() */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <sys/stat.h>
#include "fuzz.h"
#include "kmod_ops.h"

#define MODULE_MAX_TARGETS	8	/* module/uprobe_hooks.c */

static char scratch[PATH_MAX];

static void copy_file(const char *from, const char *to)
{
	char buf[65536];
	ssize_t n;
	int in = open(from, O_RDONLY), out;

	if (in < 0) {
		fprintf(stderr, "fuzz_uprobe_param: %s: %s (set SASTRACE_FUZZ_ELF)\n",
			from, strerror(errno));
		exit(1);
	}
	out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (out < 0)
		abort();
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, n) != n)
			abort();
	close(in);
	close(out);
}

static void cleanup(void)
{
	static const char * const names[] = {
		"lib.so", "link.so", "text", "empty", "a,b.so", "c:d.so",
		"sp ace.so",
	};
	size_t i;

	if (chdir(scratch))
		return;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		unlink(names[i]);
	rmdir("dir");
	if (chdir("/") == 0)
		rmdir(scratch);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *elf = getenv("SASTRACE_FUZZ_ELF");
	const char *tmp = getenv("SASTRACE_FUZZ_TMP");
	char exe[PATH_MAX], def[PATH_MAX + 16];
	ssize_t n;
	int fd;

	(void)argc;
	(void)argv;
	if (!elf) {
		/* seed.so next to this program (build/fuzz/). */
		n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
		if (n <= 0)
			abort();
		exe[n] = '\0';
		snprintf(def, sizeof(def), "%s/seed.so", dirname(exe));
		elf = def;
	}
	snprintf(scratch, sizeof(scratch), "%s/sastrace-fuzz.XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(scratch) || strpbrk(scratch, ",: \t\n")) {
		fprintf(stderr, "fuzz_uprobe_param: bad scratch dir %s\n",
			scratch);
		exit(1);
	}
	atexit(cleanup);
	copy_file(elf, strcat(strcpy(def, scratch), "/lib.so"));
	if (chdir(scratch))
		abort();
	copy_file("lib.so", "a,b.so");
	copy_file("lib.so", "c:d.so");
	copy_file("lib.so", "sp ace.so");
	if (symlink("lib.so", "link.so") || mkdir("dir", 0755))
		abort();
	fd = open("text", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, "not an ELF file\n", 16) != 16)
		abort();
	close(fd);
	fd = open("empty", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		abort();
	close(fd);
	return 0;
}

static void check_value(const char *value)
{
	char *copy = strdup(value), *save = NULL, *e, *seen[16];
	unsigned int n = 0, i;

	if (!copy)
		abort();
	if (!*value)
		goto out;
	if (value[strlen(value) - 1] == ',' || strstr(value, ",,"))
		fuzz_fail("empty entry in '%s'", value);
	for (e = strtok_r(copy, ",", &save); e; e = strtok_r(NULL, ",", &save)) {
		char *colon = strrchr(e, ':'), *end;

		if (e[0] != '/' || !colon || colon == e || strpbrk(e, " \t\n") ||
		    memchr(e, ':', colon - e))
			fuzz_fail("entry '%s' is not /PATH:OFFSET", e);
		end = colon + 3;
		if (!strncmp(colon + 1, "0x", 2) && colon[3])
			strtoull(colon + 3, &end, 16);
		if (strcmp(colon + 1, "0") && (end == colon + 3 || *end))
			fuzz_fail("entry '%s': bad offset", e);
		for (i = 0; i < n && i < 16; i++)
			if (!strcmp(seen[i], e))
				fuzz_fail("entry '%s' twice in '%s'", e, value);
		if (n < 16)
			seen[n] = e;
		n++;
	}
	if (n > MODULE_MAX_TARGETS)
		fuzz_fail("%u entries, the module takes %d: '%s'", n,
			  MODULE_MAX_TARGETS, value);
out:
	free(copy);
}

static void check_params(unsigned int buffer_kb, bool sigaction,
			 const char *uprobes)
{
	char *opts = sastrace_module_params(buffer_kb, sigaction, uprobes);
	char want[64] = "";
	size_t n;

	if (!opts)
		fuzz_fail("sastrace_module_params: NULL");
	if (buffer_kb)
		snprintf(want, sizeof(want), "buffer_kb=%u", buffer_kb);
	if (sigaction)
		snprintf(want + strlen(want), sizeof(want) - strlen(want),
			 "%ssigaction=1", *want ? " " : "");
	if (*want && *uprobes)
		strcat(want, " ");
	n = strlen(want);
	if (strncmp(opts, want, n) ||
	    (*uprobes ? strncmp(opts + n, "uprobes=", 8) ||
			strcmp(opts + n + 8, uprobes) : !!opts[n]))
		fuzz_fail("buffer_kb %u, sigaction %d, uprobes '%s': options '%s'",
			  buffer_kb, sigaction, uprobes, opts);
	free(opts);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sastrace_load_opts o;
	char *text, *p, *line, *value = (char *)0x1;
	unsigned int buffer_kb;

	if (size < 5)
		return 0;
	memset(&o, 0, sizeof(o));
	o.libc = !(data[0] & 1);
	buffer_kb = data[1] | data[2] << 8 | data[3] << 16 |
		    (unsigned int)data[4] << 24;
	text = fuzz_strndup(data + 5, size - 5);
	check_params(buffer_kb, data[0] & 2, text);
	p = text;
	while ((line = strsep(&p, "\n")) && o.n_uprobes < SASTRACE_MAX_UPROBES) {
		if (!p && !*line)
			break;		/* no argument after a final newline */
		o.uprobes[o.n_uprobes++] = line;
	}
	if (sastrace_uprobes_param(&o, &value)) {
		if (value != (char *)0x1)
			fuzz_fail("a value returned with a failure");
	} else {
		check_value(value);
		check_params(buffer_kb, data[0] & 2, value);
		free(value);
	}
	free(text);
	return 0;
}
