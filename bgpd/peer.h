/*
 * peer.h -- a BGP neighbor: its settings, its FSM and connections, its
 * counters. Connections come and go; the peer stays (dynamic peers leave
 * when their session ends).
 *
 * A peer has two connection slots: the one the FSM of the peer works with,
 * and a second for an incoming connection that collides with it (RFC 4271
 * §6.8); each slot has an FSM of its own, and the OPENs decide which stays.
 */
#ifndef ECMPD_PEER_H
#define ECMPD_PEER_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/queue.h>
#include <sys/socket.h>

#include "bgpd.h"
#include "fsm.h"
#include "wire.h"

struct bufferevent;

/* Output queue water marks: above HIGH no more UPDATEs are produced for the
 * peer until the queue drains below LOW (back-pressure, not memory growth). */
#define PEER_OUTQ_HIGH		(256 * 1024)
#define PEER_OUTQ_LOW		(64 * 1024)
/* Messages handled per connection per loop turn, so one busy peer cannot starve the others. */
#define PEER_MSGS_PER_TURN	64
/* How long a closing connection may take to flush its last NOTIFICATION. */
#define PEER_FLUSH_TIMEOUT_MS	2000

struct conn {
	struct peer *peer;
	struct fsm fsm;
	struct bufferevent *bev;	/* NULL: no connection */
	bool outgoing;			/* we initiated it */
	bool connected;			/* TCP up */
	struct event *timers[FSM_TIMER_COUNT];
	struct event *more;		/* continue reading after the per-turn cap */
	struct sockaddr_storage local;	/* our end, once connected */
};

struct peer_counters {
	uint64_t msgs_in[6];		/* by message type */
	uint64_t msgs_out[6];
	uint64_t prefixes_announced;	/* NLRI received in UPDATEs (announcements, not unique) */
	uint64_t prefixes_withdrawn;
	uint64_t treat_as_withdraw;	/* UPDATEs turned into withdrawals (RFC 7606) */
	uint64_t established_count;
	uint64_t dropped;		/* sessions that left Established */
};

struct peer {
	TAILQ_ENTRY(peer) entry;
	struct peer *hash_next;		/* chain in bgpd.peer_hash */
	struct bgpd *d;
	struct conf_addr addr;
	char name[48];			/* the address as text */
	struct sockaddr_storage sa;	/* address and port to connect to */
	socklen_t sa_len;
	struct conf_peer cfg;		/* effective settings (strings point into d->conf) */
	struct dyn_range *range;	/* dynamic peers: the range it came from */
	bool admin_down;		/* neighbor X disable, or shutdown: true */
	uint32_t rib_id;		/* the peer's id in the RIB */
	bool in_rib;			/* its paths are in the RIB (Established) */
	uint64_t rejected;		/* paths refused: AS loop, reflection loop */
	bool dead;			/* to be freed by the reaper */

	struct conn conns[2];
	struct conn *cur;		/* the slot shown and used: conns[0] unless a collision swapped */
	struct fsm_config fcfg;

	struct peer_counters cnt;
	double state_since;		/* monotonic time of the last Established change */
	struct fsm_down_reason last_error;
	bool has_last_error;
	struct wire_open peer_open;	/* the peer's OPEN, valid once Established */
	uint8_t *peer_open_msg;		/* owns what peer_open points to */
	bool has_peer_open;
};

struct peer *peer_new(struct bgpd *d, const struct conf_addr *addr,
    const struct conf_peer *cfg, struct dyn_range *range);
/* Start the FSM (ManualStart, or passive start) unless configured down. */
void peer_start(struct peer *p);
/* Stop with Cease (subcode, RFC 9003 text); the peer stays, in Idle. */
void peer_stop(struct peer *p, uint8_t cease_subcode, const char *msg);
/* Mark for removal: stop and free from the reaper. */
void peer_remove(struct peer *p, uint8_t cease_subcode, const char *msg);
void peer_free(struct peer *p);
/* An incoming TCP connection for this peer (fd is connected; addresses known). */
void peer_accept(struct peer *p, int fd);
enum fsm_state peer_state(const struct peer *p);
struct peer *peer_find(struct bgpd *d, const struct conf_addr *addr);
/* Apply settings that need no reset (description, policy later). */
void peer_set_cfg(struct peer *p, const struct conf_peer *cfg);
uint32_t peer_as(const struct peer *p);	/* configured, or the dynamic peer's OPEN */
const char *peer_descr(const struct peer *p);

/* sockaddr helpers */
bool conf_addr_to_sockaddr(const struct conf_addr *a, uint16_t port,
    struct sockaddr_storage *ss, socklen_t *len);
bool sockaddr_to_conf_addr(const struct sockaddr *sa, struct conf_addr *a);

#endif
