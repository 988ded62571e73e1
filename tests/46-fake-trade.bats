#!/usr/bin/env bats
# The fake exchange's Binance USD-M trading API (tests/fake-exchange/README.md,
# "Trading"), which cb-order's live mode is tested against: signatures,
# orders, algo orders and their triggers, positions, fills, the account,
# and the faults a live client must survive. Every expected answer is
# worked out by hand from the candles below, the 0.05% commission and the
# default leverage 20.
load test_helper

H4=14400000
T0=1591660800000                  # 2020-06-09T00:00:00Z, the first candle
NOW=1591702614000                 # 57 ms after the documented example's timestamp
# Binance's documented HMAC example: its secret is the fake's default.
SECRET=2b5eb11e18796d12d88f13dc27dbbd02c2cc51ff7059765ed9821957d82bb4d9
VECTOR='symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1&price=9000&timeInForce=GTC&recvWindow=5000&timestamp=1591702613943'
VECTOR_SIG=3c661234138461fcc7a7d8746c6558c9842d4e10870d2ecbedf7777cad694af9
KEY=cb-test-key

# sign TEXT: hex HMAC-SHA256 of TEXT with the secret.
sign() {
	printf '%s' "$1" | openssl dgst -sha256 -hmac "$SECRET" -r | cut -d ' ' -f 1
}

# tx METHOD PATH [QUERY [TIMESTAMP]]: a signed request stamped TIMESTAMP
# (default $NOW); the body on stdout, the head in ./headers.
tx() {
	local q="${3:+$3&}timestamp=${4:-$NOW}"
	curl -sS --max-time 10 -D headers -X "$1" -H "X-MBX-APIKEY: $KEY" "$FX_URL$2?$q&signature=$(sign "$q")"
}

ctl() {
	curl -sS --max-time 10 -X "$1" "$FX_URL$2"
}

status() {
	head -n 1 headers | tr -d '\r' | cut -d ' ' -f 2
}

header() {
	tr -d '\r' < headers | awk -v n="$1" 'BEGIN { n = tolower(n) } tolower($0) ~ "^" n ":" { sub(/^[^:]*: */, ""); print }'
}

# buy|sell QTY [EXTRA]: a MARKET order with the RESULT answer.
market() {
	tx POST /fapi/v1/order "symbol=BTCUSDT&side=$1&type=MARKET&quantity=$2&newOrderRespType=RESULT${3:+&$3}"
}

# algo SIDE TYPE TRIGGER CLIENT_ID: a closePosition algo order on the mark price.
algo() {
	tx POST /fapi/v1/algoOrder "algoType=CONDITIONAL&symbol=BTCUSDT&side=$1&type=$2&triggerPrice=$3&closePosition=true&workingType=MARK_PRICE&clientAlgoId=$4"
}

setup_file() {
	export BATS_NO_PARALLELIZE_WITHIN_FILE=true
	[ -x "$FAKE_EXCHANGE" ] || { echo "no $FAKE_EXCHANGE: run make check" >&2; return 1; }
	local data="$BATS_FILE_TMPDIR/data"
	flat_btc "$data" $T0   # flat 4h candles (test_helper.bash)
	FX_DIR="$BATS_FILE_TMPDIR/fx"
	export FAKE_API_KEY=$KEY
	unset FAKE_API_SECRET
	fx_start "$FX_DIR" --data "$data" --symbols 1 --now $NOW --log "$BATS_FILE_TMPDIR/requests" || return 1
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
}

@test "signature: Binance's documented example is accepted, in the query or the body" {
	run -0 curl -sS -D headers -X POST -H "X-MBX-APIKEY: $KEY" "$FX_URL/fapi/v1/order?$VECTOR&signature=$VECTOR_SIG"
	[ "$(status)" = 200 ]
	[ "$output" = '{"orderId":100000001,"symbol":"BTCUSDT","status":"NEW","clientOrderId":"auto-100000001","price":"9000.00","avgPrice":"0.00","origQty":"1.000","executedQty":"0.000","cumQty":"0.000","cumQuote":"0.00000","timeInForce":"GTC","type":"LIMIT","reduceOnly":false,"closePosition":false,"side":"BUY","positionSide":"BOTH","stopPrice":"0","workingType":"CONTRACT_PRICE","priceProtect":false,"origType":"LIMIT","priceMatch":"NONE","selfTradePreventionMode":"EXPIRE_MAKER","goodTillDate":0,"updateTime":1591702614000}' ]
	# as a form body; the signature is not case-sensitive
	run -0 curl -sS -D headers -X POST -H "X-MBX-APIKEY: $KEY" --data "$VECTOR&signature=${VECTOR_SIG^^}" "$FX_URL/fapi/v1/order"
	[ "$(status)" = 200 ]
	[ "$(jq -r .orderId <<< "$output")" = 100000002 ]
	# split between the query string and the body: the text signed is both
	run -0 curl -sS -D headers -X POST -H "X-MBX-APIKEY: $KEY" --data "price=9000&timeInForce=GTC&recvWindow=5000&timestamp=1591702613943&signature=$VECTOR_SIG" \
		"$FX_URL/fapi/v1/order?symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1&"
	[ "$(status)" = 200 ]
	[ "$(jq -r .status <<< "$output")" = NEW ]
	run -0 curl -sS "$FX_URL/_fake/account"
	[ "$(jq -c '[.openOrders[].orderId]' <<< "$output")" = '[100000001,100000002,100000003]' ]
}

