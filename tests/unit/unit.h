/* unit: a tiny header-only test harness for the C unit tests of lib/.
 *
 *   CHECK(cond)             cond is true
 *   CHECK_INT(a, b)         integers (as long long) are equal
 *   CHECK_NUM(a, b)         doubles are equal (NaN equals NaN; 0 equals -0)
 *   CHECK_NEAR(a, b, rel)   |a - b| <= rel * max(|a|, |b|)
 *   CHECK_STR(a, b)         NUL-terminated strings are equal (NULL only equals NULL)
 *   CHECK_MEM(a, an, b, bn) byte spans are equal
 *   CHECKF(cond, fmt, ...)  cond is true; on failure also prints the message
 *
 * A failure prints "file:line: CHECK...: details" to stdout. UNIT_END() ends
 * main: it prints "N passed, N failed" as the last line and returns 1 if any
 * check failed, else 0. */
#ifndef CB_UNIT_H
#define CB_UNIT_H

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static long unit_passed, unit_failed;

static inline int unit_ok(int ok)
{
	if (ok)
		unit_passed++;
	else
		unit_failed++;
	return ok;
}

static inline void unit_where(const char *file, int line, const char *what)
{
	printf("%s:%d: %s: ", file, line, what);
}

static inline void unit_printf(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
static inline void unit_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}

/* Print n bytes of s, quoted, with unprintable bytes as \xNN. */
static inline void unit_show(const char *s, size_t n)
{
	putchar('"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			printf("\\x%02x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static inline int unit_check(int ok, const char *file, int line, const char *expr)
{
	if (!unit_ok(ok)) {
		unit_where(file, line, "CHECK");
		printf("%s is false\n", expr);
		fflush(stdout);
	}
	return ok;
}

static inline int unit_check_int(long long a, long long b, const char *file, int line,
				 const char *ea, const char *eb)
{
	int ok = a == b;

	if (!unit_ok(ok)) {
		unit_where(file, line, "CHECK_INT");
		printf("%s == %s: %lld != %lld\n", ea, eb, a, b);
		fflush(stdout);
	}
	return ok;
}

static inline int unit_check_num(double a, double b, const char *file, int line,
				 const char *ea, const char *eb)
{
	int ok = a == b || (isnan(a) && isnan(b));

	if (!unit_ok(ok)) {
		unit_where(file, line, "CHECK_NUM");
		printf("%s == %s: %.17g != %.17g\n", ea, eb, a, b);
		fflush(stdout);
	}
	return ok;
}

static inline int unit_check_near(double a, double b, double rel, const char *file,
				  int line, const char *ea, const char *eb)
{
	double m = fmax(fabs(a), fabs(b));
	int ok = a == b || fabs(a - b) <= rel * m;

	if (!unit_ok(ok)) {
		unit_where(file, line, "CHECK_NEAR");
		printf("%s ~ %s: %.17g vs %.17g (relative error %.3g > %.3g)\n", ea, eb, a, b,
		       fabs(a - b) / m, rel);
		fflush(stdout);
	}
	return ok;
}

static inline int unit_check_mem(const char *a, size_t an, const char *b, size_t bn,
				 const char *file, int line, const char *ea, const char *eb)
{
	int ok = an == bn && (an == 0 || !memcmp(a, b, an));

	if (!unit_ok(ok)) {
		unit_where(file, line, "CHECK_MEM");
		printf("%s == %s: ", ea, eb);
		unit_show(a, an);
		printf(" (%zu bytes) != ", an);
		unit_show(b, bn);
		printf(" (%zu bytes)\n", bn);
		fflush(stdout);
	}
	return ok;
}

static inline int unit_check_str(const char *a, const char *b, const char *file, int line,
				 const char *ea, const char *eb)
{
	int ok = (!a || !b) ? a == b : !strcmp(a, b);

	if (!unit_ok(ok)) {
		unit_where(file, line, "CHECK_STR");
		printf("%s == %s: ", ea, eb);
		if (a)
			unit_show(a, strlen(a));
		else
			printf("NULL");
		printf(" != ");
		if (b)
			unit_show(b, strlen(b));
		else
			printf("NULL");
		putchar('\n');
		fflush(stdout);
	}
	return ok;
}

#define CHECK(cond) unit_check(!!(cond), __FILE__, __LINE__, #cond)
#define CHECK_INT(a, b) \
	unit_check_int((long long)(a), (long long)(b), __FILE__, __LINE__, #a, #b)
#define CHECK_NUM(a, b) \
	unit_check_num((double)(a), (double)(b), __FILE__, __LINE__, #a, #b)
#define CHECK_NEAR(a, b, rel) \
	unit_check_near((double)(a), (double)(b), (rel), __FILE__, __LINE__, #a, #b)
#define CHECK_STR(a, b) unit_check_str((a), (b), __FILE__, __LINE__, #a, #b)
#define CHECK_MEM(a, an, b, bn) \
	unit_check_mem((a), (an), (b), (bn), __FILE__, __LINE__, #a, #b)
#define CHECKF(cond, ...) \
	(unit_check(!!(cond), __FILE__, __LINE__, #cond) || \
	 (unit_printf("    "), unit_printf(__VA_ARGS__), unit_printf("\n"), fflush(stdout), 0))

/* End main: print the closing line and return the exit status. */
static inline int unit_end(void)
{
	printf("%ld passed, %ld failed\n", unit_passed, unit_failed);
	fflush(stdout);
	return unit_failed ? 1 : 0;
}

#define UNIT_END() return unit_end()

#endif
