#!/usr/bin/env bats
# cb-backtest: hand-computed scenarios of the rules of cb-backtest(1), one
# rule each, with the expected trade records worked out in the comments;
# the summary; and the same output whatever the interleaving of the input.
#
# Unless a test says otherwise the scenarios run with --slippage-bps 0
# --fee-bps 0 (set in $free) so that the arithmetic stays round: the
# defaults then size a position at 10 % of 10000 = 1000, which at an entry
# of 100 is a quantity of 10; the stop lies at 85, the target at 110.
load test_helper
load helpers/trading

# trade N SIGNAL_K SYMBOL SIDE ENTRY_K ENTRY EXIT_TIME EXIT QTY NOTIONAL
#       FEES SLIPPAGE FUNDING PNL PNL_PCT REASON MFE MAE: the expected
# trade record (times as candle indexes, EXIT_TIME in ms). N, the order of
# entry, is for the reader: a trade's id is its signal's.
trade() {
	printf '{"type":"trade","id":"binance:futures:%s:4h:%d","signal_id":"binance:futures:%s:4h:%d","symbol":"%s","side":"%s","entry_time":%d,"entry_price":%s,"exit_time":%s,"exit_price":%s,"quantity":%s,"notional":%s,"fees":%s,"slippage":%s,"funding":%s,"pnl":%s,"pnl_pct":%s,"exit_reason":"%s","mfe_pct":%s,"mae_pct":%s}\n' \
		"$3" $(($2 * H)) "$3" $(($2 * H)) "$3" "$4" $(($5 * H)) "$6" "$7" "$8" "$9" "${10}" "${11}" \
		"${12}" "${13}" "${14}" "${15}" "${16}" "${17}" "${18}"
}

# bt ARG...: run cb-backtest ARG... on in.ndjson; the trade records in
# trades.ndjson, the summary in summary.json, the status in $status.
bt() {
	run --separate-stderr cb-backtest "$@" in.ndjson
	printf '%s\n' "$output" > out.ndjson
	grep '"type":"trade"' out.ndjson > trades.ndjson || true
	grep '"type":"summary"' out.ndjson > summary.json || true
}

# expect: the trade records on stdin are exactly trades.ndjson.
expect() {
	cat > expected.ndjson
	diff expected.ndjson trades.ndjson
}

@test "backtest: a gap through the stop exits at the open" {
	# Entry at the open of candle 1, 100; candle 1 stays between 85 and
	# 110; candle 2 opens at 80, below the stop: exit at 80 at its open
	# (2 * 4h). pnl 10 * (80 - 100) = -200, -20 %; the best price 105
	# (candle 1), the worst 80: mfe 5, mae 20.
	{ bar X 0 100 100 100 100; sig X 0; bar X 1 100 105 95 100; bar X 2 80 82 78 81; } > in.ndjson
	bt $free
	[ "$status" -eq 0 ]
	trade 1 0 X long 1 100 $((2 * H)) 80 10 1000 0 0 0 -200 -20 stop 5 20 | expect
}

@test "backtest: stop and target inside one candle: the stop wins" {
	# Candle 1 reaches both 84 (below the stop, 85) and 111 (above the
	# target, 110): the stop, at 85, at the candle's open time. pnl
	# 10 * (85 - 100) = -150. Of the exit candle only the open (100) and
	# the level count: mfe 0, mae 15.
	{ bar X 0 100 100 100 100; sig X 0; bar X 1 100 111 84 100; } > in.ndjson
	bt $free
	[ "$status" -eq 0 ]
	trade 1 0 X long 1 100 $H 85 10 1000 0 0 0 -150 -15 stop 0 15 | expect
}

@test "backtest: take-profit inside a candle, at the target" {
	# Candle 2 reaches 112 > 110: exit at 110 at 2 * 4h. pnl 100, 10 %.
	# Best 110 (the level), worst 96 (candle 1): mfe 10, mae 4.
	{ bar X 0 100 100 100 100; sig X 0; bar X 1 100 105 96 104; bar X 2 104 112 103 111; } > in.ndjson
	bt $free
	[ "$status" -eq 0 ]
	trade 1 0 X long 1 100 $((2 * H)) 110 10 1000 0 0 0 100 10 take_profit 10 4 | expect
	# The hit rate: 1 take-profit of 1 trade.
	run -0 jq -c '[.trades, .hit_rate_pct, .end_trades]' summary.json
	[ "$output" = '[1,100,0]' ]
}

@test "backtest: a time exit at the close reaching --max-hold" {
	# Entered at 4h with --max-hold 8h: candle 2 (8h to 12h) is the first
	# whose close_time + 1 reaches 12h: exit at its close, 101, at 12h.
	# Candle 3 would hit both levels: the position is gone by then.
	# pnl 10, 1 %; best 102, worst 99: mfe 2, mae 1.
	{ bar X 0 100 100 100 100; sig X 0; bar X 1 100 101 99 100; bar X 2 100 102 99 101
	  bar X 3 101 200 1 101; } > in.ndjson
	bt $free --max-hold 8h
	[ "$status" -eq 0 ]
	trade 1 0 X long 1 100 $((3 * H)) 101 10 1000 0 0 0 10 1 time 2 1 | expect
}

