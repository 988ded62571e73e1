/* record: the one reader of NDJSON records, driven by a table (record.h).
 *
 * One pass over the line. Keys are found by a tiny perfect hash of their
 * first byte, last byte and length, built from the table on first use.
 * Each value is read where it stands by the member's kind: plain digits,
 * a number through num_scan, a name copied and checked byte by byte. Any
 * value that is not in its kind's plain form (escapes, null, a wrong type,
 * odd numbers) goes to json_value, the reference scanner, and is judged
 * from the field it fills, so the fast forms only ever skip work, never
 * change what is accepted or what a message says. */
#include "record.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "digits.h"
#include "interval.h"
#include "json.h"
#include "num.h"

#define SLOTS 128
#define TYPE_KEY "type"

/* Bytes allowed in names (1) and in symbols (1 and 2). */
static unsigned char name_class[256];

static void classes_init(void)
{
	for (int ch = 0; ch < 256; ch++) {
		if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' ||
		    ch == '-')
			name_class[ch] = 3;
		else if ((ch >= 'A' && ch <= 'Z') || ch == '.' || ch == '/')
			name_class[ch] = 2;
	}
}

static inline unsigned class_of(enum rec_kind kind)
{
	return kind == RK_SYMBOL ? 2 : 1;
}

int rec_name_ok(const char *s, enum rec_kind kind, size_t max)
{
	unsigned want = class_of(kind);
	size_t n = 0;

	if (!name_class['a'])
		classes_init();
	for (; s[n]; n++)
		if (!(name_class[(unsigned char)s[n]] & want))
			return 0;
	return n > 0 && n <= max;
}

void rec_bad(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!errlen || *err)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

static inline unsigned key_hash(const char *k, size_t n, unsigned a, unsigned b)
{
	return ((unsigned char)k[0] * a + (unsigned char)k[n - 1] * b + (unsigned)n) &
	       (SLOTS - 1);
}

static const char *key_name(const struct rec_type *t, int i)
{
	return i == t->n ? TYPE_KEY : t->m[i].name;
}

/* Place members (and "type", as index n) in the slots; 0 if no two share
 * a slot. Collisions are resolved by probing, so any (a, b) works. */
static int place(struct rec_type *t, unsigned a, unsigned b)
{
	int perfect = 1;

	memset(t->idx.slot, -1, sizeof t->idx.slot);
	memset(t->idx.next, -1, sizeof t->idx.next);
	for (int i = 0; i <= t->n; i++) {
		const char *k = key_name(t, i);
		unsigned h = key_hash(k, strlen(k), a, b);

		while (t->idx.slot[h] >= 0) {
			perfect = 0;
			h = (h + 1) & (SLOTS - 1);
		}
		t->idx.slot[h] = (signed char)i;
		t->idx.len[i] = (unsigned char)strlen(k);
		memset(t->idx.name[i], 0, sizeof t->idx.name[i]);
		memcpy(t->idx.name[i], k, t->idx.len[i] < 32 ? t->idx.len[i] : 31);
	}
	return perfect;
}

static void build_index(struct rec_type *t)
{
	if (!name_class['a'])
		classes_init();
	t->idx.tlen = strlen(t->name);
	memset(t->idx.tlit, 0, sizeof t->idx.tlit);
	if (t->idx.tlen <= 6) {
		t->idx.tlit[0] = '"';
		memcpy(t->idx.tlit + 1, t->name, t->idx.tlen);
		t->idx.tlit[t->idx.tlen + 1] = '"';
	}
	t->idx.required = t->idx.defaults = 0;
	for (int i = 0; i < t->n; i++) {
		if (t->m[i].flags & REC_REQUIRED)
			t->idx.required |= REC_BIT(i);
		if (t->m[i].def_str || t->m[i].has_def)
			t->idx.defaults |= REC_BIT(i);
	}
	t->idx.a = 1;
	t->idx.b = 1;
	for (unsigned a = 1; a < 64; a++)
		for (unsigned b = 1; b < 64; b++)
			if (place(t, a, b)) {
				t->idx.a = a;
				t->idx.b = b;
				t->idx.ready = 1;
				return;
			}
	place(t, 1, 1);
	t->idx.ready = 1;
}

