/*
 * test_rib.c -- the RIB data model: change notifications of update,
 * withdraw and peer down; path identifiers (same peer, different path ids
 * are different paths) and stable local ids; the seed papers' multipath
 * case through interned sets; next hop reachability; option changes;
 * walks and counters.
 */
#include "testlib.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rib.h"

#define IP4(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (uint32_t)(d))

/* ---- fixture ---- */

struct change {
	struct prefix pfx;
	unsigned chg;
	unsigned npaths;
	bool has_best;
};

struct fx {
	struct attrset_table *at;
	struct rib *rib;
	struct change log[64];
	size_t nlog;
	size_t total;
	uint8_t unreachable_last_octet;	/* the resolver says 10.0.0.X is down */
};

static void
on_change(void *arg, const struct prefix *pfx, const struct rib_entry *e, unsigned chg)
{
	struct fx *f = arg;
	assert_true(chg != 0);
	f->total++;
	if (f->nlog < 64) {
		struct change *c = &f->log[f->nlog++];
		c->pfx = *pfx;
		c->chg = chg;
		c->npaths = rib_entry_npaths(e);
		c->has_best = rib_entry_best(e) != NULL;
	}
}

static void
resolve(void *arg, const struct rib_addr *nh, bool *reachable, uint32_t *igp_cost)
{
	struct fx *f = arg;
	(void)igp_cost;
	if (nh->afs == AFS_IPV4_UNICAST && f->unreachable_last_octet != 0 &&
	    nh->a[3] == f->unreachable_last_octet)
		*reachable = false;
}

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

static struct prefix
P(const char *s)
{
	struct prefix p;
	if (!prefix_parse(s, &p))
		fail_msg("bad prefix %s", s);
	return p;
}

static bool
pfx_is(const struct prefix *p, const char *s)
{
	struct prefix q = P(s);
	return prefix_equal(p, &q);
}

static int
setup(void **state)
{
	(void)state;
	struct fx *f = calloc(1, sizeof(*f));
	struct rib_config cfg;

	memset(&cfg, 0, sizeof(cfg));
	cfg.decide = decide_opts_default();
	cfg.on_change = on_change;
	cfg.resolve = resolve;
	cfg.arg = f;
	cfg.seed = 42;
	f->at = attrset_table_new(7);
	f->rib = rib_new(f->at, &cfg);
	assert_non_null(f->rib);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	struct fx *f = *state;
	rib_free(f->rib);
	struct attrset_stats st;
	attrset_table_stats(f->at, &st);
	/* every reference the RIB took is back */
	assert_int_equal(st.refs, 0);
	attrset_table_free(f->at);
	free(f);
	return 0;
}

static void
clear_log(struct fx *f)
{
	f->nlog = 0;
}

/* An interned iBGP set: LOCAL_PREF lp, MED med (if >= 0), ORIGINATOR_ID orig (if != 0). */
static const struct attrset *
set(struct fx *f, uint32_t lp, long med, uint32_t orig)
{
	static const uint8_t path[] = { BGP_AS_SEQUENCE, 1, 0, 0, 0xfd, 0xe9 };	/* 65001 */
	struct wire_attrs a;
	memset(&a, 0, sizeof(a));
	a.present = ATTR_BIT(BGP_ATTR_ORIGIN) | ATTR_BIT(BGP_ATTR_AS_PATH) |
	    ATTR_BIT(BGP_ATTR_NEXT_HOP) | ATTR_BIT(BGP_ATTR_LOCAL_PREF);
	a.origin = BGP_ORIGIN_IGP;
	a.as_path.p = path;
	a.as_path.len = sizeof(path);
	a.local_pref = lp;
	if (med >= 0) {
		a.present |= ATTR_BIT(BGP_ATTR_MED);
		a.med = (uint32_t)med;
	}
	if (orig != 0) {
		a.present |= ATTR_BIT(BGP_ATTR_ORIGINATOR_ID);
		a.originator_id = orig;
	}
	const struct attrset *s = attrset_intern(f->at, &a);
	assert_non_null(s);
	return s;
}

static void
peer(struct fx *f, uint32_t id, bool ebgp, uint8_t last)
{
	struct rib_peer_info pi;
	memset(&pi, 0, sizeof(pi));
	pi.ebgp = ebgp;
	pi.router_id = IP4(10, 0, 0, last);
	pi.addr = v4(10, 0, 0, last);
	assert_int_equal(rib_peer_set(f->rib, id, &pi), 0);
}

