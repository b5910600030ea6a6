/* originate.h -- the configured networks, sent when a session comes up (originate.c). */
#ifndef ECMPD_ORIGINATE_H
#define ECMPD_ORIGINATE_H

#include "peer.h"

/* Send one UPDATE per configured network the session's families allow; returns how many. */
unsigned originate_send_all(struct conn *c);

#endif
