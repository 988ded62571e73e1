/* symbol: a trading pair as people and other tools write it, in the form
 * of cb's records. Pure: no I/O. */
#ifndef CB_SYMBOL_H
#define CB_SYMBOL_H

#include <stddef.h>

/* Write into dst (of size n) the exchange symbol of s: letters upper-cased,
 * one "/" between base and quote dropped, and after such a pair a
 * settlement suffix ":QUOTE" as ccxt and freqtrade write futures pairs
 * dropped: "btcusdt",
 * "BTC/USDT" and "BTC/USDT:USDT" all give "BTCUSDT". Returns 0, or -1
 * when the result is not a symbol (candle_symbol_ok) or does not fit;
 * dst is then unspecified. */
int symbol_normalize(const char *s, char *dst, size_t n);

#endif
