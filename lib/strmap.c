#include "strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

struct entry {
	uint64_t hash;
	size_t len;
	char *key;
	void *val;
};

struct strmap {
	size_t valsize;
	size_t count;
	size_t mask;       /* table size - 1 */
	uint32_t *table;   /* index + 1 into entries; 0 empty */
	struct entry *entries;
	size_t cap;
};

/* Eight bytes at a time, each word mixed by a multiply (series keys are
 * about 25 bytes and hashed for every candle). */
static uint64_t hash_bytes(const char *p, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ n, w;

	for (; n >= 8; p += 8, n -= 8) {
		memcpy(&w, p, 8);
		h = (h ^ w) * 0xbf58476d1ce4e5b9ULL;
		h ^= h >> 31;
	}
	w = 0;
	memcpy(&w, p, n);
	h = (h ^ w) * 0x94d049bb133111ebULL;
	return h ^ (h >> 29);
}

struct strmap *strmap_new(size_t valsize)
{
	struct strmap *m = xcalloc(1, sizeof *m);

	m->valsize = valsize;
	m->mask = 63;
	m->table = xcalloc(m->mask + 1, sizeof *m->table);
	return m;
}

static void rehash(struct strmap *m)
{
	size_t size = (m->mask + 1) * 2;

	free(m->table);
	m->table = xcalloc(size, sizeof *m->table);
	m->mask = size - 1;
	for (size_t i = 0; i < m->count; i++) {
		size_t j = m->entries[i].hash & m->mask;

		while (m->table[j])
			j = (j + 1) & m->mask;
		m->table[j] = (uint32_t)(i + 1);
	}
}

static uint32_t *slot_for(const struct strmap *m, const char *key, size_t len,
			  uint64_t h)
{
	size_t j = h & m->mask;

	for (;; j = (j + 1) & m->mask) {
		uint32_t e = m->table[j];
		const struct entry *en;

		if (!e)
			return &m->table[j];
		en = &m->entries[e - 1];
		if (en->hash == h && en->len == len && !memcmp(en->key, key, len))
			return &m->table[j];
	}
}

void *strmap_find(const struct strmap *m, const char *key, size_t len)
{
	uint32_t *s = slot_for(m, key, len, hash_bytes(key, len));

	return *s ? m->entries[*s - 1].val : NULL;
}

void *strmap_get(struct strmap *m, const char *key, size_t len, int *created)
{
	uint64_t h = hash_bytes(key, len);
	uint32_t *s = slot_for(m, key, len, h);
	struct entry *e;

	if (created)
		*created = !*s;
	if (*s)
		return m->entries[*s - 1].val;
	if (m->count == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 16;
		m->entries = xreallocarray(m->entries, m->cap, sizeof *m->entries);
	}
	e = &m->entries[m->count];
	e->hash = h;
	e->len = len;
	e->key = xmalloc(len + 1);
	memcpy(e->key, key, len);
	e->key[len] = '\0';
	e->val = xcalloc(1, m->valsize);
	*s = (uint32_t)++m->count;
	if (m->count * 2 > m->mask + 1)
		rehash(m);
	return e->val;
}

size_t strmap_count(const struct strmap *m)
{
	return m->count;
}

void strmap_each(struct strmap *m, void (*fn)(void *ctx, const char *key, size_t len, void *val),
		 void *ctx)
{
	for (size_t i = 0; i < m->count; i++)
		fn(ctx, m->entries[i].key, m->entries[i].len, m->entries[i].val);
}

void strmap_free(struct strmap *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->count; i++) {
		free(m->entries[i].key);
		free(m->entries[i].val);
	}
	free(m->entries);
	free(m->table);
	free(m);
}
