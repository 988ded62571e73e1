#!/usr/bin/env bats
# cb-order --live against the fake exchange (tests/fake-exchange/README.md,
# "Trading"): entries, protection, fills booked, and the faults a live run
# must survive without ever sending an entry twice or leaving a position
# unprotected. BTCUSDT's 4h candles are flat (open = high = low = close)
# so that the mark is the candle's price all through it: 9400.5, 9450.25,
# 9500, 9000, 9000, 9600; ticks 0.01, steps 0.001, commission 0.05%.
#
# The scenario of most tests: a STRONG signal on candle 0, detected at its
# close T0 + 4h; the run comes 1 minute into candle 1 (forming), so the
# entry is a MARKET buy at the mark 9450.25. 10% of the 10000 USDT equity
# is 1000 / 9450.25 = 0.10581... rounded down to the step: 0.105. The
# stop 9450.25 * 0.85 = 8032.7125 rounds up to 8032.72, the target
# 9450.25 * 1.1 = 10395.275 down to 10395.27. The entry's commission:
# 0.105 * 9450.25 * 0.0005 = 0.49613813 (8 decimals).
load test_helper

H4=14400000
T0=1591660800000                  # 2020-06-09T00:00:00Z
NOW=$((T0 + H4 + 60000))          # one minute into candle 1
KEY=cb-test-key-0123456789abcdef
SECRET=2b5eb11e18796d12d88f13dc27dbbd02c2cc51ff7059765ed9821957d82bb4d9
SIG=binance:futures:BTCUSDT:4h:$T0

setup_file() {
	export BATS_NO_PARALLELIZE_WITHIN_FILE=true
	[ -x "$FAKE_EXCHANGE" ] || { echo "no $FAKE_EXCHANGE: run make check" >&2; return 1; }
	local data="$BATS_FILE_TMPDIR/data"
	flat_btc "$data" $T0
	FX_DIR="$BATS_FILE_TMPDIR/fx"
	export FAKE_API_KEY=$KEY
	fx_start "$FX_DIR" --data "$data" --now $NOW --log "$BATS_FILE_TMPDIR/requests" || return 1
	unset FAKE_API_KEY
	export FX_DIR FX_URL="$fx_url" FX_LOG="$BATS_FILE_TMPDIR/requests"
}

teardown_file() {
	fx_stop "$FX_DIR"
	! grep -E 'runtime error|Sanitizer' "$FX_DIR/out"
}

setup() {
	cb_setup
	ctl POST /_fake/reset > /dev/null
	ctl POST "/_fake/now?ms=$NOW" > /dev/null
	export CB_DB="$BATS_TEST_TMPDIR/live.db" CB_BINANCE_FUTURES_URL=$FX_URL
	export CB_BINANCE_API_KEY=$KEY CB_BINANCE_API_SECRET=$SECRET
	# Candle 0 closed, its signal, candle 1 forming.
	{
		printf '{"type":"candle","symbol":"BTCUSDT","interval":"4h","open_time":%d,"open":9400.5,"high":9400.5,"low":9400.5,"close":9400.5,"volume":1}\n' $T0
		printf '{"type":"signal","id":"%s","symbol":"BTCUSDT","interval":"4h","open_time":%d,"price":9400.5,"strength":"STRONG"}\n' "$SIG" $T0
		printf '{"type":"candle","symbol":"BTCUSDT","interval":"4h","open_time":%d,"open":9450.25,"high":9450.25,"low":9450.25,"close":9450.25,"volume":1,"closed":false}\n' $((T0 + H4))
	} > in.ndjson
}

ctl() {
	curl -sS --max-time 10 -X "$1" "$FX_URL$2"
}

# cancel_algo ID: cancel algo order ID as someone at the exchange's web
# page would (a signed DELETE).
cancel_algo() {
	local q sig
	q="algoId=$1&timestamp=$(ctl GET /fapi/v1/time | jq .serverTime)"
	sig=$(printf '%s' "$q" | openssl dgst -sha256 -hmac "$SECRET" -r | cut -d ' ' -f 1)
	curl -sS -X DELETE -H "X-MBX-APIKEY: $KEY" "$FX_URL/fapi/v1/algoOrder?$q&signature=$sig" > /dev/null
}