@test "backtest: a position open when the input ends exits at the last close" {
	# No level is reached: exit at candle 2's close, 103, at 3 * 4h,
	# reason end, counted apart. pnl 30, 3 %; mfe 4 (104), mae 1 (99).
	{ bar X 0 100 100 100 100; sig X 0; bar X 1 100 101 99 100; bar X 2 100 104 100 103; } > in.ndjson
	bt $free
	[ "$status" -eq 0 ]
	trade 1 0 X long 1 100 $((3 * H)) 103 10 1000 0 0 0 30 3 end 4 1 | expect
	# End exits are left out of the hit rate: none is left, so it is null.
	run -0 jq -c '[.trades, .end_trades, .end_pnl, .hit_rate_pct, .final_equity]' summary.json
	[ "$output" = '[1,1,30,null,10030]' ]
}

@test "backtest: a short fades the pump: target below, stop above" {
	# --side short: entry 100, stop 115, target 90; candle 2's low 89
	# reaches the target: exit at 90 at 2 * 4h. pnl -1 * 10 * (90 - 100)
	# = 100, 10 %. Best (lowest) 90: mfe 10; worst (highest) 103: mae 3.
	{ bar X 0 100 100 100 100; sig X 0; bar X 1 100 103 95 96; bar X 2 96 97 89 90; } > in.ndjson
	bt $free --side short
	[ "$status" -eq 0 ]
	trade 1 0 X short 1 100 $((2 * H)) 90 10 1000 0 0 0 100 10 take_profit 10 3 | expect
}

@test "backtest: fees and slippage on both fills" {
	# The defaults, 5 bps each, and --balance 10005: the buy fills at
	# 100 * 10005 / 10000 = 100.05; the notional is 10 % of 10005 =
	# 1000.5, the quantity 1000.5 / 100.05 = 10. --max-hold 4h exits at
	# the entry candle's close, 110 (the target, 100.05 * 1.1 = 110.055,
	# is not reached): the sell fills at 110 * 9995 / 10000 = 109.945.
	# Fees 1000.5 * 0.0005 + 1099.45 * 0.0005 = 0.50025 + 0.549725 =
	# 1.049975; slippage 10 * 0.05 + 10 * 0.055 = 1.05; gross 10 *
	# (109.945 - 100.05) = 98.95; pnl 98.95 - 1.049975 = 97.900025,
	# 9.785109945... % of 1000.5. Excursions count from the entry fill:
	# mfe (110 - 100.05) / 100.05 = 9.945027...%, mae (100.05 - 100) /
	# 100.05 = 0.049975...%. As doubles (the last digits are the binary
	# rounding of these decimals):
	{ bar X 0 100 100 100 100; sig X 0; bar X 1 100 110 100 110; } > in.ndjson
	bt --balance 10005 --max-hold 4h
	[ "$status" -eq 0 ]
	trade 1 0 X long 1 100.05 $((2 * H)) 109.945 10 1000.5 1.0499749999999999 \
		1.0500000000000398 0 97.90002499999996 9.78510994502748 time 9.945027486256874 \
		0.04997501249375028 | expect
	run -0 jq -c '[.fees, .slippage, .final_equity]' summary.json
	[ "$output" = '[1.0499749999999999,1.0500000000000398,10102.900025]' ]
}

@test "backtest: priority at one time, and --max-positions binding" {
	# Three signals on candle 0, entered at one time: C (score 70) first,
	# then A (score 50), then B (no score, though its ratio is highest).
	# --max-positions 2 leaves B out. Both positions end with the input
	# at candle 1's close, 100, closed in the order entered.
	{ bar A 0 100 100 100 100; bar B 0 100 100 100 100; bar C 0 100 100 100 100
	  sig A 0 ',"spike_ratio_7d":2,"score":{"volume":25,"oi":0,"spot_sync":0,"confirmation":0,"timing":25,"total":50}'
	  sig B 0 ',"spike_ratio_7d":9'
	  sig C 0 ',"spike_ratio_7d":2,"score":{"volume":25,"oi":20,"spot_sync":0,"confirmation":0,"timing":25,"total":70}'
	  bar A 1 100 100 100 100; bar B 1 100 100 100 100; bar C 1 100 100 100 100; } > in.ndjson
	bt $free --max-positions 2
	[ "$status" -eq 0 ]
	{ trade 1 0 C long 1 100 $((2 * H)) 100 10 1000 0 0 0 0 0 end 0 0
	  trade 2 0 A long 1 100 $((2 * H)) 100 10 1000 0 0 0 0 0 end 0 0; } | expect
	run -0 jq -c '[.signals, .trades, .skipped.max_positions, .draws]' summary.json
	[ "$output" = '[3,2,1,2]' ]
}

