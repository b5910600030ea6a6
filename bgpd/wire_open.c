/*
 * wire_open.c -- OPEN message and capabilities (RFC 4271 §4.2, §6.2;
 * RFC 5492 capabilities; RFC 9072 extended optional parameters length).
 *
 * Error choices, where the RFCs leave room:
 *  - Any length inconsistency (Opt Parm Len against the message, a parameter
 *    or capability running past its container, a known capability with a
 *    length its RFC does not allow, a bad add-path send/receive value) is
 *    OPEN Message Error / 0 "Unspecific" without data, as BIRD sends (and FRR
 *    since Quagga's "OPEN parse errors should send OPEN_ERR and UNSPECIFIC
 *    subcode"). RFC 4271 §6.2 names no subcode for a malformed parameter list.
 *  - Version other than 4: Unsupported Version Number, data = 2-octet 4.
 *  - Hold time 1 or 2: Unacceptable Hold Time; BGP Identifier 0 (RFC 6286):
 *    Bad BGP Identifier; both without data (RFC 4271 defines none).
 *  - A parameter other than Capabilities (2): Unsupported Optional
 *    Parameter, no data.
 *  - Peer AS 0 in the AS field or the 4-octet AS capability (RFC 7607 §2):
 *    Bad Peer AS with the offending field as data; it is a rule about the
 *    message alone, unlike comparing with the configured AS.
 *
 * What is kept: the capabilities ecmpd acts on go into struct fields; every
 * other capability (unknown codes, MP for families we do not speak, add-path
 * naming only such families, ...) is kept verbatim as a view into the message
 * in o->unknown[], first WIRE_MAX_UNKNOWN_CAPS of them; more are informational
 * and dropped. Capabilities may come in one parameter or in many, and may
 * repeat: everything accumulates (a repeated AS4 or GR header: the last wins).
 */
#include "wire.h"

#include <string.h>

#define GR_FLAG_R	0x8000	/* restart state */
#define GR_FLAG_N	0x4000	/* notification (RFC 8538) */
#define GR_TIME_MASK	0x0fff
#define GR_AF_FLAG_F	0x80	/* forwarding state preserved */

/* Fixed part of the body: version, my AS, hold time, BGP identifier, Opt Parm Len. */
#define OPEN_FIXED_LEN	10

/* OPEN Message Error subcode 0, the answer to every length inconsistency */
#define OPEN_UNSPECIFIC	0

static void
keep_unknown(struct wire_open *o, uint8_t code, uint8_t len, const uint8_t *v)
{
	if (o->n_unknown >= WIRE_MAX_UNKNOWN_CAPS)
		return;		/* informational only: drop the rest */
	struct wire_cap_raw *r = &o->unknown[o->n_unknown++];
	r->code = code;
	r->len = len;
	r->value = v;
}

static bool
cap_len_is(struct wire_err *err, const char *name, uint8_t len, uint8_t want)
{
	if (len == want)
		return true;
	return wire_fail(err, BGP_ERR_OPEN, OPEN_UNSPECIFIC, WIRE_SESSION_RESET,
	    "%s capability has length %u, must be %u", name, len, want);
}

static bool
cap_addpath(struct wire_open *o, const uint8_t *v, uint8_t len,
    struct wire_err *err)
{
	if (len % 4 != 0)
		return wire_fail(err, BGP_ERR_OPEN, OPEN_UNSPECIFIC, WIRE_SESSION_RESET,
		    "add-path capability has length %u, not a multiple of 4", len);
	unsigned known = 0;
	for (unsigned i = 0; i < len; i += 4) {
		uint8_t sr = v[i + 3];
		if (sr < ADDPATH_RX || sr > (ADDPATH_RX | ADDPATH_TX))
			return wire_fail(err, BGP_ERR_OPEN, OPEN_UNSPECIFIC, WIRE_SESSION_RESET,
			    "add-path capability: send/receive value %u for afi %u safi %u",
			    sr, get_u16(v + i), v[i + 2]);
		if (afs_from_afi_safi(get_u16(v + i), v[i + 2]) >= 0)
			known++;
	}
	if (known == 0) {
		/* only families we do not speak: keep it whole, as it came */
		keep_unknown(o, BGP_CAP_ADDPATH, len, v);
		return true;
	}
	/* tuples for other families are ignored; a repeated family: the last wins */
	for (unsigned i = 0; i < len; i += 4) {
		int afs = afs_from_afi_safi(get_u16(v + i), v[i + 2]);
		if (afs >= 0)
			o->addpath[afs] = v[i + 3];
	}
	return true;
}

