#!/usr/bin/env bats
# cb-fetch klines from Bybit (V5, linear and spot) and MEXC (spot V3),
# against the fake exchange's /bybit and /mexc paths: the same real candles
# as the Binance side, with the clock at 2026-05-01T06:00:00Z.
load test_helper

NOW=1777615200000      # 2026-05-01T06:00:00Z
H4=14400000
FORMING=1777608000000  # 2026-05-01T04:00:00Z
SINCE=1735689600000    # 2025-01-01

setup_file() {
	export DATA="$BATS_FILE_TMPDIR/data"
	mkdir -p "$DATA"
	cp "$CB_DATA/BTCUSDT-4h.csv" "$CB_DATA/ETHUSDT-4h.csv" "$DATA/"
	fake_start "$BATS_FILE_TMPDIR" --data "$DATA" --now "$NOW"
	export CB_BYBIT_URL="$FAKE_URL/bybit" CB_MEXC_URL="$FAKE_URL/mexc"
}

teardown_file() {
	fake_stop
	! grep -E 'runtime error|Sanitizer' "$BATS_FILE_TMPDIR/out"
}

setup() {
	cb_setup
	fake POST /_fake/reset > /dev/null
	: > "$FAKE_LOG"
}

# The exchanges and markets: "EXCHANGE MARKET PATH".
VENUES=("bybit futures /bybit/v5/market/kline" "bybit spot /bybit/v5/market/kline" "mexc spot /mexc/api/v3/klines")

@test "klines: a long range equals the CSV, ascending, in pages of 1000" {
	local v ex market path
	for v in "${VENUES[@]}"; do
		read -r ex market path <<<"$v"
		: > "$FAKE_LOG"
		run -0 cb-fetch --exchange "$ex" --market "$market" klines --symbols BTCUSDT --since 2025-01-01 --closed-only --now "$NOW"
		csv_rows BTCUSDT "$SINCE" $((FORMING - 1)) > want.csv
		[ "$(wc -l < want.csv)" -gt 2900 ]
		same_as_csv want.csv <<<"$output" || { echo "$v"; false; }
		[ "$(jq -r '[.exchange, .market] | join(" ")' <<<"$output" | sort -u)" = "$ex $market" ]
		[ "$(grep -c "^GET $path?" "$FAKE_LOG")" = 3 ] || { echo "$v"; cat "$FAKE_LOG"; false; }
		[ "$(grep -c 'limit=1000' "$FAKE_LOG")" = 2 ]
	done
	# MEXC pages from the start of the range (Bybit in windows: the next test).
	grep -q "startTime=$SINCE&endTime=$NOW&limit=1000" "$FAKE_LOG"
}

@test "klines: Bybit is asked for windows of at most 1000 candles, oldest first" {
	# Bybit answers the newest rows of a window, so each window holds no
	# more than one page: whichever end the exchange counts from, every
	# page is complete.
	run -0 cb-fetch --exchange bybit klines --symbols BTCUSDT --since 2025-01-01 --now "$NOW"
	[ "$(sed -n 1p "$FAKE_LOG")" = "GET /bybit/v5/market/kline?category=linear&symbol=BTCUSDT&interval=240&start=$SINCE&end=$((SINCE + 999 * H4))&limit=1000" ]
	[ "$(sed -n 2p "$FAKE_LOG")" = "GET /bybit/v5/market/kline?category=linear&symbol=BTCUSDT&interval=240&start=$((SINCE + 1000 * H4))&end=$((SINCE + 1999 * H4))&limit=1000" ]
	[ "$(sed -n 3p "$FAKE_LOG")" = "GET /bybit/v5/market/kline?category=linear&symbol=BTCUSDT&interval=240&start=$((SINCE + 2000 * H4))&end=$FORMING&limit=913" ]
	[ "$(wc -l < "$FAKE_LOG")" = 3 ]
	[ "$(jq -s -c '[length, (map(.open_time) == (map(.open_time) | sort)), (map(.open_time) | unique | length)]' <<<"$output")" = "[$(( (FORMING - SINCE) / H4 + 1 )),true,$(( (FORMING - SINCE) / H4 + 1 ))]" ]
}

