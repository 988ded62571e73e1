#!/usr/bin/env bats
# cb-backtest scores its trades against real labels: label records with
# null for what only a simulator knows (end_time, peak_time, ...) and the
# groups that announced the pump with the times they gave (source,
# source_times), as in ../shared/data/pumps-5m. Such a pump is found by a
# signal whose candle opens within one hour of an announced time.
load test_helper

H=3600000   # 1h in ms

bar() {
	printf '{"type":"candle","symbol":"%s","interval":"1h","open_time":%d,"open":100,"high":100,"low":100,"close":100,"volume":1}\n' \
		"$1" $(($2 * H))
}

sig() {
	printf '{"type":"signal","id":"binance:futures:%s:1h:%d","symbol":"%s","interval":"1h","open_time":%d,"price":100,"strength":"STRONG"}\n' \
		"$1" $(($2 * H)) "$1" $(($2 * H))
}

# label SYMBOL TIME SOURCE SOURCE_TIMES: a real label, as in pumps-5m.
label() {
	printf '{"type":"label","exchange":"binance","market":"futures","symbol":"%s","interval":"1h","kind":"pump","time":%d,"peak_time":null,"end_time":null,"volume_multiple":null,"peak_gain_pct":null,"seed":null,"source":%s,"source_times":%s}\n' \
		"$1" "$2" "$3" "$4"
}

@test "backtest labels: real labels are found within an hour of their source times" {
	# Four symbols, candles 0h to 4h; every pump is labelled at 2h.
	# A: announced 02:01, signal at 2h: found (1:01 to 3:01).
	# B: two groups at 02:00, signal at 1h: found (exactly 1 h before).
	# C: announced 02:00, signal at 0h: 2 h before, missed.
	# D: no signal, and no source_times: missed.
	# 3 trades, 2 of them found a pump: precision 2/3; 2 of 4 pumps found:
	# recall 1/2; F1 2 * 2/3 * 1/2 / (2/3 + 1/2) = 4/7 = 0.571429.
	{ for s in A B C D; do for k in 0 1 2 3 4; do bar $s $k; done; done
	  sig A 2; sig B 1; sig C 0
	  label A $((2 * H)) '["BPF"]' "[$((2 * H + 60000))]"
	  label B $((2 * H)) '["BPF","CPI"]' "[$((2 * H)),$((2 * H))]"
	  label C $((2 * H)) '["CW"]' "[$((2 * H))]"
	  label D $((2 * H)) null null; } > in.ndjson
	run -0 --separate-stderr cb-backtest --slippage-bps 0 --fee-bps 0 in.ndjson
	[ -z "$stderr" ]
	printf '%s\n' "$output" | grep '"type":"summary"' > summary.json
	run -0 jq -c '[.trades, .labels, (.precision * 1e6 | round), .recall, (.f1 * 1e6 | round)]' summary.json
	[ "$output" = '[3,4,666667,0.5,571429]' ]
}

@test "backtest labels: every label of the shared pumps-5m data is read" {
	local f="$CB_SHARED/data/pumps-5m/labels.ndjson"
	[ -f "$f" ] || skip "$f is not there"
	run -0 --separate-stderr cb-backtest "$f"
	[ -z "$stderr" ]
}

@test "backtest labels: a wrong source or source_times is rejected" {
	{ bar A 0; bar A 1
	  label A $H '["BPF","CPI"]' "[$H]"
	  label A $H '"BPF"' "[$H]"
	  label A $H '["BPF"]' '[-1]'; } > in.ndjson
	run -3 --separate-stderr cb-backtest in.ndjson
	[ "${stderr_lines[0]}" = "cb-backtest: in.ndjson:3: label: 'source_times' does not hold one time for each 'source'" ]
	[ "${stderr_lines[1]}" = "cb-backtest: in.ndjson:4: label: 'source' is not an array of strings" ]
	[ "${stderr_lines[2]}" = "cb-backtest: in.ndjson:5: label: 'source_times' is not an array of times in epoch milliseconds" ]
}
