#!/usr/bin/env bats
# The fake Binance REST API that the cb-fetch tests run against
# (tests/fake-exchange/README.md): Binance's klines semantics, the forming
# candle, weights and the 429, every injected fault, stats and log.
# One server for the file, on a fixed "now", with two small CSV series.
load test_helper

H4=14400000
T0=1746057600000                  # 2025-05-01T00:00:00Z, the first CSV candle
NOW=$((T0 + 10 * H4 + 3600000))   # one hour into candle 10 of 12

# fx URL_PATH [CURL_ARGS...]: GET from the file's server; headers go to ./headers.
fx() {
	local path=$1
	shift
	curl -sS --max-time 10 -D headers "$@" "$FX_URL$path"
}

fx_post() {
	curl -sS --max-time 10 -X POST "$FX_URL$1"
}

# The value of header NAME in ./headers.
header() {
	tr -d '\r' < headers | awk -v n="$1" 'BEGIN { n = tolower(n) } tolower($0) ~ "^" n ":" { sub(/^[^:]*: */, ""); print }'
}

status() {
	head -n 1 headers | tr -d '\r' | cut -d ' ' -f 2
}

setup_file() {
	export BATS_NO_PARALLELIZE_WITHIN_FILE=true
	[ -x "$FAKE_EXCHANGE" ] || { echo "no $FAKE_EXCHANGE: run make check" >&2; return 1; }
	local data="$BATS_FILE_TMPDIR/data"
	mkdir -p "$data"
	# Candle i: open 100.25+i, high open+2, low open-1, close open+1, volume 10(i+1)+0.125.
	awk -v t0=$T0 -v h4=$H4 'BEGIN {
		print "open_time,open,high,low,close,volume"
		for (i = 0; i < 12; i++) {
			o = 100.25 + i
			printf "%.0f,%.2f,%.2f,%.2f,%.2f,%.3f\n", t0 + i * h4, o, o + 2, o - 1, o + 1, 10 * (i + 1) + 0.125
		}
	}' > "$data/BTCUSDT-4h.csv"
	awk -v t0=$T0 -v h4=$H4 'BEGIN {
		print "open_time,open,high,low,close,volume"
		for (i = 0; i < 12; i++)
			printf "%.0f,%.7f,%.7f,%.7f,%.7f,%d.0\n", t0 + i * h4, 0.01 + i / 1e4, 0.0102 + i / 1e4, 0.0099 + i / 1e4, 0.0101 + i / 1e4, 1000000 + i
	}' > "$data/1000PEPEUSDT-4h.csv"
	FX_DIR="$BATS_FILE_TMPDIR/fx"
	fx_start "$FX_DIR" --data "$data" --symbols 3 --no-spot S0002USDT --now $NOW \
		--log "$BATS_FILE_TMPDIR/requests" || return 1
	export FX_DIR FX_URL="$fx_url" FX_LOG="$BATS_FILE_TMPDIR/requests"
}

teardown_file() {
	fx_stop "$FX_DIR"
	# a sanitizer build reports errors and leaks on its way out
	! grep -E 'runtime error|Sanitizer' "$FX_DIR/out"
}

@test "--help lists the options and endpoints; a usage error exits 2" {
	run -0 "$FAKE_EXCHANGE" --help
	[[ "$output" == *"--port-file FILE"* && "$output" == *"/_fake/fault"* ]]
	run -2 "$FAKE_EXCHANGE"
	[[ "$output" == *"--port-file is required"* ]]
	run -2 "$FAKE_EXCHANGE" --port-file p --symbols many
}

@test "klines rows are Binance's 12-element arrays with decimal strings" {
	run -0 fx "/fapi/v1/klines?symbol=BTCUSDT&interval=4h&startTime=$T0&limit=1"
	[ "$(status)" = 200 ]
	[ "$(jq -c '.[0] | map(type)' <<<"$output")" = \
		'["number","string","string","string","string","string","number","string","number","string","string","string"]' ]
	[ "$(jq -c '.[0] | .[0:8] + [.[11]]' <<<"$output")" = \
		"[$T0,\"100.25\",\"102.25\",\"99.25\",\"101.25\",\"10.125\",$((T0 + H4 - 1)),\"1020.09375\",\"0\"]" ]
	# taker buy volume is 45-55% of the volume, trades a positive integer
	jq -e '.[0] | (.[9] | tonumber) >= 0.45 * 10.125 and (.[9] | tonumber) <= 0.55 * 10.125 and .[8] > 0' <<<"$output"
}

