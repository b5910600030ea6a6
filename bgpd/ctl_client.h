/*
 * ctl_client.h -- the client side of the control socket, for ecmpctl and
 * tests: plain blocking sockets, no libevent.
 */
#ifndef ECMPD_CTL_CLIENT_H
#define ECMPD_CTL_CLIENT_H

#include <stddef.h>
#include <stdint.h>

#include "ctl_proto.h"

#define CTL_SOCKET_DEFAULT	"/run/ecmpd/ecmpd.sock"
#define CTL_SOCKET_ENV		"ECMPD_SOCKET"

/*
 * Connect to the daemon's socket. On failure returns -1, errno set, and a
 * message for people in err, e.g. "cannot connect to /run/ecmpd/ecmpd.sock:
 * Permission denied (is your user in the ecmpd group?)".
 */
int ctl_client_connect(const char *path, char *err, size_t errlen);

typedef void (*ctl_data_fn)(void *arg, const uint8_t *p, size_t len);

/*
 * Send one request on fd and read the reply: each DATA payload goes to
 * data() as it arrives, the END frame into *end. timeout_ms bounds each
 * wait for the daemon (0: none). Returns the exit status of END (0..2), or
 * -1 with a message in err on a connection or protocol failure.
 */
int ctl_client_call(int fd, uint32_t flags, int argc, const char *const *argv,
    ctl_data_fn data, void *arg, struct ctl_end *end, unsigned timeout_ms,
    char *err, size_t errlen);

#endif /* ECMPD_CTL_CLIENT_H */
