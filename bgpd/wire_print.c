/*
 * wire_print.c -- decode any one message and print it in words: the
 * engine behind `ecmpctl decode` and the fixture dumps.
 */
#include "wire.h"

#include <stdlib.h>

static void
print_err(const struct wire_err *e, struct sbuf *sb)
{
	sb_printf(sb, "  error: %s / %s (%u/%u): %s", wire_err_code_name(e->code),
	    wire_err_subcode_name(e->code, e->subcode), e->code, e->subcode,
	    e->reason);
	if (e->data_len) {
		sb_puts(sb, ", data ");
		sb_hex(sb, wire_err_data(e), e->data_len);
	}
	sb_putc(sb, '\n');
}

bool
wire_msg_print(const uint8_t *msg, size_t len, const struct wire_ctx *ctx,
    struct sbuf *sb)
{
	struct wire_header h;
	struct wire_err err;

	if (!wire_header_decode(msg, len, BGP_MAX_EXT_MSG_LEN, &h, &err)) {
		sb_puts(sb, "malformed header\n");
		print_err(&err, sb);
		return false;
	}
	if (h.len != len) {
		sb_printf(sb, "length field says %u octets, %zu given\n", h.len, len);
		return false;
	}
	sb_printf(sb, "%s, %u octets\n", wire_msg_type_name(h.type), h.len);

	const uint8_t *body = msg + BGP_HEADER_LEN;
	size_t blen = len - BGP_HEADER_LEN;
	bool ok = true;

	switch (h.type) {
	case BGP_MSG_OPEN: {
		struct wire_open o;
		ok = wire_open_decode(body, blen, &o, &err);
		if (ok)
			wire_open_print(&o, sb);
		break;
	}
	case BGP_MSG_UPDATE: {
		struct wire_update u;
		/* the widest message with every attribute widened fits in 4x its size */
		size_t cap = 4 * len + 64;
		uint8_t *mem = malloc(cap);
		if (mem == NULL) {
			sb_puts(sb, "  out of memory\n");
			return false;
		}
		struct arena ar = arena_init(mem, cap);
		ok = wire_update_decode(body, blen, ctx, &ar, &u, &err);
		if (ok)
			wire_update_print(&u, sb);
		free(mem);
		break;
	}
	case BGP_MSG_NOTIFICATION: {
		struct wire_notification n;
		ok = wire_notification_decode(body, blen, &n, &err);
		if (ok) {
			sb_puts(sb, "  ");
			wire_notification_print(&n, sb);
			sb_putc(sb, '\n');
		}
		break;
	}
	case BGP_MSG_KEEPALIVE:
		break;
	case BGP_MSG_ROUTE_REFRESH: {
		struct wire_route_refresh rr;
		ok = wire_route_refresh_decode(body, blen, &rr, &err);
		if (ok) {
			sb_puts(sb, "  ");
			wire_route_refresh_print(&rr, sb);
			sb_putc(sb, '\n');
		}
		break;
	}
	}
	if (!ok)
		print_err(&err, sb);
	return ok;
}
