/*
 * test_fib_nhgroup.c -- next-hop interning and the plan of a flush, without
 * a kernel: which groups are created, replaced in place or deleted with
 * their routes, and which routes are written. A tiny executor plays the
 * kernel by acknowledging every message the way fib.c applies an ACK.
 */
#include "config.h"

#include "testlib.h"

#include "fib_int.h"

static struct nhtab T;
static struct rtab RT;
static struct pvec dirty;
static struct fib_plan plan;

static struct fib_nexthop
X(int last)
{
	struct fib_nexthop x = { .afs = AFS_IPV4_UNICAST, .addr = { 10, 0, 0, (uint8_t)last } };
	return x;
}

/* A usable next hop (resolved, in the kernel with an id). */
static struct fib_nh *
NH(int last)
{
	struct fib_nexthop x = X(last);
	struct fib_nh *nh = nh_intern(&T, &x);
	if (nh->id == 0 && T.objects) {
		nh->id = nhtab_alloc_id(&T);
		idmap_put(&T.ids, nh->id, ID_NH, nh);
		nh->flags |= NH_IN_KERNEL;
	}
	nh->oif = 2;
	nh->k_oif = 2;
	nh->reason = NH_OK;
	nh->flags &= (uint16_t)~NH_NEW;
	return nh;
}

static struct fib_nhset *
SET(int n, ...)
{
	struct fib_nh *v[16];
	va_list ap;
	va_start(ap, n);
	for (int i = 0; i < n; i++)
		v[i] = NH(va_arg(ap, int));
	va_end(ap);
	return nhset_get(&T, v, (size_t)n);
}

static struct prefix
P(int i)
{
	struct prefix p = { .afs = AFS_IPV4_UNICAST, .len = 24,
		.addr = { 20, (uint8_t)(i >> 8), (uint8_t)i, 0 } };
	return p;
}

/* The RIB asks: route i now wants set s (referenced for it here). */
static void
want(int i, struct fib_nhset *s)
{
	struct prefix p = P(i);
	struct fib_route *r = rtab_get(&RT, &p);
	if (r == NULL)
		r = rtab_add(&RT, &p);
	if (s != NULL)
		nhset_ref(s);
	route_set_want(&T, r, s);
	if (!(r->flags & R_DIRTY)) {
		r->flags |= R_DIRTY;
		pvec_push(&dirty, r);
	}
}

static struct fib_route *
route(int i)
{
	struct prefix p = P(i);
	return rtab_get(&RT, &p);
}

/* Play the kernel: every write succeeds; then collect the garbage as fib.c does. */
static void
execute(void)
{
	for (size_t i = 0; i < plan.grp_write.n; i++) {
		struct fib_nhg *g = plan.grp_write.v[i];
		g->flags |= NHG_IN_KERNEL;
		g->flags &= (uint16_t)~(NHG_WRITE | NHG_FRESH);
		if (g->old_members != NULL) {
			nhset_unref(&T, g->old_members);
			g->old_members = NULL;
		}
	}
	for (size_t i = 0; i < plan.grp_kill.n; i++) {
		struct fib_nhg *g = plan.grp_kill.v[i];
		g->flags &= (uint16_t)~(NHG_IN_KERNEL | NHG_KILL);
	}
	for (size_t i = 0; i < plan.killed.n; i++) {
		struct fib_route *r = plan.killed.v[i];
		route_set_grp(&T, r, NULL);
		r->flags &= (uint8_t)~(R_KILL | R_QUEUED);
		if (r->want == NULL)
			rtab_del(&RT, r);
	}
	for (size_t i = 0; i < plan.routes.n; i++) {
		struct fib_route *r = plan.routes.v[i];
		if (r->flags & R_DEL) {
			route_set_grp(&T, r, NULL);
		} else {
			route_set_grp(&T, r, r->tgt);
			route_set_tgt(&T, r, NULL);
		}
		r->flags &= (uint8_t)~(R_QUEUED | R_DEL);
		if (r->want == NULL && r->grp == NULL)
			rtab_del(&RT, r);
	}
	struct pvec gc = T.gc;
	T.gc = (struct pvec){ 0 };
	for (size_t i = 0; i < gc.n; i++) {
		struct fib_nhg *g = gc.v[i];
		g->flags &= (uint16_t)~NHG_GCQ;
		if (g->nroutes == 0 && g->nplanned == 0)
			nhg_free(&T, g);
	}
	pvec_free(&gc);
}

static void
run_plan(void)
{
	fib_plan_reset(&plan);
	assert_true(nhg_plan(&T, &RT, &dirty, &plan, 1000));
	dirty.n = 0;
}

