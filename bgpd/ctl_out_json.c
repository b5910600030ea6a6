/*
 * ctl_out_json.c -- the JSON renderer (schema rules in ctl_out.h), on the
 * streaming writer of json.c: nothing of the document is kept but the
 * nesting stack.
 */
#include "config.h"

#include "ctl_out_int.h"
#include "json.h"

#include <stdlib.h>

/* What a ctl_out level became in JSON (st[].rdata). */
enum {
	J_OBJECT = 1,	/* an object: members need keys */
	J_ARRAY,	/* an array: elements have none */
	J_FLAT,		/* a section without key: members go to the enclosing object */
	J_HIDDEN,	/* text only: nothing inside goes to JSON */
};

struct jout {
	struct json_writer w;
	bool open;	/* the document's object has been opened */
};

bool
ctl_out_json_init(struct ctl_out *o)
{
	struct jout *j = calloc(1, sizeof(*j));
	if (j == NULL)
		return false;
	json_init(&j->w, o->sink, o->arg, JSON_PRETTY);
	o->r = j;
	return true;
}

/*
 * The container new output goes into, looking down the stack past the level
 * just pushed (skip = 1) or not (skip = 0): J_OBJECT, J_ARRAY or J_HIDDEN.
 */
static int
context(struct ctl_out *o, unsigned skip)
{
	for (unsigned i = o->depth - skip; i > 0; i--) {
		int k = o->st[i - 1].rdata;
		if (k == J_HIDDEN || k == J_OBJECT || k == J_ARRAY)
			return k;
	}
	return J_OBJECT;	/* the document */
}

static struct json_writer *
writer(struct ctl_out *o)
{
	struct jout *j = o->r;
	if (!j->open) {
		json_object_open(&j->w, NULL);
		json_uint(&j->w, "schema_version", CTL_JSON_SCHEMA_VERSION);
		j->open = true;
	}
	return &j->w;
}

static void
json_section_begin(struct ctl_out *o, const char *key, const char *title)
{
	(void)title;
	uint8_t *k = &o->st[o->depth - 1].rdata;
	switch (context(o, 1)) {
	case J_HIDDEN:
		*k = J_HIDDEN;
		break;
	case J_ARRAY:
		json_object_open(writer(o), NULL);
		*k = J_OBJECT;
		break;
	default:
		if (key == NULL) {
			*k = J_FLAT;
		} else {
			json_object_open(writer(o), key);
			*k = J_OBJECT;
		}
		break;
	}
}

static void
open_array(struct ctl_out *o, const char *key)
{
	uint8_t *k = &o->st[o->depth - 1].rdata;
	switch (context(o, 1)) {
	case J_HIDDEN:
		*k = J_HIDDEN;
		break;
	case J_ARRAY:
		json_array_open(writer(o), NULL);
		*k = J_ARRAY;
		break;
	default:
		if (key == NULL) {
			*k = J_HIDDEN;
		} else {
			json_array_open(writer(o), key);
			*k = J_ARRAY;
		}
		break;
	}
}

static void
json_list_begin(struct ctl_out *o, const char *key, const char *title)
{
	(void)title;
	open_array(o, key);
}

static void
json_table_begin(struct ctl_out *o, const char *key, const char *title)
{
	(void)title;
	open_array(o, key);
}

static void
close_level(struct ctl_out *o)
{
	switch (o->st[o->depth - 1].rdata) {
	case J_OBJECT:
		json_object_close(writer(o));
		break;
	case J_ARRAY:
		json_array_close(writer(o));
		break;
	}
}

static void
put_value(struct json_writer *w, const char *key, const struct ctl_val *v)
{
	switch (v->type) {
	case CTL_VAL_STR:
		json_string(w, key, v->v.s);
		break;
	case CTL_VAL_U64:
		json_uint(w, key, v->v.u);
		break;
	case CTL_VAL_I64:
		json_int(w, key, v->v.i);
		break;
	case CTL_VAL_BOOL:
		json_bool(w, key, v->v.b);
		break;
	case CTL_VAL_TIME:
		if (v->v.t == 0)
			json_null(w, key);
		else
			json_time(w, key, v->v.t);
		break;
	case CTL_VAL_DURATION:
		if (v->v.i < 0)
			json_null(w, key);
		else
			json_int(w, key, v->v.i);
		break;
	case CTL_VAL_NULL:
	default:
		json_null(w, key);
		break;
	}
}

static void
json_kv(struct ctl_out *o, const char *key, const char *label, const struct ctl_val *v)
{
	(void)label;
	switch (context(o, 0)) {
	case J_HIDDEN:
		return;
	case J_ARRAY:
		put_value(writer(o), NULL, v);
		return;
	default:
		if (key != NULL)
			put_value(writer(o), key, v);
		return;
	}
}

static void
json_row(struct ctl_out *o, const struct ctl_val *cells)
{
	if (o->st[o->depth - 1].rdata != J_ARRAY)
		return;
	struct json_writer *w = writer(o);
	json_object_open(w, NULL);
	for (size_t i = 0; i < o->ncols; i++)
		if (!(o->cols[i].flags & CTL_COL_TEXT_ONLY))
			put_value(w, o->cols[i].key != NULL ? o->cols[i].key : "", &cells[i]);
	json_object_close(w);
}

static bool
json_out_finish(struct ctl_out *o)
{
	struct jout *j = o->r;
	if (!j->open)
		return true;
	json_object_close(&j->w);	/* the document */
	return json_finish(&j->w);
}

static void
json_out_free(struct ctl_out *o)
{
	free(o->r);
	o->r = NULL;
}

const struct ctl_out_ops ctl_out_json_ops = {
	.section_begin = json_section_begin,
	.section_end = close_level,
	.list_begin = json_list_begin,
	.list_end = close_level,
	.kv = json_kv,
	.table_begin = json_table_begin,
	.row = json_row,
	.table_end = close_level,
	.finish = json_out_finish,
	.free = json_out_free,
};
