/*
 * test_ctl_cmd.c -- command patterns, unique-prefix matching with its
 * messages, and help rendered from the command documentation.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "ctl_cmd.h"
#include "ctl_out.h"

static void
test_pattern_parse(void **state)
{
	(void)state;
	struct ctl_pattern p;
	char err[128];

	assert_true(ctl_pattern_parse("neighbor PEER reset [MESSAGE...]", &p, err, sizeof(err)));
	assert_int_equal(p.ntok, 4);
	assert_int_equal(p.nreq, 3);
	assert_string_equal(p.text, "neighbor PEER reset [MESSAGE...]");
	assert_int_equal(p.tok[0].kind, CTL_TOK_WORD);
	assert_string_equal(ctl_pattern_tok(&p, 0), "neighbor");
	assert_int_equal(p.tok[1].kind, CTL_TOK_PARAM);
	assert_string_equal(ctl_pattern_tok(&p, 1), "PEER");
	assert_int_equal(p.tok[3].kind, CTL_TOK_REST);
	assert_string_equal(ctl_pattern_tok(&p, 3), "MESSAGE");

	assert_true(ctl_pattern_parse("log level LEVEL", &p, err, sizeof(err)));
	assert_int_equal(p.nreq, 3);
	assert_true(ctl_pattern_parse("show rib [PREFIX] [FAMILY]", &p, err, sizeof(err)));
	assert_int_equal(p.tok[2].kind, CTL_TOK_OPT);
	assert_int_equal(p.nreq, 2);
	assert_true(ctl_pattern_parse("announce PREFIX...", &p, err, sizeof(err)));
	assert_int_equal(p.tok[1].kind, CTL_TOK_REST1);
	assert_int_equal(p.nreq, 2);
	assert_true(ctl_pattern_parse("ipv4-unicast x.y_z", &p, err, sizeof(err)));

	/* and what is not a pattern */
	const char *bad[] = {
		"", "PEER show", "show  summary", "show summary ", " show",
		"Show", "show [X", "show []", "show [x]", "show X... Y", "show [X] Y",
		"show [X...] [Y]", "show ...", "show x!", "show -x",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		if (ctl_pattern_parse(bad[i], &p, err, sizeof(err)))
			fail_msg("'%s' parsed", bad[i]);
		assert_true(err[0] != '\0');
	}
	assert_false(ctl_pattern_parse(NULL, &p, NULL, 0));
	char longpat[CTL_PAT_TEXT_MAX + 2];
	memset(longpat, 'a', sizeof(longpat) - 1);
	longpat[sizeof(longpat) - 1] = '\0';
	assert_false(ctl_pattern_parse(longpat, &p, err, sizeof(err)));
	assert_false(ctl_pattern_parse("a b c d e f g h i j k l m n o p q", &p, err, sizeof(err)));
}

/* The daemon's table, as ctl_server would hold it. */
static const char *const table[] = {
	"help [WORD...]",
	"show summary",
	"show neighbor PEER",
	"show status",
	"neighbor PEER enable",
	"neighbor PEER disable [MESSAGE...]",
	"neighbor PEER reset [MESSAGE...]",
	"neighbor PEER refresh",
	"reload",
	"log level LEVEL",
};
#define NT (sizeof(table) / sizeof(table[0]))

static struct ctl_pattern pats[NT];
static const struct ctl_pattern *pp[NT];

static int
setup(void **state)
{
	(void)state;
	for (size_t i = 0; i < NT; i++) {
		assert_true(ctl_pattern_parse(table[i], &pats[i], NULL, 0));
		pp[i] = &pats[i];
	}
	pats[1].prefer = true;	/* show summary, as in ctl_cmd_docs */
	return 0;
}