static int
upd(struct fx *f, const char *pfx, uint32_t peer_id, uint32_t path_id,
    const struct attrset *s, uint8_t nh_last)
{
	struct prefix p = P(pfx);
	struct rib_addr nh = v4(10, 0, 0, nh_last);
	return rib_update(f->rib, &p, peer_id, path_id, s, &nh);
}

static int
wd(struct fx *f, const char *pfx, uint32_t peer_id, uint32_t path_id)
{
	struct prefix p = P(pfx);
	return rib_withdraw(f->rib, &p, peer_id, path_id);
}

static const struct rib_entry *
look(struct fx *f, const char *pfx)
{
	struct prefix p = P(pfx);
	return rib_lookup(f->rib, &p);
}

#define ALL (RIB_CHG_PATHS | RIB_CHG_BEST | RIB_CHG_MULTIPATH)

/* ---- tests ---- */

static void
test_update_withdraw(void **state)
{
	(void)state;
	struct fx *f = *state;
	const struct attrset *s100 = set(f, 100, -1, 0), *s200 = set(f, 200, -1, 0),
	    *s50 = set(f, 50, -1, 0);

	peer(f, 1001, false, 1);
	peer(f, 1002, false, 2);

	/* a new prefix */
	assert_int_equal(upd(f, "10.1.1.0/24", 1001, 0, s100, 101), ALL);
	assert_int_equal(f->nlog, 1);
	assert_int_equal(f->log[0].chg, ALL);
	assert_int_equal(f->log[0].npaths, 1);
	assert_true(f->log[0].has_best);
	assert_true(pfx_is(&f->log[0].pfx, "10.1.1.0/24"));
	const struct rib_entry *e = look(f, "10.1.1.0/24");
	assert_non_null(e);
	assert_int_equal(rib_entry_npaths(e), 1);
	const struct rib_path *b = rib_entry_best(e);
	assert_non_null(b);
	assert_ptr_equal(b->attrs, s100);
	assert_int_equal(b->flags, RIB_PATH_ELIGIBLE | RIB_PATH_BEST | RIB_PATH_MULTIPATH);
	assert_int_equal(rib_path_peer(f->rib, b), 1001);
	assert_int_equal(rib_path_nexthop(f->rib, b)->a[3], 101);
	assert_int_equal(b->tx_id, 1);

	/* the same again: nothing, no callback */
	clear_log(f);
	assert_int_equal(upd(f, "10.1.1.0/24", 1001, 0, s100, 101), 0);
	assert_int_equal(f->nlog, 0);

	/* a worse path from another peer: only the paths changed */
	assert_int_equal(upd(f, "10.1.1.0/24", 1002, 0, s50, 102), RIB_CHG_PATHS);
	e = look(f, "10.1.1.0/24");
	assert_int_equal(rib_entry_npaths(e), 2);
	assert_ptr_equal(rib_entry_best(e)->attrs, s100);
	assert_int_equal(rib_entry_paths(e)[1].flags, RIB_PATH_ELIGIBLE);
	assert_int_equal(rib_entry_paths(e)[1].tx_id, 2);

	/* it gets better: a new best, new multipath set */
	assert_int_equal(upd(f, "10.1.1.0/24", 1002, 0, s200, 102), ALL);
	e = look(f, "10.1.1.0/24");
	assert_int_equal(rib_path_peer(f->rib, rib_entry_best(e)), 1002);
	assert_int_equal(rib_entry_paths(e)[1].flags, RIB_PATH_ELIGIBLE);
	/* local ids stay with their paths whatever the rank */
	assert_int_equal(rib_entry_paths(e)[0].tx_id, 2);
	assert_int_equal(rib_entry_paths(e)[1].tx_id, 1);

	/* the best's next hop changes: best and multipath changed */
	assert_int_equal(upd(f, "10.1.1.0/24", 1002, 0, s200, 103), ALL);
	/* the other path's attributes change: paths only */
	assert_int_equal(upd(f, "10.1.1.0/24", 1001, 0, s50, 101), RIB_CHG_PATHS);

	/* withdraw the non-best: paths only */
	clear_log(f);
	assert_int_equal(wd(f, "10.1.1.0/24", 1001, 0), RIB_CHG_PATHS);
	assert_int_equal(f->nlog, 1);
	assert_int_equal(f->log[0].npaths, 1);
	/* withdraw what is not there */
	assert_int_equal(wd(f, "10.1.1.0/24", 1001, 0), 0);
	assert_int_equal(wd(f, "10.1.1.0/24", 1002, 7), 0);
	assert_int_equal(wd(f, "10.9.9.0/24", 1002, 0), 0);
	assert_int_equal(wd(f, "10.1.1.0/24", 4242, 0), 0);
	assert_int_equal(f->nlog, 1);
	/* the last one: the callback sees the empty entry, then it is gone */
	assert_int_equal(wd(f, "10.1.1.0/24", 1002, 0), ALL);
	assert_int_equal(f->nlog, 2);
	assert_int_equal(f->log[1].npaths, 0);
	assert_false(f->log[1].has_best);
	assert_null(look(f, "10.1.1.0/24"));

	struct rib_stats st;
	rib_get_stats(f->rib, &st);
	assert_int_equal(st.paths, 0);
	assert_int_equal(st.prefixes[AFS_IPV4_UNICAST], 0);
	assert_int_equal(st.nexthops, 0);
	assert_int_equal(st.peers, 2);
	attrset_unref(f->at, s100);
	attrset_unref(f->at, s200);
	attrset_unref(f->at, s50);
}

