#!/usr/bin/env bats
# cb-report: the page and the Prometheus metrics, from a store made by the
# tools (cb-validate, cb-order) with known content and a jobs log written
# here. Expected values are computed by hand in the comments. The page is
# read with xmllint (it is well-formed XML as well as HTML5); the metrics
# are checked by promtool when the Debian package prometheus is installed,
# by an awk reading of the format otherwise; the page is rendered by
# headless Chromium when the Debian package chromium is installed.
load test_helper
load helpers/trading

setup() {
	cb_setup
	export CB_DB="$BATS_TEST_TMPDIR/cb.db"
}

# A store with three STRONG signals on candle 0 (price 100), followed by
# cb-validate and traded on paper by cb-order, and the candles 0 and 1 of
# each series in the candles table:
#   X: candle 1 reaches 111: CONFIRMED (+11 %); traded: take-profit at 110, pnl +100
#   Y: candle 1 falls to 80: FAILED (drawdown 20 %); traded: stop at 85, pnl -150
#   Z: candle 1 stays within 99..101: MONITORING; its position is open
hand_store() {
	{ bar X 0 100 100 100 100; bar Y 0 100 100 100 100; bar Z 0 100 100 100 100
	  sig X 0; sig Y 0; sig Z 0
	  bar X 1 100 111 100 108; bar Y 1 100 100 80 85; bar Z 1 100 101 99 100; } > in.ndjson
	cb-validate < in.ndjson > /dev/null &&
	cb-order -q $free in.ndjson > /dev/null &&
	jq -r 'select(.type == "candle") | "INSERT INTO candles (exchange, market, symbol,
		interval, open_time, close_time, open, high, low, close, volume, closed) VALUES
		(\"binance\", \"futures\", \"\(.symbol)\", \"4h\", \(.open_time),
		\(.open_time + 14400000 - 1), \(.open), \(.high), \(.low), \(.close), 1, 1);"' \
		in.ndjson | sqlite3 "$CB_DB"
}

# The jobs log beside the store: detect ran twice (the last counts), backup
# failed; a record of another type is skipped.
jobs_log() {
	cat > jobs.ndjson <<-'E'
	{"type":"job","job":"detect","start":1000,"end":3500,"status":0,"summary":"first"}
	{"type":"note","text":"not a job"}
	{"type":"job","job":"backup","start":10000,"end":70000,"status":1,"summary":"disk <full> & \"quoted\""}
	{"type":"job","job":"detect","start":300000,"end":302250,"status":3}
	E
}

# xp FILE XPATH: the string value of XPATH in FILE.
xp() {
	xmllint --xpath "string($2)" "$1"
}

# prom_ok FILE: FILE is valid Prometheus text format: promtool check
# metrics when installed, else each sample line is NAME{LABELS} VALUE with
# NAME declared by a TYPE line before it.
prom_ok() {
	if command -v promtool > /dev/null; then
		promtool check metrics < "$1"
		return
	fi
	awk '
		/^# HELP [a-zA-Z_:][a-zA-Z0-9_:]* .+$/ { next }
		/^# TYPE [a-zA-Z_:][a-zA-Z0-9_:]* (gauge|counter|untyped)$/ { type[$3] = 1; next }
		/^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*\})? -?[0-9.]+(e[-+]?[0-9]+)?$/ {
			name = $0; sub(/[{ ].*/, "", name)
			if (!(name in type)) { print "no TYPE before " name; bad = 1 }
			next
		}
		{ print "not a metric line: " $0; bad = 1 }
		END { exit bad }' "$1"
}

