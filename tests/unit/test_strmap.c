/* Unit tests for lib/strmap.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strmap.h"
#include "unit.h"

struct val {
	long n;
	char pad[56];   /* 64-byte slots: all of it must start zeroed */
};

static int all_zero(const void *p, size_t n)
{
	const unsigned char *c = p;

	for (size_t i = 0; i < n; i++)
		if (c[i])
			return 0;
	return 1;
}

static void test_basic(void)
{
	struct strmap *m = strmap_new(sizeof(struct val));
	struct val *a, *b, *c;
	int created = -1;
	char key[8];

	CHECK_INT(strmap_count(m), 0);
	CHECK(strmap_find(m, "a", 1) == NULL);
	CHECK(strmap_find(m, "", 0) == NULL);

	a = strmap_get(m, "a", 1, &created);
	CHECK(a != NULL);
	CHECK_INT(created, 1);
	CHECK(all_zero(a, sizeof *a));
	CHECK_INT(strmap_count(m), 1);
	a->n = 42;
	memset(a->pad, 7, sizeof a->pad);

	created = -1;
	CHECK(strmap_get(m, "a", 1, &created) == a);
	CHECK_INT(created, 0);
	CHECK_INT(a->n, 42);
	CHECK(strmap_find(m, "a", 1) == a);
	CHECK(strmap_get(m, "a", 1, NULL) == a);   /* created may be NULL */
	CHECK_INT(strmap_count(m), 1);

	/* Only the first len bytes are the key. */
	CHECK(strmap_find(m, "ab", 1) == a);
	CHECK(strmap_find(m, "ab", 2) == NULL);
	b = strmap_get(m, "ab", 2, &created);
	CHECK_INT(created, 1);
	CHECK(b != a);
	CHECK(all_zero(b, sizeof *b));
	CHECK_INT(strmap_count(m), 2);

	/* The empty key is a key. */
	c = strmap_get(m, "", 0, &created);
	CHECK_INT(created, 1);
	CHECK(c != a && c != b);
	CHECK(strmap_find(m, "", 0) == c);
	CHECK(strmap_find(m, "x", 0) == c);
	CHECK_INT(strmap_count(m), 3);

	/* The map keeps its own copy of the key. */
	memcpy(key, "temp", 5);
	b = strmap_get(m, key, 4, &created);
	b->n = 9;
	memcpy(key, "XXXX", 5);
	CHECK(strmap_find(m, "temp", 4) == b);
	CHECK(strmap_find(m, "XXXX", 4) == NULL);
	CHECK_INT(strmap_count(m), 4);
	strmap_free(m);
	strmap_free(NULL);
}

static void test_binary_keys(void)
{
	struct strmap *m = strmap_new(sizeof(long));
	long *p1, *p2, *p3, *p4;
	int created;

	p1 = strmap_get(m, "a\0b", 3, &created);
	CHECK_INT(created, 1);
	p2 = strmap_get(m, "a\0c", 3, &created);
	CHECK_INT(created, 1);
	p3 = strmap_get(m, "a", 1, &created);
	CHECK_INT(created, 1);
	p4 = strmap_get(m, "\0\0", 2, &created);
	CHECK_INT(created, 1);
	CHECK(p1 != p2 && p1 != p3 && p2 != p3 && p4 != p1 && p4 != p3);
	*p1 = 1;
	*p2 = 2;
	*p3 = 3;
	*p4 = 4;
	CHECK(strmap_find(m, "a\0b", 3) == p1);
	CHECK(strmap_find(m, "a\0c", 3) == p2);
	CHECK(strmap_find(m, "a\0d", 3) == NULL);
	CHECK(strmap_find(m, "a\0", 2) == NULL);
	CHECK(strmap_find(m, "\0", 1) == NULL);
	CHECK(strmap_find(m, "\0\0", 2) == p4);
	CHECK(strmap_find(m, "\0\0\0", 3) == NULL);
	CHECK_INT(*(long *)strmap_find(m, "a", 1), 3);
	CHECK_INT(strmap_count(m), 4);
	strmap_free(m);
}

