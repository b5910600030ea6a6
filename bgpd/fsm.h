/*
 * fsm.h -- the BGP finite state machine of RFC 4271 §8, one per connection.
 *
 * DOC: The FSM is pure. It reads no clock, opens no socket, logs nothing
 * and knows nothing of libevent: the session layer feeds it events (RFC
 * 4271 §8.1 numbers, so logs and tests can say "event 19 BGPOpen") and the
 * FSM answers through struct fsm_ops callbacks. One const table
 * [state][event] -> {action, next} in fsm.c drives everything; the action
 * functions call the callbacks.
 *
 * Contract with the session layer (session.c, listen.c):
 *
 *  - One struct fsm per TCP connection (RFC 4271 §8.2.1). A configured peer
 *    has one; while a second connection for the same peer is being set up
 *    (§6.8 collision) the session layer runs a second FSM for it, with the
 *    same config, started with AutomaticStart_with_PassiveTcpEstablishment
 *    (5), and disposes of whichever loses or goes down first.
 *  - TcpConnection_Valid (14) and Tcp_CR_Invalid (15) are folded into the
 *    listener: it accepts a connection only from a configured neighbor or
 *    a listen range (else it refuses and logs) and then injects
 *    TcpConnectionConfirmed (17). The FSM accepts 14 and 15 and, as RFC 4271
 *    §8.2.2 says for every state, changes nothing.
 *  - Tcp_CR_Acked (16) / TcpConnectionConfirmed (17) carry no socket: attach
 *    the connection that succeeded to the FSM's owner first, then inject the
 *    event. In Idle the FSM refuses it (connection_close); in Connect an
 *    accepted connection (17) replaces the pending connect, which the
 *    session layer drops. In OpenSent and later, 16/17 for a second
 *    connection are ignored here: track it in a second FSM (§6.8).
 *  - Collisions: when a valid OPEN arrives and the peer has another
 *    connection in OpenConfirm (or OpenSent, once that one's BGP Identifier
 *    is known), call fsm_collision_close() and inject OpenCollisionDump (23)
 *    into the losing connection's FSM instead of (or before) injecting
 *    BGPOpen into the winner. A new connection while Established is closed
 *    by the session layer (CollisionDetectEstablishedState is FALSE, §6.8).
 *  - Messages: OPEN decoded by the codec -> fsm_open_received() (the FSM
 *    runs the session checks, fsm_open_check()); a header error ->
 *    fsm_msg_error(BGPHeaderErr); an OPEN the codec refuses ->
 *    fsm_msg_error(BGPOpenMsgErr); NOTIFICATION -> fsm_notification_received();
 *    KEEPALIVE -> KeepAliveMsg; UPDATE -> UpdateMsg, or UpdateMsgErr with the
 *    error when the RFC 7606 verdict is session reset (treat-as-withdraw and
 *    attribute discard are UpdateMsg: the session stays up). Before
 *    Established do not decode an UPDATE: inject UpdateMsg, the FSM answers
 *    with the RFC 6608 FSM error. ROUTE-REFRESH -> RouteRefreshMsg (29,
 *    ecmpd's own event number: RFC 4271 has none for it).
 *  - Timers: timer_start(which, s) (re)arms, timer_stop disarms; when one
 *    fires, inject fsm_timer_event(which). The FSM stops only timers it
 *    started (f->timers).
 *  - connection_close drops the connection (or the pending connect), after
 *    flushing any NOTIFICATION queued just before, best effort.
 *  - Never free an FSM (or its ctx) from inside a callback: more callbacks
 *    may follow down() in the same transition. Dispose of it after
 *    fsm_input() returns.
 *  - Callbacks run while f->state still holds the state being left. A
 *    callback may inject payload-free events (fsm_event()) into the same
 *    FSM, e.g. an immediate connect failure from connect_start: they are
 *    queued and run after the current transition. Events with a payload
 *    cannot be injected from a callback (fsm_input() returns -1).
 *
 * Automatic restart (RFC 4271 §8.1.1 Group 1 AllowAutomaticStart with
 * DampPeerOscillations, whose method the RFC leaves open): with
 * config.auto_restart, after any start event the FSM restarts the session
 * itself when it falls back to Idle for any reason but ManualStop or a
 * collision. It arms the IdleHold timer with the current back-off and, in
 * Idle, IdleHoldTimer_Expires (13) acts as AutomaticStart (3): active or
 * passive as config.passive says. Idle refuses connections meanwhile; the
 * session layer may, like OpenBGPD, take the peer's connection at once by
 * injecting AutomaticStart_with_PassiveTcpEstablishment (5), then 17. The
 * back-off starts at config.idle_hold_time and doubles after each failure
 * up to config.idle_hold_max. It returns to idle_hold_time on ManualStart and once
 * a session has stayed Established for as long as the back-off then was:
 * while Established the FSM runs the IdleHold timer for that purpose (the
 * timer is otherwise idle there), and IdleHoldTimer_Expires in Established
 * means "stable, reset the back-off" rather than the RFC's FSM error. An
 * AutomaticStop may instead ask for a fixed delay (max-prefix restart
 * timer) or for no restart at all.
 *
 * Passive peers (config.passive, or a start with event 4 or 5) never call
 * connect_start and run no ConnectRetry timer: they wait in Active. RFC
 * 4271's PassiveTcpEstablishment only delays the first connect; ecmpd's
 * passive is that of OpenBGPD, BIRD and FRR.
 */
