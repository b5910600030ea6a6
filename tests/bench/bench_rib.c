/*
 * bench_rib.c -- RIB insert rate and memory per path.
 *
 * A program that prints figures, not a test. Workloads (issue 4):
 *   full:    1,000,000 IPv4 /24 x 1 path from one peer, 8 distinct
 *            attribute sets, inserted in order (a table dump) and in
 *            random order; exact lookups and longest matches; peer down.
 *   addpath: 100,000 IPv4 /24 x 4 paths from 4 iBGP peers (each its own
 *            next hop and ORIGINATOR_ID, multipath ibgp: 4); peer down of
 *            one of the 4.
 * Each timing is the median of REPEATS runs of CPU time (this process's;
 * BENCH_WALL=1 for wall-clock time): on a shared machine wall time mostly
 * measures the neighbours. Memory is from the RIB's own counters and from
 * RSS (/proc/self/status) before and after.
 * Every change notification goes to a callback that counts it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rib.h"

#define REPEATS 5
#define FULL_N 1000000u
#define AP_N 100000u
#define NSETS 8

static double
now(void)
{
	struct timespec ts;
	clock_gettime(getenv("BENCH_WALL") ? CLOCK_MONOTONIC : CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long
status_kib(const char *field)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long v = -1;
	size_t n = strlen(field);

	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, field, n) == 0 && line[n] == ':')
			v = strtol(line + n + 1, NULL, 10);
	fclose(f);
	return v;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double
median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return v[n / 2];
}

static size_t notifications;

static void
on_change(void *arg, const struct prefix *pfx, const struct rib_entry *e, unsigned chg)
{
	(void)arg;
	(void)pfx;
	(void)e;
	(void)chg;
	notifications++;
}

static struct rib_addr
v4(uint32_t a)
{
	struct rib_addr x;
	memset(&x, 0, sizeof(x));
	x.afs = AFS_IPV4_UNICAST;
	put_u32(x.a, a);
	return x;
}

static struct prefix
pfx24(uint32_t i)
{
	struct prefix p;
	memset(&p, 0, sizeof(p));
	p.afs = AFS_IPV4_UNICAST;
	p.len = 24;
	put_u32(p.addr, 0x01000000u + (i << 8));
	return p;
}

static const struct attrset *
make_set(struct attrset_table *at, uint32_t med, uint32_t originator)
{
	static const uint8_t path[] = { BGP_AS_SEQUENCE, 3, 0, 0, 0xfd, 0xe9, 0, 0, 0xfd, 0xea,
	    0, 0, 0xfd, 0xeb };
	static const uint8_t comms[] = { 0xfd, 0xe8, 0, 1, 0xff, 0xff, 0xff, 0x01 };
	struct wire_attrs a;

	memset(&a, 0, sizeof(a));
	a.present = ATTR_BIT(BGP_ATTR_ORIGIN) | ATTR_BIT(BGP_ATTR_AS_PATH) |
	    ATTR_BIT(BGP_ATTR_NEXT_HOP) | ATTR_BIT(BGP_ATTR_MED) |
	    ATTR_BIT(BGP_ATTR_LOCAL_PREF) | ATTR_BIT(BGP_ATTR_COMMUNITIES);
	a.as_path.p = path;
	a.as_path.len = sizeof(path);
	a.med = med;
	a.local_pref = 100;
	a.communities.p = comms;
	a.communities.len = sizeof(comms);
	put_u32(a.next_hop, 0x0a000069u);
	if (originator != 0) {
		a.present |= ATTR_BIT(BGP_ATTR_ORIGINATOR_ID) | ATTR_BIT(BGP_ATTR_CLUSTER_LIST);
		a.originator_id = originator;
		static const uint8_t cl[] = { 10, 0, 0, 109 };
		a.cluster_list.p = cl;
		a.cluster_list.len = 4;
	}
	return attrset_intern(at, &a);
}

static struct rib *
new_rib(struct attrset_table *at, unsigned mp_ibgp)
{
	struct rib_config cfg;
	memset(&cfg, 0, sizeof(cfg));
	cfg.decide = decide_opts_default();
	cfg.decide.mp_ibgp = (uint16_t)mp_ibgp;
	cfg.on_change = on_change;
	cfg.seed = attrset_random_seed();
	struct rib *rib = rib_new(at, &cfg);
	if (rib == NULL) {
		fprintf(stderr, "rib_new failed\n");
		exit(1);
	}
	return rib;
}

static void
add_peer(struct rib *rib, uint32_t id, uint32_t addr)
{
	struct rib_peer_info pi;
	memset(&pi, 0, sizeof(pi));
	pi.router_id = addr;
	pi.addr = v4(addr);
	if (rib_peer_set(rib, id, &pi) != 0) {
		fprintf(stderr, "rib_peer_set failed\n");
		exit(1);
	}
}

static void
must(int r)
{
	if (r < 0) {
		fprintf(stderr, "rib_update failed: %d\n", r);
		exit(1);
	}
}

static size_t
rib_bytes(const struct rib_stats *st)
{
	return st->bytes_prefixes[0] + st->bytes_prefixes[1] + st->bytes_paths + st->bytes_other;
}

static void
print_stats(const char *what, struct rib *rib, struct attrset_table *at, long rss0, long rss1)
{
	struct rib_stats st;
	struct attrset_stats as;

	rib_get_stats(rib, &st);
	attrset_table_stats(at, &as);
	size_t total = rib_bytes(&st) + as.bytes;
	printf("  %s: %zu prefixes, %zu paths, %zu glue nodes, %zu next hops, %zu attribute sets\n",
	    what, st.prefixes[0], st.paths, st.glue[0], st.nexthops, as.sets);
	printf("    octets: prefix pools %zu (entry %zu, glue %zu each), path arrays %zu, other %zu, attribute sets %zu\n",
	    st.bytes_prefixes[0], st.entry_size[0], st.glue_size[0], st.bytes_paths,
	    st.bytes_other, as.bytes);
	printf("    %.1f octets per path by the counters (%.1f MiB); RSS %ld -> %ld KiB: %.1f octets per path\n",
	    (double)total / (double)st.paths, (double)total / 1048576.0, rss0, rss1,
	    (double)(rss1 - rss0) * 1024.0 / (double)st.paths);
}

static uint32_t *
shuffled(uint32_t n)
{
	uint32_t *v = malloc(n * sizeof(*v));
	uint64_t x = 0x9e3779b97f4a7c15ull;
	for (uint32_t i = 0; i < n; i++)
		v[i] = i;
	for (uint32_t i = n - 1; i > 0; i--) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		uint32_t j = (uint32_t)(x % (i + 1));
		uint32_t t = v[i];
		v[i] = v[j];
		v[j] = t;
	}
	return v;
}

static void
bench_full(void)
{
	struct attrset_table *at = attrset_table_new(attrset_random_seed());
	const struct attrset *sets[NSETS];
	uint32_t *perm = shuffled(FULL_N);
	double t_ord[REPEATS], t_rnd[REPEATS], t_look[REPEATS], t_lpm[REPEATS], t_down[REPEATS];
	double t_flush[REPEATS], t_flush_rnd[REPEATS], t_upd[REPEATS];
	struct rib_addr nh = v4(0x0a000069u);
	volatile size_t sink = 0;

	for (int i = 0; i < NSETS; i++)
		sets[i] = make_set(at, (uint32_t)i, 0);

	printf("full: %u IPv4 /24 x 1 path, %d attribute sets\n", FULL_N, NSETS);
	for (int r = 0; r < REPEATS; r++) {
		long rss0 = status_kib("VmRSS");
		struct rib *rib = new_rib(at, 1);
		add_peer(rib, 1, 0x0a000069u);

		/* a table dump in prefix order */
		double t0 = now();
		for (uint32_t i = 0; i < FULL_N; i++) {
			struct prefix p = pfx24(i);
			must(rib_update(rib, &p, 1, 0, sets[i % NSETS], &nh));
		}
		t_ord[r] = now() - t0;
		if (r == 0)
			print_stats("inserted in order, trie links pending", rib, at, rss0, status_kib("VmRSS"));
		t0 = now();
		rib_flush(rib, SIZE_MAX);
		t_flush[r] = now() - t0;
		if (r == 0)
			print_stats("linked into the trie", rib, at, rss0, status_kib("VmRSS"));

		/* the same paths again with other attributes: existing prefixes, random order */
		t0 = now();
		for (uint32_t i = 0; i < FULL_N; i++) {
			struct prefix p = pfx24(perm[i]);
			must(rib_update(rib, &p, 1, 0, sets[(perm[i] + 1) % NSETS], &nh));
		}
		t_upd[r] = now() - t0;

		t0 = now();
		for (uint32_t i = 0; i < FULL_N; i++) {
			struct prefix p = pfx24(perm[i]);
			sink += rib_entry_npaths(rib_lookup(rib, &p));
		}
		t_look[r] = now() - t0;
		t0 = now();
		for (uint32_t i = 0; i < FULL_N; i++) {
			struct prefix p = pfx24(perm[i]);
			p.len = 32;
			p.addr[3] = (uint8_t)i;
			sink += rib_match(rib, &p, NULL) != NULL;
		}
		t_lpm[r] = now() - t0;

		size_t n0 = notifications;
		t0 = now();
		size_t removed = rib_peer_down(rib, 1);
		t_down[r] = now() - t0;
		if (removed != FULL_N || notifications - n0 != FULL_N) {
			fprintf(stderr, "peer down removed %zu, notified %zu\n", removed, notifications - n0);
			exit(1);
		}

		/* a dump in random order (BIRD and GoBGP do not send in prefix order) */
		t0 = now();
		for (uint32_t i = 0; i < FULL_N; i++) {
			struct prefix p = pfx24(perm[i]);
			must(rib_update(rib, &p, 1, 0, sets[perm[i] % NSETS], &nh));
		}
		t_rnd[r] = now() - t0;
		t0 = now();
		rib_flush(rib, SIZE_MAX);
		t_flush_rnd[r] = now() - t0;
		if (r == 0)
			print_stats("after peer down and a random-order dump (pools keep their high water)",
			    rib, at, rss0, status_kib("VmRSS"));
		rib_free(rib);
	}
	double o = median(t_ord, REPEATS), rn = median(t_rnd, REPEATS);
	double fo = median(t_flush, REPEATS), fr = median(t_flush_rnd, REPEATS);
	printf("  insert, prefix order:  %.3f s, %.2f M paths/s; trie linking %.3f s; both %.2f M/s\n",
	    o, FULL_N / o / 1e6, fo, FULL_N / (o + fo) / 1e6);
	printf("  insert, random order:  %.3f s, %.2f M paths/s; trie linking %.3f s; both %.2f M/s\n",
	    rn, FULL_N / rn / 1e6, fr, FULL_N / (rn + fr) / 1e6);
	printf("  replace attributes of existing paths, random order: %.2f M paths/s\n",
	    FULL_N / median(t_upd, REPEATS) / 1e6);
	printf("  exact lookup, random: %.0f ns each; longest match of a /32: %.0f ns each\n",
	    median(t_look, REPEATS) / FULL_N * 1e9, median(t_lpm, REPEATS) / FULL_N * 1e9);
	printf("  peer down (1M paths, every prefix goes): %.3f s, %.0f ns per path\n",
	    median(t_down, REPEATS), median(t_down, REPEATS) / FULL_N * 1e9);
	for (int i = 0; i < NSETS; i++)
		attrset_unref(at, sets[i]);
	attrset_table_free(at);
	free(perm);
	(void)sink;
}

