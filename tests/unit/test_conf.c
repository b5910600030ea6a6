/*
 * test_conf.c -- the config loader beyond the golden files: inheritance
 * order and the masks that record it, marks, defaults, look-ups, the error
 * list (limit, order), the YAML bounds (depth, size), loading from a file,
 * and the suggestion machinery.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "conf_int.h"

static struct conf *
parse_ok(const char *text)
{
	struct conf *c;
	struct conf_errors errs;

	if (!conf_parse_string("t.yaml", text, strlen(text), &c, &errs)) {
		struct sbuf sb;
		sb_init(&sb);
		conf_errors_print(&errs, &sb);
		print_error("%s", sb.p);
		sb_free(&sb);
		fail_msg("config does not load");
	}
	return c;
}

/* Parse text that must fail; returns the printed errors (caller frees with sb_free). */
static void
parse_bad(const char *text, size_t len, struct conf_errors *errs, struct sbuf *sb)
{
	struct conf *c;

	assert_false(conf_parse_string("t.yaml", text, len, &c, errs));
	assert_null(c);
	sb_init(sb);
	conf_errors_print(errs, sb);
}

static const struct conf_neighbor *
nb(const struct conf *c, const char *addr)
{
	struct conf_addr a;
	assert_true(conf_addr_parse(addr, &a));
	const struct conf_neighbor *n = conf_neighbor_find(c, &a);
	assert_non_null(n);
	return n;
}

#define ORIGIN_OWN	0
#define ORIGIN_GROUP	1
#define ORIGIN_GLOBAL	2
#define ORIGIN_DEFAULT	3

static int
origin(const struct conf_peer *p, enum conf_field f)
{
	uint32_t bit = CF_BIT(f);
	int n = !!(p->own & bit) + !!(p->group & bit) + !!(p->global & bit);
	assert_true(n <= 1);	/* one level only */
	return (p->own & bit) ? ORIGIN_OWN : (p->group & bit) ? ORIGIN_GROUP :
	    (p->global & bit) ? ORIGIN_GLOBAL : ORIGIN_DEFAULT;
}

