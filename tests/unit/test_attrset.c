/*
 * test_attrset.c -- interned attribute sets: equal sets are one pointer,
 * interning copies, canonical form (absent attributes, MP prefixes
 * ignored), the view encodes as the original did (also through the UPDATE
 * packer), decision fields, reference counts and counters, the seed, and
 * many sets (table growth, shrinking, deletion).
 */
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attrset.h"

#define AS4(x) (uint8_t)((uint32_t)(x) >> 24), (uint8_t)((uint32_t)(x) >> 16), \
	(uint8_t)((uint32_t)(x) >> 8), (uint8_t)(x)
#define V6_2001_DB8_1 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1

/* an iBGP attribute section with every kind of attribute we keep */
static const uint8_t full_attrs[] = {
	0x40, 0x01, 1, BGP_ORIGIN_EGP,
	0x40, 0x02, 20, BGP_AS_SEQUENCE, 2, AS4(65001), AS4(65002),
	    BGP_AS_SET, 2, AS4(65003), AS4(65004),
	0x40, 0x03, 4, 10, 0, 0, 105,
	0x80, 0x04, 4, 0, 0, 0, 20,
	0x40, 0x05, 4, 0, 0, 0, 100,
	0x40, 0x06, 0,
	0xc0, 0x07, 8, AS4(65001), 10, 0, 0, 1,
	0xc0, 0x08, 8, 0xfd, 0xe8, 0, 1, 0xff, 0xff, 0xff, 0x01,
	0x80, 0x09, 4, 10, 0, 0, 105,
	0x80, 0x0a, 8, 10, 0, 0, 109, 10, 0, 0, 110,
	0xc0, 0x10, 8, 0x00, 0x02, 0xfd, 0xe8, 0, 0, 0, 100,
	0xc0, 0x20, 12, AS4(65000), AS4(1), AS4(2),
	0xc0, 200, 3, 1, 2, 3,
};

/* MP_REACH for IPv6 with one prefix, and MP_UNREACH */
static const uint8_t mp_attrs_a[] = {
	0x40, 0x01, 1, BGP_ORIGIN_IGP,
	0x40, 0x02, 0,
	0x40, 0x05, 4, 0, 0, 0, 100,
	0x80, 0x0e, 28, 0x00, 0x02, 0x01, 16, V6_2001_DB8_1, 0x00,
	    48, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01,
};
/* the same next hop, other prefixes, and an MP_UNREACH */
static const uint8_t mp_attrs_b[] = {
	0x40, 0x01, 1, BGP_ORIGIN_IGP,
	0x40, 0x02, 0,
	0x40, 0x05, 4, 0, 0, 0, 100,
	0x80, 0x0e, 35, 0x00, 0x02, 0x01, 16, V6_2001_DB8_1, 0x00,
	    48, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x02,
	    48, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x03,
	0x80, 0x0f, 10, 0x00, 0x02, 0x01, 48, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x09,
};

struct decoded {
	struct wire_attrs a;
	uint8_t arena_buf[1024];
	uint8_t copy[512];	/* the message bytes: changed after interning in one test */
};

static void
decode(const uint8_t *p, size_t len, struct decoded *d)
{
	struct wire_ctx ctx = test_ctx(true, false, false, true);
	struct arena ar = arena_init(d->arena_buf, sizeof(d->arena_buf));
	enum wire_action v = WIRE_OK;
	struct wire_err e;

	assert_true(len <= sizeof(d->copy));
	memcpy(d->copy, p, len);
	memset(&d->a, 0, sizeof(d->a));
	if (!wire_attrs_decode(d->copy, len, &ctx, &ar, &d->a, &v, &e) || v != WIRE_OK)
		fail_msg("decode: %s", e.reason);
}

static struct attrset_table *
table(void)
{
	struct attrset_table *t = attrset_table_new(0x0123456789abcdefull);
	assert_non_null(t);
	return t;
}

