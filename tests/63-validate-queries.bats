#!/usr/bin/env bats
# cb-validate's queries for people (--format table|csv|tsv, --limit,
# list --sort and --strength, stats --by, the age_h column), and what every
# tool shares for the words people type: enumerated values in any case, the
# nearest command for a mistyped one, symbols as ccxt and freqtrade write
# them. Expected values are computed by hand in the comments.
load test_helper

H4=14400000

# sig SYMBOL INDEX PRICE RATIO STRENGTH [INTERVAL]: an unscored signal on
# candle INDEX (4h) of SYMBOL, detected at its close.
sig() {
	printf '{"type":"signal","id":"binance:futures:%s:%s:%d","exchange":"binance","market":"futures","symbol":"%s","interval":"%s","open_time":%d,"detected_at":%d,"volume":30,"spike_ratio_7d":%s,"strength":"%s","confidence":60,"price":%s,"closed":true,"status":"DETECTED"}\n' \
		"$1" "${6:-4h}" $(($2 * H4)) "$1" "${6:-4h}" $(($2 * H4)) $((($2 + 1) * H4)) "$4" "$5" "$3"
}

# bar SYMBOL INDEX HIGH LOW CLOSE: a closed 4h candle.
bar() {
	printf '{"symbol":"%s","interval":"4h","open_time":%d,"open":%s,"high":%s,"low":%s,"close":%s,"volume":10}\n' \
		"$1" $(($2 * H4)) "$5" "$3" "$4" "$5"
}

# The store of these tests, in detection order (all detected at H4 but W):
#   XUSDT  STRONG  ratio 3:   candle 1 high 105, candle 2 high 112: CONFIRMED
#          at the end of candle 2 (3*H4), age 8h; its next candle is no
#          signal, but candle 1 is +5% within 24h: FOLLOW_THROUGH.
#   YUSDT  WEAK    ratio 1.6: candle 1 low 84: FAILED (drawdown 16), age 4h.
#   ZUSDT  MEDIUM  ratio 2:   candles 1..5 high 101 low 99: MONITORING,
#          last candle ends at 6*H4: age 20h (at the last transition: 4h).
#   WUSDT  EXTREME ratio 6, on candle 10 (detected 11*H4): no candle.
make_store() {
	{ sig XUSDT 0 100 3 STRONG; sig YUSDT 0 100 1.6 WEAK; sig ZUSDT 0 100 2 MEDIUM
	  bar XUSDT 1 105 99 104; bar YUSDT 1 101 84 86
	  bar ZUSDT 1 101 99 100; bar ZUSDT 2 101 99 100; bar ZUSDT 3 101 99 100
	  bar ZUSDT 4 101 99 100; bar ZUSDT 5 101 99 100
	  bar XUSDT 2 112 103 110; sig WUSDT 10 100 6 EXTREME; } > in
	run -0 cb-validate --db v.db in
}

@test "list --format table: age_h is the age at the newest candle, not at the last transition" {
	make_store
	run -0 cb-validate --db v.db list --format table --status monitoring
	# ZUSDT: candles to 6*H4, detected at H4: 5 * 4 = 20 hours.
	# Score: volume 15 (ratio 2), timing 5 (age 20h, up to 24h): 20.
	[ "${lines[0]}" = "id                          market   symbol  interval  open_time         strength  status      reason  age_h  max_gain_pct  drawdown_pct  score  level" ]
	[ "${lines[1]}" = "binance:futures:ZUSDT:4h:0  futures  ZUSDT   4h        1970-01-01 00:00  MEDIUM    MONITORING  age      20.0          1.00          1.00     20  LOW" ]
	[ "${#lines[@]}" -eq 2 ]
}

