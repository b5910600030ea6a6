/*
 * wire_update.c -- UPDATE messages (RFC 4271 §4.3, RFC 4760, RFC 7911):
 * decoding with the RFC 7606 verdict, encoding from a struct, End-of-RIB
 * (RFC 4724 §2) and the packer that fills a message with prefixes.
 */
#include "wire.h"

#include <string.h>

/* Raise the message verdict to at least `action`, keeping the first reason of the strongest kind. */
static void
raise_verdict(struct wire_update *u, enum wire_action action,
    const struct wire_err *why)
{
	if (action > u->action) {
		u->action = action;
		u->err = *why;
	}
}

static void
check_missing(struct wire_update *u, uint8_t type, const char *name)
{
	struct wire_err e;
	if (wire_attr_has(&u->attrs, type))
		return;
	wire_fail(&e, BGP_ERR_UPDATE, BGP_ERR_UPD_MISSING_WK,
	    WIRE_TREAT_AS_WITHDRAW, "mandatory attribute %s is missing", name);
	e.own[0] = type;	/* RFC 4271 §6.3: data is the missing type code */
	e.data_len = 1;
	raise_verdict(u, WIRE_TREAT_AS_WITHDRAW, &e);
}

bool
wire_update_decode(const uint8_t *body, size_t len, const struct wire_ctx *ctx,
    struct arena *scratch, struct wire_update *u, struct wire_err *err)
{
	struct rbuf rb = rb_init(body, len);
	uint16_t wlen = 0, alen = 0;
	const uint8_t *wp, *ap;

	memset(u, 0, sizeof(*u));
	u->eor_afs = -1;

	if (!rb_u16(&rb, &wlen) || !rb_bytes(&rb, wlen, &wp))
		return wire_fail(err, BGP_ERR_UPDATE, BGP_ERR_UPD_ATTR_LIST,
		    WIRE_SESSION_RESET, "withdrawn routes length %u overruns the message of %zu octets",
		    wlen, len);
	if (!rb_u16(&rb, &alen) || !rb_bytes(&rb, alen, &ap))
		return wire_fail(err, BGP_ERR_UPDATE, BGP_ERR_UPD_ATTR_LIST,
		    WIRE_SESSION_RESET, "total path attribute length %u overruns the message", alen);

	if (!wire_nlri_check(wp, wlen, AFS_IPV4_UNICAST,
	    ctx->addpath_rx[AFS_IPV4_UNICAST], &u->withdrawn, err))
		return false;
	if (!wire_nlri_check(rb_cur(&rb), rb_left(&rb), AFS_IPV4_UNICAST,
	    ctx->addpath_rx[AFS_IPV4_UNICAST], &u->nlri, err))
		return false;

	enum wire_action verdict = WIRE_OK;
	struct wire_err attr_err;
	if (!wire_attrs_decode(ap, alen, ctx, scratch, &u->attrs, &verdict,
	    &attr_err)) {
		*err = attr_err;
		return false;
	}
	if (verdict != WIRE_OK)
		raise_verdict(u, verdict, &attr_err);

	const struct wire_attrs *a = &u->attrs;
	bool mp_reach = wire_attr_has(a, BGP_ATTR_MP_REACH);
	bool reachable = u->nlri.count > 0 || mp_reach;

	/* End-of-RIB: an empty UPDATE (IPv4), or one holding only an empty MP_UNREACH */
	if (wlen == 0 && alen == 0 && u->nlri.len == 0) {
		u->eor_afs = AFS_IPV4_UNICAST;
		return true;
	}
	if (wlen == 0 && u->nlri.len == 0 &&
	    a->present == ATTR_BIT(BGP_ATTR_MP_UNREACH) &&
	    a->mp_unreach.known && a->mp_unreach.nlri.len == 0) {
		u->eor_afs = afs_from_afi_safi(a->mp_unreach.afi, a->mp_unreach.safi);
		return true;
	}

	/* RFC 7606 §3.d: a missing mandatory attribute means treat-as-withdraw */
	if (reachable) {
		check_missing(u, BGP_ATTR_ORIGIN, "ORIGIN");
		check_missing(u, BGP_ATTR_AS_PATH, "AS_PATH");
		if (u->nlri.count > 0)
			check_missing(u, BGP_ATTR_NEXT_HOP, "NEXT_HOP");
		if (ctx->ibgp)
			check_missing(u, BGP_ATTR_LOCAL_PREF, "LOCAL_PREF");
	}

