/* portfolio: cash, positions, equity (portfolio.h). */
#include "portfolio.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

void pf_init(struct portfolio *pf, double balance)
{
	memset(pf, 0, sizeof *pf);
	pf->balance = balance;
	pf->cash = balance;
}

void pf_release(struct portfolio *pf)
{
	free(pf->pos);
	pf->pos = NULL;
	pf->n = pf->cap = 0;
}

/* Room for one more position: the new last one, zeroed. */
static struct pf_position *grow(struct portfolio *pf)
{
	if (pf->n == pf->cap) {
		pf->cap += pf->cap / 2 + 8;
		pf->pos = xreallocarray(pf->pos, pf->cap, sizeof *pf->pos);
	}
	memset(&pf->pos[pf->n], 0, sizeof pf->pos[pf->n]);
	return &pf->pos[pf->n];
}

size_t pf_restore(struct portfolio *pf, const struct pf_position *p)
{
	*grow(pf) = *p;
	return pf->n++;
}

size_t pf_open(struct portfolio *pf, int side, double price, double quantity,
	       double slippage_bps, double fee_bps, int64_t time, int at_open, size_t tag)
{
	double fill = fill_entry_price(side, price, slippage_bps);
	struct pf_position *q = grow(pf);

	fill_open(&q->p, side, fill, quantity, time, at_open);
	q->tag = tag;
	q->mark = fill;
	q->notional = quantity * fill;
	q->fees = fill_fee(q->notional, fee_bps);
	q->slippage = fill_slippage_cost(quantity, price, fill);
	pf->cash -= q->fees;
	pf->fees += q->fees;
	pf->slippage += q->slippage;
	return pf->n++;
}

void pf_mark(struct portfolio *pf, size_t i, double close)
{
	pf->pos[i].mark = close;
}

double pf_fund(struct portfolio *pf, size_t i, double price, double rate)
{
	struct pf_position *q = &pf->pos[i];
	double f = fill_funding(q->p.side, q->p.quantity, price, rate);

	q->funding += f;
	pf->cash += f;
	pf->funding += f;
	return f;
}

double pf_close(struct portfolio *pf, size_t i, double price, double slippage_bps,
		double fee_bps, struct pf_trade *t)
{
	struct pf_position *q = &pf->pos[i];
	double fill = fill_exit_price(q->p.side, price, slippage_bps);
	double fee = fill_fee(q->p.quantity * fill, fee_bps);
	double slip = fill_slippage_cost(q->p.quantity, price, fill);
	double gross = fill_gross_pnl(q->p.side, q->p.quantity, q->p.entry, fill);

	t->side = q->p.side;
	t->entry = q->p.entry;
	t->exit = fill;
	t->quantity = q->p.quantity;
	t->notional = q->notional;
	t->fees = q->fees + fee;
	t->slippage = q->slippage + slip;
	t->funding = q->funding;
	t->pnl = gross - t->fees + t->funding;
	t->pnl_pct = t->pnl * 100 / t->notional;
	t->tag = q->tag;
	pf->cash += gross - fee;
	pf->fees += fee;
	pf->slippage += slip;
	pf->realized += t->pnl;
	memmove(q, q + 1, (pf->n - i - 1) * sizeof *q);
	pf->n--;
	return t->pnl;
}

double pf_equity(const struct portfolio *pf)
{
	double e = pf->cash;

	for (size_t i = 0; i < pf->n; i++) {
		const struct pf_position *q = &pf->pos[i];

		e += fill_gross_pnl(q->p.side, q->p.quantity, q->p.entry, q->mark);
	}
	return e;
}

double pf_exposure(const struct portfolio *pf)
{
	double x = 0;

	for (size_t i = 0; i < pf->n; i++)
		x += pf->pos[i].notional;
	return x;
}
