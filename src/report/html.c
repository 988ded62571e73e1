/* cb-report --html: the page, one self-contained HTML5 document (inline
 * CSS and SVG, no script, no external reference), read offline and by a
 * screen reader: a heading per section, tables with captions and header
 * cells with scope, the charts with a title and a description, and every
 * status written out in words (colour only repeats it). The history's
 * filters are anchors: each filter is a table of its own, and CSS shows
 * the one targeted (all of them without CSS). */
#include <math.h>
#include <string.h>

#include "cbtime.h"
#include "rpt.h"

static const char style[] =
	"body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;max-width:72rem;"
	"padding:0 1rem 2rem;color:#1a1a1a;background:#fff}"
	"h1{margin:1rem 0 .2rem}h2{border-bottom:2px solid #ccc;margin-top:2rem}"
	"nav a{margin-right:.8rem}"
	"table{border-collapse:collapse;margin:.5rem 0 1rem;font-variant-numeric:tabular-nums}"
	"caption{text-align:left;font-weight:600;padding:.3rem 0}"
	"th,td{border:1px solid #ccc;padding:.2rem .5rem;text-align:right}"
	"th[scope=col]{background:#f0f0f0}th[scope=row],td.t{text-align:left}"
	".ok{color:#0a6b2a}.bad{color:#a4161a}.warn{color:#8a5a00}"
	"#history .filter:not(#history-all):not(:target){display:none}"
	"#history:has(.filter:target) #history-all:not(:target){display:none}"
	"svg{max-width:100%;height:auto;border:1px solid #ddd}"
	"svg .grid{stroke:#bbb;stroke-dasharray:4 3}svg .line{fill:none;stroke:#1f4e9e;stroke-width:2}"
	"svg text{font:12px sans-serif;fill:#333}"
	"footer{margin-top:2rem;color:#555}";

/* Text or an attribute value, escaped; the page stays well-formed XML too
 * (tests read it with xmllint). */
static void esc(struct buf *b, const char *s)
{
	for (; *s; s++)
		switch (*s) {
		case '&': buf_adds(b, "&amp;"); break;
		case '<': buf_adds(b, "&lt;"); break;
		case '>': buf_adds(b, "&gt;"); break;
		case '"': buf_adds(b, "&quot;"); break;
		case '\'': buf_adds(b, "&#39;"); break;
		default:
			/* No control character: XML 1.0 has none but tab, LF, CR. */
			buf_addc(b, (unsigned char)*s < 0x20 && *s != '\t' && *s != '\n' &&
					    *s != '\r' ? '?' : *s);
		}
}

/* A time: <time datetime="2025-05-01T04:00:00Z">2025-05-01 04:00</time>. */
static void when(struct buf *b, int64_t ms)
{
	char t[40];

	time_format(t, ms);
	buf_printf(b, "<time datetime=\"%s\">%.10s %.5s</time>", t, t, t + 11);
}

/* A duration in words: "2 d 4 h", "3 h 20 min", "12 min", "42 s". */
static void duration(struct buf *b, int64_t ms)
{
	int64_t s = ms / 1000, m = s / 60, h = m / 60, d = h / 24;

	if (d > 0)
		buf_printf(b, "%lld d %lld h", (long long)d, (long long)(h % 24));
	else if (h > 0)
		buf_printf(b, "%lld h %lld min", (long long)h, (long long)(m % 60));
	else if (m > 0)
		buf_printf(b, "%lld min", (long long)m);
	else
		buf_printf(b, "%lld.%03lld s", (long long)s, (long long)(ms % 1000));
}

static void th_cols(struct buf *b, const char *const *cols)
{
	buf_adds(b, "<thead><tr>");
	for (; *cols; cols++)
		buf_printf(b, "<th scope=\"col\">%s</th>", *cols);
	buf_adds(b, "</tr></thead>\n<tbody>\n");
}

static void row_head(struct buf *b, const char *s)
{
	buf_adds(b, "<tr><th scope=\"row\">");
	esc(b, s);
	buf_adds(b, "</th>");
}

