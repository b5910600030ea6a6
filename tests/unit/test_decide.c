/*
 * test_decide.c -- the decision comparator step by step from synthetic
 * paths (each step both ways), ranking (deterministic MED, order
 * independence), and multipath sets (iBGP, eBGP, as-path-relax, limits,
 * the seed papers' reflector case).
 */
#include "testlib.h"

#include <stdio.h>
#include <string.h>

#include "decide.h"

#define IP4(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (uint32_t)(d))

static struct rib_addr
v4(uint8_t a, uint8_t b, uint8_t c, uint8_t d)
{
	struct rib_addr x;
	memset(&x, 0, sizeof(x));
	x.afs = AFS_IPV4_UNICAST;
	x.a[0] = a;
	x.a[1] = b;
	x.a[2] = c;
	x.a[3] = d;
	return x;
}

/* An eligible iBGP path: AS_PATH of 2 from AS 65001, ORIGIN IGP, nothing optional. */
static struct decide_path
base(void)
{
	struct decide_path p;
	memset(&p, 0, sizeof(p));
	p.as_path_len = 2;
	p.neighbor_as = 65001;
	p.igp_cost = DECIDE_IGP_UNKNOWN;
	p.router_id = IP4(10, 0, 0, 1);
	p.peer_addr = v4(10, 0, 0, 1);
	p.origin = BGP_ORIGIN_IGP;
	p.flags = DP_ELIGIBLE;
	return p;
}

/* a must win over b at step s, and lose when swapped */
static void
expect_step(const struct decide_path *a, const struct decide_path *b,
    const struct decide_opts *o, int s)
{
	int r1 = decide_cmp(a, b, o), r2 = decide_cmp(b, a, o);
	if (r1 != -s || r2 != s)
		fprintf(stderr, "expected step %s, got %d (%s) / %d (%s)\n", decide_step_name((unsigned)s),
		    r1, decide_step_name(decide_step_of(r1)), r2, decide_step_name(decide_step_of(r2)));
	assert_int_equal(r1, -s);
	assert_int_equal(r2, s);
}

static void
test_equal(void **state)
{
	(void)state;
	struct decide_opts o = decide_opts_default();
	struct decide_path a = base(), b = base();

	assert_int_equal(decide_cmp(&a, &a, &o), 0);
	assert_int_equal(decide_cmp(&a, &b, &o), 0);
	assert_true(decide_mp_equal(0));
	assert_string_equal(decide_step_name(0), "equal");
	assert_string_equal(decide_step_name(DECIDE_STEP_ROUTER_ID), "router-id");
	assert_string_equal(decide_step_name(99), "unknown");
}

static void
test_step_eligible(void **state)
{
	(void)state;
	struct decide_opts o = decide_opts_default();
	struct decide_path a = base(), b = base();

	/* ineligible loses even with everything else better */
	b.flags &= (uint8_t)~DP_ELIGIBLE;
	b.flags |= DP_HAS_LOCAL_PREF | DP_EBGP;
	b.local_pref = 1000;
	b.as_path_len = 0;
	expect_step(&a, &b, &o, DECIDE_STEP_ELIGIBLE);
	assert_false(decide_mp_equal(decide_cmp(&a, &b, &o)));
}

