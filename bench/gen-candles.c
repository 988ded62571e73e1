/* gen-candles: write a deterministic stream of synthetic 4h candles (NDJSON)
 * for benchmarking cb-detect.
 *
 *	gen-candles [-n CANDLES] [-s SYMBOLS] [--seed N] > candles.ndjson
 *
 * The stream is time-ordered: every symbol's candle for one open_time, then
 * the next open_time 4 hours later, and so on, until CANDLES records are
 * written (the last time step may be partial). The same options always give
 * the same bytes, and a shorter stream is a prefix of a longer one with the
 * same seed and symbol count.
 *
 * The numbers look like real exchange data: prices are whole ticks of a
 * per-symbol tick size (0 to 8 decimals, about 5 or 6 significant digits)
 * following a random walk; volumes are sums of lot-sized chunks added as
 * doubles, so some carry float-sum noise (39241.066999999995) while others
 * stay short (12345.678); quote volumes are sums of chunk * price products.
 * Volume follows a drifting per-symbol level, a daily pattern, lognormal
 * noise and occasional spikes of 2-10x, so that about 1% of candles are
 * signals for cb-detect's defaults (volume >= 1.5x the 7-day mean). */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define START_MS 1735689600000LL      /* 2025-01-01T00:00:00Z */
#define STEP_MS (4LL * 3600 * 1000)   /* 4h */
#define CHUNKS 4                      /* sub-candles summed into one candle */
#define NAME_MAX_LEN 24

/* Tunables of the volume model (per 4h candle). */
#define VOL_NOISE_SIGMA 0.12    /* lognormal noise of each candle's volume */
#define LEVEL_SIGMA 0.02        /* random walk of the log volume level */
#define LEVEL_REVERT 0.01       /* pull of the level back to its long-run mean */
#define SEASON_AMPL 0.08        /* daily pattern: +-8% over the 6 candles of a day */
#define SPIKE_PROB 0.004        /* chance of a volume spike per candle */
#define SPIKE_MIN 2.0
#define SPIKE_MAX 10.0
#define CHUNK_MIN 0.8         /* each chunk's share of the volume: 1/CHUNKS */
#define CHUNK_MAX 1.2         /* times a uniform factor in [MIN, MAX) */
#define PRICE_SIGMA 0.012       /* close/open log-return per candle */

/* Some real futures symbols with roughly their prices, then synthetic ones. */
static const struct { const char *base; double price; } real_bases[] = {
	{ "BTC", 94000 }, { "ETH", 1800 }, { "BNB", 600 }, { "SOL", 150 },
	{ "XRP", 2.2 }, { "DOGE", 0.18 }, { "ADA", 0.7 }, { "TRX", 0.25 },
	{ "AVAX", 22 }, { "LINK", 14 }, { "DOT", 4.2 }, { "TON", 3.1 },
	{ "LTC", 85 }, { "BCH", 360 }, { "NEAR", 2.6 }, { "UNI", 5.4 },
	{ "APT", 5.2 }, { "ICP", 5.1 }, { "ETC", 17 }, { "FIL", 2.8 },
	{ "ATOM", 4.5 }, { "ARB", 0.33 }, { "OP", 0.75 }, { "SUI", 3.5 },
	{ "INJ", 10 }, { "HBAR", 0.18 }, { "XLM", 0.28 }, { "VET", 0.025 },
	{ "MKR", 1500 }, { "AAVE", 180 }, { "GRT", 0.1 }, { "ALGO", 0.2 },
	{ "SAND", 0.27 }, { "MANA", 0.3 }, { "AXS", 2.5 }, { "EGLD", 15 },
	{ "THETA", 0.8 }, { "1000PEPE", 0.0085 }, { "1000BONK", 0.018 },
	{ "1000SHIB", 0.013 }, { "WIF", 0.5 }, { "ORDI", 8 }, { "TIA", 2.5 },
	{ "SEI", 0.2 }, { "JUP", 0.45 }, { "PYTH", 0.15 }, { "ENA", 0.3 },
	{ "1000SATS", 0.00004 }, { "1MBABYDOGE", 0.0012 }, { "YFI", 5200 }
};
#define NREAL (sizeof real_bases / sizeof real_bases[0])