static void td_text(struct buf *b, const char *s)
{
	buf_adds(b, "<td class=\"t\">");
	esc(b, s);
	buf_adds(b, "</td>");
}

static void td_time(struct buf *b, int64_t ms)
{
	buf_adds(b, "<td class=\"t\">");
	when(b, ms);
	buf_adds(b, "</td>");
}

static void td_pct(struct buf *b, int has, double v)
{
	if (has)
		buf_printf(b, "<td>%.1f %%</td>", v);
	else
		buf_adds(b, "<td>n/a</td>");
}

static const char *status_class(enum lc_status s)
{
	return s == LC_CONFIRMED ? "ok" : s == LC_FAILED ? "bad" : "warn";
}

/* System status: the candles of each series, the last run of each job. */
static void sec_status(struct buf *b, const struct rpt *r)
{
	static const char *const gcols[] = { "Exchange", "Market", "Interval", "Series",
					     "Newest candle opens", "Largest lag", "Most behind",
					     NULL };
	static const char *const scols[] = { "Symbol", "Exchange", "Market", "Interval",
					     "Candles", "Newest candle opens", "Lag", NULL };
	static const char *const jcols[] = { "Job", "Last run started", "Duration", "Result",
					     "Summary", NULL };

	buf_adds(b, "<section id=\"status\" aria-labelledby=\"status-h\">\n"
		 "<h2 id=\"status-h\">System status</h2>\n<h3>Market data</h3>\n");
	if (!r->has_store) {
		buf_adds(b, "<p>There is no store at <code>");
		esc(b, r->db_path);
		buf_adds(b, "</code>: nothing has been fetched yet (cb-fetch fills it).</p>\n");
	} else if (!r->nseries) {
		buf_adds(b, "<p>The store holds no candles yet.</p>\n");
	} else {
		buf_adds(b, "<table>\n<caption>The newest candle of each kind of series, "
			 "and the lag: the time from the end of a series' newest candle "
			 "to now</caption>\n");
		th_cols(b, gcols);
		for (size_t i = 0; i < r->nseries; i++) {
			const struct rpt_series *s = &r->series[i], *worst = s;
			size_t j, n = 0;
			int64_t newest = s->newest_open;

			for (j = 0; j < i; j++)
				if (!strcmp(r->series[j].exchange, s->exchange) &&
				    !strcmp(r->series[j].market, s->market) &&
				    !strcmp(r->series[j].interval, s->interval))
					break;
			if (j < i)
				continue;
			for (j = i; j < r->nseries; j++) {
				const struct rpt_series *t = &r->series[j];

				if (strcmp(t->exchange, s->exchange) || strcmp(t->market, s->market) ||
				    strcmp(t->interval, s->interval))
					continue;
				n++;
				if (t->newest_open > newest)
					newest = t->newest_open;
				if (t->lag_ms > worst->lag_ms)
					worst = t;
			}
			row_head(b, s->exchange);
			td_text(b, s->market);
			td_text(b, s->interval);
			buf_printf(b, "<td>%zu</td>", n);
			td_time(b, newest);
			buf_adds(b, "<td>");
			duration(b, worst->lag_ms);
			buf_adds(b, "</td>");
			td_text(b, worst->symbol);
			buf_adds(b, "</tr>\n");
		}
		buf_printf(b, "</tbody>\n</table>\n<details><summary>Every series (%zu)</summary>\n"
			   "<table id=\"series\">\n<caption>Every series of candles in the "
			   "store</caption>\n", r->nseries);
		th_cols(b, scols);
		for (size_t i = 0; i < r->nseries; i++) {
			const struct rpt_series *s = &r->series[i];

			row_head(b, s->symbol);
			td_text(b, s->exchange);
			td_text(b, s->market);
			td_text(b, s->interval);
			buf_printf(b, "<td>%lld</td>", (long long)s->candles);
			td_time(b, s->newest_open);
			buf_adds(b, "<td>");
			duration(b, s->lag_ms);
			buf_adds(b, "</td></tr>\n");
		}
		buf_adds(b, "</tbody>\n</table>\n</details>\n");
	}
	buf_adds(b, "<h3>Jobs</h3>\n");
	if (!r->has_jobs) {
		buf_adds(b, "<p>There is no jobs log at <code>");
		esc(b, r->jobs_path);
		buf_adds(b, "</code>: no job has run yet (cb-run writes it).</p>\n");
	} else if (!r->njobs) {
		buf_adds(b, "<p>The jobs log holds no job record yet.</p>\n");
	} else {
		buf_adds(b, "<table id=\"jobs\">\n<caption>The last run of each job</caption>\n");
		th_cols(b, jcols);
		for (size_t i = 0; i < r->njobs; i++) {
			const struct rpt_job *j = &r->jobs[i];

			row_head(b, j->name);
			td_time(b, j->start);
			buf_adds(b, "<td>");
			duration(b, j->end - j->start);
			buf_adds(b, "</td>");
			if (j->status == 0)
				buf_adds(b, "<td class=\"t ok\">ok</td>");
			else
				buf_printf(b, "<td class=\"t bad\">failed (exit status %lld)</td>",
					   (long long)j->status);
			td_text(b, j->summary);
			buf_adds(b, "</tr>\n");
		}
		buf_adds(b, "</tbody>\n</table>\n");
	}
	buf_adds(b, "</section>\n");
}

