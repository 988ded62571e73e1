/* cb-fetch import: Binance public data kline files (the zip archives of
 * data.binance.vision and their bare CSV) and OHLCV CSV with a header, as
 * candle records on standard output or into the store.
 *
 * A CSV is parsed in place in large blocks: fields are found with memchr
 * and converted with num_parse, and nothing is allocated per row. A zip
 * entry is read whole into memory before any row is used, so that the rows
 * of an archive whose CRC turns out wrong are never written. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <zip.h>

#include "candle.h"
#include "fetch.h"
#include "lines.h"
#include "msg.h"
#include "num.h"
#include "out.h"
#include "xalloc.h"

#define BLOCK (1 << 20)          /* CSV read size; also the longest line */
#define ZIP_ENTRY_MAX (1L << 31) /* the largest CSV accepted inside an archive */
#define BATCH 50000              /* candles per store transaction */
#define MICROS_MIN 100000000000000LL /* 1e14: a time this large is in microseconds */
#define MAXCOLS 64               /* columns looked at in a row */

/* The members a CSV column can give, in the order of Binance's 12 columns. */
enum { C_OPEN_TIME, C_OPEN, C_HIGH, C_LOW, C_CLOSE, C_VOLUME, C_CLOSE_TIME,
       C_QUOTE_VOLUME, C_TRADES, C_TAKER_BUY_VOLUME, C_TAKER_BUY_QUOTE_VOLUME,
       NMEMBERS };

static const char *const member_names[NMEMBERS] = {
	"open_time", "open", "high", "low", "close", "volume", "close_time",
	"quote_volume", "count", "taker_buy_volume", "taker_buy_quote_volume"
};

/* One file being imported. */
struct imp {
	struct fetch *f;
	const char *path;          /* the FILE operand: a path, or - */
	const char *name;          /* for messages: the path, or <stdin> */
	struct candle c;           /* exchange, market, symbol, interval set */
	int col[NMEMBERS];         /* column of each member, -1 if absent */
	int ncols;                 /* columns a row needs: highest col + 1 */
	unsigned has;              /* CANDLE_* bits the columns give */
	int started;               /* the first non-empty line was seen */
	int failed;                /* the file cannot be read (reported) */
	int64_t prev;              /* open_time of the previous good row */
	long no;                   /* line number */
	long n;                    /* candles of this file */
};

/* The whole import. */
struct run {
	struct fetch *f;
	struct buf out;
	long stored, pending;      /* candles stored; in the open transaction */
	int dberr;                 /* the store failed: stop */
};

static void set_positional(struct imp *im)
{
	for (int i = 0; i < NMEMBERS; i++)
		im->col[i] = i;
	im->ncols = NMEMBERS;
	im->has = CANDLE_QUOTE_VOLUME | CANDLE_TRADES | CANDLE_TAKER_BUY_VOLUME |
		  CANDLE_TAKER_BUY_QUOTE_VOLUME;
}

static int member_of(const char *s, size_t n)
{
	static const struct { const char *name; int m; } alias[] = {
		{ "trades", C_TRADES }, { "number_of_trades", C_TRADES },
		{ "quote_asset_volume", C_QUOTE_VOLUME },
		{ "taker_buy_base_asset_volume", C_TAKER_BUY_VOLUME },
		{ "taker_buy_quote_asset_volume", C_TAKER_BUY_QUOTE_VOLUME },
	};

	for (int i = 0; i < NMEMBERS; i++)
		if (strlen(member_names[i]) == n && !memcmp(member_names[i], s, n))
			return i;
	for (size_t i = 0; i < sizeof alias / sizeof alias[0]; i++)
		if (strlen(alias[i].name) == n && !memcmp(alias[i].name, s, n))
			return alias[i].m;
	return -1;
}