struct sym {
	char name[NAME_MAX_LEN];
	int pdec;            /* price decimals (tick = 10^-pdec) */
	int qdec;            /* quantity decimals (lot = 10^-qdec) */
	int64_t ticks;       /* last close, in ticks */
	double level;        /* log of the mean quote volume per candle */
	double level0;       /* long-run mean of level */
	double trade_size;   /* mean quote value of one trade */
	double after;        /* extra volume factor left by a spike */
};

/* splitmix64: small, fast, and good enough for test data. */
static uint64_t rng_state;

static uint64_t rng_next(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, 1). */
static double rng_unit(void)
{
	return (double)(rng_next() >> 11) * (1.0 / 9007199254740992.0);
}

static double rng_range(double lo, double hi)
{
	return lo + (hi - lo) * rng_unit();
}

/* Standard normal (Box-Muller; one value per call keeps the stream simple). */
static double rng_normal(void)
{
	double u = 1.0 - rng_unit(), v = rng_unit();

	return sqrt(-2.0 * log(u)) * cos(6.283185307179586 * v);
}

static const double pow10_tab[] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
};

static char *put_str(char *d, const char *s)
{
	size_t n = strlen(s);

	memcpy(d, s, n);
	return d + n;
}

static char *put_u64(char *d, uint64_t v)
{
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		*d++ = tmp[--n];
	return d;
}

/* v / 10^dec as a decimal without trailing zeros ("94210", "0.0012345"). */
static char *put_fixed(char *d, uint64_t v, int dec)
{
	uint64_t scale = 1, ip, fp;
	char frac[24];
	int n;

	for (int i = 0; i < dec; i++)
		scale *= 10;
	ip = v / scale;
	fp = v % scale;
	d = put_u64(d, ip);
	if (!fp)
		return d;
	while (fp % 10 == 0) {
		fp /= 10;
		dec--;
	}
	*d++ = '.';
	n = dec;
	frac[n] = '\0';
	while (n--) {
		frac[n] = (char)('0' + fp % 10);
		fp /= 10;
	}
	return put_str(d, frac);
}

/* The shortest text of v >= 0 that reads back to v, as a JSON serializer
 * with round-trip output writes it (e.g. 12345.678, 39241.066999999995). */
static char *put_double(char *d, double v)
{
	char tmp[40];

	if (v < 9007199254740992.0 && v == floor(v))
		return put_u64(d, (uint64_t)v);
	for (int k = 1; k <= 17 && v * pow10_tab[k] < 9007199254740992.0; k++) {
		double n = nearbyint(v * pow10_tab[k]);

		if (n / pow10_tab[k] == v)
			return put_fixed(d, (uint64_t)n, k);
	}
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(tmp, sizeof tmp, "%.*g", prec, v);
		if (prec == 17 || strtod(tmp, NULL) == v)
			break;
	}
	return put_str(d, tmp);
}

static int64_t clamp_ticks(double t)
{
	return t < 10 ? 10 : (int64_t)llround(t);
}

