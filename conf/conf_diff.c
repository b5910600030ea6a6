/*
 * conf_diff.c -- what a reload changes, decided field by field on the
 * effective values (never by comparing memory layouts).
 *
 * A neighbor is matched by address, a dynamic range or a network by prefix.
 * Per neighbor:
 *   unchanged  no effective setting differs: the session is not touched;
 *   soft       only settings that do not reach the OPEN or the TCP
 *              connection differ (description, connect-retry, next-hop-self,
 *              route-reflector-client, the add-path send policy while sending
 *              stays on, max-prefix, shutdown-message): apply in place and
 *              send the routes again where export policy changed;
 *   reset      a session parameter differs (the rows marked reset in
 *              conf_fields.c: AS, port, local address, password, GTSM, timers,
 *              families, add-path capability, extended message, graceful
 *              restart, passive, shutdown), or router-id, as or cluster-id
 *              changed, which resets every session.
 */
#include "conf_int.h"

#include <stdlib.h>
#include <string.h>

/* Rows whose reset depends on the values, not only on the field. */
static bool
diff_needs_reset(const struct cf_desc *d, const struct conf_peer *o, const struct conf_peer *n)
{
	switch (d->field) {
	case CF_ADDPATH_SEND:
		/* the capability says "send" or not; the policy behind it is soft */
		return (o->addpath_send.mode != CONF_ADDPATH_NONE) !=
		    (n->addpath_send.mode != CONF_ADDPATH_NONE);
	case CF_GR_RESTART_TIME:
		/* only advertised while graceful restart is on */
		return o->gr_enabled && n->gr_enabled;
	default:
		return d->reset;
	}
}

/* Fields that differ, and whether any of them needs a reset. */
static uint32_t
peer_diff(const struct conf_peer *o, const struct conf_peer *n, bool *reset)
{
	uint32_t fields = 0;

	*reset = false;
	for (size_t i = 0; i < CF_COUNT; i++) {
		const struct cf_desc *d = &cf_table[i];
		if (cf_equal(d, o, n))
			continue;
		fields |= CF_BIT(d->field);
		if (diff_needs_reset(d, o, n))
			*reset = true;
	}
	return fields;
}

static enum conf_change
verdict(uint32_t fields, bool other, bool reset, bool reset_all)
{
	if (reset || reset_all)
		return CONF_RESET;
	return fields != 0 || other ? CONF_SOFT : CONF_UNCHANGED;
}

/* ---- matching by address or prefix ---- */

struct key {
	struct prefix k;
	size_t idx;
};

static int
key_cmp(const void *a, const void *b)
{
	const struct prefix *x = &((const struct key *)a)->k, *y = &((const struct key *)b)->k;
	if (x->afs != y->afs)
		return x->afs < y->afs ? -1 : 1;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return memcmp(x->addr, y->addr, sizeof(x->addr));
}

static struct prefix
addr_key(const struct conf_addr *a)
{
	struct prefix p = { .afs = a->afs, .len = (uint8_t)(afs_addr_len(a->afs) * 8u) };
	memcpy(p.addr, a->addr, afs_addr_len(a->afs));
	return p;
}

typedef struct prefix (*key_fn)(const struct conf *c, size_t i);

static struct prefix
neighbor_key(const struct conf *c, size_t i)
{
	return addr_key(&c->neighbors[i].address);
}

static struct prefix
dynamic_key(const struct conf *c, size_t i)
{
	return c->dynamic[i].prefix;
}

static struct prefix
network_key(const struct conf *c, size_t i)
{
	return c->networks[i].prefix;
}

static struct key *
sorted_keys(const struct conf *c, size_t n, key_fn fn)
{
	struct key *k = malloc((n ? n : 1) * sizeof(*k));
	if (k == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		k[i].k = fn(c, i);
		k[i].idx = i;
	}
	qsort(k, n, sizeof(*k), key_cmp);
	return k;
}