static int
setup(void **state)
{
	assert_true(nhtab_init(&T, true, 186000000, 999999));
	assert_true(rtab_init(&RT));
	return 0;
}

static int
setup_virtual(void **state)
{
	assert_true(nhtab_init(&T, false, 0, 0));
	assert_true(rtab_init(&RT));
	return 0;
}

static int
teardown(void **state)
{
	rtab_free(&RT);
	nhtab_free(&T);
	pvec_free(&dirty);
	fib_plan_free(&plan);
	return 0;
}

static void
test_intern(void **state)
{
	struct fib_nexthop a = X(1), b = X(1);
	b.addr[8] = 0xff;	/* past the 4 octets of an IPv4 address: ignored */
	assert_ptr_equal(nh_intern(&T, &a), nh_intern(&T, &b));
	b.ifindex = 3;	/* an interface given makes another next hop */
	assert_ptr_not_equal(nh_intern(&T, &a), nh_intern(&T, &b));
	struct fib_nhset *s1 = SET(3, 3, 1, 2), *s2 = SET(4, 2, 3, 1, 3);
	assert_ptr_equal(s1, s2);	/* order and duplicates do not matter */
	assert_int_equal(s1->n, 3);
	assert_int_equal(s1->refcnt, 2);
	assert_true(nh_cmp(s1->nh[0], s1->nh[1]) < 0 && nh_cmp(s1->nh[1], s1->nh[2]) < 0);
	struct fib_nh *one = s1->nh[0];
	assert_int_equal(one->refcnt, 1);	/* one set holds it */
	nhset_unref(&T, s2);
	nhset_unref(&T, s1);
	assert_int_equal(T.n_sets, 0);
	/* unused next hops still in the kernel wait for the gc to delete their object */
	assert_int_equal(T.gc_nh.n, 3);
}

static void
test_usable_subset(void **state)
{
	struct fib_nhset *s = SET(3, 1, 2, 3);
	assert_ptr_equal(nhset_eff(&T, s), s);
	s->nh[1]->oif = 0;
	s->nh[1]->flags |= NH_TOUCHED;
	assert_int_equal(nhtab_touch(&T), 1);
	assert_true(s->flags & SET_TOUCHED);
	nhtab_untouch(&T);
	struct fib_nhset *e = nhset_eff(&T, s);
	assert_non_null(e);
	assert_int_equal(e->n, 2);
	assert_false(nhset_has(e, s->nh[1]));
	s->nh[0]->oif = s->nh[2]->oif = 0;
	T.gen++;
	assert_null(nhset_eff(&T, s));
	nhset_unref(&T, s);
}

static void
test_ids(void **state)
{
	struct nhtab t;
	assert_true(nhtab_init(&t, true, 100, 3));
	idmap_put(&t.ids, 101, ID_FOREIGN, NULL);	/* someone else has 101 */
	uint32_t a = nhtab_alloc_id(&t);
	idmap_put(&t.ids, a, ID_NH, NULL);
	uint32_t b = nhtab_alloc_id(&t);
	idmap_put(&t.ids, b, ID_NH, NULL);
	assert_int_equal(a, 100);
	assert_int_equal(b, 102);
	assert_int_equal(nhtab_alloc_id(&t), 0);	/* the range is full */
	idmap_del(&t.ids, 100);
	assert_int_equal(nhtab_alloc_id(&t), 100);
	for (uint32_t i = 0; i < 5000; i++)		/* growth and tombstones */
		idmap_put(&t.ids, 1000 + i, ID_GRP, NULL);
	for (uint32_t i = 0; i < 5000; i += 2)
		idmap_del(&t.ids, 1000 + i);
	assert_null(idmap_get(&t.ids, 1000));
	assert_non_null(idmap_get(&t.ids, 1001));
	nhtab_free(&t);
}

static void
test_cost_rule(void **state)
{
	/* every route of the group moves to T: in place */
	assert_true(nhg_replace_in_place(100000, 0, false, false));
	assert_true(nhg_replace_in_place(1, 0, false, true));
	/* half moves: moving the movers is cheaper than moving the stayers */
	assert_false(nhg_replace_in_place(500, 500, false, false));
	/* most move */
	assert_true(nhg_replace_in_place(900, 100, false, false));
	assert_false(nhg_replace_in_place(0, 0, false, false));
}

