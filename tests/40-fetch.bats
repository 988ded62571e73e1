#!/usr/bin/env bats
# cb-fetch against the fake exchange (tests/fake-exchange), which serves the
# real BTCUSDT and ETHUSDT candles of the shared data set with its clock at
# 2026-05-01T06:00:00Z: the 04:00 candle is forming.
load test_helper

NOW=1777615200000      # 2026-05-01T06:00:00Z
H4=14400000
FORMING=1777608000000  # 2026-05-01T04:00:00Z

setup_file() {
	export DATA="$BATS_FILE_TMPDIR/data"
	mkdir -p "$DATA"
	cp "$CB_DATA/BTCUSDT-4h.csv" "$CB_DATA/ETHUSDT-4h.csv" "$DATA/"
	# GAPUSDT: BTCUSDT's April candles with three in a row missing (downtime).
	awk -F, 'NR == 1 || ($1 >= 1775001600000 && $1 < 1777615200000 && ($1 < 1775260800000 || $1 >= 1775304000000))' \
		"$CB_DATA/BTCUSDT-4h.csv" | sed 's/^/&/' > "$DATA/GAPUSDT-4h.csv"
	fake_start "$BATS_FILE_TMPDIR" --data "$DATA" --now "$NOW"
}

teardown_file() {
	fake_stop
}

setup() {
	cb_setup
	fake POST /_fake/reset > /dev/null
	fake POST "/_fake/now?ms=$NOW" > /dev/null
	: > "$FAKE_LOG"
}

@test "klines: real candles with every member, the forming one last" {
	run -0 --separate-stderr cb-fetch klines --symbols BTCUSDT --since 2026-04-30T12:00:00Z --now "$NOW"
	[ "${#lines[@]}" = 5 ]
	csv_rows BTCUSDT 1777550400000 "$FORMING" > want.csv
	# The forming candle's values are partial; compare the four closed ones.
	head -n 4 <<<"$output" | same_as_csv <(head -n 4 want.csv)
	[ "$(head -n 1 <<<"$output" | jq -c 'keys_unsorted')" = '["type","exchange","market","symbol","interval","open_time","close_time","open","high","low","close","volume","quote_volume","trades","taker_buy_volume","taker_buy_quote_volume","closed"]' ]
	[ "$(head -n 1 <<<"$output" | jq -c '[.close_time - .open_time, .closed, (.quote_volume > 0), (.trades > 0)]')" = "[$((H4 - 1)),true,true,true]" ]
	[ "$(tail -n 1 <<<"$output" | jq -c '[.open_time, .closed, .as_of]')" = "[$FORMING,false,$NOW]" ]
}

@test "klines: --closed-only leaves out the forming candle" {
	run -0 cb-fetch klines --symbols BTCUSDT --since 2026-04-30T12:00:00Z --closed-only --now "$NOW"
	[ "${#lines[@]}" = 4 ]
	[ "$(jq -r .closed <<<"$output" | sort -u)" = true ]
}

@test "klines: several symbols are ordered by open_time, then symbol" {
	run -0 cb-fetch klines --symbols ETHUSDT,BTCUSDT --last 3 --now "$NOW"
	[ "$(jq -r '"\(.open_time) \(.symbol)"' <<<"$output" | tr '\n' ' ')" = "$((FORMING - 2 * H4)) BTCUSDT $((FORMING - 2 * H4)) ETHUSDT $((FORMING - H4)) BTCUSDT $((FORMING - H4)) ETHUSDT $FORMING BTCUSDT $FORMING ETHUSDT " ]
}

@test "klines: a long range is paged, 1500 candles a request" {
	# 2025-01-01 to the forming candle: 2912 candles, so two pages.
	run -0 cb-fetch klines --symbols BTCUSDT --since 2025-01-01 --closed-only --now "$NOW"
	csv_rows BTCUSDT 1735689600000 $((FORMING - 1)) > want.csv
	same_as_csv want.csv <<<"$output"
	[ "$(grep -c klines "$FAKE_LOG")" = 2 ]
	grep -q 'limit=1500' "$FAKE_LOG"
}

@test "klines: --since/--until select candles by open time, inclusive" {
	run -0 cb-fetch klines --symbols BTCUSDT --since 1775001600000 --until 2026-04-02T00:00:00Z --now "$NOW"
	csv_rows BTCUSDT 1775001600000 1775088000000 > want.csv
	[ "$(wc -l < want.csv)" = 7 ]
	same_as_csv want.csv <<<"$output"
}

@test "klines: spot uses the spot endpoint" {
	run -0 cb-fetch klines --market spot --symbols BTCUSDT --last 2 --now "$NOW"
	[ "$(jq -r .market <<<"$output" | sort -u)" = spot ]
	grep -q '^GET /api/v3/klines?symbol=BTCUSDT' "$FAKE_LOG"
}

