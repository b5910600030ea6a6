/* test_wire_nlri.c -- prefix runs: checks, iteration, path ids, host bits, text forms. */
#include "testlib.h"

static void
test_ipv4_run(void **state)
{
	/* 10.0.0.0/8, 192.168.1.0/24, 0.0.0.0/0, 10.1.2.3/32 */
	static const uint8_t run[] = { 8, 10, 24, 192, 168, 1, 0, 32, 10, 1, 2, 3 };
	struct wire_nlri_view v;
	struct wire_err e;
	struct wire_nlri n;
	struct sbuf sb;

	assert_true(wire_nlri_check(run, sizeof(run), AFS_IPV4_UNICAST, false, &v, &e));
	assert_int_equal(v.count, 4);
	struct wire_nlri_iter it = wire_nlri_iter(&v);
	sb_init(&sb);
	while (wire_nlri_next(&it, &n)) {
		assert_int_equal(n.path_id, 0);
		prefix_print(&n.pfx, &sb);
		sb_putc(&sb, ' ');
	}
	assert_string_equal(sb.p, "10.0.0.0/8 192.168.1.0/24 0.0.0.0/0 10.1.2.3/32 ");
	sb_free(&sb);
}

static void
test_addpath_ipv6(void **state)
{
	static const uint8_t run[] = {
		0, 0, 0, 7, 32, 0x20, 0x01, 0x0d, 0xb8,
		0xff, 0xff, 0xff, 0xff, 64, 0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 2,
	};
	struct wire_nlri_view v;
	struct wire_err e;
	struct wire_nlri n;

	assert_true(wire_nlri_check(run, sizeof(run), AFS_IPV6_UNICAST, true, &v, &e));
	assert_int_equal(v.count, 2);
	struct wire_nlri_iter it = wire_nlri_iter(&v);
	assert_true(wire_nlri_next(&it, &n));
	assert_int_equal(n.path_id, 7);
	assert_int_equal(n.pfx.len, 32);
	assert_true(wire_nlri_next(&it, &n));
	assert_int_equal(n.path_id, 0xffffffffu);
	struct prefix want;
	assert_true(prefix_parse("2001:db8:1:2::/64", &want));
	assert_true(prefix_equal(&n.pfx, &want));
	assert_false(wire_nlri_next(&it, &n));
	/* read without add-path the same bytes end in a length of 255: invalid */
	assert_false(wire_nlri_check(run, sizeof(run), AFS_IPV6_UNICAST, false, &v, &e));
}

static void
expect_invalid(const uint8_t *p, size_t len, enum afs afs, bool addpath)
{
	struct wire_nlri_view v;
	struct wire_err e;
	assert_false(wire_nlri_check(p, len, afs, addpath, &v, &e));
	assert_int_equal(e.code, BGP_ERR_UPDATE);
	assert_int_equal(e.subcode, BGP_ERR_UPD_NETWORK);
	assert_int_equal(e.action, WIRE_SESSION_RESET);
	assert_true(strlen(e.reason) > 0);
}

static void
test_invalid(void **state)
{
	static const uint8_t too_long4[] = { 33, 1, 2, 3, 4, 5 };
	expect_invalid(too_long4, sizeof(too_long4), AFS_IPV4_UNICAST, false);
	static const uint8_t too_long6[] = { 129, 1 };
	expect_invalid(too_long6, sizeof(too_long6), AFS_IPV6_UNICAST, false);
	static const uint8_t cut[] = { 24, 10, 0 };
	expect_invalid(cut, sizeof(cut), AFS_IPV4_UNICAST, false);
	static const uint8_t cut_id[] = { 0, 0, 1 };
	expect_invalid(cut_id, sizeof(cut_id), AFS_IPV4_UNICAST, true);
	static const uint8_t no_len[] = { 0, 0, 0, 1 };
	expect_invalid(no_len, sizeof(no_len), AFS_IPV4_UNICAST, true);
}

