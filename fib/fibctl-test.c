/*
 * fibctl-test.c -- drive the FIB writer from stdin, without BGP: for the
 * integration tests (tests/integration/test_fib.sh) and the benchmark
 * (tests/bench/bench_fib.sh). Not installed.
 *
 *   fibctl-test [-t TABLE] [-p PROTO] [-m METRIC] [-g resilient|hash-threshold|none]
 *               [-b BUCKETS] [-i IDLE] [-u UNBALANCED] [-r] [-N] [-v]
 *     -r  retain routes at exit      -N  no kernel monitor      -v  debug log
 *
 * Commands, one a line (output on stdout, the FIB's log on stderr):
 *   set PREFIX [NH...]       the prefix's multipath set (NH: ADDR, ADDR%IFNAME)
 *   del PREFIX               withdraw
 *   bulk PREFIX COUNT [NH...]  COUNT consecutive prefixes of PREFIX's length
 *   sync                     fib_sync_done()
 *   mark                     start the stopwatch
 *   wait                     read no more commands until the FIB is idle,
 *                            then print "idle N MS" (MS: since the last mark)
 *   show [PREFIX]            fib_show(), one line per group and route, then "end"
 *   stats                    one line of counters
 *   echo TEXT                print TEXT
 *   floor PREFIX COUNT NHID  the kernel floor for the benchmark: add COUNT routes
 *                            pointing at nexthop NHID with a bare batched libmnl
 *                            writer (no FIB state, an ACK per batch only); prints
 *                            "floor N MS"
 *   quit                     fib_free() and exit (also at end of input, SIGTERM)
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <net/if.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <event2/event.h>

#include <libmnl/libmnl.h>
#include <linux/rtnetlink.h>

#include "fib.h"
#include "log.h"
#include "nl.h"

#define IN_MAX (4 * 1024 * 1024)

static struct event_base *base;
static struct fib *fib;
static struct event *stdin_ev, *wait_ev;
static char *inbuf;
static size_t inlen;
static bool waiting, input_done;
static unsigned wait_no;
static struct timespec mark;

static double
ms_since(const struct timespec *t)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t->tv_sec) * 1e3 + (double)(now.tv_nsec - t->tv_nsec) / 1e6;
}

static bool
parse_nh(const char *s, struct fib_nexthop *nh)
{
	char a[INET6_ADDRSTRLEN + IF_NAMESIZE + 2];
	snprintf(a, sizeof(a), "%s", s);
	memset(nh, 0, sizeof(*nh));
	char *pct = strchr(a, '%');
	if (pct != NULL) {
		*pct++ = '\0';
		nh->ifindex = if_nametoindex(pct);
		if (nh->ifindex == 0)
			nh->ifindex = (uint32_t)strtoul(pct, NULL, 10);
	}
	if (inet_pton(AF_INET, a, nh->addr) == 1)
		nh->afs = AFS_IPV4_UNICAST;
	else if (inet_pton(AF_INET6, a, nh->addr) == 1)
		nh->afs = AFS_IPV6_UNICAST;
	else
		return false;
	return true;
}

static const char *
nh_text(const struct fib_show_nh *x, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN];
	inet_ntop(x->nh.afs == AFS_IPV4_UNICAST ? AF_INET : AF_INET6, x->nh.addr, a, sizeof(a));
	if (x->ifname[0])
		snprintf(buf, len, "%s@%s", a, x->ifname);
	else
		snprintf(buf, len, "%s", a);
	return buf;
}

static void
show_group(void *arg, const struct fib_show_group *g)
{
	char b[128];
	printf("group %u %s", g->id, g->type);
	if (g->buckets)
		printf(" buckets %u", g->buckets);
	printf(" routes %zu state %s members", g->routes, g->state);
	for (size_t i = 0; i < g->n_members; i++)
		printf(" %u:%s", g->members[i].id, nh_text(&g->members[i], b, sizeof(b)));
	if (g->k_present) {
		printf(" kernel: %s", g->k_type);
		if (g->k_buckets)
			printf(" buckets %u", g->k_buckets);
		printf(" members ");
		for (size_t i = 0; i < g->k_n_members; i++)
			printf("%s%u", i ? "," : "", g->k_members[i]);
	} else if (g->id != 0) {
		printf(" kernel: absent");
	}
	if (g->error)
		printf(" error \"%s\"", g->error);
	printf("\n");
}

static void
show_route(void *arg, const struct fib_show_route *r)
{
	char p[INET6_ADDRSTRLEN], b[128];
	inet_ntop(r->pfx->afs == AFS_IPV4_UNICAST ? AF_INET : AF_INET6, r->pfx->addr, p, sizeof(p));
	printf("route %s/%u %s", p, r->pfx->len, fib_route_state_name(r->state));
	if (r->group)
		printf(" group %u", r->group);
	if (r->pending_group)
		printf(" pending-group %u", r->pending_group);
	printf(" want");
	for (size_t i = 0; i < r->n_want; i++)
		printf(" %s%s", nh_text(&r->want[i], b, sizeof(b)), r->want[i].usable ? "" : "(unusable)");
	printf(" kernel");
	for (size_t i = 0; i < r->n_kernel; i++)
		printf(" %s", nh_text(&r->kernel[i], b, sizeof(b)));
	if (r->attempts)
		printf(" attempts %u retry-in %u", r->attempts, r->retry_in_ms);
	if (r->reason)
		printf(" reason \"%s\"", r->reason);
	printf("\n");
}

static long
rss_kb(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kb = -1;
	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "VmRSS: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

static void
print_stats(void)
{
	struct fib_stats st;
	fib_get_stats(fib, &st);
	printf("stats mode=%s msgs=%llu sends=%llu route_msgs=%llu nexthop_msgs=%llu errors=%llu "
	    "retries=%llu inplace=%llu restored=%llu resyncs=%llu routes=%zu installed=%zu pending=%zu "
	    "failed=%zu refused=%zu stale=%zu groups=%zu nexthops=%zu rss_kb=%ld\n",
	    fib_nhg_mode_name(fib_mode(fib)), (unsigned long long)st.msgs,
	    (unsigned long long)st.sends, (unsigned long long)st.route_msgs,
	    (unsigned long long)st.nexthop_msgs, (unsigned long long)st.errors,
	    (unsigned long long)st.retries, (unsigned long long)st.inplace,
	    (unsigned long long)st.restored, (unsigned long long)st.resyncs, st.routes, st.installed,
	    st.pending, st.failed, st.refused, st.stale, st.groups, st.nexthops, rss_kb());
}

/* Add 1 at the prefix's last bit. */
static void
pfx_next(struct prefix *p)
{
	if (p->len == 0)
		return;
	int bit = p->len - 1;
	for (int byte = bit / 8, inc = 0x80 >> (bit % 8); byte >= 0; byte--, inc = 1) {
		int v = p->addr[byte] + inc;
		p->addr[byte] = (uint8_t)v;
		if (v < 256)
			break;
	}
}

