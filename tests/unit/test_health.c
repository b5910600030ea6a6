/*
 * test_health.c -- the health check state machine with injected results:
 * rise and fall counting, disable file precedence, the interval choice, the
 * reason text and the counters. No sockets, no clock, no children.
 *
 * Scenarios are written as strings: inputs 'S' success, 'F' failure,
 * 'D' the disable file exists, 'd' it does not; after each input the
 * expected state ('v' down, '^' up, 'x' disabled) and whether the fast
 * interval is due ('f') or the normal one ('.'), and '*' under each input
 * that changes the state. A random walk is then checked against a model
 * written from the history of results rather than from a counter.
 *
 * The configuration checks of health_check_new() and the targets' text are
 * tested too: they need an event_base, but nothing runs.
 */
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "health.h"

#define INTERVAL 5000u
#define FAST 1000u

struct scenario {
	unsigned rise, fall;
	enum health_state initial;
	const char *in;
	const char *states;	/* v ^ x per input */
	const char *fast;	/* f or . per input */
	const char *changes;	/* * or space per input */
};

static char
state_char(enum health_state s)
{
	return s == HEALTH_UP ? '^' : s == HEALTH_DOWN ? 'v' : 'x';
}

static void
run_scenario(const struct scenario *sc)
{
	struct health_fsm f;
	size_t n = strlen(sc->in);
	char states[64], fast[64], changes[64];

	assert_true(n < sizeof(states));
	assert_int_equal(strlen(sc->states), n);
	assert_int_equal(strlen(sc->fast), n);
	assert_int_equal(strlen(sc->changes), n);
	health_fsm_init(&f, sc->rise, sc->fall, sc->initial);
	for (size_t i = 0; i < n; i++) {
		bool ch = false;
		switch (sc->in[i]) {
		case 'S': ch = health_fsm_result(&f, true); break;
		case 'F': ch = health_fsm_result(&f, false); break;
		case 'D': ch = health_fsm_disable(&f, true); break;
		case 'd': ch = health_fsm_disable(&f, false); break;
		default: fail_msg("bad input %c", sc->in[i]);
		}
		states[i] = state_char(f.state);
		unsigned d = health_fsm_delay(&f, INTERVAL, FAST);
		assert_true(d == INTERVAL || d == FAST);
		assert_int_equal(d == FAST, health_fsm_pending(&f));
		fast[i] = d == FAST ? 'f' : '.';
		changes[i] = ch ? '*' : ' ';
	}
	states[n] = fast[n] = changes[n] = '\0';
	if (strcmp(states, sc->states) || strcmp(fast, sc->fast) || strcmp(changes, sc->changes))
		fail_msg("rise %u fall %u initial %s\n  input    %s\n  states   %s (expected %s)\n"
		    "  fast     %s (expected %s)\n  changes  [%s] (expected [%s])", sc->rise, sc->fall,
		    health_state_name(sc->initial), sc->in, states, sc->states, fast, sc->fast,
		    changes, sc->changes);
}

static void
test_rise_fall(void **state)
{
	(void)state;
	static const struct scenario sc[] = {
		/* ExaBGP's defaults: down until 3 successes in a row, up until 3 failures */
		{ 3, 3, HEALTH_DOWN, "SSSFFF", "vv^^^v", "ff.ff.", "  *  *" },
		/* a failure breaks a rising run, a success a falling one */
		{ 3, 3, HEALTH_DOWN, "SSFSSSFFSFFF", "vvvvv^^^^^^v", "ff.ff.ff.ff.", "     *     *" },
		/* failures while down and successes while up change nothing and are not pending */
		{ 3, 3, HEALTH_DOWN, "FFFFSSSSSS", "vvvvvv^^^^", "....ff....", "      *   " },
		/* rise 1 and fall 1: every disagreeing result switches at once, never pending */
		{ 1, 1, HEALTH_DOWN, "SFSFFS", "^v^vv^", "......", "**** *" },
		/* rise 2, fall 4 */
		{ 2, 4, HEALTH_DOWN, "SSFFFSFFFF", "v^^^^^^^^v", "f.fff.fff.", " *       *" },
		/* starting up: needs fall failures to go down, then rise successes */
		{ 3, 2, HEALTH_UP, "SFSFFSSS", "^^^^vvv^", ".f.f.ff.", "    *  *" },
		/* rise and fall 0 count as 1 */
		{ 0, 0, HEALTH_DOWN, "SF", "^v", "..", "**" },
	};
	for (size_t i = 0; i < sizeof(sc) / sizeof(sc[0]); i++)
		run_scenario(&sc[i]);
}

