/*
 * test_ctl_proto.c -- control protocol frames: exact octets of each frame
 * type, round trips, and every decoder error on truncated, oversized and
 * malformed input.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "ctl_proto.h"

static void
test_request_octets(void **state)
{
	(void)state;
	const char *argv[] = { "s", "sum", "" };
	const uint8_t want[] = {
		0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,	/* v1 REQUEST, 16 octets */
		0x00, 0x00, 0x00, 0x03,				/* json | dry-run */
		0x00, 0x03,					/* three words */
		0x00, 0x01, 's',
		0x00, 0x03, 's', 'u', 'm',
		0x00, 0x00,
	};
	uint8_t buf[CTL_REQ_MAX];
	size_t len;

	assert_int_equal(ctl_req_encode(CTL_F_JSON | CTL_F_DRY_RUN, 3, argv, buf, sizeof(buf), &len), CTL_OK);
	assert_int_equal(len, sizeof(want));
	assert_memory_equal(buf, want, sizeof(want));

	struct ctl_frame f;
	size_t used;
	assert_int_equal(ctl_frame_parse(buf, len, CTL_REQ_MAX - CTL_HDR_LEN, &f, &used), CTL_OK);
	assert_int_equal(used, len);
	assert_int_equal(f.type, CTL_T_REQUEST);
	assert_int_equal(f.len, 16);

	struct ctl_request *req = malloc(sizeof(*req));
	assert_non_null(req);
	assert_int_equal(ctl_req_decode(f.payload, f.len, req), CTL_OK);
	assert_int_equal(req->flags, CTL_F_JSON | CTL_F_DRY_RUN);
	assert_int_equal(req->argc, 3);
	assert_string_equal(req->argv[0], "s");
	assert_string_equal(req->argv[1], "sum");
	assert_string_equal(req->argv[2], "");
	assert_null(req->argv[3]);
	free(req);
}

static void
test_request_no_words(void **state)
{
	(void)state;
	uint8_t buf[64];
	size_t len;
	struct ctl_request *req = malloc(sizeof(*req));
	assert_non_null(req);
	assert_int_equal(ctl_req_encode(CTL_F_HELP, 0, NULL, buf, sizeof(buf), &len), CTL_OK);
	assert_int_equal(len, CTL_HDR_LEN + 6);
	assert_int_equal(ctl_req_decode(buf + CTL_HDR_LEN, len - CTL_HDR_LEN, req), CTL_OK);
	assert_int_equal(req->argc, 0);
	assert_int_equal(req->flags, CTL_F_HELP);
	assert_null(req->argv[0]);
	free(req);
}

static void
test_request_bounds(void **state)
{
	(void)state;
	static char big[CTL_REQ_MAX + 8];
	const char *argv[CTL_MAX_WORDS + 1];
	uint8_t buf[CTL_REQ_MAX + 64];
	size_t len;
	struct ctl_request *req = malloc(sizeof(*req));
	assert_non_null(req);

	/* the largest request: one word filling the frame to CTL_REQ_MAX */
	size_t n = CTL_REQ_MAX - CTL_HDR_LEN - 6 - 2;
	memset(big, 'x', n);
	big[n] = '\0';
	argv[0] = big;
	assert_int_equal(ctl_req_encode(0, 1, argv, buf, sizeof(buf), &len), CTL_OK);
	assert_int_equal(len, CTL_REQ_MAX);
	struct ctl_frame f;
	size_t used;
	assert_int_equal(ctl_frame_parse(buf, len, CTL_REQ_MAX - CTL_HDR_LEN, &f, &used), CTL_OK);
	assert_int_equal(ctl_req_decode(f.payload, f.len, req), CTL_OK);
	assert_int_equal(strlen(req->argv[0]), n);

	/* one octet more is too big, for the encoder and the frame reader */
	big[n] = 'x';
	big[n + 1] = '\0';
	assert_int_equal(ctl_req_encode(0, 1, argv, buf, sizeof(buf), &len), CTL_E_TOOBIG);
	ctl_hdr_put(buf, CTL_T_REQUEST, CTL_REQ_MAX - CTL_HDR_LEN + 1);
	assert_int_equal(ctl_frame_parse(buf, sizeof(buf), CTL_REQ_MAX - CTL_HDR_LEN, &f, &used), CTL_E_TOOBIG);
	uint8_t *payload = calloc(1, CTL_REQ_MAX);
	assert_int_equal(ctl_req_decode(payload, CTL_REQ_MAX - CTL_HDR_LEN + 1, req), CTL_E_TOOBIG);
	free(payload);

	/* too many words */
	for (int i = 0; i <= CTL_MAX_WORDS; i++)
		argv[i] = "w";
	assert_int_equal(ctl_req_encode(0, CTL_MAX_WORDS + 1, argv, buf, sizeof(buf), &len), CTL_E_TOOBIG);
	assert_int_equal(ctl_req_encode(0, CTL_MAX_WORDS, argv, buf, sizeof(buf), &len), CTL_OK);
	assert_int_equal(ctl_req_decode(buf + CTL_HDR_LEN, len - CTL_HDR_LEN, req), CTL_OK);
	assert_int_equal(req->argc, CTL_MAX_WORDS);
	buf[CTL_HDR_LEN + 5] = CTL_MAX_WORDS + 1;	/* count says 65 */
	assert_int_equal(ctl_req_decode(buf + CTL_HDR_LEN, len - CTL_HDR_LEN, req), CTL_E_TOOBIG);

	/* unknown flags; a buffer too small */
	assert_int_equal(ctl_req_encode(0x80, 1, argv, buf, sizeof(buf), &len), CTL_E_FLAGS);
	assert_int_equal(ctl_req_encode(0, 1, argv, buf, 10, &len), CTL_E_SPACE);
	free(req);
}