static void
bench_addpath(void)
{
	struct attrset_table *at = attrset_table_new(attrset_random_seed());
	const struct attrset *sets[4];
	struct rib_addr nh[4];
	double t_ins[REPEATS], t_down[REPEATS];

	for (uint32_t k = 0; k < 4; k++) {
		sets[k] = make_set(at, 0, 0x0a000069u + k);	/* ORIGINATOR_ID 10.0.0.105.. */
		nh[k] = v4(0x0a000069u + k);
	}
	printf("addpath: %u IPv4 /24 x 4 paths from 4 iBGP peers, multipath ibgp: 4\n", AP_N);
	for (int r = 0; r < REPEATS; r++) {
		long rss0 = status_kib("VmRSS");
		struct rib *rib = new_rib(at, 4);
		for (uint32_t k = 0; k < 4; k++)
			add_peer(rib, 10 + k, 0x0a000001u + k);

		double t0 = now();
		/* each injector sends its whole table */
		for (uint32_t k = 0; k < 4; k++)
			for (uint32_t i = 0; i < AP_N; i++) {
				struct prefix p = pfx24(i);
				must(rib_update(rib, &p, 10 + k, 1, sets[k], &nh[k]));
			}
		t_ins[r] = now() - t0;
		rib_flush(rib, SIZE_MAX);
		if (r == 0) {
			print_stats("4 paths each", rib, at, rss0, status_kib("VmRSS"));
			struct prefix p = pfx24(7);
			const struct rib_entry *e = rib_lookup(rib, &p);
			unsigned mp = 0;
			for (unsigned i = 0; i < rib_entry_npaths(e); i++)
				mp += (rib_entry_paths(e)[i].flags & RIB_PATH_MULTIPATH) != 0;
			printf("    a prefix: %u paths, %u in the multipath set\n", rib_entry_npaths(e), mp);
		}
		size_t n0 = notifications;
		t0 = now();
		size_t removed = rib_peer_down(rib, 11);
		t_down[r] = now() - t0;
		if (removed != AP_N || notifications - n0 != AP_N) {
			fprintf(stderr, "peer down removed %zu, notified %zu\n", removed, notifications - n0);
			exit(1);
		}
		rib_free(rib);
	}
	double t = median(t_ins, REPEATS);
	printf("  insert: %.3f s, %.2f M paths/s\n", t, 4.0 * AP_N / t / 1e6);
	printf("  peer down of one of 4 (100k paths, 400k scanned): %.3f s\n", median(t_down, REPEATS));
	for (int k = 0; k < 4; k++)
		attrset_unref(at, sets[k]);
	attrset_table_free(at);
}

int
main(void)
{
	printf("RIB benchmark: rib_path %zu octets, rib_entry %zu, RSS at start %ld KiB\n",
	    sizeof(struct rib_path), sizeof(struct rib_entry), status_kib("VmRSS"));
	bench_full();
	bench_addpath();
	printf("notifications: %zu; peak RSS %ld KiB\n", notifications, status_kib("VmHWM"));
	return 0;
}
