/*
 * test_wire_attr.c -- path attributes: every attribute decoded, encoded and
 * printed, each RFC 7606 verdict, RFC 6793 reconciliation, round trips.
 *
 * Vectors are attribute sections (not whole messages) unless a test wraps
 * them in an UPDATE, which it then hands to test_emit() for the oracle.
 */
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- byte helpers for the vectors ---- */

#define AS2(x) (uint8_t)((x) >> 8), (uint8_t)(x)
#define AS4(x) (uint8_t)((uint32_t)(x) >> 24), (uint8_t)((uint32_t)(x) >> 16), \
	(uint8_t)((uint32_t)(x) >> 8), (uint8_t)(x)

#define BIG1 4200000001u
#define BIG2 4200000002u

#define V6_2001_DB8_1 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1
#define V6_FE80_1 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1

#define A_ORIGIN	0x40, 0x01, 1, 0x00
/* (65100) 65001 BIG1 65002 {65003 65004}, 4-octet */
#define PATH4_VAL	BGP_AS_CONFED_SEQUENCE, 1, AS4(65100), \
	BGP_AS_SEQUENCE, 3, AS4(65001), AS4(BIG1), AS4(65002), \
	BGP_AS_SET, 2, AS4(65003), AS4(65004)
#define A_ASPATH4	0x40, 0x02, 30, PATH4_VAL
/* the same for a 2-octet session: BIG1 is AS_TRANS */
#define A_ASPATH2	0x40, 0x02, 18, BGP_AS_CONFED_SEQUENCE, 1, AS2(65100), \
	BGP_AS_SEQUENCE, 3, AS2(65001), AS2(BGP_AS_TRANS), AS2(65002), \
	BGP_AS_SET, 2, AS2(65003), AS2(65004)
#define A_AS4PATH	0xc0, 0x11, 24, \
	BGP_AS_SEQUENCE, 3, AS4(65001), AS4(BIG1), AS4(65002), \
	BGP_AS_SET, 2, AS4(65003), AS4(65004)
#define A_NEXT_HOP	0x40, 0x03, 4, 10, 0, 0, 1
#define A_MED		0x80, 0x04, 4, 0, 0, 0, 20
#define A_LOCAL_PREF	0x40, 0x05, 4, 0, 0, 0, 100
#define A_ATOMIC	0x40, 0x06, 0
#define A_AGG4		0xc0, 0x07, 8, AS4(BIG2), 10, 0, 0, 1
#define A_AGG2		0xc0, 0x07, 6, AS2(BGP_AS_TRANS), 10, 0, 0, 1
#define A_AS4AGG	0xc0, 0x12, 8, AS4(BIG2), 10, 0, 0, 1
#define A_COMMS		0xc0, 0x08, 12, AS2(65000), 0, 1, 0xff, 0xff, 0xff, 0x01, \
	0xff, 0xff, 0x00, 0x00
#define A_ORIGINATOR	0x80, 0x09, 4, 10, 0, 0, 9
#define A_CLUSTER	0x80, 0x0a, 8, 10, 0, 0, 109, 10, 0, 0, 110
#define A_MP_REACH6	0x80, 0x0e, 44, 0x00, 0x02, 0x01, 32, V6_2001_DB8_1, V6_FE80_1, \
	0x00, 48, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01
#define A_EXTC		0xc0, 0x10, 40, \
	0x00, 0x02, AS2(65000), 0, 0, 0, 100, \
	0x01, 0x02, 10, 0, 0, 1, 0, 7, \
	0x02, 0x02, AS4(4200000000u), 0, 5, \
	0x00, 0x03, AS2(65000), 0, 0, 0, 1, \
	0x03, 0x0c, 0, 0, 0, 0, 0, 7
/*
 * unknown optional transitive attributes; in vectors that reach the tshark
 * oracle only codes tshark has no dissector for (34 expired, 200 unassigned)
 */
#define A_UNK200	0xc0, 200, 3, 1, 2, 3
#define A_UNK200P	0xe0, 200, 3, 1, 2, 3
#define A_UNK34		0xc0, 34, 1, 0xaa
#define A_UNK34P	0xe0, 34, 1, 0xaa
#define A_LARGE		0xc0, 0x20, 12, AS4(65000), AS4(1), AS4(2)
#define A_OTC		0xc0, 0x23, 4, AS4(65001)

/* every attribute, as an as4 session and as a 2-octet session would carry it */
static const uint8_t rich_as4[] = {
	A_MP_REACH6, A_ORIGIN, A_ASPATH4, A_NEXT_HOP, A_MED, A_LOCAL_PREF,
	A_ATOMIC, A_AGG4, A_COMMS, A_ORIGINATOR, A_CLUSTER, A_EXTC, A_UNK200,
	A_UNK34, A_LARGE, A_OTC,
};
static const uint8_t rich_2oct[] = {
	A_MP_REACH6, A_ORIGIN, A_ASPATH2, A_NEXT_HOP, A_MED, A_LOCAL_PREF,
	A_ATOMIC, A_AGG2, A_COMMS, A_ORIGINATOR, A_CLUSTER, A_EXTC, A_AS4PATH,
	A_AS4AGG, A_UNK200, A_UNK34, A_LARGE, A_OTC,
};
/* what wire_attrs_encode makes of them: type order, Partial on the unknown, no MP */
static const uint8_t rich_as4_encoded[] = {
	A_ORIGIN, A_ASPATH4, A_NEXT_HOP, A_MED, A_LOCAL_PREF, A_ATOMIC, A_AGG4,
	A_COMMS, A_ORIGINATOR, A_CLUSTER, A_EXTC, A_LARGE, A_UNK34P, A_OTC,
	A_UNK200P,
};
static const uint8_t rich_2oct_encoded[] = {
	A_ORIGIN, A_ASPATH2, A_NEXT_HOP, A_MED, A_LOCAL_PREF, A_ATOMIC, A_AGG2,
	A_COMMS, A_ORIGINATOR, A_CLUSTER, A_EXTC, A_AS4PATH, A_AS4AGG, A_LARGE,
	A_UNK34P, A_OTC, A_UNK200P,
};

static const char rich_text[] =
	"  origin igp\n"
	"  as-path (65100) 65001 4200000001 65002 {65003 65004}\n"
	"  next-hop 10.0.0.1\n"
	"  med 20\n"
	"  local-pref 100\n"
	"  atomic-aggregate\n"
	"  aggregator 4200000002 10.0.0.1\n"
	"  communities 65000:1 no-export graceful-shutdown\n"
	"  originator-id 10.0.0.9\n"
	"  cluster-list 10.0.0.109 10.0.0.110\n"
	"  mp-reach ipv6-unicast next-hop 2001:db8::1 [fe80::1] nlri (1): 2001:db8:1::/48\n"
	"  ext-communities rt 65000:100 rt 10.0.0.1:7 rt 4200000000:5 soo 65000:1 0x030c000000000007\n"
	"  large-communities 65000:1:2\n"
	"  unknown attribute 34 flags 0xe0 len 1: aa\n"
	"  otc 65001\n"
	"  unknown attribute 200 flags 0xe0 len 3: 010203\n";

/* ---- decode helper ---- */

struct res {
	bool ok;
	enum wire_action v;
	struct wire_err e;
	struct wire_attrs a;
	struct arena ar;
	uint8_t mem[1 << 14];
};

static struct wire_ctx
ctx_of(bool as4, bool ibgp)
{
	return test_ctx(as4, false, false, ibgp);
}

static struct res *
dec(const uint8_t *p, size_t len, const struct wire_ctx *ctx)
{
	struct res *r = calloc(1, sizeof(*r));
	assert_non_null(r);
	r->ar = arena_init(r->mem, sizeof(r->mem));
	r->v = WIRE_OK;
	r->ok = wire_attrs_decode(p, len, ctx, &r->ar, &r->a, &r->v, &r->e);
	/* the contract: false exactly when the verdict is session reset */
	assert_int_equal(r->ok, r->v != WIRE_SESSION_RESET);
	/* the documented arena bound */
	assert_true(r->ar.used <= 4 * len + 16);
	return r;
}

static void
expect_err(const struct res *r, enum wire_action act, uint8_t subcode,
    const uint8_t *data, size_t data_len)
{
	assert_int_equal(r->v, act);
	assert_int_equal(r->e.action, act);
	assert_int_equal(r->e.code, BGP_ERR_UPDATE);
	assert_int_equal(r->e.subcode, subcode);
	assert_true(r->e.reason[0] != '\0');
	assert_bytes_equal(wire_err_data(&r->e), r->e.data_len, data, data_len);
}

static char *
print_attrs(const struct wire_attrs *a)
{
	struct sbuf sb;
	sb_init(&sb);
	wire_attrs_print(a, &sb);
	char *s = strdup(sb.p);
	sb_free(&sb);
	assert_non_null(s);
	return s;
}

static void
expect_text(const struct wire_attrs *a, const char *want)
{
	char *s = print_attrs(a);
	assert_string_equal(s, want);
	free(s);
}

static size_t
enc(const struct wire_attrs *a, const struct wire_ctx *ctx, uint8_t *out,
    size_t cap)
{
	struct wbuf wb = wb_init(out, cap);
	assert_true(wire_attrs_encode(a, ctx, &wb));
	assert_false(wb.overflow);
	return wb.len;
}

/* The test's own MP attribute writer (wire_attrs_encode leaves them to the UPDATE encoder). */
static void
put_mp(struct wbuf *wb, const struct wire_attrs *a)
{
	size_t pos;
	if (wire_attr_has(a, BGP_ATTR_MP_REACH)) {
		const struct wire_mp_reach *m = &a->mp_reach;
		assert_true(wb_u8(wb, 0x90) && wb_u8(wb, BGP_ATTR_MP_REACH));
		pos = wb->len;
		assert_true(wb_u16(wb, 0) && wb_u16(wb, m->afi) && wb_u8(wb, m->safi) &&
		    wb_u8(wb, m->nh_len) && wb_put(wb, m->nexthop, m->nh_len) &&
		    wb_u8(wb, 0) && wb_put(wb, m->nlri.p, m->nlri.len));
		wb_patch_len16(wb, pos);
	}
	if (wire_attr_has(a, BGP_ATTR_MP_UNREACH)) {
		const struct wire_mp_unreach *m = &a->mp_unreach;
		assert_true(wb_u8(wb, 0x90) && wb_u8(wb, BGP_ATTR_MP_UNREACH));
		pos = wb->len;
		assert_true(wb_u16(wb, 0) && wb_u16(wb, m->afi) && wb_u8(wb, m->safi) &&
		    wb_put(wb, m->nlri.p, m->nlri.len));
		wb_patch_len16(wb, pos);
	}
}

