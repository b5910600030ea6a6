/*
 * ctl_cmd.c -- command patterns and unique-prefix matching (rules in
 * ctl_cmd.h). Pure: no I/O, no allocation.
 */
#include "config.h"

#include "ctl_cmd.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static bool
pat_err(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static bool
pat_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	if (err != NULL && errlen > 0) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return false;
}

static bool
name_ok(const char *s, size_t len, bool literal)
{
	if (len == 0)
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		bool ok;
		if (literal)
			ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
			    (i > 0 && (c == '.' || c == '_' || c == '-'));
		else
			ok = (c >= 'A' && c <= 'Z') ||
			    (i > 0 && ((c >= '0' && c <= '9') || c == '_' || c == '-'));
		if (!ok)
			return false;
	}
	return true;
}

bool
ctl_pattern_parse(const char *s, struct ctl_pattern *p, char *err, size_t errlen)
{
	size_t len = s != NULL ? strlen(s) : 0, names = 0;
	bool tail = false;	/* an optional or repeated word was seen */

	memset(p, 0, sizeof(*p));
	if (len == 0)
		return pat_err(err, errlen, "empty pattern");
	if (len >= CTL_PAT_TEXT_MAX)
		return pat_err(err, errlen, "pattern longer than %d octets", CTL_PAT_TEXT_MAX - 1);
	memcpy(p->text, s, len + 1);
	for (const char *t = s; *t;) {
		const char *end = strchr(t, ' ');
		size_t tl = end != NULL ? (size_t)(end - t) : strlen(t);
		const char *name = t;
		size_t nl = tl;
		enum ctl_tok_kind kind;

		if (tl == 0 || (end != NULL && end[1] == '\0'))
			return pat_err(err, errlen, "words must be separated by single spaces");
		if (p->ntok == CTL_PAT_MAX_TOK)
			return pat_err(err, errlen, "more than %d words", CTL_PAT_MAX_TOK);
		if (t[0] == '[') {
			if (tl < 3 || t[tl - 1] != ']')
				return pat_err(err, errlen, "unbalanced [ in '%.*s'", (int)tl, t);
			name = t + 1;
			nl = tl - 2;
			kind = CTL_TOK_OPT;
			if (nl > 3 && memcmp(name + nl - 3, "...", 3) == 0) {
				nl -= 3;
				kind = CTL_TOK_REST;
			}
		} else if (tl > 3 && memcmp(t + tl - 3, "...", 3) == 0) {
			nl = tl - 3;
			kind = CTL_TOK_REST1;
		} else {
			kind = (t[0] >= 'A' && t[0] <= 'Z') ? CTL_TOK_PARAM : CTL_TOK_WORD;
		}
		if (!name_ok(name, nl, kind == CTL_TOK_WORD))
			return pat_err(err, errlen, "bad word '%.*s' (literals are lower case, parameters upper case)", (int)tl, t);
		if (p->ntok == 0 && kind != CTL_TOK_WORD)
			return pat_err(err, errlen, "a command starts with a literal word");
		if (p->ntok > 0 && (p->tok[p->ntok - 1].kind == CTL_TOK_REST ||
		    p->tok[p->ntok - 1].kind == CTL_TOK_REST1))
			return pat_err(err, errlen, "nothing may follow a repeated parameter");
		if (tail && kind != CTL_TOK_OPT && kind != CTL_TOK_REST)
			return pat_err(err, errlen, "'%.*s' follows an optional word", (int)tl, t);
		if (kind == CTL_TOK_OPT || kind == CTL_TOK_REST || kind == CTL_TOK_REST1)
			tail = true;
		if (kind == CTL_TOK_WORD || kind == CTL_TOK_PARAM || kind == CTL_TOK_REST1)
			p->nreq++;
		p->tok[p->ntok].kind = (uint8_t)kind;
		p->tok[p->ntok].off = (uint8_t)names;
		memcpy(p->names + names, name, nl);
		names += nl;
		p->names[names++] = '\0';
		p->ntok++;
		t += tl;
		if (*t == ' ')
			t++;
	}
	return true;
}

