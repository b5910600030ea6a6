/*
 * ctl_help.c -- the documentation of the control commands, and help
 * rendered from it (or from what the daemon registered) through ctl_out.
 *
 * The daemon registers its handlers under these patterns and gets this
 * text; ecmpctl prints the same text when the daemon cannot be reached.
 * ecmpctl(8) describes the same commands: keep them in step.
 */
#include "config.h"

#include "ctl_cmd.h"
#include "ctl_out.h"

#include <stdio.h>
#include <string.h>

const struct ctl_cmdinfo ctl_cmd_docs[] = {
	{ "help [WORD...]", CTL_READONLY_OK,
	  "the commands (those beginning with WORD...)",
	  "Every command word may be abbreviated to a prefix that no other\n"
	  "word at its place shares: `s s` is `show summary`. With the words\n"
	  "of one command, print its usage and help, as COMMAND --help does." },
	{ "show summary", CTL_READONLY_OK | CTL_PREFER,
	  "neighbors, their states and counters",
	  "One line per neighbor: address, AS, session state, time since the\n"
	  "session went up or down, prefixes received, accepted and sent,\n"
	  "messages received and sent, output queue and description. Dynamic\n"
	  "neighbors are listed under their listen range, with the number of\n"
	  "sessions and its limit." },
	{ "show neighbor PEER", CTL_READONLY_OK,
	  "one neighbor in detail",
	  "PEER is the neighbor's address. Shows the session state and uptime,\n"
	  "the capabilities advertised and received and what was negotiated,\n"
	  "hold and keepalive times, message counters per type and the last\n"
	  "error with its NOTIFICATION in words (and any RFC 9003 text)." },
	{ "show status", CTL_READONLY_OK,
	  "version, router id, uptime, last reload",
	  "The daemon's version, router id and uptime, and the time and result\n"
	  "of the last configuration load or reload." },
	{ "show rib [PREFIX]", CTL_READONLY_OK,
	  "the routes received: paths, best and multipath",
	  "One line per path: prefix, flags (> best, * eligible, = member of the\n"
	  "multipath set), neighbor, received path id, next hop, LOCAL_PREF,\n"
	  "MED, AS path, origin, ORIGINATOR_ID and CLUSTER_LIST. With PREFIX,\n"
	  "the paths of that prefix only. Streamed: any table size." },
	{ "show fib [PREFIX]", CTL_READONLY_OK,
	  "what ecmpd asked the kernel for, and what it holds",
	  "The nexthop groups (id, type, buckets, routes using it, members as\n"
	  "asked and as the kernel has them, state, last error), then one line\n"
	  "per route: state (installed, pending, failed, refused, stale), group,\n"
	  "next hops as asked (with why one is unusable) and as in the kernel,\n"
	  "the kernel's last error and the failed attempts. Needs a fib:\n"
	  "section in the configuration." },
	{ "neighbor PEER enable", 0,
	  "start a disabled neighbor's session",
	  "Undoes `neighbor PEER disable`: the session may come up again." },
	{ "neighbor PEER disable [MESSAGE...]", 0,
	  "stop a neighbor's session, keep it down",
	  "Sends a NOTIFICATION Cease / Administrative Shutdown with MESSAGE as\n"
	  "its RFC 9003 shutdown communication (UTF-8, at most 255 octets),\n"
	  "and keeps the neighbor idle until `neighbor PEER enable`." },
	{ "neighbor PEER reset [MESSAGE...]", 0,
	  "restart a neighbor's session",
	  "Sends a NOTIFICATION Cease / Administrative Reset with MESSAGE as its\n"
	  "RFC 9003 shutdown communication; the session then restarts." },
	{ "neighbor PEER refresh", 0,
	  "ask a neighbor to resend its routes",
	  "Sends a ROUTE-REFRESH message for each address family of the\n"
	  "session; needs the route refresh capability (RFC 2918)." },
	{ "reload", CTL_DRY_RUN_OK,
	  "apply the configuration file again",
	  "The new file is parsed and validated first: if it has an error, the\n"
	  "running configuration stays and the error is the reply (exit status\n"
	  "1). Neighbors whose settings did not change keep their sessions; a\n"
	  "changed one is reset (Cease / Other Configuration Change), a removed\n"
	  "one closed (Cease / Peer De-configured). With --dry-run, print what\n"
	  "would change and change nothing." },
	{ "log level LEVEL", 0,
	  "set the log level",
	  "LEVEL is err, warning, notice, info or debug; the change lasts until\n"
	  "the daemon restarts." },
};

