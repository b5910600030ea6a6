/*
 * wire_notify.c -- NOTIFICATION (RFC 4271 §4.5) with the RFC 9003 shutdown
 * communication, the error code and subcode names (IANA "BGP Error Codes"
 * and "BGP Error Subcodes" registries), and ROUTE-REFRESH (RFC 2918, RFC
 * 7313), the other small message.
 */
#include "wire.h"

#include <string.h>

/* ---- names ---- */

static const char *const code_names[] = {
	[BGP_ERR_HEADER] = "Message Header Error",
	[BGP_ERR_OPEN] = "OPEN Message Error",
	[BGP_ERR_UPDATE] = "UPDATE Message Error",
	[BGP_ERR_HOLD] = "Hold Timer Expired",
	[BGP_ERR_FSM] = "Finite State Machine Error",
	[BGP_ERR_CEASE] = "Cease",
	[BGP_ERR_ROUTE_REFRESH] = "ROUTE-REFRESH Message Error",
	[BGP_ERR_SEND_HOLD] = "Send Hold Timer Expired",
};

/* Subcode 0 is "Unspecific" for every code but FSM (RFC 6608 names it). */
static const char *const header_names[] = {
	[0] = "Unspecific",
	[BGP_ERR_HDR_NOT_SYNC] = "Connection Not Synchronized",
	[BGP_ERR_HDR_BAD_LEN] = "Bad Message Length",
	[BGP_ERR_HDR_BAD_TYPE] = "Bad Message Type",
};

static const char *const open_names[] = {
	[0] = "Unspecific",
	[BGP_ERR_OPEN_VERSION] = "Unsupported Version Number",
	[BGP_ERR_OPEN_BAD_AS] = "Bad Peer AS",
	[BGP_ERR_OPEN_BAD_ID] = "Bad BGP Identifier",
	[BGP_ERR_OPEN_OPT_PARAM] = "Unsupported Optional Parameter",
	[BGP_ERR_OPEN_AUTH] = "Deprecated (Authentication Failure)",
	[BGP_ERR_OPEN_HOLD_TIME] = "Unacceptable Hold Time",
	[BGP_ERR_OPEN_CAPABILITY] = "Unsupported Capability",
	[8] = "Deprecated",
	[9] = "Deprecated",
	[10] = "Deprecated",
	[BGP_ERR_OPEN_ROLE] = "Role Mismatch",
};

static const char *const update_names[] = {
	[0] = "Unspecific",
	[BGP_ERR_UPD_ATTR_LIST] = "Malformed Attribute List",
	[BGP_ERR_UPD_UNKNOWN_WK] = "Unrecognized Well-known Attribute",
	[BGP_ERR_UPD_MISSING_WK] = "Missing Well-known Attribute",
	[BGP_ERR_UPD_ATTR_FLAGS] = "Attribute Flags Error",
	[BGP_ERR_UPD_ATTR_LEN] = "Attribute Length Error",
	[BGP_ERR_UPD_ORIGIN] = "Invalid ORIGIN Attribute",
	[BGP_ERR_UPD_LOOP] = "Deprecated (AS Routing Loop)",
	[BGP_ERR_UPD_NEXTHOP] = "Invalid NEXT_HOP Attribute",
	[BGP_ERR_UPD_OPTIONAL] = "Optional Attribute Error",
	[BGP_ERR_UPD_NETWORK] = "Invalid Network Field",
	[BGP_ERR_UPD_AS_PATH] = "Malformed AS_PATH",
};

static const char *const fsm_names[] = {
	[BGP_ERR_FSM_UNSPEC] = "Unspecified Error",
	[BGP_ERR_FSM_OPENSENT] = "Receive Unexpected Message in OpenSent State",
	[BGP_ERR_FSM_OPENCONFIRM] = "Receive Unexpected Message in OpenConfirm State",
	[BGP_ERR_FSM_ESTABLISHED] = "Receive Unexpected Message in Established State",
};