@test "signature: a wrong signature, key or parameter order is refused" {
	run -0 curl -sS -D headers -X POST -H "X-MBX-APIKEY: $KEY" "$FX_URL/fapi/v1/order?$VECTOR&signature=${VECTOR_SIG%9}8"
	[ "$(status)" = 400 ]
	[ "$output" = '{"code":-1022,"msg":"Signature for this request is not valid."}' ]
	run -0 curl -sS -D headers -X POST -H "X-MBX-APIKEY: wrong" "$FX_URL/fapi/v1/order?$VECTOR&signature=$VECTOR_SIG"
	[ "$(status)" = 401 ]
	[ "$output" = '{"code":-2015,"msg":"Invalid API-key, IP, or permissions for action."}' ]
	run -0 curl -sS -D headers -X POST "$FX_URL/fapi/v1/order?$VECTOR&signature=$VECTOR_SIG"
	[ "$(status)" = 401 ]
	[ "$output" = '{"code":-2015,"msg":"Invalid API-key, IP, or permissions for action."}' ]
	# the signature must be the last parameter
	run -0 curl -sS -D headers -X POST -H "X-MBX-APIKEY: $KEY" "$FX_URL/fapi/v1/order?signature=$VECTOR_SIG&$VECTOR"
	[ "$output" = '{"code":-1022,"msg":"Signature for this request is not valid."}' ]
	run -0 curl -sS -D headers -X POST -H "X-MBX-APIKEY: $KEY" "$FX_URL/fapi/v1/order?$VECTOR"
	[ "$output" = "{\"code\":-1102,\"msg\":\"Mandatory parameter 'signature' was not sent, was empty/null, or malformed.\"}" ]
	run -0 curl -sS "$FX_URL/_fake/account"
	[ "$(jq -c .orders <<< "$output")" = 0 ]
}

@test "-1021: a timestamp older than recvWindow or 1000 ms ahead of the clock" {
	run -0 tx GET /fapi/v1/openOrders "" $((NOW - 5000))
	[ "$output" = '[]' ]
	run -0 tx GET /fapi/v1/openOrders "" $((NOW - 5001))
	[ "$(status)" = 400 ]
	[ "$output" = '{"code":-1021,"msg":"Timestamp for this request is outside of the recvWindow."}' ]
	run -0 tx GET /fapi/v1/openOrders "recvWindow=10000" $((NOW - 8000))
	[ "$output" = '[]' ]
	run -0 tx GET /fapi/v1/openOrders "recvWindow=60001" $((NOW - 8000))
	[ "$output" = '{"code":-1131,"msg":"recvWindow must be less than 60000"}' ]
	run -0 tx GET /fapi/v1/openOrders "" $((NOW + 999))
	[ "$output" = '[]' ]
	run -0 tx GET /fapi/v1/openOrders "" $((NOW + 1000))
	[ "$(status)" = 400 ]
	[ "$output" = "{\"code\":-1021,\"msg\":\"Timestamp for this request was 1000ms ahead of the server's time.\"}" ]
	# the documented example once the clock has moved on 5 s
	ctl POST "/_fake/now?ms=$((1591702613943 + 5001))"
	run -0 curl -sS -X POST -H "X-MBX-APIKEY: $KEY" "$FX_URL/fapi/v1/order?$VECTOR&signature=$VECTOR_SIG"
	[ "$output" = '{"code":-1021,"msg":"Timestamp for this request is outside of the recvWindow."}' ]
}