#ifndef ECMPD_FSM_H
#define ECMPD_FSM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wire.h"

/* RFC 4271 §8.2.2 states. */
enum fsm_state {
	FSM_IDLE = 0,
	FSM_CONNECT,
	FSM_ACTIVE,
	FSM_OPENSENT,
	FSM_OPENCONFIRM,
	FSM_ESTABLISHED,
	FSM_STATE_COUNT
};

/*
 * RFC 4271 §8.1 events, numbered as there. Missing numbers belong to options
 * ecmpd does not implement: 6, 7 (AutomaticStart with DampPeerOscillations:
 * ecmpd damps with its IdleHold back-off instead), 12 and 20 (DelayOpen).
 * fsm_input() refuses them.
 */
enum fsm_event {
	FSM_EV_NONE = 0,
	FSM_EV_MANUAL_START = 1,
	FSM_EV_MANUAL_STOP = 2,
	FSM_EV_AUTOMATIC_START = 3,
	FSM_EV_MANUAL_START_PASSIVE = 4,	/* ManualStart_with_PassiveTcpEstablishment */
	FSM_EV_AUTOMATIC_START_PASSIVE = 5,	/* AutomaticStart_with_PassiveTcpEstablishment */
	FSM_EV_AUTOMATIC_STOP = 8,
	FSM_EV_CONNECT_RETRY_EXPIRES = 9,
	FSM_EV_HOLD_EXPIRES = 10,
	FSM_EV_KEEPALIVE_EXPIRES = 11,
	FSM_EV_IDLE_HOLD_EXPIRES = 13,
	FSM_EV_TCP_CONNECTION_VALID = 14,
	FSM_EV_TCP_CR_INVALID = 15,
	FSM_EV_TCP_CR_ACKED = 16,		/* our connect succeeded */
	FSM_EV_TCP_CONNECTION_CONFIRMED = 17,	/* we accepted the peer's connection */
	FSM_EV_TCP_CONNECTION_FAILS = 18,
	FSM_EV_BGP_OPEN = 19,
	FSM_EV_BGP_HEADER_ERR = 21,
	FSM_EV_BGP_OPEN_MSG_ERR = 22,
	FSM_EV_OPEN_COLLISION_DUMP = 23,
	FSM_EV_NOTIF_MSG_VER_ERR = 24,
	FSM_EV_NOTIF_MSG = 25,
	FSM_EV_KEEPALIVE_MSG = 26,
	FSM_EV_UPDATE_MSG = 27,
	FSM_EV_UPDATE_MSG_ERR = 28,
	FSM_EV_ROUTE_REFRESH_MSG = 29,		/* ecmpd: RFC 2918/7313 message received */
	FSM_EV_COUNT
};

