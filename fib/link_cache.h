/*
 * link_cache.h -- which interface reaches a next hop directly, and is it up
 * (libnl-route-3 link and address caches on a socket of their own).
 */
#ifndef ECMPD_FIB_LINK_CACHE_H
#define ECMPD_FIB_LINK_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct event_base;
struct link_cache;

typedef void link_cache_cb(void *arg);

/* Load the caches and watch for changes; `changed` runs after each batch of changes. */
struct link_cache *link_cache_new(struct event_base *base, link_cache_cb *changed, void *arg);
void link_cache_free(struct link_cache *lc);
/* Read the changes already queued now (before acting on other sockets' news). */
void link_cache_poll(struct link_cache *lc);

/*
 * Resolve a next hop: returns NH_OK (enum nh_reason) with *oif set, or the
 * reason it is not usable (*oif is then the interface concerned, or 0).
 * `hint` is an ifindex the RIB gave, or 0.
 */
uint8_t link_cache_resolve(struct link_cache *lc, uint8_t afs, const uint8_t *addr,
    uint32_t hint, uint32_t *oif);
/* Is the interface up with carrier? (Else the kernel has flushed nexthop objects on it.) */
bool link_cache_if_up(struct link_cache *lc, uint32_t ifindex);
const char *link_cache_ifname(struct link_cache *lc, uint32_t ifindex, char *buf, size_t len);

#endif