@test "a MARKET order fills at the mark with 0.05% commission: order, userTrades, positionRisk, account" {
	# ACK (the default): accepted, not yet executed
	run -0 tx POST /fapi/v1/order "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.100&newClientOrderId=e1"
	[ "$(jq -c '[.orderId,.status,.executedQty,.clientOrderId]' <<< "$output")" = '[100000001,"NEW","0.000","e1"]' ]
	run -0 tx GET /fapi/v1/order "symbol=BTCUSDT&origClientOrderId=e1"
	[ "$(jq -c '[.status,.avgPrice,.executedQty,.cumQuote,.time]' <<< "$output")" = '["FILLED","9500.00","0.100","950.00000",1591702614000]' ]
	# 950 * 0.0005 = 0.475
	run -0 tx GET /fapi/v1/userTrades "symbol=BTCUSDT"
	[ "$output" = '[{"id":300000001,"orderId":100000001,"symbol":"BTCUSDT","side":"BUY","price":"9500.00","qty":"0.100","quoteQty":"950.00000","commission":"0.47500000","commissionAsset":"USDT","realizedPnl":"0.00000000","positionSide":"BOTH","buyer":true,"maker":false,"time":1591702614000}]' ]
	# mark 9600: unrealized 0.1 * 100 = 10; margin 960 / 20 = 48; break-even 9500 * 1.0005
	ctl POST "/_fake/mark?symbol=BTCUSDT&price=9600"
	run -0 tx GET /fapi/v3/positionRisk "symbol=BTCUSDT"
	[ "$(jq -c '.[] | [.positionAmt,.entryPrice,.breakEvenPrice,.markPrice,.unRealizedProfit,.notional,.initialMargin]' <<< "$output")" = '["0.100","9500.00000000","9504.75000000","9600.00000000","10.00000000","960.00000000","48.00000000"]' ]
	# wallet 10000 - 0.475; margin balance + 10; available - 48
	run -0 tx GET /fapi/v3/account
	[ "$(jq -c '[.totalWalletBalance,.totalUnrealizedProfit,.totalMarginBalance,.totalInitialMargin,.availableBalance,.positions[0].positionAmt]' <<< "$output")" = '["9999.52500000","10.00000000","10009.52500000","48.00000000","9961.52500000","0.100"]' ]
	# close: realized 10, commission 960 * 0.0005 = 0.48
	run -0 market SELL 0.100 reduceOnly=true
	[ "$(jq -c '[.orderId,.status,.avgPrice,.executedQty,.reduceOnly]' <<< "$output")" = '[100000002,"FILLED","9600.00","0.100",true]' ]
	run -0 tx GET /fapi/v1/userTrades "symbol=BTCUSDT&fromId=300000002"
	[ "$(jq -c '.[] | [.id,.side,.price,.commission,.realizedPnl,.buyer]' <<< "$output")" = '[300000002,"SELL","9600.00","0.48000000","10.00000000",false]' ]
	run -0 tx GET /fapi/v3/positionRisk
	[ "$output" = '[]' ]
	run -0 tx GET /fapi/v3/account
	[ "$(jq -c '[.totalWalletBalance,.availableBalance,.positions]' <<< "$output")" = '["10009.04500000","10009.04500000",[]]' ]
}

@test "newClientOrderId: -4116 while its order is open, accepted again once it is not" {
	run -0 tx POST /fapi/v1/order "symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=0.100&price=9000.00&timeInForce=GTC&newClientOrderId=dup"
	[ "$(jq -c '[.orderId,.status]' <<< "$output")" = '[100000001,"NEW"]' ]
	run -0 tx POST /fapi/v1/order "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.100&newClientOrderId=dup"
	[ "$(status)" = 400 ]
	[ "$output" = '{"code":-4116,"msg":"ClientOrderId is duplicated."}' ]
	run -0 tx DELETE /fapi/v1/order "symbol=BTCUSDT&origClientOrderId=dup"
	[ "$(jq -c '[.orderId,.status]' <<< "$output")" = '[100000001,"CANCELED"]' ]
	# after the cancel, and again after a fill: two more orders, two entries
	run -0 market BUY 0.100 newClientOrderId=dup
	[ "$(jq -c '[.orderId,.status]' <<< "$output")" = '[100000002,"FILLED"]' ]
	run -0 market BUY 0.100 newClientOrderId=dup
	[ "$(jq -c '[.orderId,.status]' <<< "$output")" = '[100000003,"FILLED"]' ]
	run -0 tx GET /fapi/v1/order "symbol=BTCUSDT&origClientOrderId=dup"
	[ "$(jq -c .orderId <<< "$output")" = 100000003 ]
	run -0 curl -sS "$FX_URL/_fake/account"
	[ "$(jq -c '[.clientOrderIds,.positions[0].positionAmt]' <<< "$output")" = '[{"dup":3},"0.200"]' ]
	[ "$(jq -c '.clientOrderIds | map(select(. > 1)) | length' <<< "$output")" = 1 ]
}

@test "cancel: an open order is CANCELED; a filled one -2011; unknown ones -2013 and -2011" {
	run -0 tx POST /fapi/v1/order "symbol=BTCUSDT&side=SELL&type=LIMIT&quantity=0.010&price=9800&timeInForce=GTC"
	run -0 tx GET /fapi/v1/openOrders "symbol=BTCUSDT"
	[ "$(jq -c '[.[] | .orderId,.status,.price,.side]' <<< "$output")" = '[100000001,"NEW","9800.00","SELL"]' ]
	run -0 tx DELETE /fapi/v1/order "symbol=BTCUSDT&orderId=100000001"
	[ "$(jq -c '[.status,.executedQty]' <<< "$output")" = '["CANCELED","0.000"]' ]
	run -0 tx GET /fapi/v1/openOrders
	[ "$output" = '[]' ]
	run -0 market BUY 0.010
	run -0 tx DELETE /fapi/v1/order "symbol=BTCUSDT&orderId=100000002"
	[ "$(status)" = 400 ]
	[ "$output" = '{"code":-2011,"msg":"Unknown order sent."}' ]
	run -0 tx GET /fapi/v1/order "symbol=BTCUSDT&orderId=999"
	[ "$output" = '{"code":-2013,"msg":"Order does not exist."}' ]
	run -0 tx DELETE /fapi/v1/order "symbol=BTCUSDT&origClientOrderId=nosuch"
	[ "$output" = '{"code":-2011,"msg":"Unknown order sent."}' ]
}