/* A table of signals; final ones show when they ended. */
static void signal_table(struct buf *b, const char *id, const char *caption,
			 const struct rpt_signal *s, size_t n, int final,
			 int (*keep)(const struct rpt_signal *, int), int arg)
{
	static const char *const cols[] = { "Symbol", "Interval", "Detected", "Strength", "Score",
					    "Level", "Status", "Since", "Max gain", "Drawdown",
					    NULL };
	static const char *const fcols[] = { "Symbol", "Interval", "Detected", "Strength",
					     "Score", "Level", "Outcome", "At", "Max gain",
					     "Drawdown", NULL };

	buf_printf(b, "<table id=\"%s\">\n<caption>", id);
	esc(b, caption);
	buf_adds(b, "</caption>\n");
	th_cols(b, final ? fcols : cols);
	for (size_t i = 0; i < n; i++) {
		const struct rpt_signal *x = &s[i];

		if (keep && !keep(x, arg))
			continue;
		row_head(b, x->symbol);
		td_text(b, x->interval);
		td_time(b, x->detected_at);
		td_text(b, x->strength == STRENGTH_NONE ? "none" : strength_name(x->strength));
		buf_printf(b, "<td>%.1f</td>", x->total);
		td_text(b, x->level);
		buf_printf(b, "<td class=\"t %s\">%s</td>", status_class(x->status),
			   lc_status_name(x->status));
		td_time(b, x->status_time);
		td_pct(b, x->tracked > 0, x->max_gain_pct);
		td_pct(b, x->tracked > 0, x->drawdown_pct);
		buf_adds(b, "</tr>\n");
	}
	buf_adds(b, "</tbody>\n</table>\n");
}

static void sec_active(struct buf *b, const struct rpt *r)
{
	buf_printf(b, "<section id=\"active\" aria-labelledby=\"active-h\">\n"
		   "<h2 id=\"active-h\">Active signals (%zu)</h2>\n", r->nactive);
	if (!r->nactive)
		buf_adds(b, "<p>No signal is being followed (none DETECTED or MONITORING).</p>\n");
	else
		signal_table(b, "active-signals", "Signals followed now, oldest first", r->active,
			     r->nactive, 0, NULL, 0);
	buf_adds(b, "</section>\n");
}

static int by_status(const struct rpt_signal *s, int st)
{
	return s->status == (enum lc_status)st;
}

static int by_strength(const struct rpt_signal *s, int st)
{
	return s->strength == (enum strength)st;
}

static size_t count_if(const struct rpt *r, int (*keep)(const struct rpt_signal *, int), int arg)
{
	size_t n = 0;

	for (size_t i = 0; i < r->nhistory; i++)
		n += keep(&r->history[i], arg) != 0;
	return n;
}