	/*
	 * RFC 7606 §5.2: with no reachable NLRI there is nothing to treat as
	 * withdrawn, so an error that calls for it resets the session.
	 */
	if (u->action == WIRE_TREAT_AS_WITHDRAW && !reachable) {
		*err = u->err;
		err->action = WIRE_SESSION_RESET;
		size_t n = strlen(err->reason);
		if (n + 32 < sizeof(err->reason))
			strcat(err->reason, " (and no reachable NLRI)");
		return false;
	}
	return true;
}

/* Copy a run of prefixes, re-encoding when the path-id setting differs. */
static bool
put_view(struct wbuf *wb, const struct wire_nlri_view *v, bool addpath)
{
	if (v->addpath == addpath || v->len == 0)
		return wb_put(wb, v->p, v->len);
	struct wire_nlri_iter it = wire_nlri_iter(v);
	struct wire_nlri n;
	while (wire_nlri_next(&it, &n))
		if (!wire_nlri_put(wb, &n, addpath))
			return false;
	return true;
}

/* Begin an extended-length MP attribute; returns the position of its length field. */
static bool
mp_attr_begin(struct wbuf *wb, uint8_t type, size_t *len_pos)
{
	if (!wb_u8(wb, BGP_ATTR_F_OPTIONAL | BGP_ATTR_F_EXTLEN) || !wb_u8(wb, type))
		return false;
	*len_pos = wb->len;
	return wb_u16(wb, 0);
}

static bool
mp_family_addpath(const struct wire_ctx *ctx, uint16_t afi, uint8_t safi)
{
	int afs = afs_from_afi_safi(afi, safi);
	return afs >= 0 && ctx->addpath_tx[afs];
}

bool
wire_update_encode(const struct wire_update *u, const struct wire_ctx *ctx,
    struct wbuf *wb)
{
	size_t start, wpos, apos, mpos;
	const struct wire_attrs *a = &u->attrs;
	size_t saved = wb->len;

	if (!wire_header_begin(wb, BGP_MSG_UPDATE, &start))
		return false;
	wpos = wb->len;
	if (!wb_u16(wb, 0) ||
	    !put_view(wb, &u->withdrawn, ctx->addpath_tx[AFS_IPV4_UNICAST]))
		goto full;
	wb_patch_len16(wb, wpos);
	apos = wb->len;
	if (!wb_u16(wb, 0) || !wire_attrs_encode(a, ctx, wb))
		goto full;
	if (wire_attr_has(a, BGP_ATTR_MP_UNREACH)) {
		const struct wire_mp_unreach *m = &a->mp_unreach;
		if (!mp_attr_begin(wb, BGP_ATTR_MP_UNREACH, &mpos) ||
		    !wb_u16(wb, m->afi) || !wb_u8(wb, m->safi))
			goto full;
		if (m->known ? !put_view(wb, &m->nlri, mp_family_addpath(ctx, m->afi, m->safi))
		    : !wb_put(wb, m->nlri.p, m->nlri.len))
			goto full;
		wb_patch_len16(wb, mpos);
	}
	if (wire_attr_has(a, BGP_ATTR_MP_REACH)) {
		const struct wire_mp_reach *m = &a->mp_reach;
		if (!mp_attr_begin(wb, BGP_ATTR_MP_REACH, &mpos) ||
		    !wb_u16(wb, m->afi) || !wb_u8(wb, m->safi) ||
		    !wb_u8(wb, m->nh_len) || !wb_put(wb, m->nexthop, m->nh_len) ||
		    !wb_u8(wb, 0))
			goto full;
		if (m->known ? !put_view(wb, &m->nlri, mp_family_addpath(ctx, m->afi, m->safi))
		    : !wb_put(wb, m->nlri.p, m->nlri.len))
			goto full;
		wb_patch_len16(wb, mpos);
	}
	wb_patch_len16(wb, apos);
	if (!put_view(wb, &u->nlri, ctx->addpath_tx[AFS_IPV4_UNICAST]))
		goto full;
	if (wb->len - start > wire_max_msg_len(ctx))
		goto full;
	wire_header_finish(wb, start);
	return true;
full:
	wb->len = saved;
	wb->overflow = true;
	return false;
}

bool
wire_eor_encode(enum afs afs, struct wbuf *wb)
{
	size_t start, saved = wb->len;

	if (!wire_header_begin(wb, BGP_MSG_UPDATE, &start))
		return false;
	bool ok = wb_u16(wb, 0);
	if (afs == AFS_IPV4_UNICAST) {
		ok = ok && wb_u16(wb, 0);
	} else {
		ok = ok && wb_u16(wb, 6) && wb_u8(wb, BGP_ATTR_F_OPTIONAL) &&
		    wb_u8(wb, BGP_ATTR_MP_UNREACH) && wb_u8(wb, 3) &&
		    wb_u16(wb, afs_afi(afs)) && wb_u8(wb, afs_safi(afs));
	}
	if (!ok) {
		wb->len = saved;
		return false;
	}
	wire_header_finish(wb, start);
	return true;
}