static int
parse_nhs(char **tok, int n, struct fib_nexthop *nhs)
{
	for (int i = 0; i < n; i++) {
		if (!parse_nh(tok[i], &nhs[i])) {
			printf("error: bad next hop %s\n", tok[i]);
			return -1;
		}
	}
	return n;
}

/*
 * The floor: what adding the routes costs the kernel, with as little as
 * possible around it. Same messages as the FIB writes (nl_route_put), in
 * batches of 128 KiB, only the last message of each batch asks for an ACK
 * (errors come back anyway); no state, no monitor, no coalescing.
 */
static void
floor_add(struct prefix p, long count, uint32_t nhid, const struct fib_config *cfg)
{
	struct mnl_socket *sk = mnl_socket_open(NETLINK_ROUTE);
	static char buf[160 * 1024], rbuf[64 * 1024];
	struct timespec t0;
	long errors = 0;
	if (sk == NULL || mnl_socket_bind(sk, 0, MNL_SOCKET_AUTOPID) < 0) {
		printf("error: floor: %s\n", strerror(errno));
		return;
	}
	int sz = 16 * 1024 * 1024;
	setsockopt(mnl_socket_get_fd(sk), SOL_SOCKET, SO_SNDBUFFORCE, &sz, sizeof(sz));
	setsockopt(mnl_socket_get_fd(sk), SOL_SOCKET, SO_RCVBUFFORCE, &sz, sizeof(sz));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	uint32_t seq = 1;
	for (long i = 0; i < count;) {
		size_t off = 0;
		struct nlmsghdr *last = NULL;
		for (; i < count && off + 256 < 128 * 1024; i++, pfx_next(&p)) {
			struct nl_route_req rq = { .type = RTM_NEWROUTE, .pfx = &p, .table = cfg->table,
				.protocol = cfg->protocol, .metric = cfg->metric, .nhid = nhid };
			last = nl_route_put(buf + off, sizeof(buf) - off, seq++, &rq);
			if (!getenv("FLOOR_ACK_ALL"))
				last->nlmsg_flags &= (uint16_t)~NLM_F_ACK;
			off += last->nlmsg_len;
		}
		last->nlmsg_flags |= NLM_F_ACK;
		if (mnl_socket_sendto(sk, buf, off) < 0) {
			printf("error: floor: %s\n", strerror(errno));
			break;
		}
		for (bool done = false; !done;) {
			ssize_t n = mnl_socket_recvfrom(sk, rbuf, sizeof(rbuf));
			if (n <= 0)
				break;
			const struct nlmsghdr *nlh = (const void *)rbuf;
			int len = (int)n;
			for (; mnl_nlmsg_ok(nlh, len); nlh = mnl_nlmsg_next(nlh, &len)) {
				struct nl_err e;
				if (!nl_err_parse(nlh, &e))
					continue;
				if (e.err != 0)
					errors++;
				if (e.seq == last->nlmsg_seq)
					done = true;
			}
		}
	}
	printf("floor %ld %.1f errors %ld\n", count, ms_since(&t0), errors);
	mnl_socket_close(sk);
}

