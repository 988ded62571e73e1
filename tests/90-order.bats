#!/usr/bin/env bats
# cb-order on paper: the trades of cb-backtest's engine, run after run from
# the store. The scenarios use the candles and signals of
# tests/helpers/trading.bash (4h candles, a STRONG signal entered at the
# next open, --slippage-bps 0 --fee-bps 0 so that a position is 10 at 100).
load test_helper
load helpers/trading

setup() {
	cb_setup
	export CB_DB="$BATS_TEST_TMPDIR/o.db"
}

@test "order: a signal is entered when its entry candle comes, in a later run, and exits as in a backtest" {
	# Run 1: the signal on candle 0, no entry candle yet: it waits.
	{ bar X 0 100 100 100 100; sig X 0; } > p1.ndjson
	run -0 --separate-stderr cb-order $free p1.ndjson
	[ "$output" = "" ]
	[ "$stderr" = "cb-order: paper: 0 signals entered, 0 skipped, 1 waiting for their entry candle; 0 trades closed, 0 positions open" ]
	# Run 2: candle 1 (entry at its open, 100; high 105) keeps it open.
	bar X 1 100 105 95 100 > p2.ndjson
	run -0 --separate-stderr cb-order $free p2.ndjson
	[ "$output" = "" ]
	[ "$stderr" = "cb-order: paper: 1 signals entered, 0 skipped, 0 waiting for their entry candle; 0 trades closed, 1 positions open" ]
	run -0 cb-order positions
	[ "$output" = '{"type":"position","id":"binance:futures:X:4h:0","signal_id":"binance:futures:X:4h:0","symbol":"X","side":"long","entry_time":14400000,"entry_price":100,"quantity":10,"notional":1000,"mark":100,"unrealized_pnl":0,"fees":0,"funding":0,"mode":"paper"}' ]
	# Run 3: candle 2 reaches 110, the target: exit at 110 at 2 * 4h.
	# pnl 10 * 10 = 100, 10 %; best 110, worst 95: mfe 10, mae 5.
	bar X 2 104 111 103 108 > p3.ndjson
	run -0 --separate-stderr cb-order $free p3.ndjson
	[ "$output" = '{"type":"trade","id":"binance:futures:X:4h:0","signal_id":"binance:futures:X:4h:0","symbol":"X","side":"long","entry_time":14400000,"entry_price":100,"exit_time":28800000,"exit_price":110,"quantity":10,"notional":1000,"fees":0,"slippage":0,"funding":0,"pnl":100,"pnl_pct":10,"exit_reason":"take_profit","mfe_pct":10,"mae_pct":5,"mode":"paper"}' ]
	run -0 cb-order trades
	[ "$output" = '{"type":"trade","id":"binance:futures:X:4h:0","signal_id":"binance:futures:X:4h:0","symbol":"X","side":"long","entry_time":14400000,"entry_price":100,"exit_time":28800000,"exit_price":110,"quantity":10,"notional":1000,"fees":0,"slippage":0,"funding":0,"pnl":100,"pnl_pct":10,"exit_reason":"take_profit","mfe_pct":10,"mae_pct":5,"mode":"paper"}' ]
	# The book: 10000 + 100, nothing open.
	run -0 cb-order status
	[ "$output" = '{"type":"order_status","mode":"paper","done":28800000,"balance":10000,"cash":10100,"equity":10100,"positions":0,"trades":1,"realized_pnl":100,"signals_entered":1,"signals_skipped":0,"signals_waiting":0,"halted":false,"halt_reason":null,"daily_loss_halt":false}' ]
}

@test "order: a signal is acted on once, whatever runs see it again" {
	{ bar X 0 100 100 100 100; sig X 0; bar X 1 100 105 95 100; } > in.ndjson
	run -0 --separate-stderr cb-order $free in.ndjson
	[ "$stderr" = "cb-order: paper: 1 signals entered, 0 skipped, 0 waiting for their entry candle; 0 trades closed, 1 positions open" ]
	# The same input again, with a later record of the signal: the candles
	# were traded over, the signal was decided.
	{ cat in.ndjson; sig X 0 | sed 's/STRONG/EXTREME/'; } > again.ndjson
	run -0 --separate-stderr cb-order $free again.ndjson
	[ "$output" = "" ]
	[ "${stderr_lines[0]}" = "cb-order: paper: 2 candles opening at or before 1970-01-01T04:00:00Z, the last step done, were traded over by the runs before: left alone" ]
	[ "${stderr_lines[1]}" = "cb-order: paper: 0 signals entered, 0 skipped, 0 waiting for their entry candle; 0 trades closed, 1 positions open" ]
	run -0 sqlite3 "$CB_DB" "SELECT signal_id, status FROM order_signals"
	[ "$output" = "binance:futures:X:4h:0|entered" ]
}

