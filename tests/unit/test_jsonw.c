/* Unit tests for lib/jsonw.h (and the buf it writes into): member order,
 * commas, string escaping, numbers, integers, booleans and nulls. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "json.h"
#include "jsonw.h"
#include "unit.h"

/* The buffer's contents as a string (buf_cstr). */
static const char *text(struct buf *b)
{
	return buf_cstr(b);
}

static void test_buf(void)
{
	struct buf b = BUF_INIT;
	char big[1000];

	CHECK_INT(b.len, 0);
	CHECK_STR(text(&b), "");
	CHECK_INT(b.len, 0);
	buf_addc(&b, 'a');
	buf_adds(&b, "bc");
	buf_add(&b, "d\0e", 3);
	CHECK_INT(b.len, 6);
	CHECK_MEM(b.p, b.len, "abcd\0e", 6);
	CHECK_STR(buf_cstr(&b), "abcd");   /* the NUL inside ends the C string */
	CHECK_INT(b.len, 6);                /* the terminator is not counted */
	buf_reset(&b);
	CHECK_INT(b.len, 0);
	CHECK(b.cap >= 6);
	/* Growth keeps the contents. */
	for (int i = 0; i < 1000; i++)
		big[i] = (char)('a' + i % 26);
	for (int i = 0; i < 100; i++)
		buf_add(&b, big, sizeof big);
	CHECK_INT(b.len, 100000);
	{
		int ok = 1;

		for (size_t i = 0; i < b.len; i++)
			ok &= b.p[i] == (char)('a' + (i % 1000) % 26);
		CHECK(ok);
	}
	buf_release(&b);
	CHECK(b.p == NULL && b.len == 0 && b.cap == 0);
	buf_adds(&b, "again");
	CHECK_STR(text(&b), "again");
	buf_release(&b);
	buf_release(NULL);
}

static void test_members(void)
{
	struct buf b = BUF_INIT;

	jw_begin(&b);
	jw_end(&b);
	CHECK_STR(text(&b), "{}\n");
	buf_reset(&b);

	jw_begin(&b);
	jw_str(&b, "type", "candle");
	jw_end(&b);
	CHECK_STR(text(&b), "{\"type\":\"candle\"}\n");
	buf_reset(&b);

	/* Members in call order, one comma between each. */
	jw_begin(&b);
	jw_str(&b, "z", "last?");
	jw_int(&b, "a", 1);
	jw_num(&b, "m", 2.5);
	jw_bool(&b, "t", 1);
	jw_bool(&b, "f", 0);
	jw_null(&b, "n");
	jw_num_or_null(&b, "h", 1, 0.1);
	jw_num_or_null(&b, "x", 0, 7);
	jw_raw(&b, "r", "[1,{\"b\":2}]", 11);
	jw_str(&b, "e", "");
	jw_end(&b);
	CHECK_STR(text(&b), "{\"z\":\"last?\",\"a\":1,\"m\":2.5,\"t\":true,\"f\":false,\"n\":null,"
			    "\"h\":0.1,\"x\":null,\"r\":[1,{\"b\":2}],\"e\":\"\"}\n");

	/* A second record appended to the same buffer starts without a comma. */
	jw_begin(&b);
	jw_int(&b, "a", 2);
	jw_end(&b);
	CHECK_STR(text(&b) + b.len - 8, "{\"a\":2}\n");
	buf_release(&b);

	/* jw_bool: any non-zero is true. */
	jw_begin(&b);
	jw_bool(&b, "a", 2);
	jw_bool(&b, "b", -1);
	jw_end(&b);
	CHECK_STR(text(&b), "{\"a\":true,\"b\":true}\n");
	buf_release(&b);

	/* Nested: a raw object, then members inside one built by hand. */
	jw_begin(&b);
	jw_raw(&b, "o", "{}", 2);
	jw_key(&b, "p");
	jw_begin(&b);
	jw_int(&b, "q", 1);
	jw_int(&b, "r", 2);
	buf_addc(&b, '}');
	jw_int(&b, "s", 3);
	jw_key(&b, "arr");
	buf_addc(&b, '[');
	jw_strval(&b, "v", 1);
	buf_addc(&b, ']');
	jw_end(&b);
	CHECK_STR(text(&b), "{\"o\":{},\"p\":{\"q\":1,\"r\":2},\"s\":3,\"arr\":[\"v\"]}\n");
	buf_release(&b);
}

static void strval(const char *s, size_t n, const char *want)
{
	struct buf b = BUF_INIT;

	jw_strval(&b, s, n);
	CHECK_STR(text(&b), want);
	buf_release(&b);
}