static void
test_truncation_every_byte(void **state)
{
	static const uint8_t run[] = { 0, 0, 0, 1, 24, 10, 1, 1, 0, 0, 0, 2, 16, 172, 16 };
	for (size_t i = 0; i < sizeof(run); i++) {
		struct wire_nlri_view v;
		struct wire_err e;
		bool ok = wire_nlri_check(run, i, AFS_IPV4_UNICAST, true, &v, &e);
		/* only the empty run and the run ending after the first prefix are whole */
		assert_true(ok == (i == 0 || i == 8));
	}
}

static void
test_host_bits_cleared(void **state)
{
	static const uint8_t run[] = { 20, 10, 1, 0xff };
	struct wire_nlri_view v;
	struct wire_err e;
	struct wire_nlri n;
	assert_true(wire_nlri_check(run, sizeof(run), AFS_IPV4_UNICAST, false, &v, &e));
	struct wire_nlri_iter it = wire_nlri_iter(&v);
	assert_true(wire_nlri_next(&it, &n));
	assert_int_equal(n.pfx.addr[2], 0xf0);
}

static void
test_put_roundtrip(void **state)
{
	const char *texts[] = { "0.0.0.0/0", "10.0.0.0/8", "10.1.1.0/24", "10.1.1.1/32",
		"::/0", "2001:db8::/32", "2001:db8:0:1::1/128", "fe80::/10" };
	for (int addpath = 0; addpath < 2; addpath++) {
		for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
			struct wire_nlri in = { .path_id = addpath ? (uint32_t)i + 100 : 0 }, out;
			uint8_t b[32];
			struct wbuf wb = wb_init(b, sizeof(b));
			struct wire_nlri_view v;
			struct wire_err e;
			assert_true(prefix_parse(texts[i], &in.pfx));
			assert_true(wire_nlri_put(&wb, &in, addpath));
			assert_int_equal(wb.len, wire_nlri_size(&in, addpath));
			assert_true(wire_nlri_check(b, wb.len, (enum afs)in.pfx.afs, addpath, &v, &e));
			struct wire_nlri_iter it = wire_nlri_iter(&v);
			assert_true(wire_nlri_next(&it, &out));
			assert_true(prefix_equal(&in.pfx, &out.pfx));
			assert_int_equal(in.path_id, out.path_id);
			struct sbuf sb;
			sb_init(&sb);
			prefix_print(&out.pfx, &sb);
			struct prefix again;
			assert_true(prefix_parse(sb.p, &again));
			assert_true(prefix_equal(&again, &in.pfx));
			sb_free(&sb);
		}
	}
}

static void
test_put_full(void **state)
{
	uint8_t b[4];
	struct wbuf wb = wb_init(b, sizeof(b));
	struct wire_nlri n = { 0 };
	assert_true(prefix_parse("10.1.1.0/24", &n.pfx));
	assert_true(wire_nlri_put(&wb, &n, false));
	assert_false(wire_nlri_put(&wb, &n, false));
	assert_int_equal(wb.len, 4);
}

static void
test_prefix_parse_rejects(void **state)
{
	struct prefix p;
	assert_false(prefix_parse("10.1.1.1/24", &p));	/* host bits */
	assert_false(prefix_parse("10.1.1.0/33", &p));
	assert_false(prefix_parse("10.1.1.0/", &p));
	assert_false(prefix_parse("10.1.1.0/-1", &p));
	assert_false(prefix_parse("nonsense", &p));
	assert_false(prefix_parse("", &p));
	assert_false(prefix_parse("2001:db8::/129", &p));
	assert_true(prefix_parse("10.1.1.1", &p));
	assert_int_equal(p.len, 32);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ipv4_run),
		cmocka_unit_test(test_addpath_ipv6),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_truncation_every_byte),
		cmocka_unit_test(test_host_bits_cleared),
		cmocka_unit_test(test_put_roundtrip),
		cmocka_unit_test(test_put_full),
		cmocka_unit_test(test_prefix_parse_rejects),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