@test "backtest: funding for a position open at its time" {
	# Long 10 from 4h. Funding at 4h: the position enters then, not paid.
	# At 8h, rate 0.0001 at the mark price 105: pays 10 * 105 * 0.0001 =
	# 0.105. At 12h, rate 0.0002 without a mark price: the open of the
	# candle opening then, 102: pays 10 * 102 * 0.0002 = 0.204. Funding
	# -0.309 (as doubles -0.30900000000000005); the end exit at 102:
	# gross 20, pnl 19.691, 1.9691 % (as a double 1.9690999999999999).
	{ bar X 0 100 100 100 100; sig X 0; bar X 1 100 101 99 100; bar X 2 100 106 100 105
	  bar X 3 102 103 101 102
	  printf '{"type":"funding","symbol":"X","time":%d,"rate":0.0001,"mark_price":100}\n' $H
	  printf '{"type":"funding","symbol":"X","time":%d,"rate":0.0001,"mark_price":105}\n' $((2 * H))
	  printf '{"type":"funding","symbol":"X","time":%d,"rate":0.0002}\n' $((3 * H))
	  printf '{"type":"funding","symbol":"Y","time":%d,"rate":0.5}\n' $((3 * H)); } > in.ndjson
	bt $free
	[ "$status" -eq 0 ]
	trade 1 0 X long 1 100 $((4 * H)) 102 10 1000 0 0 -0.30900000000000005 19.691 \
		1.9690999999999999 end 6 1 | expect
	run -0 jq -c '.funding' summary.json
	[ "$output" = '-0.30900000000000005' ]
}

@test "backtest: the trailing stop follows completed candles only" {
	# --trailing 5 without a target. In candle 1 the best price is the
	# entry, 100: level 95, not reached by its low 99. Candle 1 completes
	# with the high 108: in candle 2 the level is 108 * 0.95 = 102.6 (its
	# own high, 109, does not count), reached by its low 102: exit at
	# 102.6 at 2 * 4h. pnl 10 * 2.6 = 26 (as a double 25.999999999999943),
	# 2.6 % (2.5999999999999948); mfe 8 (108), mae 1 (99).
	{ bar X 0 100 100 100 100; sig X 0; bar X 1 100 108 99 107; bar X 2 107 109 102 103; } > in.ndjson
	bt $free --trailing 5 --take-profit 0
	[ "$status" -eq 0 ]
	trade 1 0 X long 1 100 $((2 * H)) 102.6 10 1000 0 0 0 25.999999999999943 \
		2.5999999999999948 trailing 8 1 | expect
}

# halt_input: X falls from 100 to 50 in candle 1 (equity 10000 - 10 * 50
# = 9500 at its close, 8h: 5 % below the day's 10000); Y is flat at 100.
# Signals: X on candle 0 (entered at 4h), Y on candle 1 (entry at 8h,
# the same day) and on candle 6 (entry at 28h, the next day, 1970-01-02).
halt_input() {
	{ for k in 0 1 2 3 4 5 6 7 8; do bar Y $k 100 100 100 100; done
	  bar X 0 100 100 100 100; bar X 1 100 100 49 50
	  for k in 2 3 4 5 6 7 8; do bar X $k 50 50 50 50; done
	  sig X 0; sig Y 1; sig Y 6; } > in.ndjson
}

@test "backtest: the daily loss halt stops entries until the next UTC day" {
	# Without a stop-loss X stays open to the end (50: pnl -500, -50 %,
	# mae 51 from the low 49). Y's entry at 8h is refused (daily_loss);
	# the next day it enters at 28h with equity 9500: 950 / 100 = 9.5.
	# Both end at candle 8's close, in the order entered.
	halt_input
	bt $free --stop-loss 0
	[ "$status" -eq 0 ]
	{ trade 1 0 X long 1 100 $((9 * H)) 50 10 1000 0 0 0 -500 -50 end 0 51
	  trade 2 6 Y long 7 100 $((9 * H)) 100 9.5 950 0 0 0 0 0 end 0 0; } | expect
	run -0 jq -c '[.halts, .skipped.daily_loss, .final_equity]' summary.json
	[ "$output" = '[1,1,9500]' ]
}

@test "backtest: --flatten-on-halt exits open positions at the next open" {
	# The halt comes at 8h; X exits at the open of its candle opening
	# then, 50, reason halt.
	halt_input
	bt $free --stop-loss 0 --flatten-on-halt
	[ "$status" -eq 0 ]
	{ trade 1 0 X long 1 100 $((2 * H)) 50 10 1000 0 0 0 -500 -50 halt 0 51
	  trade 2 6 Y long 7 100 $((9 * H)) 100 9.5 950 0 0 0 0 0 end 0 0; } | expect
}

