/*
 * test_ctl_out.c -- the two renderers of ctl_out, from the same calls:
 * exact text (alignment, indentation, value forms, escaping) and exact JSON
 * (the schema rules of ctl_out.h), streaming of long tables, misuse.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl_out.h"

struct cap {
	char *p;
	size_t len;
	size_t cap;
	unsigned calls;
};

static void
sink(void *arg, const char *p, size_t len)
{
	struct cap *c = arg;
	if (c->len + len + 1 > c->cap) {
		c->cap = (c->len + len + 1) * 2;
		c->p = realloc(c->p, c->cap);
		assert_non_null(c->p);
	}
	memcpy(c->p + c->len, p, len);
	c->len += len;
	c->p[c->len] = '\0';
	c->calls++;
}

static struct cap cap;

static int
setup(void **state)
{
	(void)state;
	memset(&cap, 0, sizeof(cap));
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	free(cap.p);
	memset(&cap, 0, sizeof(cap));
	return 0;
}

static const char *
text(const struct cap *c)
{
	return c->p != NULL ? c->p : "";
}

/* Run fn against a renderer; returns what ctl_out_finish said. */
static bool
render(enum ctl_fmt fmt, void (*fn)(struct ctl_out *))
{
	free(cap.p);
	memset(&cap, 0, sizeof(cap));
	struct ctl_out *o = ctl_out_new(fmt, sink, &cap);
	assert_non_null(o);
	fn(o);
	bool ok = ctl_out_finish(o);
	ctl_out_free(o);
	return ok;
}

/* --- key/value blocks ---------------------------------------------------- */

static void
neighbor(struct ctl_out *o)
{
	ctl_out_section_begin(o, "neighbor", "Neighbor 192.0.2.1, AS 65001");
	ctl_out_kv_str(o, "state", "State", "Established");
	ctl_out_kv_duration(o, "uptime_secs", "Up for", 93784);
	ctl_out_kv_time(o, "established_at", "Established at", 1767323045);
	ctl_out_kv_time(o, "last_reset", "Last reset", 0);
	ctl_out_kv_bool(o, "passive", "Passive", false);
	ctl_out_kv_u64(o, "hold_time_secs", "Hold time", 90);
	ctl_out_kv_i64(o, "delta", "Delta", -3);
	ctl_out_kv_null(o, "description", "Description");
	ctl_out_kv_strf(o, "address", "Local address", "%s port %d", "192.0.2.2", 179);
	ctl_out_list_begin(o, "capabilities", "Capabilities:");
	ctl_out_item_str(o, "4-octet AS");
	ctl_out_item_str(o, "route refresh");
	ctl_out_list_end(o);
	ctl_out_section_begin(o, "counters", "Messages:");
	ctl_out_kv_u64(o, "updates_in", "Updates received", 12);
	ctl_out_kv_u64(o, "route_refresh_in", "Route refresh received", 1);
	ctl_out_section_end(o);
	ctl_out_section_end(o);
}

static void
test_kv_text(void **state)
{
	(void)state;
	assert_true(render(CTL_FMT_TEXT, neighbor));
	assert_string_equal(text(&cap),
	    "Neighbor 192.0.2.1, AS 65001\n"
	    "  State:              Established\n"
	    "  Up for:             1d02h03m\n"
	    "  Established at:     2026-01-02T03:04:05Z\n"
	    "  Last reset:         never\n"
	    "  Passive:            no\n"
	    "  Hold time:          90\n"
	    "  Delta:              -3\n"
	    "  Description:        -\n"
	    "  Local address:      192.0.2.2 port 179\n"
	    "  Capabilities:\n"
	    "    4-octet AS\n"
	    "    route refresh\n"
	    "  Messages:\n"
	    "    Updates received:   12\n"
	    "    Route refresh received: 1\n");
}