static void
test_install_then_lb_leaves(void **state)
{
	struct fib_nhset *abcd = SET(4, 105, 106, 107, 108), *abc = SET(3, 105, 106, 107);
	for (int i = 0; i < 1000; i++)
		want(i, abcd);
	run_plan();
	assert_int_equal(plan.grp_write.n, 1);	/* one group for the set */
	assert_int_equal(plan.routes.n, 1000);	/* and each route points at it */
	struct fib_nhg *g = plan.grp_write.v[0];
	assert_true(g->flags & NHG_FRESH);
	assert_ptr_equal(g->members, abcd);
	assert_int_equal(g->nplanned, 1000);
	execute();
	assert_int_equal(g->nroutes, 1000);

	/* the LB .108 leaves: every route of g changes the same way */
	for (int i = 0; i < 1000; i++)
		want(i, abc);
	run_plan();
	assert_int_equal(plan.inplace, 1);
	assert_int_equal(plan.grp_write.n, 1);
	assert_ptr_equal(plan.grp_write.v[0], g);	/* replaced in place: same id */
	assert_int_equal(plan.routes.n, 0);		/* no route message at all */
	assert_ptr_equal(g->members, abc);
	assert_ptr_equal(g->old_members, abcd);		/* kept to revert a failure */
	assert_ptr_equal(abc->grp, g);
	execute();
	assert_null(g->old_members);
	assert_ptr_equal(route(7)->grp, g);

	/* the same set again: nothing to do */
	want(3, abc);
	run_plan();
	assert_int_equal(plan.settled, 1);
	assert_int_equal(plan.routes.n + plan.grp_write.n, 0);
	nhset_unref(&T, abcd);
	nhset_unref(&T, abc);
}

static void
test_half_moves(void **state)
{
	struct fib_nhset *abc = SET(3, 1, 2, 3), *ab = SET(2, 1, 2);
	for (int i = 0; i < 1000; i++)
		want(i, abc);
	run_plan();
	execute();
	struct fib_nhg *g = route(0)->grp;
	for (int i = 0; i < 500; i++)
		want(i, ab);
	run_plan();
	assert_int_equal(plan.inplace, 0);		/* half: the movers move */
	assert_int_equal(plan.routes.n, 500);
	assert_int_equal(plan.grp_write.n, 1);		/* to a new group */
	execute();
	assert_ptr_equal(route(999)->grp, g);
	assert_ptr_not_equal(route(0)->grp, g);
	assert_ptr_equal(route(0)->grp->members, ab);

	/* 90 % of the group (and the 500 of the other) to one set: in place, the rest moves off */
	struct fib_nhset *abcd = SET(4, 1, 2, 3, 4);
	for (int i = 500; i < 950; i++)
		want(i, abcd);
	run_plan();
	assert_int_equal(plan.inplace, 1);
	assert_ptr_equal(g->members, abcd);
	assert_int_equal(plan.routes.n, 50);		/* the 50 that kept abc */
	execute();
	assert_ptr_equal(route(999)->grp->members, abc);
	assert_ptr_not_equal(route(999)->grp, g);
	assert_ptr_equal(route(600)->grp, g);
	nhset_unref(&T, abc);
	nhset_unref(&T, ab);
	nhset_unref(&T, abcd);
}

static void
test_withdraw_all_kills_group(void **state)
{
	struct fib_nhset *ab = SET(2, 1, 2);
	for (int i = 0; i < 300; i++)
		want(i, ab);
	run_plan();
	execute();
	struct fib_nhg *g = route(0)->grp;
	for (int i = 0; i < 300; i++)
		want(i, NULL);
	run_plan();
	assert_int_equal(plan.grp_kill.n, 1);		/* one message deletes the group and its routes */
	assert_ptr_equal(plan.grp_kill.v[0], g);
	assert_int_equal(plan.killed.n, 300);
	assert_int_equal(plan.routes.n, 0);
	execute();
	assert_int_equal(RT.n, 0);
	assert_int_equal(T.n_groups, 0);
	nhset_unref(&T, ab);
}

static void
test_partial_withdraw(void **state)
{
	struct fib_nhset *ab = SET(2, 1, 2);
	for (int i = 0; i < 10; i++)
		want(i, ab);
	run_plan();
	execute();
	want(3, NULL);
	run_plan();
	assert_int_equal(plan.grp_kill.n, 0);
	assert_int_equal(plan.routes.n, 1);
	assert_true(route(3)->flags & R_DEL);
	execute();
	assert_null(route(3));
	assert_int_equal(RT.n, 9);
	nhset_unref(&T, ab);
}

