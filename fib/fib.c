/*
 * fib.c -- the FIB writer's API and its flush: coalesce per prefix, then
 * write once per loop turn.
 *
 * fib_route_set() only records what the RIB wants and puts the prefix on
 * the dirty list; a flush event, made active once, runs after the RIB's
 * current work in the same loop turn. A flush:
 *   0. resolves new next hops (and all, after a link or address change) and
 *      writes their nexthop objects;
 *   1. plans (nhgroup.c): which groups to create, replace in place or delete
 *      with their routes, which routes to write; sends the group messages;
 *   2. writes the routes in large batches, yielding to the loop every
 *      FIB_TURN_BUDGET_MS (changes arriving meanwhile wait for the next plan;
 *      a route changed again before its turn is not written twice);
 *   3. deletes groups and nexthop objects nothing uses any more.
 * Each phase reads its ACKs before the next starts, so a group is never
 * deleted while a route may still need it, and a route is never pointed at
 * a group the kernel refused. Failures are kept on the object (shown by
 * fib_show) and retried with exponential back-off by one timer.
 */
#include "config.h"

#include "fib_priv.h"

#include <errno.h>
#include <stdio.h>

#include <event2/event.h>
#include <libmnl/libmnl.h>
#include <linux/nexthop.h>
#include <linux/rtnetlink.h>

#include "log.h"
#include "nl_probe.h"

#define FIB_TURN_BUDGET_MS	20	/* a flush yields to the loop after this long */
#define FIB_LOG_BUDGET		10	/* failures logged one by one per flush; then a count */
#define FIB_ID_RANGE		1000000	/* nexthop ids: protocol * 1000000 + 0..999999 */
#define FIB_QUIET_MIN		64	/* route notifications a send must cause to leave the groups */

static void flush_cb(evutil_socket_t fd, short what, void *arg);
static void retry_cb(evutil_socket_t fd, short what, void *arg);

/* ---- small things ---- */
void
fib_schedule(struct fib *f)
{
	f->work_since_idle = true;
	if (!f->flush_scheduled) {
		f->flush_scheduled = true;
		event_active(f->flush_ev, 0, 0);
	}
}

void
fib_yield(struct fib *f)
{
	/*
	 * event_active() would run the flush again before the loop polls its
	 * sockets; a zero timeout lets the sessions have their turn first.
	 */
	static const struct timeval zero = { 0, 0 };
	f->work_since_idle = true;
	f->flush_scheduled = true;
	event_add(f->flush_ev, &zero);
}

void
fib_mark_dirty(struct fib *f, struct fib_route *r)
{
	if (!(r->flags & R_DIRTY)) {
		if (!pvec_push(&f->dirty, r)) {
			log_msg(LOG_ERR, "fib: out of memory queueing a route");
			return;
		}
		r->flags |= R_DIRTY;
	}
	fib_schedule(f);
}

void
fib_fail_note(struct fib *f, struct fib_fail *fl)
{
	if (f->retry_at != 0 && f->retry_at <= fl->next_try)
		return;
	uint64_t now = fib_now_ms();
	uint64_t d = fl->next_try > now ? fl->next_try - now : 0;
	struct timeval tv = { (time_t)(d / 1000), (suseconds_t)(d % 1000) * 1000 };
	f->retry_at = fl->next_try;
	evtimer_add(f->retry_ev, &tv);
}

void
fib_log_fail(struct fib *f, const char *what, int err, const char *msg)
{
	if (f->log_budget == 0) {
		f->log_dropped++;
		return;
	}
	f->log_budget--;
	if (msg != NULL && *msg)
		log_msg(LOG_ERR, "fib: %s: %s (%s)", what, msg, strerror(err));
	else
		log_msg(LOG_ERR, "fib: %s: %s", what, strerror(err));
}

const char *
fib_nh_reason(struct fib *f, const struct fib_nh *nh, char *buf, size_t len)
{
	char a[64], ifn[32];
	fib_nh_str(nh, a, sizeof(a));
	switch (nh->reason) {
	case NH_OK:
		return NULL;
	case NH_UNRESOLVED:
		snprintf(buf, len, "next hop %s is not resolved yet", a);
		break;
	case NH_NOT_CONNECTED:
		snprintf(buf, len, "next hop %s is not on a connected network", a);
		break;
	case NH_IF_DOWN:
		snprintf(buf, len, "next hop %s: interface %s is down", a,
		    link_cache_ifname(f->lc, nh->why_if, ifn, sizeof(ifn)));
		break;
	case NH_NO_IF:
		snprintf(buf, len, "next hop %s: interface %u does not exist", a, nh->why_if);
		break;
	case NH_LL_NO_IF:
		snprintf(buf, len, "next hop %s is link-local and needs an interface", a);
		break;
	case NH_LOCAL:
		snprintf(buf, len, "next hop %s is a local address", a);
		break;
	case NH_KERNEL:
		snprintf(buf, len, "next hop %s: the kernel refused it: %s", a,
		    nh->fail != NULL ? nh->fail->text : "?");
		break;
	default:
		snprintf(buf, len, "next hop %s is not usable", a);
		break;
	}
	return buf;
}

static const char *
route_what(struct fib *f, const struct fib_route *r, const struct fib_nhg *g, char *buf, size_t len)
{
	char p[64];
	fib_pfx_str(&r->pfx, p, sizeof(p));
	if (g == NULL) {
		snprintf(buf, len, "route %s", p);
	} else if (g->id != 0) {
		snprintf(buf, len, "route %s (nexthop group %u)", p, g->id);
	} else {
		size_t o = (size_t)snprintf(buf, len, "route %s via", p);
		for (size_t i = 0; i < g->members->n && o < len; i++) {
			char a[64];
			o += (size_t)snprintf(buf + o, len - o, "%s %s", i ? "," : "",
			    fib_nh_str(g->members->nh[i], a, sizeof(a)));
		}
	}
	return buf;
}

