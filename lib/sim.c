/* sim: the simulated market (the model is described in sim.h). */
#include "sim.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cbtime.h"
#include "oi.h"
#include "symbolinfo.h"
#include "xalloc.h"

#define PHI 0.85            /* persistence of the daily volatility shocks */
#define KAPPA 0.003         /* daily pull of log price back to log p0 */
#define PUMP_EVERY 10       /* days between a symbol's pump slots */
#define PUMP_PROB 0.4       /* share of slots that hold a pump */
#define DUMP_VOLUME 0.6     /* dump volume / run-up volume */
#define VOL_SIGMA 0.3       /* log-normal noise of volume */
#define TAIL_PROB 0.01      /* share of candles in the Pareto tail */
#define PRICE_DIGITS 6
#define VOLUME_DIGITS 8
#define QUOTE_DIGITS 10
#define WALK_BATCH 8        /* days whose volatility sums are made together */

/* Tags that keep the hashes of one key apart. */
enum { TAG_P0 = 1, TAG_SIGMA, TAG_LEVEL, TAG_TRADE, TAG_Z, TAG_R, TAG_PUMP,
       TAG_WALK, TAG_HIGH, TAG_LOW, TAG_VOL, TAG_TAIL, TAG_TAKER, TAG_TRADES, TAG_OI,
       TAG_FUNDING };

struct sim {
	uint64_t key;               /* seed and symbol */
	uint64_t ikey;              /* key and interval */
	const struct interval *iv;
	char symbol[CANDLE_NAME_MAX];
	double logp0, sigma0, level, trade_size;
	int phase;                  /* pump slots: days with (day + phase) % 10 == 0 */
	double weight[SIM_REGIME_DAYS];
	/* The walk of days: logp at the start of `day`, and sigma and ret of
	 * `day`; the shocks of the last R days in z[0 .. R), z[R - 1] today's,
	 * and room after them for the next WALK_BATCH days'. */
	int64_t day;
	double logp;
	double z[SIM_REGIME_DAYS + WALK_BATCH];
	/* The day whose path is built (pday), split into n parts. */
	int64_t pday;
	int n;
	int64_t part_ms;
	double level_n;             /* level / n */
	double sigma, ret, sc;      /* sigma and ret of `day` (also pday's once built) */
	double vscale;              /* sqrt(sigma / sigma0) of pday */
	double *x;                  /* n + 1 log prices at the parts' edges, no pumps */
	double *cyc;                /* n daily-cycle factors of the parts, 0 until known */
	struct sim_pump pump[2];    /* pumps of pday - 1 and pday that reach it */
	double pump_g[2];           /* their log1p(gain) */
	int npump;
	double exp_arg, exp_val;    /* the last exp of a log price: a candle's close is */
	int exp_known;              /* the next one's open */
	double rnd_arg, rnd_val;    /* the last price rounded (the close, likewise) */
	struct sim_decimal rnd_dec;
	int rnd_known;
};

/* One part of a day (or the part before now of it). */
struct part {
	double o, h, l, c, vol, qv, tb, tbq;
	int64_t trades;
	struct sim_decimals dec;  /* of o .. tbq */
};

static const double p10[] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
};

/* The doubles nearest 10^-22 .. 10^22: p10_all[P10_ZERO + j] is 10^j. */
#define P10_ZERO 22
static const double p10_all[] = {
	1e-22, 1e-21, 1e-20, 1e-19, 1e-18, 1e-17, 1e-16, 1e-15, 1e-14, 1e-13, 1e-12,
	1e-11, 1e-10, 1e-9, 1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1,
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
};

