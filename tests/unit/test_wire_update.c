/*
 * test_wire_update.c -- UPDATE decode with RFC 7606 verdicts, End-of-RIB,
 * encode round trips, and the packer. Vectors are raw wire bytes.
 */
#include "testlib.h"

#define M16 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, \
	    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff

#define A_ORIGIN_IGP	0x40, 0x01, 0x01, 0x00
#define A_ASPATH_65001	0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9
#define A_NEXTHOP_105	0x40, 0x03, 0x04, 10, 0, 0, 105
#define A_MED_20	0x80, 0x04, 0x04, 0x00, 0x00, 0x00, 0x14
#define A_LOCPREF_100	0x40, 0x05, 0x04, 0x00, 0x00, 0x00, 0x64

static uint8_t scratch[4 * BGP_MAX_EXT_MSG_LEN];

static bool
decode(const uint8_t *body, size_t len, const struct wire_ctx *ctx,
    struct wire_update *u, struct wire_err *e)
{
	struct arena ar = arena_init(scratch, sizeof(scratch));
	return wire_update_decode(body, len, ctx, &ar, u, e);
}

/* ibgp, as4: ORIGIN, AS_PATH, NEXT_HOP, MED, LOCAL_PREF; 10.1.1.0/24 10.1.2.0/24 */
static const uint8_t upd_v4[] = {
	0x00, 0x00, 0x00, 34,
	A_ORIGIN_IGP, A_ASPATH_65001, A_NEXTHOP_105, A_MED_20, A_LOCPREF_100,
	24, 10, 1, 1, 24, 10, 1, 2,
};

static void
test_decode_v4(void **state)
{
	struct wire_ctx ctx = test_ctx(true, false, false, true);
	struct wire_update u;
	struct wire_err e;
	assert_true(decode(upd_v4, sizeof(upd_v4), &ctx, &u, &e));
	assert_int_equal(u.action, WIRE_OK);
	assert_int_equal(u.eor_afs, -1);
	assert_int_equal(u.nlri.count, 2);
	assert_int_equal(u.withdrawn.count, 0);
	assert_int_equal(u.attrs.origin, BGP_ORIGIN_IGP);
	assert_int_equal(u.attrs.med, 20);
	assert_int_equal(u.attrs.local_pref, 100);
	assert_memory_equal(u.attrs.next_hop, ((uint8_t[]){ 10, 0, 0, 105 }), 4);
	uint32_t first;
	assert_true(wire_aspath_first_as(u.attrs.as_path, &first));
	assert_int_equal(first, 65001);

	struct sbuf sb;
	sb_init(&sb);
	wire_update_print(&u, &sb);
	assert_non_null(strstr(sb.p, "10.1.1.0/24 10.1.2.0/24"));
	assert_non_null(strstr(sb.p, "10.0.0.105"));
	sb_free(&sb);
}

static void
test_roundtrip_v4(void **state)
{
	struct wire_ctx ctx = test_ctx(true, false, false, true);
	struct wire_update u;
	struct wire_err e;
	uint8_t out[4096], want[4096];
	assert_true(decode(upd_v4, sizeof(upd_v4), &ctx, &u, &e));
	struct wbuf wb = wb_init(out, sizeof(out));
	assert_true(wire_update_encode(&u, &ctx, &wb));
	size_t n = test_msg(BGP_MSG_UPDATE, upd_v4, sizeof(upd_v4), want, sizeof(want));
	assert_bytes_equal(out, wb.len, want, n);
	test_emit(out, wb.len);
}

/* add-path IPv6 in MP_REACH, next hop global + link-local, ids 1 and 2 */
static const uint8_t upd_v6_addpath[] = {
	0x00, 0x00, 0x00, 70,
	A_ORIGIN_IGP, A_ASPATH_65001, A_LOCPREF_100,
	0x90, 0x0e, 0x00, 46,
	0x00, 0x02, 0x01, 32,
	0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x05,
	0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x05,
	0x00,
	0, 0, 0, 1, 32, 0x20, 0x01, 0x0d, 0xb8,
};

