/*
 * wire_header.c -- the 19-octet message header (RFC 4271 §4.1, §6.1) and
 * KEEPALIVE.
 */
#include "wire.h"

#include <string.h>

static const uint8_t marker[BGP_MARKER_LEN] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
};

/* Per-type length rule: minimum, and whether it is also the maximum. */
static bool
type_len_ok(uint8_t type, uint16_t len)
{
	switch (type) {
	case BGP_MSG_OPEN:
		return len >= BGP_OPEN_MIN_LEN;
	case BGP_MSG_UPDATE:
		return len >= BGP_UPDATE_MIN_LEN;
	case BGP_MSG_NOTIFICATION:
		return len >= BGP_NOTIFICATION_MIN_LEN;
	case BGP_MSG_KEEPALIVE:
		return len == BGP_KEEPALIVE_LEN;
	case BGP_MSG_ROUTE_REFRESH:
		/*
		 * RFC 7313 §5: a wrong length is a ROUTE-REFRESH Message Error
		 * (7/1) with the whole message, which the decoder reports.
		 */
		return true;
	}
	return true;
}

bool
wire_header_decode(const uint8_t *p, size_t len, size_t max_len,
    struct wire_header *h, struct wire_err *err)
{
	if (len < BGP_HEADER_LEN)
		return wire_fail(err, BGP_ERR_HEADER, BGP_ERR_HDR_BAD_LEN,
		    WIRE_SESSION_RESET, "message of %zu octets is shorter than the header", len);
	if (memcmp(p, marker, BGP_MARKER_LEN) != 0)
		return wire_fail(err, BGP_ERR_HEADER, BGP_ERR_HDR_NOT_SYNC,
		    WIRE_SESSION_RESET, "marker is not all ones");
	h->len = get_u16(p + 16);
	h->type = p[18];
	if (h->len < BGP_HEADER_LEN || h->len > max_len) {
		wire_fail(err, BGP_ERR_HEADER, BGP_ERR_HDR_BAD_LEN,
		    WIRE_SESSION_RESET, "length %u outside %u..%zu", h->len,
		    BGP_HEADER_LEN, max_len);
		wire_err_own_data(err, p + 16, 2);
		return false;
	}
	if (h->type < BGP_MSG_OPEN || h->type > BGP_MSG_ROUTE_REFRESH) {
		wire_fail(err, BGP_ERR_HEADER, BGP_ERR_HDR_BAD_TYPE,
		    WIRE_SESSION_RESET, "unknown message type %u", h->type);
		wire_err_own_data(err, p + 18, 1);
		return false;
	}
	if (!type_len_ok(h->type, h->len)) {
		wire_fail(err, BGP_ERR_HEADER, BGP_ERR_HDR_BAD_LEN,
		    WIRE_SESSION_RESET, "length %u is wrong for a %s message",
		    h->len, wire_msg_type_name(h->type));
		wire_err_own_data(err, p + 16, 2);
		return false;
	}
	return true;
}

bool
wire_header_begin(struct wbuf *wb, uint8_t type, size_t *start)
{
	*start = wb->len;
	if (!wb_put(wb, marker, sizeof(marker)) || !wb_u16(wb, 0) ||
	    !wb_u8(wb, type)) {
		wb->len = *start;
		return false;
	}
	return true;
}

void
wire_header_finish(struct wbuf *wb, size_t start)
{
	put_u16(wb->p + start + 16, (uint16_t)(wb->len - start));
}

const char *
wire_msg_type_name(uint8_t type)
{
	switch (type) {
	case BGP_MSG_OPEN:
		return "OPEN";
	case BGP_MSG_UPDATE:
		return "UPDATE";
	case BGP_MSG_NOTIFICATION:
		return "NOTIFICATION";
	case BGP_MSG_KEEPALIVE:
		return "KEEPALIVE";
	case BGP_MSG_ROUTE_REFRESH:
		return "ROUTE-REFRESH";
	}
	return "unknown";
}

bool
wire_keepalive_encode(struct wbuf *wb)
{
	size_t start;
	if (!wire_header_begin(wb, BGP_MSG_KEEPALIVE, &start))
		return false;
	wire_header_finish(wb, start);
	return true;
}