@test "klines paging: startTime, endTime and limit select by open time" {
	opens() { fx "/fapi/v1/klines?symbol=BTCUSDT&interval=4h$1" | jq -c "[.[][0] - $T0] | map(. / $H4)"; }
	[ "$(opens "&startTime=$T0&limit=3")" = "[0,1,2]" ]
	[ "$(opens "&startTime=$((T0 + 1))&limit=2")" = "[1,2]" ]
	[ "$(opens "&startTime=$((T0 + 2 * H4))&endTime=$((T0 + 5 * H4))&limit=10")" = "[2,3,4,5]" ]
	[ "$(opens "&startTime=$((T0 + 2 * H4))&endTime=$((T0 + 5 * H4 - 1))")" = "[2,3,4]" ]
	[ "$(opens "&endTime=$((T0 + 5 * H4))&limit=2")" = "[4,5]" ]
	[ "$(opens "&limit=3")" = "[8,9,10]" ]
	[ "$(opens "")" = "[0,1,2,3,4,5,6,7,8,9,10]" ]
	[ "$(opens "&startTime=0&limit=1")" = "[0]" ]
	[ "$(opens "&startTime=$((T0 + 20 * H4))")" = "[]" ]
	# paging forward from the first open time collects every candle once
	local start=$T0 all=""
	while :; do
		page=$(fx "/fapi/v1/klines?symbol=BTCUSDT&interval=4h&startTime=$start&limit=4")
		[ "$(jq length <<<"$page")" -gt 0 ] || break
		all="$all$(jq -c '.[][0]' <<<"$page")"$'\n'
		start=$(($(jq '.[-1][0]' <<<"$page") + 1))
	done
	[ "$(grep -c . <<<"$all")" = 11 ]
	[ "$(sort -u <<<"$all" | grep -c .)" = 11 ]
	run -0 fx "/fapi/v1/klines?symbol=BTCUSDT&interval=4h&startTime=5&endTime=4"
	[ "$(status)" = 400 ]
	[ "$output" = '{"code":-1023,"msg":"Start time is greater than end time."}' ]
}

@test "the forming candle grows with now and its close_time is the interval end" {
	forming() { fx "/fapi/v1/klines?symbol=BTCUSDT&interval=4h&limit=1" | jq -c '.[0]'; }
	run -0 forming
	jq -e ".[0] == $((T0 + 10 * H4)) and .[6] == $((T0 + 11 * H4 - 1)) and .[1] == \"110.25\"" <<<"$output"
	jq -e '(.[5] | tonumber) > 0 and (.[5] | tonumber) < 110.125' <<<"$output"
	jq -e '(.[2] | tonumber) <= 112.25 and (.[3] | tonumber) >= 109.25' <<<"$output"
	v1=$(jq -r '.[5]' <<<"$output")
	fx_post "/_fake/now?ms=$((NOW + 3600000))"
	v2=$(forming | jq -r '.[5]')
	# at the end of the interval the candle is the complete one of the file
	fx_post "/_fake/now?ms=$((T0 + 11 * H4))"
	run -0 fx "/fapi/v1/klines?symbol=BTCUSDT&interval=4h&startTime=$((T0 + 10 * H4))"
	fx_post "/_fake/now?ms=$NOW"
	awk -v a="$v1" -v b="$v2" 'BEGIN { exit !(a < b) }'
	[ "$(jq -c '[.[] | .[0:6]]' <<<"$output")" = \
		"[[$((T0 + 10 * H4)),\"110.25\",\"112.25\",\"109.25\",\"111.25\",\"110.125\"],[$((T0 + 11 * H4)),\"111.25\",\"111.25\",\"111.25\",\"111.25\",\"0.000\"]]" ]
}