@test "klines: the forming candle, quote volume from turnover, no trades" {
	local v ex market path
	for v in "${VENUES[@]}"; do
		read -r ex market path <<<"$v"
		run -0 cb-fetch --exchange "$ex" --market "$market" klines --symbols BTCUSDT --last 2 --now "$NOW"
		[ "${#lines[@]}" = 2 ]
		[ "$(tail -n 1 <<<"$output" | jq -c '[.open_time, .close_time - .open_time, .closed, .as_of]')" = "[$FORMING,$((H4 - 1)),false,$NOW]" ]
		[ "$(head -n 1 <<<"$output" | jq -c '[.closed, (.quote_volume > .volume), .trades, .taker_buy_volume]')" = '[true,true,null,null]' ]
	done
}

@test "an error envelope fails its symbol only, not retried: status 3" {
	run -3 --separate-stderr cb-fetch --exchange bybit klines --symbols NOSUCHUSDT,ETHUSDT --last 2 --now "$NOW"
	[ "$stderr" = "cb-fetch: NOSUCHUSDT: bybit error 10001: params error: symbol invalid" ]
	[ "$(grep -c NOSUCHUSDT "$FAKE_LOG")" = 1 ]
	[ "$(jq -r .symbol <<<"$output" | sort -u)" = ETHUSDT ]
	run -3 --separate-stderr cb-fetch --exchange mexc --market spot klines --symbols NOSUCHUSDT --last 2 --now "$NOW"
	[ "$stderr" = "cb-fetch: NOSUCHUSDT: mexc error -1121: Invalid symbol." ]
	[ "$(grep -c NOSUCHUSDT "$FAKE_LOG")" = 2 ]
}

@test "429 and 500 are retried" {
	local v ex market path
	for v in "${VENUES[@]}"; do
		read -r ex market path <<<"$v"
		fake POST "/_fake/fault?path=$path&kind=429&retry_after=1" > /dev/null
		fake POST "/_fake/fault?path=$path&kind=500" > /dev/null
		run -0 cb-fetch --exchange "$ex" --market "$market" klines --symbols BTCUSDT --last 3 --now "$NOW"
		[ "${#lines[@]}" = 3 ] || { echo "$v"; false; }
	done
	[ "$(fake GET /_fake/stats | jq .status_429)" = 3 ]
}

@test "intervals are asked for by the exchange's names" {
	local iv
	for iv in 1h 4h 1d 1w 1M; do
		run -0 cb-fetch --exchange bybit klines --symbols BTCUSDT --interval "$iv" --last 2 --now "$NOW"
		[ "${#lines[@]}" = 2 ]
		run -0 cb-fetch --exchange mexc --market spot klines --symbols BTCUSDT --interval "$iv" --last 2 --now "$NOW"
		[ "${#lines[@]}" = 2 ]
	done
	[ "$(grep -o 'bybit.*interval=[^&]*' "$FAKE_LOG" | sed 's/.*=//' | tr '\n' ' ')" = "60 240 D W M " ]
	[ "$(grep -o 'mexc.*interval=[^&]*' "$FAKE_LOG" | sed 's/.*=//' | tr '\n' ' ')" = "60m 4h 1d 1W 1M " ]
	run -2 cb-fetch --exchange bybit klines --symbols BTCUSDT --interval 8h
	run -2 cb-fetch --exchange mexc --market spot klines --symbols BTCUSDT --interval 2h
}