static size_t
lookup(const struct key *keys, size_t n, const struct prefix *p)
{
	struct key want = { .k = *p };
	const struct key *hit = bsearch(&want, keys, n, sizeof(*keys), key_cmp);
	return hit != NULL ? hit->idx : CONF_NONE;
}

/* Compare one entry present in both configs. */
typedef void (*compare_fn)(const struct conf *o, size_t oi, const struct conf *n, size_t ni,
    bool reset_all, struct conf_diff_item *it);

static void
neighbor_compare(const struct conf *o, size_t oi, const struct conf *n, size_t ni,
    bool reset_all, struct conf_diff_item *it)
{
	bool reset;
	it->fields = peer_diff(&o->neighbors[oi].peer, &n->neighbors[ni].peer, &reset);
	it->change = verdict(it->fields, false, reset, reset_all);
}

static void
dynamic_compare(const struct conf *o, size_t oi, const struct conf *n, size_t ni,
    bool reset_all, struct conf_diff_item *it)
{
	bool reset;
	it->fields = peer_diff(&o->dynamic[oi].peer, &n->dynamic[ni].peer, &reset);
	it->other = o->dynamic[oi].limit != n->dynamic[ni].limit;
	it->change = verdict(it->fields, it->other, reset, reset_all);
}

static void
network_compare(const struct conf *o, size_t oi, const struct conf *n, size_t ni,
    bool reset_all, struct conf_diff_item *it)
{
	const struct conf_network *a = &o->networks[oi], *b = &n->networks[ni];

	(void)reset_all;	/* originated routes are re-announced, never reset */
	it->other = a->has_next_hop != b->has_next_hop ||
	    (a->has_next_hop && !conf_addr_equal(&a->next_hop, &b->next_hop)) ||
	    a->n_communities != b->n_communities ||
	    (a->n_communities > 0 &&
	    memcmp(a->communities, b->communities, a->n_communities * sizeof(uint32_t)) != 0) ||
	    a->has_med != b->has_med || (a->has_med && a->med != b->med) ||
	    a->has_local_pref != b->has_local_pref ||
	    (a->has_local_pref && a->local_pref != b->local_pref);
	it->change = it->other ? CONF_SOFT : CONF_UNCHANGED;
}

/* Removed entries (old order), then every new entry (new order). */
static bool
diff_list(const struct conf *o, size_t on, const struct conf *n, size_t nn, key_fn fn,
    compare_fn cmp, bool reset_all, struct conf_diff_item **out, size_t *count)
{
	struct key *ok = sorted_keys(o, on, fn), *nk = sorted_keys(n, nn, fn);
	struct conf_diff_item *items = calloc(on + nn + 1, sizeof(*items));
	size_t k = 0;

	if (ok == NULL || nk == NULL || items == NULL) {
		free(ok);
		free(nk);
		free(items);
		return false;
	}
	for (size_t i = 0; i < on; i++) {
		struct prefix p = fn(o, i);
		if (lookup(nk, nn, &p) != CONF_NONE)
			continue;
		items[k++] = (struct conf_diff_item){ CONF_REMOVED, i, CONF_NONE, 0, false };
	}
	for (size_t i = 0; i < nn; i++) {
		struct prefix p = fn(n, i);
		size_t oi = lookup(ok, on, &p);
		struct conf_diff_item *it = &items[k++];
		*it = (struct conf_diff_item){ CONF_ADDED, oi, i, 0, false };
		if (oi != CONF_NONE)
			cmp(o, oi, n, i, reset_all, it);
	}
	free(ok);
	free(nk);
	*out = items;
	*count = k;
	return true;
}

/* ---- globals ---- */

static bool
listen_equal(const struct conf *a, const struct conf *b)
{
	if (a->n_listen != b->n_listen)
		return false;
	/* the same set of listeners, in any order (entries are unique) */
	for (size_t i = 0; i < a->n_listen; i++) {
		size_t j;
		for (j = 0; j < b->n_listen; j++)
			if (a->listen[i].port == b->listen[j].port &&
			    conf_addr_equal(&a->listen[i].address, &b->listen[j].address))
				break;
		if (j == b->n_listen)
			return false;
	}
	return true;
}