/* Match a command line given as one string of space-separated words. */
static enum ctl_match_result
match(const char *line, struct ctl_match *m)
{
	static char buf[512];
	char *argv[CTL_MAX_WORDS];
	int argc = 0;

	strcpy(buf, line);
	for (char *t = strtok(buf, " "); t != NULL; t = strtok(NULL, " "))
		argv[argc++] = t;
	return ctl_match(pp, NT, argc, argv, m);
}

static const char *
cmd_of(const struct ctl_match *m)
{
	return m->result == CTL_M_OK ? table[m->cmd] : m->msg;
}

static void
test_match_exact_and_prefix(void **state)
{
	(void)state;
	struct ctl_match m;

	assert_int_equal(match("show summary", &m), CTL_M_OK);
	assert_string_equal(cmd_of(&m), "show summary");
	assert_int_equal(match("s s", &m), CTL_M_OK);
	assert_string_equal(cmd_of(&m), "show summary");
	assert_int_equal(match("sh st", &m), CTL_M_OK);
	assert_string_equal(cmd_of(&m), "show status");
	assert_int_equal(match("s n 10.0.0.1", &m), CTL_M_OK);
	assert_string_equal(cmd_of(&m), "show neighbor PEER");
	assert_int_equal(m.tok[2], 2);
	assert_int_equal(match("n 10.0.0.1 d going down for maintenance", &m), CTL_M_OK);
	assert_string_equal(cmd_of(&m), "neighbor PEER disable [MESSAGE...]");
	assert_int_equal(m.tok[3], 3);
	assert_int_equal(m.tok[6], 3);	/* the rest fills MESSAGE */
	assert_int_equal(match("n 10.0.0.1 dis", &m), CTL_M_OK);
	assert_string_equal(cmd_of(&m), "neighbor PEER disable [MESSAGE...]");
	assert_int_equal(match("n 10.0.0.1 res", &m), CTL_M_OK);
	assert_string_equal(cmd_of(&m), "neighbor PEER reset [MESSAGE...]");
	assert_int_equal(match("rel", &m), CTL_M_OK);
	assert_string_equal(cmd_of(&m), "reload");
	assert_int_equal(match("l l debug", &m), CTL_M_OK);
	assert_string_equal(cmd_of(&m), "log level LEVEL");
	assert_int_equal(match("h", &m), CTL_M_OK);
	assert_string_equal(cmd_of(&m), "help [WORD...]");
	assert_int_equal(match("help show neighbor", &m), CTL_M_OK);
	assert_string_equal(cmd_of(&m), "help [WORD...]");
	/* a parameter's value that looks like a literal is still a value */
	assert_int_equal(match("show neighbor summary", &m), CTL_M_OK);
	assert_string_equal(cmd_of(&m), "show neighbor PEER");
}

static void
test_match_errors(void **state)
{
	(void)state;
	struct ctl_match m;

	assert_int_equal(match("s", &m), CTL_M_INCOMPLETE);
	assert_string_equal(m.msg, "incomplete command 'show'; it goes on as: "
	    "show summary, show neighbor PEER, show status");
	assert_int_equal(m.ncand, 3);
	assert_true(m.cand[1] && m.cand[2] && m.cand[3] && !m.cand[0] && !m.cand[4]);

	assert_int_equal(match("show n", &m), CTL_M_INCOMPLETE);
	assert_string_equal(m.msg, "incomplete command 'show neighbor'; it goes on as: show neighbor PEER");

	assert_int_equal(match("r", &m), CTL_M_OK);	/* only reload starts with r */
	assert_int_equal(match("n 10.0.0.1 re", &m), CTL_M_AMBIGUOUS);
	assert_string_equal(m.msg, "ambiguous word 're' after 'neighbor 10.0.0.1': reset, refresh");
	/* s is summary or status, but show summary is preferred */
	assert_int_equal(match("show s", &m), CTL_M_OK);
	assert_string_equal(cmd_of(&m), "show summary");
	pats[1].prefer = false;
	assert_int_equal(match("show s", &m), CTL_M_AMBIGUOUS);
	assert_string_equal(m.msg, "ambiguous word 's' after 'show': summary, status");
	pats[1].prefer = true;
	/* two preferred literals settle nothing */
	pats[3].prefer = true;
	assert_int_equal(match("s s", &m), CTL_M_AMBIGUOUS);
	pats[3].prefer = false;

	assert_int_equal(match("frobnicate", &m), CTL_M_UNKNOWN);
	assert_string_equal(m.msg, "unknown command 'frobnicate'; commands: help, show, neighbor, reload, log");
	assert_int_equal(match("show bogus", &m), CTL_M_UNKNOWN);
	assert_string_equal(m.msg, "unknown word 'bogus' after 'show'; expected one of: summary, neighbor, status");
	assert_int_equal(match("show summary extra", &m), CTL_M_UNKNOWN);
	assert_string_equal(m.msg, "unexpected word 'extra' after 'show summary'");
	assert_int_equal(match("n 10.0.0.1 x", &m), CTL_M_UNKNOWN);
	assert_string_equal(m.msg, "unknown word 'x' after 'neighbor 10.0.0.1'; expected one of: "
	    "enable, disable, reset, refresh");

	assert_int_equal(match("", &m), CTL_M_EMPTY);
	assert_string_equal(m.msg, "no command given; try 'help'");
	assert_int_equal(m.ncand, NT);
}