static struct fib_config config;

static void quit(void);

/* Run one command; false when reading must pause (wait). */
static bool
command(char *line)
{
	char *tok[FIB_MAX_NEXTHOPS + 4];
	int n = 0;
	for (char *s = strtok(line, " \t\r"); s != NULL && n < (int)(sizeof(tok) / sizeof(tok[0]));
	    s = strtok(NULL, " \t\r"))
		tok[n++] = s;
	if (n == 0 || tok[0][0] == '#')
		return true;
	struct fib_nexthop nhs[FIB_MAX_NEXTHOPS];
	struct prefix p;
	if (!strcmp(tok[0], "set") || !strcmp(tok[0], "del")) {
		if (n < 2 || !prefix_parse(tok[1], &p)) {
			printf("error: bad prefix\n");
			return true;
		}
		int k = !strcmp(tok[0], "del") ? 0 : parse_nhs(tok + 2, n - 2, nhs);
		if (k >= 0 && fib_route_set(fib, &p, nhs, (size_t)k) < 0)
			printf("error: %s\n", strerror(errno));
	} else if (!strcmp(tok[0], "bulk")) {
		struct timespec t0;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		long count = n >= 3 ? strtol(tok[2], NULL, 10) : 0;
		if (n < 3 || !prefix_parse(tok[1], &p) || count <= 0) {
			printf("error: bulk PREFIX COUNT [NH...]\n");
			return true;
		}
		int k = parse_nhs(tok + 3, n - 3, nhs);
		for (long i = 0; k >= 0 && i < count; i++, pfx_next(&p)) {
			if (fib_route_set(fib, &p, nhs, (size_t)k) < 0) {
				printf("error: %s\n", strerror(errno));
				break;
			}
		}
		if (log_enabled(LOG_DEBUG))
			log_msg(LOG_DEBUG, "bulk: %ld calls to fib_route_set in %.1f ms", count, ms_since(&t0));
	} else if (!strcmp(tok[0], "floor")) {
		long count = n >= 4 ? strtol(tok[2], NULL, 10) : 0;
		if (n < 4 || !prefix_parse(tok[1], &p) || count <= 0) {
			printf("error: floor PREFIX COUNT NHID\n");
			return true;
		}
		floor_add(p, count, (uint32_t)strtoul(tok[3], NULL, 10), &config);
	} else if (!strcmp(tok[0], "sync")) {
		fib_sync_done(fib);
	} else if (!strcmp(tok[0], "mark")) {
		clock_gettime(CLOCK_MONOTONIC, &mark);
	} else if (!strcmp(tok[0], "wait")) {
		waiting = true;
		static const struct timeval zero = { 0, 0 };
		evtimer_add(wait_ev, &zero);
		return false;
	} else if (!strcmp(tok[0], "show")) {
		struct fib_show_ops ops = { show_group, show_route };
		if (n >= 2 && prefix_parse(tok[1], &p))
			fib_show(fib, &p, &ops, NULL);
		else
			fib_show(fib, NULL, &ops, NULL);
		printf("end\n");
	} else if (!strcmp(tok[0], "stats")) {
		print_stats();
	} else if (!strcmp(tok[0], "echo")) {
		for (int i = 1; i < n; i++)
			printf("%s%s", tok[i], i + 1 < n ? " " : "\n");
	} else if (!strcmp(tok[0], "quit")) {
		quit();
		return false;
	} else {
		printf("error: unknown command %s\n", tok[0]);
	}
	return true;
}

static void
run_input(void)
{
	size_t off = 0;
	while (!waiting) {
		char *nl = memchr(inbuf + off, '\n', inlen - off);
		if (nl == NULL)
			break;
		*nl = '\0';
		bool go_on = command(inbuf + off);
		off = (size_t)(nl - inbuf) + 1;
		if (!go_on)
			break;
	}
	memmove(inbuf, inbuf + off, inlen - off);
	inlen -= off;
	fflush(stdout);
	if (!waiting && input_done && base != NULL)
		quit();
}

static bool stdin_regular;	/* a file: epoll cannot watch it, a timer reads it */

