/*
 * test_prefix_table.c -- the patricia trie: exact lookup, insert, remove,
 * longest match, ordered walks (all, more-specifics, resumed), the
 * unordered sweep, running out of memory, and a randomized comparison
 * with a brute-force model for IPv4 and IPv6. Prints octets per prefix.
 */
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prefix_table.h"

struct data {
	uint64_t tag;
	uint32_t more[3];
};

static struct prefix
P(const char *s)
{
	struct prefix p;
	if (!prefix_parse(s, &p))
		fail_msg("bad prefix %s", s);
	return p;
}

static const char *
text(const struct prefix *p)
{
	static char buf[4][64];
	static int k;
	struct sbuf sb;
	char *out = buf[k++ % 4];
	sb_init(&sb);
	prefix_print(p, &sb);
	snprintf(out, 64, "%s", sb.p);
	sb_free(&sb);
	return out;
}

static struct data *
add(struct pt_table *t, const char *s, uint64_t tag)
{
	struct prefix p = P(s);
	bool created;
	struct data *d = pt_get(t, &p, &created);
	assert_non_null(d);
	assert_true(created);
	assert_int_equal(d->tag, 0);	/* new data is zeroed */
	assert_int_equal((uintptr_t)d % 8, 0);
	d->tag = tag;
	return d;
}

static struct data *
find(struct pt_table *t, const char *s)
{
	struct prefix p = P(s);
	return pt_lookup(t, &p);
}

static uint64_t
match_tag(struct pt_table *t, const char *s)
{
	struct prefix p = P(s);
	struct data *d = pt_match(t, &p);
	return d == NULL ? 0 : d->tag;
}

static void
test_basic_v4(void **state)
{
	(void)state;
	struct pt_table t;
	bool created;

	pt_init(&t, AFS_IPV4_UNICAST, sizeof(struct data), 1);
	assert_null(find(&t, "10.0.0.0/8"));
	assert_int_equal(match_tag(&t, "10.1.1.1/32"), 0);

	add(&t, "10.1.1.0/24", 24);
	add(&t, "10.1.2.0/24", 242);
	add(&t, "10.0.0.0/8", 8);
	add(&t, "10.1.0.0/16", 16);
	add(&t, "0.0.0.0/0", 100);
	add(&t, "10.1.1.128/25", 25);
	assert_int_equal(pt_count(&t), 6);

	/* found again, not created */
	struct prefix p = P("10.1.1.0/24");
	struct data *d = pt_get(&t, &p, &created);
	assert_false(created);
	assert_int_equal(d->tag, 24);

	assert_int_equal(find(&t, "10.1.0.0/16")->tag, 16);
	assert_null(find(&t, "10.1.0.0/17"));
	assert_null(find(&t, "10.1.0.0/23"));
	assert_null(find(&t, "10.1.0.0/24"));	/* a glue node's position */

	/* longest match */
	assert_int_equal(match_tag(&t, "10.1.1.5/32"), 24);
	assert_int_equal(match_tag(&t, "10.1.1.200/32"), 25);
	assert_int_equal(match_tag(&t, "10.1.1.0/24"), 24);
	assert_int_equal(match_tag(&t, "10.1.0.0/23"), 16);
	assert_int_equal(match_tag(&t, "10.1.3.0/24"), 16);
	assert_int_equal(match_tag(&t, "10.2.0.0/16"), 8);
	assert_int_equal(match_tag(&t, "11.0.0.0/8"), 100);
	assert_int_equal(match_tag(&t, "0.0.0.0/0"), 100);

	/* the prefix back from the data */
	pt_prefix(&t, find(&t, "10.1.1.128/25"), &p);
	assert_string_equal(text(&p), "10.1.1.128/25");

	/* removal, in an order that exercises every case */
	pt_remove(&t, find(&t, "10.1.0.0/16"));		/* two children: becomes glue */
	assert_null(find(&t, "10.1.0.0/16"));
	assert_int_equal(match_tag(&t, "10.1.3.0/24"), 8);
	assert_int_equal(match_tag(&t, "10.1.1.5/32"), 24);
	pt_remove(&t, find(&t, "10.1.1.0/24"));		/* one child */
	assert_int_equal(match_tag(&t, "10.1.1.5/32"), 8);
	assert_int_equal(match_tag(&t, "10.1.1.200/32"), 25);
	pt_remove(&t, find(&t, "10.1.2.0/24"));		/* a leaf under glue: glue goes */
	pt_remove(&t, find(&t, "0.0.0.0/0"));
	assert_int_equal(match_tag(&t, "11.0.0.0/8"), 0);
	assert_int_equal(pt_count(&t), 2);
	pt_remove(&t, find(&t, "10.1.1.128/25"));
	pt_remove(&t, find(&t, "10.0.0.0/8"));
	assert_int_equal(pt_count(&t), 0);
	assert_int_equal(match_tag(&t, "10.1.1.5/32"), 0);
	/* removed entries wait in the trie for compaction */
	struct pt_stats st;
	pt_stats(&t, &st);
	assert_int_equal(st.dead, 6);
	pt_compact(&t);
	assert_int_equal(t.root, 0);
	pt_stats(&t, &st);
	assert_int_equal(st.entries, 0);
	assert_int_equal(st.glue, 0);
	assert_int_equal(st.dead, 0);
	assert_int_equal(st.entry_size, 16 + sizeof(struct data));
	assert_int_equal(st.glue_size, 16);
	pt_destroy(&t);
}