static void
test_kv_json(void **state)
{
	(void)state;
	assert_true(render(CTL_FMT_JSON, neighbor));
	assert_string_equal(text(&cap),
	    "{\n"
	    "  \"schema_version\": 1,\n"
	    "  \"neighbor\": {\n"
	    "    \"state\": \"Established\",\n"
	    "    \"uptime_secs\": 93784,\n"
	    "    \"established_at\": \"2026-01-02T03:04:05Z\",\n"
	    "    \"last_reset\": null,\n"
	    "    \"passive\": false,\n"
	    "    \"hold_time_secs\": 90,\n"
	    "    \"delta\": -3,\n"
	    "    \"description\": null,\n"
	    "    \"address\": \"192.0.2.2 port 179\",\n"
	    "    \"capabilities\": [\n"
	    "      \"4-octet AS\",\n"
	    "      \"route refresh\"\n"
	    "    ],\n"
	    "    \"counters\": {\n"
	    "      \"updates_in\": 12,\n"
	    "      \"route_refresh_in\": 1\n"
	    "    }\n"
	    "  }\n"
	    "}\n");
}

/* Text-only and JSON-only pieces: NULL keys, NULL labels, untitled groups. */
static void
mixed(struct ctl_out *o)
{
	ctl_out_kv_str(o, NULL, NULL, "a line only people see");
	ctl_out_kv_str(o, "result", NULL, "neighbor disabled");
	ctl_out_section_begin(o, NULL, NULL);		/* flattened in JSON */
	ctl_out_kv_u64(o, "count", "Count", 3);
	ctl_out_section_end(o);
	ctl_out_list_begin(o, NULL, "Notes:");		/* text only */
	ctl_out_item_str(o, "first");
	ctl_out_section_begin(o, "hidden", "Inside:");
	ctl_out_kv_u64(o, "x", "X", 1);
	ctl_out_section_end(o);
	ctl_out_list_end(o);
	ctl_out_list_begin(o, "ranges", "Ranges:");
	ctl_out_section_begin(o, "ignored", "10.0.0.0/24");
	ctl_out_kv_str(o, "prefix", NULL, "10.0.0.0/24");
	ctl_out_kv_u64(o, "sessions", "Sessions", 2);
	ctl_out_section_end(o);
	ctl_out_list_end(o);
}

static void
test_mixed_text(void **state)
{
	(void)state;
	assert_true(render(CTL_FMT_TEXT, mixed));
	assert_string_equal(text(&cap),
	    "a line only people see\n"
	    "neighbor disabled\n"
	    "Count:              3\n"
	    "\n"
	    "Notes:\n"
	    "  first\n"
	    "  Inside:\n"
	    "    X:                  1\n"
	    "\n"
	    "Ranges:\n"
	    "  10.0.0.0/24\n"
	    "    10.0.0.0/24\n"
	    "    Sessions:           2\n");
}

static void
test_mixed_json(void **state)
{
	(void)state;
	assert_true(render(CTL_FMT_JSON, mixed));
	assert_string_equal(text(&cap),
	    "{\n"
	    "  \"schema_version\": 1,\n"
	    "  \"result\": \"neighbor disabled\",\n"
	    "  \"count\": 3,\n"
	    "  \"ranges\": [\n"
	    "    {\n"
	    "      \"prefix\": \"10.0.0.0/24\",\n"
	    "      \"sessions\": 2\n"
	    "    }\n"
	    "  ]\n"
	    "}\n");
}

/* --- values -------------------------------------------------------------- */