@test "list --format csv: RFC 4180, every member, nulls empty, times in ISO 8601" {
	make_store
	run -0 cb-validate --db v.db list --format csv --symbol xusdt
	[ "${#lines[@]}" -eq 2 ]
	[ "${lines[0]}" = "id,exchange,market,symbol,interval,open_time,detected_at,price,strength,spike_ratio_7d,status,status_time,reason,outcome,hours_to_outcome,candles,last_time,max_high,min_low,last_close,max_gain_pct,drawdown_pct,current_gain_pct,volume,oi,spot_sync,confirmation,timing,total,confidence_level,initial_total,initial_level,confirmations" ]
	# Gain 12, drawdown 1 (low 99), current 10; score: volume 20 (ratio
	# 3), confirmation 5, timing at 8h 7: 32; at registration 20 + 10.
	[ "${lines[1]}" = 'binance:futures:XUSDT:4h:0,binance,futures,XUSDT,4h,1970-01-01T00:00:00Z,1970-01-01T04:00:00Z,100.00000000,STRONG,3.00,CONFIRMED,1970-01-01T12:00:00Z,pump,CONFIRMED,8.0,2,1970-01-01T12:00:00Z,112.00000000,99.00000000,110.00000000,12.00,1.00,10.00,20,0,0,5,7,32,LOW,30,LOW,FOLLOW_THROUGH' ]
	# W: no candle: empty fields, no quotes.
	run -0 cb-validate --db v.db list --format csv --symbol WUSDT
	[ "${lines[1]}" = 'binance:futures:WUSDT:4h:144000000,binance,futures,WUSDT,4h,1970-01-02T16:00:00Z,1970-01-02T20:00:00Z,100.00000000,EXTREME,6.00,DETECTED,1970-01-02T20:00:00Z,,,,0,,,,,,,,25,0,0,0,10,35,LOW,35,LOW,' ]
}

@test "--format csv quotes a comma, a quote and a newline; tsv escapes a tab" {
	make_store
	cp v.db 'a,"b".db'
	run -0 cb-validate --db 'a,"b".db' status --format csv --limit 1 --now 1970-01-03
	[ "${lines[1]%%,*}" = '"a' ]
	[ "${lines[1]#\"a,\"\"b\"\".db\",}" != "${lines[1]}" ]
	cp v.db "$(printf 'a\tb\nc.db')"
	run -0 cb-validate --db "$(printf 'a\tb\nc.db')" status --format tsv --now 1970-01-03
	[ "${lines[0]}" = "$(printf 'path\tschema_version\tsize_bytes\tnow\tcandles\tsignals\tdetected\tmonitoring\tconfirmed\tfailed\tarchived\ttracking\tconfirmations\tscores\tnewest_update')" ]
	[ "${lines[1]%%$'\t'*}" = 'a\tb\nc.db' ]
	run -0 cb-validate --db "$(printf 'a\tb\nc.db')" status --format csv --now 1970-01-03
	[ "${lines[1]}" = '"a	b' ]
}

@test "--limit: at most N records of each type, in the stated order" {
	make_store
	# Detection order: XUSDT, YUSDT, ZUSDT (at H4, by id), then WUSDT.
	run -0 cb-validate --db v.db list --limit 2
	[ "$(printf '%s\n' "$output" | jq -r .symbol)" = "$(printf 'XUSDT\nYUSDT')" ]
	# show: 1 validation, then at most 1 tracking, confirmation, score.
	run -0 cb-validate --db v.db show binance:futures:XUSDT:4h:0 --limit 1
	[ "$(printf '%s\n' "$output" | jq -r .type)" = "$(printf 'validation\ntracking\nconfirmation\nscore')" ]
	run -0 cb-validate --db v.db stats --limit 3
	[ "${#lines[@]}" -eq 3 ]
	run -2 cb-validate --db v.db list --limit 0
	[ "${lines[0]}" = "cb-validate: --limit: '0' is not a whole number from 1 to 1000000000" ]
	run -2 cb-validate --db v.db prune --older-than 1d --limit 1
	[ "${lines[0]}" = "cb-validate: --limit: not for prune" ]
}

@test "list --sort newest, symbol, gain, score; --strength in any case" {
	make_store
	run -0 cb-validate --db v.db list --sort newest
	[ "$(printf '%s\n' "$output" | jq -r .symbol | tr '\n' ' ')" = "WUSDT ZUSDT YUSDT XUSDT " ]
	run -0 cb-validate --db v.db list --sort symbol
	[ "$(printf '%s\n' "$output" | jq -r .symbol | tr '\n' ' ')" = "WUSDT XUSDT YUSDT ZUSDT " ]
	# Max gain: X 12, Z 1, Y 1 (high 101), W none (last); Y and Z tie,
	# detected together: by id, Y first.
	run -0 cb-validate --db v.db list --sort GAIN
	[ "$(printf '%s\n' "$output" | jq -r .symbol | tr '\n' ' ')" = "XUSDT YUSDT ZUSDT WUSDT " ]
	# Totals: W 35 (25 + timing 10), X 32, Y 20 (volume 10, failed at 4h:
	# timing 10), Z 20 (15 + timing 5 at 20h); Y and Z tie: Y first by id.
	run -0 cb-validate --db v.db list --sort score
	[ "$(printf '%s\n' "$output" | jq -r '"\(.symbol):\(.score.total)"' | tr '\n' ' ')" = "WUSDT:35 XUSDT:32 YUSDT:20 ZUSDT:20 " ]
	run -0 cb-validate --db v.db list --strength weak
	[ "$(printf '%s\n' "$output" | jq -r .symbol)" = YUSDT ]
	run -2 cb-validate --db v.db list --sort size
	[ "${lines[0]}" = "cb-validate: --sort: 'size' is not detected, newest, symbol, gain or score" ]
}

