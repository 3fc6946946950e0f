// SPDX-License-Identifier: GPL-2.0
/*
 * Prints the record ABI the sources describe (module/uapi/sastrace_record.h
 * and the kind table, sastrace_kinds[] in module/format.c), one "key value"
 * line each, so that tests compute sizes and versions instead of copying
 * them:
 *
 *   version 5              SASTRACE_VERSION
 *   header_size 64         sizeof(struct sastrace_header)
 *   record_max 416         the largest record: a ring slot's record
 *   kinds call signal      the kinds' names, in table order
 *   call_id 1              then for each kind: its id, the least payload
 *   call_min_payload 192   a reader takes, the payload this build writes,
 *   call_payload 352       and its whole record's size
 *   call_size 416
 *   ...
 *
 * Built by tests/unit/run.sh and tests/integration/checklib.py (host gcc:
 * the layout is the same on every architecture, see the header).
 */
#include <stdio.h>
#include "format.h"

int main(void)
{
	unsigned int i;

	printf("version %u\n", SASTRACE_VERSION);
	printf("header_size %zu\n", sizeof(struct sastrace_header));
	printf("record_max %zu\n", sastrace_kind_max_size());
	printf("kinds");
	for (i = 0; i < sastrace_nr_kinds; i++)
		printf(" %s", sastrace_kinds[i].name);
	printf("\n");
	for (i = 0; i < sastrace_nr_kinds; i++) {
		const struct sastrace_kind_desc *k = &sastrace_kinds[i];

		printf("%s_id %u\n", k->name, k->id);
		printf("%s_min_payload %u\n", k->name, k->min_payload);
		printf("%s_payload %u\n", k->name, k->payload_size);
		printf("%s_size %zu\n", k->name,
		       sizeof(struct sastrace_header) + k->payload_size);
	}
	return ferror(stdout) ? 1 : 0;
}