static void
test_durations(void **state)
{
	(void)state;
	char buf[32];
	assert_string_equal(ctl_fmt_duration(0, buf, sizeof(buf)), "00:00:00");
	assert_string_equal(ctl_fmt_duration(59, buf, sizeof(buf)), "00:00:59");
	assert_string_equal(ctl_fmt_duration(86399, buf, sizeof(buf)), "23:59:59");
	assert_string_equal(ctl_fmt_duration(86400, buf, sizeof(buf)), "1d00h00m");
	assert_string_equal(ctl_fmt_duration(7 * 86400 - 1, buf, sizeof(buf)), "6d23h59m");
	assert_string_equal(ctl_fmt_duration(7 * 86400, buf, sizeof(buf)), "01w0d00h");
	assert_string_equal(ctl_fmt_duration(10 * 86400 + 5 * 3600, buf, sizeof(buf)), "01w3d05h");
	assert_string_equal(ctl_fmt_duration(365 * 86400, buf, sizeof(buf)), "01y00w0d");
	assert_string_equal(ctl_fmt_duration(800 * 86400, buf, sizeof(buf)), "02y10w0d");
	assert_string_equal(ctl_fmt_duration(-1, buf, sizeof(buf)), "never");
	assert_string_equal(ctl_fmt_time(0, buf, sizeof(buf)), "never");
	assert_string_equal(ctl_fmt_time(1767323045, buf, sizeof(buf)), "2026-01-02T03:04:05Z");
}

static void
escapes(struct ctl_out *o)
{
	ctl_out_section_begin(o, "peer", "Peer:");
	ctl_out_kv_str(o, "shutdown_text", "Shutdown text", "line one\nline two");
	ctl_out_kv_str(o, "descr", "Description", "evil\x1b[31m red\x7f \xff ok \xc3\xa9 \xc2\x9b!");
	ctl_out_kv_str(o, "bare", NULL, "bare\ncontinued");
	ctl_out_section_end(o);
}

static void
test_escapes_text(void **state)
{
	(void)state;
	assert_true(render(CTL_FMT_TEXT, escapes));
	assert_string_equal(text(&cap),
	    "Peer:\n"
	    "  Shutdown text:      line one\n"
	    "                      line two\n"
	    "  Description:        evil\\x1b[31m red\\x7f \xef\xbf\xbd ok \xc3\xa9 \\u009b!\n"
	    "  bare\n"
	    "  continued\n");
}

static void
test_escapes_json(void **state)
{
	(void)state;
	assert_true(render(CTL_FMT_JSON, escapes));
	assert_string_equal(text(&cap),
	    "{\n"
	    "  \"schema_version\": 1,\n"
	    "  \"peer\": {\n"
	    "    \"shutdown_text\": \"line one\\nline two\",\n"
	    "    \"descr\": \"evil\\u001b[31m red\\u007f \xef\xbf\xbd ok \xc3\xa9 \\u009b!\",\n"
	    "    \"bare\": \"bare\\ncontinued\"\n"
	    "  }\n"
	    "}\n");
}

/* --- tables -------------------------------------------------------------- */

static const struct ctl_col summary_cols[] = {
	{ "neighbor", "Neighbor", 0, 0 },
	{ "as", "AS", CTL_COL_RIGHT, 0 },
	{ "state", "State", 0, 0 },
	{ "uptime_secs", "Up/Down", CTL_COL_RIGHT, 0 },
	{ "prefixes_received", "PfxRcvd", CTL_COL_RIGHT, 0 },
	{ "state_since", NULL, CTL_COL_JSON_ONLY, 0 },
	{ "flags", "F", CTL_COL_TEXT_ONLY, 0 },
	{ "description", "Description", 0, 0 },
};
#define NSUMMARY (sizeof(summary_cols) / sizeof(summary_cols[0]))

