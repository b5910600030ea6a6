/*
 * health_driver.c -- runs health checks from its command line and prints
 * every transition (and with -v every probe) with a timestamp, for
 * tests/integration/test_health.sh.
 *
 *   health_driver [timing options] (--tcp H:P | --http H:P[/PATH] | --exec CMD) ...
 *
 * Timing and state options apply to the checks named after them, so one
 * driver can run several checks at once. Output lines, T in seconds since
 * the start:
 *   T NAME: down -> up: tcp 127.0.0.1:80: connected in 0 ms (3 of 3 successes)
 *   T NAME: result ok|fail: TEXT                       (-v)
 *   stats NAME: state up checks N successes N failures N transitions N last 'TEXT'
 * The stats lines come at the end (--duration elapsed, SIGTERM or SIGINT).
 */
#include "config.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>

#include "health.h"
#include "log.h"

#define MAX_CHECKS 16

static struct timespec t0;
static bool verbose;

static double
elapsed(void)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t0.tv_sec) + (double)(now.tv_nsec - t0.tv_nsec) / 1e9;
}

static void
on_change(struct health_check *hc, enum health_state from, enum health_state to,
    const char *reason, void *arg)
{
	(void)arg;
	printf("%.3f %s: %s -> %s: %s\n", elapsed(), health_check_name(hc),
	    health_state_name(from), health_state_name(to), reason);
	fflush(stdout);
}

static void
on_result(struct health_check *hc, bool ok, const char *text, void *arg)
{
	(void)arg;
	if (!verbose)
		return;
	printf("%.3f %s: result %s: %s\n", elapsed(), health_check_name(hc), ok ? "ok" : "fail", text);
	fflush(stdout);
}

static void
on_child(pid_t pid, int status, void *arg)
{
	(void)arg;
	printf("%.3f reaped a child that is not a check's: pid %d status %#x\n", elapsed(),
	    (int)pid, (unsigned)status);
	fflush(stdout);
}

static void
stop_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	event_base_loopexit(arg, NULL);
}

/* "HOST:PORT[/PATH]", HOST possibly "[v6]" */
static bool
parse_target(char *s, struct health_config *c, bool want_path)
{
	char *host = s, *rest;
	if (*s == '[') {
		char *end = strchr(s, ']');
		if (end == NULL || end[1] != ':')
			return false;
		*end = '\0';
		host = s + 1;
		rest = end + 2;
	} else {
		char *colon = strrchr(s, ':');
		if (colon == NULL)
			return false;
		*colon = '\0';
		rest = colon + 1;
	}
	char *slash = strchr(rest, '/');
	if (slash) {
		if (!want_path)
			return false;
		c->path = strdup(slash);	/* freed at exit with the copies */
		*slash = '\0';
	}
	char *end;
	long port = strtol(rest, &end, 10);
	if (*end || port <= 0 || port > 65535)
		return false;
	c->host = host;
	c->port = (uint16_t)port;
	return true;
}

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: health_driver [options] (--tcp H:P | --http H:P[/PATH] | --exec CMD) ...\n"
	    "  --interval MS --fast-interval MS --timeout MS --rise N --fall N\n"
	    "  --initial up|down --disable-file F --expect STATUS --host-header H --name NAME\n"
	    "      (apply to the checks that follow)\n"
	    "  --duration MS   stop after MS (default: run until SIGTERM/SIGINT)\n"
	    "  --reap-all      reap every child (automatic as PID 1)\n"
	    "  -v              print every probe's result\n");
}

