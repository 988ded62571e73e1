#!/usr/bin/env bats
# Every example of every man page and of the README runs here, as written
# (scripts/examples extracts them; a crontab line runs without its time
# fields), and its output is checked: its exit status (under pipefail, so
# a failing stage of a pipe counts) and a property of what it wrote. The
# network examples run against the fake exchange, which serves the real
# BTCUSDT, ETHUSDT and 1000PEPEUSDT candles of the shared data set and
# continues them to the real clock. The first test fails when an example
# is added without a test here; the last ones check cb-store(5) against
# the store's schema and the README's list of pages.
load test_helper

H4=14400000

setup_file() {
	export BATS_NO_PARALLELIZE_WITHIN_FILE=true
	[ -x "$FAKE_EXCHANGE" ] || { echo "no $FAKE_EXCHANGE: run make check" >&2; return 1; }
	local data="$BATS_FILE_TMPDIR/data" s
	mkdir -p "$data"
	for s in BTCUSDT ETHUSDT 1000PEPEUSDT; do
		[ -f "$CB_DATA/$s-4h.csv" ] && cp "$CB_DATA/$s-4h.csv" "$data/"
	done
	fake_start "$BATS_FILE_TMPDIR/fx" --data "$data"
}

teardown_file() {
	fake_stop
}

# Each example runs in work/, next to shared/ (the shared data set, as
# ../shared lies next to the source tree) with bin/ (the README's bin/cb-*).
setup() {
	cb_setup
	ln -s "$CB_SHARED" shared
	mkdir work
	cd work || return 1
	ln -s "$CB_ROOT/bin" bin
}

need_data() {
	[ -f "$CB_DATA/BTCUSDT-4h.csv" ] || skip "no shared data set in $CB_SHARED"
}

# example FILE NAME [SED]: run example NAME of FILE (relative to the
# source tree), its commands edited by the sed script SED if given, with
# bash -o pipefail; stdout in $output, stderr in $stderr, status in $status.
example() {
	"$CB_ROOT/scripts/examples" show "$CB_ROOT/$1" "$2" > "$2.sh" || return 1
	[ -z "${3:-}" ] || sed -i "$3" "$2.sh"
	run --separate-stderr bash -o pipefail "$2.sh"
}

# candles: a 4h series of X with a spike on candle 50 and quiet candles
# after it, in candles.ndjson (7 days of 10, then 60: ratio 6, EXTREME).
candles() {
	{ mkseries X 50 10; mkc X 50 60 110 100; mkseries X 10 10 51; } > candles.ndjson
}

# btc_store FILE: the shared BTCUSDT candles imported into the store FILE.
btc_store() {
	mkdir -p "$(dirname "$1")"
	cb-fetch -q import --db "$1" "$CB_DATA/BTCUSDT-4h.csv"
}

# btc_validated FILE: and followed by cb-validate in the same store.
btc_validated() {
	btc_store "$1"
	cb-fetch klines --db "$1" --offline --symbols BTCUSDT --since 2019-01-01 |
		cb-detect -p | cb-validate --db "$1" > /dev/null
}

# sim_context: futures, spot, 1h candles and oi of the simulated market.
sim_context() {
	local a="--exchange sim -q --symbols AUSDT,BUSDT --since 2025-01-01 --until 2025-03-01"
	{ cb-fetch klines $a; cb-fetch klines $a --market spot; cb-fetch klines $a --interval 1h
	  cb-fetch oi $a --period 4h; }
}