static inline uint64_t word(const char *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof v);
	return v;
}

/* A mask of the first n bytes of a word (n <= 8). */
static inline uint64_t low_bytes(size_t n)
{
	return n >= 8 ? ~UINT64_C(0) : (UINT64_C(1) << (8 * n)) - 1;
}

/* 1 if key[0..n) is the name of member i (n is its length). The key is
 * inside a line ending at end; names are padded to 32 bytes. */
static inline int same(const struct rec_type *t, int i, const char *key, size_t n,
		       const char *end)
{
	const char *name = t->idx.name[i];
	size_t k = 0;

	if (n > 31)
		return !memcmp(key, key_name(t, i), n);
	if (n < 8) {
		if (end - key < 8)
			return !memcmp(key, name, n);
		return !((word(key) ^ word(name)) & low_bytes(n));
	}
	for (; k + 8 <= n; k += 8)
		if (word(key + k) != word(name + k))
			return 0;
	return k == n || word(key + n - 8) == word(name + n - 8);
}

static inline int lookup(const struct rec_type *t, const char *key, size_t klen,
			 const char *end)
{
	unsigned h;
	int i;

	if (!klen)
		return -1;
	h = key_hash(key, klen, t->idx.a, t->idx.b);
	while ((i = t->idx.slot[h]) >= 0) {
		if (t->idx.len[i] == klen && same(t, i, key, klen, end))
			return i;
		h = (h + 1) & (SLOTS - 1);
	}
	return -1;
}

int rec_member_of(struct rec_type *t, const char *key, size_t klen, int kesc)
{
	char buf[64];
	long n;

	if (!t->idx.ready)
		build_index(t);
	if (!kesc)
		return lookup(t, key, klen, key + klen);
	n = json_unescape(key, klen, buf, sizeof buf);
	return n < 0 ? -1 : lookup(t, buf, (size_t)n, buf + n);
}

/* What one line's reading has found so far. */
struct state {
	struct rec_type *t;
	char *rec;
	uint64_t seen, present;
	char *err;
	size_t errlen;
};

static void wrong(struct state *st, const struct rec_member *m, const char *what)
{
	rec_bad(st->err, st->errlen, "%s: '%s' %s", st->t->name, m->name, m->msg ? m->msg : what);
}

static void mark(struct state *st, int i)
{
	const struct rec_member *m = &st->t->m[i];

	st->seen |= REC_BIT(i);
	if (m->has_bit)
		*(unsigned *)(void *)(st->rec + m->has_off) |= m->has_bit;
}

static void store_int(char *dst, int64_t v)
{
	memcpy(dst, &v, sizeof v);
}

static void store_num(char *dst, double v)
{
	memcpy(dst, &v, sizeof v);
}

/* s as it may be shown in a message: bytes outside printable ASCII as
 * \xNN, so that a bad name cannot write raw bytes to a terminal. */
static const char *shown_text(const char *s, char *out, size_t cap)
{
	size_t k = 0;

	for (; *s && k + 5 < cap; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch >= 0x20 && ch < 0x7f)
			out[k++] = (char)ch;
		else
			k += (size_t)snprintf(out + k, cap - k, "\\x%02x", ch);
	}
	out[k] = '\0';
	return out;
}

