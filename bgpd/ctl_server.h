/*
 * ctl_server.h -- the daemon's control sockets (libevent, UNIX stream).
 *
 * One server holds the command table and any number of sockets: the admin
 * socket (default /run/ecmpd/ecmpd.sock, 0660) and optional read-only ones
 * that refuse every command not registered CTL_READONLY_OK. A client sends
 * one request (ctl_proto.h) and gets a streamed reply, then the server
 * closes the connection.
 *
 * Registering a command:
 *
 *	static enum ctl_step
 *	show_summary(struct ctl_req *req, void *arg)
 *	{
 *		ctl_out_table_begin(req->out, "neighbors", NULL, cols, NCOLS);
 *		...rows...
 *		ctl_out_table_end(req->out);
 *		return CTL_DONE;
 *	}
 *	ctl_register(srv, "show summary", CTL_READONLY_OK, show_summary, daemon);
 *
 * Patterns and prefix matching: ctl_cmd.h. Help text defaults to the entry
 * of ctl_cmd_docs[] with the same pattern; ctl_cmd_set_help() overrides.
 * `help` is built in.
 *
 * Streaming. A handler whose reply may be large writes part of it, keeps
 * its place in req->state and returns CTL_MORE; the server calls it again
 * once the client has read the output queue down to CTL_OUT_LOW_WATER
 * (at once if it is already below, on a later turn of the event loop so
 * peers are served in between). Inside one call, stop when
 * ctl_req_should_yield() says the queue reached CTL_OUT_HIGH_WATER:
 *
 *	struct cursor *cur = req->state;	// NULL on the first call
 *	...
 *	while (cur->next != NULL && !ctl_req_should_yield(req))
 *		emit one row, advance cur;
 *	return cur->next != NULL ? CTL_MORE : CTL_DONE;
 *
 * req->state_free (if set) is called with req->state when the request ends,
 * whether done or cut short (client gone, timeout, server freed). The
 * daemon's data may change between two calls: resume from a key (an
 * address), not from a pointer. Output beyond CTL_OUT_HARD_LIMIT queued at
 * once is dropped and the reply ends with an error.
 *
 * Errors: ctl_req_fail(req, CTL_EXIT_ERROR or CTL_EXIT_USAGE, "...") sets
 * the exit status and the message ecmpctl prints on stderr; output already
 * written is still sent.
 *
 * Every state-changing command (not CTL_READONLY_OK) is logged with the
 * caller's uid (SO_PEERCRED) via log_msg(), as is every refusal.
 *
 * The server ignores SIGPIPE for the process (if it was at its default):
 * a client that goes away mid-reply must not kill the daemon.
 */
#ifndef ECMPD_CTL_SERVER_H
#define ECMPD_CTL_SERVER_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "ctl_cmd.h"
#include "ctl_out.h"
#include "ctl_proto.h"

struct event_base;
struct ctl_server;
struct ctl_cmd;
struct ctl_client;

#define CTL_OUT_HIGH_WATER	(256 * 1024)	/* queued output that pauses a handler */
#define CTL_OUT_LOW_WATER	(64 * 1024)	/* ... and resumes it */
#define CTL_OUT_HARD_LIMIT	(16 * 1024 * 1024)	/* a handler that ignores the marks */
#define CTL_MAX_CLIENTS		64
#define CTL_REQUEST_TIMEOUT_MS	5000	/* connect to whole request */
#define CTL_WRITE_TIMEOUT_MS	30000	/* no progress writing to the client */
#define CTL_SOCKET_MODE		0660

enum ctl_step {
	CTL_DONE = 0,		/* the reply is complete */
	CTL_MORE = 1,		/* call again when the client has read some */
};

struct ctl_req {
	/* the command line, abbreviations expanded ("neighbor 10.0.0.1 disable") */
	int argc;
	char **argv;
	/* the words that filled the pattern's parameters, in order */
	int nargs;
	char **args;
	uint32_t flags;		/* CTL_F_* */
	bool json;		/* flags & CTL_F_JSON */
	bool dry_run;		/* flags & CTL_F_DRY_RUN */
	/* the caller (SO_PEERCRED) */
	uid_t uid;
	gid_t gid;
	pid_t pid;
	bool readonly_socket;
	/* where the reply goes */
	struct ctl_out *out;
	/* streaming: calls made so far (0 in the first), handler state */
	unsigned calls;
	void *state;
	void (*state_free)(void *state);
	struct ctl_client *client;	/* private */
};

typedef enum ctl_step (*ctl_handler_fn)(struct ctl_req *req, void *arg);

struct ctl_server *ctl_server_new(struct event_base *base);
/*
 * Listen on a UNIX socket at path with the given mode (chmod, so the umask
 * does not matter; ownership is the daemon's: chown the path after). A
 * stale socket file is replaced only if nothing accepts on it; any other
 * file there is an error, and so is a missing parent directory. Returns 0,
 * or -1 with errno set (EADDRINUSE: another daemon listens there).
 */
int ctl_server_listen(struct ctl_server *srv, const char *path, mode_t mode, bool readonly);
/* ctl_server_new() + ctl_server_listen(); NULL with errno set on failure. */
struct ctl_server *ctl_server_open(struct event_base *base, const char *path,
    mode_t mode, bool readonly);
/* Close every client and socket (unlinking the socket files) and free. */
void ctl_server_free(struct ctl_server *srv);

/*
 * Register a command (pattern syntax: ctl_cmd.h; flags CTL_READONLY_OK,
 * CTL_DRY_RUN_OK, CTL_PREFER). The help text, and CTL_PREFER, also come
 * from the ctl_cmd_docs[] entry with the same pattern, if any; the
 * permissions only from flags. Commands are listed by `help` in the order
 * they are registered. Returns NULL (and logs) if the pattern is
 * malformed, already registered, or the table is full. Strings given here
 * and to ctl_cmd_set_help must outlive the server.
 */
struct ctl_cmd *ctl_register(struct ctl_server *srv, const char *pattern,
    unsigned flags, ctl_handler_fn fn, void *arg);
void ctl_cmd_set_help(struct ctl_cmd *cmd, const char *summary, const char *help);

/* Set the exit status (1 or 2) and the message for stderr; the first wins. */
void ctl_req_fail(struct ctl_req *req, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* True once the client's output queue has reached CTL_OUT_HIGH_WATER. */
bool ctl_req_should_yield(const struct ctl_req *req);
/* args[from..] joined by single spaces ("" if none); valid during the request. */
const char *ctl_req_join(struct ctl_req *req, int from);

/* For tests: shorter timeouts (0 leaves one unchanged). */
void ctl_server_set_timeouts(struct ctl_server *srv, unsigned request_ms, unsigned write_ms);

struct ctl_server_stats {
	unsigned clients;		/* connected now */
	uint64_t requests;		/* requests read */
	uint64_t handler_calls;
	uint64_t timeouts;		/* clients dropped for a timeout */
	size_t peak_queued;		/* largest output queue seen after a handler call */
};
void ctl_server_stats(const struct ctl_server *srv, struct ctl_server_stats *st);

#endif /* ECMPD_CTL_SERVER_H */
