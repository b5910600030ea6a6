/*
 * test_wire_notify.c -- NOTIFICATION (names, RFC 9003 shutdown
 * communication, encoding) and ROUTE-REFRESH (RFC 2918, RFC 7313).
 * Vectors are message bodies (no header), as the decoders take them.
 */
#include "testlib.h"

#include <stdio.h>
#include <string.h>

#define LEN(a) sizeof(a)
#define HDR_FF \
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, \
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff

/* ---- helpers ---- */

static void
notif_ok(const uint8_t *body, size_t len, struct wire_notification *n)
{
	struct wire_err err;
	memset(&err, 0, sizeof(err));
	assert_true(wire_notification_decode(body, len, n, &err));
	assert_int_equal(n->code, body[0]);
	assert_int_equal(n->subcode, body[1]);
	assert_ptr_equal(n->data, body + 2);	/* the data view is always kept */
	assert_int_equal(n->data_len, len - 2);
}

static void
print_is(const struct wire_notification *n, const char *want)
{
	struct sbuf sb;
	sb_init(&sb);
	wire_notification_print(n, &sb);
	if (strcmp(sb.p, want) != 0) {
		fprintf(stderr, "printed: %s\nwanted:  %s\n", sb.p, want);
		sb_free(&sb);
		fail();
	}
	sb_free(&sb);
}

static void
rr_print_is(const struct wire_route_refresh *rr, const char *want)
{
	struct sbuf sb;
	sb_init(&sb);
	wire_route_refresh_print(rr, &sb);
	if (strcmp(sb.p, want) != 0) {
		fprintf(stderr, "printed: %s\nwanted:  %s\n", sb.p, want);
		sb_free(&sb);
		fail();
	}
	sb_free(&sb);
}

/* Check a whole encoded message: header, type, then decode its body. */
static void
check_notification_msg(const uint8_t *msg, size_t len,
    struct wire_notification *n)
{
	struct wire_header h;
	struct wire_err err;
	assert_true(wire_header_decode(msg, len, BGP_MAX_MSG_LEN, &h, &err));
	assert_int_equal(h.type, BGP_MSG_NOTIFICATION);
	assert_int_equal(h.len, len);
	notif_ok(msg + BGP_HEADER_LEN, len - BGP_HEADER_LEN, n);
}

/* ---- names ---- */

static const struct {
	uint8_t code, subcode;
	const char *code_name, *subcode_name;
} registry[] = {
	{ 1, 0, "Message Header Error", "Unspecific" },
	{ 1, 1, "Message Header Error", "Connection Not Synchronized" },
	{ 1, 2, "Message Header Error", "Bad Message Length" },
	{ 1, 3, "Message Header Error", "Bad Message Type" },
	{ 2, 0, "OPEN Message Error", "Unspecific" },
	{ 2, 1, "OPEN Message Error", "Unsupported Version Number" },
	{ 2, 2, "OPEN Message Error", "Bad Peer AS" },
	{ 2, 3, "OPEN Message Error", "Bad BGP Identifier" },
	{ 2, 4, "OPEN Message Error", "Unsupported Optional Parameter" },
	{ 2, 5, "OPEN Message Error", "Deprecated (Authentication Failure)" },
	{ 2, 6, "OPEN Message Error", "Unacceptable Hold Time" },
	{ 2, 7, "OPEN Message Error", "Unsupported Capability" },
	{ 2, 8, "OPEN Message Error", "Deprecated" },
	{ 2, 9, "OPEN Message Error", "Deprecated" },
	{ 2, 10, "OPEN Message Error", "Deprecated" },
	{ 2, 11, "OPEN Message Error", "Role Mismatch" },
	{ 3, 0, "UPDATE Message Error", "Unspecific" },
	{ 3, 1, "UPDATE Message Error", "Malformed Attribute List" },
	{ 3, 2, "UPDATE Message Error", "Unrecognized Well-known Attribute" },
	{ 3, 3, "UPDATE Message Error", "Missing Well-known Attribute" },
	{ 3, 4, "UPDATE Message Error", "Attribute Flags Error" },
	{ 3, 5, "UPDATE Message Error", "Attribute Length Error" },
	{ 3, 6, "UPDATE Message Error", "Invalid ORIGIN Attribute" },
	{ 3, 7, "UPDATE Message Error", "Deprecated (AS Routing Loop)" },
	{ 3, 8, "UPDATE Message Error", "Invalid NEXT_HOP Attribute" },
	{ 3, 9, "UPDATE Message Error", "Optional Attribute Error" },
	{ 3, 10, "UPDATE Message Error", "Invalid Network Field" },
	{ 3, 11, "UPDATE Message Error", "Malformed AS_PATH" },
	{ 4, 0, "Hold Timer Expired", "Unspecific" },
	{ 5, 0, "Finite State Machine Error", "Unspecified Error" },
	{ 5, 1, "Finite State Machine Error", "Receive Unexpected Message in OpenSent State" },
	{ 5, 2, "Finite State Machine Error", "Receive Unexpected Message in OpenConfirm State" },
	{ 5, 3, "Finite State Machine Error", "Receive Unexpected Message in Established State" },
	{ 6, 0, "Cease", "Unspecific" },
	{ 6, 1, "Cease", "Maximum Number of Prefixes Reached" },
	{ 6, 2, "Cease", "Administrative Shutdown" },
	{ 6, 3, "Cease", "Peer De-configured" },
	{ 6, 4, "Cease", "Administrative Reset" },
	{ 6, 5, "Cease", "Connection Rejected" },
	{ 6, 6, "Cease", "Other Configuration Change" },
	{ 6, 7, "Cease", "Connection Collision Resolution" },
	{ 6, 8, "Cease", "Out of Resources" },
	{ 6, 9, "Cease", "Hard Reset" },
	{ 6, 10, "Cease", "BFD Down" },
	{ 7, 0, "ROUTE-REFRESH Message Error", "Unspecific" },
	{ 7, 1, "ROUTE-REFRESH Message Error", "Invalid Message Length" },
	{ 8, 0, "Send Hold Timer Expired", "Unspecific" },
};

