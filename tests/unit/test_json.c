/* Unit tests for lib/json.h: jscan_*, jfield_*, json_record_type.
 * Every text is scanned from an exact-size heap copy (no NUL after it), so
 * reading past the end shows under valgrind and AddressSanitizer. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "unit.h"

#define MAXF 16

struct scan {
	char *text;                /* heap copy, exactly len bytes */
	size_t len;
	struct jfield f[MAXF];
	int n;                     /* members read */
	int rc;                    /* last jscan_next result: 0 or -1 */
	const char *err;
	long at;                   /* s.p - text after an error */
};

static char *copy(const char *s, size_t n)
{
	char *t = malloc(n ? n : 1);

	if (!t)
		abort();
	memcpy(t, s, n);
	return t;
}

/* Scan text[0..n) to its end or first error. */
static void scan_n(struct scan *sc, const char *s, size_t n)
{
	struct jscan js;
	int r;

	memset(sc, 0, sizeof *sc);
	sc->text = copy(s, n);
	sc->len = n;
	jscan_init(&js, sc->text, n);
	while ((r = jscan_next(&js, &sc->f[sc->n < MAXF ? sc->n : MAXF - 1])) > 0)
		sc->n++;
	sc->rc = r;
	sc->err = js.err;
	sc->at = (long)(js.p - sc->text);
	if (r == 0) {
		/* Done stays done. */
		struct jfield extra;

		if (jscan_next(&js, &extra) != 0)
			sc->rc = 99;
	}
}

static void scan(struct scan *sc, const char *s)
{
	scan_n(sc, s, strlen(s));
}

static void done(struct scan *sc)
{
	free(sc->text);
	sc->text = NULL;
}

/* The text is a valid object with n members. */
#define VALID(s, members)                                                             \
	do {                                                                          \
		struct scan sc_;                                                      \
		scan(&sc_, s);                                                        \
		CHECKF(sc_.rc == 0 && sc_.n == (members),                             \
		       "%s: rc %d, %d members, err %s", s, sc_.rc, sc_.n,             \
		       sc_.err ? sc_.err : "-");                                      \
		done(&sc_);                                                           \
	} while (0)

/* The text is rejected, with a message, at byte offset `at` (-1: anywhere). */
#define INVALID(s, where)                                                             \
	do {                                                                          \
		struct scan sc_;                                                      \
		scan(&sc_, s);                                                        \
		CHECKF(sc_.rc == -1 && sc_.err && *sc_.err, "%s: rc %d after %d members", \
		       s, sc_.rc, sc_.n);                                             \
		if ((where) >= 0)                                                     \
			CHECKF(sc_.at == (where), "%s: error at %ld, expected %d (%s)", s, \
			       sc_.at, (int)(where), sc_.err ? sc_.err : "-");        \
		done(&sc_);                                                           \
	} while (0)

static int key_is(const struct jfield *f, const char *k)
{
	return f->klen == strlen(k) && !memcmp(f->key, k, f->klen);
}

static int val_is(const struct jfield *f, const char *v)
{
	return f->vlen == strlen(v) && !memcmp(f->val, v, f->vlen);
}

