/*
 * ctl_proto.c -- control protocol frames: see ctl_proto.h for the format.
 *
 * Every length is checked against what is left before it is used; the
 * decoders report the first problem as an error value.
 */
#include "config.h"

#include "ctl_proto.h"

#include <string.h>

const char *
ctl_strerror(int err)
{
	switch (err) {
	case CTL_OK:		return "no error";
	case CTL_E_SHORT:	return "truncated frame";
	case CTL_E_VERSION:	return "unsupported protocol version";
	case CTL_E_TYPE:	return "unexpected frame type";
	case CTL_E_RESERVED:	return "reserved header octets not zero";
	case CTL_E_TOOBIG:	return "frame too large";
	case CTL_E_MALFORMED:	return "malformed frame";
	case CTL_E_FLAGS:	return "unknown request flags";
	case CTL_E_NUL:		return "NUL octet in text";
	case CTL_E_STATUS:	return "exit status out of range";
	case CTL_E_EMPTY:	return "empty data frame";
	case CTL_E_SPACE:	return "buffer too small";
	}
	return "unknown error";
}

static uint16_t
get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t
get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void
put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

void
ctl_hdr_put(uint8_t hdr[CTL_HDR_LEN], uint8_t type, uint32_t len)
{
	hdr[0] = CTL_PROTO_VERSION;
	hdr[1] = type;
	hdr[2] = 0;
	hdr[3] = 0;
	put32(hdr + 4, len);
}

int
ctl_frame_parse(const uint8_t *p, size_t avail, size_t max_payload,
    struct ctl_frame *f, size_t *used)
{
	memset(f, 0, sizeof(*f));
	*used = CTL_HDR_LEN;
	if (avail < 1)
		return CTL_E_SHORT;
	f->version = p[0];
	if (p[0] != CTL_PROTO_VERSION)
		return CTL_E_VERSION;	/* decided on the first octet, so both sides can say so */
	if (avail < CTL_HDR_LEN)
		return CTL_E_SHORT;
	f->type = p[1];
	if (p[1] < CTL_T_REQUEST || p[1] > CTL_T_END)
		return CTL_E_TYPE;
	if (p[2] != 0 || p[3] != 0)
		return CTL_E_RESERVED;
	uint32_t len = get32(p + 4);
	if (len > max_payload || len > CTL_DATA_MAX)
		return CTL_E_TOOBIG;
	f->len = len;
	*used = CTL_HDR_LEN + (size_t)len;
	if (avail < *used)
		return CTL_E_SHORT;
	f->payload = p + CTL_HDR_LEN;
	return CTL_OK;
}

int
ctl_req_encode(uint32_t flags, int argc, const char *const *argv,
    uint8_t *out, size_t cap, size_t *len)
{
	*len = 0;
	if (flags & ~CTL_F_ALL)
		return CTL_E_FLAGS;
	if (argc < 0 || argc > CTL_MAX_WORDS)
		return CTL_E_TOOBIG;
	size_t need = CTL_HDR_LEN + 4 + 2;
	for (int i = 0; i < argc; i++) {
		size_t n = strlen(argv[i]);
		if (n > CTL_REQ_MAX)
			return CTL_E_TOOBIG;
		need += 2 + n;
	}
	if (need > CTL_REQ_MAX)
		return CTL_E_TOOBIG;
	if (need > cap)
		return CTL_E_SPACE;
	ctl_hdr_put(out, CTL_T_REQUEST, (uint32_t)(need - CTL_HDR_LEN));
	uint8_t *p = out + CTL_HDR_LEN;
	put32(p, flags);
	put16(p + 4, (uint16_t)argc);
	p += 6;
	for (int i = 0; i < argc; i++) {
		size_t n = strlen(argv[i]);
		put16(p, (uint16_t)n);
		memcpy(p + 2, argv[i], n);
		p += 2 + n;
	}
	*len = need;
	return CTL_OK;
}

