/*
 * test_conf_diff.c -- reload decisions: which neighbors a new config leaves
 * alone, resets, or changes softly; field by field on effective values.
 *
 * The decision table: every row edits one place of a small config (the
 * globals, peer group g, or neighbor 10.0.0.2) and says what must happen
 * to 10.0.0.2 and to 10.0.0.3, a bystander in group g.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"

static struct conf *
parse_ok(const char *text)
{
	struct conf *c;
	struct conf_errors errs;

	if (!conf_parse_string("t.yaml", text, strlen(text), &c, &errs)) {
		struct sbuf sb;
		sb_init(&sb);
		conf_errors_print(&errs, &sb);
		print_error("%s---\n%s", text, sb.p);
		sb_free(&sb);
		fail_msg("config does not load");
	}
	return c;
}

static struct conf *
build(const char *global, const char *group, const char *subject)
{
	char text[2048];

	snprintf(text, sizeof(text),
	    "router-id: 10.0.0.1\n"
	    "as: 65000\n"
	    "%s\n"
	    "peer-groups:\n"
	    "  g: { as: 65000%s }\n"
	    "neighbors:\n"
	    "  - { address: 10.0.0.2%s%s }\n"
	    "  - { address: 10.0.0.3, peer-group: g }\n",
	    global, group, strstr(subject, ", as:") ? "" : ", as: 65000", subject);
	return parse_ok(text);
}

static const struct conf_diff_item *
item_for(const struct conf_diff *d, const struct conf *o, const struct conf *n, const char *addr)
{
	struct conf_addr a;

	assert_true(conf_addr_parse(addr, &a));
	for (size_t i = 0; i < d->n_neighbors; i++) {
		const struct conf_diff_item *it = &d->neighbors[i];
		const struct conf_neighbor *x = it->new_idx != CONF_NONE ?
		    &n->neighbors[it->new_idx] : &o->neighbors[it->old_idx];
		if (conf_addr_equal(&x->address, &a))
			return it;
	}
	fail_msg("no diff item for %s", addr);
	return NULL;
}

struct row {
	const char *name;
	const char *global[2];	/* old, new */
	const char *group[2];
	const char *subject[2];
	enum conf_change change;	/* for 10.0.0.2 */
	uint32_t fields;
	enum conf_change bystander;	/* for 10.0.0.3 */
};

#define F(x) CF_BIT(CF_##x)
#define SAME(s) { s, s }