/* ---- putting messages into the batch ---- */
static struct nlmsghdr *
put_route(struct fib *f, const struct nl_route_req *rq)
{
	size_t cap;
	void *buf = nlb_space(&f->nb, &cap);
	struct nlmsghdr *nlh = nl_route_put(buf, cap, 0, rq);
	if (nlh == NULL) {
		nlb_flush(&f->nb);
		buf = nlb_space(&f->nb, &cap);
		nlh = nl_route_put(buf, cap, 0, rq);
	}
	return nlh;
}

static struct nlmsghdr *
put_nexthop(struct fib *f, const struct nl_nh_req *rq)
{
	size_t cap;
	void *buf = nlb_space(&f->nb, &cap);
	struct nlmsghdr *nlh = nl_nexthop_put(buf, cap, 0, rq);
	if (nlh == NULL) {
		nlb_flush(&f->nb);
		buf = nlb_space(&f->nb, &cap);
		nlh = nl_nexthop_put(buf, cap, 0, rq);
	}
	return nlh;
}

void
fib_send_nh(struct fib *f, struct fib_nh *nh)
{
	if (nh->id == 0) {
		uint32_t id = nhtab_alloc_id(&f->t);
		if (id == 0 || !idmap_put(&f->t.ids, id, ID_NH, nh)) {
			fib_ack(f, &(struct nl_op){ OP_NH_NEW, nh }, ENOSPC, "no free nexthop id in our range");
			return;
		}
		nh->id = id;
		nh->flags |= NH_FRESH;
	}
	struct nl_gw gw = { .afs = nh->afs, .oif = nh->oif };
	memcpy(gw.addr, nh->addr, 16);
	struct nl_nh_req rq = {
		.type = RTM_NEWNEXTHOP,
		.flags = (nh->flags & NH_FRESH) ? NLM_F_CREATE | NLM_F_EXCL : NLM_F_CREATE | NLM_F_REPLACE,
		.id = nh->id, .protocol = f->cfg.protocol, .gw = &gw,
	};
	struct nlmsghdr *nlh = put_nexthop(f, &rq);
	if (nlh == NULL)
		return;
	f->st.nexthop_msgs++;
	nlb_add(&f->nb, nlh, OP_NH_NEW, nh);
}

void
fib_send_grp(struct fib *f, struct fib_nhg *g, uint8_t op)
{
	struct nl_nh_req rq = { .id = g->id, .protocol = f->cfg.protocol };
	uint32_t ids[FIB_MAX_NEXTHOPS];
	if (op == OP_GRP_NEW) {
		for (size_t i = 0; i < g->members->n; i++) {
			struct fib_nh *nh = g->members->nh[i];
			if (nh->id == 0 || !(nh->flags & NH_IN_KERNEL)) {
				char a[64], text[128];
				snprintf(text, sizeof(text), "member %s has no nexthop object",
				    fib_nh_str(nh, a, sizeof(a)));
				fib_ack(f, &(struct nl_op){ OP_GRP_NEW, g }, ENOENT, text);
				return;
			}
			ids[i] = nh->id;
		}
		rq.type = RTM_NEWNEXTHOP;
		rq.flags = (g->flags & NHG_FRESH) ? NLM_F_CREATE | NLM_F_EXCL : NLM_F_CREATE | NLM_F_REPLACE;
		rq.n_grp = g->members->n;
		rq.grp = ids;
		rq.grp_type = g->type == NHG_T_RES ? NEXTHOP_GRP_TYPE_RES : NEXTHOP_GRP_TYPE_MPATH;
		rq.buckets = g->buckets;
		rq.idle_timer = g->idle_timer;
		rq.unbalanced_timer = g->unbalanced_timer;
	} else {
		rq.type = RTM_DELNEXTHOP;
	}
	struct nlmsghdr *nlh = put_nexthop(f, &rq);
	if (nlh == NULL)
		return;
	f->st.nexthop_msgs++;
	f->nb.quiet += g->nroutes;	/* a replace or delete notifies each route using it */
	nlb_add(&f->nb, nlh, op, g);
}

static void
send_route(struct fib *f, struct fib_route *r)
{
	struct nl_gw gw[FIB_MAX_NEXTHOPS];
	struct nl_route_req rq = {
		.type = (r->flags & R_DEL) ? RTM_DELROUTE : RTM_NEWROUTE,
		.pfx = &r->pfx, .table = f->cfg.table, .protocol = f->cfg.protocol,
		.metric = f->cfg.metric,
	};
	struct fib_nhg *g = r->tgt;
	if (!(r->flags & R_DEL)) {
		if (g->id != 0) {
			rq.nhid = g->id;
		} else {
			for (size_t i = 0; i < g->members->n; i++) {
				const struct fib_nh *nh = g->members->nh[i];
				gw[i].afs = nh->afs;
				gw[i].oif = nh->oif;
				memcpy(gw[i].addr, nh->addr, 16);
			}
			rq.n_gw = g->members->n;
			rq.gw = gw;
		}
	}
	struct nlmsghdr *nlh = put_route(f, &rq);
	if (nlh == NULL)
		return;
	f->st.route_msgs++;
	f->nb.quiet++;
	nlb_add(&f->nb, nlh, (r->flags & R_DEL) ? OP_RT_DEL : OP_RT_SET, r);
}

/* ---- ACKs ---- */
static void
route_done(struct fib *f, struct fib_route *r)
{
	r->flags &= (uint8_t)~(R_QUEUED | R_DEL | R_KILL);
	if (r->want == NULL && r->grp == NULL && r->tgt == NULL &&
	    !(r->flags & (R_DIRTY | R_KUNKNOWN)))
		rtab_del(&f->rt, r);
}