/* the first subcode past each registry, code 0..8 */
static const uint8_t first_unassigned[] = { 0, 4, 12, 12, 1, 4, 11, 2, 1 };

static void
test_names_registry(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(registry) / sizeof(registry[0]); i++) {
		assert_string_equal(wire_err_code_name(registry[i].code),
		    registry[i].code_name);
		assert_string_equal(wire_err_subcode_name(registry[i].code,
		    registry[i].subcode), registry[i].subcode_name);
	}
	/* every assigned pair is in the table above and has a real name */
	size_t count = 0;
	for (unsigned c = 1; c <= 8; c++) {
		assert_string_not_equal(wire_err_code_name((uint8_t)c), "Unknown");
		for (unsigned s = 0; s < first_unassigned[c]; s++) {
			const char *name = wire_err_subcode_name((uint8_t)c, (uint8_t)s);
			assert_non_null(name);
			assert_true(name[0] != '\0');
			assert_string_not_equal(name, "Unknown");
			count++;
		}
	}
	assert_int_equal(count, sizeof(registry) / sizeof(registry[0]));
}

static void
test_names_unknown(void **state)
{
	(void)state;
	assert_string_equal(wire_err_code_name(0), "Unknown");
	assert_string_equal(wire_err_code_name(9), "Unknown");
	assert_string_equal(wire_err_code_name(42), "Unknown");
	assert_string_equal(wire_err_code_name(255), "Unknown");
	for (unsigned c = 0; c <= 255; c++) {
		unsigned first = c < LEN(first_unassigned) ? first_unassigned[c] : 0;
		for (unsigned s = first; s <= 255; s++)
			assert_string_equal(wire_err_subcode_name((uint8_t)c,
			    (uint8_t)s), "Unknown");
	}
}

/* ---- NOTIFICATION decode and print ---- */

static void
test_notif_plain(void **state)
{
	(void)state;
	static const uint8_t hold[] = { 0x04, 0x00 };
	static const uint8_t as_path[] = {
		0x03, 0x0b, 0x40, 0x02, 0x04, 0x02, 0x01, 0xfd, 0xe9,
	};
	static const uint8_t version[] = { 0x02, 0x01, 0x00, 0x04 };
	static const uint8_t fsm[] = { 0x05, 0x02 };
	static const uint8_t send_hold[] = { 0x08, 0x00 };
	struct wire_notification n;

	notif_ok(hold, LEN(hold), &n);
	assert_false(n.has_shutdown_msg);
	print_is(&n, "Hold Timer Expired / Unspecific (4/0)");

	notif_ok(as_path, LEN(as_path), &n);
	print_is(&n, "UPDATE Message Error / Malformed AS_PATH (3/11), data 4002040201fde9");

	notif_ok(version, LEN(version), &n);
	print_is(&n, "OPEN Message Error / Unsupported Version Number (2/1), data 0004");

	notif_ok(fsm, LEN(fsm), &n);
	print_is(&n, "Finite State Machine Error / Receive Unexpected Message in OpenConfirm State (5/2)");

	notif_ok(send_hold, LEN(send_hold), &n);
	print_is(&n, "Send Hold Timer Expired / Unspecific (8/0)");
}