struct walk {
	long n;
	long bad;
	void **slots;
};

static void visit(void *ctx, const char *key, size_t len, void *val)
{
	struct walk *w = ctx;
	char want[32];
	int n;

	/* "key", a NUL byte, then the number: the n-th inserted */
	memcpy(want, "key", 4);
	n = 4 + snprintf(want + 4, sizeof want - 4, "%ld", w->n);
	if ((len != (size_t)n || memcmp(key, want, len) || val != w->slots[w->n] ||
	     ((struct val *)val)->n != w->n) && w->bad++ < 5)
		printf("  strmap_each: entry %ld is key of %zu bytes\n", w->n, len);
	w->n++;
}

static void test_many(void)
{
	enum { N = 100000 };
	struct strmap *m = strmap_new(sizeof(struct val));
	void **slots = malloc(N * sizeof *slots);
	long bad_new = 0, bad_again = 0, bad_zero = 0, bad_find = 0;
	struct walk w = { 0, 0, NULL };

	if (!slots)
		abort();
	for (long i = 0; i < N; i++) {
		char key[32];
		int created = -1, n;
		struct val *v;

		memcpy(key, "key", 4);   /* "key", NUL, number: binary keys */
		n = 4 + snprintf(key + 4, sizeof key - 4, "%ld", i);
		v = strmap_get(m, key, (size_t)n, &created);
		if (created != 1)
			bad_new++;
		if (!all_zero(v, sizeof *v))
			bad_zero++;
		v->n = i;
		memset(v->pad, (int)(i & 0x7f) | 1, sizeof v->pad);
		slots[i] = v;
		/* Earlier slots have not moved through the rehashes. */
		if ((i & (i - 1)) == 0)
			for (long j = 0; j <= i; j += 1 + j / 8) {
				memcpy(key, "key", 4);
				n = 4 + snprintf(key + 4, sizeof key - 4, "%ld", j);
				if (strmap_find(m, key, (size_t)n) != slots[j])
					bad_find++;
			}
	}
	CHECK_INT(bad_new, 0);
	CHECK_INT(bad_zero, 0);
	CHECK_INT(bad_find, 0);
	CHECK_INT(strmap_count(m), N);

	for (long i = 0; i < N; i++) {
		char key[32];
		int created = -1, n;
		struct val *v;

		memcpy(key, "key", 4);
		n = 4 + snprintf(key + 4, sizeof key - 4, "%ld", i);
		v = strmap_find(m, key, (size_t)n);
		if (v != slots[i] || v->n != i || v->pad[55] != (char)((i & 0x7f) | 1))
			bad_find++;
		if (strmap_get(m, key, (size_t)n, &created) != slots[i] || created != 0)
			bad_again++;
		/* Same text without the NUL is another key, absent. */
		if (strmap_find(m, key + 4, (size_t)n - 4))
			bad_find++;
	}
	CHECK_INT(bad_find, 0);
	CHECK_INT(bad_again, 0);
	CHECK_INT(strmap_count(m), N);

	w.slots = slots;
	strmap_each(m, visit, &w);
	CHECK_INT(w.n, N);
	CHECK_INT(w.bad, 0);
	strmap_free(m);
	free(slots);
}

static void count_cb(void *ctx, const char *key, size_t len, void *val)
{
	(void)key;
	(void)len;
	(void)val;
	++*(int *)ctx;
}

static void test_each_empty(void)
{
	struct strmap *m = strmap_new(8);
	int calls = 0;

	strmap_each(m, count_cb, &calls);
	CHECK_INT(calls, 0);
	strmap_get(m, "b", 1, NULL);
	strmap_get(m, "a", 1, NULL);
	strmap_get(m, "b", 1, NULL);
	strmap_each(m, count_cb, &calls);
	CHECK_INT(calls, 2);
	strmap_free(m);
}

int main(void)
{
	test_basic();
	test_binary_keys();
	test_many();
	test_each_empty();
	UNIT_END();
}