static void test_valid(void)
{
	struct scan sc;
	double d = 0;
	int64_t i = 0;
	char buf[64];

	VALID("{}", 0);
	VALID("  {}  ", 0);
	VALID("{ }", 0);
	VALID("\t\r\n{\n}\r\n", 0);
	VALID("{\"a\":1}", 1);

	scan(&sc, "{\"a\":1}");
	CHECK_INT(sc.rc, 0);
	CHECK_INT(sc.n, 1);
	CHECK(key_is(&sc.f[0], "a"));
	CHECK_INT(sc.f[0].type, JSON_NUMBER);
	CHECK(val_is(&sc.f[0], "1"));
	CHECK_NUM(sc.f[0].num, 1);
	CHECK_INT(sc.f[0].kesc, 0);
	/* Spans point into the caller's text. */
	CHECK(sc.f[0].key == sc.text + 2);
	CHECK(sc.f[0].val == sc.text + 5);
	done(&sc);

	scan(&sc, "{\"s\":\"x\",\"n\":-1.5e3,\"t\":true,\"f\":false,\"z\":null,"
		  "\"o\":{\"a\":[1,2,{\"b\":null}]},\"arr\":[],\"e\":{},\"u\":\"\"}");
	CHECK_INT(sc.rc, 0);
	CHECK_INT(sc.n, 9);
	CHECK(key_is(&sc.f[0], "s"));
	CHECK_INT(sc.f[0].type, JSON_STRING);
	CHECK(val_is(&sc.f[0], "x"));
	CHECK(key_is(&sc.f[1], "n"));
	CHECK_INT(sc.f[1].type, JSON_NUMBER);
	CHECK(val_is(&sc.f[1], "-1.5e3"));
	CHECK_NUM(sc.f[1].num, -1500);
	CHECK_INT(jfield_number(&sc.f[1], &d), 0);
	CHECK_NUM(d, -1500);
	CHECK_INT(jfield_int(&sc.f[1], &i), 0);
	CHECK_INT(i, -1500);
	CHECK(key_is(&sc.f[2], "t"));
	CHECK_INT(sc.f[2].type, JSON_TRUE);
	CHECK(val_is(&sc.f[2], "true"));
	CHECK(key_is(&sc.f[3], "f"));
	CHECK_INT(sc.f[3].type, JSON_FALSE);
	CHECK(val_is(&sc.f[3], "false"));
	CHECK(key_is(&sc.f[4], "z"));
	CHECK_INT(sc.f[4].type, JSON_NULL);
	CHECK(val_is(&sc.f[4], "null"));
	CHECK(key_is(&sc.f[5], "o"));
	CHECK_INT(sc.f[5].type, JSON_OBJECT);
	CHECK(val_is(&sc.f[5], "{\"a\":[1,2,{\"b\":null}]}"));
	CHECK(key_is(&sc.f[6], "arr"));
	CHECK_INT(sc.f[6].type, JSON_ARRAY);
	CHECK(val_is(&sc.f[6], "[]"));
	CHECK(key_is(&sc.f[7], "e"));
	CHECK_INT(sc.f[7].type, JSON_OBJECT);
	CHECK(val_is(&sc.f[7], "{}"));
	CHECK(key_is(&sc.f[8], "u"));
	CHECK_INT(sc.f[8].type, JSON_STRING);
	CHECK_INT(sc.f[8].vlen, 0);
	CHECK_INT(jfield_string(&sc.f[8], buf, 1), 0);
	CHECK_STR(buf, "");
	/* Wrong kinds. */
	CHECK_INT(jfield_number(&sc.f[0], &d), -1);
	CHECK_INT(jfield_number(&sc.f[4], &d), -1);
	CHECK_INT(jfield_number(&sc.f[2], &d), -1);
	CHECK_INT(jfield_int(&sc.f[0], &i), -1);
	CHECK_INT(jfield_int(&sc.f[5], &i), -1);
	CHECK_INT(jfield_string(&sc.f[1], buf, sizeof buf), -1);
	CHECK_INT(jfield_string(&sc.f[4], buf, sizeof buf), -1);
	CHECK_INT(jfield_string(&sc.f[5], buf, sizeof buf), -1);
	CHECK_INT(jfield_str_is(&sc.f[1], "-1.5e3"), 0);
	CHECK_INT(jfield_str_is(&sc.f[4], "null"), 0);
	CHECK_INT(jfield_str_is(&sc.f[0], "x"), 1);
	CHECK_INT(jfield_str_is(&sc.f[0], "xy"), 0);
	CHECK_INT(jfield_str_is(&sc.f[0], ""), 0);
	CHECK_INT(jfield_str_is(&sc.f[8], ""), 1);
	CHECK_INT(jfield_key_is(&sc.f[6], "arr"), 1);
	CHECK_INT(jfield_key_is(&sc.f[6], "ar"), 0);
	CHECK_INT(jfield_key_is(&sc.f[6], "arrr"), 0);
	done(&sc);

	/* Whitespace everywhere it may be. */
	scan(&sc, " {\n \"a\" :\t1 ,\r\n\"b\" : [ 1 , { \"c\" : 2 } ] , \"d\":\"x y\" } \n");
	CHECK_INT(sc.rc, 0);
	CHECK_INT(sc.n, 3);
	CHECK(key_is(&sc.f[0], "a"));
	CHECK(val_is(&sc.f[0], "1"));
	CHECK(key_is(&sc.f[1], "b"));
	CHECK(val_is(&sc.f[1], "[ 1 , { \"c\" : 2 } ]"));
	CHECK(key_is(&sc.f[2], "d"));
	CHECK(val_is(&sc.f[2], "x y"));
	done(&sc);

	/* Duplicate keys: both members, in order. */
	scan(&sc, "{\"a\":1,\"a\":2}");
	CHECK_INT(sc.rc, 0);
	CHECK_INT(sc.n, 2);
	CHECK(key_is(&sc.f[0], "a") && key_is(&sc.f[1], "a"));
	CHECK_NUM(sc.f[0].num, 1);
	CHECK_NUM(sc.f[1].num, 2);
	done(&sc);

	/* Every scalar kind inside arrays. */
	VALID("{\"a\":[null,true,false,0,-0.5,1e-3,\"s\",[],{},[[]],{\"x\":{}}]}", 1);
	VALID("{\"a\":[\"]\",\"}\",\"[\",\"{\",\",\"]}", 1);
	VALID("{\"\":0}", 1);
	VALID("{\"a\":1,\"b\":2,\"c\":3}", 3);
}