/* Wrap an attribute section and IPv4 NLRI in a whole UPDATE and hand it to the oracle. */
static void
emit_update(const uint8_t *attrs, size_t alen, const uint8_t *nlri,
    size_t nlri_len)
{
	static uint8_t body[BGP_MAX_EXT_MSG_LEN], msg[BGP_MAX_EXT_MSG_LEN + 64];
	size_t n = 0;

	assert_true(4 + alen + nlri_len + BGP_HEADER_LEN <= BGP_MAX_MSG_LEN);
	put_u16(body, 0);
	put_u16(body + 2, (uint16_t)alen);
	n = 4;
	memcpy(body + n, attrs, alen);
	n += alen;
	if (nlri_len)
		memcpy(body + n, nlri, nlri_len);
	n += nlri_len;
	size_t mlen = test_msg(BGP_MSG_UPDATE, body, n, msg, sizeof(msg));
	test_emit(msg, mlen);
}

static const uint8_t nlri_10_1[] = { 16, 10, 1 };

/* ---- the table ---- */

static void
test_desc_table(void **state)
{
	static const struct {
		uint8_t type;
		uint8_t flags;
		enum wire_action on_error;
	} want[] = {
		{ BGP_ATTR_ORIGIN, 0x40, WIRE_TREAT_AS_WITHDRAW },
		{ BGP_ATTR_AS_PATH, 0x40, WIRE_TREAT_AS_WITHDRAW },
		{ BGP_ATTR_NEXT_HOP, 0x40, WIRE_TREAT_AS_WITHDRAW },
		{ BGP_ATTR_MED, 0x80, WIRE_TREAT_AS_WITHDRAW },
		{ BGP_ATTR_LOCAL_PREF, 0x40, WIRE_TREAT_AS_WITHDRAW },
		{ BGP_ATTR_ATOMIC_AGGREGATE, 0x40, WIRE_ATTR_DISCARD },
		{ BGP_ATTR_AGGREGATOR, 0xc0, WIRE_ATTR_DISCARD },
		{ BGP_ATTR_COMMUNITIES, 0xc0, WIRE_TREAT_AS_WITHDRAW },
		{ BGP_ATTR_ORIGINATOR_ID, 0x80, WIRE_TREAT_AS_WITHDRAW },
		{ BGP_ATTR_CLUSTER_LIST, 0x80, WIRE_TREAT_AS_WITHDRAW },
		{ BGP_ATTR_MP_REACH, 0x80, WIRE_SESSION_RESET },
		{ BGP_ATTR_MP_UNREACH, 0x80, WIRE_SESSION_RESET },
		{ BGP_ATTR_EXT_COMMUNITIES, 0xc0, WIRE_TREAT_AS_WITHDRAW },
		{ BGP_ATTR_AS4_PATH, 0xc0, WIRE_ATTR_DISCARD },
		{ BGP_ATTR_AS4_AGGREGATOR, 0xc0, WIRE_ATTR_DISCARD },
		{ BGP_ATTR_LARGE_COMMUNITIES, 0xc0, WIRE_TREAT_AS_WITHDRAW },
		{ BGP_ATTR_OTC, 0xc0, WIRE_TREAT_AS_WITHDRAW },
	};
	unsigned known = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const struct wire_attr_desc *d = wire_attr_desc(want[i].type);
		assert_non_null(d);
		assert_int_equal(d->type, want[i].type);
		assert_int_equal(d->flags, want[i].flags);
		assert_int_equal(d->on_error, want[i].on_error);
		assert_true(d->err_subcode != 0);
		assert_string_equal(wire_attr_name(want[i].type), d->name);
	}
	for (unsigned t = 0; t < 256; t++)
		known += wire_attr_desc((uint8_t)t) != NULL;
	assert_int_equal(known, sizeof(want) / sizeof(want[0]));
	assert_null(wire_attr_desc(0));
	assert_null(wire_attr_desc(99));
	assert_null(wire_attr_desc(255));
	assert_string_equal(wire_attr_name(99), "unknown");
	assert_string_equal(wire_attr_name(BGP_ATTR_ORIGIN), "ORIGIN");
	assert_string_equal(wire_attr_name(BGP_ATTR_LARGE_COMMUNITIES), "LARGE_COMMUNITY");
}

/* ---- every attribute ---- */

static void
check_rich(const struct wire_attrs *a)
{
	uint32_t as;

	assert_int_equal(a->present,
	    ATTR_BIT(1) | ATTR_BIT(2) | ATTR_BIT(3) | ATTR_BIT(4) | ATTR_BIT(5) |
	    ATTR_BIT(6) | ATTR_BIT(7) | ATTR_BIT(8) | ATTR_BIT(9) | ATTR_BIT(10) |
	    ATTR_BIT(14) | ATTR_BIT(16) | ATTR_BIT(32) | ATTR_BIT(35));
	assert_int_equal(a->origin, BGP_ORIGIN_IGP);
	static const uint8_t path[] = { PATH4_VAL };
	assert_bytes_equal(a->as_path.p, a->as_path.len, path, sizeof(path));
	assert_int_equal(wire_aspath_length(a->as_path), 4);
	assert_true(wire_aspath_first_as(a->as_path, &as));
	assert_int_equal(as, 65001);
	assert_memory_equal(a->next_hop, ((uint8_t[]){ 10, 0, 0, 1 }), 4);
	assert_int_equal(a->med, 20);
	assert_int_equal(a->local_pref, 100);
	assert_int_equal(a->aggregator_as, BIG2);
	assert_int_equal(a->aggregator_id, 0x0a000001);
	assert_int_equal(a->communities.len, 12);
	assert_int_equal(a->originator_id, 0x0a000009);
	assert_int_equal(a->cluster_list.len, 8);
	assert_int_equal(a->ext_communities.len, 40);
	assert_int_equal(a->large_communities.len, 12);
	assert_int_equal(a->otc, 65001);
	assert_true(a->mp_reach.known);
	assert_int_equal(a->mp_reach.afi, BGP_AFI_IPV6);
	assert_int_equal(a->mp_reach.safi, BGP_SAFI_UNICAST);
	assert_int_equal(a->mp_reach.nh_len, 32);
	assert_int_equal(a->mp_reach.nlri.count, 1);
	assert_int_equal(a->mp_reach.nlri.afs, AFS_IPV6_UNICAST);
	static const uint8_t unk[] = { A_UNK34P, A_UNK200P };
	assert_bytes_equal(a->unknown.p, a->unknown.len, unk, sizeof(unk));
}

static void
test_rich_as4(void **state)
{
	struct wire_ctx c = ctx_of(true, true);
	uint8_t out[1024];

	(void)state;
	struct res *r = dec(rich_as4, sizeof(rich_as4), &c);
	assert_true(r->ok);
	assert_int_equal(r->v, WIRE_OK);
	check_rich(&r->a);
	/* as4: the AS_PATH is referenced in the message, not copied */
	assert_ptr_equal(r->a.as_path.p, rich_as4 + 54);
	expect_text(&r->a, rich_text);
	size_t n = enc(&r->a, &c, out, sizeof(out));
	assert_bytes_equal(out, n, rich_as4_encoded, sizeof(rich_as4_encoded));
	free(r);
}

static void
test_rich_2oct(void **state)
{
	struct wire_ctx c = ctx_of(false, true), c4 = ctx_of(true, true);
	uint8_t out[1024];

	(void)state;
	struct res *r = dec(rich_2oct, sizeof(rich_2oct), &c);
	assert_true(r->ok);
	assert_int_equal(r->v, WIRE_OK);
	/* AS4_PATH and AS4_AGGREGATOR are folded in, not present */
	check_rich(&r->a);
	expect_text(&r->a, rich_text);
	size_t n = enc(&r->a, &c, out, sizeof(out));
	assert_bytes_equal(out, n, rich_2oct_encoded, sizeof(rich_2oct_encoded));

	/* the same route over either kind of session is the same content */
	struct res *r4 = dec(rich_as4, sizeof(rich_as4), &c4);
	assert_true(wire_attrs_equal(&r->a, &r4->a));
	assert_true(wire_attrs_equal(&r4->a, &r->a));
	free(r);
	free(r4);
}

static void
test_equal_content(void **state)
{
	struct wire_ctx c = ctx_of(true, true);
	uint8_t copy[sizeof(rich_as4)];

	(void)state;
	memcpy(copy, rich_as4, sizeof(copy));
	struct res *x = dec(rich_as4, sizeof(rich_as4), &c);
	struct res *y = dec(copy, sizeof(copy), &c);
	assert_true(wire_attrs_equal(&x->a, &y->a));
	y->a.med = 21;
	assert_false(wire_attrs_equal(&x->a, &y->a));
	y->a.med = 20;
	y->a.otc = 65002;
	assert_false(wire_attrs_equal(&x->a, &y->a));
	y->a.otc = 65001;
	y->a.present &= ~ATTR_BIT(BGP_ATTR_MED);
	assert_false(wire_attrs_equal(&x->a, &y->a));
	y->a.present |= ATTR_BIT(BGP_ATTR_MED);
	y->a.unknown.len -= 6;
	assert_false(wire_attrs_equal(&x->a, &y->a));
	y->a.unknown.len += 6;
	y->a.mp_reach.nexthop[31] = 2;
	assert_false(wire_attrs_equal(&x->a, &y->a));
	y->a.mp_reach.nexthop[31] = 1;
	assert_true(wire_attrs_equal(&x->a, &y->a));
	free(x);
	free(y);
}