@test "1h candles split a 4h candle and 1d candles aggregate them, exactly" {
	run -0 fx "/fapi/v1/klines?symbol=BTCUSDT&interval=1h&startTime=$((T0 + 3 * H4))&limit=4"
	[ "$(jq -c '[.[0][1], ([.[][2] | tonumber] | max), ([.[][3] | tonumber] | min), .[-1][4], ([.[][5] | tonumber] | add), .[-1][6]]' <<<"$output")" = \
		"[\"103.25\",105.25,102.25,\"104.25\",40.125,$((T0 + 4 * H4 - 1))]" ]
	run -0 fx "/fapi/v1/klines?symbol=BTCUSDT&interval=1d&startTime=$T0&limit=1"
	[ "$(jq -c '.[0][0:7]' <<<"$output")" = "[$T0,\"100.25\",\"107.25\",\"99.25\",\"106.25\",\"210.750\",$((T0 + 6 * H4 - 1))]" ]
	run -0 fx "/fapi/v1/klines?symbol=S0000USDT&interval=1w&limit=3"
	[ "$(jq length <<<"$output")" = 3 ]
}

@test "spot has 1000PEPEUSDT as PEPEUSDT and leaves out --no-spot symbols" {
	run -0 fx "/api/v3/exchangeInfo"
	[ "$(jq -c '[.symbols[].symbol]' <<<"$output")" = '["PEPEUSDT","BTCUSDT","S0000USDT","S0001USDT"]' ]
	jq -e '.symbols[0].filters | map(select(.filterType == "NOTIONAL")) | .[0].minNotional' <<<"$output"
	[ "$(header X-MBX-USED-WEIGHT)" = "$(header X-MBX-USED-WEIGHT-1M)" ]
	futures=$(fx "/fapi/v1/klines?symbol=1000PEPEUSDT&interval=4h&limit=2")
	run -0 fx "/api/v3/klines?symbol=PEPEUSDT&interval=4h&limit=2"
	[ "$output" = "$futures" ]
	# trailing zeros of the file are not decimals: 0.0109000 is written 0.0109
	[ "$(jq -r '.[0][1]' <<<"$output")" = "0.0109" ]
	run -0 fx "/api/v3/klines?symbol=S0002USDT&interval=4h"
	[ "$(status)" = 400 ]
	[ "$output" = '{"code":-1121,"msg":"Invalid symbol."}' ]
	run -0 fx "/api/v3/exchangeInfo?symbol=BTCUSDT"
	[ "$(jq -c '[.symbols[].symbol]' <<<"$output")" = '["BTCUSDT"]' ]
}

@test "futures exchangeInfo has the contracts a universe filter must drop" {
	run -0 fx "/fapi/v1/exchangeInfo"
	[ "$(jq -c '[.symbols[] | [.symbol, .contractType, .status, .quoteAsset]]' <<<"$output")" = \
		'[["1000PEPEUSDT","PERPETUAL","TRADING","USDT"],["BTCUSDT","PERPETUAL","TRADING","USDT"],["S0000USDT","PERPETUAL","TRADING","USDT"],["S0001USDT","PERPETUAL","TRADING","USDT"],["S0002USDT","PERPETUAL","TRADING","USDT"],["BTCUSDT_260626","CURRENT_QUARTER","TRADING","USDT"],["ETHBUSD","PERPETUAL","TRADING","BUSD"],["OLDUSDT","PERPETUAL","SETTLING","USDT"]]' ]
	[ "$(jq -c '.symbols[1] | [.pair, .marginAsset, .pricePrecision, .quantityPrecision, .onboardDate, .deliveryDate, (.filters | map({(.filterType): (.tickSize // .stepSize // .notional)}) | add | [.PRICE_FILTER, .LOT_SIZE, .MARKET_LOT_SIZE, .MIN_NOTIONAL])]' <<<"$output")" = \
		"[\"BTCUSDT\",\"USDT\",2,3,$T0,4133404800000,[\"0.01\",\"0.001\",\"0.001\",\"5\"]]" ]
	[ "$(jq -c '[.timezone, .serverTime, (.rateLimits[] | select(.rateLimitType == "REQUEST_WEIGHT") | .limit)]' <<<"$output")" = "[\"UTC\",$NOW,2400]" ]
	[ "$(jq -r '.symbols[5].pair' <<<"$output")" = BTCUSDT ]
}