static void
test_step_local_pref(void **state)
{
	(void)state;
	struct decide_opts o = decide_opts_default();
	struct decide_path a = base(), b = base();

	a.flags |= DP_HAS_LOCAL_PREF;
	b.flags |= DP_HAS_LOCAL_PREF;
	a.local_pref = 200;
	b.local_pref = 100;
	b.as_path_len = 1;		/* later steps do not matter */
	expect_step(&a, &b, &o, DECIDE_STEP_LOCAL_PREF);

	/* absent: the default 100 (eBGP-learned paths carry none) */
	a = base();
	b = base();
	b.flags |= DP_HAS_LOCAL_PREF;
	b.local_pref = 99;
	expect_step(&a, &b, &o, DECIDE_STEP_LOCAL_PREF);
	b.local_pref = 101;
	expect_step(&b, &a, &o, DECIDE_STEP_LOCAL_PREF);
	b.local_pref = 100;
	assert_int_equal(decide_cmp(&a, &b, &o), 0);
	/* another default */
	o.default_local_pref = 50;
	b.local_pref = 60;
	expect_step(&b, &a, &o, DECIDE_STEP_LOCAL_PREF);
	/* the extremes: 0 and UINT32_MAX */
	a.flags |= DP_HAS_LOCAL_PREF;
	a.local_pref = UINT32_MAX;
	b.local_pref = 0;
	expect_step(&a, &b, &o, DECIDE_STEP_LOCAL_PREF);
}

static void
test_step_as_path(void **state)
{
	(void)state;
	struct decide_opts o = decide_opts_default();
	struct decide_path a = base(), b = base();

	a.as_path_len = 1;
	b.as_path_len = 2;
	b.origin = BGP_ORIGIN_IGP;
	a.origin = BGP_ORIGIN_INCOMPLETE;	/* later steps do not matter */
	expect_step(&a, &b, &o, DECIDE_STEP_AS_PATH);
	a.as_path_len = 0;			/* our own AS's route */
	expect_step(&a, &b, &o, DECIDE_STEP_AS_PATH);
}

static void
test_step_origin(void **state)
{
	(void)state;
	struct decide_opts o = decide_opts_default();
	struct decide_path a = base(), b = base();

	b.origin = BGP_ORIGIN_EGP;
	expect_step(&a, &b, &o, DECIDE_STEP_ORIGIN);
	a.origin = BGP_ORIGIN_EGP;
	b.origin = BGP_ORIGIN_INCOMPLETE;
	a.flags |= DP_HAS_MED;
	a.med = 1000;
	expect_step(&a, &b, &o, DECIDE_STEP_ORIGIN);
}

static void
test_step_med(void **state)
{
	(void)state;
	struct decide_opts o = decide_opts_default();
	struct decide_path a = base(), b = base();

	a.flags |= DP_HAS_MED;
	b.flags |= DP_HAS_MED;
	a.med = 5;
	b.med = 10;
	b.flags |= DP_EBGP;		/* later steps do not matter */
	expect_step(&a, &b, &o, DECIDE_STEP_MED);

	/* absent MED is 0 ... */
	a = base();
	b = base();
	b.flags |= DP_HAS_MED;
	b.med = 1;
	expect_step(&a, &b, &o, DECIDE_STEP_MED);
	/* ... or the worst */
	o.med_missing_as_worst = true;
	expect_step(&b, &a, &o, DECIDE_STEP_MED);
	b.med = UINT32_MAX;
	assert_int_not_equal(decide_step_of(decide_cmp(&a, &b, &o)), DECIDE_STEP_MED);
	o.med_missing_as_worst = false;

	/* different neighbor AS: skipped, decided later */
	a = base();
	b = base();
	a.flags |= DP_HAS_MED;
	b.flags |= DP_HAS_MED;
	a.med = 100;
	b.med = 1;
	b.neighbor_as = 65002;
	b.router_id = IP4(10, 0, 0, 2);
	expect_step(&a, &b, &o, DECIDE_STEP_ROUTER_ID);
	/* unless always compared */
	o.always_compare_med = true;
	expect_step(&b, &a, &o, DECIDE_STEP_MED);
}

static void
test_step_ebgp(void **state)
{
	(void)state;
	struct decide_opts o = decide_opts_default();
	struct decide_path a = base(), b = base();

	a.flags |= DP_EBGP;
	a.igp_cost = 100;
	b.igp_cost = 1;		/* later steps do not matter */
	expect_step(&a, &b, &o, DECIDE_STEP_EBGP);
	assert_false(decide_mp_equal(decide_cmp(&a, &b, &o)));
}