# live ARG...: cb-order --live ARG... at the fake's clock.
live() {
	run --separate-stderr cb-order --live --now "$NOW" "$@"
}

# The exchange's state in one line: positions, open algo orders (type and
# trigger), and the entries made per client id.
exchange() {
	ctl GET /_fake/account | jq -c '[[.positions[] | [.symbol, .positionAmt]],
		[.openAlgoOrders[] | [.orderType, .triggerPrice]], [.clientOrderIds[]]]'
}

# No secret, key or signature anywhere a user or a log could see.
no_secrets() {
	local f
	for f in "$CB_DB" "$FX_LOG" "$@"; do
		[ -e "$f" ] || continue
		! grep -a -q -e "$SECRET" -e "$KEY" "$f" || { echo "a secret in $f"; false; }
	done
	run -0 sqlite3 "$CB_DB" "SELECT count(*) FROM order_audit WHERE params LIKE '%signature%'"
	[ "$output" = 0 ]
}

@test "live: an entry at market, protected by a stop-loss and a take-profit from its fill" {
	live in.ndjson
	[ "$status" -eq 0 ]
	[ "$output" = "" ]
	[ "$stderr" = "cb-order: live: 1 signals entered, 0 skipped; 0 trades closed, 1 positions open; 0 differences with the exchange repaired; 3 orders sent" ]
	run -0 exchange
	[ "$output" = '[[["BTCUSDT","0.105"]],[["STOP_MARKET","8032.72"],["TAKE_PROFIT_MARKET","10395.27"]],[1]]' ]
	run -0 cb-order --live positions
	[ "$output" = "{\"type\":\"position\",\"id\":\"$SIG\",\"signal_id\":\"$SIG\",\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"entry_time\":$((T0 + H4)),\"entry_price\":9450.25,\"quantity\":0.105,\"notional\":992.27625,\"mark\":null,\"unrealized_pnl\":null,\"fees\":0.49613813,\"funding\":null,\"mode\":\"live\"}" ]
	run -0 jq -r '[.kind, .state, .trigger_price // "-"] | @tsv' <(cb-order orders)
	[ "$output" = "$(printf 'entry\tfilled\t-\nstop\topen\t8032.72\ntake_profit\topen\t10395.27')" ]
	# Run again: nothing new is sent.
	live in.ndjson
	[ "$status" -eq 0 ]
	[ "$stderr" = "cb-order: live: 0 signals entered, 0 skipped; 0 trades closed, 1 positions open; 0 differences with the exchange repaired; 0 orders sent" ]
	no_secrets
}

@test "live: the take-profit fires; the next run books the trade from the fills and cancels the stop" {
	live in.ndjson
	[ "$status" -eq 0 ]
	ctl POST "/_fake/now?ms=$((NOW + 60000))" > /dev/null
	ctl POST '/_fake/mark?symbol=BTCUSDT&price=10400' > /dev/null
	# Exit at 10400: pnl 0.105 * (10400 - 9450.25) = 99.72375, fees
	# 0.49613813 + 0.105 * 10400 * 0.0005 = 0.546: net 98.68161187.
	run --separate-stderr cb-order --live --now $((NOW + 60000)) in.ndjson
	[ "$status" -eq 0 ]
	[ "$output" = "{\"type\":\"trade\",\"id\":\"$SIG\",\"signal_id\":\"$SIG\",\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"entry_time\":$((T0 + H4)),\"entry_price\":9450.25,\"exit_time\":$((NOW + 60000)),\"exit_price\":10400,\"quantity\":0.105,\"notional\":992.27625,\"fees\":1.04213813,\"slippage\":0,\"funding\":0,\"pnl\":98.68161187,\"pnl_pct\":9.944973677441135,\"exit_reason\":\"take_profit\",\"mfe_pct\":null,\"mae_pct\":null,\"mode\":\"live\"}" ]
	run -0 exchange
	[ "$output" = '[[],[],[1]]' ]
	run -0 ctl GET /_fake/account
	[ "$(jq -r .walletBalance <<< "$output")" = 10098.68161187 ]
	no_secrets
}

