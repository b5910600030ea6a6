/*
 * test_fsm.c -- the RFC 4271 §8 FSM with injected events and fake timers:
 * a fake ops struct records every callback in order, as text ("notify 6/2,
 * stop Hold, close, down, release"), so a test states the exact effects of
 * an event. Every state x every event is checked against an expectation
 * table written here from the RFC, independently of fsm.c's table.
 */
#include "testlib.h"

#include <stdio.h>
#include <string.h>

#include "fsm.h"

#define LOCAL_AS	65001u
#define PEER_AS		65002u
#define LOCAL_ID	0x0a000001u	/* 10.0.0.1 */
#define PEER_ID		0x0a000002u	/* 10.0.0.2 */

/* ---- the fake session layer ---- */

#define LOG_CAP 2048
#define MAX_TRANS 32

enum call_kind {
	K_NONE = 0,
	K_CONNECT,
	K_CLOSE,
	K_OPEN,
	K_KEEPALIVE,
	K_NOTIFY,
	K_TSTART,
	K_TSTOP,
	K_ESTABLISHED,
	K_DOWN,
	K_RELEASE,
};

struct rec {
	struct fsm *f;
	char log[LOG_CAP];
	unsigned n_notify;
	uint8_t code, subcode;		/* last NOTIFICATION sent */
	uint8_t data[300];
	size_t len;
	unsigned n_down;
	struct fsm_down_reason down;	/* last down() */
	unsigned n_release;
	unsigned n_connect;
	uint32_t rnd;			/* what random() returns */
	struct {
		enum fsm_state from, to;
		enum fsm_event ev;
	} trans[MAX_TRANS];
	unsigned n_trans;
	/* inject an event from inside a callback */
	enum call_kind inject_on;
	enum fsm_event inject_ev;
	bool inject_payload;
	int inject_rc;
	bool injected;
};