static void
test_basic_v6(void **state)
{
	(void)state;
	struct pt_table t;

	pt_init(&t, AFS_IPV6_UNICAST, sizeof(struct data), 2);
	add(&t, "2001:db8::/32", 32);
	add(&t, "2001:db8:1::/48", 48);
	add(&t, "2001:db8:1:2::/64", 64);
	add(&t, "2001:db8:1:2::1/128", 128);
	add(&t, "2001:db8:8000::/33", 33);
	add(&t, "::/0", 1);
	assert_int_equal(match_tag(&t, "2001:db8:1:2::1/128"), 128);
	assert_int_equal(match_tag(&t, "2001:db8:1:2::2/128"), 64);
	assert_int_equal(match_tag(&t, "2001:db8:1:3::/64"), 48);
	assert_int_equal(match_tag(&t, "2001:db8:ffff::/48"), 33);
	assert_int_equal(match_tag(&t, "2001:db9::/32"), 1);
	assert_null(find(&t, "2001:db8:1:2::/63"));
	struct prefix p;
	pt_prefix(&t, find(&t, "2001:db8:1:2::1/128"), &p);
	assert_string_equal(text(&p), "2001:db8:1:2::1/128");

	struct pt_stats st;
	pt_stats(&t, &st);
	assert_int_equal(st.entry_size, 32 + sizeof(struct data));
	assert_int_equal(st.glue_size, 32);
	pt_destroy(&t);
}

static void
expect_walk(struct pt_iter *it, const char *const *want, size_t n)
{
	struct data *d;
	size_t i = 0;

	while ((d = pt_iter_next(it)) != NULL) {
		struct prefix p;
		pt_prefix(it->t, d, &p);
		if (i >= n || strcmp(text(&p), want[i]) != 0)
			fail_msg("walk step %zu: got %s, want %s", i, text(&p), i < n ? want[i] : "(end)");
		i++;
	}
	assert_int_equal(i, n);
}

static const char *const walk_order[] = {
	"0.0.0.0/0",
	"10.0.0.0/8",
	"10.0.0.0/16",
	"10.1.0.0/16",
	"10.1.1.0/24",
	"10.1.1.0/25",
	"10.1.1.128/25",
	"10.1.2.0/24",
	"10.200.0.0/16",
	"192.168.0.0/16",
	"192.168.1.0/24",
};
#define NWALK (sizeof(walk_order) / sizeof(walk_order[0]))

static void
fill_walk(struct pt_table *t)
{
	/* inserted out of order */
	static const int ins[NWALK] = { 7, 2, 9, 0, 5, 10, 1, 4, 8, 6, 3 };
	for (size_t i = 0; i < NWALK; i++)
		add(t, walk_order[ins[i]], i + 1);
}

