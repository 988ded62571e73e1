/* cb-detect: find volume spikes in candle records and write signal records.
 *
 * For each series (exchange, market, symbol, interval) the volume of every
 * candle is compared with the mean volume of the closed candles just before
 * it over each window (7, 14 and 30 days); a candle whose volume is at least
 * --min-ratio times the first window's mean, and that meets every condition
 * of its profile (--profile), is a signal. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "baseline.h"
#include "buf.h"
#include "candle.h"
#include "cbtime.h"
#include "lines.h"
#include "msg.h"
#include "opts.h"
#include "out.h"
#include "profile.h"
#include "seriessel.h"
#include "rejects.h"
#include "signalrec.h"
#include "strmap.h"
#include "volseries.h"

enum { OPT_ALL = 'a', OPT_PASS = 'p', OPT_MIN_RATIO = 'r', OPT_THRESHOLDS = 't',
       OPT_WINDOWS = 'w', OPT_VOLUME = OPT_TOOL, OPT_PARTIAL, OPT_SINCE, OPT_NOW,
       OPT_STRICT, OPT_PROFILE, OPT_PRINT_PROFILE, OPT_MARKET = 'm', OPT_INTERVAL = 'i' };

static const struct opt options[] = {
	{ "all", OPT_ALL, 0, NULL, "write an evaluation record for every evaluated candle" },
	{ "pass-through", OPT_PASS, 0, NULL, "copy every input line to the output, signals after their candle" },
	{ "min-ratio", OPT_MIN_RATIO, 1, "R", "signal when the first window's ratio is at least R (the WEAK threshold, 1.5)" },
	{ "thresholds", OPT_THRESHOLDS, 1, "W,M,S,E", "ratios for WEAK, MEDIUM, STRONG, EXTREME (1.5,2,3,5)" },
	{ "windows", OPT_WINDOWS, 1, "LIST", "baseline windows, comma-separated durations (7d,14d,30d)" },
	{ "volume", OPT_VOLUME, 1, "MEASURE", "quote, base or auto: the volume compared (auto)" },
	{ "profile", OPT_PROFILE, 1, "NAME|FILE", "set windows, thresholds and conditions: seed, pump or a file (seed)" },
	{ "print-profile", OPT_PRINT_PROFILE, 0, NULL, "write the effective profile and exit" },
	{ "partial", OPT_PARTIAL, 0, NULL, "also evaluate forming candles (\"closed\":false)" },
	{ "since", OPT_SINCE, 1, "TIME", "write records only for candles opening at or after TIME" },
	{ "market", OPT_MARKET, 1, "LIST", "signal only series of these markets, comma-separated (all)" },
	{ "interval", OPT_INTERVAL, 1, "LIST", "signal only series of these intervals, comma-separated (all)" },
	{ "now", OPT_NOW, 1, "TIME", "take TIME as the current time" },
	{ "strict", OPT_STRICT, 0, NULL, "stop at the first rejected record (exit 1)" },
	OPTS_COMMON,
	{ 0 }
};

static const struct opt_usage usage = {
	"[OPTION]... [FILE]...",
	"Find volume spikes in candle records (NDJSON) and write signal records.\n"
	"Reads standard input when no FILE is given, or when FILE is -.",
	NULL
};

struct series {
	struct volseries v;
	double prev_close;        /* the close of the candle before the newest */
	int has_prev_close;
	int last_signalled;       /* a forming signal was written for the newest candle */
	int chosen;               /* its market and interval are chosen (--market, --interval) */
	unsigned need;            /* CANDLE_* bits the profile's conditions need */
	const struct interval *iv;
};

/* The conditions a signal meets: the volume ratio of the first window
 * against min_ratio, then the profile's. */
#define MAX_COND (PROFILE_MAX_CONDITIONS + 1)