static void
summary(struct ctl_out *o)
{
	ctl_out_table_begin(o, "neighbors", NULL, summary_cols, NSUMMARY);
	struct ctl_val r1[] = {
		CTL_STR("192.0.2.1"), CTL_U64(65001), CTL_STR("Established"),
		CTL_DUR(93784), CTL_U64(120000), CTL_TIME(1767323045), CTL_STR("*"),
		CTL_STR("upstream é"),
	};
	struct ctl_val r2[] = {
		CTL_STR("2001:db8::1"), CTL_U64(4200000000), CTL_STR("Idle(Admin)"),
		CTL_DUR(-1), CTL_NULL(), CTL_TIME(0), CTL_STR(""), CTL_STR(""),
	};
	ctl_out_row(o, r1, NSUMMARY);
	ctl_out_row(o, r2, NSUMMARY);
	/* cell by cell, with a buffer that changes before the row ends */
	char buf[32];
	ctl_out_row_begin(o);
	snprintf(buf, sizeof(buf), "10.0.0.%d", 7);
	ctl_out_cell_str(o, buf);
	ctl_out_cell_u64(o, 65002);
	snprintf(buf, sizeof(buf), "Active");
	ctl_out_cell_str(o, buf);
	ctl_out_cell(o, CTL_DUR(5));
	ctl_out_cell_u64(o, 0);
	ctl_out_cell(o, CTL_TIME(1767323045));
	ctl_out_cell_strf(o, "%c", '+');
	/* description missing: null */
	memset(buf, 'X', sizeof(buf) - 1);
	ctl_out_row_end(o);
	ctl_out_table_end(o);
	ctl_out_kv_u64(o, "total", "Total", 3);
}

static void
test_table_text(void **state)
{
	(void)state;
	assert_true(render(CTL_FMT_TEXT, summary));
	assert_string_equal(text(&cap),
	    "Neighbor             AS  State         Up/Down  PfxRcvd  F  Description\n"
	    "192.0.2.1         65001  Established  1d02h03m   120000  *  upstream é\n"
	    "2001:db8::1  4200000000  Idle(Admin)     never        -\n"
	    "10.0.0.7          65002  Active       00:00:05        0  +  -\n"
	    "Total:              3\n");
}

static void
test_table_json(void **state)
{
	(void)state;
	assert_true(render(CTL_FMT_JSON, summary));
	assert_string_equal(text(&cap),
	    "{\n"
	    "  \"schema_version\": 1,\n"
	    "  \"neighbors\": [\n"
	    "    {\n"
	    "      \"neighbor\": \"192.0.2.1\",\n"
	    "      \"as\": 65001,\n"
	    "      \"state\": \"Established\",\n"
	    "      \"uptime_secs\": 93784,\n"
	    "      \"prefixes_received\": 120000,\n"
	    "      \"state_since\": \"2026-01-02T03:04:05Z\",\n"
	    "      \"description\": \"upstream é\"\n"
	    "    },\n"
	    "    {\n"
	    "      \"neighbor\": \"2001:db8::1\",\n"
	    "      \"as\": 4200000000,\n"
	    "      \"state\": \"Idle(Admin)\",\n"
	    "      \"uptime_secs\": null,\n"
	    "      \"prefixes_received\": null,\n"
	    "      \"state_since\": null,\n"
	    "      \"description\": \"\"\n"
	    "    },\n"
	    "    {\n"
	    "      \"neighbor\": \"10.0.0.7\",\n"
	    "      \"as\": 65002,\n"
	    "      \"state\": \"Active\",\n"
	    "      \"uptime_secs\": 5,\n"
	    "      \"prefixes_received\": 0,\n"
	    "      \"state_since\": \"2026-01-02T03:04:05Z\",\n"
	    "      \"description\": null\n"
	    "    }\n"
	    "  ],\n"
	    "  \"total\": 3\n"
	    "}\n");
}

static const struct ctl_col two_cols[] = {
	{ "name", "Name", 0, 0 },
	{ "n", "N", CTL_COL_RIGHT, 0 },
};

static void
titled_tables(struct ctl_out *o)
{
	ctl_out_kv_str(o, "router_id", "Router id", "192.0.2.9");
	ctl_out_table_begin(o, "empty", "Empty:", two_cols, 2);
	ctl_out_table_end(o);
	ctl_out_section_begin(o, "range", "Range 10.0.0.0/24 (2/50):");
	ctl_out_table_begin(o, "peers", NULL, two_cols, 2);
	ctl_out_row(o, (struct ctl_val[]){ CTL_STR("a"), CTL_U64(1) }, 2);
	ctl_out_row(o, (struct ctl_val[]){ CTL_STR("bb") }, 1);
	ctl_out_table_end(o);
	ctl_out_section_end(o);
	ctl_out_list_begin(o, "groups", NULL);	/* untitled list: a table per item */
	ctl_out_table_begin(o, NULL, NULL, two_cols, 2);
	ctl_out_row(o, (struct ctl_val[]){ CTL_STR("x"), CTL_U64(10) }, 2);
	ctl_out_table_end(o);
	ctl_out_list_end(o);
}