static const struct row rows[] = {
	{ "identical", SAME(""), SAME(""), SAME(""), CONF_UNCHANGED, 0, CONF_UNCHANGED },
	{ "same values, other spelling", SAME(""), SAME(""),
	    { "", ", hold-time: 90, port: 179, families: [ipv4-unicast], ttl-security: false" },
	    CONF_UNCHANGED, 0, CONF_UNCHANGED },
	{ "description", SAME(""), SAME(""), { ", description: a", ", description: b" },
	    CONF_SOFT, F(DESCRIPTION), CONF_UNCHANGED },
	{ "description added", SAME(""), SAME(""), { "", ", description: b" },
	    CONF_SOFT, F(DESCRIPTION), CONF_UNCHANGED },
	{ "hold-time (keepalive follows)", SAME(""), SAME(""), { "", ", hold-time: 30" },
	    CONF_RESET, F(HOLD_TIME) | F(KEEPALIVE), CONF_UNCHANGED },
	{ "keepalive", SAME(""), SAME(""), { "", ", keepalive: 20" },
	    CONF_RESET, F(KEEPALIVE), CONF_UNCHANGED },
	{ "connect-retry", SAME(""), SAME(""), { "", ", connect-retry: 5" },
	    CONF_SOFT, F(CONNECT_RETRY), CONF_UNCHANGED },
	{ "as", SAME(""), SAME(""), { ", as: 65000", ", as: 65001" },
	    CONF_RESET, F(AS), CONF_UNCHANGED },
	{ "port", SAME(""), SAME(""), { "", ", port: 1179" },
	    CONF_RESET, F(PORT), CONF_UNCHANGED },
	{ "local-address", SAME(""), SAME(""), { "", ", local-address: 10.0.0.1" },
	    CONF_RESET, F(LOCAL_ADDRESS), CONF_UNCHANGED },
	{ "password", SAME(""), SAME(""), { ", password: a", ", password: b" },
	    CONF_RESET, F(PASSWORD), CONF_UNCHANGED },
	{ "ttl-security", SAME(""), SAME(""), { "", ", ttl-security: true" },
	    CONF_RESET, F(TTL_SECURITY), CONF_UNCHANGED },
	{ "passive", SAME(""), SAME(""), { "", ", passive: true" },
	    CONF_RESET, F(PASSIVE), CONF_UNCHANGED },
	{ "families", SAME(""), SAME(""), { "", ", families: [ipv4-unicast, ipv6-unicast]" },
	    CONF_RESET, F(FAMILIES), CONF_UNCHANGED },
	{ "extended-message", SAME(""), SAME(""), { "", ", extended-message: false" },
	    CONF_RESET, F(EXT_MSG), CONF_UNCHANGED },
	{ "add-path send on (capability)", SAME(""), SAME(""), { "", ", add-path: { send: all }" },
	    CONF_RESET, F(ADDPATH_SEND), CONF_UNCHANGED },
	{ "add-path send policy only", SAME(""), SAME(""),
	    { ", add-path: { send: all }", ", add-path: { send: best 2 }" },
	    CONF_SOFT, F(ADDPATH_SEND), CONF_UNCHANGED },
	{ "add-path receive", SAME(""), SAME(""), { "", ", add-path: { receive: true }" },
	    CONF_RESET, F(ADDPATH_RECEIVE), CONF_UNCHANGED },
	{ "graceful-restart on", SAME(""), SAME(""), { "", ", graceful-restart: { enabled: true }" },
	    CONF_RESET, F(GR_ENABLED), CONF_UNCHANGED },
	{ "restart-time while graceful restart is off", SAME(""), SAME(""),
	    { "", ", graceful-restart: { restart-time: 60 }" },
	    CONF_SOFT, F(GR_RESTART_TIME), CONF_UNCHANGED },
	{ "restart-time while graceful restart is on", SAME(""), SAME(""),
	    { ", graceful-restart: { enabled: true }",
	      ", graceful-restart: { enabled: true, restart-time: 60 }" },
	    CONF_RESET, F(GR_RESTART_TIME), CONF_UNCHANGED },
	{ "route-reflector-client", SAME(""), SAME(""), { "", ", route-reflector-client: true" },
	    CONF_SOFT, F(RR_CLIENT), CONF_UNCHANGED },
	{ "next-hop-self", SAME(""), SAME(""), { "", ", next-hop-self: true" },
	    CONF_SOFT, F(NEXT_HOP_SELF), CONF_UNCHANGED },
	{ "max-prefix", SAME(""), SAME(""), { "", ", max-prefix: { limit: 10, restart: 5 }" },
	    CONF_SOFT, F(MAX_PREFIX) | F(MAX_PREFIX_RESTART), CONF_UNCHANGED },
	{ "shutdown", SAME(""), SAME(""), { "", ", shutdown: true" },
	    CONF_RESET, F(SHUTDOWN), CONF_UNCHANGED },
	{ "shutdown-message", SAME(""), SAME(""), { "", ", shutdown-message: bye" },
	    CONF_SOFT, F(SHUTDOWN_MESSAGE), CONF_UNCHANGED },
	/* changes that reach neighbors through inheritance */
	{ "group hold-time", SAME(""), { "", ", hold-time: 30" }, SAME(""),
	    CONF_UNCHANGED, 0, CONF_RESET },
	{ "group description", SAME(""), { "", ", description: x" }, SAME(""),
	    CONF_UNCHANGED, 0, CONF_SOFT },
	{ "into a group with the same values", SAME(""), SAME(""), { "", ", peer-group: g" },
	    CONF_SOFT, F(PEER_GROUP), CONF_UNCHANGED },
	{ "global hold-time", { "", "hold-time: 30" }, SAME(""), SAME(""),
	    CONF_RESET, F(HOLD_TIME) | F(KEEPALIVE), CONF_RESET },
	{ "global hold-time the neighbor overrides", { "", "hold-time: 30" }, SAME(""),
	    SAME(", hold-time: 60"), CONF_UNCHANGED, 0, CONF_RESET },
	{ "global connect-retry", { "", "connect-retry: 9" }, SAME(""), SAME(""),
	    CONF_SOFT, F(CONNECT_RETRY), CONF_SOFT },
	/* globals that reset everything, and those that reset nothing */
	{ "router-id", { "", "router-id: 10.0.0.9" }, SAME(""), SAME(""),
	    CONF_RESET, 0, CONF_RESET },
	{ "cluster-id", { "", "cluster-id: 10.0.0.9" }, SAME(""), SAME(""),
	    CONF_RESET, 0, CONF_RESET },
	{ "listen", { "", "listen: [{ address: 10.0.0.1 }]" }, SAME(""), SAME(""),
	    CONF_UNCHANGED, 0, CONF_UNCHANGED },
	{ "log level", { "", "log: { level: debug }" }, SAME(""), SAME(""),
	    CONF_UNCHANGED, 0, CONF_UNCHANGED },
	{ "multipath and fib", { "", "multipath: { ibgp: 4 }\nfib: {}" }, SAME(""), SAME(""),
	    CONF_UNCHANGED, 0, CONF_UNCHANGED },
};