static bool
str_equal(const char *a, const char *b)
{
	return a == NULL || b == NULL ? a == b : strcmp(a, b) == 0;
}

static uint32_t
global_diff(const struct conf *o, const struct conf *n)
{
	uint32_t g = 0;

#define CMP(f, cond) do { if (!(cond)) g |= CG_BIT(f); } while (0)
	CMP(CG_ROUTER_ID, o->router_id == n->router_id);
	CMP(CG_AS, o->as == n->as);
	CMP(CG_CLUSTER_ID, o->cluster_id == n->cluster_id);
	CMP(CG_LISTEN, listen_equal(o, n));
	CMP(CG_CONTROL_SOCKET, str_equal(o->control.socket, n->control.socket));
	CMP(CG_CONTROL_READONLY, str_equal(o->control.readonly_socket, n->control.readonly_socket));
	CMP(CG_CONTROL_MODE, o->control.mode == n->control.mode);
	CMP(CG_LOG_LEVEL, o->log_level == n->log_level);
	CMP(CG_MULTIPATH_IBGP, o->multipath.ibgp == n->multipath.ibgp);
	CMP(CG_MULTIPATH_EBGP, o->multipath.ebgp == n->multipath.ebgp);
	CMP(CG_MULTIPATH_RELAX, o->multipath.as_path_relax == n->multipath.as_path_relax);
	CMP(CG_FIB, o->fib_enabled == n->fib_enabled);
	if (o->fib_enabled && n->fib_enabled) {
		bool res = n->fib.nexthop_groups == CONF_NHG_RESILIENT &&
		    o->fib.nexthop_groups == CONF_NHG_RESILIENT;
		CMP(CG_FIB_TABLE, o->fib.table == n->fib.table);
		CMP(CG_FIB_PROTOCOL, o->fib.protocol == n->fib.protocol);
		CMP(CG_FIB_METRIC, o->fib.metric == n->fib.metric);
		CMP(CG_FIB_NHGROUPS, o->fib.nexthop_groups == n->fib.nexthop_groups);
		CMP(CG_FIB_BUCKETS, !res || o->fib.buckets == n->fib.buckets);
		CMP(CG_FIB_IDLE_TIMER, !res || o->fib.idle_timer == n->fib.idle_timer);
		CMP(CG_FIB_UNBALANCED_TIMER, !res || o->fib.unbalanced_timer == n->fib.unbalanced_timer);
	}
#undef CMP
	return g;
}

bool
conf_diff(const struct conf *o, const struct conf *n, struct conf_diff *d)
{
	memset(d, 0, sizeof(*d));
	d->global = global_diff(o, n);
	d->reset_all = (d->global & (CG_BIT(CG_ROUTER_ID) | CG_BIT(CG_AS) | CG_BIT(CG_CLUSTER_ID))) != 0;
	d->rebind = (d->global & CG_BIT(CG_LISTEN)) != 0;
	if (!diff_list(o, o->n_neighbors, n, n->n_neighbors, neighbor_key, neighbor_compare,
	    d->reset_all, &d->neighbors, &d->n_neighbors) ||
	    !diff_list(o, o->n_dynamic, n, n->n_dynamic, dynamic_key, dynamic_compare,
	    d->reset_all, &d->dynamic, &d->n_dynamic) ||
	    !diff_list(o, o->n_networks, n, n->n_networks, network_key, network_compare,
	    d->reset_all, &d->networks, &d->n_networks)) {
		conf_diff_free(d);
		return false;
	}
	return true;
}

void
conf_diff_free(struct conf_diff *d)
{
	free(d->neighbors);
	free(d->dynamic);
	free(d->networks);
	memset(d, 0, sizeof(*d));
}

static bool
items_unchanged(const struct conf_diff_item *it, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (it[i].change != CONF_UNCHANGED)
			return false;
	return true;
}