@test "a resting LIMIT order fills at its price when the mark crosses it" {
	run -0 tx POST /fapi/v1/order "symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=0.100&price=9100&timeInForce=GTC"
	ctl POST "/_fake/mark?symbol=BTCUSDT&price=9100.01"
	run -0 tx GET /fapi/v1/order "symbol=BTCUSDT&orderId=100000001"
	[ "$(jq -r .status <<< "$output")" = NEW ]
	ctl POST "/_fake/mark?symbol=BTCUSDT&price=9050"
	run -0 tx GET /fapi/v1/userTrades "symbol=BTCUSDT"
	# 910 * 0.0005 = 0.455, as a maker
	[ "$(jq -c '.[] | [.orderId,.price,.qty,.commission,.maker]' <<< "$output")" = '[100000001,"9100.00","0.100","0.45500000",true]' ]
}

@test "algo orders: placement, openAlgoOrders, -2021, -4120 on /fapi/v1/order, cancel" {
	run -0 market BUY 0.100
	run -0 algo SELL STOP_MARKET 9200 sl
	[ "$output" = '{"algoId":200000001,"clientAlgoId":"sl","algoType":"CONDITIONAL","orderType":"STOP_MARKET","symbol":"BTCUSDT","side":"SELL","positionSide":"BOTH","timeInForce":"GTC","quantity":"0.000","algoStatus":"NEW","triggerPrice":"9200.00","price":"0","icebergQuantity":null,"selfTradePreventionMode":"NONE","workingType":"MARK_PRICE","priceMatch":"NONE","closePosition":true,"priceProtect":false,"reduceOnly":false,"createTime":1591702614000,"updateTime":1591702614000,"triggerTime":0,"goodTillDate":0}' ]
	# mark 9500: a SELL take profit at or below it, a SELL stop at or above it, fire at once
	run -0 algo SELL TAKE_PROFIT_MARKET 9500 tp
	[ "$(status)" = 400 ]
	[ "$output" = '{"code":-2021,"msg":"Order would immediately trigger."}' ]
	run -0 algo SELL STOP_MARKET 9500.01 sl2
	[ "$output" = '{"code":-2021,"msg":"Order would immediately trigger."}' ]
	run -0 algo BUY STOP_MARKET 9500 sl3
	[ "$output" = '{"code":-2021,"msg":"Order would immediately trigger."}' ]
	run -0 algo SELL TAKE_PROFIT_MARKET 9500.01 tp
	[ "$(jq -c '[.algoId,.algoStatus]' <<< "$output")" = '[200000002,"NEW"]' ]
	run -0 tx POST /fapi/v1/order "symbol=BTCUSDT&side=SELL&type=STOP_MARKET&quantity=0.100&stopPrice=9200"
	[ "$(status)" = 400 ]
	[ "$output" = '{"code":-4120,"msg":"Order type not supported for this endpoint. Please use the Algo Order API endpoints instead."}' ]
	run -0 tx GET /fapi/v1/openAlgoOrders "symbol=BTCUSDT"
	[ "$(jq -c '[.[] | .clientAlgoId,.algoStatus,.actualOrderId]' <<< "$output")" = '["sl","NEW","","tp","NEW",""]' ]
	run -0 tx DELETE /fapi/v1/algoOrder "clientAlgoId=tp"
	[ "$output" = '{"algoId":200000002,"clientAlgoId":"tp","code":"200","msg":"success"}' ]
	run -0 tx DELETE /fapi/v1/algoOrder "algoId=200000002"
	[ "$output" = '{"code":-2011,"msg":"Unknown order sent."}' ]
	run -0 tx GET /fapi/v1/algoOrder "algoId=200000002"
	[ "$(jq -r .algoStatus <<< "$output")" = CANCELED ]
	# regular order queries do not see algo orders
	run -0 tx GET /fapi/v1/order "symbol=BTCUSDT&orderId=200000001"
	[ "$output" = '{"code":-2013,"msg":"Order does not exist."}' ]
}

