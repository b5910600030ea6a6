/*
 * test_json.c -- the streaming JSON writer: exact output text, compact and
 * pretty, escaping, UTF-8 repair, numbers, times, and misuse that must
 * still give well-formed JSON.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

struct out {
	char buf[8192];
	size_t len;
	unsigned calls;
};

static void
sink(void *arg, const char *p, size_t len)
{
	struct out *o = arg;
	assert_true(o->len + len < sizeof(o->buf));
	memcpy(o->buf + o->len, p, len);
	o->len += len;
	o->buf[o->len] = '\0';
	o->calls++;
}

static struct out out;
static struct json_writer w;

static int
setup(void **state)
{
	(void)state;
	memset(&out, 0, sizeof(out));
	json_init(&w, sink, &out, 0);
	return 0;
}

static void
test_compact_object(void **state)
{
	(void)state;
	json_object_open(&w, NULL);
	json_int(&w, "a", 1);
	json_string(&w, "b", "x");
	json_bool(&w, "c", true);
	json_bool(&w, "c2", false);
	json_null(&w, "d");
	json_int(&w, "e", -5);
	json_string(&w, "f", NULL);
	json_object_close(&w);
	assert_true(json_finish(&w));
	assert_string_equal(out.buf, "{\"a\":1,\"b\":\"x\",\"c\":true,\"c2\":false,\"d\":null,\"e\":-5,\"f\":null}");
}

static void
test_pretty_nested(void **state)
{
	(void)state;
	json_init(&w, sink, &out, JSON_PRETTY);
	json_object_open(&w, NULL);
	json_uint(&w, "n", 7);
	json_array_open(&w, "list");
	json_int(&w, "ignored-key", 1);
	json_object_open(&w, NULL);
	json_string(&w, "k", "v");
	json_object_close(&w);
	json_array_open(&w, NULL);
	json_array_close(&w);
	json_array_close(&w);
	json_object_open(&w, "empty");
	json_object_close(&w);
	json_object_close(&w);
	assert_true(json_finish(&w));
	assert_string_equal(out.buf,
	    "{\n"
	    "  \"n\": 7,\n"
	    "  \"list\": [\n"
	    "    1,\n"
	    "    {\n"
	    "      \"k\": \"v\"\n"
	    "    },\n"
	    "    []\n"
	    "  ],\n"
	    "  \"empty\": {}\n"
	    "}\n");
}

static void
test_top_level_scalar_and_array(void **state)
{
	(void)state;
	json_string(&w, NULL, "alone");
	assert_true(json_finish(&w));
	assert_string_equal(out.buf, "\"alone\"");
	out.len = 0;
	json_array_open(&w, NULL);
	json_uint(&w, NULL, 1);
	json_uint(&w, NULL, 2);
	json_array_close(&w);
	assert_true(json_finish(&w));
	assert_string_equal(out.buf, "[1,2]");
}

static void
test_escapes(void **state)
{
	(void)state;
	json_string(&w, NULL, "q\"b\\s/ \n\t\r\b\f\x01\x1f\x7f end");
	assert_true(json_finish(&w));
	assert_string_equal(out.buf, "\"q\\\"b\\\\s/ \\n\\t\\r\\b\\f\\u0001\\u001f\\u007f end\"");
}

static void
test_embedded_nul(void **state)
{
	(void)state;
	json_string_len(&w, NULL, "a\0b", 3);
	json_finish(&w);
	assert_string_equal(out.buf, "\"a\\u0000b\"");
}

static void
test_keys_escaped(void **state)
{
	(void)state;
	json_object_open(&w, NULL);
	json_int(&w, "we\"ird\n", 1);
	json_object_close(&w);
	json_finish(&w);
	assert_string_equal(out.buf, "{\"we\\\"ird\\n\":1}");
}

#define FFFD "\xef\xbf\xbd"

static void
check_utf8(const char *in, size_t len, const char *want)
{
	out.len = 0;
	out.buf[0] = '\0';
	json_init(&w, sink, &out, 0);
	json_string_len(&w, NULL, in, len);
	json_finish(&w);
	assert_string_equal(out.buf, want);
}

static void
test_utf8_valid(void **state)
{
	(void)state;
	/* é, €, U+10FFFF, 😀, U+FFFF: all kept as they are */
	const char s[] = "\xc3\xa9 \xe2\x82\xac \xf4\x8f\xbf\xbf \xf0\x9f\x98\x80 \xef\xbf\xbf";
	check_utf8(s, sizeof(s) - 1, "\"" "\xc3\xa9 \xe2\x82\xac \xf4\x8f\xbf\xbf \xf0\x9f\x98\x80 \xef\xbf\xbf" "\"");
}

static void
test_utf8_invalid(void **state)
{
	(void)state;
	/* a lone continuation octet */
	check_utf8("a\x80z", 3, "\"a" FFFD "z\"");
	/* a truncated sequence at the end: one replacement */
	check_utf8("a\xe2\x82", 3, "\"a" FFFD "\"");
	/* a truncated sequence before ASCII: one replacement, ASCII kept */
	check_utf8("\xf0\x9f\x98z", 4, "\"" FFFD "z\"");
	/* overlong '/': C0 is never valid, then a lone continuation */
	check_utf8("\xc0\xaf", 2, "\"" FFFD FFFD "\"");
	/* overlong 3-octet form E0 80 80: E0 then two lone continuations */
	check_utf8("\xe0\x80\x80", 3, "\"" FFFD FFFD FFFD "\"");
	/* a UTF-16 surrogate D800 */
	check_utf8("\xed\xa0\x80", 3, "\"" FFFD FFFD FFFD "\"");
	/* above U+10FFFF */
	check_utf8("\xf4\x90\x80\x80", 4, "\"" FFFD FFFD FFFD FFFD "\"");
	/* F5..FF never appear */
	check_utf8("\xf5\xff", 2, "\"" FFFD FFFD "\"");
	/* E2 28 A1: the second octet is not a continuation */
	check_utf8("\xe2\x28\xa1", 3, "\"" FFFD "(" FFFD "\"");
	/* C1 controls (U+0080..U+009F, e.g. CSI U+009B) are escaped; U+00A0 is not */
	check_utf8("\xc2\x9b[31m\xc2\x80\xc2\xa0", 10, "\"\\u009b[31m\\u0080\xc2\xa0\"");
	/* a control character beside an invalid octet */
	check_utf8("\x01\xfe", 2, "\"\\u0001" FFFD "\"");
}