static void
test_match_exact_beats_prefix(void **state)
{
	(void)state;
	static const char *const t[] = { "show route", "show routes", "show rib" };
	struct ctl_pattern p[3];
	const struct ctl_pattern *q[3];
	struct ctl_match m;
	char *argv[2] = { "show", "route" };

	for (int i = 0; i < 3; i++) {
		assert_true(ctl_pattern_parse(t[i], &p[i], NULL, 0));
		q[i] = &p[i];
	}
	assert_int_equal(ctl_match(q, 3, 2, argv, &m), CTL_M_OK);
	assert_int_equal(m.cmd, 0);
	argv[1] = "rou";
	assert_int_equal(ctl_match(q, 3, 2, argv, &m), CTL_M_AMBIGUOUS);
	assert_string_equal(m.msg, "ambiguous word 'rou' after 'show': route, routes");
	argv[1] = "ri";
	assert_int_equal(ctl_match(q, 3, 2, argv, &m), CTL_M_OK);
	assert_int_equal(m.cmd, 2);
}

static void
test_match_long_words(void **state)
{
	(void)state;
	char w[200];
	struct ctl_match m;
	char *argv[1] = { w };

	memset(w, 'q', sizeof(w) - 1);
	w[sizeof(w) - 1] = '\0';
	assert_int_equal(ctl_match(pp, NT, 1, argv, &m), CTL_M_UNKNOWN);
	/* the word is cut in the message */
	assert_non_null(strstr(m.msg, "qqq...'"));
	assert_true(strlen(m.msg) < 200);
}

/* --- help ---------------------------------------------------------------- */

struct cap {
	char buf[16384];
	size_t len;
};

static void
sink(void *arg, const char *p, size_t len)
{
	struct cap *c = arg;
	assert_true(c->len + len < sizeof(c->buf));
	memcpy(c->buf + c->len, p, len);
	c->len += len;
	c->buf[c->len] = '\0';
}