/* every attribute alone: decoded and printed */
static void
test_each_attribute(void **state)
{
	static const struct {
		bool as4;
		uint8_t bytes[64];
		size_t len;
		const char *text;
	} cases[] = {
		{ true, { 0x40, 1, 1, 1 }, 4, "  origin egp\n" },
		{ true, { 0x40, 1, 1, 2 }, 4, "  origin incomplete\n" },
		{ true, { 0x40, 2, 0 }, 3, "  as-path\n" },
		{ false, { 0x40, 2, 8, 2, 3, AS2(65001), AS2(65002), AS2(1) }, 11,
		    "  as-path 65001 65002 1\n" },
		{ true, { 0x40, 2, 16, 4, 2, AS4(65100), AS4(65101), 1, 1, AS4(7) }, 19,
		    "  as-path [65100 65101] {7}\n" },
		{ true, { 0x40, 3, 4, 192, 0, 2, 1 }, 7, "  next-hop 192.0.2.1\n" },
		{ true, { 0x80, 4, 4, AS4(4294967295u) }, 7, "  med 4294967295\n" },
		{ true, { 0x40, 5, 4, AS4(0) }, 7, "  local-pref 0\n" },
		{ true, { 0x40, 6, 0 }, 3, "  atomic-aggregate\n" },
		{ false, { 0xc0, 7, 6, AS2(65001), 10, 0, 0, 1 }, 9,
		    "  aggregator 65001 10.0.0.1\n" },
		{ true, { 0xc0, 7, 8, AS4(65001), 10, 0, 0, 1 }, 11,
		    "  aggregator 65001 10.0.0.1\n" },
		{ true, { 0xc0, 8, 28, 0xff, 0xff, 0, 0, 0xff, 0xff, 0, 1, 0xff, 0xff, 2, 0x9a,
		    0xff, 0xff, 0xff, 1, 0xff, 0xff, 0xff, 2, 0xff, 0xff, 0xff, 3,
		    0xff, 0xff, 0xff, 4 }, 31,
		    "  communities graceful-shutdown accept-own blackhole no-export "
		    "no-advertise no-export-subconfed no-peer\n" },
		{ true, { 0xe0, 8, 8, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff }, 11,
		    "  communities 0:0 65535:65535\n" },
		{ true, { 0x80, 9, 4, 10, 0, 0, 9 }, 7, "  originator-id 10.0.0.9\n" },
		{ true, { 0x80, 10, 4, 1, 2, 3, 4 }, 7, "  cluster-list 1.2.3.4\n" },
		{ true, { 0xc0, 16, 24, 0x01, 0x03, 192, 0, 2, 1, 1, 0,
		    0x02, 0x03, AS4(65536), 0, 9, 0x43, 0x00, 0, 0, 0, 0, 0, 1 }, 27,
		    "  ext-communities soo 192.0.2.1:256 soo 65536:9 0x4300000000000001\n" },
		{ true, { 0xc0, 32, 24, AS4(4200000000u), AS4(0), AS4(4294967295u),
		    AS4(1), AS4(2), AS4(3) }, 27,
		    "  large-communities 4200000000:0:4294967295 1:2:3\n" },
		{ true, { 0xc0, 35, 4, AS4(BIG1) }, 7, "  otc 4200000001\n" },
		{ true, { 0x80, 14, 12, 0, 1, 1, 4, 10, 0, 0, 1, 0, 16, 10, 1 }, 15,
		    "  mp-reach ipv4-unicast next-hop 10.0.0.1 nlri (1): 10.1.0.0/16\n" },
		{ true, { 0x80, 14, 21, 0, 2, 1, 16, V6_2001_DB8_1, 0 }, 24,
		    "  mp-reach ipv6-unicast next-hop 2001:db8::1\n" },
		{ true, { 0x80, 15, 8, 0, 2, 1, 32, 0x20, 0x01, 0x0d, 0xb8 }, 11,
		    "  mp-unreach ipv6-unicast withdrawn (1): 2001:db8::/32\n" },
		{ true, { 0x80, 15, 3, 0, 2, 1 }, 6, "  mp-unreach ipv6-unicast\n" },
		{ true, { 0x80, 14, 11, 0, 25, 70, 4, 10, 0, 0, 1, 0, 7, 7 }, 14,
		    "  mp-reach afi 25 safi 70 next-hop 0a000001 nlri 2 octets\n" },
		{ true, { 0x80, 15, 5, 0, 1, 128, 1, 2 }, 8,
		    "  mp-unreach afi 1 safi 128 nlri 2 octets\n" },
		{ true, { 0xd0, 0x40, 0, 2, 0xab, 0xcd }, 6,
		    "  unknown attribute 64 flags 0xe0 len 2: abcd\n" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct wire_ctx c = ctx_of(cases[i].as4, true);
		struct res *r = dec(cases[i].bytes, cases[i].len, &c);
		if (r->v != WIRE_OK)
			fprintf(stderr, "case %zu: %s\n", i, r->e.reason);
		assert_int_equal(r->v, WIRE_OK);
		expect_text(&r->a, cases[i].text);
		free(r);
	}
}

static void
test_mp_families(void **state)
{
	/* add-path IPv4 in MP_REACH: path ids follow the receive setting */
	static const uint8_t ap[] = {
		0x80, 14, 17, 0, 1, 1, 4, 10, 0, 0, 1, 0, 0, 0, 0, 5, 24, 10, 1, 2,
	};
	/* a family we do not speak: kept raw, count 0, no error */
	static const uint8_t foreign[] = {
		0x80, 14, 18, 0, 1, 128, 12, 0, 0, 0, 0, 0, 0, 0, 0, 10, 0, 0, 1, 0, 0x58,
	};
	static const uint8_t foreign_un[] = { 0x80, 15, 5, 0, 25, 65, 9, 9 };
	struct wire_ctx c = test_ctx(true, true, false, true);

	(void)state;
	struct res *r = dec(ap, sizeof(ap), &c);
	assert_int_equal(r->v, WIRE_OK);
	assert_true(r->a.mp_reach.known);
	assert_true(r->a.mp_reach.nlri.addpath);
	expect_text(&r->a, "  mp-reach ipv4-unicast next-hop 10.0.0.1 nlri (1): 10.1.2.0/24 id 5\n");
	free(r);

	r = dec(foreign, sizeof(foreign), &c);
	assert_int_equal(r->v, WIRE_OK);
	assert_false(r->a.mp_reach.known);
	assert_int_equal(r->a.mp_reach.afi, 1);
	assert_int_equal(r->a.mp_reach.safi, 128);
	assert_int_equal(r->a.mp_reach.nh_len, 12);
	assert_ptr_equal(r->a.mp_reach.nlri.p, foreign + sizeof(foreign) - 1);
	assert_int_equal(r->a.mp_reach.nlri.len, 1);
	assert_int_equal(r->a.mp_reach.nlri.count, 0);
	free(r);

	r = dec(foreign_un, sizeof(foreign_un), &c);
	assert_int_equal(r->v, WIRE_OK);
	assert_true(wire_attr_has(&r->a, BGP_ATTR_MP_UNREACH));
	assert_false(r->a.mp_unreach.known);
	assert_ptr_equal(r->a.mp_unreach.nlri.p, foreign_un + 6);
	assert_int_equal(r->a.mp_unreach.nlri.len, 2);
	assert_int_equal(r->a.mp_unreach.nlri.count, 0);
	free(r);
}

/* ---- RFC 7606 verdicts, one malformed attribute each ---- */

struct err_case {
	const char *name;
	const uint8_t *p;
	size_t len;
	bool as4;
	bool ibgp;
	enum wire_action act;
	uint8_t subcode;
	size_t data_off;	/* the erroneous attribute within p */
	size_t data_len;	/* 0: no data */
};

#define ERRV(nm, ...) static const uint8_t nm[] = { __VA_ARGS__ }
ERRV(e_origin_len, 0x40, 1, 2, 0, 0);
ERRV(e_origin_val, 0x40, 1, 1, 3);
ERRV(e_path_overrun, 0x40, 2, 6, 2, 2, AS4(65001));
ERRV(e_path_zero, 0x40, 2, 2, 2, 0);
ERRV(e_path_type, 0x40, 2, 6, 5, 1, AS4(65001));
ERRV(e_path_trail, 0x40, 2, 7, 2, 1, AS4(65001), 2);
ERRV(e_path2_overrun, 0x40, 2, 4, 2, 2, AS2(65001));
ERRV(e_path2_as4bytes, 0x40, 2, 5, 2, 1, AS2(65001), 0);
ERRV(e_nh_len, 0x40, 3, 5, 10, 0, 0, 1, 0);
ERRV(e_nh_len3, 0x40, 3, 3, 10, 0, 0);
ERRV(e_med_len, 0x80, 4, 3, 0, 0, 1);
ERRV(e_lp_len, 0x40, 5, 3, 0, 0, 100);
ERRV(e_lp_ebgp, 0x40, 5, 4, 0, 0, 0, 100);
ERRV(e_atomic_len, 0x40, 6, 1, 0);
ERRV(e_agg_len7, 0xc0, 7, 7, AS4(65001), 10, 0, 0);
ERRV(e_agg8_on_2oct, 0xc0, 7, 8, AS4(65001), 10, 0, 0, 1);
ERRV(e_agg6_on_as4, 0xc0, 7, 6, AS2(65001), 10, 0, 0, 1);
ERRV(e_comm_len0, 0xc0, 8, 0);
ERRV(e_comm_len5, 0xc0, 8, 5, 0, 0, 0, 1, 0);
ERRV(e_orig_len, 0x80, 9, 3, 10, 0, 0);
ERRV(e_cluster_len0, 0x80, 10, 0);
ERRV(e_cluster_len6, 0x80, 10, 6, 10, 0, 0, 1, 10, 0);
ERRV(e_ext_len0, 0xc0, 16, 0);
ERRV(e_ext_len12, 0xc0, 16, 12, 0, 2, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0);
ERRV(e_as4path_bad, 0xc0, 17, 2, 2, 0);
ERRV(e_as4path_short, 0xc0, 17, 4, 2, 1, 0, 0);
ERRV(e_as4agg_len, 0xc0, 18, 6, AS2(65001), 10, 0, 0, 1);
ERRV(e_large_len0, 0xc0, 32, 0);
ERRV(e_large_len13, 0xc0, 32, 13, AS4(1), AS4(2), AS4(3), 0);
ERRV(e_otc_len, 0xc0, 35, 3, 0, 0xfd, 0xe9);
ERRV(e_mp_short, 0x80, 14, 3, 0, 2, 1);
ERRV(e_mp_nh4_v6, 0x80, 14, 11, 0, 2, 1, 4, 10, 0, 0, 1, 0, 8, 10);
ERRV(e_mp_nh16_v4, 0x80, 14, 23, 0, 1, 1, 16, V6_2001_DB8_1, 0, 8, 10);
ERRV(e_mp_nh_overrun, 0x80, 14, 8, 0, 2, 1, 32, 0x20, 1, 0xd, 0xb8);
ERRV(e_mp_nh_noreserved, 0x80, 14, 8, 0, 1, 1, 4, 10, 0, 0, 1);
ERRV(e_mp_nlri, 0x80, 14, 22, 0, 2, 1, 16, V6_2001_DB8_1, 0, 129);
ERRV(e_mpu_short, 0x80, 15, 2, 0, 2);
ERRV(e_mpu_nlri, 0x80, 15, 5, 0, 2, 1, 64, 0x20);
/* flag errors: handled by the attribute's own action, subcode 4 */
ERRV(f_origin_opt, 0xc0, 1, 1, 0);
ERRV(f_origin_partial, 0x60, 1, 1, 0);
ERRV(f_path_nontrans, 0x00, 2, 0);
ERRV(f_med_trans, 0xc0, 4, 4, 0, 0, 0, 1);
ERRV(f_med_partial, 0xa0, 4, 4, 0, 0, 0, 1);
ERRV(f_lp_opt, 0x80, 5, 4, 0, 0, 0, 100);
ERRV(f_agg_nontrans, 0x80, 7, 8, AS4(65001), 10, 0, 0, 1);
ERRV(f_comm_wk, 0x40, 8, 4, 0, 0, 0, 1);
ERRV(f_orig_partial, 0xa0, 9, 4, 10, 0, 0, 9);
ERRV(f_mp_trans, 0xc0, 14, 3, 0, 2, 1);
ERRV(f_mpu_wk, 0x40, 15, 3, 0, 2, 1);
ERRV(f_as4path_opt, 0x80, 17, 0);
ERRV(f_otc_wk, 0x40, 35, 4, 0, 0, 0, 1);
/* unknown well-known attribute */
ERRV(u_wellknown, 0x40, 99, 3, 1, 2, 3);
ERRV(u_wellknown0, 0x50, 0, 0, 1, 7);

static const struct err_case err_cases[] = {
#define C(v, as4, ibgp, act, sub) { #v, v, sizeof(v), as4, ibgp, act, sub, 0, sizeof(v) }
#define C_NODATA(v, as4, ibgp, act, sub) { #v, v, sizeof(v), as4, ibgp, act, sub, 0, 0 }
	C(e_origin_len, true, true, WIRE_TREAT_AS_WITHDRAW, BGP_ERR_UPD_ATTR_LEN),
	C(e_origin_val, true, true, WIRE_TREAT_AS_WITHDRAW, BGP_ERR_UPD_ORIGIN),
	C(e_path_overrun, true, true, WIRE_TREAT_AS_WITHDRAW, BGP_ERR_UPD_AS_PATH),
	C(e_path_zero, true, true, WIRE_TREAT_AS_WITHDRAW, BGP_ERR_UPD_AS_PATH),
	C(e_path_type, true, true, WIRE_TREAT_AS_WITHDRAW, BGP_ERR_UPD_AS_PATH),
	C(e_path_trail, true, true, WIRE_TREAT_AS_WITHDRAW, BGP_ERR_UPD_AS_PATH),
	C(e_path2_overrun, false, true, WIRE_TREAT_AS_WITHDRAW, BGP_ERR_UPD_AS_PATH),
	C(e_path2_as4bytes, false, true, WIRE_TREAT_AS_WITHDRAW, BGP_ERR_UPD_AS_PATH),
	C(e_nh_len, true, true, WIRE_TREAT_AS_WITHDRAW, BGP_ERR_UPD_ATTR_LEN),
	C(e_nh_len3, true, true, WIRE_TREAT_AS_WITHDRAW, BGP_ERR_UPD_ATTR_LEN),
	C(e_med_len, true, true, WIRE_TREAT_AS_WITHDRAW, BGP_ERR_UPD_ATTR_LEN),
	C(e_lp_len, true, true, WIRE_TREAT_AS_WITHDRAW, BGP_ERR_UPD_ATTR_LEN),
	C(e_lp_ebgp, true, false, WIRE_ATTR_DISCARD, BGP_ERR_UPD_ATTR_LIST),
	C(e_lp_len, true, false, WIRE_ATTR_DISCARD, BGP_ERR_UPD_ATTR_LIST),
	C(e_atomic_len, true, true, WIRE_ATTR_DISCARD, BGP_ERR_UPD_ATTR_LEN),
	C(e_agg_len7, true, true, WIRE_ATTR_DISCARD, BGP_ERR_UPD_ATTR_LEN),
	C(e_agg_len7, false, true, WIRE_ATTR_DISCARD, BGP_ERR_UPD_ATTR_LEN),
	C(e_agg8_on_2oct, false, true, WIRE_ATTR_DISCARD, BGP_ERR_UPD_ATTR_LEN),
	C(e_agg6_on_as4, true, true, WIRE_ATTR_DISCARD, BGP_ERR_UPD_ATTR_LEN),
	C(e_comm_len0, true, true, WIRE_TREAT_AS_WITHDRAW, BGP_ERR_UPD_ATTR_LEN),
	C(e_comm_len5, true, true, WIRE_TREAT_AS_WITHDRAW, BGP_ERR_UPD_ATTR_LEN),
	C(e_orig_len, true, true, WIRE_TREAT_AS_WITHDRAW, BGP_ERR_UPD_ATTR_LEN),
	C(e_cluster_len0, true, true, WIRE_TREAT_AS_WITHDRAW, BGP_ERR_UPD_ATTR_LEN),
	C(e_cluster_len6, true, true, WIRE_TREAT_AS_WITHDRAW, BGP_ERR_UPD_ATTR_LEN),
	C(e_ext_len0, true, true, WIRE_TREAT_AS_WITHDRAW, BGP_ERR_UPD_ATTR_LEN),
	C(e_ext_len12, true, true, WIRE_TREAT_AS_WITHDRAW, BGP_ERR_UPD_ATTR_LEN),
	C(e_as4path_bad, false, true, WIRE_ATTR_DISCARD, BGP_ERR_UPD_OPTIONAL),
	C(e_as4path_short, false, true, WIRE_ATTR_DISCARD, BGP_ERR_UPD_OPTIONAL),
	C(e_as4agg_len, false, true, WIRE_ATTR_DISCARD, BGP_ERR_UPD_ATTR_LEN),
	C(e_large_len0, true, true, WIRE_TREAT_AS_WITHDRAW, BGP_ERR_UPD_ATTR_LEN),
	C(e_large_len13, true, true, WIRE_TREAT_AS_WITHDRAW, BGP_ERR_UPD_ATTR_LEN),
	C(e_otc_len, true, true, WIRE_TREAT_AS_WITHDRAW, BGP_ERR_UPD_ATTR_LEN),
	C(e_mp_short, true, true, WIRE_SESSION_RESET, BGP_ERR_UPD_OPTIONAL),
	C(e_mp_nh4_v6, true, true, WIRE_SESSION_RESET, BGP_ERR_UPD_OPTIONAL),
	C(e_mp_nh16_v4, true, true, WIRE_SESSION_RESET, BGP_ERR_UPD_OPTIONAL),
	C(e_mp_nh_overrun, true, true, WIRE_SESSION_RESET, BGP_ERR_UPD_OPTIONAL),
	C(e_mp_nh_noreserved, true, true, WIRE_SESSION_RESET, BGP_ERR_UPD_OPTIONAL),
	C_NODATA(e_mp_nlri, true, true, WIRE_SESSION_RESET, BGP_ERR_UPD_NETWORK),
	C(e_mpu_short, true, true, WIRE_SESSION_RESET, BGP_ERR_UPD_OPTIONAL),
	C_NODATA(e_mpu_nlri, true, true, WIRE_SESSION_RESET, BGP_ERR_UPD_NETWORK),
	C(f_origin_opt, true, true, WIRE_TREAT_AS_WITHDRAW, BGP_ERR_UPD_ATTR_FLAGS),
	C(f_origin_partial, true, true, WIRE_TREAT_AS_WITHDRAW, BGP_ERR_UPD_ATTR_FLAGS),
	C(f_path_nontrans, true, true, WIRE_TREAT_AS_WITHDRAW, BGP_ERR_UPD_ATTR_FLAGS),
	C(f_med_trans, true, true, WIRE_TREAT_AS_WITHDRAW, BGP_ERR_UPD_ATTR_FLAGS),
	C(f_med_partial, true, true, WIRE_TREAT_AS_WITHDRAW, BGP_ERR_UPD_ATTR_FLAGS),
	C(f_lp_opt, true, true, WIRE_TREAT_AS_WITHDRAW, BGP_ERR_UPD_ATTR_FLAGS),
	C(f_agg_nontrans, true, true, WIRE_ATTR_DISCARD, BGP_ERR_UPD_ATTR_FLAGS),
	C(f_comm_wk, true, true, WIRE_TREAT_AS_WITHDRAW, BGP_ERR_UPD_ATTR_FLAGS),
	C(f_orig_partial, true, true, WIRE_TREAT_AS_WITHDRAW, BGP_ERR_UPD_ATTR_FLAGS),
	C(f_mp_trans, true, true, WIRE_SESSION_RESET, BGP_ERR_UPD_ATTR_FLAGS),
	C(f_mpu_wk, true, true, WIRE_SESSION_RESET, BGP_ERR_UPD_ATTR_FLAGS),
	C(f_as4path_opt, false, true, WIRE_ATTR_DISCARD, BGP_ERR_UPD_ATTR_FLAGS),
	C(f_otc_wk, true, true, WIRE_TREAT_AS_WITHDRAW, BGP_ERR_UPD_ATTR_FLAGS),
	C(u_wellknown, true, true, WIRE_SESSION_RESET, BGP_ERR_UPD_UNKNOWN_WK),
	C(u_wellknown0, true, true, WIRE_SESSION_RESET, BGP_ERR_UPD_UNKNOWN_WK),
#undef C
#undef C_NODATA
};

static void
test_malformed_each(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(err_cases) / sizeof(err_cases[0]); i++) {
		const struct err_case *t = &err_cases[i];
		struct wire_ctx c = ctx_of(t->as4, t->ibgp);
		struct res *r = dec(t->p, t->len, &c);
		if (r->v != t->act || r->e.subcode != t->subcode)
			fprintf(stderr, "%s: %s, %u: %s\n", t->name,
			    wire_action_name(r->v), r->e.subcode, r->e.reason);
		expect_err(r, t->act, t->subcode, t->data_len ? t->p + t->data_off : NULL,
		    t->data_len);
		/* data points into the message, not a copy */
		if (t->data_len)
			assert_ptr_equal(r->e.data, t->p + t->data_off);
		/* whatever was malformed is not present afterwards */
		assert_false(wire_attr_has(&r->a, t->p[1]));
		free(r);
	}
}

