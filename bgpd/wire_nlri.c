/*
 * wire_nlri.c -- prefixes on the wire (RFC 4271 §4.3, RFC 4760 §5,
 * RFC 7911 §3): checking a run of them once, then iterating without checks.
 */
#include "wire.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool
wire_nlri_check(const uint8_t *p, size_t len, enum afs afs, bool addpath,
    struct wire_nlri_view *v, struct wire_err *err)
{
	const unsigned maxbits = afs_addr_len(afs) * 8;
	const uint8_t *q = p, *end = p + len;
	uint32_t count = 0;

	while (q < end) {
		if (addpath) {
			if (end - q < 4)
				return wire_fail(err, BGP_ERR_UPDATE, BGP_ERR_UPD_NETWORK,
				    WIRE_SESSION_RESET, "%s prefix %u: path identifier cut short",
				    afs_name(afs), count + 1);
			q += 4;
		}
		if (q >= end)
			return wire_fail(err, BGP_ERR_UPDATE, BGP_ERR_UPD_NETWORK,
			    WIRE_SESSION_RESET, "%s prefix %u: length octet missing",
			    afs_name(afs), count + 1);
		unsigned bits = *q++;
		if (bits > maxbits)
			return wire_fail(err, BGP_ERR_UPDATE, BGP_ERR_UPD_NETWORK,
			    WIRE_SESSION_RESET, "%s prefix %u: length %u exceeds %u",
			    afs_name(afs), count + 1, bits, maxbits);
		size_t bytes = (bits + 7) / 8;
		if ((size_t)(end - q) < bytes)
			return wire_fail(err, BGP_ERR_UPDATE, BGP_ERR_UPD_NETWORK,
			    WIRE_SESSION_RESET, "%s prefix %u: /%u needs %zu octets, %zu left",
			    afs_name(afs), count + 1, bits, bytes, (size_t)(end - q));
		q += bytes;
		count++;
	}
	v->p = p;
	v->len = (uint32_t)len;
	v->count = count;
	v->afs = (uint8_t)afs;
	v->addpath = addpath;
	return true;
}

void
prefix_print(const struct prefix *p, struct sbuf *sb)
{
	char text[INET6_ADDRSTRLEN];
	inet_ntop(p->afs == AFS_IPV4_UNICAST ? AF_INET : AF_INET6, p->addr,
	    text, sizeof(text));
	sb_printf(sb, "%s/%u", text, p->len);
}

bool
prefix_parse(const char *s, struct prefix *p)
{
	char addr[INET6_ADDRSTRLEN];
	const char *slash = strchr(s, '/');
	size_t alen = slash ? (size_t)(slash - s) : strlen(s);
	if (alen == 0 || alen >= sizeof(addr))
		return false;
	memcpy(addr, s, alen);
	addr[alen] = '\0';
	memset(p, 0, sizeof(*p));
	unsigned maxbits;
	if (inet_pton(AF_INET, addr, p->addr) == 1) {
		p->afs = AFS_IPV4_UNICAST;
		maxbits = 32;
	} else if (inet_pton(AF_INET6, addr, p->addr) == 1) {
		p->afs = AFS_IPV6_UNICAST;
		maxbits = 128;
	} else {
		return false;
	}
	unsigned long bits = maxbits;
	if (slash) {
		char *end;
		if (slash[1] < '0' || slash[1] > '9')
			return false;
		bits = strtoul(slash + 1, &end, 10);
		if (*end != '\0' || bits > maxbits)
			return false;
	}
	p->len = (uint8_t)bits;
	/* refuse host bits: "10.1.1.1/24" is almost always a typo */
	for (unsigned i = 0; i < 16; i++) {
		unsigned keep = bits >= (i + 1) * 8 ? 8 : bits > i * 8 ? bits - i * 8 : 0;
		uint8_t mask = keep ? (uint8_t)(0xff << (8 - keep)) : 0;
		if (p->addr[i] & ~mask)
			return false;
	}
	return true;
}

bool
prefix_equal(const struct prefix *a, const struct prefix *b)
{
	return a->afs == b->afs && a->len == b->len &&
	    memcmp(a->addr, b->addr, (a->len + 7u) / 8u) == 0;
}
