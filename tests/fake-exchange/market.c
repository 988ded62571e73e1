#include "market.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "cbtime.h"
#include "msg.h"
#include "strmap.h"
#include "xalloc.h"

#define MINUTES 240                       /* one-minute points of a 4h candle */
#define SYNTH_START 1735689600000LL       /* 2025-01-01T00:00:00Z */
#define PERPETUAL_DELIVERY 4133404800000LL /* 2100-12-25, as Binance sends */

/* Salts for the independent random draws of the model. */
enum { S_WIG = 1, S_HI, S_LO, S_VOL, S_SPIKE, S_SPIKE_SIZE, S_TAKER, S_WALK,
       S_WEIGHT, S_HI_MIN, S_LO_MIN, S_NOISE = 100, S_OI = 200 };

/* A base 4h candle with its derived totals. */
struct base {
	double o, h, l, c, v;
	double q;   /* quote volume */
	double n;   /* trades */
	double r;   /* taker buy share of the volume */
};

/* The minute path of one base candle: prices p, cumulative volume share w
 * and cumulative quote share q at the 241 minute boundaries; the minutes
 * that reach the high and the low. */
struct path {
	const struct symbol *s;
	int64_t t;
	double p[MINUTES + 1], w[MINUTES + 1], q[MINUTES + 1];
	int ih, il;
};

static struct path cache;   /* the last path made; paths are reused a lot */

static uint64_t mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/* A uniform draw in [0, 1) determined by seed, a and salt. */
static double unit(uint64_t seed, int64_t a, uint64_t salt)
{
	return (double)(mix(seed ^ mix((uint64_t)a ^ mix(salt))) >> 11) * 0x1.0p-53;
}