@test "store: a second run asks only for what is new and writes the same" {
	run -0 cb-fetch klines --db cb.db --symbols BTCUSDT,ETHUSDT --since -31d --now "$NOW"
	first=$output
	[ "$(grep -c klines "$FAKE_LOG")" = 2 ]
	: > "$FAKE_LOG"
	run -0 cb-fetch klines --db cb.db --symbols BTCUSDT,ETHUSDT --since -31d --now "$NOW"
	[ "$output" = "$first" ]
	# One small request per symbol: the forming candle onwards.
	[ "$(grep -c "klines.*startTime=$FORMING.*limit=2$" "$FAKE_LOG")" = 2 ]
	[ "$(wc -l < "$FAKE_LOG")" = 2 ]
	: > "$FAKE_LOG"
	run -0 cb-fetch klines --db cb.db --symbols BTCUSDT,ETHUSDT --since -31d --offline --now "$NOW"
	[ "$output" = "$first" ]
	[ ! -s "$FAKE_LOG" ]
}

@test "store: CB_DB names the store" {
	export CB_DB=env.db
	run -0 cb-fetch klines --symbols BTCUSDT --last 3 --now "$NOW"
	[ "$(sqlite3 env.db 'select count(*) from candles')" = 3 ]
}

@test "store: the forming candle is replaced when it closes" {
	run -0 cb-fetch klines --db cb.db --symbols BTCUSDT --last 2 --now "$NOW"
	[ "$(sqlite3 cb.db "select closed from candles where open_time = $FORMING")" = 0 ]
	fake POST "/_fake/now?ms=$((NOW + 2 * H4))" > /dev/null
	run -0 cb-fetch klines --db cb.db --symbols BTCUSDT --last 4 --now $((NOW + 2 * H4))
	[ "$(sqlite3 cb.db "select count(*), sum(closed) from candles where open_time = $FORMING")" = "1|1" ]
	csv_rows BTCUSDT "$FORMING" "$FORMING" > want.csv
	jq -c "select(.open_time == $FORMING)" <<<"$output" | same_as_csv want.csv
}

@test "store: an older --since fetches only the older part" {
	run -0 cb-fetch klines --db cb.db --symbols BTCUSDT --since 2026-04-20 --now "$NOW"
	: > "$FAKE_LOG"
	run -0 cb-fetch klines --db cb.db --symbols BTCUSDT --since 2026-04-10 --closed-only --now "$NOW"
	grep -q "startTime=1775779200000&endTime=$((1776643200000 - 1))" "$FAKE_LOG"
	csv_rows BTCUSDT 1775779200000 $((FORMING - 1)) > want.csv
	same_as_csv want.csv <<<"$output"
	[ "$(sqlite3 cb.db "select first_time, last_time from coverage")" = "1775779200000|$((FORMING - H4))" ]
}

@test "store: missing candles are reported, never invented" {
	run -0 --separate-stderr cb-fetch klines --db cb.db --symbols GAPUSDT --since 2026-04-03 --until 2026-04-05 --now "$NOW"
	[ "$stderr" = "cb-fetch: warning: binance:futures:GAPUSDT:4h: 3 candles missing from 2026-04-04T00:00:00Z to before 2026-04-04T12:00:00Z (the exchange has none; not filled)" ]
	[ "${#lines[@]}" = 10 ]
	run -0 --separate-stderr cb-fetch klines --db cb.db --symbols GAPUSDT --since 2026-04-03 --until 2026-04-05 --offline --now "$NOW"
	[ "${#lines[@]}" = 10 ]
	[ -n "$stderr" ]
}

@test "store: two writers at once both succeed" {
	cb-fetch klines --db cb.db --symbols BTCUSDT --since 2025-01-01 --now "$NOW" > a.out &
	a=$!
	cb-fetch klines --db cb.db --symbols ETHUSDT,BTCUSDT --since 2025-06-01 --now "$NOW" > b.out &
	b=$!
	wait $a
	wait $b
	[ "$(sqlite3 cb.db 'pragma integrity_check')" = ok ]
	[ "$(jq -r .symbol b.out | sort -u | tr '\n' ' ')" = "BTCUSDT ETHUSDT " ]
	[ "$(wc -l < a.out)" = $(( (FORMING - 1735689600000) / H4 + 1 )) ]
}