static void
test_partial_on_optional_transitive(void **state)
{
	/* Partial is fine on optional transitive attributes, and kept off on re-encode */
	static const uint8_t in[] = { 0xe0, 8, 4, AS2(65000), 0, 1, 0xf0, 35, 0, 4, AS4(65001) };
	static const uint8_t out_want[] = { 0xc0, 8, 4, AS2(65000), 0, 1, 0xc0, 35, 4, AS4(65001) };
	struct wire_ctx c = ctx_of(true, true);
	uint8_t out[64];

	(void)state;
	struct res *r = dec(in, sizeof(in), &c);
	assert_int_equal(r->v, WIRE_OK);
	assert_true(wire_attr_has(&r->a, BGP_ATTR_COMMUNITIES));
	assert_true(wire_attr_has(&r->a, BGP_ATTR_OTC));
	size_t n = enc(&r->a, &c, out, sizeof(out));
	assert_bytes_equal(out, n, out_want, sizeof(out_want));
	free(r);
}

static void
test_as4_attrs_on_as4_session(void **state)
{
	/* NEW speaker to NEW speaker: AS4_* are ignored silently, even malformed */
	static const uint8_t in[] = {
		A_ORIGIN, A_ASPATH4, A_AS4PATH, A_AS4AGG,
		0x80, 17, 2, 2, 0,		/* malformed AS4_PATH, wrong flags too */
		0xc0, 18, 1, 0,			/* malformed AS4_AGGREGATOR */
	};
	static const uint8_t path[] = { PATH4_VAL };
	struct wire_ctx c = ctx_of(true, false);

	(void)state;
	struct res *r = dec(in, sizeof(in), &c);
	assert_int_equal(r->v, WIRE_OK);
	assert_int_equal(r->a.present, ATTR_BIT(1) | ATTR_BIT(2));
	assert_bytes_equal(r->a.as_path.p, r->a.as_path.len, path, sizeof(path));
	free(r);
}

/* ---- unknown attributes ---- */

