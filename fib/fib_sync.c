/*
 * fib_sync.c -- the kernel's state against ours: at start-up, after the
 * monitor lost events, and at exit.
 *
 * Start-up (fib_sync_start): dump every nexthop object and the routes of our
 * table and protocol. Objects and routes of ours are adopted as if we had
 * written them: next hops by gateway, groups by their members, routes by
 * the group id they point at (or, without nexthop objects, by their next
 * hops). When the RIB asks for the same prefix with the same next hops, the
 * planner finds it already in place: no message, no flap, the nexthop ids
 * are re-used. What nobody asks for is deleted after fib_sync_done(); what
 * cannot be adopted (a second object for one gateway, a route with another
 * metric, a blackhole) is kept on the stale list and deleted then.
 *
 * Audit (fib_sync_audit, after a monitor overrun): the same reading,
 * comparing instead of adopting; what differs is written again, what is
 * missing is restored, what is unknown is stale.
 *
 * Exit (fib_sync_exit): delete our groups (the kernel deletes the routes
 * that use them), the routes that carry their own next hops, our nexthop
 * objects and the stale list.
 */
#include "config.h"

#include "fib_priv.h"

#include <errno.h>
#include <stdio.h>
#include <sys/socket.h>

#include <libmnl/libmnl.h>
#include <linux/nexthop.h>
#include <linux/rtnetlink.h>

#include "log.h"

#define DUMP_TRIES	3

struct knh {
	uint32_t id;
	bool group, gw;
	uint8_t afs;
	uint8_t addr[16];
	uint32_t oif;
	uint8_t type;			/* enum nhg_type */
	uint16_t buckets;
	uint32_t idle_timer, unbalanced_timer;
	size_t n;
	uint32_t *members;
};

struct kdump {
	struct fib *f;
	struct knh *v;
	size_t n, cap;
	size_t adopted_routes, stale_routes, changed;
	bool startup;
};

static bool
in_range(const struct fib *f, uint32_t id)
{
	return id >= f->t.id_base && id - f->t.id_base < f->t.id_count;
}

static void
add_stale(struct fib *f, const struct stale *s)
{
	struct stale *x = malloc(sizeof(*x));
	if (x == NULL)
		return;
	*x = *s;
	if (!pvec_push(&f->stale, x))
		free(x);
}

static int
u32_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/* ---- nexthop objects ---- */
static void
nh_cb(void *arg, const struct nlmsghdr *nlh)
{
	struct kdump *d = arg;
	struct fib *f = d->f;
	static struct nl_nh_info ni;	/* 2 KiB; the loop is single-threaded */
	if (nlh->nlmsg_type != RTM_NEWNEXTHOP || !nl_nexthop_parse(nlh, &ni) || ni.id == 0)
		return;
	if (ni.protocol != f->cfg.protocol) {
		if (in_range(f, ni.id) && idmap_get(&f->t.ids, ni.id) == NULL)
			idmap_put(&f->t.ids, ni.id, ID_FOREIGN, NULL);
		return;
	}
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 64;
		struct knh *v = realloc(d->v, cap * sizeof(*v));
		if (v == NULL)
			return;
		d->v = v;
		d->cap = cap;
	}
	struct knh *k = &d->v[d->n];
	memset(k, 0, sizeof(*k));
	k->id = ni.id;
	if (ni.is_group) {
		k->group = true;
		k->type = ni.grp_type == NEXTHOP_GRP_TYPE_RES ? NHG_T_RES : NHG_T_MPATH;
		k->buckets = ni.buckets;
		k->idle_timer = ni.idle_timer;
		k->unbalanced_timer = ni.unbalanced_timer;
		if ((k->members = malloc((ni.n_grp + 1) * sizeof(uint32_t))) == NULL)
			return;
		memcpy(k->members, ni.grp, ni.n_grp * sizeof(uint32_t));
		k->n = ni.n_grp;
		qsort(k->members, k->n, sizeof(uint32_t), u32_cmp);
	} else if (ni.has_gw && !ni.blackhole && !ni.fdb) {
		k->gw = true;
		k->afs = ni.gw.afs;
		memcpy(k->addr, ni.gw.addr, 16);
		k->oif = ni.oif;
	}
	d->n++;
}

static void
kdump_reset(struct kdump *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->v[i].members);
	d->n = 0;
}

static bool
grp_differs(const struct fib_nhg *g, const struct knh *k)
{
	uint32_t ids[FIB_MAX_NEXTHOPS];
	if (g->members->n != k->n || g->type != k->type)
		return true;
	for (size_t i = 0; i < k->n; i++)
		ids[i] = g->members->nh[i]->id;
	qsort(ids, k->n, sizeof(uint32_t), u32_cmp);
	return memcmp(ids, k->members, k->n * sizeof(uint32_t)) != 0;
}