/* The token word i fills in p, or -1 when p has ended. */
static int
tok_at(const struct ctl_pattern *p, int i)
{
	if ((unsigned)i < p->ntok)
		return i;
	if (p->ntok > 0 && (p->tok[p->ntok - 1].kind == CTL_TOK_REST ||
	    p->tok[p->ntok - 1].kind == CTL_TOK_REST1))
		return (int)p->ntok - 1;
	return -1;
}

/* Bounded message building: text that does not fit ends in "...". */
struct msgbuf {
	char *p;
	size_t cap;
	size_t len;
};

static void
mb_add(struct msgbuf *b, const char *s, size_t n)
{
	if (b->len + 1 >= b->cap)
		return;
	if (b->len + n + 1 > b->cap) {
		n = b->cap - b->len - 1;
		memcpy(b->p + b->len, s, n);
		b->len += n;
		if (b->cap > 4)
			memcpy(b->p + b->cap - 4, "...", 3);
		b->p[b->cap - 1] = '\0';
		b->len = b->cap - 1;
		return;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void
mb_adds(struct msgbuf *b, const char *s)
{
	mb_add(b, s, strlen(s));
}

/* A user's word, quoted and cut to a sane length. */
static void
mb_word(struct msgbuf *b, const char *w)
{
	size_t n = strlen(w);
	mb_adds(b, "'");
	mb_add(b, w, n > 64 ? 64 : n);
	if (n > 64)
		mb_adds(b, "...");
	mb_adds(b, "'");
}

/* Distinct literals at place i among the candidates, comma-separated. */
static void
mb_literals(struct msgbuf *b, const struct ctl_pattern *const *pats, size_t n,
    const bool *alive, int i, const char *w)
{
	bool first = true;
	for (size_t c = 0; c < n; c++) {
		int t = alive[c] ? tok_at(pats[c], i) : -1;
		if (t < 0 || pats[c]->tok[t].kind != CTL_TOK_WORD)
			continue;
		const char *lit = ctl_pattern_tok(pats[c], (unsigned)t);
		if (w != NULL && strncmp(lit, w, strlen(w)) != 0)
			continue;
		bool dup = false;
		for (size_t d = 0; d < c && !dup; d++) {
			int u = alive[d] ? tok_at(pats[d], i) : -1;
			dup = u >= 0 && pats[d]->tok[u].kind == CTL_TOK_WORD &&
			    strcmp(ctl_pattern_tok(pats[d], (unsigned)u), lit) == 0 &&
			    (w == NULL || strncmp(lit, w, strlen(w)) == 0);
		}
		if (dup)
			continue;
		if (!first)
			mb_adds(b, ", ");
		mb_adds(b, lit);
		first = false;
	}
}

enum ctl_match_result
ctl_match(const struct ctl_pattern *const *pats, size_t n, int argc,
    char *const *argv, struct ctl_match *m)
{
	char ctxbuf[256];
	struct msgbuf msg = { m->msg, sizeof(m->msg), 0 };
	struct msgbuf ctx = { ctxbuf, sizeof(ctxbuf), 0 };
	bool *alive = m->cand;

	if (n > CTL_MAX_CMDS)
		n = CTL_MAX_CMDS;
	if (argc > CTL_MAX_WORDS)
		argc = CTL_MAX_WORDS;
	m->cmd = -1;
	m->msg[0] = '\0';
	ctxbuf[0] = '\0';
	memset(m->cand, 0, sizeof(m->cand));
	for (size_t c = 0; c < n; c++)
		alive[c] = true;
	m->ncand = (unsigned)n;

	for (int i = 0; i < argc; i++) {
		const char *w = argv[i];
		size_t wl = strlen(w);
		bool lit = false, param = false, ended = false;
		const char *first_lit = NULL, *other_lit = NULL, *exact = NULL;
		const char *pref_lit = NULL, *pref_other = NULL, *chosen;

		for (size_t c = 0; c < n; c++) {
			if (!alive[c])
				continue;
			int t = tok_at(pats[c], i);
			if (t < 0) {
				ended = true;
				continue;
			}
			if (pats[c]->tok[t].kind != CTL_TOK_WORD) {
				param = true;
				continue;
			}
			const char *name = ctl_pattern_tok(pats[c], (unsigned)t);
			if (strncmp(name, w, wl) != 0)
				continue;
			lit = true;
			if (name[wl] == '\0')
				exact = name;
			if (first_lit == NULL)
				first_lit = name;
			else if (strcmp(first_lit, name) != 0)
				other_lit = name;
			if (pats[c]->prefer) {
				if (pref_lit == NULL)
					pref_lit = name;
				else if (strcmp(pref_lit, name) != 0)
					pref_other = name;
			}
		}
		/* the literal this word stands for, if any */
		if (exact != NULL)
			chosen = exact;
		else if (other_lit == NULL)
			chosen = first_lit;
		else if (pref_lit != NULL && pref_other == NULL)
			chosen = pref_lit;	/* a preferred command settles it */
		else
			chosen = NULL;
		if (lit && chosen == NULL) {
			mb_adds(&msg, i == 0 ? "ambiguous command " : "ambiguous word ");
			mb_word(&msg, w);
			if (i > 0) {
				mb_adds(&msg, " after '");
				mb_adds(&msg, ctxbuf);
				mb_adds(&msg, "'");
			}
			mb_adds(&msg, ": ");
			mb_literals(&msg, pats, n, alive, i, w);
			return m->result = CTL_M_AMBIGUOUS;
		}
		if (!lit && !param) {
			size_t before = msg.len;
			if (i == 0) {
				mb_adds(&msg, "unknown command ");
				mb_word(&msg, w);
				mb_adds(&msg, "; commands: ");
			} else {
				mb_adds(&msg, ended ? "unexpected word " : "unknown word ");
				mb_word(&msg, w);
				mb_adds(&msg, " after '");
				mb_adds(&msg, ctxbuf);
				mb_adds(&msg, ended ? "'" : "'; expected one of: ");
			}
			size_t mark = msg.len;
			mb_literals(&msg, pats, n, alive, i, NULL);
			if (msg.len == mark && i == 0)
				msg.len = before, msg.p[before] = '\0';
			return m->result = CTL_M_UNKNOWN;
		}
		/* keep the candidates that take this word: the chosen literal, else a parameter */
		for (size_t c = 0; c < n; c++) {
			if (!alive[c])
				continue;
			int t = tok_at(pats[c], i);
			bool keep;
			if (t < 0)
				keep = false;
			else if (pats[c]->tok[t].kind == CTL_TOK_WORD)
				keep = lit && strcmp(ctl_pattern_tok(pats[c], (unsigned)t), chosen) == 0;
			else
				keep = !lit;
			if (!keep) {
				alive[c] = false;
				m->ncand--;
			}
		}
		if (i > 0)
			mb_adds(&ctx, " ");
		if (lit) {
			mb_adds(&ctx, chosen);
		} else {
			mb_add(&ctx, w, wl > 64 ? 64 : wl);
		}
	}

	if (argc == 0) {
		mb_adds(&msg, "no command given; try 'help'");
		return m->result = CTL_M_EMPTY;
	}
	for (size_t c = 0; c < n; c++) {
		if (alive[c] && (unsigned)argc >= pats[c]->nreq) {
			m->cmd = (int)c;
			for (int i = 0; i < argc; i++)
				m->tok[i] = (uint8_t)tok_at(pats[c], i);
			return m->result = CTL_M_OK;
		}
	}
	mb_adds(&msg, "incomplete command '");
	mb_adds(&msg, ctxbuf);
	mb_adds(&msg, "'; it goes on as: ");
	bool first = true;
	for (size_t c = 0; c < n; c++) {
		if (!alive[c])
			continue;
		if (!first)
			mb_adds(&msg, ", ");
		mb_adds(&msg, pats[c]->text);
		first = false;
	}
	return m->result = CTL_M_INCOMPLETE;
}