/* Judge a value scanned by json_value: the reference for every kind. */
static void judge(struct state *st, int i, const struct jfield *f)
{
	const struct rec_member *m = &st->t->m[i];
	char *dst = st->rec + m->off, tmp[8];
	int64_t v;
	long n;

	if (f->type == JSON_NULL && !(m->flags & REC_REQUIRED)) {
		st->seen &= ~REC_BIT(i);  /* null: absent, the default applies */
		if (m->has_bit)
			*(unsigned *)(void *)(st->rec + m->has_off) &= ~m->has_bit;
		return;
	}
	mark(st, i);
	switch (m->kind) {
	case RK_NAME:
	case RK_SYMBOL:
	case RK_STRING:
		n = jfield_string(f, dst, m->cap);
		if (n == -1) {
			wrong(st, m, "is not a string");
		} else if (n == -3) {
			wrong(st, m, "has a \\u0000 (NUL) character");
		} else if (n == -2) {
			if (m->msg)
				wrong(st, m, NULL);
			else
				rec_bad(st->err, st->errlen, "%s: '%s' is longer than %d bytes",
					st->t->name, m->name, (int)m->cap - 1);
		} else if (m->kind != RK_STRING && !rec_name_ok(dst, m->kind, m->cap - 1)) {
			if (m->msg) {
				wrong(st, m, NULL);
			} else {
				char shown[4 * 64];

				rec_bad(st->err, st->errlen,
					"%s: '%s' \"%s\" has characters other than %s", st->t->name,
					m->name, shown_text(dst, shown, sizeof shown),
					m->kind == RK_SYMBOL ? "A-Z a-z 0-9 . _ / -" : "a-z 0-9 _ -");
			}
		} else if (m->kind == RK_STRING && !json_utf8_ok(dst, (size_t)n)) {
			wrong(st, m, "is not valid UTF-8");
		}
		break;
	case RK_INTERVAL: {
		const struct interval *iv = NULL;

		n = jfield_string(f, tmp, sizeof tmp);
		if (n >= 0)
			iv = interval_find(tmp);
		if (iv)
			memcpy(dst, &iv, sizeof iv);
		else if (m->msg)
			rec_bad(st->err, st->errlen, "%s: '%s' %s %s", st->t->name, m->name, m->msg,
				interval_names());
		else if (n == -1)
			wrong(st, m, "is not a string");
		else
			rec_bad(st->err, st->errlen, "%s: '%s' \"%.*s\" is not one of %s",
				st->t->name, m->name, (int)(f->vlen > 16 ? 16 : f->vlen), f->val,
				interval_names());
		break;
	}
	case RK_NUMBER:
		if (f->type != JSON_NUMBER)
			wrong(st, m, "is not a number");
		else if ((m->flags & REC_NONNEG) && f->num < 0)
			wrong(st, m, "is negative");
		else
			store_num(dst, f->num);
		break;
	case RK_INT:
		if (f->type != JSON_NUMBER)
			wrong(st, m, "is not a number");
		else if (jfield_int(f, &v) < 0)
			wrong(st, m, "is not an integer");
		else if ((m->flags & REC_NONNEG) && v < 0)
			wrong(st, m, "is negative");
		else
			store_int(dst, v);
		break;
	case RK_BOOL:
		if (f->type != JSON_TRUE && f->type != JSON_FALSE) {
			wrong(st, m, "is not true or false");
		} else {
			int b = f->type == JSON_TRUE;

			memcpy(dst, &b, sizeof b);
		}
		break;
	case RK_CUSTOM:
		m->parse(st->rec, f, st->err, st->errlen);
		break;
	case RK_ANY:
		break;
	}
}

static inline int is_digit(char c)
{
	return (unsigned)(c - '0') <= 9;
}

/* The value of member i at p: its plain form read in place, anything else
 * through json_value and judge. Returns the byte after the value, or NULL
 * on a syntax error (*why, *at set). */
