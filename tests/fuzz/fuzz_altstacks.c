// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target: the `altstacks` line parser (userspace/altstacks.c):
 * sastrace_altstack_json() on any line (an exact-size heap copy, so a read
 * past its NUL is caught), into a full buffer and into smaller ones; and
 * sastrace_altstacks_print() on the whole input as the file (text and
 * --json; stdout goes to /dev/null).
 *
 * Besides, the first 48 bytes of the input describe one thread (pid, tid,
 * comm: any 15 bytes, empty too; ss_sp, ss_flags, ss_size, on_stack): its
 * line is printed exactly as module/altstacks.c prints it, with the
 * module's own comm and flags encoders (module/format.c), and must parse.
 *
 * Oracles: ASan/UBSan; an accepted line gives exactly one valid JSON
 * object and a newline, shorter than SASTRACE_JSON_MAX ("always enough");
 * a truncated result is NUL-terminated inside the buffer; every line the
 * module can print is accepted, with the pid, the comm and the stack it
 * describes (as JSON encodes them for trace records).
 */
#define _GNU_SOURCE	/* memfd_create() */
#include "fuzz.h"
#include "altstacks.h"
#include "format.h"
#include "json.h"

struct thread {
	int32_t pid, tid;
	char comm[16];
	uint64_t sp, size;
	uint32_t flags;
	uint8_t on;
} __attribute__((packed));

/* A line as module/altstacks.c prints it, and what it must turn into. */
static void round_trip(const uint8_t *data)
{
	static char line[1024], out[SASTRACE_JSON_MAX], want[SASTRACE_JSON_MAX];
	struct sastrace_stack st = { .state = SASTRACE_ARG_VALUE };
	char flags[128], comm[4 * SASTRACE_COMM_LEN + 1];
	struct thread t;
	int ret;

	memcpy(&t, data, sizeof(t));
	t.pid &= 0x7fffffff;
	t.tid &= 0x7fffffff;
	t.comm[15] = '\0';	/* task->comm is always terminated */
	t.on &= 1;
	sastrace_format_flags(flags, sizeof(flags), t.flags);
	sastrace_format_comm(comm, sizeof(comm), t.comm);
	if (t.sp)
		snprintf(line, sizeof(line),
			 "pid=%d tid=%d comm=%s ss_sp=%#lx ss_flags=%s ss_size=%zu on_stack=%d",
			 t.pid, t.tid, comm, (unsigned long)t.sp, flags,
			 (size_t)t.size, t.on);
	else
		snprintf(line, sizeof(line),
			 "pid=%d tid=%d comm=%s ss_sp=NULL ss_flags=%s ss_size=%zu on_stack=%d",
			 t.pid, t.tid, comm, flags, (size_t)t.size, t.on);
	ret = sastrace_altstack_json(out, sizeof(out), line);
	if (ret < 0)
		fuzz_fail("the module's line is refused: '%s'", line);
	snprintf(want, sizeof(want), "{\"pid\":%d,\"tid\":%d,", t.pid, t.tid);
	if (strncmp(out, want, strlen(want)))
		fuzz_fail("'%s' gives '%s', not pid/tid %s", line, out, want);
	strcpy(want, "\"comm\":");
	sastrace_json_comm(want + strlen(want), sizeof(want) - strlen(want),
			   t.comm);
	if (!strstr(out, want))
		fuzz_fail("'%s' gives '%s', without %s", line, out, want);
	st.sp = t.sp;
	st.size = t.size;
	st.flags = t.flags;
	strcpy(want, "\"altstack\":");
	sastrace_json_stack(want + strlen(want), sizeof(want) - strlen(want),
			    &st);
	if (!strstr(out, want))
		fuzz_fail("'%s' gives '%s', without %s", line, out, want);
	if (!strstr(out, t.on ? "\"on_stack\":true" : "\"on_stack\":false"))
		fuzz_fail("'%s' gives '%s': on_stack", line, out);
}

FUZZ_QUIET_STDOUT()

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char out[SASTRACE_JSON_MAX];
	const uint8_t *nl = memchr(data, '\n', size);
	size_t len = nl ? (size_t)(nl - data) : size;
	char *line = fuzz_strndup(data, len), path[64];
	int ret, fd;

	ret = sastrace_altstack_json(out, sizeof(out), line);
	if (ret >= 0) {
		size_t small;
		char *buf;

		if ((size_t)ret >= sizeof(out))
			fuzz_fail("JSON of %d bytes, SASTRACE_JSON_MAX is %d",
				  ret, SASTRACE_JSON_MAX);
		if (strlen(out) != (size_t)ret || !json_line_ok(out))
			fuzz_fail("not one JSON object and a newline: '%s'",
				  out);
		/* Again into a buffer that is too small, sized by the input. */
		small = size ? data[size - 1] % (ret + 1) : 0;
		buf = malloc(small ? small : 1);
		if (!buf)
			abort();
		if (sastrace_altstack_json(buf, small, line) != ret)
			fuzz_fail("another result with a smaller buffer");
		if (small && strlen(buf) >= small)
			fuzz_fail("truncated output not terminated");
		free(buf);
	}
	free(line);

	if (size >= sizeof(struct thread))
		round_trip(data);

	fd = fuzz_file(data, size, path, sizeof(path));
	sastrace_altstacks_print(path, false);
	sastrace_altstacks_print(path, true);
	close(fd);
	return 0;
}