@test "stats --by symbol, strength, level, interval, month: all first, then each value in order" {
	make_store
	printf '%s\n' "$(sig VUSDT 0 100 2 MEDIUM 1h)" > in1h
	run -0 cb-validate --db v.db in1h
	run -0 cb-validate --db v.db stats --by symbol
	[ "$(printf '%s\n' "$output" | jq -r '"\(.group) \(.value) \(.signals)"' | tr '\n' ' ')" = "all null 5 symbol VUSDT 1 symbol WUSDT 1 symbol XUSDT 1 symbol YUSDT 1 symbol ZUSDT 1 " ]
	run -0 cb-validate --db v.db stats --by Interval
	# 1h before 4h: by length, not by name.
	[ "$(printf '%s\n' "$output" | jq -r '"\(.value) \(.signals)"' | tr '\n' ' ')" = "null 5 1h 1 4h 4 " ]
	run -0 cb-validate --db v.db stats --by month
	[ "$(printf '%s\n' "$output" | jq -r '"\(.value) \(.signals)"' | tr '\n' ' ')" = "null 5 1970-01 5 " ]
	run -0 cb-validate --db v.db stats --by strength
	[ "$(printf '%s\n' "$output" | jq -r '"\(.value) \(.signals)"' | tr '\n' ' ')" = "null 5 WEAK 1 MEDIUM 2 STRONG 1 EXTREME 1 " ]
	run -0 cb-validate --db v.db stats --by level
	[ "$(printf '%s\n' "$output" | jq -r '"\(.group) \(.value) \(.signals)"' | tr '\n' ' ')" = "all null 5 confidence_level LOW 5 confidence_level MEDIUM 0 confidence_level HIGH 0 confidence_level EXTREME 0 " ]
	run -2 cb-validate --db v.db stats --by day
	[ "${lines[0]}" = "cb-validate: --by: 'day' is not symbol, strength, level, interval or month" ]
}

@test "stats --format table: short columns within 100 columns" {
	make_store
	run -0 cb-validate --db v.db stats --format table
	# Decided X (confirmed at 8h, gain 12) and Y (failed, gain 1): 50%,
	# median gain 6.5; active: Z and W.
	[ "${lines[0]}" = "group             value    signals  active  conf  fail  arch  rate_pct  gain_pct  h_to_conf" ]
	[ "${lines[1]}" = "all               -              4       2     1     1     0      50.0      6.50        8.0" ]
	[ "${#lines[@]}" -eq 10 ]
	for l in "${lines[@]}"; do [ "${#l}" -le 100 ]; done
	# The shared data set's BTCUSDT signals, by month: still within 100.
	[ -f "$CB_DATA/BTCUSDT-4h.csv" ] || skip "no shared data"
	run -0 cb-fetch import --db btc.db "$CB_DATA/BTCUSDT-4h.csv"
	cb-fetch klines --db btc.db --offline --symbols BTCUSDT --since 2019-01-01 | cb-detect -p | cb-validate --db btc.db > /dev/null
	run -0 cb-validate --db btc.db stats --format table --by month
	[ "${#lines[@]}" -gt 20 ]
	for l in "${lines[@]}"; do [ "${#l}" -le 100 ]; done
}

@test "enumerated values are case-insensitive in every tool" {
	make_store
	run -0 cb-validate --db v.db list --status confirmed --format TABLE
	[ "${#lines[@]}" -eq 2 ]
	[ "${lines[1]%% *}" = binance:futures:XUSDT:4h:0 ]
	run -0 cb-validate --db v.db list --status Failed --format Json
	[ "$(jq -r .symbol <<< "$output")" = YUSDT ]
	{ mkseries X 50 10; mkc X 50 60 110 100; } > candles
	run -0 cb-detect --volume AUTO candles
	run -0 cb-detect --volume Base candles
	[ "$(jq -r .strength <<< "$output")" = EXTREME ]
	run -0 sh -c 'cb-detect -p candles | cb-score --level low'
	[ "$(jq -r 'select(.type == "signal") | .symbol' <<< "$output")" = X ]
	run -0 cb-fetch --exchange SIM --market Spot klines --symbols AUSDT --since 2025-01-01 --until 2025-01-02 --now 2025-01-02
	[ "$(jq -r '"\(.exchange) \(.market)"' <<< "$output" | sort -u)" = "sim spot" ]
	run -2 cb-score --level higher
	[ "${lines[0]}" = "cb-score: --level: 'higher' is not LOW, MEDIUM, HIGH or EXTREME" ]
	run -2 cb-fetch --market perp klines --symbols X
	[ "${lines[0]}" = "cb-fetch: --market: 'perp' is not futures or spot" ]
}

