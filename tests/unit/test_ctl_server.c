/*
 * test_ctl_server.c -- the control server on a real libevent loop, with
 * UNIX sockets in a temporary directory (not a network test) and demo
 * commands registered here. The client (ctl_client.c, as ecmpctl uses it)
 * runs in a thread; the loop runs in the main thread until the client is
 * done.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>

#include "ctl_client.h"
#include "ctl_server.h"
#include "log.h"

static char dir[64], admin[96], ro[96];
static struct event_base *base;
static struct ctl_server *srv;
static int notify[2];
static struct event *notify_ev;

/* What the demo handlers saw. */
static unsigned disable_calls, rows_frees, rows_started;
static uid_t disable_uid;
static char disable_text[256];

/* --- demo commands ------------------------------------------------------- */

static const struct ctl_col summary_cols[] = {
	{ "neighbor", "Neighbor", 0, 0 },
	{ "as", "AS", CTL_COL_RIGHT, 0 },
	{ "state", "State", 0, 0 },
};

static enum ctl_step
show_summary(struct ctl_req *req, void *arg)
{
	(void)arg;
	ctl_out_table_begin(req->out, "neighbors", NULL, summary_cols, 3);
	ctl_out_row(req->out, (struct ctl_val[]){ CTL_STR("192.0.2.1"), CTL_U64(65001), CTL_STR("Established") }, 3);
	ctl_out_row(req->out, (struct ctl_val[]){ CTL_STR("192.0.2.22"), CTL_U64(4200000000), CTL_STR("Active") }, 3);
	ctl_out_table_end(req->out);
	return CTL_DONE;
}

static enum ctl_step
show_status(struct ctl_req *req, void *arg)
{
	(void)arg;
	ctl_out_kv_str(req->out, "version", "Version", "test");
	return CTL_DONE;
}

static enum ctl_step
show_neighbor(struct ctl_req *req, void *arg)
{
	(void)arg;
	if (strcmp(req->args[0], "192.0.2.99") == 0) {
		ctl_out_kv_str(req->out, NULL, NULL, "partial output");
		ctl_req_fail(req, CTL_EXIT_ERROR, "no neighbor %s", req->args[0]);
		ctl_req_fail(req, CTL_EXIT_USAGE, "the first failure wins");
		return CTL_DONE;
	}
	ctl_out_section_begin(req->out, "neighbor", NULL);
	ctl_out_kv_str(req->out, "address", "Neighbor", req->args[0]);
	ctl_out_kv_str(req->out, "command", "Command", req->argv[0]);
	ctl_out_section_end(req->out);
	return CTL_DONE;
}

static enum ctl_step
neighbor_disable(struct ctl_req *req, void *arg)
{
	(void)arg;
	disable_calls++;
	disable_uid = req->uid;
	snprintf(disable_text, sizeof(disable_text), "%s|%s|%d", req->args[0],
	    ctl_req_join(req, 1), req->nargs);
	ctl_out_kv_str(req->out, "result", NULL, "disabled");
	return CTL_DONE;
}

static enum ctl_step
reload(struct ctl_req *req, void *arg)
{
	(void)arg;
	ctl_out_kv_bool(req->out, "dry_run", "Dry run", req->dry_run);
	return CTL_DONE;
}

struct rows {
	unsigned next;
	unsigned n;
};

static void
rows_free(void *p)
{
	rows_frees++;
	free(p);
}

static const struct ctl_col rows_cols[] = {
	{ "i", "I", CTL_COL_RIGHT, 5 },
	{ "name", "Name", 0, 0 },
};

/* A generator: rows until the queue is full, then again when it drains. */
static enum ctl_step
show_rows(struct ctl_req *req, void *arg)
{
	(void)arg;
	struct rows *st = req->state;
	char name[32];

	if (st == NULL) {
		assert_int_equal(req->calls, 0);
		st = calloc(1, sizeof(*st));
		assert_non_null(st);
		st->n = (unsigned)strtoul(req->args[0], NULL, 10);
		req->state = st;
		req->state_free = rows_free;
		rows_started++;
		ctl_out_table_begin(req->out, "rows", NULL, rows_cols, 2);
	}
	while (st->next < st->n && !ctl_req_should_yield(req)) {
		snprintf(name, sizeof(name), "row %u", st->next);
		ctl_out_row(req->out, (struct ctl_val[]){ CTL_U64(st->next), CTL_STR(name) }, 2);
		st->next++;
	}
	if (st->next < st->n)
		return CTL_MORE;
	ctl_out_table_end(req->out);
	return CTL_DONE;
}