@test "order: a later record of a waiting signal replaces the earlier one" {
	# Run 1: a WEAK record; run 2: the STRONG one and the entry candle.
	# With --min-strength STRONG the WEAK record alone would be skipped.
	{ bar X 0 100 100 100 100; sig X 0 | sed 's/STRONG/WEAK/'; } > p1.ndjson
	run -0 cb-order $free --min-strength STRONG p1.ndjson
	{ sig X 0; bar X 1 100 105 95 100; } > p2.ndjson
	run -0 --separate-stderr cb-order $free --min-strength STRONG p2.ndjson
	[ "$stderr" = "cb-order: paper: 1 signals entered, 0 skipped, 0 waiting for their entry candle; 0 trades closed, 1 positions open" ]
}

@test "order: a signal whose entry candle was traded over is late; --max-entry-delay skips stale ones" {
	{ bar X 0 100 100 100 100; bar X 1 100 100 100 100; bar Y 0 100 100 100 100; bar Y 1 100 100 100 100; } > p1.ndjson
	run -0 cb-order $free p1.ndjson
	# The signal of X on candle 0 comes after candle 1 was stepped over.
	{ sig X 0; bar X 2 100 100 100 100; } > p2.ndjson
	run -0 --separate-stderr cb-order $free p2.ndjson
	[ "$stderr" = "cb-order: paper: 0 signals entered, 1 skipped (late 1), 0 waiting for their entry candle; 0 trades closed, 0 positions open" ]
	run -0 sqlite3 "$CB_DB" "SELECT status, reason, time FROM order_signals"
	[ "$output" = "skipped|late|$H" ]   # its detection time, 4h
	# Stale: the entry (4h) lies 1 day - 4h before now, more than 12h.
	rm -f "$CB_DB"
	{ bar Y 0 100 100 100 100; sig Y 0; bar Y 1 100 100 100 100; } > s.ndjson
	run -0 --separate-stderr cb-order $free --max-entry-delay 12h --now 1970-01-02 s.ndjson
	[ "$stderr" = "cb-order: paper: 0 signals entered, 1 skipped (stale 1), 0 waiting for their entry candle; 0 trades closed, 0 positions open" ]
	# Within the delay it is entered.
	rm -f "$CB_DB"
	run -0 --separate-stderr cb-order $free --max-entry-delay 1d --now 1970-01-02 s.ndjson
	[ "$stderr" = "cb-order: paper: 1 signals entered, 0 skipped, 0 waiting for their entry candle; 0 trades closed, 1 positions open" ]
}

@test "order: halt blocks new entries in later runs until resume; open positions still exit" {
	run -2 --separate-stderr cb-order halt
	[ "${stderr_lines[0]}" = "cb-order: halt: give --reason TEXT, e.g. --reason 'exchange maintenance'" ]
	run -0 --separate-stderr cb-order halt --reason 'exchange maintenance'
	[ "$stderr" = "cb-order: paper: halted: no new entries until cb-order resume" ]
	run -0 cb-order status
	[[ $output == *'"halted":true,"halt_reason":"exchange maintenance"'* ]]
	{ bar X 0 100 100 100 100; sig X 0; bar X 1 100 100 100 100; } > in.ndjson
	run -0 --separate-stderr cb-order $free in.ndjson
	[ "${stderr_lines[0]}" = "cb-order: paper: halted (exchange maintenance): no new entries until cb-order resume" ]
	[ "${stderr_lines[1]}" = "cb-order: paper: 0 signals entered, 1 skipped (halted 1), 0 waiting for their entry candle; 0 trades closed, 0 positions open" ]
	run -0 --separate-stderr cb-order resume
	[ "$stderr" = "cb-order: paper: resumed: new entries are allowed" ]
	{ sig X 1; bar X 2 100 100 100 100; } > next.ndjson
	run -0 --separate-stderr cb-order $free next.ndjson
	[ "$stderr" = "cb-order: paper: 1 signals entered, 0 skipped, 0 waiting for their entry candle; 0 trades closed, 1 positions open" ]
}

