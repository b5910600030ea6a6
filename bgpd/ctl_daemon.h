/* ctl_daemon.h -- the daemon's control commands (ctl_daemon.c). */
#ifndef ECMPD_CTL_DAEMON_H
#define ECMPD_CTL_DAEMON_H

#include "bgpd.h"

struct ctl_server;

/* Register every command and open the sockets of the config; NULL (logged) on failure. */
struct ctl_server *ctl_daemon_open(struct bgpd *d);

#endif