static void
test_notif_unknown_code(void **state)
{
	(void)state;
	static const uint8_t odd[] = { 0x2a, 0x07, 0xde, 0xad };
	struct wire_notification n;
	notif_ok(odd, LEN(odd), &n);
	print_is(&n, "Unknown / Unknown (42/7), data dead");
}

static void
test_notif_short(void **state)
{
	(void)state;
	static const uint8_t one[] = { 0x06 };
	struct wire_notification n;
	struct wire_err err;
	static const uint8_t len19[] = { 0x00, 0x13 }, len20[] = { 0x00, 0x14 };

	assert_false(wire_notification_decode(one, 0, &n, &err));
	assert_int_equal(err.code, BGP_ERR_HEADER);
	assert_int_equal(err.subcode, BGP_ERR_HDR_BAD_LEN);
	assert_int_equal(err.data_len, 2);
	assert_memory_equal(wire_err_data(&err), len19, 2);

	assert_false(wire_notification_decode(one, 1, &n, &err));
	assert_int_equal(err.code, BGP_ERR_HEADER);
	assert_int_equal(err.subcode, BGP_ERR_HDR_BAD_LEN);
	assert_memory_equal(wire_err_data(&err), len20, 2);
}

static void
test_shutdown_valid(void **state)
{
	(void)state;
	static const uint8_t body[] = {
		0x06, 0x02, 0x12,
		'm', 'a', 'i', 'n', 't', 'e', 'n', 'a', 'n', 'c', 'e', ' ',
		'w', 'i', 'n', 'd', 'o', 'w',
	};
	struct wire_notification n;
	notif_ok(body, LEN(body), &n);
	assert_true(n.has_shutdown_msg);
	assert_string_equal(n.shutdown_msg, "maintenance window");
	print_is(&n, "Cease / Administrative Shutdown (6/2): \"maintenance window\"");

	/* Administrative Reset, UTF-8 text: printed as UTF-8 */
	static const uint8_t reset[] = {
		0x06, 0x04, 0x0c, 'W', 'a', 'r', 't', 'u', 'n', 'g', ' ', 'f',
		0xc3, 0xbc, 'r', ' ',
	};
	notif_ok(reset, LEN(reset) - 1, &n);
	assert_true(n.has_shutdown_msg);
	assert_string_equal(n.shutdown_msg, "Wartung f\xc3\xbcr");
	print_is(&n, "Cease / Administrative Reset (6/4): \"Wartung f\xc3\xbcr\"");

	/* octets after the text are kept in data and shown */
	notif_ok(reset, LEN(reset), &n);
	assert_true(n.has_shutdown_msg);
	assert_string_equal(n.shutdown_msg, "Wartung f\xc3\xbcr");
	print_is(&n, "Cease / Administrative Reset (6/4): \"Wartung f\xc3\xbcr\", trailing data 20");
}

static void
test_shutdown_empty(void **state)
{
	(void)state;
	static const uint8_t empty[] = { 0x06, 0x02, 0x00 };
	static const uint8_t no_data[] = { 0x06, 0x02 };
	struct wire_notification n;

	notif_ok(empty, LEN(empty), &n);
	assert_true(n.has_shutdown_msg);
	assert_string_equal(n.shutdown_msg, "");
	print_is(&n, "Cease / Administrative Shutdown (6/2): \"\"");

	/* before RFC 8203: no data at all */
	notif_ok(no_data, LEN(no_data), &n);
	assert_false(n.has_shutdown_msg);
	print_is(&n, "Cease / Administrative Shutdown (6/2)");
}

static void
test_shutdown_longest(void **state)
{
	(void)state;
	uint8_t body[2 + 1 + 255];
	body[0] = 6;
	body[1] = 2;
	body[2] = 255;
	memset(body + 3, 'x', 255);
	struct wire_notification n;
	notif_ok(body, sizeof(body), &n);
	assert_true(n.has_shutdown_msg);
	assert_int_equal(strlen(n.shutdown_msg), 255);
	assert_int_equal(n.shutdown_msg[254], 'x');
}