static void
test_walks(void **state)
{
	(void)state;
	struct pt_table t;
	struct pt_iter it;
	struct prefix p;

	pt_init(&t, AFS_IPV4_UNICAST, sizeof(struct data), 1);
	pt_iter_init(&it, &t);
	assert_null(pt_iter_next(&it));
	fill_walk(&t);

	pt_iter_init(&it, &t);
	expect_walk(&it, walk_order, NWALK);

	/* more-specifics, the prefix itself included */
	p = P("10.1.0.0/16");
	pt_iter_sub(&it, &t, &p);
	expect_walk(&it, walk_order + 3, 5);
	p = P("10.0.0.0/8");
	pt_iter_sub(&it, &t, &p);
	expect_walk(&it, walk_order + 1, 8);
	/* of an absent prefix: what lies below it */
	p = P("10.0.0.0/15");
	pt_iter_sub(&it, &t, &p);
	expect_walk(&it, walk_order + 2, 6);
	p = P("10.1.1.0/24");
	pt_iter_sub(&it, &t, &p);
	expect_walk(&it, walk_order + 4, 3);
	p = P("10.1.1.64/26");
	pt_iter_sub(&it, &t, &p);
	expect_walk(&it, NULL, 0);
	p = P("172.16.0.0/12");
	pt_iter_sub(&it, &t, &p);
	expect_walk(&it, NULL, 0);
	p = P("0.0.0.0/0");
	pt_iter_sub(&it, &t, &p);
	expect_walk(&it, walk_order, NWALK);

	/* resumed after each present prefix */
	for (size_t i = 0; i < NWALK; i++) {
		p = P(walk_order[i]);
		pt_iter_after(&it, &t, &p);
		expect_walk(&it, walk_order + i + 1, NWALK - i - 1);
	}
	/* and after absent ones */
	static const struct { const char *after; size_t next; } absent[] = {
		{ "1.0.0.0/8", 1 },
		{ "10.0.0.0/9", 2 },
		{ "10.0.0.0/24", 3 },
		{ "10.1.0.0/17", 4 },
		{ "10.1.1.0/26", 6 },
		{ "10.1.3.0/24", 8 },
		{ "10.255.0.0/16", 9 },
		{ "192.168.0.0/15", 9 },
		{ "192.168.2.0/24", NWALK },
		{ "255.255.255.255/32", NWALK },
		{ "10.1.0.0/23", 4 },
	};
	for (size_t i = 0; i < sizeof(absent) / sizeof(absent[0]); i++) {
		p = P(absent[i].after);
		pt_iter_after(&it, &t, &p);
		expect_walk(&it, walk_order + absent[i].next, NWALK - absent[i].next);
	}
	pt_destroy(&t);
}

static bool
remove_odd(void *data, void *arg)
{
	struct pt_table *t = arg;
	struct data *d = data;
	if (d->tag % 2)
		pt_remove(t, d);
	return true;
}

static bool
count_cb(void *data, void *arg)
{
	(void)data;
	(*(size_t *)arg)++;
	return *(size_t *)arg < 3;
}

static void
test_foreach(void **state)
{
	(void)state;
	struct pt_table t;
	struct pt_iter it;
	size_t n = 0;

	pt_init(&t, AFS_IPV4_UNICAST, sizeof(struct data), 1);
	fill_walk(&t);
	pt_foreach(&t, count_cb, &n);
	assert_int_equal(n, 3);		/* stopped when told */
	pt_foreach(&t, remove_odd, &t);
	assert_int_equal(pt_count(&t), NWALK / 2);
	pt_iter_init(&it, &t);
	struct data *d;
	n = 0;
	while ((d = pt_iter_next(&it)) != NULL) {
		assert_int_equal(d->tag % 2, 0);
		n++;
	}
	assert_int_equal(n, NWALK / 2);
	pt_destroy(&t);
}