/* The header line: columns by name. Returns 0, or -1 after reporting. */
static int read_header(struct imp *im, const char *p, size_t len)
{
	const char *end = p + len;
	int col = 0;

	for (int i = 0; i < NMEMBERS; i++)
		im->col[i] = -1;
	im->has = 0;
	im->ncols = 0;
	while (p <= end && col < MAXCOLS) {
		const char *q = memchr(p, ',', (size_t)(end - p));
		const char *e = q ? q : end, *s = p;
		int m;

		while (s < e && (*s == ' ' || *s == '"'))
			s++;
		while (e > s && (e[-1] == ' ' || e[-1] == '"'))
			e--;
		m = member_of(s, (size_t)(e - s));
		if (m >= 0 && im->col[m] < 0) {
			im->col[m] = col;
			if (col + 1 > im->ncols)
				im->ncols = col + 1;
		}
		col++;
		if (!q)
			break;
		p = q + 1;
	}
	for (int i = 0; i <= C_VOLUME; i++)
		if (im->col[i] < 0) {
			error("%s:%ld: the header has no '%s' column", im->name, im->no,
			      member_names[i]);
			return -1;
		}
	if (im->col[C_QUOTE_VOLUME] >= 0) im->has |= CANDLE_QUOTE_VOLUME;
	if (im->col[C_TRADES] >= 0) im->has |= CANDLE_TRADES;
	if (im->col[C_TAKER_BUY_VOLUME] >= 0) im->has |= CANDLE_TAKER_BUY_VOLUME;
	if (im->col[C_TAKER_BUY_QUOTE_VOLUME] >= 0) im->has |= CANDLE_TAKER_BUY_QUOTE_VOLUME;
	return 0;
}