/* A handler that ignores ctl_req_should_yield(). */
static enum ctl_step
show_huge(struct ctl_req *req, void *arg)
{
	(void)arg;
	static char line[1024];
	memset(line, 'x', sizeof(line) - 1);
	for (int i = 0; i < 2 * CTL_OUT_HARD_LIMIT / (int)sizeof(line); i++)
		ctl_out_kv_str(req->out, NULL, NULL, line);
	return CTL_DONE;
}

/* --- fixture ------------------------------------------------------------- */

static void
notify_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)what;
	(void)arg;
	char c;
	(void)!read(fd, &c, 1);
	event_base_loopbreak(base);
}

static int
setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/ctltest.XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(admin, sizeof(admin), "%s/ecmpd.sock", dir);
	snprintf(ro, sizeof(ro), "%s/ecmpd-ro.sock", dir);
	base = event_base_new();
	assert_non_null(base);
	srv = ctl_server_open(base, admin, 0660, false);
	assert_non_null(srv);
	assert_int_equal(ctl_server_listen(srv, ro, 0666, true), 0);
	assert_non_null(ctl_register(srv, "show summary", CTL_READONLY_OK, show_summary, NULL));
	assert_non_null(ctl_register(srv, "show status", CTL_READONLY_OK, show_status, NULL));
	assert_non_null(ctl_register(srv, "show neighbor PEER", CTL_READONLY_OK, show_neighbor, NULL));
	assert_non_null(ctl_register(srv, "neighbor PEER disable [MESSAGE...]", 0, neighbor_disable, NULL));
	assert_non_null(ctl_register(srv, "reload", CTL_DRY_RUN_OK, reload, NULL));
	struct ctl_cmd *c = ctl_register(srv, "show rows N", CTL_READONLY_OK, show_rows, NULL);
	assert_non_null(c);
	ctl_cmd_set_help(c, "N numbered rows", NULL);
	assert_non_null(ctl_register(srv, "show huge", CTL_READONLY_OK, show_huge, NULL));
	assert_int_equal(pipe(notify), 0);
	notify_ev = event_new(base, notify[0], EV_READ | EV_PERSIST, notify_cb, NULL);
	event_add(notify_ev, NULL);
	disable_calls = rows_frees = rows_started = 0;
	disable_text[0] = '\0';
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	struct stat st;
	ctl_server_free(srv);
	/* the socket files went with the server */
	assert_int_not_equal(stat(admin, &st), 0);
	assert_int_not_equal(stat(ro, &st), 0);
	event_free(notify_ev);
	event_base_free(base);
	close(notify[0]);
	close(notify[1]);
	assert_int_equal(rmdir(dir), 0);
	return 0;
}

/* --- a client in a thread ------------------------------------------------ */

struct job {
	const char *path;
	uint32_t flags;
	int argc;
	const char *argv[16];
	/* results */
	int rc;
	struct ctl_end end;
	char err[256];
	char *out;
	size_t len, cap;
	unsigned slow;		/* sleep 1 ms every this many octets read */
	size_t since_sleep;
};

static void
job_data(void *arg, const uint8_t *p, size_t len)
{
	struct job *j = arg;
	if (j->len + len + 1 > j->cap) {
		j->cap = (j->len + len + 1) * 2;
		j->out = realloc(j->out, j->cap);
		if (j->out == NULL)
			abort();	/* no cmocka asserts outside the main thread */
	}
	memcpy(j->out + j->len, p, len);
	j->len += len;
	j->out[j->len] = '\0';
	if (j->slow > 0 && (j->since_sleep += len) >= j->slow) {
		j->since_sleep = 0;
		usleep(1000);
	}
}

static void
done(void)
{
	(void)!write(notify[1], "x", 1);
}

