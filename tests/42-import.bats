#!/usr/bin/env bats
# cb-fetch import: Binance public data kline files (12-column CSV with or
# without a header, zip archives with their .CHECKSUM, microsecond times)
# and OHLCV CSV with a header. Expected values come from the input rows.
load test_helper

HDR=open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore
# Two 1h rows of the 12-column format, times in milliseconds.
ROW1=1735689600000,4.15070000,4.15870000,4.15060000,4.15540000,539.23000000,1735693199999,2240.39860900,13,401.82000000,1669.98121300,0
ROW2=1735693200000,4.15540000,4.20000000,4.10000000,4.19000000,100.50000000,1735696799999,420.00000000,7,50.00000000,210.00000000,0

# The candle of ROW1 as cb-fetch writes it (numbers in shortest form).
C1='"symbol":"ABCUSDT","interval":"1h","open_time":1735689600000,"close_time":1735693199999,"open":4.1507,"high":4.1587,"low":4.1506,"close":4.1554,"volume":539.23,"quote_volume":2240.398609,"trades":13,"taker_buy_volume":401.82,"taker_buy_quote_volume":1669.981213,"closed":true'
C2='"symbol":"ABCUSDT","interval":"1h","open_time":1735693200000,"close_time":1735696799999,"open":4.1554,"high":4.2,"low":4.1,"close":4.19,"volume":100.5,"quote_volume":420,"trades":7,"taker_buy_volume":50,"taker_buy_quote_volume":210,"closed":true'

expect_two() {
	printf '{"type":"candle","exchange":"binance","market":"%s",%s}\n' "$1" "$C1" "$1" "$C2" > expect
}

@test "import: 12-column CSV without a header" {
	printf '%s\n%s\n' "$ROW1" "$ROW2" > ABCUSDT-1h-2025-01.csv
	run -0 --separate-stderr cb-fetch --no-db import ABCUSDT-1h-2025-01.csv
	expect_two futures
	diff expect <(printf '%s\n' "$output")
}

@test "import: 12-column CSV with a header and CRLF line ends" {
	printf '%s\r\n%s\r\n%s\r\n' "$HDR" "$ROW1" "$ROW2" > ABCUSDT-1h-2025-01.csv
	run -0 --separate-stderr cb-fetch --no-db import --market spot ABCUSDT-1h-2025-01.csv
	expect_two spot
	diff expect <(printf '%s\n' "$output")
}

@test "import: a zip archive, checksum missing (a note), good, bad" {
	printf '%s\n%s\n%s\n' "$HDR" "$ROW1" "$ROW2" > ABCUSDT-1h-2025-01.csv
	zip -q ABCUSDT-1h-2025-01.zip ABCUSDT-1h-2025-01.csv
	rm ABCUSDT-1h-2025-01.csv
	expect_two futures
	run -0 --separate-stderr cb-fetch --no-db import ABCUSDT-1h-2025-01.zip
	diff expect <(printf '%s\n' "$output")
	[[ $stderr == *"ABCUSDT-1h-2025-01.zip.CHECKSUM"*"not verified"* ]]
	run -0 --separate-stderr cb-fetch --no-db -q import ABCUSDT-1h-2025-01.zip
	[ -z "$stderr" ]
	sha256sum ABCUSDT-1h-2025-01.zip > ABCUSDT-1h-2025-01.zip.CHECKSUM
	run -0 --separate-stderr cb-fetch --no-db import ABCUSDT-1h-2025-01.zip
	diff expect <(printf '%s\n' "$output")
	[ -z "$stderr" ]
	echo "$(printf '0%.0s' {1..64})  ABCUSDT-1h-2025-01.zip" > ABCUSDT-1h-2025-01.zip.CHECKSUM
	run -1 --separate-stderr cb-fetch --no-db import ABCUSDT-1h-2025-01.zip
	[ -z "$output" ]
	[[ $stderr == *"ABCUSDT-1h-2025-01.zip: SHA-256 checksum mismatch"*refused* ]]
}

@test "import: a daily archive; monthly 1M is named 1mo" {
	printf '%s\n' "$ROW1" > ABCUSDT-1h-2025-01-01.csv
	zip -q ABCUSDT-1h-2025-01-01.zip ABCUSDT-1h-2025-01-01.csv
	printf '1735689600000,1,2,0.5,1.5,10,1738367999999,15,3,5,7.5,0\n' > XYZUSDT-1mo-2025-01.csv
	run -0 --separate-stderr cb-fetch --no-db -q import ABCUSDT-1h-2025-01-01.zip XYZUSDT-1mo-2025-01.csv
	[ "${#lines[@]}" -eq 2 ]
	[[ ${lines[0]} == *"$C1"* ]]
	[[ ${lines[1]} == *'"symbol":"XYZUSDT","interval":"1M","open_time":1735689600000,"close_time":1738367999999,'* ]]
}