static uint64_t name_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static int64_t floordiv(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static int64_t floor4h(int64_t t) { return floordiv(t, H4_MS) * H4_MS; }

/* Smooth value noise in [-1, 1] of octave k at position x. */
static double vnoise(uint64_t seed, int k, double x)
{
	double i = floor(x), f = x - i, s = f * f * (3 - 2 * f);
	double h0 = 2 * unit(seed, (int64_t)i, S_NOISE + (uint64_t)k) - 1;
	double h1 = 2 * unit(seed, (int64_t)i + 1, S_NOISE + (uint64_t)k) - 1;

	return h0 + (h1 - h0) * s;
}

/* The log-price wander of the model at time t: octaves of 1 to 256 days. */
static double lognoise(uint64_t seed, int64_t t)
{
	static const double amp[] = { 0.015, 0.04, 0.09, 0.18, 0.35 };
	double x = (double)t / MS_PER_DAY, sum = 0, period = 1;

	for (int k = 0; k < 5; k++, period *= 4)
		sum += amp[k] * vnoise(seed, k, x / period);
	return sum;
}

static double model_price(const struct symbol *s, int64_t t)
{
	return s->p0 * exp(lognoise(s->seed, t) - s->lanchor);
}

/* The model's 4h candle opening at t. */
static void model_candle(const struct symbol *s, int64_t t, struct base *b)
{
	int64_t i = t / H4_MS;
	double wig = 0.002 + 0.01 * unit(s->seed, i, S_WIG);

	b->o = model_price(s, t);
	b->c = model_price(s, t + H4_MS);
	b->h = fmax(b->o, b->c) * (1 + wig * (0.3 + unit(s->seed, i, S_HI)));
	b->l = fmin(b->o, b->c) * (1 - wig * (0.3 + unit(s->seed, i, S_LO)));
	b->v = s->v0 * (0.4 + 1.2 * unit(s->seed, i, S_VOL)) * (1 + 25 * fabs(b->c / b->o - 1));
	if (unit(s->seed, i, S_SPIKE) < 0.01)
		b->v *= 3 + 12 * unit(s->seed, i, S_SPIKE_SIZE);
}

static int find_row(const struct symbol *s, int64_t t, size_t *at)
{
	size_t lo = 0, hi = s->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->t[mid] < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	*at = lo;
	return lo < s->n && s->t[lo] == t;
}

/* The base candle opening at t (4h-aligned). Returns 0 if there is none. */
static int base4h(const struct symbol *s, int64_t t, struct base *b)
{
	size_t i;

	if (t < s->start || t >= s->end)
		return 0;
	if (s->n && t <= s->t[s->n - 1]) {
		if (!find_row(s, t, &i))
			return 0;
		b->o = s->row[i][0];
		b->h = s->row[i][1];
		b->l = s->row[i][2];
		b->c = s->row[i][3];
		b->v = s->row[i][4];
	} else {
		model_candle(s, t, b);
	}
	b->h = fmax(b->h, fmax(b->o, b->c));
	b->l = fmin(b->l, fmin(b->o, b->c));
	b->v = fmax(b->v, 0);
	b->q = b->v * (b->o + b->h + b->l + b->c) / 4;
	b->n = b->v > 0 ? floor(b->q / s->trade_size) + 1 : 0;
	b->r = 0.45 + 0.1 * unit(s->seed, t / H4_MS, S_TAKER);
	return 1;
}

/* The minute path of the base candle b opening at t: a random bridge from
 * open to close kept inside [low, high]. */
static const struct path *make_path(const struct symbol *s, int64_t t, const struct base *b)
{
	struct path *pa = &cache;
	double walk[MINUTES + 1], amp, maxabs = 0, wsum = 0, qsum = 0;
	int64_t i = t / H4_MS;

	if (pa->s == s && pa->t == t)
		return pa;
	walk[0] = 0;
	for (int j = 1; j <= MINUTES; j++)
		walk[j] = walk[j - 1] + unit(s->seed, i * MINUTES + j, S_WALK) - 0.5;
	for (int j = 0; j <= MINUTES; j++) {
		walk[j] -= walk[MINUTES] * j / MINUTES;
		maxabs = fmax(maxabs, fabs(walk[j]));
	}
	amp = maxabs > 0 ? 0.3 * (b->h - b->l) / maxabs : 0;
	for (int j = 0; j <= MINUTES; j++)
		pa->p[j] = fmin(b->h, fmax(b->l, b->o + (b->c - b->o) * j / MINUTES + amp * walk[j]));
	pa->p[0] = b->o;
	pa->p[MINUTES] = b->c;
	pa->w[0] = pa->q[0] = 0;
	for (int j = 0; j < MINUTES; j++) {
		double wj = 0.3 + unit(s->seed, i * MINUTES + j, S_WEIGHT);

		wsum += wj;
		qsum += wj * (pa->p[j] + pa->p[j + 1]) / 2;
		pa->w[j + 1] = wsum;
		pa->q[j + 1] = qsum;
	}
	for (int j = 1; j < MINUTES; j++) {
		pa->w[j] /= wsum;
		pa->q[j] = qsum > 0 ? pa->q[j] / qsum : pa->w[j];
	}
	pa->w[MINUTES] = pa->q[MINUTES] = 1;
	pa->ih = (int)(unit(s->seed, i, S_HI_MIN) * MINUTES);
	pa->il = (int)(unit(s->seed, i, S_LO_MIN) * MINUTES);
	pa->s = s;
	pa->t = t;
	return pa;
}

/* arr at fractional minute x in [0, 240], interpolated. */
static double interp(const double *arr, double x)
{
	int j = (int)x;

	if (j >= MINUTES)
		return arr[MINUTES];
	return arr[j] + (arr[j + 1] - arr[j]) * (x - j);
}

/* The part of total between cumulative shares w0 and w1, in whole units of
 * 1/scale taken from the running total, so that the parts of a candle add
 * up to exactly its whole once written with as many decimals. */
static double share(double total, double scale, double w0, double w1)
{
	if (total * scale > 0x1p52)
		return total * (w1 - w0);
	return (nearbyint(total * scale * w1) - nearbyint(total * scale * w0)) / scale;
}

/* The part [x0, x1] (minutes) of the base candle b opening at t. */
static void piece(const struct symbol *s, int64_t t, const struct base *b, double x0,
		  double x1, struct ohlcv *out)
{
	double vs = pow(10, s->vd), qs = pow(10, s->qd), w0 = 0, w1 = 1, q0 = 0, q1 = 1;

	if (x0 <= 0 && x1 >= MINUTES) {
		out->open = b->o;
		out->high = b->h;
		out->low = b->l;
		out->close = b->c;
	} else {
		const struct path *pa = make_path(s, t, b);

		out->open = interp(pa->p, x0);
		out->close = interp(pa->p, x1);
		out->high = fmax(out->open, out->close);
		out->low = fmin(out->open, out->close);
		for (int j = (int)floor(x0) + 1; j < x1 && j <= MINUTES; j++) {
			out->high = fmax(out->high, pa->p[j]);
			out->low = fmin(out->low, pa->p[j]);
		}
		if (pa->ih >= x0 && pa->ih + 1 <= x1)
			out->high = b->h;
		if (pa->il >= x0 && pa->il + 1 <= x1)
			out->low = b->l;
		w0 = interp(pa->w, x0);
		w1 = interp(pa->w, x1);
		q0 = interp(pa->q, x0);
		q1 = interp(pa->q, x1);
	}
	out->volume = share(b->v, vs, w0, w1);
	out->trades = share(b->n, 1, w0, w1);
	out->quote = share(b->q, qs, q0, q1);
	out->taker_base = share(b->r * b->v, vs, w0, w1);
	out->taker_quote = share(b->r * b->q, qs, q0, q1);
}

int sym_price_at(const struct symbol *s, int64_t t, double *price)
{
	int64_t k = floor4h(t);
	struct base b;

	if (!base4h(s, k, &b))
		return 0;
	*price = t == k ? b.o : interp(make_path(s, k, &b)->p, (double)(t - k) / MS_PER_MIN);
	return 1;
}

int sym_range(const struct symbol *s, int64_t t0, int64_t t1, struct ohlcv *out)
{
	struct ohlcv p;
	struct base b;
	int any = 0;

	if (t1 < t0)
		return 0;
	if (t0 == t1) {
		double price;

		if (!sym_price_at(s, t0, &price))
			return 0;
		*out = (struct ohlcv){ price, price, price, price, 0, 0, 0, 0, 0 };
		return 1;
	}
	for (int64_t k = floor4h(t0 < s->start ? s->start : t0); k < t1 && k < s->end; k += H4_MS) {
		int64_t a = k > t0 ? k : t0, e = k + H4_MS < t1 ? k + H4_MS : t1;

		if (!base4h(s, k, &b))
			continue;
		piece(s, k, &b, (double)(a - k) / MS_PER_MIN, (double)(e - k) / MS_PER_MIN, &p);
		if (!any) {
			*out = p;
			any = 1;
			continue;
		}
		out->close = p.close;
		out->high = fmax(out->high, p.high);
		out->low = fmin(out->low, p.low);
		out->volume += p.volume;
		out->quote += p.quote;
		out->trades += p.trades;
		out->taker_base += p.taker_base;
		out->taker_quote += p.taker_quote;
	}
	return any;
}

double sym_open_interest(const struct symbol *s, int64_t t)
{
	double x = (double)t / MS_PER_DAY;

	return s->oi0 * (1 + 0.25 * vnoise(s->seed, S_OI, x / 3) + 0.08 * vnoise(s->seed, S_OI + 1, x * 4));
}

int64_t iv_floor(const struct interval *iv, int64_t t)
{
	int64_t offset, y;
	unsigned m, d;

	if (iv->months) {
		civil_from_days(floordiv(t, MS_PER_DAY), &y, &m, &d);
		return days_from_civil(y, m, 1) * MS_PER_DAY;
	}
	offset = iv->ms == 7 * MS_PER_DAY ? 4 * MS_PER_DAY : 0;  /* 1970-01-05 was a Monday */
	return floordiv(t - offset, iv->ms) * iv->ms + offset;
}

int64_t iv_next(const struct interval *iv, int64_t open)
{
	return iv->months ? interval_close_time(iv, open) + 1 : open + iv->ms;
}

int64_t iv_prev(const struct interval *iv, int64_t open)
{
	return iv->months ? iv_floor(iv, open - 1) : open - iv->ms;
}

void market_init(struct market *m, uint64_t seed)
{
	memset(m, 0, sizeof *m);
	m->seed = seed;
}

/* Append a zeroed symbol named name and return it. */
static struct symbol *add_symbol(struct market *m, const char *name)
{
	struct symbol *s;
	size_t len = strlen(name);

	if (m->n == m->cap) {
		m->cap = m->cap ? 2 * m->cap : 64;
		m->sym = xreallocarray(m->sym, m->cap, sizeof *m->sym);
	}
	s = &m->sym[m->n++];
	memset(s, 0, sizeof *s);
	memcpy(s->name, name, len + 1);
	memcpy(s->pair, name, len + 1);
	s->contract = "PERPETUAL";
	s->status = "TRADING";
	s->delivery = PERPETUAL_DELIVERY;
	s->end = NO_END;
	s->seed = mix(m->seed ^ name_hash(name));
	s->trade_size = 200 + 1800 * unit(s->seed, 0, 7);
	snprintf(s->quote, sizeof s->quote, "USDT");
	len -= len > 4 && (!strcmp(name + len - 4, "USDT") || !strcmp(name + len - 4, "BUSD") ||
			   !strcmp(name + len - 4, "USDC")) ? 4 : 0;
	if (len < strlen(name))
		memcpy(s->quote, name + len, 5);
	memcpy(s->base, name, len);
	s->base[len] = '\0';
	return s;
}

/* Start the model of s at time anchor with price p0 and 4h volume v0. */
static void set_model(struct symbol *s, int64_t anchor, double p0, double v0)
{
	s->anchor = anchor;
	s->p0 = p0 > 0 ? p0 : 1;
	s->v0 = v0 > 0 ? v0 : 1;
	s->lanchor = lognoise(s->seed, anchor);
	s->oi0 = s->v0 * 6 * (0.5 + unit(s->seed, 0, 8));
}

/* Decimals of a price p as Binance would list it: about 5 significant digits. */
static int price_decimals(double p)
{
	int d = 4 - (int)floor(log10(p));

	return d < 1 ? 1 : d > 8 ? 8 : d;
}

static int qty_decimals(double p)
{
	int d = (int)floor(log10(p));

	return d < 0 ? 0 : d > 3 ? 3 : d;
}

/* The fewest decimals (at most 8) that write v, ignoring float-sum
 * artefacts such as 2466.4849999999997 or 102560689.80000001. */
static int decimals(double v)
{
	double scaled = v;

	for (int d = 0; d < 8; d++, scaled = v * pow(10, d))
		if (fabs(scaled - nearbyint(scaled)) < 1e-6 + fabs(scaled) * 1e-13)
			return d;
	return 8;
}

/* Parse one CSV row "t,o,h,l,c,v" into s (growing its arrays). */
static int parse_row(struct symbol *s, size_t *cap, char *line)
{
	char *p = line, *end;
	long long t;
	int d;

	errno = 0;
	t = strtoll(p, &end, 10);
	if (end == p || *end != ',' || errno)
		return -1;
	if (s->n == *cap) {
		*cap = *cap ? 2 * *cap : 1024;
		s->t = xreallocarray(s->t, *cap, sizeof *s->t);
		s->row = xreallocarray(s->row, *cap, sizeof *s->row);
	}
	for (int k = 0; k < 5; k++) {
		p = end + 1;
		s->row[s->n][k] = strtod(p, &end);
		if (end == p || *end != (k == 4 ? '\0' : ',') || !isfinite(s->row[s->n][k]) ||
		    s->row[s->n][k] < 0)
			return -1;
		d = decimals(s->row[s->n][k]);
		if (d > (k < 4 ? s->pd : s->vd))
			*(k < 4 ? &s->pd : &s->vd) = d;
	}
	if (t % H4_MS || (s->n && t <= s->t[s->n - 1]))
		return -1;
	s->t[s->n++] = t;
	return 0;
}

/* Read path into a new symbol named name. */
static void load_csv(struct market *m, const char *path, const char *name)
{
	FILE *f = fopen(path, "r");
	struct symbol *s;
	char *line = NULL;
	size_t lcap = 0, cap = 0, k, from;
	long no = 0;
	ssize_t len;
	double vsum = 0;

	if (!f)
		die("cannot open '%s':", path);
	s = add_symbol(m, name);
	for (;;) {
		len = getline(&line, &lcap, f);
		if (len == -1)
			break;
		no++;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (no == 1) {
			if (strcmp(line, "open_time,open,high,low,close,volume"))
				die("%s:1: expected the header 'open_time,open,high,low,close,volume'", path);
			continue;
		}
		if (len && parse_row(s, &cap, line))
			die("%s:%ld: malformed or out-of-order row", path, no);
	}
	if (ferror(f))
		die("cannot read '%s':", path);
	fclose(f);
	free(line);
	if (!s->n)
		die("%s: no candles", path);
	s->start = s->t[0];
	from = s->n > 42 ? s->n - 42 : 0;  /* the model continues at the last week's volume */
	for (k = from; k < s->n; k++)
		vsum += s->row[k][4];
	set_model(s, s->t[s->n - 1] + H4_MS, s->row[s->n - 1][3], vsum / (double)(s->n - from));
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* 1 if s is a usable symbol name: 1-31 bytes of [A-Z0-9_]. */
static int name_ok(const char *s, size_t n)
{
	if (n == 0 || n >= SYM_MAX)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isupper((unsigned char)s[i]) && !isdigit((unsigned char)s[i]) && s[i] != '_')
			return 0;
	return 1;
}

void market_load_dir(struct market *m, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0;

	if (!d)
		die("cannot open directory '%s':", dir);
	for (;;) {
		size_t len;

		e = readdir(d);
		if (!e)
			break;
		len = strlen(e->d_name);
		if (len <= 7 || strcmp(e->d_name + len - 7, "-4h.csv") || !name_ok(e->d_name, len - 7))
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			names = xreallocarray(names, cap, sizeof *names);
		}
		names[n] = xstrdup(e->d_name);
		names[n++][len - 7] = '\0';
	}
	closedir(d);
	qsort(names, n, sizeof *names, cmp_str);
	for (size_t i = 0; i < n; i++) {
		size_t plen = strlen(dir) + strlen(names[i]) + 16;
		char *path = xmalloc(plen);

		snprintf(path, plen, "%s/%s-4h.csv", dir, names[i]);
		load_csv(m, path, names[i]);
		free(path);
		free(names[i]);
	}
	free(names);
}