/* neighbor > peer group > global > built-in default, field by field */
static void
test_inheritance_order(void **state)
{
	(void)state;
	static const char text[] =
	    "router-id: 10.0.0.1\n"				/* 1 */
	    "as: 65000\n"
	    "hold-time: 60\n"					/* 3 */
	    "connect-retry: 5\n"				/* 4 */
	    "peer-groups:\n"
	    "  g:\n"
	    "    as: 65000\n"					/* 7 */
	    "    hold-time: 45\n"				/* 8 */
	    "    description: from the group\n"		/* 9 */
	    "    passive: true\n"				/* 10 */
	    "    add-path: { send: all }\n"			/* 11 */
	    "neighbors:\n"
	    "  - address: 10.0.0.2\n"				/* 13 */
	    "    peer-group: g\n"
	    "    hold-time: 30\n"				/* 15 */
	    "    add-path: { receive: true }\n"		/* 16 */
	    "  - address: 10.0.0.3\n"				/* 17 */
	    "    peer-group: g\n"
	    "  - address: 10.0.0.4\n"				/* 19 */
	    "    as: 65001\n";
	struct conf *c = parse_ok(text);
	const struct conf_peer *a = &nb(c, "10.0.0.2")->peer;
	const struct conf_peer *b = &nb(c, "10.0.0.3")->peer;
	const struct conf_peer *x = &nb(c, "10.0.0.4")->peer;

	/* the neighbor's own value wins */
	assert_int_equal(a->hold_time, 30);
	assert_int_equal(origin(a, CF_HOLD_TIME), ORIGIN_OWN);
	assert_int_equal(a->marks[CF_HOLD_TIME].line, 15);
	assert_int_equal(a->marks[CF_HOLD_TIME].col, 16);
	/* keepalive follows the effective hold time, not the group's or the global one */
	assert_int_equal(a->keepalive, 10);
	assert_int_equal(origin(a, CF_KEEPALIVE), ORIGIN_DEFAULT);
	assert_int_equal(a->marks[CF_KEEPALIVE].line, 0);
	/* then the group's */
	assert_int_equal(b->hold_time, 45);
	assert_int_equal(origin(b, CF_HOLD_TIME), ORIGIN_GROUP);
	assert_int_equal(b->marks[CF_HOLD_TIME].line, 8);
	assert_int_equal(b->keepalive, 15);
	assert_string_equal(a->description, "from the group");
	assert_int_equal(origin(a, CF_DESCRIPTION), ORIGIN_GROUP);
	assert_int_equal(a->marks[CF_DESCRIPTION].line, 9);
	assert_true(a->passive);
	assert_int_equal(a->as, 65000);
	assert_int_equal(origin(a, CF_AS), ORIGIN_GROUP);
	/* a nested map merges key by key: send from the group, receive from the neighbor */
	assert_int_equal(a->addpath_send.mode, CONF_ADDPATH_ALL);
	assert_int_equal(origin(a, CF_ADDPATH_SEND), ORIGIN_GROUP);
	assert_true(a->addpath_receive);
	assert_int_equal(origin(a, CF_ADDPATH_RECEIVE), ORIGIN_OWN);
	assert_false(b->addpath_receive);
	/* a global the group does not override reaches the neighbor as global, marked at its line */
	assert_int_equal(a->connect_retry, 5);
	assert_int_equal(origin(a, CF_CONNECT_RETRY), ORIGIN_GLOBAL);
	assert_int_equal(a->marks[CF_CONNECT_RETRY].line, 4);
	/* without a group: globals, then defaults */
	assert_int_equal(x->hold_time, 60);
	assert_int_equal(origin(x, CF_HOLD_TIME), ORIGIN_GLOBAL);
	assert_int_equal(x->marks[CF_HOLD_TIME].line, 3);
	assert_int_equal(x->keepalive, 20);
	assert_int_equal(x->port, 179);
	assert_int_equal(origin(x, CF_PORT), ORIGIN_DEFAULT);
	assert_true(x->ext_msg);
	assert_null(x->description);
	assert_null(x->peer_group);
	/* the group itself: own over global */
	const struct conf_peer_group *g = conf_group_find(c, "g");
	assert_non_null(g);
	assert_int_equal(origin(&g->peer, CF_HOLD_TIME), ORIGIN_OWN);
	assert_int_equal(origin(&g->peer, CF_CONNECT_RETRY), ORIGIN_GLOBAL);
	assert_null(conf_group_find(c, "h"));
	conf_free(c);
}

/* An explicit keepalive is inherited like any other setting. */
static void
test_keepalive_inherited(void **state)
{
	(void)state;
	struct conf *c = parse_ok(
	    "router-id: 10.0.0.1\nas: 65000\nkeepalive: 7\n"
	    "neighbors:\n  - { address: 10.0.0.2, as: 65000, hold-time: 30 }\n"
	    "  - { address: 10.0.0.3, as: 65000, hold-time: 0 }\n");
	assert_int_equal(nb(c, "10.0.0.2")->peer.keepalive, 7);
	assert_int_equal(origin(&nb(c, "10.0.0.2")->peer, CF_KEEPALIVE), ORIGIN_GLOBAL);
	assert_int_equal(nb(c, "10.0.0.3")->peer.hold_time, 0);
	assert_int_equal(nb(c, "10.0.0.3")->peer.keepalive, 0);	/* no timer, no keepalives */
	conf_free(c);

	/* a group without hold timer still passes the global keepalive on */
	c = parse_ok(
	    "router-id: 10.0.0.1\nas: 65000\nkeepalive: 7\n"
	    "peer-groups: { g: { as: 65000, hold-time: 0 } }\n"
	    "neighbors:\n  - { address: 10.0.0.2, peer-group: g, hold-time: 30 }\n"
	    "  - { address: 10.0.0.3, peer-group: g }\n");
	assert_int_equal(nb(c, "10.0.0.2")->peer.keepalive, 7);
	assert_int_equal(origin(&nb(c, "10.0.0.2")->peer, CF_KEEPALIVE), ORIGIN_GLOBAL);
	assert_int_equal(nb(c, "10.0.0.3")->peer.keepalive, 0);
	conf_free(c);
}