static void
route_failed(struct fib *f, struct fib_route *r, const struct fib_nhg *g, int err, const char *msg)
{
	char what[300];
	uint64_t now = fib_now_ms();
	route_what(f, r, g, what, sizeof(what));
	fib_log_fail(f, what, err, msg);
	if (fib_fail_set(&r->fail, err, msg, now))
		fib_fail_note(f, r->fail);
	route_set_tgt(&f->t, r, NULL);
	r->flags &= (uint8_t)~(R_QUEUED | R_DEL | R_KILL);
}

static void
ack_nh(struct fib *f, struct fib_nh *nh, uint8_t kind, int err, const char *msg)
{
	char a[64], what[128];
	if (kind == OP_NH_NEW) {
		if (err == 0) {
			nh->flags |= NH_IN_KERNEL;
			nh->flags &= (uint16_t)~NH_FRESH;
			nh->k_oif = nh->oif;
			if (nh->fail != NULL) {
				fib_fail_clear(&nh->fail);
				nh->flags |= NH_TOUCHED;
				if (nh->reason == NH_KERNEL)
					nh->reason = NH_OK;
			}
			return;
		}
		if (err == EEXIST && (nh->flags & NH_FRESH)) {
			pvec_push(&f->nh_eexist, nh);	/* another program has that id */
			return;
		}
		nh->flags &= (uint16_t)~NH_FRESH;
		snprintf(what, sizeof(what), "next hop %s (nexthop id %u)", fib_nh_str(nh, a, sizeof(a)), nh->id);
		fib_log_fail(f, what, err, msg);
		if (fib_fail_set(&nh->fail, err, msg, fib_now_ms()))
			fib_fail_note(f, nh->fail);
		nh->flags |= NH_FAILED | NH_TOUCHED;
		nh->reason = NH_KERNEL;
		return;
	}
	/* OP_NH_DEL */
	if (err == 0 || err == ENOENT) {
		nh->flags &= (uint16_t)~NH_IN_KERNEL;
		struct idmap_ent *x = idmap_get(&f->t.ids, nh->id);
		if (x != NULL && x->p == nh)
			idmap_del(&f->t.ids, nh->id);
		nh->id = 0;
		nh->k_oif = 0;
		fib_fail_clear(&nh->fail);
		if (nh->refcnt == 0)
			nh_release(&f->t, nh);
		return;
	}
	snprintf(what, sizeof(what), "deleting nexthop id %u (%s)", nh->id, fib_nh_str(nh, a, sizeof(a)));
	fib_log_fail(f, what, err, msg);
	if (fib_fail_set(&nh->fail, err, msg, fib_now_ms()))
		fib_fail_note(f, nh->fail);
}

static void
ack_grp(struct fib *f, struct fib_nhg *g, uint8_t kind, int err, const char *msg)
{
	char what[128];
	uint64_t now = fib_now_ms();
	switch (kind) {
	case OP_GRP_NEW:
		g->flags &= (uint16_t)~NHG_WRITE;
		if (err == 0) {
			g->flags |= NHG_IN_KERNEL;
			g->flags &= (uint16_t)~(NHG_FAILED | NHG_FRESH);
			fib_fail_clear(&g->fail);
			if (g->old_members != NULL) {
				nhset_unref(&f->t, g->old_members);
				g->old_members = NULL;
				f->st.inplace++;
			}
			return;
		}
		if (err == EEXIST && (g->flags & NHG_FRESH)) {
			g->flags |= NHG_WRITE;
			pvec_push(&f->grp_eexist, g);
			return;
		}
		g->flags &= (uint16_t)~NHG_FRESH;
		snprintf(what, sizeof(what), "nexthop group %u (%u members)", g->id, (unsigned)g->members->n);
		fib_log_fail(f, what, err, msg);
		if (fib_fail_set(&g->fail, err, msg, now))
			fib_fail_note(f, g->fail);
		if (g->old_members != NULL) {
			/* an in-place replace failed: the kernel kept the old members */
			struct fib_nhset *old = g->old_members;
			g->old_members = NULL;
			nhg_set_members(&f->t, g, old);
			nhset_unref(&f->t, old);
			g->flags |= NHG_REVERTED;
		} else {
			g->flags |= NHG_FAILED;
		}
		return;
	case OP_GRP_KILL:
		g->flags &= (uint16_t)~NHG_KILL;
		if (err == 0 || err == ENOENT) {
			g->flags &= (uint16_t)~NHG_IN_KERNEL;
			for (size_t i = 0; i < f->plan.killed.n; i++) {
				struct fib_route *r = f->plan.killed.v[i];
				if (r == NULL || r->grp != g)
					continue;
				f->plan.killed.v[i] = NULL;
				route_set_grp(&f->t, r, NULL);
				fib_fail_clear(&r->fail);
				r->flags &= (uint8_t)~R_KUNKNOWN;
				route_done(f, r);
			}
			return;
		}
		snprintf(what, sizeof(what), "deleting nexthop group %u with its routes", g->id);
		fib_log_fail(f, what, err, msg);
		if (fib_fail_set(&g->fail, err, msg, now))
			fib_fail_note(f, g->fail);
		for (size_t i = 0; i < f->plan.killed.n; i++) {
			struct fib_route *r = f->plan.killed.v[i];
			if (r != NULL && r->grp == g) {
				f->plan.killed.v[i] = NULL;
				route_failed(f, r, g, err, msg);
			}
		}
		return;
	default:	/* OP_GRP_DEL */
		if (err == 0 || err == ENOENT) {
			g->flags &= (uint16_t)~NHG_IN_KERNEL;
			if (g->nroutes == 0 && g->nplanned == 0 && !(g->flags & NHG_GCQ))
				nhg_free(&f->t, g);
			return;
		}
		snprintf(what, sizeof(what), "deleting nexthop group %u", g->id);
		fib_log_fail(f, what, err, msg);
		if (fib_fail_set(&g->fail, err, msg, now))
			fib_fail_note(f, g->fail);
		return;
	}
}

