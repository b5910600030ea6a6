/*
 * ecmpctl.c -- the ecmpd command-line tool.
 *
 * Two kinds of commands:
 *  - `decode`, run here without a daemon: prints BGP messages given as hex
 *    (like `exabgp --decode`), one message per argument or a whole session
 *    transcript on standard input, negotiating AS4 and add-path from the
 *    OPENs as it goes;
 *  - everything else, sent as typed to ecmpd's control socket (ctl_proto.h).
 *    The daemon resolves abbreviations, runs the command and renders its
 *    reply (text or JSON); ecmpctl copies the reply to standard output, the
 *    error message to standard error, and exits with the daemon's status.
 *    When the daemon cannot be reached, help comes from the documentation
 *    built in (ctl_cmd_docs, the same text the daemon registers).
 *
 * No libevent here: the client side is plain blocking sockets (ctl_client.c).
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctl_client.h"
#include "ctl_cmd.h"
#include "ctl_out.h"
#include "wire.h"

#define ECMPCTL_TIMEOUT_MS	60000	/* longest wait for the daemon to say anything */

static void
stdout_sink(void *arg, const char *p, size_t len)
{
	fwrite(p, 1, len, arg);
}

/*
 * Help from the built-in command documentation for the given words (none:
 * all commands); returns an exit status.
 */
static int
static_help(FILE *f, bool json, int argc, char **argv)
{
	static struct ctl_pattern pats[CTL_MAX_CMDS];
	const struct ctl_pattern *pp[CTL_MAX_CMDS];
	const struct ctl_cmdinfo *infos[CTL_MAX_CMDS];
	char msg[CTL_MSG_MAX];
	size_t n = 0;

	for (size_t i = 0; i < ctl_cmd_ndocs && n < CTL_MAX_CMDS; i++) {
		if (!ctl_pattern_parse(ctl_cmd_docs[i].pattern, &pats[n], NULL, 0))
			continue;
		pats[n].prefer = ctl_cmd_docs[i].flags & CTL_PREFER;
		pp[n] = &pats[n];
		infos[n] = &ctl_cmd_docs[i];
		n++;
	}
	struct ctl_out *o = ctl_out_new(json ? CTL_FMT_JSON : CTL_FMT_TEXT, stdout_sink, f);
	if (o == NULL)
		return 1;
	msg[0] = '\0';
	int st = ctl_help_render(o, infos, pp, n, argc, argv, msg, sizeof(msg));
	ctl_out_finish(o);
	ctl_out_free(o);
	if (st != 0)
		fprintf(stderr, "ecmpctl: %s\n", msg);
	return st;
}