static void test_escaping(void)
{
	struct buf b = BUF_INIT;

	strval("", 0, "\"\"");
	strval("plain text", 10, "\"plain text\"");
	strval("a\"b", 3, "\"a\\\"b\"");
	strval("a\\b", 3, "\"a\\\\b\"");
	strval("\\\"", 2, "\"\\\\\\\"\"");
	strval("\n\r\t\b\f", 5, "\"\\n\\r\\t\\b\\f\"");
	strval("\x01\x1f\x7f", 3, "\"\\u0001\\u001f\x7f\"");
	strval("a\0b", 3, "\"a\\u0000b\"");
	strval("/", 1, "\"/\"");
	strval("caf\xc3\xa9 \xf0\x9f\x98\x80", 10, "\"caf\xc3\xa9 \xf0\x9f\x98\x80\"");
	/* Only n bytes are written. */
	strval("abcdef", 3, "\"abc\"");

	/* Every byte below 0x20 comes out escaped; the result reads back. */
	{
		char all[256];
		char got[600];
		long n;

		for (int i = 0; i < 256; i++)
			all[i] = (char)(i == 0 ? 0x20 : i);
		jw_begin(&b);
		jw_key(&b, "s");
		jw_strval(&b, all, sizeof all);
		buf_add(&b, "}", 1);
		{
			struct jscan s;
			struct jfield f;

			jscan_init(&s, b.p, b.len);
			CHECK_INT(jscan_next(&s, &f), 1);
			CHECK_INT(f.type, JSON_STRING);
			n = jfield_string(&f, got, sizeof got);
			CHECK_INT(n, 256);
			CHECK_MEM(got, n < 0 ? 0 : (size_t)n, all, sizeof all);
			CHECK_INT(jscan_next(&s, &f), 0);
		}
		/* No raw control byte in the output. */
		{
			int raw = 0;

			for (size_t i = 0; i < b.len; i++)
				raw += (unsigned char)b.p[i] < 0x20;
			CHECK_INT(raw, 0);
		}
		buf_release(&b);
	}

	jw_begin(&b);
	jw_str(&b, "k", "say \"hi\"\n");
	jw_end(&b);
	CHECK_STR(text(&b), "{\"k\":\"say \\\"hi\\\"\\n\"}\n");
	buf_release(&b);
}

static void test_numbers(void)
{
	struct buf b = BUF_INIT;

	jw_begin(&b);
	jw_num(&b, "a", 0.1);
	jw_num(&b, "b", 94172.5);
	jw_num(&b, "c", 1746057600000.0);
	jw_num(&b, "d", -0.5);
	jw_num(&b, "e", 0.1 + 0.2);
	jw_num(&b, "f", 1e-3);
	jw_num(&b, "g", 0);
	jw_end(&b);
	CHECK_STR(text(&b), "{\"a\":0.1,\"b\":94172.5,\"c\":1746057600000,\"d\":-0.5,"
			    "\"e\":0.30000000000000004,\"f\":0.001,\"g\":0}\n");
	buf_release(&b);

	/* Non-finite numbers are null. */
	jw_begin(&b);
	jw_num(&b, "nan", NAN);
	jw_num(&b, "inf", INFINITY);
	jw_num(&b, "ninf", -INFINITY);
	jw_num_or_null(&b, "h", 1, NAN);
	jw_num_or_null(&b, "i", 1, INFINITY * 0.0);
	jw_end(&b);
	CHECK_STR(text(&b), "{\"nan\":null,\"inf\":null,\"ninf\":null,\"h\":null,\"i\":null}\n");
	buf_release(&b);

	jw_begin(&b);
	jw_int(&b, "a", 0);
	jw_int(&b, "b", -1);
	jw_int(&b, "c", 1746057600000LL);
	jw_int(&b, "d", INT64_MAX);
	jw_int(&b, "e", INT64_MIN);
	jw_end(&b);
	CHECK_STR(text(&b), "{\"a\":0,\"b\":-1,\"c\":1746057600000,\"d\":9223372036854775807,"
			    "\"e\":-9223372036854775808}\n");
	buf_release(&b);

	/* Numbers read back exactly through the scanner. */
	{
		static const double v[] = { 0.1, 1.0 / 3, 39241.066999999995, 5e-324, 1e300,
			-2.5e-8, 123456789.123 };
		long bad = 0;

		for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
			struct jscan s;
			struct jfield f;
			double got = 0;

			buf_reset(&b);
			jw_begin(&b);
			jw_num(&b, "v", v[i]);
			jw_end(&b);
			jscan_init(&s, b.p, b.len);
			if (jscan_next(&s, &f) != 1 || jfield_number(&f, &got) != 0 ||
			    got != v[i] || jscan_next(&s, &f) != 0)
				bad++;
		}
		CHECK_INT(bad, 0);
		buf_release(&b);
	}
}

int main(void)
{
	test_buf();
	test_members();
	test_escaping();
	test_numbers();
	UNIT_END();
}