static void sec_history(struct buf *b, const struct rpt *r)
{
	static const char *const sname[4] = { "weak", "medium", "strong", "extreme" };
	char id[40], cap[120];

	buf_adds(b, "<section id=\"history\" aria-labelledby=\"history-h\">\n"
		 "<h2 id=\"history-h\">History</h2>\n");
	if (!r->nfinal) {
		buf_adds(b, "<p>No signal has reached a final status (CONFIRMED or FAILED) "
			 "yet.</p>\n</section>\n");
		return;
	}
	buf_printf(b, "<p>The %zu most recent of %ld signals that reached a final status, newest "
		   "first.</p>\n<nav aria-label=\"History filters\">Show: "
		   "<a href=\"#history-all\">all (%zu)</a> "
		   "<a href=\"#history-confirmed\">CONFIRMED (%zu)</a> "
		   "<a href=\"#history-failed\">FAILED (%zu)</a>", r->nhistory, r->nfinal,
		   r->nhistory, count_if(r, by_status, LC_CONFIRMED),
		   count_if(r, by_status, LC_FAILED));
	for (int i = 0; i < 4; i++)
		buf_printf(b, " <a href=\"#history-%s\">%s (%zu)</a>", sname[i],
			   strength_name((enum strength)i), count_if(r, by_strength, i));
	buf_adds(b, "</nav>\n<div class=\"filter\" id=\"history-all\">\n");
	signal_table(b, "history-all-table", "Every final signal", r->history, r->nhistory, 1,
		     NULL, 0);
	buf_adds(b, "</div>\n<div class=\"filter\" id=\"history-confirmed\">\n");
	signal_table(b, "history-confirmed-table", "CONFIRMED signals", r->history,
		     r->nhistory, 1, by_status, LC_CONFIRMED);
	buf_adds(b, "</div>\n<div class=\"filter\" id=\"history-failed\">\n");
	signal_table(b, "history-failed-table", "FAILED signals", r->history, r->nhistory, 1,
		     by_status, LC_FAILED);
	buf_adds(b, "</div>\n");
	for (int i = 0; i < 4; i++) {
		snprintf(id, sizeof id, "history-%s-table", sname[i]);
		snprintf(cap, sizeof cap, "Final signals of strength %s",
			 strength_name((enum strength)i));
		buf_printf(b, "<div class=\"filter\" id=\"history-%s\">\n", sname[i]);
		signal_table(b, id, cap, r->history, r->nhistory, 1, by_strength, i);
		buf_adds(b, "</div>\n");
	}
	buf_adds(b, "</section>\n");
}

static void group_row(struct buf *b, const struct rpt_group *g, const char *name,
		      int has_base, double base)
{
	int has;
	double rate = rpt_rate(g, &has);

	row_head(b, name);
	buf_printf(b, "<td>%ld</td><td>%ld</td><td>%ld</td><td>%ld</td>", g->signals, g->active,
		   g->decided, g->confirmed);
	td_pct(b, has, rate);
	td_pct(b, has_base, base);
	if (has && has_base && base > 0)
		buf_printf(b, "<td>%.2f</td>", rate / base);
	else
		buf_adds(b, "<td>n/a</td>");
	buf_adds(b, "</tr>\n");
}

static void group_table(struct buf *b, const struct rpt *r, const char *id, const char *by,
			const char *caption, const struct rpt_group *g)
{
	const char *cols[] = { by, "Signals", "Active", "Final", "Confirmed", "Rate",
			       "Base rate", "Lift", NULL };
	int has_base;
	double base = rpt_base_rate(r, &has_base);

	buf_printf(b, "<table id=\"%s\">\n<caption>%s</caption>\n", id, caption);
	th_cols(b, cols);
	group_row(b, &r->all, "all signals", has_base, base);
	for (int i = 0; i < 4; i++)
		group_row(b, &g[i], g[i].value, has_base, base);
	buf_adds(b, "</tbody>\n</table>\n");
}