@test "errors: unknown symbol, bad interval, missing parameter, unknown path" {
	run -0 fx "/fapi/v1/klines?symbol=NOPEUSDT&interval=4h"
	[ "$(status)" = 400 ] && [ "$output" = '{"code":-1121,"msg":"Invalid symbol."}' ]
	run -0 fx "/fapi/v1/klines?symbol=BTCUSDT&interval=7h"
	[ "$(status)" = 400 ] && [ "$output" = '{"code":-1120,"msg":"Invalid interval."}' ]
	run -0 fx "/fapi/v1/klines?interval=4h"
	[ "$(status)" = 400 ]
	[ "$output" = "{\"code\":-1102,\"msg\":\"Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.\"}" ]
	run -0 fx "/fapi/v1/klines?symbol=BTCUSDT&interval=4h&limit=x"
	[ "$(status)" = 400 ] && [ "$(jq .code <<<"$output")" = -1100 ]
	run -0 fx "/fapi/v1/nothing"
	[ "$(status)" = 404 ]
	run -0 fx "/fapi/v1/klines?symbol=BTCUSDT&interval=4h" -X DELETE
	[ "$(status)" = 405 ]
}

@test "every answer carries the used weight, by Binance's weight of the request" {
	weight() { fx "$1" > /dev/null; header X-MBX-USED-WEIGHT-1M; }
	fx_post /_fake/reset
	# a new minute may start between two requests: then the count restarts
	step() { [ "$2" = $(($1 + $3)) ] || [ "$2" = "$3" ]; }
	a=$(weight "/fapi/v1/klines?symbol=BTCUSDT&interval=4h&limit=99")
	[ "$a" = 1 ]
	b=$(weight "/fapi/v1/klines?symbol=BTCUSDT&interval=4h&limit=100") && step "$a" "$b" 2
	c=$(weight "/fapi/v1/klines?symbol=BTCUSDT&interval=4h") && step "$b" "$c" 5
	d=$(weight "/fapi/v1/klines?symbol=BTCUSDT&interval=4h&limit=1001") && step "$c" "$d" 10
	e=$(weight "/fapi/v1/exchangeInfo") && step "$d" "$e" 1
	f=$(weight "/fapi/v1/ticker/24hr") && step "$e" "$f" 40
	g=$(weight "/futures/data/openInterestHist?symbol=BTCUSDT&period=1h") && step "$f" "$g" 0
	h=$(weight "/fapi/v1/klines?symbol=NOPE&interval=4h") && step "$g" "$h" 5
	s=$(weight "/api/v3/klines?symbol=BTCUSDT&interval=4h&limit=1000") && [ "$s" = 2 ]
	[ "$(header X-MBX-USED-WEIGHT)" = "$s" ]
	run -0 fx /_fake/stats
	jq -e '.max_weight_1m >= 5 and .spot_max_weight_1m == 2' <<<"$output"
}

@test "a request that would pass the weight limit gets 429 and Retry-After" {
	local url n
	fx_start "$BATS_TEST_TMPDIR/limited" --symbols 1 --weight-limit 10
	url=$fx_url
	for ((n = 0; n < 20; n++)); do
		curl -sS -D headers -o body "$url/fapi/v1/klines?symbol=S0000USDT&interval=1h&limit=100"
		[ "$(status)" = 429 ] && break
	done
	[ "$(status)" = 429 ]
	[ "$(header X-MBX-USED-WEIGHT-1M)" = 10 ]
	retry=$(header Retry-After)
	[ "$retry" -ge 1 ] && [ "$retry" -le 60 ]
	[ "$(jq .code body)" = -1003 ]
	[[ "$(jq -r .msg body)" == "Too much request weight used; current limit is 10 request weight per 1 MINUTE."* ]]
	curl -sS -o stats "$url/_fake/stats"
	fx_stop "$BATS_TEST_TMPDIR/limited"
	jq -e '.status_429 == 1 and .max_weight_1m == 10' stats
}