static void
test_step_igp_cost(void **state)
{
	(void)state;
	struct decide_opts o = decide_opts_default();
	struct decide_path a = base(), b = base();

	a.igp_cost = 10;
	b.igp_cost = 20;
	a.router_id = IP4(10, 0, 0, 9);	/* later steps do not matter */
	expect_step(&a, &b, &o, DECIDE_STEP_IGP_COST);
	/* a known cost beats an unknown one */
	b.igp_cost = DECIDE_IGP_UNKNOWN;
	expect_step(&a, &b, &o, DECIDE_STEP_IGP_COST);
	/* both unknown: not decided here */
	a.igp_cost = DECIDE_IGP_UNKNOWN;
	expect_step(&b, &a, &o, DECIDE_STEP_ROUTER_ID);
	/* the IGP step is not multipath-equal, the router-id step is */
	assert_false(decide_mp_equal(-DECIDE_STEP_IGP_COST));
	assert_false(decide_mp_equal(DECIDE_STEP_IGP_COST));
	assert_true(decide_mp_equal(-DECIDE_STEP_ROUTER_ID));
	assert_true(decide_mp_equal(DECIDE_STEP_TIE));
}

static void
test_step_router_id(void **state)
{
	(void)state;
	struct decide_opts o = decide_opts_default();
	struct decide_path a = base(), b = base();

	a.router_id = IP4(10, 0, 0, 1);
	b.router_id = IP4(10, 0, 0, 2);
	a.cluster_len = 5;		/* later steps do not matter */
	expect_step(&a, &b, &o, DECIDE_STEP_ROUTER_ID);
	/* ORIGINATOR_ID stands in for the router id (RFC 4456 §9) */
	a.flags |= DP_HAS_ORIGINATOR;
	a.originator_id = IP4(10, 0, 0, 3);
	expect_step(&b, &a, &o, DECIDE_STEP_ROUTER_ID);
	b.flags |= DP_HAS_ORIGINATOR;
	b.originator_id = IP4(10, 0, 0, 4);
	expect_step(&a, &b, &o, DECIDE_STEP_ROUTER_ID);
	/* the same originator through two reflectors: decided later */
	b.originator_id = a.originator_id;
	expect_step(&b, &a, &o, DECIDE_STEP_CLUSTER_LIST);
	/* unsigned: 200.0.0.1 is higher than 10.0.0.1 */
	a = base();
	b = base();
	b.router_id = IP4(200, 0, 0, 1);
	expect_step(&a, &b, &o, DECIDE_STEP_ROUTER_ID);
}

static void
test_step_cluster_list(void **state)
{
	(void)state;
	struct decide_opts o = decide_opts_default();
	struct decide_path a = base(), b = base();

	a.cluster_len = 1;
	b.cluster_len = 2;
	a.peer_addr = v4(10, 0, 0, 9);	/* later steps do not matter */
	expect_step(&a, &b, &o, DECIDE_STEP_CLUSTER_LIST);
}

static void
test_step_peer_addr(void **state)
{
	(void)state;
	struct decide_opts o = decide_opts_default();
	struct decide_path a = base(), b = base();

	b.peer_addr = v4(10, 0, 0, 2);
	b.path_id = 0;
	a.path_id = 7;			/* later steps do not matter */
	expect_step(&a, &b, &o, DECIDE_STEP_PEER_ADDR);
	/* IPv4 before IPv6 */
	memset(&b.peer_addr, 0, sizeof(b.peer_addr));
	b.peer_addr.afs = AFS_IPV6_UNICAST;
	expect_step(&a, &b, &o, DECIDE_STEP_PEER_ADDR);
	/* the last octets count */
	a.peer_addr = v4(192, 0, 2, 1);
	b.peer_addr = v4(192, 0, 2, 200);
	expect_step(&a, &b, &o, DECIDE_STEP_PEER_ADDR);
}