@test "live: an entry whose answer never comes is queried, found filled, and protected; never sent twice" {
	for kind in drop-after unknown-placed timeout-placed; do
		ctl POST /_fake/reset > /dev/null
		ctl POST "/_fake/now?ms=$NOW" > /dev/null
		rm -f "$CB_DB"*
		ctl POST "/_fake/fault?path=/fapi/v1/order&method=POST&kind=$kind&delay_ms=15000" > /dev/null
		live in.ndjson
		[ "$status" -eq 0 ] || { echo "$kind: $stderr"; false; }
		[[ $stderr == *"1 signals entered"* ]]
		run -0 exchange
		[ "$output" = '[[["BTCUSDT","0.105"]],[["STOP_MARKET","8032.72"],["TAKE_PROFIT_MARKET","10395.27"]],[1]]' ] ||
			{ echo "$kind: $output"; false; }
	done
}

@test "live: an entry the exchange never took (503 unknown, lost) is found gone; the next run enters once" {
	ctl POST '/_fake/fault?path=/fapi/v1/order&method=POST&kind=unknown-lost' > /dev/null
	live in.ndjson
	[ "$status" -eq 0 ]
	[[ $stderr == *"0 signals entered"* ]]
	run -0 exchange
	[ "$output" = '[[],[],[]]' ]
	run -0 jq -r '[.kind, .state] | @tsv' <(cb-order orders)
	[ "$output" = "$(printf 'entry\tgone')" ]
	live in.ndjson
	[ "$status" -eq 0 ]
	[[ $stderr == *"1 signals entered"* ]]
	run -0 exchange
	[ "$output" = '[[["BTCUSDT","0.105"]],[["STOP_MARKET","8032.72"],["TAKE_PROFIT_MARKET","10395.27"]],[1]]' ]
}

@test "live: killed between an order's intent and its outcome, the next run resolves it by a query first" {
	ctl POST '/_fake/fault?path=/fapi/v1/order&method=POST&kind=timeout-placed&delay_ms=20000' > /dev/null
	cb-order --live --now "$NOW" in.ndjson 2> run1.err &
	local pid=$! i
	for ((i = 0; i < 100; i++)); do
		[ "$(sqlite3 "$CB_DB" "SELECT state FROM live_orders" 2>/dev/null)" = intent ] && break
		sleep 0.1
	done
	kill -KILL $pid
	wait $pid || true
	run -0 sqlite3 "$CB_DB" "SELECT kind, state FROM live_orders"
	[ "$output" = "entry|intent" ]
	live in.ndjson
	[ "$status" -eq 0 ]
	[[ $stderr == *"the exchange says filled"* ]]
	run -0 exchange
	[ "$output" = '[[["BTCUSDT","0.105"]],[["STOP_MARKET","8032.72"],["TAKE_PROFIT_MARKET","10395.27"]],[1]]' ]
}

@test "live: -1021 resyncs the clock and the entry goes once; an algo order briefly not found is not placed twice" {
	ctl POST '/_fake/fault?path=/fapi/v1/order&method=POST&kind=-1021' > /dev/null
	ctl POST '/_fake/fault?path=/fapi/v1/algoOrder&kind=algo-notfound&hide=3' > /dev/null
	live in.ndjson
	[ "$status" -eq 0 ]
	run -0 exchange
	[ "$output" = '[[["BTCUSDT","0.105"]],[["STOP_MARKET","8032.72"],["TAKE_PROFIT_MARKET","10395.27"]],[1]]' ]
	# The next run queries its algo orders; the stop answers "not found"
	# (-2013) but is in the open list: it is kept, not placed again.
	live in.ndjson
	[ "$status" -eq 0 ]
	run -0 exchange
	[ "$output" = '[[["BTCUSDT","0.105"]],[["STOP_MARKET","8032.72"],["TAKE_PROFIT_MARKET","10395.27"]],[1]]' ]
	run -0 ctl GET /_fake/account
	[ "$(jq -c '[.clientAlgoIds[]]' <<< "$output")" = '[1,1]' ]
}

@test "live: a partial fill is protected for what filled, and never topped up" {
	ctl POST '/_fake/fault?path=/fapi/v1/order&method=POST&kind=partial&fraction=0.5' > /dev/null
	live in.ndjson
	[ "$status" -eq 0 ]
	# Half of 0.105 rounded down to the step: 0.052.
	run -0 exchange
	[ "$output" = '[[["BTCUSDT","0.052"]],[["STOP_MARKET","8032.72"],["TAKE_PROFIT_MARKET","10395.27"]],[1]]' ]
	run -0 jq -r .quantity <(cb-order --live positions)
	[ "$output" = 0.052 ]
	live in.ndjson
	run -0 exchange
	[ "$output" = '[[["BTCUSDT","0.052"]],[["STOP_MARKET","8032.72"],["TAKE_PROFIT_MARKET","10395.27"]],[1]]' ]
}