@test "an unknown command suggests the nearest, in cb-validate and cb-fetch" {
	make_store
	run -2 --separate-stderr cb-validate --db v.db stat
	[ -z "$output" ]
	[ "${stderr_lines[0]}" = "cb-validate: 'stat' is not a command or a file; did you mean 'stats'?" ]
	[ "${stderr_lines[1]}" = "Try 'cb-validate --help' for more information." ]
	run -2 cb-validate --db v.db lsit
	[ "${lines[0]}" = "cb-validate: 'lsit' is not a command or a file; did you mean 'list'?" ]
	# A file of that name is read as one (the filter).
	: > stat
	run -0 cb-validate --db v.db stat
	# Far from every command: the filter's own error.
	run -1 cb-validate --db v.db candles.ndjson
	run -2 --separate-stderr cb-fetch klins --symbols BTCUSDT
	[ "${stderr_lines[0]}" = "cb-fetch: 'klins' is not a command; did you mean 'klines'?" ]
	run -2 --separate-stderr cb-fetch symbol
	[ "${stderr_lines[0]}" = "cb-fetch: 'symbol' is not a command; did you mean 'symbols'?" ]
	run -2 --separate-stderr cb-fetch frobnicate
	[ "${stderr_lines[0]}" = "cb-fetch: 'frobnicate' is not a command (klines, oi, symbols, ticker, funding, import or pumps)" ]
}

@test "symbols are normalised: btcusdt, BTC/USDT and BTC/USDT:USDT are BTCUSDT" {
	make_store
	for s in xusdt X/USDT x/usdt:usdt XUSDT; do
		run -0 cb-validate --db v.db list --symbol "$s"
		[ "$(jq -r .id <<< "$output")" = binance:futures:XUSDT:4h:0 ]
	done
	run -2 cb-validate --db v.db list --symbol 'X//USDT'
	[ "${lines[0]}" = "cb-validate: --symbol: 'X//USDT' is not a symbol (BTCUSDT, btcusdt, BTC/USDT or BTC/USDT:USDT)" ]
	run -0 cb-fetch --exchange sim klines --symbols ausdt,B/USDT:USDT --since 2025-01-01 --until 2025-01-01T04:00Z --now 2025-01-02
	[ "$(jq -r .symbol <<< "$output" | sort -u | tr '\n' ' ')" = "AUSDT BUSDT " ]
	run -2 cb-fetch --exchange sim klines --symbols AUSDT,ausdt --last 1
	[ "${lines[0]}" = "cb-fetch: --symbols: 'AUSDT' is given twice" ]
	printf 'open_time,open,high,low,close,volume\n1735689600000,1,1,1,1,1\n' > x.csv
	run -0 cb-fetch import --db i.db --symbol btc/usdt:usdt --interval 4h x.csv
	run -0 sqlite3 i.db "SELECT DISTINCT symbol FROM candles"
	[ "$output" = BTCUSDT ]
}

@test "an empty list says why, once: no signal yet, or none matching the filters" {
	run -0 cb-validate --db e.db /dev/null
	run -0 --separate-stderr cb-validate --db e.db list --format table
	[ "$output" = "" ]
	[ "$stderr" = "cb-validate: the store 'e.db' holds no signal yet: cb-validate keeps those of cb-detect -p (see EXAMPLES)" ]
	run -0 --separate-stderr cb-validate -q --db e.db list
	[ "$output" = "" ] && [ "$stderr" = "" ]
	make_store
	run -0 --separate-stderr cb-validate --db v.db list --status archived
	[ "$output" = "" ]
	[ "$stderr" = "cb-validate: no signal in the store 'v.db' matches the filters" ]
	run -0 --separate-stderr cb-validate --db v.db list --symbol xusdt
	[ "${#lines[@]}" = 1 ] && [ "$stderr" = "" ]
}