static void
test_titled_tables_text(void **state)
{
	(void)state;
	assert_true(render(CTL_FMT_TEXT, titled_tables));
	assert_string_equal(text(&cap),
	    "Router id:          192.0.2.9\n"
	    "\n"
	    "Empty:\n"
	    "  Name  N\n"
	    "\n"
	    "Range 10.0.0.0/24 (2/50):\n"
	    "  Name  N\n"
	    "  a     1\n"
	    "  bb    -\n"
	    "\n"
	    "Name   N\n"
	    "x     10\n");
}

static void
test_titled_tables_json(void **state)
{
	(void)state;
	assert_true(render(CTL_FMT_JSON, titled_tables));
	assert_string_equal(text(&cap),
	    "{\n"
	    "  \"schema_version\": 1,\n"
	    "  \"router_id\": \"192.0.2.9\",\n"
	    "  \"empty\": [],\n"
	    "  \"range\": {\n"
	    "    \"peers\": [\n"
	    "      {\n"
	    "        \"name\": \"a\",\n"
	    "        \"n\": 1\n"
	    "      },\n"
	    "      {\n"
	    "        \"name\": \"bb\",\n"
	    "        \"n\": null\n"
	    "      }\n"
	    "    ]\n"
	    "  },\n"
	    "  \"groups\": [\n"
	    "    [\n"
	    "      {\n"
	    "        \"name\": \"x\",\n"
	    "        \"n\": 10\n"
	    "      }\n"
	    "    ]\n"
	    "  ]\n"
	    "}\n");
}

static const struct ctl_col untitled_cols[] = {
	{ "command", NULL, 0, 0 },
	{ "summary", NULL, 0, 0 },
};

static void
untitled(struct ctl_out *o)
{
	ctl_out_table_begin(o, "commands", NULL, untitled_cols, 2);
	ctl_out_row(o, (struct ctl_val[]){ CTL_STR("show summary"), CTL_STR("neighbors") }, 2);
	ctl_out_row(o, (struct ctl_val[]){ CTL_STR("reload"), CTL_STR("") }, 2);
	ctl_out_row(o, (struct ctl_val[]){ CTL_STR("tab\there"), CTL_STR("nl\nhere") }, 2);
	ctl_out_table_end(o);
}

static void
test_untitled_table_text(void **state)
{
	(void)state;
	assert_true(render(CTL_FMT_TEXT, untitled));
	assert_string_equal(text(&cap),
	    "show summary  neighbors\n"
	    "reload\n"
	    "tab\\x09here   nl\\x0ahere\n");
}

static const struct ctl_col wide_cols[] = {
	{ "name", "Name", 0, 8 },
	{ "n", "N", CTL_COL_RIGHT, 6 },
	{ "note", "Note", 0, 0 },
};

static void
min_widths(struct ctl_out *o)
{
	ctl_out_table_begin(o, "rows", NULL, wide_cols, 3);
	ctl_out_row(o, (struct ctl_val[]){ CTL_STR("a"), CTL_U64(1), CTL_STR("x") }, 3);
	ctl_out_row(o, (struct ctl_val[]){ CTL_STR("longer-than-8"), CTL_U64(22), CTL_NULL() }, 3);
	ctl_out_table_end(o);
}

static void
test_min_widths(void **state)
{
	(void)state;
	/* a column is as wide as its minimum, its title or its widest cell */
	assert_true(render(CTL_FMT_TEXT, min_widths));
	assert_string_equal(text(&cap),
	    "Name                N  Note\n"
	    "a                   1  x\n"
	    "longer-than-8      22  -\n");
}

/* --- streaming ----------------------------------------------------------- */