static void
usage(FILE *f)
{
	fputs("usage: ecmpctl [-s SOCKET] [-j] COMMAND [WORD...] [--json] [--dry-run] [--help]\n"
	    "       ecmpctl decode [--as2] [--ebgp] [--addpath FAMILIES] [HEX...]\n"
	    "\n"
	    "options:\n"
	    "  -s, --socket PATH  ecmpd's control socket (default: $" CTL_SOCKET_ENV ", else\n"
	    "                     " CTL_SOCKET_DEFAULT ")\n"
	    "  -j, --json         print JSON; a last word `json` does the same\n"
	    "  -h, --help         this help; COMMAND --help prints the help of COMMAND\n"
	    "  -V, --version      print the version\n"
	    "\n", f);
	static_help(f, false, 0, NULL);
	fputs("\n"
	    "  decode [--as2] [--ebgp] [--addpath FAMILIES] HEX...\n"
	    "      print BGP messages (marker included) in words, without ecmpd;\n"
	    "      FAMILIES is ipv4, ipv6 or all (path identifiers present).\n"
	    "      Without HEX, read a session transcript from standard input:\n"
	    "      lines of `a HEX` or `b HEX` (a or b names the sender, as in the\n"
	    "      tests/fixtures/peers files) or plain HEX; the context of each\n"
	    "      direction is negotiated from the two OPENs.\n"
	    "\n"
	    "Exit status: 0 on success, 1 on an error, 2 on a usage error.\n", f);
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Parse hex, ignoring white space and a leading 0x; returns length or -1. */
static long
unhex(const char *s, uint8_t *out, size_t cap)
{
	size_t n = 0;
	int hi = -1;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	for (; *s; s++) {
		if (isspace((unsigned char)*s) || *s == ':')
			continue;
		int v = hexval((unsigned char)*s);
		if (v < 0 || (hi >= 0 && n >= cap))
			return -1;
		if (hi < 0) {
			hi = v;
		} else {
			out[n++] = (uint8_t)(hi << 4 | v);
			hi = -1;
		}
	}
	return hi < 0 ? (long)n : -1;
}

static bool
print_one(const uint8_t *msg, size_t len, const struct wire_ctx *ctx,
    const char *prefix)
{
	struct sbuf sb;
	sb_init(&sb);
	bool ok = wire_msg_print(msg, len, ctx, &sb);
	fputs(prefix, stdout);
	fputs(sb.p, stdout);
	sb_free(&sb);
	return ok;
}

/* Transcript state: the OPEN each side sent, and the contexts once both are known. */
struct transcript {
	bool have_open[2];
	struct wire_open open[2];
	uint8_t *open_msg[2];		/* the OPEN views point into these */
	struct wire_ctx rx[2];		/* context for messages sent by side i */
	struct wire_ctx fallback;
};

static int
decode_transcript(FILE *in, const struct wire_ctx *fallback)
{
	struct transcript t;
	char *line = NULL;
	size_t cap = 0;
	unsigned lineno = 0, bad = 0, count = 0;
	uint8_t *msg = malloc(BGP_MAX_EXT_MSG_LEN);

	memset(&t, 0, sizeof(t));
	t.rx[0] = t.rx[1] = *fallback;
	if (msg == NULL)
		return 1;
	while (getline(&line, &cap, in) > 0) {
		lineno++;
		char *s = line;
		while (isspace((unsigned char)*s))
			s++;
		if (*s == '\0' || *s == '#')
			continue;
		int side = -1;
		if ((s[0] == 'a' || s[0] == 'b') && s[1] == ' ') {
			side = s[0] - 'a';
			s += 2;
		}
		long n = unhex(s, msg, BGP_MAX_EXT_MSG_LEN);
		if (n < 0) {
			fprintf(stderr, "ecmpctl: line %u: not hex\n", lineno);
			bad++;
			continue;
		}
		count++;
		char prefix[32];
		snprintf(prefix, sizeof(prefix), "%u%s%s: ", lineno,
		    side >= 0 ? " " : "", side == 0 ? "a" : side == 1 ? "b" : "");
		const struct wire_ctx *ctx = side >= 0 ? &t.rx[side] : fallback;
		if (!print_one(msg, (size_t)n, ctx, prefix))
			bad++;
		/* learn the OPENs to negotiate each direction's context */
		if (side >= 0 && n > BGP_HEADER_LEN && msg[18] == BGP_MSG_OPEN &&
		    !t.have_open[side]) {
			struct wire_err err;
			t.open_msg[side] = malloc((size_t)n);
			if (t.open_msg[side] == NULL)
				break;
			memcpy(t.open_msg[side], msg, (size_t)n);
			if (wire_open_decode(t.open_msg[side] + BGP_HEADER_LEN,
			    (size_t)n - BGP_HEADER_LEN, &t.open[side], &err))
				t.have_open[side] = true;
			if (t.have_open[0] && t.have_open[1]) {
				/* side i sends; the receiver is the other side */
				wire_negotiate(&t.open[1], &t.open[0], &t.rx[0]);
				wire_negotiate(&t.open[0], &t.open[1], &t.rx[1]);
			}
		}
	}
	free(line);
	free(msg);
	free(t.open_msg[0]);
	free(t.open_msg[1]);
	fprintf(stderr, "ecmpctl: %u messages, %u did not decode\n", count, bad);
	return bad ? 1 : 0;
}

static int
cmd_decode(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "as2", no_argument, NULL, '2' },
		{ "ebgp", no_argument, NULL, 'e' },
		{ "addpath", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct wire_ctx ctx;
	int c;

	memset(&ctx, 0, sizeof(ctx));
	ctx.as4 = true;
	ctx.ext_msg = true;
	ctx.ibgp = true;
	optind = 0;	/* reinitialize getopt: main() used it with "+" */
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case '2':
			ctx.as4 = false;
			break;
		case 'e':
			ctx.ibgp = false;
			break;
		case 'p':
			if (strcmp(optarg, "ipv4") == 0 || strcmp(optarg, "all") == 0)
				ctx.addpath_rx[AFS_IPV4_UNICAST] = true;
			if (strcmp(optarg, "ipv6") == 0 || strcmp(optarg, "all") == 0)
				ctx.addpath_rx[AFS_IPV6_UNICAST] = true;
			if (strcmp(optarg, "ipv4") && strcmp(optarg, "ipv6") &&
			    strcmp(optarg, "all")) {
				fprintf(stderr, "ecmpctl decode: --addpath takes ipv4, ipv6 or all, not '%s'\n", optarg);
				return 2;
			}
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind >= argc)
		return decode_transcript(stdin, &ctx);

	int rc = 0;
	uint8_t *msg = malloc(BGP_MAX_EXT_MSG_LEN);
	if (msg == NULL)
		return 1;
	for (int i = optind; i < argc; i++) {
		long n = unhex(argv[i], msg, BGP_MAX_EXT_MSG_LEN);
		if (n < 0) {
			fprintf(stderr, "ecmpctl decode: argument %d is not hex\n", i - optind + 1);
			rc = 1;
			continue;
		}
		if (!print_one(msg, (size_t)n, &ctx, ""))
			rc = 1;
	}
	free(msg);
	return rc;
}

/* Commands run here, without the daemon. */
static const struct command {
	const char *name;
	int (*run)(int argc, char **argv);
} local_commands[] = {
	{ "decode", cmd_decode },
};

