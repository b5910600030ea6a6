/* test_buf.c -- the bounded reader and writer report overruns, never read past the end. */
#include "testlib.h"

static void
test_reader_overrun(void **state)
{
	static const uint8_t b[] = { 0x01, 0x02, 0x03, 0x04, 0x05 };
	struct rbuf rb = rb_init(b, sizeof(b));
	uint8_t u8;
	uint16_t u16;
	uint32_t u32;

	assert_true(rb_u32(&rb, &u32));
	assert_int_equal(u32, 0x01020304);
	assert_false(rb_u16(&rb, &u16));	/* one octet left */
	assert_int_equal(rb_left(&rb), 1);	/* a failed read consumes nothing */
	assert_true(rb_u8(&rb, &u8));
	assert_int_equal(u8, 5);
	assert_false(rb_u8(&rb, &u8));
	assert_false(rb_u32(&rb, &u32));
}

static void
test_reader_sub(void **state)
{
	static const uint8_t b[] = { 0xaa, 0xbb, 0xcc };
	struct rbuf rb = rb_init(b, sizeof(b)), sub;
	uint16_t v;

	assert_false(rb_sub(&rb, 4, &sub));
	assert_true(rb_sub(&rb, 2, &sub));
	assert_true(rb_u16(&sub, &v));
	assert_int_equal(v, 0xaabb);
	assert_false(rb_u16(&sub, &v));
	assert_int_equal(rb_left(&rb), 1);
}

static void
test_writer_overflow(void **state)
{
	uint8_t b[5];
	struct wbuf wb = wb_init(b, sizeof(b));

	assert_true(wb_u32(&wb, 0x01020304));
	assert_false(wb_u16(&wb, 0xffff));
	assert_true(wb.overflow);
	assert_int_equal(wb.len, 4);
	assert_true(wb_u8(&wb, 9));
	assert_int_equal(b[4], 9);
}

static void
test_writer_patch(void **state)
{
	uint8_t b[8];
	struct wbuf wb = wb_init(b, sizeof(b));
	size_t pos = wb.len;

	assert_true(wb_u16(&wb, 0));
	assert_true(wb_put(&wb, "abc", 3));
	wb_patch_len16(&wb, pos);
	assert_int_equal(get_u16(b), 3);
}

static void
test_arena(void **state)
{
	uint8_t mem[16];
	struct arena a = arena_init(mem, sizeof(mem));

	uint8_t *p = arena_alloc(&a, 5);
	assert_non_null(p);
	uint8_t *q = arena_alloc(&a, 8);	/* start rounded up to 4-octet alignment: 8 */
	assert_non_null(q);
	assert_int_equal(q - mem, 8);
	assert_null(arena_alloc(&a, 1));
	arena_reset(&a);
	assert_non_null(arena_alloc(&a, 16));
}

static void
test_sbuf(void **state)
{
	struct sbuf sb;
	sb_init(&sb);
	assert_string_equal(sb.p, "");
	for (int i = 0; i < 1000; i++)
		sb_printf(&sb, "%d,", i);
	assert_int_equal(sb.len, strlen(sb.p));
	assert_memory_equal(sb.p, "0,1,2,", 6);
	sb_reset(&sb);
	sb_escaped(&sb, "a\"\n", 3);
	assert_string_equal(sb.p, "a\\x22\\x0a");
	sb_free(&sb);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reader_overrun),
		cmocka_unit_test(test_reader_sub),
		cmocka_unit_test(test_writer_overflow),
		cmocka_unit_test(test_writer_patch),
		cmocka_unit_test(test_arena),
		cmocka_unit_test(test_sbuf),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