static int
help(enum ctl_fmt fmt, const char *line, struct cap *cap, char *msg, size_t msglen)
{
	const struct ctl_cmdinfo *infos[CTL_MAX_CMDS];
	static struct ctl_pattern dp[CTL_MAX_CMDS];
	const struct ctl_pattern *dpp[CTL_MAX_CMDS];
	char buf[256], *argv[CTL_MAX_WORDS];
	int argc = 0;

	for (size_t i = 0; i < ctl_cmd_ndocs; i++) {
		infos[i] = &ctl_cmd_docs[i];
		assert_true(ctl_pattern_parse(ctl_cmd_docs[i].pattern, &dp[i], NULL, 0));
		dp[i].prefer = ctl_cmd_docs[i].flags & CTL_PREFER;
		dpp[i] = &dp[i];
	}
	strcpy(buf, line);
	for (char *t = strtok(buf, " "); t != NULL; t = strtok(NULL, " "))
		argv[argc++] = t;
	memset(cap, 0, sizeof(*cap));
	struct ctl_out *o = ctl_out_new(fmt, sink, cap);
	msg[0] = '\0';
	int st = ctl_help_render(o, infos, dpp, ctl_cmd_ndocs, argc, argv, msg, msglen);
	assert_true(ctl_out_finish(o));
	ctl_out_free(o);
	return st;
}

static void
test_docs_parse(void **state)
{
	(void)state;
	struct ctl_pattern p;
	char err[128];
	for (size_t i = 0; i < ctl_cmd_ndocs; i++) {
		if (!ctl_pattern_parse(ctl_cmd_docs[i].pattern, &p, err, sizeof(err)))
			fail_msg("%s: %s", ctl_cmd_docs[i].pattern, err);
		assert_non_null(ctl_cmd_docs[i].summary);
		assert_ptr_equal(ctl_cmd_doc(ctl_cmd_docs[i].pattern), &ctl_cmd_docs[i]);
	}
	assert_null(ctl_cmd_doc("show nothing"));
}

static void
test_help_list_text(void **state)
{
	(void)state;
	static struct cap cap;
	char msg[CTL_MSG_MAX];

	assert_int_equal(help(CTL_FMT_TEXT, "neighbor", &cap, msg, sizeof(msg)), 0);
	assert_string_equal(cap.buf,
	    "Commands (a unique prefix of each word will do):\n"
	    "  neighbor PEER enable                start a disabled neighbor's session\n"
	    "  neighbor PEER disable [MESSAGE...]  stop a neighbor's session, keep it down\n"
	    "  neighbor PEER reset [MESSAGE...]    restart a neighbor's session\n"
	    "  neighbor PEER refresh               ask a neighbor to resend its routes\n");
	/* no words: every command */
	assert_int_equal(help(CTL_FMT_TEXT, "", &cap, msg, sizeof(msg)), 0);
	assert_non_null(strstr(cap.buf, "  show summary "));
	assert_non_null(strstr(cap.buf, "  log level LEVEL "));
}

static void
test_help_list_json(void **state)
{
	(void)state;
	static struct cap cap;
	char msg[CTL_MSG_MAX];

	assert_int_equal(help(CTL_FMT_JSON, "sh", &cap, msg, sizeof(msg)), 0);
	assert_string_equal(cap.buf,
	    "{\n"
	    "  \"schema_version\": 1,\n"
	    "  \"commands\": [\n"
	    "    {\n"
	    "      \"command\": \"show summary\",\n"
	    "      \"summary\": \"neighbors, their states and counters\",\n"
	    "      \"read_only\": true,\n"
	    "      \"dry_run\": false\n"
	    "    },\n"
	    "    {\n"
	    "      \"command\": \"show neighbor PEER\",\n"
	    "      \"summary\": \"one neighbor in detail\",\n"
	    "      \"read_only\": true,\n"
	    "      \"dry_run\": false\n"
	    "    },\n"
	    "    {\n"
	    "      \"command\": \"show status\",\n"
	    "      \"summary\": \"version, router id, uptime, last reload\",\n"
	    "      \"read_only\": true,\n"
	    "      \"dry_run\": false\n"
	    "    },\n"
	    "    {\n"
	    "      \"command\": \"show rib [PREFIX]\",\n"
	    "      \"summary\": \"the routes received: paths, best and multipath\",\n"
	    "      \"read_only\": true,\n"
	    "      \"dry_run\": false\n"
	    "    },\n"
	    "    {\n"
	    "      \"command\": \"show fib [PREFIX]\",\n"
	    "      \"summary\": \"what ecmpd asked the kernel for, and what it holds\",\n"
	    "      \"read_only\": true,\n"
	    "      \"dry_run\": false\n"
	    "    }\n"
	    "  ]\n"
	    "}\n");
}