/* Allocation failures: inserting fails cleanly; linking and compaction wait for memory. */
static void
test_out_of_memory(void **state)
{
	(void)state;
	struct pt_table t;
	struct pt_iter it;
	struct prefix p;
	struct pt_stats st;
	bool created;
	static const char *const two[] = { "10.0.0.0/9", "10.128.0.0/9" };

	pt_init(&t, AFS_IPV4_UNICAST, sizeof(struct data), 4);
	/* no entry: nothing changes */
	t.fail_alloc = 1;
	p = P("10.0.0.0/8");
	assert_null(pt_get(&t, &p, &created));
	assert_int_equal(pt_count(&t), 0);

	/* linking needs a glue node for the second: it stays pending */
	add(&t, "10.0.0.0/9", 9);
	add(&t, "10.128.0.0/9", 129);
	t.fail_alloc = 1;
	assert_int_equal(pt_flush(&t, SIZE_MAX), 1);
	pt_stats(&t, &st);
	assert_int_equal(st.pending, 1);
	/* still found by exact match */
	assert_int_equal(find(&t, "10.128.0.0/9")->tag, 129);
	/* the next walk links it */
	pt_iter_init(&it, &t);
	expect_walk(&it, two, 2);
	pt_stats(&t, &st);
	assert_int_equal(st.pending, 0);

	/* a dead branch point stays when compaction has no memory for its glue */
	add(&t, "10.0.0.0/8", 8);
	assert_int_equal(match_tag(&t, "10.1.0.0/16"), 9);
	pt_remove(&t, find(&t, "10.0.0.0/8"));
	t.fail_alloc = 1;
	pt_compact(&t);
	t.fail_alloc = 0;
	assert_int_equal(t.dead, 1);
	assert_int_equal(pt_count(&t), 2);
	assert_null(find(&t, "10.0.0.0/8"));
	assert_int_equal(match_tag(&t, "10.1.0.0/16"), 9);
	assert_int_equal(match_tag(&t, "10.0.0.0/8"), 0);
	pt_iter_init(&it, &t);
	expect_walk(&it, two, 2);
	size_t n = 0;
	pt_foreach(&t, count_cb, &n);
	assert_int_equal(n, 2);

	/* inserting it again: a new entry, zeroed, that takes the dead one's place when linked */
	p = P("10.0.0.0/8");
	struct data *d = pt_get(&t, &p, &created);
	assert_true(created);
	assert_int_equal(d->tag, 0);
	d->tag = 88;
	assert_int_equal(pt_count(&t), 3);
	assert_int_equal(match_tag(&t, "10.1.0.0/16"), 9);
	assert_int_equal(t.dead, 0);
	assert_int_equal(match_tag(&t, "10.0.0.0/10"), 9);
	assert_int_equal(match_tag(&t, "10.0.0.0/8"), 88);

	/* everything goes: compaction leaves nothing */
	pt_remove(&t, d);
	pt_remove(&t, find(&t, "10.0.0.0/9"));
	pt_remove(&t, find(&t, "10.128.0.0/9"));
	pt_compact(&t);
	assert_int_equal(t.root, 0);
	assert_int_equal(t.dead, 0);
	assert_int_equal(t.glue.used, 0);
	assert_int_equal(t.entry.used, 0);
	pt_destroy(&t);
}

/* Pending entries: found at once, linked in order whatever the arrival order, removable before. */
static void
test_pending(void **state)
{
	(void)state;
	struct pt_table t;
	struct pt_iter it;
	struct pt_stats st;
	struct prefix p;
	bool created;

	pt_init(&t, AFS_IPV4_UNICAST, sizeof(struct data), 5);
	fill_walk(&t);
	pt_stats(&t, &st);
	assert_int_equal(st.pending, NWALK);
	assert_int_equal(t.root, 0);
	for (size_t i = 0; i < NWALK; i++)
		assert_non_null(find(&t, walk_order[i]));
	/* a budget */
	assert_int_equal(pt_flush(&t, 4), NWALK - 4);
	pt_stats(&t, &st);
	assert_int_equal(st.pending, NWALK - 4);
	/* remove one still pending and one linked; re-add the pending one (its element is reused) */
	struct data *d = find(&t, "0.0.0.0/0");
	pt_remove(&t, d);
	pt_remove(&t, find(&t, "10.1.1.128/25"));
	p = P("0.0.0.0/0");
	assert_non_null(pt_get(&t, &p, &created));
	assert_true(created);
	p = P("10.1.1.128/25");
	assert_non_null(pt_get(&t, &p, &created));
	assert_true(created);
	assert_int_equal(pt_flush(&t, SIZE_MAX), 0);
	pt_stats(&t, &st);
	assert_int_equal(st.pending, 0);
	assert_int_equal(st.entries, NWALK);
	pt_iter_init(&it, &t);
	expect_walk(&it, walk_order, NWALK);
	/* nothing to do */
	assert_int_equal(pt_flush(&t, SIZE_MAX), 0);
	pt_destroy(&t);
}

/* ---- randomized against a model ---- */

static uint64_t rng = 88172645463325252ull;

static uint32_t
rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 16);
}