int
main(int argc, char **argv)
{
	enum {
		O_TCP = 256, O_HTTP, O_EXEC, O_INTERVAL, O_FAST, O_TIMEOUT, O_RISE, O_FALL,
		O_INITIAL, O_DISABLE, O_EXPECT, O_HOSTHDR, O_NAME, O_DURATION, O_REAP,
	};
	static const struct option opts[] = {
		{ "tcp", required_argument, NULL, O_TCP },
		{ "http", required_argument, NULL, O_HTTP },
		{ "exec", required_argument, NULL, O_EXEC },
		{ "interval", required_argument, NULL, O_INTERVAL },
		{ "fast-interval", required_argument, NULL, O_FAST },
		{ "timeout", required_argument, NULL, O_TIMEOUT },
		{ "rise", required_argument, NULL, O_RISE },
		{ "fall", required_argument, NULL, O_FALL },
		{ "initial", required_argument, NULL, O_INITIAL },
		{ "disable-file", required_argument, NULL, O_DISABLE },
		{ "expect", required_argument, NULL, O_EXPECT },
		{ "host-header", required_argument, NULL, O_HOSTHDR },
		{ "name", required_argument, NULL, O_NAME },
		{ "duration", required_argument, NULL, O_DURATION },
		{ "reap-all", no_argument, NULL, O_REAP },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct health_config cur, cfgs[MAX_CHECKS];
	char *paths[MAX_CHECKS] = { NULL };
	size_t n = 0;
	long duration = 0;
	bool reap_all = false;
	int c, st;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	health_config_init(&cur);
	cur.on_change = on_change;
	cur.on_result = on_result;
	while ((c = getopt_long(argc, argv, "vh", opts, NULL)) != -1) {
		switch (c) {
		case O_TCP:
		case O_HTTP:
		case O_EXEC:
			if (n == MAX_CHECKS) {
				fprintf(stderr, "health_driver: at most %d checks\n", MAX_CHECKS);
				return 2;
			}
			cfgs[n] = cur;
			cfgs[n].path = NULL;
			if (c == O_EXEC) {
				cfgs[n].kind = HEALTH_EXEC;
				cfgs[n].command = optarg;
			} else {
				cfgs[n].kind = c == O_TCP ? HEALTH_TCP : HEALTH_HTTP;
				if (!parse_target(optarg, &cfgs[n], c == O_HTTP)) {
					fprintf(stderr, "health_driver: bad target '%s'\n", optarg);
					return 2;
				}
				paths[n] = (char *)cfgs[n].path;
			}
			cur.name = NULL;	/* a name is for one check */
			n++;
			break;
		case O_INTERVAL: cur.interval_ms = (unsigned)atoi(optarg); break;
		case O_FAST: cur.fast_interval_ms = (unsigned)atoi(optarg); break;
		case O_TIMEOUT: cur.timeout_ms = (unsigned)atoi(optarg); break;
		case O_RISE: cur.rise = (unsigned)atoi(optarg); break;
		case O_FALL: cur.fall = (unsigned)atoi(optarg); break;
		case O_INITIAL:
			if ((st = health_state_from_name(optarg)) < 0) {
				fprintf(stderr, "health_driver: --initial up or down\n");
				return 2;
			}
			cur.initial = (enum health_state)st;
			break;
		case O_DISABLE: cur.disable_file = optarg; break;
		case O_EXPECT: cur.expect_status = atoi(optarg); break;
		case O_HOSTHDR: cur.http_host = optarg; break;
		case O_NAME: cur.name = optarg; break;
		case O_DURATION: duration = atol(optarg); break;
		case O_REAP: reap_all = true; break;
		case 'v': verbose = true; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind != argc || n == 0) {
		usage(stderr);
		return 2;
	}

	log_init("health_driver", true, verbose ? LOG_DEBUG : LOG_INFO);
	signal(SIGPIPE, SIG_IGN);
	struct event_base *base = event_base_new();
	struct health_ctx *ctx = base ? health_ctx_new(base, reap_all) : NULL;
	if (ctx == NULL) {
		fprintf(stderr, "health_driver: cannot set up the event loop\n");
		for (size_t j = 0; j < n; j++)
			free(paths[j]);
		if (base)
			event_base_free(base);
		return 1;
	}
	health_ctx_set_child_cb(ctx, on_child, NULL);
	struct health_check *checks[MAX_CHECKS];
	for (size_t i = 0; i < n; i++) {
		char err[256];
		checks[i] = health_check_new(ctx, &cfgs[i], err, sizeof(err));
		if (checks[i] == NULL) {
			fprintf(stderr, "health_driver: check %zu: %s\n", i + 1, err);
			for (size_t j = 0; j < n; j++)
				free(paths[j]);
			health_ctx_free(ctx);
			event_base_free(base);
			return 1;
		}
		free(paths[i]);
		paths[i] = NULL;
	}
	printf("%.3f started %zu check%s, pid %d%s\n", elapsed(), n, n == 1 ? "" : "s",
	    (int)getpid(), reap_all || getpid() == 1 ? ", reaping every child" : "");
	fflush(stdout);
	for (size_t i = 0; i < n; i++)
		health_check_start(checks[i]);

	struct event *sig_term = evsignal_new(base, SIGTERM, stop_cb, base);
	struct event *sig_int = evsignal_new(base, SIGINT, stop_cb, base);
	event_add(sig_term, NULL);
	event_add(sig_int, NULL);
	struct event *timer = NULL;
	if (duration > 0) {
		timer = evtimer_new(base, stop_cb, base);
		struct timeval tv = { duration / 1000, (duration % 1000) * 1000 };
		evtimer_add(timer, &tv);
	}
	event_base_dispatch(base);

	for (size_t i = 0; i < n; i++) {
		struct health_stats s;
		health_check_stats(checks[i], &s);
		printf("stats %s: state %s checks %llu successes %llu failures %llu transitions %llu "
		    "last '%s'\n", health_check_name(checks[i]), health_state_name(s.state),
		    (unsigned long long)s.checks, (unsigned long long)s.successes,
		    (unsigned long long)s.failures, (unsigned long long)s.transitions, s.last_result);
	}
	fflush(stdout);
	health_ctx_free(ctx);	/* frees the checks, kills and reaps a running child */
	event_free(sig_term);
	event_free(sig_int);
	if (timer)
		event_free(timer);
	event_base_free(base);
	return 0;
}