static void
test_long_table_streams(void **state)
{
	(void)state;
	struct ctl_out *o = ctl_out_new(CTL_FMT_TEXT, sink, &cap);
	char name[32];

	ctl_out_table_begin(o, "rows", NULL, two_cols, 2);
	for (int i = 0; i < CTL_TEXT_TABLE_ROWS - 1; i++) {
		snprintf(name, sizeof(name), "r%d", i);
		ctl_out_row(o, (struct ctl_val[]){ CTL_STR(name), CTL_U64((uint64_t)i) }, 2);
	}
	assert_int_equal(cap.len, 0);	/* kept to align */
	ctl_out_row(o, (struct ctl_val[]){ CTL_STR("last-kept"), CTL_U64(1) }, 2);
	/* the header and CTL_TEXT_TABLE_ROWS rows are out */
	assert_int_equal(cap.calls, CTL_TEXT_TABLE_ROWS + 1);
	assert_memory_equal(cap.p, "Name        N\nr0          0\n", 28);
	/* later rows stream with the widths fixed: a wider cell is not cut */
	ctl_out_row(o, (struct ctl_val[]){ CTL_STR("a-much-wider-name"), CTL_U64(123456) }, 2);
	assert_int_equal(cap.calls, CTL_TEXT_TABLE_ROWS + 2);
	assert_string_equal(cap.p + cap.len - 26, "a-much-wider-name  123456\n");
	ctl_out_row(o, (struct ctl_val[]){ CTL_STR("z"), CTL_U64(2) }, 2);
	assert_string_equal(cap.p + cap.len - 14, "z           2\n");
	ctl_out_table_end(o);
	assert_true(ctl_out_finish(o));
	ctl_out_free(o);
}

static void
test_json_streams(void **state)
{
	(void)state;
	struct ctl_out *o = ctl_out_new(CTL_FMT_JSON, sink, &cap);

	ctl_out_table_begin(o, "rows", NULL, two_cols, 2);
	ctl_out_row(o, (struct ctl_val[]){ CTL_STR("a"), CTL_U64(1) }, 2);
	size_t after_one = cap.len;
	assert_true(after_one > 0);	/* written at once, not at the end */
	ctl_out_row(o, (struct ctl_val[]){ CTL_STR("b"), CTL_U64(2) }, 2);
	assert_true(cap.len > after_one);
	ctl_out_table_end(o);
	assert_true(ctl_out_finish(o));
	ctl_out_free(o);
}

/* --- misuse -------------------------------------------------------------- */

static void
nothing(struct ctl_out *o)
{
	(void)o;
}

static void
test_empty_reply(void **state)
{
	(void)state;
	assert_true(render(CTL_FMT_JSON, nothing));
	assert_int_equal(cap.len, 0);
	assert_true(render(CTL_FMT_TEXT, nothing));
	assert_int_equal(cap.len, 0);
}

static void
misuse_kv_in_table(struct ctl_out *o)
{
	ctl_out_table_begin(o, "t", NULL, two_cols, 2);
	ctl_out_kv_u64(o, "x", "X", 1);		/* dropped */
	ctl_out_section_begin(o, "s", "S");	/* dropped, with what it holds */
	ctl_out_kv_u64(o, "y", "Y", 2);
	ctl_out_section_end(o);
	ctl_out_row(o, (struct ctl_val[]){ CTL_STR("a"), CTL_U64(1), CTL_U64(9) }, 3);	/* extra cell */
	ctl_out_table_end(o);
	ctl_out_row(o, (struct ctl_val[]){ CTL_STR("b") }, 1);	/* no table */
}

static void
test_misuse_kv_in_table(void **state)
{
	(void)state;
	assert_false(render(CTL_FMT_TEXT, misuse_kv_in_table));
	assert_string_equal(text(&cap), "Name  N\na     1\n");
	assert_false(render(CTL_FMT_JSON, misuse_kv_in_table));
	assert_string_equal(text(&cap),
	    "{\n  \"schema_version\": 1,\n  \"t\": [\n    {\n      \"name\": \"a\",\n"
	    "      \"n\": 1\n    }\n  ]\n}\n");
}