static void
test_shutdown_bad_length(void **state)
{
	(void)state;
	/* length octet 10, three octets follow */
	static const uint8_t body[] = { 0x06, 0x02, 0x0a, 'A', 'B', 'C' };
	/* length octet 255, nothing follows */
	static const uint8_t body255[] = { 0x06, 0x04, 0xff };
	struct wire_notification n;

	notif_ok(body, LEN(body), &n);
	assert_false(n.has_shutdown_msg);
	assert_string_equal(n.shutdown_msg, "");
	print_is(&n, "Cease / Administrative Shutdown (6/2), malformed shutdown communication, data 0a414243");

	notif_ok(body255, LEN(body255), &n);
	assert_false(n.has_shutdown_msg);
	print_is(&n, "Cease / Administrative Reset (6/4), malformed shutdown communication, data ff");
}

static void
test_shutdown_bad_utf8(void **state)
{
	(void)state;
	static const uint8_t bad_cont[] = { 0x06, 0x02, 0x03, 'A', 0xc3, 0x28 };
	static const uint8_t overlong[] = { 0x06, 0x02, 0x02, 0xc0, 0xaf };
	static const uint8_t overlong3[] = { 0x06, 0x02, 0x03, 0xe0, 0x80, 0xaf };
	static const uint8_t surrogate[] = { 0x06, 0x02, 0x03, 0xed, 0xa0, 0x80 };
	static const uint8_t too_big[] = { 0x06, 0x02, 0x04, 0xf4, 0x90, 0x80, 0x80 };
	static const uint8_t lead_f8[] = { 0x06, 0x02, 0x01, 0xf8 };
	static const uint8_t lone_cont[] = { 0x06, 0x02, 0x01, 0x80 };
	static const uint8_t cut_seq[] = { 0x06, 0x02, 0x02, 0xe2, 0x82, 0xac };
	static const uint8_t nul[] = { 0x06, 0x02, 0x03, 'a', 0x00, 'b' };
	static const struct {
		const uint8_t *b;
		size_t len;
	} cases[] = {
		{ bad_cont, LEN(bad_cont) }, { overlong, LEN(overlong) },
		{ overlong3, LEN(overlong3) }, { surrogate, LEN(surrogate) },
		{ too_big, LEN(too_big) }, { lead_f8, LEN(lead_f8) },
		{ lone_cont, LEN(lone_cont) }, { cut_seq, LEN(cut_seq) },
		{ nul, LEN(nul) },
	};
	struct wire_notification n;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		notif_ok(cases[i].b, cases[i].len, &n);
		assert_false(n.has_shutdown_msg);
	}
	notif_ok(bad_cont, LEN(bad_cont), &n);
	print_is(&n, "Cease / Administrative Shutdown (6/2), malformed shutdown communication, data 0341c328");

	/* the largest code point and a 4-octet sequence are fine */
	static const uint8_t max_cp[] = { 0x06, 0x02, 0x08, 0xf4, 0x8f, 0xbf, 0xbf, 0xf0, 0x9f, 0x98, 0x80 };
	notif_ok(max_cp, LEN(max_cp), &n);
	assert_true(n.has_shutdown_msg);
}

static void
test_shutdown_other_subcodes(void **state)
{
	(void)state;
	/* the same octets under Cease / Peer De-configured are plain data */
	static const uint8_t body[] = { 0x06, 0x03, 0x02, 'h', 'i' };
	static const uint8_t update[] = { 0x03, 0x02, 0x02, 'h', 'i' };
	struct wire_notification n;
	notif_ok(body, LEN(body), &n);
	assert_false(n.has_shutdown_msg);
	print_is(&n, "Cease / Peer De-configured (6/3), data 026869");
	notif_ok(update, LEN(update), &n);
	assert_false(n.has_shutdown_msg);
}

static void
test_shutdown_print_escapes(void **state)
{
	(void)state;
	/* quote, backslash, newline, DEL, a C1 control, U+202E; é kept */
	static const uint8_t body[] = {
		0x06, 0x02, 0x0d, '"', '\\', '\n', 0x7f, 0xc2, 0x85,
		0xe2, 0x80, 0xae, 0xc3, 0xa9, 'o', 'k',
	};
	struct wire_notification n;
	notif_ok(body, LEN(body), &n);
	assert_true(n.has_shutdown_msg);
	print_is(&n, "Cease / Administrative Shutdown (6/2): "
	    "\"\\x22\\x5c\\x0a\\x7f\\xc2\\x85\\xe2\\x80\\xae\xc3\xa9ok\"");
}

/* ---- NOTIFICATION encode ---- */