static void *
job_thread(void *arg)
{
	struct job *j = arg;
	int fd = ctl_client_connect(j->path, j->err, sizeof(j->err));
	if (fd < 0) {
		j->rc = -1;
	} else {
		j->rc = ctl_client_call(fd, j->flags, j->argc, j->argv, job_data, j,
		    &j->end, 10000, j->err, sizeof(j->err));
		close(fd);
	}
	done();
	return NULL;
}

/* Run the loop until fn (in a thread) is done, then a little longer so the
 * server sees what the client did last. */
static void
run(void *(*fn)(void *), void *arg)
{
	pthread_t t;
	struct timeval settle = { 0, 50000 };
	assert_int_equal(pthread_create(&t, NULL, fn, arg), 0);
	event_base_dispatch(base);
	assert_int_equal(pthread_join(t, NULL), 0);
	event_base_loopexit(base, &settle);
	event_base_dispatch(base);
}

static struct job *
call(const char *path, uint32_t flags, const char *line)
{
	static char buf[512];
	struct job *j = calloc(1, sizeof(*j));
	assert_non_null(j);
	j->path = path;
	j->flags = flags;
	strcpy(buf, line);
	for (char *t = strtok(buf, " "); t != NULL; t = strtok(NULL, " "))
		j->argv[j->argc++] = t;
	run(job_thread, j);
	if (j->out == NULL)
		j->out = calloc(1, 1);
	return j;
}

static void
job_free(struct job *j)
{
	free(j->out);
	free(j);
}

/* --- tests --------------------------------------------------------------- */