static void
test_request_malformed(void **state)
{
	(void)state;
	struct ctl_request *req = malloc(sizeof(*req));
	assert_non_null(req);
	const uint8_t short_hdr[] = { 0, 0, 0, 0, 0 };
	const uint8_t flags[] = { 0, 0, 1, 0, 0, 0 };
	const uint8_t cut_len[] = { 0, 0, 0, 0, 0, 1, 0 };
	const uint8_t cut_word[] = { 0, 0, 0, 0, 0, 1, 0, 3, 'a', 'b' };
	const uint8_t trailing[] = { 0, 0, 0, 0, 0, 1, 0, 1, 'a', 'z' };
	const uint8_t nul[] = { 0, 0, 0, 0, 0, 1, 0, 3, 'a', 0, 'b' };
	const uint8_t missing[] = { 0, 0, 0, 0, 0, 2, 0, 1, 'a' };

	assert_int_equal(ctl_req_decode(short_hdr, sizeof(short_hdr), req), CTL_E_MALFORMED);
	assert_int_equal(ctl_req_decode(flags, sizeof(flags), req), CTL_E_FLAGS);
	assert_int_equal(ctl_req_decode(cut_len, sizeof(cut_len), req), CTL_E_MALFORMED);
	assert_int_equal(ctl_req_decode(cut_word, sizeof(cut_word), req), CTL_E_MALFORMED);
	assert_int_equal(ctl_req_decode(trailing, sizeof(trailing), req), CTL_E_MALFORMED);
	assert_int_equal(ctl_req_decode(nul, sizeof(nul), req), CTL_E_NUL);
	assert_int_equal(ctl_req_decode(missing, sizeof(missing), req), CTL_E_MALFORMED);
	/* a failed decode leaves an empty request */
	assert_int_equal(req->argc, 0);
	assert_null(req->argv[0]);
	free(req);
}