@test "faults 429, 418, 500, 503 and error answer like Binance, then stop" {
	fx_post "/_fake/fault?path=/fapi/v1/klines&kind=429&retry_after=7"
	fx_post "/_fake/fault?path=/fapi/v1/klines&kind=418&retry_after=90"
	fx_post "/_fake/fault?path=/fapi/v1/klines&kind=500"
	fx_post "/_fake/fault?path=/fapi/v1/klines&kind=503"
	fx_post "/_fake/fault?path=/fapi/v1/klines&kind=error"
	k="/fapi/v1/klines?symbol=BTCUSDT&interval=4h&limit=1"
	run -0 fx "$k"
	[ "$(status)" = 429 ] && [ "$(header Retry-After)" = 7 ] && [ "$(jq .code <<<"$output")" = -1003 ]
	run -0 fx "$k"
	[ "$(status)" = 418 ] && [ "$(header Retry-After)" = 90 ]
	[[ "$(jq -r .msg <<<"$output")" =~ ^"Way too much request weight used; IP banned until "[0-9]{13}"." ]]
	run -0 fx "$k"
	[ "$(status)" = 500 ] && [ "$(jq .code <<<"$output")" = -1000 ]
	run -0 fx "$k"
	[ "$(status)" = 503 ]
	run -0 fx "$k"
	[ "$(status)" = 400 ] && [ "$output" = '{"code":-1121,"msg":"Invalid symbol."}' ]
	run -0 fx "$k"
	[ "$(status)" = 200 ] && [ "$(jq length <<<"$output")" = 1 ]
}

@test "faults match the symbol if given, and count" {
	fx_post "/_fake/fault?path=/fapi/v1/klines&symbol=S0001USDT&kind=500&count=2"
	run -0 fx "/fapi/v1/klines?symbol=BTCUSDT&interval=4h&limit=1"
	[ "$(status)" = 200 ]
	fx "/fapi/v1/klines?symbol=S0001USDT&interval=4h&limit=1" > /dev/null && [ "$(status)" = 500 ]
	fx "/fapi/v1/klines?symbol=S0001USDT&interval=4h&limit=1" > /dev/null && [ "$(status)" = 500 ]
	fx "/fapi/v1/klines?symbol=S0001USDT&interval=4h&limit=1" > /dev/null && [ "$(status)" = 200 ]
	run -0 fx_post "/_fake/fault?path=/fapi/v1/klines&kind=sometimes"
	[[ "$output" == *'"error"'* ]]
}

@test "faults truncate, badjson and close break the transfer; slow delays only its answer" {
	k="/fapi/v1/klines?symbol=BTCUSDT&interval=4h&limit=5"
	fx_post "/_fake/fault?path=/fapi/v1/klines&kind=truncate"
	run -18 fx "$k"           # curl: partial file
	fx_post "/_fake/fault?path=/fapi/v1/klines&kind=close"
	run -52 fx "$k"           # curl: empty reply from server
	fx_post "/_fake/fault?path=/fapi/v1/klines&kind=badjson"
	run -0 fx "$k"
	[ "$(status)" = 200 ]
	run ! jq . <<<"$output"
	fx_post "/_fake/fault?path=/fapi/v1/klines&kind=slow&delay_ms=600"
	fx "$k" -o slow.json -w '%{time_total}' > slow.time &
	sleep 0.1
	# another connection is answered at once meanwhile
	fast=$(curl -sS -o /dev/null -w '%{time_total}' "$FX_URL/fapi/v1/ping")
	wait $!
	awk -v f="$fast" -v s="$(cat slow.time)" 'BEGIN { exit !(f < 0.3 && s >= 0.6) }'
	[ "$(jq length slow.json)" = 5 ]
}

@test "stats count requests, paths and connections; keep-alive reuses one connection" {
	fx_post /_fake/reset
	curl -sS -o /dev/null -o /dev/null -o /dev/null "$FX_URL/fapi/v1/ping" "$FX_URL/fapi/v1/time" \
		"$FX_URL/fapi/v1/klines?symbol=BTCUSDT&interval=1h&limit=1"
	fx_post "/_fake/fault?path=/fapi/v1/ping&kind=418"
	fx /fapi/v1/ping > /dev/null
	run -0 fx /_fake/stats
	[ "$(jq -c '[.requests, .paths, .status_418, .status_429, .connections, .now]' <<<"$output")" = \
		"[4,{\"/fapi/v1/ping\":2,\"/fapi/v1/time\":1,\"/fapi/v1/klines\":1},1,0,4,$NOW]" ]
}

@test "the log has one line per market data request, as sent" {
	fx "/fapi/v1/klines?symbol=BTCUSDT&interval=4h&startTime=$T0&limit=7" > /dev/null
	fx /_fake/stats > /dev/null
	[ "$(tail -n 1 "$FX_LOG")" = "GET /fapi/v1/klines?symbol=BTCUSDT&interval=4h&startTime=$T0&limit=7" ]
}