static void
test_unusable_next_hop(void **state)
{
	struct fib_nhset *abc = SET(3, 1, 2, 3), *x = SET(1, 9);
	for (int i = 0; i < 100; i++)
		want(i, abc);
	want(100, x);
	x->nh[0]->oif = 0;	/* not on a connected network */
	x->nh[0]->reason = NH_NOT_CONNECTED;
	T.gen++;
	run_plan();
	assert_int_equal(plan.refused, 1);
	assert_int_equal(plan.routes.n, 100);
	execute();
	assert_null(route(100)->grp);
	struct fib_nhg *g = route(0)->grp;
	/* .2's interface goes down: the routes using it are planned again */
	abc->nh[1]->oif = 0;
	abc->nh[1]->flags |= NH_TOUCHED;
	nhtab_touch(&T);
	for (int i = 0; i < 101; i++) {
		struct fib_route *r = route(i);
		if (r->want->flags & SET_TOUCHED)
			want(i, r->want);
	}
	nhtab_untouch(&T);
	assert_int_equal(dirty.n, 100);
	run_plan();
	assert_int_equal(plan.inplace, 1);
	assert_int_equal(plan.routes.n, 0);
	assert_int_equal(g->members->n, 2);
	execute();
	nhset_unref(&T, abc);
	nhset_unref(&T, x);
}

static void
test_mismatch_moves_off(void **state)
{
	/* a group adopted at start-up with another type: routes move to one as configured */
	struct fib_nhset *ab = SET(2, 1, 2);
	struct fib_nhg *old = nhg_new(&T, ab, 186900000, NHG_T_MPATH);
	old->flags |= NHG_IN_KERNEL | NHG_ADOPTED | NHG_MISMATCH;
	ab->grp = NULL;
	struct prefix p = P(1);
	struct fib_route *r = rtab_add(&RT, &p);
	route_set_grp(&T, r, old);
	want(1, ab);
	run_plan();
	assert_int_equal(plan.routes.n, 1);
	assert_int_equal(plan.grp_write.n, 1);
	assert_ptr_not_equal(r->tgt, old);
	assert_int_equal(r->tgt->type, NHG_T_RES);
	execute();
	assert_ptr_not_equal(r->grp, old);
	nhset_unref(&T, ab);
}

static void
test_adopted_match_costs_nothing(void **state)
{
	struct fib_nhset *ab = SET(2, 1, 2);
	struct fib_nhg *old = nhg_new(&T, ab, 186900001, NHG_T_RES);
	old->flags |= NHG_IN_KERNEL | NHG_ADOPTED;
	struct prefix p = P(1);
	struct fib_route *r = rtab_add(&RT, &p);
	r->flags |= R_STALE;
	route_set_grp(&T, r, old);
	want(1, ab);
	run_plan();
	assert_int_equal(plan.settled, 1);
	assert_int_equal(plan.routes.n + plan.grp_write.n, 0);
	assert_false(r->flags & R_STALE);
	nhset_unref(&T, ab);
}

static void
test_virtual_groups(void **state)
{
	/* without nexthop objects every route carries its next hops: no in-place */
	struct fib_nhset *abc = SET(3, 1, 2, 3), *ab = SET(2, 1, 2);
	for (int i = 0; i < 10; i++)
		want(i, abc);
	run_plan();
	assert_int_equal(plan.grp_write.n, 0);
	assert_int_equal(plan.routes.n, 10);
	assert_int_equal(route(0)->tgt->id, 0);
	execute();
	for (int i = 0; i < 10; i++)
		want(i, ab);
	run_plan();
	assert_int_equal(plan.inplace, 0);
	assert_int_equal(plan.routes.n, 10);
	execute();
	assert_int_equal(T.n_groups, 1);	/* the old virtual group went */
	nhset_unref(&T, abc);
	nhset_unref(&T, ab);
}

static void
test_kernel_unknown_rewritten(void **state)
{
	struct fib_nhset *ab = SET(2, 1, 2);
	want(1, ab);
	run_plan();
	execute();
	struct fib_route *r = route(1);
	r->flags |= R_KUNKNOWN;	/* someone changed it behind our back */
	want(1, ab);
	run_plan();
	assert_int_equal(plan.routes.n, 1);
	execute();
	nhset_unref(&T, ab);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_intern, setup, teardown),
		cmocka_unit_test_setup_teardown(test_usable_subset, setup, teardown),
		cmocka_unit_test(test_ids),
		cmocka_unit_test(test_cost_rule),
		cmocka_unit_test_setup_teardown(test_install_then_lb_leaves, setup, teardown),
		cmocka_unit_test_setup_teardown(test_half_moves, setup, teardown),
		cmocka_unit_test_setup_teardown(test_withdraw_all_kills_group, setup, teardown),
		cmocka_unit_test_setup_teardown(test_partial_withdraw, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unusable_next_hop, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mismatch_moves_off, setup, teardown),
		cmocka_unit_test_setup_teardown(test_adopted_match_costs_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_virtual_groups, setup_virtual, teardown),
		cmocka_unit_test_setup_teardown(test_kernel_unknown_rewritten, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