static void
test_decode_v6_addpath(void **state)
{
	struct wire_ctx ctx = test_ctx(true, false, true, true);
	struct wire_update u;
	struct wire_err e;
	assert_true(decode(upd_v6_addpath, sizeof(upd_v6_addpath), &ctx, &u, &e));
	assert_int_equal(u.action, WIRE_OK);
	assert_true(wire_attr_has(&u.attrs, BGP_ATTR_MP_REACH));
	const struct wire_mp_reach *m = &u.attrs.mp_reach;
	assert_true(m->known);
	assert_int_equal(m->nh_len, 32);
	assert_int_equal(m->nlri.count, 1);
	struct wire_nlri_iter it = wire_nlri_iter(&m->nlri);
	struct wire_nlri n;
	assert_true(wire_nlri_next(&it, &n));
	assert_int_equal(n.path_id, 1);
	assert_int_equal(n.pfx.len, 32);

	/* round trip */
	uint8_t out[4096], want[4096];
	struct wbuf wb = wb_init(out, sizeof(out));
	assert_true(wire_update_encode(&u, &ctx, &wb));
	size_t len = test_msg(BGP_MSG_UPDATE, upd_v6_addpath, sizeof(upd_v6_addpath), want, sizeof(want));
	assert_bytes_equal(out, wb.len, want, len);
	test_emit(out, wb.len);

	/* the same bytes read without add-path: the NLRI do not parse */
	struct wire_ctx plain = test_ctx(true, false, false, true);
	assert_false(decode(upd_v6_addpath, sizeof(upd_v6_addpath), &plain, &u, &e));
	assert_int_equal(e.action, WIRE_SESSION_RESET);
}

static void
test_reencode_without_addpath(void **state)
{
	/* decoded with path ids, sent to a peer without add-path: ids dropped */
	struct wire_ctx rx = test_ctx(true, false, true, true);
	struct wire_ctx tx = test_ctx(true, false, false, true);
	struct wire_update u, u2;
	struct wire_err e;
	uint8_t out[4096];
	assert_true(decode(upd_v6_addpath, sizeof(upd_v6_addpath), &rx, &u, &e));
	struct wbuf wb = wb_init(out, sizeof(out));
	assert_true(wire_update_encode(&u, &tx, &wb));
	assert_int_equal(wb.len, BGP_HEADER_LEN + sizeof(upd_v6_addpath) - 4);
	test_emit(out, wb.len);
	assert_true(decode(out + BGP_HEADER_LEN, wb.len - BGP_HEADER_LEN, &tx, &u2, &e));
	assert_int_equal(u2.attrs.mp_reach.nlri.count, 1);
}

static void
test_eor(void **state)
{
	struct wire_ctx ctx = test_ctx(true, false, false, true);
	static const uint8_t eor4[] = { 0, 0, 0, 0 };
	static const uint8_t eor6[] = { 0, 0, 0, 6, 0x80, 0x0f, 0x03, 0x00, 0x02, 0x01 };
	struct wire_update u;
	struct wire_err e;
	uint8_t out[64], want[64];

	assert_true(decode(eor4, sizeof(eor4), &ctx, &u, &e));
	assert_int_equal(u.eor_afs, AFS_IPV4_UNICAST);
	assert_true(decode(eor6, sizeof(eor6), &ctx, &u, &e));
	assert_int_equal(u.eor_afs, AFS_IPV6_UNICAST);

	struct wbuf wb = wb_init(out, sizeof(out));
	assert_true(wire_eor_encode(AFS_IPV4_UNICAST, &wb));
	assert_bytes_equal(out, wb.len, want, test_msg(BGP_MSG_UPDATE, eor4, sizeof(eor4), want, sizeof(want)));
	test_emit(out, wb.len);
	wb = wb_init(out, sizeof(out));
	assert_true(wire_eor_encode(AFS_IPV6_UNICAST, &wb));
	assert_bytes_equal(out, wb.len, want, test_msg(BGP_MSG_UPDATE, eor6, sizeof(eor6), want, sizeof(want)));
	test_emit(out, wb.len);

	/* an MP_UNREACH with prefixes is a withdrawal, not End-of-RIB */
	static const uint8_t wd6[] = { 0, 0, 0, 11, 0x80, 0x0f, 0x08, 0x00, 0x02, 0x01,
		32, 0x20, 0x01, 0x0d, 0xb8 };
	assert_true(decode(wd6, sizeof(wd6), &ctx, &u, &e));
	assert_int_equal(u.eor_afs, -1);
	assert_int_equal(u.attrs.mp_unreach.nlri.count, 1);
}