@test "/_fake/mark fires the stop loss: a reduce-only MARKET order closes the position; the take profit stays NEW" {
	run -0 market BUY 0.100
	run -0 algo SELL STOP_MARKET 9200 sl
	run -0 algo SELL TAKE_PROFIT_MARKET 9800 tp
	ctl POST "/_fake/mark?symbol=BTCUSDT&price=9200.01"
	run -0 tx GET /fapi/v1/algoOrder "clientAlgoId=sl"
	[ "$(jq -r .algoStatus <<< "$output")" = NEW ]
	run -0 ctl POST "/_fake/mark?symbol=BTCUSDT&price=9150"
	[ "$output" = '{"symbol":"BTCUSDT","markPrice":"9150.00","override":true}' ]
	run -0 tx GET /fapi/v1/algoOrder "clientAlgoId=sl"
	[ "$(jq -c '[.algoStatus,.actualOrderId,.actualType,.actualQty,.actualPrice,.triggerTime]' <<< "$output")" = '["FINISHED","100000002","MARKET","0.100","9150.00",1591702614000]' ]
	run -0 tx GET /fapi/v1/order "symbol=BTCUSDT&orderId=100000002"
	[ "$(jq -c '[.status,.type,.side,.reduceOnly,.closePosition,.executedQty,.clientOrderId]' <<< "$output")" = '["FILLED","MARKET","SELL",true,true,"0.100","sl"]' ]
	# (9150 - 9500) * 0.1 = -35; 915 * 0.0005 = 0.4575
	run -0 tx GET /fapi/v1/userTrades "symbol=BTCUSDT&orderId=100000002"
	[ "$(jq -c '.[] | [.price,.qty,.realizedPnl,.commission]' <<< "$output")" = '["9150.00","0.100","-35.00000000","0.45750000"]' ]
	run -0 tx GET /fapi/v1/openAlgoOrders
	[ "$(jq -c '[.[] | .clientAlgoId]' <<< "$output")" = '["tp"]' ]
	# listed while it has an open (algo) order, with no position
	run -0 tx GET /fapi/v3/positionRisk
	[ "$(jq -c '[.[] | .symbol,.positionAmt]' <<< "$output")" = '["BTCUSDT","0.000"]' ]
	# the take profit firing later, without a position, expires
	ctl POST "/_fake/mark?symbol=BTCUSDT&price=9800"
	run -0 tx GET /fapi/v1/algoOrder "clientAlgoId=tp"
	[ "$(jq -c '[.algoStatus,.actualOrderId]' <<< "$output")" = '["EXPIRED",""]' ]
	# price=0 returns the mark to the market's
	run -0 ctl POST "/_fake/mark?symbol=BTCUSDT&price=0"
	[ "$output" = '{"symbol":"BTCUSDT","markPrice":"9500.00","override":false}' ]
}