static void test_escapes(void)
{
	struct scan sc;
	char buf[64];

	scan(&sc, "{\"k\\\"ey\":\"caf\\u00e9\",\"smile\":\"\\ud83d\\ude00\","
		  "\"ctl\":\"a\\nb\\tc\\rd\\be\\ff\\/g\\\\h\\\"i\",\"A\":\"\\u0041\\u20AC\","
		  "\"lone\":\"\\ud83dx\",\"plain\":\"\\u00E9\"}");
	CHECK_INT(sc.rc, 0);
	CHECK_INT(sc.n, 6);
	/* Keys keep their escapes; kesc tells. */
	CHECK(key_is(&sc.f[0], "k\\\"ey"));
	CHECK_INT(sc.f[0].kesc, 1);
	CHECK_INT(jfield_key_is(&sc.f[0], "k\"ey"), 1);
	CHECK_INT(jfield_key_is(&sc.f[0], "k\\\"ey"), 0);
	CHECK_INT(sc.f[0].vesc, 1);
	CHECK(val_is(&sc.f[0], "caf\\u00e9"));
	CHECK_INT(jfield_string(&sc.f[0], buf, sizeof buf), 5);
	CHECK_STR(buf, "caf\xc3\xa9");
	CHECK_INT(jfield_str_is(&sc.f[0], "caf\xc3\xa9"), 1);
	CHECK_INT(jfield_str_is(&sc.f[0], "cafe"), 0);
	/* U+1F600 from a surrogate pair: F0 9F 98 80. */
	CHECK_INT(sc.f[1].kesc, 0);
	CHECK_INT(jfield_string(&sc.f[1], buf, sizeof buf), 4);
	CHECK_STR(buf, "\xf0\x9f\x98\x80");
	CHECK_INT(jfield_string(&sc.f[2], buf, sizeof buf), 17);
	CHECK_STR(buf, "a\nb\tc\rd\be\ff/g\\h\"i");
	CHECK_INT(jfield_str_is(&sc.f[2], "a\nb\tc\rd\be\ff/g\\h\"i"), 1);
	/* U+0041 and U+20AC (E2 82 AC); hex digits in either case. */
	CHECK_INT(jfield_string(&sc.f[3], buf, sizeof buf), 4);
	CHECK_STR(buf, "A\xe2\x82\xac");
	/* A lone surrogate cannot be UTF-8: U+FFFD (EF BF BD) stands in. */
	CHECK_INT(jfield_string(&sc.f[4], buf, sizeof buf), 4);
	CHECK_STR(buf, "\xef\xbf\xbdx");
	CHECK_INT(jfield_string(&sc.f[5], buf, sizeof buf), 2);
	CHECK_STR(buf, "\xc3\xa9");
	/* Too small: -2, never a truncated copy counted as whole. */
	CHECK_INT(jfield_string(&sc.f[0], buf, 5), -2);
	CHECK_INT(jfield_string(&sc.f[0], buf, 6), 5);
	CHECK_INT(jfield_string(&sc.f[1], buf, 4), -2);
	CHECK_INT(jfield_string(&sc.f[1], buf, 5), 4);
	CHECK_INT(jfield_string(&sc.f[1], buf, 1), -2);
	done(&sc);

	/* Without escapes: cap must hold the bytes and the NUL. */
	scan(&sc, "{\"s\":\"abcdef\"}");
	CHECK_INT(sc.f[0].vesc, 0);
	memset(buf, 'z', sizeof buf);
	CHECK_INT(jfield_string(&sc.f[0], buf, 6), -2);
	CHECK_INT(jfield_string(&sc.f[0], buf, 1), -2);
	CHECK_INT(jfield_string(&sc.f[0], buf, 7), 6);
	CHECK_STR(buf, "abcdef");
	done(&sc);

	/* \u0000 would cut a NUL-terminated copy short: refused (issue 15;
	 * it used to be copied, and "BTC\u0000USDT" read as "BTC"). */
	scan(&sc, "{\"s\":\"a\\u0000b\"}");
	CHECK_INT(jfield_string(&sc.f[0], buf, sizeof buf), -3);
	done(&sc);

	/* An escaped key matches its resolved name (the type member of
	 * json_record_type is found this way too). */
	scan(&sc, "{\"\\u0074ype\":\"x\",\"t\\/y\":1}");
	CHECK_INT(jfield_key_is(&sc.f[0], "type"), 1);
	CHECK_INT(jfield_key_is(&sc.f[0], "typ"), 0);
	CHECK_INT(jfield_key_is(&sc.f[1], "t/y"), 1);
	done(&sc);

	/* Long names and values with escapes compare in full. */
	{
		char text[1200], name[600];
		size_t k = 0;

		memset(name, 'a', 500);
		name[500] = '\0';
		k += (size_t)snprintf(text, sizeof text, "{\"\\u0061%s\":\"\\u0061%s\"}",
				      name + 1, name + 1);
		scan_n(&sc, text, k);
		CHECK_INT(sc.rc, 0);
		CHECK_INT(sc.n, 1);
		CHECK_INT(jfield_key_is(&sc.f[0], name), 1);
		CHECK_INT(jfield_str_is(&sc.f[0], name), 1);
		name[499] = 'b';
		CHECK_INT(jfield_key_is(&sc.f[0], name), 0);
		CHECK_INT(jfield_str_is(&sc.f[0], name), 0);
		name[499] = '\0';
		CHECK_INT(jfield_key_is(&sc.f[0], name), 0);
		CHECK_INT(jfield_str_is(&sc.f[0], name), 0);
		done(&sc);
	}
}

