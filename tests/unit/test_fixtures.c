/*
 * test_fixtures.c -- every message captured from the real peer daemons
 * (tests/fixtures/peers/, see tests/fixtures/README.md) decodes, each
 * direction under the context its two OPENs negotiate; each UPDATE
 * re-encoded by us decodes back to the same content (and goes to the
 * tshark oracle); and all five daemons are represented.
 */
#include "testlib.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>

static const char *const daemons[] = { "bird2", "frr", "gobgpd", "openbgpd", "exabgp" };
#define N_DAEMONS (sizeof(daemons) / sizeof(daemons[0]))

static uint8_t scratch[4 * BGP_MAX_EXT_MSG_LEN];
static uint8_t scratch2[4 * BGP_MAX_EXT_MSG_LEN];

struct tally {
	unsigned by_type[6];
	unsigned updates_v4, updates_v6, addpath_updates;
};

static bool
views_equal(const struct wire_nlri_view *a, const struct wire_nlri_view *b)
{
	struct wire_nlri_iter ia = wire_nlri_iter(a), ib = wire_nlri_iter(b);
	struct wire_nlri na, nb;
	if (a->count != b->count)
		return false;
	while (wire_nlri_next(&ia, &na)) {
		if (!wire_nlri_next(&ib, &nb) || !prefix_equal(&na.pfx, &nb.pfx) ||
		    (a->addpath && b->addpath && na.path_id != nb.path_id))
			return false;
	}
	return true;
}

static void
check_update(const char *file, unsigned lineno, const uint8_t *body, size_t len,
    const struct wire_ctx *ctx, struct tally *t)
{
	struct arena ar = arena_init(scratch, sizeof(scratch));
	struct wire_update u, u2;
	struct wire_err e;
	if (!wire_update_decode(body, len, ctx, &ar, &u, &e))
		fail_msg("%s:%u: UPDATE does not decode: %s", file, lineno, e.reason);
	if (u.action != WIRE_OK)
		fail_msg("%s:%u: UPDATE verdict %s: %s", file, lineno,
		    wire_action_name(u.action), u.err.reason);
	if (u.nlri.count || u.withdrawn.count)
		t->updates_v4++;
	if (wire_attr_has(&u.attrs, BGP_ATTR_MP_REACH) || wire_attr_has(&u.attrs, BGP_ATTR_MP_UNREACH))
		t->updates_v6++;
	if (ctx->addpath_rx[AFS_IPV4_UNICAST] || ctx->addpath_rx[AFS_IPV6_UNICAST])
		t->addpath_updates++;

	/* re-encode (same context both ways) and decode again: same content */
	static uint8_t out[BGP_MAX_EXT_MSG_LEN];
	struct wire_ctx both = *ctx;
	memcpy(both.addpath_tx, both.addpath_rx, sizeof(both.addpath_tx));
	struct wbuf wb = wb_init(out, sizeof(out));
	if (!wire_update_encode(&u, &both, &wb))
		fail_msg("%s:%u: re-encoding does not fit", file, lineno);
	test_emit(out, wb.len);
	struct arena ar2 = arena_init(scratch2, sizeof(scratch2));
	if (!wire_update_decode(out + BGP_HEADER_LEN, wb.len - BGP_HEADER_LEN, &both, &ar2, &u2, &e))
		fail_msg("%s:%u: our re-encoding does not decode: %s", file, lineno, e.reason);
	assert_int_equal(u2.eor_afs, u.eor_afs);
	assert_true(views_equal(&u.withdrawn, &u2.withdrawn));
	assert_true(views_equal(&u.nlri, &u2.nlri));
	if (!wire_attrs_equal(&u.attrs, &u2.attrs))
		fail_msg("%s:%u: attributes differ after re-encoding", file, lineno);
}

/* Which daemon sent side a and side b: the file is named A-B.txt. */
static void
sides_of(const char *name, int side_daemon[2])
{
	side_daemon[0] = side_daemon[1] = -1;
	const char *dash = strchr(name, '-');
	for (size_t i = 0; i < N_DAEMONS && dash; i++) {
		size_t n = strlen(daemons[i]);
		if ((size_t)(dash - name) == n && strncmp(name, daemons[i], n) == 0)
			side_daemon[0] = (int)i;
		if (strncmp(dash + 1, daemons[i], n) == 0 && (dash[1 + n] == '.' || dash[1 + n] == '-'))
			side_daemon[1] = (int)i;
	}
}