static void
queue_grp_write(struct fib *f, struct fib_nhg *g)
{
	if (!(g->flags & NHG_WRITE) && pvec_push(&f->t.grp_write, g))
		g->flags |= NHG_WRITE;
}

static void
reconcile_nexthops(struct kdump *d)
{
	struct fib *f = d->f;
	struct nhtab *t = &f->t;
	for (size_t i = 0; i < d->n; i++) {
		struct knh *k = &d->v[i];
		if (k->group)
			continue;
		struct idmap_ent *x = idmap_get(&t->ids, k->id);
		if (x != NULL && x->kind == ID_NH) {
			struct fib_nh *nh = x->p;
			nh->flags |= NH_SEEN;
			if ((nh->flags & NH_IN_KERNEL) && (!k->gw || k->oif != nh->k_oif ||
			    k->afs != nh->afs || memcmp(k->addr, nh->addr, 16))) {
				nh->k_oif = 0;	/* phase 0 replaces it */
				d->changed++;
			}
			continue;
		}
		if (x != NULL)
			continue;	/* an id we know otherwise: leave it */
		struct fib_nexthop key = { .afs = k->afs, .ifindex = 0 };
		memcpy(key.addr, k->addr, 16);
		struct fib_nh *nh = k->gw && !f->sync_done ? nh_find(t, &key) : NULL;
		if (!k->gw || f->sync_done || (nh != NULL && nh->id != 0) ||
		    (nh == NULL && (nh = nh_intern(t, &key)) == NULL)) {
			add_stale(f, &(struct stale){ .id = k->id });
			continue;
		}
		nh->id = k->id;
		nh->k_oif = k->oif;
		nh->flags |= NH_IN_KERNEL | NH_ADOPTED | NH_SEEN;
		idmap_put(&t->ids, k->id, ID_NH, nh);
	}
	for (size_t i = 0; i < d->n; i++) {
		struct knh *k = &d->v[i];
		if (!k->group)
			continue;
		struct idmap_ent *x = idmap_get(&t->ids, k->id);
		if (x != NULL && x->kind == ID_GRP) {
			struct fib_nhg *g = x->p;
			g->flags |= NHG_SEEN;
			if ((g->flags & NHG_IN_KERNEL) && grp_differs(g, k)) {
				queue_grp_write(f, g);
				d->changed++;
			}
			continue;
		}
		struct fib_nh *v[FIB_MAX_NEXTHOPS];
		bool ok = !f->sync_done && k->n > 0 && k->n <= FIB_MAX_NEXTHOPS && x == NULL;
		for (size_t m = 0; ok && m < k->n; m++)
			ok = (v[m] = nh_by_id(t, k->members[m])) != NULL;
		struct fib_nhset *set = ok ? nhset_get(t, v, k->n) : NULL;
		struct fib_nhg *g = set != NULL ? nhg_new(t, set, k->id, k->type) : NULL;
		if (set != NULL)
			nhset_unref(t, set);
		if (g == NULL) {
			add_stale(f, &(struct stale){ .id = k->id, .group = true });
			continue;
		}
		g->buckets = k->buckets;
		g->idle_timer = k->idle_timer;
		g->unbalanced_timer = k->unbalanced_timer;
		g->flags |= NHG_IN_KERNEL | NHG_ADOPTED | NHG_SEEN;
		if (!t->objects || k->type != t->type || (k->type == NHG_T_RES &&
		    (k->buckets != t->buckets || k->idle_timer != t->idle_timer ||
		    k->unbalanced_timer != t->unbalanced_timer))) {
			g->flags |= NHG_MISMATCH;	/* routes move to a group as configured */
			if (g->members->grp == g)
				g->members->grp = NULL;
		}
	}
}

/* After an audit: objects we think the kernel has and it does not. */
static void
lost_objects(struct kdump *d)
{
	struct fib *f = d->f;
	size_t i;
	struct fib_nh *nh, *nx;
	NHTAB_FOREACH_NH(&f->t, i, nh, nx) {
		if ((nh->flags & NH_IN_KERNEL) && !(nh->flags & NH_SEEN)) {
			nh->flags &= (uint16_t)~NH_IN_KERNEL;
			d->changed++;
		}
		nh->flags &= (uint16_t)~NH_SEEN;
	}
	for (struct fib_nhg *g = f->t.groups; g != NULL; g = g->next) {
		if (g->id != 0 && (g->flags & NHG_IN_KERNEL) && !(g->flags & NHG_SEEN)) {
			g->flags &= (uint16_t)~NHG_IN_KERNEL;
			d->changed++;	/* its routes went with it: lost_routes() finds them */
		}
		g->flags &= (uint16_t)~NHG_SEEN;
	}
}