static void
test_help_one(void **state)
{
	(void)state;
	static struct cap cap;
	char msg[CTL_MSG_MAX];

	assert_int_equal(help(CTL_FMT_TEXT, "rel", &cap, msg, sizeof(msg)), 0);
	assert_string_equal(cap.buf,
	    "usage: ecmpctl [-s SOCKET] [-j] reload [--dry-run]\n"
	    "\n"
	    "apply the configuration file again\n"
	    "\n"
	    "The new file is parsed and validated first: if it has an error, the\n"
	    "running configuration stays and the error is the reply (exit status\n"
	    "1). Neighbors whose settings did not change keep their sessions; a\n"
	    "changed one is reset (Cease / Other Configuration Change), a removed\n"
	    "one closed (Cease / Peer De-configured). With --dry-run, print what\n"
	    "would change and change nothing.\n"
	    "\n"
	    "This command changes the daemon's state: it needs the admin\n"
	    "socket, and is logged with the caller's uid.\n");

	assert_int_equal(help(CTL_FMT_TEXT, "s s --", &cap, msg, sizeof(msg)), CTL_EXIT_USAGE);
	assert_int_equal(help(CTL_FMT_TEXT, "s st", &cap, msg, sizeof(msg)), 0);
	assert_string_equal(cap.buf,
	    "usage: ecmpctl [-s SOCKET] [-j] show status\n"
	    "\n"
	    "version, router id, uptime, last reload\n"
	    "\n"
	    "The daemon's version, router id and uptime, and the time and result\n"
	    "of the last configuration load or reload.\n");

	/* words that only one command goes on from: that command */
	assert_int_equal(help(CTL_FMT_TEXT, "s neighbor", &cap, msg, sizeof(msg)), 0);
	const char *want = "usage: ecmpctl [-s SOCKET] [-j] show neighbor PEER\n\n";
	assert_memory_equal(cap.buf, want, strlen(want));

	assert_int_equal(help(CTL_FMT_JSON, "s st", &cap, msg, sizeof(msg)), 0);
	assert_string_equal(cap.buf,
	    "{\n"
	    "  \"schema_version\": 1,\n"
	    "  \"command\": \"show status\",\n"
	    "  \"summary\": \"version, router id, uptime, last reload\",\n"
	    "  \"help\": \"The daemon's version, router id and uptime, and the time and result\\nof the last configuration load or reload.\",\n"
	    "  \"read_only\": true,\n"
	    "  \"dry_run\": false\n"
	    "}\n");
}

static void
test_help_errors(void **state)
{
	(void)state;
	static struct cap cap;
	char msg[CTL_MSG_MAX];

	assert_int_equal(help(CTL_FMT_TEXT, "n 192.0.2.1 re", &cap, msg, sizeof(msg)), CTL_EXIT_USAGE);
	assert_string_equal(msg, "ambiguous word 're' after 'neighbor 192.0.2.1': reset, refresh");
	assert_int_equal(cap.len, 0);
	assert_int_equal(help(CTL_FMT_TEXT, "bogus", &cap, msg, sizeof(msg)), CTL_EXIT_USAGE);
	assert_int_equal(cap.len, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pattern_parse),
		cmocka_unit_test_setup(test_match_exact_and_prefix, setup),
		cmocka_unit_test_setup(test_match_errors, setup),
		cmocka_unit_test(test_match_exact_beats_prefix),
		cmocka_unit_test_setup(test_match_long_words, setup),
		cmocka_unit_test(test_docs_parse),
		cmocka_unit_test(test_help_list_text),
		cmocka_unit_test(test_help_list_json),
		cmocka_unit_test(test_help_one),
		cmocka_unit_test(test_help_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