static void make_symbols(struct sym *sy, long nsym)
{
	long made = 0;

	for (long i = 0; made < nsym; i++) {
		struct sym *s = &sy[made];
		double price, lg;

		if ((size_t)i < NREAL) {
			snprintf(s->name, sizeof s->name, "%sUSDT", real_bases[i].base);
		} else {
			/* Synthetic bases: 3-5 letters from the index, skipping real ones. */
			char base[16];
			long k = i - (long)NREAL;
			int len = 3 + (int)(k % 3), dup = 0;

			k /= 3;
			for (int j = len - 1; j >= 0; j--) {
				base[j] = (char)('A' + k % 26);
				k /= 26;
			}
			base[len] = '\0';
			if (k)  /* more than 26^len names of this length: add a number */
				snprintf(base + len, sizeof base - (size_t)len, "%d", (int)(k % 100000));
			for (size_t r = 0; r < NREAL; r++)
				dup |= !strcmp(base, real_bases[r].base);
			if (dup)
				continue;
			snprintf(s->name, sizeof s->name, "%sUSDT", base);
		}
		/* Synthetic prices from 0.00001 to 100000, log-uniform. */
		lg = rng_range(-5.0, 5.0);
		price = (size_t)i < NREAL ? real_bases[i].price : pow(10.0, lg);
		price *= rng_range(0.95, 1.05);
		{
			int sig = 5 + (int)(rng_next() % 2);  /* 5 or 6 significant digits */
			int dec = sig - 1 - (int)floor(log10(price));

			s->pdec = dec < 0 ? 0 : dec > 8 ? 8 : dec;
		}
		{
			int qd = (int)floor(log10(price)) - 1;

			s->qdec = qd < 0 ? 0 : qd > 3 ? 3 : qd;
		}
		s->ticks = clamp_ticks(price * pow10_tab[s->pdec]);
		/* Quote volume per 4h: from 200k to 2G USDT, log-uniform. */
		lg = rng_range(5.3, 9.3);
		if ((size_t)i < NREAL)  /* the big names trade more */
			lg = 9.2 - 2.5 * (double)i / NREAL + rng_range(-0.2, 0.2);
		s->level0 = log(pow(10.0, lg));
		s->level = s->level0;
		s->trade_size = pow(10.0, rng_range(2.3, 3.7));
		s->after = 0;
		made++;
	}
}

/* Write one candle of symbol s for open time t, advancing its state. */
static char *make_candle(char *d, struct sym *s, int64_t t)
{
	double tick = 1.0 / pow10_tab[s->pdec], lotdiv = pow10_tab[s->qdec];
	double spike = 1.0, season, qv_target, ret, hi_x, lo_x;
	double volume = 0, quote = 0, tb_volume = 0, tb_quote = 0;
	int64_t open = s->ticks, close, high, low, lo_oc, hi_oc;
	int hour = (int)((t / 3600000) % 24);
	uint64_t trades;

	/* Volume: level random walk, daily pattern, noise, spikes. */
	s->level += LEVEL_SIGMA * rng_normal() + LEVEL_REVERT * (s->level0 - s->level);
	season = 1.0 + SEASON_AMPL * sin(6.283185307179586 * (hour + 2) / 24.0);
	if (rng_unit() < SPIKE_PROB)
		spike = SPIKE_MIN * pow(SPIKE_MAX / SPIKE_MIN, rng_unit());
	qv_target = exp(s->level + VOL_NOISE_SIGMA * rng_normal()) * season *
		    (spike + s->after);
	s->after = spike > 1 ? (spike - 1) * 0.3 : s->after * 0.3;
	if (s->after < 0.01)
		s->after = 0;

	/* Price: a walk with fatter moves on spikes. */
	ret = PRICE_SIGMA * rng_normal() * (spike > 1 ? 3.0 : 1.0);
	close = clamp_ticks((double)open * exp(ret));
	hi_x = fabs(rng_normal()) * PRICE_SIGMA * 0.5;
	lo_x = fabs(rng_normal()) * PRICE_SIGMA * 0.5;
	hi_oc = open > close ? open : close;
	lo_oc = open < close ? open : close;
	high = (int64_t)ceil((double)hi_oc * (1 + hi_x));
	low = (int64_t)floor((double)lo_oc * (1 - lo_x));
	if (low < 1)
		low = 1;
	s->ticks = close;

	/* Volume as CHUNKS lot-sized parts added up as doubles. */
	for (int i = 0; i < CHUNKS; i++) {
		double px = ((double)open + (double)(close - open) * (i + 0.5) / CHUNKS) * tick;
		double part = qv_target / CHUNKS * rng_range(CHUNK_MIN, CHUNK_MAX) / px;
		double lots = floor(part * lotdiv) + 1;
		double tb_lots = floor(lots * rng_range(0.35, 0.65));
		double q = lots / lotdiv, tq = tb_lots / lotdiv;

		volume += q;
		quote += q * px;
		tb_volume += tq;
		tb_quote += tq * px;
	}
	trades = (uint64_t)(quote / s->trade_size * rng_range(0.8, 1.2)) + 1;

	d = put_str(d, "{\"type\":\"candle\",\"exchange\":\"binance\",\"market\":\"futures\","
		       "\"symbol\":\"");
	d = put_str(d, s->name);
	d = put_str(d, "\",\"interval\":\"4h\",\"open_time\":");
	d = put_u64(d, (uint64_t)t);
	d = put_str(d, ",\"close_time\":");
	d = put_u64(d, (uint64_t)(t + STEP_MS - 1));
	d = put_str(d, ",\"open\":");
	d = put_fixed(d, (uint64_t)open, s->pdec);
	d = put_str(d, ",\"high\":");
	d = put_fixed(d, (uint64_t)high, s->pdec);
	d = put_str(d, ",\"low\":");
	d = put_fixed(d, (uint64_t)low, s->pdec);
	d = put_str(d, ",\"close\":");
	d = put_fixed(d, (uint64_t)close, s->pdec);
	d = put_str(d, ",\"volume\":");
	d = put_double(d, volume);
	d = put_str(d, ",\"quote_volume\":");
	d = put_double(d, quote);
	d = put_str(d, ",\"trades\":");
	d = put_u64(d, trades);
	d = put_str(d, ",\"taker_buy_volume\":");
	d = put_double(d, tb_volume);
	d = put_str(d, ",\"taker_buy_quote_volume\":");
	d = put_double(d, tb_quote);
	d = put_str(d, ",\"closed\":true}\n");
	return d;
}

