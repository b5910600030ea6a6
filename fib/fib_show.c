/*
 * fib_show.c -- what we asked the kernel for, beside what it holds.
 *
 * Groups are read back from the kernel for each call (one nexthop dump:
 * there are few), so type, buckets and members are the kernel's own. For
 * routes the kernel's side is what it acknowledged, kept in step by the
 * monitor; asked about one prefix, fib_show also reads that route back
 * (a dump of our table and protocol, filtered by the kernel).
 */
#include "config.h"

#include "fib_priv.h"

#include <errno.h>
#include <stdio.h>
#include <sys/socket.h>

#include <libmnl/libmnl.h>
#include <linux/nexthop.h>
#include <linux/rtnetlink.h>

#define REASON_LEN 200

struct kgrp {
	uint32_t id;
	uint8_t type;
	uint16_t buckets;
	size_t n;
	uint32_t m[FIB_MAX_NEXTHOPS];
};

struct scratch {
	struct fib *f;
	struct fib_show_nh nh[FIB_MAX_NEXTHOPS];
	struct fib_show_nh knh[FIB_MAX_NEXTHOPS];
	char reason[FIB_MAX_NEXTHOPS][REASON_LEN];
	char why[REASON_LEN];
	struct kgrp *kg;
	size_t n_kg, cap_kg;
	/* one route read back */
	const struct prefix *want_pfx;
	bool k_found;
	uint32_t k_nhid;
	size_t k_n;
	struct nl_gw k_gw[FIB_MAX_NEXTHOPS];
};

static void
kgrp_cb(void *arg, const struct nlmsghdr *nlh)
{
	struct scratch *s = arg;
	static struct nl_nh_info ni;
	if (nlh->nlmsg_type != RTM_NEWNEXTHOP || !nl_nexthop_parse(nlh, &ni) || !ni.is_group ||
	    nhg_by_id(&s->f->t, ni.id) == NULL)
		return;
	if (s->n_kg == s->cap_kg) {
		size_t cap = s->cap_kg ? s->cap_kg * 2 : 16;
		struct kgrp *v = realloc(s->kg, cap * sizeof(*v));
		if (v == NULL)
			return;
		s->kg = v;
		s->cap_kg = cap;
	}
	struct kgrp *k = &s->kg[s->n_kg++];
	k->id = ni.id;
	k->type = ni.grp_type == NEXTHOP_GRP_TYPE_RES ? NHG_T_RES : NHG_T_MPATH;
	k->buckets = ni.buckets;
	k->n = ni.n_grp;
	memcpy(k->m, ni.grp, ni.n_grp * sizeof(uint32_t));
}

static void
kroute_cb(void *arg, const struct nlmsghdr *nlh)
{
	struct scratch *s = arg;
	static struct nl_route_info ri;
	struct prefix p;
	struct fib *f = s->f;
	if (nlh->nlmsg_type != RTM_NEWROUTE || !nl_route_parse(nlh, &ri) ||
	    ri.table != f->cfg.table || ri.protocol != f->cfg.protocol ||
	    ri.metric != f->cfg.metric || !nl_route_prefix(&ri, &p) ||
	    p.len != s->want_pfx->len || memcmp(p.addr, s->want_pfx->addr, 16))
		return;
	s->k_found = true;
	s->k_nhid = ri.nhid;
	s->k_n = ri.n_gw;
	memcpy(s->k_gw, ri.gw, ri.n_gw * sizeof(ri.gw[0]));
}

static const char *
type_name(uint8_t type)
{
	return type == NHG_T_RES ? "resilient" : type == NHG_T_MPATH ? "hash-threshold" : "multipath";
}

static void
fill_nh(struct scratch *s, struct fib_show_nh *o, const struct fib_nh *nh, char *reason)
{
	memset(o, 0, sizeof(*o));
	o->nh.afs = nh->afs;
	memcpy(o->nh.addr, nh->addr, 16);
	o->nh.ifindex = nh->hint;
	o->id = nh->id;
	o->oif = nh->oif;
	if (nh->oif != 0)
		link_cache_ifname(s->f->lc, nh->oif, o->ifname, sizeof(o->ifname));
	o->usable = nh_usable(nh);
	o->reason = o->usable || reason == NULL ? NULL : fib_nh_reason(s->f, nh, reason, REASON_LEN);
}

static void
show_group(struct scratch *s, const struct fib_nhg *g, const struct fib_show_ops *ops, void *arg)
{
	struct fib_show_group o = { 0 };
	o.id = g->id;
	o.type = type_name(g->type);
	o.buckets = g->type == NHG_T_RES ? g->buckets : 0;
	o.idle_timer = g->idle_timer;
	o.unbalanced_timer = g->unbalanced_timer;
	o.routes = g->nroutes;
	o.n_members = g->members->n;
	for (size_t i = 0; i < g->members->n; i++)
		fill_nh(s, &s->nh[i], g->members->nh[i], s->reason[i]);
	o.members = s->nh;
	if (g->flags & NHG_FAILED)
		o.state = "failed";
	else if (g->flags & (NHG_WRITE | NHG_KILL))
		o.state = "pending";
	else if ((g->flags & NHG_ADOPTED) && g->nroutes == 0)
		o.state = "stale";
	else if (g->id == 0 || (g->flags & NHG_IN_KERNEL))
		o.state = "installed";
	else
		o.state = "pending";
	o.error = g->fail != NULL ? g->fail->text : NULL;
	for (size_t i = 0; g->id != 0 && i < s->n_kg; i++) {
		if (s->kg[i].id != g->id)
			continue;
		o.k_present = true;
		o.k_type = type_name(s->kg[i].type);
		o.k_buckets = s->kg[i].buckets;
		o.k_n_members = s->kg[i].n;
		o.k_members = s->kg[i].m;
	}
	ops->group(arg, &o);
}

