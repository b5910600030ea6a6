/*
 * conf_yaml.c -- libyaml's event stream into a small tree of scalars, maps
 * and sequences, each node carrying the 1-based line and column it started
 * at, so that semantic errors found later can point into the file.
 *
 * Only what a configuration needs: one document, scalar keys, no anchors,
 * aliases or tags. The tree is bounded (CONF_MAX_DEPTH levels, and the text
 * by CONF_MAX_FILE_SIZE). Syntax errors stop the parse and carry libyaml's
 * own words; duplicate keys, anchors and the like are reported and the
 * parse goes on, so that one run shows as many errors as possible.
 */
#include "conf_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

struct frame {
	struct cnode *node;
	struct cnode *key;	/* map: the key waiting for its value */
};

struct yctx {
	const char *text;
	size_t len;
	struct conf_arena *arena;
	struct conf_errors *errs;
	struct frame stack[CONF_MAX_DEPTH];
	unsigned depth;
	struct cnode *root;
	bool oom;
};

static struct conf_mark
ymark(yaml_mark_t m)
{
	return (struct conf_mark){ (uint32_t)m.line + 1, (uint32_t)m.column + 1 };
}

/* Line and column of a byte offset (reader errors carry no mark). */
static struct conf_mark
offset_mark(const char *text, size_t len, size_t off)
{
	struct conf_mark m = { 1, 1 };

	for (size_t i = 0; i < off && i < len; i++) {
		unsigned char c = (unsigned char)text[i];
		if (c == '\n') {
			m.line++;
			m.col = 1;
		} else if ((c & 0xc0) != 0x80) {
			m.col++;
		}
	}
	return m;
}

static void
syntax_error(struct yctx *y, const yaml_parser_t *p)
{
	char msg[CONF_ERROR_LEN];
	struct conf_mark m;

	switch (p->error) {
	case YAML_MEMORY_ERROR:
		conf_error_add(y->errs, (struct conf_mark){ 0, 0 }, "out of memory");
		return;
	case YAML_READER_ERROR:
		m = offset_mark(y->text, y->len, p->problem_offset);
		if (p->problem_value != -1)
			conf_error_add(y->errs, m, "%s (byte 0x%02x)",
			    p->problem ? p->problem : "cannot read the text",
			    (unsigned)p->problem_value & 0xff);
		else
			conf_error_add(y->errs, m, "%s",
			    p->problem ? p->problem : "cannot read the text");
		return;
	default:
		break;
	}
	m = ymark(p->problem_mark);
	size_t idx = p->problem_mark.index;
	if (idx < y->len && y->text[idx] == '\t' && p->problem != NULL &&
	    strstr(p->problem, "cannot start any token") != NULL) {
		conf_error_add(y->errs, m,
		    "found a tab character that cannot start any token (YAML indents with spaces only)");
		return;
	}
	snprintf(msg, sizeof(msg), "%s", p->problem ? p->problem : "syntax error");
	if (p->context != NULL) {
		size_t used = strlen(msg);
		if (p->context_mark.line != p->problem_mark.line ||
		    p->context_mark.column != p->problem_mark.column)
			snprintf(msg + used, sizeof(msg) - used, " (%s at line %zu, column %zu)",
			    p->context, p->context_mark.line + 1, p->context_mark.column + 1);
		else
			snprintf(msg + used, sizeof(msg) - used, " (%s)", p->context);
	}
	conf_error_add(y->errs, m, "%s", msg);
}

static struct cnode *
node_new(struct yctx *y, enum cnode_type type, yaml_mark_t mark)
{
	struct cnode *n = carena_alloc(y->arena, sizeof(*n));
	if (n == NULL) {
		y->oom = true;
		return NULL;
	}
	n->type = type;
	n->mark = ymark(mark);
	n->str = "";
	return n;
}

/*
 * Hang a finished or just opened node under the innermost container.
 * False when the parse cannot go on (a non-scalar key).
 */
static bool
attach(struct yctx *y, struct cnode *n)
{
	if (y->depth == 0) {
		y->root = n;
		return true;
	}
	struct frame *f = &y->stack[y->depth - 1];
	struct cnode *parent = f->node;
	if (parent->type == CNODE_MAP && f->key == NULL) {
		if (n->type != CNODE_SCALAR) {
			conf_error_add(y->errs, n->mark,
			    "a key must be a plain word, not a %s",
			    n->type == CNODE_MAP ? "map" : "list");
			return false;
		}
		f->key = n;
		return true;
	}
	if (parent->type == CNODE_MAP) {
		n->key = f->key;
		f->key = NULL;
	}
	if (parent->last != NULL)
		parent->last->next = n;
	else
		parent->first = n;
	parent->last = n;
	parent->count++;
	return true;
}

static int
key_cmp(const void *a, const void *b)
{
	const struct cnode *x = *(const struct cnode *const *)a;
	const struct cnode *y = *(const struct cnode *const *)b;
	int c = strcmp(x->key->str, y->key->str);
	if (c != 0)
		return c;
	if (x->key->mark.line != y->key->mark.line)
		return x->key->mark.line < y->key->mark.line ? -1 : 1;
	if (x->key->mark.col != y->key->mark.col)
		return x->key->mark.col < y->key->mark.col ? -1 : 1;
	return 0;
}

