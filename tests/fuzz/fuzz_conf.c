/*
 * fuzz_conf.c -- libFuzzer target for the YAML configuration: any input
 * either fails with errors (printed, never a crash) or gives a config whose
 * normalised print parses back to an equal config (empty diff, same text).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct conf *c, *again;
	struct conf_errors errs;
	struct sbuf sb;

	conf_errors_init(&errs, "fuzz");
	if (!conf_parse_string("fuzz", (const char *)data, size, &c, &errs)) {
		sb_init(&sb);
		conf_errors_print(&errs, &sb);
		sb_free(&sb);
		return 0;
	}
	sb_init(&sb);
	conf_print(c, &sb, CONF_PRINT_ORIGIN);
	conf_errors_init(&errs, "printed");
	if (!conf_parse_string("printed", sb.p, sb.len, &again, &errs))
		abort();	/* what we print must parse */
	struct conf_diff diff;
	if (!conf_diff(c, again, &diff) || !conf_diff_empty(&diff))
		abort();	/* ... to the same config */
	conf_diff_free(&diff);
	struct sbuf p2, p3;
	sb_init(&p2);
	sb_init(&p3);
	conf_print(c, &p2, 0);
	conf_print(again, &p3, 0);
	if (strcmp(p2.p, p3.p) != 0)
		abort();
	sb_free(&p2);
	sb_free(&p3);
	sb_free(&sb);
	conf_free(again);
	conf_free(c);
	return 0;
}
