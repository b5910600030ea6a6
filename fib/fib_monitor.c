/*
 * fib_monitor.c -- watch the kernel for changes to what is ours.
 *
 * A socket of its own joins RTNLGRP_IPV4_ROUTE, RTNLGRP_IPV6_ROUTE and
 * RTNLGRP_NEXTHOP. A notification carries the port id of the socket whose
 * request caused it, so our own writes (the write socket's port id) are
 * skipped at once; everything else touching our table, protocol, metric or
 * nexthop ids was done by someone else (a person with `ip`, another daemon,
 * the kernel itself when an interface goes down). It is logged and our
 * state is restored by the next flush: a deleted route is written again, a
 * replaced one overwritten, a deleted nexthop object or group re-created
 * with the same id (the kernel deleted the group's routes too: they come
 * back). A next hop whose interface went down is not restored: the link
 * cache has the news and its groups are replaced without it.
 *
 * If the socket overruns (ENOBUFS), events were lost: the next flush reads
 * the kernel's tables again (fib_sync_audit).
 *
 * Our own big writes: 100,000 route messages, or one in-place replace of a
 * group 100,000 routes use, make the kernel build one notification per
 * route, which we would read only to skip it (and which overruns any
 * sensible buffer). Around such a sendmsg (nl_batch.c's `around` hook) the
 * monitor leaves the two route groups and joins them again right after.
 * The kernel handles the whole batch under the RTNL lock, so no one else
 * can change a route meanwhile; only a change made in the microseconds
 * between leaving and the syscall, or between the syscall and joining,
 * would go unseen. If no one else listens, the kernel skips building the
 * notifications altogether: the LB change at scale stays one message and
 * a few milliseconds.
 */
#include "config.h"

#include "fib_priv.h"

#include <errno.h>
#include <stdio.h>
#include <sys/socket.h>

#include <event2/event.h>
#include <libmnl/libmnl.h>
#include <linux/nexthop.h>
#include <linux/rtnetlink.h>

#include "log.h"

#define MON_BUF		(64 * 1024)
#define MON_RCVBUF	(32 * 1024 * 1024)

static void
route_lost(struct fib *f, struct fib_route *r)
{
	route_set_grp(&f->t, r, NULL);
	r->flags &= (uint8_t)~R_KUNKNOWN;
	f->st.restored++;
	if (r->want != NULL || f->sync_done)
		fib_mark_dirty(f, r);
}

static bool
same_gws(const struct fib_nhg *g, const struct nl_route_info *ri)
{
	if (g->id != 0 || ri->nhid != 0 || g->members->n != ri->n_gw)
		return false;
	for (size_t i = 0; i < ri->n_gw; i++) {
		bool found = false;
		for (size_t k = 0; k < g->members->n && !found; k++) {
			const struct fib_nh *nh = g->members->nh[k];
			found = nh->afs == ri->gw[i].afs && !memcmp(nh->addr, ri->gw[i].addr, 16) &&
			    nh->oif == ri->gw[i].oif;
		}
		if (!found)
			return false;
	}
	return true;
}

static void
on_route(struct fib *f, const struct nlmsghdr *nlh)
{
	static struct nl_route_info ri;
	struct prefix p;
	char ps[64];
	if (!nl_route_parse(nlh, &ri) || ri.table != f->cfg.table || ri.metric != f->cfg.metric ||
	    (ri.rtm_flags & RTM_F_CLONED) || !nl_route_prefix(&ri, &p))
		return;
	struct fib_route *r = rtab_get(&f->rt, &p);
	if (r == NULL)
		return;
	f->st.monitor_events++;
	if (r->flags & (R_QUEUED | R_DIRTY))
		return;	/* our own write is on its way and settles it */
	bool installed = r->grp != NULL || (r->flags & R_KUNKNOWN);
	fib_pfx_str(&p, ps, sizeof(ps));
	if (nlh->nlmsg_type == RTM_DELROUTE) {
		if (ri.protocol != f->cfg.protocol || !installed)
			return;
		log_msg(LOG_NOTICE, "fib: route %s of ours was deleted by someone else (port %u); %s", ps,
		    nlh->nlmsg_pid, r->want != NULL ? "restoring" : "forgetting it");
		route_lost(f, r);
		return;
	}
	if (ri.protocol != f->cfg.protocol) {
		if (!installed)
			return;
		log_msg(LOG_NOTICE, "fib: route %s of ours was replaced by someone else (protocol %u, "
		    "port %u); restoring", ps, ri.protocol, nlh->nlmsg_pid);
		route_lost(f, r);
		return;
	}
	/* our protocol, someone else's write: is it what we wrote? */
	if (r->grp != NULL && ((r->grp->id != 0 && ri.nhid == r->grp->id) || same_gws(r->grp, &ri)))
		return;
	log_msg(LOG_NOTICE, "fib: route %s of ours was changed by someone else (port %u); restoring",
	    ps, nlh->nlmsg_pid);
	route_set_grp(&f->t, r, NULL);
	r->flags |= R_KUNKNOWN;
	f->st.restored++;
	if (r->want != NULL || f->sync_done)
		fib_mark_dirty(f, r);
}

