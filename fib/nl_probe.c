/*
 * nl_probe.c -- start-up checks: what the kernel accepts, and how it hashes.
 *
 * Nexthop objects (Linux 5.3) and resilient groups (5.13) are probed once
 * by doing: a blackhole nexthop object, then a resilient group of it, both
 * with ids from the top of our range and our protocol, deleted at once. A
 * refusal steps down: resilient -> hash-threshold -> RTA_MULTIPATH. The
 * config can force any lower mode (that is how the fallbacks are tested).
 *
 * The multipath hash: with net.ipv4.fib_multipath_hash_policy 0 the kernel
 * hashes on addresses only, so one client's flows all take one load
 * balancer. Read inside our network namespace (/proc/sys follows it).
 */
#include "config.h"

#include "nl_probe.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <libmnl/libmnl.h>
#include <linux/nexthop.h>
#include <linux/rtnetlink.h>

#include "fib_int.h"
#include "log.h"
#include "nl.h"

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif

/* Send one request and return its error (0: done), with the kernel's words in msg. */
static int
talk1(struct mnl_socket *sk, const struct nl_nh_req *rq, uint32_t seq, char *msg, size_t msglen)
{
	char buf[1024];
	struct nlmsghdr *nlh = nl_nexthop_put(buf, sizeof(buf), seq, rq);
	if (nlh == NULL)
		return EINVAL;
	if (mnl_socket_sendto(sk, nlh, nlh->nlmsg_len) < 0)
		return errno;
	char rbuf[8192];
	for (;;) {
		ssize_t r = mnl_socket_recvfrom(sk, rbuf, sizeof(rbuf));
		if (r < 0)
			return errno;
		const struct nlmsghdr *m = (const void *)rbuf;
		int left = (int)r;
		for (; mnl_nlmsg_ok(m, left); m = mnl_nlmsg_next(m, &left)) {
			struct nl_err e;
			if (!nl_err_parse(m, &e) || e.seq != seq)
				continue;
			snprintf(msg, msglen, "%s", e.msg != NULL ? e.msg : strerror(e.err));
			return e.err;
		}
	}
}

enum fib_nhg_mode
nl_probe_mode(enum fib_nhg_mode want, uint8_t protocol, uint32_t id_top, bool *denied)
{
	*denied = false;
	if (want == FIB_NHG_NONE)
		return FIB_NHG_NONE;
	struct mnl_socket *sk = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
	if (sk == NULL || mnl_socket_bind(sk, 0, MNL_SOCKET_AUTOPID) < 0) {
		if (sk != NULL)
			mnl_socket_close(sk);
		log_msg(LOG_WARNING, "fib: probe: netlink socket: %s; using RTA_MULTIPATH", strerror(errno));
		return FIB_NHG_NONE;
	}
	int one = 1;
	setsockopt(mnl_socket_get_fd(sk), SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));

	enum fib_nhg_mode got = FIB_NHG_NONE;
	uint32_t seq = 1;
	char msg[128];
	for (uint32_t try = 0; try < 8; try++) {
		/* ids others use are left alone: every create is exclusive */
		uint32_t nh_id = id_top - 2 * try, grp_id = nh_id - 1;
		struct nl_nh_req nh = { .type = RTM_NEWNEXTHOP, .flags = NLM_F_CREATE | NLM_F_EXCL,
			.id = nh_id, .protocol = protocol, .blackhole = true };
		struct nl_nh_req grp = { .type = RTM_NEWNEXTHOP, .flags = NLM_F_CREATE | NLM_F_EXCL,
			.id = grp_id, .protocol = protocol, .n_grp = 1, .grp = &nh_id,
			.grp_type = NEXTHOP_GRP_TYPE_RES, .buckets = 8, .idle_timer = 120 };
		struct nl_nh_req del_grp = { .type = RTM_DELNEXTHOP, .id = grp_id };
		struct nl_nh_req del_nh = { .type = RTM_DELNEXTHOP, .id = nh_id };
		int err = talk1(sk, &nh, seq++, msg, sizeof(msg));
		if (err == EEXIST)
			continue;
		if (err == EPERM) {
			*denied = true;
			break;
		}
		if (err != 0) {
			log_msg(LOG_WARNING, "fib: the kernel refuses nexthop objects (%s); "
			    "routes carry their next hops (RTA_MULTIPATH)", msg);
			break;
		}
		got = want;
		if (want == FIB_NHG_RESILIENT) {
			err = talk1(sk, &grp, seq++, msg, sizeof(msg));
			if (err == 0) {
				talk1(sk, &del_grp, seq++, msg, sizeof(msg));
			} else if (err == EEXIST) {
				talk1(sk, &del_nh, seq++, msg, sizeof(msg));
				got = FIB_NHG_NONE;
				continue;
			} else {
				log_msg(LOG_WARNING, "fib: the kernel refuses resilient nexthop groups (%s); "
				    "using hash-threshold groups", msg);
				got = FIB_NHG_HASH_THRESHOLD;
			}
		}
		talk1(sk, &del_nh, seq++, msg, sizeof(msg));
		break;
	}
	mnl_socket_close(sk);
	return got;
}

int
nl_probe_hash_policy(int family)
{
	const char *path = family == AF_INET ? "/proc/sys/net/ipv4/fib_multipath_hash_policy"
	    : "/proc/sys/net/ipv6/fib_multipath_hash_policy";
	FILE *f = fopen(path, "r");
	int v = -1;
	if (f == NULL)
		return -1;
	if (fscanf(f, "%d", &v) != 1)
		v = -1;
	fclose(f);
	return v;
}

void
nl_probe_warn_hash_policy(void)
{
	int v4 = nl_probe_hash_policy(AF_INET), v6 = nl_probe_hash_policy(AF_INET6);
	if (v4 == 0)
		log_msg(LOG_WARNING, "fib: net.ipv4.fib_multipath_hash_policy is 0: IPv4 multipath "
		    "hashes on addresses only, so all flows between two hosts take one next hop; "
		    "set it to 1 (contrib/sysctl.d/ecmpd.conf)");
	if (v6 == 0)
		log_msg(LOG_WARNING, "fib: net.ipv6.fib_multipath_hash_policy is 0: IPv6 multipath "
		    "hashes on addresses and flow label only; set it to 1 (contrib/sysctl.d/ecmpd.conf)");
}