static void sec_stats(struct buf *b, const struct rpt *r)
{
	int has_base;
	double base = rpt_base_rate(r, &has_base);

	buf_adds(b, "<section id=\"stats\" aria-labelledby=\"stats-h\">\n"
		 "<h2 id=\"stats-h\">Statistics</h2>\n"
		 "<p><strong>Rate</strong>: the share of CONFIRMED signals (a gain of 10 % "
		 "from the signal candle's close within 168 hours, before a drawdown of "
		 "15 %) among those that reached a final status, CONFIRMED or FAILED. "
		 "<strong>Base rate</strong>: the same share for a signal on every closed "
		 "candle of the series the signals came from, followed by the same rules: "
		 "what a candle picked at random would have done. <strong>Lift</strong>: the "
		 "rate divided by the base rate; above 1 the signals did better than "
		 "chance.</p>\n");
	if (has_base)
		buf_printf(b, "<p>Base rate: %.1f %% (%zu of %zu candles of %zu series).</p>\n",
			   base, r->base.confirmed, r->base.decided, r->base_series);
	else
		buf_adds(b, "<p>Base rate: n/a (no candle of a signal's series reached a final "
			 "status).</p>\n");
	if (!r->nsignals) {
		buf_adds(b, "<p>There is no signal in the store yet.</p>\n</section>\n");
		return;
	}
	group_table(b, r, "stats-strength", "Strength", "By strength at detection",
		    r->strength);
	group_table(b, r, "stats-level", "Confidence level",
		    "By confidence level at registration", r->level);
	buf_adds(b, "</section>\n");
}

static void sec_positions(struct buf *b, const struct rpt *r)
{
	static const char *const cols[] = { "Symbol", "Mode", "Side", "Entered", "Entry price",
					    "Quantity", "Notional", "Mark", "Unrealized PnL",
					    NULL };

	buf_printf(b, "<section id=\"positions\" aria-labelledby=\"positions-h\">\n"
		   "<h2 id=\"positions-h\">Open positions (%zu)</h2>\n", r->npos);
	if (!r->npos) {
		buf_adds(b, "<p>No position is open, on paper or live.</p>\n</section>\n");
		return;
	}
	buf_adds(b, "<table id=\"open-positions\">\n<caption>Open positions of cb-order; a "
		 "live position's mark is on the exchange, not in the store</caption>\n");
	th_cols(b, cols);
	for (size_t i = 0; i < r->npos; i++) {
		const struct rpt_position *p = &r->pos[i];

		row_head(b, p->symbol);
		td_text(b, p->mode);
		td_text(b, p->side > 0 ? "long" : "short");
		td_time(b, p->entry_time);
		buf_printf(b, "<td>%.6g</td><td>%.6g</td><td>%.2f</td>", p->entry_price,
			   p->quantity, p->notional);
		if (p->has_mark)
			buf_printf(b, "<td>%.6g</td><td>%.2f</td>", p->mark, p->unrealized);
		else
			buf_adds(b, "<td>n/a</td><td>n/a</td>");
		buf_adds(b, "</tr>\n");
	}
	buf_adds(b, "</tbody>\n</table>\n</section>\n");
}

/* The curve as a step line: 0 until the first exit, then the cumulative
 * pnl after each trade, with a dot per trade. */
#define W 720.0
#define HGT 260.0
#define L 80.0
#define R 20.0
#define T 20.0
#define B 40.0