static void
test_step_path_id_tie(void **state)
{
	(void)state;
	struct decide_opts o = decide_opts_default();
	struct decide_path a = base(), b = base();

	a.path_id = 1;
	b.path_id = 2;
	b.tie = 0;
	a.tie = 5;
	expect_step(&a, &b, &o, DECIDE_STEP_PATH_ID);
	b.path_id = 1;
	expect_step(&b, &a, &o, DECIDE_STEP_TIE);
}

/* ---- ranking ---- */

static unsigned
best_of(const struct decide_path *p, unsigned n, const struct decide_opts *o)
{
	uint32_t order[16], scratch[DECIDE_SCRATCH(16)];
	assert_true(n <= 16);
	decide_rank(p, n, o, order, scratch);
	return order[0];
}

/*
 * The classic MED cycle: r1 beats r2 (IGP), r2 beats r3 (IGP), r3 beats r1
 * (MED, same neighbor AS). RFC 4271 eliminates r1 by MED within AS 100,
 * then r2 wins on IGP cost.
 */
static void
med_cycle(struct decide_path r[3])
{
	for (int i = 0; i < 3; i++)
		r[i] = base();
	r[0].neighbor_as = 100;
	r[0].flags |= DP_HAS_MED;
	r[0].med = 10;
	r[0].igp_cost = 1;
	r[0].router_id = 1;
	r[1].neighbor_as = 200;
	r[1].igp_cost = 2;
	r[1].router_id = 2;
	r[2].neighbor_as = 100;
	r[2].flags |= DP_HAS_MED;
	r[2].med = 5;
	r[2].igp_cost = 3;
	r[2].router_id = 3;
}

static void
test_rank_med_cycle_deterministic(void **state)
{
	(void)state;
	struct decide_opts o = decide_opts_default();
	struct decide_path r[3], p[3];
	static const int perms[6][3] = {
		{ 0, 1, 2 }, { 0, 2, 1 }, { 1, 0, 2 }, { 1, 2, 0 }, { 2, 0, 1 }, { 2, 1, 0 },
	};

	med_cycle(r);
	/* the comparator alone is not transitive here */
	assert_true(decide_cmp(&r[0], &r[1], &o) < 0);
	assert_true(decide_cmp(&r[1], &r[2], &o) < 0);
	assert_true(decide_cmp(&r[2], &r[0], &o) < 0);

	for (int k = 0; k < 6; k++) {
		uint32_t order[3], scratch[DECIDE_SCRATCH(3)];
		for (int i = 0; i < 3; i++)
			p[i] = r[perms[k][i]];
		decide_rank(p, 3, &o, order, scratch);
		/* whatever the input order: r2, then r3, then r1 */
		assert_int_equal(perms[k][order[0]], 1);
		assert_int_equal(perms[k][order[1]], 2);
		assert_int_equal(perms[k][order[2]], 0);
	}
}

static void
test_rank_med_cycle_other_modes(void **state)
{
	(void)state;
	struct decide_opts o = decide_opts_default();
	struct decide_path r[3];

	med_cycle(r);
	/* always-compare-med: r[1] has no MED (0): it wins on MED */
	o.always_compare_med = true;
	assert_int_equal(best_of(r, 3, &o), 1);
	/* not deterministic: the outcome follows the input order */
	o = decide_opts_default();
	o.deterministic_med = false;
	struct decide_path q[3] = { r[0], r[1], r[2] };
	unsigned b1 = best_of(q, 3, &o);
	struct decide_path s[3] = { r[2], r[0], r[1] };
	unsigned b2 = best_of(s, 3, &o);
	/* both are valid pairwise winners of something; at least one differs from the RFC answer */
	assert_true(b1 < 3 && b2 < 3);
	assert_true(q[b1].router_id != 2 || s[b2].router_id != 2);
}