@test "backtest: a symbol exiting at a time is busy for entries at that time" {
	# X enters at 4h; candle 2 opens at 80, through the stop: exit at 8h.
	# The signal on candle 1 would enter at 8h: refused, symbol_busy. The
	# one on candle 2 enters at 12h at 90: 1000 / 90 = 11.11...
	{ bar X 0 100 100 100 100; sig X 0; bar X 1 100 100 100 100; sig X 1; bar X 2 80 90 80 90
	  sig X 2; bar X 3 90 90 90 90; } > in.ndjson
	bt $free
	[ "$status" -eq 0 ]
	run -0 jq -c '[.exit_reason, .entry_time, .exit_time]' trades.ndjson
	[ "$output" = "$(printf '%s\n' "[\"stop\",$H,$((2 * H))]" "[\"end\",$((3 * H)),$((4 * H))]")" ]
	run -0 jq -c '[.trades, .skipped.symbol_busy]' summary.json
	[ "$output" = '[2,1]' ]
}

@test "backtest: --cooldown after an exit on the symbol" {
	# X enters at 4h and takes profit inside candle 1 (110) at 4h. With
	# --cooldown 8h the signal entering at 8h is refused (8h < 4h + 8h),
	# the one entering at 12h is not (12h is not before 12h).
	{ bar X 0 100 100 100 100; sig X 0; bar X 1 100 111 100 100; sig X 1; bar X 2 100 100 100 100
	  sig X 2; bar X 3 100 100 100 100; } > in.ndjson
	bt $free --cooldown 8h
	[ "$status" -eq 0 ]
	run -0 jq -c '[.entry_time, .exit_reason]' trades.ndjson
	[ "$output" = "$(printf '%s\n' "[$H,\"take_profit\"]" "[$((3 * H)),\"end\"]")" ]
	run -0 jq -c '.skipped.cooldown' summary.json
	[ "$output" = 1 ]
	# Without the cooldown the signal entering at 8h is taken.
	bt $free
	run -0 jq -c '.entry_time' trades.ndjson
	[ "$output" = "$(printf '%s\n' $H $((2 * H)))" ]
}

@test "backtest: --risk-pct sizes so that the stop costs that share of equity" {
	# --risk-pct 2 --stop-loss 10: notional 10000 * 2 / 10 = 2000, 20 at
	# 100; the stop at 90 costs 20 * 10 = 200, 2 % of 10000.
	{ bar X 0 100 100 100 100; sig X 0; bar X 1 100 100 89 95; } > in.ndjson
	bt $free --risk-pct 2 --stop-loss 10
	[ "$status" -eq 0 ]
	trade 1 0 X long 1 100 $H 90 20 2000 0 0 0 -200 -10 stop 0 10 | expect
}

@test "backtest: --max-exposure-pct refuses an entry that would pass it" {
	# --size-pct 30: each entry 3000. The first (A, by id) leaves 3000
	# open; the second would make 6000 > 50 % of 10000: max_exposure.
	{ bar A 0 100 100 100 100; bar B 0 100 100 100 100; sig A 0; sig B 0
	  bar A 1 100 100 100 100; bar B 1 100 100 100 100; } > in.ndjson
	bt $free --size-pct 30
	[ "$status" -eq 0 ]
	trade 1 0 A long 1 100 $((2 * H)) 100 30 3000 0 0 0 0 0 end 0 0 | expect
	run -0 jq -c '.skipped.max_exposure' summary.json
	[ "$output" = 1 ]
}

@test "backtest: symbol records round quantities down and skip small orders" {
	# A's step size 3: 10 rounds down to 9, notional 900. B's minimum
	# notional 2000 is more than its 1000: min_notional.
	{ echo '{"type":"symbol","symbol":"A","step_size":3,"min_qty":3}'
	  echo '{"type":"symbol","symbol":"B","min_notional":2000}'
	  bar A 0 100 100 100 100; bar B 0 100 100 100 100; sig A 0; sig B 0
	  bar A 1 100 100 100 100; bar B 1 100 100 100 100; } > in.ndjson
	bt $free
	[ "$status" -eq 0 ]
	trade 1 0 A long 1 100 $((2 * H)) 100 9 900 0 0 0 0 0 end 0 0 | expect
	run -0 jq -c '.skipped.min_notional' summary.json
	[ "$output" = 1 ]
}

@test "backtest: --entry close enters at the signal's price, and the next open may gap" {
	# The signal's price 100 at its detected_at, 4h; candle 1 opens at
	# 80, through the stop: exit at its open. The summary says the entry
	# is the optimistic one.
	{ bar X 0 100 100 100 100; sig X 0; bar X 1 80 80 80 80; } > in.ndjson
	bt $free --entry close
	[ "$status" -eq 0 ]
	trade 1 0 X long 1 100 $H 80 10 1000 0 0 0 -200 -20 stop 0 20 | expect
	run -0 jq -c '[.entry, .optimistic]' summary.json
	[ "$output" = '["close",true]' ]
}

@test "backtest: which signals: strength, score, symbols, and a signal without a candle" {
	{ bar X 0 100 100 100 100; sig X 0; bar X 1 100 100 100 100; sig X 1; } > in.ndjson
	# The signal on candle 1 has no candle to enter at.
	bt $free
	run -0 jq -c '[.trades, .skipped.no_candle]' summary.json
	[ "$output" = '[1,1]' ]
	bt $free --min-strength EXTREME
	run -0 jq -c '[.trades, .skipped.strength]' summary.json
	[ "$output" = '[0,2]' ]
	bt $free --min-score 10
	run -0 jq -c '[.trades, .skipped.no_score]' summary.json
	[ "$output" = '[0,2]' ]
	bt $free --symbols Y,Z
	run -0 jq -c '[.trades, .skipped.symbol]' summary.json
	[ "$output" = '[0,2]' ]
}

@test "backtest: usage errors exit 2, rejected records 3, nothing accepted 1" {
	: > in.ndjson
	run -2 --separate-stderr cb-backtest --side up in.ndjson
	[ "${stderr_lines[0]}" = "cb-backtest: --side: 'up' is not long or short" ]
	run -2 --separate-stderr cb-backtest --max-hold 7x in.ndjson
	run -2 --separate-stderr cb-backtest --risk-pct 1 --stop-loss 0 in.ndjson
	{ bar X 0 100 100 100 100; echo '{"type":"candle","symbol":"X"}'; } > in.ndjson
	run -3 --separate-stderr cb-backtest in.ndjson
	[ "${#lines[@]}" -eq 1 ]
	echo 'not json' > in.ndjson
	run -1 --separate-stderr cb-backtest in.ndjson
}

@test "backtest: the same output whatever the interleaving of the stream" {
	local s
	[ -f "$CB_DATA/BTCUSDT-4h.csv" ] || skip "no shared data set in $CB_SHARED"
	for s in BTCUSDT ETHUSDT 1000PEPEUSDT; do
		cb-fetch -q import --no-db "$CB_DATA/$s-4h.csv" > "$s.ndjson"
	done
	# The candles of the three series merged in time order.
	cat BTCUSDT.ndjson ETHUSDT.ndjson 1000PEPEUSDT.ndjson > cat.ndjson
	run -0 sort -s -t, -k6,6 cat.ndjson
	printf '%s\n' "$output" > merged.ndjson
	# 1. cb-detect -p | cb-score -p, as a pipeline.
	run -0 bash -o pipefail -c 'cb-detect -p merged.ndjson | cb-score -p > piped.ndjson'
	run -0 cb-backtest piped.ndjson
	printf '%s\n' "$output" > out1
	[ "$(grep -c '"type":"trade"' out1)" -gt 10 ]
	# 2. The same with --lateness: the scored records come later.
	run -0 bash -o pipefail -c 'cb-detect -p merged.ndjson | cb-score -p --lateness 3d > late.ndjson'
	run -0 cb-backtest late.ndjson
	printf '%s\n' "$output" > out2
	cmp out1 out2
	# 3. All the candles, then all the signals (plain then scored).
	grep '"type":"signal"' piped.ndjson > signals.ndjson
	cat cat.ndjson signals.ndjson > concat.ndjson
	run -0 cb-backtest concat.ndjson
	printf '%s\n' "$output" > out3
	cmp out1 out3
	# 4. Series by series, the last first, each with its signals first.
	: > shuffled.ndjson
	for s in 1000PEPEUSDT ETHUSDT BTCUSDT; do
		grep "\"symbol\":\"$s\"" signals.ndjson >> shuffled.ndjson
		cat "$s.ndjson" >> shuffled.ndjson
	done
	run -0 cb-backtest shuffled.ndjson
	printf '%s\n' "$output" > out4
	cmp out1 out4
}

# The examples of cb-backtest(1) and the README run in tests/11-examples.bats.

@test "backtest: the summary of two trades, worked out by hand" {
	# A and B enter at 4h at 100, 10 each (A first: no score, no ratio,
	# ids ascending). At 8h A takes profit at 110 (+100, 10 %) and B is
	# stopped at 85 (-150, -15 %); both held 4h.
	{ bar A 0 100 100 100 100; bar B 0 100 100 100 100; sig A 0; sig B 0
	  bar A 1 100 105 96 104; bar B 1 100 100 90 90
	  bar A 2 104 112 103 111; bar B 2 90 90 84 85; } > in.ndjson
	bt $free
	[ "$status" -eq 0 ]
	# 2 trades: 1 win, 0 draws, 1 loss, 50 %; final 10000 + 100 - 150 =
	# 9950, -0.5 %; profit factor 100 / 150; expectancy 0.5 * 100 - 0.5 *
	# 150 = -25; best A (+100, 10 %), worst B (-150, -15 %).
	run -0 jq -c '[.trades, .wins, .draws, .losses, .win_rate_pct, .final_equity, .return_pct,
		.profit_factor, .expectancy, .best_symbol, .best_symbol_pnl, .worst_symbol,
		.worst_symbol_pnl, .best_trade_pct, .worst_trade_pct, .avg_hold_win_hours,
		.avg_hold_loss_hours]' summary.json
	[ "$output" = '[2,1,0,1,50,9950,-0.5,0.6666666666666666,-25,"A",100,"B",-150,10,-15,4,4]' ]
	# The period 0 to 12h: 0.5 days. Equity after each step: 10000 (0),
	# 10000 (4h), 9950 (8h), 9950 (12h): the drawdown 50, 0.5 % of the
	# peak at 4h, trough at 8h. Positions open from 4h to 8h: 4h of 12h.
	run -0 jq -c '[.start, .end, .days, .max_drawdown, .max_drawdown_pct, .max_drawdown_pct_start,
		.max_drawdown_pct_end, .exposure_time_pct]' summary.json
	[ "$output" = "[0,$((3 * H)),0.5,50,0.5,$H,$((2 * H)),33.333333333333336]" ]
	# CAGR (0.995^(365 / 0.5) - 1) * 100 = -97.42 %; Calmar -97.42 / 0.5
	# = -194.85. Daily equity: 10000 at the start, 9950 at the end: one
	# return, -0.005: no Sharpe (one return), Sortino -0.005 /
	# sqrt(0.005^2 / 1) * sqrt(365) = -19.104973.
	run -0 jq -c '[(.cagr_pct * 100 | round), (.calmar * 100 | round), .sharpe,
		(.sortino * 1e6 | round)]' summary.json
	[ "$output" = '[-9742,-19485,null,-19104973]' ]
	# Hit rate 1 take-profit of 2 = 50 %. Base rate: a signal on every
	# candle but the last enters at the next open. A: at 100 (candle 1),
	# target 110 reached in candle 2: a hit; at 104 (candle 2): neither
	# 114.4 nor 88.4 before the end: not counted. B: at 100, stopped in
	# candle 2; at 90: not counted. 1 of 2 = 50 %, lift 1. Market change:
	# A 100 -> 111 (+11 %), B 100 -> 85 (-15 %): mean -2 %.
	run -0 jq -c '[.hit_rate_pct, .base_rate_pct, .lift, .market_change_pct, .labels]' summary.json
	[ "$output" = '[50,50,1,-2,null]' ]
}