static void test_numbers(void)
{
	struct scan sc;
	int64_t i = 0;
	double d = 0;

	scan(&sc, "{\"a\":1746057600000,\"b\":1.7460576e12,\"c\":1.5,\"d\":-0,\"e\":1e400"
		  "}");
	CHECK_INT(sc.rc, -1);   /* 1e400 overflows */
	CHECK_INT(sc.n, 4);
	CHECK_INT(jfield_int(&sc.f[0], &i), 0);
	CHECK_INT(i, 1746057600000LL);
	CHECK_INT(jfield_int(&sc.f[1], &i), 0);
	CHECK_INT(i, 1746057600000LL);
	CHECK_INT(jfield_int(&sc.f[2], &i), -1);
	CHECK_INT(jfield_number(&sc.f[2], &d), 0);
	CHECK_NUM(d, 1.5);
	CHECK_INT(jfield_int(&sc.f[3], &i), 0);
	CHECK_INT(i, 0);
	done(&sc);

	scan(&sc, "{\"a\":9007199254740992,\"b\":-9007199254740992,\"c\":9007199254740993,"
		  "\"d\":9007199254740994,\"e\":0.99999999999999999999,\"f\":1e-400,"
		  "\"g\":39241.066999999995,\"h\":0.1,\"i\":12345678901234567890123}");
	CHECK_INT(sc.rc, 0);
	CHECK_INT(sc.n, 9);
	CHECK_INT(jfield_int(&sc.f[0], &i), 0);
	CHECK_INT(i, 9007199254740992LL);
	CHECK_INT(jfield_int(&sc.f[1], &i), 0);
	CHECK_INT(i, -9007199254740992LL);
	CHECK_INT(jfield_int(&sc.f[2], &i), -1);  /* above 2^53, though read as 2^53 */
	CHECK_INT(jfield_int(&sc.f[3], &i), -1);
	CHECK_INT(jfield_int(&sc.f[4], &i), -1);  /* not an integer, though read as 1 */
	CHECK_INT(jfield_int(&sc.f[5], &i), -1);
	CHECK_INT(jfield_number(&sc.f[6], &d), 0);
	CHECK_NUM(d, 39241.066999999995);
	CHECK_INT(jfield_number(&sc.f[7], &d), 0);
	CHECK_NUM(d, 0.1);
	CHECK_INT(jfield_number(&sc.f[8], &d), 0);
	CHECK_NUM(d, 12345678901234567890123.0);
	done(&sc);
}

