/*
 * sdnotify.h -- the systemd notification protocol without libsystemd
 * (sd_notify(3): a datagram to $NOTIFY_SOCKET). A no-op when not under
 * systemd.
 */
#ifndef ECMPD_SDNOTIFY_H
#define ECMPD_SDNOTIFY_H

#include <stdint.h>

/* Send "READY=1", "STATUS=...", "WATCHDOG=1", "STOPPING=1", ...; returns 0, or -1 with errno. */
int sd_notify_send(const char *state);
int sd_notify_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Watchdog interval in microseconds when systemd asked for one (WATCHDOG_USEC for this PID), else 0. */
uint64_t sd_watchdog_usec(void);

#endif