@test "store: a crash leaves it consistent and the next run completes" {
	# Every answer takes 300 ms, and pages are stored at least once a
	# second: kill the fetch after some pages are stored, before the rest.
	fake POST '/_fake/fault?path=/fapi/v1/klines&kind=slow&count=100&delay_ms=300' > /dev/null
	cb-fetch klines --db cb.db --symbols BTCUSDT --since 2020-01-01 --now "$NOW" > /dev/null &
	pid=$!
	sleep 2
	kill -9 $pid
	wait $pid || true
	[ "$(sqlite3 cb.db 'pragma integrity_check')" = ok ]
	# Whatever coverage was recorded has its candles.
	run -0 sqlite3 cb.db "select (select count(*) from candles where closed and open_time between first_time and last_time) = (last_time - first_time) / $H4 + 1 from coverage"
	[ "$output" = 1 ]
	# ... and not all of them: the kill came in the middle.
	[ "$(sqlite3 cb.db 'select count(*) from candles')" -lt 13000 ]
	fake POST /_fake/reset > /dev/null
	run -0 cb-fetch klines --db cb.db --symbols BTCUSDT --since 2020-01-01 --closed-only --now "$NOW"
	csv_rows BTCUSDT 1577836800000 $((FORMING - 1)) > want.csv
	same_as_csv want.csv <<<"$output"
}

@test "429: waits for Retry-After and carries on" {
	fake POST '/_fake/fault?path=/fapi/v1/klines&symbol=BTCUSDT&kind=429&count=1&retry_after=1' > /dev/null
	start=$(date +%s%N)
	run -0 cb-fetch klines --symbols BTCUSDT,ETHUSDT --last 2 --now "$NOW"
	[ $(( ($(date +%s%N) - start) / 1000000 )) -ge 1000 ]
	[ "${#lines[@]}" = 4 ]
	[ "$(fake GET /_fake/stats | jq .status_429)" = 1 ]
}

@test "418: every request stops at once, status 1" {
	fake POST '/_fake/fault?path=/fapi/v1/klines&kind=418&count=1&retry_after=600' > /dev/null
	run -1 --separate-stderr cb-fetch klines --symbols BTCUSDT --jobs 1 --since 2020-01-01 --now "$NOW"
	[[ "$stderr" == "cb-fetch: the exchange banned this IP address (HTTP 418) until "*"; stopped every request" ]]
	[ "$(grep -c klines "$FAKE_LOG")" = 1 ]
}

@test "5xx, a truncated body, invalid JSON and a dropped connection are retried" {
	for kind in 500 503 truncate badjson close; do
		fake POST "/_fake/fault?path=/fapi/v1/klines&symbol=BTCUSDT&kind=$kind&count=2" > /dev/null
		run -0 cb-fetch klines --symbols BTCUSDT --last 3 --now "$NOW"
		[ "${#lines[@]}" = 3 ] || { echo "$kind"; false; }
	done
}

@test "a response that stays malformed fails its symbol only: status 3" {
	fake POST '/_fake/fault?path=/fapi/v1/klines&symbol=BTCUSDT&kind=badjson&count=20' > /dev/null
	run -3 --separate-stderr cb-fetch klines --symbols BTCUSDT,ETHUSDT --last 2 --now "$NOW"
	[ "$(jq -r .symbol <<<"$output" | sort -u)" = ETHUSDT ]
	[[ "$stderr" == "cb-fetch: BTCUSDT: malformed answer: "*"(after 5 tries)" ]]
}

@test "an exchange error is reported with symbol, code and message and not retried" {
	run -3 --separate-stderr cb-fetch klines --symbols NOSUCHUSDT,ETHUSDT --last 2 --now "$NOW"
	[ "$stderr" = "cb-fetch: NOSUCHUSDT: binance error -1121: Invalid symbol." ]
	[ "$(grep -c NOSUCHUSDT "$FAKE_LOG")" = 1 ]
	[ "${#lines[@]}" = 2 ]
}

@test "--universe: trading USDT perpetuals only" {
	run -0 cb-fetch klines --universe --last 1 --now "$NOW"
	[ "$(jq -r .symbol <<<"$output" | sort | tr '\n' ' ')" = "BTCUSDT ETHUSDT GAPUSDT " ]
}

@test "symbols: exchangeInfo as symbol records with the order filters" {
	run -0 cb-fetch symbols --symbols BTCUSDT --now "$NOW"
	[ "$(jq -c 'keys_unsorted' <<<"$output")" = '["type","exchange","market","symbol","status","base_asset","quote_asset","contract_type","tick_size","step_size","min_qty","min_notional","onboard_date"]' ]
	[ "$(jq -c '[.symbol, .status, .base_asset, .quote_asset, .contract_type, (.tick_size > 0), (.step_size > 0), (.min_notional > 0)]' <<<"$output")" = '["BTCUSDT","TRADING","BTC","USDT","PERPETUAL",true,true,true]' ]
}

@test "ticker: 24h tickers as ticker records" {
	run -0 cb-fetch ticker --symbols ETHUSDT --now "$NOW"
	[ "$(jq -c '[.type, .symbol, (.last_price > 0), (.volume > 0)]' <<<"$output")" = '["ticker","ETHUSDT",true,true]' ]
}