static void
expect_withdraw(const uint8_t *body, size_t len, const struct wire_ctx *ctx,
    uint8_t subcode, uint8_t data0)
{
	struct wire_update u;
	struct wire_err e;
	assert_true(decode(body, len, ctx, &u, &e));
	assert_int_equal(u.action, WIRE_TREAT_AS_WITHDRAW);
	assert_int_equal(u.err.code, BGP_ERR_UPDATE);
	assert_int_equal(u.err.subcode, subcode);
	if (data0) {
		assert_true(u.err.data_len >= 1);
		assert_int_equal(wire_err_data(&u.err)[0], data0);
	}
}

static void
test_missing_mandatory(void **state)
{
	struct wire_ctx ibgp = test_ctx(true, false, false, true);
	struct wire_ctx ebgp = test_ctx(true, false, false, false);
	static const uint8_t no_origin[] = { 0, 0, 0, 16,
		A_ASPATH_65001, A_NEXTHOP_105, 24, 10, 1, 1 };
	expect_withdraw(no_origin, sizeof(no_origin), &ebgp, BGP_ERR_UPD_MISSING_WK, BGP_ATTR_ORIGIN);
	static const uint8_t no_aspath[] = { 0, 0, 0, 11,
		A_ORIGIN_IGP, A_NEXTHOP_105, 24, 10, 1, 1 };
	expect_withdraw(no_aspath, sizeof(no_aspath), &ebgp, BGP_ERR_UPD_MISSING_WK, BGP_ATTR_AS_PATH);
	static const uint8_t no_nexthop[] = { 0, 0, 0, 13,
		A_ORIGIN_IGP, A_ASPATH_65001, 24, 10, 1, 1 };
	expect_withdraw(no_nexthop, sizeof(no_nexthop), &ebgp, BGP_ERR_UPD_MISSING_WK, BGP_ATTR_NEXT_HOP);
	static const uint8_t no_locpref[] = { 0, 0, 0, 20,
		A_ORIGIN_IGP, A_ASPATH_65001, A_NEXTHOP_105, 24, 10, 1, 1 };
	expect_withdraw(no_locpref, sizeof(no_locpref), &ibgp, BGP_ERR_UPD_MISSING_WK, BGP_ATTR_LOCAL_PREF);
	/* fine on eBGP */
	struct wire_update u;
	struct wire_err e;
	assert_true(decode(no_locpref, sizeof(no_locpref), &ebgp, &u, &e));
	assert_int_equal(u.action, WIRE_OK);
	/* a pure withdrawal needs no attributes */
	static const uint8_t withdraw[] = { 0, 4, 24, 10, 1, 1, 0, 0 };
	assert_true(decode(withdraw, sizeof(withdraw), &ibgp, &u, &e));
	assert_int_equal(u.action, WIRE_OK);
	assert_int_equal(u.withdrawn.count, 1);
}

static void
test_bad_origin_with_nlri_withdraws(void **state)
{
	struct wire_ctx ctx = test_ctx(true, false, false, false);
	static const uint8_t bad_origin[] = { 0, 0, 0, 20,
		0x40, 0x01, 0x01, 0x07, A_ASPATH_65001, A_NEXTHOP_105, 24, 10, 1, 1 };
	expect_withdraw(bad_origin, sizeof(bad_origin), &ctx, BGP_ERR_UPD_ORIGIN, 0);
}

static void
test_no_reachable_nlri_resets(void **state)
{
	/* RFC 7606 §5.2: a treat-as-withdraw error and nothing reachable: session reset */
	struct wire_ctx ctx = test_ctx(true, false, false, false);
	static const uint8_t bad_origin_only[] = { 0, 0, 0, 4, 0x40, 0x01, 0x01, 0x07 };
	struct wire_update u;
	struct wire_err e;
	assert_false(decode(bad_origin_only, sizeof(bad_origin_only), &ctx, &u, &e));
	assert_int_equal(e.action, WIRE_SESSION_RESET);
	assert_int_equal(e.code, BGP_ERR_UPDATE);
	assert_int_equal(e.subcode, BGP_ERR_UPD_ORIGIN);
	/* the same with a withdrawn prefix: withdrawals are not reachable NLRI either */
	static const uint8_t with_withdrawn[] = { 0, 4, 24, 10, 1, 1, 0, 4, 0x40, 0x01, 0x01, 0x07 };
	assert_false(decode(with_withdrawn, sizeof(with_withdrawn), &ctx, &u, &e));
	assert_int_equal(e.action, WIRE_SESSION_RESET);
}