static struct conf *
build_row(const struct row *r, int side)
{
	/* a second router-id key would be a duplicate: the row's global replaces the first */
	if (strncmp(r->global[side], "router-id:", 10) == 0) {
		char text[1024];
		snprintf(text, sizeof(text),
		    "%s\nas: 65000\npeer-groups:\n  g: { as: 65000%s }\nneighbors:\n"
		    "  - { address: 10.0.0.2, as: 65000%s }\n  - { address: 10.0.0.3, peer-group: g }\n",
		    r->global[side], r->group[side], r->subject[side]);
		return parse_ok(text);
	}
	return build(r->global[side], r->group[side], r->subject[side]);
}

static void
test_decision_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct row *r = &rows[i];
		struct conf *o = build_row(r, 0), *n = build_row(r, 1);
		struct conf_diff d;

		assert_true(conf_diff(o, n, &d));
		assert_int_equal(d.n_neighbors, 2);
		const struct conf_diff_item *a = item_for(&d, o, n, "10.0.0.2");
		const struct conf_diff_item *b = item_for(&d, o, n, "10.0.0.3");
		if (a->change != r->change || a->fields != r->fields || b->change != r->bystander) {
			struct sbuf sb;
			sb_init(&sb);
			conf_diff_print(&d, o, n, &sb);
			print_error("row '%s': 10.0.0.2 %s fields 0x%x (want %s 0x%x), 10.0.0.3 %s (want %s)\n%s",
			    r->name, conf_change_name(a->change), a->fields, conf_change_name(r->change),
			    r->fields, conf_change_name(b->change), conf_change_name(r->bystander), sb.p);
			sb_free(&sb);
			fail();
		}
		/* a diff with a config against itself is always empty */
		conf_diff_free(&d);
		assert_true(conf_diff(n, n, &d));
		assert_true(conf_diff_empty(&d));
		conf_diff_free(&d);
		conf_free(o);
		conf_free(n);
	}
}

static void
test_global_flags(void **state)
{
	(void)state;
	struct conf *o = build("", "", ""), *n;
	struct conf_diff d;

	n = build_row(&(struct row){ .global = { "", "router-id: 10.0.0.9" }, .group = SAME(""),
	    .subject = SAME("") }, 1);
	assert_true(conf_diff(o, n, &d));
	assert_true(d.reset_all);
	assert_false(d.rebind);
	assert_int_equal(d.global, CG_BIT(CG_ROUTER_ID) | CG_BIT(CG_CLUSTER_ID));	/* cluster-id follows */
	conf_diff_free(&d);
	conf_free(n);

	n = build("listen: [{ address: \"::\", port: 1179 }]", "", "");
	assert_true(conf_diff(o, n, &d));
	assert_false(d.reset_all);
	assert_true(d.rebind);
	assert_int_equal(d.global, CG_BIT(CG_LISTEN));
	conf_diff_free(&d);
	conf_free(n);

	/* the same listeners in another order are not a change */
	n = build("listen: [{ address: \"::\" }, { address: 0.0.0.0 }]", "", "");
	assert_true(conf_diff(o, n, &d));
	assert_true(conf_diff_empty(&d));
	conf_diff_free(&d);
	conf_free(n);

	n = build("fib: { nexthop-groups: none }\ncontrol: { mode: 0600 }", "", "");
	assert_true(conf_diff(o, n, &d));
	assert_int_equal(d.global, CG_BIT(CG_FIB) | CG_BIT(CG_CONTROL_MODE));
	conf_diff_free(&d);
	conf_free(n);
	conf_free(o);
}