static void
test_disable_file(void **state)
{
	(void)state;
	static const struct scenario sc[] = {
		/* the file wins while it exists: results ignored, normal interval */
		{ 2, 2, HEALTH_DOWN, "SSDSSFFd", "v^xxxxxv", "f......." , " **    *" },
		/* a run in progress is forgotten; leaving starts over from the initial state */
		{ 3, 3, HEALTH_DOWN, "SSDdSSS", "vvxvvv^", "ff..ff.", "  **  *" },
		/* from up, and back to up when the initial state is up */
		{ 3, 3, HEALTH_UP, "FFDdFFF", "^^x^^^v", "ff..ff.", "  **  *" },
		/* present from the start; repeated reports of the same file state change nothing */
		{ 1, 1, HEALTH_DOWN, "DDSddS", "xxxvv^", "......", "*  * *" },
	};
	for (size_t i = 0; i < sizeof(sc) / sizeof(sc[0]); i++)
		run_scenario(&sc[i]);
}

static void
test_counters(void **state)
{
	(void)state;
	struct health_fsm f;
	health_fsm_init(&f, 2, 2, HEALTH_DOWN);
	const char *in = "SSFFFSDSFdS";	/* 6 S, 4 F; the S and F while disabled do not count */
	for (const char *p = in; *p; p++) {
		if (*p == 'D' || *p == 'd')
			health_fsm_disable(&f, *p == 'D');
		else
			health_fsm_result(&f, *p == 'S');
	}
	assert_int_equal(f.checks, 7);
	assert_int_equal(f.successes, 4);
	assert_int_equal(f.failures, 3);
	/* down->up, up->down, down->disabled, disabled->down */
	assert_int_equal(f.transitions, 4);
	assert_int_equal(f.state, HEALTH_DOWN);
	assert_int_equal(f.streak, 1);
	assert_true(health_fsm_pending(&f));
}

static void
test_reason(void **state)
{
	(void)state;
	struct health_fsm f;
	char buf[128];

	health_fsm_init(&f, 3, 3, HEALTH_UP);
	for (int i = 0; i < 3; i++)
		health_fsm_result(&f, false);
	assert_int_equal(f.state, HEALTH_DOWN);
	health_fsm_reason(&f, "tcp 127.0.0.1:80: connection refused", buf, sizeof(buf));
	assert_string_equal(buf, "tcp 127.0.0.1:80: connection refused (3 of 3 failures)");

	health_fsm_init(&f, 2, 1, HEALTH_DOWN);
	health_fsm_result(&f, true);
	health_fsm_result(&f, true);
	health_fsm_reason(&f, "http 10.0.0.1:8080/: status 200", buf, sizeof(buf));
	assert_string_equal(buf, "http 10.0.0.1:8080/: status 200 (2 of 2 successes)");
	health_fsm_result(&f, false);
	health_fsm_reason(&f, "exec 'false': exit 1", buf, sizeof(buf));
	assert_string_equal(buf, "exec 'false': exit 1 (1 of 1 failure)");

	health_fsm_init(&f, 1, 1, HEALTH_DOWN);
	health_fsm_result(&f, true);
	health_fsm_reason(&f, "x", buf, sizeof(buf));
	assert_string_equal(buf, "x (1 of 1 success)");

	/* truncation: snprintf's contract */
	char small[8];
	int n = health_fsm_reason(&f, "x", small, sizeof(small));
	assert_int_equal(n, (int)strlen("x (1 of 1 success)"));
	assert_string_equal(small, "x (1 of");
}

static void
test_names(void **state)
{
	(void)state;
	assert_string_equal(health_state_name(HEALTH_DOWN), "down");
	assert_string_equal(health_state_name(HEALTH_UP), "up");
	assert_string_equal(health_state_name(HEALTH_DISABLED), "disabled");
	assert_int_equal(health_state_from_name("up"), HEALTH_UP);
	assert_int_equal(health_state_from_name("DOWN"), HEALTH_DOWN);
	assert_int_equal(health_state_from_name("disabled"), -1);
	assert_int_equal(health_state_from_name(""), -1);

	struct health_fsm f;
	health_fsm_init(&f, 3, 3, HEALTH_DISABLED);	/* not a valid initial state: down */
	assert_int_equal(f.state, HEALTH_DOWN);
	assert_int_equal(f.initial, HEALTH_DOWN);
}