@test "examples: every example of the man pages and the README has a name and a test here" {
	cd "$CB_ROOT"
	run -0 --separate-stderr scripts/examples list man/*.[1-9] README.md
	[ -z "$stderr" ]
	local listed tested
	listed=$(printf '%s\n' "$output" | sort)
	tested=$(grep -oE '^	example [^ ]+ [a-z0-9-]+' tests/11-examples.bats | sed 's/^	example //' | sort -u)
	[ "$listed" = "$tested" ] || { diff <(echo "$listed") <(echo "$tested"); false; }
	[ "$(printf '%s\n' "$listed" | wc -l)" -ge 40 ]
}

@test "examples: an unnamed example block is an error" {
	printf '.SH EXAMPLES\nx:\n.PP\n.nf\necho hi\n.fi\n' > page.1
	run -1 --separate-stderr "$CB_ROOT/scripts/examples" list page.1
	[ "$stderr" = "page.1:4: an example without a name line" ]
	printf 'x:\n\n    echo hi\n' > README.md
	run -1 --separate-stderr "$CB_ROOT/scripts/examples" list README.md
	[ "$stderr" = "README.md:3: an example without a name line" ]
}

# cb-detect(1)

@test "example cb-detect: the EXTREME spikes as TSV" {
	candles
	example man/cb-detect.1 detect-extreme
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'X\t%s\t6' $((50 * H4)))" ]
}

@test "example cb-detect: the shared data set, its audit and a forming candle" {
	need_data
	example man/cb-detect.1 detect-shared
	[ "$status" -eq 0 ]
	[ "$(wc -l < btc.ndjson)" -gt 14000 ]
	[ "$(jq -s 'length > 100 and all(has("t") and has("strength"))' <<< "$output")" = true ]
	# The evaluation of 2025-05-01 00:00: its baseline is the mean of the
	# 42 volumes before it, as the second command computes.
	example man/cb-detect.1 detect-audit
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 2 ]
	[ "$(jq -r .baseline_7d <<< "${lines[0]}")" = "$(jq -n "${lines[1]}")" ] ||
		[ "$(jq -n "(${lines[0]}.baseline_7d - ${lines[1]}) | fabs < 1e-6")" = true ]
	# As the page says: MEDIUM at 2.09 and not closed, then WEAK at 1.39.
	example man/cb-detect.1 detect-partial
	[ "$status" -eq 0 ]
	[ "$(jq -c '[.strength, .closed, .detected_at, (.spike_ratio_7d * 100 | round)]' <<< "$output")" = \
		"$(printf '%s\n' '["MEDIUM",false,1779010200000,209]' '["WEAK",true,1779019200000,139]')" ]
}

@test "example cb-detect: the cron line against the fake exchange" {
	example man/cb-detect.1 detect-cron
	[ "$status" -eq 0 ]
	# Signals of the last 8 hours only; the store holds the universe.
	jq -e -s --argjson now "$(($(date +%s) * 1000))" \
		'all(.[]; .type == "signal" and .open_time >= $now - 12 * 3600000)' signals.ndjson
	run -0 sqlite3 cb.db "SELECT DISTINCT symbol FROM candles ORDER BY 1"
	[ "$output" = "$(printf '1000PEPEUSDT\nBTCUSDT\nETHUSDT')" ]
}

@test "example cb-detect: other windows and thresholds, and --strict" {
	candles
	example man/cb-detect.1 detect-windows
	[ "$status" -eq 0 ]
	[ "$(wc -l < candles+signals.ndjson)" -eq 62 ]
	# 1d window: 6 candles of 10, ratio 6: STRONG at 5, not EXTREME at 10.
	[ "$(jq -r 'select(.type == "signal") | .strength' candles+signals.ndjson)" = STRONG ]
	example man/cb-detect.1 detect-strict
	[ "$status" -eq 0 ]
	[ "$output" = ok ]
	echo '{"symbol":"X"}' >> candles.ndjson
	example man/cb-detect.1 detect-strict
	[ "$status" -eq 1 ]
	[ -z "$output" ]
}

@test "example cb-detect: the pump profile scored, and a profile of one's own" {
	[ -f "$CB_SHARED/data/pumps-5m/candles-5m.ndjson.gz" ] || skip "no pumps-5m data in $CB_SHARED"
	command -v python3 >/dev/null || skip "python3 is needed for evaluate.py"
	example man/cb-detect.1 detect-pump
	[ "$status" -eq 0 ]
	# The figures themselves are checked in tests/21-profile.bats.
	[[ "${lines[-1]}" == "F1 0."*" (P 0."*", R 0."*", TP/FP/FN "*/*/* ]]
	example man/cb-detect.1 detect-profile
	[ "$status" -eq 0 ]
	grep -qx 'name = mine' mine.prof
	grep -qx 'condition = trades_ratio >= 40' mine.prof
	# Every signal's trade-count ratio is at least 40.
	[ "$(jq -s 'length > 80 and all(.[1] >= 40)' <<< "$output")" = true ]
}

# cb-fetch(1)

@test "example cb-fetch: the cron line, the coverage, and the backtest offline" {
	example man/cb-fetch.1 fetch-cron
	[ "$status" -eq 0 ]
	[ -f ~/signals.ndjson ]
	example man/cb-fetch.1 fetch-coverage
	[ "$status" -eq 0 ]
	[ "$(cut -d'|' -f1,2 <<< "$output")" = "$(printf '1000PEPEUSDT|4h\nBTCUSDT|4h\nETHUSDT|4h')" ]
	cb-fetch -q klines --db ~/cb.db --symbols BTCUSDT,ETHUSDT --since 2026-01-01 > /dev/null
	example man/cb-fetch.1 fetch-offline
	[ "$status" -eq 0 ]
	[ "$(jq -r .symbol evaluations.ndjson | sort -u | tr '\n' ' ')" = "BTCUSDT ETHUSDT " ]
	jq -e -s 'length > 400 and all(.[]; (.type == "evaluation" or .type == "signal") and .open_time >= 1767225600000 and .closed)' evaluations.ndjson
}

@test "example cb-fetch: futures, spot and open interest in one stream" {
	example man/cb-fetch.1 fetch-market
	[ "$status" -eq 0 ]
	[ "$(jq -r '"\(.type // "candle") \(.market // "futures")"' market.ndjson | sort -u | tr '\n' ',')" = \
		"candle futures,candle spot,oi futures," ]
}

@test "example cb-fetch: the simulated market scored from a store" {
	example man/cb-fetch.1 fetch-sim-score
	[ "$status" -eq 0 ]
	jq -e -s 'length > 0 and all(.[]; .type == "signal" and (.score.total | type) == "number")' scores.ndjson
	[ -f sim.db ]
}

@test "example cb-fetch: trading rules in the store, read with sqlite3" {
	example man/cb-fetch.1 fetch-symbols-sqlite
	[ "$status" -eq 0 ]
	[ "$(cut -d'|' -f1 <<< "$output" | sort | tr '\n' ' ')" = "1000PEPEUSDT BTCUSDT ETHUSDT " ]
	grep -qE '^BTCUSDT\|[0-9]{4}-[0-9]{2}-[0-9]{2}$' <<< "$output"
}

@test "example cb-fetch: the forming candle, tickers and open interest change" {
	example man/cb-fetch.1 fetch-forming
	[ "$status" -eq 0 ]
	[ "$(jq -r 'keys_unsorted | join(",")' <<< "$output")" = "close,volume,as_of" ]
	example man/cb-fetch.1 fetch-ticker
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 3 ]
	[ "$(awk -F'\t' 'NF != 3' <<< "$output")" = "" ]
	example man/cb-fetch.1 fetch-oi-change
	[ "$status" -eq 0 ]
	[ "$(jq 'type' <<< "$output")" = '"number"' ]
}

@test "example cb-fetch: a month of 1m candles from a public data zip" {
	# Two rows of Binance's 12-column kline CSV, as data.binance.vision has them.
	printf '%s\n' 1743465600000,82000.1,82010,81990,82005.5,12.5,1743465659999,1025000.5,100,6.2,508000.1,0 \
		1743465660000,82005.5,82020,82000,82015,10.25,1743465719999,840000.25,90,5.1,418000.2,0 > BTCUSDT-1m-2025-04.csv
	zip -q BTCUSDT-1m-2025-04.zip BTCUSDT-1m-2025-04.csv
	example man/cb-fetch.1 fetch-import
	[ "$status" -eq 0 ]
	run -0 sqlite3 cb.db "SELECT symbol, interval, count(*), sum(volume) FROM candles"
	[ "$output" = "BTCUSDT|1m|2|22.75" ]
}

@test "example cb-fetch: how many simulated pumps cb-detect finds" {
	example man/cb-fetch.1 fetch-sim-pumps
	[ "$status" -eq 0 ]
	# A count of the pumps that have a signal: at least one, at most all.
	[ "$output" -ge 1 ]
	[ "$output" -le "$(wc -l < pumps)" ]
}

@test "example cb-fetch: a local fake exchange by its base URL" {
	example man/cb-fetch.1 fetch-fake "s|http://127.0.0.1:8080|$FAKE_URL|"
	[ "$status" -eq 0 ]
	[ "$(jq -r .symbol <<< "$output" | tr '\n' ' ')" = "BTCUSDT BTCUSDT BTCUSDT " ]
}

# cb-formats(5)

@test "example cb-formats: signals.ndjson three ways, and in an SQLite table of one's own" {
	candles
	{ cb-detect candles.ndjson; cb-detect candles.ndjson; } > signals.ndjson
	example man/cb-formats.5 formats-newest
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 1 ]
	example man/cb-formats.5 formats-tsv
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "$(printf 'X\t1970-01-09T08:00:00Z\tEXTREME\t6')" ]
	example man/cb-formats.5 formats-count
	[ "$status" -eq 0 ]
	[ "$(tr -s ' ' <<< "$output")" = " 2 EXTREME" ]
	example man/cb-formats.5 formats-sqlite
	[ "$status" -eq 0 ]
	example man/cb-formats.5 formats-sqlite
	[ "$status" -eq 0 ]
	run -0 sqlite3 mine.db "SELECT id, strength, ratio FROM my_signals"
	[ "$output" = "binance:futures:X:4h:$((50 * H4))|EXTREME|6.0" ]
	# It does not touch a store's own signals table.
	btc_validated cb.db 2>/dev/null || true
	[ ! -f cb.db ] || [ "$(sqlite3 mine.db 'SELECT count(*) FROM my_signals')" = 1 ]
}

@test "example cb-formats: tick sizes of the futures symbols" {
	example man/cb-formats.5 formats-ticksize
	[ "$status" -eq 0 ]
	# Every futures symbol of the exchange, each with a positive tick.
	[ "$(jq -c '[has("BTCUSDT", "ETHUSDT", "1000PEPEUSDT")] | all' <<< "$output")" = true ]
	[ "$(jq '[.[]] | all(. > 0)' <<< "$output")" = true ]
}

@test "example cb-formats: candles next to their open interest" {
	{ cb-fetch --exchange sim klines --symbols AUSDT --since 2025-01-01 --until 2025-01-03
	  cb-fetch --exchange sim oi --symbols AUSDT --period 4h --since 2025-01-01 --until 2025-01-03; } > candles+oi.ndjson
	example man/cb-formats.5 formats-oi-join
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 13 ]
	[ "$(awk -F'\t' 'NF != 4 || $4 == ""' <<< "$output")" = "" ]
}

@test "example cb-formats: ccxt rows, and a freqtrade file as candles" {
	candles
	example man/cb-formats.5 formats-ohlcv
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "[0,100,100,100,100,10]" ]
	printf '[[1735689600000,94000.5,94500,93800,94200.1,1520.25],[1735704000000,94200.1,94300,94000,94100,1100.5]]\n' \
		> BTC_USDT_USDT-4h-futures.json
	example man/cb-formats.5 formats-freqtrade
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" > ft.ndjson
	run -0 cb-detect --strict --all ft.ndjson
	[ "$(jq -r '"\(.open_time) \(.close)"' ft.ndjson | tr '\n' ' ')" = "1735689600000 94200.1 1735704000000 94100 " ]
}

@test "example cb-formats: the status changes of one symbol" {
	need_data
	btc_store cb.db
	cb-fetch klines --db cb.db --offline --symbols BTCUSDT --since 2025-01-01 | cb-detect -p |
		cb-validate --db v.db > status.ndjson
	example man/cb-formats.5 formats-status
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -gt 10 ]
	[ "$(awk -F'\t' 'NF != 4' <<< "$output")" = "" ]
	[ "$(cut -f2,3 <<< "${lines[0]}")" = "$(printf 'DETECTED\tMONITORING')" ] ||
		[ "$(cut -f2 <<< "${lines[0]}")" = DETECTED ]
}

# cb-score(1)

@test "example cb-score: 30 days with context from the exchange; open interest is fetched" {
	example man/cb-score.1 score-context
	[ "$status" -eq 0 ]
	[ "$(awk -F'\t' 'NF != 4' <<< "$output")" = "" ]
	# The group's last command, oi --since -30d, is within Binance's 30 days.
	run -0 cb-fetch oi --symbols BTCUSDT,1000PEPEUSDT --period 4h --since -30d
	[ "${#lines[@]}" -ge 170 ]
}

@test "example cb-score: from a store, offline" {
	cb-fetch -q klines --db cb.db --symbols BTCUSDT,ETHUSDT --since -31d > /dev/null
	cb-fetch -q klines --db cb.db --market spot --symbols BTCUSDT,ETHUSDT --since -31d > /dev/null
	example man/cb-score.1 score-store
	[ "$status" -eq 0 ]
	jq -e -s 'all(.[]; .type == "signal" and (.score.total | type) == "number")' <<< "$output"
}

@test "example cb-score: other weights, and the missing context by count" {
	sim_context | cb-detect -p > signals+context.ndjson
	cp signals+context.ndjson stream.ndjson
	example man/cb-score.1 score-weights
	[ "$status" -eq 0 ]
	# Open interest weighs 0.
	jq -e -s 'length > 0 and all(.[]; .score.oi == 0)' <<< "$output"
	sim_context | jq -c 'select(.type != "oi")' | cb-detect -p > stream.ndjson
	example man/cb-score.1 score-missing
	[ "$status" -eq 0 ]
	grep -qE '^ +[0-9]+ oi$' <<< "$output"
}

# cb-store(5)

@test "example cb-store: sqlite3 queries of the documented columns" {
	need_data
	btc_validated cb.db
	example man/cb-store.5 store-confirmed
	[ "$status" -eq 0 ]
	[ "$(tr -s ' ' <<< "${lines[0]}")" = "symbol opened gain hours" ]
	[ "${#lines[@]}" -eq 12 ]
	# The bit of FOLLOW_THROUGH (32) selects the signals whose
	# confirmations list it.
	example man/cb-store.5 store-bitmask
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -gt 10 ]
	[ "$output" = "$(cb-validate --db cb.db list | jq -r 'select(.confirmations | index("FOLLOW_THROUGH")) | .id')" ]
	example man/cb-store.5 store-series
	[ "$status" -eq 0 ]
	[ "$output" = "binance|futures|BTCUSDT|4h|$(($(wc -l < "$CB_DATA/BTCUSDT-4h.csv") - 1))|$(tail -n 1 "$CB_DATA/BTCUSDT-4h.csv" | jq -Rr 'split(",")[0] | tonumber / 1000 | strftime("%Y-%m-%d %H:%M:%S")')" ]
}

# cb-backtest(1)

@test "example cb-backtest: the summary, the short side, tables and a sweep, on the shared data" {
	need_data
	example man/cb-backtest.1 backtest-summary
	[ "$status" -eq 0 ]
	# trades, return, drawdown, hit rate, base rate: numbers, trades > 0.
	[[ $output =~ ^\[[1-9][0-9]*,-?[0-9.]+,[0-9.]+,[0-9.]+,[0-9.]+\]$ ]]
	example man/cb-backtest.1 backtest-short
	[ "$status" -eq 0 ]
	# The five worst trades, worst first: pnl, a date, a reason.
	[ "${#lines[@]}" -eq 5 ]
	[ "$(awk -F'\t' 'NF != 3 || $3 !~ /^(stop|take_profit|trailing|time|end|halt)$/' <<< "$output")" = "" ]
	[ "$(cut -f1 <<< "$output" | sort -g | tr '\n' ' ')" = "$(cut -f1 <<< "$output" | tr '\n' ' ')" ]
	example man/cb-backtest.1 backtest-table
	[ "$status" -eq 0 ]
	[[ $output == *"TOTAL "* ]]
	example man/cb-backtest.1 backtest-sweep
	[ "$status" -eq 0 ]
	# 3 take-profits x 2 stop-losses, each in and out of sample: 12 rows.
	[ "${#lines[@]}" -eq 12 ]
}

# cb-validate(1)

@test "example cb-validate: the cron line" {
	example man/cb-validate.1 validate-cron
	[ "$status" -eq 0 ]
	jq -e -s 'all(.[]; .type == "status" or .type == "score")' status.ndjson
	run -0 cb-validate --db cb.db status
	[ "$(jq -r 'select(.type == "store") | .candles > 500' <<< "$output")" = true ]
}

@test "example cb-validate: the shared data replayed, the active ones, one in full, and pruned" {
	need_data
	example man/cb-validate.1 validate-replay
	[ "$status" -eq 0 ]
	[ "${lines[0]%% *}" = id ]
	grep -qE '^all +- +[0-9]+ ' <<< "$output"
	# The same in the default store, for the examples without --db.
	btc_validated "$HOME/.local/share/cb/cb.db"
	example man/cb-validate.1 validate-active
	[ "$status" -eq 0 ]
	grep -q '^binance:futures:BTCUSDT:4h:1778673600000 .* MONITORING ' <<< "$output"
	# Its tracking table follows, after a blank line.
	grep -q '^id  *symbol  *time  *open_time  *high  *low ' <<< "$output"
	example man/cb-validate.1 validate-prune
	[ "$status" -eq 0 ]
	jq -e -s 'length > 2000 and all(.[]; .type == "status" and .to == "ARCHIVED" and .reason == "prune")' <<< "$output"
}

@test "example cb-validate: the confirmed signals of the last month as TSV" {
	# A signal detected 10 days ago; the next candle's high is +12%:
	# CONFIRMED at its end, 4 hours after detection.
	local t=$(( ($(date +%s) * 1000 - 10 * 86400000) / H4 * H4 ))
	{ printf '{"type":"signal","id":"binance:futures:XUSDT:4h:%s","exchange":"binance","market":"futures","symbol":"XUSDT","interval":"4h","open_time":%s,"detected_at":%s,"volume":30,"spike_ratio_7d":3,"strength":"STRONG","confidence":60,"price":100,"closed":true,"status":"DETECTED"}\n' $t $t $((t + H4))
	  printf '{"symbol":"XUSDT","interval":"4h","open_time":%s,"open":100,"high":112,"low":100,"close":110,"volume":10}\n' $((t + H4)); } |
		cb-validate > /dev/null
	example man/cb-validate.1 validate-confirmed
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'XUSDT\t12\t4')" ]
}

@test "example cb-validate: one pass and two passes" {
	example man/cb-validate.1 validate-onepass
	[ "$status" -eq 0 ]
	jq -e -s 'length > 0 and all(.[]; .type == "status" or .type == "score")' <<< "$output"
	candles
	example man/cb-validate.1 validate-twopass
	[ "$status" -eq 0 ]
	[ "$(jq -r 'select(.type == "tracking") | .symbol' tracking.ndjson | sort -u)" = X ]
}

# README.md

@test "example README: the first pipeline, against the fake exchange" {
	example README.md readme-first
	[ "$status" -eq 0 ]
	[ "$(awk -F'\t' 'NF != 4' <<< "$output")" = "" ]
}

@test "example README: the shared data offline, then followed in the store" {
	need_data
	example README.md readme-offline
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -gt 10 ]
	[ "$(awk -F'\t' 'NF != 2' <<< "$output")" = "" ]
	example README.md readme-validate
	[ "$status" -eq 0 ]
	[ "${lines[0]%% *}" = id ]
	[ "$(head -n 1 months.csv)" = "group,value,since,signals,detected,monitoring,confirmed,failed,archived,decided,pumped,confirmation_rate_pct,median_max_gain_pct,median_hours_to_confirm" ]
	grep -qx 'CONFIRMED|[0-9]*' <<< "$output"
}

@test "example README: scores of the simulated market" {
	example README.md readme-score
	[ "$status" -eq 0 ]
	jq -e -s 'length > 0 and all(.[]; has("symbol") and has("total") and has("confirmations"))' <<< "$output"
}

# The pages themselves

@test "example README: is it worth trading? the table and the picture" {
	need_data
	example README.md readme-backtest
	[ "$status" -eq 0 ]
	[[ $output == *"TOTAL "* ]]
	xmllint --noout backtest.svg
}

@test "docs: cb-store(5) names every column of every table of the store" {
	cb-validate --db s.db < /dev/null
	run -0 sqlite3 s.db "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
	local t c tables=$output
	[ "$(wc -l <<< "$tables")" -eq 17 ]
	for t in $tables; do
		# The section .SS TABLE of the page, up to the next section.
		awk -v s=".SS $t" '$0 == s { on = 1; next } /^\.S[SH] / { on = 0 } on' \
			"$CB_ROOT/man/cb-store.5" > section
		[ -s section ] || { echo "cb-store.5: no section $t"; false; }
		for c in $(sqlite3 s.db "SELECT name FROM pragma_table_info('$t')"); do
			grep -qE "^\.BR? .*\<$c\>" section || { echo "cb-store.5: $t.$c is not described"; false; }
		done
	done
	run -0 sqlite3 s.db "PRAGMA user_version"
	grep -q "it is $output for the tables below" "$CB_ROOT/man/cb-store.5"
}

@test "docs: the README names every man page" {
	local f
	for f in "$CB_ROOT"/man/*.[1-9]; do
		grep -qF "(man/${f##*/})" "$CB_ROOT/README.md" || { echo "README.md: no link to man/${f##*/}"; false; }
	done
}

