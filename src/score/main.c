/* cb-score: score signals on five factors with the context records that
 * share their stream: open interest, the spot series of the same base asset
 * and candles of lower intervals (cb-score(1)).
 *
 * Each record goes to the stream join (join.c), which keeps the histories
 * and holds every signal until its context has come; then score_and_write
 * measures the factors (factors.h), scores them (score.h in lib/) and
 * writes the signal again with its score. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "factors.h"
#include "candle.h"
#include "calibrate.h"
#include "cbtime.h"
#include "json.h"
#include "jsonw.h"
#include "lines.h"
#include "msg.h"
#include "num.h"
#include "oi.h"
#include "opts.h"
#include "out.h"
#include "rejects.h"
#include "pct.h"
#include "seriessel.h"
#include "score.h"
#include "join.h"
#include "signalrec.h"
#include "volseries.h"
#include "xalloc.h"

enum { OPT_PASS = 'p', OPT_MIN_SCORE = OPT_TOOL, OPT_LEVEL, OPT_WEIGHTS, OPT_LEVELS,
       OPT_VOLUME_STEPS, OPT_OI_STEPS, OPT_SPOT_STEPS, OPT_TIMING_STEPS,
       OPT_CONFIRMATION_POINTS, OPT_SYNC_RATIO, OPT_OI_RISE, OPT_LTF_RATIO,
       OPT_BASIS_RATIO, OPT_BASIS_CANDLES, OPT_LATENESS, OPT_NOW, OPT_STRICT, OPT_WEIGHTS_FILE,
       OPT_MARKET = 'm', OPT_INTERVAL = 'i' };

static const struct opt options[] = {
	{ "pass-through", OPT_PASS, 0, NULL, "copy every input line to the output, in place; scored signals follow" },
	{ "min-score", OPT_MIN_SCORE, 1, "N", "write only signals whose total is at least N" },
	{ "level", OPT_LEVEL, 1, "LEVEL", "write only signals at LEVEL or above (LOW, MEDIUM, HIGH, EXTREME)" },
	{ "weights", OPT_WEIGHTS, 1, "V,O,S,C,T", "maximum points of volume, oi, spot_sync, confirmation, timing (25,25,20,20,10)" },
	{ "levels", OPT_LEVELS, 1, "E,H,M", "lowest totals of EXTREME, HIGH and MEDIUM (80,60,40)" },
	{ "weights-file", OPT_WEIGHTS_FILE, 1, "FILE", "weights and levels from FILE (cb-validate calibrate writes it)" },
	{ "volume-steps", OPT_VOLUME_STEPS, 1, "TABLE", "points by spike_ratio_7d (5:25,3:20,2:15,10)" },
	{ "oi-steps", OPT_OI_STEPS, 1, "TABLE", "points by oi_change_pct (50:25,30:20,15:15,5:10,0)" },
	{ "spot-steps", OPT_SPOT_STEPS, 1, "TABLE", "points by spot_spike_ratio_7d (3:20,2:15,1.5:10,0)" },
	{ "timing-steps", OPT_TIMING_STEPS, 1, "TABLE", "points by the signal's age, at or below (4h:10,12h:7,24h:5,48h:3,0)" },
	{ "confirmation-points", OPT_CONFIRMATION_POINTS, 1, "EACH,MAX", "points per confirmation and their maximum (5,20)" },
	{ "sync-ratio", OPT_SYNC_RATIO, 1, "R", "has_spot_sync when spot_spike_ratio_7d is at least R (1.5)" },
	{ "oi-rise", OPT_OI_RISE, 1, "PCT", "OI_RISE when oi_change_pct is at least PCT (5)" },
	{ "ltf-ratio", OPT_LTF_RATIO, 1, "R", "LTF_VOLUME when a lower-interval candle has more than R times its 7-day mean (2)" },
	{ "basis-ratio", OPT_BASIS_RATIO, 1, "R", "BASIS_ANOMALY when |basis_pct| is more than R times its recent mean (2)" },
	{ "basis-candles", OPT_BASIS_CANDLES, 1, "N", "the recent mean of |basis_pct| is over the N candles before (12)" },
	{ "lateness", OPT_LATENESS, 1, "DURATION", "score a signal once the stream is DURATION past its candle's end, with what has come" },
	{ "market", OPT_MARKET, 1, "LIST", "score only signals of these markets, comma-separated (all)" },
	{ "interval", OPT_INTERVAL, 1, "LIST", "score only signals of these intervals, comma-separated (all)" },
	{ "now", OPT_NOW, 1, "TIME", "take TIME as the scoring time for the timing factor" },
	{ "strict", OPT_STRICT, 0, NULL, "stop at the first rejected record (exit 1)" },
	OPTS_COMMON,
	{ 0 }
};

static const struct opt_usage usage = {
	"[OPTION]... [FILE]...",
	"Score signals (NDJSON) on volume, open interest, spot-futures sync, confirmations\n"
	"and timing, with the candle and oi records of the same stream.\n"
	"Reads standard input when no FILE is given, or when FILE is -.",
	"A TABLE is BOUND:POINTS,... from the highest bound down (timing: from the\n"
	"shortest age up), optionally ending with the POINTS for anything else."
};

#define BASIS_MAX 64

static struct {
	int pass;
	int have_min_score, min_level;
	double min_score;
	struct score_rules rules;
	double sync_ratio, oi_rise, ltf_ratio, basis_ratio;
	int basis_candles;
	int have_lateness, have_now;
	int64_t lateness, now;
	struct seriessel sel;
} cfg;

/* The records of the run, to tell a stream that lacks what scoring needs. */
static struct {
	long candles, signals, chosen;
} seen;


