/* svg: the equity picture (svg.h). */
#include "svg.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cbtime.h"

#define W 960.0           /* the picture */
#define H 600.0
#define LEFT 90.0         /* the plot area of both panels */
#define RIGHT 930.0
#define EQ_TOP 50.0       /* equity panel */
#define EQ_BOTTOM 380.0
#define DD_TOP 420.0      /* drawdown panel */
#define DD_BOTTOM 550.0
#define DAY_MS 86400000LL

/* Text for an XML element: & < > and " escaped, control bytes dropped. */
static void put_text(struct buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': buf_adds(b, "&amp;"); break;
		case '<': buf_adds(b, "&lt;"); break;
		case '>': buf_adds(b, "&gt;"); break;
		case '"': buf_adds(b, "&quot;"); break;
		default:
			if ((unsigned char)*s >= 0x20)
				buf_addc(b, *s);
		}
	}
}

/* A step of 1, 2 or 5 times a power of ten that cuts span in about n. */
static double nice_step(double span, int n)
{
	double raw = span / n, p = pow(10, floor(log10(raw))), f = raw / p;

	return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * p;
}

struct xaxis {
	int64_t t0, t1;
};

static double x_of(const struct xaxis *x, int64_t t)
{
	if (x->t1 == x->t0)
		return (LEFT + RIGHT) / 2;
	return LEFT + (RIGHT - LEFT) * (double)(t - x->t0) / (double)(x->t1 - x->t0);
}

/* Vertical grid lines and date labels under the drawdown panel: days,
 * weeks, months or years, whichever gives at most about eight. */
static void time_ticks(struct buf *b, const struct xaxis *x)
{
	static const int month_steps[] = { 1, 2, 3, 6, 12, 24, 60 };
	static const int day_steps[] = { 1, 2, 7, 14 };
	int64_t span_days = (x->t1 - x->t0) / DAY_MS + 1;
	int64_t y;
	unsigned m, d;

	if (span_days <= 8 * 14) {
		int step = day_steps[3];

		for (size_t i = 0; i < sizeof day_steps / sizeof *day_steps; i++)
			if (span_days / day_steps[i] <= 8) {
				step = day_steps[i];
				break;
			}
		for (int64_t day = floor_div(x->t0 + DAY_MS - 1, DAY_MS); day * DAY_MS <= x->t1;
		     day += step) {
			double px = x_of(x, day * DAY_MS);

			civil_from_days(day, &y, &m, &d);
			buf_printf(b, "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
			    px, EQ_TOP, px, DD_BOTTOM);
			buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%04lld-%02u-%02u</text>\n",
			    px, DD_BOTTOM + 18, (long long)y, m, d);
		}
		return;
	}
	{
		int64_t months = span_days / 30 + 1;
		int step = month_steps[6];
		int64_t ym;

		for (size_t i = 0; i < sizeof month_steps / sizeof *month_steps; i++)
			if (months / month_steps[i] <= 8) {
				step = month_steps[i];
				break;
			}
		civil_from_days(floor_div(x->t0, DAY_MS), &y, &m, &d);
		ym = y * 12 + (m - 1) + 1;           /* the first month start after t0 */
		ym = (ym + step - 1) / step * step;  /* on the step's grid */
		for (;; ym += step) {
			int64_t t = days_from_civil(ym / 12, (unsigned)(ym % 12) + 1, 1) * DAY_MS;
			double px;

			if (t > x->t1)
				break;
			px = x_of(x, t);
			buf_printf(b, "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
			    px, EQ_TOP, px, DD_BOTTOM);
			if (step % 12 == 0)
				buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%04lld</text>\n",
				    px, DD_BOTTOM + 18, (long long)(ym / 12));
			else
				buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%04lld-%02u</text>\n",
				    px, DD_BOTTOM + 18, (long long)(ym / 12), (unsigned)(ym % 12) + 1);
		}
	}
}

/* Horizontal grid lines and labels for values lo..hi drawn between top and
 * bottom, with the unit suffix. */
static void value_ticks(struct buf *b, double lo, double hi, double top, double bottom,
			const char *unit)
{
	double step = nice_step(hi - lo, 5);

	for (double v = ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) {
		double py = bottom - (bottom - top) * (v - lo) / (hi - lo);

		buf_printf(b, "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
		    LEFT, py, RIGHT, py);
		buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%.*f%s</text>\n", LEFT - 6,
		    py + 4, step < 1 ? 2 : 0, fabs(v) < step * 1e-9 ? 0.0 : v, unit);
	}
}