/*
 * The local command word names by a unique prefix, or NULL. A prefix that
 * also begins a daemon command word is left to the daemon.
 */
static const struct command *
find_local(const char *word)
{
	size_t n = strlen(word);
	const struct command *found = NULL;

	if (n == 0)
		return NULL;
	for (size_t i = 0; i < sizeof(local_commands) / sizeof(local_commands[0]); i++) {
		if (strncmp(local_commands[i].name, word, n) != 0)
			continue;
		if (local_commands[i].name[n] == '\0')
			return &local_commands[i];	/* typed in full */
		if (found != NULL)
			return NULL;
		found = &local_commands[i];
	}
	for (size_t i = 0; found != NULL && i < ctl_cmd_ndocs; i++)
		if (strncmp(ctl_cmd_docs[i].pattern, word, n) == 0)
			return NULL;
	return found;
}

static void
copy_data(void *arg, const uint8_t *p, size_t len)
{
	(void)arg;
	fwrite(p, 1, len, stdout);
}

/* The daemon's message for stderr, without control characters. */
static void
print_message(const char *msg)
{
	fputs("ecmpctl: ", stderr);
	for (const unsigned char *s = (const unsigned char *)msg; *s; s++)
		fputc(*s < 0x20 || *s == 0x7f ? '?' : *s, stderr);
	fputc('\n', stderr);
}

/* A daemon command: words as typed, with the options among them. */
static int
remote(const char *path, bool json, int argc, char **argv)
{
	char *words[CTL_MAX_WORDS + 1];
	int nwords = 0;
	uint32_t flags = json ? CTL_F_JSON : 0;
	bool verbatim = false;
	char err[512];

	for (int i = 0; i < argc; i++) {
		const char *w = argv[i];
		if (!verbatim && strcmp(w, "--") == 0) {
			verbatim = true;
			continue;
		}
		if (!verbatim && w[0] == '-' && w[1] != '\0') {
			if (strcmp(w, "--json") == 0 || strcmp(w, "-j") == 0)
				flags |= CTL_F_JSON;
			else if (strcmp(w, "--dry-run") == 0 || strcmp(w, "-n") == 0)
				flags |= CTL_F_DRY_RUN;
			else if (strcmp(w, "--help") == 0 || strcmp(w, "-h") == 0)
				flags |= CTL_F_HELP;
			else {
				fprintf(stderr, "ecmpctl: unknown option '%s' (options: --json, "
				    "--dry-run, --help; put -- before a word that begins with -)\n", w);
				return 2;
			}
			continue;
		}
		if (nwords == CTL_MAX_WORDS) {
			fprintf(stderr, "ecmpctl: more than %d words\n", CTL_MAX_WORDS);
			return 2;
		}
		words[nwords++] = argv[i];
		/* FRR habit: a last word "json" (not after --) */
		if (!verbatim && i == argc - 1 && nwords > 1 && strcmp(w, "json") == 0) {
			nwords--;
			flags |= CTL_F_JSON;
		}
	}
	words[nwords] = NULL;

	int fd = ctl_client_connect(path, err, sizeof(err));
	if (fd < 0) {
		/* help needs no daemon: say what this ecmpctl knows */
		bool help = (flags & CTL_F_HELP) ||
		    (nwords > 0 && strncmp("help", words[0], strlen(words[0])) == 0);
		if (help) {
			fprintf(stderr, "ecmpctl: %s; this is the help built into ecmpctl\n", err);
			return (flags & CTL_F_HELP) ?
			    static_help(stdout, flags & CTL_F_JSON, nwords, words) :
			    static_help(stdout, flags & CTL_F_JSON, nwords - 1, words + 1);
		}
		fprintf(stderr, "ecmpctl: %s\n", err);
		return 1;
	}
	struct ctl_end end;
	int rc = ctl_client_call(fd, flags, nwords, (const char *const *)words, copy_data, NULL,
	    &end, ECMPCTL_TIMEOUT_MS, err, sizeof(err));
	close(fd);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "ecmpctl: cannot write the output: %s\n", strerror(errno));
		return 1;
	}
	if (rc < 0) {
		fprintf(stderr, "ecmpctl: %s\n", err);
		return 1;
	}
	if (end.msg[0] != '\0')
		print_message(end.msg);
	return rc;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "socket", required_argument, NULL, 's' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *path = getenv(CTL_SOCKET_ENV);
	bool json = false;
	int c;

	if (path == NULL || *path == '\0')
		path = CTL_SOCKET_DEFAULT;
	/* options before the command only: the command's words are its own */
	while ((c = getopt_long(argc, argv, "+s:jhV", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			path = optarg;
			break;
		case 'j':
			json = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("ecmpctl %s\n", PACKAGE_VERSION);
			return 0;
		default:
			fputs("ecmpctl: see ecmpctl --help\n", stderr);
			return 2;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return 2;
	}
	const struct command *cmd = find_local(argv[optind]);
	if (cmd != NULL)
		return cmd->run(argc - optind, argv + optind);
	return remote(path, json, argc - optind, argv + optind);
}