static unsigned long long nseq;           /* signals read, for their input order */
static struct buf obuf;
static const int64_t win7d[1] = { 7 * MS_PER_DAY };

/* --- scoring --- */

static void add_names(struct buf *b, const char *key, const char *const *names, int n)
{
	jw_key(b, key);
	buf_addc(b, '[');
	for (int i = 0; i < n; i++) {
		if (i)
			buf_addc(b, ',');
		jw_strval(b, names[i], strlen(names[i]));
	}
	buf_addc(b, ']');
}

/* The members cb-score writes; an input signal's own are replaced. */
static int scored_member(const struct jfield *f)
{
	return signal_scored_member(f);
}

static void score_and_write(struct pending *p)
{
	const struct pending *g = p;
	const struct src *s = p->s;
	struct score_input in = { 0 };
	struct score sc;
	const char *missing[4], *conf[NCONFIRMATIONS];
	int nmissing = 0, nconf = 0, has_basis = 0, ltf;
	double spot_close = 0, basis = 0, m;
	int64_t now = cfg.have_now ? cfg.now : join_watermark();
	const struct history *lower[16];
	struct jscan js;
	struct jfield f;

	in.has_ratio = g->has_ratio;
	in.ratio = g->ratio;
	if (s->futures) {
		const struct point *e = history_find(&s->spot->h, g->open_time);

		if (oi_change(&s->oi->h, g->open_time, p->end, &in.oi_pct)) {
			in.has_oi = 1;
			if (in.oi_pct >= cfg.oi_rise)
				in.confirmations |= 1u << CONF_OI_RISE;
		}
		if (e && e->has_mean && e->mean > 0) {
			in.has_spot = 1;
			in.spot_ratio = e->vol / e->mean;
			if (in.spot_ratio >= cfg.sync_ratio)
				in.confirmations |= 1u << CONF_SPOT_SYNC;
		}
		if (e && e->close > 0) {
			spot_close = e->close * s->mult;
			has_basis = 1;
			basis = basis_pct(g->price, spot_close);
			if (basis_mean(&s->h, &s->spot->h, s->mult, s->iv, g->open_time,
				       cfg.basis_candles, &m) &&
			    fabs(basis) > cfg.basis_ratio * m)
				in.confirmations |= 1u << CONF_BASIS_ANOMALY;
		}
	}
	ltf = ltf_volume(lower, join_lower(s, lower, 16), g->open_time, p->end, cfg.ltf_ratio);
	if (ltf > 0)
		in.confirmations |= 1u << CONF_LTF_VOLUME;
	in.age_ms = now == INT64_MIN ? 0 : now - g->detected_at;
	score_compute(&cfg.rules, &in, &sc);
	if (cfg.have_min_score && sc.total < cfg.min_score)
		return;
	if (score_level_rank(sc.level) < cfg.min_level)
		return;

	if (!g->has_ratio)
		missing[nmissing++] = "volume";
	if (!in.has_oi)
		missing[nmissing++] = "oi";
	if (!in.has_spot)
		missing[nmissing++] = "spot";
	if (ltf < 0)
		missing[nmissing++] = "ltf";
	for (int c = 0; c < NCONFIRMATIONS; c++)
		if (in.confirmations & 1u << c)
			conf[nconf++] = confirmation_name((enum confirmation)c);

	/* The input's members in their order and form, then the score's. A
	 * line without members to replace is copied up to its closing brace. */
	buf_reset(&obuf);
	if (!p->rescan) {
		size_t n = p->len;

		while (n && p->line[n - 1] != '}')
			n--;
		buf_add(&obuf, p->line, n - 1);
	} else {
		buf_addc(&obuf, '{');
		jscan_init(&js, p->line, p->len);
		while (jscan_next(&js, &f) > 0) {
			const char *from = f.key - 1;
			const char *to = f.val + f.vlen + (f.type == JSON_STRING);

			if (scored_member(&f))
				continue;
			if (obuf.len > 1)
				buf_addc(&obuf, ',');
			buf_add(&obuf, from, (size_t)(to - from));
		}
	}
	score_write(&obuf, &sc);
	jw_num_or_null(&obuf, "oi_change_pct", in.has_oi, in.oi_pct);
	if (s->futures)
		jw_str(&obuf, "spot_symbol", s->spot_symbol);
	else
		jw_null(&obuf, "spot_symbol");
	jw_num_or_null(&obuf, "spot_spike_ratio_7d", in.has_spot, in.spot_ratio);
	if (in.has_spot)
		jw_bool(&obuf, "has_spot_sync", in.spot_ratio >= cfg.sync_ratio);
	else
		jw_null(&obuf, "has_spot_sync");
	jw_num_or_null(&obuf, "basis_pct", has_basis, basis);
	add_names(&obuf, "confirmations", conf, nconf);
	add_names(&obuf, "missing", missing, nmissing);
	jw_end(&obuf);
	out_write(obuf.p, obuf.len);
}