@test "backtest: precision and recall against label records" {
	# A's signal (candle 0) finds the pump labelled on candles 1 to 2 (a
	# signal one candle before its start counts); B's signal finds none;
	# the pumps of B (it starts one candle too late for it) and of C (not
	# traded) are missed. Precision 1 / 2, recall 1 / 3, F1 2 * 1/2 * 1/3
	# / (1/2 + 1/3) = 0.4.
	{ for s in A B C; do bar $s 0 100 100 100 100; bar $s 1 100 100 100 100; done
	  sig A 0; sig B 0
	  printf '{"type":"label","symbol":"A","interval":"4h","time":%d,"end_time":%d}\n' $H $((2 * H))
	  printf '{"type":"label","symbol":"B","interval":"4h","time":%d,"end_time":%d}\n' $((2 * H)) $((3 * H))
	  printf '{"type":"label","symbol":"C","interval":"4h","time":0,"end_time":%d}\n' $H; } > in.ndjson
	bt $free
	[ "$status" -eq 0 ]
	run -0 jq -c '[.trades, .labels, .precision, .recall, .f1]' summary.json
	run -0 jq -c '[.trades, .labels, .precision, (.recall * 1e6 | round), (.f1 * 1e6 | round)]' summary.json
	[ "$output" = '[2,3,0.5,333333,400000]' ]
}