static void
test_equal_is_same_pointer(void **state)
{
	(void)state;
	struct attrset_table *t = table();
	static struct decoded d1, d2;
	struct attrset_stats st;

	decode(full_attrs, sizeof(full_attrs), &d1);
	decode(full_attrs, sizeof(full_attrs), &d2);
	const struct attrset *s1 = attrset_intern(t, &d1.a);
	const struct attrset *s2 = attrset_intern(t, &d2.a);
	assert_non_null(s1);
	assert_ptr_equal(s1, s2);
	assert_int_equal(s1->refcnt, 2);
	attrset_ref(t, s1);
	attrset_table_stats(t, &st);
	assert_int_equal(st.sets, 1);
	assert_int_equal(st.refs, 3);
	assert_true(st.bytes >= sizeof(struct attrset) + 20 + 8 + 8 + 8 + 12 + 6);

	attrset_unref(t, s1);
	attrset_unref(t, s1);
	attrset_table_stats(t, &st);
	assert_int_equal(st.sets, 1);
	assert_int_equal(st.refs, 1);
	attrset_unref(t, s2);
	attrset_table_stats(t, &st);
	assert_int_equal(st.sets, 0);
	assert_int_equal(st.refs, 0);
	assert_int_equal(st.bytes, st.slots * sizeof(void *));
	attrset_unref(t, NULL);		/* harmless */
	attrset_table_free(t);
}

/* The set keeps its own copy: the message and arena may go. */
static void
test_intern_copies(void **state)
{
	(void)state;
	struct attrset_table *t = table();
	static struct decoded d;
	static struct decoded ref;

	decode(full_attrs, sizeof(full_attrs), &d);
	decode(full_attrs, sizeof(full_attrs), &ref);
	const struct attrset *s = attrset_intern(t, &d.a);
	memset(d.copy, 0xee, sizeof(d.copy));
	memset(d.arena_buf, 0xee, sizeof(d.arena_buf));
	memset(&d.a, 0xee, sizeof(d.a));

	struct wire_attrs v;
	attrset_view(s, &v);
	assert_true(wire_attrs_equal(&v, &ref.a));
	/* the views point into the set */
	assert_true(v.as_path.p >= s->data && v.as_path.p < s->data + 200);
	assert_true(v.communities.p >= s->data && v.unknown.p >= s->data);

	/* encoded, the view gives the original octets */
	uint8_t b1[512], b2[512];
	struct wire_ctx ctx = test_ctx(true, false, false, true);
	struct wbuf w1 = wb_init(b1, sizeof(b1)), w2 = wb_init(b2, sizeof(b2));
	assert_true(wire_attrs_encode(&v, &ctx, &w1));
	assert_true(wire_attrs_encode(&ref.a, &ctx, &w2));
	assert_bytes_equal(b1, w1.len, b2, w2.len);
	/* also for a 2-octet session (AS4_PATH, AS4_AGGREGATOR made from the set) */
	ctx.as4 = false;
	w1 = wb_init(b1, sizeof(b1));
	w2 = wb_init(b2, sizeof(b2));
	assert_true(wire_attrs_encode(&v, &ctx, &w1));
	assert_true(wire_attrs_encode(&ref.a, &ctx, &w2));
	assert_bytes_equal(b1, w1.len, b2, w2.len);

	attrset_unref(t, s);
	attrset_table_free(t);
}

/* The decision fields, computed once. */
static void
test_decision_fields(void **state)
{
	(void)state;
	struct attrset_table *t = table();
	static struct decoded d;

	decode(full_attrs, sizeof(full_attrs), &d);
	const struct attrset *s = attrset_intern(t, &d.a);
	assert_int_equal(s->as_path_len, 3);	/* 2 + SET counted once */
	assert_int_equal(s->neighbor_as, 65001);
	assert_int_equal(s->cluster_len, 2);
	assert_int_equal(s->k.origin, BGP_ORIGIN_EGP);
	assert_int_equal(s->k.med, 20);
	assert_int_equal(s->k.local_pref, 100);
	assert_int_equal(s->k.originator_id, 0x0a000069);
	assert_true(attrset_has(s, BGP_ATTR_ATOMIC_AGGREGATE));
	assert_false(attrset_has(s, BGP_ATTR_MP_REACH));
	assert_false(attrset_has(s, 99));
	struct wire_bytes cl = attrset_var(s, ATTRSET_CLUSTER_LIST);
	assert_int_equal(cl.len, 8);
	assert_int_equal(cl.p[3], 109);
	struct wire_bytes none = attrset_var(s, ATTRSET_MP_NEXTHOP);
	assert_null(none.p);
	assert_int_equal(none.len, 0);
	attrset_unref(t, s);

	/* empty AS_PATH: length 0, no neighbor AS */
	decode(mp_attrs_a, sizeof(mp_attrs_a), &d);
	s = attrset_intern(t, &d.a);
	assert_int_equal(s->as_path_len, 0);
	assert_int_equal(s->neighbor_as, 0);
	assert_int_equal(s->cluster_len, 0);
	attrset_unref(t, s);
	attrset_table_free(t);
}