static void
clear_seen(struct fib *f)
{
	size_t i;
	struct fib_nh *nh, *nx;
	NHTAB_FOREACH_NH(&f->t, i, nh, nx)
		nh->flags &= (uint16_t)~NH_SEEN;
	for (struct fib_nhg *g = f->t.groups; g != NULL; g = g->next)
		g->flags &= (uint16_t)~NHG_SEEN;
}

/* ---- routes ---- */
static struct fib_nhg *
virtual_group(struct fib *f, const struct nl_route_info *ri)
{
	struct fib_nh *v[FIB_MAX_NEXTHOPS];
	size_t n = 0;
	for (size_t i = 0; i < ri->n_gw && n < FIB_MAX_NEXTHOPS; i++) {
		struct fib_nexthop x = { .afs = ri->gw[i].afs };
		memcpy(x.addr, ri->gw[i].addr, 16);
		if ((v[n] = nh_intern(&f->t, &x)) != NULL)
			n++;
	}
	struct fib_nhset *set = n > 0 ? nhset_get(&f->t, v, n) : NULL;
	if (set == NULL)
		return NULL;
	struct fib_nhg *g = set->grp;
	if (g == NULL || g->id != 0 || (g->flags & NHG_MISMATCH))
		g = nhg_new(&f->t, set, 0, NHG_T_VIRTUAL);
	nhset_unref(&f->t, set);
	if (g != NULL)
		nhg_maybe_gc(&f->t, g);	/* freed again if no route ends up on it */
	return g;
}

static void
route_cb(void *arg, const struct nlmsghdr *nlh)
{
	struct kdump *d = arg;
	struct fib *f = d->f;
	static struct nl_route_info ri;	/* 6 KiB; single-threaded */
	struct prefix p;
	if (nlh->nlmsg_type != RTM_NEWROUTE || !nl_route_parse(nlh, &ri) ||
	    ri.table != f->cfg.table || ri.protocol != f->cfg.protocol ||
	    (ri.rtm_flags & RTM_F_CLONED) || !nl_route_prefix(&ri, &p))
		return;
	if (ri.metric != f->cfg.metric || ri.rtm_type != RTN_UNICAST) {
		add_stale(f, &(struct stale){ .route = true, .pfx = p, .metric = ri.metric });
		d->stale_routes++;
		return;
	}
	struct fib_route *r = rtab_get(&f->rt, &p);
	if (r == NULL) {
		if (f->sync_done || (r = rtab_add(&f->rt, &p)) == NULL) {
			add_stale(f, &(struct stale){ .route = true, .pfx = p, .metric = ri.metric });
			d->stale_routes++;
			return;
		}
		r->flags |= R_STALE;
		d->adopted_routes++;
	}
	r->flags |= R_SEEN;
	if (r->flags & R_QUEUED)
		return;	/* being written: the ACK settles it */
	struct fib_nhg *kg = NULL;
	if (ri.nhid != 0)
		kg = nhg_by_id(&f->t, ri.nhid);
	else if (!f->t.objects && ri.n_gw > 0 && !ri.gw_truncated)
		kg = virtual_group(f, &ri);
	if (kg != NULL && r->grp == kg && !(r->flags & R_KUNKNOWN))
		return;	/* as we think */
	bool known_before = r->grp != NULL || (r->flags & R_KUNKNOWN);
	route_set_grp(&f->t, r, kg);
	if (kg == NULL)
		r->flags |= R_KUNKNOWN;
	else
		r->flags &= (uint8_t)~R_KUNKNOWN;
	if (d->startup && !known_before)
		return;
	d->changed++;
	if (r->want != NULL || f->sync_done)
		fib_mark_dirty(f, r);
}

static void
lost_routes(struct kdump *d)
{
	struct fib *f = d->f;
	size_t i;
	struct fib_route *r, *nx;
	RTAB_FOREACH(&f->rt, i, r, nx) {
		bool seen = r->flags & R_SEEN;
		r->flags &= (uint8_t)~R_SEEN;
		if (seen || (r->flags & R_QUEUED) || (r->grp == NULL && !(r->flags & R_KUNKNOWN)))
			continue;
		route_set_grp(&f->t, r, NULL);
		r->flags &= (uint8_t)~R_KUNKNOWN;
		d->changed++;
		if (r->want != NULL || f->sync_done)
			fib_mark_dirty(f, r);
	}
}