/* A non-negative integer: plain digits fast, else num_parse_int. */
static int parse_int(const char *s, size_t n, int64_t *out)
{
	int64_t v = 0;

	if (n && n <= 18) {
		size_t i;

		for (i = 0; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			v = v * 10 + (s[i] - '0');
		if (i == n) {
			*out = v;
			return 0;
		}
	}
	return num_parse_int(s, n, out) < 0 || *out < 0 ? -1 : 0;
}

static void bad_field(struct imp *im, int m, const char *s, size_t n, const char *what)
{
	reject(im->name, im->no, "'%s' %s: '%.*s'", member_names[m], what,
	       (int)(n > 40 ? 40 : n), s);
}

/* Commit the open transaction, if any: before the input may make us wait
 * (a pipe or FIFO silent for LINES_IDLE_MS, the next file), so that no
 * other writer of the store waits for us meanwhile. */
static void store_flush(struct run *r)
{
	if (r->dberr || !r->pending)
		return;
	r->pending = 0;
	if (store_commit(r->f->store) < 0) {
		store_rollback(r->f->store);
		r->dberr = 1;
	}
}

static void store_row(struct run *r, struct imp *im)
{
	struct store *st = r->f->store;

	if (r->dberr)
		return;
	if (!r->pending && store_begin(st) < 0) {
		r->dberr = 1;
		return;
	}
	if (store_put_candle(st, &im->c) < 0) {
		store_rollback(st);
		r->dberr = 1;
		return;
	}
	r->stored++;
	if (++r->pending == BATCH)
		store_flush(r);
}

/* One data row: a candle, or a rejection naming the line and the field. */
static void read_row(struct run *r, struct imp *im, const char *p, size_t len)
{
	const char *fs[MAXCOLS];
	size_t fl[MAXCOLS];
	const char *end = p + len;
	struct candle *c = &im->c;
	int nf = 0;
	double v[NMEMBERS] = { 0 };
	int64_t t[NMEMBERS] = { 0 };

	for (;;) {
		const char *q = memchr(p, ',', (size_t)(end - p));

		fs[nf] = p;
		fl[nf] = (size_t)((q ? q : end) - p);
		if (++nf == im->ncols || !q)
			break;
		p = q + 1;
	}
	for (int m = 0; m < NMEMBERS; m++) {
		int k = im->col[m];
		const char *s;
		size_t n;

		if (k < 0)
			continue;
		if (k >= nf) {
			reject(im->name, im->no, "'%s' is missing (%d column%s, %d needed)",
			       member_names[m], nf, nf == 1 ? "" : "s", im->ncols);
			return;
		}
		s = fs[k];
		n = fl[k];
		if (m == C_OPEN_TIME || m == C_CLOSE_TIME || m == C_TRADES) {
			if (parse_int(s, n, &t[m]) < 0) {
				bad_field(im, m, s, n, "is not a whole number");
				return;
			}
		} else if (num_parse(s, n, &v[m]) < 0) {
			bad_field(im, m, s, n, "is not a number");
			return;
		} else if (v[m] < 0) {
			bad_field(im, m, s, n, "is negative");
			return;
		}
	}
	if (t[C_OPEN_TIME] >= MICROS_MIN)
		t[C_OPEN_TIME] /= 1000;
	c->open_time = t[C_OPEN_TIME];
	if (im->col[C_CLOSE_TIME] >= 0) {
		if (t[C_CLOSE_TIME] >= MICROS_MIN)
			t[C_CLOSE_TIME] /= 1000;
		c->close_time = t[C_CLOSE_TIME];
		if (c->close_time < c->open_time) {
			reject(im->name, im->no, "'close_time' is before 'open_time'");
			return;
		}
	} else {
		c->close_time = interval_close_time(c->interval, c->open_time);
	}
	if (c->open_time <= im->prev) {
		reject(im->name, im->no, "'open_time' %lld is not after the previous row's %lld",
		       (long long)c->open_time, (long long)im->prev);
		return;
	}
	if (v[C_HIGH] < v[C_LOW]) {
		reject(im->name, im->no, "'high' is below 'low'");
		return;
	}
	im->prev = c->open_time;
	c->open = v[C_OPEN];
	c->high = v[C_HIGH];
	c->low = v[C_LOW];
	c->close = v[C_CLOSE];
	c->volume = v[C_VOLUME];
	if (im->has & CANDLE_QUOTE_VOLUME) c->quote_volume = v[C_QUOTE_VOLUME];
	if (im->has & CANDLE_TRADES) c->trades = t[C_TRADES];
	if (im->has & CANDLE_TAKER_BUY_VOLUME) c->taker_buy_volume = v[C_TAKER_BUY_VOLUME];
	if (im->has & CANDLE_TAKER_BUY_QUOTE_VOLUME)
		c->taker_buy_quote_volume = v[C_TAKER_BUY_QUOTE_VOLUME];
	c->has = im->has;
	im->n++;
	if (r->f->have_store) {
		store_row(r, im);
		return;
	}
	candle_write(c, &r->out);
	if (r->out.len >= (1 << 16)) {
		out_write(r->out.p, r->out.len);
		buf_reset(&r->out);
	}
}

/* One line (without its "\n"): the header, a row, or nothing if empty. */
static void read_line(struct run *r, struct imp *im, const char *p, size_t len)
{
	im->no++;
	if (len && p[len - 1] == '\r')
		len--;
	if (!len || im->failed)
		return;
	if (!im->started) {
		im->started = 1;
		/* A UTF-8 byte-order mark, as spreadsheet programs write one. */
		if (len >= 3 && !memcmp(p, "\xef\xbb\xbf", 3)) {
			p += 3;
			len -= 3;
			if (!len)
				return;
		}
		if (*p < '0' || *p > '9') {
			if (read_header(im, p, len) < 0)
				im->failed = 1;
			return;
		}
		set_positional(im);
	}
	read_row(r, im, p, len);
}

/* Every complete line of p[0..len); with last, the unterminated rest too.
 * Returns the bytes used. */
static size_t read_lines(struct run *r, struct imp *im, const char *p, size_t len, int last)
{
	const char *s = p, *end = p + len, *nl;

	while (!im->failed && (nl = memchr(s, '\n', (size_t)(end - s)))) {
		read_line(r, im, s, (size_t)(nl - s));
		s = nl + 1;
	}
	if (last && s < end && !im->failed) {
		read_line(r, im, s, (size_t)(end - s));
		s = end;
	}
	return (size_t)(s - p);
}

/* A bare CSV, read in blocks. */
static void read_csv(struct run *r, struct imp *im, char *buf)
{
	int stdin_ = !strcmp(im->path, "-");
	int fd = stdin_ ? STDIN_FILENO : open(im->path, O_RDONLY);
	size_t have = 0;
	int skipping = 0, first = 1;

	if (fd < 0) {
		error("%s: cannot open:", im->name);
		im->failed = 1;
		return;
	}
	for (;;) {
		ssize_t k;
		size_t used;

		if (!fd_wait_readable(fd, LINES_IDLE_MS))
			store_flush(r);
		k = read(fd, buf + have, BLOCK - have);
		if (k > 0 && first && have + (size_t)k < 4) {
			have += (size_t)k;  /* not yet enough to tell an archive */
			continue;
		}

		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			error("%s: cannot read:", im->name);
			im->failed = 1;
			break;
		}
		have += (size_t)k;
		if (first && have >= 4 && !memcmp(buf, "PK\3\4", 4)) {
			error("%s: a zip archive: name its file (archives are not read from a pipe)",
			      im->name);
			im->failed = 1;
			break;
		}
		first = 0;
		if (skipping) {  /* the rest of an over-long line */
			char *nl = memchr(buf, '\n', have);

			if (!nl) {
				have = 0;
				if (!k)
					break;
				continue;
			}
			skipping = 0;
			have -= (size_t)(nl + 1 - buf);
			memmove(buf, nl + 1, have);
		}
		used = read_lines(r, im, buf, have, k == 0);
		if (im->failed || k == 0)
			break;
		have -= used;
		memmove(buf, buf + used, have);
		if (have == BLOCK) {
			im->no++;
			reject(im->name, im->no, "the line is longer than %d bytes", BLOCK);
			skipping = 1;
			have = 0;
		}
	}
	if (!stdin_)
		close(fd);
}