static struct {
	int all, pass, partial;
	struct profile prof;
	double min_ratio;
	struct strength_rules rules;
	int nwin;
	int64_t win_ms[BASELINE_MAX_WINDOWS];
	const char *labels[BASELINE_MAX_WINDOWS];
	enum measure measure;
	int why;                  /* signals say why: a profile other than seed */
	int ncond;                /* cond[0] is the volume ratio's */
	struct condition cond[MAX_COND];
	int trades;               /* series count trades */
	int have_since;
	int64_t since;
	struct seriessel sel;
} cfg;

/* What the run saw, to say why it wrote no signal. */
static struct {
	long candles;             /* accepted */
	long chosen;              /* of the series chosen */
	long since;               /* of those, opening at or after --since */
	long signals;             /* written */
	int64_t newest;           /* the latest open_time of a chosen series */
	long unevaluable;         /* lacking a member a condition needs */
	unsigned lacked;          /* the CANDLE_* bits the first of them lacked */
	char first[256];          /* where it was */
} run;

static struct strmap *series_map;
static struct buf obuf;

static void set_windows(const char *arg)
{
	char err[160];

	if (profile_set_windows(&cfg.prof, arg, err, sizeof err) < 0)
		usage_error("--windows: %s", err);
}

/* --profile NAME|FILE: a built-in name, else a file. */
static void load_profile(const char *arg)
{
	struct buf text = { 0 };
	char err[320], chunk[4096];
	FILE *f;
	size_t n;

	if (profile_builtin(&cfg.prof, arg) == 0)
		return;
	f = fopen(arg, "r");
	if (!f) {
		if (!strchr(arg, '/') && !strchr(arg, '.'))
			usage_error("--profile: '%s' is not a profile (%s) nor a file", arg,
				    profile_builtin_names());
		usage_error("--profile: cannot open '%s': %s", arg, strerror(errno));
	}
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&text, chunk, n);
	if (ferror(f))
		usage_error("--profile: cannot read '%s': %s", arg, strerror(errno));
	fclose(f);
	if (profile_parse(&cfg.prof, text.p ? text.p : "", text.len, arg, err, sizeof err) < 0)
		usage_error("--profile: %s: %s", arg, err);
	buf_release(&text);
}

/* The settings of the run from the effective profile. */
static void apply_profile(void)
{
	const struct profile *p = &cfg.prof;

	cfg.rules = p->rules;
	cfg.min_ratio = profile_min_ratio(p);
	cfg.measure = p->measure;
	cfg.nwin = p->nwin;
	for (int i = 0; i < p->nwin; i++) {
		cfg.win_ms[i] = p->win_ms[i];
		cfg.labels[i] = p->labels[i];
	}
	cfg.why = !profile_is_seed(p);
	cfg.cond[0] = (struct condition){ COND_VOLUME_RATIO, COND_GE, cfg.min_ratio };
	for (int i = 0; i < p->ncond; i++)
		cfg.cond[i + 1] = p->cond[i];
	cfg.ncond = p->ncond + 1;
	cfg.trades = profile_counts_trades(p);
}

static struct series *series_for(const struct candle *c)
{
	char key[CANDLE_KEY_MAX];
	size_t n = candle_series_key(c, key);
	int created;
	struct series *s = strmap_get(series_map, key, n, &created);

	if (created) {
		volseries_init(&s->v, c, cfg.win_ms, cfg.nwin, cfg.measure);
		if (cfg.trades)
			volseries_count_trades(&s->v);
		s->need = profile_needs(&cfg.prof, s->v.measure == MEASURE_QUOTE);
		s->chosen = seriessel_match(&cfg.sel, c->market, c->interval);
		s->iv = c->interval;
	}
	return s;
}

/* The values of the conditions of c into sig (cfg.why). Returns 1 if every
 * one is known and holds. */