/*
 * The model: the state follows from the history since the last change of
 * state (or of the disable file): a state changes when the history's tail
 * holds rise successes (down) or fall failures (up), all in a row.
 */
struct model {
	unsigned rise, fall;
	enum health_state initial, state;
	char hist[4096];
	size_t n;
};

static bool
model_tail(const struct model *m, char c, unsigned count)
{
	if (m->n < count)
		return false;
	for (size_t i = m->n - count; i < m->n; i++)
		if (m->hist[i] != c)
			return false;
	return true;
}

static void
model_step(struct model *m, char in)
{
	if (in == 'D' || in == 'd') {
		enum health_state was = m->state;
		if (in == 'D')
			m->state = HEALTH_DISABLED;
		else if (m->state == HEALTH_DISABLED)
			m->state = m->initial;
		if (m->state != was)
			m->n = 0;
		return;
	}
	if (m->state == HEALTH_DISABLED)
		return;
	m->hist[m->n++] = in;
	if (m->state == HEALTH_DOWN && model_tail(m, 'S', m->rise)) {
		m->state = HEALTH_UP;
		m->n = 0;
	} else if (m->state == HEALTH_UP && model_tail(m, 'F', m->fall)) {
		m->state = HEALTH_DOWN;
		m->n = 0;
	}
}

/* pending: the last result disagrees with the state */
static bool
model_pending(const struct model *m)
{
	if (m->state == HEALTH_DISABLED || m->n == 0)
		return false;
	return m->hist[m->n - 1] == (m->state == HEALTH_DOWN ? 'S' : 'F');
}

static void
test_random_walk(void **state)
{
	(void)state;
	unsigned seed = 12345;
	for (int round = 0; round < 200; round++) {
		struct model m = { 0 };
		struct health_fsm f;
		m.rise = 1 + (unsigned)(rand_r(&seed) % 5);
		m.fall = 1 + (unsigned)(rand_r(&seed) % 5);
		m.initial = rand_r(&seed) % 2 ? HEALTH_UP : HEALTH_DOWN;
		m.state = m.initial;
		health_fsm_init(&f, m.rise, m.fall, m.initial);
		/* results mostly in runs, the disable file now and then */
		bool ok = true;
		for (int i = 0; i < 1000; i++) {
			int r = rand_r(&seed) % 100;
			char in;
			if (r < 3)
				in = 'D';
			else if (r < 10)
				in = 'd';
			else {
				if (r < 35)
					ok = !ok;
				in = ok ? 'S' : 'F';
			}
			enum health_state before = f.state;
			bool ch = in == 'S' || in == 'F' ? health_fsm_result(&f, in == 'S')
			    : health_fsm_disable(&f, in == 'D');
			model_step(&m, in);	/* (1000 steps: the history cannot overflow) */
			if (f.state != m.state || ch != (before != f.state) ||
			    health_fsm_pending(&f) != model_pending(&m))
				fail_msg("round %d step %d input %c: fsm %s%s, model %s%s (rise %u fall %u)",
				    round, i, in, health_state_name(f.state),
				    health_fsm_pending(&f) ? " pending" : "", health_state_name(m.state),
				    model_pending(&m) ? " pending" : "", m.rise, m.fall);
		}
	}
}

/* ---- health_check_new(): configuration errors and targets (nothing runs) ---- */

static struct event_base *base;
static struct health_ctx *ctx;

static int
setup_ctx(void **state)
{
	(void)state;
	base = event_base_new();
	ctx = base ? health_ctx_new(base, false) : NULL;
	return ctx ? 0 : -1;
}

static int
teardown_ctx(void **state)
{
	(void)state;
	health_ctx_free(ctx);
	event_base_free(base);
	return 0;
}

static void
expect_error(const struct health_config *c, const char *want)
{
	char err[200] = "";
	struct health_check *hc = health_check_new(ctx, c, err, sizeof(err));
	if (hc != NULL) {
		health_check_free(hc);
		fail_msg("accepted, expected the error '%s'", want);
	}
	if (strstr(err, want) == NULL)
		fail_msg("error '%s', expected '%s'", err, want);
}