static void
test_add_remove(void **state)
{
	(void)state;
	struct conf *o = parse_ok(
	    "router-id: 10.0.0.1\nas: 65000\n"
	    "neighbors:\n"
	    "  - { address: 10.0.0.2, as: 65000 }\n"
	    "  - { address: 10.0.0.3, as: 65000 }\n"
	    "  - { address: 10.0.0.4, as: 65000 }\n");
	struct conf *n = parse_ok(
	    "router-id: 10.0.0.1\nas: 65000\n"
	    "neighbors:\n"
	    "  - { address: 10.0.0.5, as: 65000 }\n"
	    "  - { address: 10.0.0.4, as: 65000 }\n"
	    "  - { address: 10.0.0.2, as: 65000 }\n");
	struct conf_diff d;

	assert_true(conf_diff(o, n, &d));
	assert_int_equal(d.n_neighbors, 4);
	/* removed first, then the new order */
	assert_int_equal(d.neighbors[0].change, CONF_REMOVED);
	assert_int_equal(d.neighbors[0].old_idx, 1);
	assert_int_equal(d.neighbors[0].new_idx, CONF_NONE);
	assert_int_equal(d.neighbors[1].change, CONF_ADDED);
	assert_int_equal(d.neighbors[1].old_idx, CONF_NONE);
	assert_int_equal(d.neighbors[1].new_idx, 0);
	assert_int_equal(d.neighbors[2].change, CONF_UNCHANGED);
	assert_int_equal(d.neighbors[2].old_idx, 2);
	assert_int_equal(d.neighbors[2].new_idx, 1);
	assert_int_equal(d.neighbors[3].change, CONF_UNCHANGED);
	assert_int_equal(d.neighbors[3].old_idx, 0);
	assert_false(conf_diff_empty(&d));
	conf_diff_free(&d);
	conf_free(o);
	conf_free(n);
}

static void
test_ranges_and_networks(void **state)
{
	(void)state;
	struct conf *o = parse_ok(
	    "router-id: 10.0.0.1\nas: 65000\n"
	    "peer-groups: { pods: { as: 65000 }, other: { as: 65000, hold-time: 30 } }\n"
	    "dynamic-neighbors:\n"
	    "  - { prefix: 172.16.0.0/16, peer-group: pods }\n"
	    "  - { prefix: 172.17.0.0/16, peer-group: pods }\n"
	    "  - { prefix: 172.18.0.0/16, peer-group: pods }\n"
	    "networks:\n"
	    "  - { prefix: 10.1.1.0/24 }\n"
	    "  - { prefix: 10.1.2.0/24, med: 5 }\n");
	struct conf *n = parse_ok(
	    "router-id: 10.0.0.1\nas: 65000\n"
	    "peer-groups: { pods: { as: 65000 }, other: { as: 65000, hold-time: 30 } }\n"
	    "dynamic-neighbors:\n"
	    "  - { prefix: 172.16.0.0/16, peer-group: pods, limit: 1000 }\n"
	    "  - { prefix: 172.17.0.0/16, peer-group: other }\n"
	    "  - { prefix: 172.19.0.0/16, peer-group: pods }\n"
	    "networks:\n"
	    "  - { prefix: 10.1.1.0/24 }\n"
	    "  - { prefix: 10.1.2.0/24, med: 6 }\n"
	    "  - { prefix: 10.1.3.0/24 }\n");
	struct conf_diff d;

	assert_true(conf_diff(o, n, &d));
	assert_int_equal(d.n_dynamic, 4);
	assert_int_equal(d.dynamic[0].change, CONF_REMOVED);	/* 172.18 */
	assert_int_equal(d.dynamic[1].change, CONF_SOFT);	/* limit */
	assert_true(d.dynamic[1].other);
	assert_int_equal(d.dynamic[1].fields, 0);
	assert_int_equal(d.dynamic[2].change, CONF_RESET);	/* other group: hold time */
	assert_int_equal(d.dynamic[2].fields, CF_BIT(CF_PEER_GROUP) | CF_BIT(CF_HOLD_TIME) |
	    CF_BIT(CF_KEEPALIVE));
	assert_int_equal(d.dynamic[3].change, CONF_ADDED);
	assert_int_equal(d.n_networks, 3);
	assert_int_equal(d.networks[0].change, CONF_UNCHANGED);
	assert_int_equal(d.networks[1].change, CONF_SOFT);
	assert_int_equal(d.networks[2].change, CONF_ADDED);
	conf_diff_free(&d);
	conf_free(o);
	conf_free(n);
}