/* The CSV inside a zip archive, read whole, then parsed. */
static void read_zip(struct run *r, struct imp *im)
{
	int err = 0;
	zip_t *z = zip_open(im->path, ZIP_RDONLY | ZIP_CHECKCONS, &err);
	zip_int64_t nent, i;
	zip_stat_t zs;
	zip_file_t *zf;
	char *data;
	zip_int64_t got;

	if (!z) {
		zip_error_t ze;

		zip_error_init_with_code(&ze, err);
		error("%s: cannot open the zip archive (truncated or corrupt?): %s", im->name,
		      zip_error_strerror(&ze));
		zip_error_fini(&ze);
		im->failed = 1;
		return;
	}
	nent = zip_get_num_entries(z, 0);
	i = nent;
	for (zip_int64_t k = 0; k < nent; k++) {
		const char *en = zip_get_name(z, (zip_uint64_t)k, 0);
		size_t l = en ? strlen(en) : 0;

		if (l <= 4 || strcmp(en + l - 4, ".csv"))
			continue;
		if (i != nent) {
			/* Which one is meant cannot be told: say so, read none. */
			error("%s: the archive holds more than one .csv file (%s, %s); import "
			      "reads archives of one, as data.binance.vision makes them", im->name,
			      zip_get_name(z, (zip_uint64_t)i, 0), en);
			goto fail;
		}
		i = k;
	}
	if (i == nent) {
		error("%s: the archive has no .csv file", im->name);
		goto fail;
	}
	if (zip_stat_index(z, (zip_uint64_t)i, 0, &zs) < 0 || !(zs.valid & ZIP_STAT_SIZE)) {
		error("%s: cannot read the archive: %s", im->name, zip_strerror(z));
		goto fail;
	}
	if (zs.size > (zip_uint64_t)ZIP_ENTRY_MAX) {
		error("%s: %s is larger than %ld bytes", im->name, zs.name, ZIP_ENTRY_MAX);
		goto fail;
	}
	if (!(zf = zip_fopen_index(z, (zip_uint64_t)i, 0))) {
		error("%s: cannot read %s in the archive: %s", im->name, zs.name, zip_strerror(z));
		goto fail;
	}
	data = xmalloc((size_t)zs.size + 1);
	got = zs.size ? zip_fread(zf, data, zs.size) : 0;
	if (got < 0 || (zip_uint64_t)got != zs.size ||
	    (zs.size && zip_fread(zf, data + zs.size, 1) != 0)) {
		error("%s: cannot read %s in the archive (corrupt?): %s", im->name, zs.name,
		      zip_error_code_zip(zip_file_get_error(zf)) ? zip_file_strerror(zf)
								 : "shorter than its stated size");
		zip_fclose(zf);
		free(data);
		goto fail;
	}
	zip_fclose(zf);
	zip_discard(z);
	read_lines(r, im, data, (size_t)zs.size, 1);
	free(data);
	return;
fail:
	zip_discard(z);
	im->failed = 1;
}