@test "/_fake/now walks the marks along the candles minute by minute and fires on the way" {
	run -0 market BUY 0.100
	run -0 algo SELL STOP_MARKET 9200 sl
	run -0 algo SELL TAKE_PROFIT_MARKET 9550 tp
	# to the last candle: 9500 until T0 + 12h, 9000 from then, 9600 from T0 + 20h
	ctl POST "/_fake/now?ms=$((T0 + 5 * H4 + 60000))"
	run -0 tx GET /fapi/v1/algoOrder "clientAlgoId=sl" $((T0 + 5 * H4 + 60000))
	[ "$(jq -c '[.algoStatus,.actualPrice,.triggerTime]' <<< "$output")" = "[\"FINISHED\",\"9000.00\",$((T0 + 3 * H4))]" ]
	run -0 tx GET /fapi/v1/algoOrder "clientAlgoId=tp" $((T0 + 5 * H4 + 60000))
	[ "$(jq -c '[.algoStatus,.triggerTime]' <<< "$output")" = "[\"EXPIRED\",$((T0 + 5 * H4))]" ]
	# (9000 - 9500) * 0.1 = -50; 900 * 0.0005 = 0.45
	run -0 tx GET /fapi/v1/userTrades "symbol=BTCUSDT&startTime=$T0" $((T0 + 5 * H4 + 60000))
	[ "$(jq -c '.[] | [.side,.price,.realizedPnl,.commission,.time]' <<< "$output")" = "[\"BUY\",\"9500.00\",\"0.00000000\",\"0.47500000\",$NOW]
[\"SELL\",\"9000.00\",\"-50.00000000\",\"0.45000000\",$((T0 + 3 * H4))]" ]
	run -0 curl -sS "$FX_URL/fapi/v1/premiumIndex?symbol=BTCUSDT"
	[ "$(jq -c '[.markPrice,.time]' <<< "$output")" = "[\"9600.00000000\",$((T0 + 5 * H4 + 60000))]" ]
}

@test "order checks: -2022 reduce-only, -4164 min notional, -1111 precision, -4003, -2019 margin" {
	run -0 market SELL 0.010 reduceOnly=true
	[ "$(status)" = 400 ]
	[ "$output" = '{"code":-2022,"msg":"ReduceOnly Order is rejected."}' ]
	run -0 market BUY 0.0001
	[ "$output" = '{"code":-1111,"msg":"Precision is over the maximum defined for this asset."}' ]
	run -0 tx POST /fapi/v1/order "symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=0.010&price=9000.001&timeInForce=GTC"
	[ "$output" = '{"code":-1111,"msg":"Precision is over the maximum defined for this asset."}' ]
	run -0 market BUY 0
	[ "$output" = '{"code":-4003,"msg":"Quantity less than or equal to zero."}' ]
	# 0.001 * 4000 = 4 < 5, but a reduce-only order is exempt
	run -0 market BUY 0.010
	ctl POST "/_fake/mark?symbol=BTCUSDT&price=4000"
	run -0 market BUY 0.001
	[ "$output" = '{"code":-4164,"msg":"Order'"'"'s notional must be no smaller than 5 (unless you choose reduce only)."}' ]
	run -0 market SELL 0.001 reduceOnly=true
	[ "$(jq -r .status <<< "$output")" = FILLED ]
	# a reduce-only order larger than the position closes it and expires
	run -0 market SELL 0.100 reduceOnly=true
	[ "$(jq -c '[.status,.executedQty]' <<< "$output")" = '["EXPIRED","0.009"]' ]
	# margin: 50 * 4000 / 20 = 10000 > 9944.9325 available (10000, fees
	# 0.0675, realized -5.5 and -49.5)
	run -0 market BUY 50.000
	[ "$output" = '{"code":-2019,"msg":"Margin is insufficient."}' ]
	run -0 tx POST /fapi/v1/leverage "symbol=BTCUSDT&leverage=125"
	[ "$output" = '{"leverage":125,"maxNotionalValue":"1000000","symbol":"BTCUSDT"}' ]
	run -0 market BUY 50.000
	[ "$(jq -r .status <<< "$output")" = FILLED ]
	run -0 tx POST /fapi/v1/leverage "symbol=BTCUSDT&leverage=0"
	[ "$output" = '{"code":-4028,"msg":"Leverage 0 is not valid"}' ]
}

@test "marginType: -4046 when unchanged, -4048 with a position" {
	run -0 tx POST /fapi/v1/marginType "symbol=BTCUSDT&marginType=CROSSED"
	[ "$(status)" = 400 ]
	[ "$output" = '{"code":-4046,"msg":"No need to change margin type."}' ]
	run -0 tx POST /fapi/v1/marginType "symbol=BTCUSDT&marginType=ISOLATED"
	[ "$output" = '{"code":200,"msg":"success"}' ]
	run -0 tx POST /fapi/v1/marginType "symbol=BTCUSDT&marginType=ISOLATED"
	[ "$output" = '{"code":-4046,"msg":"No need to change margin type."}' ]
	run -0 market BUY 0.010
	run -0 tx POST /fapi/v1/marginType "symbol=BTCUSDT&marginType=CROSSED"
	[ "$output" = '{"code":-4048,"msg":"Margin type cannot be changed if there exists position."}' ]
	run -0 curl -sS "$FX_URL/_fake/account"
	[ "$(jq -c '.positions[] | [.leverage,.marginType]' <<< "$output")" = '[20,"ISOLATED"]' ]
}

@test "headers: X-MBX-ORDER-COUNT-10S and -1M on order answers, X-MBX-USED-WEIGHT-1M with Binance's weights" {
	run -0 market BUY 0.010
	[ "$(header X-MBX-ORDER-COUNT-10S)" = 1 ]
	[ "$(header X-MBX-ORDER-COUNT-1M)" = 1 ]
	[ "$(header X-MBX-USED-WEIGHT-1M)" = 0 ]
	ctl POST /_fake/reset
	run -0 tx GET /fapi/v3/positionRisk
	[ "$(header X-MBX-USED-WEIGHT-1M)" = 5 ]
	ctl POST /_fake/reset
	run -0 tx GET /fapi/v1/openOrders
	[ "$(header X-MBX-USED-WEIGHT-1M)" = 40 ]
	ctl POST /_fake/reset
	run -0 tx GET /fapi/v1/openAlgoOrders "symbol=BTCUSDT"
	[ "$(header X-MBX-USED-WEIGHT-1M)" = 1 ]
}

@test "-1015: the 301st order in 10 seconds is refused with 429" {
	local q="symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.001&timestamp=$NOW" i urls=()
	q="$q&signature=$(sign "$q")"
	for ((i = 0; i < 301; i++)); do
		urls+=(-o /dev/null "$FX_URL/fapi/v1/order?$q")
	done
	# all in one window of the real clock: start early in one
	while (( $(date +%s%3N) % 10000 > 5000 )); do sleep 0.1; done
	run -0 curl -sS --max-time 10 -X POST -H "X-MBX-APIKEY: $KEY" -w '%{http_code}\n' "${urls[@]}"
	[ "$(sort <<< "$output" | uniq -c | tr -s ' ')" = " 300 200
 1 429" ]
	[ "${lines[300]}" = 429 ]
	run -0 tx POST /fapi/v1/order "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.001"
	[ "$output" = '{"code":-1015,"msg":"Too many new orders; current limit is 300 orders per 10 SECOND."}' ] ||
		[ "$(jq -r .status <<< "$output")" = NEW ]   # the next window began
}

@test "exchangeInfo: ORDERS rate limits and the trading filters; premiumIndex needs no signature" {
	run -0 curl -sS "$FX_URL/fapi/v1/exchangeInfo"
	[ "$(jq -c '[.rateLimits[] | [.rateLimitType,.interval,.intervalNum,.limit]]' <<< "$output")" = '[["REQUEST_WEIGHT","MINUTE",1,2400],["ORDERS","MINUTE",1,1200],["ORDERS","SECOND",10,300]]' ]
	[ "$(jq -c '.symbols[] | select(.symbol == "BTCUSDT") | [.filters[] | select(.filterType | test("PRICE_FILTER|LOT_SIZE|MIN_NOTIONAL")) | (.tickSize // .stepSize // .notional)]' <<< "$output")" = '["0.01","0.001","0.001","5"]' ]
	run -0 curl -sS "$FX_URL/fapi/v1/premiumIndex?symbol=BTCUSDT"
	[ "$output" = '{"symbol":"BTCUSDT","markPrice":"9500.00000000","indexPrice":"9500.00000000","estimatedSettlePrice":"9500.00000000","lastFundingRate":"0.00010000","interestRate":"0.00010000","nextFundingTime":1591718400000,"time":1591702614000}' ]
}

@test "fault drop-after: the order is placed, the connection closes without an answer" {
	run -0 ctl POST "/_fake/fault?path=/fapi/v1/order&method=POST&kind=drop-after"
	[ "$output" = '{"faults":1}' ]
	run -52 tx POST /fapi/v1/order "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.010&newClientOrderId=f1"
	run -0 tx GET /fapi/v1/order "symbol=BTCUSDT&origClientOrderId=f1"
	[ "$(jq -c '[.status,.executedQty]' <<< "$output")" = '["FILLED","0.010"]' ]
}

@test "faults unknown-placed and unknown-lost: 503 'Unknown error', the order placed or not" {
	ctl POST "/_fake/fault?path=/fapi/v1/order&method=POST&kind=unknown-placed"
	ctl POST "/_fake/fault?path=/fapi/v1/order&method=POST&kind=unknown-lost"
	run -0 tx POST /fapi/v1/order "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.010&newClientOrderId=f2"
	[ "$(status)" = 503 ]
	[ "$output" = '{"code":-1000,"msg":"Unknown error, please check your request or try again later."}' ]
	run -0 tx POST /fapi/v1/order "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.010&newClientOrderId=f3"
	[ "$(status)" = 503 ]
	[ "$output" = '{"code":-1000,"msg":"Unknown error, please check your request or try again later."}' ]
	run -0 tx GET /fapi/v1/order "symbol=BTCUSDT&origClientOrderId=f2"
	[ "$(jq -r .status <<< "$output")" = FILLED ]
	run -0 tx GET /fapi/v1/order "symbol=BTCUSDT&origClientOrderId=f3"
	[ "$output" = '{"code":-2013,"msg":"Order does not exist."}' ]
	# on the algo endpoint too
	run -0 market BUY 0.010
	ctl POST "/_fake/fault?path=/fapi/v1/algoOrder&method=POST&kind=unknown-placed"
	run -0 algo SELL STOP_MARKET 9000 sl
	[ "$(status)" = 503 ]
	run -0 tx GET /fapi/v1/algoOrder "clientAlgoId=sl"
	[ "$(jq -r .algoStatus <<< "$output")" = NEW ]
}

@test "fault timeout-placed: the order is placed, the answer comes after the client gave up" {
	ctl POST "/_fake/fault?path=/fapi/v1/order&method=POST&kind=timeout-placed&delay_ms=3000"
	run -28 curl -sS --max-time 1 -X POST -H "X-MBX-APIKEY: $KEY" \
		"$FX_URL/fapi/v1/order?symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.010&newClientOrderId=f4&timestamp=$NOW&signature=$(sign "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.010&newClientOrderId=f4&timestamp=$NOW")"
	run -0 tx GET /fapi/v1/order "symbol=BTCUSDT&origClientOrderId=f4"
	[ "$(jq -r .status <<< "$output")" = FILLED ]
}

@test "faults -1021 (once), -2019 and 418: refused, nothing placed" {
	ctl POST "/_fake/fault?path=/fapi/v1/order&method=POST&kind=-1021"
	ctl POST "/_fake/fault?path=/fapi/v1/order&method=POST&kind=-2019"
	ctl POST "/_fake/fault?path=/fapi/v1/order&method=POST&kind=418&retry_after=120"
	run -0 market BUY 0.010
	[ "$(status)" = 400 ]
	[ "$output" = '{"code":-1021,"msg":"Timestamp for this request is outside of the recvWindow."}' ]
	run -0 market BUY 0.010
	[ "$(status)" = 400 ]
	[ "$output" = '{"code":-2019,"msg":"Margin is insufficient."}' ]
	run -0 market BUY 0.010
	[ "$(status)" = 418 ]
	[ "$(header Retry-After)" = 120 ]
	[ "$(jq -r .code <<< "$output")" = -1003 ]
	run -0 curl -sS "$FX_URL/_fake/account"
	[ "$(jq -c '[.orders,.trades]' <<< "$output")" = '[0,0]' ]
	run -0 market BUY 0.010
	[ "$(jq -r .status <<< "$output")" = FILLED ]
}

@test "fault partial: a MARKET entry fills only a fraction and expires" {
	ctl POST "/_fake/fault?path=/fapi/v1/order&method=POST&kind=partial&fraction=0.25"
	run -0 market BUY 0.100
	[ "$(jq -c '[.status,.origQty,.executedQty]' <<< "$output")" = '["EXPIRED","0.100","0.025"]' ]
	run -0 tx GET /fapi/v3/positionRisk
	[ "$(jq -r '.[0].positionAmt' <<< "$output")" = 0.025 ]
	# 0.3 of 0.010 is 0.003 (rounded down to the step)
	ctl POST "/_fake/fault?path=/fapi/v1/order&kind=partial&fraction=0.3"
	run -0 market BUY 0.010
	[ "$(jq -c '[.status,.executedQty]' <<< "$output")" = '["EXPIRED","0.003"]' ]
}

@test "fault algo-notfound: a new algo order is 'not found' by its next queries, yet open" {
	run -0 market BUY 0.100
	ctl POST "/_fake/fault?path=/fapi/v1/algoOrder&kind=algo-notfound&hide=2"
	run -0 algo SELL STOP_MARKET 9000 sl
	[ "$(jq -r .algoStatus <<< "$output")" = NEW ]
	run -0 tx GET /fapi/v1/algoOrder "clientAlgoId=sl"
	[ "$(status)" = 400 ]
	[ "$output" = '{"code":-2013,"msg":"Order does not exist."}' ]
	run -0 tx GET /fapi/v1/openAlgoOrders
	[ "$(jq -c '[.[] | .clientAlgoId]' <<< "$output")" = '["sl"]' ]
	run -0 tx GET /fapi/v1/algoOrder "algoId=200000001"
	[ "$output" = '{"code":-2013,"msg":"Order does not exist."}' ]
	run -0 tx GET /fapi/v1/algoOrder "clientAlgoId=sl"
	[ "$(jq -r .algoStatus <<< "$output")" = NEW ]
}

@test "faults aim at a method and a symbol" {
	ctl POST "/_fake/fault?path=/fapi/v1/order&method=GET&kind=unknown-lost"
	ctl POST "/_fake/fault?path=/fapi/v1/order&method=POST&symbol=S0000USDT&kind=-2019"
	run -0 market BUY 0.010
	[ "$(jq -r .status <<< "$output")" = FILLED ]
	run -0 tx GET /fapi/v1/order "symbol=BTCUSDT&orderId=100000001"
	[ "$(status)" = 503 ]
	run -0 tx GET /fapi/v1/order "symbol=BTCUSDT&orderId=100000001"
	[ "$(jq -r .status <<< "$output")" = FILLED ]
	run -0 curl -sS "$FX_URL/_fake/stats"
	[ "$(jq -c .faults_pending <<< "$output")" = 1 ]
	run -0 ctl POST "/_fake/fault?path=/fapi/v1/order&method=PATCH&kind=-2019"
	[ "$output" = '{"error":"bad method (GET POST DELETE PUT) or hide"}' ]
}

@test "/_fake/account holds the whole state; /_fake/reset clears it; the log hides signatures" {
	run -0 market BUY 0.100 newClientOrderId=e1
	run -0 algo SELL STOP_MARKET 9200 sl
	run -0 curl -sS "$FX_URL/_fake/account"
	[ "$(jq -c '[.now,.walletBalance,.realizedPnl,.commission,.positions,(.openAlgoOrders | map(.clientAlgoId)),.openOrders,.clientOrderIds,.clientAlgoIds,.orders,.algoOrders,.trades]' <<< "$output")" = '[1591702614000,"9999.52500000","0.00000000","0.47500000",[{"symbol":"BTCUSDT","positionAmt":"0.100","entryPrice":"9500.00000000","markPrice":"9500.00000000","leverage":20,"marginType":"CROSSED"}],["sl"],[],{"e1":1},{"sl":1},1,1,1]' ]
	run -0 curl -sS "$FX_URL/_fake/account?all=1"
	[ "$(jq -c '[.allOrders[].orderId,.allAlgoOrders[].algoId,.fills[].id]' <<< "$output")" = '[100000001,200000001,300000001]' ]
	ctl POST /_fake/reset
	run -0 curl -sS "$FX_URL/_fake/account"
	[ "$output" = '{"now":1591702614000,"walletBalance":"10000.00000000","realizedPnl":"0.00000000","commission":"0.00000000","positions":[],"openOrders":[],"openAlgoOrders":[],"clientOrderIds":{},"clientAlgoIds":{},"orders":0,"algoOrders":0,"trades":0}' ]
	run -0 grep -c 'signature=(hidden)$' "$FX_LOG"
	[ "$output" -gt 0 ]
	run -1 grep -E 'signature=[0-9a-f]{64}' "$FX_LOG"
}