static void
test_unknown(void **state)
{
	/* optional non-transitive: ignored quietly */
	static const uint8_t nontrans[] = { A_ORIGIN, 0x80, 99, 3, 1, 2, 3, 0x90, 200, 0, 0 };
	/* optional transitive: kept, Partial set, sorted by type, Extended Length only when needed */
	static const uint8_t trans[] = {
		0xd0, 200, 0, 2, 0xaa, 0xbb,	/* ext len for 2 octets */
		A_ORIGIN,
		0xc0, 99, 3, 1, 2, 3,
		0xe0, 40, 0,			/* already partial, empty */
		0xc0, 36, 1, 9,
		0xcf, 37, 1, 8,			/* low flag bits are cleared */
		0xc0, 20, 1, 7,			/* between NEXT_HOP and OTC */
		0x40, 3, 4, 10, 0, 0, 1,
		0xc0, 35, 4, AS4(65001),
	};
	static const uint8_t blob[] = {
		0xe0, 20, 1, 7, 0xe0, 36, 1, 9, 0xe0, 37, 1, 8, 0xe0, 40, 0,
		0xe0, 99, 3, 1, 2, 3, 0xe0, 200, 2, 0xaa, 0xbb,
	};
	static const uint8_t encoded[] = {
		A_ORIGIN, 0x40, 3, 4, 10, 0, 0, 1, 0xe0, 20, 1, 7, 0xc0, 35, 4, AS4(65001),
		0xe0, 36, 1, 9, 0xe0, 37, 1, 8, 0xe0, 40, 0,
		0xe0, 99, 3, 1, 2, 3, 0xe0, 200, 2, 0xaa, 0xbb,
	};
	struct wire_ctx c = ctx_of(true, true);
	uint8_t out[128];

	(void)state;
	struct res *r = dec(nontrans, sizeof(nontrans), &c);
	assert_int_equal(r->v, WIRE_OK);
	assert_int_equal(r->a.present, ATTR_BIT(BGP_ATTR_ORIGIN));
	assert_int_equal(r->a.unknown.len, 0);
	assert_int_equal(r->ar.used, 0);
	free(r);

	r = dec(trans, sizeof(trans), &c);
	assert_int_equal(r->v, WIRE_OK);
	assert_bytes_equal(r->a.unknown.p, r->a.unknown.len, blob, sizeof(blob));
	size_t n = enc(&r->a, &c, out, sizeof(out));
	assert_bytes_equal(out, n, encoded, sizeof(encoded));
	expect_text(&r->a,
	    "  origin igp\n"
	    "  next-hop 10.0.0.1\n"
	    "  unknown attribute 20 flags 0xe0 len 1: 07\n"
	    "  otc 65001\n"
	    "  unknown attribute 36 flags 0xe0 len 1: 09\n"
	    "  unknown attribute 37 flags 0xe0 len 1: 08\n"
	    "  unknown attribute 40 flags 0xe0 len 0: \n"
	    "  unknown attribute 99 flags 0xe0 len 3: 010203\n"
	    "  unknown attribute 200 flags 0xe0 len 2: aabb\n");
	/* and it decodes back to the same */
	struct res *r2 = dec(out, n, &c);
	assert_true(wire_attrs_equal(&r->a, &r2->a));
	free(r2);
	free(r);
}

static void
test_unknown_long(void **state)
{
	/* an unknown transitive attribute of 300 octets keeps Extended Length */
	static uint8_t in[4 + 300];
	struct wire_ctx c = ctx_of(true, true);
	uint8_t out[512];

	(void)state;
	in[0] = 0xd0;
	in[1] = 77;
	put_u16(in + 2, 300);
	for (unsigned i = 0; i < 300; i++)
		in[4 + i] = (uint8_t)i;
	struct res *r = dec(in, sizeof(in), &c);
	assert_int_equal(r->v, WIRE_OK);
	assert_int_equal(r->a.unknown.len, sizeof(in));
	assert_int_equal(r->a.unknown.p[0], 0xf0);
	size_t n = enc(&r->a, &c, out, sizeof(out));
	assert_int_equal(n, sizeof(in));
	assert_int_equal(out[0], 0xf0);
	assert_memory_equal(out + 1, in + 1, sizeof(in) - 1);
	free(r);
}

/* ---- duplicates ---- */

static void
test_duplicates(void **state)
{
	static const uint8_t dup_origin[] = { 0x40, 1, 1, 0, 0x40, 1, 1, 1, 0x40, 1, 1, 2 };
	static const uint8_t dup_comm[] = {
		0xc0, 8, 4, 0, 1, 0, 1, 0x40, 3, 4, 10, 0, 0, 1, 0xc0, 8, 4, 0, 2, 0, 2,
	};
	/* a duplicate of a malformed one is still a duplicate; the verdict stays withdraw */
	static const uint8_t dup_bad[] = { 0x80, 4, 3, 0, 0, 1, 0x80, 4, 4, 0, 0, 0, 1 };
	static const uint8_t dup_unknown[] = { 0xc0, 99, 1, 1, 0xc0, 99, 1, 2 };
	static const uint8_t dup_mp[] = {
		0x80, 14, 9, 0, 1, 1, 4, 10, 0, 0, 1, 0,
		0x80, 14, 9, 0, 1, 1, 4, 10, 0, 0, 2, 0,
	};
	static const uint8_t dup_mpu[] = { 0x80, 15, 3, 0, 2, 1, 0x90, 15, 0, 3, 0, 1, 1 };
	static const uint8_t mp_both[] = {
		0x80, 15, 3, 0, 2, 1, 0x80, 14, 9, 0, 1, 1, 4, 10, 0, 0, 2, 0,
	};
	struct wire_ctx c = ctx_of(true, true);

	(void)state;
	struct res *r = dec(dup_origin, sizeof(dup_origin), &c);
	expect_err(r, WIRE_ATTR_DISCARD, BGP_ERR_UPD_ATTR_LIST, dup_origin + 4, 4);
	assert_int_equal(r->a.origin, BGP_ORIGIN_IGP);	/* the first one wins */
	assert_true(wire_attr_has(&r->a, BGP_ATTR_ORIGIN));
	free(r);

	r = dec(dup_comm, sizeof(dup_comm), &c);
	expect_err(r, WIRE_ATTR_DISCARD, BGP_ERR_UPD_ATTR_LIST, dup_comm + 14, 7);
	assert_ptr_equal(r->a.communities.p, dup_comm + 3);
	assert_true(wire_attr_has(&r->a, BGP_ATTR_NEXT_HOP));
	free(r);

	r = dec(dup_bad, sizeof(dup_bad), &c);
	expect_err(r, WIRE_TREAT_AS_WITHDRAW, BGP_ERR_UPD_ATTR_LEN, dup_bad, 6);
	assert_false(wire_attr_has(&r->a, BGP_ATTR_MED));
	free(r);

	r = dec(dup_unknown, sizeof(dup_unknown), &c);
	expect_err(r, WIRE_ATTR_DISCARD, BGP_ERR_UPD_ATTR_LIST, dup_unknown + 4, 4);
	static const uint8_t blob[] = { 0xe0, 99, 1, 1 };
	assert_bytes_equal(r->a.unknown.p, r->a.unknown.len, blob, sizeof(blob));
	free(r);

	r = dec(dup_mp, sizeof(dup_mp), &c);
	assert_false(r->ok);
	expect_err(r, WIRE_SESSION_RESET, BGP_ERR_UPD_ATTR_LIST, NULL, 0);
	free(r);

	r = dec(dup_mpu, sizeof(dup_mpu), &c);
	assert_false(r->ok);
	expect_err(r, WIRE_SESSION_RESET, BGP_ERR_UPD_ATTR_LIST, NULL, 0);
	free(r);

	r = dec(mp_both, sizeof(mp_both), &c);
	assert_int_equal(r->v, WIRE_OK);
	assert_true(wire_attr_has(&r->a, BGP_ATTR_MP_REACH));
	assert_true(wire_attr_has(&r->a, BGP_ATTR_MP_UNREACH));
	free(r);
}

/* ---- the verdict keeps the strongest action, first reason of that strength ---- */

static void
test_verdict_accumulates(void **state)
{
	static const uint8_t in[] = {
		0x40, 6, 1, 0,			/* ATOMIC_AGGREGATE len 1: discard */
		0xc0, 8, 5, 0, 0, 0, 1, 0,	/* COMMUNITIES len 5: withdraw */
		0x80, 4, 3, 0, 0, 1,		/* MED len 3: withdraw, not the reason */
		0xc0, 7, 7, 0, 0, 0, 0, 0, 0, 0,/* AGGREGATOR len 7: discard, weaker */
		A_ORIGIN,
	};
	struct wire_ctx c = ctx_of(true, true);
	struct wire_err e;
	struct wire_attrs a;
	uint8_t mem[64];
	struct arena ar = arena_init(mem, sizeof(mem));

	(void)state;
	struct res *r = dec(in, sizeof(in), &c);
	assert_true(r->ok);
	expect_err(r, WIRE_TREAT_AS_WITHDRAW, BGP_ERR_UPD_ATTR_LEN, in + 4, 8);
	assert_int_equal(r->a.present, ATTR_BIT(BGP_ATTR_ORIGIN));
	free(r);

	/* a verdict already stronger is left alone, and so is its reason */
	enum wire_action v = WIRE_TREAT_AS_WITHDRAW;
	memset(&e, 0, sizeof(e));
	strcpy(e.reason, "earlier");
	assert_true(wire_attrs_decode(in, 4, &c, &ar, &a, &v, &e));
	assert_int_equal(v, WIRE_TREAT_AS_WITHDRAW);
	assert_string_equal(e.reason, "earlier");
}

/* ---- attribute header or length running past the section (RFC 7606 §4) ---- */