/* --- records --- */

static void on_candle(const struct candle *c, const char *file, long lineno)
{
	struct src *s = join_find(c);
	struct point *e;
	int r;

	if (!s)
		s = join_series(c->exchange, c->market, c->symbol, c->interval);
	if (!s->seen) {
		volseries_init(&s->v, c, win7d, 1, MEASURE_AUTO);
		s->seen = 1;
	}
	r = volseries_add(&s->v, c);
	if (r == VOLSERIES_NO_QUOTE) {
		reject(file, lineno, "candle: 'quote_volume' is missing (series %s:%s:%s:%s "
		       "compares quote volume, as its first candle has it)", c->exchange,
		       c->market, c->symbol, c->interval->name);
		return;
	}
	if (r == VOLSERIES_OLDER) {
		reject(file, lineno, "candle: 'open_time' %lld is older than the last "
		       "candle of %s:%s:%s:%s (%lld); each series must be in time order",
		       (long long)c->open_time, c->exchange, c->market, c->symbol,
		       c->interval->name, (long long)s->v.last.open_time);
		return;
	}
	if (r == VOLSERIES_NEW) {
		join_before_push(s);
		e = history_push(&s->h);
		e->t = c->open_time;
		e->has_mean = (unsigned char)baseline_mean(&s->v.bl, 0, &e->mean);
	} else {
		e = history_newest(&s->h);
	}
	e->close = c->close;
	e->vol = volseries_measure(&s->v, c);
	e->closed = (unsigned char)c->closed;
	join_event(candle_event_time(c));
	join_notify(s);
}

static void on_oi(const struct oi *o, const char *file, long lineno)
{
	struct src *s = join_oi(o->exchange, o->symbol);
	struct point *e;

	if (s->seen && o->time < history_newest(&s->h)->t) {
		reject(file, lineno, "oi: 'time' %lld is older than the last oi record of %s:%s "
		       "(%lld); each symbol's oi records must be in time order",
		       (long long)o->time, o->exchange, o->symbol,
		       (long long)history_newest(&s->h)->t);
		return;
	}
	if (s->seen && o->time == history_newest(&s->h)->t) {
		e = history_newest(&s->h);
	} else {
		join_before_push(s);
		e = history_push(&s->h);
		e->t = o->time;
	}
	s->seen = 1;
	e->close = o->open_interest;
	join_event(o->time);
	join_notify(s);
}

