/*
 * main.c -- ecmpd: options, config check, the event loop, signals,
 * systemd notification and reload.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>

#include "bgpd.h"
#include "ctl_daemon.h"
#include "ctl_server.h"
#include "log.h"
#include "peer.h"
#include "rib.h"
#include "fib.h"
#include "sdnotify.h"
#include "session.h"

#define DEFAULT_CONFIG SYSCONFDIR "/ecmpd/ecmpd.yaml"
#define STATUS_INTERVAL_S 5
#define FIB_SYNC_DELAY_S 30	/* until End-of-RIB tracking decides it (issue 5) */

double
bgpd_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: ecmpd [-c FILE] [-f] [-d] [-n | --check [-v]] [--version]\n"
	    "  -c, --config FILE  configuration (default %s)\n"
	    "  -f, --foreground   stay in the foreground, log to stderr\n"
	    "  -d, --debug        log level debug\n"
	    "  -n, --check        check the configuration and exit 0 or 1\n"
	    "  -v, --verbose      with --check: print the effective configuration\n"
	    "      --version      print the version and exit\n", DEFAULT_CONFIG);
}

static int
log_level_of(enum conf_log_level l)
{
	static const int map[] = {
		[CONF_LOG_ERR] = LOG_ERR, [CONF_LOG_WARNING] = LOG_WARNING,
		[CONF_LOG_NOTICE] = LOG_NOTICE, [CONF_LOG_INFO] = LOG_INFO,
		[CONF_LOG_DEBUG] = LOG_DEBUG,
	};
	return map[l];
}

static struct conf *
load_config(const char *path, bool print_errors_to_log, struct sbuf *errtext)
{
	struct conf *conf = NULL;
	struct conf_errors errs;
	conf_errors_init(&errs, path);
	if (conf_load(path, &conf, &errs))
		return conf;
	struct sbuf sb;
	sb_init(&sb);
	conf_errors_print(&errs, &sb);
	if (print_errors_to_log)
		log_msg(LOG_ERR, "configuration not loaded:\n%s", sb.p);
	else
		fputs(sb.p, stderr);
	if (errtext)
		sb_puts(errtext, sb.p);
	sb_free(&sb);
	return NULL;
}

/*
 * Loc-RIB -> kernel: when a prefix's multipath set changes, hand the next
 * hops of its members to the FIB writer, which coalesces per prefix and
 * shares one nexthop group per distinct set.
 */
static void
rib_changed(void *arg, const struct prefix *pfx, const struct rib_entry *e, unsigned changes)
{
	struct bgpd *d = arg;
	if (d->fib == NULL || !(changes & (RIB_CHG_MULTIPATH | RIB_CHG_BEST)))
		return;
	struct fib_nexthop nhs[64];
	size_t n = 0;
	const struct rib_path *paths = rib_entry_paths(e);
	for (unsigned i = 0; i < rib_entry_npaths(e) && n < 64; i++) {
		if (!(paths[i].flags & RIB_PATH_MULTIPATH))
			continue;
		const struct rib_addr *a = rib_path_nexthop(d->rib, &paths[i]);
		bool dup = false;
		for (size_t k = 0; k < n; k++)
			if (nhs[k].afs == a->afs && memcmp(nhs[k].addr, a->a, 16) == 0)
				dup = true;	/* two paths via one next hop: one member */
		if (dup)
			continue;
		memset(&nhs[n], 0, sizeof(nhs[n]));
		nhs[n].afs = a->afs;
		memcpy(nhs[n].addr, a->a, 16);
		n++;
	}
	if (fib_route_set(d->fib, pfx, nhs, n) != 0)
		log_msg(LOG_WARNING, "FIB: cannot queue a route: %s", strerror(errno));
}

/* The first full table is in (or the timer says so): let the FIB drop stale routes. */
static void
fib_sync_cb(evutil_socket_t fd, short what, void *arg)
{
	struct bgpd *d = arg;
	(void)fd;
	(void)what;
	if (d->fib)
		fib_sync_done(d->fib);
}

static void
reaper_cb(evutil_socket_t fd, short what, void *arg)
{
	struct bgpd *d = arg;
	struct peer *p, *next;
	(void)fd;
	(void)what;
	for (p = TAILQ_FIRST(&d->peers); p != NULL; p = next) {
		next = TAILQ_NEXT(p, entry);
		if (p->dead)
			peer_free(p);
	}
}

static void
update_status(struct bgpd *d)
{
	unsigned up = 0;
	struct peer *p;
	TAILQ_FOREACH(p, &d->peers, entry)
		if (peer_state(p) == FSM_ESTABLISHED)
			up++;
	sd_notify_printf("STATUS=%u peers, %u established", d->n_peers, up);
}

static void
status_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	update_status(arg);
}