static int conditions(const struct series *s, const struct candle *c, struct signal *sig,
		      int *has, double *val)
{
	struct cond_input in = { 0 };
	double mean;
	int all = 1;

	in.c = c;
	in.quote = s->v.measure == MEASURE_QUOTE;
	in.has_volume_ratio = sig->has_ratio[0];
	in.volume_ratio = sig->ratio[0];
	if (volseries_trades_mean(&s->v, 0, &mean) && mean > 0) {
		in.has_trades_ratio = 1;
		in.trades_ratio = (double)c->trades / mean;
	}
	in.has_prev_close = s->has_prev_close;
	in.prev_close = s->prev_close;
	for (int i = 0; i < cfg.ncond; i++) {
		has[i] = condition_value(&cfg.cond[i], &in, &val[i]);
		if (!has[i] || !condition_holds(&cfg.cond[i], val[i]))
			all = 0;
	}
	sig->profile = cfg.prof.name;
	sig->ncond = cfg.ncond;
	sig->cond = cfg.cond;
	sig->has_value = has;
	sig->value = val;
	return all;
}

/* Compare c with its series' windows and the profile's conditions; write a
 * record if it is a signal (or always with --all). A candle that lacks a
 * member a condition needs (lacking) is never a signal. Returns 1 if a
 * signal was written. */
static int evaluate(struct series *s, const struct candle *c, int force, int lacking)
{
	struct signal sig = { 0 };
	int has[MAX_COND];
	double m, val[MAX_COND];
	int spike;

	sig.c = c;
	sig.volume = volseries_measure(&s->v, c);
	sig.nwin = cfg.nwin;
	sig.labels = cfg.labels;
	sig.detected_at = candle_event_time(c);
	for (int i = 0; i < cfg.nwin; i++) {
		sig.has_base[i] = baseline_mean(&s->v.bl, i, &sig.base[i]);
		sig.has_ratio[i] = sig.has_base[i] && sig.base[i] > 0;
		if (sig.has_ratio[i])
			sig.ratio[i] = sig.volume / sig.base[i];
	}
	spike = sig.has_ratio[0] && sig.ratio[0] >= cfg.min_ratio;
	if (!spike && !force && !cfg.all)
		return 0;
	if (cfg.why)
		spike = conditions(s, c, &sig, has, val) && spike && !lacking;
	if (!spike && !force && !cfg.all)
		return 0;
	if (spike || force) {
		m = sig.ratio[0];
		if (cfg.nwin > 1 && sig.has_ratio[1] && sig.ratio[1] > m)
			m = sig.ratio[1];
		sig.type = "signal";
		sig.strength = sig.has_ratio[0] ? strength_of(&cfg.rules, m) : STRENGTH_WEAK;
		sig.status = "DETECTED";
	} else {
		sig.type = "evaluation";
		sig.strength = STRENGTH_NONE;
		sig.status = NULL;
	}
	buf_reset(&obuf);
	signal_write(&sig, &obuf);
	out_write(obuf.p, obuf.len);
	if (spike || force)
		run.signals++;
	return spike || force;
}

/* 1 if c lacks a member that a condition needs: the first such candle is
 * remembered for the note at the end, all are counted. */
static int lacks(const struct series *s, const struct candle *c, const char *file, long lineno)
{
	unsigned miss = s->need & ~c->has;

	if (!miss)
		return 0;
	if (!run.unevaluable++) {
		run.lacked = miss;
		snprintf(run.first, sizeof run.first, "%s:%ld", file, lineno);
	}
	return 1;
}

static void on_candle(struct candle *c, const char *file, long lineno)
{
	struct series *s = series_for(c);
	double before = s->v.last.close;
	int had = s->v.have_last, again = 0, lacking;

	switch (volseries_add(&s->v, c)) {
	case VOLSERIES_NO_QUOTE:
		reject(file, lineno, "candle: 'quote_volume' is missing (series %s:%s:%s:%s "
		       "compares quote volume; see --volume)", c->exchange, c->market,
		       c->symbol, c->interval->name);
		return;
	case VOLSERIES_OLDER:
		reject(file, lineno, "candle: 'open_time' %lld is older than the last "
		       "candle of %s:%s:%s:%s (%lld); input must be in time order",
		       (long long)c->open_time, c->exchange, c->market, c->symbol,
		       c->interval->name, (long long)s->v.last.open_time);
		return;
	case VOLSERIES_UPDATE:
		again = s->last_signalled;  /* an update of the same candle */
		break;
	default:
		s->last_signalled = 0;
		s->prev_close = before;
		s->has_prev_close = had;
		break;
	}
	run.candles++;
	if (!s->chosen)
		return;   /* context for later tools only (-p) */
	if (!run.chosen++ || c->open_time > run.newest)
		run.newest = c->open_time;
	if (cfg.have_since && c->open_time < cfg.since)
		return;
	run.since++;
	if (!c->closed && !cfg.partial)
		return;
	lacking = s->need && lacks(s, c, file, lineno);
	/* A candle signalled while forming is signalled again when it closes. */
	if (evaluate(s, c, again && c->closed, lacking) && !c->closed)
		s->last_signalled = 1;
}