static void
test_errors(void **state)
{
	(void)state;
	struct fx *f = *state;
	const struct attrset *s = set(f, 100, -1, 0);
	struct prefix p = P("10.1.1.0/24");
	struct rib_addr nh = v4(10, 0, 0, 1);

	assert_int_equal(rib_update(f->rib, &p, 77, 0, s, &nh), -ENOENT);
	peer(f, 77, false, 1);
	assert_int_equal(rib_update(f->rib, &p, 77, 0, NULL, &nh), -EINVAL);
	p.len = 33;
	assert_int_equal(rib_update(f->rib, &p, 77, 0, s, &nh), -EINVAL);
	assert_int_equal(rib_withdraw(f->rib, &p, 77, 0), -EINVAL);
	p.len = 24;
	/* host bits are not part of the prefix */
	p.addr[3] = 7;
	assert_int_equal(rib_update(f->rib, &p, 77, 0, s, &nh), RIB_CHG_PATHS | RIB_CHG_BEST | RIB_CHG_MULTIPATH);
	assert_non_null(look(f, "10.1.1.0/24"));
	assert_int_equal(wd(f, "10.1.1.0/24", 77, 0), RIB_CHG_PATHS | RIB_CHG_BEST | RIB_CHG_MULTIPATH);
	p.afs = 9;
	assert_int_equal(rib_update(f->rib, &p, 77, 0, s, &nh), -EINVAL);
	assert_int_equal(rib_withdraw(f->rib, &p, 77, 0), -EINVAL);
	assert_null(rib_lookup(f->rib, &p));
	assert_null(rib_peer_get(f->rib, 78));
	assert_non_null(rib_peer_get(f->rib, 77));
	assert_int_equal(rib_peer_paths(f->rib, 78), 0);
	assert_int_equal(rib_peer_down(f->rib, 78), 0);
	rib_peer_remove(f->rib, 78);
	attrset_unref(f->at, s);
}