void
fib_group_lost(struct fib *f, struct fib_nhg *g, uint32_t pid, bool log)
{
	size_t n = 0, i;
	struct fib_route *r, *nx;
	g->flags &= (uint16_t)~NHG_IN_KERNEL;
	RTAB_FOREACH(&f->rt, i, r, nx) {
		if (r->grp == g && !(r->flags & R_QUEUED)) {
			route_lost(f, r);
			n++;
		}
	}
	if (log && (g->nroutes + g->nplanned > 0 || n > 0)) {
		log_msg(LOG_NOTICE, "fib: nexthop group %u of ours was deleted by %s (port %u), taking "
		    "%zu routes with it; restoring", g->id, pid ? "someone else" : "the kernel", pid, n);
		f->st.restored++;
	}
	fib_schedule(f);
}

static void
on_nexthop(struct fib *f, const struct nlmsghdr *nlh)
{
	static struct nl_nh_info ni;
	char a[64];
	if (!nl_nexthop_parse(nlh, &ni) || ni.id == 0)
		return;
	struct idmap_ent *x = idmap_get(&f->t.ids, ni.id);
	if (x == NULL) {
		if (nlh->nlmsg_type == RTM_NEWNEXTHOP && ni.id >= f->t.id_base &&
		    ni.id - f->t.id_base < f->t.id_count)
			idmap_put(&f->t.ids, ni.id, ID_FOREIGN, NULL);	/* never allocate it */
		return;
	}
	if (x->kind == ID_FOREIGN) {
		if (nlh->nlmsg_type == RTM_DELNEXTHOP)
			idmap_del(&f->t.ids, ni.id);
		return;
	}
	f->st.monitor_events++;
	if (x->kind == ID_NH) {
		struct fib_nh *nh = x->p;
		if (!(nh->flags & NH_IN_KERNEL))
			return;
		fib_nh_str(nh, a, sizeof(a));
		if (nlh->nlmsg_type == RTM_NEWNEXTHOP) {
			if (ni.has_gw && ni.oif == nh->k_oif && !memcmp(ni.gw.addr, nh->addr, 16))
				return;
			log_msg(LOG_NOTICE, "fib: nexthop id %u (%s) was changed by someone else (port %u); "
			    "restoring", nh->id, a, nlh->nlmsg_pid);
			nh->k_oif = 0;	/* phase 0 writes it again */
			f->st.restored++;
			fib_schedule(f);
			return;
		}
		nh->flags &= (uint16_t)~NH_IN_KERNEL;
		/* the kernel took it out of our groups: they are written again */
		for (struct fib_nhg *g = f->t.groups; g != NULL; g = g->next) {
			if (g->id != 0 && (g->flags & NHG_IN_KERNEL) && nhset_has(g->members, nh) &&
			    !(g->flags & NHG_WRITE) && pvec_push(&f->t.grp_write, g))
				g->flags |= NHG_WRITE;
		}
		link_cache_poll(f->lc);		/* an interface going down tells first */
		if (nlh->nlmsg_pid != 0 || f->links_changed == false) {
			log_msg(LOG_NOTICE, "fib: nexthop id %u (%s) was deleted by %s (port %u); restoring",
			    ni.id, a, nlh->nlmsg_pid ? "someone else" : "the kernel", nlh->nlmsg_pid);
			f->st.restored++;
		}
		fib_schedule(f);
		return;
	}
	struct fib_nhg *g = x->p;
	if (!(g->flags & NHG_IN_KERNEL))
		return;
	if (nlh->nlmsg_type == RTM_DELNEXTHOP) {
		fib_group_lost(f, g, nlh->nlmsg_pid, true);
		return;
	}
	/* a group of ours replaced by someone else: members or type differ? */
	bool differs = ni.n_grp != g->members->n ||
	    (ni.grp_type == NEXTHOP_GRP_TYPE_RES) != (g->type == NHG_T_RES);
	for (size_t i = 0; !differs && i < ni.n_grp; i++) {
		struct fib_nh *nh = nh_by_id(&f->t, ni.grp[i]);
		differs = nh == NULL || !nhset_has(g->members, nh);
	}
	if (!differs)
		return;
	log_msg(LOG_NOTICE, "fib: nexthop group %u of ours was changed by someone else (port %u); "
	    "restoring", g->id, nlh->nlmsg_pid);
	f->st.restored++;
	if (!(g->flags & NHG_WRITE) && pvec_push(&f->t.grp_write, g))
		g->flags |= NHG_WRITE;
	fib_schedule(f);
}