static void
watchdog_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	(void)arg;
	sd_notify_send("WATCHDOG=1");
}

/* Create and start the peers of the configured neighbors; the dynamic ranges' state. */
static bool
peers_from_conf(struct bgpd *d)
{
	const struct conf *c = d->conf;
	d->ranges = calloc(c->n_dynamic ? c->n_dynamic : 1, sizeof(*d->ranges));
	if (d->ranges == NULL)
		return false;
	for (size_t i = 0; i < c->n_dynamic; i++)
		d->ranges[i].conf = &c->dynamic[i];
	for (size_t i = 0; i < c->n_neighbors; i++) {
		struct peer *p = peer_new(d, &c->neighbors[i].address, &c->neighbors[i].peer, NULL);
		if (p == NULL)
			return false;
		peer_start(p);
	}
	return true;
}

/*
 * Reload: parse and validate the new file, then change only what changed
 * (conf_diff decides field by field): removed neighbors get Cease / Peer
 * De-configured, changed session parameters Cease / Other Configuration
 * Change, the rest keep their sessions. A bad file keeps the running config.
 */
bool bgpd_reload(struct bgpd *d, bool dry_run, struct sbuf *out);
bool
bgpd_reload(struct bgpd *d, bool dry_run, struct sbuf *out)
{
	struct sbuf errtext;
	sb_init(&errtext);
	struct conf *nc = load_config(d->conf_path, true, &errtext);
	d->last_reload = time(NULL);
	if (nc == NULL) {
		if (out)
			sb_puts(out, errtext.p);
		if (!dry_run) {
			d->last_reload_ok = false;
			snprintf(d->last_reload_msg, sizeof(d->last_reload_msg),
			    "failed, running config kept: %s", errtext.p);
		}
		sb_free(&errtext);
		return false;
	}
	sb_free(&errtext);
	struct conf_diff diff;
	if (!conf_diff(d->conf, nc, &diff)) {
		conf_free(nc);
		return false;
	}
	if (out)
		conf_diff_print(&diff, d->conf, nc, out);
	if (dry_run) {
		conf_diff_free(&diff);
		conf_free(nc);
		return true;
	}

	struct conf *old = d->conf;
	unsigned n_reset = 0, n_added = 0, n_removed = 0;
	/* dynamic peers: drop those whose range went or changed; re-point the rest below */
	struct peer *p;
	TAILQ_FOREACH(p, &d->peers, entry) {
		if (p->range == NULL || p->dead)
			continue;
		size_t oi = (size_t)(p->range->conf - old->dynamic);
		bool keep = false;
		for (size_t i = 0; i < diff.n_dynamic; i++)
			if (diff.dynamic[i].old_idx == oi &&
			    diff.dynamic[i].change == CONF_UNCHANGED)
				keep = true;
		if (!keep || diff.reset_all)
			peer_remove(p, BGP_CEASE_CONFIG_CHANGE, NULL);
	}
	/* the new ranges: counters of kept ranges carry over */
	struct dyn_range *nr = calloc(nc->n_dynamic ? nc->n_dynamic : 1, sizeof(*nr));
	for (size_t i = 0; nr && i < nc->n_dynamic; i++)
		nr[i].conf = &nc->dynamic[i];
	for (size_t i = 0; nr && i < diff.n_dynamic; i++) {
		const struct conf_diff_item *it = &diff.dynamic[i];
		if (it->change == CONF_UNCHANGED && it->new_idx != CONF_NONE)
			nr[it->new_idx].refused = d->ranges[it->old_idx].refused;
	}
	TAILQ_FOREACH(p, &d->peers, entry) {
		if (p->range == NULL || p->dead)
			continue;
		size_t oi = (size_t)(p->range->conf - old->dynamic);
		for (size_t i = 0; i < diff.n_dynamic; i++)
			if (diff.dynamic[i].old_idx == oi && nr) {
				p->range = &nr[diff.dynamic[i].new_idx];
				p->range->active++;
				peer_set_cfg(p, &nc->dynamic[diff.dynamic[i].new_idx].peer);
			}
	}
	/* configured neighbors */
	d->conf = nc;
	for (size_t i = 0; i < diff.n_neighbors; i++) {
		const struct conf_diff_item *it = &diff.neighbors[i];
		const struct conf_neighbor *on = it->old_idx != CONF_NONE ? &old->neighbors[it->old_idx] : NULL;
		const struct conf_neighbor *nn = it->new_idx != CONF_NONE ? &nc->neighbors[it->new_idx] : NULL;
		p = on ? peer_find(d, &on->address) : NULL;
		enum conf_change ch = diff.reset_all && it->change != CONF_ADDED &&
		    it->change != CONF_REMOVED ? CONF_RESET : it->change;
		switch (ch) {
		case CONF_REMOVED:
			if (p) {
				peer_remove(p, BGP_CEASE_PEER_DECONFIGURED, NULL);
				n_removed++;
			}
			break;
		case CONF_ADDED:
			p = peer_new(d, &nn->address, &nn->peer, NULL);
			if (p) {
				peer_start(p);
				n_added++;
			}
			break;
		case CONF_RESET:
			if (p) {
				peer_stop(p, BGP_CEASE_CONFIG_CHANGE, NULL);
				peer_set_cfg(p, &nn->peer);
				p->admin_down = nn->peer.shutdown;
				peer_start(p);
				n_reset++;
			}
			break;
		case CONF_SOFT:
		case CONF_UNCHANGED:
			if (p)
				peer_set_cfg(p, &nn->peer);	/* strings now point into the new config */
			break;
		}
	}
	if (diff.rebind || diff.reset_all) {
		listen_close_all(d);
		if (!listen_open_all(d))
			log_msg(LOG_ERR, "reload: could not open every listener");
	} else {
		/* keys may have changed without a rebind: install them again */
		listen_close_all(d);
		listen_open_all(d);
	}
	free(d->ranges);
	d->ranges = nr;
	log_set_level(log_level_of(nc->log_level));
	conf_diff_free(&diff);
	conf_free(old);
	d->last_reload_ok = true;
	snprintf(d->last_reload_msg, sizeof(d->last_reload_msg),
	    "ok: %u added, %u removed, %u reset", n_added, n_removed, n_reset);
	log_msg(LOG_NOTICE, "configuration reloaded from %s: %u neighbors added, %u removed, "
	    "%u reset", d->conf_path, n_added, n_removed, n_reset);
	update_status(d);
	return true;
}

