/* sim: the simulated market, a deterministic synthetic candle generator.
 *
 * A series is (seed, symbol, interval). Every number is derived from hashes
 * of (seed, symbol, day) and (seed, symbol, interval, open_time) with
 * splitmix64, so a candle never depends on which other symbols or which
 * range are generated. The model, per symbol:
 *
 * - Days. The market opens at SIM_EPOCH_MS. Each UTC day d has a volatility
 *   sigma_d = sigma0 * exp(0.5 * S_d), where S_d is a unit-variance sum of
 *   the last SIM_REGIME_DAYS daily shocks weighted 0.85^k (a truncated AR(1):
 *   volatility clusters over days and depends only on hashes of nearby
 *   days), and a log return r_d = sigma_d * z_d - 0.003 * (log p_d - log p0)
 *   (log-normal, weakly pulled back to the symbol's starting price). The log
 *   price at the start of day d is the sum of r over the days from the
 *   epoch, always added in the same order, so it is the same whatever range
 *   is asked for (walking the days costs about 50 ns each).
 * - Candles below a day split the day into n equal parts: a random walk of
 *   n hashed normal steps, bent into a bridge from the day's open to its
 *   close. High and low reach beyond the body by exponential amounts.
 *   Candles of a day or longer (1d 3d 1w 1M) aggregate their days.
 * - Volume (quote) = the symbol's level * a daily cycle (+-15%, highest at
 *   15:00 UTC) * sqrt(sigma_d / sigma0) * log-normal noise (sigma 0.3)
 *   * a rare Pareto tail (1% of candles, up to 6x). Base volume is that over
 *   the candle's price without any pump; quote_volume = volume * (high + low
 *   + close) / 3; trades and taker volumes follow from it.
 * - Pumps. Every 10th day of a symbol (its own phase) is a slot; 40% of the
 *   slots hold a pump: it starts at a 4h boundary of the day, runs up for
 *   4 to 12 hours (log price rising linearly by log(1 + gain), gain 15% to
 *   80%), then dumps back for 4 to 8 hours; volume is volume_multiple (6 to
 *   15) times the baseline during the run-up and 0.6 times that during the
 *   dump (pro rata for candles that cover part of it). Pumps are at least 8
 *   days apart, so the 7 days before one hold none.
 *
 * - Open interest (futures), at the start of each period: contracts =
 *   SIM_OI_DAYS * the symbol's daily quote volume level / its starting
 *   price * exp(drift + pump), where drift is a hashed normal per UTC day
 *   times SIM_OI_DRIFT, interpolated linearly through the day, and a pump
 *   adds log(1 + SIM_OI_PUMP * gain) pro rata during its run-up and takes
 *   it back during its dump, so open interest rises with the price during
 *   an injected pump. Its value is contracts * the open price of the
 *   period's candle (of the series of the period's interval).
 * - Funding (futures), every SIM_FUNDING_MS (00:00, 08:00 and 16:00 UTC):
 *   rate = SIM_FUNDING_BASE * (1 + SIM_FUNDING_NOISE * (2u - 1)), u a hashed
 *   uniform of (seed, symbol, time), plus SIM_FUNDING_PUMP * the mean of
 *   the pumps' addition to log price at the 8 whole hours time - 7h .. time
 *   (longs pay more while an injected pump runs the price up), rounded to
 *   8 decimals as Binance's fundingRate; mark price = the open of the
 *   series' candle opening at time.
 * - Symbols: status TRADING, quoted in USDT (the part of the symbol before
 *   a final USDT is the base asset), PERPETUAL on futures. The tick size is
 *   10^-SIM_TICK_DECADES of the unit of a price's last digit at the
 *   symbol's starting price: every price down to 10^-SIM_TICK_DECADES of
 *   it is a whole number of ticks. The step size (and min qty) likewise,
 *   10^-SIM_STEP_DECADES of the unit of the last digit of the symbol's
 *   typical 1m volume; min notional SIM_MIN_NOTIONAL.
 *
 * Prices are rounded to 6 significant digits, volumes to 8 and quote
 * volumes to 10 (short numbers are quick to write, from the rounded
 * decimal itself: struct sim_decimal); every price is
 * positive and high >= max(open, close) >= min(open, close) >= low. */
#ifndef CB_SIM_H
#define CB_SIM_H

#include <stdint.h>

#include "candle.h"
#include "funding.h"
#include "interval.h"
#include "oi.h"
#include "symbolinfo.h"

