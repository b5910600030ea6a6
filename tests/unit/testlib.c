/* testlib.c -- see testlib.h. */
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
test_emit(const uint8_t *msg, size_t len)
{
	const char *path = getenv("ECMPD_WIRE_DUMP");
	if (path == NULL || *path == '\0')
		return;
	/*
	 * tshark 4.0 (Debian 12) predates RFC 8654 and calls any BGP message
	 * over 4096 octets "Length is invalid": extended messages are checked
	 * by our own round trips only.
	 */
	if (len > BGP_MAX_MSG_LEN)
		return;
	FILE *f = fopen(path, "a");
	if (f == NULL) {
		fprintf(stderr, "test_emit: cannot open %s\n", path);
		abort();
	}
	for (size_t i = 0; i < len; i++)
		fprintf(f, "%02x", msg[i]);
	fputc('\n', f);
	fclose(f);
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

long
test_unhex(const char *hex, uint8_t *out, size_t cap)
{
	size_t n = 0;
	int hi = -1;
	for (; *hex; hex++) {
		if (*hex == ' ' || *hex == '\t' || *hex == '\n' || *hex == '\r')
			continue;
		int v = hexval((unsigned char)*hex);
		if (v < 0)
			return -1;
		if (hi < 0) {
			hi = v;
			continue;
		}
		if (n >= cap)
			return -1;
		out[n++] = (uint8_t)(hi << 4 | v);
		hi = -1;
	}
	return hi < 0 ? (long)n : -1;
}

size_t
test_msg(uint8_t type, const uint8_t *body, size_t body_len, uint8_t *out, size_t cap)
{
	size_t len = BGP_HEADER_LEN + body_len;
	assert_true(len <= cap);
	memset(out, 0xff, BGP_MARKER_LEN);
	put_u16(out + 16, (uint16_t)len);
	out[18] = type;
	if (body_len)
		memcpy(out + BGP_HEADER_LEN, body, body_len);
	return len;
}

struct wire_ctx
test_ctx(bool as4, bool addpath_v4, bool addpath_v6, bool ibgp)
{
	struct wire_ctx c;
	memset(&c, 0, sizeof(c));
	c.as4 = as4;
	c.ibgp = ibgp;
	c.addpath_rx[AFS_IPV4_UNICAST] = c.addpath_tx[AFS_IPV4_UNICAST] = addpath_v4;
	c.addpath_rx[AFS_IPV6_UNICAST] = c.addpath_tx[AFS_IPV6_UNICAST] = addpath_v6;
	return c;
}

void
test_assert_bytes(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen,
    const char *file, int line)
{
	size_t n = alen < blen ? alen : blen;
	for (size_t i = 0; i < n; i++) {
		if (a[i] != b[i]) {
			fprintf(stderr, "%s:%d: bytes differ at offset %zu: %02x != %02x\n",
			    file, line, i, a[i], b[i]);
			_fail(file, line);
		}
	}
	if (alen != blen) {
		fprintf(stderr, "%s:%d: lengths differ: %zu != %zu\n", file, line, alen, blen);
		_fail(file, line);
	}
}
