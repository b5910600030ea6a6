/*
 * conf.c -- loading a configuration (file or text -> tree -> struct),
 * freeing it, and the small look-ups and names the rest of ecmpd uses.
 */
#include "conf_int.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

bool
conf_parse_string(const char *name, const char *text, size_t len,
    struct conf **out, struct conf_errors *errs)
{
	struct cnode *root;
	struct conf_arena *tree, *arena;
	struct conf *c = NULL;
	bool ok = false;

	*out = NULL;
	conf_errors_init(errs, name);
	tree = carena_new();
	arena = carena_new();
	if (tree == NULL || arena == NULL || (c = carena_alloc(arena, sizeof(*c))) == NULL) {
		conf_error_add(errs, (struct conf_mark){ 0, 0 }, "out of memory");
		goto done;
	}
	c->arena = arena;
	c->file = carena_strndup(arena, errs->file, strlen(errs->file));
	if (c->file == NULL) {
		conf_error_add(errs, (struct conf_mark){ 0, 0 }, "out of memory");
		goto done;
	}
	if (!conf_yaml_parse(text, len, tree, &root, errs))
		goto done;
	/* build even after duplicate keys and the like: one run, every error */
	ok = conf_build(root, c, arena, errs) && errs->count == 0;
done:
	carena_free(tree);
	if (ok) {
		*out = c;
	} else {
		carena_free(arena);
	}
	return ok;
}