/* The SHA-256 of file path as 64 lowercase hex digits into hex (65 bytes).
 * Returns 0, or -1 after reporting. */
static int sha256_file(const char *path, char *buf, char hex[65])
{
	int fd = open(path, O_RDONLY), rc = -1;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned mdlen = 0;
	ssize_t k;

	if (fd < 0) {
		error("%s: cannot open:", path);
		EVP_MD_CTX_free(ctx);
		return -1;
	}
	if (!ctx || !EVP_DigestInit_ex(ctx, EVP_sha256(), NULL)) {
		error("%s: cannot compute SHA-256 (libcrypto)", path);
		goto out;
	}
	while ((k = read(fd, buf, BLOCK)) != 0) {
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			error("%s: cannot read:", path);
			goto out;
		}
		EVP_DigestUpdate(ctx, buf, (size_t)k);
	}
	if (!EVP_DigestFinal_ex(ctx, md, &mdlen) || mdlen != 32) {
		error("%s: cannot compute SHA-256 (libcrypto)", path);
		goto out;
	}
	for (unsigned j = 0; j < mdlen; j++)
		snprintf(hex + 2 * j, 3, "%02x", md[j]);
	rc = 0;
out:
	EVP_MD_CTX_free(ctx);
	close(fd);
	return rc;
}

/* Verify FILE against FILE.CHECKSUM ("<sha256hex>  <name>"), if there is
 * one. Returns 0 (verified, or nothing to verify) or -1 (refused, reported). */
static int verify(struct imp *im, char *buf, int archive)
{
	size_t n = strlen(im->path);
	char *sumpath;
	char want[65], got[65];
	FILE *fp;
	int rc = -1;

	if (!strcmp(im->path, "-"))
		return 0;  /* standard input has nothing beside it */
	sumpath = xmalloc(n + sizeof ".CHECKSUM");
	memcpy(sumpath, im->path, n);
	memcpy(sumpath + n, ".CHECKSUM", sizeof ".CHECKSUM");
	if (!(fp = fopen(sumpath, "r"))) {
		if (errno == ENOENT) {
			if (archive)
				note("%s: no %s beside it: not verified", im->name, sumpath);
			rc = 0;
		} else {
			error("%s:", sumpath);
		}
		free(sumpath);
		return rc;
	}
	if (fscanf(fp, "%64[0-9a-fA-F]", want) != 1 || strlen(want) != 64) {
		error("%s: not a SHA-256 checksum file ('<sha256>  <name>'); %s refused", sumpath,
		      im->name);
	} else if (sha256_file(im->path, buf, got) == 0) {
		for (int i = 0; i < 64; i++)
			if (want[i] >= 'A' && want[i] <= 'F')
				want[i] = (char)(want[i] - 'A' + 'a');
		if (strcmp(want, got))
			error("%s: SHA-256 checksum mismatch (%s says %.12s..., the file has %.12s...): "
			      "refused", im->name, sumpath, want, got);
		else
			rc = 0;
	}
	fclose(fp);
	free(sumpath);
	return rc;
}

static int has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), k = strlen(suf);

	return n >= k && !strcmp(s + n - k, suf);
}

/* Symbol and interval from a file name SYMBOL-INTERVAL[-DATE].{zip,csv}
 * (Binance writes 1M as "1mo"). Returns 1 and fills them, 0 if the name
 * does not have that form. */