static void test_invalid(void)
{
	/* Offsets: the byte the scanner points at. */
	INVALID("", 0);
	INVALID("   ", 3);
	INVALID("[1,2]", 0);
	INVALID("\"a\"", 0);
	INVALID("1", 0);
	INVALID("null", 0);
	INVALID("{", 1);
	INVALID("{\"a\":1", 6);
	INVALID("{\"a\":1,", 7);
	INVALID("{\"a\":1,}", 7);            /* trailing comma */
	INVALID("{,}", 1);
	INVALID("{\"a\":1,,\"b\":2}", 7);
	INVALID("{\"a\" 1}", 5);             /* missing colon */
	INVALID("{\"a\"}", 4);
	INVALID("{\"a\":}", 5);
	INVALID("{\"a\"::1}", 5);
	INVALID("{a:1}", 1);
	INVALID("{1:1}", 1);
	INVALID("{'a':1}", 1);
	INVALID("{\"a\":1 \"b\":2}", 7);
	INVALID("{\"a\":1} x", 8);           /* text after the object */
	INVALID("{\"a\":1}{}", 7);
	INVALID("{\"a\":1}}", 7);
	INVALID("{}\n{}", 3);
	INVALID("{\"a\":tru}", 5);
	INVALID("{\"a\":tru", 5);
	INVALID("{\"a\":truex}", 5);
	INVALID("{\"a\":True}", 5);
	INVALID("{\"a\":nul}", 5);
	INVALID("{\"a\":fals}", 5);
	INVALID("{\"a\":nulll}", 5);
	INVALID("{\"a\":01}", 5);
	INVALID("{\"a\":-01}", 5);
	INVALID("{\"a\":1.}", 5);
	INVALID("{\"a\":.5}", 5);
	INVALID("{\"a\":-}", 5);
	INVALID("{\"a\":+1}", 5);
	INVALID("{\"a\":1e}", 5);
	INVALID("{\"a\":1.5.2}", 5);
	INVALID("{\"a\":NaN}", 5);
	INVALID("{\"a\":Infinity}", 5);
	INVALID("{\"a\":-Infinity}", 5);
	INVALID("{\"a\":0x10}", -1);
	INVALID("{\"a\":1e400}", 5);
	INVALID("{\"a\":-1e400}", 5);
	INVALID("{\"a\":12", 7);
	/* Strings: unterminated, raw control characters, bad escapes. */
	INVALID("{\"a\":\"abc}", -1);
	INVALID("{\"a\":\"abc", -1);
	INVALID("{\"a", -1);
	INVALID("{\"a\":\"x\ty\"}", -1);
	INVALID("{\"a\":\"x\ny\"}", -1);
	INVALID("{\"a\":\"x\x01y\"}", -1);
	INVALID("{\"a\":\"x\x1fy\"}", -1);
	INVALID("{\"a\x01\":1}", -1);
	INVALID("{\"a\":\"\\x\"}", -1);
	INVALID("{\"a\":\"\\'\"}", -1);
	INVALID("{\"a\":\"\\U0041\"}", -1);
	INVALID("{\"a\":\"\\u12\"}", -1);
	INVALID("{\"a\":\"\\u12G4\"}", -1);
	INVALID("{\"a\":\"\\u00e\"}", -1);
	INVALID("{\"a\":\"\\", -1);
	INVALID("{\"a\":\"\\u00", -1);
	INVALID("{\"a\\q\":1}", -1);
	/* Nested values. */
	INVALID("{\"a\":[1,]}", 8);
	INVALID("{\"a\":[1 2]}", 8);
	INVALID("{\"a\":[,1]}", 6);
	INVALID("{\"a\":{\"b\" 1}}", 10);
	INVALID("{\"a\":{\"b\":1,}}", 12);
	INVALID("{\"a\":{b:1}}", 6);
	INVALID("{\"a\":[}", 6);
	INVALID("{\"a\":{]}", 6);
	INVALID("{\"a\":[1,2}", 9);
	INVALID("{\"a\":[1,2", 9);
	INVALID("{\"a\":{\"b\":tru}}", 10);
	INVALID("{\"a\":[01]}", 6);
	INVALID("{\"a\":[\"x\ty\"]}", -1);
	INVALID("{\"a\":{\"b\\x\":1}}", -1);
	/* A NUL byte is a control character inside a string, and junk outside. */
	{
		struct scan sc;

		scan_n(&sc, "{\"a\":\"x\0y\"}", 11);
		CHECK_INT(sc.rc, -1);
		done(&sc);
		scan_n(&sc, "{\"a\":1}\0", 8);
		CHECK_INT(sc.rc, -1);
		CHECK_INT(sc.at, 7);
		done(&sc);
		scan_n(&sc, "{\"a\":1\0}", 8);
		CHECK_INT(sc.rc, -1);
		done(&sc);
	}
}