static void
test_notif_encode(void **state)
{
	(void)state;
	static const uint8_t data[] = { 0x40, 0x02, 0x04, 0x02, 0x01, 0xfd, 0xe9 };
	static const uint8_t want[] = {
		HDR_FF, 0x00, 0x1c, 0x03,
		0x03, 0x0b, 0x40, 0x02, 0x04, 0x02, 0x01, 0xfd, 0xe9,
	};
	uint8_t buf[64];
	struct wbuf wb = wb_init(buf, sizeof(buf));
	assert_true(wire_notification_encode(BGP_ERR_UPDATE, BGP_ERR_UPD_AS_PATH,
	    data, LEN(data), &wb));
	test_emit(buf, wb.len);
	assert_bytes_equal(buf, wb.len, want, LEN(want));
	struct wire_notification n;
	check_notification_msg(buf, wb.len, &n);
	assert_memory_equal(n.data, data, LEN(data));

	/* no data */
	static const uint8_t want_hold[] = { HDR_FF, 0x00, 0x15, 0x03, 0x04, 0x00 };
	wb = wb_init(buf, sizeof(buf));
	assert_true(wire_notification_encode(BGP_ERR_HOLD, 0, NULL, 0, &wb));
	test_emit(buf, wb.len);
	assert_bytes_equal(buf, wb.len, want_hold, LEN(want_hold));
}

static void
test_notif_encode_err(void **state)
{
	(void)state;
	/* data the decoder made up (own[]) */
	static const uint8_t open_v3[] = {
		0x03, 0xfd, 0xe9, 0x00, 0x5a, 0xc0, 0x00, 0x02, 0x01, 0x00,
	};
	static const uint8_t want_version[] = {
		HDR_FF, 0x00, 0x17, 0x03, 0x02, 0x01, 0x00, 0x04,
	};
	struct wire_open o;
	struct wire_err err;
	assert_false(wire_open_decode(open_v3, LEN(open_v3), &o, &err));
	/* a copy is fine as long as data is in own[] */
	struct wire_err copy = err;
	uint8_t buf[64];
	struct wbuf wb = wb_init(buf, sizeof(buf));
	assert_true(wire_notification_encode_err(&copy, &wb));
	test_emit(buf, wb.len);
	assert_bytes_equal(buf, wb.len, want_version, LEN(want_version));

	/* data viewing a message: ROUTE-REFRESH with a bad length */
	static const uint8_t borr_long[] = { 0x00, 0x01, 0x01, 0x01, 0x00 };
	static const uint8_t want_rr[] = {
		HDR_FF, 0x00, 0x1a, 0x03, 0x07, 0x01, 0x00, 0x01, 0x01, 0x01, 0x00,
	};
	struct wire_route_refresh rr;
	assert_false(wire_route_refresh_decode(borr_long, LEN(borr_long), &rr, &err));
	wb = wb_init(buf, sizeof(buf));
	assert_true(wire_notification_encode_err(&err, &wb));
	test_emit(buf, wb.len);
	assert_bytes_equal(buf, wb.len, want_rr, LEN(want_rr));

	/* no data */
	wire_fail(&err, BGP_ERR_OPEN, BGP_ERR_OPEN_HOLD_TIME, WIRE_SESSION_RESET, "x");
	static const uint8_t want_hold[] = { HDR_FF, 0x00, 0x15, 0x03, 0x02, 0x06 };
	wb = wb_init(buf, sizeof(buf));
	assert_true(wire_notification_encode_err(&err, &wb));
	test_emit(buf, wb.len);
	assert_bytes_equal(buf, wb.len, want_hold, LEN(want_hold));
}

static void
test_notif_encode_limits(void **state)
{
	(void)state;
	/* data beyond 4096 - 21 octets is cut */
	static uint8_t data[5000];
	static uint8_t buf[6000];
	memset(data, 0x33, sizeof(data));
	struct wbuf wb = wb_init(buf, sizeof(buf));
	assert_true(wire_notification_encode(BGP_ERR_UPDATE, BGP_ERR_UPD_OPTIONAL,
	    data, sizeof(data), &wb));
	test_emit(buf, wb.len);
	assert_int_equal(wb.len, BGP_MAX_MSG_LEN);
	struct wire_notification n;
	check_notification_msg(buf, wb.len, &n);
	assert_int_equal(n.data_len, BGP_MAX_MSG_LEN - 21);

	/* too small a buffer: false, nothing written (at any size) */
	for (size_t cap = 0; cap < 21 + 3; cap++) {
		wb = wb_init(buf, cap);
		assert_false(wire_notification_encode(BGP_ERR_CEASE, 1, data, 3, &wb));
		assert_int_equal(wb.len, 0);
		assert_true(wb.overflow);
	}
	wb = wb_init(buf, 24);
	assert_true(wire_notification_encode(BGP_ERR_CEASE, 1, data, 3, &wb));
	assert_int_equal(wb.len, 24);
}