static void usage(FILE *f)
{
	fputs("Usage: gen-candles [-n CANDLES] [-s SYMBOLS] [--seed N] > FILE\n"
	      "Write CANDLES (1000000) synthetic 4h candles over SYMBOLS (500) symbols\n"
	      "as NDJSON, time-ordered; the same options give the same bytes.\n", f);
}

static long long parse_count(const char *opt, const char *arg, long long max)
{
	char *end;
	long long v;

	if (!arg) {
		fprintf(stderr, "gen-candles: %s needs a value\n", opt);
		exit(2);
	}
	errno = 0;
	v = strtoll(arg, &end, 10);
	if (errno || end == arg || *end || v < 0 || v > max) {
		fprintf(stderr, "gen-candles: %s: '%s' is not a number from 0 to %lld\n",
			opt, arg, max);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	long long n = 1000000, seed = 1;
	long nsym = 500;
	struct sym *sy;
	static char obuf[1 << 20];
	char line[1024];

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "-n"))
			n = parse_count(a, v, 1LL << 40), i++;
		else if (!strcmp(a, "-s"))
			nsym = (long)parse_count(a, v, 1000000), i++;
		else if (!strcmp(a, "--seed"))
			seed = parse_count(a, v, 0x7fffffffffffffffLL), i++;
		else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return 0;
		} else {
			fprintf(stderr, "gen-candles: unknown argument '%s'\n", a);
			usage(stderr);
			return 2;
		}
	}
	if (nsym < 1) {
		fprintf(stderr, "gen-candles: -s: at least one symbol\n");
		return 2;
	}
	setvbuf(stdout, obuf, _IOFBF, sizeof obuf);
	rng_state = (uint64_t)seed * 0x2545f4914f6cdd1dULL + 0x1234567ULL;
	sy = calloc((size_t)nsym, sizeof *sy);
	if (!sy) {
		fprintf(stderr, "gen-candles: out of memory\n");
		return 1;
	}
	make_symbols(sy, nsym);
	for (long long done = 0, step = 0; done < n; step++) {
		int64_t t = START_MS + step * STEP_MS;

		for (long i = 0; i < nsym && done < n; i++, done++) {
			char *end = make_candle(line, &sy[i], t);

			fwrite(line, 1, (size_t)(end - line), stdout);
		}
	}
	free(sy);
	if (fflush(stdout) == EOF || ferror(stdout)) {
		perror("gen-candles: write error");
		return 1;
	}
	return 0;
}