@test "backtest: --equity writes the equity after every step, or every day" {
	# The take-profit run: 10000 at 0 and 4h (marked at the entry fill),
	# 10100 after the exit at 8h and at the end, 12h.
	{ bar X 0 100 100 100 100; sig X 0; bar X 1 100 105 96 104; bar X 2 104 112 103 111; } > in.ndjson
	bt $free --equity step
	[ "$status" -eq 0 ]
	run -0 jq -c 'select(.type == "equity") | [.time, .equity, .drawdown_pct]' out.ndjson
	[ "$output" = "$(printf '%s\n' '[0,10000,0]' "[$H,10000,0]" "[$((2 * H)),10100,0]" \
		"[$((3 * H)),10100,0]")" ]
	# Daily: the start, and the end (not at 00:00).
	bt $free --equity daily
	run -0 jq -c 'select(.type == "equity") | [.time, .equity]' out.ndjson
	[ "$output" = "$(printf '%s\n' '[0,10000]' "[$((3 * H)),10100]")" ]
	# Equity records come before the summary, which is last.
	run -0 jq -r .type out.ndjson
	[ "$(printf '%s\n' "$output" | uniq | tr '\n' ' ')" = 'trade equity summary ' ]
}

@test "backtest: --svg draws a valid SVG document" {
	command -v xmllint >/dev/null || skip "xmllint is needed (Debian package libxml2-utils)"
	{ bar X 0 100 100 100 100; sig X 0; bar X 1 100 105 96 104; bar X 2 104 112 103 111
	  bar X 3 111 111 111 111; sig X 3; bar X 4 111 111 50 60; } > in.ndjson
	bt $free --svg eq.svg
	[ "$status" -eq 0 ]
	run -0 xmllint --noout eq.svg
	run -0 grep -c '<title>X long' eq.svg
	[ "$output" -ge 1 ]
	# A file that cannot be written is fatal.
	run -1 --separate-stderr cb-backtest --svg no/such/dir/eq.svg in.ndjson
	[[ ${stderr_lines[0]} == "cb-backtest: cannot write 'no/such/dir/eq.svg': "* ]]
}

@test "backtest: --format table: by symbol, by exit reason, and the summary" {
	# The two trades of the summary test: A +100 (10 %), B -150 (-15 %),
	# both held 4h; in percent of the balance 1 and -1.5.
	{ bar A 0 100 100 100 100; bar B 0 100 100 100 100; sig A 0; sig B 0
	  bar A 1 100 105 96 104; bar B 1 100 100 90 90
	  bar A 2 104 112 103 111; bar B 2 90 90 84 85; } > in.ndjson
	run -0 --separate-stderr cb-backtest $free --format table in.ndjson
	printf '%s\n' "$output" | tr -s ' ' > table.txt
	run -0 sed -n '1,4p;6,9p' table.txt
	[ "$output" = "$(printf '%s\n' \
		'symbol trades avg_pnl_pct total_pnl total_pnl_pct avg_hold_hours wins draws losses win_rate_pct' \
		'A 1 10.00 100.00 1.00 4.0 1 0 0 100.0' \
		'B 1 -15.00 -150.00 -1.50 4.0 0 0 1 0.0' \
		'TOTAL 2 -2.50 -50.00 -0.50 4.0 1 0 1 50.0' \
		'exit_reason trades avg_pnl_pct total_pnl total_pnl_pct avg_hold_hours wins draws losses win_rate_pct' \
		'stop 1 -15.00 -150.00 -1.50 4.0 0 0 1 0.0' \
		'take_profit 1 10.00 100.00 1.00 4.0 1 0 0 100.0' \
		'TOTAL 2 -2.50 -50.00 -0.50 4.0 1 0 1 50.0')" ]
	run -0 grep -E '^(metric|start|final_equity|return_pct|skipped|precision) ' table.txt
	[ "$output" = "$(printf '%s\n' 'metric value' 'start 1970-01-01 00:00' 'final_equity 9950.00' \
		'return_pct -0.50' 'skipped -' 'precision -')" ]
}