void
fib_ack(void *arg, const struct nl_op *op, int err, const char *msg)
{
	struct fib *f = arg;
	struct fib_route *r = op->obj;
	switch (op->kind) {
	case OP_NH_NEW:
	case OP_NH_DEL:
		ack_nh(f, op->obj, op->kind, err, msg);
		break;
	case OP_GRP_NEW:
	case OP_GRP_DEL:
	case OP_GRP_KILL:
		ack_grp(f, op->obj, op->kind, err, msg);
		break;
	case OP_RT_SET:
		if (err != 0) {
			route_failed(f, r, r->tgt, err, msg);
			break;
		}
		route_set_grp(&f->t, r, r->tgt);
		route_set_tgt(&f->t, r, NULL);
		fib_fail_clear(&r->fail);
		r->flags &= (uint8_t)~R_KUNKNOWN;
		if (r->want != NULL)
			r->flags &= (uint8_t)~R_STALE;
		route_done(f, r);
		break;
	case OP_RT_DEL:
		if (err != 0 && err != ESRCH && err != ENOENT) {
			route_failed(f, r, NULL, err, msg);
			break;
		}
		route_set_grp(&f->t, r, NULL);
		fib_fail_clear(&r->fail);
		r->flags &= (uint8_t)~R_KUNKNOWN;
		route_done(f, r);
		break;
	case OP_STALE_DEL: {
		struct stale *s = op->obj;
		if (err != 0 && err != ENOENT && err != ESRCH) {
			char what[128], p[64];
			if (s->route)
				snprintf(what, sizeof(what), "deleting stale route %s metric %u",
				    fib_pfx_str(&s->pfx, p, sizeof(p)), s->metric);
			else
				snprintf(what, sizeof(what), "deleting stale nexthop id %u", s->id);
			fib_log_fail(f, what, err, msg);
		}
		free(s);
		break;
	}
	default:	/* OP_EXIT */
		if (err != 0 && err != ENOENT && err != ESRCH)
			fib_log_fail(f, "removing our routes", err, msg);
		break;
	}
}

/* ---- flush, phase 0: next hops ---- */

/*
 * When an interface goes down or loses its carrier, the kernel deletes the
 * nexthop objects on it, takes them out of their groups and deletes the
 * groups left empty with their routes, all without a notification: follow.
 */
static void
kernel_flushed(struct fib *f)
{
	size_t i, n = 0;
	struct fib_nh *nh, *nx;
	NHTAB_FOREACH_NH(&f->t, i, nh, nx) {
		if ((nh->flags & NH_IN_KERNEL) && nh->k_oif != 0 && !link_cache_if_up(f->lc, nh->k_oif)) {
			nh->flags &= (uint16_t)~NH_IN_KERNEL;
			n++;
		}
	}
	if (n == 0)
		return;
	for (struct fib_nhg *g = f->t.groups; g != NULL; g = g->next) {
		if (g->id == 0 || !(g->flags & NHG_IN_KERNEL))
			continue;
		bool left = false;
		for (size_t k = 0; k < g->members->n && !left; k++)
			left = g->members->nh[k]->flags & NH_IN_KERNEL;
		if (!left)
			fib_group_lost(f, g, 0, false);
	}
}

static void
resolve(struct fib *f)
{
	bool all = f->links_changed;
	f->links_changed = false;
	size_t i;
	struct fib_nh *nh, *nx;
	if (all && f->t.objects)
		kernel_flushed(f);
	NHTAB_FOREACH_NH(&f->t, i, nh, nx) {
		if (nh->refcnt == 0 || (!all && !(nh->flags & NH_NEW)))
			continue;
		bool fresh = nh->flags & NH_NEW;
		nh->flags &= (uint16_t)~NH_NEW;
		uint32_t oif;
		uint8_t reason = link_cache_resolve(f->lc, nh->afs, nh->addr, nh->hint, &oif);
		uint32_t now_oif = reason == NH_OK ? oif : 0;
		nh->why_if = oif;
		if (reason == NH_OK && (nh->flags & NH_FAILED))
			reason = NH_KERNEL;
		if (now_oif != nh->oif || (fresh && now_oif == 0)) {
			nh->flags |= NH_TOUCHED;
			char a[64], why[200], ifn[32];
			if (now_oif != 0 && !fresh)
				log_msg(LOG_INFO, "fib: next hop %s is reachable via %s", fib_nh_str(nh, a, sizeof(a)),
				    link_cache_ifname(f->lc, now_oif, ifn, sizeof(ifn)));
			nh->reason = reason;
			if (now_oif == 0 && fib_nh_reason(f, nh, why, sizeof(why)) != NULL)
				log_msg(fresh ? LOG_WARNING : LOG_NOTICE, "fib: %s%s", why,
				    fresh ? ": refused" : ": it leaves its groups");
		}
		nh->oif = now_oif;
		nh->reason = reason;
	}
}

