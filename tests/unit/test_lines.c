/* Unit tests for lib/lines.h, reading temporary files made with mkstemp. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lines.h"
#include "msg.h"
#include "unit.h"

#define BLOCK (1 << 16)   /* lines.c reads in 64 KiB blocks, 128 KiB at first */

static char *paths[64];
static int npaths;

/* A temporary file holding data[0..n); its path (removed at exit). */
static const char *temp_file(const void *data, size_t n)
{
	const char *dir = getenv("TMPDIR");
	char *path = malloc(4096);
	int fd;

	if (!path)
		abort();
	snprintf(path, 4096, "%s/cb-unit-lines-XXXXXX", dir && *dir ? dir : "/tmp");
	fd = mkstemp(path);
	if (fd < 0) {
		perror("mkstemp");
		exit(2);
	}
	for (size_t off = 0; off < n;) {
		ssize_t w = write(fd, (const char *)data + off, n - off);

		if (w <= 0) {
			perror("write");
			exit(2);
		}
		off += (size_t)w;
	}
	close(fd);
	paths[npaths++] = path;
	return path;
}

static void remove_temp_files(void)
{
	for (int i = 0; i < npaths; i++) {
		unlink(paths[i]);
		free(paths[i]);
	}
	npaths = 0;
}

/* Expect the next line: content want (NULL: too long), number no, and the
 * raw bytes as given (NULL: content plus "\n"). */
static void expect_line(struct lines *r, const char *want, long no, const char *raw)
{
	struct line ln;
	int rc;

	memset(&ln, 0xa5, sizeof ln);
	rc = lines_next(r, &ln);
	if (!CHECKF(rc == 1, "line %ld: lines_next = %d", no, rc))
		return;
	CHECK_INT(ln.no, no);
	if (!want) {
		CHECKF(ln.toolong == 1, "line %ld not reported too long (len %zu)", no, ln.len);
		CHECK_INT(ln.len, 0);
		CHECK_INT(ln.rawlen, 0);
		return;
	}
	CHECKF(ln.toolong == 0, "line %ld reported too long", no);
	CHECK_MEM(ln.p, ln.len, want, strlen(want));
	if (raw) {
		CHECK_MEM(ln.raw, ln.rawlen, raw, strlen(raw));
	} else {
		CHECK_INT(ln.rawlen, ln.len + 1);
		CHECK(ln.raw == ln.p && ln.rawlen > 0 && ln.raw[ln.rawlen - 1] == '\n');
	}
}

static void expect_end(struct lines *r)
{
	struct line ln;

	CHECK_INT(lines_next(r, &ln), 0);
	CHECK_INT(lines_next(r, &ln), 0);   /* and stays at the end */
}

static void open_text(struct lines *r, const char *text, size_t max)
{
	const char *path = temp_file(text, strlen(text));

	CHECK_INT(lines_open(r, path, max), 0);
	CHECK_STR(r->name, path);
}

static void test_small_files(void)
{
	struct lines r;

	open_text(&r, "a\nbc\n", 0);
	expect_line(&r, "a", 1, "a\n");
	expect_line(&r, "bc", 2, "bc\n");
	expect_end(&r);
	lines_close(&r);

	open_text(&r, "a\r\nbb\r\n", 0);
	expect_line(&r, "a", 1, "a\r\n");
	expect_line(&r, "bb", 2, "bb\r\n");
	expect_end(&r);
	lines_close(&r);

	open_text(&r, "a\nlast", 0);
	expect_line(&r, "a", 1, "a\n");
	expect_line(&r, "last", 2, "last");
	expect_end(&r);
	lines_close(&r);

	open_text(&r, "a\r\nlast\r\n\r\nx", 0);
	expect_line(&r, "a", 1, "a\r\n");
	expect_line(&r, "last", 2, "last\r\n");
	expect_line(&r, "", 3, "\r\n");
	expect_line(&r, "x", 4, "x");
	expect_end(&r);
	lines_close(&r);

	/* Empty lines are lines, with length 0. */
	open_text(&r, "\n\nx\n\n", 0);
	expect_line(&r, "", 1, "\n");
	expect_line(&r, "", 2, "\n");
	expect_line(&r, "x", 3, "x\n");
	expect_line(&r, "", 4, "\n");
	expect_end(&r);
	lines_close(&r);

	open_text(&r, "", 0);
	expect_end(&r);
	lines_close(&r);

	open_text(&r, "\n", 0);
	expect_line(&r, "", 1, "\n");
	expect_end(&r);
	lines_close(&r);

	/* A CR not before LF belongs to the content. */
	open_text(&r, "a\rb\n\rc\n", 0);
	expect_line(&r, "a\rb", 1, "a\rb\n");
	expect_line(&r, "\rc", 2, "\rc\n");
	expect_end(&r);
	lines_close(&r);

	/* NUL bytes are content. */
	{
		const char *path = temp_file("a\0b\nc\n", 6);
		struct line ln;

		CHECK_INT(lines_open(&r, path, 0), 0);
		CHECK_INT(lines_next(&r, &ln), 1);
		CHECK_MEM(ln.p, ln.len, "a\0b", 3);
		expect_line(&r, "c", 2, "c\n");
		expect_end(&r);
		lines_close(&r);
	}
}