static void on_line(void *ctx, const struct line *ln, const char *name)
{
	struct candle c;
	char err[256];
	int r;

	(void)ctx;
	if (cfg.pass)
		out_line(ln->raw, ln->rawlen);
	r = candle_parse(&c, ln->p, ln->len, err, sizeof err);
	if (r == REC_OTHER)
		return;
	if (r == REC_BAD) {
		reject(name, ln->no, "%s", err);
		return;
	}
	on_candle(&c, name, ln->no);
}

/* ms as a duration such as 2d, 2d4h or 1h30m. */
static void format_span(char *dst, size_t cap, int64_t ms)
{
	static const struct { char unit; int64_t ms; } u[] = {
		{ 'd', MS_PER_DAY }, { 'h', MS_PER_HOUR }, { 'm', MS_PER_MIN }, { 's', MS_PER_SEC }
	};
	size_t n = 0;

	dst[0] = '\0';
	for (size_t i = 0; i < sizeof u / sizeof u[0] && n < cap; i++) {
		int64_t k = ms / u[i].ms;

		ms -= k * u[i].ms;
		if (k)
			n += (size_t)snprintf(dst + n, cap - n, "%lld%c", (long long)k, u[i].unit);
	}
	if (!dst[0])
		snprintf(dst, cap, "0s");
}

/* How near the chosen series with candles came to filling their first
 * window. */
struct reach {
	int full;                 /* one has a full first window */
	const struct interval *shortest;   /* the shortest interval of all */
	const struct series *longest;      /* the longest in time whose window can fill */
	unsigned long long longest_n;
};

static void reach_series(void *ctx, const char *key, size_t len, void *val)
{
	struct reach *r = ctx;
	const struct series *s = val;
	unsigned long long n = s->v.bl.count + (unsigned long long)s->v.have_last;

	(void)key;
	(void)len;
	if (!s->chosen || !n)
		return;   /* not chosen, or its only candles were rejected */
	if (!r->shortest || s->iv->ms < r->shortest->ms)
		r->shortest = s->iv;
	if (s->v.bl.w[0] == 0)
		return;   /* the window is shorter than one candle */
	if (s->v.bl.count >= s->v.bl.w[0])
		r->full = 1;
	if (!r->longest || (double)n * (double)s->iv->ms >
			   (double)r->longest_n * (double)r->longest->iv->ms) {
		r->longest = s;
		r->longest_n = n;
	}
}

/* A run that wrote no signal for a reason it can see says so, once. */
static void explain_nothing(void)
{
	struct reach r = { 0 };
	char a[40], b[40], opts[256];

	if (run.signals || !run.candles)
		return;
	if (!run.chosen) {
		note("no series matches %s", seriessel_text(&cfg.sel, opts, sizeof opts));
		return;
	}
	strmap_each(series_map, reach_series, &r);
	if (!r.shortest)
		return;
	if (!r.longest) {
		note("no series can fill its %s window: it is shorter than %s, the shortest "
		     "interval of the series", cfg.labels[0], r.shortest->name);
		return;
	}
	if (!r.full) {
		format_span(a, sizeof a, (int64_t)r.longest_n * r.longest->iv->ms);
		note("no series reached its %s window: the longest series has %llu candle%s of "
		     "%s (%s); a signal needs %zu", cfg.labels[0], r.longest_n,
		     r.longest_n == 1 ? "" : "s", r.longest->iv->name, a,
		     r.longest->v.bl.w[0] + 1);
		return;
	}
	if (cfg.have_since && !run.since) {
		time_format(a, cfg.since);
		time_format(b, run.newest);
		note("no candle opens at or after --since %s: the newest opens at %s",
		     a, b);
	}
}

