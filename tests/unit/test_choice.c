/* Unit tests for lib/choice.h and lib/symbol.h: the words people type.
 * Distances are counted by hand (insertions, deletions, substitutions). */
#include <stdio.h>

#include "choice.h"
#include "symbol.h"
#include "unit.h"

static const char *const commands[] = { "list", "show", "stats", "status", "prune", NULL };

static void test_find(void)
{
	static const char *const levels[] = { "LOW", "MEDIUM", "HIGH", "EXTREME", NULL };

	CHECK_INT(choice_find("HIGH", levels), 2);
	CHECK_INT(choice_find("high", levels), 2);
	CHECK_INT(choice_find("ExTrEmE", levels), 3);
	CHECK_INT(choice_find("HIG", levels), -1);
	CHECK_INT(choice_find("HIGHS", levels), -1);
	CHECK_INT(choice_find("", levels), -1);
	CHECK(choice_same("Binance", "binance"));
	CHECK(!choice_same("binanc", "binance"));
}

static void test_distance(void)
{
	CHECK_INT(choice_distance("", ""), 0);
	CHECK_INT(choice_distance("stat", "stats"), 1);     /* insert s */
	CHECK_INT(choice_distance("STATS", "stats"), 0);    /* case is no edit */
	CHECK_INT(choice_distance("lsit", "list"), 2);      /* two substitutions */
	CHECK_INT(choice_distance("kitten", "sitting"), 3); /* k->s, e->i, +g */
	CHECK_INT(choice_distance("", "oi"), 2);
	CHECK_INT(choice_distance("klins", "klines"), 1);
}

static void test_nearest(void)
{
	CHECK_STR(choice_nearest("stat", commands), "stats");
	CHECK_STR(choice_nearest("Stats", commands), "stats");
	CHECK_STR(choice_nearest("lst", commands), "list");
	CHECK_STR(choice_nearest("shwo", commands), "show");
	/* statu: 1 from stats (u -> s) and 1 from status (+s): the first of
	 * equals wins; statuss: 1 from status, 2 from stats. */
	CHECK_STR(choice_nearest("statu", commands), "stats");
	CHECK_STR(choice_nearest("statuss", commands), "status");
	CHECK_STR(choice_nearest("prun", commands), "prune");
	/* Far from everything: nothing. */
	CHECK_STR(choice_nearest("candles.ndjson", commands), NULL);
	CHECK_STR(choice_nearest("x", commands), NULL);
	CHECK_STR(choice_nearest("", commands), NULL);
	/* A distance of 2 or more must be less than the word's length: "ab"
	 * is 2 from no command but "io" is 2 from "oi" and not suggested. */
	{
		static const char *const fetch[] = { "klines", "oi", "symbols", NULL };

		CHECK_STR(choice_nearest("io", fetch), NULL);
		CHECK_STR(choice_nearest("o", fetch), "oi");  /* the only prefix */
		CHECK_STR(choice_nearest("symbol", fetch), "symbols");
	}
}

static void test_list(void)
{
	static const char *const two[] = { "futures", "spot", NULL };
	static const char *const one[] = { "json", NULL };
	char b[64];

	choice_list(b, sizeof b, commands);
	CHECK_STR(b, "list, show, stats, status or prune");
	choice_list(b, sizeof b, two);
	CHECK_STR(b, "futures or spot");
	choice_list(b, sizeof b, one);
	CHECK_STR(b, "json");
	choice_list(b, 8, commands);
	CHECK_STR(b, "list, s");
}

static void test_symbol(void)
{
	static const struct {
		const char *in, *out;
	} ok[] = {
		{ "BTCUSDT", "BTCUSDT" },      { "btcusdt", "BTCUSDT" },
		{ "BTC/USDT", "BTCUSDT" },     { "BTC/USDT:USDT", "BTCUSDT" },
		{ "eth/usdt:usdt", "ETHUSDT" }, { "1000PEPE/USDT:USDT", "1000PEPEUSDT" },
		{ "AUSDT", "AUSDT" },
	};
	static const char *const bad[] = {
		"", "/", "BTC/", "/USDT", "BTC//USDT", "BTC/US/DT", ":USDT", "BTC/USDT:",
		"BTC/USDT:USDT:X", "a:b", "BTCUSDT:USDT", "BTC USDT", "BTC\"USDT", "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFG",
	};
	char b[32];

	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		CHECKF(symbol_normalize(ok[i].in, b, sizeof b) == 0, "%s", ok[i].in);
		CHECK_STR(b, ok[i].out);
	}
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		CHECKF(symbol_normalize(bad[i], b, sizeof b) < 0, "'%s' accepted", bad[i]);
	CHECK(symbol_normalize("BTCUSDT", b, 7) < 0);  /* does not fit */
	CHECK(symbol_normalize("BTCUSDT", b, 8) == 0);
}

int main(void)
{
	test_find();
	test_distance();
	test_nearest();
	test_list();
	test_symbol();
	UNIT_END();
}