static const char *member(struct state *st, int i, const char *p, const char *end,
			  const char **why, const char **at)
{
	const struct rec_member *m = &st->t->m[i];
	char *dst = st->rec + m->off;
	struct jfield f;
	const char *q;

	if (p < end) {
		switch (m->kind) {
		case RK_NUMBER:
			if (*p == '-' || is_digit(*p)) {
				double v;

				q = num_scan(p, end, &v);
				if (!q || (q < end && json_num_char(*q)))
					break;
				if ((m->flags & REC_NONNEG) && v < 0)
					break;
				store_num(dst, v);
				mark(st, i);
				return q;
			}
			break;
		case RK_INT:
			if (is_digit(*p) && (*p != '0' || end - p < 2 || !is_digit(p[1]))) {
				int64_t v = 0;

				/* Up to 15 digits: exact, far below 2^53. */
				q = p;
				for (int k = 0; k < 2 && end - q >= 8; k++) {
					uint64_t w = digits_load8(q);
					unsigned n = digits_run8(w);

					if (!n)
						break;
					v = v * (int64_t)digits_pow10[n] + digits_value_n(w, n);
					q += n;
					if (n < 8)
						break;
				}
				for (; q < end && is_digit(*q) && q - p < 16; q++)
					v = v * 10 + (*q - '0');
				if (q - p > 15 || (q < end && json_num_char(*q)))
					break;
				store_int(dst, v);
				mark(st, i);
				return q;
			}
			break;
		case RK_NAME:
		case RK_SYMBOL:
			if (*p == '"') {
				const char *s = p + 1;
				size_t n = 0, lim = m->cap - 1, avail = (size_t)(end - s);
				unsigned want = class_of(m->kind);

				if (lim > avail)
					lim = avail;
				while (n < lim && (name_class[(unsigned char)s[n]] & want)) {
					dst[n] = s[n];
					n++;
				}
				if (n > 0 && n < avail && s[n] == '"') {
					dst[n] = '\0';
					mark(st, i);
					return s + n + 1;
				}
			}
			break;
		case RK_STRING:
			if (*p == '"') {
				unsigned char esc;

				q = json_string_end(p + 1, end, &esc, why);
				if (q && !esc && (size_t)(q - p - 1) < m->cap &&
				    json_utf8_ok(p + 1, (size_t)(q - p - 1))) {
					memcpy(dst, p + 1, (size_t)(q - p - 1));
					dst[q - p - 1] = '\0';
					mark(st, i);
					return q + 1;
				}
			}
			break;
		case RK_INTERVAL:
			if (*p == '"') {
				char name[4];
				size_t n = 0;
				const struct interval *iv;

				for (q = p + 1; n < 4 && q < end && *q != '"' && *q != '\\' &&
				     (unsigned char)*q >= 0x20; q++)
					name[n++] = *q;
				if (n < 4 && q < end && *q == '"') {
					name[n] = '\0';
					if ((iv = interval_find(name))) {
						memcpy(dst, &iv, sizeof iv);
						mark(st, i);
						return q + 1;
					}
				}
			}
			break;
		case RK_BOOL:
			if ((*p == 't' && end - p >= 4 && !memcmp(p, "true", 4)) ||
			    (*p == 'f' && end - p >= 5 && !memcmp(p, "false", 5))) {
				int v = *p == 't';

				q = p + 5 - v;
				if (q < end && ((*q >= 'a' && *q <= 'z') || json_num_char(*q)))
					break;
				memcpy(dst, &v, sizeof v);
				mark(st, i);
				return q;
			}
			break;
		default:
			break;
		}
	}
	q = json_value(p, end, &f, why, at);
	if (q)
		judge(st, i, &f);
	return q;
}

/* The "type" member: the record is of type t or of another one. */
static const char *type_member(struct state *st, int *other, const char *p, const char *end,
			       const char **why, const char **at)
{
	const char *name = st->t->name;
	size_t n = st->t->idx.tlen;
	struct jfield f;
	const char *q;

	/* The usual case, the quoted name itself, in one or two compares. */
	if (n + 2 <= 8 && end - p >= 8) {
		if (!((word(p) ^ word(st->t->idx.tlit)) & low_bytes(n + 2)))
			return p + n + 2;
	} else if ((size_t)(end - p) >= n + 2 && *p == '"' && !memcmp(p + 1, name, n) &&
		   p[n + 1] == '"') {
		return p + n + 2;
	}
	q = json_value(p, end, &f, why, at);
	if (!q)
		return NULL;
	if (f.type != JSON_STRING)
		rec_bad(st->err, st->errlen, "record: 'type' is not a string");
	else if (!jfield_str_is(&f, name))
		*other = 1;
	return q;
}

/* Defaults of the optional members left out or null. */
static void defaults(struct state *st)
{
	for (uint64_t left = st->t->idx.defaults & ~st->seen; left; left &= left - 1) {
		const struct rec_member *m = &st->t->m[__builtin_ctzll(left)];
		char *dst = st->rec + m->off;

		if (m->def_str) {
			memcpy(dst, m->def_str, strlen(m->def_str) + 1);
		} else if (m->has_def) {
			if (m->kind == RK_NUMBER) {
				store_num(dst, m->def_num);
			} else if (m->kind == RK_INT) {
				store_int(dst, (int64_t)m->def_num);
			} else if (m->kind == RK_BOOL) {
				int v = m->def_num != 0;

				memcpy(dst, &v, sizeof v);
			}
		}
	}
}