enum fsm_timer {
	FSM_TIMER_CONNECT_RETRY = 0,
	FSM_TIMER_HOLD,
	FSM_TIMER_KEEPALIVE,
	FSM_TIMER_IDLE_HOLD,
	FSM_TIMER_COUNT
};

/* Defaults: RFC 4271 §10 suggested values, and the back-off. */
#define FSM_CONNECT_RETRY_TIME	120	/* §10 */
#define FSM_HOLD_TIME		90	/* §10 */
#define FSM_OPEN_HOLD_TIME	240	/* §8.2.2: "large value" for OpenSent, 4 minutes */
#define FSM_IDLE_HOLD_TIME	5	/* first automatic restart delay */
#define FSM_IDLE_HOLD_MAX	300	/* back-off cap */

#define FSM_REASON_LEN		256	/* fits an RFC 9003 message (255) + NUL */
#define FSM_OPEN_ERR_DATA_MAX	64	/* every capability we can require, encoded */

/* Capabilities a session insists on (RFC 5492 §5: Unsupported Capability if missing). */
struct fsm_required_caps {
	bool as4;			/* RFC 6793 */
	bool mp[AFS_COUNT];		/* RFC 4760, per family */
	bool route_refresh;		/* RFC 2918 (code 2 or 128) */
	bool enhanced_rr;		/* RFC 7313 */
	bool ext_msg;			/* RFC 8654 */
	/*
	 * RFC 7911, our point of view: ADDPATH_RX = we must receive path ids
	 * (the peer must advertise send), ADDPATH_TX = we must send them (the
	 * peer must advertise receive).
	 */
	uint8_t addpath[AFS_COUNT];
};

struct fsm_config {
	/*
	 * The OPEN we send (send_open encodes exactly this): our AS (as4 when
	 * as4_present, else my_as), configured hold time, BGP Identifier,
	 * capabilities. Negotiation reads it.
	 */
	struct wire_open open;
	uint32_t peer_as;		/* expected AS of the peer; 0: any (dynamic) */
	uint16_t keepalive_time;	/* 0: negotiated hold / 3; else scaled to it */
	uint16_t connect_retry_time;	/* jittered 0.75..1.0 (§10) */
	uint16_t open_hold_time;	/* hold timer in OpenSent (§8.2.2) */
	uint32_t idle_hold_time;	/* first automatic restart delay; 0: at once */
	uint32_t idle_hold_max;		/* cap of the doubling back-off */
	bool passive;			/* never connect; wait in Active */
	bool auto_restart;		/* restart by itself after failures */
	struct fsm_required_caps require;
};

/* Why a session went down, handed to ops->down and kept in f->last_down. */
enum fsm_down_cause {
	FSM_DOWN_EVENT = 0,		/* no NOTIFICATION either way (TCP failure, ...) */
	FSM_DOWN_NOTIF_SENT,		/* we sent code/subcode */
	FSM_DOWN_NOTIF_RCVD,		/* the peer sent code/subcode */
};

struct fsm_down_reason {
	enum fsm_event event;		/* the event that took it down */
	enum fsm_state from;		/* the state left */
	enum fsm_down_cause cause;
	uint8_t code;			/* NOTIFICATION, when cause != FSM_DOWN_EVENT */
	uint8_t subcode;
	/*
	 * Details in words, may be empty: the codec's or the OPEN check's
	 * reason, the RFC 9003 message sent or received, fsm_input.why.
	 */
	char text[FSM_REASON_LEN];
};

struct fsm_ops {
	void (*connect_start)(void *ctx);	/* initiate the TCP connection */
	void (*connection_close)(void *ctx);	/* flush, then drop the connection or attempt */
	void (*send_open)(void *ctx);		/* encode and send config.open */
	void (*send_keepalive)(void *ctx);
	void (*send_notification)(void *ctx, uint8_t code, uint8_t subcode,
	    const uint8_t *data, size_t len);
	void (*timer_start)(void *ctx, enum fsm_timer which, uint32_t seconds); /* (re)arm */
	void (*timer_stop)(void *ctx, enum fsm_timer which);
	void (*established)(void *ctx);		/* entered Established */
	/* left Established, or an OpenSent/OpenConfirm attempt failed */
	void (*down)(void *ctx, const struct fsm_down_reason *why);
	/* RFC 4271 "releases all BGP resources" / "deletes all routes": on every fall to Idle */
	void (*release_resources)(void *ctx);
	/* optional: a uniform 32-bit random number for jitter; NULL: no jitter */
	uint32_t (*random)(void *ctx);
	/* optional: after every change of state, for the log (see fsm_transition_is_noise) */
	void (*state_change)(void *ctx, enum fsm_state from, enum fsm_state to,
	    enum fsm_event ev);
};