static void
rec_log(struct rec *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
rec_log(struct rec *r, const char *fmt, ...)
{
	size_t len = strlen(r->log);
	va_list ap;

	if (len > 0 && len + 2 < sizeof(r->log)) {
		strcat(r->log, ", ");
		len += 2;
	}
	va_start(ap, fmt);
	vsnprintf(r->log + len, sizeof(r->log) - len, fmt, ap);
	va_end(ap);
}

static void
maybe_inject(struct rec *r, enum call_kind k)
{
	if (r->inject_on != k || r->injected)
		return;
	r->injected = true;
	if (r->inject_payload) {
		struct wire_open o;

		memset(&o, 0, sizeof(o));
		r->inject_rc = fsm_open_received(r->f, &o);
	} else {
		r->inject_rc = fsm_event(r->f, r->inject_ev);
	}
}

static void
cb_connect_start(void *ctx)
{
	struct rec *r = ctx;

	r->n_connect++;
	rec_log(r, "connect");
	maybe_inject(r, K_CONNECT);
}

static void
cb_connection_close(void *ctx)
{
	rec_log(ctx, "close");
}

static void
cb_send_open(void *ctx)
{
	rec_log(ctx, "open");
	maybe_inject(ctx, K_OPEN);
}

static void
cb_send_keepalive(void *ctx)
{
	rec_log(ctx, "keepalive");
}

static void
cb_send_notification(void *ctx, uint8_t code, uint8_t subcode,
    const uint8_t *data, size_t len)
{
	struct rec *r = ctx;

	r->n_notify++;
	r->code = code;
	r->subcode = subcode;
	assert_true(len <= sizeof(r->data));
	assert_true(len == 0 || data != NULL);
	if (len > 0)
		memcpy(r->data, data, len);
	r->len = len;
	rec_log(r, "notify %u/%u", code, subcode);
}

static void
cb_timer_start(void *ctx, enum fsm_timer which, uint32_t seconds)
{
	rec_log(ctx, "start %s %u", fsm_timer_name(which), seconds);
}

static void
cb_timer_stop(void *ctx, enum fsm_timer which)
{
	rec_log(ctx, "stop %s", fsm_timer_name(which));
}

static void
cb_established(void *ctx)
{
	rec_log(ctx, "established");
}

static void
cb_down(void *ctx, const struct fsm_down_reason *why)
{
	struct rec *r = ctx;

	r->n_down++;
	r->down = *why;
	rec_log(r, "down");
}

static void
cb_release(void *ctx)
{
	struct rec *r = ctx;

	r->n_release++;
	rec_log(r, "release");
}

static uint32_t
cb_random(void *ctx)
{
	return ((struct rec *)ctx)->rnd;
}

static void
cb_state_change(void *ctx, enum fsm_state from, enum fsm_state to,
    enum fsm_event ev)
{
	struct rec *r = ctx;

	assert_true(r->n_trans < MAX_TRANS);
	r->trans[r->n_trans].from = from;
	r->trans[r->n_trans].to = to;
	r->trans[r->n_trans].ev = ev;
	r->n_trans++;
}

static const struct fsm_ops ops = {
	.connect_start = cb_connect_start,
	.connection_close = cb_connection_close,
	.send_open = cb_send_open,
	.send_keepalive = cb_send_keepalive,
	.send_notification = cb_send_notification,
	.timer_start = cb_timer_start,
	.timer_stop = cb_timer_stop,
	.established = cb_established,
	.down = cb_down,
	.release_resources = cb_release,
	.random = cb_random,
	.state_change = cb_state_change,
};

/* Forget what was recorded (the FSM stays as it is). */
static void
rec_clear(struct rec *r)
{
	struct fsm *f = r->f;
	uint32_t rnd = r->rnd;

	memset(r, 0, sizeof(*r));
	r->f = f;
	r->rnd = rnd;
}

/* ---- fixtures ---- */

/* Our side: AS 65001, 10.0.0.1, hold 90, AS4 and IPv4 unicast; peer AS 65002 expected. */
static void
base_config(struct fsm_config *cfg)
{
	fsm_config_defaults(cfg);
	cfg->open.my_as = LOCAL_AS;
	cfg->open.as4_present = true;
	cfg->open.as4 = LOCAL_AS;
	cfg->open.bgp_id = LOCAL_ID;
	cfg->open.mp[AFS_IPV4_UNICAST] = true;
	cfg->peer_as = PEER_AS;
}

static struct wire_open
mk_open(uint32_t as, uint32_t id, uint16_t hold)
{
	struct wire_open o;

	memset(&o, 0, sizeof(o));
	o.version = BGP_VERSION;
	o.my_as = (uint16_t)(as > 65535 ? BGP_AS_TRANS : as);
	o.hold_time = hold;
	o.bgp_id = id;
	o.as4_present = true;
	o.as4 = as;
	o.mp[AFS_IPV4_UNICAST] = true;
	return o;
}

/* random() returning UINT32_MAX: jitter factor 1.0, timers keep their values. */
static void
setup(struct fsm *f, struct rec *r, const struct fsm_config *cfg)
{
	memset(r, 0, sizeof(*r));
	r->f = f;
	r->rnd = UINT32_MAX;
	assert_true(fsm_init(f, cfg, &ops, r));
	assert_int_equal(f->state, FSM_IDLE);
}

/* Drive a fresh, active FSM to a state through real events; clear the record. */
static void
drive_to(struct fsm *f, struct rec *r, enum fsm_state target)
{
	struct wire_open peer = mk_open(PEER_AS, PEER_ID, 180);

	if (target != FSM_IDLE)
		assert_int_equal(fsm_event(f, FSM_EV_MANUAL_START), 0);
	switch (target) {
	case FSM_ACTIVE:
		assert_int_equal(fsm_event(f, FSM_EV_TCP_CONNECTION_FAILS), 0);
		break;
	case FSM_OPENSENT:
	case FSM_OPENCONFIRM:
	case FSM_ESTABLISHED:
		assert_int_equal(fsm_event(f, FSM_EV_TCP_CR_ACKED), 0);
		if (target == FSM_OPENSENT)
			break;
		assert_int_equal(fsm_open_received(f, &peer), 0);
		if (target == FSM_OPENCONFIRM)
			break;
		assert_int_equal(fsm_event(f, FSM_EV_KEEPALIVE_MSG), 0);
		break;
	default:
		break;
	}
	assert_int_equal(f->state, target);
	rec_clear(r);
}

/* ---- names ---- */

static void
test_names(void **state)
{
	(void)state;
	assert_string_equal(fsm_state_name(FSM_IDLE), "Idle");
	assert_string_equal(fsm_state_name(FSM_OPENCONFIRM), "OpenConfirm");
	assert_string_equal(fsm_state_name(FSM_ESTABLISHED), "Established");
	assert_string_equal(fsm_state_name(FSM_STATE_COUNT), "unknown");
	assert_string_equal(fsm_event_name(FSM_EV_BGP_OPEN), "BGPOpen");
	assert_int_equal(FSM_EV_BGP_OPEN, 19);
	assert_int_equal(FSM_EV_TCP_CR_ACKED, 16);
	assert_int_equal(FSM_EV_UPDATE_MSG_ERR, 28);
	assert_string_equal(fsm_event_name(FSM_EV_MANUAL_START_PASSIVE),
	    "ManualStart_with_PassiveTcpEstablishment");
	assert_string_equal(fsm_event_name(FSM_EV_NOTIF_MSG_VER_ERR), "NotifMsgVerErr");
	assert_string_equal(fsm_event_name((enum fsm_event)12), "DelayOpenTimer_Expires");
	assert_string_equal(fsm_event_name(FSM_EV_NONE), "unknown");
	assert_string_equal(fsm_event_name((enum fsm_event)99), "unknown");
	assert_string_equal(fsm_timer_name(FSM_TIMER_CONNECT_RETRY), "ConnectRetry");
	assert_string_equal(fsm_timer_name(FSM_TIMER_IDLE_HOLD), "IdleHold");
	assert_int_equal(fsm_timer_event(FSM_TIMER_CONNECT_RETRY), 9);
	assert_int_equal(fsm_timer_event(FSM_TIMER_HOLD), 10);
	assert_int_equal(fsm_timer_event(FSM_TIMER_KEEPALIVE), 11);
	assert_int_equal(fsm_timer_event(FSM_TIMER_IDLE_HOLD), 13);
}

static void
test_noise(void **state)
{
	(void)state;
	assert_true(fsm_transition_is_noise(FSM_CONNECT, FSM_ACTIVE));
	assert_true(fsm_transition_is_noise(FSM_ACTIVE, FSM_CONNECT));
	assert_true(fsm_transition_is_noise(FSM_IDLE, FSM_CONNECT));
	assert_true(fsm_transition_is_noise(FSM_IDLE, FSM_ACTIVE));
	assert_true(fsm_transition_is_noise(FSM_ESTABLISHED, FSM_ESTABLISHED));
	assert_false(fsm_transition_is_noise(FSM_CONNECT, FSM_OPENSENT));
	assert_false(fsm_transition_is_noise(FSM_ACTIVE, FSM_OPENSENT));
	assert_false(fsm_transition_is_noise(FSM_OPENSENT, FSM_OPENCONFIRM));
	assert_false(fsm_transition_is_noise(FSM_OPENCONFIRM, FSM_ESTABLISHED));
	assert_false(fsm_transition_is_noise(FSM_ESTABLISHED, FSM_IDLE));
	assert_false(fsm_transition_is_noise(FSM_CONNECT, FSM_IDLE));
	assert_false(fsm_transition_is_noise(FSM_OPENSENT, FSM_ACTIVE));
}

static void
test_init_needs_callbacks(void **state)
{
	struct fsm f;
	struct fsm_config cfg;
	struct fsm_ops bad = ops;

	(void)state;
	base_config(&cfg);
	bad.down = NULL;
	assert_false(fsm_init(&f, &cfg, &bad, NULL));
	bad = ops;
	bad.release_resources = NULL;
	assert_false(fsm_init(&f, &cfg, &bad, NULL));
	bad = ops;
	bad.random = NULL;
	bad.state_change = NULL;
	assert_true(fsm_init(&f, &cfg, &bad, NULL));
}

/* ---- happy paths ---- */

static void
test_happy_active(void **state)
{
	struct fsm f;
	struct rec r;
	struct fsm_config cfg;
	struct wire_open peer = mk_open(PEER_AS, PEER_ID, 180);

	(void)state;
	base_config(&cfg);
	setup(&f, &r, &cfg);

	assert_int_equal(fsm_event(&f, FSM_EV_MANUAL_START), 0);
	assert_int_equal(f.state, FSM_CONNECT);
	assert_string_equal(r.log, "start ConnectRetry 120, connect");

	r.log[0] = '\0';
	assert_int_equal(fsm_event(&f, FSM_EV_TCP_CR_ACKED), 0);
	assert_int_equal(f.state, FSM_OPENSENT);
	assert_string_equal(r.log, "stop ConnectRetry, open, start Hold 240");
	assert_null(fsm_wire_ctx(&f));

	r.log[0] = '\0';
	assert_int_equal(fsm_open_received(&f, &peer), 0);
	assert_int_equal(f.state, FSM_OPENCONFIRM);
	assert_string_equal(r.log, "keepalive, start Keepalive 30, start Hold 90");
	assert_int_equal(f.hold_time, 90);
	assert_int_equal(f.keepalive_time, 30);
	assert_int_equal(f.peer_as, PEER_AS);
	assert_int_equal(f.peer_id, PEER_ID);
	assert_non_null(fsm_wire_ctx(&f));

	r.log[0] = '\0';
	assert_int_equal(fsm_event(&f, FSM_EV_KEEPALIVE_MSG), 0);
	assert_int_equal(f.state, FSM_ESTABLISHED);
	assert_string_equal(r.log, "start Hold 90, established");

	r.log[0] = '\0';
	assert_int_equal(fsm_event(&f, FSM_EV_KEEPALIVE_EXPIRES), 0);
	assert_int_equal(fsm_event(&f, FSM_EV_UPDATE_MSG), 0);
	assert_int_equal(fsm_event(&f, FSM_EV_KEEPALIVE_MSG), 0);
	assert_int_equal(fsm_event(&f, FSM_EV_ROUTE_REFRESH_MSG), 0);
	fsm_update_sent(&f);
	assert_int_equal(f.state, FSM_ESTABLISHED);
	assert_string_equal(r.log, "keepalive, start Keepalive 30, start Hold 90, "
	    "start Hold 90, start Hold 90, start Keepalive 30");
	assert_int_equal(r.n_notify, 0);
	assert_int_equal(r.n_down, 0);
	assert_int_equal(r.n_connect, 1);
}

static void
test_transitions_reported(void **state)
{
	struct fsm f;
	struct rec r;
	struct fsm_config cfg;

	(void)state;
	base_config(&cfg);
	setup(&f, &r, &cfg);
	assert_int_equal(fsm_event(&f, FSM_EV_MANUAL_START), 0);
	assert_int_equal(fsm_event(&f, FSM_EV_TCP_CR_ACKED), 0);
	{
		struct wire_open peer = mk_open(PEER_AS, PEER_ID, 180);

		assert_int_equal(fsm_open_received(&f, &peer), 0);
	}
	assert_int_equal(fsm_event(&f, FSM_EV_KEEPALIVE_MSG), 0);
	assert_int_equal(fsm_event(&f, FSM_EV_KEEPALIVE_MSG), 0);	/* no change: not reported */
	assert_int_equal(fsm_event(&f, FSM_EV_HOLD_EXPIRES), 0);

	assert_int_equal(r.n_trans, 5);
	assert_int_equal(r.trans[0].from, FSM_IDLE);
	assert_int_equal(r.trans[0].to, FSM_CONNECT);
	assert_int_equal(r.trans[0].ev, FSM_EV_MANUAL_START);
	assert_int_equal(r.trans[1].to, FSM_OPENSENT);
	assert_int_equal(r.trans[1].ev, FSM_EV_TCP_CR_ACKED);
	assert_int_equal(r.trans[2].to, FSM_OPENCONFIRM);
	assert_int_equal(r.trans[2].ev, FSM_EV_BGP_OPEN);
	assert_int_equal(r.trans[3].to, FSM_ESTABLISHED);
	assert_int_equal(r.trans[3].ev, FSM_EV_KEEPALIVE_MSG);
	assert_int_equal(r.trans[4].from, FSM_ESTABLISHED);
	assert_int_equal(r.trans[4].to, FSM_IDLE);
	assert_int_equal(r.trans[4].ev, FSM_EV_HOLD_EXPIRES);
	/* what a log would keep: everything but the start */
	assert_true(fsm_transition_is_noise(r.trans[0].from, r.trans[0].to));
	for (unsigned i = 1; i < r.n_trans; i++)
		assert_false(fsm_transition_is_noise(r.trans[i].from, r.trans[i].to));
}

static void
test_happy_passive(void **state)
{
	struct fsm f;
	struct rec r;
	struct fsm_config cfg;
	struct wire_open peer = mk_open(PEER_AS, PEER_ID, 30);

	(void)state;
	base_config(&cfg);
	cfg.passive = true;
	setup(&f, &r, &cfg);

	/* ManualStart on a passive neighbor: listen only, no ConnectRetry timer */
	assert_int_equal(fsm_event(&f, FSM_EV_MANUAL_START), 0);
	assert_int_equal(f.state, FSM_ACTIVE);
	assert_string_equal(r.log, "");
	/* a stray ConnectRetry expiry does not make it connect */
	assert_int_equal(fsm_event(&f, FSM_EV_CONNECT_RETRY_EXPIRES), 0);
	assert_int_equal(f.state, FSM_ACTIVE);
	assert_string_equal(r.log, "");

	assert_int_equal(fsm_event(&f, FSM_EV_TCP_CONNECTION_CONFIRMED), 0);
	assert_int_equal(f.state, FSM_OPENSENT);
	assert_string_equal(r.log, "open, start Hold 240");

	r.log[0] = '\0';
	assert_int_equal(fsm_open_received(&f, &peer), 0);
	assert_int_equal(f.state, FSM_OPENCONFIRM);
	assert_int_equal(f.hold_time, 30);	/* the peer's, smaller */
	assert_string_equal(r.log, "keepalive, start Keepalive 10, start Hold 30");

	r.log[0] = '\0';
	assert_int_equal(fsm_event(&f, FSM_EV_KEEPALIVE_MSG), 0);
	assert_int_equal(f.state, FSM_ESTABLISHED);
	assert_string_equal(r.log, "start Hold 30, established");

	/* down, automatic restart: still passive, still no connect */
	assert_int_equal(fsm_event(&f, FSM_EV_TCP_CONNECTION_FAILS), 0);
	assert_int_equal(f.state, FSM_IDLE);
	assert_int_equal(fsm_event(&f, FSM_EV_IDLE_HOLD_EXPIRES), 0);
	assert_int_equal(f.state, FSM_ACTIVE);
	assert_int_equal(r.n_connect, 0);
}

/* A passive start (event 5) on an active neighbor, as for a second, incoming connection. */
static void
test_passive_start_event(void **state)
{
	struct fsm f;
	struct rec r;
	struct fsm_config cfg;

	(void)state;
	base_config(&cfg);
	setup(&f, &r, &cfg);
	assert_int_equal(fsm_event(&f, FSM_EV_AUTOMATIC_START_PASSIVE), 0);
	assert_int_equal(f.state, FSM_ACTIVE);
	assert_string_equal(r.log, "");
	assert_int_equal(fsm_event(&f, FSM_EV_TCP_CONNECTION_CONFIRMED), 0);
	assert_int_equal(f.state, FSM_OPENSENT);
	/* the connection fails in OpenSent: back to Active, passive: no timer */
	r.log[0] = '\0';
	assert_int_equal(fsm_event(&f, FSM_EV_TCP_CONNECTION_FAILS), 0);
	assert_int_equal(f.state, FSM_ACTIVE);
	assert_string_equal(r.log, "close, stop Hold, down");
	assert_int_equal(r.n_connect, 0);
}

/* ---- every state x every event ---- */

struct expect {
	enum fsm_event ev;
	enum fsm_state next;
	uint8_t code;		/* 0: no NOTIFICATION */
	uint8_t subcode;
};

#define N_IMPLEMENTED 25	/* events 1-5, 8-11, 13-19, 21-29 */

static const struct expect exp_idle[N_IMPLEMENTED] = {
	{ 1, FSM_CONNECT, 0, 0 }, { 2, FSM_IDLE, 0, 0 }, { 3, FSM_CONNECT, 0, 0 },
	{ 4, FSM_ACTIVE, 0, 0 }, { 5, FSM_ACTIVE, 0, 0 }, { 8, FSM_IDLE, 0, 0 },
	{ 9, FSM_IDLE, 0, 0 }, { 10, FSM_IDLE, 0, 0 }, { 11, FSM_IDLE, 0, 0 },
	{ 13, FSM_IDLE, 0, 0 }, { 14, FSM_IDLE, 0, 0 }, { 15, FSM_IDLE, 0, 0 },
	{ 16, FSM_IDLE, 0, 0 }, { 17, FSM_IDLE, 0, 0 }, { 18, FSM_IDLE, 0, 0 },
	{ 19, FSM_IDLE, 0, 0 }, { 21, FSM_IDLE, 0, 0 }, { 22, FSM_IDLE, 0, 0 },
	{ 23, FSM_IDLE, 0, 0 }, { 24, FSM_IDLE, 0, 0 }, { 25, FSM_IDLE, 0, 0 },
	{ 26, FSM_IDLE, 0, 0 }, { 27, FSM_IDLE, 0, 0 }, { 28, FSM_IDLE, 0, 0 },
	{ 29, FSM_IDLE, 0, 0 },
};

static const struct expect exp_connect[N_IMPLEMENTED] = {
	{ 1, FSM_CONNECT, 0, 0 }, { 2, FSM_IDLE, 0, 0 }, { 3, FSM_CONNECT, 0, 0 },
	{ 4, FSM_CONNECT, 0, 0 }, { 5, FSM_CONNECT, 0, 0 }, { 8, FSM_IDLE, 0, 0 },
	{ 9, FSM_CONNECT, 0, 0 }, { 10, FSM_IDLE, 0, 0 }, { 11, FSM_IDLE, 0, 0 },
	{ 13, FSM_IDLE, 0, 0 }, { 14, FSM_CONNECT, 0, 0 }, { 15, FSM_CONNECT, 0, 0 },
	{ 16, FSM_OPENSENT, 0, 0 }, { 17, FSM_OPENSENT, 0, 0 }, { 18, FSM_ACTIVE, 0, 0 },
	{ 19, FSM_IDLE, 0, 0 }, { 21, FSM_IDLE, 0, 0 }, { 22, FSM_IDLE, 0, 0 },
	{ 23, FSM_IDLE, 0, 0 }, { 24, FSM_IDLE, 0, 0 }, { 25, FSM_IDLE, 0, 0 },
	{ 26, FSM_IDLE, 0, 0 }, { 27, FSM_IDLE, 0, 0 }, { 28, FSM_IDLE, 0, 0 },
	{ 29, FSM_IDLE, 0, 0 },
};

static const struct expect exp_active[N_IMPLEMENTED] = {
	{ 1, FSM_ACTIVE, 0, 0 }, { 2, FSM_IDLE, 0, 0 }, { 3, FSM_ACTIVE, 0, 0 },
	{ 4, FSM_ACTIVE, 0, 0 }, { 5, FSM_ACTIVE, 0, 0 }, { 8, FSM_IDLE, 0, 0 },
	{ 9, FSM_CONNECT, 0, 0 }, { 10, FSM_IDLE, 0, 0 }, { 11, FSM_IDLE, 0, 0 },
	{ 13, FSM_IDLE, 0, 0 }, { 14, FSM_ACTIVE, 0, 0 }, { 15, FSM_ACTIVE, 0, 0 },
	{ 16, FSM_OPENSENT, 0, 0 }, { 17, FSM_OPENSENT, 0, 0 }, { 18, FSM_IDLE, 0, 0 },
	{ 19, FSM_IDLE, 0, 0 }, { 21, FSM_IDLE, 0, 0 }, { 22, FSM_IDLE, 0, 0 },
	{ 23, FSM_IDLE, 0, 0 }, { 24, FSM_IDLE, 0, 0 }, { 25, FSM_IDLE, 0, 0 },
	{ 26, FSM_IDLE, 0, 0 }, { 27, FSM_IDLE, 0, 0 }, { 28, FSM_IDLE, 0, 0 },
	{ 29, FSM_IDLE, 0, 0 },
};

static const struct expect exp_opensent[N_IMPLEMENTED] = {
	{ 1, FSM_OPENSENT, 0, 0 }, { 2, FSM_IDLE, 6, 2 }, { 3, FSM_OPENSENT, 0, 0 },
	{ 4, FSM_OPENSENT, 0, 0 }, { 5, FSM_OPENSENT, 0, 0 }, { 8, FSM_IDLE, 6, 4 },
	{ 9, FSM_IDLE, 5, 0 }, { 10, FSM_IDLE, 4, 0 }, { 11, FSM_IDLE, 5, 0 },
	{ 13, FSM_IDLE, 5, 0 }, { 14, FSM_OPENSENT, 0, 0 }, { 15, FSM_OPENSENT, 0, 0 },
	{ 16, FSM_OPENSENT, 0, 0 }, { 17, FSM_OPENSENT, 0, 0 }, { 18, FSM_ACTIVE, 0, 0 },
	{ 19, FSM_OPENCONFIRM, 0, 0 }, { 21, FSM_IDLE, 1, 2 }, { 22, FSM_IDLE, 2, 4 },
	{ 23, FSM_IDLE, 6, 7 }, { 24, FSM_IDLE, 0, 0 }, { 25, FSM_IDLE, 0, 0 },
	{ 26, FSM_IDLE, 5, 1 }, { 27, FSM_IDLE, 5, 1 }, { 28, FSM_IDLE, 5, 1 },
	{ 29, FSM_IDLE, 5, 1 },
};

static const struct expect exp_openconfirm[N_IMPLEMENTED] = {
	{ 1, FSM_OPENCONFIRM, 0, 0 }, { 2, FSM_IDLE, 6, 2 }, { 3, FSM_OPENCONFIRM, 0, 0 },
	{ 4, FSM_OPENCONFIRM, 0, 0 }, { 5, FSM_OPENCONFIRM, 0, 0 }, { 8, FSM_IDLE, 6, 4 },
	{ 9, FSM_IDLE, 5, 0 }, { 10, FSM_IDLE, 4, 0 }, { 11, FSM_OPENCONFIRM, 0, 0 },
	{ 13, FSM_IDLE, 5, 0 }, { 14, FSM_OPENCONFIRM, 0, 0 }, { 15, FSM_OPENCONFIRM, 0, 0 },
	{ 16, FSM_OPENCONFIRM, 0, 0 }, { 17, FSM_OPENCONFIRM, 0, 0 }, { 18, FSM_IDLE, 0, 0 },
	{ 19, FSM_IDLE, 5, 2 }, { 21, FSM_IDLE, 1, 2 }, { 22, FSM_IDLE, 2, 4 },
	{ 23, FSM_IDLE, 6, 7 }, { 24, FSM_IDLE, 0, 0 }, { 25, FSM_IDLE, 0, 0 },
	{ 26, FSM_ESTABLISHED, 0, 0 }, { 27, FSM_IDLE, 5, 2 }, { 28, FSM_IDLE, 5, 2 },
	{ 29, FSM_IDLE, 5, 2 },
};

static const struct expect exp_established[N_IMPLEMENTED] = {
	{ 1, FSM_ESTABLISHED, 0, 0 }, { 2, FSM_IDLE, 6, 2 }, { 3, FSM_ESTABLISHED, 0, 0 },
	{ 4, FSM_ESTABLISHED, 0, 0 }, { 5, FSM_ESTABLISHED, 0, 0 }, { 8, FSM_IDLE, 6, 4 },
	{ 9, FSM_IDLE, 5, 0 }, { 10, FSM_IDLE, 4, 0 }, { 11, FSM_ESTABLISHED, 0, 0 },
	{ 13, FSM_ESTABLISHED, 0, 0 }, { 14, FSM_ESTABLISHED, 0, 0 }, { 15, FSM_ESTABLISHED, 0, 0 },
	{ 16, FSM_ESTABLISHED, 0, 0 }, { 17, FSM_ESTABLISHED, 0, 0 }, { 18, FSM_IDLE, 0, 0 },
	{ 19, FSM_IDLE, 5, 3 }, { 21, FSM_IDLE, 1, 2 }, { 22, FSM_IDLE, 5, 3 },
	{ 23, FSM_IDLE, 6, 7 }, { 24, FSM_IDLE, 0, 0 }, { 25, FSM_IDLE, 0, 0 },
	{ 26, FSM_ESTABLISHED, 0, 0 }, { 27, FSM_ESTABLISHED, 0, 0 }, { 28, FSM_IDLE, 3, 1 },
	{ 29, FSM_ESTABLISHED, 0, 0 },
};

/* The message type RFC 6608 puts in the data of an FSM error, per event. */
static uint8_t
expected_fsm_data(enum fsm_event ev)
{
	switch (ev) {
	case FSM_EV_BGP_OPEN:
	case FSM_EV_BGP_OPEN_MSG_ERR:
		return 1;
	case FSM_EV_UPDATE_MSG:
	case FSM_EV_UPDATE_MSG_ERR:
		return 2;
	case FSM_EV_KEEPALIVE_MSG:
		return 4;
	case FSM_EV_ROUTE_REFRESH_MSG:
		return 5;
	default:
		return 0;
	}
}

/* Inject ev with the payload it needs. */
static int
inject(struct fsm *f, enum fsm_event ev)
{
	static const uint8_t bad_len[2] = { 0x00, 0x12 };
	struct wire_open peer = mk_open(PEER_AS, PEER_ID, 180);
	struct wire_err err;
	struct wire_notification n;

	memset(&err, 0, sizeof(err));
	memset(&n, 0, sizeof(n));
	switch (ev) {
	case FSM_EV_BGP_OPEN:
		return fsm_open_received(f, &peer);
	case FSM_EV_BGP_HEADER_ERR:
		wire_fail(&err, BGP_ERR_HEADER, BGP_ERR_HDR_BAD_LEN, WIRE_SESSION_RESET,
		    "length 18");
		wire_err_own_data(&err, bad_len, sizeof(bad_len));
		return fsm_msg_error(f, ev, &err);
	case FSM_EV_BGP_OPEN_MSG_ERR:
		wire_fail(&err, BGP_ERR_OPEN, BGP_ERR_OPEN_OPT_PARAM, WIRE_SESSION_RESET,
		    "optional parameter 3");
		return fsm_msg_error(f, ev, &err);
	case FSM_EV_UPDATE_MSG_ERR:
		wire_fail(&err, BGP_ERR_UPDATE, BGP_ERR_UPD_ATTR_LIST, WIRE_SESSION_RESET,
		    "attribute list");
		return fsm_msg_error(f, ev, &err);
	case FSM_EV_NOTIF_MSG_VER_ERR:
		n.code = BGP_ERR_OPEN;
		n.subcode = BGP_ERR_OPEN_VERSION;
		assert_int_equal(fsm_notification_received(f, &n), 0);
		return 0;
	case FSM_EV_NOTIF_MSG:
		n.code = BGP_ERR_CEASE;
		n.subcode = BGP_CEASE_ADMIN_SHUTDOWN;
		return fsm_notification_received(f, &n);
	default:
		return fsm_event(f, ev);
	}
}

/* An assertion that names the state and event it was about. */
#define CHECK(cond) do { \
		if (!(cond)) \
			fail_msg("%s: %s", what, #cond); \
	} while (0)

static void
check_row(enum fsm_state from, const struct expect *exp)
{
	unsigned valid = 0;

	for (int ev = 0; ev < FSM_EV_COUNT + 2; ev++)
		if (fsm_event_valid((enum fsm_event)ev))
			valid++;
	assert_int_equal(valid, N_IMPLEMENTED);

	for (unsigned i = 0; i < N_IMPLEMENTED; i++) {
		const struct expect *e = &exp[i];
		struct fsm f;
		struct rec r;
		struct fsm_config cfg;
		char what[96];

		snprintf(what, sizeof(what), "%s + event %d %s", fsm_state_name(from),
		    e->ev, fsm_event_name(e->ev));
		CHECK(fsm_event_valid(e->ev));
		CHECK(i == 0 || e->ev > exp[i - 1].ev);	/* each event once */

		base_config(&cfg);
		setup(&f, &r, &cfg);
		drive_to(&f, &r, from);
		CHECK(inject(&f, e->ev) == 0);

		CHECK(f.state == e->next);
		if (e->code == 0) {
			CHECK(r.n_notify == 0);
		} else {
			CHECK(r.n_notify == 1);
			CHECK(r.code == e->code);
			CHECK(r.subcode == e->subcode);
		}
		/* RFC 6608: an unexpected message's type as data; nothing for other events */
		if (e->code == BGP_ERR_FSM) {
			uint8_t type = expected_fsm_data(e->ev);

			CHECK((e->subcode != 0) == (type != 0));
			CHECK(r.len == (type != 0 ? 1u : 0u));
			CHECK(type == 0 || r.data[0] == type);
		}
		/* down() exactly when a session from OpenSent on is lost */
		CHECK(r.n_down == (from >= FSM_OPENSENT && e->next < FSM_OPENSENT ? 1u : 0u));
		/* resources released on every fall to Idle */
		CHECK(r.n_release == (from != FSM_IDLE && e->next == FSM_IDLE ? 1u : 0u));
		/* a NOTIFICATION only where there is a connection that got as far as OPEN */
		CHECK(r.n_notify == 0 || from >= FSM_OPENSENT);
		/* when down, what the session layer is told matches what was sent */
		if (r.n_down > 0 && r.n_notify > 0) {
			CHECK(r.down.cause == FSM_DOWN_NOTIF_SENT);
			CHECK(r.down.code == e->code);
			CHECK(r.down.subcode == e->subcode);
			CHECK(r.down.event == e->ev);
			CHECK(r.down.from == from);
		}
		/* the active peer of these rows connects only when starting or retrying */
		CHECK(r.n_connect == ((from == FSM_IDLE && (e->ev == 1 || e->ev == 3)) ||
		    ((from == FSM_CONNECT || from == FSM_ACTIVE) && e->ev == 9) ? 1u : 0u));
	}
}

#undef CHECK

static void
test_table_idle(void **state)
{
	(void)state;
	check_row(FSM_IDLE, exp_idle);
}

static void
test_table_connect(void **state)
{
	(void)state;
	check_row(FSM_CONNECT, exp_connect);
}

static void
test_table_active(void **state)
{
	(void)state;
	check_row(FSM_ACTIVE, exp_active);
}

static void
test_table_opensent(void **state)
{
	(void)state;
	check_row(FSM_OPENSENT, exp_opensent);
}

static void
test_table_openconfirm(void **state)
{
	(void)state;
	check_row(FSM_OPENCONFIRM, exp_openconfirm);
}

static void
test_table_established(void **state)
{
	(void)state;
	check_row(FSM_ESTABLISHED, exp_established);
}

/* ---- specific paths ---- */

static void
test_hold_expired(void **state)
{
	struct fsm f;
	struct rec r;
	struct fsm_config cfg;

	(void)state;
	base_config(&cfg);
	setup(&f, &r, &cfg);
	drive_to(&f, &r, FSM_ESTABLISHED);
	assert_int_equal(fsm_event(&f, FSM_EV_HOLD_EXPIRES), 0);
	assert_int_equal(f.state, FSM_IDLE);
	/* the Hold timer fired, so only Keepalive is stopped */
	assert_string_equal(r.log,
	    "notify 4/0, stop Keepalive, close, down, release, start IdleHold 5");
	assert_int_equal(r.len, 0);
	assert_int_equal(r.down.cause, FSM_DOWN_NOTIF_SENT);
	assert_int_equal(r.down.code, BGP_ERR_HOLD);
	assert_int_equal(r.down.subcode, 0);
	assert_int_equal(r.down.event, FSM_EV_HOLD_EXPIRES);
	assert_int_equal(r.down.from, FSM_ESTABLISHED);
	assert_true(f.has_last_down);
	assert_int_equal(f.last_down.code, BGP_ERR_HOLD);
	assert_int_equal(f.connect_retry_counter, 1);
	assert_int_equal(f.timers, 1u << FSM_TIMER_IDLE_HOLD);

	/* in OpenSent, the large hold timer */
	setup(&f, &r, &cfg);
	drive_to(&f, &r, FSM_OPENSENT);
	assert_int_equal(fsm_event(&f, FSM_EV_HOLD_EXPIRES), 0);
	assert_int_equal(f.state, FSM_IDLE);
	assert_string_equal(r.log, "notify 4/0, close, down, release, start IdleHold 5");
}

static void
test_bad_peer_as(void **state)
{
	static const uint8_t field_65003[] = { 0xfd, 0xeb };
	static const uint8_t field_as_trans[] = { 0x5b, 0xa0 };
	struct fsm f;
	struct rec r;
	struct fsm_config cfg;
	struct wire_open peer = mk_open(65003, PEER_ID, 180);

	(void)state;
	base_config(&cfg);
	setup(&f, &r, &cfg);
	drive_to(&f, &r, FSM_OPENSENT);
	assert_int_equal(fsm_open_received(&f, &peer), 0);
	assert_int_equal(f.state, FSM_IDLE);
	assert_string_equal(r.log, "notify 2/2, stop Hold, close, down, release, start IdleHold 5");
	assert_bytes_equal(r.data, r.len, field_65003, sizeof(field_65003));
	assert_string_equal(r.down.text, "peer AS 65003, expected 65002");
	assert_int_equal(r.down.event, FSM_EV_BGP_OPEN);
	assert_null(fsm_wire_ctx(&f));

	/* a 4-octet AS: the data is still the OPEN's 2-octet field, AS_TRANS */
	peer = mk_open(4200000001u, PEER_ID, 180);
	setup(&f, &r, &cfg);
	drive_to(&f, &r, FSM_OPENSENT);
	assert_int_equal(fsm_open_received(&f, &peer), 0);
	assert_int_equal(f.state, FSM_IDLE);
	assert_int_equal(r.code, BGP_ERR_OPEN);
	assert_int_equal(r.subcode, BGP_ERR_OPEN_BAD_AS);
	assert_bytes_equal(r.data, r.len, field_as_trans, sizeof(field_as_trans));
	assert_string_equal(r.down.text, "peer AS 4200000001, expected 65002");

	/* the same AS through the capability is accepted; any AS when peer_as is 0 */
	cfg.peer_as = 4200000001u;
	setup(&f, &r, &cfg);
	drive_to(&f, &r, FSM_OPENSENT);
	assert_int_equal(fsm_open_received(&f, &peer), 0);
	assert_int_equal(f.state, FSM_OPENCONFIRM);
	assert_int_equal(f.peer_as, 4200000001u);
	cfg.peer_as = 0;
	peer = mk_open(64512, PEER_ID, 180);
	setup(&f, &r, &cfg);
	drive_to(&f, &r, FSM_OPENSENT);
	assert_int_equal(fsm_open_received(&f, &peer), 0);
	assert_int_equal(f.state, FSM_OPENCONFIRM);
}

static void
test_equal_bgp_id(void **state)
{
	struct fsm f;
	struct rec r;
	struct fsm_config cfg;
	struct wire_open peer;

	(void)state;
	/* iBGP: our own identifier is refused (RFC 6286 §2.2) */
	base_config(&cfg);
	cfg.peer_as = LOCAL_AS;
	peer = mk_open(LOCAL_AS, LOCAL_ID, 180);
	setup(&f, &r, &cfg);
	drive_to(&f, &r, FSM_OPENSENT);
	assert_int_equal(fsm_open_received(&f, &peer), 0);
	assert_int_equal(f.state, FSM_IDLE);
	assert_int_equal(r.code, BGP_ERR_OPEN);
	assert_int_equal(r.subcode, BGP_ERR_OPEN_BAD_ID);
	assert_int_equal(r.len, 0);
	assert_string_equal(r.down.text, "BGP identifier 10.0.0.1 is ours, on an internal session");

	/* iBGP with a different identifier is fine */
	peer = mk_open(LOCAL_AS, PEER_ID, 180);
	setup(&f, &r, &cfg);
	drive_to(&f, &r, FSM_OPENSENT);
	assert_int_equal(fsm_open_received(&f, &peer), 0);
	assert_int_equal(f.state, FSM_OPENCONFIRM);
	assert_true(fsm_wire_ctx(&f)->ibgp);

	/* eBGP: equal identifiers are allowed */
	base_config(&cfg);
	peer = mk_open(PEER_AS, LOCAL_ID, 180);
	setup(&f, &r, &cfg);
	drive_to(&f, &r, FSM_OPENSENT);
	assert_int_equal(fsm_open_received(&f, &peer), 0);
	assert_int_equal(f.state, FSM_OPENCONFIRM);
	assert_int_equal(r.n_notify, 0);
	assert_false(fsm_wire_ctx(&f)->ibgp);
}

static void
test_hold_time_zero(void **state)
{
	struct fsm f;
	struct rec r;
	struct fsm_config cfg;
	struct wire_open peer = mk_open(PEER_AS, PEER_ID, 180);

	(void)state;
	/* we offer 0: no keepalives, no hold timer */
	base_config(&cfg);
	cfg.open.hold_time = 0;
	setup(&f, &r, &cfg);
	drive_to(&f, &r, FSM_OPENSENT);
	assert_int_equal(fsm_open_received(&f, &peer), 0);
	assert_int_equal(f.state, FSM_OPENCONFIRM);
	assert_int_equal(f.hold_time, 0);
	assert_int_equal(f.keepalive_time, 0);
	/* one KEEPALIVE to confirm the OPEN, and the large OpenSent timer goes */
	assert_string_equal(r.log, "keepalive, stop Hold");
	r.log[0] = '\0';
	assert_int_equal(fsm_event(&f, FSM_EV_KEEPALIVE_MSG), 0);
	assert_int_equal(f.state, FSM_ESTABLISHED);
	assert_string_equal(r.log, "established");
	r.log[0] = '\0';
	assert_int_equal(fsm_event(&f, FSM_EV_KEEPALIVE_MSG), 0);
	assert_int_equal(fsm_event(&f, FSM_EV_UPDATE_MSG), 0);
	fsm_update_sent(&f);
	assert_string_equal(r.log, "");
	assert_int_equal(f.timers, 0);

	/* the peer offers 0 */
	base_config(&cfg);
	peer = mk_open(PEER_AS, PEER_ID, 0);
	setup(&f, &r, &cfg);
	drive_to(&f, &r, FSM_OPENSENT);
	assert_int_equal(fsm_open_received(&f, &peer), 0);
	assert_int_equal(f.state, FSM_OPENCONFIRM);
	assert_int_equal(f.hold_time, 0);
	assert_string_equal(r.log, "keepalive, stop Hold");
}

static void
test_hold_negotiation(void **state)
{
	struct fsm_config cfg;

	(void)state;
	assert_int_equal(fsm_hold_time(90, 180), 90);
	assert_int_equal(fsm_hold_time(180, 90), 90);
	assert_int_equal(fsm_hold_time(90, 3), 3);
	assert_int_equal(fsm_hold_time(0, 90), 0);
	assert_int_equal(fsm_hold_time(90, 0), 0);

	base_config(&cfg);			/* hold 90, keepalive from hold */
	assert_int_equal(fsm_keepalive_time(&cfg, 90), 30);
	assert_int_equal(fsm_keepalive_time(&cfg, 9), 3);
	assert_int_equal(fsm_keepalive_time(&cfg, 3), 1);
	assert_int_equal(fsm_keepalive_time(&cfg, 4), 1);
	assert_int_equal(fsm_keepalive_time(&cfg, 0), 0);
	cfg.keepalive_time = 10;		/* configured: scaled down with the hold time */
	assert_int_equal(fsm_keepalive_time(&cfg, 90), 10);
	assert_int_equal(fsm_keepalive_time(&cfg, 45), 5);
	assert_int_equal(fsm_keepalive_time(&cfg, 30), 3);
	assert_int_equal(fsm_keepalive_time(&cfg, 3), 1);
	cfg.keepalive_time = 200;		/* never above the hold time */
	assert_int_equal(fsm_keepalive_time(&cfg, 90), 90);
}

static void
test_missing_capability(void **state)
{
	/* AS4 with our AS 65001, then MP IPv6 unicast: as in our OPEN (RFC 5492 §5) */
	static const uint8_t want[] = {
		0x41, 0x04, 0x00, 0x00, 0xfd, 0xe9,
		0x01, 0x04, 0x00, 0x02, 0x00, 0x01,
	};
	struct fsm f;
	struct rec r;
	struct fsm_config cfg;
	struct wire_open peer = mk_open(PEER_AS, PEER_ID, 180);

	(void)state;
	base_config(&cfg);
	cfg.require.as4 = true;
	cfg.require.mp[AFS_IPV6_UNICAST] = true;
	peer.as4_present = false;
	setup(&f, &r, &cfg);
	drive_to(&f, &r, FSM_OPENSENT);
	assert_int_equal(fsm_open_received(&f, &peer), 0);
	assert_int_equal(f.state, FSM_IDLE);
	assert_int_equal(r.code, BGP_ERR_OPEN);
	assert_int_equal(r.subcode, BGP_ERR_OPEN_CAPABILITY);
	assert_bytes_equal(r.data, r.len, want, sizeof(want));
	assert_string_equal(r.down.text,
	    "required capabilities missing: 4-octet AS, multiprotocol ipv6-unicast");

	/* with both present, the session goes on */
	peer.as4_present = true;
	peer.mp[AFS_IPV6_UNICAST] = true;
	setup(&f, &r, &cfg);
	drive_to(&f, &r, FSM_OPENSENT);
	assert_int_equal(fsm_open_received(&f, &peer), 0);
	assert_int_equal(f.state, FSM_OPENCONFIRM);
}

static void
test_open_check_caps(void **state)
{
	static const uint8_t want_rr[] = { 0x02, 0x00, 0x46, 0x00, 0x06, 0x00 };
	static const uint8_t want_ap[] = { 0x45, 0x04, 0x00, 0x01, 0x01, 0x01 };
	struct fsm_config cfg;
	struct fsm_open_error e;
	struct wire_open peer = mk_open(PEER_AS, PEER_ID, 180);

	(void)state;
	base_config(&cfg);
	assert_true(fsm_open_check(&cfg, &peer, &e));

	cfg.require.route_refresh = true;
	cfg.require.enhanced_rr = true;
	cfg.require.ext_msg = true;
	assert_false(fsm_open_check(&cfg, &peer, &e));
	assert_int_equal(e.subcode, BGP_ERR_OPEN_CAPABILITY);
	assert_bytes_equal(e.data, e.data_len, want_rr, sizeof(want_rr));
	peer.route_refresh = peer.enhanced_rr = peer.ext_msg = true;
	assert_true(fsm_open_check(&cfg, &peer, &e));

	/* add-path: we must receive IPv4 path ids, so the peer must say send */
	cfg.require.addpath[AFS_IPV4_UNICAST] = ADDPATH_RX;
	peer.addpath[AFS_IPV4_UNICAST] = ADDPATH_RX;
	assert_false(fsm_open_check(&cfg, &peer, &e));
	assert_bytes_equal(e.data, e.data_len, want_ap, sizeof(want_ap));
	peer.addpath[AFS_IPV4_UNICAST] = ADDPATH_TX;
	assert_true(fsm_open_check(&cfg, &peer, &e));
	cfg.require.addpath[AFS_IPV4_UNICAST] = ADDPATH_RX | ADDPATH_TX;
	assert_false(fsm_open_check(&cfg, &peer, &e));
	peer.addpath[AFS_IPV4_UNICAST] = ADDPATH_RX | ADDPATH_TX;
	assert_true(fsm_open_check(&cfg, &peer, &e));

	/* every capability missing at once still fits */
	memset(&cfg.require, 0, sizeof(cfg.require));
	cfg.require.as4 = cfg.require.route_refresh = cfg.require.enhanced_rr = true;
	cfg.require.ext_msg = true;
	for (int i = 0; i < AFS_COUNT; i++) {
		cfg.require.mp[i] = true;
		cfg.require.addpath[i] = ADDPATH_RX | ADDPATH_TX;
	}
	peer = mk_open(PEER_AS, PEER_ID, 180);
	peer.as4_present = false;
	peer.mp[AFS_IPV4_UNICAST] = false;
	assert_false(fsm_open_check(&cfg, &peer, &e));
	assert_int_equal(e.data_len, 6 + 2 * 6 + 3 * 2 + 2 * 6);
}

static void
test_negotiated_ctx(void **state)
{
	struct fsm f;
	struct rec r;
	struct fsm_config cfg;
	struct wire_open peer = mk_open(PEER_AS, PEER_ID, 180);
	const struct wire_ctx *ctx;

	(void)state;
	base_config(&cfg);
	cfg.open.addpath[AFS_IPV4_UNICAST] = ADDPATH_RX;
	cfg.open.ext_msg = true;
	peer.addpath[AFS_IPV4_UNICAST] = ADDPATH_TX;
	setup(&f, &r, &cfg);
	drive_to(&f, &r, FSM_OPENSENT);
	assert_int_equal(fsm_open_received(&f, &peer), 0);
	ctx = fsm_wire_ctx(&f);
	assert_non_null(ctx);
	assert_true(ctx->as4);
	assert_false(ctx->ext_msg);		/* the peer did not offer it */
	assert_false(ctx->ibgp);
	assert_true(ctx->addpath_rx[AFS_IPV4_UNICAST]);
	assert_false(ctx->addpath_tx[AFS_IPV4_UNICAST]);
}

static void
test_collision_decision(void **state)
{
	(void)state;
	/* §6.8: close the connection initiated by the lower identifier */
	assert_int_equal(fsm_collision_close(LOCAL_ID, LOCAL_AS, PEER_ID, PEER_AS),
	    FSM_CONN_OUTGOING);
	assert_int_equal(fsm_collision_close(PEER_ID, LOCAL_AS, LOCAL_ID, PEER_AS),
	    FSM_CONN_INCOMING);
	/* compared as unsigned: 200.0.0.1 > 10.0.0.2 */
	assert_int_equal(fsm_collision_close(0xc8000001u, LOCAL_AS, PEER_ID, PEER_AS),
	    FSM_CONN_INCOMING);
	/* RFC 6286 §2.3: equal identifiers, the lower AS's connection goes */
	assert_int_equal(fsm_collision_close(LOCAL_ID, 65001, LOCAL_ID, 65002),
	    FSM_CONN_OUTGOING);
	assert_int_equal(fsm_collision_close(LOCAL_ID, 65002, LOCAL_ID, 65001),
	    FSM_CONN_INCOMING);
}

static void
test_collision_dump(void **state)
{
	struct fsm f;
	struct rec r;
	struct fsm_config cfg;

	(void)state;
	base_config(&cfg);
	setup(&f, &r, &cfg);
	drive_to(&f, &r, FSM_OPENCONFIRM);
	assert_int_equal(fsm_event(&f, FSM_EV_OPEN_COLLISION_DUMP), 0);
	assert_int_equal(f.state, FSM_IDLE);
	/* the winner lives on: no restart of this one */
	assert_string_equal(r.log,
	    "notify 6/7, stop Hold, stop Keepalive, close, down, release");
	assert_int_equal(r.down.code, BGP_ERR_CEASE);
	assert_int_equal(r.down.subcode, BGP_CEASE_COLLISION);
	assert_false(f.auto_start);
	r.log[0] = '\0';
	assert_int_equal(fsm_event(&f, FSM_EV_IDLE_HOLD_EXPIRES), 0);
	assert_int_equal(f.state, FSM_IDLE);
	assert_string_equal(r.log, "");
}

static void
test_jitter(void **state)
{
	struct fsm f;
	struct rec r;
	struct fsm_config cfg;
	uint32_t x = 2166136261u;

	(void)state;
	assert_int_equal(fsm_jitter(120, 0), 90);
	assert_int_equal(fsm_jitter(120, UINT32_MAX), 120);
	assert_int_equal(fsm_jitter(120, 0x80000000u), 105);
	assert_int_equal(fsm_jitter(30, 0), 23);	/* 22.5 rounded */
	assert_int_equal(fsm_jitter(4, 0), 3);
	assert_int_equal(fsm_jitter(1, 0), 1);		/* never below 1 */
	assert_int_equal(fsm_jitter(0, 12345), 0);
	assert_int_equal(fsm_jitter(65535, UINT32_MAX), 65535);
	for (int i = 0; i < 100000; i++) {
		uint32_t j;

		x = x * 1664525u + 1013904223u;
		j = fsm_jitter(120, x);
		assert_true(j >= 90 && j <= 120);
		j = fsm_jitter(FSM_HOLD_TIME / 3, x);
		assert_true(j >= 23 && j <= 30);
	}

	/* the FSM draws through ops->random */
	base_config(&cfg);
	setup(&f, &r, &cfg);
	r.rnd = 0;
	assert_int_equal(fsm_event(&f, FSM_EV_MANUAL_START), 0);
	assert_string_equal(r.log, "start ConnectRetry 90, connect");
	r.log[0] = '\0';
	r.rnd = 0x80000000u;
	assert_int_equal(fsm_event(&f, FSM_EV_CONNECT_RETRY_EXPIRES), 0);
	assert_string_equal(r.log, "close, start ConnectRetry 105, connect");
	assert_int_equal(fsm_event(&f, FSM_EV_TCP_CR_ACKED), 0);
	{
		struct wire_open peer = mk_open(PEER_AS, PEER_ID, 180);

		r.log[0] = '\0';
		r.rnd = 0;
		assert_int_equal(fsm_open_received(&f, &peer), 0);
		/* keepalive jittered, hold timer not (§10 lists the timers to jitter) */
		assert_string_equal(r.log, "keepalive, start Keepalive 23, start Hold 90");
	}

	/* without ops->random, no jitter */
	{
		struct fsm_ops plain = ops;

		plain.random = NULL;
		memset(&r, 0, sizeof(r));
		r.f = &f;
		assert_true(fsm_init(&f, &cfg, &plain, &r));
		assert_int_equal(fsm_event(&f, FSM_EV_MANUAL_START), 0);
		assert_string_equal(r.log, "start ConnectRetry 120, connect");
	}
}

static void
test_manual_stop_established(void **state)
{
	static const uint8_t text[] = { 11, 'm', 'a', 'i', 'n', 't', 'e', 'n', 'a', 'n', 'c', 'e' };
	struct fsm f;
	struct rec r;
	struct fsm_config cfg;

	(void)state;
	base_config(&cfg);
	setup(&f, &r, &cfg);
	drive_to(&f, &r, FSM_ESTABLISHED);
	assert_int_equal(fsm_event(&f, FSM_EV_MANUAL_STOP), 0);
	assert_int_equal(f.state, FSM_IDLE);
	assert_string_equal(r.log,
	    "notify 6/2, stop Hold, stop Keepalive, close, down, release");
	assert_int_equal(r.len, 0);
	assert_int_equal(r.n_down, 1);
	assert_int_equal(r.n_release, 1);
	assert_int_equal(r.down.cause, FSM_DOWN_NOTIF_SENT);
	assert_int_equal(r.down.event, FSM_EV_MANUAL_STOP);
	assert_int_equal(f.connect_retry_counter, 0);
	assert_false(f.auto_start);
	/* no automatic restart after a ManualStop */
	r.log[0] = '\0';
	assert_int_equal(fsm_event(&f, FSM_EV_IDLE_HOLD_EXPIRES), 0);
	assert_int_equal(f.state, FSM_IDLE);
	assert_string_equal(r.log, "");

	/* with an RFC 9003 message */
	setup(&f, &r, &cfg);
	drive_to(&f, &r, FSM_ESTABLISHED);
	assert_int_equal(fsm_stop(&f, FSM_EV_MANUAL_STOP, 0, "maintenance"), 0);
	assert_int_equal(r.code, BGP_ERR_CEASE);
	assert_int_equal(r.subcode, BGP_CEASE_ADMIN_SHUTDOWN);
	assert_bytes_equal(r.data, r.len, text, sizeof(text));
	assert_string_equal(r.down.text, "maintenance");

	/* reset: Administrative Reset with its message */
	setup(&f, &r, &cfg);
	drive_to(&f, &r, FSM_ESTABLISHED);
	assert_int_equal(fsm_stop(&f, FSM_EV_MANUAL_STOP, BGP_CEASE_ADMIN_RESET, "maintenance"), 0);
	assert_int_equal(r.subcode, BGP_CEASE_ADMIN_RESET);
	assert_bytes_equal(r.data, r.len, text, sizeof(text));

	/* de-configured: no text goes with subcode 3 */
	setup(&f, &r, &cfg);
	drive_to(&f, &r, FSM_ESTABLISHED);
	assert_int_equal(fsm_stop(&f, FSM_EV_MANUAL_STOP, BGP_CEASE_PEER_DECONFIGURED, "gone"), 0);
	assert_int_equal(r.subcode, BGP_CEASE_PEER_DECONFIGURED);
	assert_int_equal(r.len, 0);
}

static void
test_shutdown_message_cut(void **state)
{
	char msg[300];
	struct fsm f;
	struct rec r;
	struct fsm_config cfg;

	(void)state;
	/* 254 ASCII octets then a 2-octet character: it would end at 256 */
	memset(msg, 'a', 254);
	msg[254] = (char)0xc3;
	msg[255] = (char)0xa9;
	msg[256] = 'b';
	msg[257] = '\0';
	base_config(&cfg);
	setup(&f, &r, &cfg);
	drive_to(&f, &r, FSM_OPENCONFIRM);
	assert_int_equal(fsm_stop(&f, FSM_EV_MANUAL_STOP, 0, msg), 0);
	assert_int_equal(r.len, 1 + 254);
	assert_int_equal(r.data[0], 254);
	assert_int_equal(r.data[254], 'a');
	assert_int_equal(strlen(r.down.text), 254);
}

static void
test_automatic_stop(void **state)
{
	/* RFC 4486 §4: AFI, SAFI, upper bound */
	static const uint8_t maxpfx[] = { 0x00, 0x01, 0x01, 0x00, 0x00, 0x00, 0x64 };
	struct fsm f;
	struct rec r;
	struct fsm_config cfg;
	struct fsm_input in;

	(void)state;
	base_config(&cfg);
	setup(&f, &r, &cfg);
	drive_to(&f, &r, FSM_ESTABLISHED);
	memset(&in, 0, sizeof(in));
	in.event = FSM_EV_AUTOMATIC_STOP;
	in.cease_subcode = BGP_CEASE_MAX_PREFIX;
	in.data = maxpfx;
	in.data_len = sizeof(maxpfx);
	in.restart = FSM_RESTART_AFTER;
	in.restart_after = 60;
	in.why = "ipv4-unicast: 101 prefixes, limit 100";
	assert_int_equal(fsm_input(&f, &in), 0);
	assert_int_equal(f.state, FSM_IDLE);
	assert_string_equal(r.log,
	    "notify 6/1, stop Hold, stop Keepalive, close, down, release, start IdleHold 60");
	assert_bytes_equal(r.data, r.len, maxpfx, sizeof(maxpfx));
	assert_string_equal(r.down.text, "ipv4-unicast: 101 prefixes, limit 100");
	assert_int_equal(f.connect_retry_counter, 1);
	/* the restart timer fires: back to Connect */
	r.log[0] = '\0';
	assert_int_equal(fsm_event(&f, FSM_EV_IDLE_HOLD_EXPIRES), 0);
	assert_int_equal(f.state, FSM_CONNECT);
	assert_string_equal(r.log, "start ConnectRetry 120, connect");

	/* no restart */
	setup(&f, &r, &cfg);
	drive_to(&f, &r, FSM_ESTABLISHED);
	in.restart = FSM_RESTART_NEVER;
	assert_int_equal(fsm_input(&f, &in), 0);
	assert_string_equal(r.log,
	    "notify 6/1, stop Hold, stop Keepalive, close, down, release");
	assert_false(f.auto_start);

	/* in Connect: no NOTIFICATION (no connection), default restart */
	setup(&f, &r, &cfg);
	drive_to(&f, &r, FSM_CONNECT);
	assert_int_equal(fsm_stop(&f, FSM_EV_AUTOMATIC_STOP, 0, NULL), 0);
	assert_int_equal(f.state, FSM_IDLE);
	assert_string_equal(r.log, "stop ConnectRetry, close, release, start IdleHold 5");
}

static void
test_backoff(void **state)
{
	struct fsm f;
	struct rec r;
	struct fsm_config cfg;
	struct wire_open peer = mk_open(PEER_AS, PEER_ID, 180);

	(void)state;
	base_config(&cfg);
	cfg.idle_hold_time = 5;
	cfg.idle_hold_max = 20;
	setup(&f, &r, &cfg);
	drive_to(&f, &r, FSM_OPENSENT);

	/* each failure doubles the wait, up to the cap */
	static const char *const waits[] = {
		"start IdleHold 5", "start IdleHold 10", "start IdleHold 20", "start IdleHold 20",
	};
	for (unsigned i = 0; i < 4; i++) {
		char want[128];

		r.log[0] = '\0';
		assert_int_equal(fsm_event(&f, FSM_EV_HOLD_EXPIRES), 0);
		assert_int_equal(f.state, FSM_IDLE);
		snprintf(want, sizeof(want), "notify 4/0, close, down, release, %s", waits[i]);
		assert_string_equal(r.log, want);
		/* the IdleHold timer fires: AutomaticStart */
		r.log[0] = '\0';
		assert_int_equal(fsm_event(&f, FSM_EV_IDLE_HOLD_EXPIRES), 0);
		assert_int_equal(f.state, FSM_CONNECT);
		assert_string_equal(r.log, "start ConnectRetry 120, connect");
		assert_int_equal(fsm_event(&f, FSM_EV_TCP_CR_ACKED), 0);
	}

	/* established: the back-off is reset once the session held for that long */
	assert_int_equal(fsm_open_received(&f, &peer), 0);
	r.log[0] = '\0';
	assert_int_equal(fsm_event(&f, FSM_EV_KEEPALIVE_MSG), 0);
	assert_string_equal(r.log, "start Hold 90, start IdleHold 20, established");
	rec_clear(&r);
	assert_int_equal(fsm_event(&f, FSM_EV_IDLE_HOLD_EXPIRES), 0);
	assert_int_equal(f.state, FSM_ESTABLISHED);
	assert_int_equal(r.n_notify, 0);
	assert_int_equal(fsm_event(&f, FSM_EV_TCP_CONNECTION_FAILS), 0);
	assert_string_equal(r.log, "stop Hold, stop Keepalive, close, down, release, start IdleHold 5");

	/* a session that falls before the reset keeps its back-off */
	assert_int_equal(fsm_event(&f, FSM_EV_IDLE_HOLD_EXPIRES), 0);
	assert_int_equal(f.idle_hold, 10);
	assert_int_equal(fsm_event(&f, FSM_EV_TCP_CR_ACKED), 0);
	assert_int_equal(fsm_open_received(&f, &peer), 0);
	assert_int_equal(fsm_event(&f, FSM_EV_KEEPALIVE_MSG), 0);
	r.log[0] = '\0';
	assert_int_equal(fsm_event(&f, FSM_EV_NOTIF_MSG), -1);	/* needs the message */
	assert_int_equal(fsm_event(&f, FSM_EV_TCP_CONNECTION_FAILS), 0);
	assert_string_equal(r.log,
	    "stop Hold, stop Keepalive, stop IdleHold, close, down, release, start IdleHold 10");

	/* ManualStop in Idle cancels the pending restart; ManualStart resets the back-off */
	r.log[0] = '\0';
	assert_int_equal(fsm_event(&f, FSM_EV_MANUAL_STOP), 0);
	assert_int_equal(f.state, FSM_IDLE);
	assert_string_equal(r.log, "stop IdleHold");
	assert_int_equal(f.idle_hold, 20);
	assert_int_equal(fsm_event(&f, FSM_EV_MANUAL_START), 0);
	assert_int_equal(f.idle_hold, 5);
	assert_int_equal(f.state, FSM_CONNECT);
}

static void
test_no_auto_restart(void **state)
{
	struct fsm f;
	struct rec r;
	struct fsm_config cfg;

	(void)state;
	base_config(&cfg);
	cfg.auto_restart = false;
	setup(&f, &r, &cfg);
	drive_to(&f, &r, FSM_ESTABLISHED);
	assert_int_equal(fsm_event(&f, FSM_EV_TCP_CONNECTION_FAILS), 0);
	assert_int_equal(f.state, FSM_IDLE);
	assert_string_equal(r.log, "stop Hold, stop Keepalive, close, down, release");
	assert_int_equal(r.down.cause, FSM_DOWN_EVENT);
	assert_int_equal(r.down.event, FSM_EV_TCP_CONNECTION_FAILS);
}

static void
test_notification_received(void **state)
{
	struct fsm f;
	struct rec r;
	struct fsm_config cfg;
	struct wire_notification n;

	(void)state;
	base_config(&cfg);
	setup(&f, &r, &cfg);
	drive_to(&f, &r, FSM_ESTABLISHED);
	memset(&n, 0, sizeof(n));
	n.code = BGP_ERR_CEASE;
	n.subcode = BGP_CEASE_ADMIN_SHUTDOWN;
	n.has_shutdown_msg = true;
	strcpy(n.shutdown_msg, "upgrade to 2.1");
	assert_int_equal(fsm_notification_received(&f, &n), 0);
	assert_int_equal(f.state, FSM_IDLE);
	assert_int_equal(r.n_notify, 0);
	assert_int_equal(r.down.cause, FSM_DOWN_NOTIF_RCVD);
	assert_int_equal(r.down.event, FSM_EV_NOTIF_MSG);
	assert_int_equal(r.down.code, BGP_ERR_CEASE);
	assert_int_equal(r.down.subcode, BGP_CEASE_ADMIN_SHUTDOWN);
	assert_string_equal(r.down.text, "upgrade to 2.1");
	assert_int_equal(f.connect_retry_counter, 1);

	/* a version error is event 24; in OpenSent it leaves the counter alone */
	setup(&f, &r, &cfg);
	drive_to(&f, &r, FSM_OPENSENT);
	memset(&n, 0, sizeof(n));
	n.code = BGP_ERR_OPEN;
	n.subcode = BGP_ERR_OPEN_VERSION;
	assert_int_equal(fsm_notification_received(&f, &n), 0);
	assert_int_equal(f.state, FSM_IDLE);
	assert_int_equal(r.n_notify, 0);
	assert_int_equal(r.down.event, FSM_EV_NOTIF_MSG_VER_ERR);
	assert_int_equal(r.down.code, BGP_ERR_OPEN);
	assert_int_equal(r.down.subcode, BGP_ERR_OPEN_VERSION);
	assert_int_equal(f.connect_retry_counter, 0);
}

static void
test_msg_error_data(void **state)
{
	static const uint8_t bad_type[] = { 0x09 };
	struct fsm f;
	struct rec r;
	struct fsm_config cfg;
	struct wire_err err;

	(void)state;
	base_config(&cfg);
	setup(&f, &r, &cfg);
	drive_to(&f, &r, FSM_ESTABLISHED);
	memset(&err, 0, sizeof(err));
	wire_fail(&err, BGP_ERR_HEADER, BGP_ERR_HDR_BAD_TYPE, WIRE_SESSION_RESET,
	    "type 9");
	wire_err_own_data(&err, bad_type, sizeof(bad_type));
	assert_int_equal(fsm_msg_error(&f, FSM_EV_BGP_HEADER_ERR, &err), 0);
	assert_int_equal(f.state, FSM_IDLE);
	assert_int_equal(r.code, BGP_ERR_HEADER);
	assert_int_equal(r.subcode, BGP_ERR_HDR_BAD_TYPE);
	assert_bytes_equal(r.data, r.len, bad_type, sizeof(bad_type));
	assert_string_equal(r.down.text, "type 9");
	/* only the three error events take an error */
	assert_int_equal(fsm_msg_error(&f, FSM_EV_UPDATE_MSG, &err), -1);
}

/* Connect + TcpConnectionFails -> Active (not Idle), then retry -> Connect. */
static void
test_connect_fails(void **state)
{
	struct fsm f;
	struct rec r;
	struct fsm_config cfg;

	(void)state;
	base_config(&cfg);
	setup(&f, &r, &cfg);
	drive_to(&f, &r, FSM_CONNECT);
	assert_int_equal(fsm_event(&f, FSM_EV_TCP_CONNECTION_FAILS), 0);
	assert_int_equal(f.state, FSM_ACTIVE);
	assert_string_equal(r.log, "close, start ConnectRetry 120");
	assert_int_equal(r.n_down, 0);
	r.log[0] = '\0';
	assert_int_equal(fsm_event(&f, FSM_EV_CONNECT_RETRY_EXPIRES), 0);
	assert_int_equal(f.state, FSM_CONNECT);
	assert_string_equal(r.log, "start ConnectRetry 120, connect");
	/* the peer connects to us meanwhile: OPEN on that one */
	r.log[0] = '\0';
	assert_int_equal(fsm_event(&f, FSM_EV_TCP_CONNECTION_CONFIRMED), 0);
	assert_int_equal(f.state, FSM_OPENSENT);
	assert_string_equal(r.log, "stop ConnectRetry, open, start Hold 240");
}

static void
test_opensent_tcp_fails(void **state)
{
	struct fsm f;
	struct rec r;
	struct fsm_config cfg;

	(void)state;
	base_config(&cfg);
	setup(&f, &r, &cfg);
	drive_to(&f, &r, FSM_OPENSENT);
	assert_int_equal(fsm_event(&f, FSM_EV_TCP_CONNECTION_FAILS), 0);
	assert_int_equal(f.state, FSM_ACTIVE);
	assert_string_equal(r.log, "close, stop Hold, down, start ConnectRetry 120");
	assert_int_equal(r.down.cause, FSM_DOWN_EVENT);
	assert_int_equal(r.down.from, FSM_OPENSENT);
	assert_int_equal(r.n_release, 0);
}

static void
test_idle_refuses(void **state)
{
	struct fsm f;
	struct rec r;
	struct fsm_config cfg;

	(void)state;
	base_config(&cfg);
	setup(&f, &r, &cfg);
	assert_int_equal(fsm_event(&f, FSM_EV_TCP_CONNECTION_CONFIRMED), 0);
	assert_int_equal(f.state, FSM_IDLE);
	assert_string_equal(r.log, "close");
	r.log[0] = '\0';
	assert_int_equal(fsm_event(&f, FSM_EV_TCP_CONNECTION_VALID), 0);
	assert_int_equal(fsm_event(&f, FSM_EV_TCP_CR_INVALID), 0);
	assert_int_equal(fsm_event(&f, FSM_EV_AUTOMATIC_STOP), 0);
	assert_int_equal(fsm_event(&f, FSM_EV_IDLE_HOLD_EXPIRES), 0);	/* never started */
	assert_string_equal(r.log, "");
	assert_int_equal(f.state, FSM_IDLE);
}

static void
test_refused_inputs(void **state)
{
	static const int bad[] = { 0, 6, 7, 12, 20, 30, 31, 1000 };
	struct fsm f;
	struct rec r;
	struct fsm_config cfg;

	(void)state;
	base_config(&cfg);
	setup(&f, &r, &cfg);
	drive_to(&f, &r, FSM_OPENSENT);
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_false(fsm_event_valid((enum fsm_event)bad[i]));
		assert_int_equal(fsm_event(&f, (enum fsm_event)bad[i]), -1);
	}
	/* payload events without their payload */
	assert_int_equal(fsm_event(&f, FSM_EV_BGP_OPEN), -1);
	assert_int_equal(fsm_event(&f, FSM_EV_BGP_HEADER_ERR), -1);
	assert_int_equal(fsm_event(&f, FSM_EV_NOTIF_MSG_VER_ERR), -1);
	assert_int_equal(fsm_event(&f, FSM_EV_UPDATE_MSG_ERR), -1);
	assert_int_equal(fsm_stop(&f, FSM_EV_HOLD_EXPIRES, 0, NULL), -1);
	assert_int_equal(f.state, FSM_OPENSENT);
	assert_string_equal(r.log, "");
}