static void
test_overrun(void **state)
{
	/* MP_UNREACH first: the MP NLRI are known, so treat-as-withdraw */
	static const uint8_t after_mp[] = {
		0x80, 15, 6, 0, 2, 1, 16, 0x20, 1,
		A_ORIGIN,
		0x40, 2, 9, 2, 1, 0, 0,		/* length 9, 4 left */
	};
	static const uint8_t after_mp_hdr[] = { 0x80, 15, 3, 0, 2, 1, 0x40, 1 };
	static const uint8_t after_mp_exthdr[] = { 0x80, 15, 3, 0, 2, 1, 0x50, 1, 0 };
	/* no MP attribute before it: MP NLRI may be lost, so session reset */
	static const uint8_t no_mp[] = { A_ORIGIN, 0x40, 2, 9, 2, 1, 0, 0 };
	static const uint8_t no_mp_hdr[] = { A_ORIGIN, 0x40, 2 };
	static const uint8_t no_mp_ext[] = { 0x50, 2, 1 };
	static const uint8_t lone[] = { 0x40 };
	/* MP_REACH after the overrun does not count */
	static const uint8_t mp_late[] = { 0x40, 1, 20, 0, 0x80, 15, 3, 0, 2, 1 };
	struct wire_ctx c = ctx_of(true, true);

	(void)state;
	struct res *r = dec(after_mp, sizeof(after_mp), &c);
	assert_true(r->ok);
	expect_err(r, WIRE_TREAT_AS_WITHDRAW, BGP_ERR_UPD_ATTR_LIST, NULL, 0);
	assert_true(wire_attr_has(&r->a, BGP_ATTR_MP_UNREACH));
	assert_true(wire_attr_has(&r->a, BGP_ATTR_ORIGIN));
	assert_int_equal(r->a.mp_unreach.nlri.count, 1);
	free(r);

	r = dec(after_mp_hdr, sizeof(after_mp_hdr), &c);
	expect_err(r, WIRE_TREAT_AS_WITHDRAW, BGP_ERR_UPD_ATTR_LIST, NULL, 0);
	free(r);
	r = dec(after_mp_exthdr, sizeof(after_mp_exthdr), &c);
	expect_err(r, WIRE_TREAT_AS_WITHDRAW, BGP_ERR_UPD_ATTR_LIST, NULL, 0);
	free(r);

	const struct {
		const uint8_t *p;
		size_t len;
	} resets[] = {
		{ no_mp, sizeof(no_mp) }, { no_mp_hdr, sizeof(no_mp_hdr) },
		{ no_mp_ext, sizeof(no_mp_ext) }, { lone, sizeof(lone) },
		{ mp_late, sizeof(mp_late) },
	};
	for (size_t i = 0; i < sizeof(resets) / sizeof(resets[0]); i++) {
		r = dec(resets[i].p, resets[i].len, &c);
		assert_false(r->ok);
		expect_err(r, WIRE_SESSION_RESET, BGP_ERR_UPD_ATTR_LIST, NULL, 0);
		free(r);
	}
}

/* ---- Extended Length ---- */

static void
test_extended_length(void **state)
{
	/* Extended Length on a short value is accepted and dropped on re-encode */
	static const uint8_t ext_small[] = { 0x50, 1, 0, 1, 2, 0xd0, 8, 0, 4, 0, 1, 0, 2 };
	static const uint8_t plain[] = { 0x40, 1, 1, 2, 0xc0, 8, 4, 0, 1, 0, 2 };
	struct wire_ctx c = ctx_of(true, true);
	uint8_t out[1024], comms[70 * 4];

	(void)state;
	struct res *r = dec(ext_small, sizeof(ext_small), &c);
	assert_int_equal(r->v, WIRE_OK);
	assert_int_equal(r->a.origin, BGP_ORIGIN_INCOMPLETE);
	size_t n = enc(&r->a, &c, out, sizeof(out));
	assert_bytes_equal(out, n, plain, sizeof(plain));
	free(r);

	/* 70 communities = 280 octets: Extended Length on encode, and back */
	struct wire_attrs a;
	memset(&a, 0, sizeof(a));
	for (unsigned i = 0; i < 70; i++)
		put_u32(comms + 4 * i, 65000u << 16 | i);
	a.present = ATTR_BIT(BGP_ATTR_COMMUNITIES);
	a.communities.p = comms;
	a.communities.len = sizeof(comms);
	n = enc(&a, &c, out, sizeof(out));
	assert_int_equal(n, 4 + sizeof(comms));
	assert_int_equal(out[0], 0xd0);
	assert_int_equal(out[1], BGP_ATTR_COMMUNITIES);
	assert_int_equal(get_u16(out + 2), sizeof(comms));
	r = dec(out, n, &c);
	assert_int_equal(r->v, WIRE_OK);
	assert_true(wire_attrs_equal(&a, &r->a));
	free(r);

	/* 252 octets stay short */
	a.communities.len = 252;
	n = enc(&a, &c, out, sizeof(out));
	assert_int_equal(out[0], 0xc0);
	assert_int_equal(n, 3 + 252);
}

/* ---- RFC 6793 reconciliation on 2-octet sessions ---- */

static struct res *
dec2(const uint8_t *p, size_t len)
{
	struct wire_ctx c = ctx_of(false, false);
	return dec(p, len, &c);
}

static void
expect_path(const struct wire_attrs *a, const char *want)
{
	struct sbuf sb;
	sb_init(&sb);
	wire_aspath_print(a->as_path, &sb);
	assert_string_equal(sb.p, want);
	sb_free(&sb);
}

static void
test_as4_merge(void **state)
{
	/* 65001 AS_TRANS 65002 + AS4_PATH BIG1 65002: the leading 1 ASN, then AS4_PATH */
	static const uint8_t in[] = {
		0x40, 2, 8, 2, 3, AS2(65001), AS2(BGP_AS_TRANS), AS2(65002),
		0xc0, 17, 10, 2, 2, AS4(BIG1), AS4(65002),
	};
	static const uint8_t want[] = { 2, 1, AS4(65001), 2, 2, AS4(BIG1), AS4(65002) };

	(void)state;
	struct res *r = dec2(in, sizeof(in));
	assert_int_equal(r->v, WIRE_OK);
	assert_bytes_equal(r->a.as_path.p, r->a.as_path.len, want, sizeof(want));
	assert_int_equal(r->a.present, ATTR_BIT(BGP_ATTR_AS_PATH));
	expect_path(&r->a, "65001 4200000001 65002");
	free(r);
}

static void
test_as4_merge_split_and_set(void **state)
{
	/* AS_PATH 65001 65002 AS_TRANS {65003 65004} counts 4; AS4_PATH BIG1 {65003 65004} counts 2 */
	static const uint8_t in[] = {
		0xc0, 17, 16, 2, 1, AS4(BIG1), 1, 2, AS4(65003), AS4(65004),
		0x40, 2, 14, 2, 3, AS2(65001), AS2(65002), AS2(BGP_AS_TRANS),
		1, 2, AS2(65003), AS2(65004),
	};
	/* AS4_PATH confined to the tail of a set: AS_PATH {1 2} 3 AS_TRANS, AS4_PATH BIG1 */
	static const uint8_t in2[] = {
		0x40, 2, 12, 1, 2, AS2(1), AS2(2), 2, 2, AS2(3), AS2(BGP_AS_TRANS),
		0xc0, 17, 6, 2, 1, AS4(BIG1),
	};
	/* leading confederation segments are kept */
	static const uint8_t in3[] = {
		0x40, 2, 12, 3, 1, AS2(65100), 2, 3, AS2(65001), AS2(BGP_AS_TRANS), AS2(7),
		0xc0, 17, 10, 2, 2, AS4(BIG1), AS4(7),
	};

	(void)state;
	struct res *r = dec2(in, sizeof(in));
	assert_int_equal(r->v, WIRE_OK);
	expect_path(&r->a, "65001 65002 4200000001 {65003 65004}");
	assert_int_equal(wire_aspath_length(r->a.as_path), 4);
	free(r);

	r = dec2(in2, sizeof(in2));
	assert_int_equal(r->v, WIRE_OK);
	expect_path(&r->a, "{1 2} 3 4200000001");
	free(r);

	r = dec2(in3, sizeof(in3));
	assert_int_equal(r->v, WIRE_OK);
	expect_path(&r->a, "(65100) 65001 4200000001 7");
	free(r);
}

static void
test_as4_path_longer_ignored(void **state)
{
	static const uint8_t in[] = {
		0x40, 2, 4, 2, 1, AS2(BGP_AS_TRANS),
		0xc0, 17, 10, 2, 2, AS4(BIG1), AS4(65002),
	};

	(void)state;
	struct res *r = dec2(in, sizeof(in));
	assert_int_equal(r->v, WIRE_OK);
	expect_path(&r->a, "23456");
	free(r);
}

static void
test_as4_aggregator(void **state)
{
	/* AGGREGATOR not AS_TRANS: an OLD speaker aggregated, AS4_* are ignored */
	static const uint8_t old_agg[] = {
		0x40, 2, 6, 2, 2, AS2(65001), AS2(BGP_AS_TRANS),
		0xc0, 7, 6, AS2(65009), 10, 0, 0, 9,
		0xc0, 17, 6, 2, 1, AS4(BIG1),
		0xc0, 18, 8, AS4(BIG2), 10, 0, 0, 1,
	};
	/* AGGREGATOR AS_TRANS: AS4_AGGREGATOR is the aggregator, AS4_PATH is merged */
	static const uint8_t new_agg[] = {
		0xc0, 18, 8, AS4(BIG2), 10, 0, 0, 1,
		0x40, 2, 6, 2, 2, AS2(65001), AS2(BGP_AS_TRANS),
		0xc0, 7, 6, AS2(BGP_AS_TRANS), 10, 0, 0, 9,
		0xc0, 17, 6, 2, 1, AS4(BIG1),
	};
	/* AS4_AGGREGATOR without AGGREGATOR: ignored */
	static const uint8_t lone_as4agg[] = {
		0x40, 2, 4, 2, 1, AS2(65001),
		0xc0, 18, 8, AS4(BIG2), 10, 0, 0, 1,
	};
	/* a malformed AGGREGATOR is as good as absent: AS4_PATH still merged */
	static const uint8_t bad_agg[] = {
		0x40, 2, 4, 2, 1, AS2(BGP_AS_TRANS),
		0xc0, 7, 5, AS2(65009), 10, 0, 0,
		0xc0, 17, 6, 2, 1, AS4(BIG1),
	};

	(void)state;
	struct res *r = dec2(old_agg, sizeof(old_agg));
	assert_int_equal(r->v, WIRE_OK);
	assert_int_equal(r->a.aggregator_as, 65009);
	assert_int_equal(r->a.aggregator_id, 0x0a000009);
	expect_path(&r->a, "65001 23456");
	assert_int_equal(r->a.present, ATTR_BIT(BGP_ATTR_AS_PATH) | ATTR_BIT(BGP_ATTR_AGGREGATOR));
	free(r);

	r = dec2(new_agg, sizeof(new_agg));
	assert_int_equal(r->v, WIRE_OK);
	assert_int_equal(r->a.aggregator_as, BIG2);
	assert_int_equal(r->a.aggregator_id, 0x0a000001);
	expect_path(&r->a, "65001 4200000001");
	assert_int_equal(r->a.present, ATTR_BIT(BGP_ATTR_AS_PATH) | ATTR_BIT(BGP_ATTR_AGGREGATOR));
	free(r);

	r = dec2(lone_as4agg, sizeof(lone_as4agg));
	assert_int_equal(r->v, WIRE_OK);
	assert_int_equal(r->a.present, ATTR_BIT(BGP_ATTR_AS_PATH));
	assert_int_equal(r->a.aggregator_as, 0);
	free(r);

	r = dec2(bad_agg, sizeof(bad_agg));
	expect_err(r, WIRE_ATTR_DISCARD, BGP_ERR_UPD_ATTR_LEN, bad_agg + 7, 8);
	assert_false(wire_attr_has(&r->a, BGP_ATTR_AGGREGATOR));
	expect_path(&r->a, "4200000001");
	free(r);
}