/* What an AutomaticStop asks for after the session is down. */
enum fsm_restart {
	FSM_RESTART_BACKOFF = 0,	/* the IdleHold back-off, when auto_restart */
	FSM_RESTART_AFTER,		/* after restart_after seconds (max-prefix restart) */
	FSM_RESTART_NEVER,		/* stay in Idle until a start event */
};

/* One event with whatever it carries. Zero-fill, then set what applies. */
struct fsm_input {
	enum fsm_event event;
	const struct wire_open *open;		/* BGPOpen: the decoded OPEN */
	const struct wire_err *err;		/* 21, 22, 28: the NOTIFICATION to send */
	const struct wire_notification *notif;	/* 24, 25: what the peer sent */
	/* ManualStop (2), AutomaticStop (8): the Cease sent from OpenSent on */
	uint8_t cease_subcode;			/* 0: Admin Shutdown (2) / Admin Reset (4) */
	const char *shutdown_msg;		/* RFC 9003 text (subcodes 2, 4), or NULL */
	const uint8_t *data;			/* other Cease data (RFC 4486 max-prefix) */
	size_t data_len;
	enum fsm_restart restart;		/* AutomaticStop only */
	uint32_t restart_after;			/* FSM_RESTART_AFTER: seconds */
	const char *why;			/* words for the down reason, or NULL */
};

#define FSM_PENDING_MAX 8

/* Read-only outside fsm.c, except cfg, which may be replaced while Idle. */
struct fsm {
	enum fsm_state state;
	struct fsm_config cfg;
	const struct fsm_ops *ops;
	void *ctx;

	bool passive;			/* this run never connects */
	bool auto_start;		/* a start event is in force: restart after failures */
	uint32_t connect_retry_counter;	/* RFC 4271 §8 ConnectRetryCounter */
	uint32_t idle_hold;		/* next automatic restart delay (back-off) */
	unsigned timers;		/* bit (1 << enum fsm_timer): started, not stopped or fired */

	/* negotiated in OpenSent when the OPEN passes (valid from OpenConfirm on) */
	uint16_t hold_time;		/* min(ours, peer's), RFC 4271 §4.2; 0: no timers */
	uint16_t keepalive_time;	/* 0 when hold_time is 0 */
	uint32_t peer_as;
	uint32_t peer_id;		/* host order */
	struct wire_ctx wctx;		/* wire_negotiate() of the two OPENs */

	struct fsm_down_reason last_down; /* valid when has_last_down */
	bool has_last_down;

	bool busy;			/* inside fsm_input(): queue re-entrant events */
	uint8_t n_pending;
	enum fsm_event pending[FSM_PENDING_MAX];
};

/* RFC 4271 §10 timers, ecmpd's back-off, active, auto_restart on, nothing required. */
void fsm_config_defaults(struct fsm_config *cfg);

/*
 * Set up f in Idle. Every callback but random and state_change is required;
 * false when one is missing. cfg is copied.
 */
bool fsm_init(struct fsm *f, const struct fsm_config *cfg,
    const struct fsm_ops *ops, void *ctx);

/*
 * Run one event. 0 when it ran (or was queued, from a callback); -1 when
 * refused: an event number ecmpd does not implement, an event without the
 * payload it needs (19: open; 21, 22, 28: err; 24, 25: notif), a payload
 * injected from a callback, a full queue. Nothing happens on -1.
 */
int fsm_input(struct fsm *f, const struct fsm_input *in);