@test "example cb-order: paper trading the shared data, the book, a halt" {
	need_data
	example man/cb-order.1 order-paper
	[ "$status" -eq 0 ]
	# trades closed, positions open (the backtest's 'end' trades), halted.
	[ "${lines[0]}" = "[1932,4,false]" ]
	[[ ${lines[1]} == "id "*"unrealized_pnl"* ]]
	[ "${#lines[@]}" -eq 6 ]
	[ "$(wc -l < trades.ndjson)" -eq 1932 ]
	example man/cb-order.1 order-halt
	[ "$status" -eq 0 ]
	[ "$output" = "exchange maintenance" ]
	run -0 cb-order --db paper.db status
	[[ $output == *'"halted":false,'* ]]
}

@test "example cb-order: the cron line, twice, on the simulated market" {
	export CB_DB=$PWD/cron.db
	example man/cb-order.1 order-cron
	[ "$status" -eq 0 ]
	example man/cb-order.1 order-cron
	[ "$status" -eq 0 ]
	run -0 cb-order status
	[[ $output == '{"type":"order_status","mode":"paper","done":'[0-9]* ]]
	# What the runs closed is in trades.ndjson, each trade once.
	[ "$(jq -r .id trades.ndjson | sort | uniq -d)" = "" ]
	[ "$(jq -s length trades.ndjson)" = "$(jq -r .trades <<< "$output")" ]
}