@test "openInterestHist keeps 30 days and gives the newest points" {
	run -0 fx "/futures/data/openInterestHist?symbol=BTCUSDT&period=1h"
	[ "$(jq length <<<"$output")" = 30 ]
	jq -e ".[-1].timestamp == $((NOW / 3600000 * 3600000)) and (.[1].timestamp - .[0].timestamp) == 3600000" <<<"$output"
	jq -e '.[0] | (.symbol == "BTCUSDT") and (.sumOpenInterest | tonumber > 0) and (.sumOpenInterestValue | type == "string")' <<<"$output"
	run -0 fx "/futures/data/openInterestHist?symbol=BTCUSDT&period=4h&startTime=$T0&limit=500"
	[ "$(jq -c "[.[].timestamp - $T0] | map(. / $H4)" <<<"$output")" = "[0,1,2,3,4,5,6,7,8,9,10]" ]
	run -0 fx "/futures/data/openInterestHist?symbol=BTCUSDT&period=1d&startTime=$((NOW - 31 * 86400000))"
	[ "$(status)" = 400 ] && [ "$(jq .code <<<"$output")" = -1130 ]
	run -0 fx "/futures/data/openInterestHist?symbol=BTCUSDT&period=7m"
	[ "$(status)" = 400 ]
}

@test "ticker/24hr covers the last 24 hours for one symbol or all" {
	run -0 fx "/fapi/v1/ticker/24hr?symbol=BTCUSDT"
	jq -e ".symbol == \"BTCUSDT\" and .closeTime == $NOW and .openTime == $((NOW - 86400000)) and .count > 0" <<<"$output"
	jq -e '((.lastPrice | tonumber) - (.openPrice | tonumber) - (.priceChange | tonumber) | fabs) < 0.001' <<<"$output"
	jq -e '(.highPrice | tonumber) >= (.lastPrice | tonumber) and (.volume | tonumber) > 0' <<<"$output"
	run -0 fx "/fapi/v1/ticker/24hr"
	[ "$(jq length <<<"$output")" = 8 ]
	run -0 fx "/api/v3/ticker/24hr?symbol=PEPEUSDT"
	jq -e '.symbol == "PEPEUSDT" and has("bidPrice") and has("prevClosePrice")' <<<"$output"
}

@test "64 concurrent delayed answers are served in parallel" {
	local url urls=() i t0 t1
	fx_start "$BATS_TEST_TMPDIR/slow" --symbols 64 --latency-ms 400
	url=$fx_url
	for ((i = 0; i < 64; i++)); do
		urls+=(-o /dev/null "$url/fapi/v1/klines?symbol=$(printf 'S%04dUSDT' $i)&interval=1h&limit=10")
	done
	t0=$(date +%s%N)
	curl -sS -Z --parallel-immediate --parallel-max 64 --no-progress-meter -w '%{http_code}\n' "${urls[@]}" > codes
	t1=$(date +%s%N)
	curl -sS -o stats "$url/_fake/stats"
	fx_stop "$BATS_TEST_TMPDIR/slow"
	[ "$(sort codes | uniq -c | awk '{ print $1, $2 }')" = "64 200" ]
	# one after another they would take 64 x 0.4 s
	[ $(((t1 - t0) / 1000000)) -lt 2500 ]
	# 64 connections at once, and the one that asked for the stats
	jq -e '.requests == 64 and .connections == 65' stats
}