static int
dump(struct fib *f, struct nlmsghdr *(*put)(struct fib *, void *, size_t, int), int family,
    nld_cb *cb, struct kdump *d)
{
	char req[256];
	for (int i = 0; i < DUMP_TRIES; i++) {
		struct nlmsghdr *nlh = put(f, req, sizeof(req), family);
		if (nlh == NULL)
			return -1;
		if (cb == nh_cb)
			kdump_reset(d);
		if (nld_dump(&f->nd, nlh, cb, d) == 0)
			return 0;
		if (errno != EINTR)
			return -1;
	}
	return -1;
}

static struct nlmsghdr *
put_nh_dump(struct fib *f, void *buf, size_t cap, int family)
{
	return nl_nexthop_dump_put(buf, cap, 0);
}

static struct nlmsghdr *
put_route_dump(struct fib *f, void *buf, size_t cap, int family)
{
	return nl_route_dump_put(buf, cap, 0, family, f->cfg.table, f->cfg.protocol);
}

static int
read_kernel(struct fib *f, struct kdump *d)
{
	if (dump(f, put_nh_dump, AF_UNSPEC, nh_cb, d) < 0) {
		if (f->t.objects)
			log_msg(LOG_WARNING, "fib: reading nexthop objects: %s", strerror(errno));
		kdump_reset(d);
	}
	reconcile_nexthops(d);
	kdump_reset(d);
	int rc = 0;
	for (int fam = 0; fam < 2; fam++) {
		int family = fam == 0 ? AF_INET : AF_INET6;
		if (dump(f, put_route_dump, family, route_cb, d) < 0 && errno != ENOENT) {
			/* without IPv6 (EAFNOSUPPORT) there is nothing to read; else say so and go on */
			if (errno != EAFNOSUPPORT && errno != EOPNOTSUPP)
				log_msg(LOG_WARNING, "fib: reading the %s routes of table %u: %s",
				    family == AF_INET ? "IPv4" : "IPv6", f->cfg.table, strerror(errno));
			rc = -1;
		}
	}
	return rc;
}

int
fib_sync_start(struct fib *f)
{
	struct kdump d = { .f = f, .startup = true };
	int rc = read_kernel(f, &d);	/* a failed read is not fatal: we start empty-handed */
	clear_seen(f);
	size_t i;
	struct fib_route *r, *nx;
	RTAB_FOREACH(&f->rt, i, r, nx)
		r->flags &= (uint8_t)~R_SEEN;
	free(d.v);
	if (rc == 0 && (d.adopted_routes > 0 || f->stale.n > 0 || f->t.n_groups > 0))
		log_msg(LOG_INFO, "fib: found %zu routes and %zu nexthop groups of protocol %u in table %u "
		    "(and %zu other objects); kept until the first full table from BGP",
		    d.adopted_routes, f->t.n_groups, f->cfg.protocol, f->cfg.table, f->stale.n);
	return 0;
}

void
fib_sync_audit(struct fib *f)
{
	struct kdump d = { .f = f };
	f->st.resyncs++;
	int rc = read_kernel(f, &d);
	if (rc == 0) {
		lost_objects(&d);
		lost_routes(&d);
	} else {
		clear_seen(f);
	}
	free(d.v);
	/* routes on groups the kernel lost went with them */
	size_t i;
	struct fib_route *r, *nx;
	RTAB_FOREACH(&f->rt, i, r, nx) {
		r->flags &= (uint8_t)~R_SEEN;
		if (r->grp != NULL && r->grp->id != 0 && !(r->grp->flags & NHG_IN_KERNEL) &&
		    !(r->flags & R_QUEUED)) {
			route_set_grp(&f->t, r, NULL);
			if (r->want != NULL || f->sync_done)
				fib_mark_dirty(f, r);
		}
	}
	f->st.restored += d.changed;
	log_msg(LOG_NOTICE, "fib: read the kernel's tables again: %zu differences, restoring", d.changed);
}

