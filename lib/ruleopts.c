/* ruleopts: the options of the trading rules (ruleopts.h). */
#include "ruleopts.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cbtime.h"
#include "interval.h"
#include "msg.h"
#include "score.h"
#include "strength.h"
#include "xalloc.h"

double rule_num_arg(const char *opt, const char *arg, double lo, double hi)
{
	char *end;
	double v = strtod(arg, &end);

	if (end == arg || *end || !isfinite(v) || v < lo || v > hi)
		usage_error("%s: '%s' is not a number from %g to %g", opt, arg, lo, hi);
	return v;
}

int64_t rule_duration_arg(const char *opt, const char *arg)
{
	int64_t ms;

	if (!strcmp(arg, "0"))
		return 0;
	if (duration_parse(arg, &ms) < 0)
		usage_error("%s: '%s' is not a duration such as 7d or 90m", opt, arg);
	return ms;
}

static enum strength strength_arg(const char *arg)
{
	for (int s = STRENGTH_WEAK; s <= STRENGTH_EXTREME; s++)
		if (!strcmp(arg, strength_name((enum strength)s)))
			return (enum strength)s;
	usage_error("--min-strength: '%s' is not WEAK, MEDIUM, STRONG or EXTREME", arg);
}

/* Split a comma-separated list into its words (the list is copied). */
static const char **symbols_arg(const char *arg, size_t *n)
{
	char *p = xstrdup(arg);
	const char **v;
	size_t k = 1;

	for (const char *q = arg; *q; q++)
		k += *q == ',';
	v = xcalloc(k, sizeof *v);
	*n = 0;
	for (;;) {
		size_t len = strcspn(p, ",");
		int last = p[len] == '\0';

		p[len] = '\0';
		if (!len)
			usage_error("--symbols: '%s' has an empty name", arg);
		v[(*n)++] = p;
		if (last)
			break;
		p += len + 1;
	}
	return v;
}

void rule_free(struct bt_config *cfg)
{
	if (cfg->strat.symbols)
		free((char *)cfg->strat.symbols[0]);   /* the copy the words point into */
	free((void *)cfg->strat.symbols);
	cfg->strat.symbols = NULL;
	cfg->strat.nsymbols = 0;
}

int rule_set_fixed(struct bt_config *cfg, int id, const char *arg)
{
	switch (id) {
	case OPT_SYMBOLS:
		rule_free(cfg);
		cfg->strat.symbols = symbols_arg(arg, &cfg->strat.nsymbols);
		return 1;
	case OPT_FLATTEN:
		cfg->flatten_on_halt = 1;
		return 1;
	default:
		return 0;
	}
}

int rule_set(struct bt_config *cfg, int id, const char *arg)
{
	switch (id) {
	case OPT_MIN_STRENGTH: cfg->strat.min_strength = strength_arg(arg); break;
	case OPT_MIN_SCORE:
		cfg->strat.has_min_score = 1;
		cfg->strat.min_score = rule_num_arg("--min-score", arg, 0, 100);
		break;
	case OPT_LEVEL:
		cfg->strat.min_level = score_level_rank(arg);
		if (cfg->strat.min_level < 0)
			usage_error("--level: '%s' is not LOW, MEDIUM, HIGH or EXTREME", arg);
		break;
	case OPT_MARKET:
		if (strcmp(arg, "futures") && strcmp(arg, "spot") && strcmp(arg, "all"))
			usage_error("--market: '%s' is not futures, spot or all", arg);
		cfg->strat.market = strcmp(arg, "all") ? arg : NULL;
		break;
	case OPT_INTERVAL:
		cfg->strat.interval = strcmp(arg, "all") ? interval_find(arg) : NULL;
		if (strcmp(arg, "all") && !cfg->strat.interval)
			usage_error("--interval: '%s' is not one of %s, or all", arg,
				    interval_names());
		break;
	case OPT_CLOSED_ONLY: cfg->strat.closed_only = 1; break;
	case OPT_SIDE:
		if (strcmp(arg, "long") && strcmp(arg, "short"))
			usage_error("--side: '%s' is not long or short", arg);
		cfg->side = strcmp(arg, "long") ? -1 : 1;
		break;
	case OPT_ENTRY:
		if (strcmp(arg, "next-open") && strcmp(arg, "close"))
			usage_error("--entry: '%s' is not next-open or close", arg);
		cfg->entry = strcmp(arg, "close") ? BT_ENTRY_NEXT_OPEN : BT_ENTRY_CLOSE;
		break;
	case OPT_SLIPPAGE: cfg->slippage_bps = rule_num_arg("--slippage-bps", arg, 0, 10000); break;
	case OPT_FEE: cfg->fee_bps = rule_num_arg("--fee-bps", arg, 0, 10000); break;
	case OPT_STOP_LOSS: cfg->exits.stop_loss_pct = rule_num_arg("--stop-loss", arg, 0, 100); break;
	case OPT_TAKE_PROFIT:
		cfg->exits.take_profit_pct = rule_num_arg("--take-profit", arg, 0, 1e6);
		break;
	case OPT_MAX_HOLD: cfg->exits.max_hold_ms = rule_duration_arg("--max-hold", arg); break;
	case OPT_TRAILING: cfg->exits.trailing_pct = rule_num_arg("--trailing", arg, 0, 100); break;
	case OPT_BALANCE: cfg->balance = rule_num_arg("--balance", arg, 1e-9, 1e15); break;
	case OPT_SIZE_PCT: cfg->risk.size_pct = rule_num_arg("--size-pct", arg, 1e-9, 100); break;
	case OPT_RISK_PCT: cfg->risk.risk_pct = rule_num_arg("--risk-pct", arg, 0, 100); break;
	case OPT_LEVERAGE: cfg->risk.leverage = rule_num_arg("--leverage", arg, 1, 125); break;
	case OPT_MAX_POSITIONS:
		cfg->risk.max_positions = (int)rule_num_arg("--max-positions", arg, 0, 1e6);
		if (cfg->risk.max_positions != atof(arg))
			usage_error("--max-positions: '%s' is not a whole number", arg);
		break;
	case OPT_MAX_EXPOSURE:
		cfg->risk.max_exposure_pct = rule_num_arg("--max-exposure-pct", arg, 0, 1e6);
		break;
	case OPT_COOLDOWN: cfg->risk.cooldown_ms = rule_duration_arg("--cooldown", arg); break;
	case OPT_DAILY_LOSS:
		cfg->risk.daily_loss_pct = rule_num_arg("--daily-loss-pct", arg, 0, 100);
		break;
	default:
		return 0;
	}
	cfg->risk.stop_loss_pct = cfg->exits.stop_loss_pct;
	return 1;
}

void rule_check(const struct bt_config *cfg, const char *label)
{
	if (cfg->risk.risk_pct > 0 && !(cfg->exits.stop_loss_pct > 0))
		usage_error("%s%s--risk-pct needs a --stop-loss above 0", label ? label : "",
			    label ? ": " : "");
}