const size_t ctl_cmd_ndocs = sizeof(ctl_cmd_docs) / sizeof(ctl_cmd_docs[0]);

const struct ctl_cmdinfo *
ctl_cmd_doc(const char *pattern)
{
	for (size_t i = 0; i < ctl_cmd_ndocs; i++)
		if (strcmp(ctl_cmd_docs[i].pattern, pattern) == 0)
			return &ctl_cmd_docs[i];
	return NULL;
}

static void
help_one(struct ctl_out *o, const struct ctl_cmdinfo *ci)
{
	bool ro = ci->flags & CTL_READONLY_OK, dry = ci->flags & CTL_DRY_RUN_OK;

	if (ctl_out_is_json(o)) {
		ctl_out_kv_str(o, "command", NULL, ci->pattern);
		ctl_out_kv_str(o, "summary", NULL, ci->summary);
		ctl_out_kv_str(o, "help", NULL, ci->help);
		ctl_out_kv_bool(o, "read_only", NULL, ro);
		ctl_out_kv_bool(o, "dry_run", NULL, dry);
		return;
	}
	ctl_out_kv_strf(o, NULL, NULL, "usage: ecmpctl [-s SOCKET] [-j] %s%s",
	    ci->pattern, dry ? " [--dry-run]" : "");
	ctl_out_kv_str(o, NULL, NULL, "");
	ctl_out_kv_str(o, NULL, NULL, ci->summary != NULL ? ci->summary : "(no description)");
	if (ci->help != NULL) {
		ctl_out_kv_str(o, NULL, NULL, "");
		ctl_out_kv_str(o, NULL, NULL, ci->help);
	}
	if (!ro) {
		ctl_out_kv_str(o, NULL, NULL, "");
		ctl_out_kv_str(o, NULL, NULL,
		    "This command changes the daemon's state: it needs the admin\n"
		    "socket, and is logged with the caller's uid.");
	}
}

int
ctl_help_render(struct ctl_out *o, const struct ctl_cmdinfo *const *cmds,
    const struct ctl_pattern *const *pats, size_t n, int argc, char *const *argv,
    char *msg, size_t msglen)
{
	static const struct ctl_col cols[] = {
		{ "command", NULL, 0, 0 },
		{ "summary", NULL, 0, 0 },
		{ "read_only", NULL, CTL_COL_JSON_ONLY, 0 },
		{ "dry_run", NULL, CTL_COL_JSON_ONLY, 0 },
	};
	struct ctl_match m;

	if (n > CTL_MAX_CMDS)
		n = CTL_MAX_CMDS;
	switch (ctl_match(pats, n, argc, argv, &m)) {
	case CTL_M_OK:
		help_one(o, cmds[m.cmd]);
		return CTL_EXIT_OK;
	case CTL_M_UNKNOWN:
	case CTL_M_AMBIGUOUS:
		snprintf(msg, msglen, "%s", m.msg);
		return CTL_EXIT_USAGE;
	case CTL_M_INCOMPLETE:
		if (m.ncand == 1) {	/* "show neighbor": only one command goes on so */
			for (size_t i = 0; i < n; i++)
				if (m.cand[i])
					help_one(o, cmds[i]);
			return CTL_EXIT_OK;
		}
		break;
	case CTL_M_EMPTY:
		break;
	}
	ctl_out_table_begin(o, "commands",
	    "Commands (a unique prefix of each word will do):", cols, 4);
	for (size_t i = 0; i < n; i++) {
		if (!m.cand[i])
			continue;
		const struct ctl_cmdinfo *ci = cmds[i];
		struct ctl_val row[] = {
			CTL_STR(ci->pattern),
			CTL_STR(ci->summary != NULL ? ci->summary : ""),
			CTL_BOOL(ci->flags & CTL_READONLY_OK),
			CTL_BOOL(ci->flags & CTL_DRY_RUN_OK),
		};
		ctl_out_row(o, row, 4);
	}
	ctl_out_table_end(o);
	return CTL_EXIT_OK;
}