static void
test_rank_ineligible_last(void **state)
{
	(void)state;
	struct decide_opts o = decide_opts_default();
	struct decide_path p[4];
	uint32_t order[4], scratch[DECIDE_SCRATCH(4)], mp[4];

	for (int i = 0; i < 4; i++) {
		p[i] = base();
		p[i].router_id = (uint32_t)(10 - i);
		p[i].neighbor_as = 65000u + (uint32_t)i;
	}
	p[3].flags &= (uint8_t)~DP_ELIGIBLE;	/* the lowest router id, unreachable */
	p[2].flags &= (uint8_t)~DP_ELIGIBLE;
	decide_rank(p, 4, &o, order, scratch);
	assert_int_equal(order[0], 1);
	assert_int_equal(order[1], 0);
	assert_int_equal(order[2], 3);
	assert_int_equal(order[3], 2);
	/* no eligible path at all: no best, no multipath */
	for (int i = 0; i < 4; i++)
		p[i].flags &= (uint8_t)~DP_ELIGIBLE;
	decide_rank(p, 4, &o, order, scratch);
	assert_int_equal(decide_multipath(p, 4, order, &o, mp), 0);
	assert_int_equal(decide_multipath(p, 0, order, &o, mp), 0);
}

/* A larger random set: the ranking is a permutation, sorted by the comparator within each neighbor AS. */
static void
test_rank_many(void **state)
{
	(void)state;
	enum { N = 200 };
	static struct decide_path p[N];
	static uint32_t order[N], scratch[DECIDE_SCRATCH(N)];
	struct decide_opts o = decide_opts_default();
	uint32_t x = 12345;
	bool seen[N];

	for (int i = 0; i < N; i++) {
		p[i] = base();
		x = x * 1103515245u + 12345u;
		p[i].neighbor_as = 65000 + (x >> 16) % 5;
		p[i].flags |= DP_HAS_MED;
		p[i].med = (x >> 8) % 4;
		p[i].igp_cost = (x >> 4) % 3;
		p[i].router_id = (uint32_t)i;
		if ((x >> 20) % 7 == 0)
			p[i].flags &= (uint8_t)~DP_ELIGIBLE;
	}
	for (int mode = 0; mode < 3; mode++) {
		o.deterministic_med = mode != 1;
		o.always_compare_med = mode == 2;
		decide_rank(p, N, &o, order, scratch);
		memset(seen, 0, sizeof(seen));
		for (int i = 0; i < N; i++) {
			assert_true(order[i] < N);
			assert_false(seen[order[i]]);
			seen[order[i]] = true;
		}
		/* within a neighbor AS, and for always-compare overall, in comparator order */
		for (int i = 0; i < N; i++)
			for (int j = i + 1; j < N; j++) {
				const struct decide_path *a = &p[order[i]], *b = &p[order[j]];
				if (mode == 2 || (mode == 0 && a->neighbor_as == b->neighbor_as))
					assert_true(decide_cmp(a, b, &o) < 0);
			}
		/* the best is not beaten by any path */
		for (int i = 1; i < N && mode != 1; i++)
			assert_true(decide_cmp(&p[order[0]], &p[order[i]], &o) < 0 ||
			    p[order[0]].neighbor_as != p[order[i]].neighbor_as);
	}
}

/* ---- multipath ---- */

static unsigned
mp_of(const struct decide_path *p, unsigned n, const struct decide_opts *o, uint32_t *mp)
{
	uint32_t order[16], scratch[DECIDE_SCRATCH(16)];
	decide_rank(p, n, o, order, scratch);
	return decide_multipath(p, n, order, o, mp);
}