/* Report every repeated key at its second (third, ...) occurrence. */
static void
check_duplicates(struct yctx *y, struct cnode *map)
{
	if (map->count < 2)
		return;
	struct cnode **v = malloc(map->count * sizeof(*v));
	if (v == NULL) {
		y->oom = true;
		return;
	}
	size_t n = 0;
	for (struct cnode *c = map->first; c != NULL; c = c->next)
		v[n++] = c;
	qsort(v, n, sizeof(*v), key_cmp);
	for (size_t i = 1; i < n; i++) {
		size_t first = i - 1;
		while (first > 0 && v[first]->duplicate)
			first--;
		if (strcmp(v[i]->key->str, v[first]->key->str) != 0)
			continue;
		char q[64];
		v[i]->duplicate = true;
		conf_error_add(y->errs, v[i]->key->mark,
		    "duplicate key %s (first at line %u, column %u)",
		    conf_quote(v[i]->key->str, v[i]->key->len, q, sizeof(q)),
		    v[first]->key->mark.line, v[first]->key->mark.col);
	}
	free(v);
}

/* Anchors and tags are refused but do not stop the parse. */
static void
check_props(struct yctx *y, const yaml_char_t *anchor, const yaml_char_t *tag,
    yaml_mark_t mark)
{
	if (anchor != NULL)
		conf_error_add(y->errs, ymark(mark),
		    "anchors (&%.40s) are not supported", (const char *)anchor);
	if (tag != NULL) {
		const char *t = (const char *)tag;
		bool std = strncmp(t, "tag:yaml.org,2002:", 18) == 0;
		conf_error_add(y->errs, ymark(mark), "tags (%s%.40s) are not supported",
		    std ? "!!" : "", std ? t + 18 : t);
	}
}

/* Handle one event; false stops the parse (syntax error, depth, second document). */
static bool
event(struct yctx *y, const yaml_event_t *e, unsigned *docs, bool *done)
{
	struct cnode *n;

	switch (e->type) {
	case YAML_STREAM_START_EVENT:
	case YAML_DOCUMENT_END_EVENT:
	case YAML_NO_EVENT:
		return true;
	case YAML_STREAM_END_EVENT:
		*done = true;
		return true;
	case YAML_DOCUMENT_START_EVENT:
		if (++*docs > 1) {
			conf_error_add(y->errs, ymark(e->start_mark),
			    "a second YAML document; a configuration file holds one");
			*done = true;
		}
		return true;
	case YAML_ALIAS_EVENT:
		conf_error_add(y->errs, ymark(e->start_mark),
		    "aliases (*%.40s) are not supported", (const char *)e->data.alias.anchor);
		n = node_new(y, CNODE_SCALAR, e->start_mark);
		if (n == NULL)
			return false;
		n->plain = true;	/* stands in as null */
		return attach(y, n);
	case YAML_SCALAR_EVENT:
		check_props(y, e->data.scalar.anchor,
		    e->data.scalar.plain_implicit || e->data.scalar.quoted_implicit ?
		    NULL : e->data.scalar.tag, e->start_mark);
		n = node_new(y, CNODE_SCALAR, e->start_mark);
		if (n == NULL)
			return false;
		n->len = e->data.scalar.length;
		n->str = carena_strndup(y->arena, (const char *)e->data.scalar.value, n->len);
		if (n->str == NULL) {
			y->oom = true;
			return false;
		}
		n->plain = e->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
		if (memchr(n->str, '\0', n->len) != NULL)
			conf_error_add(y->errs, n->mark, "a NUL character in a string");
		return attach(y, n);
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT: {
		bool map = e->type == YAML_MAPPING_START_EVENT;
		if (map)
			check_props(y, e->data.mapping_start.anchor,
			    e->data.mapping_start.implicit ? NULL : e->data.mapping_start.tag,
			    e->start_mark);
		else
			check_props(y, e->data.sequence_start.anchor,
			    e->data.sequence_start.implicit ? NULL : e->data.sequence_start.tag,
			    e->start_mark);
		if (y->depth >= CONF_MAX_DEPTH) {
			conf_error_add(y->errs, ymark(e->start_mark),
			    "nested deeper than %d levels", CONF_MAX_DEPTH);
			return false;
		}
		n = node_new(y, map ? CNODE_MAP : CNODE_SEQ, e->start_mark);
		if (n == NULL || !attach(y, n))
			return false;
		y->stack[y->depth].node = n;
		y->stack[y->depth].key = NULL;
		y->depth++;
		return true;
	}
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		if (y->depth == 0)
			return false;	/* libyaml never does this */
		y->depth--;
		if (y->stack[y->depth].node->type == CNODE_MAP)
			check_duplicates(y, y->stack[y->depth].node);
		return !y->oom;
	}
	return true;
}

bool
conf_yaml_parse(const char *text, size_t len, struct conf_arena *arena,
    struct cnode **root, struct conf_errors *errs)
{
	struct yctx y;
	yaml_parser_t parser;
	yaml_event_t ev;
	unsigned docs = 0;
	bool done = false, ok = true;

	*root = NULL;
	if (len > CONF_MAX_FILE_SIZE) {
		conf_error_add(errs, (struct conf_mark){ 0, 0 },
		    "larger than %u MiB", CONF_MAX_FILE_SIZE / (1024u * 1024u));
		return false;
	}
	memset(&y, 0, sizeof(y));
	y.text = text;
	y.len = len;
	y.arena = arena;
	y.errs = errs;
	if (!yaml_parser_initialize(&parser)) {
		conf_error_add(errs, (struct conf_mark){ 0, 0 }, "out of memory");
		return false;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
	while (!done) {
		if (!yaml_parser_parse(&parser, &ev)) {
			syntax_error(&y, &parser);
			ok = false;
			break;
		}
		bool go_on = event(&y, &ev, &docs, &done);
		yaml_event_delete(&ev);
		if (!go_on) {
			ok = false;
			break;
		}
	}
	yaml_parser_delete(&parser);
	if (y.oom) {
		conf_error_add(errs, (struct conf_mark){ 0, 0 }, "out of memory");
		ok = false;
	}
	*root = ok ? y.root : NULL;
	return ok;
}