static void
show_route(struct scratch *s, struct fib_route *r, bool read_back, const struct fib_show_ops *ops,
    void *arg)
{
	struct fib *f = s->f;
	struct fib_show_route o = { 0 };
	o.pfx = &r->pfx;
	struct fib_nhset *eff = r->want != NULL ? nhset_eff(&f->t, r->want) : NULL;
	if (r->fail != NULL && !(r->flags & R_QUEUED))
		o.state = FIB_RS_FAILED;
	else if (r->flags & (R_DIRTY | R_QUEUED))
		o.state = FIB_RS_PENDING;
	else if (r->want == NULL)
		o.state = FIB_RS_STALE;
	else if (eff == NULL)
		o.state = r->grp == NULL ? FIB_RS_REFUSED : FIB_RS_PENDING;
	else
		o.state = r->grp != NULL && r->grp->members == eff ? FIB_RS_INSTALLED : FIB_RS_PENDING;
	if (r->want != NULL) {
		o.n_want = r->want->n;
		for (size_t i = 0; i < r->want->n; i++) {
			fill_nh(s, &s->nh[i], r->want->nh[i], s->reason[i]);
			if (o.reason == NULL && s->nh[i].reason != NULL && eff == NULL)
				o.reason = s->nh[i].reason;
		}
		o.want = s->nh;
	}
	if (r->fail != NULL) {
		o.reason = r->fail->text;
		o.attempts = r->fail->attempts;
		uint64_t now = fib_now_ms();
		o.retry_in_ms = r->fail->next_try > now && r->fail->next_try != UINT64_MAX ?
		    (uint32_t)(r->fail->next_try - now) : 0;
	}
	o.group = r->grp != NULL ? r->grp->id : 0;
	o.pending_group = r->tgt != NULL ? r->tgt->id : 0;
	if (r->grp != NULL) {
		o.n_kernel = r->grp->members->n;
		for (size_t i = 0; i < r->grp->members->n; i++)
			fill_nh(s, &s->knh[i], r->grp->members->nh[i], NULL);
		o.kernel = s->knh;
	}
	if (read_back) {
		/* what the kernel holds, read now */
		o.group = s->k_found ? s->k_nhid : 0;
		o.n_kernel = 0;
		if (s->k_found && s->k_nhid == 0) {
			for (size_t i = 0; i < s->k_n; i++) {
				memset(&s->knh[i], 0, sizeof(s->knh[i]));
				s->knh[i].nh.afs = s->k_gw[i].afs;
				memcpy(s->knh[i].nh.addr, s->k_gw[i].addr, 16);
				s->knh[i].oif = s->k_gw[i].oif;
				s->knh[i].usable = true;
				link_cache_ifname(f->lc, s->k_gw[i].oif, s->knh[i].ifname, sizeof(s->knh[i].ifname));
			}
			o.n_kernel = s->k_n;
		} else if (s->k_found && r->grp != NULL && r->grp->id == s->k_nhid) {
			o.n_kernel = r->grp->members->n;
		}
		o.kernel = s->knh;
	}
	ops->route(arg, &o);
}

size_t
fib_show(struct fib *f, const struct prefix *filter, const struct fib_show_ops *ops, void *arg)
{
	struct scratch *s = calloc(1, sizeof(*s));
	size_t n = 0;
	if (s == NULL)
		return 0;
	s->f = f;
	char req[256];
	if (ops->group != NULL && f->t.objects) {
		struct nlmsghdr *nlh = nl_nexthop_dump_put(req, sizeof(req), 0);
		if (nlh == NULL || nld_dump(&f->nd, nlh, kgrp_cb, s) < 0)
			s->n_kg = 0;
	}
	if (ops->group != NULL)
		for (struct fib_nhg *g = f->t.groups; g != NULL; g = g->next)
			show_group(s, g, ops, arg);
	if (ops->route != NULL && filter != NULL) {
		struct fib_route *r = rtab_get(&f->rt, filter);
		if (r != NULL) {
			s->want_pfx = filter;
			struct nlmsghdr *nlh = nl_route_dump_put(req, sizeof(req), 0,
			    afs_family(filter->afs), f->cfg.table, f->cfg.protocol);
			bool ok = nlh != NULL && nld_dump(&f->nd, nlh, kroute_cb, s) == 0;
			show_route(s, r, ok, ops, arg);
			n = 1;
		}
	} else if (ops->route != NULL) {
		size_t i;
		struct fib_route *r, *nx;
		RTAB_FOREACH(&f->rt, i, r, nx) {
			show_route(s, r, false, ops, arg);
			n++;
		}
	}
	free(s->kg);
	free(s);
	return n;
}