static void
write_nexthops(struct fib *f)
{
	if (!f->t.objects)
		return;
	for (int round = 0; round < 4; round++) {
		size_t i;
		struct fib_nh *nh, *nx;
		NHTAB_FOREACH_NH(&f->t, i, nh, nx) {
			if (nh->refcnt == 0 || nh->oif == 0 || (nh->flags & NH_FAILED))
				continue;
			if ((nh->flags & NH_IN_KERNEL) && nh->k_oif == nh->oif)
				continue;
			fib_send_nh(f, nh);
		}
		nlb_flush(&f->nb);
		if (f->nh_eexist.n == 0)
			break;
		for (size_t k = 0; k < f->nh_eexist.n; k++) {
			nh = f->nh_eexist.v[k];
			idmap_put(&f->t.ids, nh->id, ID_FOREIGN, NULL);
			nh->id = 0;
			nh->flags &= (uint16_t)~NH_FRESH;
		}
		f->nh_eexist.n = 0;
	}
}

/* Routes wanting a set with a next hop whose usability changed must be planned again. */
static void
dirty_touched(struct fib *f)
{
	bool any = false;
	size_t i;
	struct fib_nh *nh, *nx;
	NHTAB_FOREACH_NH(&f->t, i, nh, nx)
		if (nh->flags & NH_TOUCHED)
			any = true;
	if (!any)
		return;
	if (nhtab_touch(&f->t) > 0) {
		struct fib_route *r, *rn;
		RTAB_FOREACH(&f->rt, i, r, rn) {
			if (r->want == NULL || !(r->want->flags & SET_TOUCHED))
				continue;
			if (!f->t.objects && r->grp != NULL)
				r->flags |= R_KUNKNOWN;	/* RTA_MULTIPATH routes carry the oif: rewrite */
			fib_mark_dirty(f, r);
		}
	}
	nhtab_untouch(&f->t);
}

/* ---- phase 1: groups ---- */
static void
write_groups(struct fib *f)
{
	struct fib_plan *p = &f->plan;
	for (size_t i = 0; i < f->t.grp_write.n; i++) {
		struct fib_nhg *g = f->t.grp_write.v[i];
		if (!(g->flags & NHG_WRITE))
			continue;
		g->flags &= (uint16_t)~NHG_WRITE;	/* the plan may queue it again */
		if (g->nroutes + g->nplanned == 0) {
			nhg_maybe_gc(&f->t, g);	/* nothing needs it: not restored but deleted */
			continue;
		}
		g->flags |= NHG_WRITE;
		pvec_push(&p->grp_write, g);
	}
	f->t.grp_write.n = 0;
	size_t from = 0;
	for (int round = 0; round < 4; round++) {
		for (size_t i = from; i < p->grp_write.n; i++) {
			struct fib_nhg *g = p->grp_write.v[i];
			if (g->flags & NHG_WRITE)
				fib_send_grp(f, g, OP_GRP_NEW);
		}
		if (round == 0)
			for (size_t i = 0; i < p->grp_kill.n; i++)
				fib_send_grp(f, p->grp_kill.v[i], OP_GRP_KILL);
		from = p->grp_write.n;
		nlb_flush(&f->nb);
		if (f->grp_eexist.n == 0)
			break;
		for (size_t k = 0; k < f->grp_eexist.n; k++) {
			struct fib_nhg *g = f->grp_eexist.v[k];
			uint32_t id = nhtab_alloc_id(&f->t);
			idmap_put(&f->t.ids, g->id, ID_FOREIGN, NULL);
			if (id == 0 || !idmap_put(&f->t.ids, id, ID_GRP, g)) {
				g->id = 0;
				ack_grp(f, g, OP_GRP_NEW, ENOSPC, "no free nexthop id in our range");
				continue;
			}
			g->id = id;
			pvec_push(&p->grp_write, g);
		}
		f->grp_eexist.n = 0;
	}
}

/* ---- phase 2: routes; false when it yielded ---- */
static bool
write_routes(struct fib *f, uint64_t start)
{
	struct fib_plan *p = &f->plan;
	uint64_t sends = f->nb.sends;
	while (p->pos < p->routes.n) {
		struct fib_route *r = p->routes.v[p->pos++];
		if (r->flags & R_DIRTY) {
			/* changed again since the plan: the next plan writes it once */
			route_set_tgt(&f->t, r, NULL);
			r->flags &= (uint8_t)~(R_QUEUED | R_DEL);
			continue;
		}
		struct fib_nhg *g = r->tgt;
		if (g != NULL && g->id != 0 &&
		    ((g->flags & (NHG_FAILED | NHG_REVERTED)) || !(g->flags & NHG_IN_KERNEL))) {
			route_failed(f, r, g, g->fail != NULL ? g->fail->err : EAGAIN,
			    g->fail != NULL ? g->fail->text : "its nexthop group is not in the kernel");
			continue;
		}
		send_route(f, r);
		if (f->nb.sends != sends) {
			sends = f->nb.sends;
			fib_monitor_drain(f);	/* our own notifications: keep the monitor's queue short */
			if (fib_now_ms() - start >= FIB_TURN_BUDGET_MS)
				return false;
		}
	}
	nlb_flush(&f->nb);
	fib_monitor_drain(f);
	return true;
}