/* ---- encode_shutdown ---- */

static size_t
encode_shutdown(uint8_t subcode, const char *msg, uint8_t *buf, size_t cap,
    struct wire_notification *n)
{
	struct wbuf wb = wb_init(buf, cap);
	assert_true(wire_notification_encode_shutdown(subcode, msg, &wb));
	test_emit(buf, wb.len);
	check_notification_msg(buf, wb.len, n);
	assert_int_equal(n->code, BGP_ERR_CEASE);
	assert_int_equal(n->subcode, subcode);
	assert_true(n->has_shutdown_msg);
	return wb.len;
}

static void
test_encode_shutdown(void **state)
{
	(void)state;
	static const uint8_t want[] = {
		HDR_FF, 0x00, 0x28, 0x03, 0x06, 0x02, 0x12,
		'm', 'a', 'i', 'n', 't', 'e', 'n', 'a', 'n', 'c', 'e', ' ',
		'w', 'i', 'n', 'd', 'o', 'w',
	};
	uint8_t buf[512];
	struct wire_notification n;
	size_t len = encode_shutdown(BGP_CEASE_ADMIN_SHUTDOWN, "maintenance window",
	    buf, sizeof(buf), &n);
	assert_bytes_equal(buf, len, want, LEN(want));
	assert_string_equal(n.shutdown_msg, "maintenance window");

	/* empty message: a zero length octet */
	static const uint8_t want_empty[] = { HDR_FF, 0x00, 0x16, 0x03, 0x06, 0x04, 0x00 };
	len = encode_shutdown(BGP_CEASE_ADMIN_RESET, "", buf, sizeof(buf), &n);
	assert_bytes_equal(buf, len, want_empty, LEN(want_empty));
	len = encode_shutdown(BGP_CEASE_ADMIN_RESET, NULL, buf, sizeof(buf), &n);
	assert_bytes_equal(buf, len, want_empty, LEN(want_empty));

	/* UTF-8 goes through as is */
	encode_shutdown(BGP_CEASE_ADMIN_SHUTDOWN, "Wartung f\xc3\xbcr R1", buf,
	    sizeof(buf), &n);
	assert_string_equal(n.shutdown_msg, "Wartung f\xc3\xbcr R1");

	/* other subcodes do not carry a shutdown communication */
	struct wbuf wb = wb_init(buf, sizeof(buf));
	assert_false(wire_notification_encode_shutdown(BGP_CEASE_PEER_DECONFIGURED,
	    "x", &wb));
	assert_int_equal(wb.len, 0);

	/* no room */
	wb = wb_init(buf, 22);
	assert_false(wire_notification_encode_shutdown(BGP_CEASE_ADMIN_SHUTDOWN,
	    "x", &wb));
	assert_int_equal(wb.len, 0);
}

static void
test_encode_shutdown_cut(void **state)
{
	(void)state;
	static const struct {
		size_t pad;		/* ASCII octets before the character */
		const char *ch;		/* the character the cut may fall in */
		size_t want;		/* length octet expected */
	} cases[] = {
		{ 300, "", 255 },		/* ASCII: cut at 255 */
		{ 255, "\xc3\xa9", 255 },	/* é starts at 255: cut before it */
		{ 254, "\xc3\xa9", 254 },	/* é at 254..255: cut before it */
		{ 253, "\xc3\xa9x", 255 },	/* é at 253..254: kept whole */
		{ 253, "\xe2\x82\xac", 253 },	/* € at 253..255 */
		{ 254, "\xe2\x82\xac", 254 },	/* € at 254..256 */
		{ 252, "\xe2\x82\xacx", 255 },	/* € at 252..254: kept whole */
		{ 252, "\xf0\x9f\x98\x80", 252 }, /* U+1F600 at 252..255 */
		{ 251, "\xf0\x9f\x98\x80", 255 }, /* U+1F600 at 251..254, then zz */
		{ 255, "", 255 },		/* exactly 255: nothing cut */
	};
	char msg[400];
	uint8_t buf[512];
	struct wire_notification n;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(msg, 'a', cases[i].pad);
		strcpy(msg + cases[i].pad, cases[i].ch);
		/* make sure something follows, so the cut is exercised */
		if (cases[i].pad + strlen(cases[i].ch) <= 255 && cases[i].pad < 255)
			strcat(msg, "zz");
		size_t len = encode_shutdown(BGP_CEASE_ADMIN_SHUTDOWN, msg, buf,
		    sizeof(buf), &n);
		uint8_t l = buf[BGP_HEADER_LEN + 2];
		if (l != cases[i].want)
			fprintf(stderr, "case %zu: length %u, wanted %zu\n", i, l,
			    cases[i].want);
		assert_int_equal(l, cases[i].want);
		assert_int_equal(len, BGP_HEADER_LEN + 3 + cases[i].want);
		assert_int_equal(strlen(n.shutdown_msg), cases[i].want);
		assert_memory_equal(n.shutdown_msg, msg, cases[i].want);
	}
}

