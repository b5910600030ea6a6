/*
 * fib_util.c -- small pure helpers of fib/: names, address text, failure
 * records with back-off, the clock.
 */
#include "config.h"

#include "fib_int.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <sys/socket.h>
#include <time.h>

const char *
fib_nhg_mode_name(enum fib_nhg_mode m)
{
	switch (m) {
	case FIB_NHG_RESILIENT: return "resilient";
	case FIB_NHG_HASH_THRESHOLD: return "hash-threshold";
	case FIB_NHG_NONE: return "none";
	}
	return "?";
}

const char *
fib_route_state_name(enum fib_route_state s)
{
	switch (s) {
	case FIB_RS_INSTALLED: return "installed";
	case FIB_RS_PENDING: return "pending";
	case FIB_RS_FAILED: return "failed";
	case FIB_RS_REFUSED: return "refused";
	case FIB_RS_STALE: return "stale";
	}
	return "?";
}

void
fib_config_default(struct fib_config *c)
{
	memset(c, 0, sizeof(*c));
	c->table = 254;
	c->protocol = 186;
	c->metric = 20;
	c->mode = FIB_NHG_RESILIENT;
	c->buckets = 128;
	c->idle_timer = 120;
	c->unbalanced_timer = 0;
}

uint64_t
fib_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

bool
fib_fail_set(struct fib_fail **fp, int err, const char *text, uint64_t now)
{
	struct fib_fail *f = *fp;
	if (f == NULL && (f = *fp = calloc(1, sizeof(*f))) == NULL)
		return false;
	f->err = err;
	f->attempts++;
	uint64_t delay = FIB_RETRY_MIN_MS;
	for (uint32_t i = 1; i < f->attempts && delay < FIB_RETRY_MAX_MS; i++)
		delay *= 2;
	if (delay > FIB_RETRY_MAX_MS)
		delay = FIB_RETRY_MAX_MS;
	f->next_try = now + delay;
	snprintf(f->text, sizeof(f->text), "%s", text != NULL && *text ? text : strerror(err));
	return true;
}

int
afs_family(uint8_t afs)
{
	return afs == AFS_IPV4_UNICAST ? AF_INET : AF_INET6;
}

int
family_afs(int family)
{
	return family == AF_INET ? AFS_IPV4_UNICAST : family == AF_INET6 ? AFS_IPV6_UNICAST : -1;
}

const char *
fib_addr_str(uint8_t afs, const uint8_t *addr, char *buf, size_t len)
{
	if (inet_ntop(afs_family(afs), addr, buf, (socklen_t)len) == NULL)
		snprintf(buf, len, "?");
	return buf;
}

const char *
fib_nh_str(const struct fib_nh *nh, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN];
	fib_addr_str(nh->afs, nh->addr, a, sizeof(a));
	if (nh->hint != 0)
		snprintf(buf, len, "%s%%%u", a, nh->hint);
	else
		snprintf(buf, len, "%s", a);
	return buf;
}

const char *
fib_pfx_str(const struct prefix *p, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN];
	snprintf(buf, len, "%s/%u", fib_addr_str(p->afs, p->addr, a, sizeof(a)), p->len);
	return buf;
}