@test "backtest: --sweep writes a summary for each configuration, the same with -j" {
	# The take-profit run of X (highs 105 then 112, last close 111):
	# long with a target of 5 % exits at 105 in candle 1 (+50), of 10 %
	# at 110 in candle 2 (+100), of 20 % at the end at 111 (+110). Short,
	# the targets 95, 90, 80 are never reached (lows 96, 103) nor the stop
	# 115: the end at 111, -10 * 11 = -110.
	{ bar X 0 100 100 100 100; sig X 0; bar X 1 100 105 96 104; bar X 2 104 112 103 111; } > in.ndjson
	bt $free --sweep 'take-profit=5,10,20;side=long,short'
	[ "$status" -eq 0 ]
	[ ! -s trades.ndjson ]
	run -0 jq -c '[.config, .sample, .trades, .profit]' summary.json
	[ "$output" = "$(printf '%s\n' \
		'["take-profit=5;side=long",null,1,50]' '["take-profit=5;side=short",null,1,-110]' \
		'["take-profit=10;side=long",null,1,100]' '["take-profit=10;side=short",null,1,-110]' \
		'["take-profit=20;side=long",null,1,110]' '["take-profit=20;side=short",null,1,-110]')" ]
	cp out.ndjson one.ndjson
	bt $free --sweep 'take-profit=5,10,20;side=long,short' -j 4
	[ "$status" -eq 0 ]
	cmp one.ndjson out.ndjson
	# Bad grids are usage errors.
	run -2 --separate-stderr cb-backtest --sweep 'take-profit=5,,10' in.ndjson
	run -2 --separate-stderr cb-backtest --sweep 'format=table' in.ndjson
	run -2 --separate-stderr cb-backtest --sweep 'side=long;side=short' in.ndjson
	run -2 --separate-stderr cb-backtest --sweep 'side=long' --svg x.svg in.ndjson
}