@test "order: usage errors and an empty book say what to do" {
	run -2 --separate-stderr cb-order positon
	[ "${stderr_lines[0]}" = "cb-order: 'positon' is not a command or a file; did you mean 'positions'?" ]
	run -2 --separate-stderr cb-order --paper --live /dev/null
	[ "${stderr_lines[0]}" = "cb-order: --paper and --live exclude each other" ]
	run -2 --separate-stderr cb-order --key-file k /dev/null
	[ "${stderr_lines[0]}" = "cb-order: --key-file: only with --live" ]
	run -2 --separate-stderr cb-order --format table /dev/null
	[ "${stderr_lines[0]}" = "cb-order: --format: only for positions, trades, orders and status" ]
	run -1 --separate-stderr cb-order --db nothere.db positions
	[ "$stderr" = "cb-order: cannot open the store 'nothere.db': no such file (cb-order fills it; see --db)" ]
	run -0 cb-order /dev/null
	run -0 --separate-stderr cb-order positions
	[ "$output" = "" ]
	[ "$stderr" = "cb-order: paper: no position open" ]
}

@test "order: the audit table refuses UPDATE and DELETE" {
	run -0 cb-order /dev/null
	sqlite3 "$CB_DB" "INSERT INTO order_audit (time, mode, kind) VALUES (1, 'live', 'request')"
	run sqlite3 "$CB_DB" "UPDATE order_audit SET kind = 'x'"
	[ "$status" -ne 0 ]
	[[ $output == *"order_audit is append-only"* ]]
	run sqlite3 "$CB_DB" "DELETE FROM order_audit"
	[ "$status" -ne 0 ]
	[[ $output == *"order_audit is append-only"* ]]
	run -0 sqlite3 "$CB_DB" "SELECT count(*) FROM order_audit"
	[ "$output" = 1 ]
}

@test "order: on the real data paper equals cb-backtest, and ten runs over ten parts equal one" {
	local f k n lo hi
	[ -f "$CB_DATA/BTCUSDT-4h.csv" ] || skip "no shared data set in $CB_SHARED"
	for f in "$CB_DATA"/*-4h.csv; do
		"$CB_ROOT/tests/helpers/csv2candles" "$f"
	done > candles.ndjson
	run -0 --separate-stderr cb-detect -p candles.ndjson
	printf '%s\n' "$output" > in.ndjson
	# cb-backtest: its trades but the 'end' ones, which are open positions
	# for cb-order.
	run -0 --separate-stderr cb-backtest in.ndjson
	printf '%s\n' "$output" | grep '"type":"trade"' > bt-all.ndjson
	grep -v '"exit_reason":"end"' bt-all.ndjson > bt.ndjson
	[ "$(wc -l < bt.ndjson)" -gt 1000 ]
	run -0 --separate-stderr cb-order --db one.db in.ndjson
	printf '%s\n' "$output" > one.ndjson
	sed 's/,"mode":"paper"}$/}/' one.ndjson > one-nomode.ndjson
	diff bt.ndjson one-nomode.ndjson
	# Its open positions are the backtest's 'end' trades.
	run -0 jq -r 'select(.exit_reason == "end") | .id' bt-all.ndjson
	local ends=$output
	run -0 cb-order --db one.db positions
	run -0 jq -r .id <<< "$output"
	[ "$output" = "$ends" ]
	# Ten consecutive parts by open_time, ten runs.
	jq -r .open_time in.ndjson | sort -nu > times.txt
	n=$(wc -l < times.txt)
	: > ten.ndjson
	for k in 0 1 2 3 4 5 6 7 8 9; do
		lo=$(sed -n "$((k * n / 10 + 1))p" times.txt)
		hi=$(sed -n "$(((k + 1) * n / 10 + 1))p" times.txt)
		jq -c --argjson lo "$lo" --argjson hi "${hi:-1e18}" \
			'select(.open_time >= $lo and .open_time < $hi)' in.ndjson > part.ndjson
		cb-order -q --db ten.db part.ndjson >> ten.ndjson
	done
	diff one.ndjson ten.ndjson
	run -0 cb-order --db ten.db positions
	run -0 jq -r .id <<< "$output"
	[ "$output" = "$ends" ]
}