static const char *const cease_names[] = {
	[0] = "Unspecific",
	[BGP_CEASE_MAX_PREFIX] = "Maximum Number of Prefixes Reached",
	[BGP_CEASE_ADMIN_SHUTDOWN] = "Administrative Shutdown",
	[BGP_CEASE_PEER_DECONFIGURED] = "Peer De-configured",
	[BGP_CEASE_ADMIN_RESET] = "Administrative Reset",
	[BGP_CEASE_CONN_REJECTED] = "Connection Rejected",
	[BGP_CEASE_CONFIG_CHANGE] = "Other Configuration Change",
	[BGP_CEASE_COLLISION] = "Connection Collision Resolution",
	[BGP_CEASE_OUT_OF_RESOURCES] = "Out of Resources",
	[BGP_CEASE_HARD_RESET] = "Hard Reset",
	[BGP_CEASE_BFD_DOWN] = "BFD Down",
};

static const char *const rr_names[] = {
	[0] = "Unspecific",
	[BGP_ERR_RR_BAD_LEN] = "Invalid Message Length",
};

static const char *const unspecific_only[] = {
	[0] = "Unspecific",
};

#define NAMES(a) { a, sizeof(a) / sizeof(a[0]) }

static const struct {
	const char *const *names;
	size_t n;
} subcode_tables[] = {
	[BGP_ERR_HEADER] = NAMES(header_names),
	[BGP_ERR_OPEN] = NAMES(open_names),
	[BGP_ERR_UPDATE] = NAMES(update_names),
	[BGP_ERR_HOLD] = NAMES(unspecific_only),
	[BGP_ERR_FSM] = NAMES(fsm_names),
	[BGP_ERR_CEASE] = NAMES(cease_names),
	[BGP_ERR_ROUTE_REFRESH] = NAMES(rr_names),
	[BGP_ERR_SEND_HOLD] = NAMES(unspecific_only),
};

/* "Unknown" for codes outside the registry: printers show the numbers too. */
const char *
wire_err_code_name(uint8_t code)
{
	if (code < sizeof(code_names) / sizeof(code_names[0]) &&
	    code_names[code] != NULL)
		return code_names[code];
	return "Unknown";
}

const char *
wire_err_subcode_name(uint8_t code, uint8_t subcode)
{
	if (code >= sizeof(subcode_tables) / sizeof(subcode_tables[0]) ||
	    subcode_tables[code].names == NULL ||
	    subcode >= subcode_tables[code].n ||
	    subcode_tables[code].names[subcode] == NULL)
		return "Unknown";
	return subcode_tables[code].names[subcode];
}

/* ---- UTF-8 (RFC 3629) ---- */