/* the walk order: common bits first, then the shorter */
static int
pfx_order(const void *x, const void *y)
{
	const struct prefix *a = x, *b = y;
	unsigned m = a->len < b->len ? a->len : b->len;
	for (unsigned i = 0; i < m; i++) {
		unsigned ba = a->addr[i / 8] >> (7 - i % 8) & 1, bb = b->addr[i / 8] >> (7 - i % 8) & 1;
		if (ba != bb)
			return (int)ba - (int)bb;
	}
	return (int)a->len - (int)b->len;
}

static bool
covers(const struct prefix *a, const struct prefix *b)	/* a covers b */
{
	if (a->len > b->len)
		return false;
	for (unsigned i = 0; i < a->len; i++)
		if ((a->addr[i / 8] ^ b->addr[i / 8]) >> (7 - i % 8) & 1)
			return false;
	return true;
}

static struct prefix
random_prefix(enum afs afs)
{
	struct prefix p;
	memset(&p, 0, sizeof(p));
	p.afs = (uint8_t)afs;
	unsigned max = afs == AFS_IPV4_UNICAST ? 32 : 128;
	/* a small space so that prefixes nest and collide */
	static const unsigned lens4[] = { 0, 4, 8, 9, 12, 16, 17, 20, 24, 31, 32 };
	static const unsigned lens6[] = { 0, 16, 32, 33, 48, 56, 64, 100, 127, 128 };
	p.len = (uint8_t)(afs == AFS_IPV4_UNICAST ? lens4[rnd() % 11] : lens6[rnd() % 10]);
	uint32_t bits = rnd();
	/* the first 4 octets random within few values, the rest mostly zero */
	p.addr[0] = (uint8_t)(10 + (bits & 1));
	p.addr[1] = (uint8_t)(bits >> 1 & 3);
	p.addr[2] = (uint8_t)(bits >> 3 & 0x81);
	p.addr[3] = (uint8_t)(bits >> 11 & 0x3);
	if (afs == AFS_IPV6_UNICAST) {
		p.addr[7] = (uint8_t)(bits >> 13 & 1);
		p.addr[15] = (uint8_t)(bits >> 15 & 3);
	}
	for (unsigned i = p.len; i < max; i++)
		p.addr[i / 8] &= (uint8_t)~(0x80 >> (i % 8));
	return p;
}

