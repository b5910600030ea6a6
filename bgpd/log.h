/*
 * log.h -- the daemon's log: stderr in the foreground (journald and kubectl
 * capture it), syslog otherwise; a level settable at run time.
 *
 * Lines about a session always name the neighbor: use log_peer().
 */
#ifndef ECMPD_LOG_H
#define ECMPD_LOG_H

#include <stdbool.h>
#include <stdint.h>
#include <syslog.h>

void log_init(const char *ident, bool to_stderr, int level);
void log_set_level(int level);	/* LOG_ERR .. LOG_DEBUG */
int log_get_level(void);
/* "err", "warning", "notice", "info", "debug" <-> LOG_*; -1 for unknown text */
int log_level_from_name(const char *name);
const char *log_level_name(int level);
bool log_enabled(int prio);

void log_msg(int prio, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "neighbor ADDR AS N (DESCRIPTION): message" */
void log_peer(int prio, const char *addr, uint32_t as, const char *descr,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

#endif