static void
expect_reset(const uint8_t *body, size_t len, const struct wire_ctx *ctx, uint8_t subcode)
{
	struct wire_update u;
	struct wire_err e;
	assert_false(decode(body, len, ctx, &u, &e));
	assert_int_equal(e.action, WIRE_SESSION_RESET);
	assert_int_equal(e.code, BGP_ERR_UPDATE);
	assert_int_equal(e.subcode, subcode);
	assert_true(strlen(e.reason) > 0);
}

static void
test_framing_errors(void **state)
{
	struct wire_ctx ctx = test_ctx(true, false, false, true);
	static const uint8_t wlen_over[] = { 0, 9, 24, 10, 1, 1, 0, 0 };
	expect_reset(wlen_over, sizeof(wlen_over), &ctx, BGP_ERR_UPD_ATTR_LIST);
	static const uint8_t alen_over[] = { 0, 0, 0, 9, A_ORIGIN_IGP };
	expect_reset(alen_over, sizeof(alen_over), &ctx, BGP_ERR_UPD_ATTR_LIST);
	static const uint8_t short_body[] = { 0, 0, 0 };
	expect_reset(short_body, sizeof(short_body), &ctx, BGP_ERR_UPD_ATTR_LIST);
	static const uint8_t bad_nlri[] = { 0, 0, 0, 34,
		A_ORIGIN_IGP, A_ASPATH_65001, A_NEXTHOP_105, A_MED_20, A_LOCPREF_100, 33, 1, 2, 3, 4, 5 };
	expect_reset(bad_nlri, sizeof(bad_nlri), &ctx, BGP_ERR_UPD_NETWORK);
	static const uint8_t bad_withdrawn[] = { 0, 2, 25, 10, 0, 0 };
	expect_reset(bad_withdrawn, sizeof(bad_withdrawn), &ctx, BGP_ERR_UPD_NETWORK);
}

static void
test_truncation_every_byte(void **state)
{
	const uint8_t *vecs[] = { upd_v4, upd_v6_addpath };
	size_t lens[] = { sizeof(upd_v4), sizeof(upd_v6_addpath) };
	struct wire_ctx ctxs[] = { test_ctx(true, false, false, true), test_ctx(true, false, true, true) };
	for (int v = 0; v < 2; v++) {
		for (size_t i = 0; i < lens[v]; i++) {
			struct wire_update u;
			struct wire_err e;
			if (!decode(vecs[v], i, &ctxs[v], &u, &e)) {
				assert_int_equal(e.action, WIRE_SESSION_RESET);
				assert_true(e.code == BGP_ERR_UPDATE);
				continue;
			}
			/* a cut that ends on a prefix boundary is a shorter valid UPDATE */
			assert_true(u.nlri.count < 2 || i == lens[v]);
		}
	}
}

static void
check_pack_result(const uint8_t *msg, size_t len, const struct wire_ctx *ctx,
    enum afs afs, bool withdraw, uint32_t count, uint32_t first)
{
	struct wire_header h;
	struct wire_update u;
	struct wire_err e;
	assert_true(wire_header_decode(msg, len, wire_max_msg_len(ctx), &h, &e));
	assert_int_equal(h.len, len);
	assert_true(decode(msg + BGP_HEADER_LEN, len - BGP_HEADER_LEN, ctx, &u, &e));
	assert_int_equal(u.action, WIRE_OK);
	const struct wire_nlri_view *v;
	if (afs == AFS_IPV4_UNICAST)
		v = withdraw ? &u.withdrawn : &u.nlri;
	else
		v = withdraw ? &u.attrs.mp_unreach.nlri : &u.attrs.mp_reach.nlri;
	assert_int_equal(v->count, count);
	struct wire_nlri_iter it = wire_nlri_iter(v);
	struct wire_nlri n;
	uint32_t i = first;
	while (wire_nlri_next(&it, &n)) {
		if (afs == AFS_IPV4_UNICAST) {
			assert_int_equal(n.pfx.addr[1], (uint8_t)(i >> 8));
			assert_int_equal(n.pfx.addr[2], (uint8_t)i);
		} else {
			assert_int_equal(n.pfx.addr[4], (uint8_t)(i >> 8));
			assert_int_equal(n.pfx.addr[5], (uint8_t)i);
		}
		if (ctx->addpath_rx[afs])
			assert_int_equal(n.path_id, i + 1);
		i++;
	}
}

