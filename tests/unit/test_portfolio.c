/* Unit tests of lib/portfolio.c: cash, fees, slippage, marks, funding and
 * realized PnL of a long and a short, worked out by hand in the comments. */
#include "portfolio.h"
#include "unit.h"

#define T0 1795996800000LL    /* 2026-11-30 00:00 UTC */
#define EPS 1e-12

static void long_round_trip(void)
{
	struct portfolio pf;
	struct pf_trade t;
	size_t i;

	pf_init(&pf, 10000);
	CHECK_NUM(pf_equity(&pf), 10000);
	CHECK_NUM(pf_exposure(&pf), 0);
	/* Buy 10 at 100 with 5 bps slippage: fill 100 * 10005 / 10000 =
	 * 100.05, notional 1000.5, fee 1000.5 * 5 / 10000 = 0.50025, slippage
	 * 10 * 0.05 = 0.5. Cash 10000 - 0.50025 = 9999.49975; marked at the
	 * fill, equity is the cash. */
	i = pf_open(&pf, 1, 100, 10, 5, 5, T0, 1, 7);
	CHECK_INT(i, 0);
	CHECK_INT(pf.n, 1);
	CHECK_NUM(pf.pos[0].p.entry, 100.05);
	CHECK_NUM(pf.pos[0].notional, 1000.5);
	CHECK_NUM(pf.pos[0].mark, 100.05);
	CHECK_INT(pf.pos[0].tag, 7);
	CHECK_NEAR(pf.pos[0].fees, 0.50025, EPS);
	CHECK_NEAR(pf.pos[0].slippage, 0.5, EPS);
	CHECK_NEAR(pf.cash, 9999.49975, EPS);
	CHECK_NEAR(pf_equity(&pf), 9999.49975, EPS);
	CHECK_NUM(pf_exposure(&pf), 1000.5);
	/* Marked at 110: + 10 * (110 - 100.05) = 99.5 -> 10098.99975. */
	pf_mark(&pf, 0, 110);
	CHECK_NEAR(pf_equity(&pf), 10098.99975, EPS);
	CHECK_NUM(pf_exposure(&pf), 1000.5);
	/* Funding 0.01 % at 110: the long pays 10 * 110 * 0.0001 = 0.11. */
	CHECK_NEAR(pf_fund(&pf, 0, 110, 0.0001), -0.11, EPS);
	CHECK_NEAR(pf.cash, 9999.38975, EPS);
	/* Sell at 110: fill 110 * 9995 / 10000 = 109.945, fee 1099.45 *
	 * 5 / 10000 = 0.549725, slippage 10 * 0.055 = 0.55; gross 10 *
	 * (109.945 - 100.05) = 98.95; pnl 98.95 - 0.50025 - 0.549725 - 0.11
	 * = 97.790025, 97.790025 * 100 / 1000.5 = 9.774115442278861 %. */
	pf_close(&pf, 0, 110, 5, 5, &t);
	CHECK_INT(pf.n, 0);
	CHECK_INT(t.side, 1);
	CHECK_NUM(t.entry, 100.05);
	CHECK_NUM(t.exit, 109.945);
	CHECK_NUM(t.quantity, 10);
	CHECK_NUM(t.notional, 1000.5);
	CHECK_NEAR(t.fees, 1.049975, EPS);
	CHECK_NEAR(t.slippage, 1.05, EPS);
	CHECK_NEAR(t.funding, -0.11, EPS);
	CHECK_NEAR(t.pnl, 97.790025, EPS);
	CHECK_NEAR(t.pnl_pct, 9.774115442278861, EPS);
	CHECK_INT(t.tag, 7);
	/* Cash is the balance plus the trade's net PnL. */
	CHECK_NEAR(pf.cash, 10097.790025, EPS);
	CHECK_NEAR(pf_equity(&pf), 10097.790025, EPS);
	CHECK_NEAR(pf.realized, 97.790025, EPS);
	CHECK_NEAR(pf.fees, 1.049975, EPS);
	CHECK_NEAR(pf.slippage, 1.05, EPS);
	CHECK_NEAR(pf.funding, -0.11, EPS);
	pf_release(&pf);
}

static void short_and_order(void)
{
	struct portfolio pf;
	struct pf_trade t;

	pf_init(&pf, 1000);
	/* A long of 1 at 50 without costs, then a short of 2 at 200 with 5
	 * bps: fill 200 * 9995 / 10000 = 199.9, notional 399.8, fee 0.1999. */
	pf_open(&pf, 1, 50, 1, 0, 0, T0, 1, 1);
	CHECK_INT(pf_open(&pf, -1, 200, 2, 5, 5, T0, 1, 2), 1);
	CHECK_NUM(pf.pos[1].p.entry, 199.9);
	CHECK_NEAR(pf.cash, 1000 - 0.1999, EPS);
	CHECK_NEAR(pf_exposure(&pf), 449.8, EPS);
	/* The short marked at 180: -2 * (180 - 199.9) = 39.8; the long at
	 * 40: 1 * (40 - 50) = -10. Equity 999.8001 + 39.8 - 10 = 1029.6001. */
	pf_mark(&pf, 1, 180);
	pf_mark(&pf, 0, 40);
	CHECK_NEAR(pf_equity(&pf), 1029.6001, EPS);
	/* The long closes first: the short moves to index 0. Its pnl is -10. */
	CHECK_NUM(pf_close(&pf, 0, 40, 0, 0, &t), -10);
	CHECK_INT(t.tag, 1);
	CHECK_INT(pf.n, 1);
	CHECK_INT(pf.pos[0].tag, 2);
	/* Funding 0.01 % at 180: the short receives 2 * 180 * 0.0001 = 0.036. */
	CHECK_NEAR(pf_fund(&pf, 0, 180, 0.0001), 0.036, EPS);
	/* Buy back at 180: fill 180 * 10005 / 10000 = 180.09, fee 360.18 *
	 * 5 / 10000 = 0.18009; gross -2 * (180.09 - 199.9) = 39.62; pnl
	 * 39.62 - 0.1999 - 0.18009 + 0.036 = 39.27601. */
	pf_close(&pf, 0, 180, 5, 5, &t);
	CHECK_NUM(t.exit, 180.09);
	CHECK_NEAR(t.pnl, 39.27601, EPS);
	CHECK_NEAR(t.fees, 0.37999, EPS);
	/* Cash: 1000 - 10 + 39.27601. */
	CHECK_NEAR(pf.cash, 1029.27601, EPS);
	CHECK_NEAR(pf.realized, 29.27601, EPS);
	CHECK_NUM(pf_exposure(&pf), 0);
	pf_release(&pf);
	pf_release(&pf);
}

int main(void)
{
	long_round_trip();
	short_and_order();
	UNIT_END();
}