/* What is not part of the set: MP prefixes, MP_UNREACH, values of absent attributes. */
static void
test_canonical(void **state)
{
	(void)state;
	struct attrset_table *t = table();
	static struct decoded da, db;

	decode(mp_attrs_a, sizeof(mp_attrs_a), &da);
	decode(mp_attrs_b, sizeof(mp_attrs_b), &db);
	assert_true(wire_attr_has(&db.a, BGP_ATTR_MP_UNREACH));
	const struct attrset *sa = attrset_intern(t, &da.a);
	const struct attrset *sb = attrset_intern(t, &db.a);
	assert_ptr_equal(sa, sb);
	assert_false(attrset_has(sa, BGP_ATTR_MP_UNREACH));

	/* the view: MP_REACH with the next hop and no prefixes */
	struct wire_attrs v;
	attrset_view(sa, &v);
	assert_true(wire_attr_has(&v, BGP_ATTR_MP_REACH));
	assert_int_equal(v.mp_reach.afi, 2);
	assert_int_equal(v.mp_reach.safi, 1);
	assert_int_equal(v.mp_reach.nh_len, 16);
	assert_int_equal(v.mp_reach.nexthop[15], 1);
	assert_true(v.mp_reach.known);
	assert_int_equal(v.mp_reach.nlri.len, 0);
	assert_int_equal(v.mp_reach.nlri.count, 0);

	/* another next hop is another set */
	struct wire_attrs x = da.a;
	x.mp_reach.nexthop[15] = 2;
	const struct attrset *sc = attrset_intern(t, &x);
	assert_ptr_not_equal(sa, sc);
	/* a link-local next hop too (32 octets) */
	x = da.a;
	x.mp_reach.nh_len = 32;
	x.mp_reach.nexthop[16] = 0xfe;
	x.mp_reach.nexthop[17] = 0x80;
	const struct attrset *sd = attrset_intern(t, &x);
	assert_ptr_not_equal(sa, sd);
	assert_ptr_not_equal(sc, sd);
	attrset_view(sd, &v);
	assert_int_equal(v.mp_reach.nh_len, 32);
	assert_int_equal(v.mp_reach.nexthop[16], 0xfe);

	/* values of absent attributes do not count */
	x = da.a;
	x.med = 77;
	x.originator_id = 5;
	x.next_hop[0] = 9;
	x.aggregator_as = 1;
	x.otc = 3;
	assert_ptr_equal(attrset_intern(t, &x), sa);
	/* but presence does, even of a zero value */
	x.present |= ATTR_BIT(BGP_ATTR_MED);
	x.med = 0;
	const struct attrset *se = attrset_intern(t, &x);
	assert_ptr_not_equal(se, sa);
	x.med = 1;
	const struct attrset *sf = attrset_intern(t, &x);
	assert_ptr_not_equal(sf, se);

	attrset_unref(t, sa);
	attrset_unref(t, sb);
	attrset_unref(t, sa);	/* the intern of the "absent values" copy */
	attrset_unref(t, sc);
	attrset_unref(t, sd);
	attrset_unref(t, se);
	attrset_unref(t, sf);
	struct attrset_stats st;
	attrset_table_stats(t, &st);
	assert_int_equal(st.sets, 0);
	attrset_table_free(t);
}