static void
test_config_errors(void **state)
{
	(void)state;
	struct health_config c;

	health_config_init(&c);
	assert_int_equal(c.interval_ms, 5000);
	assert_int_equal(c.fast_interval_ms, 1000);
	assert_int_equal(c.timeout_ms, 5000);
	assert_int_equal(c.rise, 3);
	assert_int_equal(c.fall, 3);
	assert_int_equal(c.initial, HEALTH_DOWN);
	assert_int_equal(c.expect_status, 200);

	expect_error(&c, "no host");
	c.host = "127.0.0.1";
	expect_error(&c, "no port");
	c.port = 80;
	c.rise = 0;
	expect_error(&c, "rise and fall");
	c.rise = 3;
	c.timeout_ms = 0;
	expect_error(&c, "positive");
	c.timeout_ms = 1000;
	c.initial = HEALTH_DISABLED;
	expect_error(&c, "initial state");
	c.initial = HEALTH_DOWN;
	/* (a name that does not resolve: in the integration test, where DNS fails fast) */

	c.kind = HEALTH_HTTP;
	c.path = "health";
	expect_error(&c, "bad HTTP path");
	c.path = "/a b";
	expect_error(&c, "bad HTTP path");
	c.path = "/x\r\nEvil: 1";
	expect_error(&c, "bad HTTP path");
	c.path = "/";
	c.http_host = "a\r\nb";
	expect_error(&c, "Host header");
	c.http_host = NULL;
	c.expect_status = 42;
	expect_error(&c, "expected HTTP status");

	health_config_init(&c);
	c.kind = HEALTH_EXEC;
	expect_error(&c, "no command");
	c.command = "";
	expect_error(&c, "no command");
	c.kind = (enum health_kind)7;
	expect_error(&c, "unknown check kind");
}

static void
expect_target(const struct health_config *c, const char *want)
{
	char err[200] = "";
	struct health_check *hc = health_check_new(ctx, c, err, sizeof(err));
	if (hc == NULL)
		fail_msg("refused: %s", err);
	assert_string_equal(health_check_target(hc), want);
	/* a new check: its initial state, no probe yet */
	struct health_stats s;
	health_check_stats(hc, &s);
	assert_int_equal(s.state, c->initial);
	assert_int_equal(health_check_state(hc), c->initial);
	assert_false(s.pending);
	assert_int_equal(s.checks, 0);
	assert_int_equal(s.transitions, 0);
	assert_int_equal(s.last_check, 0);
	assert_string_equal(s.last_result, "");
	health_check_free(hc);
}

static void
test_targets(void **state)
{
	(void)state;
	struct health_config c;
	char longcmd[200];

	health_config_init(&c);
	c.host = "127.0.0.1";
	c.port = 80;
	expect_target(&c, "tcp 127.0.0.1:80");
	c.kind = HEALTH_HTTP;
	c.initial = HEALTH_UP;
	expect_target(&c, "http 127.0.0.1:80/");
	c.host = "::1";
	c.port = 8080;
	c.path = "/healthz";
	expect_target(&c, "http [::1]:8080/healthz");

	health_config_init(&c);
	c.kind = HEALTH_EXEC;
	c.command = "true";
	expect_target(&c, "exec 'true'");
	c.command = "printf 'a\\tb'\n";
	expect_target(&c, "exec 'printf 'a\\tb'?'");
	memset(longcmd, 'x', sizeof(longcmd) - 1);
	longcmd[sizeof(longcmd) - 1] = '\0';
	c.command = longcmd;
	char want[80];
	snprintf(want, sizeof(want), "exec '%.60s...'", longcmd);
	expect_target(&c, want);

	/* the name defaults to the target; strings are copied */
	char name[] = "10.1.1.0/24";
	c.command = "true";
	c.name = name;
	struct health_check *hc = health_check_new(ctx, &c, NULL, 0);
	assert_non_null(hc);
	name[0] = 'X';
	assert_string_equal(health_check_name(hc), "10.1.1.0/24");
	health_check_free(hc);
	c.name = NULL;
	hc = health_check_new(ctx, &c, NULL, 0);
	assert_non_null(hc);
	assert_string_equal(health_check_name(hc), "exec 'true'");
	health_check_free(hc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rise_fall),
		cmocka_unit_test(test_disable_file),
		cmocka_unit_test(test_counters),
		cmocka_unit_test(test_reason),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_random_walk),
		cmocka_unit_test_setup_teardown(test_config_errors, setup_ctx, teardown_ctx),
		cmocka_unit_test_setup_teardown(test_targets, setup_ctx, teardown_ctx),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