@test "report: the metrics of a hand-made store, exactly" {
	hand_store
	jobs_log
	# now 14h: the newest candles (candle 1) end at 8h: a lag of 6 h.
	run -0 --separate-stderr cb-report --format prom --now 1970-01-01T14:00Z
	[ -z "$stderr" ]
	printf '%s\n' "$output" > m.prom
	cat > expect <<-'E'
	# HELP cb_store_present 1 if the store exists and was read, else 0.
	# TYPE cb_store_present gauge
	cb_store_present 1
	# HELP cb_job_last_run_timestamp_seconds When the last run of the job ended, from the jobs log (Unix time).
	# TYPE cb_job_last_run_timestamp_seconds gauge
	cb_job_last_run_timestamp_seconds{job="backup"} 70.000
	cb_job_last_run_timestamp_seconds{job="detect"} 302.250
	# HELP cb_job_last_status The exit status of the last run of the job (0: success).
	# TYPE cb_job_last_status gauge
	cb_job_last_status{job="backup"} 1
	cb_job_last_status{job="detect"} 3
	# HELP cb_job_last_duration_seconds How long the last run of the job took.
	# TYPE cb_job_last_duration_seconds gauge
	cb_job_last_duration_seconds{job="backup"} 60.000
	cb_job_last_duration_seconds{job="detect"} 2.250
	# HELP cb_signals Signals in the store by lifecycle status.
	# TYPE cb_signals gauge
	cb_signals{status="DETECTED"} 0
	cb_signals{status="MONITORING"} 1
	cb_signals{status="CONFIRMED"} 1
	cb_signals{status="FAILED"} 1
	cb_signals{status="ARCHIVED"} 0
	# HELP cb_series_lag_seconds The largest lag of a series of candles: now less the end of its newest candle.
	# TYPE cb_series_lag_seconds gauge
	cb_series_lag_seconds{exchange="binance",market="futures",interval="4h"} 21600.000
	# HELP cb_positions_open Open positions of cb-order by mode.
	# TYPE cb_positions_open gauge
	cb_positions_open{mode="paper"} 1
	cb_positions_open{mode="live"} 0
	E
	diff expect m.prom
	run -0 prom_ok m.prom
}