static void test_too_long(void)
{
	struct lines r;
	char text[1024];

	/* max 16: 16 bytes are fine, 17 are too long, reported once, and the
	 * next line is read whole with its own number. */
	open_text(&r, "short\n0123456789abcdef\n0123456789abcdefg\nafter\n"
		      "0123456789abcdef\r\n0123456789abcdefXYZ\r\n\nend", 16);
	expect_line(&r, "short", 1, NULL);
	expect_line(&r, "0123456789abcdef", 2, NULL);
	expect_line(&r, NULL, 3, NULL);
	expect_line(&r, "after", 4, NULL);
	expect_line(&r, "0123456789abcdef", 5, "0123456789abcdef\r\n");
	expect_line(&r, NULL, 6, NULL);
	expect_line(&r, "", 7, NULL);
	expect_line(&r, "end", 8, "end");
	expect_end(&r);
	lines_close(&r);

	/* Several too-long lines in a row, and one at the end without newline. */
	snprintf(text, sizeof text, "%s\n%s\nok\n%s", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		 "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "ccccccccccccccccccccccccccc");
	open_text(&r, text, 16);
	expect_line(&r, NULL, 1, NULL);
	expect_line(&r, NULL, 2, NULL);
	expect_line(&r, "ok", 3, NULL);
	expect_line(&r, NULL, 4, NULL);
	expect_end(&r);
	lines_close(&r);

	/* Far longer than the buffer: 1 MiB of x with max 16, several times. */
	{
		size_t n = 3 * ((1 << 20) + 3) + 20;
		char *big = malloc(n), *p = big;

		if (!big)
			abort();
		for (int i = 0; i < 3; i++) {
			memset(p, 'x', 1 << 20);
			p += 1 << 20;
			memcpy(p, "\ny\n", 3);
			p += 3;
		}
		memcpy(p, "0123456789abcdefQQQ", 19);   /* too long, at the end */
		p += 19;
		CHECK_INT(lines_open(&r, temp_file(big, (size_t)(p - big)), 16), 0);
		for (int i = 0; i < 3; i++) {
			expect_line(&r, NULL, 2 * i + 1, NULL);
			expect_line(&r, "y", 2 * i + 2, NULL);
		}
		expect_line(&r, NULL, 7, NULL);
		expect_end(&r);
		lines_close(&r);
		free(big);
	}
}

/* A line of exactly max bytes ending in CRLF, where the first read ends
 * between the CR and the LF: still max bytes of content, so accepted. The
 * first read is of 2 * BLOCK bytes. */
static void test_crlf_at_read_boundary(void)
{
	size_t n = 2 * BLOCK + 64, k = 0;
	char *t = malloc(n);
	struct lines r;
	struct line ln;
	long want_no = 1;

	if (!t)
		abort();
	/* Lines of 9 bytes ("12345678\n"), then empty ones, up to the place
	 * where the 16-byte line and its CR end exactly at 2 * BLOCK. */
	while (k + 9 <= 2 * BLOCK - 17) {
		memcpy(t + k, "12345678\n", 9);
		k += 9;
		want_no++;
	}
	while (k < 2 * BLOCK - 17) {
		t[k++] = '\n';
		want_no++;
	}
	memcpy(t + k, "0123456789abcdef\r\nnext\n", 23);
	k += 23;
	CHECK_INT(lines_open(&r, temp_file(t, k), 16), 0);
	while (lines_next(&r, &ln) == 1 && ln.no < want_no && !ln.toolong)
		;
	CHECK_INT(ln.no, want_no);
	CHECKF(!ln.toolong && ln.len == 16 && !memcmp(ln.p, "0123456789abcdef", 16),
	       "16-byte line with its CR at the read boundary: toolong %d, len %zu",
	       ln.toolong, ln.len);
	expect_line(&r, "next", want_no + 1, NULL);
	expect_end(&r);
	lines_close(&r);
	free(t);
}

/* Deterministic content of line i (1-based) of length len: from its number. */
static void line_text(char *dst, long i, size_t len)
{
	for (size_t j = 0; j < len; j++)
		dst[j] = (char)('a' + (char)((i * 7 + (long)j * 13) % 26));
}

static uint64_t rng = 0x2545f4914f6cdd1dULL;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* About 3 MiB of lines of random lengths (some CRLF, some longer than a
 * block, some too long for max), read back line by line: every line that
 * crosses a 64 KiB boundary must come whole. */
static void test_big_file(size_t max)
{
	size_t cap = (3 << 20) + (1 << 20), n = 0;
	char *t = malloc(cap);
	size_t *lens = malloc(100000 * sizeof *lens);
	unsigned char *crlf = malloc(100000);
	long nlines = 0, bad = 0, crossing = 0;
	struct lines r;
	struct line ln;
	int rc;

	if (!t || !lens || !crlf)
		abort();
	while (n < (3u << 20)) {
		size_t len = rnd() % 8 == 0 ? rnd() % 3000 : rnd() % 200;

		if (rnd() % 200 == 0)
			len = BLOCK + rnd() % BLOCK;   /* longer than a block */
		if (n + len + 2 > cap)
			break;
		nlines++;
		line_text(t + n, nlines, len);
		if (n / BLOCK != (n + len) / BLOCK)
			crossing++;
		n += len;
		lens[nlines] = len;
		crlf[nlines] = rnd() % 4 == 0;
		if (crlf[nlines])
			t[n++] = '\r';
		t[n++] = '\n';
	}
	CHECKF(n >= (3u << 20) - 4000 && crossing > 30, "%zu bytes, %ld lines crossing", n,
	       crossing);
	CHECK_INT(lines_open(&r, temp_file(t, n), max), 0);
	for (long i = 1; i <= nlines; i++) {
		char want[2 * BLOCK + 8];

		rc = lines_next(&r, &ln);
		if (rc != 1 || ln.no != i) {
			if (bad++ < 5)
				printf("  line %ld: rc %d, no %ld\n", i, rc, ln.no);
			break;
		}
		if (lens[i] > r.max) {
			if (!ln.toolong && bad++ < 5)
				printf("  line %ld of %zu bytes not too long\n", i, lens[i]);
			continue;
		}
		line_text(want, i, lens[i]);
		if ((ln.toolong || ln.len != lens[i] || memcmp(ln.p, want, lens[i]) ||
		     ln.rawlen != lens[i] + 1 + crlf[i] || ln.raw != ln.p ||
		     ln.raw[ln.rawlen - 1] != '\n') && bad++ < 5)
			printf("  line %ld: len %zu (want %zu), toolong %d\n", i, ln.len, lens[i],
			       ln.toolong);
	}
	CHECKF(bad == 0, "max %zu: %ld of %ld lines read wrongly", max, bad, nlines);
	expect_end(&r);
	lines_close(&r);
	free(t);
	free(lens);
	free(crlf);
}

static void test_default_max(void)
{
	size_t n = LINES_MAX_DEFAULT;
	char *t = malloc(2 * n + 8);
	struct lines r;
	struct line ln;

	if (!t)
		abort();
	/* Exactly 1 MiB: accepted; one byte more: too long. */
	memset(t, 'q', 2 * n + 8);
	t[n] = '\n';
	t[2 * n + 2] = '\n';
	memcpy(t + 2 * n + 3, "z\n", 2);
	CHECK_INT(lines_open(&r, temp_file(t, 2 * n + 5), 0), 0);
	CHECK_INT(r.max, LINES_MAX_DEFAULT);
	CHECK_INT(lines_next(&r, &ln), 1);
	CHECK(!ln.toolong && ln.len == n && ln.no == 1);
	CHECK_INT(lines_next(&r, &ln), 1);
	CHECK(ln.toolong && ln.no == 2);
	expect_line(&r, "z", 3, NULL);
	expect_end(&r);
	lines_close(&r);
	free(t);
}

static void test_errors(void)
{
	struct lines r;
	struct line ln;
	char path[] = "/nonexistent-dir-cb-unit/none.ndjson";

	errno = 0;
	CHECK_INT(lines_open(&r, path, 0), -1);
	CHECK_INT(errno, ENOENT);

	/* A directory opens but cannot be read. */
	CHECK_INT(lines_open(&r, "/", 0), 0);
	errno = 0;
	CHECK_INT(lines_next(&r, &ln), -1);
	CHECK_INT(errno, EISDIR);
	lines_close(&r);
}

static void test_stdin(void)
{
	const char *path = temp_file("one\n\ntwo\r\n", 10);
	int saved = dup(STDIN_FILENO), fd = open(path, O_RDONLY);
	struct lines r;

	if (saved < 0 || fd < 0 || dup2(fd, STDIN_FILENO) < 0)
		abort();
	close(fd);
	CHECK_INT(lines_open(&r, "-", 0), 0);
	CHECK_STR(r.name, "<stdin>");
	expect_line(&r, "one", 1, NULL);
	expect_line(&r, "", 2, NULL);
	expect_line(&r, "two", 3, "two\r\n");
	expect_end(&r);
	lines_close(&r);
	/* Standard input is left open. */
	CHECK(fcntl(STDIN_FILENO, F_GETFD) != -1);
	dup2(saved, STDIN_FILENO);
	close(saved);
}

struct seen {
	char text[256];
	size_t n;
	int calls;
};

static void collect(void *ctx, const struct line *ln, const char *name)
{
	struct seen *s = ctx;
	int k = snprintf(s->text + s->n, sizeof s->text - s->n, "%s:%ld:%.*s|",
			 strrchr(name, '/') ? "f" : name, ln->no, (int)ln->len, ln->p);

	if (k > 0 && s->n + (size_t)k < sizeof s->text)
		s->n += (size_t)k;
	s->calls++;
}

static void test_foreach(void)
{
	char *files[2];
	struct seen s;
	long before;
	int saved_err = dup(STDERR_FILENO), devnull = open("/dev/null", O_WRONLY);

	files[0] = (char *)temp_file("a\n\nb\r\n0123456789abcdefX\nc", 25);
	files[1] = (char *)temp_file("\n\nd\n", 4);
	memset(&s, 0, sizeof s);
	msg_init("test_lines");
	before = reject_count();
	/* The rejected line's message goes to stderr: hide it. */
	if (saved_err < 0 || devnull < 0 || dup2(devnull, STDERR_FILENO) < 0)
		abort();
	lines_foreach(files, 2, 16, collect, &s);
	dup2(saved_err, STDERR_FILENO);
	close(saved_err);
	close(devnull);
	CHECK_INT(s.calls, 4);
	CHECK_STR(s.text, "f:1:a|f:3:b|f:5:c|f:3:d|");
	CHECK_INT(reject_count() - before, 1);
}

int main(void)
{
	test_small_files();
	test_too_long();
	test_crlf_at_read_boundary();
	test_big_file(LINES_MAX_DEFAULT);
	test_big_file(100);
	test_default_max();
	test_errors();
	test_stdin();
	test_foreach();
	remove_temp_files();
	UNIT_END();
}