static int name_series(const char *path, char sym[CANDLE_NAME_MAX],
		       const struct interval **iv)
{
	const char *base = strrchr(path, '/'), *dash, *end;
	char ivname[8];
	size_t n;

	base = base ? base + 1 : path;
	if (!(dash = strchr(base, '-')) || (n = (size_t)(dash - base)) >= CANDLE_NAME_MAX)
		return 0;
	memcpy(sym, base, n);
	sym[n] = '\0';
	end = dash + 1 + strcspn(dash + 1, "-.");
	if ((size_t)(end - dash - 1) >= sizeof ivname)
		return 0;
	memcpy(ivname, dash + 1, (size_t)(end - dash - 1));
	ivname[end - dash - 1] = '\0';
	if (!strcmp(ivname, "1mo"))
		memcpy(ivname, "1M", 3);
	*iv = interval_find(ivname);
	return *iv && candle_symbol_ok(sym);
}

/* The series of each file, from --symbol/--interval or its name; a file
 * that says neither is a usage error, before anything is read. */
static void series_of(struct fetch *f, const char *path, struct candle *c)
{
	char sym[CANDLE_NAME_MAX];
	const struct interval *iv = NULL;
	int named = strcmp(path, "-") && name_series(path, sym, &iv);

	memset(c, 0, sizeof *c);
	snprintf(c->exchange, sizeof c->exchange, "%s", "binance");
	snprintf(c->market, sizeof c->market, "%s", f->market);
	if (!strcmp(path, "-") && (!f->symbol || !f->have_interval))
		usage_error("-: standard input has no name to say the symbol and interval; "
			    "give --symbol and --interval");
	if (!f->symbol && !named)
		usage_error("%s: the name does not say the symbol (SYMBOL-INTERVAL-DATE.zip); "
			    "give --symbol", path);
	if (!f->have_interval && !named)
		usage_error("%s: the name does not say the interval; give --interval", path);
	snprintf(c->symbol, sizeof c->symbol, "%s", f->symbol ? f->symbol : sym);
	c->interval = f->have_interval ? f->interval : iv;
	c->closed = 1;
}

int cmd_import(struct fetch *f)
{
	struct run r = { .f = f };
	struct candle *series = xcalloc((size_t)f->nfiles, sizeof *series);
	char *buf = xmalloc(BLOCK);
	int failed = 0;

	for (int i = 0; i < f->nfiles; i++) {
		series_of(f, f->files[i], &series[i]);
		for (int k = 0; k < i; k++)
			if (!strcmp(f->files[i], "-") && !strcmp(f->files[k], "-"))
				usage_error("-: standard input can be read once only");
	}
	for (int i = 0; i < f->nfiles && !r.dberr; i++) {
		struct imp im = { .f = f, .path = f->files[i], .c = series[i], .prev = INT64_MIN };
		int archive = has_suffix(im.path, ".zip");

		im.name = strcmp(im.path, "-") ? im.path : "<stdin>";

		if (verify(&im, buf, archive) < 0) {
			failed++;
			continue;
		}
		if (archive)
			read_zip(&r, &im);
		else
			read_csv(&r, &im, buf);
		store_flush(&r);
		if (im.failed)
			failed++;
		else if (!im.started)
			warn("%s: no rows", im.name);
	}
	if (f->have_store)
		note("%ld candle%s stored in %s (not marked as a complete range)%s", r.stored,
		     r.stored == 1 ? "" : "s", f->db_path,
		     isatty(STDOUT_FILENO) ? "" :
		     "; none written to standard output (--no-db writes them there)");
	if (r.out.len)
		out_write(r.out.p, r.out.len);
	buf_release(&r.out);
	free(buf);
	free(series);
	if (failed)
		error("%d of %d file%s could not be read", failed, f->nfiles,
		      f->nfiles == 1 ? "" : "s");
	return failed || r.dberr ? CB_EXIT_FATAL : msg_exit_status();
}