static void
test_families_default(void **state)
{
	(void)state;
	struct conf *c = parse_ok(
	    "router-id: 10.0.0.1\nas: 65000\n"
	    "peer-groups: { v6only: { families: [ipv6-unicast] } }\n"
	    "neighbors:\n"
	    "  - { address: 10.0.0.2, as: 65000 }\n"
	    "  - { address: 2001:db8::2, as: 65000 }\n"
	    "  - { address: 2001:db8::3, as: 65000, peer-group: v6only }\n"
	    "  - { address: 10.0.0.3, as: 65000, families: [ipv6-unicast, ipv4-unicast] }\n");
	const uint8_t v4 = 1u << AFS_IPV4_UNICAST, v6 = 1u << AFS_IPV6_UNICAST;

	assert_int_equal(nb(c, "10.0.0.2")->peer.families, v4);
	assert_int_equal(nb(c, "2001:db8::2")->peer.families, v4 | v6);
	assert_int_equal(nb(c, "2001:db8::3")->peer.families, v6);
	assert_int_equal(nb(c, "10.0.0.3")->peer.families, v4 | v6);
	conf_free(c);
}

static void
test_defaults(void **state)
{
	(void)state;
	struct conf *c = parse_ok("router-id: 10.0.0.1\nas: 4200000000\n");
	char text[64];

	assert_int_equal(c->router_id, 0x0a000001);
	assert_int_equal(c->as, 4200000000u);
	assert_int_equal(c->cluster_id, c->router_id);
	assert_int_equal(c->n_listen, 2);
	assert_string_equal(conf_addr_format(&c->listen[0].address, text, sizeof(text)), "0.0.0.0");
	assert_string_equal(conf_addr_format(&c->listen[1].address, text, sizeof(text)), "::");
	assert_int_equal(c->listen[1].port, 179);
	assert_string_equal(c->control.socket, "/run/ecmpd/ecmpd.sock");
	assert_null(c->control.readonly_socket);
	assert_int_equal(c->control.mode, 0660);
	assert_int_equal(c->log_level, CONF_LOG_INFO);
	assert_int_equal(c->multipath.ibgp, 1);
	assert_false(c->fib_enabled);
	assert_int_equal(c->defaults.hold_time, 90);
	assert_int_equal(c->defaults.keepalive, 30);
	assert_int_equal(c->n_neighbors + c->n_groups + c->n_dynamic + c->n_networks, 0);
	assert_int_equal(c->set, CG_BIT(CG_ROUTER_ID) | CG_BIT(CG_AS));
	assert_int_equal(c->marks[CG_AS].line, 2);
	assert_int_equal(c->marks[CG_AS].col, 5);
	assert_string_equal(c->file, "t.yaml");
	conf_free(c);

	/* an empty fib section turns the FIB on with every default */
	c = parse_ok("router-id: 10.0.0.1\nas: 1\nfib:\n");
	assert_true(c->fib_enabled);
	assert_int_equal(c->fib.table, 254);
	assert_int_equal(c->fib.protocol, 186);
	assert_int_equal(c->fib.metric, 20);
	assert_int_equal(c->fib.nexthop_groups, CONF_NHG_RESILIENT);
	assert_int_equal(c->fib.buckets, 128);
	conf_free(c);
}

/* A neighbor inside a dynamic range is fine; the daemon looks neighbors up first. */
static void
test_static_inside_range(void **state)
{
	(void)state;
	struct conf *c = parse_ok(
	    "router-id: 10.0.0.1\nas: 65000\n"
	    "peer-groups: { pods: { as: 65000 } }\n"
	    "dynamic-neighbors:\n"
	    "  - { prefix: 172.16.0.0/16, peer-group: pods }\n"
	    "  - { prefix: 2001:db8:1::/48, peer-group: pods, limit: 5, password: x }\n"
	    "neighbors:\n  - { address: 172.16.3.4, as: 65001 }\n");
	struct conf_addr a;

	assert_true(conf_addr_parse("172.16.3.4", &a));
	assert_non_null(conf_neighbor_find(c, &a));
	assert_ptr_equal(conf_dynamic_find(c, &a), &c->dynamic[0]);
	assert_true(conf_addr_parse("172.17.0.1", &a));
	assert_null(conf_dynamic_find(c, &a));
	assert_null(conf_neighbor_find(c, &a));
	assert_true(conf_addr_parse("2001:db8:1:ffff::1", &a));
	assert_ptr_equal(conf_dynamic_find(c, &a), &c->dynamic[1]);
	/* a range takes the group's settings, its own password over the group's */
	assert_int_equal(c->dynamic[0].limit, 100);
	assert_int_equal(c->dynamic[0].peer.as, 65000);
	assert_int_equal(c->dynamic[0].peer.families, 1u << AFS_IPV4_UNICAST);
	assert_int_equal(c->dynamic[1].peer.families, 3);
	assert_string_equal(c->dynamic[1].peer.password, "x");
	assert_int_equal(origin(&c->dynamic[1].peer, CF_PASSWORD), ORIGIN_OWN);
	assert_int_equal(origin(&c->dynamic[1].peer, CF_AS), ORIGIN_GROUP);
	conf_free(c);
}