static void
misuse_unbalanced(struct ctl_out *o)
{
	ctl_out_section_end(o);			/* nothing open */
	ctl_out_section_begin(o, "a", "A:");
	ctl_out_list_begin(o, "l", "L:");
	ctl_out_item_str(o, "i");
	ctl_out_section_end(o);			/* closes the list */
	ctl_out_kv_u64(o, "n", "N", 1);
	/* the section is left open: finish closes it */
}

static void
test_misuse_unbalanced(void **state)
{
	(void)state;
	assert_false(render(CTL_FMT_TEXT, misuse_unbalanced));
	assert_string_equal(text(&cap), "A:\n  L:\n    i\n  N:                  1\n");
	assert_false(render(CTL_FMT_JSON, misuse_unbalanced));
	assert_string_equal(text(&cap),
	    "{\n  \"schema_version\": 1,\n  \"a\": {\n    \"l\": [\n      \"i\"\n    ],\n"
	    "    \"n\": 1\n  }\n}\n");
}

static void
misuse_deep(struct ctl_out *o)
{
	for (int i = 0; i < CTL_OUT_MAX_DEPTH + 4; i++)
		ctl_out_section_begin(o, "s", NULL);
	ctl_out_kv_u64(o, "deep", "Deep", 1);	/* inside a dropped level */
	for (int i = 0; i < CTL_OUT_MAX_DEPTH + 4; i++)
		ctl_out_section_end(o);
	ctl_out_kv_u64(o, "after", "After", 2);
}

static void
test_misuse_deep(void **state)
{
	(void)state;
	assert_false(render(CTL_FMT_TEXT, misuse_deep));
	assert_string_equal(text(&cap), "After:              2\n");
	assert_false(render(CTL_FMT_JSON, misuse_deep));
	/* 16 nested objects, then "after" at the top */
	assert_non_null(strstr(text(&cap), "\"after\": 2\n}\n"));
	assert_null(strstr(text(&cap), "deep"));
}

static void
test_after_finish(void **state)
{
	(void)state;
	struct ctl_out *o = ctl_out_new(CTL_FMT_TEXT, sink, &cap);
	ctl_out_kv_u64(o, "a", "A", 1);
	assert_true(ctl_out_finish(o));
	ctl_out_kv_u64(o, "b", "B", 2);		/* ignored */
	assert_true(ctl_out_finish(o));
	ctl_out_free(o);
	assert_string_equal(text(&cap), "A:                  1\n");
	/* NULL is harmless */
	ctl_out_kv_u64(NULL, "a", "A", 1);
	ctl_out_row_begin(NULL);
	assert_false(ctl_out_finish(NULL));
	ctl_out_free(NULL);
	assert_false(ctl_out_is_json(NULL));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_kv_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kv_json, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mixed_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mixed_json, setup, teardown),
		cmocka_unit_test_setup_teardown(test_durations, setup, teardown),
		cmocka_unit_test_setup_teardown(test_escapes_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_escapes_json, setup, teardown),
		cmocka_unit_test_setup_teardown(test_table_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_table_json, setup, teardown),
		cmocka_unit_test_setup_teardown(test_titled_tables_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_titled_tables_json, setup, teardown),
		cmocka_unit_test_setup_teardown(test_untitled_table_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_min_widths, setup, teardown),
		cmocka_unit_test_setup_teardown(test_long_table_streams, setup, teardown),
		cmocka_unit_test_setup_teardown(test_json_streams, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_reply, setup, teardown),
		cmocka_unit_test_setup_teardown(test_misuse_kv_in_table, setup, teardown),
		cmocka_unit_test_setup_teardown(test_misuse_unbalanced, setup, teardown),
		cmocka_unit_test_setup_teardown(test_misuse_deep, setup, teardown),
		cmocka_unit_test_setup_teardown(test_after_finish, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