/* ---- ROUTE-REFRESH ---- */

static void
test_rr_decode(void **state)
{
	(void)state;
	static const uint8_t normal[] = { 0x00, 0x01, 0x00, 0x01 };
	static const uint8_t borr[] = { 0x00, 0x02, 0x01, 0x01 };
	static const uint8_t eorr[] = { 0x00, 0x01, 0x02, 0x01 };
	static const uint8_t vpn[] = { 0x00, 0x01, 0x00, 0x80 };
	struct wire_route_refresh rr;
	struct wire_err err;

	assert_true(wire_route_refresh_decode(normal, LEN(normal), &rr, &err));
	assert_int_equal(rr.afi, BGP_AFI_IPV4);
	assert_int_equal(rr.safi, BGP_SAFI_UNICAST);
	assert_int_equal(rr.subtype, BGP_RR_NORMAL);
	rr_print_is(&rr, "ipv4-unicast, request");

	assert_true(wire_route_refresh_decode(borr, LEN(borr), &rr, &err));
	assert_int_equal(rr.afi, BGP_AFI_IPV6);
	assert_int_equal(rr.subtype, BGP_RR_BORR);
	rr_print_is(&rr, "ipv6-unicast, BoRR (beginning of route refresh)");

	assert_true(wire_route_refresh_decode(eorr, LEN(eorr), &rr, &err));
	assert_int_equal(rr.subtype, BGP_RR_EORR);
	rr_print_is(&rr, "ipv4-unicast, EoRR (end of route refresh)");

	assert_true(wire_route_refresh_decode(vpn, LEN(vpn), &rr, &err));
	assert_int_equal(rr.safi, 128);
	rr_print_is(&rr, "afi 1 safi 128, request");
}

static void
test_rr_orf(void **state)
{
	(void)state;
	/* RFC 5291: a normal request with ORF entries after the 4 octets */
	static const uint8_t orf[] = {
		0x00, 0x01, 0x00, 0x01,
		0x01, 0x40, 0x00, 0x07, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	};
	struct wire_route_refresh rr;
	struct wire_err err;
	assert_true(wire_route_refresh_decode(orf, LEN(orf), &rr, &err));
	assert_int_equal(rr.afi, 1);
	assert_int_equal(rr.subtype, 0);
	assert_int_equal(rr.safi, 1);
}

static void
expect_rr_bad_len(const uint8_t *body, size_t len)
{
	struct wire_route_refresh rr;
	struct wire_err err;
	memset(&err, 0, sizeof(err));
	assert_false(wire_route_refresh_decode(body, len, &rr, &err));
	assert_int_equal(err.code, BGP_ERR_ROUTE_REFRESH);
	assert_int_equal(err.subcode, BGP_ERR_RR_BAD_LEN);
	assert_int_equal(err.action, WIRE_SESSION_RESET);
	/* the data is the body (the caller may widen it to the message) */
	assert_ptr_equal(err.data, body);
	assert_int_equal(err.data_len, len);
	assert_true(err.reason[0] != '\0');
}

static void
test_rr_bad_len(void **state)
{
	(void)state;
	static const uint8_t borr5[] = { 0x00, 0x01, 0x01, 0x01, 0x00 };
	static const uint8_t eorr8[] = { 0x00, 0x02, 0x02, 0x01, 0, 0, 0, 0 };
	static const uint8_t three[] = { 0x00, 0x01, 0x00 };
	static const uint8_t three_eorr[] = { 0x00, 0x01, 0x02 };
	expect_rr_bad_len(borr5, LEN(borr5));
	expect_rr_bad_len(eorr8, LEN(eorr8));
	expect_rr_bad_len(three, LEN(three));
	expect_rr_bad_len(three_eorr, LEN(three_eorr));
	expect_rr_bad_len(three, 2);
	expect_rr_bad_len(three, 1);
	expect_rr_bad_len(three, 0);
}