/* ---- phase 3: what nothing uses any more ---- */
static void
collect_garbage(struct fib *f)
{
	struct pvec gc = f->t.gc;
	f->t.gc = (struct pvec){ 0 };
	for (size_t i = 0; i < gc.n; i++) {
		struct fib_nhg *g = gc.v[i];
		g->flags &= (uint16_t)~NHG_GCQ;
		if (g->nroutes != 0 || g->nplanned != 0)
			continue;
		if (g->flags & NHG_WRITE) {
			nhg_maybe_gc(&f->t, g);	/* queued for a write: the next flush decides */
			continue;
		}
		if ((g->flags & NHG_ADOPTED) && !f->sync_done)
			continue;	/* fib_sync_done() queues it again */
		if (g->id != 0 && (g->flags & NHG_IN_KERNEL))
			fib_send_grp(f, g, OP_GRP_DEL);
		else
			nhg_free(&f->t, g);
	}
	pvec_free(&gc);
	nlb_flush(&f->nb);

	gc = f->t.gc_nh;
	f->t.gc_nh = (struct pvec){ 0 };
	for (size_t i = 0; i < gc.n; i++) {
		struct fib_nh *nh = gc.v[i];
		nh->flags &= (uint16_t)~NH_GCQ;
		if ((nh->flags & NH_ADOPTED) && !f->sync_done)
			continue;
		if (!(nh->flags & NH_IN_KERNEL)) {
			nh_release(&f->t, nh);
			continue;
		}
		/* without nexthop objects in use, objects left by an earlier run go too */
		if (nh->refcnt != 0 && f->t.objects)
			continue;
		struct nl_nh_req rq = { .type = RTM_DELNEXTHOP, .id = nh->id };
		struct nlmsghdr *nlh = put_nexthop(f, &rq);
		if (nlh == NULL)
			continue;
		f->st.nexthop_msgs++;
		nlb_add(&f->nb, nlh, OP_NH_DEL, nh);
	}
	pvec_free(&gc);
	nlb_flush(&f->nb);
	if (f->sync_done)
		fib_sync_stale_flush(f);
}

/* After an in-place replace failed, routes settled on it must be planned again. */
static void
after_reverts(struct fib *f)
{
	bool any = false;
	for (struct fib_nhg *g = f->t.groups; g != NULL; g = g->next)
		if (g->flags & NHG_REVERTED)
			any = true;
	if (!any)
		return;
	size_t i;
	struct fib_route *r, *nx;
	RTAB_FOREACH(&f->rt, i, r, nx) {
		if (r->grp != NULL && (r->grp->flags & NHG_REVERTED) && r->want != NULL &&
		    nhset_eff(&f->t, r->want) != r->grp->members) {
			if (fib_fail_set(&r->fail, r->grp->fail != NULL ? r->grp->fail->err : EIO,
			    r->grp->fail != NULL ? r->grp->fail->text : NULL, fib_now_ms()))
				fib_fail_note(f, r->fail);
		}
	}
	for (struct fib_nhg *g = f->t.groups; g != NULL; g = g->next)
		g->flags &= (uint16_t)~NHG_REVERTED;
}

static void
fib_flush(struct fib *f)
{
	uint64_t start = fib_now_ms();
	f->log_budget = FIB_LOG_BUDGET;
	f->log_dropped = 0;
	if (!f->in_routes) {
		f->flush_start = start;
		if (f->need_audit) {
			f->need_audit = false;
			fib_sync_audit(f);
		}
		resolve(f);
		write_nexthops(f);
		dirty_touched(f);
		fib_plan_reset(&f->plan);
		struct pvec work = f->dirty;
		f->dirty = (struct pvec){ 0 };
		if (!nhg_plan(&f->t, &f->rt, &work, &f->plan, start)) {
			log_msg(LOG_ERR, "fib: out of memory planning %zu routes; retrying", work.n);
			for (size_t i = 0; i < work.n; i++) {
				struct fib_route *r = work.v[i];
				if (!(r->flags & (R_QUEUED | R_DIRTY)))
					fib_mark_dirty(f, r);
			}
		}
		pvec_free(&work);
		f->flush_planned = fib_now_ms();
		write_groups(f);
		f->in_routes = true;
	}
	if (!write_routes(f, start)) {
		fib_yield(f);	/* go on at the next turn */
		return;
	}
	f->in_routes = false;
	uint64_t routes_done = fib_now_ms();
	for (size_t i = 0; i < f->plan.killed.n; i++) {	/* deletions that did not happen */
		struct fib_route *r = f->plan.killed.v[i];
		if (r != NULL && (r->flags & R_KILL))
			route_failed(f, r, r->grp, EIO, "its group was not deleted");
	}
	after_reverts(f);
	collect_garbage(f);
	if (log_enabled(LOG_DEBUG) && f->plan.routes.n + f->plan.grp_write.n + f->plan.grp_kill.n > 0)
		log_msg(LOG_DEBUG, "fib: flush: %zu route and %zu group writes, %zu groups deleted with "
		    "their routes, %zu settled; plan %llu ms, routes %llu ms, gc %llu ms",
		    f->plan.routes.n, f->plan.grp_write.n, f->plan.grp_kill.n, f->plan.settled,
		    (unsigned long long)(f->flush_planned - f->flush_start),
		    (unsigned long long)(routes_done - f->flush_planned),
		    (unsigned long long)(fib_now_ms() - routes_done));
	if (f->log_dropped > 0)
		log_msg(LOG_ERR, "fib: %zu more failures not logged (see show fib)", f->log_dropped);
	if (f->plan.routes.cap > 65536 || f->plan.killed.cap > 65536)
		fib_plan_free(&f->plan);	/* a full table's worth: give it back */
	if (f->dirty.n > 0 || f->need_audit || f->links_changed || f->t.gc.n > 0 ||
	    f->t.gc_nh.n > 0 || f->t.grp_write.n > 0) {
		fib_yield(f);	/* what came up meanwhile */
		return;
	}
	if (f->work_since_idle && fib_idle(f)) {
		f->work_since_idle = false;
		if (f->idle_cb != NULL)
			f->idle_cb(f->idle_arg);
	}
}

static void
flush_cb(evutil_socket_t fd, short what, void *arg)
{
	struct fib *f = arg;
	f->flush_scheduled = false;
	fib_flush(f);
}

/* ---- retries ---- */
static bool
due(struct fib_fail *fl, uint64_t now, uint64_t *next)
{
	if (fl == NULL)
		return false;
	if (fl->next_try <= now)
		return true;
	if (fl->next_try < *next)
		*next = fl->next_try;
	return false;
}