void
fib_monitor_drain(struct fib *f)
{
	if (f->mon == NULL)
		return;
	for (;;) {
		ssize_t n = recv(mnl_socket_get_fd(f->mon), f->mon_buf, MON_BUF, MSG_DONTWAIT);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ENOBUFS) {
				if (!f->need_audit)
					log_msg(LOG_WARNING, "fib: kernel monitor overrun: events lost; "
					    "reading the tables again");
				f->need_audit = true;
				fib_schedule(f);
				continue;
			}
			return;	/* EAGAIN */
		}
		const struct nlmsghdr *nlh = (const void *)f->mon_buf;
		int len = (int)n;
		for (; mnl_nlmsg_ok(nlh, len); nlh = mnl_nlmsg_next(nlh, &len)) {
			if (nlh->nlmsg_pid == f->nb.portid)
				continue;	/* our own write */
			switch (nlh->nlmsg_type) {
			case RTM_NEWROUTE:
			case RTM_DELROUTE:
				on_route(f, nlh);
				break;
			case RTM_NEWNEXTHOP:
			case RTM_DELNEXTHOP:
				on_nexthop(f, nlh);
				break;
			default:
				break;
			}
		}
	}
}

static void
on_read(evutil_socket_t fd, short what, void *arg)
{
	fib_monitor_drain(arg);
}

void
fib_monitor_quiet(void *arg, bool before)
{
	struct fib *f = arg;
	static const int route_groups[] = { RTNLGRP_IPV4_ROUTE, RTNLGRP_IPV6_ROUTE };
	if (f->mon == NULL)
		return;
	for (size_t i = 0; i < 2; i++)
		mnl_socket_setsockopt(f->mon, before ? NETLINK_DROP_MEMBERSHIP : NETLINK_ADD_MEMBERSHIP,
		    (void *)&route_groups[i], sizeof(int));
}

int
fib_monitor_open(struct fib *f)
{
	static const unsigned groups[] = { RTNLGRP_IPV4_ROUTE, RTNLGRP_IPV6_ROUTE, RTNLGRP_NEXTHOP };
	if ((f->mon = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC | SOCK_NONBLOCK)) == NULL)
		return -1;
	if (mnl_socket_bind(f->mon, 0, MNL_SOCKET_AUTOPID) < 0)
		goto fail;
	for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]); i++) {
		int g = (int)groups[i];
		if (mnl_socket_setsockopt(f->mon, NETLINK_ADD_MEMBERSHIP, &g, sizeof(g)) < 0)
			goto fail;
	}
	int sz = MON_RCVBUF, fd = mnl_socket_get_fd(f->mon);
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &sz, sizeof(sz)) < 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &sz, sizeof(sz));
	if ((f->mon_buf = malloc(MON_BUF)) == NULL)
		goto fail;
	f->mon_ev = event_new(f->base, fd, EV_READ | EV_PERSIST, on_read, f);
	if (f->mon_ev == NULL || event_add(f->mon_ev, NULL) < 0)
		goto fail;
	return 0;
fail:
	fib_monitor_close(f);
	return -1;
}

void
fib_monitor_close(struct fib *f)
{
	if (f->mon_ev != NULL)
		event_free(f->mon_ev);
	if (f->mon != NULL)
		mnl_socket_close(f->mon);
	free(f->mon_buf);
	f->mon_ev = NULL;
	f->mon = NULL;
	f->mon_buf = NULL;
}