/* Build {"a": + depth-1 nested arrays or objects + }: depth levels in all. */
static char *nest(int depth, int objects, size_t *len)
{
	size_t cap = (size_t)depth * 8 + 16, k = 0;
	char *t = malloc(cap);

	if (!t)
		abort();
	k += (size_t)snprintf(t, cap, "{\"a\":");
	for (int i = 1; i < depth; i++)
		k += (size_t)snprintf(t + k, cap - k, "%s", objects ? (i + 1 < depth ? "{\"a\":" : "{")
							    : "[");
	if (objects)
		for (int i = 1; i < depth; i++)
			t[k++] = '}';
	else
		for (int i = 1; i < depth; i++)
			t[k++] = ']';
	if (depth == 1)
		k += (size_t)snprintf(t + k, cap - k, "1");
	t[k++] = '}';
	*len = k;
	return t;
}

static void test_depth(void)
{
	struct scan sc;
	size_t n;
	char *t;

	for (int obj = 0; obj <= 1; obj++) {
		t = nest(64, obj, &n);
		scan_n(&sc, t, n);
		CHECKF(sc.rc == 0 && sc.n == 1, "64 levels (%s): rc %d", obj ? "objects" : "arrays",
		       sc.rc);
		CHECK_INT(sc.f[0].vlen, n - 6);
		done(&sc);
		free(t);

		t = nest(65, obj, &n);
		scan_n(&sc, t, n);
		CHECKF(sc.rc == -1 && sc.err, "65 levels (%s): rc %d", obj ? "objects" : "arrays",
		       sc.rc);
		done(&sc);
		free(t);
	}
	/* Far too deep, and unclosed: rejected, not a stack overflow. */
	n = 1000000;
	t = malloc(n);
	if (!t)
		abort();
	memcpy(t, "{\"a\":", 5);
	memset(t + 5, '[', n - 5);
	scan_n(&sc, t, n);
	CHECK_INT(sc.rc, -1);
	done(&sc);
	for (size_t k = 5; k + 5 < n; k += 5)
		memcpy(t + k, "{\"a\":", 5);
	scan_n(&sc, t, n);
	CHECK_INT(sc.rc, -1);
	done(&sc);
	free(t);
	/* Deep but closed: also rejected. */
	t = nest(100000, 0, &n);
	scan_n(&sc, t, n);
	CHECK_INT(sc.rc, -1);
	done(&sc);
	free(t);
}