@test "store: a second run asks only for new candles and writes the same" {
	local v ex market path
	for v in "${VENUES[@]}"; do
		read -r ex market path <<<"$v"
		: > "$FAKE_LOG"
		run -0 cb-fetch --exchange "$ex" --market "$market" klines --db cb.db --symbols BTCUSDT --since 2025-01-01 --now "$NOW"
		first=$output
		[ "$(grep -c "$path" "$FAKE_LOG")" = 3 ]
		[ "$(sqlite3 cb.db "select first_time, last_time from coverage where exchange = '$ex' and market = '$market'")" = "$SINCE|$((FORMING - H4))" ]
		: > "$FAKE_LOG"
		run -0 cb-fetch --exchange "$ex" --market "$market" klines --db cb.db --symbols BTCUSDT --since 2025-01-01 --now "$NOW"
		[ "$output" = "$first" ]
		[ "$(wc -l < "$FAKE_LOG")" = 1 ]
		grep -Eq "(start|startTime)=$FORMING&.*limit=2$" "$FAKE_LOG"
	done
	[ "$(sqlite3 cb.db 'select count(distinct exchange || market) from candles')" = 3 ]
}

@test "symbols: Bybit's instruments-info as symbol records, filters as numbers" {
	# BTCUSDT's prices have 2 decimals and its volumes 3 in the CSV the fake
	# serves: tick 0.01, step 0.001; linear lists minNotionalValue 5, spot
	# minOrderAmt 1; launchTime is the first 4h candle of the CSV.
	run -0 --separate-stderr cb-fetch --exchange bybit symbols --symbols BTCUSDT --now "$NOW"
	[ "$output" = '{"type":"symbol","exchange":"bybit","market":"futures","symbol":"BTCUSDT","status":"Trading","base_asset":"BTC","quote_asset":"USDT","contract_type":"LinearPerpetual","tick_size":0.01,"step_size":0.001,"min_qty":0.001,"min_notional":5,"onboard_date":1567972800000}' ]
	[ "$(cat "$FAKE_LOG")" = "GET /bybit/v5/market/instruments-info?category=linear&limit=1000" ]
	run -0 --separate-stderr cb-fetch --exchange bybit --market spot symbols --symbols BTCUSDT --now "$NOW"
	[ "$output" = '{"type":"symbol","exchange":"bybit","market":"spot","symbol":"BTCUSDT","status":"Trading","base_asset":"BTC","quote_asset":"USDT","contract_type":null,"tick_size":0.01,"step_size":0.001,"min_qty":0.001,"min_notional":1,"onboard_date":null}' ]
	# Every symbol, ordered, without --symbols; one not listed is status 3.
	run -0 --separate-stderr cb-fetch --exchange bybit symbols --now "$NOW"
	[ "$(jq -r .symbol <<<"$output" | paste -sd ' ')" = "BTCUSDT BTCUSDT_260626 ETHBUSD ETHUSDT OLDUSDT" ]
	run -3 --separate-stderr cb-fetch --exchange bybit symbols --symbols NOPEUSDT --now "$NOW"
	[ "$stderr" = "cb-fetch: NOPEUSDT: not listed by the exchange" ]
}

@test "usage errors: commands and options Bybit and MEXC do not have" {
	run -2 --separate-stderr cb-fetch --exchange mexc klines --symbols BTCUSDT
	[[ "$stderr" == *"--market futures: not available with --exchange mexc"* ]]
	run -2 cb-fetch --exchange bybit oi --symbols BTCUSDT
	run -2 cb-fetch --exchange bybit ticker
	run -2 cb-fetch --exchange mexc --market spot symbols
	run -2 --separate-stderr cb-fetch --exchange bybit klines --universe
	[[ "$stderr" == *"--universe: not available with --exchange bybit"* ]]
	run -2 cb-fetch --exchange kraken klines --symbols BTCUSDT
	[ ! -s "$FAKE_LOG" ]
}

@test "Bybit's 403 (too many requests from this IP) stops every request, status 1" {
	fake POST '/_fake/fault?path=/bybit/v5/market/kline&kind=403&count=1' > /dev/null
	run -1 --separate-stderr cb-fetch --exchange bybit klines --symbols BTCUSDT --jobs 1 --since 2024-01-01 --now "$NOW"
	[ "$stderr" = "cb-fetch: the exchange banned this IP address (HTTP 403); stopped every request" ]
	[ "$(grep -c bybit "$FAKE_LOG")" = 1 ]
}