@test "report: the page of a hand-made store: its sections, rows and numbers" {
	hand_store
	jobs_log
	run -0 --separate-stderr cb-report --html page.html --now 1970-01-01T14:00Z
	[ -z "$output" ]
	[ -z "$stderr" ]
	run -0 xmllint --noout page.html
	[ "$(xp page.html 'count(//section/h2)')" = 6 ]
	# Status: one kind of series (binance futures 4h), 3 series, lag 6 h.
	[ "$(xp page.html 'count(//section[@id="status"]/table[1]/tbody/tr)')" = 1 ]
	[ "$(xp page.html '//section[@id="status"]/table[1]/tbody/tr/td[3]')" = 3 ]
	[ "$(xp page.html '//section[@id="status"]/table[1]/tbody/tr/td[5]')" = "6 h 0 min" ]
	[ "$(xp page.html 'count(//table[@id="series"]/tbody/tr)')" = 3 ]
	# Jobs, by name: backup failed, detect's last run (2.25 s, exit 3).
	[ "$(xp page.html 'count(//table[@id="jobs"]/tbody/tr)')" = 2 ]
	[ "$(xp page.html '//table[@id="jobs"]/tbody/tr[1]/th')" = backup ]
	[ "$(xp page.html '//table[@id="jobs"]/tbody/tr[1]/td[3]')" = "failed (exit status 1)" ]
	[ "$(xp page.html '//table[@id="jobs"]/tbody/tr[1]/td[4]')" = 'disk <full> & "quoted"' ]
	[ "$(xp page.html '//table[@id="jobs"]/tbody/tr[2]/td[2]')" = "2.250 s" ]
	[ "$(xp page.html '//table[@id="jobs"]/tbody/tr[2]/td[3]')" = "failed (exit status 3)" ]
	# Active: Z. History: X and Y; the filters by status and strength.
	[ "$(xp page.html 'count(//table[@id="active-signals"]/tbody/tr)')" = 1 ]
	[ "$(xp page.html '//table[@id="active-signals"]/tbody/tr/th')" = Z ]
	[ "$(xp page.html 'count(//table[@id="history-all-table"]/tbody/tr)')" = 2 ]
	[ "$(xp page.html 'count(//table[@id="history-confirmed-table"]/tbody/tr)')" = 1 ]
	[ "$(xp page.html '//table[@id="history-confirmed-table"]/tbody/tr/th')" = X ]
	[ "$(xp page.html 'count(//table[@id="history-failed-table"]/tbody/tr)')" = 1 ]
	[ "$(xp page.html 'count(//table[@id="history-strong-table"]/tbody/tr)')" = 2 ]
	[ "$(xp page.html 'count(//table[@id="history-weak-table"]/tbody/tr)')" = 0 ]
	[ "$(xp page.html 'count(//section[@id="history"]/nav/a)')" = 7 ]
	# Statistics: 1 of 2 final signals CONFIRMED: 50 %. Base rate: of the
	# candles 0 (X, Y, Z at 100) followed by candle 1, X's is CONFIRMED,
	# Y's FAILED, Z's never final; candles 1 are followed by nothing: 1 of
	# 2, 50 %; lift 1.
	[ "$(xp page.html '//section[@id="stats"]/p[2]')" = "Base rate: 50.0 % (1 of 2 candles of 3 series)." ]
	local all='//table[@id="stats-strength"]/tbody/tr[1]'
	[ "$(xp page.html "$all/th")" = "all signals" ]
	[ "$(xp page.html "$all/td[1]")|$(xp page.html "$all/td[2]")|$(xp page.html "$all/td[3]")|$(xp page.html "$all/td[4]")" = "3|1|2|1" ]
	[ "$(xp page.html "$all/td[5]")|$(xp page.html "$all/td[6]")|$(xp page.html "$all/td[7]")" = "50.0 %|50.0 %|1.00" ]
	local strong='//table[@id="stats-strength"]/tbody/tr[4]'
	[ "$(xp page.html "$strong/th")|$(xp page.html "$strong/td[1]")|$(xp page.html "$strong/td[5]")" = "STRONG|3|50.0 %" ]
	local weak='//table[@id="stats-strength"]/tbody/tr[2]'
	[ "$(xp page.html "$weak/td[1]")|$(xp page.html "$weak/td[5]")|$(xp page.html "$weak/td[6]")|$(xp page.html "$weak/td[7]")" = "0|n/a|50.0 %|n/a" ]
	[ "$(xp page.html 'count(//table[@id="stats-level"]/tbody/tr)')" = 5 ]
	# Positions: Z, on paper, marked at 100.
	[ "$(xp page.html 'count(//table[@id="open-positions"]/tbody/tr)')" = 1 ]
	[ "$(xp page.html '//table[@id="open-positions"]/tbody/tr/th')|$(xp page.html '//table[@id="open-positions"]/tbody/tr/td[1]')" = "Z|paper" ]
	# The equity curve: two trades, +100 then -150: -50.
	[ "$(xp page.html 'count(//*[local-name()="svg"])')" = 1 ]
	[ "$(xp page.html 'count(//*[local-name()="circle"])')" = 2 ]
	[ "$(xp page.html '//figcaption')" = "Paper: 2 trades, realized PnL -50.00." ]
	[ -n "$(xp page.html '//*[local-name()="svg"]/*[local-name()="title"]')" ]
	[ -n "$(xp page.html '//*[local-name()="svg"]/*[local-name()="desc"]')" ]
	# For a screen reader: header cells with scope, captions, a language.
	[ "$(xp page.html 'count(//thead//th[not(@scope="col")] | //tbody//th[not(@scope="row")])')" = 0 ]
	[ "$(xp page.html 'count(//table[not(caption)])')" = 0 ]
	[ "$(xp page.html '/html/@lang')" = en ]
	# Self-contained: no script, nothing loaded, every link an anchor on the page.
	[ "$(xp page.html 'count(//script | //link | //img | //@src)')" = 0 ]
	[ "$(xp page.html 'count(//@href[not(starts-with(., "#"))])')" = 0 ]
	local a
	for a in $(xmllint --xpath '//@href' page.html | sed 's/.*href="#\([^"]*\)".*/\1/'); do
		[ "$(xp page.html "count(//*[@id=\"$a\"])")" = 1 ] || { echo "no target #$a"; false; }
	done
}

@test "report: no store and no jobs log: a page that says so, metrics without samples" {
	run -0 --separate-stderr cb-report --db none.db
	[ -z "$stderr" ]
	printf '%s\n' "$output" > page.html
	run -0 xmllint --noout page.html
	[ "$(xp page.html '//section[@id="status"]/p[1]')" = "There is no store at none.db: nothing has been fetched yet (cb-fetch fills it)." ]
	[ "$(xp page.html '//section[@id="status"]/p[2]')" = "There is no jobs log at jobs.ndjson: no job has run yet (cb-run writes it)." ]
	[ "$(xp page.html '//section[@id="active"]/p')" = "No signal is being followed (none DETECTED or MONITORING)." ]
	[ "$(xp page.html '//section[@id="equity"]/p')" = "No trade has closed yet, on paper or live." ]
	[ "$(xp page.html 'count(//table)')" = 0 ]
	[ ! -e none.db ]
	run -0 --separate-stderr cb-report --db none.db --format prom
	[ -z "$stderr" ]
	printf '%s\n' "$output" > m.prom
	[ "$(grep -v '^#' m.prom)" = "cb_store_present 0" ]
	[ "$(grep -c '^# TYPE' m.prom)" = 7 ]
	run -0 prom_ok m.prom
	# An empty store: the sections say there is nothing yet.
	cb-validate < /dev/null
	run -0 --separate-stderr cb-report --jobs /dev/null --html page.html
	[ -z "$stderr" ]
	[ "$(xp page.html '//section[@id="status"]/p[1]')" = "The store holds no candles yet." ]
	[ "$(xp page.html '//section[@id="status"]/p[2]')" = "The jobs log holds no job record yet." ]
	[ "$(xp page.html '//section[@id="stats"]/p[3]')" = "There is no signal in the store yet." ]
}

@test "report: a bad line of the jobs log is rejected (exit 3), the others are read" {
	printf '%s\n' '{"type":"job","job":"prune","start":5000,"end":4000,"status":0}' \
		'{"type":"job","job":"detect","start":1000,"end":2000}' \
		'not json' \
		'{"type":"job","job":"oi","start":1000,"end":3000,"status":0,"summary":"fine"}' > j.ndjson
	run -3 --separate-stderr cb-report --db none.db --jobs j.ndjson --format prom
	[ "${stderr_lines[0]}" = "cb-report: j.ndjson:1: job: 'end' is before 'start'" ]
	[ "${stderr_lines[1]}" = "cb-report: j.ndjson:2: job: a job record needs 'job', 'start', 'end' and 'status'" ]
	[[ ${stderr_lines[2]} == "cb-report: j.ndjson:3: job: "* ]]
	[ "$(grep -c '^cb_job_last_status' <<< "$output")" = 1 ]
	[[ $output == *'cb_job_last_status{job="oi"} 0'* ]]
}

@test "report: --html replaces the file whole; usage errors" {
	echo old > page.html
	run -0 cb-report --db none.db --html page.html
	[ "$(head -n 1 page.html)" = "<!DOCTYPE html>" ]
	[ "$(ls)" = page.html ]
	run -1 --separate-stderr cb-report --db none.db --html no/such/dir/page.html
	[[ ${stderr_lines[0]} == "cb-report: cannot create 'no/such/dir/page.html.tmp"*": No such file or directory" ]]
	run -2 --separate-stderr cb-report --html p.html --format prom
	[ "${stderr_lines[0]}" = "cb-report: --html: the page; not with --format prom" ]
	run -2 --separate-stderr cb-report extra
	[ "${stderr_lines[0]}" = "cb-report: unexpected argument 'extra'" ]
	run -2 --separate-stderr cb-report --format pdf
	[ "${#stderr_lines[@]}" -eq 2 ]
}

# The simulated market through the tools, then the page checked against
# the store and rendered by headless Chromium.
@test "report: a simulated store: the page's counts agree with the store; Chromium renders it" {
	local a="--exchange sim -q --symbols AUSDT,BUSDT,CUSDT --since 2025-01-01 --until 2025-04-01"
	cb-fetch klines $a > /dev/null
	cb-fetch klines $a --offline | cb-detect -p | cb-validate -p | cb-order -q > /dev/null
	run -0 --separate-stderr cb-report --html page.html --now 2025-04-01T02:00Z
	[ -z "$stderr" ]
	local active final trades
	active=$(sqlite3 "$CB_DB" "SELECT count(*) FROM signals WHERE status IN ('DETECTED', 'MONITORING')")
	final=$(sqlite3 "$CB_DB" "SELECT count(*) FROM signals WHERE status IN ('CONFIRMED', 'FAILED')")
	trades=$(sqlite3 "$CB_DB" "SELECT count(*) FROM order_trades WHERE mode = 'paper'")
	[ "$final" -gt 100 ] && [ "$trades" -gt 0 ]
	[ "$(xp page.html 'count(//table[@id="active-signals"]/tbody/tr)')" = "$active" ]
	[ "$(xp page.html 'count(//table[@id="history-all-table"]/tbody/tr)')" = 100 ]
	[ "$(xp page.html '//section[@id="history"]/p')" = "The 100 most recent of $final signals that reached a final status, newest first." ]
	[ "$(xp page.html 'count(//*[local-name()="circle"])')" = "$trades" ]
	[ "$(xp page.html 'count(//table[@id="series"]/tbody/tr)')" = 3 ]
	command -v chromium > /dev/null || skip "no headless browser: install the Debian package chromium"
	# A screenshot of the page and one of a blank page of the same size:
	# both PNGs of 1200 x 2400; the page's holds far more.
	printf '<!DOCTYPE html><html lang="en"><head><title>blank</title></head><body></body></html>\n' > blank.html
	local f
	for f in page blank; do
		run -0 timeout 60 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
			--user-data-dir="$BATS_TEST_TMPDIR/chromium" --window-size=1200,2400 \
			--screenshot="$BATS_TEST_TMPDIR/$f.png" "file://$BATS_TEST_TMPDIR/$f.html"
		[ "$(head -c 8 "$f.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]
		[ "$(od -An -tu1 -j16 -N8 "$f.png" | tr -s ' ' | sed 's/^ //')" = "0 0 4 176 0 0 9 96" ]
	done
	[ "$(stat -c %s page.png)" -gt $((10 * $(stat -c %s blank.png))) ]
}