/* Strings of every length and a special byte at every place, so the scanner's
 * eight-bytes-at-a-time loop meets it at every alignment and at the tail. */
static void test_string_bytes(void)
{
	long bad = 0, n = 0;
	char text[128], val[64], out[64];
	struct scan sc;

	for (int len = 0; len <= 40; len++) {
		for (int pos = -1; pos < len; pos++) {
			static const unsigned char specials[] = { 0x00, 0x01, 0x0a, 0x1f, '"', '\\',
				0x20, 0x7f, 0x80, 0xa2, 0xff, '/', 'a' };

			for (size_t s = 0; s < sizeof specials; s++) {
				unsigned char c = specials[s];
				size_t k;
				int ok;

				if (pos < 0 && s > 0)
					break;
				memset(val, 'x', (size_t)len);
				if (pos >= 0)
					val[pos] = (char)c;
				memcpy(text, "{\"k\":\"", 6);
				memcpy(text + 6, val, (size_t)len);
				k = 6 + (size_t)len;
				if (pos >= 0 && c == '\\') {
					/* make it the escape \n */
					memmove(text + 6 + pos + 1, text + 6 + pos, (size_t)(len - pos));
					text[6 + pos + 1] = 'n';
					k++;
				}
				memcpy(text + k, "\"}", 2);
				k += 2;
				scan_n(&sc, text, k);
				n++;
				if (pos >= 0 && (c < 0x20 || c == '"')) {
					ok = sc.rc == -1;
				} else if (pos >= 0 && c == '\\') {
					ok = sc.rc == 0 && sc.n == 1 && sc.f[0].vesc &&
					     sc.f[0].vlen == (size_t)len + 1 &&
					     jfield_string(&sc.f[0], out, sizeof out) == len &&
					     out[pos] == '\n';
				} else {
					ok = sc.rc == 0 && sc.n == 1 && !sc.f[0].vesc &&
					     sc.f[0].vlen == (size_t)len &&
					     !memcmp(sc.f[0].val, val, (size_t)len);
				}
				if (!ok && bad++ < 5)
					printf("  length %d, byte 0x%02x at %d: rc %d\n", len, c, pos,
					       sc.rc);
				done(&sc);
			}
		}
	}
	CHECKF(bad == 0, "%ld of %ld strings scanned wrongly", bad, n);
}