/* Same peer, different path ids: different paths; local ids stable and reused. */
static void
test_path_ids(void **state)
{
	(void)state;
	struct fx *f = *state;
	const struct attrset *s = set(f, 100, -1, 0);

	peer(f, 1, false, 109);
	assert_int_equal(upd(f, "10.1.1.0/24", 1, 11, s, 105), ALL);
	assert_int_equal(upd(f, "10.1.1.0/24", 1, 12, s, 106), RIB_CHG_PATHS);
	assert_int_equal(upd(f, "10.1.1.0/24", 1, 13, s, 107), RIB_CHG_PATHS);
	const struct rib_entry *e = look(f, "10.1.1.0/24");
	assert_int_equal(rib_entry_npaths(e), 3);
	assert_int_equal(rib_peer_paths(f->rib, 1), 3);
	/* ranked by path id at the end (same peer, same attributes) */
	for (unsigned i = 0; i < 3; i++) {
		assert_int_equal(rib_entry_paths(e)[i].path_id, 11 + i);
		assert_int_equal(rib_entry_paths(e)[i].tx_id, 1 + i);
	}
	/* replace one by path id */
	assert_int_equal(upd(f, "10.1.1.0/24", 1, 12, s, 108), RIB_CHG_PATHS);
	assert_int_equal(rib_entry_npaths(e), 3);
	/* withdraw path id 11 (the best): 12 becomes best, keeps local id 2 */
	assert_int_equal(wd(f, "10.1.1.0/24", 1, 11), ALL);
	assert_int_equal(rib_entry_npaths(e), 2);
	assert_int_equal(rib_entry_best(e)->path_id, 12);
	assert_int_equal(rib_entry_best(e)->tx_id, 2);
	/* a new path takes the free local id 1 */
	assert_int_equal(upd(f, "10.1.1.0/24", 1, 20, s, 110), RIB_CHG_PATHS);
	e = look(f, "10.1.1.0/24");
	assert_int_equal(rib_entry_paths(e)[2].path_id, 20);
	assert_int_equal(rib_entry_paths(e)[2].tx_id, 1);
	/* down to one path: back inline, still right */
	assert_int_equal(wd(f, "10.1.1.0/24", 1, 13), RIB_CHG_PATHS);
	assert_int_equal(wd(f, "10.1.1.0/24", 1, 12), ALL);
	e = look(f, "10.1.1.0/24");
	assert_int_equal(rib_entry_npaths(e), 1);
	assert_int_equal(rib_entry_best(e)->path_id, 20);
	assert_int_equal(rib_entry_best(e)->tx_id, 1);
	struct rib_stats st;
	rib_get_stats(f->rib, &st);
	assert_int_equal(st.multi_prefixes, 0);
	assert_int_equal(st.bytes_paths, 0);
	attrset_unref(f->at, s);
}

/* The seed papers' router: 4 paths via the reflector, identical but for next hop and ORIGINATOR_ID. */
static void
test_seed_papers_multipath(void **state)
{
	(void)state;
	struct fx *f = *state;
	const struct attrset *s[4];
	struct decide_opts o = decide_opts_default();

	o.mp_ibgp = 4;
	rib_set_decide_opts(f->rib, &o);
	peer(f, 1, false, 109);
	for (unsigned i = 0; i < 4; i++)
		s[i] = set(f, 100, -1, IP4(10, 0, 0, 105 + i));
	/* arrival order: .107, .105, .108, .106 */
	static const unsigned arrival[4] = { 2, 0, 3, 1 };
	for (unsigned k = 0; k < 4; k++) {
		unsigned i = arrival[k];
		int chg = upd(f, "10.1.1.0/24", 1, 100 + i, s[i], (uint8_t)(105 + i));
		assert_true(chg & RIB_CHG_MULTIPATH);
	}
	const struct rib_entry *e = look(f, "10.1.1.0/24");
	assert_int_equal(rib_entry_npaths(e), 4);
	for (unsigned i = 0; i < 4; i++) {
		const struct rib_path *p = &rib_entry_paths(e)[i];
		assert_true(p->flags & RIB_PATH_MULTIPATH);
		assert_int_equal(rib_path_nexthop(f->rib, p)->a[3], 105 + i);
		assert_int_equal(p->attrs->k.originator_id, IP4(10, 0, 0, 105 + i));
	}
	assert_int_equal(rib_entry_best(e)->path_id, 100);

	/* ibgp: 1: only the best stays in the set */
	clear_log(f);
	o.mp_ibgp = 1;
	rib_set_decide_opts(f->rib, &o);
	assert_int_equal(f->nlog, 1);
	assert_int_equal(f->log[0].chg, RIB_CHG_MULTIPATH);
	unsigned members = 0;
	for (unsigned i = 0; i < 4; i++)
		members += (rib_entry_paths(e)[i].flags & RIB_PATH_MULTIPATH) != 0;
	assert_int_equal(members, 1);
	assert_true(rib_entry_paths(e)[0].flags & RIB_PATH_BEST);

	/* back to 4, then an LB goes: its path is withdrawn, the set shrinks */
	o.mp_ibgp = 4;
	rib_set_decide_opts(f->rib, &o);
	clear_log(f);
	assert_int_equal(wd(f, "10.1.1.0/24", 1, 102), RIB_CHG_PATHS | RIB_CHG_MULTIPATH);
	/* the best one goes: everything changes */
	assert_int_equal(wd(f, "10.1.1.0/24", 1, 100), ALL);
	e = look(f, "10.1.1.0/24");
	assert_int_equal(rib_entry_best(e)->attrs->k.originator_id, IP4(10, 0, 0, 106));
	for (unsigned i = 0; i < 4; i++)
		attrset_unref(f->at, s[i]);
}