bool
conf_diff_empty(const struct conf_diff *d)
{
	return d->global == 0 && items_unchanged(d->neighbors, d->n_neighbors) &&
	    items_unchanged(d->dynamic, d->n_dynamic) && items_unchanged(d->networks, d->n_networks);
}

/* ---- in words ---- */

static void
print_ipv4(struct sbuf *sb, uint32_t v)
{
	sb_printf(sb, "%u.%u.%u.%u", v >> 24, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff);
}

static void
print_listen(struct sbuf *sb, const struct conf *c)
{
	if (c->n_listen == 0)
		sb_puts(sb, "none");
	for (size_t i = 0; i < c->n_listen; i++) {
		if (i > 0)
			sb_puts(sb, ", ");
		conf_print_addr(sb, &c->listen[i].address);
		sb_printf(sb, " port %u", c->listen[i].port);
	}
}

static void
print_fib(struct sbuf *sb, const struct conf *c, enum conf_gfield f)
{
	const char *name;

	switch (f) {
	case CG_FIB_TABLE:
		if ((name = conf_fib_table_name(c->fib.table)) != NULL)
			sb_puts(sb, name);
		else
			sb_printf(sb, "%u", c->fib.table);
		break;
	case CG_FIB_PROTOCOL:
		sb_printf(sb, "%u", c->fib.protocol);
		break;
	case CG_FIB_METRIC:
		sb_printf(sb, "%u", c->fib.metric);
		break;
	case CG_FIB_NHGROUPS:
		sb_puts(sb, conf_nhgroups_name(c->fib.nexthop_groups));
		break;
	case CG_FIB_BUCKETS:
		sb_printf(sb, "%u", c->fib.buckets);
		break;
	case CG_FIB_IDLE_TIMER:
		sb_printf(sb, "%u", c->fib.idle_timer);
		break;
	case CG_FIB_UNBALANCED_TIMER:
		sb_printf(sb, "%u", c->fib.unbalanced_timer);
		break;
	default:
		break;
	}
}

static void
print_global(struct sbuf *sb, const struct conf *o, const struct conf *n, enum conf_gfield f)
{
	static const char *const names[CG_COUNT] = {
		[CG_ROUTER_ID] = "router-id", [CG_AS] = "as", [CG_CLUSTER_ID] = "cluster-id",
		[CG_LISTEN] = "listen", [CG_CONTROL_SOCKET] = "control socket",
		[CG_CONTROL_READONLY] = "control readonly-socket", [CG_CONTROL_MODE] = "control mode",
		[CG_LOG_LEVEL] = "log level", [CG_MULTIPATH_IBGP] = "multipath ibgp",
		[CG_MULTIPATH_EBGP] = "multipath ebgp", [CG_MULTIPATH_RELAX] = "multipath as-path-relax",
		[CG_FIB] = "fib", [CG_FIB_TABLE] = "fib table", [CG_FIB_PROTOCOL] = "fib protocol",
		[CG_FIB_METRIC] = "fib metric", [CG_FIB_NHGROUPS] = "fib nexthop-groups",
		[CG_FIB_BUCKETS] = "fib buckets", [CG_FIB_IDLE_TIMER] = "fib idle-timer",
		[CG_FIB_UNBALANCED_TIMER] = "fib unbalanced-timer",
	};
	const struct conf *side[2] = { o, n };

	sb_printf(sb, "%s: ", names[f]);
	for (int s = 0; s < 2; s++) {
		const struct conf *c = side[s];
		if (s == 1)
			sb_puts(sb, " -> ");
		switch (f) {
		case CG_ROUTER_ID:
			print_ipv4(sb, c->router_id);
			break;
		case CG_AS:
			sb_printf(sb, "%u", c->as);
			break;
		case CG_CLUSTER_ID:
			print_ipv4(sb, c->cluster_id);
			break;
		case CG_LISTEN:
			print_listen(sb, c);
			break;
		case CG_CONTROL_SOCKET:
			conf_print_string(sb, c->control.socket);
			break;
		case CG_CONTROL_READONLY:
			if (c->control.readonly_socket != NULL)
				conf_print_string(sb, c->control.readonly_socket);
			else
				sb_puts(sb, "none");
			break;
		case CG_CONTROL_MODE:
			sb_printf(sb, "%04o", c->control.mode);
			break;
		case CG_LOG_LEVEL:
			sb_puts(sb, conf_log_level_name(c->log_level));
			break;
		case CG_MULTIPATH_IBGP:
			sb_printf(sb, "%u", c->multipath.ibgp);
			break;
		case CG_MULTIPATH_EBGP:
			sb_printf(sb, "%u", c->multipath.ebgp);
			break;
		case CG_MULTIPATH_RELAX:
			sb_puts(sb, c->multipath.as_path_relax ? "true" : "false");
			break;
		case CG_FIB:
			sb_puts(sb, c->fib_enabled ? "on" : "off");
			break;
		default:
			print_fib(sb, c, f);
			break;
		}
	}
	switch (f) {
	case CG_ROUTER_ID:
	case CG_AS:
	case CG_CLUSTER_ID:
		sb_puts(sb, " (every session is reset)");
		break;
	case CG_LISTEN:
		sb_puts(sb, " (listeners are re-bound)");
		break;
	case CG_FIB:
		sb_puts(sb, n->fib_enabled ? " (routes are installed)" : " (our routes leave the kernel)");
		break;
	case CG_MULTIPATH_IBGP:
	case CG_MULTIPATH_EBGP:
	case CG_MULTIPATH_RELAX:
		sb_puts(sb, " (multipath sets are recomputed)");
		break;
	default:
		break;
	}
	sb_putc(sb, '\n');
}