/* Shorthands for fsm_input(). fsm_event() is for events without payload. */
int fsm_event(struct fsm *f, enum fsm_event ev);
int fsm_open_received(struct fsm *f, const struct wire_open *open);
/* ev: BGPHeaderErr, BGPOpenMsgErr or UpdateMsgErr; err from the codec */
int fsm_msg_error(struct fsm *f, enum fsm_event ev, const struct wire_err *err);
/* NotifMsgVerErr (24) for OPEN Error / Unsupported Version Number, else NotifMsg (25) */
int fsm_notification_received(struct fsm *f, const struct wire_notification *n);
/* ManualStop or AutomaticStop with a Cease subcode (0: default) and an RFC 9003 text */
int fsm_stop(struct fsm *f, enum fsm_event ev, uint8_t cease_subcode,
    const char *shutdown_msg);

/* We sent an UPDATE: restart the KeepaliveTimer (RFC 4271 §8.2.2 Established). */
void fsm_update_sent(struct fsm *f);

/* The negotiated context; NULL before OpenConfirm. */
const struct wire_ctx *fsm_wire_ctx(const struct fsm *f);

/* The event to inject when a timer fires. */
enum fsm_event fsm_timer_event(enum fsm_timer t);

/* ---- pure helpers, also used by the session layer ---- */

/* An OPEN the session refuses: the NOTIFICATION to send and why. */
struct fsm_open_error {
	uint8_t code;
	uint8_t subcode;
	uint16_t data_len;
	uint8_t data[FSM_OPEN_ERR_DATA_MAX];
	char reason[FSM_REASON_LEN];
};

/*
 * The session checks of a decoded OPEN (the codec did the message-intrinsic
 * ones): peer AS (Bad Peer AS, data = the OPEN's 2-octet My AS field), BGP
 * Identifier equal to ours on an internal session (Bad BGP Identifier, RFC
 * 6286 §2.2; allowed on eBGP), required capabilities (Unsupported
 * Capability, data = each missing capability as we would encode it, RFC
 * 5492 §5). true when acceptable.
 */
bool fsm_open_check(const struct fsm_config *cfg, const struct wire_open *peer,
    struct fsm_open_error *err);

/* Negotiated hold time, RFC 4271 §4.2: the smaller of the two; 0 stays 0. */
uint16_t fsm_hold_time(uint16_t ours, uint16_t peers);
/* Keepalive for a negotiated hold time: hold / 3, or the configured one scaled by hold / configured hold. */
uint16_t fsm_keepalive_time(const struct fsm_config *cfg, uint16_t hold);

/*
 * RFC 4271 §10 jitter: seconds times a factor in 0.75..1.0 drawn from
 * random (uniform 32-bit), rounded; never below 1 when seconds >= 1.
 */
uint32_t fsm_jitter(uint32_t seconds, uint32_t random);

/* Who initiated a connection (RFC 4271 §6.8). */
enum fsm_conn {
	FSM_CONN_OUTGOING = 0,		/* we connected */
	FSM_CONN_INCOMING,		/* the peer connected */
};

/*
 * Connection collision (RFC 4271 §6.8): which of the two connections with
 * one peer to close. The one initiated by the speaker with the lower BGP
 * Identifier (compared as unsigned host-order integers) goes; with equal
 * identifiers (eBGP, RFC 6286 §2.3) the one initiated by the speaker with
 * the lower AS number goes. Equal identifiers and ASes cannot pass
 * fsm_open_check(); the answer is then FSM_CONN_INCOMING.
 */
enum fsm_conn fsm_collision_close(uint32_t local_id, uint32_t local_as,
    uint32_t peer_id, uint32_t peer_as);

const char *fsm_state_name(enum fsm_state s);	/* "OpenConfirm" */
const char *fsm_event_name(enum fsm_event ev);	/* "BGPOpen" (RFC 4271 §8.1 names) */
const char *fsm_timer_name(enum fsm_timer t);	/* "Hold" */
bool fsm_event_valid(enum fsm_event ev);	/* implemented here */

/*
 * Not worth a log line: no change, Connect <-> Active, and a start (Idle ->
 * Connect, Idle -> Active). Every transition into or out of OpenSent,
 * OpenConfirm and Established, and every fall to Idle, is meaningful.
 */
bool fsm_transition_is_noise(enum fsm_state from, enum fsm_state to);

#endif /* ECMPD_FSM_H */