static void
test_as4_path_confed(void **state)
{
	/* confederation segments must not be in AS4_PATH: dropped, the rest used */
	static const uint8_t in[] = {
		0x40, 2, 10, 3, 1, AS2(65100), 2, 2, AS2(65001), AS2(BGP_AS_TRANS),
		0xc0, 17, 16, 3, 1, AS4(65100), 2, 2, AS4(65001), AS4(BIG1),
	};
	/* nothing but confederation segments: an empty AS4_PATH, AS_PATH kept as is */
	static const uint8_t only[] = {
		0x40, 2, 4, 2, 1, AS2(65001),
		0xc0, 17, 6, 4, 1, AS4(65100),
	};

	(void)state;
	struct res *r = dec2(in, sizeof(in));
	expect_err(r, WIRE_ATTR_DISCARD, BGP_ERR_UPD_OPTIONAL, in + 13, 19);
	expect_path(&r->a, "(65100) 65001 4200000001");
	assert_int_equal(r->a.present, ATTR_BIT(BGP_ATTR_AS_PATH));
	free(r);

	r = dec2(only, sizeof(only));
	expect_err(r, WIRE_ATTR_DISCARD, BGP_ERR_UPD_OPTIONAL, only + 7, 9);
	expect_path(&r->a, "65001");
	free(r);
}

static void
test_as4_no_as_path(void **state)
{
	/* AS4_PATH without AS_PATH: nothing to merge into; AS_PATH stays absent */
	static const uint8_t in[] = { A_ORIGIN, 0xc0, 17, 6, 2, 1, AS4(BIG1) };

	(void)state;
	struct res *r = dec2(in, sizeof(in));
	assert_int_equal(r->v, WIRE_OK);
	assert_int_equal(r->a.present, ATTR_BIT(BGP_ATTR_ORIGIN));
	free(r);
}

/* ---- AS_PATH helpers ---- */

static void
test_aspath_helpers(void **state)
{
	static const uint8_t p1[] = { 3, 1, AS4(65100), 4, 2, AS4(1), AS4(2), 2, 2, AS4(65001), AS4(7) };
	static const uint8_t p2[] = { 1, 2, AS4(1), AS4(2), 2, 1, AS4(3) };
	static const uint8_t cut[] = { 2, 3, AS4(1), AS4(2) };
	uint32_t as = 0;

	(void)state;
	struct wire_bytes b1 = { p1, sizeof(p1) }, b2 = { p2, sizeof(p2) };
	struct wire_bytes b3 = { cut, sizeof(cut) }, empty = { NULL, 0 };
	assert_int_equal(wire_aspath_length(b1), 2);
	assert_true(wire_aspath_first_as(b1, &as));
	assert_int_equal(as, 65001);
	assert_int_equal(wire_aspath_length(b2), 2);
	assert_false(wire_aspath_first_as(b2, &as));
	assert_int_equal(wire_aspath_length(b3), 0);	/* bounded: a cut segment is not read */
	assert_false(wire_aspath_first_as(b3, &as));
	assert_int_equal(wire_aspath_length(empty), 0);
	assert_false(wire_aspath_first_as(empty, &as));

	struct sbuf sb;
	sb_init(&sb);
	wire_aspath_print(b1, &sb);
	assert_string_equal(sb.p, "(65100) [1 2] 65001 7");
	sb_reset(&sb);
	wire_aspath_print(b3, &sb);
	assert_string_equal(sb.p, "");
	sb_reset(&sb);
	wire_community_print(0xfde80001, &sb);
	sb_putc(&sb, ' ');
	wire_community_print(BGP_COMM_NO_PEER, &sb);
	sb_putc(&sb, ' ');
	wire_community_print(0xffff0002, &sb);
	assert_string_equal(sb.p, "65000:1 no-peer 65535:2");
	sb_free(&sb);
}

/* ---- encode ---- */

static void
test_encode_2oct(void **state)
{
	/* 4-octet ASNs to a 2-octet peer: AS_TRANS + AS4_PATH (no confed), AS4_AGGREGATOR */
	static const uint8_t path[] = {
		BGP_AS_CONFED_SET, 1, AS4(65100), BGP_AS_SEQUENCE, 2, AS4(65001), AS4(BIG1),
	};
	static const uint8_t want[] = {
		0x40, 2, 10, 4, 1, AS2(65100), 2, 2, AS2(65001), AS2(BGP_AS_TRANS),
		0xc0, 7, 6, AS2(BGP_AS_TRANS), 1, 2, 3, 4,
		0xc0, 17, 10, 2, 2, AS4(65001), AS4(BIG1),
		0xc0, 18, 8, AS4(BIG2), 1, 2, 3, 4,
	};
	/* 2-octet ASNs only: no AS4_* at all */
	static const uint8_t small_path[] = { BGP_AS_SEQUENCE, 2, AS4(65001), AS4(65535) };
	static const uint8_t want_small[] = {
		0x40, 2, 6, 2, 2, AS2(65001), AS2(65535),
		0xc0, 7, 6, AS2(65009), 1, 2, 3, 4,
	};
	static const uint8_t want_small4[] = {
		0x40, 2, 10, 2, 2, AS4(65001), AS4(65535),
		0xc0, 7, 8, AS4(65009), 1, 2, 3, 4,
	};
	struct wire_ctx c2 = ctx_of(false, false), c4 = ctx_of(true, false);
	struct wire_attrs a;
	uint8_t out[256];

	(void)state;
	memset(&a, 0, sizeof(a));
	a.present = ATTR_BIT(BGP_ATTR_AS_PATH) | ATTR_BIT(BGP_ATTR_AGGREGATOR);
	a.as_path.p = path;
	a.as_path.len = sizeof(path);
	a.aggregator_as = BIG2;
	a.aggregator_id = 0x01020304;
	size_t n = enc(&a, &c2, out, sizeof(out));
	assert_bytes_equal(out, n, want, sizeof(want));

	a.as_path.p = small_path;
	a.as_path.len = sizeof(small_path);
	a.aggregator_as = 65009;
	n = enc(&a, &c2, out, sizeof(out));
	assert_bytes_equal(out, n, want_small, sizeof(want_small));
	n = enc(&a, &c4, out, sizeof(out));
	assert_bytes_equal(out, n, want_small4, sizeof(want_small4));
}

static void
test_encode_overflow(void **state)
{
	struct wire_ctx c = ctx_of(false, true);
	uint8_t out[1024];

	(void)state;
	struct res *r = dec(rich_2oct, sizeof(rich_2oct), &c);
	size_t full = enc(&r->a, &c, out, sizeof(out));
	for (size_t cap = 0; cap < full; cap++) {
		struct wbuf wb = wb_init(out, sizeof(out));
		wb.cap = cap;
		assert_false(wire_attrs_encode(&r->a, &c, &wb));
		assert_true(wb.overflow);
		assert_int_equal(wb.len, 0);
	}
	/* after something else already in the buffer, len goes back there */
	struct wbuf wb = wb_init(out, full + 1);
	assert_true(wb_u16(&wb, 0));
	assert_false(wire_attrs_encode(&r->a, &c, &wb));
	assert_int_equal(wb.len, 2);
	free(r);
}

/*
 * The stored form holds at most 255 ASNs a segment (its count is one
 * octet), so a path of 300 is two segments; check both encodings keep
 * every segment within 255 (the 2-octet one in AS_PATH and AS4_PATH), use
 * Extended Length, and come back equal.
 */
static void
test_long_path(void **state)
{
	static uint8_t path[2 + 255 * 4 + 2 + 45 * 4];
	static uint8_t out[4096];
	struct wire_ctx c2 = ctx_of(false, true), c4 = ctx_of(true, true);
	struct wire_attrs a;

	(void)state;
	path[0] = BGP_AS_SEQUENCE;
	path[1] = 255;
	for (unsigned i = 0; i < 255; i++)
		put_u32(path + 2 + 4 * i, 4200000000u + i);
	uint8_t *s2 = path + 2 + 255 * 4;
	s2[0] = BGP_AS_SEQUENCE;
	s2[1] = 45;
	for (unsigned i = 0; i < 45; i++)
		put_u32(s2 + 2 + 4 * i, 65000 + i);
	memset(&a, 0, sizeof(a));
	a.present = ATTR_BIT(BGP_ATTR_AS_PATH) | ATTR_BIT(BGP_ATTR_ORIGIN);
	a.as_path.p = path;
	a.as_path.len = sizeof(path);

	/* 2-octet: AS_PATH 604 octets, AS4_PATH 1204, both Extended Length */
	size_t n = enc(&a, &c2, out, sizeof(out));
	const uint8_t *q = out + 4;	/* past ORIGIN */
	assert_int_equal(q[0], 0x50);
	assert_int_equal(q[1], BGP_ATTR_AS_PATH);
	assert_int_equal(get_u16(q + 2), 2 + 255 * 2 + 2 + 45 * 2);
	assert_int_equal(q[4], BGP_AS_SEQUENCE);
	assert_int_equal(q[5], 255);
	assert_int_equal(get_u16(q + 6), BGP_AS_TRANS);
	assert_int_equal(q[6 + 255 * 2], BGP_AS_SEQUENCE);
	assert_int_equal(q[7 + 255 * 2], 45);
	assert_int_equal(get_u16(q + 8 + 255 * 2), 65000);
	q += 4 + get_u16(q + 2);
	assert_int_equal(q[0], 0xd0);
	assert_int_equal(q[1], BGP_ATTR_AS4_PATH);
	assert_int_equal(get_u16(q + 2), sizeof(path));
	assert_memory_equal(q + 4, path, sizeof(path));
	assert_int_equal(q + 4 + sizeof(path), out + n);
	struct res *r = dec(out, n, &c2);
	assert_int_equal(r->v, WIRE_OK);
	assert_true(wire_attrs_equal(&a, &r->a));
	assert_int_equal(wire_aspath_length(r->a.as_path), 300);
	free(r);

	n = enc(&a, &c4, out, sizeof(out));
	assert_int_equal(out[4], 0x50);
	assert_int_equal(get_u16(out + 6), sizeof(path));
	r = dec(out, n, &c4);
	assert_int_equal(r->v, WIRE_OK);
	assert_true(wire_attrs_equal(&a, &r->a));
	free(r);
}

/* ---- round trips, with whole UPDATEs for the oracle ---- */

static void
round_trip(const uint8_t *in, size_t len, const struct wire_ctx *from,
    const struct wire_ctx *to)
{
	static uint8_t out[4096];
	struct res *r = dec(in, len, from);
	assert_int_equal(r->v, WIRE_OK);

	struct wbuf wb = wb_init(out, sizeof(out));
	put_mp(&wb, &r->a);
	assert_true(wire_attrs_encode(&r->a, to, &wb));
	struct res *r2 = dec(out, wb.len, to);
	assert_int_equal(r2->v, WIRE_OK);
	assert_true(wire_attrs_equal(&r->a, &r2->a));
	char *t1 = print_attrs(&r->a), *t2 = print_attrs(&r2->a);
	assert_string_equal(t1, t2);
	free(t1);
	free(t2);
	emit_update(out, wb.len, nlri_10_1, sizeof(nlri_10_1));
	free(r);
	free(r2);
}

