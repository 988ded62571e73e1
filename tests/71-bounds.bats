#!/usr/bin/env bats
# Resources follow the data, not the names (issue 15): a stream of many
# series of one candle each must not cost each series its longest window.
load test_helper

# many N: N one-candle 1m series (a 30-day window of 1m candles is 43,200 slots).
many() {
	awk -v n="$1" 'BEGIN {
		for (i = 0; i < n; i++)
			printf "{\"symbol\":\"S%dUSDT\",\"interval\":\"1m\",\"open_time\":0,\"open\":1,\"high\":1,\"low\":1,\"close\":1,\"volume\":1}\n", i
	}'
}

# peak_mib CMD...: run CMD < in > out 2> err, print its peak RSS in MiB.
peak_mib() {
	/usr/bin/time -f %M -o rss "$@" < in > out 2> err
	echo $(( $(tail -n 1 rss) / 1024 ))
}

@test "50,000 one-candle series: cb-detect and cb-score stay under 1 GiB" {
	many 50000 > in
	# Before, each series allocated its 30-day window up front: 4.6 GB
	# for cb-detect and 3.4 GB for cb-score here.
	run peak_mib cb-detect
	[ "$status" -eq 0 ]
	[ "$output" -lt 1024 ]
	[ ! -s out ]
	run peak_mib cb-score
	[ "$status" -eq 0 ]
	[ "$output" -lt 1024 ]
	[ ! -s out ]
}