@test "live: refusals: margin insufficient skips the signal; 418 stops the run" {
	ctl POST '/_fake/fault?path=/fapi/v1/order&method=POST&kind=-2019' > /dev/null
	live in.ndjson
	[ "$status" -eq 0 ]
	[[ $stderr == *"the entry of signal $SIG was refused: -2019 Margin is insufficient."* ]]
	run -0 sqlite3 "$CB_DB" "SELECT status, reason FROM order_signals WHERE mode = 'live'"
	[ "$output" = "skipped|rejected" ]
	rm -f "$CB_DB"*
	ctl POST '/_fake/fault?path=/fapi/v1/order&method=POST&kind=418&retry_after=60' > /dev/null
	live in.ndjson
	[ "$status" -eq 1 ]
	[[ $stderr == *"this IP is banned (HTTP 418"*"nothing more is sent in this run"* ]]
	run -0 exchange
	[ "$output" = '[[],[],[]]' ]
}

@test "live: a protection gone missing is placed again; an orphan algo order is cancelled" {
	live in.ndjson
	[ "$status" -eq 0 ]
	# Someone cancels the stop on the exchange.
	local id
	id=$(ctl GET /_fake/account | jq -r '.openAlgoOrders[] | select(.orderType == "STOP_MARKET") | .algoId')
	cancel_algo "$id"
	live in.ndjson
	[ "$status" -eq 0 ]
	[[ $stderr == *"BTCUSDT: position without its stop-loss: protecting it"* ]]
	run -0 exchange
	[ "$output" = '[[["BTCUSDT","0.105"]],[["TAKE_PROFIT_MARKET","10395.27"],["STOP_MARKET","8032.72"]],[1]]' ]
	# flatten closes it at market and cancels both legs.
	run --separate-stderr cb-order --live --now "$NOW" flatten
	[ "$status" -eq 0 ]
	run -0 exchange
	[ "$output" = '[[],[],[1,1]]' ]   # the entry and the exit, once each
	run -0 jq -r '[.exit_reason, .exit_price] | @tsv' <(cb-order --live trades)
	[ "$output" = "$(printf 'halt\t9450.25')" ]
}

@test "live: keys come from the environment or an owner-only file, never argv, and never show" {
	unset CB_BINANCE_API_KEY CB_BINANCE_API_SECRET
	live in.ndjson
	[ "$status" -eq 1 ]
	[[ $stderr == *"live trading needs the API key and secret"*"CB_BINANCE_API_KEY"* ]]
	printf '%s\n%s\n' "$KEY" "$SECRET" > keys
	chmod 0640 keys
	run --separate-stderr cb-order --live --now "$NOW" --key-file keys in.ndjson
	[ "$status" -eq 1 ]
	[[ $stderr == *"chmod 600"* ]]
	chmod 0600 keys
	run --separate-stderr cb-order --live --now "$NOW" --key-file keys in.ndjson
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" > out.txt
	printf '%s\n' "$stderr" > err.txt
	no_secrets out.txt err.txt
	run -2 --separate-stderr cb-order --live --trailing 5 in.ndjson
	[ "${stderr_lines[0]}" = "cb-order: --trailing: not in live trading (its protective orders are a fixed stop-loss and take-profit)" ]
	run -2 --separate-stderr cb-order reconcile
	[ "${stderr_lines[0]}" = "cb-order: reconcile: talks to the exchange: give --live" ]
}