static void
test_marks(void **state)
{
	(void)state;
	struct conf *c = parse_ok(
	    "router-id: 10.0.0.1\nas: 65000\nneighbors:\n"
	    "  - address: 10.0.0.2\n"
	    "    as:   65000\n"
	    "  -   { as: 1, address: \"10.0.0.3\" }\n");

	assert_int_equal(c->neighbors[0].mark.line, 4);
	assert_int_equal(c->neighbors[0].mark.col, 5);
	assert_int_equal(c->neighbors[0].address_mark.line, 4);
	assert_int_equal(c->neighbors[0].address_mark.col, 14);
	assert_int_equal(c->neighbors[0].peer.marks[CF_AS].line, 5);
	assert_int_equal(c->neighbors[0].peer.marks[CF_AS].col, 11);
	assert_int_equal(c->neighbors[1].mark.line, 6);
	assert_int_equal(c->neighbors[1].mark.col, 7);
	assert_int_equal(c->neighbors[1].address_mark.col, 25);	/* at the quote */
	assert_int_equal(c->marks[CG_NEIGHBORS].line, 4);
	conf_free(c);
}

/* More errors than kept: the first CONF_MAX_ERRORS in file order, and a count. */
static void
test_error_limit(void **state)
{
	(void)state;
	struct sbuf text, out;
	struct conf_errors errs;

	sb_init(&text);
	/* unknown keys from line 3 down, then errors found in later passes higher up */
	sb_puts(&text, "router-id: 10.0.0.1\nas: 65000\n");
	for (int i = 0; i < 30; i++)
		sb_printf(&text, "unknown-%02d: 1\n", i);
	parse_bad(text.p, text.len, &errs, &out);
	assert_int_equal(errs.count, CONF_MAX_ERRORS);
	assert_int_equal(errs.dropped, 10);
	assert_int_equal(errs.err[0].line, 3);
	assert_int_equal(errs.err[19].line, 22);
	assert_non_null(strstr(out.p, "t.yaml:22:1: unknown key 'unknown-19'\n"
	    "t.yaml: 10 more errors not shown\n"));
	sb_free(&out);
	sb_free(&text);
}

/* Errors found in different passes still come out in file order. */
static void
test_error_order(void **state)
{
	(void)state;
	static const char text[] =
	    "as: 65000\n"
	    "dynamic-neighbors:\n"
	    "  - { prefix: 10.0.0.0/8, peer-group: g }\n"
	    "  - { prefix: 10.1.0.0/16, peer-group: g }\n"
	    "peer-groups: { g: { as: 65000, hold-time: 2 } }\n"
	    "bogus: 1\n";
	struct conf_errors errs;
	struct sbuf out;

	parse_bad(text, strlen(text), &errs, &out);
	assert_string_equal(out.p,
	    "t.yaml:1:1: missing key 'router-id'\n"
	    "t.yaml:4:15: dynamic-neighbors range 10.1.0.0/16 overlaps 10.0.0.0/8 (line 3)\n"
	    "t.yaml:5:43: hold-time 2 is not allowed: 0 (no hold timer) or 3..65535 seconds (RFC 4271)\n"
	    "t.yaml:6:1: unknown key 'bogus'\n");
	sb_free(&out);
}