/* sent[d][type]: daemon d sent a message of that type in some capture */
static void
check_file(const char *path, const char *name, bool sent[N_DAEMONS][6])
{
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	char *line = NULL;
	size_t cap = 0;
	unsigned lineno = 0;
	static uint8_t msg[BGP_MAX_EXT_MSG_LEN];
	static uint8_t open_copy[2][BGP_MAX_EXT_MSG_LEN];
	struct wire_open opens[2];
	bool have_open[2] = { false, false };
	struct wire_ctx ctx[2];
	struct tally t;

	int side_daemon[2];
	sides_of(name, side_daemon);
	if (side_daemon[0] < 0 || side_daemon[1] < 0)
		fail_msg("%s: name is not DAEMON-DAEMON.txt of the five daemons", name);
	memset(&t, 0, sizeof(t));
	memset(ctx, 0, sizeof(ctx));
	while (getline(&line, &cap, f) > 0) {
		lineno++;
		if (line[0] == '#' || line[0] == '\n')
			continue;
		if ((line[0] != 'a' && line[0] != 'b') || line[1] != ' ')
			fail_msg("%s:%u: line is not `a HEX` or `b HEX`", name, lineno);
		int side = line[0] - 'a';
		long n = test_unhex(line + 2, msg, sizeof(msg));
		if (n < 0)
			fail_msg("%s:%u: bad hex", name, lineno);

		struct wire_header h;
		struct wire_err e;
		if (!wire_header_decode(msg, (size_t)n, BGP_MAX_EXT_MSG_LEN, &h, &e))
			fail_msg("%s:%u: header: %s", name, lineno, e.reason);
		assert_int_equal(h.len, n);
		t.by_type[h.type]++;
		sent[side_daemon[side]][h.type] = true;
		const uint8_t *body = msg + BGP_HEADER_LEN;
		size_t blen = (size_t)n - BGP_HEADER_LEN;

		switch (h.type) {
		case BGP_MSG_OPEN:
			memcpy(open_copy[side], msg, (size_t)n);
			if (!wire_open_decode(open_copy[side] + BGP_HEADER_LEN, blen, &opens[side], &e))
				fail_msg("%s:%u: OPEN: %s", name, lineno, e.reason);
			have_open[side] = true;
			if (have_open[0] && have_open[1]) {
				wire_negotiate(&opens[1], &opens[0], &ctx[0]);
				wire_negotiate(&opens[0], &opens[1], &ctx[1]);
			}
			break;
		case BGP_MSG_UPDATE:
			if (!have_open[0] || !have_open[1])
				fail_msg("%s:%u: UPDATE before both OPENs", name, lineno);
			check_update(name, lineno, body, blen, &ctx[side], &t);
			break;
		case BGP_MSG_NOTIFICATION: {
			struct wire_notification no;
			if (!wire_notification_decode(body, blen, &no, &e))
				fail_msg("%s:%u: NOTIFICATION: %s", name, lineno, e.reason);
			break;
		}
		case BGP_MSG_ROUTE_REFRESH: {
			struct wire_route_refresh rr;
			if (!wire_route_refresh_decode(body, blen, &rr, &e))
				fail_msg("%s:%u: ROUTE-REFRESH: %s", name, lineno, e.reason);
			break;
		}
		}
	}
	free(line);
	fclose(f);
	if (!have_open[0] || !have_open[1])
		fail_msg("%s: OPEN missing from one side", name);
	print_message("%-28s open %u update %u (v4 %u, mp %u, add-path %u) notification %u keepalive %u route-refresh %u\n",
	    name, t.by_type[1], t.by_type[2], t.updates_v4, t.updates_v6, t.addpath_updates,
	    t.by_type[3], t.by_type[4], t.by_type[5]);
}

static void
test_peer_captures(void **state)
{
	char dir[1024], path[2048];
	bool sent[N_DAEMONS][6];
	unsigned files = 0;

	memset(sent, 0, sizeof(sent));
	snprintf(dir, sizeof(dir), "%s/peers", FIXTURE_DIR);
	DIR *d = opendir(dir);
	assert_non_null(d);
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		size_t n = strlen(de->d_name);
		if (n < 5 || strcmp(de->d_name + n - 4, ".txt") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		check_file(path, de->d_name, sent);
		files++;
	}
	closedir(d);
	assert_true(files > 0);
	/* every daemon's OPEN and UPDATEs have been decoded */
	for (size_t i = 0; i < N_DAEMONS; i++)
		if (!sent[i][BGP_MSG_OPEN] || !sent[i][BGP_MSG_UPDATE])
			fail_msg("no OPEN or no UPDATE from %s in %s", daemons[i], dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_peer_captures),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