static void
retry_cb(evutil_socket_t fd, short what, void *arg)
{
	struct fib *f = arg;
	uint64_t now = fib_now_ms(), next = UINT64_MAX;
	f->retry_at = 0;
	size_t i;
	struct fib_nh *nh, *nx;
	NHTAB_FOREACH_NH(&f->t, i, nh, nx) {
		if (!due(nh->fail, now, &next))
			continue;
		f->st.retries++;
		if (nh->flags & NH_FAILED) {
			nh->flags &= (uint16_t)~NH_FAILED;	/* phase 0 writes it again */
			nh->flags |= NH_TOUCHED;
			if (nh->reason == NH_KERNEL)
				nh->flags |= NH_NEW;
		} else if ((nh->flags & NH_IN_KERNEL) && !(nh->flags & NH_GCQ) &&
		    pvec_push(&f->t.gc_nh, nh)) {
			nh->flags |= NH_GCQ;	/* a deletion failed */
		}
		nh->fail->next_try = UINT64_MAX;	/* the write sets it again if it fails */
	}
	for (struct fib_nhg *g = f->t.groups; g != NULL; g = g->next) {
		if (!due(g->fail, now, &next))
			continue;
		f->st.retries++;
		g->flags &= (uint16_t)~NHG_FAILED;
		if (g->nroutes == 0 && g->nplanned == 0)
			nhg_maybe_gc(&f->t, g);
		g->fail->next_try = now;	/* in place again allowed; kept for show */
	}
	struct fib_route *r, *rn;
	RTAB_FOREACH(&f->rt, i, r, rn) {
		if (r->flags & (R_DIRTY | R_QUEUED) || !due(r->fail, now, &next))
			continue;
		f->st.retries++;
		r->fail->next_try = UINT64_MAX;
		fib_mark_dirty(f, r);
	}
	if (next != UINT64_MAX) {
		struct fib_fail tmp = { .next_try = next };
		fib_fail_note(f, &tmp);
	}
	fib_schedule(f);
}

/* ---- the API ---- */
static void
links_changed(void *arg)
{
	struct fib *f = arg;
	f->links_changed = true;
	fib_schedule(f);
}

struct fib *
fib_new(struct event_base *base, const struct fib_config *cfg)
{
	struct fib *f = calloc(1, sizeof(*f));
	if (f == NULL)
		return NULL;
	f->base = base;
	f->cfg = *cfg;
	uint32_t id_base = cfg->nhid_base ? cfg->nhid_base : (uint32_t)cfg->protocol * FIB_ID_RANGE;
	if (id_base == 0)
		id_base = 1;
	uint32_t id_count = FIB_ID_RANGE - 1;
	if (UINT32_MAX - id_base < id_count)
		id_count = UINT32_MAX - id_base;

	nl_probe_warn_hash_policy();
	bool denied;
	f->mode = nl_probe_mode(cfg->mode, cfg->protocol, id_base + id_count - 1, &denied);
	if (denied) {
		log_msg(LOG_ERR, "fib: the kernel does not let us write routes (EPERM): "
		    "ecmpd needs CAP_NET_ADMIN to install routes");
		goto fail;
	}
	if (!nhtab_init(&f->t, f->mode != FIB_NHG_NONE, id_base, id_count) || !rtab_init(&f->rt))
		goto fail;
	f->t.type = f->mode == FIB_NHG_RESILIENT ? NHG_T_RES : NHG_T_MPATH;
	f->t.buckets = cfg->buckets;
	f->t.idle_timer = cfg->idle_timer;
	f->t.unbalanced_timer = cfg->unbalanced_timer;
	if (nlb_open(&f->nb, fib_ack, f) < 0 || nld_open(&f->nd) < 0) {
		log_msg(LOG_ERR, "fib: netlink sockets: %s", strerror(errno));
		goto fail;
	}
	f->flush_ev = event_new(base, -1, 0, flush_cb, f);
	f->retry_ev = evtimer_new(base, retry_cb, f);
	if (f->flush_ev == NULL || f->retry_ev == NULL)
		goto fail;
	if ((f->lc = link_cache_new(base, links_changed, f)) == NULL)
		goto fail;
	f->nb.around = fib_monitor_quiet;
	f->nb.quiet_min = FIB_QUIET_MIN;
	if (!cfg->no_monitor && fib_monitor_open(f) < 0) {
		log_msg(LOG_ERR, "fib: kernel monitor: %s", strerror(errno));
		goto fail;
	}
	if (fib_sync_start(f) < 0)
		goto fail;
	log_msg(LOG_INFO, "fib: table %u, protocol %u, metric %u, %s%s", cfg->table, cfg->protocol,
	    cfg->metric, f->mode == FIB_NHG_NONE ? "RTA_MULTIPATH routes" : "nexthop groups ",
	    f->mode == FIB_NHG_NONE ? "" : fib_nhg_mode_name(f->mode));
	return f;
fail:
	f->cfg.retain = true;	/* nothing of ours to remove */
	fib_free(f);
	return NULL;
}

void
fib_free(struct fib *f)
{
	if (f == NULL)
		return;
	if (!f->cfg.retain && f->nb.sk != NULL)
		fib_sync_exit(f);
	else if (f->rt.n > 0)
		log_msg(LOG_INFO, "fib: leaving %zu routes in table %u for the next start", f->rt.n,
		    f->cfg.table);
	fib_monitor_close(f);
	link_cache_free(f->lc);
	f->last_set = NULL;	/* freed with the table */
	if (f->flush_ev != NULL)
		event_free(f->flush_ev);
	if (f->retry_ev != NULL)
		event_free(f->retry_ev);
	nlb_close(&f->nb);
	nld_close(&f->nd);
	rtab_free(&f->rt);
	nhtab_free(&f->t);
	fib_plan_free(&f->plan);
	pvec_free(&f->dirty);
	for (size_t i = 0; i < f->stale.n; i++)
		free(f->stale.v[i]);
	pvec_free(&f->stale);
	pvec_free(&f->nh_eexist);
	pvec_free(&f->grp_eexist);
	free(f);
}