static uint64_t mix(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* The hash of (key, t, tag): splitmix64 seeded from all three. */
static uint64_t hash3(uint64_t key, int64_t t, unsigned tag)
{
	return mix(key + mix((uint64_t)t + (uint64_t)tag * 0x9e3779b97f4a7c15ULL));
}

/* Uniform in [0, 1). */
static double unit(uint64_t h)
{
	return (double)(h >> 11) * (1.0 / 9007199254740992.0);
}

/* Standard normal from one hash (Box-Muller on its two halves). */
static double normal(uint64_t h)
{
	double u = ((double)(h >> 32) + 0.5) * (1.0 / 4294967296.0);
	double v = (double)(h & 0xffffffffu) * (1.0 / 4294967296.0);

	return sqrt(-2.0 * log(u)) * cos(6.283185307179586 * v);
}

/* Exponential with mean 1. */
static double expo(uint64_t h)
{
	return -log(1.0 - unit(h));
}

/* floor(log10(x)) for x > 0, as libm's log10 gives it: from the table
 * when x is clearly inside a decade, where log10 cannot round across the
 * integer (it is off by a few units in the last place at most, and
 * x within 2^-30 of a power of ten is left to it). */
static int floor_log10(double x)
{
	uint64_t bits;
	int j, e2;

	if (!(x >= 1e-21 && x < 1e21))
		return (int)floor(log10(x));
	memcpy(&bits, &x, sizeof bits);
	e2 = (int)(bits >> 52) - 1023;  /* 2^e2 <= x < 2^(e2 + 1) */
	/* floor(e2 * log10(2)) (78913 / 2^18 is close enough for |e2| < 80),
	 * the decade of 2^e2; x is in that one or the next. */
	j = e2 >= 0 ? (e2 * 78913) >> 18 : -((-e2 * 78913 + (1 << 18) - 1) >> 18);
	j += x >= p10_all[P10_ZERO + j + 1];
	if ((x - p10_all[P10_ZERO + j]) * 0x1p30 < x || (p10_all[P10_ZERO + j + 1] - x) * 0x1p30 < x)
		return (int)floor(log10(x));
	return j;
}

/* round(y) for y >= 0: below 2^52 the truncation t and the fraction y - t
 * are exact, so halfway cases go up as round's do. */
static double round_pos(double y)
{
	double t;

	if (!(y < 0x1p52))
		return round(y);
	t = (double)(int64_t)y;
	return t + (double)(y - t >= 0.5);
}

/* x > 0 rounded to `digits` significant digits (monotone in x), and in
 * *dec the decimal it is the double nearest to (none if x is left as it
 * is, beyond 10^+-22). */
static double round_sig(double x, int digits, struct sim_decimal *dec)
{
	int e = floor_log10(x) - (digits - 1);
	double m;

	if (e < -22 || e > 22) {
		dec->d = SIM_NO_DECIMAL;
		return x;
	}
	m = e < 0 ? round_pos(x * p10[-e]) : round_pos(x / p10[e]);
	dec->m = (int64_t)m;
	dec->d = -e;
	return e < 0 ? m / p10[-e] : m * p10[e];
}

int64_t sim_first_open(const struct interval *iv)
{
	int64_t t = interval_open_time(iv, SIM_EPOCH_MS);

	return t < SIM_EPOCH_MS ? interval_close_time(iv, t) + 1 : t;
}

/* The daily shock z of day d. */
static double shock(const struct sim *s, int64_t d)
{
	return normal(hash3(s->key, d, TAG_Z));
}

/* sigma and ret of s->day, from sum, the weighted shocks of its last R days. */
static void walk_today(struct sim *s, double sum)
{
	double sigma = s->sigma0 * exp(0.5 * sum);

	if (sigma > 5 * s->sigma0)
		sigma = 5 * s->sigma0;
	s->sigma = sigma;
	s->ret = sigma * normal(hash3(s->key, s->day, TAG_R)) - KAPPA * (s->logp - s->logp0);
}

/* Back to the first day of the market. */
static void walk_reset(struct sim *s)
{
	double sum = 0;

	s->day = SIM_EPOCH_MS / MS_PER_DAY;
	s->logp = s->logp0;
	for (int k = 0; k < SIM_REGIME_DAYS; k++)
		s->z[SIM_REGIME_DAYS - 1 - k] = shock(s, s->day - k);
	for (int k = 0; k < SIM_REGIME_DAYS; k++)
		sum += s->weight[k] * s->z[SIM_REGIME_DAYS - 1 - k];
	walk_today(s, sum);
}

/* Walk to day d (restarting from the epoch to go back); sets sigma, ret.
 * Days go in batches: each day's sum of weighted shocks is added in the
 * same order as one at a time, but the sums of a batch's days advance
 * together, so that their additions overlap instead of waiting on each
 * other. */
static void walk_to(struct sim *s, int64_t d)
{
	if (d < s->day)
		walk_reset(s);
	while (s->day < d) {
		int nb = d - s->day < WALK_BATCH ? (int)(d - s->day) : WALK_BATCH;
		double sum[WALK_BATCH] = { 0 };

		for (int j = 0; j < nb; j++)
			s->z[SIM_REGIME_DAYS + j] = shock(s, s->day + 1 + j);
		for (int k = 0; k < SIM_REGIME_DAYS; k++)
			for (int j = 0; j < nb; j++)
				sum[j] += s->weight[k] * s->z[SIM_REGIME_DAYS + j - k];
		for (int j = 0; j < nb; j++) {
			s->logp += s->ret;
			s->day++;
			walk_today(s, sum[j]);
		}
		memmove(s->z, s->z + nb, SIM_REGIME_DAYS * sizeof *s->z);
	}
}

struct sim *sim_new(uint64_t seed, const char *symbol, const struct interval *iv)
{
	struct sim *s = xcalloc(1, sizeof *s);
	uint64_t h = 0xcbf29ce484222325ULL;  /* FNV-1a of the symbol */
	double norm;

	for (const char *p = symbol; *p; p++)
		h = (h ^ (unsigned char)*p) * 0x100000001b3ULL;
	s->key = mix(mix(seed) ^ h);
	s->ikey = s->key;
	for (const char *p = iv->name; *p; p++)
		s->ikey = mix(s->ikey ^ (unsigned char)*p);
	s->iv = iv;
	snprintf(s->symbol, sizeof s->symbol, "%s", symbol);
	s->logp0 = log(1e-4) + unit(hash3(s->key, 0, TAG_P0)) * log(5e8);
	s->sigma0 = 0.025 + 0.045 * unit(hash3(s->key, 0, TAG_SIGMA));
	s->level = 2e6 * exp(unit(hash3(s->key, 0, TAG_LEVEL)) * log(1000.0));
	s->trade_size = 200 + 4800 * unit(hash3(s->key, 0, TAG_TRADE));
	s->phase = (int)(s->key % PUMP_EVERY);
	norm = sqrt((1 - PHI * PHI) / (1 - pow(PHI, 2 * SIM_REGIME_DAYS)));
	for (int k = 0; k < SIM_REGIME_DAYS; k++)
		s->weight[k] = norm * pow(PHI, k);
	s->n = iv->months || iv->ms >= MS_PER_DAY ? 1 : (int)(MS_PER_DAY / iv->ms);
	s->part_ms = MS_PER_DAY / s->n;
	s->level_n = s->level / s->n;
	s->x = xcalloc((size_t)s->n + 1, sizeof *s->x);
	s->cyc = xcalloc((size_t)s->n, sizeof *s->cyc);
	s->pday = INT64_MIN;
	walk_reset(s);
	return s;
}

void sim_free(struct sim *s)
{
	if (!s)
		return;
	free(s->x);
	free(s->cyc);
	free(s);
}

int sim_pump_of_day(const struct sim *s, int64_t day, struct sim_pump *p)
{
	uint64_t h, h2;

	if (day < SIM_EPOCH_MS / MS_PER_DAY || (day + s->phase) % PUMP_EVERY)
		return 0;
	h = hash3(s->key, day, TAG_PUMP);
	if (unit(h) >= PUMP_PROB)
		return 0;
	h2 = mix(h ^ 1);
	p->start = day * MS_PER_DAY + (int64_t)(h2 % 6) * 4 * MS_PER_HOUR;
	p->peak = p->start + (int64_t)(1 + (h2 >> 8) % 3) * 4 * MS_PER_HOUR;
	p->end = p->peak + (int64_t)(1 + (h2 >> 16) % 2) * 4 * MS_PER_HOUR;
	p->volume_multiple = round((6 + 9 * unit(mix(h2 ^ 2))) * 100) / 100;
	double u = unit(mix(h2 ^ 3));
	p->gain = round((0.15 + 0.65 * u * u) * 1000) / 1000;
	return 1;
}

/* Build the path of day d: the walk of its parts bent into a bridge from
 * the day's open to its close, and the pumps that reach into it. */
static void build_day(struct sim *s, int64_t d)
{
	int64_t t0 = d * MS_PER_DAY;
	double wn;

	walk_to(s, d);
	s->sc = s->sigma / sqrt((double)s->n);
	s->vscale = sqrt(s->sigma / s->sigma0);
	s->x[0] = 0;
	for (int i = 0; i < s->n; i++)
		s->x[i + 1] = s->x[i] + s->sc * normal(hash3(s->ikey, t0 + i * s->part_ms, TAG_WALK));
	wn = s->x[s->n];
	for (int i = 0; i < s->n; i++)
		s->x[i] = s->logp + s->x[i] - (double)i / s->n * (wn - s->ret);
	s->x[s->n] = s->logp + s->ret;
	s->npump = 0;
	for (int64_t dd = d - 1; dd <= d; dd++)
		if (sim_pump_of_day(s, dd, &s->pump[s->npump]) && s->pump[s->npump].end > t0) {
			s->pump_g[s->npump] = log1p(s->pump[s->npump].gain);
			s->npump++;
		}
	s->pday = d;
}

/* The pumps' addition to log price at t. */
static double bump(const struct sim *s, int64_t t)
{
	double b = 0;

	for (int k = 0; k < s->npump; k++) {
		const struct sim_pump *p = &s->pump[k];
		double g = s->pump_g[k];

		if (t > p->start && t <= p->peak)
			b += g * (double)(t - p->start) / (double)(p->peak - p->start);
		else if (t > p->peak && t < p->end)
			b += g * (double)(p->end - t) / (double)(p->end - p->peak);
	}
	return b;
}

static double overlap(int64_t a, int64_t b, int64_t c, int64_t d)
{
	int64_t lo = a > c ? a : c, hi = b < d ? b : d;

	return hi > lo ? (double)(hi - lo) : 0.0;
}

/* exp(x) of a log price, remembering the last one: the close of a candle
 * is the open of the next. */
static double exp_price(struct sim *s, double x)
{
	if (!s->exp_known || x != s->exp_arg) {
		s->exp_arg = x;
		s->exp_val = exp(x);
		s->exp_known = 1;
	}
	return s->exp_val;
}

/* round_sig(x, PRICE_DIGITS, dec), remembering the last one: the close of
 * a candle is the open of the next. */
static double round_price(struct sim *s, double x, struct sim_decimal *dec)
{
	if (!s->rnd_known || x != s->rnd_arg) {
		s->rnd_arg = x;
		s->rnd_val = round_sig(x, PRICE_DIGITS, &s->rnd_dec);
		s->rnd_known = 1;
	}
	*dec = s->rnd_dec;
	return s->rnd_val;
}

/* The daily cycle of volume for part i (n > 1): +-15%, highest at 15:00. */
static double cycle(struct sim *s, int i)
{
	if (s->cyc[i] == 0) {
		int64_t t0 = i * s->part_ms;
		double hour = (double)((t0 + s->part_ms / 2) % MS_PER_DAY) / (double)MS_PER_HOUR;

		s->cyc[i] = 1 + 0.15 * cos(6.283185307179586 * (hour - 15) / 24);
	}
	return s->cyc[i];
}

/* Part i of the built day, up to now. */
static void part(struct sim *s, int i, int64_t now, struct part *p)
{
	int64_t t0 = s->pday * MS_PER_DAY + i * s->part_ms, t1 = t0 + s->part_ms;
	int64_t tend = now < t1 ? now : t1;
	double f = (double)(tend - t0) / (double)s->part_ms;
	double xo = s->x[i], xc = tend == t1 ? s->x[i + 1] : xo + f * (s->x[i + 1] - xo);
	double ext = 0.5 * s->sc * sqrt(f), up = 0, down = 0, mult = 1, q, cyc = 1, noise;
	double o = exp_price(s, xo + bump(s, t0)), c = exp_price(s, xc + bump(s, tend));
	double hi, lo, typ, tbr;

	hi = (o > c ? o : c) * exp(ext * expo(hash3(s->ikey, t0, TAG_HIGH)));
	lo = (o < c ? o : c) * exp(-ext * expo(hash3(s->ikey, t0, TAG_LOW)));
	for (int k = 0; k < s->npump; k++) {
		const struct sim_pump *pp = &s->pump[k];
		double len = (double)(tend - t0), u = overlap(t0, tend, pp->start, pp->peak) / len,
		       dn = overlap(t0, tend, pp->peak, pp->end) / len;

		if (pp->peak > t0 && pp->peak < tend) {
			double top = exp((xo > xc ? xo : xc) + log1p(pp->gain));

			if (top > hi)
				hi = top;
		}
		up += u;
		down += dn;
		mult += (pp->volume_multiple - 1) * u + (DUMP_VOLUME * pp->volume_multiple - 1) * dn;
	}
	p->o = round_price(s, o, &p->dec.open);
	p->c = round_price(s, c, &p->dec.close);
	p->h = round_sig(hi, PRICE_DIGITS, &p->dec.high);
	p->l = round_sig(lo, PRICE_DIGITS, &p->dec.low);
	if (p->h < (p->o > p->c ? p->o : p->c)) {
		p->h = p->o > p->c ? p->o : p->c;
		p->dec.high = p->o > p->c ? p->dec.open : p->dec.close;
	}
	if (p->l > (p->o < p->c ? p->o : p->c)) {
		p->l = p->o < p->c ? p->o : p->c;
		p->dec.low = p->o < p->c ? p->dec.open : p->dec.close;
	}
	/* Volume: the baseline's, in base units at the price without pumps. */
	if (s->n > 1)
		cyc = cycle(s, i);
	noise = exp(VOL_SIGMA * (1 - 0.7 * (up + down > 1 ? 1 : up + down)) *
		    normal(hash3(s->ikey, t0, TAG_VOL)));
	if (up + down == 0) {
		uint64_t h = hash3(s->ikey, t0, TAG_TAIL);

		if (unit(h) < TAIL_PROB) {
			double tail = pow(1.0 - unit(mix(h)), -0.4);

			noise *= tail < 6 ? tail : 6;
		}
	}
	q = s->level_n * cyc * s->vscale * noise * mult * f;
	p->vol = round_sig(q / exp(0.5 * (xo + xc)), VOLUME_DIGITS, &p->dec.volume);
	typ = (p->h + p->l + p->c) / 3;
	p->qv = round_sig(p->vol * typ, QUOTE_DIGITS, &p->dec.quote_volume);
	tbr = 0.5 + 0.04 * normal(hash3(s->ikey, t0, TAG_TAKER)) + 0.12 * up - 0.12 * down;
	tbr = tbr < 0.05 ? 0.05 : tbr > 0.95 ? 0.95 : tbr;
	p->tb = round_sig(p->vol * tbr, VOLUME_DIGITS, &p->dec.taker_buy_volume);
	p->tbq = round_sig(p->tb * typ, QUOTE_DIGITS, &p->dec.taker_buy_quote_volume);
	p->trades = 1 + (int64_t)(p->qv / s->trade_size *
				  (0.8 + 0.4 * unit(hash3(s->ikey, t0, TAG_TRADES))));
}

static const char sim_exchange[CANDLE_NAME_MAX] = "sim", sim_market[CANDLE_NAME_MAX] = "futures";

void sim_candle(struct sim *s, int64_t open_time, int64_t now, struct candle *c,
		struct sim_decimals *dec)
{
	struct part p, a = { 0 };
	int64_t close = interval_close_time(s->iv, open_time);

	if (s->n > 1) {
		int64_t d = floor_div(open_time, MS_PER_DAY);

		if (d != s->pday)
			build_day(s, d);
		part(s, (int)((open_time - d * MS_PER_DAY) / s->part_ms), now, &a);
	} else {
		for (int64_t t = open_time; t <= close && t < now; t += MS_PER_DAY) {
			build_day(s, floor_div(t, MS_PER_DAY));
			part(s, 0, now, &p);
			if (t == open_time) {
				a = p;
				continue;
			}
			if (p.h > a.h) {
				a.h = p.h;
				a.dec.high = p.dec.high;
			}
			if (p.l < a.l) {
				a.l = p.l;
				a.dec.low = p.dec.low;
			}
			a.c = p.c;
			a.dec.close = p.dec.close;
			/* Sums of rounded numbers: no longer decimals of 8 or
			 * 10 digits. */
			a.vol += p.vol;
			a.qv += p.qv;
			a.tb += p.tb;
			a.tbq += p.tbq;
			a.trades += p.trades;
			a.dec.volume.d = a.dec.quote_volume.d = SIM_NO_DECIMAL;
			a.dec.taker_buy_volume.d = a.dec.taker_buy_quote_volume.d = SIM_NO_DECIMAL;
		}
	}
	/* Every member is set (no memset of the whole: millions of candles). */
	memcpy(c->exchange, sim_exchange, sizeof c->exchange);
	memcpy(c->market, sim_market, sizeof c->market);
	memcpy(c->symbol, s->symbol, sizeof c->symbol);
	c->interval = s->iv;
	c->open_time = open_time;
	c->close_time = close;
	c->open = a.o;
	c->high = a.h;
	c->low = a.l;
	c->close = a.c;
	c->volume = a.vol;
	c->quote_volume = a.qv;
	c->trades = a.trades;
	c->taker_buy_volume = a.tb;
	c->taker_buy_quote_volume = a.tbq;
	c->closed = close < now;
	c->as_of = now;
	c->has = CANDLE_QUOTE_VOLUME | CANDLE_TRADES | CANDLE_TAKER_BUY_VOLUME |
		 CANDLE_TAKER_BUY_QUOTE_VOLUME | (c->closed ? 0 : CANDLE_AS_OF);
	if (dec)
		*dec = a.dec;
}

/* The double nearest 10^j, for -22 <= j <= 22. */
static double pow10_of(int j)
{
	return p10_all[P10_ZERO + (j < -22 ? -22 : j > 22 ? 22 : j)];
}

void sim_symbol(const struct sim *s, const char *market, struct symbol_info *si)
{
	size_t n = strlen(s->symbol);
	int spot = !strcmp(market, "spot");

	memset(si, 0, sizeof *si);
	snprintf(si->exchange, sizeof si->exchange, "sim");
	snprintf(si->market, sizeof si->market, "%s", market);
	snprintf(si->symbol, sizeof si->symbol, "%s", s->symbol);
	snprintf(si->status, sizeof si->status, "TRADING");
	if (n > 4 && !strcmp(s->symbol + n - 4, "USDT")) {
		snprintf(si->base_asset, sizeof si->base_asset, "%.*s", (int)(n - 4), s->symbol);
		snprintf(si->quote_asset, sizeof si->quote_asset, "USDT");
	} else {
		snprintf(si->base_asset, sizeof si->base_asset, "%s", s->symbol);
	}
	snprintf(si->contract_type, sizeof si->contract_type, "%s", spot ? "" : "PERPETUAL");
	si->tick_size = pow10_of(floor_log10(exp(s->logp0)) - (PRICE_DIGITS - 1) - SIM_TICK_DECADES);
	si->step_size = pow10_of(floor_log10(s->level / 1440 / exp(s->logp0)) - (VOLUME_DIGITS - 1) -
				 SIM_STEP_DECADES);
	si->min_qty = si->step_size;
	si->min_notional = SIM_MIN_NOTIONAL;
	si->onboard_date = SIM_EPOCH_MS;
}

/* The drift of open interest at t: a day's hashed normal, interpolated
 * linearly to the next day's. */
static double oi_drift(const struct sim *s, int64_t t)
{
	int64_t d = floor_div(t, MS_PER_DAY);
	double w = (double)(t - d * MS_PER_DAY) / (double)MS_PER_DAY;

	return SIM_OI_DRIFT * ((1 - w) * normal(hash3(s->key, d, TAG_OI)) +
			       w * normal(hash3(s->key, d + 1, TAG_OI)));
}

/* The pumps' addition at t to log open interest (scale SIM_OI_PUMP) or to
 * log price (scale 1): log(1 + scale * gain) pro rata through the run-up,
 * taken back through the dump. */
static double pumps_bump(const struct sim *s, int64_t t, double scale)
{
	int64_t d = floor_div(t, MS_PER_DAY);
	struct sim_pump p;
	double b = 0;

	for (int64_t dd = d - 1; dd <= d; dd++) {
		double g;

		if (!sim_pump_of_day(s, dd, &p))
			continue;
		g = log1p(scale * p.gain);
		if (t > p.start && t <= p.peak)
			b += g * (double)(t - p.start) / (double)(p.peak - p.start);
		else if (t > p.peak && t < p.end)
			b += g * (double)(p.end - t) / (double)(p.end - p.peak);
	}
	return b;
}

void sim_oi(struct sim *s, int64_t time, int64_t now, struct oi *o)
{
	struct sim_decimal dec;
	struct candle c;
	double contracts;

	/* The open of the candle at time: the same whatever now is after it. */
	sim_candle(s, time, now > time ? now : time + 1, &c, NULL);
	contracts = SIM_OI_DAYS * s->level / exp(s->logp0) * exp(oi_drift(s, time) + pumps_bump(s, time, SIM_OI_PUMP));
	memset(o, 0, sizeof *o);
	snprintf(o->exchange, sizeof o->exchange, "sim");
	snprintf(o->symbol, sizeof o->symbol, "%s", s->symbol);
	snprintf(o->period, sizeof o->period, "%s", s->iv->name);
	o->time = time;
	o->open_interest = round_sig(contracts, VOLUME_DIGITS, &dec);
	o->open_interest_value = round_sig(o->open_interest * c.open, QUOTE_DIGITS, &dec);
}

void sim_funding(struct sim *s, int64_t time, int64_t now, struct funding *f)
{
	struct candle c;
	double premium = 0, rate;

	sim_candle(s, time, now > time ? now : time + 1, &c, NULL);
	for (int k = 0; k < 8; k++)
		premium += pumps_bump(s, time - k * MS_PER_HOUR, 1);
	premium /= 8;
	rate = SIM_FUNDING_BASE * (1 + SIM_FUNDING_NOISE *
				   (2 * unit(hash3(s->key, time, TAG_FUNDING)) - 1)) +
	       SIM_FUNDING_PUMP * premium;
	memset(f, 0, sizeof *f);
	snprintf(f->exchange, sizeof f->exchange, "sim");
	snprintf(f->symbol, sizeof f->symbol, "%s", s->symbol);
	f->time = time;
	f->rate = round(rate * 1e8) / 1e8;
	f->mark_price = c.open;
}
