/*
 * bgpd.h -- the daemon's state: one event loop, the running config, the
 * peers and the listeners. Everything else hangs off struct bgpd.
 */
#ifndef ECMPD_BGPD_H
#define ECMPD_BGPD_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/queue.h>
#include <time.h>

#include "conf.h"

struct event_base;
struct event;
struct peer;
struct listener;
struct rib;
struct fib;
struct attrset_table;

TAILQ_HEAD(peer_list, peer);

/* Sessions accepted from one dynamic-neighbors range. */
struct dyn_range {
	const struct conf_dynamic *conf;	/* points into bgpd.conf */
	uint32_t active;			/* dynamic peers alive from it */
	uint64_t refused;			/* over the limit */
};

struct bgpd {
	struct event_base *base;
	struct conf *conf;			/* the running config */
	struct attrset_table *attrs;		/* interned path attributes */
	struct rib *rib;			/* Adj-RIB-In of every peer and the Loc-RIB */
	struct fib *fib;			/* kernel routes (router role), NULL without fib: */
	struct event *fib_sync_timer;
	uint32_t next_rib_id;			/* peer ids handed to the RIB */
	const char *conf_path;
	struct peer_list peers;			/* configured and dynamic */
	uint32_t n_peers;
	struct peer **peer_hash;		/* by address: accept() looks up here */
	uint32_t peer_hash_size;		/* a power of two */
	uint32_t peer_hash_seed;
	struct dyn_range *ranges;		/* one per conf->dynamic[] */
	struct listener **listeners;
	size_t n_listeners;
	struct event *reaper;			/* frees peers marked dead */
	struct event *sig_term, *sig_int, *sig_hup;
	struct event *watchdog;
	struct event *status_timer;
	struct timespec started;		/* CLOCK_MONOTONIC */
	time_t started_wall;
	time_t last_reload;
	bool last_reload_ok;
	char last_reload_msg[256];
	bool stopping;
	double stop_started;
	struct event *stop_poll;
	uint64_t refused_connections;		/* from nobody we know */
};

/* Monotonic seconds, for uptimes. */
double bgpd_now(void);

/* listen.c */
bool listen_open_all(struct bgpd *d);
void listen_close_all(struct bgpd *d);
/* Send Cease / Connection Rejected on a fresh connection and close it. */
void listen_reject(int fd);
/* Install or remove the TCP MD5 key for addr (prefix_len: whole address when -1) on every listener. */
void listen_set_md5(struct bgpd *d, const struct conf_addr *addr, int prefix_len, const char *key);

#endif