/* Length of the well-formed sequence at p[0..n), or 0 if there is none. */
static size_t
utf8_seq(const uint8_t *p, size_t n)
{
	uint8_t c = p[0];
	size_t k;
	uint32_t cp, min;

	if (c < 0x80)
		return 1;
	if ((c & 0xe0) == 0xc0) {
		k = 2, cp = c & 0x1f, min = 0x80;
	} else if ((c & 0xf0) == 0xe0) {
		k = 3, cp = c & 0x0f, min = 0x800;
	} else if ((c & 0xf8) == 0xf0) {
		k = 4, cp = c & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (n < k)
		return 0;
	for (size_t j = 1; j < k; j++) {
		if ((p[j] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[j] & 0x3f);
	}
	/* no overlong forms, no surrogates, nothing past U+10FFFF */
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return k;
}

/*
 * Valid UTF-8 without NUL: a NUL is valid UTF-8, but shutdown_msg is a C
 * string and would silently lose what follows, so it counts as malformed.
 */
static bool
utf8_valid(const uint8_t *p, size_t n)
{
	size_t i = 0;
	while (i < n) {
		size_t k = utf8_seq(p + i, n - i);
		if (k == 0 || p[i] == 0)
			return false;
		i += k;
	}
	return true;
}

/* ---- NOTIFICATION ---- */

bool
wire_notification_decode(const uint8_t *body, size_t len,
    struct wire_notification *n, struct wire_err *err)
{
	memset(n, 0, sizeof(*n));
	if (len < 2) {
		/* the header decoder enforces the minimum; stay safe anyway */
		uint8_t l[2];
		put_u16(l, (uint16_t)(len + BGP_HEADER_LEN));
		wire_fail(err, BGP_ERR_HEADER, BGP_ERR_HDR_BAD_LEN,
		    WIRE_SESSION_RESET, "NOTIFICATION body of %zu octets, at least 2 needed",
		    len);
		wire_err_own_data(err, l, sizeof(l));
		return false;
	}
	n->code = body[0];
	n->subcode = body[1];
	n->data = body + 2;
	n->data_len = (uint16_t)(len - 2 > UINT16_MAX ? UINT16_MAX : len - 2);

	/* RFC 9003: Cease 2 and 4 may carry a length octet and UTF-8 text */
	if (n->code == BGP_ERR_CEASE && n->data_len > 0 &&
	    (n->subcode == BGP_CEASE_ADMIN_SHUTDOWN ||
	    n->subcode == BGP_CEASE_ADMIN_RESET)) {
		size_t l = n->data[0];
		if (l <= n->data_len - 1u && utf8_valid(n->data + 1, l)) {
			memcpy(n->shutdown_msg, n->data + 1, l);
			n->shutdown_msg[l] = '\0';
			n->has_shutdown_msg = true;
		}
	}
	return true;
}

/*
 * Data is cut so the message fits 4096 octets: a NOTIFICATION may go out
 * before extended messages are agreed, and a peer that did not agree would
 * reject a longer one.
 */
bool
wire_notification_encode(uint8_t code, uint8_t subcode, const uint8_t *data,
    size_t data_len, struct wbuf *wb)
{
	size_t start;
	size_t room = BGP_MAX_MSG_LEN - BGP_NOTIFICATION_MIN_LEN;

	if (data_len > room)
		data_len = room;
	if (!wire_header_begin(wb, BGP_MSG_NOTIFICATION, &start))
		return false;
	if (!wb_u8(wb, code) || !wb_u8(wb, subcode) ||
	    !wb_put(wb, data, data_len)) {
		wb->len = start;
		return false;
	}
	wire_header_finish(wb, start);
	return true;
}

/*
 * The message is cut to 255 octets, backing off to the start of the UTF-8
 * character the cut falls in. Only subcodes 2 and 4 carry the communication
 * (RFC 9003 §2); any other is refused (false, nothing written).
 */
bool
wire_notification_encode_shutdown(uint8_t subcode, const char *msg,
    struct wbuf *wb)
{
	uint8_t data[1 + BGP_SHUTDOWN_MSG_MAX];
	size_t n = msg != NULL ? strlen(msg) : 0;

	if (subcode != BGP_CEASE_ADMIN_SHUTDOWN && subcode != BGP_CEASE_ADMIN_RESET)
		return false;
	if (n > BGP_SHUTDOWN_MSG_MAX) {
		n = BGP_SHUTDOWN_MSG_MAX;
		/* msg[n] exists: do not cut before a continuation octet */
		while (n > 0 && ((uint8_t)msg[n] & 0xc0) == 0x80)
			n--;
	}
	data[0] = (uint8_t)n;
	if (n > 0)
		memcpy(data + 1, msg, n);
	return wire_notification_encode(BGP_ERR_CEASE, subcode, data, 1 + n, wb);
}

bool
wire_notification_encode_err(const struct wire_err *e, struct wbuf *wb)
{
	return wire_notification_encode(e->code, e->subcode, wire_err_data(e),
	    e->data_len, wb);
}

/*
 * Shutdown text from a peer, already checked to be UTF-8: kept as UTF-8 but
 * with controls (C0, DEL, C1), quote, backslash and the line and bidi
 * override characters escaped as \xNN, so a log line stays one line and
 * reads as sent.
 */
static void
print_text(const uint8_t *p, size_t n, struct sbuf *sb)
{
	size_t i = 0;
	while (i < n) {
		size_t k = utf8_seq(p + i, n - i);
		bool esc;
		if (k <= 1) {
			k = 1;
			esc = p[i] < 0x20 || p[i] >= 0x7f || p[i] == '"' ||
			    p[i] == '\\';
		} else if (k == 2) {
			esc = p[i] == 0xc2 && p[i + 1] < 0xa0;	/* C1 */
		} else if (k == 3 && p[i] == 0xe2) {
			/* U+2028..U+202E, U+2066..U+2069 */
			esc = (p[i + 1] == 0x80 && p[i + 2] >= 0xa8 && p[i + 2] <= 0xae) ||
			    (p[i + 1] == 0x81 && p[i + 2] >= 0xa6 && p[i + 2] <= 0xa9);
		} else {
			esc = false;
		}
		for (size_t j = 0; j < k; j++) {
			if (esc)
				sb_printf(sb, "\\x%02x", p[i + j]);
			else
				sb_putc(sb, (char)p[i + j]);
		}
		i += k;
	}
}

/*
 * One line, no newline:
 *   Cease / Administrative Shutdown (6/2): "maintenance window"
 *   UPDATE Message Error / Malformed AS_PATH (3/11), data 4002...
 */
void
wire_notification_print(const struct wire_notification *n, struct sbuf *sb)
{
	sb_printf(sb, "%s / %s (%u/%u)", wire_err_code_name(n->code),
	    wire_err_subcode_name(n->code, n->subcode), n->code, n->subcode);
	if (n->has_shutdown_msg) {
		size_t l = strlen(n->shutdown_msg);
		sb_puts(sb, ": \"");
		print_text((const uint8_t *)n->shutdown_msg, l, sb);
		sb_putc(sb, '"');
		if (n->data_len > 1 + l) {
			sb_puts(sb, ", trailing data ");
			sb_hex(sb, n->data + 1 + l, n->data_len - 1 - l);
		}
		return;
	}
	if (n->data_len == 0)
		return;
	if (n->code == BGP_ERR_CEASE && (n->subcode == BGP_CEASE_ADMIN_SHUTDOWN ||
	    n->subcode == BGP_CEASE_ADMIN_RESET))
		sb_puts(sb, ", malformed shutdown communication");
	sb_puts(sb, ", data ");
	sb_hex(sb, n->data, n->data_len);
}

/* ---- ROUTE-REFRESH ---- */

#define RR_BODY_LEN 4	/* AFI, subtype, SAFI */

/*
 * RFC 7313 §5: a BoRR or EoRR whose body is not 4 octets is answered with
 * ROUTE-REFRESH Message Error / Invalid Message Length, data the complete
 * message. The decoder only has the body, so data is the body; a caller
 * holding the whole message may widen it to include the header (data - 19).
 * A body under 4 octets gets the same answer whatever the subtype.
 * A normal request (subtype 0) may carry more (ORF entries, RFC 5291): they
 * are ignored. Subtypes 3..255 must be ignored (RFC 7313 §5): the decoder
 * returns true with the subtype as received, and the caller drops it.
 */
bool
wire_route_refresh_decode(const uint8_t *body, size_t len,
    struct wire_route_refresh *rr, struct wire_err *err)
{
	memset(rr, 0, sizeof(*rr));
	if (len >= RR_BODY_LEN) {
		rr->afi = get_u16(body);
		rr->subtype = body[2];
		rr->safi = body[3];
	}
	if (len < RR_BODY_LEN ||
	    (len != RR_BODY_LEN && (rr->subtype == BGP_RR_BORR ||
	    rr->subtype == BGP_RR_EORR))) {
		wire_fail(err, BGP_ERR_ROUTE_REFRESH, BGP_ERR_RR_BAD_LEN,
		    WIRE_SESSION_RESET, "ROUTE-REFRESH body of %zu octets (subtype %u), must be 4",
		    len, rr->subtype);
		wire_err_set_data(err, body, len);
		return false;
	}
	return true;
}

bool
wire_route_refresh_encode(const struct wire_route_refresh *rr, struct wbuf *wb)
{
	size_t start;

	if (!wire_header_begin(wb, BGP_MSG_ROUTE_REFRESH, &start))
		return false;
	if (!wb_u16(wb, rr->afi) || !wb_u8(wb, rr->subtype) ||
	    !wb_u8(wb, rr->safi)) {
		wb->len = start;
		return false;
	}
	wire_header_finish(wb, start);
	return true;
}

/* One line, no newline: "ipv4-unicast, BoRR (beginning of route refresh)" */
void
wire_route_refresh_print(const struct wire_route_refresh *rr, struct sbuf *sb)
{
	int afs = afs_from_afi_safi(rr->afi, rr->safi);
	if (afs >= 0)
		sb_puts(sb, afs_name((enum afs)afs));
	else
		sb_printf(sb, "afi %u safi %u", rr->afi, rr->safi);
	switch (rr->subtype) {
	case BGP_RR_NORMAL:
		sb_puts(sb, ", request");
		break;
	case BGP_RR_BORR:
		sb_puts(sb, ", BoRR (beginning of route refresh)");
		break;
	case BGP_RR_EORR:
		sb_puts(sb, ", EoRR (end of route refresh)");
		break;
	default:
		sb_printf(sb, ", subtype %u (unknown, ignored)", rr->subtype);
		break;
	}
}
