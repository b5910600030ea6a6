/*
 * link_cache.c -- link and address caches with libnl-route-3's cache
 * manager, on their own netlink socket, its fd plugged into libevent.
 *
 * Only reads: libnl never writes here (Debian 12's libnl cannot program
 * nexthop objects; every write is libmnl's, in nl_batch.c), and its route
 * cache, one object per route, is never loaded.
 *
 * A next hop is usable when an interface that is up and has carrier holds
 * an address whose connected network contains it (the longest such
 * prefix wins; then the lowest ifindex). An IPv6 link-local next hop needs
 * the interface from the RIB. Recursive next hops (reachable only through
 * another route) are refused for now.
 */
#include "config.h"

#include "link_cache.h"

#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>
#include <linux/if_addr.h>
#include <netlink/cache.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>

#include "fib_int.h"
#include "log.h"

#ifndef IFF_LOWER_UP
#define IFF_LOWER_UP 0x10000
#endif

struct link_cache {
	struct nl_cache_mngr *mngr;
	struct nl_cache *links, *addrs;
	struct event *ev;
	link_cache_cb *changed;
	void *arg;
	bool dirty;
};

static void
on_change(struct nl_cache *cache, struct nl_object *obj, int action, void *arg)
{
	struct link_cache *lc = arg;
	lc->dirty = true;
}

/* After an overrun the caches may have missed changes: load them again. */
static void
refill(struct link_cache *lc)
{
	struct nl_sock *sk = nl_socket_alloc();
	if (sk == NULL || nl_connect(sk, NETLINK_ROUTE) < 0) {
		log_msg(LOG_ERR, "fib: cannot reload the link and address caches");
	} else {
		nl_cache_refill(sk, lc->links);
		nl_cache_refill(sk, lc->addrs);
	}
	if (sk != NULL)
		nl_socket_free(sk);
	lc->dirty = true;
}

void
link_cache_poll(struct link_cache *lc)
{
	int err = nl_cache_mngr_data_ready(lc->mngr);
	if (err < 0 && err != -NLE_AGAIN) {
		log_msg(LOG_WARNING, "fib: link/address monitor: %s; reloading", nl_geterror(err));
		refill(lc);
	}
	if (lc->dirty) {
		lc->dirty = false;
		lc->changed(lc->arg);
	}
}

static void
on_read(evutil_socket_t fd, short what, void *arg)
{
	link_cache_poll(arg);
}

struct link_cache *
link_cache_new(struct event_base *base, link_cache_cb *changed, void *arg)
{
	struct link_cache *lc = calloc(1, sizeof(*lc));
	if (lc == NULL)
		return NULL;
	lc->changed = changed;
	lc->arg = arg;
	int err;
	if ((err = nl_cache_mngr_alloc(NULL, NETLINK_ROUTE, 0, &lc->mngr)) < 0 ||
	    (err = nl_cache_mngr_add(lc->mngr, "route/link", on_change, lc, &lc->links)) < 0 ||
	    (err = nl_cache_mngr_add(lc->mngr, "route/addr", on_change, lc, &lc->addrs)) < 0) {
		log_msg(LOG_ERR, "fib: link and address caches: %s", nl_geterror(err));
		link_cache_free(lc);
		return NULL;
	}
	lc->ev = event_new(base, nl_cache_mngr_get_fd(lc->mngr), EV_READ | EV_PERSIST, on_read, lc);
	if (lc->ev == NULL || event_add(lc->ev, NULL) < 0) {
		link_cache_free(lc);
		return NULL;
	}
	lc->dirty = false;
	return lc;
}

void
link_cache_free(struct link_cache *lc)
{
	if (lc == NULL)
		return;
	if (lc->ev != NULL)
		event_free(lc->ev);
	if (lc->mngr != NULL)
		nl_cache_mngr_free(lc->mngr);	/* frees the caches it manages */
	free(lc);
}