static void
make_nlri(enum afs afs, uint32_t i, struct wire_nlri *n)
{
	memset(n, 0, sizeof(*n));
	n->pfx.afs = (uint8_t)afs;
	n->path_id = i + 1;
	if (afs == AFS_IPV4_UNICAST) {
		n->pfx.len = 24;
		n->pfx.addr[0] = 10;
		n->pfx.addr[1] = (uint8_t)(i >> 8);
		n->pfx.addr[2] = (uint8_t)i;
	} else {
		n->pfx.len = 48;
		memcpy(n->pfx.addr, (uint8_t[]){ 0x20, 0x01, 0x0d, 0xb8 }, 4);
		n->pfx.addr[4] = (uint8_t)(i >> 8);
		n->pfx.addr[5] = (uint8_t)i;
	}
}

/* Pack `total` prefixes into as many messages as needed; check each; return message count. */
static unsigned
pack_all(const struct wire_ctx *ctx, enum afs afs, bool withdraw, uint32_t total,
    const struct wire_attrs *attrs)
{
	static uint8_t buf[BGP_MAX_EXT_MSG_LEN];
	static const uint8_t nh6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 5 };
	uint32_t i = 0;
	unsigned msgs = 0;
	while (i < total) {
		struct wire_packer pk;
		struct wire_nlri n;
		uint32_t first = i;
		assert_true(wire_pack_begin(&pk, buf, sizeof(buf), ctx, afs,
		    withdraw ? NULL : attrs, nh6, 16));
		for (; i < total; i++) {
			make_nlri(afs, i, &n);
			if (!wire_pack_add(&pk, &n))
				break;
		}
		assert_true(pk.count > 0);
		size_t len = wire_pack_finish(&pk);
		assert_true(len <= wire_max_msg_len(ctx));
		/* full means the next prefix would not have fit */
		if (i < total)
			assert_true(len + wire_nlri_size(&n, ctx->addpath_tx[afs]) > wire_max_msg_len(ctx));
		check_pack_result(buf, len, ctx, afs, withdraw, pk.count, first);
		test_emit(buf, len);
		msgs++;
	}
	return msgs;
}

static void
test_packer(void **state)
{
	static const uint8_t aspath[] = { BGP_AS_SEQUENCE, 2, 0, 0, 0xfd, 0xe9, 0, 0, 0xfd, 0xea };
	struct wire_attrs a;
	memset(&a, 0, sizeof(a));
	a.present = ATTR_BIT(BGP_ATTR_ORIGIN) | ATTR_BIT(BGP_ATTR_AS_PATH) |
	    ATTR_BIT(BGP_ATTR_LOCAL_PREF);
	a.as_path.p = aspath;
	a.as_path.len = sizeof(aspath);
	a.local_pref = 100;
	struct wire_attrs a4 = a;
	a4.present |= ATTR_BIT(BGP_ATTR_NEXT_HOP);
	memcpy(a4.next_hop, (uint8_t[]){ 10, 0, 0, 105 }, 4);

	struct wire_ctx plain = test_ctx(true, false, false, true);
	struct wire_ctx ap = test_ctx(true, true, true, true);
	/*
	 * IPv4: 19 header + 4 lengths + 31 attributes = 54, so (4096 - 54) / 4 = 1010
	 * /24s per message, 505 with path ids. IPv6: 19 + 4 + 24 attributes + 25 of
	 * MP_REACH header and next hop = 72, so 574 /48s, 365 with path ids;
	 * withdrawals: 19 + 4 + 7 of MP_UNREACH header = 30, so 369 with path ids.
	 */
	assert_int_equal(pack_all(&plain, AFS_IPV4_UNICAST, false, 3000, &a4), 3);
	assert_int_equal(pack_all(&ap, AFS_IPV4_UNICAST, false, 3000, &a4), 6);
	assert_int_equal(pack_all(&plain, AFS_IPV4_UNICAST, true, 1000, NULL), 1);
	assert_int_equal(pack_all(&plain, AFS_IPV6_UNICAST, false, 1000, &a), 2);
	assert_int_equal(pack_all(&ap, AFS_IPV6_UNICAST, false, 1000, &a), 3);
	assert_int_equal(pack_all(&ap, AFS_IPV6_UNICAST, true, 1000, NULL), 3);
	/* with RFC 8654 extended messages everything fits in one */
	struct wire_ctx ext = plain;
	ext.ext_msg = true;
	assert_int_equal(pack_all(&ext, AFS_IPV4_UNICAST, false, 3000, &a4), 1);
}