static void
test_depth_limit(void **state)
{
	(void)state;
	struct sbuf text, out;
	struct conf_errors errs;

	/* 32 levels parse (the builder then objects to the shape) */
	sb_init(&text);
	sb_puts(&text, "router-id: 10.0.0.1\nas: 1\nneighbors: ");
	for (int i = 0; i < 31; i++)
		sb_putc(&text, '[');
	for (int i = 0; i < 31; i++)
		sb_putc(&text, ']');
	sb_putc(&text, '\n');
	parse_bad(text.p, text.len, &errs, &out);
	assert_string_equal(out.p, "t.yaml:3:13: a neighbor must be a map (key: value), not a list\n");
	sb_free(&out);

	/* 33 do not */
	sb_reset(&text);
	sb_puts(&text, "router-id: 10.0.0.1\nas: 1\nneighbors: ");
	for (int i = 0; i < 32; i++)
		sb_putc(&text, '[');
	for (int i = 0; i < 32; i++)
		sb_putc(&text, ']');
	parse_bad(text.p, text.len, &errs, &out);
	assert_string_equal(out.p, "t.yaml:3:43: nested deeper than 32 levels\n");
	sb_free(&out);
	sb_free(&text);
}

static void
test_size_limit(void **state)
{
	(void)state;
	size_t len = CONF_MAX_FILE_SIZE + 1;
	char *text = malloc(len);
	struct conf_errors errs;
	struct sbuf out;

	assert_non_null(text);
	memset(text, '#', len);
	parse_bad(text, len, &errs, &out);
	assert_string_equal(out.p, "t.yaml: larger than 16 MiB\n");
	sb_free(&out);
	free(text);
}

static void
test_empty(void **state)
{
	(void)state;
	struct conf_errors errs;
	struct sbuf out;

	parse_bad("", 0, &errs, &out);
	assert_string_equal(out.p, "t.yaml:1:1: missing key 'router-id'\nt.yaml:1:1: missing key 'as'\n");
	sb_free(&out);
	parse_bad("# only a comment\n", 17, &errs, &out);
	assert_string_equal(out.p, "t.yaml:1:1: missing key 'router-id'\nt.yaml:1:1: missing key 'as'\n");
	sb_free(&out);
}

static void
test_load_file(void **state)
{
	(void)state;
	char path[] = "/tmp/test_conf_XXXXXX";
	int fd = mkstemp(path);
	struct conf *c;
	struct conf_errors errs;
	struct sbuf out;
	static const char text[] = "router-id: 10.0.0.1\nas: 65000\nneighbors:\n  - { address: 10.0.0.2 }\n";

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, sizeof(text) - 1), (ssize_t)sizeof(text) - 1);
	close(fd);
	assert_false(conf_load(path, &c, &errs));
	sb_init(&out);
	conf_errors_print(&errs, &out);
	char want[128];
	snprintf(want, sizeof(want), "%s:4:5: missing key 'as'\n", path);
	assert_string_equal(out.p, want);
	sb_free(&out);

	fd = open(path, O_WRONLY | O_TRUNC);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, 41), 41);	/* up to an empty neighbor list */
	close(fd);
	assert_true(conf_load(path, &c, &errs));
	assert_string_equal(c->file, path);
	conf_free(c);
	unlink(path);

	assert_false(conf_load(path, &c, &errs));
	assert_null(c);
	sb_init(&out);
	conf_errors_print(&errs, &out);
	snprintf(want, sizeof(want), "%s: cannot open: No such file or directory\n", path);
	assert_string_equal(out.p, want);
	sb_free(&out);

	assert_false(conf_load("/", &c, &errs));
	assert_string_equal(errs.err[0].msg, "is a directory");
}

static void
test_suggest(void **state)
{
	(void)state;
	static const char *const words[] = { "neighbors", "networks", "hold-time", "warning" };

	assert_int_equal(conf_edit_distance("neighbors", "neighbors"), 0);
	assert_int_equal(conf_edit_distance("neigbors", "neighbors"), 1);
	assert_int_equal(conf_edit_distance("nieghbors", "neighbors"), 1);	/* transposition */
	assert_int_equal(conf_edit_distance("", "abc"), 3);
	assert_string_equal(conf_suggest("neigbors", words, 4), "neighbors");
	assert_string_equal(conf_suggest("netwroks", words, 4), "networks");
	assert_string_equal(conf_suggest("hold", words, 4), "hold-time");	/* a unique beginning */
	assert_string_equal(conf_suggest("warn", words, 4), "warning");
	assert_null(conf_suggest("ne", words, 4));
	assert_string_equal(conf_suggest("WARNING", words, 4), "warning");	/* case alone */
	assert_null(conf_suggest("x", words, 4));
	assert_null(conf_suggest("routerid-and-more", words, 4));
}