static void
print_view(const char *what, const struct wire_nlri_view *v, struct sbuf *sb)
{
	struct wire_nlri_iter it = wire_nlri_iter(v);
	struct wire_nlri n;
	if (v->count == 0)
		return;
	sb_printf(sb, "  %s (%u):", what, v->count);
	while (wire_nlri_next(&it, &n)) {
		sb_putc(sb, ' ');
		prefix_print(&n.pfx, sb);
		if (v->addpath)
			sb_printf(sb, " id %u", n.path_id);
	}
	sb_putc(sb, '\n');
}

void
wire_update_print(const struct wire_update *u, struct sbuf *sb)
{
	if (u->eor_afs >= 0) {
		sb_printf(sb, "  End-of-RIB %s\n", afs_name((enum afs)u->eor_afs));
		return;
	}
	print_view("withdrawn", &u->withdrawn, sb);
	wire_attrs_print(&u->attrs, sb);
	print_view("nlri", &u->nlri, sb);
	if (u->action != WIRE_OK)
		sb_printf(sb, "  RFC 7606 %s: %s\n", wire_action_name(u->action),
		    u->err.reason);
}

/* ---- the packer ---- */

bool
wire_pack_begin(struct wire_packer *pk, uint8_t *buf, size_t cap,
    const struct wire_ctx *ctx, enum afs afs, const struct wire_attrs *attrs,
    const uint8_t *next_hop, size_t nh_len)
{
	size_t max = wire_max_msg_len(ctx);

	memset(pk, 0, sizeof(*pk));
	pk->wb = wb_init(buf, cap < max ? cap : max);
	pk->ctx = ctx;
	pk->afs = afs;
	pk->withdraw = attrs == NULL;
	pk->addpath = ctx->addpath_tx[afs];

	struct wbuf *wb = &pk->wb;
	if (!wire_header_begin(wb, BGP_MSG_UPDATE, &pk->msg_start))
		return false;
	pk->wlen_pos = wb->len;
	if (!wb_u16(wb, 0))
		return false;
	if (pk->withdraw && afs == AFS_IPV4_UNICAST) {
		/* withdrawn routes go here; keep room for the attribute length */
		if (wb_room(wb) < 2)
			return false;
		wb->cap -= 2;
		return true;
	}
	pk->alen_pos = wb->len;
	if (!wb_u16(wb, 0))
		return false;
	if (!pk->withdraw && !wire_attrs_encode(attrs, ctx, wb))
		return false;
	if (afs == AFS_IPV4_UNICAST) {
		wb_patch_len16(wb, pk->alen_pos);	/* NLRI follow the attributes */
		return true;
	}
	uint8_t type = pk->withdraw ? BGP_ATTR_MP_UNREACH : BGP_ATTR_MP_REACH;
	if (!mp_attr_begin(wb, type, &pk->mplen_pos) ||
	    !wb_u16(wb, afs_afi(afs)) || !wb_u8(wb, afs_safi(afs)))
		return false;
	if (!pk->withdraw &&
	    (!wb_u8(wb, (uint8_t)nh_len) || !wb_put(wb, next_hop, nh_len) ||
	    !wb_u8(wb, 0)))
		return false;
	return true;
}

bool
wire_pack_add(struct wire_packer *pk, const struct wire_nlri *n)
{
	if (!wire_nlri_put(&pk->wb, n, pk->addpath))
		return false;
	pk->count++;
	return true;
}

size_t
wire_pack_finish(struct wire_packer *pk)
{
	struct wbuf *wb = &pk->wb;

	if (pk->withdraw && pk->afs == AFS_IPV4_UNICAST) {
		wb_patch_len16(wb, pk->wlen_pos);
		wb->cap += 2;
		wb_u16(wb, 0);		/* no attributes */
	} else if (pk->afs != AFS_IPV4_UNICAST) {
		wb_patch_len16(wb, pk->mplen_pos);
		wb_patch_len16(wb, pk->alen_pos);
	}
	/* IPv4 announcements: the attribute length was patched in begin */
	wire_header_finish(wb, pk->msg_start);
	return wb->len - pk->msg_start;
}
