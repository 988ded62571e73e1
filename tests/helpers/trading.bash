# Candles and signals for the trading scenarios of tests/80-backtest.bats
# and tests/90-order.bats (load it after test_helper): 4h candles, STRONG
# signals entered at the next open.

H=14400000   # 4h in ms

free="--slippage-bps 0 --fee-bps 0"

# bar SYMBOL K OPEN HIGH LOW CLOSE: a closed 4h candle opening at K * 4h.
bar() {
	printf '{"type":"candle","symbol":"%s","interval":"4h","open_time":%d,"open":%s,"high":%s,"low":%s,"close":%s,"volume":1}\n' \
		"$1" $(($2 * H)) "$3" "$4" "$5" "$6"
}

# sig SYMBOL K [EXTRA]: a STRONG signal on candle K of SYMBOL (detected at
# its close, so entered at the open of candle K + 1); EXTRA is appended
# inside the record (e.g. ',"spike_ratio_7d":3').
sig() {
	printf '{"type":"signal","id":"binance:futures:%s:4h:%d","symbol":"%s","interval":"4h","open_time":%d,"price":100,"strength":"STRONG"%s}\n' \
		"$1" $(($2 * H)) "$1" $(($2 * H)) "${3:-}"
}