static void
test_frame_parse_errors(void **state)
{
	(void)state;
	struct ctl_frame f;
	size_t used;
	uint8_t hdr[CTL_HDR_LEN + 4] = { 1, 2, 0, 0, 0, 0, 0, 4, 'a', 'b', 'c', 'd' };

	assert_int_equal(ctl_frame_parse(hdr, 0, CTL_DATA_MAX, &f, &used), CTL_E_SHORT);
	assert_int_equal(used, CTL_HDR_LEN);
	assert_int_equal(ctl_frame_parse(hdr, 7, CTL_DATA_MAX, &f, &used), CTL_E_SHORT);
	assert_int_equal(ctl_frame_parse(hdr, 10, CTL_DATA_MAX, &f, &used), CTL_E_SHORT);
	assert_int_equal(used, 12);	/* known once the header is in */
	assert_int_equal(ctl_frame_parse(hdr, 12, CTL_DATA_MAX, &f, &used), CTL_OK);
	assert_int_equal(f.type, CTL_T_DATA);
	assert_memory_equal(f.payload, "abcd", 4);
	/* a payload over the caller's bound */
	assert_int_equal(ctl_frame_parse(hdr, 12, 3, &f, &used), CTL_E_TOOBIG);

	hdr[0] = 2;	/* a future version: known from the first octet */
	assert_int_equal(ctl_frame_parse(hdr, 1, CTL_DATA_MAX, &f, &used), CTL_E_VERSION);
	assert_int_equal(f.version, 2);
	hdr[0] = 1;
	hdr[1] = 0;
	assert_int_equal(ctl_frame_parse(hdr, 12, CTL_DATA_MAX, &f, &used), CTL_E_TYPE);
	hdr[1] = 4;
	assert_int_equal(ctl_frame_parse(hdr, 12, CTL_DATA_MAX, &f, &used), CTL_E_TYPE);
	hdr[1] = 2;
	hdr[3] = 1;
	assert_int_equal(ctl_frame_parse(hdr, 12, CTL_DATA_MAX, &f, &used), CTL_E_RESERVED);
	hdr[3] = 0;
	hdr[4] = 0x80;	/* 2 GiB */
	assert_int_equal(ctl_frame_parse(hdr, 12, SIZE_MAX, &f, &used), CTL_E_TOOBIG);
}

static void
test_data_frames(void **state)
{
	(void)state;
	uint8_t hdr[CTL_HDR_LEN];
	const uint8_t want[] = { 1, 2, 0, 0, 0, 1, 0, 0 };

	assert_int_equal(ctl_data_hdr(hdr, 0), CTL_E_EMPTY);
	assert_int_equal(ctl_data_hdr(hdr, CTL_DATA_MAX + 1), CTL_E_TOOBIG);
	assert_int_equal(ctl_data_hdr(hdr, CTL_DATA_MAX), CTL_OK);
	assert_memory_equal(hdr, want, sizeof(want));

	uint8_t *big = calloc(1, CTL_FRAME_MAX);
	struct ctl_frame f;
	size_t used;
	memcpy(big, hdr, sizeof(hdr));
	assert_int_equal(ctl_frame_parse(big, CTL_FRAME_MAX, CTL_DATA_MAX, &f, &used), CTL_OK);
	assert_int_equal(f.len, CTL_DATA_MAX);
	assert_int_equal(used, CTL_FRAME_MAX);
	free(big);
}

static void
test_end_frames(void **state)
{
	(void)state;
	uint8_t buf[CTL_HDR_LEN + 1 + CTL_MSG_MAX];
	size_t len;
	struct ctl_end end;
	const uint8_t ok[] = { 1, 3, 0, 0, 0, 0, 0, 1, 0 };
	const uint8_t usage[] = { 1, 3, 0, 0, 0, 0, 0, 4, 2, 'b', 'a', 'd' };

	assert_int_equal(ctl_end_encode(0, NULL, buf, sizeof(buf), &len), CTL_OK);
	assert_int_equal(len, sizeof(ok));
	assert_memory_equal(buf, ok, sizeof(ok));
	assert_int_equal(ctl_end_encode(2, "bad", buf, sizeof(buf), &len), CTL_OK);
	assert_int_equal(len, sizeof(usage));
	assert_memory_equal(buf, usage, sizeof(usage));
	assert_int_equal(ctl_end_decode(buf + CTL_HDR_LEN, len - CTL_HDR_LEN, &end), CTL_OK);
	assert_int_equal(end.status, 2);
	assert_string_equal(end.msg, "bad");
	assert_int_equal(end.msg_len, 3);

	assert_int_equal(ctl_end_encode(3, NULL, buf, sizeof(buf), &len), CTL_E_STATUS);
	assert_int_equal(ctl_end_encode(-1, NULL, buf, sizeof(buf), &len), CTL_E_STATUS);
	assert_int_equal(ctl_end_encode(0, "x", buf, 9, &len), CTL_E_SPACE);

	const uint8_t st3[] = { 3 };
	const uint8_t nul[] = { 1, 'a', 0 };
	assert_int_equal(ctl_end_decode(st3, 1, &end), CTL_E_STATUS);
	assert_int_equal(ctl_end_decode(nul, 3, &end), CTL_E_NUL);
	assert_int_equal(ctl_end_decode(nul, 0, &end), CTL_E_MALFORMED);
	uint8_t *longmsg = calloc(1, CTL_MSG_MAX + 2);
	memset(longmsg, 'a', CTL_MSG_MAX + 2);
	longmsg[0] = 1;
	assert_int_equal(ctl_end_decode(longmsg, CTL_MSG_MAX + 1, &end), CTL_OK);
	assert_int_equal(end.msg_len, CTL_MSG_MAX);
	assert_int_equal(ctl_end_decode(longmsg, CTL_MSG_MAX + 2, &end), CTL_E_TOOBIG);
	free(longmsg);
}