void market_add_synthetic(struct market *m, int n)
{
	char name[SYM_MAX];

	for (int i = 0; i < n; i++) {
		struct symbol *s;
		double p0;

		snprintf(name, sizeof name, "S%04dUSDT", i);
		s = add_symbol(m, name);
		p0 = pow(10, -3 + 6 * unit(s->seed, 0, 1));
		s->pd = price_decimals(p0);
		s->vd = qty_decimals(p0);
		s->start = SYNTH_START;
		set_model(s, SYNTH_START, p0, pow(10, 5 + 2.5 * unit(s->seed, 0, 2)) / p0 / 6);
	}
}

/* Add a synthetic special contract, unless the name is taken. */
static struct symbol *add_special(struct market *m, const char *name, double p0, int64_t start)
{
	struct symbol *s;

	for (size_t i = 0; i < m->n; i++)
		if (!strcmp(m->sym[i].name, name)) {
			warn("'%s' is in the data: not adding the special contract", name);
			return NULL;
		}
	s = add_symbol(m, name);
	s->pd = price_decimals(p0);
	s->vd = qty_decimals(p0);
	s->start = start;
	set_model(s, start, p0, 1e6 / p0);
	return s;
}

void market_add_specials(struct market *m)
{
	struct symbol *s;

	s = add_special(m, "BTCUSDT_260626", 90000, days_from_civil(2025, 12, 26) * MS_PER_DAY + 8 * MS_PER_HOUR);
	if (s) {
		snprintf(s->pair, sizeof s->pair, "BTCUSDT");
		snprintf(s->base, sizeof s->base, "BTC");
		s->contract = "CURRENT_QUARTER";
		s->delivery = s->end = days_from_civil(2026, 6, 26) * MS_PER_DAY + 8 * MS_PER_HOUR;
	}
	add_special(m, "ETHBUSD", 3000, SYNTH_START);
	s = add_special(m, "OLDUSDT", 0.05, SYNTH_START);
	if (s) {
		s->status = "SETTLING";
		s->delivery = s->end = days_from_civil(2025, 6, 1) * MS_PER_DAY;
	}
}