static bool
cap_gr(struct wire_open *o, const uint8_t *v, uint8_t len, struct wire_err *err)
{
	if (len < 2 || (len - 2) % 4 != 0)
		return wire_fail(err, BGP_ERR_OPEN, OPEN_UNSPECIFIC, WIRE_SESSION_RESET,
		    "graceful-restart capability has length %u, must be 2 + 4n", len);
	uint16_t hdr = get_u16(v);
	o->gr.present = true;
	o->gr.restart_state = (hdr & GR_FLAG_R) != 0;
	o->gr.notification = (hdr & GR_FLAG_N) != 0;
	o->gr.restart_time = hdr & GR_TIME_MASK;
	/* families we do not speak are ignored: we keep no state for them */
	for (unsigned i = 2; i < len; i += 4) {
		int afs = afs_from_afi_safi(get_u16(v + i), v[i + 2]);
		if (afs < 0)
			continue;
		o->gr.afs[afs] = true;
		o->gr.forwarding[afs] = (v[i + 3] & GR_AF_FLAG_F) != 0;
	}
	return true;
}

static bool
open_cap(struct wire_open *o, uint8_t code, const uint8_t *v, uint8_t len,
    struct wire_err *err)
{
	int afs;

	switch (code) {
	case BGP_CAP_MP:
		if (!cap_len_is(err, "multiprotocol", len, 4))
			return false;
		/* v[2] is reserved and ignored */
		afs = afs_from_afi_safi(get_u16(v), v[3]);
		if (afs >= 0)
			o->mp[afs] = true;
		else
			keep_unknown(o, code, len, v);
		return true;
	case BGP_CAP_ROUTE_REFRESH:
	case BGP_CAP_ROUTE_REFRESH_OLD:
		if (!cap_len_is(err, "route-refresh", len, 0))
			return false;
		o->route_refresh = true;
		return true;
	case BGP_CAP_ENHANCED_RR:
		if (!cap_len_is(err, "enhanced route-refresh", len, 0))
			return false;
		o->enhanced_rr = true;
		return true;
	case BGP_CAP_EXT_MSG:
		if (!cap_len_is(err, "extended message", len, 0))
			return false;
		o->ext_msg = true;
		return true;
	case BGP_CAP_AS4:
		if (!cap_len_is(err, "4-octet AS", len, 4))
			return false;
		o->as4_present = true;
		o->as4 = get_u32(v);
		return true;
	case BGP_CAP_ADDPATH:
		return cap_addpath(o, v, len, err);
	case BGP_CAP_GR:
		return cap_gr(o, v, len, err);
	default:
		keep_unknown(o, code, len, v);
		return true;
	}
}

/* The capabilities in one Capabilities optional parameter. */
static bool
open_caps(struct rbuf *rb, struct wire_open *o, struct wire_err *err)
{
	while (rb_left(rb) > 0) {
		uint8_t code, len = 0;
		const uint8_t *v;
		if (!rb_u8(rb, &code) || !rb_u8(rb, &len) || !rb_bytes(rb, len, &v))
			return wire_fail(err, BGP_ERR_OPEN, OPEN_UNSPECIFIC,
			    WIRE_SESSION_RESET,
			    "capability %u (length %u) overruns its optional parameter",
			    code, len);
		if (!open_cap(o, code, v, len, err))
			return false;
	}
	return true;
}

bool
wire_open_decode(const uint8_t *body, size_t len, struct wire_open *o,
    struct wire_err *err)
{
	struct rbuf rb = rb_init(body, len);
	uint8_t opt_len;

	memset(o, 0, sizeof(*o));
	if (!rb_u8(&rb, &o->version) || !rb_u16(&rb, &o->my_as) ||
	    !rb_u16(&rb, &o->hold_time) || !rb_u32(&rb, &o->bgp_id) ||
	    !rb_u8(&rb, &opt_len)) {
		/* the header decoder enforces the minimum; stay safe anyway */
		uint8_t l[2];
		put_u16(l, (uint16_t)(len + BGP_HEADER_LEN));
		wire_fail(err, BGP_ERR_HEADER, BGP_ERR_HDR_BAD_LEN,
		    WIRE_SESSION_RESET, "OPEN body of %zu octets, at least %u needed",
		    len, OPEN_FIXED_LEN);
		wire_err_own_data(err, l, sizeof(l));
		return false;
	}
	if (o->version != BGP_VERSION) {
		static const uint8_t ours[2] = { 0, BGP_VERSION };
		wire_fail(err, BGP_ERR_OPEN, BGP_ERR_OPEN_VERSION, WIRE_SESSION_RESET,
		    "version %u, we speak %u", o->version, BGP_VERSION);
		wire_err_own_data(err, ours, sizeof(ours));
		return false;
	}
	if (o->hold_time == 1 || o->hold_time == 2)
		return wire_fail(err, BGP_ERR_OPEN, BGP_ERR_OPEN_HOLD_TIME,
		    WIRE_SESSION_RESET, "hold time %u (must be 0 or at least 3)",
		    o->hold_time);
	if (o->bgp_id == 0)
		return wire_fail(err, BGP_ERR_OPEN, BGP_ERR_OPEN_BAD_ID,
		    WIRE_SESSION_RESET, "BGP identifier 0.0.0.0");