static void
randomized(enum afs afs)
{
	enum { MAXN = 4000, OPS = 20000 };
	static struct prefix model[MAXN], sorted[MAXN];
	static uint64_t tags[MAXN];
	size_t n = 0;
	struct pt_table t;
	uint64_t next_tag = 1;

	pt_init(&t, afs, sizeof(struct data), rng);
	for (int op = 0; op < OPS; op++) {
		struct prefix p = random_prefix(afs);
		size_t at = n;
		for (size_t i = 0; i < n; i++)
			if (prefix_equal(&model[i], &p))
				at = i;
		if (rnd() % 3 != 0 || at == n) {
			bool created;
			struct data *d = pt_get(&t, &p, &created);
			assert_non_null(d);
			assert_int_equal(created, at == n);
			if (at == n) {
				assert_true(n < MAXN);
				model[n] = p;
				tags[n++] = d->tag = next_tag++;
			} else {
				assert_int_equal(d->tag, tags[at]);
			}
		} else {
			struct data *d = pt_lookup(&t, &p);
			assert_non_null(d);
			assert_int_equal(d->tag, tags[at]);
			pt_remove(&t, d);
			model[at] = model[--n];
			tags[at] = tags[n];
		}
		assert_int_equal(pt_count(&t), n);
		if (rnd() % 97 == 0)
			pt_flush(&t, rnd() % 50);
		if (op % 500 != 0)
			continue;

		/* every model prefix found; longest match by brute force */
		for (size_t i = 0; i < n; i++) {
			struct data *d = pt_lookup(&t, &model[i]);
			assert_non_null(d);
			assert_int_equal(d->tag, tags[i]);
		}
		for (int q = 0; q < 200; q++) {
			struct prefix a = random_prefix(afs);
			size_t best = n;
			for (size_t i = 0; i < n; i++)
				if (covers(&model[i], &a) && (best == n || model[i].len > model[best].len))
					best = i;
			struct data *d = pt_match(&t, &a);
			if (best == n)
				assert_null(d);
			else
				assert_int_equal(d->tag, tags[best]);
			/* more-specifics of a: exactly the model's, in order */
			struct pt_iter it;
			pt_iter_sub(&it, &t, &a);
			size_t k = 0;
			struct prefix prev;
			while ((d = pt_iter_next(&it)) != NULL) {
				struct prefix got;
				pt_prefix(&t, d, &got);
				assert_true(covers(&a, &got));
				if (k > 0)
					assert_true(pfx_order(&prev, &got) < 0);
				prev = got;
				k++;
			}
			size_t want = 0;
			for (size_t i = 0; i < n; i++)
				want += covers(&a, &model[i]);
			assert_int_equal(k, want);
			/* after a: exactly those ordered after it */
			pt_iter_after(&it, &t, &a);
			k = 0;
			while ((d = pt_iter_next(&it)) != NULL) {
				struct prefix got;
				pt_prefix(&t, d, &got);
				assert_true(pfx_order(&a, &got) < 0);
				k++;
			}
			want = 0;
			for (size_t i = 0; i < n; i++)
				want += pfx_order(&a, &model[i]) < 0;
			assert_int_equal(k, want);
		}
		/* the whole walk is the sorted model */
		memcpy(sorted, model, n * sizeof(*model));
		qsort(sorted, n, sizeof(*sorted), pfx_order);
		struct pt_iter it;
		pt_iter_init(&it, &t);
		for (size_t i = 0; i < n; i++) {
			struct data *d = pt_iter_next(&it);
			assert_non_null(d);
			struct prefix got;
			pt_prefix(&t, d, &got);
			if (!prefix_equal(&got, &sorted[i]))
				fail_msg("walk %zu: %s, want %s", i, text(&got), text(&sorted[i]));
		}
		assert_null(pt_iter_next(&it));
		struct pt_stats st;
		pt_compact(&t);
		pt_stats(&t, &st);
		assert_int_equal(st.dead, 0);
		assert_int_equal(st.pending, 0);
		assert_true(st.glue <= (n > 0 ? n - 1 : 0));	/* at most n - 1 glue nodes */
	}
	/* empty it */
	while (n > 0) {
		pt_remove(&t, pt_lookup(&t, &model[--n]));
	}
	assert_int_equal(pt_count(&t), 0);
	pt_compact(&t);
	assert_int_equal(t.glue.used, 0);
	assert_int_equal(t.entry.used, 0);
	assert_int_equal(t.root, 0);
	pt_destroy(&t);
}

static void
test_random_v4(void **state)
{
	(void)state;
	randomized(AFS_IPV4_UNICAST);
}

static void
test_random_v6(void **state)
{
	(void)state;
	randomized(AFS_IPV6_UNICAST);
}

/* 65536 consecutive /24s: a full binary tree, the worst case for glue; print the cost. */
static void
test_memory(void **state)
{
	(void)state;
	struct pt_table t;
	struct prefix p;
	bool created;

	pt_init(&t, AFS_IPV4_UNICAST, 24, 3);	/* the RIB's entry: one inline path */
	memset(&p, 0, sizeof(p));
	p.afs = AFS_IPV4_UNICAST;
	p.len = 24;
	for (uint32_t i = 0; i < 65536; i++) {
		put_u32(p.addr, 0x0a000000u + (i << 8));
		assert_non_null(pt_get(&t, &p, &created));
	}
	struct pt_stats st;
	pt_flush(&t, SIZE_MAX);
	pt_stats(&t, &st);
	assert_int_equal(st.entries, 65536);
	assert_int_equal(st.glue, 65535);
	printf("prefix table, 65536 IPv4 /24: entry %zu + glue %zu + hash %.1f octets; %.1f octets per prefix\n",
	    st.entry_size, st.glue_size, 4.0 * (double)st.slots / 65536.0,
	    (double)st.bytes / (double)st.entries);
	assert_true(st.bytes < 65536 * (st.entry_size + st.glue_size + 8) * 11 / 10);
	pt_destroy(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_basic_v4),
		cmocka_unit_test(test_basic_v6),
		cmocka_unit_test(test_walks),
		cmocka_unit_test(test_foreach),
		cmocka_unit_test(test_out_of_memory),
		cmocka_unit_test(test_pending),
		cmocka_unit_test(test_random_v4),
		cmocka_unit_test(test_random_v6),
		cmocka_unit_test(test_memory),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
