/*
 * nl_probe.h -- one-time start-up checks of the kernel (nl_probe.c).
 */
#ifndef ECMPD_FIB_NL_PROBE_H
#define ECMPD_FIB_NL_PROBE_H

#include <stdbool.h>
#include <stdint.h>

#include "fib.h"

/*
 * The best mode at most `want` the kernel accepts; ids id_top and below are
 * used briefly. *denied: the kernel said EPERM (no CAP_NET_ADMIN).
 */
enum fib_nhg_mode nl_probe_mode(enum fib_nhg_mode want, uint8_t protocol, uint32_t id_top,
    bool *denied);
/* net.ipv{4,6}.fib_multipath_hash_policy of our namespace; -1 when unreadable. */
int nl_probe_hash_policy(int family);
/* Log a warning for each family whose policy is 0. */
void nl_probe_warn_hash_policy(void);

#endif
