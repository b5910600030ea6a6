/*
 * test_conf_golden.c -- the config golden files, one cmocka test per file:
 *
 *   tests/conf/good/NAME.yaml  must load; its normalised print (with origin
 *                              comments) must equal NAME.out, and it must
 *                              survive the round trip (below);
 *   tests/conf/bad/NAME.yaml   must fail; the errors must equal NAME.err
 *                              exactly, "NAME.yaml:line:col: message" each;
 *   contrib/examples/NAME.yaml must load and survive the round trip.
 *
 * Round trip: print the config, parse the print, and the two configs must
 * not differ (conf_diff finds nothing) and must print the same text.
 *
 * Adding a case is adding two files. ECMPD_UPDATE_GOLDEN=1 rewrites the
 * expected files from what the code does now (read the diff before committing).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"

#define MAX_CASES 256

static char *
read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0;

	if (f == NULL)
		return NULL;
	for (;;) {
		if (n + 4096 + 1 > cap) {
			cap = cap ? cap * 2 : 8192;
			char *t = realloc(buf, cap);
			if (t == NULL) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = t;
		}
		size_t r = fread(buf + n, 1, 4096, f);
		n += r;
		if (r == 0)
			break;
	}
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

static void
write_all(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static const char *
base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

/* The expected-output file next to a .yaml: same name, other extension. */
static void
sibling(const char *path, const char *ext, char *out, size_t len)
{
	snprintf(out, len, "%s", path);
	char *dot = strrchr(out, '.');
	assert_non_null(dot);
	snprintf(dot, len - (size_t)(dot - out), "%s", ext);
}

/* Compare with the expected file, or rewrite it under ECMPD_UPDATE_GOLDEN. */
static void
expect_file(const char *path, const char *actual)
{
	const char *update = getenv("ECMPD_UPDATE_GOLDEN");
	size_t len;

	if (update != NULL && *update != '\0' && strcmp(update, "0") != 0) {
		write_all(path, actual);
		return;
	}
	char *expected = read_all(path, &len);
	if (expected == NULL)
		fail_msg("missing %s; this is what the code prints:\n%s", path, actual);
	if (strcmp(expected, actual) != 0) {
		print_error("--- expected (%s)\n%s--- actual\n%s", path, expected, actual);
		free(expected);
		fail_msg("%s differs", base_name(path));
	}
	free(expected);
}

static struct conf *
load_ok(const char *path)
{
	struct conf *c;
	struct conf_errors errs;
	size_t len;
	char *text = read_all(path, &len);

	assert_non_null(text);
	if (!conf_parse_string(base_name(path), text, len, &c, &errs)) {
		struct sbuf sb;
		sb_init(&sb);
		conf_errors_print(&errs, &sb);
		print_error("%s", sb.p);
		sb_free(&sb);
		free(text);
		fail_msg("%s does not load", base_name(path));
	}
	free(text);
	assert_int_equal(errs.count, 0);
	return c;
}

/* print -> parse -> equal config, same print; with and without origin comments. */
static void
round_trip(const struct conf *c)
{
	static const unsigned flag_sets[] = { 0, CONF_PRINT_ORIGIN };

	for (size_t k = 0; k < 2; k++) {
		struct sbuf p1, p2, d;
		struct conf *again;
		struct conf_errors errs;
		struct conf_diff diff;

		sb_init(&p1);
		sb_init(&p2);
		sb_init(&d);
		conf_print(c, &p1, flag_sets[k]);
		if (!conf_parse_string("normalised", p1.p, p1.len, &again, &errs)) {
			conf_errors_print(&errs, &d);
			print_error("%s\n%s", p1.p, d.p);
			fail_msg("the normalised print does not load");
		}
		assert_true(conf_diff(c, again, &diff));
		if (!conf_diff_empty(&diff)) {
			conf_diff_print(&diff, c, again, &d);
			print_error("%s", d.p);
			fail_msg("the normalised print loads into a different config");
		}
		conf_diff_free(&diff);
		conf_print(again, &p2, 0);
		sb_reset(&p1);
		conf_print(c, &p1, 0);
		assert_string_equal(p1.p, p2.p);
		conf_free(again);
		sb_free(&p1);
		sb_free(&p2);
		sb_free(&d);
	}
}

static void
test_good(void **state)
{
	const char *path = *state;
	char out[1024];
	struct sbuf sb;
	struct conf *c = load_ok(path);

	sb_init(&sb);
	conf_print(c, &sb, CONF_PRINT_ORIGIN);
	sibling(path, ".out", out, sizeof(out));
	expect_file(out, sb.p);
	sb_free(&sb);
	round_trip(c);
	conf_free(c);
}

static void
test_bad(void **state)
{
	const char *path = *state;
	char out[1024];
	struct sbuf sb;
	static struct conf sentinel;
	struct conf *c = &sentinel;	/* must become NULL */
	struct conf_errors errs;
	size_t len;
	char *text = read_all(path, &len);

	assert_non_null(text);
	assert_false(conf_parse_string(base_name(path), text, len, &c, &errs));
	assert_null(c);
	assert_true(errs.count > 0);
	free(text);
	sb_init(&sb);
	conf_errors_print(&errs, &sb);
	sibling(path, ".err", out, sizeof(out));
	expect_file(out, sb.p);
	sb_free(&sb);
}

static void
test_example(void **state)
{
	struct conf *c = load_ok(*state);
	round_trip(c);
	conf_free(c);
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every *.yaml of a directory, sorted, as paths. */
static size_t
list_yaml(const char *dir, char **paths, size_t cap)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	if (d == NULL) {
		fprintf(stderr, "cannot open %s\n", dir);
		return 0;
	}
	while ((e = readdir(d)) != NULL && n < cap) {
		size_t l = strlen(e->d_name);
		if (l < 6 || strcmp(e->d_name + l - 5, ".yaml") != 0)
			continue;
		size_t len = strlen(dir) + l + 2;
		paths[n] = malloc(len);
		if (paths[n] == NULL)
			break;
		snprintf(paths[n], len, "%s/%s", dir, e->d_name);
		n++;
	}
	closedir(d);
	qsort(paths, n, sizeof(*paths), name_cmp);
	return n;
}

static int
run_dir(const char *group, const char *dir, void (*fn)(void **), size_t min)
{
	char *paths[MAX_CASES];
	struct CMUnitTest tests[MAX_CASES];
	size_t n = list_yaml(dir, paths, MAX_CASES);

	if (n < min) {
		fprintf(stderr, "%s: %zu cases in %s, expected at least %zu\n", group, n, dir, min);
		return 1;
	}
	for (size_t i = 0; i < n; i++) {
		tests[i] = (struct CMUnitTest){ base_name(paths[i]), fn, NULL, NULL, paths[i] };
	}
	int failed = _cmocka_run_group_tests(group, tests, n, NULL, NULL);
	for (size_t i = 0; i < n; i++)
		free(paths[i]);
	return failed;
}

int
main(void)
{
	int failed = 0;

	failed += run_dir("conf_good", CONF_TEST_DIR "/good", test_good, 10);
	failed += run_dir("conf_bad", CONF_TEST_DIR "/bad", test_bad, 25);
	failed += run_dir("conf_examples", CONF_EXAMPLES_DIR, test_example, 3);
	return failed != 0;
}