static void
test_rr_unknown_subtype(void **state)
{
	(void)state;
	/* RFC 7313 §5: ignore; the decoder hands the subtype up as received */
	static const uint8_t st3[] = { 0x00, 0x01, 0x03, 0x01 };
	static const uint8_t st255_long[] = { 0x00, 0x02, 0xff, 0x01, 0xaa, 0xbb };
	struct wire_route_refresh rr;
	struct wire_err err;
	assert_true(wire_route_refresh_decode(st3, LEN(st3), &rr, &err));
	assert_int_equal(rr.subtype, 3);
	rr_print_is(&rr, "ipv4-unicast, subtype 3 (unknown, ignored)");
	assert_true(wire_route_refresh_decode(st255_long, LEN(st255_long), &rr, &err));
	assert_int_equal(rr.subtype, 255);
	assert_int_equal(rr.afi, 2);
}

static void
test_rr_encode(void **state)
{
	(void)state;
	static const struct {
		struct wire_route_refresh rr;
		uint8_t want[BGP_ROUTE_REFRESH_LEN];
	} cases[] = {
		{ { BGP_AFI_IPV4, BGP_RR_NORMAL, BGP_SAFI_UNICAST },
		  { HDR_FF, 0x00, 0x17, 0x05, 0x00, 0x01, 0x00, 0x01 } },
		{ { BGP_AFI_IPV6, BGP_RR_BORR, BGP_SAFI_UNICAST },
		  { HDR_FF, 0x00, 0x17, 0x05, 0x00, 0x02, 0x01, 0x01 } },
		{ { BGP_AFI_IPV6, BGP_RR_EORR, BGP_SAFI_UNICAST },
		  { HDR_FF, 0x00, 0x17, 0x05, 0x00, 0x02, 0x02, 0x01 } },
	};
	uint8_t buf[64];
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct wbuf wb = wb_init(buf, sizeof(buf));
		assert_true(wire_route_refresh_encode(&cases[i].rr, &wb));
		test_emit(buf, wb.len);
		assert_bytes_equal(buf, wb.len, cases[i].want, BGP_ROUTE_REFRESH_LEN);

		struct wire_header h;
		struct wire_err err;
		struct wire_route_refresh back;
		assert_true(wire_header_decode(buf, wb.len, BGP_MAX_MSG_LEN, &h, &err));
		assert_int_equal(h.type, BGP_MSG_ROUTE_REFRESH);
		assert_true(wire_route_refresh_decode(buf + BGP_HEADER_LEN,
		    wb.len - BGP_HEADER_LEN, &back, &err));
		assert_int_equal(back.afi, cases[i].rr.afi);
		assert_int_equal(back.subtype, cases[i].rr.subtype);
		assert_int_equal(back.safi, cases[i].rr.safi);
	}
	for (size_t cap = 0; cap < BGP_ROUTE_REFRESH_LEN; cap++) {
		struct wbuf wb = wb_init(buf, cap);
		assert_false(wire_route_refresh_encode(&cases[0].rr, &wb));
		assert_int_equal(wb.len, 0);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names_registry),
		cmocka_unit_test(test_names_unknown),
		cmocka_unit_test(test_notif_plain),
		cmocka_unit_test(test_notif_unknown_code),
		cmocka_unit_test(test_notif_short),
		cmocka_unit_test(test_shutdown_valid),
		cmocka_unit_test(test_shutdown_empty),
		cmocka_unit_test(test_shutdown_longest),
		cmocka_unit_test(test_shutdown_bad_length),
		cmocka_unit_test(test_shutdown_bad_utf8),
		cmocka_unit_test(test_shutdown_other_subcodes),
		cmocka_unit_test(test_shutdown_print_escapes),
		cmocka_unit_test(test_notif_encode),
		cmocka_unit_test(test_notif_encode_err),
		cmocka_unit_test(test_notif_encode_limits),
		cmocka_unit_test(test_encode_shutdown),
		cmocka_unit_test(test_encode_shutdown_cut),
		cmocka_unit_test(test_rr_decode),
		cmocka_unit_test(test_rr_orf),
		cmocka_unit_test(test_rr_bad_len),
		cmocka_unit_test(test_rr_unknown_subtype),
		cmocka_unit_test(test_rr_encode),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
