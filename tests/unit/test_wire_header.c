/* test_wire_header.c -- RFC 4271 §6.1 header checks, each subcode with its data. */
#include "testlib.h"

#define M16 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, \
	    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff

static const uint8_t keepalive[] = { M16, 0x00, 0x13, 0x04 };

static void
test_keepalive_ok(void **state)
{
	struct wire_header h;
	struct wire_err e;
	assert_true(wire_header_decode(keepalive, sizeof(keepalive), 4096, &h, &e));
	assert_int_equal(h.type, BGP_MSG_KEEPALIVE);
	assert_int_equal(h.len, 19);
}

static void
test_bad_marker(void **state)
{
	uint8_t m[sizeof(keepalive)];
	memcpy(m, keepalive, sizeof(m));
	m[7] = 0xfe;
	struct wire_header h;
	struct wire_err e;
	assert_false(wire_header_decode(m, sizeof(m), 4096, &h, &e));
	assert_int_equal(e.code, BGP_ERR_HEADER);
	assert_int_equal(e.subcode, BGP_ERR_HDR_NOT_SYNC);
	assert_int_equal(e.data_len, 0);
}

static void
expect_bad_len(const uint8_t *m, size_t len, size_t max, uint16_t field)
{
	struct wire_header h;
	struct wire_err e;
	assert_false(wire_header_decode(m, len, max, &h, &e));
	assert_int_equal(e.code, BGP_ERR_HEADER);
	assert_int_equal(e.subcode, BGP_ERR_HDR_BAD_LEN);
	assert_int_equal(e.data_len, 2);	/* RFC 4271 §6.1: data is the length field */
	assert_int_equal(get_u16(wire_err_data(&e)), field);
	assert_int_equal(e.action, WIRE_SESSION_RESET);
}

static void
test_bad_lengths(void **state)
{
	/* under the header, over the max, and per type */
	const uint8_t short_len[] = { M16, 0x00, 0x12, 0x04 };
	expect_bad_len(short_len, sizeof(short_len), 4096, 18);
	const uint8_t too_long[] = { M16, 0x10, 0x01, 0x02 };
	expect_bad_len(too_long, sizeof(too_long), 4096, 4097);
	const uint8_t ka_long[] = { M16, 0x00, 0x14, 0x04 };
	expect_bad_len(ka_long, sizeof(ka_long), 4096, 20);
	const uint8_t open_short[] = { M16, 0x00, 0x1c, 0x01 };
	expect_bad_len(open_short, sizeof(open_short), 4096, 28);
	const uint8_t update_short[] = { M16, 0x00, 0x16, 0x02 };
	expect_bad_len(update_short, sizeof(update_short), 4096, 22);
	const uint8_t notif_short[] = { M16, 0x00, 0x14, 0x03 };
	expect_bad_len(notif_short, sizeof(notif_short), 4096, 20);
	/* a short ROUTE-REFRESH passes: its decoder answers 7/1 (RFC 7313 §5) */
	const uint8_t rr_short[] = { M16, 0x00, 0x16, 0x05 };
	struct wire_header h;
	struct wire_err e;
	assert_true(wire_header_decode(rr_short, sizeof(rr_short), 4096, &h, &e));
}

static void
test_extended_length(void **state)
{
	/* 5000 octets: too long without RFC 8654, fine with it */
	const uint8_t upd[] = { M16, 0x13, 0x88, 0x02 };
	struct wire_header h;
	struct wire_err e;
	expect_bad_len(upd, sizeof(upd), BGP_MAX_MSG_LEN, 5000);
	assert_true(wire_header_decode(upd, sizeof(upd), BGP_MAX_EXT_MSG_LEN, &h, &e));
	assert_int_equal(h.len, 5000);
}

static void
test_bad_type(void **state)
{
	for (unsigned t = 0; t < 256; t++) {
		uint8_t m[] = { M16, 0x00, 0x17, (uint8_t)t };
		struct wire_header h;
		struct wire_err e;
		bool ok = wire_header_decode(m, sizeof(m), 4096, &h, &e);
		if (t == BGP_MSG_OPEN || t == BGP_MSG_KEEPALIVE || t == BGP_MSG_NOTIFICATION) {
			/* 23 octets is wrong for OPEN and KEEPALIVE, fine for NOTIFICATION */
			assert_true(ok == (t == BGP_MSG_NOTIFICATION));
			continue;
		}
		if (t >= 2 && t <= 5) {
			assert_true(ok);
			continue;
		}
		assert_false(ok);
		assert_int_equal(e.subcode, BGP_ERR_HDR_BAD_TYPE);
		assert_int_equal(e.data_len, 1);
		assert_int_equal(wire_err_data(&e)[0], t);
	}
}

static void
test_truncated_header(void **state)
{
	for (size_t i = 0; i < sizeof(keepalive); i++) {
		struct wire_header h;
		struct wire_err e;
		assert_false(wire_header_decode(keepalive, i, 4096, &h, &e));
	}
}

static void
test_keepalive_encode(void **state)
{
	uint8_t b[32];
	struct wbuf wb = wb_init(b, sizeof(b));
	assert_true(wire_keepalive_encode(&wb));
	assert_bytes_equal(b, wb.len, keepalive, sizeof(keepalive));
	test_emit(b, wb.len);
	struct wbuf small = wb_init(b, 18);
	assert_false(wire_keepalive_encode(&small));
	assert_int_equal(small.len, 0);
}

static void
test_id_format(void **state)
{
	char b[16];
	assert_string_equal(wire_id_format(0, b), "0.0.0.0");
	assert_string_equal(wire_id_format(0x0a00006e, b), "10.0.0.110");
	assert_string_equal(wire_id_format(0xffffffff, b), "255.255.255.255");
	assert_string_equal(wire_id_format(0x01020a64, b), "1.2.10.100");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keepalive_ok),
		cmocka_unit_test(test_bad_marker),
		cmocka_unit_test(test_bad_lengths),
		cmocka_unit_test(test_extended_length),
		cmocka_unit_test(test_bad_type),
		cmocka_unit_test(test_truncated_header),
		cmocka_unit_test(test_keepalive_encode),
		cmocka_unit_test(test_id_format),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