static void
test_quote(void **state)
{
	(void)state;
	char buf[64];

	assert_string_equal(conf_quote("abc", 3, buf, sizeof(buf)), "'abc'");
	assert_string_equal(conf_quote("a\tb'", 4, buf, sizeof(buf)), "'a\\x09b\\x27'");
	assert_string_equal(conf_quote("0123456789012345678901234567890123456789xyz", 43, buf,
	    sizeof(buf)), "'0123456789012345678901234567890123456789...'");
	/* never cut inside a UTF-8 sequence */
	assert_string_equal(conf_quote("012345678901234567890123456789012345678\xc3\xa9z", 42, buf,
	    sizeof(buf)), "'012345678901234567890123456789012345678\xc3\xa9...'");
}

static void
test_field_table(void **state)
{
	(void)state;
	for (int f = 0; f < CF_COUNT; f++) {
		assert_int_equal(cf_table[f].field, f);	/* rows in enum order */
		assert_non_null(conf_field_name((enum conf_field)f));
	}
	assert_string_equal(conf_field_name(CF_ADDPATH_SEND), "add-path.send");
	assert_true(conf_field_needs_reset(CF_HOLD_TIME));
	assert_false(conf_field_needs_reset(CF_DESCRIPTION));
	assert_string_equal(conf_field_name(CF_COUNT), "?");
}

/* Strings that need quoting print quoted and read back the same. */
static void
test_print_strings(void **state)
{
	(void)state;
	struct conf *c = parse_ok(
	    "router-id: 10.0.0.1\nas: 1\nneighbors:\n"
	    "  - { address: 10.0.0.2, as: 1, description: \"a: b # \\\"c\\\" \\\\ é\" }\n"
	    "  - { address: 10.0.0.3, as: 1, description: \"true\", password: \"-x\" }\n"
	    "  - { address: \"::1\", as: 1, description: 0660 }\n"
	    "  - { address: 10.0.0.4, as: 1, description: \"x\\Ly\\Pz\\N.\", password: \"\\t\\n\" }\n");
	struct sbuf sb;
	struct conf *again;
	struct conf_errors errs;

	sb_init(&sb);
	conf_print(c, &sb, 0);
	assert_non_null(strstr(sb.p, "description: \"a: b # \\\"c\\\" \\\\ é\"\n"));
	assert_non_null(strstr(sb.p, "description: \"true\"\n"));
	assert_non_null(strstr(sb.p, "password: \"-x\"\n"));
	assert_non_null(strstr(sb.p, "address: \"::1\"\n"));
	assert_non_null(strstr(sb.p, "description: 0660\n"));
	assert_true(conf_parse_string("again", sb.p, sb.len, &again, &errs));
	assert_string_equal(again->neighbors[0].peer.description, "a: b # \"c\" \\ é");
	assert_string_equal(again->neighbors[1].peer.description, "true");
	assert_string_equal(again->neighbors[2].peer.description, "0660");
	/* line separators and control characters are escaped, not folded */
	assert_non_null(strstr(sb.p, "description: \"x\\Ly\\Pz\\N.\"\n"));
	assert_non_null(strstr(sb.p, "password: \"\\x09\\x0a\"\n"));
	assert_string_equal(again->neighbors[3].peer.description, "x\xe2\x80\xa8y\xe2\x80\xa9z\xc2\x85.");
	assert_string_equal(again->neighbors[3].peer.password, "\t\n");
	conf_free(again);
	conf_free(c);
	sb_free(&sb);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_inheritance_order),
		cmocka_unit_test(test_keepalive_inherited),
		cmocka_unit_test(test_families_default),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_static_inside_range),
		cmocka_unit_test(test_marks),
		cmocka_unit_test(test_error_limit),
		cmocka_unit_test(test_error_order),
		cmocka_unit_test(test_depth_limit),
		cmocka_unit_test(test_size_limit),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_load_file),
		cmocka_unit_test(test_suggest),
		cmocka_unit_test(test_quote),
		cmocka_unit_test(test_field_table),
		cmocka_unit_test(test_print_strings),
	};
	return cmocka_run_group_tests_name("conf", tests, NULL, NULL);
}