/* One attribute different, one set different: each attribute in turn. */
static void
test_each_attribute_counts(void **state)
{
	(void)state;
	struct attrset_table *t = table();
	static struct decoded d;
	const struct attrset *base, *s;

	decode(full_attrs, sizeof(full_attrs), &d);
	base = attrset_intern(t, &d.a);
	uint8_t other_path[20], other_comm[8], other_cl[8], other_ext[8], other_large[12], other_unk[6];

#define VARY(stmt) do {						\
	struct wire_attrs x = d.a;				\
	stmt;							\
	s = attrset_intern(t, &x);				\
	assert_ptr_not_equal(s, base);				\
	assert_ptr_equal(attrset_intern(t, &x), s);		\
	attrset_unref(t, s);					\
	attrset_unref(t, s);					\
} while (0)
#define VARY_BYTES(field, buf) VARY(						\
	memcpy(buf, x.field.p, sizeof(buf)); buf[sizeof(buf) - 1] ^= 1;	\
	x.field.p = buf)

	VARY(x.origin = BGP_ORIGIN_IGP);
	VARY_BYTES(as_path, other_path);
	VARY(x.next_hop[3] = 106);
	VARY(x.med = 21);
	VARY(x.local_pref = 200);
	VARY(x.present &= ~ATTR_BIT(BGP_ATTR_ATOMIC_AGGREGATE));
	VARY(x.aggregator_as = 65002);
	VARY(x.aggregator_id = 2);
	VARY_BYTES(communities, other_comm);
	VARY(x.originator_id = 0x0a00006a);
	VARY_BYTES(cluster_list, other_cl);
	VARY_BYTES(ext_communities, other_ext);
	VARY_BYTES(large_communities, other_large);
	VARY(x.present |= ATTR_BIT(BGP_ATTR_OTC); x.otc = 65001);
	VARY_BYTES(unknown, other_unk);
	/* a shorter community list whose octets are a prefix of the original */
	VARY(x.communities.len = 4);
#undef VARY_BYTES
#undef VARY
	attrset_unref(t, base);
	attrset_table_free(t);
}

/* The UPDATE packer takes the view of an interned set directly. */
static void
test_pack_from_set(void **state)
{
	(void)state;
	struct attrset_table *t = table();
	static struct decoded d;
	uint8_t m1[4096], m2[4096];

	decode(full_attrs, sizeof(full_attrs), &d);
	const struct attrset *s = attrset_intern(t, &d.a);
	struct wire_attrs v;
	attrset_view(s, &v);

	struct wire_ctx ctx = test_ctx(true, true, false, true);
	struct wire_packer pk1, pk2;
	struct wire_nlri n = { .path_id = 1 };
	assert_true(prefix_parse("10.1.1.0/24", &n.pfx));
	assert_true(wire_pack_begin(&pk1, m1, sizeof(m1), &ctx, AFS_IPV4_UNICAST, &v, NULL, 0));
	assert_true(wire_pack_begin(&pk2, m2, sizeof(m2), &ctx, AFS_IPV4_UNICAST, &d.a, NULL, 0));
	for (uint32_t id = 1; id <= 4; id++) {
		n.path_id = id;
		assert_true(wire_pack_add(&pk1, &n));
		assert_true(wire_pack_add(&pk2, &n));
	}
	size_t l1 = wire_pack_finish(&pk1), l2 = wire_pack_finish(&pk2);
	assert_bytes_equal(m1, l1, m2, l2);
	test_emit(m1, l1);

	/* IPv6: the next hop from the set's MP_REACH */
	static struct decoded d6;
	decode(mp_attrs_a, sizeof(mp_attrs_a), &d6);
	const struct attrset *s6 = attrset_intern(t, &d6.a);
	attrset_view(s6, &v);
	ctx = test_ctx(true, false, false, true);
	struct wire_nlri n6 = { 0 };
	assert_true(prefix_parse("2001:db8:1::/48", &n6.pfx));
	assert_true(wire_pack_begin(&pk1, m1, sizeof(m1), &ctx, AFS_IPV6_UNICAST, &v,
	    v.mp_reach.nexthop, v.mp_reach.nh_len));
	assert_true(wire_pack_add(&pk1, &n6));
	l1 = wire_pack_finish(&pk1);
	test_emit(m1, l1);
	/* decodes back to the same set */
	struct wire_update u;
	struct wire_err e;
	uint8_t ab[1024];
	struct arena ar = arena_init(ab, sizeof(ab));
	assert_true(wire_update_decode(m1 + BGP_HEADER_LEN, l1 - BGP_HEADER_LEN, &ctx, &ar, &u, &e));
	assert_int_equal(u.attrs.mp_reach.nlri.count, 1);
	assert_ptr_equal(attrset_intern(t, &u.attrs), s6);

	attrset_unref(t, s6);
	attrset_unref(t, s6);
	attrset_unref(t, s);
	attrset_table_free(t);
}