static void
test_mp_ibgp(void **state)
{
	(void)state;
	struct decide_opts o = decide_opts_default();
	struct decide_path p[5];
	uint32_t mp[5];

	for (int i = 0; i < 5; i++) {
		p[i] = base();
		p[i].router_id = IP4(10, 0, 0, 5 - i);	/* p[4] is best by router id */
		p[i].peer_addr = v4(10, 0, 0, (uint8_t)(5 - i));
		p[i].igp_cost = 10;
	}
	p[1].igp_cost = 11;		/* worse IGP cost: not multipath */
	o.mp_ibgp = 8;
	unsigned k = mp_of(p, 5, &o, mp);
	assert_int_equal(k, 4);
	assert_int_equal(mp[0], 4);
	assert_int_equal(mp[1], 3);
	assert_int_equal(mp[2], 2);
	assert_int_equal(mp[3], 0);
	/* the limit takes the first in rank order */
	o.mp_ibgp = 2;
	k = mp_of(p, 5, &o, mp);
	assert_int_equal(k, 2);
	assert_int_equal(mp[0], 4);
	assert_int_equal(mp[1], 3);
	/* 1 and 0: the best alone */
	o.mp_ibgp = 1;
	assert_int_equal(mp_of(p, 5, &o, mp), 1);
	o.mp_ibgp = 0;
	assert_int_equal(mp_of(p, 5, &o, mp), 1);
	/* an unreachable one is left out, a worse LOCAL_PREF too */
	o.mp_ibgp = 8;
	p[3].flags &= (uint8_t)~DP_ELIGIBLE;
	p[2].flags |= DP_HAS_LOCAL_PREF;
	p[2].local_pref = 90;
	k = mp_of(p, 5, &o, mp);
	assert_int_equal(k, 2);
	assert_int_equal(mp[0], 4);
	assert_int_equal(mp[1], 0);
	/* the eBGP limit does not apply to iBGP */
	o.mp_ebgp = 1;
	assert_int_equal(mp_of(p, 5, &o, mp), 2);
}

static void
test_mp_ebgp(void **state)
{
	(void)state;
	struct decide_opts o = decide_opts_default();
	struct decide_path p[4];
	uint32_t mp[4];

	for (int i = 0; i < 4; i++) {
		p[i] = base();
		p[i].flags |= DP_EBGP;
		p[i].router_id = IP4(192, 0, 2, i + 1);
		p[i].peer_addr = v4(192, 0, 2, (uint8_t)(i + 1));
	}
	p[2].neighbor_as = 65002;	/* same AS_PATH length, other neighbor AS */
	p[3].flags &= (uint8_t)~DP_EBGP;	/* an iBGP path: loses at the eBGP step */
	o.mp_ebgp = 8;
	o.mp_ibgp = 8;
	unsigned k = mp_of(p, 4, &o, mp);
	assert_int_equal(k, 2);
	assert_int_equal(mp[0], 0);
	assert_int_equal(mp[1], 1);
	/* as-path-relax: equal AS_PATH length suffices */
	o.mp_as_path_relax = true;
	k = mp_of(p, 4, &o, mp);
	assert_int_equal(k, 3);
	assert_int_equal(mp[2], 2);
	/* ... but not a longer one */
	p[2].as_path_len = 3;
	assert_int_equal(mp_of(p, 4, &o, mp), 2);
	p[2].as_path_len = 2;
	/* MEDs of different neighbor ASes are not compared, so relax keeps both */
	p[2].flags |= DP_HAS_MED;
	p[2].med = 50;
	assert_int_equal(mp_of(p, 4, &o, mp), 3);
	/* within one neighbor AS a worse MED is out */
	p[1].flags |= DP_HAS_MED;
	p[1].med = 50;
	assert_int_equal(mp_of(p, 4, &o, mp), 2);
	/* the iBGP limit does not apply to eBGP */
	o.mp_ebgp = 1;
	assert_int_equal(mp_of(p, 4, &o, mp), 1);
}

/* An iBGP best never gathers eBGP paths, even equal ones (they would have won). */
static void
test_mp_type(void **state)
{
	(void)state;
	struct decide_opts o = decide_opts_default();
	struct decide_path p[2];
	uint32_t mp[2];

	p[0] = base();
	p[1] = base();
	p[1].flags |= DP_EBGP;
	p[1].flags &= (uint8_t)~DP_ELIGIBLE;
	o.mp_ibgp = o.mp_ebgp = 4;
	assert_int_equal(mp_of(p, 2, &o, mp), 1);
	assert_int_equal(mp[0], 0);
}