/* Next hops: unreachable ones are not eligible; changes re-decide. */
static void
test_nexthop_reachability(void **state)
{
	(void)state;
	struct fx *f = *state;
	const struct attrset *s = set(f, 100, -1, 0);
	struct decide_opts o = decide_opts_default();

	o.mp_ibgp = 8;
	rib_set_decide_opts(f->rib, &o);
	peer(f, 1, false, 1);
	peer(f, 2, false, 2);
	peer(f, 3, false, 3);
	f->unreachable_last_octet = 106;	/* the resolver's answer for 10.0.0.106 */
	upd(f, "10.1.1.0/24", 1, 0, s, 105);
	upd(f, "10.1.1.0/24", 2, 0, s, 106);
	upd(f, "10.1.1.0/24", 3, 0, s, 107);
	upd(f, "10.1.2.0/24", 2, 0, s, 106);	/* its only path is unreachable */
	upd(f, "10.1.3.0/24", 1, 0, s, 105);

	const struct rib_entry *e = look(f, "10.1.1.0/24");
	assert_int_equal(rib_entry_npaths(e), 3);
	assert_int_equal(rib_entry_paths(e)[2].flags, 0);	/* ranked last, not eligible */
	assert_int_equal(rib_path_nexthop(f->rib, &rib_entry_paths(e)[2])->a[3], 106);
	bool r;
	uint32_t cost;
	rib_path_nexthop_state(f->rib, &rib_entry_paths(e)[2], &r, &cost);
	assert_false(r);
	assert_int_equal(cost, DECIDE_IGP_UNKNOWN);
	assert_null(rib_entry_best(look(f, "10.1.2.0/24")));

	/* 10.0.0.106 comes up */
	clear_log(f);
	struct rib_addr nh106 = v4(10, 0, 0, 106);
	assert_int_equal(rib_nexthop_set(f->rib, &nh106, true, DECIDE_IGP_UNKNOWN), 2);
	assert_int_equal(f->nlog, 2);
	e = look(f, "10.1.1.0/24");
	for (unsigned i = 0; i < 3; i++)
		assert_true(rib_entry_paths(e)[i].flags & RIB_PATH_MULTIPATH);
	assert_non_null(rib_entry_best(look(f, "10.1.2.0/24")));
	/* no change: nothing */
	assert_int_equal(rib_nexthop_set(f->rib, &nh106, true, DECIDE_IGP_UNKNOWN), 0);
	/* an unknown next hop: nothing */
	struct rib_addr other = v4(192, 0, 2, 1);
	assert_int_equal(rib_nexthop_set(f->rib, &other, false, 0), 0);

	/* IGP costs: 10.0.0.105 gets cost 10, the others 20: 105 alone */
	struct rib_addr nh105 = v4(10, 0, 0, 105), nh107 = v4(10, 0, 0, 107);
	clear_log(f);
	rib_nexthop_set(f->rib, &nh106, true, 20);
	rib_nexthop_set(f->rib, &nh107, true, 20);
	rib_nexthop_set(f->rib, &nh105, true, 10);
	e = look(f, "10.1.1.0/24");
	assert_int_equal(rib_path_nexthop(f->rib, rib_entry_best(e))->a[3], 105);
	assert_false(rib_entry_paths(e)[1].flags & RIB_PATH_MULTIPATH);
	/* 105 goes down: 106 and 107 share the set */
	clear_log(f);
	assert_int_equal(rib_nexthop_set(f->rib, &nh105, false, 10), 2);
	e = look(f, "10.1.1.0/24");
	assert_true(rib_entry_paths(e)[0].flags & RIB_PATH_MULTIPATH);
	assert_true(rib_entry_paths(e)[1].flags & RIB_PATH_MULTIPATH);
	assert_int_equal(rib_entry_paths(e)[2].flags, 0);
	assert_null(rib_entry_best(look(f, "10.1.3.0/24")));
	/* the change reports carry the eligibility change as a path change */
	for (size_t i = 0; i < f->nlog; i++)
		assert_true(f->log[i].chg & RIB_CHG_PATHS);

	struct decide_path dp;
	rib_path_decide(f->rib, &rib_entry_paths(e)[0], &dp);
	assert_int_equal(dp.igp_cost, 20);
	assert_true(dp.flags & DP_ELIGIBLE);
	assert_true(dp.flags & DP_HAS_LOCAL_PREF);
	assert_int_equal(dp.as_path_len, 1);
	assert_int_equal(dp.neighbor_as, 65001);
	attrset_unref(f->at, s);
}