static void
test_packer_exact_fill(void **state)
{
	/* the first message of 3000 /24s holds exactly (4096 - 50) / 4 prefixes */
	struct wire_ctx ctx = test_ctx(true, false, false, true);
	static const uint8_t aspath[] = { BGP_AS_SEQUENCE, 2, 0, 0, 0xfd, 0xe9, 0, 0, 0xfd, 0xea };
	struct wire_attrs a;
	memset(&a, 0, sizeof(a));
	a.present = ATTR_BIT(BGP_ATTR_ORIGIN) | ATTR_BIT(BGP_ATTR_AS_PATH) |
	    ATTR_BIT(BGP_ATTR_LOCAL_PREF) | ATTR_BIT(BGP_ATTR_NEXT_HOP);
	a.as_path.p = aspath;
	a.as_path.len = sizeof(aspath);
	a.local_pref = 100;
	uint8_t buf[BGP_MAX_MSG_LEN];
	struct wire_packer pk;
	struct wire_nlri n;
	assert_true(wire_pack_begin(&pk, buf, sizeof(buf), &ctx, AFS_IPV4_UNICAST, &a, NULL, 0));
	size_t header_and_attrs = pk.wb.len;
	assert_int_equal(header_and_attrs, 19 + 4 + 4 + 13 + 7 + 7);
	uint32_t i = 0;
	for (;; i++) {
		make_nlri(AFS_IPV4_UNICAST, i, &n);
		if (!wire_pack_add(&pk, &n))
			break;
	}
	assert_int_equal(i, (BGP_MAX_MSG_LEN - header_and_attrs) / 4);
	assert_int_equal(wire_pack_finish(&pk), header_and_attrs + 4 * i);
}

static void
test_as2_session_roundtrip(void **state)
{
	/* a 4-octet ASN sent to a 2-octet peer: AS_TRANS + AS4_PATH, merged back on decode */
	static const uint8_t aspath[] = { BGP_AS_SEQUENCE, 2, 0x00, 0x01, 0x00, 0x01, 0, 0, 0xfd, 0xe9 };
	struct wire_ctx ctx = test_ctx(false, false, false, false);
	struct wire_attrs a;
	memset(&a, 0, sizeof(a));
	a.present = ATTR_BIT(BGP_ATTR_ORIGIN) | ATTR_BIT(BGP_ATTR_AS_PATH) | ATTR_BIT(BGP_ATTR_NEXT_HOP);
	a.as_path.p = aspath;
	a.as_path.len = sizeof(aspath);
	memcpy(a.next_hop, (uint8_t[]){ 10, 0, 0, 1 }, 4);
	uint8_t buf[BGP_MAX_MSG_LEN];
	struct wire_packer pk;
	struct wire_nlri n;
	make_nlri(AFS_IPV4_UNICAST, 7, &n);
	assert_true(wire_pack_begin(&pk, buf, sizeof(buf), &ctx, AFS_IPV4_UNICAST, &a, NULL, 0));
	assert_true(wire_pack_add(&pk, &n));
	size_t len = wire_pack_finish(&pk);
	test_emit(buf, len);
	struct wire_update u;
	struct wire_err e;
	assert_true(decode(buf + BGP_HEADER_LEN, len - BGP_HEADER_LEN, &ctx, &u, &e));
	assert_int_equal(u.action, WIRE_OK);
	assert_int_equal(u.attrs.as_path.len, sizeof(aspath));
	assert_memory_equal(u.attrs.as_path.p, aspath, sizeof(aspath));
	assert_false(wire_attr_has(&u.attrs, BGP_ATTR_AS4_PATH));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_v4),
		cmocka_unit_test(test_roundtrip_v4),
		cmocka_unit_test(test_decode_v6_addpath),
		cmocka_unit_test(test_reencode_without_addpath),
		cmocka_unit_test(test_eor),
		cmocka_unit_test(test_missing_mandatory),
		cmocka_unit_test(test_bad_origin_with_nlri_withdraws),
		cmocka_unit_test(test_no_reachable_nlri_resets),
		cmocka_unit_test(test_framing_errors),
		cmocka_unit_test(test_truncation_every_byte),
		cmocka_unit_test(test_packer),
		cmocka_unit_test(test_packer_exact_fill),
		cmocka_unit_test(test_as2_session_roundtrip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