#define SIM_EPOCH_MS 1483228800000LL  /* 2017-01-01T00:00:00Z: the market opens */
#define SIM_REGIME_DAYS 20
#define SIM_OI_DAYS 0.4        /* open interest value / daily quote volume */
#define SIM_OI_DRIFT 0.15      /* sigma of the daily drift of log open interest */
#define SIM_OI_PUMP 2.5        /* open interest rise at a pump's peak / its gain */
#define SIM_FUNDING_MS (8 * 3600 * 1000LL)  /* funding every 8 hours from 00:00 UTC */
#define SIM_FUNDING_BASE 0.0001  /* the base funding rate (0.01 %) */
#define SIM_FUNDING_NOISE 0.25   /* its hashed spread: +-25 % of the base */
#define SIM_FUNDING_PUMP 0.01    /* rate added per unit of mean log-price bump */
#define SIM_TICK_DECADES 2
#define SIM_STEP_DECADES 3
#define SIM_MIN_NOTIONAL 5.0

/* One injected pump-and-dump event; times are epoch ms. */
struct sim_pump {
	int64_t start;           /* the run-up starts (a 4h boundary) */
	int64_t peak;            /* the run-up ends and the dump starts */
	int64_t end;             /* the dump ends (exclusive) */
	double volume_multiple;  /* run-up volume / baseline volume */
	double gain;             /* peak price / price without the pump - 1 */
};

/* A number as the decimal it was rounded to: the double nearest to m * 10^-d
 * (m / 10^d for d > 0), one correctly rounded operation as fmt_decimal
 * (num.h) takes it; d is SIM_NO_DECIMAL when the number is not that. */
struct sim_decimal {
	int64_t m;
	int d;
};

#define SIM_NO_DECIMAL (-1000)

/* The decimals of a candle's prices and volumes. */
struct sim_decimals {
	struct sim_decimal open, high, low, close, volume, quote_volume,
		taker_buy_volume, taker_buy_quote_volume;
};

struct sim;  /* the generator of one series; opaque */

/* A generator for (seed, symbol, interval); symbol is copied. Never NULL
 * (allocation failure dies). Free with sim_free. */
struct sim *sim_new(uint64_t seed, const char *symbol, const struct interval *iv);
/* Free a generator; NULL is allowed. */
void sim_free(struct sim *s);

/* The first candle open time of iv at or after SIM_EPOCH_MS. */
int64_t sim_first_open(const struct interval *iv);

/* Fill *c with the candle opening at open_time (a candle open time of the
 * series' interval, at or after sim_first_open) as of now: closed if its
 * close_time is before now, else forming ("closed" 0, as_of now, values of
 * the part before now). now must be after open_time. exchange is "sim",
 * market "futures" (the caller may change it); every optional member is
 * set. Calls with increasing open times cost O(1) a candle; going back
 * restarts from the epoch. Unless dec is NULL, also fills *dec with the
 * decimals of c's prices and volumes (those that are sums of several
 * days' have none), so that they can be written without finding their
 * digits again. */
void sim_candle(struct sim *s, int64_t open_time, int64_t now, struct candle *c,
		struct sim_decimals *dec);

/* The pump of UTC day `day` (days since 1970-01-01) of the series' symbol,
 * if any: returns 1 and fills *p, else 0. The same for every interval. */
int sim_pump_of_day(const struct sim *s, int64_t day, struct sim_pump *p);

/* The symbol record of the series' symbol on market ("futures" or "spot"):
 * exchange "sim", its assets, status and filters (see above). */
void sim_symbol(const struct sim *s, const char *market, struct symbol_info *si);

/* The open interest record at time (an open time of the series' interval,
 * which is the record's period, at or after sim_first_open; not after
 * now), as Binance's openInterestHist gives it (see above): exchange "sim".
 * Calls with increasing times cost O(1) each, as sim_candle's. */
void sim_oi(struct sim *s, int64_t time, int64_t now, struct oi *o);

/* The funding record at time (a multiple of SIM_FUNDING_MS, and an open
 * time of the series' interval, at or after sim_first_open; not after
 * now), as Binance's fundingRate gives it (see above): exchange "sim".
 * Deterministic in (seed, symbol, interval, time). Calls with increasing
 * times cost O(1) each, as sim_candle's. */
void sim_funding(struct sim *s, int64_t time, int64_t now, struct funding *f);

#endif