static void test_record_type(void)
{
	char t[16];
	const char *err;
	const char *s;

#define RT(text, cap) (err = NULL, s = (text), json_record_type(s, strlen(s), t, (cap), &err))
	memset(t, 0, sizeof t);
	CHECK_INT(RT("{\"type\":\"candle\",\"x\":1}", sizeof t), 6);
	CHECK_STR(t, "candle");
	CHECK_INT(RT("{\"x\":[1,{\"type\":\"no\"}],\"type\":\"signal\"}", sizeof t), 6);
	CHECK_STR(t, "signal");
	CHECK_INT(RT("{\"x\":1}", sizeof t), 0);
	CHECK_INT(RT("{}", sizeof t), 0);
	CHECK_INT(RT("{\"o\":{\"type\":\"candle\"}}", sizeof t), 0);   /* not top-level */
	CHECK_INT(RT("{\"\\u0074ype\":\"can\\u0064le\"}", sizeof t), 6);
	CHECK_STR(t, "candle");
	CHECK_INT(RT("{\"type\":\"candle\"} ", sizeof t), 6);
	CHECK_INT(RT("{\"type\":1}", sizeof t), -1);
	CHECK(err && *err);
	CHECK_INT(RT("{\"type\":null}", sizeof t), -1);
	CHECK(err && *err);
	CHECK_INT(RT("{\"type\":\"candle\"}", 6), -1);   /* "candle" needs 7 bytes */
	CHECK(err && *err);
	CHECK_INT(RT("{\"type\":\"candle\"}", 7), 6);
	CHECK_INT(RT("{\"type\":\"candle\",}", sizeof t), -1);  /* syntax error after it */
	CHECK(err && *err);
	CHECK_INT(RT("{\"type\":\"candle\"", sizeof t), -1);
	CHECK(err && *err);
	CHECK_INT(RT("[{\"type\":\"candle\"}]", sizeof t), -1);
	CHECK(err && *err);
	CHECK_INT(RT("", sizeof t), -1);
	CHECK(err && *err);
	/* Duplicates: the last one counts. */
	CHECK_INT(RT("{\"type\":\"a\",\"type\":\"bb\"}", sizeof t), 2);
	CHECK_STR(t, "bb");
#undef RT
}

/* \u0000 cannot go into a NUL-terminated copy: refused, never cut short. */
static void test_unescape_nul(void)
{
	char buf[32];

	CHECK_INT(json_unescape("A\\u0041B", 8, buf, sizeof buf), 3);
	CHECK_STR(buf, "AAB");
	CHECK_INT(json_unescape("BTC\\u0000USDT", 14, buf, sizeof buf), -3);
	CHECK_INT(json_unescape("\\u0000", 6, buf, sizeof buf), -3);
	CHECK_INT(json_unescape("\\u00e9", 6, buf, sizeof buf), 2);
	CHECK_STR(buf, "\xc3\xa9");
}

/* UTF-8 as RFC 3629 has it: no overlong forms, no surrogates, at most
 * U+10FFFF, nothing cut short (issue 15). */
static void test_utf8(void)
{
	CHECK_INT(json_utf8_ok("BTCUSDT", 7), 1);
	CHECK_INT(json_utf8_ok("\xc3\xa9", 2), 1);              /* U+00E9 */
	CHECK_INT(json_utf8_ok("\xe2\x82\xac", 3), 1);          /* U+20AC */
	CHECK_INT(json_utf8_ok("\xf0\x9d\x84\x9e", 4), 1);      /* U+1D11E */
	CHECK_INT(json_utf8_ok("\xef\xbf\xbd", 3), 1);          /* U+FFFD */
	CHECK_INT(json_utf8_ok("\xff", 1), 0);
	CHECK_INT(json_utf8_ok("\xc0\xaf", 2), 0);               /* overlong '/' */
	CHECK_INT(json_utf8_ok("\xe0\x80\xaf", 3), 0);           /* overlong */
	CHECK_INT(json_utf8_ok("\xed\xa0\x80", 3), 0);           /* U+D800 */
	CHECK_INT(json_utf8_ok("\xf4\x90\x80\x80", 4), 0);       /* U+110000 */
	CHECK_INT(json_utf8_ok("\xe2\x82", 2), 0);               /* cut short */
	CHECK_INT(json_utf8_ok("a\x80", 2), 0);                  /* a lone continuation */
}

int main(void)
{
	test_utf8();
	test_unescape_nul();
	test_valid();
	test_escapes();
	test_numbers();
	test_invalid();
	test_depth();
	test_string_bytes();
	test_record_type();
	UNIT_END();
}