/* What `ecmpctl reload --dry-run` prints. */
static void
test_print(void **state)
{
	(void)state;
	struct conf *o = parse_ok(
	    "router-id: 10.0.0.1\nas: 65000\n"
	    "peer-groups: { pods: { as: 65000 } }\n"
	    "dynamic-neighbors: [{ prefix: 172.16.0.0/16, peer-group: pods }]\n"
	    "neighbors:\n"
	    "  - { address: 10.0.0.2, as: 65000, description: old }\n"
	    "  - { address: 10.0.0.3, as: 65000, password: secret }\n"
	    "  - { address: 10.0.0.4, as: 65000 }\n"
	    "  - { address: 10.0.0.5, as: 65000 }\n"
	    "  - { address: 10.0.0.7, as: 65000 }\n"
	    "networks: [{ prefix: 10.1.1.0/24 }]\n");
	struct conf *n = parse_ok(
	    "router-id: 10.0.0.1\nas: 65000\n"
	    "log: { level: debug }\n"
	    "peer-groups: { pods: { as: 65000 } }\n"
	    "dynamic-neighbors: [{ prefix: 172.16.0.0/16, peer-group: pods, limit: 10 }]\n"
	    "neighbors:\n"
	    "  - { address: 10.0.0.2, as: 65000, description: new }\n"
	    "  - { address: 10.0.0.3, as: 65000, password: other, hold-time: 30 }\n"
	    "  - { address: 10.0.0.5, as: 65000, shutdown: true, shutdown-message: bye }\n"
	    "  - { address: 10.0.0.6, as: 65000 }\n"
	    "  - { address: 10.0.0.7, as: 65000 }\n"
	    "networks: [{ prefix: 10.1.1.0/24 }, { prefix: 2001:db8::/32 }]\n");
	struct conf_diff d;
	struct sbuf sb;

	assert_true(conf_diff(o, n, &d));
	sb_init(&sb);
	conf_diff_print(&d, o, n, &sb);
	assert_string_equal(sb.p,
	    "log level: info -> debug\n"
	    "neighbor 10.0.0.4: removed (Cease / Peer De-configured)\n"
	    "neighbor 10.0.0.2: soft: description old -> new\n"
	    "neighbor 10.0.0.3: reset: password changed, hold-time 90 -> 30, keepalive 30 -> 10 "
	    "(Cease / Other Configuration Change)\n"
	    "neighbor 10.0.0.5: reset: shutdown false -> true, shutdown-message none -> bye "
	    "(Cease / Administrative Shutdown)\n"
	    "neighbor 10.0.0.6: added\n"
	    "dynamic-neighbors 172.16.0.0/16: soft: limit 100 -> 10\n"
	    "network 2001:db8::/32: added (announced)\n"
	    "unchanged: 1 neighbor, 0 dynamic ranges, 1 network\n");
	conf_diff_free(&d);

	/* router-id: every session, with the reason */
	sb_reset(&sb);
	struct conf *r = parse_ok("router-id: 10.0.0.9\nas: 65000\ncluster-id: 10.0.0.1\n"
	    "neighbors: [{ address: 10.0.0.2, as: 65000 }]\n");
	struct conf *r0 = parse_ok("router-id: 10.0.0.1\nas: 65000\n"
	    "neighbors: [{ address: 10.0.0.2, as: 65000 }]\n");
	assert_true(conf_diff(r0, r, &d));
	conf_diff_print(&d, r0, r, &sb);
	assert_string_equal(sb.p,
	    "router-id: 10.0.0.1 -> 10.0.0.9 (every session is reset)\n"
	    "neighbor 10.0.0.2: reset: router-id changed (Cease / Other Configuration Change)\n");
	conf_diff_free(&d);

	sb_reset(&sb);
	assert_true(conf_diff(r, r, &d));
	conf_diff_print(&d, r, r, &sb);
	assert_string_equal(sb.p, "no changes\nunchanged: 1 neighbor, 0 dynamic ranges, 0 networks\n");
	conf_diff_free(&d);
	sb_free(&sb);
	conf_free(r);
	conf_free(r0);
	conf_free(o);
	conf_free(n);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decision_table),
		cmocka_unit_test(test_global_flags),
		cmocka_unit_test(test_add_remove),
		cmocka_unit_test(test_ranges_and_networks),
		cmocka_unit_test(test_print),
	};
	return cmocka_run_group_tests_name("conf_diff", tests, NULL, NULL);
}