static void
test_numbers(void **state)
{
	(void)state;
	json_array_open(&w, NULL);
	json_int(&w, NULL, INT64_MIN);
	json_int(&w, NULL, INT64_MAX);
	json_uint(&w, NULL, UINT64_MAX);
	json_uint(&w, NULL, 0);
	json_array_close(&w);
	json_finish(&w);
	assert_string_equal(out.buf,
	    "[-9223372036854775808,9223372036854775807,18446744073709551615,0]");
}

static void
test_times(void **state)
{
	(void)state;
	json_array_open(&w, NULL);
	json_time(&w, NULL, 0);
	json_time(&w, NULL, 1767323045);
	json_time(&w, NULL, (time_t)253402300799);	/* 9999-12-31T23:59:59Z */
	json_time(&w, NULL, (time_t)253402300800);	/* year 10000: null */
	json_array_close(&w);
	json_finish(&w);
	assert_string_equal(out.buf,
	    "[\"1970-01-01T00:00:00Z\",\"2026-01-02T03:04:05Z\",\"9999-12-31T23:59:59Z\",null]");
}

static void
test_misuse_null_key(void **state)
{
	(void)state;
	json_object_open(&w, NULL);
	json_int(&w, NULL, 1);
	json_object_close(&w);
	assert_false(json_finish(&w));
	assert_string_equal(out.buf, "{\"\":1}");
}

static void
test_misuse_wrong_close(void **state)
{
	(void)state;
	json_object_open(&w, NULL);
	json_array_open(&w, "a");
	json_object_close(&w);		/* closes the array */
	json_object_close(&w);
	json_object_close(&w);		/* nothing open */
	assert_false(json_finish(&w));
	assert_string_equal(out.buf, "{\"a\":[]}");
}

static void
test_misuse_second_top_level(void **state)
{
	(void)state;
	json_object_open(&w, NULL);
	json_object_close(&w);
	json_int(&w, NULL, 1);		/* dropped */
	json_array_open(&w, NULL);	/* dropped with its contents */
	json_int(&w, NULL, 2);
	json_array_close(&w);
	assert_false(json_finish(&w));
	assert_string_equal(out.buf, "{}");
}

static void
test_finish_closes(void **state)
{
	(void)state;
	json_init(&w, sink, &out, JSON_PRETTY);
	json_object_open(&w, NULL);
	json_array_open(&w, "a");
	json_int(&w, NULL, 1);
	assert_false(json_finish(&w));
	assert_string_equal(out.buf, "{\n  \"a\": [\n    1\n  ]\n}\n");
}

static void
test_too_deep(void **state)
{
	(void)state;
	char want[2 * JSON_MAX_DEPTH + 1];
	for (int i = 0; i < JSON_MAX_DEPTH + 8; i++)
		json_array_open(&w, NULL);
	json_int(&w, NULL, 42);		/* inside a dropped level */
	for (int i = 0; i < JSON_MAX_DEPTH + 8; i++)
		json_array_close(&w);
	assert_false(json_finish(&w));
	memset(want, '[', JSON_MAX_DEPTH);
	memset(want + JSON_MAX_DEPTH, ']', JSON_MAX_DEPTH);
	want[2 * JSON_MAX_DEPTH] = '\0';
	assert_string_equal(out.buf, want);
}

static void
test_finish_resets(void **state)
{
	(void)state;
	json_int(&w, NULL, 1);
	assert_true(json_finish(&w));
	json_int(&w, NULL, 2);		/* a new document */
	assert_true(json_finish(&w));
	assert_string_equal(out.buf, "12");
}

static void
test_string_runs(void **state)
{
	(void)state;
	/* plain text goes to the sink in one piece, not an octet at a time */
	json_string(&w, NULL, "a fairly long string without escapes");
	json_finish(&w);
	assert_int_equal(out.calls, 3);	/* quote, text, quote */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_compact_object, setup),
		cmocka_unit_test_setup(test_pretty_nested, setup),
		cmocka_unit_test_setup(test_top_level_scalar_and_array, setup),
		cmocka_unit_test_setup(test_escapes, setup),
		cmocka_unit_test_setup(test_embedded_nul, setup),
		cmocka_unit_test_setup(test_keys_escaped, setup),
		cmocka_unit_test_setup(test_utf8_valid, setup),
		cmocka_unit_test_setup(test_utf8_invalid, setup),
		cmocka_unit_test_setup(test_numbers, setup),
		cmocka_unit_test_setup(test_times, setup),
		cmocka_unit_test_setup(test_misuse_null_key, setup),
		cmocka_unit_test_setup(test_misuse_wrong_close, setup),
		cmocka_unit_test_setup(test_misuse_second_top_level, setup),
		cmocka_unit_test_setup(test_finish_closes, setup),
		cmocka_unit_test_setup(test_too_deep, setup),
		cmocka_unit_test_setup(test_finish_resets, setup),
		cmocka_unit_test_setup(test_string_runs, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