/* Events injected from inside a callback run after the current transition. */
static void
test_reentrant(void **state)
{
	struct fsm f;
	struct rec r;
	struct fsm_config cfg;

	(void)state;
	base_config(&cfg);
	setup(&f, &r, &cfg);
	/* connect() fails at once, reported from connect_start */
	r.inject_on = K_CONNECT;
	r.inject_ev = FSM_EV_TCP_CONNECTION_FAILS;
	assert_int_equal(fsm_event(&f, FSM_EV_MANUAL_START), 0);
	assert_true(r.injected);
	assert_int_equal(r.inject_rc, 0);
	assert_int_equal(f.state, FSM_ACTIVE);
	assert_string_equal(r.log, "start ConnectRetry 120, connect, close, start ConnectRetry 120");
	assert_int_equal(r.n_trans, 2);
	assert_int_equal(r.trans[0].to, FSM_CONNECT);
	assert_int_equal(r.trans[1].from, FSM_CONNECT);
	assert_int_equal(r.trans[1].to, FSM_ACTIVE);
	assert_false(f.busy);
	assert_int_equal(f.n_pending, 0);

	/* a payload cannot be injected from a callback */
	setup(&f, &r, &cfg);
	drive_to(&f, &r, FSM_CONNECT);
	r.inject_on = K_OPEN;
	r.inject_payload = true;
	assert_int_equal(fsm_event(&f, FSM_EV_TCP_CR_ACKED), 0);
	assert_true(r.injected);
	assert_int_equal(r.inject_rc, -1);
	assert_int_equal(f.state, FSM_OPENSENT);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_noise),
		cmocka_unit_test(test_init_needs_callbacks),
		cmocka_unit_test(test_happy_active),
		cmocka_unit_test(test_transitions_reported),
		cmocka_unit_test(test_happy_passive),
		cmocka_unit_test(test_passive_start_event),
		cmocka_unit_test(test_table_idle),
		cmocka_unit_test(test_table_connect),
		cmocka_unit_test(test_table_active),
		cmocka_unit_test(test_table_opensent),
		cmocka_unit_test(test_table_openconfirm),
		cmocka_unit_test(test_table_established),
		cmocka_unit_test(test_hold_expired),
		cmocka_unit_test(test_bad_peer_as),
		cmocka_unit_test(test_equal_bgp_id),
		cmocka_unit_test(test_hold_time_zero),
		cmocka_unit_test(test_hold_negotiation),
		cmocka_unit_test(test_missing_capability),
		cmocka_unit_test(test_open_check_caps),
		cmocka_unit_test(test_negotiated_ctx),
		cmocka_unit_test(test_collision_decision),
		cmocka_unit_test(test_collision_dump),
		cmocka_unit_test(test_jitter),
		cmocka_unit_test(test_manual_stop_established),
		cmocka_unit_test(test_shutdown_message_cut),
		cmocka_unit_test(test_automatic_stop),
		cmocka_unit_test(test_backoff),
		cmocka_unit_test(test_no_auto_restart),
		cmocka_unit_test(test_notification_received),
		cmocka_unit_test(test_msg_error_data),
		cmocka_unit_test(test_connect_fails),
		cmocka_unit_test(test_opensent_tcp_fails),
		cmocka_unit_test(test_idle_refuses),
		cmocka_unit_test(test_refused_inputs),
		cmocka_unit_test(test_reentrant),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