static void
test_round_trip(void **state)
{
	struct wire_ctx c2 = ctx_of(false, true), c4 = ctx_of(true, true);

	(void)state;
	round_trip(rich_as4, sizeof(rich_as4), &c4, &c4);
	round_trip(rich_as4, sizeof(rich_as4), &c4, &c2);
	round_trip(rich_2oct, sizeof(rich_2oct), &c2, &c2);
	round_trip(rich_2oct, sizeof(rich_2oct), &c2, &c4);
}

/* A struct built by hand (as the RIB would), pointers into test memory. */
static void
test_round_trip_built(void **state)
{
	static const uint8_t path[] = {
		BGP_AS_CONFED_SEQUENCE, 2, AS4(65100), AS4(65101),
		BGP_AS_SEQUENCE, 2, AS4(BIG1), AS4(65001), BGP_AS_SET, 1, AS4(BIG2),
	};
	static const uint8_t comms[] = { 0xff, 0xff, 0, 0, 0xfd, 0xe8, 0, 7 };
	static const uint8_t large[] = { AS4(BIG1), AS4(1), AS4(2), AS4(BIG1), AS4(3), AS4(4) };
	static const uint8_t ext[] = { 0x02, 0x02, AS4(BIG1), 0, 1 };
	static const uint8_t clusters[] = { 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3 };
	/* unknown transitive attributes in type order, the last of 256 octets */
	static const uint8_t head[] = { 0xe0, 34, 2, 1, 2, 0xe0, 42, 3, 1, 2, 3,
	    0xf0, 250, 1, 0 };
	static uint8_t unknown[sizeof(head) + 256];
	static const uint8_t mpu_nlri[] = { 0, 0, 0, 9, 48, 0x20, 0x01, 0x0d, 0xb8, 0, 2 };
	struct wire_ctx ctxs[2] = { test_ctx(false, false, true, true),
				    test_ctx(true, false, true, true) };
	uint8_t out[2048];
	struct wire_attrs a;

	(void)state;
	memcpy(unknown, head, sizeof(head));
	memset(unknown + sizeof(head), 0x5a, 256);
	memset(&a, 0, sizeof(a));
	a.present = ATTR_BIT(BGP_ATTR_ORIGIN) | ATTR_BIT(BGP_ATTR_AS_PATH) |
	    ATTR_BIT(BGP_ATTR_NEXT_HOP) | ATTR_BIT(BGP_ATTR_MED) |
	    ATTR_BIT(BGP_ATTR_LOCAL_PREF) | ATTR_BIT(BGP_ATTR_ATOMIC_AGGREGATE) |
	    ATTR_BIT(BGP_ATTR_AGGREGATOR) | ATTR_BIT(BGP_ATTR_COMMUNITIES) |
	    ATTR_BIT(BGP_ATTR_ORIGINATOR_ID) | ATTR_BIT(BGP_ATTR_CLUSTER_LIST) |
	    ATTR_BIT(BGP_ATTR_MP_UNREACH) | ATTR_BIT(BGP_ATTR_EXT_COMMUNITIES) |
	    ATTR_BIT(BGP_ATTR_LARGE_COMMUNITIES) | ATTR_BIT(BGP_ATTR_OTC);
	a.origin = BGP_ORIGIN_EGP;
	a.as_path.p = path;
	a.as_path.len = sizeof(path);
	memcpy(a.next_hop, ((uint8_t[]){ 192, 0, 2, 1 }), 4);
	a.med = 0;
	a.local_pref = 4294967295u;
	a.aggregator_as = BIG2;
	a.aggregator_id = 0xc0000201;
	a.communities.p = comms;
	a.communities.len = sizeof(comms);
	a.originator_id = 0x01020304;
	a.cluster_list.p = clusters;
	a.cluster_list.len = sizeof(clusters);
	a.ext_communities.p = ext;
	a.ext_communities.len = sizeof(ext);
	a.large_communities.p = large;
	a.large_communities.len = sizeof(large);
	a.otc = BIG1;
	a.mp_unreach.afi = BGP_AFI_IPV6;
	a.mp_unreach.safi = BGP_SAFI_UNICAST;
	a.mp_unreach.known = true;
	a.mp_unreach.nlri.p = mpu_nlri;
	a.mp_unreach.nlri.len = sizeof(mpu_nlri);
	a.mp_unreach.nlri.count = 1;
	a.mp_unreach.nlri.afs = AFS_IPV6_UNICAST;
	a.mp_unreach.nlri.addpath = true;

	const struct wire_bytes unknowns[] = {
		{ unknown, sizeof(unknown) }, { NULL, 0 },
	};
	for (size_t u = 0; u < 2; u++) {
		a.unknown = unknowns[u];
		for (int k = 0; k < 2; k++) {
			struct wbuf wb = wb_init(out, sizeof(out));
			assert_true(wire_attrs_encode(&a, &ctxs[k], &wb));
			put_mp(&wb, &a);
			struct res *r = dec(out, wb.len, &ctxs[k]);
			if (r->v != WIRE_OK)
				fprintf(stderr, "%s\n", r->e.reason);
			assert_int_equal(r->v, WIRE_OK);
			assert_true(wire_attrs_equal(&a, &r->a));
			emit_update(out, wb.len, nlri_10_1, sizeof(nlri_10_1));
			free(r);
		}
	}
}

/* ---- truncation and corruption never crash; false only with session reset ---- */

static void
try_all_prefixes(const uint8_t *in, size_t len, const struct wire_ctx *c)
{
	static uint8_t out[4096];
	for (size_t n = 0; n <= len; n++) {
		/* an exactly sized copy so ASan catches any read past the end */
		uint8_t *p = malloc(n ? n : 1);
		assert_non_null(p);
		memcpy(p, in, n);
		struct res *r = dec(p, n, c);
		if (r->ok) {
			struct wbuf wb = wb_init(out, sizeof(out));
			char *s = print_attrs(&r->a);
			free(s);
			(void)wire_attrs_encode(&r->a, c, &wb);
		}
		free(r);
		free(p);
	}
}

static void
test_truncation(void **state)
{
	struct wire_ctx c2 = ctx_of(false, true), c4 = ctx_of(true, true);
	struct wire_ctx ap = test_ctx(true, true, true, false);

	(void)state;
	try_all_prefixes(rich_as4, sizeof(rich_as4), &c4);
	try_all_prefixes(rich_as4, sizeof(rich_as4), &c2);
	try_all_prefixes(rich_2oct, sizeof(rich_2oct), &c2);
	try_all_prefixes(rich_2oct, sizeof(rich_2oct), &ap);
}

static void
test_corruption(void **state)
{
	static const uint8_t values[] = { 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x10, 0x20,
	    0x40, 0x7f, 0x80, 0xc0, 0xd0, 0xf0, 0xff };
	struct wire_ctx ctxs[3] = { ctx_of(false, true), ctx_of(true, true),
				    test_ctx(false, true, true, false) };
	const struct {
		const uint8_t *p;
		size_t len;
	} inputs[] = { { rich_as4, sizeof(rich_as4) }, { rich_2oct, sizeof(rich_2oct) } };
	static uint8_t out[4096];

	(void)state;
	for (size_t k = 0; k < 2; k++) {
		size_t len = inputs[k].len;
		uint8_t *p = malloc(len);
		assert_non_null(p);
		for (size_t i = 0; i < len; i++) {
			for (size_t v = 0; v < sizeof(values); v++) {
				memcpy(p, inputs[k].p, len);
				p[i] = values[v];
				for (int c = 0; c < 3; c++) {
					struct res *r = dec(p, len, &ctxs[c]);
					if (r->ok) {
						struct wbuf wb = wb_init(out, sizeof(out));
						char *s = print_attrs(&r->a);
						free(s);
						(void)wire_attrs_encode(&r->a, &ctxs[c], &wb);
					}
					free(r);
				}
			}
		}
		free(p);
	}
}

/* ---- the arena ---- */

static void
test_arena_exhausted(void **state)
{
	static const uint8_t in[] = { 0x40, 2, 6, 2, 2, AS2(65001), AS2(65002) };
	struct wire_ctx c2 = ctx_of(false, true), c4 = ctx_of(true, true);
	uint8_t mem[8];
	struct arena ar = arena_init(mem, sizeof(mem));
	struct wire_attrs a;
	struct wire_err e;
	enum wire_action v = WIRE_OK;

	(void)state;
	assert_false(wire_attrs_decode(in, sizeof(in), &c2, &ar, &a, &v, &e));
	assert_int_equal(v, WIRE_SESSION_RESET);
	assert_int_equal(e.code, BGP_ERR_CEASE);
	assert_int_equal(e.subcode, BGP_CEASE_OUT_OF_RESOURCES);

	/* as4 sessions reference the path in place: no arena needed at all */
	struct arena none = arena_init(NULL, 0);
	static const uint8_t rich_no_unknown[] = {
		A_MP_REACH6, A_ORIGIN, A_ASPATH4, A_NEXT_HOP, A_MED, A_LOCAL_PREF,
		A_ATOMIC, A_AGG4, A_COMMS, A_ORIGINATOR, A_CLUSTER, A_EXTC, A_LARGE, A_OTC,
	};
	v = WIRE_OK;
	assert_true(wire_attrs_decode(rich_no_unknown, sizeof(rich_no_unknown), &c4,
	    &none, &a, &v, &e));
	assert_int_equal(v, WIRE_OK);
	assert_int_equal(none.used, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_desc_table),
		cmocka_unit_test(test_rich_as4),
		cmocka_unit_test(test_rich_2oct),
		cmocka_unit_test(test_equal_content),
		cmocka_unit_test(test_each_attribute),
		cmocka_unit_test(test_mp_families),
		cmocka_unit_test(test_malformed_each),
		cmocka_unit_test(test_partial_on_optional_transitive),
		cmocka_unit_test(test_as4_attrs_on_as4_session),
		cmocka_unit_test(test_unknown),
		cmocka_unit_test(test_unknown_long),
		cmocka_unit_test(test_duplicates),
		cmocka_unit_test(test_verdict_accumulates),
		cmocka_unit_test(test_overrun),
		cmocka_unit_test(test_extended_length),
		cmocka_unit_test(test_as4_merge),
		cmocka_unit_test(test_as4_merge_split_and_set),
		cmocka_unit_test(test_as4_path_longer_ignored),
		cmocka_unit_test(test_as4_aggregator),
		cmocka_unit_test(test_as4_path_confed),
		cmocka_unit_test(test_as4_no_as_path),
		cmocka_unit_test(test_aspath_helpers),
		cmocka_unit_test(test_encode_2oct),
		cmocka_unit_test(test_encode_overflow),
		cmocka_unit_test(test_long_path),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_round_trip_built),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_corruption),
		cmocka_unit_test(test_arena_exhausted),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
