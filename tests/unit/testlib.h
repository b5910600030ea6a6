/*
 * testlib.h -- helpers shared by the cmocka unit tests.
 *
 * Test vectors are raw wire bytes in C arrays (lengths computed by the
 * compiler with sizeof). Every message a test encodes is passed to
 * test_emit(), which appends it as hex to $ECMPD_WIRE_DUMP when that is set:
 * tests/oracle/tshark_oracle.sh feeds the file to tshark.
 */
#ifndef ECMPD_TESTLIB_H
#define ECMPD_TESTLIB_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "wire.h"

/* Record an encoded message (header included) for the tshark oracle. */
void test_emit(const uint8_t *msg, size_t len);

/* Parse hex (whitespace ignored) into out; returns the byte count or -1. */
long test_unhex(const char *hex, uint8_t *out, size_t cap);

/* Build a whole message (marker, length, type) around a body into out; returns the length. */
size_t test_msg(uint8_t type, const uint8_t *body, size_t body_len, uint8_t *out, size_t cap);

/* A wire_ctx with the given settings, add-path equal in both directions. */
struct wire_ctx test_ctx(bool as4, bool addpath_v4, bool addpath_v6, bool ibgp);

/* Assert two byte arrays are equal, printing the first difference. */
#define assert_bytes_equal(a, alen, b, blen) \
	test_assert_bytes((a), (alen), (b), (blen), __FILE__, __LINE__)
void test_assert_bytes(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen,
    const char *file, int line);

#endif