static void
stdin_resume(void)
{
	static const struct timeval zero = { 0, 0 };
	if (input_done)
		return;
	if (stdin_regular)
		event_add(stdin_ev, &zero);
	else
		event_add(stdin_ev, NULL);
}

static void
on_stdin(evutil_socket_t fd, short what, void *arg)
{
	if (stdin_regular && !waiting)
		stdin_resume();
	if (inlen == IN_MAX) {
		event_del(stdin_ev);	/* full: resumes when a wait ends */
		return;
	}
	ssize_t n = read(0, inbuf + inlen, IN_MAX - inlen);
	if (n <= 0) {
		if (n < 0 && errno == EINTR)
			return;
		event_del(stdin_ev);
		input_done = true;
		if (inlen > 0 && inbuf[inlen - 1] != '\n')
			inbuf[inlen++] = '\n';
	} else {
		inlen += (size_t)n;
	}
	if (!waiting)
		run_input();
}

static void
wait_check(evutil_socket_t fd, short what, void *arg)
{
	if (!waiting || !fib_idle(fib))
		return;	/* the idle callback answers */
	waiting = false;
	printf("idle %u %.1f\n", ++wait_no, ms_since(&mark));
	fflush(stdout);
	stdin_resume();
	run_input();
}

static void
on_idle(void *arg)
{
	wait_check(-1, 0, NULL);
}

static void
quit(void)
{
	fflush(stdout);
	event_base_loopbreak(base);
}

static void
on_signal(evutil_socket_t sig, short what, void *arg)
{
	quit();
}

int
main(int argc, char **argv)
{
	struct fib_config cfg;
	fib_config_default(&cfg);
	int c, level = LOG_INFO;
	while ((c = getopt(argc, argv, "t:p:m:g:b:i:u:rNv")) != -1) {
		switch (c) {
		case 't': cfg.table = (uint32_t)strtoul(optarg, NULL, 0); break;
		case 'p': cfg.protocol = (uint8_t)strtoul(optarg, NULL, 0); break;
		case 'm': cfg.metric = (uint32_t)strtoul(optarg, NULL, 0); break;
		case 'g':
			if (!strcmp(optarg, "resilient"))
				cfg.mode = FIB_NHG_RESILIENT;
			else if (!strcmp(optarg, "hash-threshold"))
				cfg.mode = FIB_NHG_HASH_THRESHOLD;
			else if (!strcmp(optarg, "none"))
				cfg.mode = FIB_NHG_NONE;
			else
				goto usage;
			break;
		case 'b': cfg.buckets = (uint16_t)strtoul(optarg, NULL, 0); break;
		case 'i': cfg.idle_timer = (uint32_t)strtoul(optarg, NULL, 0); break;
		case 'u': cfg.unbalanced_timer = (uint32_t)strtoul(optarg, NULL, 0); break;
		case 'r': cfg.retain = true; break;
		case 'N': cfg.no_monitor = true; break;
		case 'v': level = LOG_DEBUG; break;
		default:
			goto usage;
		}
	}
	config = cfg;
	log_init("fibctl-test", true, level);
	setvbuf(stdout, NULL, _IOLBF, 0);
	clock_gettime(CLOCK_MONOTONIC, &mark);
	if ((inbuf = malloc(IN_MAX)) == NULL || (base = event_base_new()) == NULL)
		return 1;
	if ((fib = fib_new(base, &cfg)) == NULL) {
		fprintf(stderr, "fibctl-test: cannot start the FIB writer\n");
		return 1;
	}
	fib_set_idle_cb(fib, on_idle, NULL);
	printf("ready mode %s\n", fib_nhg_mode_name(fib_mode(fib)));
	struct stat sb;
	stdin_regular = fstat(0, &sb) == 0 && S_ISREG(sb.st_mode);
	stdin_ev = stdin_regular ? evtimer_new(base, on_stdin, NULL)
	    : event_new(base, 0, EV_READ | EV_PERSIST, on_stdin, NULL);
	wait_ev = evtimer_new(base, wait_check, NULL);
	struct event *sig_term = evsignal_new(base, SIGTERM, on_signal, NULL);
	struct event *sig_int = evsignal_new(base, SIGINT, on_signal, NULL);
	stdin_resume();
	event_add(sig_term, NULL);
	event_add(sig_int, NULL);
	event_base_dispatch(base);
	fib_free(fib);
	event_free(stdin_ev);
	event_free(wait_ev);
	event_free(sig_term);
	event_free(sig_int);
	event_base_free(base);
	free(inbuf);
	printf("bye\n");
	return 0;
usage:
	fprintf(stderr, "usage: fibctl-test [-t table] [-p proto] [-m metric] "
	    "[-g resilient|hash-threshold|none] [-b buckets] [-i idle] [-u unbalanced] [-r] [-N] [-v]\n");
	return 2;
}