/* ---- deleting ---- */
static void
send_stale(struct fib *f, struct stale *s, uint8_t kind)
{
	size_t cap;
	struct nlmsghdr *nlh;
	for (int i = 0; i < 2; i++) {
		void *buf = nlb_space(&f->nb, &cap);
		if (s->route) {
			struct nl_route_req rq = { .type = RTM_DELROUTE, .pfx = &s->pfx,
				.table = f->cfg.table, .protocol = f->cfg.protocol, .metric = s->metric };
			nlh = nl_route_put(buf, cap, 0, &rq);
		} else {
			struct nl_nh_req rq = { .type = RTM_DELNEXTHOP, .id = s->id };
			nlh = nl_nexthop_put(buf, cap, 0, &rq);
		}
		if (nlh != NULL)
			break;
		nlb_flush(&f->nb);
	}
	if (nlh == NULL) {
		free(s);
		return;
	}
	if (s->route)
		f->st.route_msgs++;
	else
		f->st.nexthop_msgs++;
	nlb_add(&f->nb, nlh, kind, s);
}

void
fib_sync_stale_flush(struct fib *f)
{
	if (f->stale.n == 0)
		return;
	/* routes, then groups, then the next hops in them */
	for (int pass = 0; pass < 3; pass++) {
		for (size_t i = 0; i < f->stale.n; i++) {
			struct stale *s = f->stale.v[i];
			if (s != NULL && (pass == 0 ? s->route : pass == 1 ? s->group : !s->route && !s->group)) {
				f->stale.v[i] = NULL;
				send_stale(f, s, OP_STALE_DEL);
			}
		}
		nlb_flush(&f->nb);
	}
	f->stale.n = 0;
}

void
fib_sync_exit(struct fib *f)
{
	uint64_t msgs = f->nb.msgs;
	size_t n = f->rt.n, i;
	struct fib_route *r, *rn;
	/* routes that carry their next hops, or that we cannot account for */
	RTAB_FOREACH(&f->rt, i, r, rn) {
		struct fib_nhg *g = r->grp;
		if (g == NULL ? !(r->flags & R_KUNKNOWN) : g->id != 0 && (g->flags & NHG_IN_KERNEL))
			continue;
		struct nl_route_req rq = { .type = RTM_DELROUTE, .pfx = &r->pfx, .table = f->cfg.table,
			.protocol = f->cfg.protocol, .metric = f->cfg.metric };
		size_t cap;
		void *buf = nlb_space(&f->nb, &cap);
		struct nlmsghdr *nlh = nl_route_put(buf, cap, 0, &rq);
		if (nlh == NULL) {
			nlb_flush(&f->nb);
			buf = nlb_space(&f->nb, &cap);
			nlh = nl_route_put(buf, cap, 0, &rq);
		}
		if (nlh != NULL)
			nlb_add(&f->nb, nlh, OP_EXIT, NULL);
	}
	nlb_flush(&f->nb);
	/* deleting a group deletes the routes pointing at it */
	for (struct fib_nhg *g = f->t.groups; g != NULL; g = g->next) {
		if (g->id == 0 || !(g->flags & NHG_IN_KERNEL))
			continue;
		struct nl_nh_req rq = { .type = RTM_DELNEXTHOP, .id = g->id };
		size_t cap;
		void *buf = nlb_space(&f->nb, &cap);
		struct nlmsghdr *nlh = nl_nexthop_put(buf, cap, 0, &rq);
		if (nlh == NULL) {
			nlb_flush(&f->nb);
			buf = nlb_space(&f->nb, &cap);
			nlh = nl_nexthop_put(buf, cap, 0, &rq);
		}
		if (nlh != NULL)
			nlb_add(&f->nb, nlh, OP_EXIT, NULL);
		g->flags &= (uint16_t)~NHG_IN_KERNEL;
	}
	nlb_flush(&f->nb);
	struct fib_nh *nh, *nx;
	NHTAB_FOREACH_NH(&f->t, i, nh, nx) {
		if (!(nh->flags & NH_IN_KERNEL))
			continue;
		struct nl_nh_req rq = { .type = RTM_DELNEXTHOP, .id = nh->id };
		size_t cap;
		void *buf = nlb_space(&f->nb, &cap);
		struct nlmsghdr *nlh = nl_nexthop_put(buf, cap, 0, &rq);
		if (nlh == NULL) {
			nlb_flush(&f->nb);
			buf = nlb_space(&f->nb, &cap);
			nlh = nl_nexthop_put(buf, cap, 0, &rq);
		}
		if (nlh != NULL)
			nlb_add(&f->nb, nlh, OP_EXIT, NULL);
		nh->flags &= (uint16_t)~NH_IN_KERNEL;
	}
	nlb_flush(&f->nb);
	fib_sync_stale_flush(f);
	if (f->nb.msgs != msgs)
		log_msg(LOG_INFO, "fib: removed our %zu routes and their nexthops from table %u "
		    "(%llu netlink messages)", n, f->cfg.table, (unsigned long long)(f->nb.msgs - msgs));
}