@test "example cb-report: the page of a simulated store, then its metrics" {
	example man/cb-report.1 report-page
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ -z "$output" ]
	# One page with every section.
	run -0 xmllint --xpath 'count(//section/h2)' report.html
	[ "$output" = 6 ]
	example man/cb-report.1 report-prom
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "${#lines[@]}" -eq 5 ]
	[ "${lines[0]%% *}" = 'cb_signals{status="DETECTED"}' ]
	[ ! -e cb.prom.tmp ]
}

@test "example README: trading it, paper equal to the backtest" {
	need_data
	example README.md readme-order
	[ "$status" -eq 0 ]
	[ "$(wc -l < paper-trades.ndjson)" -eq 547 ]
	[[ ${lines[1]} == "paper "*" 10000.00 "*"  3     547 "* ]]
	bin/cb-fetch -q import --no-db ../shared/data/binance-futures-4h/*-4h.csv | bin/cb-detect -p |
		bin/cb-backtest --min-strength EXTREME | grep '"type":"trade"' |
		grep -v '"exit_reason":"end"' > bt.ndjson
	sed 's/,"mode":"paper"}$/}/' paper-trades.ndjson | diff bt.ndjson -
}

@test "example cb-run: a configuration for the simulated market and one detect job" {
	example man/cb-run.1 run-detect
	[ "$status" -eq 0 ]
	[[ $output == '{"type":"job","job":"detect",'*'"status":0,"summary":"'*' candles, '*' signals, '*' trades (paper)"}' ]]
	[ -s jobs.ndjson ]
}

# cb-notify(1)

@test "example cb-notify: the EXTREME signals of the shared data into a file, once" {
	need_data
	example man/cb-notify.1 notify-file
	[ "$status" -eq 0 ]
	local n
	n=$(wc -l < alerts.txt)
	[ "$n" -gt 0 ]
	run -1 grep -vE '^EXTREME signal: BTCUSDT futures 4h [|] price [0-9.]+, not scored, detected [0-9T:-]+Z [|] https://www[.]binance[.]com/en/futures/BTCUSDT$' alerts.txt
	example man/cb-notify.1 notify-file
	[ "$status" -eq 0 ]
	[ "$(wc -l < alerts.txt)" -eq "$n" ]
}

@test "example cb-notify: every signal to a Telegram chat, the token in a file" {
	local nf i
	case "$(cat "$CB_ROOT/build/flavour" 2>/dev/null)" in
	san-*) nf="$CB_ROOT/build/san/tests/fake-notify" ;;
	*) nf="$CB_ROOT/build/opt/tests/fake-notify" ;;
	esac
	candles
	printf '123:example-token\n' > telegram.token
	chmod 600 telegram.token
	"$nf" --port-file nf.port --log nf.log --telegram-token 123:example-token > nf.out 2>&1 3>&- &
	echo $! > nf.pid
	for ((i = 0; i < 200; i++)); do
		[ -s nf.port ] && break
		sleep 0.05
	done
	export CB_TELEGRAM_URL="http://127.0.0.1:$(cat nf.port)" CB_DB=$PWD/notify.db
	example man/cb-notify.1 notify-telegram
	kill -TERM "$(cat nf.pid)"
	wait "$(cat nf.pid)" || true
	[ "$status" -eq 0 ]
	run -0 jq -r '[.chat_id, (.text | split("\n")[0])] | @tsv' nf.log
	[ "$output" = "$(printf '123456789\tEXTREME signal: X futures 4h')" ]
}