/*
 * The seed papers' reflector: four announcers send 10.1.1.0/24 with their
 * own next hop to the reflector (10.0.0.109); the router receives all four
 * through one add-path session, identical but for next hop (not a
 * decision input here) and ORIGINATOR_ID.
 */
static void
seed_paths(struct decide_path p[4])
{
	for (int i = 0; i < 4; i++) {
		p[i] = base();
		p[i].flags = DP_ELIGIBLE | DP_HAS_LOCAL_PREF | DP_HAS_ORIGINATOR;
		p[i].local_pref = 100;
		p[i].as_path_len = 0;
		p[i].neighbor_as = 0;
		p[i].router_id = IP4(10, 0, 0, 109);
		p[i].peer_addr = v4(10, 0, 0, 109);
		p[i].cluster_len = 1;
		p[i].path_id = (uint32_t)(4 - i);	/* arrival order unlike originator order */
		p[i].originator_id = IP4(10, 0, 0, 108 - i);
	}
}

static void
test_mp_seed_papers(void **state)
{
	(void)state;
	struct decide_opts o = decide_opts_default();
	struct decide_path p[4];
	uint32_t mp[8];

	seed_paths(p);
	o.mp_ibgp = 4;
	unsigned k = mp_of(p, 4, &o, mp);
	assert_int_equal(k, 4);
	/* ordered by ORIGINATOR_ID: .105, .106, .107, .108 */
	for (unsigned i = 0; i < 4; i++)
		assert_int_equal(p[mp[i]].originator_id, IP4(10, 0, 0, 105 + i));
	/* each pair decided at the router-id step */
	assert_int_equal(decide_cmp(&p[3], &p[2], &o), -DECIDE_STEP_ROUTER_ID);

	o.mp_ibgp = 1;
	k = mp_of(p, 4, &o, mp);
	assert_int_equal(k, 1);
	assert_int_equal(p[mp[0]].originator_id, IP4(10, 0, 0, 105));

	/* a fifth path from a second reflector (cluster list 2) still belongs */
	o.mp_ibgp = 64;
	struct decide_path q[5];
	memcpy(q, p, sizeof(p));
	q[4] = p[0];
	q[4].peer_addr = v4(10, 0, 0, 111);
	q[4].router_id = IP4(10, 0, 0, 111);
	q[4].cluster_len = 2;
	q[4].path_id = 1;
	assert_int_equal(mp_of(q, 5, &o, mp), 5);
	/* the same originator (.108) via two reflectors: the shorter CLUSTER_LIST first */
	assert_int_equal(decide_cmp(&q[0], &q[4], &o), -DECIDE_STEP_CLUSTER_LIST);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_equal),
		cmocka_unit_test(test_step_eligible),
		cmocka_unit_test(test_step_local_pref),
		cmocka_unit_test(test_step_as_path),
		cmocka_unit_test(test_step_origin),
		cmocka_unit_test(test_step_med),
		cmocka_unit_test(test_step_ebgp),
		cmocka_unit_test(test_step_igp_cost),
		cmocka_unit_test(test_step_router_id),
		cmocka_unit_test(test_step_cluster_list),
		cmocka_unit_test(test_step_peer_addr),
		cmocka_unit_test(test_step_path_id_tie),
		cmocka_unit_test(test_rank_med_cycle_deterministic),
		cmocka_unit_test(test_rank_med_cycle_other_modes),
		cmocka_unit_test(test_rank_ineligible_last),
		cmocka_unit_test(test_rank_many),
		cmocka_unit_test(test_mp_ibgp),
		cmocka_unit_test(test_mp_ebgp),
		cmocka_unit_test(test_mp_type),
		cmocka_unit_test(test_mp_seed_papers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