static void on_signal(const struct signal_in *g, const struct line *ln, const char *file)
{
	struct src *s = join_series(g->exchange, g->market, g->symbol, g->interval);
	struct pending *p;

	if (s->have_sig && g->open_time < s->sig_t) {
		reject(file, ln->no, "signal: 'open_time' %lld is older than the last signal of "
		       "%s:%s:%s:%s (%lld); each series' signals must be in time order",
		       (long long)g->open_time, g->exchange, g->market, g->symbol,
		       g->interval->name, (long long)s->sig_t);
		return;
	}
	s->have_sig = 1;
	s->sig_t = g->open_time;
	p = xcalloc(1, sizeof *p);
	p->s = s;
	p->open_time = g->open_time;
	p->detected_at = g->detected_at;
	p->price = g->price;
	p->has_ratio = g->has_ratio;
	p->ratio = g->ratio;
	p->rescan = g->cb_score_members;
	p->line = xmalloc(ln->len);
	memcpy(p->line, ln->p, ln->len);
	p->len = ln->len;
	p->end = interval_close_time(g->interval, g->open_time) + 1;
	p->seq = nseq++;
	join_event(g->detected_at);
	join_hold(p);
}

static void pass_line(const struct line *ln)
{
	if (cfg.pass)
		out_line(ln->raw, ln->rawlen);
}

/* The record type of a line in cb's canonical form, which starts with its
 * type; 0 for anything else (then each reader in turn decides). */
static int sniff(const struct line *ln)
{
	if (ln->len > 17 && !memcmp(ln->p, "{\"type\":\"signal\",", 18))
		return 's';
	if (ln->len > 13 && !memcmp(ln->p, "{\"type\":\"oi\",", 14))
		return 'o';
	return 0;
}

static void on_line(void *ctx, const struct line *ln, const char *name)
{
	union { struct candle c; struct signal_in g; struct oi o; } u;
	char err[256];
	int r = REC_OTHER, kind = sniff(ln);

	(void)ctx;
	if (!kind && (r = candle_parse(&u.c, ln->p, ln->len, err, sizeof err)) != REC_OTHER) {
		pass_line(ln);
		if (r == REC_OK) {
			seen.candles++;
			on_candle(&u.c, name, ln->no);
		}
		else
			reject(name, ln->no, "%s", err);
	} else if (kind != 'o' &&
		   (r = signal_parse(&u.g, ln->p, ln->len, err, sizeof err)) == REC_OK) {
		pass_line(ln);   /* in place too, so later tools can follow it */
		seen.signals++;
		if (seriessel_match(&cfg.sel, u.g.market, u.g.interval)) {
			seen.chosen++;
			on_signal(&u.g, ln, name);
		}
	} else {
		pass_line(ln);
		if (r == REC_BAD)
			reject(name, ln->no, "%s", err);
		else if ((r = oi_parse(&u.o, ln->p, ln->len, err, sizeof err)) == REC_OK)
			on_oi(&u.o, name, ln->no);
		else if (r == REC_BAD)
			reject(name, ln->no, "%s", err);
	}
	join_late();
}

/* A stream that lacks the records scoring needs is most likely a pipeline
 * typed wrong: say so once, with the likely fix. */
static void explain_stream(void)
{
	char opts[256];

	/* A note, not a warning: cb-detect -p may have found no spike. */
	if (!seen.signals && seen.candles)
		note("no signals seen, only candles: nothing to score; cb-score reads "
		     "the signals of cb-detect -p");
	else if (seen.signals && !seen.chosen)
		note("no signal matches %s", seriessel_text(&cfg.sel, opts, sizeof opts));
	else if (seen.signals && !seen.candles)
		warn("no candles seen, so no spot or lower-interval context: "
		     "did you mean cb-detect -p?");
}

static double number_arg(const char *opt, const char *arg, double lo)
{
	char *end;
	double v = strtod(arg, &end);

	if (end == arg || *end || !(v >= lo) || !isfinite(v))
		usage_error("--%s: '%s' is not a number of %g or more", opt, arg, lo);
	return v;
}

static void steps_arg(const char *opt, struct steps *t, const char *arg, int durations)
{
	const char *why;

	if (steps_parse(t, arg, durations, &why) < 0)
		usage_error("--%s: '%s': %s", opt, arg, why);
}

