/*
 * ecmpctl.c -- the ecmpd command-line tool.
 *
 * Today it has one command that needs no daemon: `decode`, which prints BGP
 * messages given as hex (like `exabgp --decode`), either one message per
 * argument or a whole session transcript on standard input, negotiating
 * AS4 and add-path from the OPENs as it goes. The commands that talk to a
 * running ecmpd over its control socket come with the daemon.
 */
#include "config.h"

#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wire.h"

static void
usage(FILE *f)
{
	fputs("usage: ecmpctl [--help] [--version] COMMAND ...\n"
	    "\n"
	    "commands:\n"
	    "  decode [--as2] [--ebgp] [--addpath FAMILIES] HEX...\n"
	    "      print BGP messages (marker included) in words; FAMILIES is\n"
	    "      ipv4, ipv6 or all (path identifiers present). Without HEX,\n"
	    "      read a session transcript from standard input: lines of\n"
	    "      `a HEX` or `b HEX` (a or b names the sender, as in the\n"
	    "      tests/fixtures/peers files) or plain HEX; the context of each\n"
	    "      direction is negotiated from the two OPENs.\n"
	    "\n"
	    "Command words may be abbreviated to any unique prefix.\n", f);
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
	optind = 1;
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

static const struct command {
	const char *name;
	int (*run)(int argc, char **argv);
} commands[] = {
	{ "decode", cmd_decode },
};

/* Find a command by a unique prefix of its name. */
static const struct command *
find_command(const char *word)
{
	const struct command *found = NULL;
	size_t n = strlen(word);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strncmp(commands[i].name, word, n) != 0)
			continue;
		if (strlen(commands[i].name) == n)
			return &commands[i];
		if (found != NULL)
			return NULL;	/* ambiguous */
		found = &commands[i];
	}
	return found;
}

int
main(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("ecmpctl %s\n", PACKAGE_VERSION);
		return 0;
	}
	const struct command *cmd = find_command(argv[1]);
	if (cmd == NULL) {
		fprintf(stderr, "ecmpctl: unknown or ambiguous command '%s' (see ecmpctl --help)\n", argv[1]);
		return 2;
	}
	return cmd->run(argc - 1, argv + 1);
}