/* Peer down: every path of the peer goes, with one report per changed prefix. */
static void
test_peer_down(void **state)
{
	(void)state;
	struct fx *f = *state;
	const struct attrset *good = set(f, 200, -1, 0), *bad = set(f, 50, -1, 0);
	char buf[32];

	peer(f, 1, false, 1);
	peer(f, 2, false, 2);
	peer(f, 3, true, 3);
	/* 100 prefixes: peer 1 best on all, peer 2 backup on the even ones, peer 3 alone on 10 */
	for (int i = 0; i < 100; i++) {
		snprintf(buf, sizeof(buf), "10.2.%d.0/24", i);
		assert_true(upd(f, buf, 1, 0, good, 1) > 0);
		if (i % 2 == 0)
			assert_true(upd(f, buf, 2, 0, bad, 2) > 0);
	}
	for (int i = 0; i < 10; i++) {
		snprintf(buf, sizeof(buf), "2001:db8:%d::/48", i);
		struct prefix p = P(buf);
		struct rib_addr nh;
		memset(&nh, 0, sizeof(nh));
		nh.afs = AFS_IPV6_UNICAST;
		nh.a[0] = 0x20;
		nh.a[15] = 3;
		assert_int_equal(rib_update(f->rib, &p, 3, 0, good, &nh), ALL);
	}
	assert_int_equal(rib_peer_paths(f->rib, 1), 100);
	assert_int_equal(rib_peer_paths(f->rib, 2), 50);

	/* peer 2 down: no best changes, 50 path changes */
	size_t before = f->total;
	assert_int_equal(rib_peer_down(f->rib, 2), 50);
	assert_int_equal(f->total - before, 50);
	assert_int_equal(rib_peer_paths(f->rib, 2), 0);
	assert_int_equal(rib_entry_npaths(look(f, "10.2.0.0/24")), 1);

	/* back, then peer 1 down: peer 2 takes over the even ones, the odd ones go */
	for (int i = 0; i < 100; i += 2) {
		snprintf(buf, sizeof(buf), "10.2.%d.0/24", i);
		upd(f, buf, 2, 0, bad, 2);
	}
	clear_log(f);
	before = f->total;
	assert_int_equal(rib_peer_down(f->rib, 1), 100);
	assert_int_equal(f->total - before, 100);
	for (size_t i = 0; i < f->nlog; i++)
		assert_int_equal(f->log[i].chg, ALL);
	assert_int_equal(rib_entry_npaths(look(f, "10.2.0.0/24")), 1);
	assert_int_equal(rib_path_peer(f->rib, rib_entry_best(look(f, "10.2.0.0/24"))), 2);
	assert_null(look(f, "10.2.1.0/24"));
	struct rib_stats st;
	rib_get_stats(f->rib, &st);
	assert_int_equal(st.prefixes[AFS_IPV4_UNICAST], 50);
	assert_int_equal(st.prefixes[AFS_IPV6_UNICAST], 10);
	assert_int_equal(st.paths, 60);
	/* twice: nothing */
	assert_int_equal(rib_peer_down(f->rib, 1), 0);

	/* the IPv6 one, removed with its peer */
	rib_peer_remove(f->rib, 3);
	assert_null(rib_peer_get(f->rib, 3));
	assert_null(look(f, "2001:db8:1::/48"));
	rib_get_stats(f->rib, &st);
	assert_int_equal(st.prefixes[AFS_IPV6_UNICAST], 0);
	assert_int_equal(st.peers, 2);
	/* the slot is reused, the other peers still found */
	peer(f, 4, false, 4);
	assert_non_null(rib_peer_get(f->rib, 2));
	assert_int_equal(rib_peer_paths(f->rib, 2), 50);
	attrset_unref(f->at, good);
	attrset_unref(f->at, bad);
}