static void chart(struct buf *b, const struct rpt_curve *c)
{
	double lo = 0, hi = 0;
	int64_t t0 = c->t[0], t1 = c->t[c->n - 1];
	char from[40], to[40];

	for (size_t i = 0; i < c->n; i++) {
		lo = fmin(lo, c->pnl[i]);
		hi = fmax(hi, c->pnl[i]);
	}
	if (hi - lo < 1e-9)
		hi = lo + 1;
	if (t1 == t0)
		t1 = t0 + 1;
	time_format(from, c->t[0]);
	time_format(to, c->t[c->n - 1]);
#define X(t) (L + (W - L - R) * (double)((t) - t0) / (double)(t1 - t0))
#define Y(v) (T + (HGT - T - B) * (hi - (v)) / (hi - lo))
	buf_printf(b, "<figure>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %.0f "
		   "%.0f\" width=\"%.0f\" height=\"%.0f\" role=\"img\" aria-labelledby=\"eq-%s-t "
		   "eq-%s-d\">\n<title id=\"eq-%s-t\">%s equity curve: cumulative realized PnL "
		   "by exit time</title>\n<desc id=\"eq-%s-d\">%zu trades closed from %.10s to "
		   "%.10s; the realized PnL ends at %.2f, its lowest %.2f, its highest "
		   "%.2f.</desc>\n", W, HGT, W, HGT, c->mode, c->mode, c->mode,
		   !strcmp(c->mode, "paper") ? "Paper" : "Live", c->mode, c->n, from, to,
		   c->pnl[c->n - 1], lo, hi);
	buf_printf(b, "<line class=\"grid\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>\n",
		   L, W - R, Y(0), Y(0));
	buf_printf(b, "<line stroke=\"#333\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>\n",
		   L, L, T, HGT - B);
	buf_printf(b, "<line stroke=\"#333\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>\n",
		   L, W - R, HGT - B, HGT - B);
	buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%.2f</text>\n", L - 6,
		   T + 4, hi);
	buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%.2f</text>\n", L - 6,
		   HGT - B + 4, lo);
	if (lo < 0 && hi > 0)
		buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">0</text>\n", L - 6,
			   Y(0) + 4);
	buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\">%.10s</text>\n", L, HGT - B + 18, from);
	buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%.10s</text>\n", W - R,
		   HGT - B + 18, to);
	buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">exit time (UTC)"
		   "</text>\n", (L + W - R) / 2, HGT - 6);
	buf_printf(b, "<path class=\"line\" d=\"M%.1f %.1f", L, Y(0));
	for (size_t i = 0; i < c->n; i++)
		buf_printf(b, " H%.1f V%.1f", X(c->t[i]), Y(c->pnl[i]));
	buf_adds(b, "\"/>\n");
	for (size_t i = 0; i < c->n; i++) {
		char t[40];

		time_format(t, c->t[i]);
		buf_printf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#1f4e9e\"><title>%s: "
			   "%.2f</title></circle>\n", X(c->t[i]), Y(c->pnl[i]), t, c->pnl[i]);
	}
#undef X
#undef Y
	buf_printf(b, "</svg>\n<figcaption>%s: %zu trades, realized PnL %.2f.</figcaption>\n"
		   "</figure>\n", !strcmp(c->mode, "paper") ? "Paper" : "Live", c->n,
		   c->pnl[c->n - 1]);
}

static void sec_equity(struct buf *b, const struct rpt *r)
{
	buf_adds(b, "<section id=\"equity\" aria-labelledby=\"equity-h\">\n"
		 "<h2 id=\"equity-h\">Equity curve</h2>\n");
	if (!r->curve[0].n && !r->curve[1].n)
		buf_adds(b, "<p>No trade has closed yet, on paper or live.</p>\n");
	for (int m = 0; m < 2; m++)
		if (r->curve[m].n)
			chart(b, &r->curve[m]);
	buf_adds(b, "</section>\n");
}

void rpt_html(struct buf *b, const struct rpt *r)
{
	buf_printf(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
		   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
		   "<title>cb report</title>\n<style>%s</style>\n</head>\n<body>\n<header>\n"
		   "<h1>cb report</h1>\n<p>As of ", style);
	when(b, r->now);
	buf_adds(b, " UTC, from the store <code>");
	esc(b, r->db_path);
	buf_adds(b, "</code>.</p>\n<nav aria-label=\"Sections\"><a href=\"#status\">System "
		 "status</a> <a href=\"#active\">Active signals</a> <a href=\"#history\">History"
		 "</a> <a href=\"#stats\">Statistics</a> <a href=\"#positions\">Open positions"
		 "</a> <a href=\"#equity\">Equity curve</a></nav>\n</header>\n<main>\n");
	sec_status(b, r);
	sec_active(b, r);
	sec_history(b, r);
	sec_stats(b, r);
	sec_positions(b, r);
	sec_equity(b, r);
	buf_adds(b, "</main>\n<footer><p>Written by cb-report " CB_VERSION ". Times are UTC."
		 "</p></footer>\n</body>\n</html>\n");
}