	/*
	 * RFC 9072: Opt Parm Len 255 followed by a parameter type of 255 says
	 * a 2-octet Extended Opt. Parm. Length follows, and every parameter
	 * then has a 2-octet length. §2 and §3: the type decides; an Opt Parm
	 * Len other than 255 is then ignored (not an error), so any non-zero
	 * Opt Parm Len followed by type 255 is read in the extended form.
	 */
	size_t params_len;
	if (opt_len != 0 && rb_left(&rb) >= 1 &&
	    *rb_cur(&rb) == BGP_OPT_PARAM_EXT_LEN) {
		uint8_t ext_type;
		uint16_t ext_len = 0;
		(void)rb_u8(&rb, &ext_type);	/* the 255 just looked at */
		if (!rb_u16(&rb, &ext_len) || ext_len != rb_left(&rb))
			return wire_fail(err, BGP_ERR_OPEN, OPEN_UNSPECIFIC,
			    WIRE_SESSION_RESET,
			    "extended optional parameters length %u, %u octets follow",
			    ext_len, (unsigned)rb_left(&rb));
		o->ext_opt_params = true;
		params_len = ext_len;
	} else {
		if (opt_len != rb_left(&rb))
			return wire_fail(err, BGP_ERR_OPEN, OPEN_UNSPECIFIC,
			    WIRE_SESSION_RESET,
			    "optional parameters length %u, %u octets follow",
			    opt_len, (unsigned)rb_left(&rb));
		params_len = opt_len;
	}

	struct rbuf params;
	(void)rb_sub(&rb, params_len, &params);	/* checked just above */
	while (rb_left(&params) > 0) {
		uint8_t type;
		uint16_t plen = 0;
		struct rbuf pv;
		bool ok = rb_u8(&params, &type);
		if (ok && o->ext_opt_params) {
			ok = rb_u16(&params, &plen);
		} else if (ok) {
			uint8_t l8 = 0;
			ok = rb_u8(&params, &l8);
			plen = l8;
		}
		if (!ok || !rb_sub(&params, plen, &pv))
			return wire_fail(err, BGP_ERR_OPEN, OPEN_UNSPECIFIC,
			    WIRE_SESSION_RESET,
			    "optional parameter (length %u) overruns the %u octets of parameters",
			    plen, (unsigned)params_len);
		if (type != BGP_OPT_PARAM_CAPABILITY)
			return wire_fail(err, BGP_ERR_OPEN, BGP_ERR_OPEN_OPT_PARAM,
			    WIRE_SESSION_RESET, "optional parameter type %u", type);
		if (!open_caps(&pv, o, err))
			return false;
	}

	if (o->my_as == 0) {
		wire_fail(err, BGP_ERR_OPEN, BGP_ERR_OPEN_BAD_AS,
		    WIRE_SESSION_RESET, "AS 0 in the My Autonomous System field");
		wire_err_own_data(err, body + 1, 2);
		return false;
	}
	if (o->as4_present && o->as4 == 0) {
		static const uint8_t zero[4];
		wire_fail(err, BGP_ERR_OPEN, BGP_ERR_OPEN_BAD_AS,
		    WIRE_SESSION_RESET, "AS 0 in the 4-octet AS capability");
		wire_err_own_data(err, zero, sizeof(zero));
		return false;
	}
	return true;
}

/* ---- encoding ---- */

static bool
put_cap(struct wbuf *wb, uint8_t code, const uint8_t *v, size_t len)
{
	return wb_u8(wb, code) && wb_u8(wb, (uint8_t)len) && wb_put(wb, v, len);
}

