/*
 * conf_int.h -- what the conf/ files share and nobody else needs: the
 * arena, the YAML node tree, error collection and the settings table.
 */
#ifndef ECMPD_CONF_INT_H
#define ECMPD_CONF_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "conf.h"

/* ---- arena (conf_mem.c): many small allocations, one free ---- */
struct conf_arena;
struct conf_arena *carena_new(void);
void carena_free(struct conf_arena *a);
/* Zeroed memory, aligned for any type; NULL when out of memory. */
void *carena_alloc(struct conf_arena *a, size_t size);
void *carena_array(struct conf_arena *a, size_t n, size_t size);
char *carena_strndup(struct conf_arena *a, const char *s, size_t len);

/* ---- errors (conf_err.c) ---- */
/* Insert in file order; beyond CONF_MAX_ERRORS keep the earliest. */
void conf_error_add(struct conf_errors *errs, struct conf_mark m,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Damerau-Levenshtein (optimal string alignment) distance, capped at 9. */
unsigned conf_edit_distance(const char *a, const char *b);
/*
 * The candidate within edit distance 2 of word (1 for words of 3 or 4
 * characters, 0 for shorter ones; the closest, the first on a tie), else
 * the only candidate that word is the beginning of; NULL if none.
 */
const char *conf_suggest(const char *word, const char *const *cands, size_t n);
/* Append " (did you mean 'x'?)" to a message buffer when a suggestion exists. */
void conf_suggest_text(char *buf, size_t len, const char *word,
    const char *const *cands, size_t n);
/* A value for a message: quoted, escaped, cut at 40 characters. */
const char *conf_quote(const char *s, size_t len, char *buf, size_t buflen);

/* ---- YAML node tree (conf_yaml.c) ---- */
enum cnode_type {
	CNODE_SCALAR,
	CNODE_MAP,
	CNODE_SEQ,
};

/*
 * A map's children are its values, each with a key (a scalar node); a
 * sequence's children are its items. Children are in document order.
 */
struct cnode {
	enum cnode_type type;
	struct conf_mark mark;
	/* scalar */
	const char *str;	/* NUL-terminated; len excludes the NUL */
	size_t len;
	bool plain;		/* unquoted, so it may be a number, bool or null */
	/* map and sequence */
	struct cnode *first;
	struct cnode *last;
	size_t count;
	/* siblings */
	struct cnode *next;
	struct cnode *key;	/* in a map: the key of this value */
	bool duplicate;		/* a repeated key: reported, to be skipped */
};

/*
 * Parse a YAML document into nodes allocated from arena. *root is NULL
 * for an empty document. False on a syntax error, after which the tree is
 * unusable; other problems (duplicate keys, anchors) are reported in errs
 * and the parse goes on.
 */
bool conf_yaml_parse(const char *text, size_t len, struct conf_arena *arena,
    struct cnode **root, struct conf_errors *errs);

static inline bool
cnode_is_null(const struct cnode *n)
{
	if (n == NULL)
		return true;
	if (n->type != CNODE_SCALAR || !n->plain)
		return false;
	const char *s = n->str;
	return s[0] == '\0' || (s[0] == '~' && s[1] == '\0') ||
	    !strcmp(s, "null") || !strcmp(s, "Null") || !strcmp(s, "NULL");
}

/* ---- the neighbor settings table (conf_fields.c) ---- */
enum cf_level {
	CF_LEVEL_GLOBAL,	/* top level of the file */
	CF_LEVEL_GROUP,		/* under peer-groups */
	CF_LEVEL_NEIGHBOR,	/* an entry of neighbors */
};

struct cf_desc {
	enum conf_field field;
	const char *parent;	/* "add-path", "graceful-restart", "max-prefix" or NULL */
	const char *key;
	const char *name;	/* "add-path.send" */
	size_t off;		/* in struct conf_peer */
	size_t size;
	bool reset;		/* a change needs a session reset */
	unsigned levels;	/* 1 << enum cf_level where the key is allowed */
};

extern const struct cf_desc cf_table[CF_COUNT];

struct bctx;	/* below */

/* Parse one setting's value into p (sets the field, its mark and p->own). */
void cf_parse(struct bctx *b, const struct cf_desc *d, const struct cnode *v,
    struct conf_peer *p);
/* Parse the settings of a group's or neighbor's map; extra_keys: other keys it may hold. */
void cf_parse_map(struct bctx *b, const struct cnode *map, enum cf_level level,
    struct conf_peer *p, const char *const *extra_keys, size_t n_extra);
/* The built-in defaults, nothing set. */
void cf_init(struct conf_peer *p);
/* Copy into dst every field src has (own, group or global) and dst does not set itself. */
void cf_inherit(struct conf_peer *dst, const struct conf_peer *src, bool from_group);
/*
 * Fill the fields no level set: keepalive from hold time, families from the
 * address family. afs is the session's family, -1 for a group or the globals.
 */
void cf_defaults(struct conf_peer *p, int afs);
/* The value as the printer and the diff write it. */
void cf_format(const struct cf_desc *d, const struct conf_peer *p, struct sbuf *sb);
/* Is this field equal in a and b? */
bool cf_equal(const struct cf_desc *d, const struct conf_peer *a, const struct conf_peer *b);
/* Does p hold a value for d (set at some level, or a default worth printing)? */
bool cf_present(const struct cf_desc *d, const struct conf_peer *p);

/* ---- building (conf_build.c, conf_value.c, conf_fields.c) ---- */
/* The state of one build: where errors go, what is built. */
struct bctx {
	struct conf *conf;
	struct conf_arena *arena;
	struct conf_errors *errs;
	unsigned nerr;		/* every error, also those conf_err.c drops */
	bool oom;
};

/* Children of a map or sequence, skipping repeated keys; NULL at the end. */
const struct cnode *cn_skip(const struct cnode *c);
const struct cnode *cn_first(const struct cnode *n);
const struct cnode *cn_next(const struct cnode *c);
size_t cn_count(const struct cnode *n);
/* "a map", "a list", "empty", "'text'" or "the quoted string 'text'" */
const char *describe(const struct cnode *n, char *buf, size_t len);

/* Value readers (conf_value.c): true and *out set, or false and reported. */
void b_error(struct bctx *b, struct conf_mark m, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void *b_alloc(struct bctx *b, size_t size);
void *b_array(struct bctx *b, size_t n, size_t size);
const char *b_strdup(struct bctx *b, const struct cnode *n);
bool b_scalar(struct bctx *b, const struct cnode *n, const char *what);
bool b_string(struct bctx *b, const struct cnode *n, const char *what, size_t max,
    const char **out);
bool b_uint(struct bctx *b, const struct cnode *n, const char *what,
    uint64_t min, uint64_t max, uint64_t *out);
bool b_bool(struct bctx *b, const struct cnode *n, const char *what, bool *out);
bool b_addr(struct bctx *b, const struct cnode *n, const char *what,
    struct conf_addr *out);
bool b_unicast(struct bctx *b, const struct cnode *n, const char *what,
    const struct conf_addr *a);
bool b_as(struct bctx *b, const struct cnode *n, const char *what, uint32_t *out);
/* Which of the listed words is n? -1 (reported) if none. */
int b_enum(struct bctx *b, const struct cnode *n, const char *what,
    const char *const *words, size_t n_words);
/* Is n a map (null counts as empty)? Reports otherwise. */
bool b_is_map(struct bctx *b, const struct cnode *n, const char *what);
bool b_is_seq(struct bctx *b, const struct cnode *n, const char *what);
/* Report every key of map not in keys[] (with a suggestion). */
void b_check_keys(struct bctx *b, const struct cnode *map, const char *const *keys, size_t n);
const struct cnode *b_get(const struct cnode *map, const char *key);
/* b_check_keys, but a neighbor setting among the keys gets "'key' <hint>". */
void check_keys_hint(struct bctx *b, const struct cnode *map, const char *const *known,
    size_t n_known, const char *hint);
/* "missing key 'key'" at the map that lacks it */
void b_missing(struct bctx *b, struct conf_mark at, const char *key);
bool addr_is_zero(const struct conf_addr *a);
bool addr_is_multicast(const struct conf_addr *a);
bool b_ipv4(struct bctx *b, const struct cnode *n, const char *what, uint32_t *out);
/* address/length with the host bits clear */
bool b_prefix(struct bctx *b, const struct cnode *n, const char *what, struct prefix *out);
/* AS:VALUE or a well-known name */
bool b_community(struct bctx *b, const struct cnode *n, uint32_t *out);

const char *conf_community_name(uint32_t c);	/* "no-export" or NULL */

/* conf_build.c: the tree into a config; false when anything was reported. */
bool conf_build(const struct cnode *root, struct conf *conf,
    struct conf_arena *arena, struct conf_errors *errs);
/* conf.c */
bool conf_prefix_contains(const struct prefix *outer, const struct prefix *inner);
int conf_fib_protocol_parse(const char *name);	/* number, or -1 */

/* Format helpers shared by the printer and the diff. */
void conf_print_string(struct sbuf *sb, const char *s);
void conf_print_addr(struct sbuf *sb, const struct conf_addr *a);
void conf_print_prefix(struct sbuf *sb, const struct prefix *p);
void conf_print_community(struct sbuf *sb, uint32_t c);
const char *conf_fib_table_name(uint32_t table);	/* "main", "local" or NULL */
const char *conf_fib_protocol_name(uint8_t proto);	/* iproute2 name or NULL */

#endif /* ECMPD_CONF_INT_H */