int main(int argc, char **argv)
{
	const char *arg;
	int c;

	msg_init("cb-score");
	score_rules_default(&cfg.rules);
	cfg.sync_ratio = 1.5;
	cfg.oi_rise = 5;
	cfg.ltf_ratio = 2;
	cfg.basis_ratio = 2;
	cfg.basis_candles = 12;
	while ((c = opts_next(argc, argv, options, &usage, &arg)) != -1) {
		switch (c) {
		case OPT_PASS: cfg.pass = 1; break;
		case OPT_STRICT: msg_set_strict(1); break;
		case OPT_MIN_SCORE:
			cfg.min_score = number_arg("min-score", arg, 0);
			cfg.have_min_score = 1;
			break;
		case OPT_LEVEL:
		{
			static const char *const levels[] = { "LOW", "MEDIUM", "HIGH", "EXTREME", NULL };

			cfg.min_level = opts_choice("--level", arg, levels);
			break;
		}
		case OPT_WEIGHTS:
			if (score_weights_parse(&cfg.rules, arg) < 0)
				usage_error("--weights: '%s' is not five numbers from 0 to %d "
					    "such as 25,25,20,20,10", arg, SCORE_WEIGHT_MAX);
			break;
		case OPT_WEIGHTS_FILE: {
			int exists;

			if (cal_rules_load(arg, &cfg.rules, &exists) < 0)
				exit(CB_EXIT_FATAL);
			if (!exists)
				die("cannot read '%s': No such file or directory", arg);
			break;
		}
		case OPT_LEVELS:
			if (score_levels_parse(&cfg.rules, arg) < 0)
				usage_error("--levels: '%s' is not three decreasing numbers "
					    "such as 80,60,40", arg);
			break;
		case OPT_VOLUME_STEPS: steps_arg("volume-steps", &cfg.rules.volume, arg, 0); break;
		case OPT_OI_STEPS: steps_arg("oi-steps", &cfg.rules.oi, arg, 0); break;
		case OPT_SPOT_STEPS: steps_arg("spot-steps", &cfg.rules.spot, arg, 0); break;
		case OPT_TIMING_STEPS: steps_arg("timing-steps", &cfg.rules.timing, arg, 1); break;
		case OPT_CONFIRMATION_POINTS: {
			char *end;

			cfg.rules.confirm_each = strtod(arg, &end);
			if (end == arg || *end != ',' || !(cfg.rules.confirm_each >= 0))
				usage_error("--confirmation-points: '%s' is not EACH,MAX "
					    "such as 5,20", arg);
			cfg.rules.confirm_max = number_arg("confirmation-points", end + 1, 0);
			break;
		}
		case OPT_SYNC_RATIO: cfg.sync_ratio = number_arg("sync-ratio", arg, 0); break;
		case OPT_OI_RISE: cfg.oi_rise = number_arg("oi-rise", arg, -100); break;
		case OPT_LTF_RATIO: cfg.ltf_ratio = number_arg("ltf-ratio", arg, 0); break;
		case OPT_BASIS_RATIO: cfg.basis_ratio = number_arg("basis-ratio", arg, 0); break;
		case OPT_BASIS_CANDLES: {
			double n = number_arg("basis-candles", arg, 1);

			if (n != floor(n) || n > BASIS_MAX)
				usage_error("--basis-candles: '%s' is not a whole number from 1 to %d",
					    arg, BASIS_MAX);
			cfg.basis_candles = (int)n;
			break;
		}
		case OPT_LATENESS:
			if (duration_parse(arg, &cfg.lateness) < 0)
				usage_error("--lateness: '%s' is not a duration such as 4h or 0s", arg);
			cfg.have_lateness = 1;
			break;
		case OPT_NOW:
			cfg.now = opts_time("--now", arg);
			cfg.have_now = 1;
			break;
		case OPT_MARKET: seriessel_markets(&cfg.sel, "--market", arg); break;
		case OPT_INTERVAL: seriessel_intervals(&cfg.sel, "--interval", arg); break;
		default:
			usage_error("unhandled option");
		}
	}
	out_init();
	join_init(&(struct join_opts){ .basis_candles = cfg.basis_candles,
		.have_lateness = cfg.have_lateness, .lateness = cfg.lateness,
		.score = score_and_write });
	rejects_summarise();
	lines_progress("records");
	lines_foreach(argv + optind, argc - optind, 0, on_line, NULL);
	join_end();
	out_close();
	explain_stream();
	join_free();
	buf_release(&obuf);
	return rejects_end();
}