static void
sighup_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	sd_notify_send("RELOADING=1");
	bgpd_reload(arg, false, NULL);
	sd_notify_send("READY=1");
}

/* Shutting down: wait for the Cease messages to leave, then stop the loop. */
static void
stop_poll_cb(evutil_socket_t fd, short what, void *arg)
{
	struct bgpd *d = arg;
	(void)fd;
	(void)what;
	if (session_closing == 0 || bgpd_now() - d->stop_started > PEER_FLUSH_TIMEOUT_MS / 1000.0)
		event_base_loopexit(d->base, NULL);
}

static void
sigterm_cb(evutil_socket_t fd, short what, void *arg)
{
	struct bgpd *d = arg;
	(void)fd;
	(void)what;
	if (d->stopping) {
		event_base_loopexit(d->base, NULL);	/* a second signal: now */
		return;
	}
	d->stopping = true;
	d->stop_started = bgpd_now();
	log_msg(LOG_NOTICE, "shutting down: Cease to every neighbor");
	sd_notify_send("STOPPING=1");
	struct peer *p;
	TAILQ_FOREACH(p, &d->peers, entry)
		peer_stop(p, BGP_CEASE_ADMIN_SHUTDOWN, "ecmpd shutting down");
	struct event *poll = event_new(d->base, -1, EV_PERSIST, stop_poll_cb, d);
	struct timeval tv = { 0, 20 * 1000 };
	event_add(poll, &tv);
	d->stop_poll = poll;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "foreground", no_argument, NULL, 'f' },
		{ "debug", no_argument, NULL, 'd' },
		{ "check", no_argument, NULL, 'n' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *path = DEFAULT_CONFIG;
	bool foreground = false, debug = false, check = false, verbose = false;
	int c;

	while ((c = getopt_long(argc, argv, "c:fdnvh", opts, NULL)) != -1) {
		switch (c) {
		case 'c': path = optarg; break;
		case 'f': foreground = true; break;
		case 'd': debug = true; break;
		case 'n': check = true; break;
		case 'v': verbose = true; break;
		case 'V': printf("ecmpd %s\n", PACKAGE_VERSION); return 0;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}

	struct conf *conf = load_config(path, false, NULL);
	if (check) {
		if (conf == NULL)
			return 1;
		if (verbose) {
			struct sbuf sb;
			sb_init(&sb);
			conf_print(conf, &sb, CONF_PRINT_ORIGIN);
			fputs(sb.p, stdout);
			sb_free(&sb);
		}
		conf_free(conf);
		return 0;
	}
	if (conf == NULL)
		return 1;
	if (!foreground && daemon(0, 0) != 0) {
		perror("ecmpd: daemon");
		return 1;
	}
	log_init("ecmpd", foreground, debug ? LOG_DEBUG : log_level_of(conf->log_level));
	signal(SIGPIPE, SIG_IGN);
	srandom((unsigned)time(NULL) ^ (unsigned)getpid());

	static struct bgpd d;
	TAILQ_INIT(&d.peers);
	d.conf = conf;
	d.conf_path = path;
	d.peer_hash_seed = (uint32_t)random();
	d.started_wall = time(NULL);
	clock_gettime(CLOCK_MONOTONIC, &d.started);
	d.base = event_base_new();
	if (d.base == NULL) {
		log_msg(LOG_ERR, "cannot create the event loop");
		return 1;
	}
	d.reaper = event_new(d.base, -1, 0, reaper_cb, &d);
	d.attrs = attrset_table_new(attrset_random_seed());
	struct rib_config rcfg;
	memset(&rcfg, 0, sizeof(rcfg));
	rcfg.decide = decide_opts_default();
	rcfg.decide.mp_ibgp = conf->multipath.ibgp;
	rcfg.decide.mp_ebgp = conf->multipath.ebgp;
	rcfg.decide.mp_as_path_relax = conf->multipath.as_path_relax;
	rcfg.seed = attrset_random_seed();
	rcfg.on_change = rib_changed;
	rcfg.arg = &d;
	d.rib = d.attrs ? rib_new(d.attrs, &rcfg) : NULL;
	if (d.rib == NULL) {
		log_msg(LOG_ERR, "cannot create the RIB");
		return 1;
	}
	if (!listen_open_all(&d)) {
		log_msg(LOG_ERR, "cannot open the listening sockets; exiting");
		return 1;
	}
	if (conf->fib_enabled) {
		struct fib_config fc;
		fib_config_default(&fc);
		fc.table = conf->fib.table;
		fc.protocol = conf->fib.protocol;
		fc.metric = conf->fib.metric;
		fc.mode = (enum fib_nhg_mode)conf->fib.nexthop_groups;
		fc.buckets = conf->fib.buckets;
		fc.idle_timer = conf->fib.idle_timer;
		fc.unbalanced_timer = conf->fib.unbalanced_timer;
		d.fib = fib_new(d.base, &fc);
		if (d.fib == NULL) {
			log_msg(LOG_ERR, "cannot open the FIB writer (needs CAP_NET_ADMIN); exiting");
			return 1;
		}
		/* stale routes of an earlier run go once the sessions had time to bring theirs */
		d.fib_sync_timer = evtimer_new(d.base, fib_sync_cb, &d);
		struct timeval stv2 = { FIB_SYNC_DELAY_S, 0 };
		evtimer_add(d.fib_sync_timer, &stv2);
	}
	struct ctl_server *ctl = ctl_daemon_open(&d);
	if (ctl == NULL)
		return 1;
	if (!peers_from_conf(&d))
		return 1;
	d.sig_term = evsignal_new(d.base, SIGTERM, sigterm_cb, &d);
	d.sig_int = evsignal_new(d.base, SIGINT, sigterm_cb, &d);
	d.sig_hup = evsignal_new(d.base, SIGHUP, sighup_cb, &d);
	event_add(d.sig_term, NULL);
	event_add(d.sig_int, NULL);
	event_add(d.sig_hup, NULL);
	uint64_t wd = sd_watchdog_usec();
	if (wd) {
		d.watchdog = event_new(d.base, -1, EV_PERSIST, watchdog_cb, &d);
		struct timeval tv = { (time_t)(wd / 2 / 1000000), (suseconds_t)(wd / 2 % 1000000) };
		event_add(d.watchdog, &tv);
	}
	d.status_timer = event_new(d.base, -1, EV_PERSIST, status_cb, &d);
	struct timeval stv = { STATUS_INTERVAL_S, 0 };
	event_add(d.status_timer, &stv);

	char rid[16];
	wire_id_format(conf->router_id, rid);
	log_msg(LOG_NOTICE, "ecmpd %s started: AS %u, router id %s, %zu neighbors, "
	    "%zu dynamic ranges", PACKAGE_VERSION, conf->as, rid, conf->n_neighbors,
	    conf->n_dynamic);
	sd_notify_send("READY=1");
	update_status(&d);

	event_base_dispatch(d.base);

	/* tidy up, so leak checkers see only real leaks */
	struct peer *p;
	while ((p = TAILQ_FIRST(&d.peers)) != NULL)
		peer_free(p);
	listen_close_all(&d);
	ctl_server_free(ctl);
	struct event *evs[] = { d.reaper, d.sig_term, d.sig_int, d.sig_hup, d.watchdog,
		d.status_timer, d.stop_poll };
	for (size_t i = 0; i < sizeof(evs) / sizeof(evs[0]); i++)
		if (evs[i])
			event_free(evs[i]);
	free(d.ranges);
	free(d.peer_hash);
	if (d.fib_sync_timer)
		event_free(d.fib_sync_timer);
	fib_free(d.fib);		/* our routes leave the kernel with us */
	rib_free(d.rib);
	attrset_table_free(d.attrs);
	conf_free(d.conf);
	event_base_free(d.base);
	log_msg(LOG_NOTICE, "ecmpd stopped");
	return 0;
}