static int
req_decode(const uint8_t *payload, size_t len, struct ctl_request *req)
{
	size_t off, st = 0;

	if (len > CTL_REQ_MAX - CTL_HDR_LEN)
		return CTL_E_TOOBIG;
	if (len < 6)
		return CTL_E_MALFORMED;
	uint32_t flags = get32(payload);
	if (flags & ~CTL_F_ALL)
		return CTL_E_FLAGS;
	unsigned count = get16(payload + 4);
	if (count > CTL_MAX_WORDS)
		return CTL_E_TOOBIG;
	off = 6;
	for (unsigned i = 0; i < count; i++) {
		if (len - off < 2)
			return CTL_E_MALFORMED;
		size_t n = get16(payload + off);
		off += 2;
		if (len - off < n)
			return CTL_E_MALFORMED;
		if (memchr(payload + off, '\0', n) != NULL)
			return CTL_E_NUL;
		/* cannot happen (the words and their NULs fit in len + count), but cheap */
		if (n + 1 > sizeof(req->store) - st)
			return CTL_E_TOOBIG;
		memcpy(req->store + st, payload + off, n);
		req->store[st + n] = '\0';
		req->argv[i] = req->store + st;
		st += n + 1;
		off += n;
	}
	if (off != len)
		return CTL_E_MALFORMED;	/* trailing octets */
	req->flags = flags;
	req->argc = (int)count;
	req->argv[count] = NULL;
	return CTL_OK;
}

int
ctl_req_decode(const uint8_t *payload, size_t len, struct ctl_request *req)
{
	int rc = req_decode(payload, len, req);
	if (rc != CTL_OK) {
		/* leave nothing half-decoded behind */
		req->flags = 0;
		req->argc = 0;
		req->argv[0] = NULL;
	}
	return rc;
}

int
ctl_data_hdr(uint8_t hdr[CTL_HDR_LEN], size_t len)
{
	if (len == 0)
		return CTL_E_EMPTY;
	if (len > CTL_DATA_MAX)
		return CTL_E_TOOBIG;
	ctl_hdr_put(hdr, CTL_T_DATA, (uint32_t)len);
	return CTL_OK;
}

int
ctl_end_encode(int status, const char *msg, uint8_t *out, size_t cap, size_t *len)
{
	size_t n = msg != NULL ? strlen(msg) : 0;

	*len = 0;
	if (status < CTL_EXIT_OK || status > CTL_EXIT_USAGE)
		return CTL_E_STATUS;
	if (n > CTL_MSG_MAX) {
		n = CTL_MSG_MAX;
		/* do not cut a UTF-8 sequence: back off over continuation octets */
		while (n > 0 && ((unsigned char)msg[n] & 0xc0) == 0x80)
			n--;
	}
	if (CTL_HDR_LEN + 1 + n > cap)
		return CTL_E_SPACE;
	ctl_hdr_put(out, CTL_T_END, (uint32_t)(1 + n));
	out[CTL_HDR_LEN] = (uint8_t)status;
	if (n > 0)
		memcpy(out + CTL_HDR_LEN + 1, msg, n);
	*len = CTL_HDR_LEN + 1 + n;
	return CTL_OK;
}

int
ctl_end_decode(const uint8_t *payload, size_t len, struct ctl_end *end)
{
	end->status = CTL_EXIT_ERROR;
	end->msg_len = 0;
	end->msg[0] = '\0';
	if (len < 1)
		return CTL_E_MALFORMED;
	if (len - 1 > CTL_MSG_MAX)
		return CTL_E_TOOBIG;
	if (payload[0] > CTL_EXIT_USAGE)
		return CTL_E_STATUS;
	if (memchr(payload + 1, '\0', len - 1) != NULL)
		return CTL_E_NUL;
	end->status = payload[0];
	end->msg_len = len - 1;
	memcpy(end->msg, payload + 1, len - 1);
	end->msg[len - 1] = '\0';
	return CTL_OK;
}