static void
print_fields(struct sbuf *sb, uint32_t fields, const struct conf_peer *o, const struct conf_peer *n)
{
	const char *sep = "";

	for (size_t i = 0; i < CF_COUNT; i++) {
		const struct cf_desc *d = &cf_table[i];
		if (!(fields & CF_BIT(d->field)))
			continue;
		sb_printf(sb, "%s%s ", sep, d->name);
		sep = ", ";
		if (d->field == CF_PASSWORD) {
			sb_puts(sb, "changed");	/* never print secrets */
			continue;
		}
		cf_format(d, o, sb);
		sb_puts(sb, " -> ");
		cf_format(d, n, sb);
	}
}

static void
print_reason(struct sbuf *sb, const struct conf_diff *d)
{
	static const struct { enum conf_gfield f; const char *name; } why[] = {
		{ CG_ROUTER_ID, "router-id" }, { CG_AS, "as" }, { CG_CLUSTER_ID, "cluster-id" },
	};
	const char *sep = "";

	for (size_t i = 0; i < 3; i++) {
		if (d->global & CG_BIT(why[i].f)) {
			sb_printf(sb, "%s%s", sep, why[i].name);
			sep = ", ";
		}
	}
	sb_puts(sb, " changed");
}

static void
print_neighbor(struct sbuf *sb, const struct conf_diff *d, const struct conf_diff_item *it,
    const struct conf *o, const struct conf *n)
{
	const struct conf_neighbor *on = it->old_idx != CONF_NONE ? &o->neighbors[it->old_idx] : NULL;
	const struct conf_neighbor *nn = it->new_idx != CONF_NONE ? &n->neighbors[it->new_idx] : NULL;
	char text[64];

	sb_printf(sb, "neighbor %s: %s", conf_addr_format(nn ? &nn->address : &on->address,
	    text, sizeof(text)), conf_change_name(it->change));
	switch (it->change) {
	case CONF_REMOVED:
		sb_puts(sb, " (Cease / Peer De-configured)");
		break;
	case CONF_SOFT:
	case CONF_RESET:
		if (on == NULL || nn == NULL)
			break;	/* not a diff conf_diff() made */
		sb_puts(sb, ": ");
		if (it->fields != 0)
			print_fields(sb, it->fields, &on->peer, &nn->peer);
		else
			print_reason(sb, d);
		if (it->change == CONF_SOFT)
			break;
		if (nn->peer.shutdown && !on->peer.shutdown)
			sb_puts(sb, " (Cease / Administrative Shutdown)");
		else if (!nn->peer.shutdown && on->peer.shutdown)
			sb_puts(sb, " (enabled)");
		else if (!nn->peer.shutdown)
			sb_puts(sb, " (Cease / Other Configuration Change)");
		break;
	default:
		break;
	}
	sb_putc(sb, '\n');
}