/* A peer's facts change: its prefixes are decided again. */
static void
test_peer_change(void **state)
{
	(void)state;
	struct fx *f = *state;
	const struct attrset *s = set(f, 100, -1, 0);

	peer(f, 1, false, 1);
	peer(f, 2, false, 2);
	upd(f, "10.1.1.0/24", 1, 0, s, 1);
	upd(f, "10.1.1.0/24", 2, 0, s, 2);
	assert_int_equal(rib_path_peer(f->rib, rib_entry_best(look(f, "10.1.1.0/24"))), 1);
	/* peer 2 becomes eBGP: it wins */
	clear_log(f);
	peer(f, 2, true, 2);
	assert_int_equal(f->nlog, 1);
	assert_int_equal(f->log[0].chg, RIB_CHG_BEST | RIB_CHG_MULTIPATH);
	assert_int_equal(rib_path_peer(f->rib, rib_entry_best(look(f, "10.1.1.0/24"))), 2);
	/* the same facts again: nothing */
	clear_log(f);
	peer(f, 2, true, 2);
	assert_int_equal(f->nlog, 0);
	assert_true(rib_peer_get(f->rib, 2)->ebgp);
	attrset_unref(f->at, s);
}

/* MED across peers of two neighbor ASes through the RIB: deterministic whatever the arrival order. */
static void
test_deterministic_med(void **state)
{
	(void)state;
	struct fx *f = *state;
	/* the MED cycle of test_decide, with IGP costs by next hop */
	static const uint8_t p100[] = { BGP_AS_SEQUENCE, 1, 0, 0, 0, 100 };
	static const uint8_t p200[] = { BGP_AS_SEQUENCE, 1, 0, 0, 0, 200 };
	struct wire_attrs a;
	const struct attrset *r[3];
	static const unsigned orders[2][3] = { { 0, 1, 2 }, { 2, 0, 1 } };

	memset(&a, 0, sizeof(a));
	a.present = ATTR_BIT(BGP_ATTR_ORIGIN) | ATTR_BIT(BGP_ATTR_AS_PATH) | ATTR_BIT(BGP_ATTR_MED);
	a.as_path.p = p100;
	a.as_path.len = 6;
	a.med = 10;
	r[0] = attrset_intern(f->at, &a);
	a.as_path.p = p200;
	a.present &= ~ATTR_BIT(BGP_ATTR_MED);
	a.med = 0;
	r[1] = attrset_intern(f->at, &a);
	a.as_path.p = p100;
	a.present |= ATTR_BIT(BGP_ATTR_MED);
	a.med = 5;
	r[2] = attrset_intern(f->at, &a);
	for (unsigned i = 0; i < 3; i++)
		peer(f, i + 1, false, (uint8_t)(i + 1));

	for (unsigned k = 0; k < 2; k++) {
		char pfx[32];
		snprintf(pfx, sizeof(pfx), "10.3.%u.0/24", k);
		for (unsigned j = 0; j < 3; j++) {
			unsigned i = orders[k][j];
			upd(f, pfx, i + 1, 0, r[i], (uint8_t)(201 + i));
		}
	}
	for (unsigned i = 0; i < 3; i++) {
		struct rib_addr nh = v4(10, 0, 0, (uint8_t)(201 + i));
		rib_nexthop_set(f->rib, &nh, true, i + 1);
	}
	for (unsigned k = 0; k < 2; k++) {
		char pfx[32];
		snprintf(pfx, sizeof(pfx), "10.3.%u.0/24", k);
		const struct rib_entry *e = look(f, pfx);
		assert_int_equal(rib_path_peer(f->rib, &rib_entry_paths(e)[0]), 2);
		assert_int_equal(rib_path_peer(f->rib, &rib_entry_paths(e)[1]), 3);
		assert_int_equal(rib_path_peer(f->rib, &rib_entry_paths(e)[2]), 1);
	}
	for (unsigned i = 0; i < 3; i++)
		attrset_unref(f->at, r[i]);
}