void svg_equity(struct buf *b, const char *title, const struct svg_point *p, size_t n,
		const struct svg_trade *tr, size_t ntr)
{
	struct xaxis x = { p[0].t, p[n - 1].t };
	double lo = p[0].equity, hi = p[0].equity, peak, worst = 0, pad;

	for (size_t i = 1; i < n; i++) {
		lo = fmin(lo, p[i].equity);
		hi = fmax(hi, p[i].equity);
	}
	peak = p[0].equity;
	for (size_t i = 0; i < n; i++) {
		peak = fmax(peak, p[i].equity);
		if (peak > 0)
			worst = fmin(worst, 100 * (p[i].equity / peak - 1));
	}
	pad = hi > lo ? (hi - lo) * 0.05 : fmax(fabs(hi) * 0.01, 1);
	lo -= pad;
	hi += pad;
	if (worst > -1)
		worst = -1;

	buf_printf(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%.0f\" "
	       "height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" font-family=\"sans-serif\" "
	       "font-size=\"12\">\n", W, H, W, H);
	buf_adds(b, "<title>");
	put_text(b, title);
	buf_printf(b, "</title>\n<style>.grid{stroke:#ddd;stroke-width:1}.axis{stroke:#444;"
	       "stroke-width:1;fill:none}.eq{stroke:#1f5fbf;stroke-width:1.5;fill:none}"
	       ".dd{fill:#d9534f;fill-opacity:0.35;stroke:#d9534f;stroke-width:1}"
	       ".win{fill:#2e9e44}.loss{fill:#d9534f}.flat{fill:#888}</style>\n");
	buf_printf(b, "<rect width=\"100%%\" height=\"100%%\" fill=\"#fff\"/>\n");
	buf_printf(b, "<text x=\"%.1f\" y=\"28\" font-size=\"16\" font-weight=\"bold\">", LEFT);
	put_text(b, title);
	buf_adds(b, "</text>\n");

	time_ticks(b, &x);
	value_ticks(b, lo, hi, EQ_TOP, EQ_BOTTOM, "");
	value_ticks(b, worst, 0, DD_TOP, DD_BOTTOM, "%");
	buf_printf(b, "<rect class=\"axis\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>\n",
	    LEFT, EQ_TOP, RIGHT - LEFT, EQ_BOTTOM - EQ_TOP);
	buf_printf(b, "<rect class=\"axis\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>\n",
	    LEFT, DD_TOP, RIGHT - LEFT, DD_BOTTOM - DD_TOP);
	buf_printf(b, "<text x=\"18\" y=\"%.1f\" transform=\"rotate(-90 18 %.1f)\" "
	       "text-anchor=\"middle\">equity</text>\n",
	    (EQ_TOP + EQ_BOTTOM) / 2, (EQ_TOP + EQ_BOTTOM) / 2);
	buf_printf(b, "<text x=\"18\" y=\"%.1f\" transform=\"rotate(-90 18 %.1f)\" "
	       "text-anchor=\"middle\">drawdown</text>\n",
	    (DD_TOP + DD_BOTTOM) / 2, (DD_TOP + DD_BOTTOM) / 2);
	buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">time (UTC)</text>\n",
	    (LEFT + RIGHT) / 2, H - 8);

	/* The equity curve. */
	buf_printf(b, "<polyline class=\"eq\" points=\"");
	for (size_t i = 0; i < n; i++)
		buf_printf(b, "%s%.1f,%.1f", i ? " " : "", x_of(&x, p[i].t),
		    EQ_BOTTOM - (EQ_BOTTOM - EQ_TOP) * (p[i].equity - lo) / (hi - lo));
	buf_printf(b, "\"/>\n");

	/* The drawdown, as an area down from 0 %. */
	buf_printf(b, "<polygon class=\"dd\" points=\"%.1f,%.1f", x_of(&x, p[0].t), DD_TOP);
	peak = p[0].equity;
	for (size_t i = 0; i < n; i++) {
		double dd;

		peak = fmax(peak, p[i].equity);
		dd = peak > 0 ? 100 * (p[i].equity / peak - 1) : 0;
		buf_printf(b, " %.1f,%.1f", x_of(&x, p[i].t), DD_TOP + (DD_BOTTOM - DD_TOP) * dd / worst);
	}
	buf_printf(b, " %.1f,%.1f\"/>\n", x_of(&x, p[n - 1].t), DD_TOP);

	/* The trades, at their exits on the curve. */
	for (size_t k = 0, i = 0; k < ntr; k++) {
		const struct svg_trade *t = &tr[k];
		char when[32];

		if (t->exit < x.t0 || t->exit > x.t1)
			continue;
		/* The curve's point at or before the exit (trades come in any
		 * order: search from the start when they go back). */
		if (i && p[i].t > t->exit)
			i = 0;
		while (i + 1 < n && p[i + 1].t <= t->exit)
			i++;
		time_format(when, t->exit);
		buf_printf(b, "<circle class=\"%s\" cx=\"%.1f\" cy=\"%.1f\" r=\"4\"><title>",
		    t->pnl > 0 ? "win" : t->pnl < 0 ? "loss" : "flat", x_of(&x, t->exit),
		    EQ_BOTTOM - (EQ_BOTTOM - EQ_TOP) * (p[i].equity - lo) / (hi - lo));
		put_text(b, t->label);
		buf_printf(b, ", exit %s, pnl %.2f</title></circle>\n", when, t->pnl);
	}
	buf_adds(b, "</svg>\n");
}