static void
print_dynamic(struct sbuf *sb, const struct conf_diff *d, const struct conf_diff_item *it,
    const struct conf *o, const struct conf *n)
{
	const struct conf_dynamic *od = it->old_idx != CONF_NONE ? &o->dynamic[it->old_idx] : NULL;
	const struct conf_dynamic *nd = it->new_idx != CONF_NONE ? &n->dynamic[it->new_idx] : NULL;

	sb_puts(sb, "dynamic-neighbors ");
	conf_print_prefix(sb, nd ? &nd->prefix : &od->prefix);
	sb_printf(sb, ": %s", conf_change_name(it->change));
	switch (it->change) {
	case CONF_REMOVED:
		sb_puts(sb, " (its sessions get Cease / Peer De-configured)");
		break;
	case CONF_SOFT:
	case CONF_RESET:
		if (od == NULL || nd == NULL)
			break;	/* not a diff conf_diff() made */
		sb_puts(sb, ": ");
		if (it->fields != 0)
			print_fields(sb, it->fields, &od->peer, &nd->peer);
		if (it->other)
			sb_printf(sb, "%slimit %u -> %u", it->fields ? ", " : "", od->limit, nd->limit);
		if (it->fields == 0 && !it->other)
			print_reason(sb, d);
		if (it->change == CONF_RESET)
			sb_puts(sb, " (its sessions get Cease / Other Configuration Change)");
		break;
	default:
		break;
	}
	sb_putc(sb, '\n');
}

static void
print_network(struct sbuf *sb, const struct conf_diff_item *it, const struct conf *o,
    const struct conf *n)
{
	const struct conf_network *nw = it->new_idx != CONF_NONE ?
	    &n->networks[it->new_idx] : &o->networks[it->old_idx];

	sb_puts(sb, "network ");
	conf_print_prefix(sb, &nw->prefix);
	sb_printf(sb, ": %s", it->change == CONF_ADDED ? "added (announced)" :
	    it->change == CONF_REMOVED ? "removed (withdrawn)" :
	    "attributes changed (announced again)");
	sb_putc(sb, '\n');
}

void
conf_diff_print(const struct conf_diff *d, const struct conf *o, const struct conf *n,
    struct sbuf *sb)
{
	size_t same[3] = { 0, 0, 0 };

	for (unsigned f = 0; f < CG_COUNT; f++)
		if (d->global & CG_BIT(f))
			print_global(sb, o, n, (enum conf_gfield)f);
	for (size_t i = 0; i < d->n_neighbors; i++) {
		if (d->neighbors[i].change == CONF_UNCHANGED)
			same[0]++;
		else
			print_neighbor(sb, d, &d->neighbors[i], o, n);
	}
	for (size_t i = 0; i < d->n_dynamic; i++) {
		if (d->dynamic[i].change == CONF_UNCHANGED)
			same[1]++;
		else
			print_dynamic(sb, d, &d->dynamic[i], o, n);
	}
	for (size_t i = 0; i < d->n_networks; i++) {
		if (d->networks[i].change == CONF_UNCHANGED)
			same[2]++;
		else
			print_network(sb, &d->networks[i], o, n);
	}
	if (conf_diff_empty(d))
		sb_puts(sb, "no changes\n");
	if (same[0] + same[1] + same[2] > 0)
		sb_printf(sb, "unchanged: %zu neighbor%s, %zu dynamic range%s, %zu network%s\n",
		    same[0], same[0] == 1 ? "" : "s", same[1], same[1] == 1 ? "" : "s",
		    same[2], same[2] == 1 ? "" : "s");
}