@test "import: a zip of two CSVs is refused, naming both; nothing read (issue 15)" {
	printf '%s\n' "$ROW1" > a.csv
	printf '%s\n' "$ROW2" > b.csv
	zip -q ABCUSDT-1h-2025-01.zip a.csv b.csv
	run -1 --separate-stderr cb-fetch --no-db -q import ABCUSDT-1h-2025-01.zip
	[ -z "$output" ]
	[ "${stderr_lines[0]}" = "cb-fetch: ABCUSDT-1h-2025-01.zip: the archive holds more than one .csv file (a.csv, b.csv); import reads archives of one, as data.binance.vision makes them" ]
	[ "${stderr_lines[1]}" = "cb-fetch: 1 of 1 file could not be read" ]
}

@test "import: a UTF-8 byte-order mark before the header or the first row is skipped" {
	printf '\xef\xbb\xbf%s\r\n%s\r\n%s\r\n' "$HDR" "$ROW1" "$ROW2" > ABCUSDT-1h-2025-01.csv
	run -0 --separate-stderr cb-fetch --no-db import ABCUSDT-1h-2025-01.csv
	expect_two futures
	diff expect <(printf '%s\n' "$output")
	printf '\xef\xbb\xbf%s\n%s\n' "$ROW1" "$ROW2" > ABCUSDT-1h-2025-01.csv
	run -0 --separate-stderr cb-fetch --no-db import ABCUSDT-1h-2025-01.csv
	diff expect <(printf '%s\n' "$output")
}

@test "import: a truncated zip is refused, the other files go on" {
	awk 'BEGIN { for (i = 0; i < 2000; i++)
		printf "%d,1.5,2,1,1.5,10,%d,15,3,5,7.5,0\n", 1735689600000 + i * 60000, 1735689600000 + i * 60000 + 59999 }' \
		> ABCUSDT-1m-2025-01.csv
	zip -q full.zip ABCUSDT-1m-2025-01.csv
	head -c "$(($(stat -c %s full.zip) / 2))" full.zip > ABCUSDT-1m-2025-01.zip
	printf '%s\n' "$ROW1" > ABCUSDT-1h-2025-01.csv
	run -1 --separate-stderr cb-fetch --no-db -q import ABCUSDT-1m-2025-01.zip ABCUSDT-1h-2025-01.csv
	[ "${#lines[@]}" -eq 1 ]
	[[ $output == *"$C1"* ]]
	[[ $stderr == *"ABCUSDT-1m-2025-01.zip: cannot open the zip archive (truncated or corrupt?)"* ]]
}

@test "import: spot microsecond timestamps become milliseconds" {
	printf '1735689600000000,4.15070000,4.15870000,4.15060000,4.15540000,539.23000000,1735693199999999,2240.39860900,13,401.82000000,1669.98121300,0\n' \
		> ABCUSDT-1h-2025-01.csv
	zip -q ABCUSDT-1h-2025-01.zip ABCUSDT-1h-2025-01.csv
	run -0 --separate-stderr cb-fetch --no-db -q --market spot import ABCUSDT-1h-2025-01.zip
	[ "$output" = "{\"type\":\"candle\",\"exchange\":\"binance\",\"market\":\"spot\",$C1}" ]
}

@test "import: bad rows are rejected with file, line and field, status 3" {
	{
		echo "$HDR"
		echo "$ROW1"
		echo "1735693200000,4.1,4.2,4.0,4.1,100"                     # line 3: columns missing
		echo "${ROW2/4.20000000/x4.2}"                                # line 4: high not a number
		echo "${ROW2/4.20000000/4.00000000}"                          # line 5: high below low
		echo "$ROW1"                                                  # line 6: time not increasing
		echo "$ROW2"
	} > ABCUSDT-1h-2025-01.csv
	run -3 --separate-stderr cb-fetch --no-db import ABCUSDT-1h-2025-01.csv
	expect_two futures
	diff expect <(printf '%s\n' "$output")
	[[ $stderr == *"ABCUSDT-1h-2025-01.csv:3: 'close_time' is missing"* ]]
	[[ $stderr == *"ABCUSDT-1h-2025-01.csv:4: 'high' is not a number: 'x4.2'"* ]]
	[[ $stderr == *"ABCUSDT-1h-2025-01.csv:5: 'high' is below 'low'"* ]]
	[[ $stderr == *"ABCUSDT-1h-2025-01.csv:6: 'open_time' 1735689600000 is not after"* ]]
}

