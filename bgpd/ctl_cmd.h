/*
 * ctl_cmd.h -- control command patterns and unique-prefix matching.
 *
 * Pure: shared by the daemon (ctl_server.c resolves what clients send) and
 * ecmpctl (its static help when the daemon is not reachable).
 *
 * A pattern is words separated by single spaces:
 *	literal		lower case, [a-z0-9][a-z0-9._-]*: typed as is, or any
 *			prefix of it that no other literal at that place shares
 *	PARAM		upper case, [A-Z][A-Z0-9_-]*: exactly one word, any text
 *	[PARAM]		an optional word (only at the end)
 *	[PARAM...]	any number of words (last)
 *	PARAM...	one or more words (last)
 * e.g. "show summary", "neighbor PEER reset [MESSAGE...]", "log level LEVEL".
 *
 * Matching walks the words left to right. At each place, a word equal to a
 * literal takes it; else a word that is a prefix of exactly one distinct
 * literal takes that one (`s s` = `show summary`); a prefix of several is
 * ambiguous, unless exactly one of those literals belongs to commands
 * marked CTL_PREFER (`s s` is `show summary`, though `show status` also
 * begins with s; `s st` is `show status`); a word that is no literal's
 * prefix fills a parameter. So
 * literals win over parameters: `show neighbor s` would not name a
 * neighbor called "s" if "show neighbor summary" existed.
 */
#ifndef ECMPD_CTL_CMD_H
#define ECMPD_CTL_CMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ctl_proto.h"

#define CTL_PAT_TEXT_MAX	128
#define CTL_PAT_MAX_TOK		16
#define CTL_MAX_CMDS		128

enum ctl_tok_kind {
	CTL_TOK_WORD,		/* literal */
	CTL_TOK_PARAM,		/* NAME */
	CTL_TOK_OPT,		/* [NAME] */
	CTL_TOK_REST,		/* [NAME...] */
	CTL_TOK_REST1,		/* NAME... */
};

struct ctl_pattern {
	char text[CTL_PAT_TEXT_MAX];	/* as registered, for help */
	char names[CTL_PAT_TEXT_MAX];	/* token names, NUL-separated */
	unsigned ntok;
	unsigned nreq;			/* words needed at least */
	bool prefer;			/* wins ambiguous prefixes (CTL_PREFER) */
	struct {
		uint8_t kind;		/* enum ctl_tok_kind */
		uint8_t off;		/* name: names + off, NUL-terminated */
	} tok[CTL_PAT_MAX_TOK];
};

/* Parse a pattern; false (with a reason in err) if it is not one. The
 * caller sets p->prefer. */
bool ctl_pattern_parse(const char *s, struct ctl_pattern *p, char *err, size_t errlen);

static inline const char *
ctl_pattern_tok(const struct ctl_pattern *p, unsigned i)
{
	return p->names + p->tok[i].off;
}

enum ctl_match_result {
	CTL_M_OK,		/* m->cmd names the command */
	CTL_M_EMPTY,		/* no words */
	CTL_M_INCOMPLETE,	/* the words begin some commands (m->cand) */
	CTL_M_UNKNOWN,		/* a word fits nothing */
	CTL_M_AMBIGUOUS,	/* a word is a prefix of several literals */
};

struct ctl_match {
	enum ctl_match_result result;
	int cmd;				/* CTL_M_OK: index into pats */
	uint8_t tok[CTL_MAX_WORDS];		/* CTL_M_OK: the token each word fills */
	bool cand[CTL_MAX_CMDS];		/* commands the words are consistent with */
	unsigned ncand;
	char msg[CTL_MSG_MAX];			/* why not, in words, for the user */
};

/*
 * Resolve argv against n (<= CTL_MAX_CMDS) patterns. Returns m->result;
 * when not CTL_M_OK, m->msg says what is wrong and what would fit, e.g.
 * "ambiguous word 're' after 'neighbor 10.0.0.1': reset, refresh".
 */
enum ctl_match_result ctl_match(const struct ctl_pattern *const *pats, size_t n,
    int argc, char *const *argv, struct ctl_match *m);

/*
 * Command documentation: the help text of the commands the daemon serves,
 * used by the daemon when it registers them and by ecmpctl when the daemon
 * cannot be reached, so the two say the same.
 */
struct ctl_cmdinfo {
	const char *pattern;
	unsigned flags;			/* CTL_CMD_* */
	const char *summary;		/* one line, lower case, no full stop */
	const char *help;		/* paragraphs, or NULL */
};

/* Command flags (registration). */
#define CTL_READONLY_OK		0x1	/* allowed on the read-only socket: changes nothing */
#define CTL_DRY_RUN_OK		0x2	/* takes --dry-run */
#define CTL_PREFER		0x4	/* its words win ambiguous prefixes (ctl_match) */

extern const struct ctl_cmdinfo ctl_cmd_docs[];
extern const size_t ctl_cmd_ndocs;
const struct ctl_cmdinfo *ctl_cmd_doc(const char *pattern);

struct ctl_out;

/*
 * Render help for argv (words as typed; none for all commands) from n
 * commands: one command's usage and help when the words name it, else the
 * list of commands the words begin. Returns an exit status; for
 * CTL_EXIT_USAGE the reason is in msg.
 */
int ctl_help_render(struct ctl_out *o, const struct ctl_cmdinfo *const *cmds,
    const struct ctl_pattern *const *pats, size_t n, int argc, char *const *argv,
    char *msg, size_t msglen);

#endif /* ECMPD_CTL_CMD_H */
