/*
 * session.h -- one TCP connection of a peer: libevent buffered I/O,
 * framing, the FSM's callbacks (timers, sends, close) and the dispatch of
 * received messages to the codec and the FSM.
 */
#ifndef ECMPD_SESSION_H
#define ECMPD_SESSION_H

#include "peer.h"

extern const struct fsm_ops session_fsm_ops;
/* Connections still flushing their last messages (shutdown waits for them). */
extern unsigned session_closing;

void conn_init(struct conn *c, struct peer *p);
void conn_destroy(struct conn *c);
/* Adopt an accepted, connected socket. */
bool conn_attach(struct conn *c, int fd, bool outgoing);
/* Drop the connection now, without flushing (the peer is going away). */
void conn_abort(struct conn *c);
size_t conn_outq(const struct conn *c);
/* Encode-and-send helpers used outside the FSM (route refresh, UPDATEs later). */
bool conn_send(struct conn *c, const uint8_t *msg, size_t len);
/* Apply socket options of the peer (TCP MD5 key, GTSM) to fd. */
bool session_sockopts(const struct peer *p, int fd, int family, char *why, size_t whylen);

#endif