static void release_series(void *ctx, const char *key, size_t len, void *val)
{
	struct series *s = val;

	(void)ctx;
	(void)key;
	(void)len;
	volseries_release(&s->v);
}

/* A run with conditions on members some candles lacked says so, once. */
static void explain_unevaluable(void)
{
	static const struct { unsigned bit; const char *name; } m[] = {
		{ CANDLE_TRADES, "trades" },
		{ CANDLE_TAKER_BUY_VOLUME, "taker_buy_volume" },
		{ CANDLE_TAKER_BUY_QUOTE_VOLUME, "taker_buy_quote_volume" },
	};
	const char *name = "a member";

	if (!run.unevaluable)
		return;
	for (size_t i = 0; i < sizeof m / sizeof m[0]; i++)
		if (run.lacked & m[i].bit) {
			name = m[i].name;
			break;
		}
	note("%ld candle%s not evaluated: profile %s needs '%s', which %s lacked (first at %s)",
	     run.unevaluable, run.unevaluable == 1 ? "" : "s", cfg.prof.name, name,
	     run.unevaluable == 1 ? "it" : "they", run.first);
}

int main(int argc, char **argv)
{
	const char *arg, *since_arg = NULL;
	int c, print = 0;

	msg_init("cb-detect");
	profile_builtin(&cfg.prof, "seed");
	while ((c = opts_next(argc, argv, options, &usage, &arg)) != -1) {
		switch (c) {
		case OPT_ALL: cfg.all = 1; break;
		case OPT_PASS: cfg.pass = 1; break;
		case OPT_PARTIAL: cfg.partial = 1; break;
		case OPT_STRICT: msg_set_strict(1); break;
		case OPT_MIN_RATIO:
			if (profile_set_min_ratio(&cfg.prof, arg) < 0)
				usage_error("--min-ratio: '%s' is not a positive number", arg);
			break;
		case OPT_SINCE: since_arg = arg; break;
		case OPT_MARKET: seriessel_markets(&cfg.sel, "--market", arg); break;
		case OPT_INTERVAL: seriessel_intervals(&cfg.sel, "--interval", arg); break;
		case OPT_WINDOWS: set_windows(arg); break;
		case OPT_PROFILE: load_profile(arg); break;
		case OPT_PRINT_PROFILE: print = 1; break;
		case OPT_THRESHOLDS:
			if (profile_set_thresholds(&cfg.prof, arg) < 0)
				usage_error("--thresholds: '%s' is not four increasing positive "
					    "numbers such as 1.5,2,3,5", arg);
			break;
		case OPT_VOLUME:
		{
			static const char *const measures[] = { "quote", "base", "auto", NULL };
			static const enum measure ids[] = { MEASURE_QUOTE, MEASURE_BASE, MEASURE_AUTO };

			cfg.prof.measure = ids[opts_choice("--volume", arg, measures)];
			break;
		}
		case OPT_NOW:
			time_set_now(opts_time("--now", arg));
			break;
		default:
			usage_error("unhandled option");
		}
	}
	apply_profile();
	if (since_arg) {
		cfg.since = opts_time("--since", since_arg);
		cfg.have_since = 1;
	}
	out_init();
	if (print) {
		profile_write(&cfg.prof, &obuf);
		out_write(obuf.p, obuf.len);
		out_close();
		buf_release(&obuf);
		return CB_EXIT_OK;
	}
	series_map = strmap_new(sizeof(struct series));
	rejects_summarise();
	lines_progress("records");
	lines_foreach(argv + optind, argc - optind, 0, on_line, NULL);
	out_close();
	explain_nothing();
	explain_unevaluable();
	strmap_each(series_map, release_series, NULL);
	strmap_free(series_map);
	buf_release(&obuf);
	return rejects_end();
}