@test "oi: open interest records, time-ordered; older than 30 days is an error" {
	run -0 cb-fetch oi --symbols BTCUSDT,ETHUSDT --period 4h --since -1d --now "$NOW"
	[ "${#lines[@]}" -ge 10 ]
	[ "$(head -n 1 <<<"$output" | jq -c 'keys_unsorted')" = '["type","exchange","symbol","period","time","open_interest","open_interest_value"]' ]
	[ "$(jq -s -c 'map([.time, .symbol]) == (map([.time, .symbol]) | sort)' <<<"$output")" = true ]
	run -2 --separate-stderr cb-fetch oi --symbols BTCUSDT --since -40d --now "$NOW"
	[[ "${stderr_lines[0]}" == *"Binance keeps open interest history for the last 30 days only" ]]
}

@test "usage errors exit 2" {
	for args in "" "bogus" "klines" "klines --symbols a:b" "klines --symbols X --universe" "klines --symbols X --last 0" "klines --symbols X --since -1d --last 5" "klines --symbols X --offline" "klines --symbols X --interval 7m" "klines --symbols X --market options"; do
		run -2 cb-fetch $args
	done
}

@test "progress on a terminal's stderr, none when not a terminal or with -q" {
	command -v script > /dev/null || skip "script(1) is not installed"
	run -0 script -qec "cb-fetch klines --symbols BTCUSDT,ETHUSDT --since 2020-01-01 --now $NOW > /dev/null" /dev/null
	[[ "$output" == *"cb-fetch: "*"/2 symbols, "*" candles, "*" candles/s"* ]]
	run -0 script -qec "cb-fetch -q klines --symbols BTCUSDT,ETHUSDT --since 2020-01-01 --now $NOW > /dev/null" /dev/null
	[ "$output" = "" ]
	run -0 --separate-stderr cb-fetch klines --symbols BTCUSDT,ETHUSDT --since 2020-01-01 --now "$NOW"
	[ "$stderr" = "" ]
}

@test "the weight budget paces requests into the next minute instead of causing a 429" {
	# Budget 2, three requests of weight 1: the third waits for the next
	# minute window (so this test takes up to a minute).
	run -0 --separate-stderr cb-fetch klines --symbols BTCUSDT,ETHUSDT,GAPUSDT --last 2 --jobs 1 --weight-budget 2 --now "$NOW"
	[ "$(jq -r .symbol <<<"$output" | sort -u | tr '\n' ' ')" = "BTCUSDT ETHUSDT GAPUSDT " ]
	run -0 fake GET /_fake/stats
	[ "$(jq -c '[.status_429, .max_weight_1m <= 2]' <<<"$output")" = '[0,true]' ]
}

@test "oi: a long range is paged back from its newest rows; nothing is dropped" {
	# 5 days of 5m periods: 1440 rows, three pages of at most 500.
	run -0 cb-fetch oi --symbols BTCUSDT --period 5m --since $((NOW - 5 * 86400000)) --until $((NOW - 300000)) --now "$NOW"
	[ "${#lines[@]}" = 1440 ]
	[ "$(jq -s -c '[.[0].time, .[-1].time, (map(.time) | unique | length)]' <<<"$output")" = "[$((NOW - 5 * 86400000)),$((NOW - 300000)),1440]" ]
	[ "$(grep -c openInterestHist "$FAKE_LOG")" = 3 ]
}

