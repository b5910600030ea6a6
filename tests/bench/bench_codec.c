/*
 * bench_codec.c -- decode and encode throughput of full-size UPDATEs.
 *
 * A program that prints figures, not a test: run it through
 * tests/bench/run.sh. Two workloads, as the foundation issue asks:
 *   v4:  IPv4 /24 NLRI in the body with a typical iBGP attribute set
 *        (ORIGIN, AS_PATH of 3, NEXT_HOP, MED, LOCAL_PREF, 2 communities);
 *   v6ap: add-path IPv6 /48 NLRI in MP_REACH with the same attributes.
 * Encode = the packer filling 4096-octet messages; decode = wire_update_decode
 * plus iterating every prefix out of the message (what a RIB would do).
 * Each figure is the median of REPEATS runs of about 0.2 s, printed beside
 * this machine's memcpy bandwidth over the same bytes as the ceiling.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "wire.h"

#define REPEATS 7
#define NMSG 256		/* distinct messages per workload (1 MiB) */

static double
now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
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

struct workload {
	const char *name;
	enum afs afs;
	struct wire_ctx ctx;
	uint8_t *msgs;		/* NMSG messages of up to 4096 octets, back to back */
	size_t msg_len[NMSG];
	size_t total_bytes;
	uint64_t total_prefixes;
	struct wire_attrs attrs;
	uint8_t nh[16];
	size_t nh_len;
};

static uint8_t aspath[] = { BGP_AS_SEQUENCE, 3, 0, 0, 0xfd, 0xe9, 0, 0, 0xfd, 0xea, 0, 0, 0xfd, 0xeb };
static uint8_t comms[] = { 0xfd, 0xe8, 0, 1, 0xff, 0xff, 0xff, 0x01 };

static void
make_attrs(struct workload *w)
{
	struct wire_attrs *a = &w->attrs;
	memset(a, 0, sizeof(*a));
	a->present = ATTR_BIT(BGP_ATTR_ORIGIN) | ATTR_BIT(BGP_ATTR_AS_PATH) |
	    ATTR_BIT(BGP_ATTR_MED) | ATTR_BIT(BGP_ATTR_LOCAL_PREF) |
	    ATTR_BIT(BGP_ATTR_COMMUNITIES);
	a->origin = BGP_ORIGIN_IGP;
	a->as_path.p = aspath;
	a->as_path.len = sizeof(aspath);
	a->med = 20;
	a->local_pref = 100;
	a->communities.p = comms;
	a->communities.len = sizeof(comms);
	if (w->afs == AFS_IPV4_UNICAST) {
		a->present |= ATTR_BIT(BGP_ATTR_NEXT_HOP);
		memcpy(a->next_hop, (uint8_t[]){ 10, 0, 0, 105 }, 4);
	} else {
		memcpy(w->nh, (uint8_t[]){ 0x20, 0x01, 0x0d, 0xb8, [15] = 0x05 }, 16);
		w->nh_len = 16;
	}
}

static void
nth_prefix(const struct workload *w, uint32_t i, struct wire_nlri *n)
{
	memset(n, 0, sizeof(*n));
	n->pfx.afs = (uint8_t)w->afs;
	if (w->afs == AFS_IPV4_UNICAST) {
		n->pfx.len = 24;
		n->pfx.addr[0] = (uint8_t)(1 + (i >> 16));
		n->pfx.addr[1] = (uint8_t)(i >> 8);
		n->pfx.addr[2] = (uint8_t)i;
	} else {
		n->pfx.len = 48;
		n->pfx.addr[0] = 0x20;
		n->pfx.addr[1] = 0x01;
		n->pfx.addr[2] = 0x0d;
		n->pfx.addr[3] = 0xb8;
		n->pfx.addr[4] = (uint8_t)(i >> 8);
		n->pfx.addr[5] = (uint8_t)i;
		n->path_id = i % 4 + 1;
	}
}

/* Encode the whole workload once; returns prefixes encoded. */
static uint64_t
encode_all(struct workload *w, uint8_t *out)
{
	uint32_t next = 0;
	uint64_t n_pfx = 0;
	w->total_bytes = 0;
	for (int m = 0; m < NMSG; m++) {
		struct wire_packer pk;
		struct wire_nlri n;
		if (!wire_pack_begin(&pk, out + (size_t)m * BGP_MAX_MSG_LEN, BGP_MAX_MSG_LEN,
		    &w->ctx, w->afs, &w->attrs, w->nh, w->nh_len)) {
			fprintf(stderr, "bench: pack_begin failed\n");
			exit(1);
		}
		for (;;) {
			nth_prefix(w, next, &n);
			if (!wire_pack_add(&pk, &n))
				break;
			next++;
		}
		w->msg_len[m] = wire_pack_finish(&pk);
		w->total_bytes += w->msg_len[m];
		n_pfx += pk.count;
	}
	return n_pfx;
}