/* Every capability of the struct: known ones first, then the others verbatim. */
static bool
put_caps(const struct wire_open *o, struct wbuf *wb)
{
	uint8_t v[2 + 4 * AFS_COUNT];
	size_t n;

	for (int i = 0; i < AFS_COUNT; i++) {
		if (!o->mp[i])
			continue;
		put_u16(v, afs_afi((enum afs)i));
		v[2] = 0;
		v[3] = afs_safi((enum afs)i);
		if (!put_cap(wb, BGP_CAP_MP, v, 4))
			return false;
	}
	if (o->route_refresh && !put_cap(wb, BGP_CAP_ROUTE_REFRESH, NULL, 0))
		return false;
	if (o->enhanced_rr && !put_cap(wb, BGP_CAP_ENHANCED_RR, NULL, 0))
		return false;
	if (o->ext_msg && !put_cap(wb, BGP_CAP_EXT_MSG, NULL, 0))
		return false;
	if (o->as4_present) {
		put_u32(v, o->as4);
		if (!put_cap(wb, BGP_CAP_AS4, v, 4))
			return false;
	}
	n = 0;
	for (int i = 0; i < AFS_COUNT; i++) {
		if (o->addpath[i] == 0)
			continue;
		put_u16(v + n, afs_afi((enum afs)i));
		v[n + 2] = afs_safi((enum afs)i);
		v[n + 3] = o->addpath[i];
		n += 4;
	}
	if (n > 0 && !put_cap(wb, BGP_CAP_ADDPATH, v, n))
		return false;
	if (o->gr.present) {
		uint16_t hdr = o->gr.restart_time & GR_TIME_MASK;
		if (o->gr.restart_state)
			hdr |= GR_FLAG_R;
		if (o->gr.notification)
			hdr |= GR_FLAG_N;
		put_u16(v, hdr);
		n = 2;
		for (int i = 0; i < AFS_COUNT; i++) {
			if (!o->gr.afs[i])
				continue;
			put_u16(v + n, afs_afi((enum afs)i));
			v[n + 2] = afs_safi((enum afs)i);
			v[n + 3] = o->gr.forwarding[i] ? GR_AF_FLAG_F : 0;
			n += 4;
		}
		if (!put_cap(wb, BGP_CAP_GR, v, n))
			return false;
	}
	for (unsigned i = 0; i < o->n_unknown && i < WIRE_MAX_UNKNOWN_CAPS; i++) {
		const struct wire_cap_raw *r = &o->unknown[i];
		if (!put_cap(wb, r->code, r->value, r->len))
			return false;
	}
	return true;
}

/*
 * All capabilities go in one Capabilities parameter. When that parameter
 * does not fit the 1-octet Opt Parm Len (more than 253 octets of
 * capabilities), the RFC 9072 form is used: Opt Parm Len 255, type 255,
 * 2-octet extended length, then the parameter with a 2-octet length.
 * The version written is always 4; my_as is written as given.
 */
bool
wire_open_encode(const struct wire_open *o, struct wbuf *wb)
{
	size_t start;

	if (!wire_header_begin(wb, BGP_MSG_OPEN, &start))
		return false;
	if (!wb_u8(wb, BGP_VERSION) || !wb_u16(wb, o->my_as) ||
	    !wb_u16(wb, o->hold_time) || !wb_u32(wb, o->bgp_id))
		goto fail;
	size_t opt = wb->len;
	/* Opt Parm Len, parameter type, parameter length: patched below */
	if (!wb_u8(wb, 0) || !wb_u8(wb, BGP_OPT_PARAM_CAPABILITY) || !wb_u8(wb, 0))
		goto fail;
	size_t caps = wb->len;
	if (!put_caps(o, wb))
		goto fail;
	size_t caps_len = wb->len - caps;

	if (caps_len == 0) {
		wb->len = opt + 1;	/* no parameter at all */
	} else if (caps_len + 2 <= 255) {
		wb->p[opt] = (uint8_t)(caps_len + 2);
		wb->p[opt + 2] = (uint8_t)caps_len;
	} else {
		/* 7 octets of header instead of 3: move the capabilities */
		if (wb_reserve(wb, 4) == NULL)
			goto fail;
		memmove(wb->p + caps + 4, wb->p + caps, caps_len);
		uint8_t *h = wb->p + opt;
		h[0] = BGP_OPT_PARAM_EXT_LEN;
		h[1] = BGP_OPT_PARAM_EXT_LEN;
		put_u16(h + 2, (uint16_t)(3 + caps_len));
		h[4] = BGP_OPT_PARAM_CAPABILITY;
		put_u16(h + 5, (uint16_t)caps_len);
	}
	/* an OPEN is sent before extended messages are agreed (RFC 8654 §4) */
	if (wb->len - start > BGP_MAX_MSG_LEN) {
		wb->overflow = true;
		goto fail;
	}
	wire_header_finish(wb, start);
	return true;
fail:
	wb->len = start;
	return false;
}