static bool
prefix_ok(const struct prefix *p)
{
	if (p->afs >= AFS_COUNT)
		return false;
	unsigned max = p->afs == AFS_IPV4_UNICAST ? 32 : 128;
	if (p->len > max)
		return false;
	for (unsigned bit = p->len; bit < 128; bit++)	/* no host bits, nothing past the address */
		if (p->addr[bit / 8] & (0x80 >> (bit % 8)))
			return false;
	return true;
}

int
fib_route_set(struct fib *f, const struct prefix *pfx, const struct fib_nexthop *nhs, size_t n)
{
	if (pfx == NULL || !prefix_ok(pfx) || n > FIB_MAX_NEXTHOPS || (n > 0 && nhs == NULL)) {
		errno = EINVAL;
		return -1;
	}
	struct fib_nhset *want = NULL;
	if (n > 0 && n == f->last_n && !memcmp(nhs, f->last_in, n * sizeof(*nhs))) {
		/* the RIB gives many prefixes the same next hops in a row */
		want = f->last_set;
		nhset_ref(want);
	} else if (n > 0) {
		struct fib_nh *v[FIB_MAX_NEXTHOPS];
		for (size_t i = 0; i < n; i++) {
			if (nhs[i].afs >= AFS_COUNT ||
			    (v[i] = nh_intern(&f->t, &nhs[i])) == NULL) {
				int err = nhs[i].afs >= AFS_COUNT ? EINVAL : ENOMEM;
				for (size_t k = 0; k < i; k++)
					nh_release(&f->t, v[k]);
				errno = err;
				return -1;
			}
		}
		if ((want = nhset_get(&f->t, v, n)) == NULL) {
			for (size_t k = 0; k < n; k++)
				nh_release(&f->t, v[k]);
			errno = ENOMEM;
			return -1;
		}
		if (n <= sizeof(f->last_in) / sizeof(f->last_in[0])) {
			nhset_ref(want);
			if (f->last_set != NULL)
				nhset_unref(&f->t, f->last_set);
			f->last_set = want;
			memcpy(f->last_in, nhs, n * sizeof(*nhs));
			f->last_n = n;
		}
	}
	struct fib_route *r = rtab_get(&f->rt, pfx);
	if (r == NULL) {
		if (want == NULL)
			return 0;
		if ((r = rtab_add(&f->rt, pfx)) == NULL) {
			nhset_unref(&f->t, want);
			errno = ENOMEM;
			return -1;
		}
	}
	if (r->want == want) {
		nhset_unref(&f->t, want);	/* no change */
		return 0;
	}
	route_set_want(&f->t, r, want);
	fib_mark_dirty(f, r);
	return 0;
}

void
fib_sync_done(struct fib *f)
{
	if (f->sync_done)
		return;
	f->sync_done = true;
	f->t.sync_done = true;
	size_t i, stale = 0;
	struct fib_route *r, *rn;
	RTAB_FOREACH(&f->rt, i, r, rn) {
		if (r->want == NULL && (r->grp != NULL || (r->flags & R_KUNKNOWN))) {
			stale++;
			fib_mark_dirty(f, r);
		}
		r->flags &= (uint8_t)~R_STALE;
	}
	for (struct fib_nhg *g = f->t.groups; g != NULL; g = g->next)
		if (g->flags & NHG_ADOPTED)
			nhg_maybe_gc(&f->t, g);
	struct fib_nh *nh, *nx;
	NHTAB_FOREACH_NH(&f->t, i, nh, nx) {
		if ((nh->flags & NH_IN_KERNEL) && (nh->refcnt == 0 || !f->t.objects) &&
		    !(nh->flags & NH_GCQ) && pvec_push(&f->t.gc_nh, nh))
			nh->flags |= NH_GCQ;
	}
	log_msg(LOG_INFO, "fib: sync done: removing %zu routes and %zu other objects left from before",
	    stale, f->stale.n);
	fib_schedule(f);
}

bool
fib_idle(const struct fib *f)
{
	return f->dirty.n == 0 && !f->in_routes && !f->flush_scheduled && f->t.gc.n == 0 &&
	    f->t.gc_nh.n == 0 && (!f->sync_done || f->stale.n == 0);
}

void
fib_set_idle_cb(struct fib *f, void (*cb)(void *arg), void *arg)
{
	f->idle_cb = cb;
	f->idle_arg = arg;
}

enum fib_nhg_mode
fib_mode(const struct fib *f)
{
	return f->mode;
}

void
fib_get_stats(const struct fib *f, struct fib_stats *st)
{
	*st = f->st;
	st->msgs = f->nb.msgs;
	st->sends = f->nb.sends;
	st->errors = f->nb.errors;
	st->routes = f->rt.n;
	st->groups = f->t.n_groups;
	size_t i;
	const struct fib_nh *nh, *nx;
	NHTAB_FOREACH_NH(&f->t, i, nh, nx)
		st->nexthops++;
	const struct fib_route *r, *rn;
	RTAB_FOREACH(&f->rt, i, r, rn) {
		if (r->flags & (R_DIRTY | R_QUEUED))
			st->pending++;
		else if (r->fail != NULL)
			st->failed++;
		else if (r->want == NULL)
			st->stale++;
		else if (r->grp == NULL)
			st->refused++;
		else
			st->installed++;
	}
}