@test "live: two runs at once: the second stops without sending anything" {
	ctl POST '/_fake/fault?path=/fapi/v1/order&method=POST&kind=slow&delay_ms=3000' > /dev/null
	cb-order --live --now "$NOW" in.ndjson 2> first.err &
	local pid=$! i
	for ((i = 0; i < 100; i++)); do
		[ "$(sqlite3 "$CB_DB" "SELECT state FROM live_orders" 2>/dev/null)" = intent ] && break
		sleep 0.1
	done
	live in.ndjson
	[ "$status" -eq 1 ]
	[ "$stderr" = "cb-order: another cb-order --live run is working on '$CB_DB' (its lock '$CB_DB.live-lock' is held): this one stops without sending anything" ]
	wait $pid
	run -0 exchange
	[ "$output" = '[[["BTCUSDT","0.105"]],[["STOP_MARKET","8032.72"],["TAKE_PROFIT_MARKET","10395.27"]],[1]]' ]
}

@test "live: a soak of 150 sessions with a fault each and kills: never twice, never unprotected" {
	local dir="$BATS_TEST_TMPDIR/soak"
	mkdir -p "$dir"
	cd "$dir"
	FAKE_API_KEY=$KEY "$FAKE_EXCHANGE" --port-file port --symbols 5 --weight-limit 1000000 \
		--now 2025-03-01 > fx.out 2>&1 3>&- &
	local fx=$! i
	for ((i = 0; i < 100; i++)); do [ -s port ] && break; sleep 0.05; done
	export FX_URL="http://127.0.0.1:$(cat port)" CB_BINANCE_FUTURES_URL="http://127.0.0.1:$(cat port)"
	run "$CB_ROOT/tests/helpers/order-soak" 150 11
	kill $fx
	wait $fx || true
	[ "$status" -eq 0 ]
	[[ $output == "sessions 150 faults 150 kills "*" duplicate_entries 0 unprotected 0 orphan_algo 0 store_vs_exchange 0" ]]
}

@test "live: place enters a symbol by hand through the same guards; cancel cancels an order of the journal" {
	run --separate-stderr cb-order --live --now "$NOW" place --symbol BTCUSDT
	[ "$status" -eq 0 ]
	run -0 exchange
	[ "$output" = '[[["BTCUSDT","0.105"]],[["STOP_MARKET","8032.72"],["TAKE_PROFIT_MARKET","10395.27"]],[1]]' ]
	# A second one: the symbol is busy, nothing is sent.
	run --separate-stderr cb-order --live --now "$NOW" place --symbol BTCUSDT
	[ "$status" -eq 1 ]
	[ "${stderr_lines[0]}" = "cb-order: BTCUSDT: refused by the risk rules: symbol_busy" ]
	local id
	id=$(cb-order orders | jq -r 'select(.kind == "take_profit") | .client_id')
	run --separate-stderr cb-order --live --now "$NOW" cancel "$id"
	[ "$status" -eq 0 ]
	[ "$stderr" = "cb-order: order $id: canceled" ]
	run -0 exchange
	[ "$output" = '[[["BTCUSDT","0.105"]],[["STOP_MARKET","8032.72"]],[1]]' ]
	run -2 --separate-stderr cb-order --live place
	[ "${stderr_lines[0]}" = "cb-order: place: give --symbol SYMBOL" ]
	run -1 --separate-stderr cb-order --live --now "$NOW" cancel nosuch
	[ "$stderr" = "cb-order: no order 'nosuch' in the journal (cb-order orders lists them)" ]
}

@test "live: a stop that would trigger at once (-2021) closes the position at market" {
	live in.ndjson
	[ "$status" -eq 0 ]
	# The stop is cancelled at the exchange, then the mark falls to 8000,
	# below the stop's 8032.72: the next run's new stop would trigger at
	# once, so the position is closed at market, 8000. pnl 0.105 * (8000 -
	# 9450.25) = -152.27625, fees 0.49613813 + 0.105 * 8000 * 0.0005 =
	# 0.42: net -153.19238813.
	cancel_algo "$(ctl GET /_fake/account | jq -r '.openAlgoOrders[] | select(.orderType == "STOP_MARKET") | .algoId')"
	ctl POST '/_fake/mark?symbol=BTCUSDT&price=8000' > /dev/null
	live in.ndjson
	[ "$status" -eq 0 ]
	[[ $stderr == *"BTCUSDT: its stop-loss at 8032.72 would trigger at once: closing at market"* ]]
	run -0 jq -c '[.exit_reason, .exit_price, .pnl]' <<< "$output"
	[ "$output" = '["stop",8000,-153.19238813]' ]
	run -0 exchange
	[ "$output" = '[[],[],[1,1]]' ]
}