/* The spot name of a futures name: without a 1000... or 1M multiplier.
 * dst has room for SYM_MAX bytes. */
static void spot_name(const char *fut, char *dst)
{
	const char *p = fut;

	if (p[0] == '1' && p[1] == 'M' && isupper((unsigned char)p[2])) {
		p += 2;
	} else if (p[0] == '1' && p[1] == '0') {
		while (*++p == '0')
			;
		if (!isupper((unsigned char)*p) || p - fut < 4)
			p = fut;
	}
	snprintf(dst, SYM_MAX, "%s", p);
}

/* 1 if name is an item of the comma-separated list. */
static int in_list(const char *list, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = list; p && *p;) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);

		if (len == n && !memcmp(p, name, n))
			return 1;
		p = e ? e + 1 : NULL;
	}
	return 0;
}

void market_finish(struct market *m, const char *nospot)
{
	for (size_t i = 0; i < m->n; i++)
		m->sym[i].qd = m->sym[i].pd + m->sym[i].vd > 8 ? 8 : m->sym[i].pd + m->sym[i].vd;
	m->fut = strmap_new(sizeof(size_t));
	m->spot = strmap_new(sizeof(size_t));
	for (size_t i = 0; i < m->n; i++)
		*(size_t *)strmap_get(m->fut, m->sym[i].name, strlen(m->sym[i].name), NULL) = i + 1;
	/* Two passes, so that PEPEUSDT keeps its name if 1000PEPEUSDT exists too. */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < m->n; i++) {
			struct symbol *s = &m->sym[i];
			char name[SYM_MAX];
			int created;
			size_t *slot;

			if (strcmp(s->contract, "PERPETUAL") || strcmp(s->quote, "USDT") || strcmp(s->status, "TRADING") ||
			    s->spot[0])
				continue;
			spot_name(s->name, name);
			if ((strcmp(name, s->name) != 0) != pass || in_list(nospot, s->name) ||
			    in_list(nospot, name))
				continue;
			slot = strmap_get(m->spot, name, strlen(name), &created);
			if (!created)
				continue;
			*slot = i + 1;
			snprintf(s->spot, sizeof s->spot, "%s", name);
		}
}

const struct symbol *market_find(const struct market *m, const char *name, int spot)
{
	const size_t *i = strmap_find(spot ? m->spot : m->fut, name, strlen(name));

	return i ? &m->sym[*i - 1] : NULL;
}

void market_release(struct market *m)
{
	for (size_t i = 0; i < m->n; i++) {
		free(m->sym[i].t);
		free(m->sym[i].row);
	}
	free(m->sym);
	strmap_free(m->fut);
	strmap_free(m->spot);
	memset(m, 0, sizeof *m);
	cache.s = NULL;
}