@test "backtest: --split runs before and from a time apart" {
	# X flat at 100 for 8 candles, signals on candles 0 and 4; split at
	# 16h (candle 4). In-sample: candles 0-3, the first signal, entered
	# at 4h and ended at 16h with the sample. Out-of-sample: candles 4-7,
	# the second signal (detected at 20h), entered at 20h, ended at 32h.
	{ for k in 0 1 2 3 4 5 6 7; do bar X $k 100 100 100 100; done; sig X 0; sig X 4; } > in.ndjson
	bt $free --split "$(iso $((4 * H)))"
	[ "$status" -eq 0 ]
	run -0 jq -c '[.sample, .start, .end, .signals, .trades, .end_trades]' summary.json
	[ "$output" = "$(printf '%s\n' "[\"in\",0,$((4 * H)),1,1,1]" \
		"[\"out\",$((4 * H)),$((8 * H)),1,1,1]")" ]
}

@test "backtest: on the real data an independent awk reproduces every trade and the rates" {
	local f
	[ -f "$CB_DATA/BTCUSDT-4h.csv" ] || skip "no shared data set in $CB_SHARED"
	for f in "$CB_DATA"/*-4h.csv; do
		"$CB_ROOT/tests/helpers/csv2candles" "$f"
	done > candles.ndjson
	run -0 --separate-stderr cb-detect -p candles.ndjson
	printf '%s\n' "$output" > in.ndjson
	run -0 jq -r 'select(.type == "signal") | [.detected_at, .spike_ratio_7d, .id, .symbol] | @tsv' in.ndjson
	printf '%s\n' "$output" > signals.tsv
	run -0 "$CB_ROOT/tests/helpers/backtest-check" signals.tsv "$CB_DATA"/*-4h.csv
	printf '%s\n' "$output" > expected.tsv
	bt
	[ "$status" -eq 0 ]
	run -0 jq -r '[.symbol, .entry_time, .entry_price, .exit_time, .exit_price, .quantity, .pnl,
		.exit_reason] | @tsv' trades.ndjson
	printf '%s\n' "$output" > actual.tsv
	[ "$(wc -l < actual.tsv)" -gt 1000 ]
	# Every field equal as a number (the awk prints %.17g, jq the shortest
	# form of the same double).
	grep -v '^rates ' expected.tsv > expected-trades.tsv
	[ "$(wc -l < expected-trades.tsv)" -eq "$(wc -l < actual.tsv)" ]
	run -0 awk -F '\t' 'NR == FNR { e[FNR] = $0; next }
		{ n = split(e[FNR], x, "\t")
		  for (i = 1; i <= 8; i++)
			if (i == 1 || i == 8 ? x[i] != $i : x[i] + 0 != $i + 0) {
				print FNR ": " e[FNR] " != " $0; bad++ } }
		END { exit bad > 0 }' expected-trades.tsv actual.tsv
	# The hit rate and the base rate: the awk counts, the tool's percents.
	run -0 awk '/^rates / { printf "%.10f %.10f\n", $2 * 100 / $3, $4 * 100 / $5 }' expected.tsv
	local want=$output
	run -0 jq -r '"\(.hit_rate_pct) \(.base_rate_pct)"' summary.json
	run -0 awk -v a="$output" -v w="$want" 'BEGIN { split(a, x, " "); split(w, y, " ")
		exit !(sprintf("%.10f %.10f", x[1], x[2]) == sprintf("%.10f %.10f", y[1], y[2])) }'
}

@test "backtest: a gap through the target exits at the open, for the trade" {
	# Candle 2 opens at 115, beyond the target 110: take_profit at 115, at
	# its open. pnl 10 * 15 = 150, 15 %; mfe 15 (only the open of the exit
	# candle counts), mae 1 (99).
	{ bar X 0 100 100 100 100; sig X 0; bar X 1 100 101 99 100; bar X 2 115 120 80 118; } > in.ndjson
	bt $free
	[ "$status" -eq 0 ]
	trade 1 0 X long 1 100 $((2 * H)) 115 10 1000 0 0 0 150 15 take_profit 15 1 | expect
}

@test "backtest: --leverage multiplies the position, the exposure limit bounds its margin" {
	# --leverage 3 --size-pct 20: notional 10000 * 20 * 3 / 100 = 6000, 60
	# at 100; its margin 2000 is within 50 % of equity though 6000 is not.
	# The stop at 85 costs 60 * 15 = 900, 15 % of the notional.
	{ bar X 0 100 100 100 100; sig X 0; bar X 1 100 100 80 90; } > in.ndjson
	bt $free --leverage 3 --size-pct 20
	[ "$status" -eq 0 ]
	trade 1 0 X long 1 100 $H 85 60 6000 0 0 0 -900 -15 stop 0 15 | expect
}

@test "backtest: the simulated market's funding from cb-fetch funding is paid by the trades open at its times" {
	# Each trade pays -side * quantity * mark_price * rate for every funding
	# record of its symbol with entry_time < time <= exit_time (funding is
	# paid before the exits of a time); computed here with jq from the
	# trades and the records, not taken from cb-backtest's summary.
	a="--exchange sim -q --now 2026-05-01T06:00:00Z --symbols AUSDT,BUSDT,CUSDT --since 2025-01-01 --until 2025-02-01"
	cb-fetch $a --no-db klines | cb-detect -p > cs.ndjson
	cb-fetch $a funding > f.ndjson
	[ "$(wc -l < f.ndjson)" = $((3 * (31 * 3 + 1))) ]
	cb-backtest < cs.ndjson > without.ndjson
	[ "$(jq -s -c '[.[] | select(.type == "trade") | .funding] | [length > 5, all(. == 0)]' without.ndjson)" = '[true,true]' ]
	cat cs.ndjson f.ndjson | cb-backtest > with.ndjson
	jq -s -e '
		[.[] | select(.type == "funding")] as $f
		| [.[] | select(.type == "trade")] as $t
		| ($t | length) > 5
		  and ([$t[] | select(.funding != 0)] | length) > 5
		  and all($t[]; . as $x
			| ([$f[] | select(.symbol == $x.symbol and .time > $x.entry_time and .time <= $x.exit_time)
			    | -1 * $x.quantity * .mark_price * .rate] | add // 0) as $want
			| (($want - $x.funding) | fabs) <= 1e-9 * ($want | fabs) + 1e-12)' \
		<(cat f.ndjson with.ndjson) > /dev/null
}

@test "backtest: signals without candles, or candles without signals, are said once" {
	sig X 0 > in.ndjson
	bt
	[ "$status" -eq 0 ]
	[ "$stderr" = "cb-backtest: warning: no candles seen, only signals: nothing to trade on; did you mean cb-detect -p?" ]
	[ "$(jq -c '[.signals, .trades]' summary.json)" = "[1,0]" ]
	{ bar X 0 100 100 100 100; bar X 1 100 100 100 100; } > in.ndjson
	bt
	[ "$status" -eq 0 ]
	[ "$stderr" = "cb-backtest: no signals seen, only candles: no trade; cb-backtest reads the signals of cb-detect -p (or cb-score -p)" ]
	bt -q
	[ "$stderr" = "" ]
}

@test "backtest: a quantity below the symbol's min_qty is skipped, and counted" {
	# 10 % of 10000 at 100 is a quantity of 10, below C's minimum of 20;
	# D's minimum of 10 is met exactly.
	{ echo '{"type":"symbol","symbol":"C","min_qty":20}'
	  echo '{"type":"symbol","symbol":"D","min_qty":10}'
	  bar C 0 100 100 100 100; bar D 0 100 100 100 100; sig C 0; sig D 0
	  bar C 1 100 100 100 100; bar D 1 100 100 100 100; } > in.ndjson
	bt $free
	[ "$status" -eq 0 ]
	trade 1 0 D long 1 100 $((2 * H)) 100 10 1000 0 0 0 0 0 end 0 0 | expect
	run -0 jq -c '[.trades, .skipped.min_qty]' summary.json
	[ "$output" = "[1,1]" ]
}