static void
test_end_truncates_utf8(void **state)
{
	(void)state;
	/* 1023 'a' then é (2 octets): cutting at 1024 would split é */
	char msg[CTL_MSG_MAX + 8];
	uint8_t buf[CTL_HDR_LEN + 1 + CTL_MSG_MAX];
	size_t len;
	struct ctl_end end;

	memset(msg, 'a', CTL_MSG_MAX - 1);
	memcpy(msg + CTL_MSG_MAX - 1, "\xc3\xa9zz", 5);
	assert_int_equal(ctl_end_encode(1, msg, buf, sizeof(buf), &len), CTL_OK);
	assert_int_equal(len, CTL_HDR_LEN + 1 + CTL_MSG_MAX - 1);
	assert_int_equal(ctl_end_decode(buf + CTL_HDR_LEN, len - CTL_HDR_LEN, &end), CTL_OK);
	assert_int_equal(end.msg_len, CTL_MSG_MAX - 1);
	assert_int_equal(end.status, 1);
}

static void
test_stream_of_frames(void **state)
{
	(void)state;
	uint8_t buf[256];
	size_t n = 0, len, used;
	struct ctl_frame f;
	struct ctl_end end;

	ctl_data_hdr(buf, 5);
	memcpy(buf + CTL_HDR_LEN, "hello", 5);
	n = CTL_HDR_LEN + 5;
	ctl_data_hdr(buf + n, 1);
	buf[n + CTL_HDR_LEN] = '\n';
	n += CTL_HDR_LEN + 1;
	ctl_end_encode(1, "failed", buf + n, sizeof(buf) - n, &len);
	n += len;

	size_t off = 0;
	assert_int_equal(ctl_frame_parse(buf + off, n - off, CTL_DATA_MAX, &f, &used), CTL_OK);
	assert_int_equal(f.type, CTL_T_DATA);
	assert_memory_equal(f.payload, "hello", 5);
	off += used;
	assert_int_equal(ctl_frame_parse(buf + off, n - off, CTL_DATA_MAX, &f, &used), CTL_OK);
	assert_int_equal(f.len, 1);
	off += used;
	assert_int_equal(ctl_frame_parse(buf + off, n - off, CTL_DATA_MAX, &f, &used), CTL_OK);
	assert_int_equal(f.type, CTL_T_END);
	assert_int_equal(ctl_end_decode(f.payload, f.len, &end), CTL_OK);
	assert_string_equal(end.msg, "failed");
	off += used;
	assert_int_equal(off, n);
}

static void
test_strerror(void **state)
{
	(void)state;
	for (int e = CTL_E_SPACE; e <= CTL_OK; e++) {
		assert_non_null(ctl_strerror(e));
		assert_string_not_equal(ctl_strerror(e), "unknown error");
	}
	assert_string_equal(ctl_strerror(-99), "unknown error");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_request_octets),
		cmocka_unit_test(test_request_no_words),
		cmocka_unit_test(test_request_bounds),
		cmocka_unit_test(test_request_malformed),
		cmocka_unit_test(test_frame_parse_errors),
		cmocka_unit_test(test_data_frames),
		cmocka_unit_test(test_end_frames),
		cmocka_unit_test(test_end_truncates_utf8),
		cmocka_unit_test(test_stream_of_frames),
		cmocka_unit_test(test_strerror),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