static void
test_socket_modes(void **state)
{
	(void)state;
	struct stat st;
	assert_int_equal(stat(admin, &st), 0);
	assert_true(S_ISSOCK(st.st_mode));
	assert_int_equal(st.st_mode & 0777, 0660);
	assert_int_equal(stat(ro, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0666);
}

static void
test_exact_and_prefix(void **state)
{
	(void)state;
	const char *want =
	    "Neighbor            AS  State\n"
	    "192.0.2.1        65001  Established\n"
	    "192.0.2.22  4200000000  Active\n";
	struct job *j = call(admin, 0, "show summary");
	assert_int_equal(j->rc, 0);
	assert_string_equal(j->out, want);
	assert_string_equal(j->end.msg, "");
	job_free(j);

	/* s s: show summary is preferred over show status (ctl_cmd_docs) */
	j = call(admin, 0, "s su");
	assert_int_equal(j->rc, 0);
	assert_string_equal(j->out, want);
	job_free(j);
	j = call(admin, 0, "s s");
	assert_int_equal(j->rc, 0);
	assert_string_equal(j->out, want);
	job_free(j);
	j = call(admin, 0, "sh sta");
	assert_int_equal(j->rc, 0);
	assert_string_equal(j->out, "Version:            test\n");
	job_free(j);

	/* parameters, and the words as the handler sees them */
	j = call(ro, 0, "s n 192.0.2.1");
	assert_int_equal(j->rc, 0);
	assert_string_equal(j->out, "Neighbor:           192.0.2.1\nCommand:            show\n");
	job_free(j);
}

static void
test_json(void **state)
{
	(void)state;
	struct job *j = call(admin, CTL_F_JSON, "show summary");
	assert_int_equal(j->rc, 0);
	assert_string_equal(j->out,
	    "{\n"
	    "  \"schema_version\": 1,\n"
	    "  \"neighbors\": [\n"
	    "    {\n"
	    "      \"neighbor\": \"192.0.2.1\",\n"
	    "      \"as\": 65001,\n"
	    "      \"state\": \"Established\"\n"
	    "    },\n"
	    "    {\n"
	    "      \"neighbor\": \"192.0.2.22\",\n"
	    "      \"as\": 4200000000,\n"
	    "      \"state\": \"Active\"\n"
	    "    }\n"
	    "  ]\n"
	    "}\n");
	job_free(j);
}

static void
test_usage_errors(void **state)
{
	(void)state;
	struct job *j = call(admin, 0, "neighbor 192.0.2.1 d");
	assert_int_equal(j->rc, 0);	/* only disable begins with d */
	job_free(j);

	j = call(admin, 0, "frobnicate");
	assert_int_equal(j->rc, CTL_EXIT_USAGE);
	assert_string_equal(j->end.msg, "unknown command 'frobnicate'; commands: help, show, neighbor, reload");
	assert_string_equal(j->out, "");
	job_free(j);

	j = call(admin, 0, "show");
	assert_int_equal(j->rc, CTL_EXIT_USAGE);
	assert_string_equal(j->end.msg, "incomplete command 'show'; it goes on as: show summary, "
	    "show status, show neighbor PEER, show rows N, show huge");
	job_free(j);

	j = call(admin, 0, "show ro 3");
	assert_int_equal(j->rc, CTL_EXIT_OK);
	assert_string_equal(j->out, "    I  Name\n    0  row 0\n    1  row 1\n    2  row 2\n");
	job_free(j);

	j = call(admin, 0, "sh st x");
	assert_int_equal(j->rc, CTL_EXIT_USAGE);
	assert_string_equal(j->end.msg, "unexpected word 'x' after 'show status'");
	job_free(j);

	j = call(admin, 0, "");
	assert_int_equal(j->rc, CTL_EXIT_USAGE);
	assert_string_equal(j->end.msg, "no command given; try 'help'");
	job_free(j);

	/* --dry-run only where registered */
	j = call(admin, CTL_F_DRY_RUN, "show summary");
	assert_int_equal(j->rc, CTL_EXIT_USAGE);
	assert_string_equal(j->end.msg, "'show summary' takes no --dry-run");
	job_free(j);
	j = call(admin, CTL_F_DRY_RUN, "rel");
	assert_int_equal(j->rc, 0);
	assert_string_equal(j->out, "Dry run:            yes\n");
	job_free(j);
}

static void
test_ambiguous(void **state)
{
	(void)state;
	/* a second command under "show st..." makes "st" ambiguous */
	assert_non_null(ctl_register(srv, "show stuff", CTL_READONLY_OK, show_status, NULL));
	struct job *j = call(admin, 0, "show st");
	assert_int_equal(j->rc, CTL_EXIT_USAGE);
	assert_string_equal(j->end.msg, "ambiguous word 'st' after 'show': status, stuff");
	job_free(j);
	/* registering twice, or a bad pattern, is refused */
	assert_null(ctl_register(srv, "show stuff", 0, show_status, NULL));
	assert_null(ctl_register(srv, "Show Stuff", 0, show_status, NULL));
}

static void
test_handler_error(void **state)
{
	(void)state;
	struct job *j = call(admin, 0, "show neighbor 192.0.2.99");
	assert_int_equal(j->rc, CTL_EXIT_ERROR);
	assert_string_equal(j->end.msg, "no neighbor 192.0.2.99");
	assert_string_equal(j->out, "partial output\n");
	job_free(j);
}

static void
test_readonly(void **state)
{
	(void)state;
	char want[256];

	struct job *j = call(ro, 0, "neighbor 192.0.2.1 disable");
	assert_int_equal(j->rc, CTL_EXIT_ERROR);
	snprintf(want, sizeof(want), "permission denied: this socket is read-only; use %s", admin);
	assert_string_equal(j->end.msg, want);
	assert_int_equal(disable_calls, 0);
	job_free(j);

	j = call(ro, CTL_F_DRY_RUN, "reload");
	assert_int_equal(j->rc, CTL_EXIT_ERROR);
	assert_string_equal(j->end.msg, want);
	job_free(j);

	/* reading is fine, and so is help about any command */
	j = call(ro, 0, "show summary");
	assert_int_equal(j->rc, 0);
	job_free(j);
	j = call(ro, CTL_F_HELP, "n 1 dis");
	assert_int_equal(j->rc, 0);
	assert_non_null(strstr(j->out, "usage: ecmpctl [-s SOCKET] [-j] neighbor PEER disable [MESSAGE...]\n"));
	assert_int_equal(disable_calls, 0);
	job_free(j);
}

/* Run fn with stderr going to a file; returns what was written. */
static char *
capture_stderr(struct job *(*fn)(void), struct job **jp)
{
	static char logged[4096];
	char path[128];
	snprintf(path, sizeof(path), "%s/stderr", dir);
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	int saved = dup(2);
	fflush(stderr);
	dup2(fd, 2);
	log_init("test", true, LOG_DEBUG);
	*jp = fn();
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	log_init("test", true, LOG_ERR);
	ssize_t n = pread(fd, logged, sizeof(logged) - 1, 0);
	close(fd);
	unlink(path);
	logged[n > 0 ? n : 0] = '\0';
	return logged;
}

static struct job *
disable_on_admin(void)
{
	return call(admin, 0, "n 192.0.2.1 disable going down\tnow");
}

static struct job *
disable_on_ro(void)
{
	return call(ro, 0, "neighbor 192.0.2.1 disable");
}

static void
test_admin_command_logged(void **state)
{
	(void)state;
	struct job *j;
	char want[256];

	char *logged = capture_stderr(disable_on_admin, &j);
	assert_int_equal(j->rc, 0);
	assert_string_equal(j->out, "disabled\n");
	assert_int_equal(disable_calls, 1);
	assert_int_equal(disable_uid, getuid());
	assert_string_equal(disable_text, "192.0.2.1|going down\tnow|3");
	/* expanded words, the uid, and no control character in the log */
	snprintf(want, sizeof(want), "control: uid %ld pid %ld: neighbor 192.0.2.1 disable going down?now\n",
	    (long)getuid(), (long)getpid());
	if (strstr(logged, want) == NULL)
		fail_msg("log has no '%s' but:\n%s", want, logged);
	job_free(j);

	logged = capture_stderr(disable_on_ro, &j);
	snprintf(want, sizeof(want), "control: refused on read-only socket %s: uid %ld pid %ld: "
	    "neighbor 192.0.2.1 disable\n", ro, (long)getuid(), (long)getpid());
	if (strstr(logged, want) == NULL)
		fail_msg("log has no '%s' but:\n%s", want, logged);
	job_free(j);
}

static void
test_help(void **state)
{
	(void)state;
	struct job *j = call(admin, 0, "help");
	assert_int_equal(j->rc, 0);
	assert_string_equal(j->out,
	    "Commands (a unique prefix of each word will do):\n"
	    "  help [WORD...]                      the commands (those beginning with WORD...)\n"
	    "  show summary                        neighbors, their states and counters\n"
	    "  show status                         version, router id, uptime, last reload\n"
	    "  show neighbor PEER                  one neighbor in detail\n"
	    "  neighbor PEER disable [MESSAGE...]  stop a neighbor's session, keep it down\n"
	    "  reload                              apply the configuration file again\n"
	    "  show rows N                         N numbered rows\n"
	    "  show huge\n");
	job_free(j);

	j = call(admin, 0, "h sh r");
	assert_int_equal(j->rc, 0);
	assert_string_equal(j->out, "usage: ecmpctl [-s SOCKET] [-j] show rows N\n\nN numbered rows\n");
	job_free(j);

	j = call(admin, CTL_F_HELP, "show");
	assert_int_equal(j->rc, 0);
	assert_non_null(strstr(j->out, "  show rows N "));
	assert_null(strstr(j->out, "  reload "));
	job_free(j);

	j = call(admin, CTL_F_HELP | CTL_F_JSON, "reload");
	assert_int_equal(j->rc, 0);
	assert_non_null(strstr(j->out, "\"command\": \"reload\",\n"));
	assert_non_null(strstr(j->out, "\"dry_run\": true\n"));
	job_free(j);

	j = call(admin, CTL_F_HELP, "bogus");
	assert_int_equal(j->rc, CTL_EXIT_USAGE);
	assert_string_equal(j->out, "");
	job_free(j);
}

static size_t
count_lines(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static void
test_stream_100k_rows(void **state)
{
	(void)state;
	struct ctl_server_stats st;
	char want[64];

	struct job *j = call(admin, 0, "show rows 100000");
	assert_int_equal(j->rc, 0);
	assert_int_equal(count_lines(j->out), 100001);
	assert_memory_equal(j->out, "    I  Name\n    0  row 0\n    1  row 1\n", 36);
	snprintf(want, sizeof(want), "99999  row 99999\n");
	assert_string_equal(j->out + j->len - strlen(want), want);
	/* every row, in order */
	const char *p = strchr(j->out, '\n') + 1;
	for (unsigned i = 0; i < 100000; i++) {
		char line[64];
		int n = snprintf(line, sizeof(line), "%5u  row %u\n", i, i);
		if (memcmp(p, line, (size_t)n) != 0)
			fail_msg("row %u: %.40s", i, p);
		p += n;
	}
	job_free(j);
	ctl_server_stats(srv, &st);
	assert_true(st.handler_calls > 2);	/* streamed, not in one go */
	assert_true(st.peak_queued < CTL_OUT_HIGH_WATER + 4096);
	assert_int_equal(rows_started, 1);
	assert_int_equal(rows_frees, 1);
}

static void
test_stream_slow_reader_json(void **state)
{
	(void)state;
	struct ctl_server_stats st;
	struct job *j = calloc(1, sizeof(*j));
	j->path = admin;
	j->flags = CTL_F_JSON;
	j->argc = 3;
	j->argv[0] = "show";
	j->argv[1] = "rows";
	j->argv[2] = "100000";
	j->slow = 16 * 1024;
	run(job_thread, j);
	assert_int_equal(j->rc, 0);
	/* every row, in order (no strstr: ASan makes it quadratic) */
	const char *head = "{\n  \"schema_version\": 1,\n  \"rows\": [\n";
	assert_memory_equal(j->out, head, strlen(head));
	const char *p = j->out + strlen(head);
	for (unsigned i = 0; i < 100000; i++) {
		char row[128];
		int n = snprintf(row, sizeof(row),
		    "    {\n      \"i\": %u,\n      \"name\": \"row %u\"\n    }%s\n",
		    i, i, i < 99999 ? "," : "");
		if (memcmp(p, row, (size_t)n) != 0)
			fail_msg("row %u: %.60s", i, p);
		p += n;
	}
	assert_string_equal(p, "  ]\n}\n");
	job_free(j);
	ctl_server_stats(srv, &st);
	assert_true(st.peak_queued < CTL_OUT_HIGH_WATER + 4096);
	assert_int_equal(rows_frees, 1);
}

static void
test_hard_limit(void **state)
{
	(void)state;
	struct job *j = call(admin, 0, "show huge");
	assert_int_equal(j->rc, CTL_EXIT_ERROR);
	assert_string_equal(j->end.msg, "reply cut: ecmpd queued more than 16777216 octets");
	assert_true(j->len <= CTL_OUT_HARD_LIMIT);
	job_free(j);
}

/* Raw clients: what a broken or hostile client does. */
struct raw {
	const uint8_t *send;
	size_t len;
	unsigned read_after_ms;	/* wait before reading */
	bool read_nothing;	/* close without reading */
	/* results */
	uint8_t reply[4096];
	ssize_t got;
	double secs;		/* from connect to EOF */
};

static void *
raw_thread(void *arg)
{
	struct raw *r = arg;
	char err[256];
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int fd = ctl_client_connect(admin, err, sizeof(err));
	if (fd < 0) {
		r->got = -1;
		done();
		return NULL;
	}
	struct timeval tv = { 5, 0 };
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	if (r->len > 0 && send(fd, r->send, r->len, MSG_NOSIGNAL) != (ssize_t)r->len)
		r->got = -1;
	if (r->read_after_ms > 0)
		usleep(r->read_after_ms * 1000);
	if (r->got < 0) {
		close(fd);
		done();
		return NULL;
	}
	while (!r->read_nothing && r->got < (ssize_t)sizeof(r->reply)) {
		ssize_t n = recv(fd, r->reply + r->got, sizeof(r->reply) - (size_t)r->got, 0);
		if (n <= 0)
			break;
		r->got += n;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	r->secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	close(fd);
	done();
	return NULL;
}

static void
raw_end(const struct raw *r, int status, const char *msg)
{
	struct ctl_frame f;
	struct ctl_end end;
	size_t used;
	assert_int_equal(ctl_frame_parse(r->reply, (size_t)r->got, CTL_DATA_MAX, &f, &used), CTL_OK);
	assert_int_equal(f.type, CTL_T_END);
	assert_int_equal(used, (size_t)r->got);
	assert_int_equal(ctl_end_decode(f.payload, f.len, &end), CTL_OK);
	assert_int_equal(end.status, status);
	assert_string_equal(end.msg, msg);
}

static void
test_idle_client_timed_out(void **state)
{
	(void)state;
	struct ctl_server_stats st;
	struct raw r = { 0 };

	ctl_server_set_timeouts(srv, 200, 0);
	run(raw_thread, &r);
	assert_int_equal(r.got, 0);		/* closed without a word */
	assert_true(r.secs >= 0.15 && r.secs < 3.0);
	ctl_server_stats(srv, &st);
	assert_int_equal(st.timeouts, 1);
	assert_int_equal(st.clients, 0);

	/* half a request is no better */
	const uint8_t half[] = { 1, 1, 0, 0, 0, 0, 0, 8, 0, 0 };
	struct raw r2 = { .send = half, .len = sizeof(half) };
	run(raw_thread, &r2);
	assert_int_equal(r2.got, 0);
	ctl_server_stats(srv, &st);
	assert_int_equal(st.timeouts, 2);
}

static void
test_stuck_reader_timed_out(void **state)
{
	(void)state;
	struct ctl_server_stats st;
	uint8_t req[CTL_REQ_MAX];
	size_t len;
	const char *argv[] = { "show", "rows", "10000000" };

	ctl_server_set_timeouts(srv, 0, 300);
	assert_int_equal(ctl_req_encode(0, 3, argv, req, sizeof(req), &len), CTL_OK);
	struct raw r = { .send = req, .len = len, .read_after_ms = 1500, .read_nothing = true };
	run(raw_thread, &r);
	ctl_server_stats(srv, &st);
	assert_int_equal(st.timeouts, 1);
	assert_int_equal(st.clients, 0);
	assert_int_equal(rows_started, 1);
	assert_int_equal(rows_frees, 1);	/* the handler's state went with the client */
}

static void
test_client_leaves_mid_stream(void **state)
{
	(void)state;
	struct ctl_server_stats st;
	uint8_t req[CTL_REQ_MAX];
	size_t len;
	const char *argv[] = { "show", "rows", "10000000" };

	assert_int_equal(ctl_req_encode(0, 3, argv, req, sizeof(req), &len), CTL_OK);
	struct raw r = { .send = req, .len = len, .read_after_ms = 100 };	/* reads 4 KiB, leaves */
	run(raw_thread, &r);
	assert_int_equal(r.got, (ssize_t)sizeof(r.reply));
	struct timeval settle = { 0, 300000 };
	event_base_loopexit(base, &settle);
	event_base_dispatch(base);
	ctl_server_stats(srv, &st);
	assert_int_equal(st.clients, 0);
	assert_int_equal(rows_frees, 1);
}

static void
test_bad_requests(void **state)
{
	(void)state;
	const uint8_t v2[] = { 2, 1, 0, 0, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0 };
	struct raw r = { .send = v2, .len = sizeof(v2) };
	run(raw_thread, &r);
	raw_end(&r, CTL_EXIT_USAGE, "control protocol version 2 is not supported: this ecmpd "
	    "speaks version 1 (use the ecmpctl of the same release)");

	const uint8_t data[] = { 1, 2, 0, 0, 0, 0, 0, 1, 'x' };
	struct raw r2 = { .send = data, .len = sizeof(data) };
	run(raw_thread, &r2);
	raw_end(&r2, CTL_EXIT_USAGE, "malformed request: unexpected frame type");

	const uint8_t big[] = { 1, 1, 0, 0, 0, 1, 0, 0 };	/* 64 KiB request */
	struct raw r3 = { .send = big, .len = sizeof(big) };
	run(raw_thread, &r3);
	raw_end(&r3, CTL_EXIT_USAGE, "malformed request: frame too large");

	const uint8_t flags[] = { 1, 1, 0, 0, 0, 0, 0, 6, 0, 0, 1, 0, 0, 0 };
	struct raw r4 = { .send = flags, .len = sizeof(flags) };
	run(raw_thread, &r4);
	raw_end(&r4, CTL_EXIT_USAGE, "malformed request: unknown request flags");
}

static void *
many_thread(void *arg)
{
	int fds[CTL_MAX_CLIENTS + 1];
	char err[256];
	struct raw *r = arg;

	for (int i = 0; i <= CTL_MAX_CLIENTS; i++)
		fds[i] = ctl_client_connect(admin, err, sizeof(err));
	struct timeval tv = { 5, 0 };
	setsockopt(fds[CTL_MAX_CLIENTS], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	r->got = recv(fds[CTL_MAX_CLIENTS], r->reply, sizeof(r->reply), 0);
	for (int i = 0; i <= CTL_MAX_CLIENTS; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	done();
	return NULL;
}

static void
test_too_many_clients(void **state)
{
	(void)state;
	struct raw r = { 0 };
	run(many_thread, &r);
	raw_end(&r, CTL_EXIT_ERROR, "too many control clients; try again");
	struct timeval settle = { 0, 100000 };
	event_base_loopexit(base, &settle);
	event_base_dispatch(base);
	struct ctl_server_stats st;
	ctl_server_stats(srv, &st);
	assert_int_equal(st.clients, 0);
}

static void
test_listen_errors(void **state)
{
	(void)state;
	char path[128];
	struct stat st;

	/* something listens there: not replaced */
	errno = 0;
	assert_null(ctl_server_open(base, admin, 0660, false));
	assert_int_equal(errno, EADDRINUSE);

	/* a stale socket (nobody listening) is replaced */
	snprintf(path, sizeof(path), "%s/stale.sock", dir);
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	strcpy(sun.sun_path, path);
	assert_int_equal(bind(fd, (struct sockaddr *)&sun, sizeof(sun)), 0);
	close(fd);
	assert_int_equal(stat(path, &st), 0);
	struct ctl_server *s2 = ctl_server_open(base, path, 0600, false);
	assert_non_null(s2);
	struct job *j = call(path, 0, "help");
	assert_int_equal(j->rc, 0);
	job_free(j);
	ctl_server_free(s2);
	assert_int_not_equal(stat(path, &st), 0);

	/* a file that is not a socket is left alone */
	snprintf(path, sizeof(path), "%s/file", dir);
	fd = open(path, O_WRONLY | O_CREAT, 0600);
	close(fd);
	errno = 0;
	assert_null(ctl_server_open(base, path, 0600, false));
	assert_int_equal(errno, EEXIST);
	assert_int_equal(stat(path, &st), 0);
	unlink(path);

	/* the directory must exist */
	snprintf(path, sizeof(path), "%s/nodir/ecmpd.sock", dir);
	errno = 0;
	assert_null(ctl_server_open(base, path, 0600, false));
	assert_int_equal(errno, ENOENT);

	/* too long for sun_path */
	char longpath[200];
	memset(longpath, 'a', sizeof(longpath) - 1);
	longpath[0] = '/';
	longpath[sizeof(longpath) - 1] = '\0';
	assert_null(ctl_server_open(base, longpath, 0600, false));
	assert_int_equal(errno, ENAMETOOLONG);
}

static void
test_client_connect_errors(void **state)
{
	(void)state;
	char err[256], path[128];

	snprintf(path, sizeof(path), "%s/none.sock", dir);
	assert_int_equal(ctl_client_connect(path, err, sizeof(err)), -1);
	char want[256];
	snprintf(want, sizeof(want), "cannot connect to %s: No such file or directory (is ecmpd running?)", path);
	assert_string_equal(err, want);
}

int
main(void)
{
	log_init("test_ctl_server", true, LOG_ERR);
	if (getenv("TEST_FILTER") != NULL)	/* e.g. TEST_FILTER='test_stream*' */
		cmocka_set_test_filter(getenv("TEST_FILTER"));
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_socket_modes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exact_and_prefix, setup, teardown),
		cmocka_unit_test_setup_teardown(test_json, setup, teardown),
		cmocka_unit_test_setup_teardown(test_usage_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ambiguous, setup, teardown),
		cmocka_unit_test_setup_teardown(test_handler_error, setup, teardown),
		cmocka_unit_test_setup_teardown(test_readonly, setup, teardown),
		cmocka_unit_test_setup_teardown(test_admin_command_logged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_help, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stream_100k_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stream_slow_reader_json, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hard_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_idle_client_timed_out, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stuck_reader_timed_out, setup, teardown),
		cmocka_unit_test_setup_teardown(test_client_leaves_mid_stream, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_requests, setup, teardown),
		cmocka_unit_test_setup_teardown(test_too_many_clients, setup, teardown),
		cmocka_unit_test_setup_teardown(test_listen_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_client_connect_errors, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