@test "malformed requests get 4xx and the server keeps serving" {
	local port=${FX_URL##*:} line
	exec 5<>"/dev/tcp/127.0.0.1/$port"
	printf 'this is not http\r\n\r\n' >&5
	IFS= read -r line <&5
	exec 5<&-
	[ "$line" = $'HTTP/1.1 400 Bad Request\r' ]
	exec 5<>"/dev/tcp/127.0.0.1/$port"
	printf 'GET /fapi/v1/ping HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n' >&5
	IFS= read -r line <&5
	exec 5<&-
	[ "$line" = $'HTTP/1.1 501 Not Implemented\r' ]
	# a client that goes away in the middle of a large answer
	exec 5<>"/dev/tcp/127.0.0.1/$port"
	printf 'GET /fapi/v1/klines?symbol=S0000USDT&interval=1m&limit=1500 HTTP/1.1\r\n\r\n' >&5
	exec 5<&-
	run -0 fx /fapi/v1/ping
	[ "$output" = "{}" ]
}

@test "SIGTERM and SIGINT stop the server with status 0" {
	local pid st
	for sig in TERM INT; do
		fx_start "$BATS_TEST_TMPDIR/$sig" --symbols 1
		pid=$(cat "$BATS_TEST_TMPDIR/$sig/pid")
		kill -"$sig" "$pid"
		st=0
		wait "$pid" || st=$?
		[ "$st" = 0 ]
		[ "$(cat "$BATS_TEST_TMPDIR/$sig/port")" -gt 0 ]
		[ ! -e "$BATS_TEST_TMPDIR/$sig/port.tmp" ]
	done
}

@test "bybit: V5 kline, the newest rows of the window, newest first, as strings" {
	run -0 fx "/bybit/v5/market/kline?category=linear&symbol=BTCUSDT&interval=240&start=$T0&end=$((T0 + 11 * H4))&limit=3"
	[ "$(status)" = 200 ]
	[ -z "$(header X-MBX-USED-WEIGHT-1M)" ]
	jq -e '.retCode == 0 and .retMsg == "OK" and .result.category == "linear" and .result.symbol == "BTCUSDT"' <<<"$output"
	# the forming candle 10 is the newest; candle 11 does not exist yet
	[ "$(jq -c '[.result.list[][0]]' <<<"$output")" = "[\"$((T0 + 10 * H4))\",\"$((T0 + 9 * H4))\",\"$((T0 + 8 * H4))\"]" ]
	[ "$(jq -c '.result.list[2]' <<<"$output")" = "[\"$((T0 + 8 * H4))\",\"108.25\",\"110.25\",\"107.25\",\"109.25\",\"90.125\",\"$(jq -r '.[0][7]' <<<"$(curl -sS "$FX_URL/fapi/v1/klines?symbol=BTCUSDT&interval=4h&startTime=$((T0 + 8 * H4))&limit=1")")\"]" ]
	# spot names, default limit 200, interval D
	run -0 fx "/bybit/v5/market/kline?category=spot&symbol=PEPEUSDT&interval=D"
	[ "$(jq -c '[.result.symbol, (.result.list | length), .result.list[0][0]]' <<<"$output")" = "[\"PEPEUSDT\",2,\"$((T0 + 6 * H4))\"]" ]
}

@test "bybit: errors are envelopes with HTTP 200; faults work on its path" {
	run -0 fx "/bybit/v5/market/kline?category=linear&symbol=NOPE&interval=240"
	[ "$(status)" = 200 ]
	[ "$(jq -c '[.retCode, .retMsg]' <<<"$output")" = '[10001,"params error: symbol invalid"]' ]
	run -0 fx "/bybit/v5/market/kline?category=linear&symbol=BTCUSDT&interval=4h"
	[ "$(jq -c '[.retCode, .retMsg]' <<<"$output")" = '[10001,"params error: interval invalid"]' ]
	fx_post '/_fake/fault?path=/bybit/v5/market/kline&kind=500' > /dev/null
	run -0 fx "/bybit/v5/market/kline?category=linear&symbol=BTCUSDT&interval=240"
	[ "$(status)" = 500 ]
	grep -q '^GET /bybit/v5/market/kline?category=linear&symbol=BTCUSDT&interval=240$' "$FX_LOG"
}

@test "mexc: spot klines with 8-field rows and MEXC's interval names" {
	run -0 fx "/mexc/api/v3/klines?symbol=BTCUSDT&interval=4h&startTime=$T0&limit=2"
	[ "$(status)" = 200 ]
	[ "$(jq -c '.[0]' <<<"$output")" = "[$T0,\"100.25\",\"102.25\",\"99.25\",\"101.25\",\"10.125\",$((T0 + H4)),\"1020.09375\"]" ]
	run -0 fx "/mexc/api/v3/klines?symbol=BTCUSDT&interval=60m&startTime=$T0&limit=2"
	[ "$(jq -c 'map(.[0])' <<<"$output")" = "[$T0,$((T0 + 3600000))]" ]
	run -0 fx "/mexc/api/v3/klines?symbol=BTCUSDT&interval=1h"
	[ "$(status)" = 400 ]
	run -0 fx "/mexc/api/v3/klines?symbol=S0002USDT&interval=4h"
	[ "$(status)" = 400 ]
	[ "$output" = '{"code":-1121,"msg":"Invalid symbol."}' ]
}
