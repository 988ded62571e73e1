/* cb-detect: find volume spikes in candle records and write signal records.
 *
 * For each series (exchange, market, symbol, interval) the volume of every
 * candle is compared with the mean volume of the closed candles just before
 * it over each window (7, 14 and 30 days); a candle whose volume is at least
 * --min-ratio times the first window's mean is a signal. */
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
#include "signalrec.h"
#include "strmap.h"
#include "volseries.h"

enum { OPT_ALL = 'a', OPT_PASS = 'p', OPT_MIN_RATIO = 'r', OPT_THRESHOLDS = 't',
       OPT_WINDOWS = 'w', OPT_VOLUME = OPT_TOOL, OPT_PARTIAL, OPT_SINCE, OPT_NOW,
       OPT_STRICT };

static const struct opt options[] = {
	{ "all", OPT_ALL, 0, NULL, "write an evaluation record for every evaluated candle" },
	{ "pass-through", OPT_PASS, 0, NULL, "copy every input line to the output, signals after their candle" },
	{ "min-ratio", OPT_MIN_RATIO, 1, "R", "signal when the first window's ratio is at least R (the WEAK threshold, 1.5)" },
	{ "thresholds", OPT_THRESHOLDS, 1, "W,M,S,E", "ratios for WEAK, MEDIUM, STRONG, EXTREME (1.5,2,3,5)" },
	{ "windows", OPT_WINDOWS, 1, "LIST", "baseline windows, comma-separated durations (7d,14d,30d)" },
	{ "volume", OPT_VOLUME, 1, "MEASURE", "quote, base or auto: the volume compared (auto)" },
	{ "partial", OPT_PARTIAL, 0, NULL, "also evaluate forming candles (\"closed\":false)" },
	{ "since", OPT_SINCE, 1, "TIME", "write records only for candles opening at or after TIME" },
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
	int last_signalled;       /* a forming signal was written for the newest candle */
};

static struct {
	int all, pass, partial;
	double min_ratio;
	struct strength_rules rules;
	int nwin;
	int64_t win_ms[BASELINE_MAX_WINDOWS];
	const char *labels[BASELINE_MAX_WINDOWS];
	char label_buf[BASELINE_MAX_WINDOWS][16];
	enum measure measure;
	int have_since;
	int64_t since;
} cfg;

static struct strmap *series_map;
static struct buf obuf;

static void parse_windows(const char *arg)
{
	const char *p = arg;

	cfg.nwin = 0;
	while (*p) {
		size_t n = strcspn(p, ",");
		char *lab;

		if (cfg.nwin == BASELINE_MAX_WINDOWS)
			usage_error("--windows: at most %d windows", BASELINE_MAX_WINDOWS);
		lab = cfg.label_buf[cfg.nwin];
		if (n == 0 || n >= sizeof cfg.label_buf[0])
			usage_error("--windows: '%s' is not a list of durations", arg);
		memcpy(lab, p, n);
		lab[n] = '\0';
		if (duration_parse(lab, &cfg.win_ms[cfg.nwin]) < 0)
			usage_error("--windows: '%s' is not a duration such as 7d or 90m", lab);
		for (int i = 0; i < cfg.nwin; i++)
			if (!strcmp(cfg.labels[i], lab))
				usage_error("--windows: '%s' is given twice", lab);
		cfg.labels[cfg.nwin++] = lab;
		p += n;
		if (*p == ',' && *++p == '\0')
			usage_error("--windows: '%s' ends with a comma", arg);
	}
	if (!cfg.nwin)
		usage_error("--windows: no windows given");
}

static double parse_ratio(const char *arg)
{
	char *end;
	double v = strtod(arg, &end);

	if (end == arg || *end || !(v > 0) || v > 1e9)
		usage_error("--min-ratio: '%s' is not a positive number", arg);
	return v;
}

static struct series *series_for(const struct candle *c)
{
	char key[CANDLE_KEY_MAX];
	size_t n = candle_series_key(c, key);
	int created;
	struct series *s = strmap_get(series_map, key, n, &created);

	if (created)
		volseries_init(&s->v, c, cfg.win_ms, cfg.nwin, cfg.measure);
	return s;
}

/* Compare c with its series' windows; write a record if it is a signal
 * (or always with --all). Returns 1 if a signal was written. */
static int evaluate(struct series *s, const struct candle *c, int force)
{
	struct signal sig = { 0 };
	double m;
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
	return spike || force;
}

static void on_candle(struct candle *c, const char *file, long lineno)
{
	struct series *s = series_for(c);
	int again = 0;

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
		break;
	}
	if (!c->closed && !cfg.partial)
		return;
	if (cfg.have_since && c->open_time < cfg.since)
		return;
	/* A candle signalled while forming is signalled again when it closes. */
	if (evaluate(s, c, again && c->closed) && !c->closed)
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

static void release_series(void *ctx, const char *key, size_t len, void *val)
{
	struct series *s = val;

	(void)ctx;
	(void)key;
	(void)len;
	volseries_release(&s->v);
}

int main(int argc, char **argv)
{
	const char *arg, *since_arg = NULL, *min_ratio_arg = NULL;
	int c;

	msg_init("cb-detect");
	strength_rules_default(&cfg.rules);
	parse_windows("7d,14d,30d");
	while ((c = opts_next(argc, argv, options, &usage, &arg)) != -1) {
		switch (c) {
		case OPT_ALL: cfg.all = 1; break;
		case OPT_PASS: cfg.pass = 1; break;
		case OPT_PARTIAL: cfg.partial = 1; break;
		case OPT_STRICT: msg_set_strict(1); break;
		case OPT_MIN_RATIO: min_ratio_arg = arg; break;
		case OPT_SINCE: since_arg = arg; break;
		case OPT_WINDOWS: parse_windows(arg); break;
		case OPT_THRESHOLDS:
			if (strength_rules_parse(&cfg.rules, arg) < 0)
				usage_error("--thresholds: '%s' is not four increasing positive "
					    "numbers such as 1.5,2,3,5", arg);
			break;
		case OPT_VOLUME:
		{
			static const char *const measures[] = { "quote", "base", "auto", NULL };
			static const enum measure ids[] = { MEASURE_QUOTE, MEASURE_BASE, MEASURE_AUTO };

			cfg.measure = ids[opts_choice("--volume", arg, measures)];
			break;
		}
		case OPT_NOW:
			time_set_now(opts_time("--now", arg));
			break;
		default:
			usage_error("unhandled option");
		}
	}
	cfg.min_ratio = min_ratio_arg ? parse_ratio(min_ratio_arg) : cfg.rules.t[0];
	if (since_arg) {
		cfg.since = opts_time("--since", since_arg);
		cfg.have_since = 1;
	}
	out_init();
	series_map = strmap_new(sizeof(struct series));
	lines_foreach(argv + optind, argc - optind, 0, on_line, NULL);
	out_close();
	strmap_each(series_map, release_series, NULL);
	strmap_free(series_map);
	buf_release(&obuf);
	return msg_exit_status();
}