/* The seed changes every hash; the same seed gives the same hashes. */
static void
test_seed(void **state)
{
	(void)state;
	struct attrset_table *t1 = attrset_table_new(1), *t2 = attrset_table_new(2),
	    *t3 = attrset_table_new(1);
	static struct decoded d;

	decode(full_attrs, sizeof(full_attrs), &d);
	const struct attrset *a = attrset_intern(t1, &d.a);
	const struct attrset *b = attrset_intern(t2, &d.a);
	const struct attrset *c = attrset_intern(t3, &d.a);
	assert_true(a->hash != b->hash);
	assert_true(a->hash == c->hash);
	attrset_unref(t1, a);
	attrset_unref(t2, b);
	attrset_unref(t3, c);
	attrset_table_free(t1);
	attrset_table_free(t2);
	attrset_table_free(t3);
	/* two random seeds differ */
	assert_true(attrset_random_seed() != attrset_random_seed());
}

/* Many sets: growth, lookups after growth, deletion by backward shift, shrinking. */
static void
test_many(void **state)
{
	(void)state;
	enum { N = 20000 };
	struct attrset_table *t = table();
	static struct decoded d;
	static const struct attrset *s[N];
	struct attrset_stats st;

	decode(full_attrs, sizeof(full_attrs), &d);
	for (uint32_t i = 0; i < N; i++) {
		struct wire_attrs x = d.a;
		x.med = i;
		s[i] = attrset_intern(t, &x);
		assert_non_null(s[i]);
	}
	attrset_table_stats(t, &st);
	assert_int_equal(st.sets, N);
	assert_true(st.slots >= 2 * N);
	size_t peak_slots = st.slots;
	for (uint32_t i = 0; i < N; i++) {
		struct wire_attrs x = d.a;
		x.med = i;
		assert_ptr_equal(attrset_intern(t, &x), s[i]);
		assert_int_equal(s[i]->k.med, i);
	}
	/* drop every odd one (both references), then check the even ones are still found */
	for (uint32_t i = 1; i < N; i += 2) {
		attrset_unref(t, s[i]);
		attrset_unref(t, s[i]);
	}
	for (uint32_t i = 0; i < N; i += 2) {
		struct wire_attrs x = d.a;
		x.med = i;
		assert_ptr_equal(attrset_intern(t, &x), s[i]);
		attrset_unref(t, s[i]);
	}
	for (uint32_t i = 0; i < N; i += 2) {
		attrset_unref(t, s[i]);
		attrset_unref(t, s[i]);
	}
	attrset_table_stats(t, &st);
	assert_int_equal(st.sets, 0);
	assert_int_equal(st.refs, 0);
	assert_true(st.slots < peak_slots);
	printf("attrset: %zu octets per set of this kind (header %zu)\n",
	    sizeof(struct attrset) + 20 + 8 + 8 + 8 + 12 + 6, sizeof(struct attrset));
	attrset_table_free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_equal_is_same_pointer),
		cmocka_unit_test(test_intern_copies),
		cmocka_unit_test(test_decision_fields),
		cmocka_unit_test(test_canonical),
		cmocka_unit_test(test_each_attribute_counts),
		cmocka_unit_test(test_pack_from_set),
		cmocka_unit_test(test_seed),
		cmocka_unit_test(test_many),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