static bool
link_up(struct link_cache *lc, int ifindex, bool *exists)
{
	struct rtnl_link *l = rtnl_link_get(lc->links, ifindex);
	*exists = l != NULL;
	if (l == NULL)
		return false;
	unsigned flags = rtnl_link_get_flags(l);
	rtnl_link_put(l);
	return (flags & IFF_UP) && (flags & IFF_LOWER_UP);
}

static bool
in_prefix(const uint8_t *net, const uint8_t *a, unsigned plen, size_t alen)
{
	if (plen > alen * 8)
		return false;
	size_t bytes = plen / 8;
	if (memcmp(net, a, bytes) != 0)
		return false;
	if (plen % 8 == 0)
		return true;
	uint8_t m = (uint8_t)(0xff << (8 - plen % 8));
	return (net[bytes] & m) == (a[bytes] & m);
}

uint8_t
link_cache_resolve(struct link_cache *lc, uint8_t afs, const uint8_t *addr, uint32_t hint,
    uint32_t *oif)
{
	size_t alen = afs == AFS_IPV4_UNICAST ? 4 : 16;
	int family = afs_family(afs);
	bool exists;
	*oif = 0;
	if (afs == AFS_IPV6_UNICAST && addr[0] == 0xfe && (addr[1] & 0xc0) == 0x80) {
		if (hint == 0)
			return NH_LL_NO_IF;
		*oif = hint;
		if (!link_up(lc, (int)hint, &exists))
			return exists ? NH_IF_DOWN : NH_NO_IF;
		return NH_OK;
	}
	if (hint != 0 && !link_up(lc, (int)hint, &exists) && !exists) {
		*oif = hint;
		return NH_NO_IF;
	}
	int best_len = -1, down_if = 0;
	uint32_t best_if = 0;
	for (struct nl_object *o = nl_cache_get_first(lc->addrs); o != NULL; o = nl_cache_get_next(o)) {
		struct rtnl_addr *a = (struct rtnl_addr *)o;
		if (rtnl_addr_get_family(a) != family)
			continue;
		if (rtnl_addr_get_flags(a) & IFA_F_DADFAILED)
			continue;
		int ifindex = rtnl_addr_get_ifindex(a);
		if (hint != 0 && (uint32_t)ifindex != hint)
			continue;
		struct nl_addr *local = rtnl_addr_get_local(a);
		struct nl_addr *peer = rtnl_addr_get_peer(a);
		if (local == NULL || nl_addr_get_len(local) != alen)
			continue;
		if (!memcmp(nl_addr_get_binary_addr(local), addr, alen)) {
			*oif = (uint32_t)ifindex;
			return NH_LOCAL;
		}
		struct nl_addr *net = peer != NULL && nl_addr_get_len(peer) == alen ? peer : local;
		int plen = rtnl_addr_get_prefixlen(a);
		if (!in_prefix(nl_addr_get_binary_addr(net), addr, (unsigned)plen, alen))
			continue;
		if (!link_up(lc, ifindex, &exists)) {
			down_if = ifindex;
			continue;
		}
		if (plen > best_len || (plen == best_len && (uint32_t)ifindex < best_if)) {
			best_len = plen;
			best_if = (uint32_t)ifindex;
		}
	}
	if (best_len >= 0) {
		*oif = best_if;
		return NH_OK;
	}
	if (down_if != 0) {
		*oif = (uint32_t)down_if;
		return NH_IF_DOWN;
	}
	return NH_NOT_CONNECTED;
}

bool
link_cache_if_up(struct link_cache *lc, uint32_t ifindex)
{
	bool exists;
	return link_up(lc, (int)ifindex, &exists);
}

const char *
link_cache_ifname(struct link_cache *lc, uint32_t ifindex, char *buf, size_t len)
{
	struct rtnl_link *l = lc != NULL ? rtnl_link_get(lc->links, (int)ifindex) : NULL;
	if (l == NULL) {
		snprintf(buf, len, "if%u", ifindex);
		return buf;
	}
	snprintf(buf, len, "%s", rtnl_link_get_name(l));
	rtnl_link_put(l);
	return buf;
}
