/*
 * log.c -- stderr or syslog, with a run-time level; see log.h.
 *
 * Global state is deliberate here: there is one log per process.
 */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

static bool log_stderr = true;
static int log_level = LOG_INFO;

static const char *const level_names[] = {
	[LOG_EMERG] = "emerg", [LOG_ALERT] = "alert", [LOG_CRIT] = "crit",
	[LOG_ERR] = "err", [LOG_WARNING] = "warning", [LOG_NOTICE] = "notice",
	[LOG_INFO] = "info", [LOG_DEBUG] = "debug",
};

void
log_init(const char *ident, bool to_stderr, int level)
{
	log_stderr = to_stderr;
	log_level = level;
	if (!to_stderr)
		openlog(ident, LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

void
log_set_level(int level)
{
	log_level = level;
}

int
log_get_level(void)
{
	return log_level;
}

int
log_level_from_name(const char *name)
{
	for (int i = LOG_ERR; i <= LOG_DEBUG; i++)
		if (strcasecmp(name, level_names[i]) == 0)
			return i;
	if (strcasecmp(name, "error") == 0)
		return LOG_ERR;
	if (strcasecmp(name, "warn") == 0)
		return LOG_WARNING;
	return -1;
}

const char *
log_level_name(int level)
{
	return level >= 0 && level <= LOG_DEBUG ? level_names[level] : "unknown";
}

bool
log_enabled(int prio)
{
	return prio <= log_level;
}

static void log_vemit(int prio, const char *prefix, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

static void
log_vemit(int prio, const char *prefix, const char *fmt, va_list ap)
{
	char line[1024];
	vsnprintf(line, sizeof(line), fmt, ap);
	if (!log_stderr) {
		syslog(prio, "%s%s", prefix, line);
		return;
	}
	/* journald adds its own time stamps; keep the level visible with <N> */
	fprintf(stderr, "<%d>%s: %s%s\n", prio, level_names[prio], prefix, line);
}

void
log_msg(int prio, const char *fmt, ...)
{
	va_list ap;
	if (!log_enabled(prio))
		return;
	va_start(ap, fmt);
	log_vemit(prio, "", fmt, ap);
	va_end(ap);
}

void
log_peer(int prio, const char *addr, uint32_t as, const char *descr,
    const char *fmt, ...)
{
	va_list ap;
	char prefix[256];
	if (!log_enabled(prio))
		return;
	if (descr != NULL && *descr)
		snprintf(prefix, sizeof(prefix), "neighbor %s AS %u (%s): ", addr, as, descr);
	else
		snprintf(prefix, sizeof(prefix), "neighbor %s AS %u: ", addr, as);
	va_start(ap, fmt);
	log_vemit(prio, prefix, fmt, ap);
	va_end(ap);
}
