/*
 * health.h -- health checks for the announcer, on a libevent loop.
 *
 * A check probes a service (tcp: connect; http: GET expecting a status;
 * exec: /bin/sh -c COMMAND, exit 0) every interval, and every fast interval
 * while a state change is pending. rise consecutive successes bring it UP,
 * fall consecutive failures bring it DOWN; while the disable file exists it
 * is DISABLED whatever the probes say (they are not run). Each change of
 * state calls back with the reason in words:
 *     "tcp 127.0.0.1:80: connection refused (3 of 3 failures)"
 * The semantics follow ExaBGP's healthcheck (--interval, --fast-interval,
 * --timeout, --rise, --fall, --disable): a check starts DOWN and needs rise
 * successes to go UP (cfg.initial = HEALTH_UP starts it UP instead), and a
 * check leaving DISABLED starts over from cfg.initial.
 *
 * Two layers:
 *  - struct health_fsm (health_fsm.c): the pure state machine -- counting,
 *    disable file precedence, the choice of the next delay, the reason text.
 *    No I/O, no clock; unit-tested with injected results.
 *  - struct health_ctx / health_check (health.c): the probes, timers and
 *    child processes on an event_base.
 *
 * Children: the context owns SIGCHLD for the process (libevent lets one
 * event_base handle signals). Every exec check runs in its own process
 * group, killed as a whole (SIGKILL) on timeout and after the command exits,
 * so a check leaves nothing running. With reap_all (the default when the
 * process is PID 1, as the announcer is in a container) the context reaps
 * every child, not only its own, and hands the statuses of children it does
 * not know to child_cb.
 */
#ifndef ECMPD_HEALTH_H
#define ECMPD_HEALTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

/* ---- the pure state machine ---- */

enum health_state {
	HEALTH_DOWN = 0,
	HEALTH_UP,
	HEALTH_DISABLED,
};

struct health_fsm {
	/* configuration */
	unsigned rise, fall;		/* >= 1 */
	enum health_state initial;	/* HEALTH_DOWN or HEALTH_UP */
	/* state */
	enum health_state state;
	unsigned streak;		/* consecutive results against the state:
					   successes while DOWN, failures while UP */
	/* counters */
	uint64_t checks, successes, failures, transitions;
};

/* rise and fall of 0 count as 1; an initial state other than UP is DOWN. */
void health_fsm_init(struct health_fsm *f, unsigned rise, unsigned fall,
    enum health_state initial);
/*
 * The disable file exists (true) or not. Its existence wins over any
 * result: entering DISABLED clears the streak; leaving it goes back to the
 * initial state with a clear streak. Returns true when the state changed.
 */
bool health_fsm_disable(struct health_fsm *f, bool exists);
/* One probe result. Ignored (false) while DISABLED. Returns true when the state changed. */
bool health_fsm_result(struct health_fsm *f, bool ok);
/* A change is pending: DOWN with a success streak, or UP with a failure streak. */
bool health_fsm_pending(const struct health_fsm *f);
/* The delay before the next probe: fast while a change is pending, otherwise interval. */
unsigned health_fsm_delay(const struct health_fsm *f, unsigned interval, unsigned fast);
/*
 * The reason for the state just entered through a result: "RESULT (3 of 3
 * failures)" (or "successes"). Returns snprintf's value.
 */
int health_fsm_reason(const struct health_fsm *f, const char *result, char *buf, size_t len);
/* "down", "up", "disabled" */
const char *health_state_name(enum health_state s);

/* ---- checks on an event loop ---- */

struct event_base;
struct health_ctx;
struct health_check;

enum health_kind {
	HEALTH_TCP,
	HEALTH_HTTP,
	HEALTH_EXEC,
};

/* A state change: from -> to, with the reason in words. */
typedef void (*health_change_cb)(struct health_check *hc, enum health_state from,
    enum health_state to, const char *reason, void *arg);
/* After every probe (optional): its result and its text. */
typedef void (*health_result_cb)(struct health_check *hc, bool ok, const char *text, void *arg);

struct health_config {
	const char *name;		/* for the logs (e.g. the prefix); optional */
	enum health_kind kind;
	/* tcp, http */
	const char *host;		/* address or name (resolved once, at health_check_new) */
	uint16_t port;
	/* http */
	const char *path;		/* default "/" */
	const char *http_host;		/* Host header; default host, with :port unless 80 */
	int expect_status;		/* default 200 */
	/* exec */
	const char *command;		/* run as /bin/sh -c COMMAND */
	/* timing, in milliseconds */
	unsigned interval_ms;		/* default 5000 */
	unsigned fast_interval_ms;	/* default 1000 */
	unsigned timeout_ms;		/* default 5000 */
	unsigned rise, fall;		/* default 3, 3 */
	enum health_state initial;	/* default HEALTH_DOWN */
	const char *disable_file;	/* optional */
	/* callbacks */
	health_change_cb on_change;
	health_result_cb on_result;	/* optional */
	void *arg;
};

/* Counters and the last result, for `ecmpctl show announce` and the metrics. */
struct health_stats {
	enum health_state state;
	bool pending;			/* a change is pending (fast interval) */
	unsigned streak;		/* towards the pending change */
	uint64_t checks, successes, failures, transitions;
	time_t last_check;		/* wall clock of the last probe's end; 0 before the first */
	time_t last_change;		/* wall clock of the last state change; 0 if none */
	unsigned last_duration_ms;	/* how long the last probe took */
	bool last_ok;
	char last_result[192];		/* "tcp 127.0.0.1:80: connection refused"; "" before the first */
};

/* Fill cfg with the defaults above (kind tcp, no target, no callbacks). */
void health_config_init(struct health_config *cfg);

/*
 * One context per process (it handles SIGCHLD on base). reap_all: reap
 * every child of the process, not only the checks' (always on when the
 * process is PID 1). Returns NULL if SIGCHLD cannot be handled.
 */
struct health_ctx *health_ctx_new(struct event_base *base, bool reap_all);
/* With reap_all: the exit status of a child that is not a check's. */
void health_ctx_set_child_cb(struct health_ctx *ctx, void (*cb)(pid_t pid, int status, void *arg),
    void *arg);
/* Frees the checks still attached, kills and reaps their children. */
void health_ctx_free(struct health_ctx *ctx);

/*
 * A check from cfg (strings are copied). NULL with the reason in err for a
 * bad configuration (no host, port 0, host not resolved, no command, ...).
 * It does not run until health_check_start().
 */
struct health_check *health_check_new(struct health_ctx *ctx, const struct health_config *cfg,
    char *err, size_t errlen);
/* Start probing: the first probe runs at once (from the event loop). */
void health_check_start(struct health_check *hc);
/* Probe now, unless a probe is running (then nothing). */
void health_check_run_now(struct health_check *hc);
/*
 * Stop and free; a running child is killed. Allowed from the check's own
 * callbacks (the free then happens when the callback returns).
 */
void health_check_free(struct health_check *hc);

enum health_state health_check_state(const struct health_check *hc);
void health_check_stats(const struct health_check *hc, struct health_stats *out);
/* "tcp 127.0.0.1:80", "http 127.0.0.1:8080/health", "exec 'true'" */
const char *health_check_target(const struct health_check *hc);
const char *health_check_name(const struct health_check *hc);
/* Parse "down"/"up" (for the command line); -1 otherwise. */
int health_state_from_name(const char *name);

#endif