bool
conf_load(const char *path, struct conf **out, struct conf_errors *errs)
{
	struct conf_mark none = { 0, 0 };
	char *text = NULL;
	size_t len = 0, cap = 0;
	int fd;
	bool ok;

	*out = NULL;
	conf_errors_init(errs, path);
	if (strcmp(path, "-") == 0)
		fd = STDIN_FILENO;
	else if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		conf_error_add(errs, none, "cannot open: %s", strerror(errno));
		return false;
	}
	struct stat st;
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		conf_error_add(errs, none, "is a directory");
		goto fail;
	}
	for (;;) {
		if (len == cap) {
			if (cap > CONF_MAX_FILE_SIZE) {
				conf_error_add(errs, none, "larger than %u MiB",
				    CONF_MAX_FILE_SIZE / (1024u * 1024u));
				goto fail;
			}
			cap = cap ? cap * 2 : 16384;
			char *t = realloc(text, cap + 1);
			if (t == NULL) {
				conf_error_add(errs, none, "out of memory");
				goto fail;
			}
			text = t;
		}
		ssize_t n = read(fd, text + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			conf_error_add(errs, none, "cannot read: %s", strerror(errno));
			goto fail;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	if (fd != STDIN_FILENO)
		close(fd);
	fd = -1;
	if (len > CONF_MAX_FILE_SIZE) {
		conf_error_add(errs, none, "larger than %u MiB", CONF_MAX_FILE_SIZE / (1024u * 1024u));
		free(text);
		return false;
	}
	ok = conf_parse_string(path, text != NULL ? text : "", len, out, errs);
	free(text);
	return ok;
fail:
	if (fd >= 0 && fd != STDIN_FILENO)
		close(fd);
	free(text);
	return false;
}

void
conf_free(struct conf *conf)
{
	if (conf != NULL)
		carena_free(conf->arena);	/* conf itself lives in it */
}

/* ---- look-ups ---- */

const struct conf_peer_group *
conf_group_find(const struct conf *conf, const char *name)
{
	size_t lo = 0, hi = conf->n_groups;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(name, conf->groups[mid].name);
		if (c == 0)
			return &conf->groups[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

const struct conf_neighbor *
conf_neighbor_find(const struct conf *conf, const struct conf_addr *addr)
{
	for (size_t i = 0; i < conf->n_neighbors; i++)
		if (conf_addr_equal(&conf->neighbors[i].address, addr))
			return &conf->neighbors[i];
	return NULL;
}

bool
conf_prefix_contains(const struct prefix *outer, const struct prefix *inner)
{
	if (outer->afs != inner->afs || outer->len > inner->len)
		return false;
	unsigned full = outer->len / 8u, rest = outer->len % 8u;
	if (memcmp(outer->addr, inner->addr, full) != 0)
		return false;
	if (rest == 0)
		return true;
	uint8_t mask = (uint8_t)(0xff << (8 - rest));
	return (outer->addr[full] & mask) == (inner->addr[full] & mask);
}

const struct conf_dynamic *
conf_dynamic_find(const struct conf *conf, const struct conf_addr *addr)
{
	struct prefix host = { .afs = addr->afs, .len = (uint8_t)(afs_addr_len(addr->afs) * 8u) };

	memcpy(host.addr, addr->addr, afs_addr_len(addr->afs));
	for (size_t i = 0; i < conf->n_dynamic; i++)
		if (conf_prefix_contains(&conf->dynamic[i].prefix, &host))
			return &conf->dynamic[i];
	return NULL;
}

/* ---- addresses ---- */

bool
conf_addr_parse(const char *s, struct conf_addr *a)
{
	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET, s, a->addr) == 1) {
		a->afs = AFS_IPV4_UNICAST;
		return true;
	}
	if (inet_pton(AF_INET6, s, a->addr) == 1) {
		a->afs = AFS_IPV6_UNICAST;
		return true;
	}
	memset(a, 0, sizeof(*a));
	return false;
}

const char *
conf_addr_format(const struct conf_addr *a, char *buf, size_t len)
{
	if (inet_ntop(a->afs == AFS_IPV4_UNICAST ? AF_INET : AF_INET6, a->addr,
	    buf, (socklen_t)len) == NULL && len > 0)
		buf[0] = '\0';
	return buf;
}

bool
conf_addr_equal(const struct conf_addr *a, const struct conf_addr *b)
{
	return a->afs == b->afs && memcmp(a->addr, b->addr, afs_addr_len(a->afs)) == 0;
}

/* ---- names ---- */

const char *
conf_log_level_name(enum conf_log_level l)
{
	static const char *const names[] = { "err", "warning", "notice", "info", "debug" };
	return (unsigned)l < 5 ? names[l] : "?";
}

const char *
conf_nhgroups_name(enum conf_nhgroups g)
{
	static const char *const names[] = { "resilient", "hash-threshold", "none" };
	return (unsigned)g < 3 ? names[g] : "?";
}

const char *
conf_change_name(enum conf_change c)
{
	static const char *const names[] = { "unchanged", "added", "removed", "soft", "reset" };
	return (unsigned)c < 5 ? names[c] : "?";
}

const char *
conf_fib_table_name(uint32_t table)
{
	return table == 254 ? "main" : table == 255 ? "local" : NULL;
}

/* iproute2's /etc/iproute2/rt_protos (6.1), the names `ip route` shows. */
static const struct {
	uint8_t num;
	const char *name;
} rt_protos[] = {
	{ 0, "unspec" }, { 1, "redirect" }, { 2, "kernel" }, { 3, "boot" }, { 4, "static" },
	{ 8, "gated" }, { 9, "ra" }, { 10, "mrt" }, { 11, "zebra" }, { 12, "bird" },
	{ 13, "dnrouted" }, { 14, "xorp" }, { 15, "ntk" }, { 16, "dhcp" },
	{ 18, "keepalived" }, { 42, "babel" }, { 99, "openr" }, { 186, "bgp" },
	{ 187, "isis" }, { 188, "ospf" }, { 189, "rip" }, { 192, "eigrp" },
};

const char *
conf_fib_protocol_name(uint8_t proto)
{
	for (size_t i = 0; i < sizeof(rt_protos) / sizeof(rt_protos[0]); i++)
		if (rt_protos[i].num == proto)
			return rt_protos[i].name;
	return NULL;
}

int
conf_fib_protocol_parse(const char *name)
{
	for (size_t i = 0; i < sizeof(rt_protos) / sizeof(rt_protos[0]); i++)
		if (!strcmp(rt_protos[i].name, name))
			return rt_protos[i].num;
	return -1;
}