static int complete(struct state *st);

/* One pass in line order, each value read where it stands, the first
 * problem in line order reported. (Reading the values in table order in a
 * second pass, to spare a shuffled layout's mispredicted branches, was
 * tried: finding each value's end first costs more than it saves.) */
static int parse_in_order(struct rec_type *t, void *rec, const char *line, size_t len,
			  char *err, size_t errlen)
{
	struct state st = { t, rec, 0, 0, err, errlen };
	const char *p = line, *end = line + len, *why, *at;
	int other = 0, prev;

	prev = t->n + 2;  /* before the first member */
	memset(rec, 0, t->size);
	if (errlen)
		err[0] = '\0';
	p = json_ws(p, end);
	if (p == end || *p != '{') {
		at = p;
		why = "a record must be a JSON object";
		goto syntax;
	}
	p = json_ws(p + 1, end);
	if (p < end && *p == '}')
		goto close;
	for (;;) {
		const char *key, *q;
		unsigned char kesc;
		int i;

		if (p == end || *p != '"') {
			at = p;
			why = "member name expected";
			goto syntax;
		}
		key = p + 1;
		/* Most writers keep one member order: try the member that
		 * followed the previous one last time before looking up. */
		i = t->idx.next[prev];
		if (i >= 0 && (size_t)(end - key) > t->idx.len[i] && key[t->idx.len[i]] == '"' &&
		    same(t, i, key, t->idx.len[i], end)) {
			q = key + t->idx.len[i];
		} else {
			/* A plain key ends at the first quote; anything else is
			 * left to the reference scanner. */
			q = json_string_run(key, end);
			kesc = 0;
			if ((q == end || *q != '"') &&
			    !(q = json_string_end(key, end, &kesc, &why))) {
				at = p;
				goto syntax;
			}
			i = kesc ? rec_member_of(t, key, (size_t)(q - key), 1) :
				   lookup(t, key, (size_t)(q - key), end);
			t->idx.next[prev] = (signed char)i;
		}
		prev = i < 0 ? t->n + 1 : i;
		p = json_ws(q + 1, end);
		if (p == end || *p != ':') {
			at = p;
			why = "':' expected";
			goto syntax;
		}
		p = json_ws(p + 1, end);
		if (i == t->n && !other) {
			p = type_member(&st, &other, p, end, &why, &at);
		} else if (i < 0 || other) {
			struct jfield f;

			p = json_value(p, end, &f, &why, &at);
		} else {
			st.present |= REC_BIT(i);
			p = member(&st, i, p, end, &why, &at);
		}
		if (!p)
			goto syntax;
		p = json_ws(p, end);
		if (p < end && *p == ',') {
			p = json_ws(p + 1, end);
			continue;
		}
		if (p < end && *p == '}')
			break;
		at = p;
		why = "',' or '}' expected";
		goto syntax;
	}
close:
	p = json_ws(p + 1, end);
	if (p != end) {
		at = p;
		why = "text after the end of the object";
		goto syntax;
	}
	if (other)
		return REC_OTHER;
	if (errlen && *err)
		return REC_BAD;
	return complete(&st);
syntax:
	if (errlen)
		snprintf(err, errlen, "invalid JSON at column %ld: %s", (long)(at - line) + 1, why);
	return REC_BAD;
}

/* The rules after the members: required members, defaults, the type's own
 * rules. */
static int complete(struct state *st)
{
	struct rec_type *t = st->t;

	if ((st->seen & t->idx.required) != t->idx.required) {
		int i = __builtin_ctzll(t->idx.required & ~st->seen);

		rec_bad(st->err, st->errlen, "%s: '%s' is missing", t->name, t->m[i].name);
		return REC_BAD;
	}
	if (t->idx.defaults & ~st->seen)
		defaults(st);
	if (t->finish && t->finish(st->rec, st->seen, st->present, st->err, st->errlen) < 0)
		return REC_BAD;
	return REC_OK;
}

int rec_parse(struct rec_type *t, void *rec, const char *line, size_t len, char *err,
	      size_t errlen)
{
	if (!t->idx.ready)
		build_index(t);
	return parse_in_order(t, rec, line, len, err, errlen);
}