/* ---- printing ---- */

static void
print_family(struct sbuf *sb, uint16_t afi, uint8_t safi)
{
	int afs = afs_from_afi_safi(afi, safi);
	if (afs >= 0)
		sb_puts(sb, afs_name((enum afs)afs));
	else
		sb_printf(sb, "afi %u safi %u", afi, safi);
}

static const char *
addpath_name(uint8_t sr)
{
	switch (sr) {
	case ADDPATH_RX:
		return "receive";
	case ADDPATH_TX:
		return "send";
	case ADDPATH_RX | ADDPATH_TX:
		return "send/receive";
	}
	return "invalid";
}

static void
print_raw(const struct wire_cap_raw *r, struct sbuf *sb)
{
	/* the kept forms of capabilities we parse: name them */
	if (r->code == BGP_CAP_MP && r->len == 4) {
		sb_puts(sb, "multiprotocol ");
		print_family(sb, get_u16(r->value), r->value[3]);
		return;
	}
	if (r->code == BGP_CAP_ADDPATH && r->len % 4 == 0 && r->len > 0) {
		sb_puts(sb, "add-path");
		for (unsigned i = 0; i < r->len; i += 4) {
			sb_putc(sb, ' ');
			print_family(sb, get_u16(r->value + i), r->value[i + 2]);
			sb_printf(sb, " %s", addpath_name(r->value[i + 3]));
		}
		return;
	}
	sb_printf(sb, "unknown capability %u len %u", r->code, r->len);
	if (r->len > 0) {
		sb_puts(sb, ": ");
		sb_hex(sb, r->value, r->len);
	}
}

/*
 * One line for the fixed fields, then one line per capability, each
 * indented by two spaces and ending in a newline (the wire_msg_print layout):
 *   version 4, AS 65001, hold time 90, router id 192.0.2.1
 *   multiprotocol ipv4-unicast
 *   add-path ipv4-unicast send/receive
 *   graceful-restart time 120 R N ipv4-unicast(F)
 *   unknown capability 73 len 10: ...
 */
void
wire_open_print(const struct wire_open *o, struct sbuf *sb)
{
	uint32_t id = o->bgp_id;

	sb_printf(sb, "  version %u, AS %u", o->version, wire_open_peer_as(o));
	if (o->as4_present && o->as4 != o->my_as)
		sb_printf(sb, " (2-octet field %u)", o->my_as);
	sb_printf(sb, ", hold time %u, router id %u.%u.%u.%u", o->hold_time,
	    id >> 24, (id >> 16) & 0xff, (id >> 8) & 0xff, id & 0xff);
	if (o->ext_opt_params)
		sb_puts(sb, ", extended optional parameters (RFC 9072)");
	sb_putc(sb, '\n');

	for (int i = 0; i < AFS_COUNT; i++)
		if (o->mp[i])
			sb_printf(sb, "  multiprotocol %s\n", afs_name((enum afs)i));
	if (o->route_refresh)
		sb_puts(sb, "  route-refresh\n");
	if (o->enhanced_rr)
		sb_puts(sb, "  enhanced-route-refresh\n");
	if (o->ext_msg)
		sb_puts(sb, "  extended-message\n");
	if (o->as4_present)
		sb_printf(sb, "  4-octet-as %u\n", o->as4);
	bool any = false;
	for (int i = 0; i < AFS_COUNT; i++) {
		if (o->addpath[i] == 0)
			continue;
		sb_puts(sb, any ? " " : "  add-path ");
		sb_printf(sb, "%s %s", afs_name((enum afs)i), addpath_name(o->addpath[i]));
		any = true;
	}
	if (any)
		sb_putc(sb, '\n');
	if (o->gr.present) {
		sb_printf(sb, "  graceful-restart time %u", o->gr.restart_time);
		if (o->gr.restart_state)
			sb_puts(sb, " R");
		if (o->gr.notification)
			sb_puts(sb, " N");
		for (int i = 0; i < AFS_COUNT; i++)
			if (o->gr.afs[i])
				sb_printf(sb, " %s%s", afs_name((enum afs)i),
				    o->gr.forwarding[i] ? "(F)" : "");
		sb_putc(sb, '\n');
	}
	for (unsigned i = 0; i < o->n_unknown && i < WIRE_MAX_UNKNOWN_CAPS; i++) {
		sb_puts(sb, "  ");
		print_raw(&o->unknown[i], sb);
		sb_putc(sb, '\n');
	}
}