@test "import: generic OHLCV CSV, values equal to the input rows" {
	head -n 6 "$CB_DATA/BTCUSDT-4h.csv" > BTCUSDT-4h.csv
	run -0 --separate-stderr cb-fetch --no-db import BTCUSDT-4h.csv
	[ "${#lines[@]}" -eq 5 ]
	printf '%s\n' "$output" | jq -r '[.symbol, .interval, .open_time, .close_time, .open, .high,
		.low, .close, .volume, .quote_volume, .trades, .closed] | map(tostring) | join(",")' > actual
	# Expected: the CSV rows, close_time = open_time + 4h - 1, optional members null.
	awk -F, 'NR > 1 { printf "BTCUSDT,4h,%s,%.0f,%s,%s,%s,%s,%s,null,null,true\n", $1, $1 + 14400000 - 1, $2, $3, $4, $5, $6 }' \
		BTCUSDT-4h.csv > expect
	# Compare numerically, field by field.
	paste -d'|' expect actual | awk -F'|' '{
		n = split($1, e, ","); split($2, a, ",")
		for (i = 1; i <= n; i++)
			if (e[i] != a[i] && (e[i] + 0 != a[i] + 0 || e[i] !~ /^[0-9.]+$/)) { print NR ": " $0; bad = 1 }
		} END { exit bad }'
	[ "$(wc -l < actual)" -eq 5 ]
}

@test "import: generic CSV with columns in another order and an extra column" {
	printf 'volume,close,note,open_time,low,high,open\n10,1.5,x,1735689600000,1,2,1.25\n' > data.csv
	run -0 --separate-stderr cb-fetch --no-db import --symbol FOOUSDT --interval 1d data.csv
	[ "$output" = '{"type":"candle","exchange":"binance","market":"futures","symbol":"FOOUSDT","interval":"1d","open_time":1735689600000,"close_time":1735775999999,"open":1.25,"high":2,"low":1,"close":1.5,"volume":10,"quote_volume":null,"trades":null,"taker_buy_volume":null,"taker_buy_quote_volume":null,"closed":true}' ]
}

@test "import: --symbol and --interval override the file name" {
	printf '%s\n' "$ROW1" > ABCUSDT-4h-2025-01.csv
	run -0 --separate-stderr cb-fetch --no-db import --symbol XYZUSDT --interval 1h ABCUSDT-4h-2025-01.csv
	[[ $output == *'"symbol":"XYZUSDT","interval":"1h","open_time":1735689600000,'* ]]
}

@test "import: a name that does not say the symbol needs --symbol (status 2)" {
	printf '%s\n' "$ROW1" > klines.csv
	run -2 --separate-stderr cb-fetch --no-db import klines.csv
	[ -z "$output" ]
	[[ $stderr == *"klines.csv: the name does not say the symbol"*"--symbol"* ]]
	run -2 --separate-stderr cb-fetch --no-db import --symbol ABCUSDT klines.csv
	[[ $stderr == *"klines.csv: the name does not say the interval"* ]]
	run -0 --separate-stderr cb-fetch --no-db import --symbol ABCUSDT --interval 1h klines.csv
	[[ $output == *"$C1"* ]]
}

@test "import: --db stores the candles, nothing on stdout" {
	printf '%s\n%s\n' "$ROW1" "$ROW2" > ABCUSDT-1h-2025-01.csv
	run -0 --separate-stderr cb-fetch import --db cb.db ABCUSDT-1h-2025-01.csv
	[ -z "$output" ]
	[[ $stderr == *"2 candles stored in cb.db"* ]]
	run -0 sqlite3 cb.db "SELECT exchange, market, symbol, interval, open_time, close_time, open, high,
		low, close, volume, quote_volume, trades, taker_buy_volume, taker_buy_quote_volume, closed
		FROM candles ORDER BY open_time"
	[ "${lines[0]}" = "binance|futures|ABCUSDT|1h|1735689600000|1735693199999|4.1507|4.1587|4.1506|4.1554|539.23|2240.398609|13|401.82|1669.981213|1" ]
	[ "${lines[1]}" = "binance|futures|ABCUSDT|1h|1735693200000|1735696799999|4.1554|4.2|4.1|4.19|100.5|420.0|7|50.0|210.0|1" ]
	# Imported candles are not recorded as a complete range.
	[ "$(sqlite3 cb.db 'SELECT count(*) FROM coverage')" = 0 ]
}