/* Walks over the RIB and longest match. */
static void
test_walks(void **state)
{
	(void)state;
	struct fx *f = *state;
	const struct attrset *s = set(f, 100, -1, 0);
	static const char *const pfx[] = {
		"10.0.0.0/8", "10.1.0.0/16", "10.1.1.0/24", "10.1.2.0/24", "192.168.0.0/16",
	};
	struct rib_iter it;
	struct prefix p, got;
	const struct rib_entry *e;
	size_t n;

	peer(f, 1, false, 1);
	for (int i = 4; i >= 0; i--)
		upd(f, pfx[i], 1, 0, s, 1);
	rib_iter_init(&it, f->rib, AFS_IPV4_UNICAST);
	for (n = 0; (e = rib_iter_next(&it, &got)) != NULL; n++) {
		assert_true(pfx_is(&got, pfx[n]));
		assert_int_equal(rib_entry_npaths(e), 1);
	}
	assert_int_equal(n, 5);
	p = P("10.1.0.0/16");
	rib_iter_sub(&it, f->rib, &p);
	for (n = 0; rib_iter_next(&it, NULL) != NULL; n++)
		;
	assert_int_equal(n, 3);
	p = P("10.1.1.0/24");
	rib_iter_after(&it, f->rib, &p);
	assert_non_null(rib_iter_next(&it, &got));
	assert_true(pfx_is(&got, "10.1.2.0/24"));
	rib_iter_init(&it, f->rib, AFS_IPV6_UNICAST);
	assert_null(rib_iter_next(&it, NULL));

	p = P("10.1.1.77/32");
	e = rib_match(f->rib, &p, &got);
	assert_non_null(e);
	assert_true(pfx_is(&got, "10.1.1.0/24"));
	p = P("10.7.0.0/16");
	rib_match(f->rib, &p, &got);
	assert_true(pfx_is(&got, "10.0.0.0/8"));
	p = P("11.0.0.0/8");
	assert_null(rib_match(f->rib, &p, &got));

	struct rib_stats st;
	rib_get_stats(f->rib, &st);
	assert_int_equal(st.prefixes[AFS_IPV4_UNICAST], 5);
	assert_int_equal(st.entry_size[AFS_IPV4_UNICAST], 40);
	assert_int_equal(st.entry_size[AFS_IPV6_UNICAST], 56);
	assert_int_equal(st.glue_size[AFS_IPV4_UNICAST], 16);
	assert_true(st.bytes_other > 0);
	assert_int_equal(rib_decide_opts(f->rib)->default_local_pref, 100);
	attrset_unref(f->at, s);
}

/* Many paths on one prefix (dynamic neighbors: hundreds of announcers of one service). */
static void
test_many_paths(void **state)
{
	(void)state;
	struct fx *f = *state;
	enum { N = 300 };
	const struct attrset *s = set(f, 100, -1, 0);
	struct decide_opts o = decide_opts_default();

	o.mp_ibgp = 64;
	rib_set_decide_opts(f->rib, &o);
	for (uint32_t i = 0; i < N; i++) {
		peer(f, 1000 + i, false, 1);
		struct rib_peer_info pi = *rib_peer_get(f->rib, 1000 + i);
		pi.router_id = IP4(172, 16, i >> 8, i & 0xff);
		pi.addr = v4(172, 16, (uint8_t)(i >> 8), (uint8_t)i);
		assert_int_equal(rib_peer_set(f->rib, 1000 + i, &pi), 0);
	}
	for (uint32_t i = 0; i < N; i++) {
		uint32_t id = 1000 + (i * 7) % N;
		struct prefix p = P("10.1.1.0/24");
		struct rib_addr nh = v4(172, 16, (uint8_t)((id - 1000) >> 8), (uint8_t)(id - 1000));
		assert_true(rib_update(f->rib, &p, id, 0, s, &nh) > 0);
	}
	const struct rib_entry *e = look(f, "10.1.1.0/24");
	assert_int_equal(rib_entry_npaths(e), N);
	unsigned mp = 0;
	for (unsigned i = 0; i < N; i++) {
		const struct rib_path *p = &rib_entry_paths(e)[i];
		mp += (p->flags & RIB_PATH_MULTIPATH) != 0;
		/* ranked by router id: 172.16.0.0, .1, ... */
		assert_int_equal(rib_path_peer(f->rib, p), 1000 + i);
	}
	assert_int_equal(mp, 64);
	/* local ids are 1..N, each once */
	static bool seen[N + 1];
	memset(seen, 0, sizeof(seen));
	for (unsigned i = 0; i < N; i++) {
		uint16_t t = rib_entry_paths(e)[i].tx_id;
		assert_true(t >= 1 && t <= N);
		assert_false(seen[t]);
		seen[t] = true;
	}
	for (uint32_t i = 0; i < N; i += 2)
		rib_peer_remove(f->rib, 1000 + i);
	assert_int_equal(rib_entry_npaths(look(f, "10.1.1.0/24")), N / 2);
	attrset_unref(f->at, s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_update_withdraw, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_path_ids, setup, teardown),
		cmocka_unit_test_setup_teardown(test_seed_papers_multipath, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nexthop_reachability, setup, teardown),
		cmocka_unit_test_setup_teardown(test_peer_down, setup, teardown),
		cmocka_unit_test_setup_teardown(test_peer_change, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deterministic_med, setup, teardown),
		cmocka_unit_test_setup_teardown(test_walks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many_paths, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