static uint64_t
decode_all(struct workload *w, uint8_t *scratch, size_t scratch_len)
{
	uint64_t sum = 0;
	for (int m = 0; m < NMSG; m++) {
		const uint8_t *msg = w->msgs + (size_t)m * BGP_MAX_MSG_LEN;
		struct wire_header h;
		struct wire_update u;
		struct wire_err err;
		struct arena ar = arena_init(scratch, scratch_len);
		if (!wire_header_decode(msg, w->msg_len[m], BGP_MAX_MSG_LEN, &h, &err) ||
		    !wire_update_decode(msg + BGP_HEADER_LEN, h.len - BGP_HEADER_LEN,
		    &w->ctx, &ar, &u, &err) || u.action != WIRE_OK) {
			fprintf(stderr, "bench: decode failed: %s\n", err.reason);
			exit(1);
		}
		const struct wire_nlri_view *v = w->afs == AFS_IPV4_UNICAST ?
		    &u.nlri : &u.attrs.mp_reach.nlri;
		struct wire_nlri_iter it = wire_nlri_iter(v);
		struct wire_nlri n;
		while (wire_nlri_next(&it, &n))
			sum += n.pfx.addr[2] + n.path_id;
	}
	return sum;
}

static void
run(struct workload *w)
{
	uint8_t *copy = malloc((size_t)NMSG * BGP_MAX_MSG_LEN);
	uint8_t scratch[4 * BGP_MAX_MSG_LEN];
	double enc[REPEATS], dec[REPEATS], cpy[REPEATS];
	volatile uint64_t sink = 0;

	w->msgs = malloc((size_t)NMSG * BGP_MAX_MSG_LEN);
	make_attrs(w);
	w->total_prefixes = encode_all(w, w->msgs);

	for (int r = 0; r < REPEATS; r++) {
		int iters = 0;
		double t0 = now(), t;
		do {
			encode_all(w, w->msgs);
			iters++;
		} while ((t = now() - t0) < 0.2);
		enc[r] = t / iters;

		iters = 0;
		t0 = now();
		do {
			sink += decode_all(w, scratch, sizeof(scratch));
			iters++;
		} while ((t = now() - t0) < 0.2);
		dec[r] = t / iters;

		iters = 0;
		t0 = now();
		do {
			for (int m = 0; m < NMSG; m++)
				memcpy(copy + (size_t)m * BGP_MAX_MSG_LEN,
				    w->msgs + (size_t)m * BGP_MAX_MSG_LEN, w->msg_len[m]);
			sink += copy[(size_t)(iters % NMSG) * BGP_MAX_MSG_LEN + 20];
			iters++;
		} while ((t = now() - t0) < 0.2);
		cpy[r] = t / iters;
	}
	double e = median(enc, REPEATS), d = median(dec, REPEATS), c = median(cpy, REPEATS);
	double mb = w->total_bytes / 1e6, mp = w->total_prefixes / 1e6;
	printf("%-5s %4u msgs %7.0f prefixes/msg | encode %7.0f MB/s %6.1f Mpfx/s | "
	    "decode %7.0f MB/s %6.1f Mpfx/s | memcpy %7.0f MB/s\n",
	    w->name, NMSG, (double)w->total_prefixes / NMSG,
	    mb / e, mp / e, mb / d, mp / d, mb / c);
	free(copy);
	free(w->msgs);
	(void)sink;
}

int
main(void)
{
	struct workload v4 = { .name = "v4", .afs = AFS_IPV4_UNICAST };
	struct workload v6 = { .name = "v6ap", .afs = AFS_IPV6_UNICAST };
	v4.ctx.as4 = v6.ctx.as4 = true;
	v4.ctx.ibgp = v6.ctx.ibgp = true;
	v6.ctx.addpath_rx[AFS_IPV6_UNICAST] = v6.ctx.addpath_tx[AFS_IPV6_UNICAST] = true;
	printf("ecmpd codec benchmark: medians of %d runs, one core\n", REPEATS);
	run(&v4);
	run(&v6);
	return 0;
}