@test "oi: with a store, an older --since fetches the older part" {
	run -0 cb-fetch oi --db cb.db --symbols BTCUSDT --period 4h --since -1d --now "$NOW"
	one=${#lines[@]}
	run -0 cb-fetch oi --db cb.db --symbols BTCUSDT --period 4h --since -3d --now "$NOW"
	[ "${#lines[@]}" = $((one + 12)) ]
	[ "$(sqlite3 cb.db 'select count(*) from oi')" = "${#lines[@]}" ]
}

@test "--offline --universe is a usage error, and no store is created" {
	run -2 cb-fetch klines --db new.db --universe --offline
	[ ! -e new.db ]
}

@test "requests name cb-fetch and its version in the User-Agent" {
	run -0 cb-fetch klines --symbols BTCUSDT --last 1 --now "$NOW"
	[ "$(fake GET /_fake/stats | jq -r .user_agent)" = "cb-fetch/$(cb-fetch --version | cut -d' ' -f2)" ]
}

@test "a request that outlasts --timeout is retried" {
	fake POST '/_fake/fault?path=/fapi/v1/klines&kind=slow&count=1&delay_ms=3000' > /dev/null
	start=$(date +%s%N)
	run -0 cb-fetch klines --symbols BTCUSDT --last 2 --timeout 1 --now "$NOW"
	[ "${#lines[@]}" = 2 ]
	[ $(( ($(date +%s%N) - start) / 1000000 )) -lt 2900 ]
	[ "$(grep -c klines "$FAKE_LOG")" = 2 ]
}

@test "the exchange's used-weight header is obeyed: weight used by others counts" {
	# Another client spends 5 of this minute's weight; with a budget of 6
	# the second request of ours must wait for the next minute.
	for i in 1 2 3 4 5; do curl -s -o /dev/null "$FAKE_URL/fapi/v1/klines?symbol=BTCUSDT&interval=4h&limit=1"; done
	run -0 cb-fetch klines --symbols BTCUSDT,ETHUSDT --last 2 --jobs 1 --weight-budget 6 --now "$NOW"
	[ "${#lines[@]}" = 4 ]
	run -0 fake GET /_fake/stats
	[ "$(jq -c '[.status_429, .max_weight_1m <= 6]' <<<"$output")" = '[0,true]' ]
}

@test "connections are reused: many requests, one connection per job" {
	# Two symbols, four pages each (1500 a page), one at a time. Each stats
	# query comes on a connection of its own, counted too.
	before=$(fake GET /_fake/stats | jq .connections)
	run -0 cb-fetch klines --symbols BTCUSDT,ETHUSDT --since 2024-04-01 --jobs 1 --now "$NOW"
	run -0 fake GET /_fake/stats
	[ "$(jq -c "[.paths[\"/fapi/v1/klines\"], .connections - $before - 1]" <<<"$output")" = '[8,1]' ]
}

@test "a Retry-After beyond 120 s is not waited for: the symbol fails at once, with a warning" {
	fake POST '/_fake/fault?path=/fapi/v1/klines&symbol=BTCUSDT&kind=429&count=1&retry_after=100000' > /dev/null
	start=$(date +%s)
	run -3 --separate-stderr cb-fetch klines --symbols BTCUSDT,ETHUSDT --last 2 --now "$NOW"
	[ $(( $(date +%s) - start )) -lt 20 ]
	[ "${#lines[@]}" = 2 ]
	[ "$(jq -r .symbol <<<"$output" | sort -u)" = ETHUSDT ]
	[ "${stderr_lines[0]}" = "cb-fetch: warning: the exchange asked for a pause of 100000 s (Retry-After), longer than the 120 s cb waits for: not retrying" ]
	[[ "${stderr_lines[1]}" == "cb-fetch: BTCUSDT: binance error -1003: Too much request weight used; "* ]]
	[ "$(fake GET /_fake/stats | jq .status_429)" = 1 ]   # one try, no retry
	# A huge value is read without overflow (UBSan in make SANITIZE=... check).
	fake POST '/_fake/fault?path=/fapi/v1/klines&symbol=BTCUSDT&kind=429&count=1&retry_after=99999999999999999999' > /dev/null
	run -3 --separate-stderr cb-fetch klines --symbols BTCUSDT --last 2 --now "$NOW"
	[[ "${stderr_lines[0]}" == *"a pause of 1000000000 s (Retry-After)"* ]]
}

@test "a user and password in the base URL never appear in a message" {
	fake POST '/_fake/fault?path=/fapi/v1/klines&symbol=BTCUSDT&kind=error&count=1' > /dev/null
	fake POST '/_fake/fault?path=/fapi/v1/klines&symbol=BTCUSDT&kind=close&count=9' > /dev/null
	url="http://trader:s3cr3tpw@${FAKE_URL#http://}"
	CB_BINANCE_FUTURES_URL=$url run -3 --separate-stderr cb-fetch klines --symbols BTCUSDT --last 2 --now "$NOW"
	[ "$stderr" = "cb-fetch: BTCUSDT: binance error -1121: Invalid symbol." ]
	CB_BINANCE_FUTURES_URL=$url run -3 --separate-stderr cb-fetch klines --symbols BTCUSDT --last 2 --now "$NOW"
	[[ "$stderr" == "cb-fetch: BTCUSDT: no answer from http://***@${FAKE_URL#http://}/fapi/v1/klines?"* ]]
	[[ "$stderr" != *s3cr3tpw* ]]
}

@test "an answer larger than 64 MiB is refused as it comes, not held whole or retried" {
	fake POST '/_fake/fault?path=/fapi/v1/klines&symbol=BTCUSDT&kind=huge&count=1' > /dev/null
	run -3 --separate-stderr /usr/bin/time -f %M -o rss cb-fetch klines --symbols BTCUSDT,ETHUSDT --last 2 --now "$NOW"
	[ "${#lines[@]}" = 2 ]
	[ "$(jq -r .symbol <<<"$output" | sort -u)" = ETHUSDT ]
	[[ "${stderr_lines[0]}" == "cb-fetch: BTCUSDT: no answer from $FAKE_URL/fapi/v1/klines?"*": the answer is larger than 64 MiB: refused (after 1 try)" ]]
	# The body is dropped at 64 MiB: well under the 80 MiB sent.
	[ $(( $(tail -n 1 rss) / 1024 )) -lt 200 ]
	[ "$(grep -c 'klines?symbol=BTCUSDT' "$FAKE_LOG")" = 1 ]
}

@test "rows outside the window asked for are a malformed answer: retried, then the symbol fails" {
	fake POST '/_fake/fault?path=/fapi/v1/klines&symbol=BTCUSDT&kind=stale&count=5' > /dev/null
	run -3 --separate-stderr cb-fetch klines --symbols BTCUSDT,ETHUSDT --since 2020-01-01 --until 2020-01-02 --now "$NOW"
	[ "$(jq -r .symbol <<<"$output" | sort -u)" = ETHUSDT ]
	[[ "${stderr_lines[0]}" == "cb-fetch: BTCUSDT: malformed answer: row 1 (open_time "*") opens outside the window asked for (window 1577836800000 .. "*") (after 5 tries)" ]]
	[ "$(grep -c 'klines?symbol=BTCUSDT' "$FAKE_LOG")" = 5 ]
}

@test "oi: rows outside the window asked for are a malformed answer: retried, then the symbol fails" {
	# The window is [NOW - 2d, NOW - 1d]; a server that ignores it answers
	# the newest 500 hours, the first at NOW - 499h = 1775818800000. The old
	# code asked again before that row, forever while the fault lasts.
	fake POST '/_fake/fault?path=/futures/data/openInterestHist&symbol=BTCUSDT&kind=stale&count=5' > /dev/null
	run -3 --separate-stderr cb-fetch oi --symbols BTCUSDT,ETHUSDT --period 1h --since $((NOW - 2 * 86400000)) --until $((NOW - 86400000)) --now "$NOW"
	[ "$(jq -r .symbol <<<"$output" | sort -u)" = ETHUSDT ]
	[ "${#lines[@]}" = 25 ]
	[ "$stderr" = "cb-fetch: BTCUSDT: malformed answer: row 1 (time 1775818800000) opens outside the window asked for (window 1777442400000 .. 1777528800000) (after 5 tries)" ]
	[ "$(grep -c 'openInterestHist?symbol=BTCUSDT' "$FAKE_LOG")" = 5 ]
}

@test "oi: rows off the period's grid or out of order are a malformed answer" {
	fake POST '/_fake/fault?path=/futures/data/openInterestHist&symbol=BTCUSDT&kind=offgrid&count=5' > /dev/null
	run -3 --separate-stderr cb-fetch oi --symbols BTCUSDT --period 1h --since $((NOW - 2 * 86400000)) --until $((NOW - 86400000)) --now "$NOW"
	[ "$output" = "" ]
	[ "$stderr" = "cb-fetch: BTCUSDT: malformed answer: row 1 (time 1777442401000) is off the interval's grid (window 1777442400000 .. 1777528800000) (after 5 tries)" ]
	# Newest first: the second row is the hour before the first.
	fake POST '/_fake/fault?path=/futures/data/openInterestHist&symbol=BTCUSDT&kind=unordered&count=5' > /dev/null
	run -3 --separate-stderr cb-fetch oi --db cb.db --symbols BTCUSDT --period 1h --since $((NOW - 2 * 86400000)) --until $((NOW - 86400000)) --now "$NOW"
	[ "$stderr" = "cb-fetch: BTCUSDT: malformed answer: row 2 (time 1777525200000) is not after the row before it (window 1777442400000 .. 1777528800000) (after 5 tries)" ]
	[ "$(sqlite3 cb.db 'select count(*) from oi')" = 0 ]
	# The faults spent, the same request is whole.
	run -0 cb-fetch oi --symbols BTCUSDT --period 1h --since $((NOW - 2 * 86400000)) --until $((NOW - 86400000)) --now "$NOW"
	[ "${#lines[@]}" = 25 ]
}

@test "klines: rows off the interval's grid are a malformed answer" {
	fake POST '/_fake/fault?path=/fapi/v1/klines&symbol=BTCUSDT&kind=offgrid&count=5' > /dev/null
	run -3 --separate-stderr cb-fetch klines --symbols BTCUSDT,ETHUSDT --since 2026-04-01 --until 2026-04-02 --now "$NOW"
	[ "$(jq -r .symbol <<<"$output" | sort -u)" = ETHUSDT ]
	[ "$stderr" = "cb-fetch: BTCUSDT: malformed answer: row 1 (open_time 1775001601000) is off the interval's grid (window 1775001600000 .. 1775088000000) (after 5 tries)" ]
}

@test "an endless answer is bounded by --timeout: each try ends, then the request fails" {
	# A chunked body that never ends, a byte every 100 ms: each of the 5
	# tries ends after 1 s; with the backoff between them at most 7.5 s.
	fake POST '/_fake/fault?path=/fapi/v1/exchangeInfo&kind=endless&count=5' > /dev/null
	start=$(date +%s)
	run -1 --separate-stderr cb-fetch symbols --timeout 1 --now "$NOW"
	[ $(( $(date +%s) - start )) -lt 20 ]
	[ "$output" = "" ]
	[[ "$stderr" == "cb-fetch: exchangeInfo: no answer from $FAKE_URL/fapi/v1/exchangeInfo: Operation timed out after "*" milliseconds with "*" bytes received (after 5 tries)" ]]
	[ "$(grep -c exchangeInfo "$FAKE_LOG")" = 5 ]
}

@test "huge headers are refused at once, neither held nor retried" {
	# One header line of 8 MiB, then 100,000 header lines (about 2 MiB).
	for kind in bigheader headers; do
		fake POST "/_fake/fault?path=/fapi/v1/klines&symbol=BTCUSDT&kind=$kind&count=1" > /dev/null
		: > "$FAKE_LOG"
		run -3 --separate-stderr /usr/bin/time -f %M -o rss cb-fetch klines --symbols BTCUSDT,ETHUSDT --since 2026-04-01 --until 2026-04-02 --now "$NOW"
		[ "$(jq -r .symbol <<<"$output" | sort -u)" = ETHUSDT ]
		[ "${stderr_lines[0]}" = "cb-fetch: BTCUSDT: no answer from $FAKE_URL/fapi/v1/klines?symbol=BTCUSDT&interval=4h&startTime=1775001600000&endTime=1775088000000&limit=8: the answer's headers are larger than 64 KiB: refused (after 1 try)" ]
		[ $(( $(tail -n 1 rss) / 1024 )) -lt 100 ]
		[ "$(grep -c 'klines?symbol=BTCUSDT' "$FAKE_LOG")" = 1 ]
	done
}

@test "an exchange's error text cannot drive the terminal: control characters are replaced" {
	fake POST '/_fake/fault?path=/fapi/v1/klines&symbol=BTCUSDT&kind=escapes&count=1' > /dev/null
	run -3 --separate-stderr cb-fetch klines --symbols BTCUSDT --last 2 --now "$NOW"
	# ESC [2J, ESC ]0;pwned BEL, CR LF, then a forged line and ESC [0m.
	[ "$stderr" = "cb-fetch: BTCUSDT: binance error -1121: Invalid symbol.?[2J?]0;pwned???cb-fetch: all symbols fetched?[0m" ]
}

# valgrind cannot run a sanitizer build; under make SANITIZE=... LeakSanitizer
# checks every run of the suite instead.
need_valgrind() {
	command -v valgrind > /dev/null || skip "valgrind is not installed"
	case "$(cat "$CB_ROOT/build/flavour" 2>/dev/null)" in
	san-*) skip "valgrind cannot run a sanitizer build" ;;
	esac
}

@test "no memory is lost with a malformed klines page, retried (valgrind)" {
	need_valgrind
	# Rows newest first: the adapter's parser refuses the page after taking
	# a slot for each row; the old code lost 213 KB a try.
	fake POST '/_fake/fault?path=/fapi/v1/klines&symbol=BTCUSDT&kind=unordered&count=5' > /dev/null
	run -3 --separate-stderr valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=99 \
		cb-fetch klines --symbols BTCUSDT,ETHUSDT --since 2026-04-01 --until 2026-04-02 --now "$NOW"
	[ "${#lines[@]}" = 7 ]
	[ "$stderr" = "cb-fetch: BTCUSDT: malformed answer: row 2 is inconsistent (after 5 tries)" ]
}

@test "no memory is lost when --universe fails (valgrind)" {
	need_valgrind
	fake POST '/_fake/fault?path=/fapi/v1/exchangeInfo&kind=badjson&count=5' > /dev/null
	run -1 --separate-stderr valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=99 \
		cb-fetch klines --universe --last 2 --now "$NOW"
	[ "$stderr" = "cb-fetch: exchangeInfo: malformed answer from $FAKE_URL/fapi/v1/exchangeInfo (after 5 tries)" ]
}

# Funding (the fake's fundingRate): every 8 hours, rate 0.00001 * (k % 21 - 5)
# for k = time / 28800000, markPrice the 4h candle's open (tests/fake-exchange/README.md).
@test "funding: the records of a short window, by time then symbol" {
	# 2026-04-30 00:00, 08:00, 16:00: k = 61719, 61720, 61721; k % 21 = 0, 1, 2:
	# rates -0.00005, -0.00004, -0.00003; mark prices the opens of the CSV rows.
	run -0 --separate-stderr cb-fetch funding --symbols ETHUSDT,BTCUSDT --since 2026-04-30T00:00:00Z --until 2026-04-30T16:00:00Z --now "$NOW"
	[ "$output" = '{"type":"funding","exchange":"binance","symbol":"BTCUSDT","time":1777507200000,"rate":-0.00005,"mark_price":75749.9}
{"type":"funding","exchange":"binance","symbol":"ETHUSDT","time":1777507200000,"rate":-0.00005,"mark_price":2251.53}
{"type":"funding","exchange":"binance","symbol":"BTCUSDT","time":1777536000000,"rate":-0.00004,"mark_price":76129.9}
{"type":"funding","exchange":"binance","symbol":"ETHUSDT","time":1777536000000,"rate":-0.00004,"mark_price":2259}
{"type":"funding","exchange":"binance","symbol":"BTCUSDT","time":1777564800000,"rate":-0.00003,"mark_price":76423}
{"type":"funding","exchange":"binance","symbol":"ETHUSDT","time":1777564800000,"rate":-0.00003,"mark_price":2264.6}' ]
	[ "$stderr" = "" ]
	grep -q 'GET /fapi/v1/fundingRate?symbol=BTCUSDT&startTime=1777507200000&endTime=1777564800000&limit=1000' "$FAKE_LOG"
}

@test "funding: an old row's empty markPrice is a null mark_price" {
	# 2020-01-01: k = 54786, k % 21 = 18: rate 0.00013.
	run -0 cb-fetch funding --symbols BTCUSDT --since 2020-01-01T00:00:00Z --until 2020-01-01T07:00:00Z --now "$NOW"
	[ "$output" = '{"type":"funding","exchange":"binance","symbol":"BTCUSDT","time":1577836800000,"rate":0.00013,"mark_price":null}' ]
}

@test "funding: more than 1000 rows are paged forward from the last row; nothing is dropped" {
	# 2025-01-01 .. 2026-01-01 inclusive: 31536000000 / 28800000 + 1 = 1096
	# rows; the first page holds the oldest 1000, the second starts 1 ms
	# after its last row, 1735689600000 + 999 * 28800000 = 1764460800000.
	run -0 cb-fetch funding --symbols BTCUSDT --since 2025-01-01T00:00:00Z --until 2026-01-01T00:00:00Z --now "$NOW"
	[ "${#lines[@]}" = 1096 ]
	[ "$(jq -s -c '[.[0].time, .[-1].time, (map(.time) | unique | length)]' <<<"$output")" = "[1735689600000,1767225600000,1096]" ]
	[ "$(grep -c fundingRate "$FAKE_LOG")" = 2 ]
	grep -q 'fundingRate?symbol=BTCUSDT&startTime=1764460800001&endTime=1767225600000&limit=1000' "$FAKE_LOG"
}

@test "funding: --universe, --last, and the default window of 30 days" {
	# The universe: BTCUSDT, ETHUSDT, GAPUSDT (GAPUSDT: BTCUSDT's candles).
	run -0 cb-fetch funding --universe --since 2026-04-30T00:00:00Z --until 2026-04-30T00:00:00Z --now "$NOW"
	[ "$output" = '{"type":"funding","exchange":"binance","symbol":"BTCUSDT","time":1777507200000,"rate":-0.00005,"mark_price":75749.9}
{"type":"funding","exchange":"binance","symbol":"ETHUSDT","time":1777507200000,"rate":-0.00005,"mark_price":2251.53}
{"type":"funding","exchange":"binance","symbol":"GAPUSDT","time":1777507200000,"rate":-0.00005,"mark_price":75749.9}' ]
	# --last 2: the 8h periods opening 2026-04-30 16:00 and 2026-05-01 00:00.
	run -0 cb-fetch funding --symbols BTCUSDT --last 2 --now "$NOW"
	[ "$(jq -r .time <<<"$output" | tr '\n' ' ')" = "1777564800000 1777593600000 " ]
	# 30 days back from now (06:00): 2026-04-01 08:00 .. 2026-05-01 00:00, 90 rows.
	run -0 cb-fetch funding --symbols BTCUSDT --now "$NOW"
	[ "$(jq -s -c '[length, .[0].time, .[-1].time]' <<<"$output")" = '[90,1775030400000,1777593600000]' ]
}

@test "funding: spot, --offline and --exchange bybit are usage errors" {
	run -2 --separate-stderr cb-fetch funding --market spot --symbols BTCUSDT --now "$NOW"
	[ "${stderr_lines[0]}" = "cb-fetch: funding: funding exists only for --market futures" ]
	run -2 cb-fetch funding --offline --symbols BTCUSDT --now "$NOW"
	run -2 cb-fetch funding --exchange bybit --symbols BTCUSDT --now "$NOW"
	run -2 cb-fetch funding --now "$NOW"
}

@test "funding: rows outside the window asked for are a malformed answer: retried, then the symbol fails" {
	fake POST '/_fake/fault?path=/fapi/v1/fundingRate&symbol=BTCUSDT&kind=stale&count=5' > /dev/null
	run -3 --separate-stderr cb-fetch funding --symbols BTCUSDT,ETHUSDT --since 2026-04-01T00:00:00Z --until 2026-04-02T00:00:00Z --now "$NOW"
	[[ "${stderr_lines[0]}" == "cb-fetch: BTCUSDT: malformed answer: row 1 (fundingTime "*") opens outside the window asked for"* ]]
	[ "$(jq -r .symbol <<<"$output" | sort -u)" = ETHUSDT ]
	[ "$(grep -c 'fundingRate?symbol=BTCUSDT' "$FAKE_LOG")" = 5 ]
}
