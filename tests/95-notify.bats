#!/usr/bin/env bats
# cb-notify against fake Telegram, Discord and webhook servers on
# 127.0.0.1 (tests/fake-notify/main.c): the messages sent, each event once
# across runs and overlapping runs, rate limits honoured, 5xx, timeouts
# and refused connections, the --file sink, --on, and no token anywhere.
#
# The records (in.ndjson) and their messages, worked by hand:
#  - a STRONG scored signal of BTCUSDT 4h, price 64000.5, total 72.46
#    (one decimal: 72.5), level HIGH, detected at 1746086400000 =
#    2025-05-01T08:00:00Z (1746057600 s is 2025-05-01T00:00:00Z, + 8h);
#  - a WEAK unscored spot signal of ETHUSDT: its chart is ETH_USDT;
#  - BTCUSDT MONITORING -> CONFIRMED (pump) at 1746115200000 (16:00), max
#    gain 12.5 and drawdown 1.25 with two decimals;
#  - a paper long trade of it closed by take_profit: pnl 100.254 is
#    100.25, pnl_pct 10.0254 is +10.03%;
#  - an order_status with a manual halt and the daily loss halt: 2 events;
#  - a detect job that failed (status 1) after 12345 ms (12.3 s), and one
#    that did not fail.
load test_helper

if [ -z "${FAKE_NOTIFY:-}" ]; then
	case "$(cat "$CB_ROOT/build/flavour" 2>/dev/null)" in
	san-*) FAKE_NOTIFY="$CB_ROOT/build/san/tests/fake-notify" ;;
	*) FAKE_NOTIFY="$CB_ROOT/build/opt/tests/fake-notify" ;;
	esac
fi

TOKEN=123:SECRET-bot-token-do-not-print
HOOK=SECRET-discord-webhook-token
SIG=binance:futures:BTCUSDT:4h:1746072000000
LINK=https://www.binance.com/en/futures/BTCUSDT
M_SIGNAL="STRONG signal: BTCUSDT futures 4h
price 64000.5, score 72.5 (HIGH), detected 2025-05-01T08:00:00Z
$LINK"
M_WEAK="WEAK signal: ETHUSDT spot 4h
price 1800, not scored, detected 2025-05-01T08:00:00Z
https://www.binance.com/en/trade/ETH_USDT"
M_STATUS="BTCUSDT CONFIRMED (pump), was MONITORING, max gain 12.50%, drawdown 1.25%
signal $SIG, at 2025-05-01T16:00:00Z
$LINK"
M_TRADE="BTCUSDT long closed (take_profit): pnl 100.25 (+10.03%), paper, at 2025-05-01T16:00:00Z
$LINK"
M_HALT="cb-order paper halted: manual stop"
M_DAILY="cb-order paper: the daily loss halt stops entries until the next UTC day"
M_JOB="job detect failed (status 1) in 12.3 s: 3 symbols failed"
M_JOB_OK="job detect done in 1.0 s: ok"

setup() {
	cb_setup
	[ -x "$FAKE_NOTIFY" ] || { echo "no $FAKE_NOTIFY: run make check" >&2; return 1; }
	cat > in.ndjson <<-EOF2
	{"type":"candle","symbol":"BTCUSDT","interval":"4h","open_time":0,"open":1,"high":1,"low":1,"close":1,"volume":1}
	{"type":"signal","id":"$SIG","symbol":"BTCUSDT","interval":"4h","open_time":1746072000000,"price":64000.5,"strength":"STRONG","detected_at":1746086400000,"score":{"total":72.46,"volume":20,"oi":15,"spot_sync":10,"confirmation":17.46,"timing":10},"confidence_level":"HIGH"}
	{"type":"signal","id":"binance:spot:ETHUSDT:4h:1746072000000","market":"spot","symbol":"ETHUSDT","interval":"4h","open_time":1746072000000,"price":1800,"strength":"WEAK","detected_at":1746086400000}
	{"type":"status","id":"$SIG","symbol":"BTCUSDT","from":"MONITORING","to":"CONFIRMED","time":1746115200000,"reason":"pump","max_gain_pct":12.5,"drawdown_pct":1.25,"hours":8}
	{"type":"trade","id":"$SIG","signal_id":"$SIG","symbol":"BTCUSDT","side":"long","exit_time":1746115200000,"pnl":100.254,"pnl_pct":10.0254,"exit_reason":"take_profit","mode":"paper"}
	{"type":"order_status","mode":"paper","done":1746115200000,"halted":true,"halt_reason":"manual stop","daily_loss_halt":true}
	{"type":"job","job":"detect","start":1746115200000,"end":1746115212345,"status":1,"summary":"3 symbols failed"}
	{"type":"job","job":"detect","start":1746115500000,"end":1746115501000,"status":0,"summary":"ok"}
	EOF2
	export CB_DB="$BATS_TEST_TMPDIR/cb.db"
	nf_start "$BATS_TEST_TMPDIR/nf"
}

teardown() {
	nf_stop
}

# nf_start DIR: start fake-notify, its files in DIR; set NF_URL and
# NF_LOG, and point cb-notify at it (the tokens in the environment).
nf_start() {
	local i
	NF_DIR=$1
	mkdir -p "$NF_DIR"
	"$FAKE_NOTIFY" --port-file "$NF_DIR/port" --log "$NF_DIR/log" \
		--telegram-token "$TOKEN" --discord-token "$HOOK" > "$NF_DIR/out" 2>&1 3>&- &
	echo $! > "$NF_DIR/pid"
	for ((i = 0; i < 200; i++)); do
		[ -s "$NF_DIR/port" ] && break
		sleep 0.05
	done
	[ -s "$NF_DIR/port" ] || { cat "$NF_DIR/out" >&2; return 1; }
	NF_URL="http://127.0.0.1:$(cat "$NF_DIR/port")"
	NF_LOG="$NF_DIR/log"
	touch "$NF_LOG"
	export CB_TELEGRAM_TOKEN=$TOKEN CB_TELEGRAM_CHAT_ID=42 CB_TELEGRAM_URL=$NF_URL
	export CB_DISCORD_WEBHOOK="$NF_URL/api/webhooks/7/$HOOK"
}

nf_stop() {
	[ -n "${NF_DIR:-}" ] && [ -s "$NF_DIR/pid" ] || return 0
	kill -TERM "$(cat "$NF_DIR/pid")" 2>/dev/null || true
	wait "$(cat "$NF_DIR/pid")" 2>/dev/null || true
	rm -f "$NF_DIR/pid"
}

# fault QUERY: program the next answers (kind=429&retry_after=1 ...).
fault() {
	curl -sS -X POST "$NF_URL/_fake/fault?$1" > /dev/null
}

# The texts Telegram got with status 200, one JSON string a line.
tg_texts() {
	jq -c 'select(.target == "telegram" and .status == 200) | .text' "$NF_LOG"
}

# json TEXT...: each text as a JSON string, one a line.
json() {
	local t
	for t in "$@"; do
		jq -cn --arg t "$t" '$t'
	done
}

@test "notify: --file -: one line per selected event, the default selection" {
	run -0 --separate-stderr cb-notify --file - in.ndjson
	[ "$output" = "$(printf '%s\n' "$M_SIGNAL" "$M_STATUS" "$M_TRADE" "$M_HALT" "$M_DAILY" "$M_JOB" |
		sed ':a;N;$!ba;s/\n\(price\|signal \|https\)/ | \1/g')" ]
	[ "$stderr" = "cb-notify: sent 6 of 6 selected events to standard output" ]
}

@test "notify: each event once per target across runs; a run that sends nothing says why" {
	run -0 --separate-stderr cb-notify --file out.txt in.ndjson
	[ "$(wc -l < out.txt)" -eq 6 ]
	run -0 --separate-stderr cb-notify --file out.txt in.ndjson
	[ "$stderr" = "cb-notify: nothing sent: of the 6 selected events, 6 were sent before and 0 are pending" ]
	[ "$(wc -l < out.txt)" -eq 6 ]
	# More events selected: only the new ones go.
	run -0 --separate-stderr cb-notify --file out.txt --on signal:weak+,job in.ndjson
	[ "$stderr" = "cb-notify: sent 2 of 4 selected events to out.txt (the others before or pending)" ]
	[ "$(tail -n 2 out.txt)" = "$(printf '%s\n' "WEAK signal: ETHUSDT spot 4h | price 1800, not scored, detected 2025-05-01T08:00:00Z | https://www.binance.com/en/trade/ETH_USDT" "$M_JOB_OK")" ]
	# Another target has its own record.
	run -0 --separate-stderr cb-notify --telegram --min-interval 0 --on job in.ndjson
	[ "$stderr" = "cb-notify: sent 2 of 2 selected events to Telegram" ]
	run -0 sqlite3 "$CB_DB" "SELECT target, state, count(*) FROM notify_events GROUP BY 1, 2"
	[ "$output" = "$(printf '%s\n' 'file|sent|8' 'telegram:42|sent|2')" ]
}

@test "notify: --on selects, and says when nothing is selected" {
	run -0 --separate-stderr cb-notify --file - --on status:failed,signal:extreme in.ndjson
	[ "$output" = "" ]
	[ "$stderr" = "cb-notify: nothing sent: none of the 8 events is selected by --on status:failed,signal:extreme" ]
	run -0 --separate-stderr cb-notify --file - --on SIGNAL:medium+,halt in.ndjson
	[ "${#lines[@]}" -eq 3 ]
	[ "${lines[0]%% |*}" = "STRONG signal: BTCUSDT futures 4h" ]
	[ "${lines[1]}" = "$M_HALT" ]
	[ "${lines[2]}" = "$M_DAILY" ]
	run -0 --separate-stderr cb-notify --file - --on signal:weak in.ndjson
	[ "${lines[0]%% |*}" = "WEAK signal: ETHUSDT spot 4h" ]
	run -0 --separate-stderr cb-notify --file - --on job:failed /dev/null
	[ "$stderr" = "cb-notify: nothing sent: no event in the input (signal, status, trade, order_status or job records)" ]
	run -2 --separate-stderr cb-notify --file - --on signal:huge in.ndjson
	[ "${stderr_lines[0]}" = "cb-notify: --on: 'signal:huge' is not signal[:STRENGTH[+]], status[:STATUS], trade, halt, job or job:failed" ]
	run -2 --separate-stderr cb-notify in.ndjson
	[ "${stderr_lines[0]}" = "cb-notify: give a target: --telegram, --discord, --webhook URL or --file FILE" ]
	run -2 --separate-stderr cb-notify --telegram --file - in.ndjson
	[ "${stderr_lines[0]}" = "cb-notify: --telegram, --discord, --webhook and --file exclude each other" ]
}

@test "notify: a rejected record is told and counted (exit 3); the others are sent" {
	printf '%s\n' '{"type":"status","id":"x","symbol":"BTCUSDT","from":"NEW","to":"CONFIRMED","time":1}' \
		'not json' >> in.ndjson
	run -3 --separate-stderr cb-notify --file - --on job in.ndjson
	[ "${#lines[@]}" -eq 2 ]
	[ "${stderr_lines[0]}" = "cb-notify: in.ndjson:9: status: 'from' is not a status" ]
	[ "${stderr_lines[1]}" = "cb-notify: in.ndjson:10: a record must be a JSON object" ]
}

@test "notify: Telegram gets the exact messages, once, paced, without parse_mode" {
	run -0 --separate-stderr cb-notify --telegram --min-interval 0 in.ndjson
	[ "$stderr" = "cb-notify: sent 6 of 6 selected events to Telegram" ]
	[ "$(tg_texts)" = "$(json "$M_SIGNAL" "$M_STATUS" "$M_TRADE" "$M_HALT" "$M_DAILY" "$M_JOB")" ]
	[ "$(jq -r .chat_id "$NF_LOG" | sort -u)" = 42 ]
	run -0 --separate-stderr cb-notify --telegram in.ndjson
	[ "$(wc -l < "$NF_LOG")" -eq 6 ]
	# The default pace is one message a second in a chat.
	run -0 --separate-stderr cb-notify --telegram --chat-id 43 --on job in.ndjson
	run -0 jq -s '[.[] | select(.chat_id == "43") | .t] | .[1] - .[0] >= 1000' "$NF_LOG"
	[ "$output" = true ]
}

@test "notify: two overlapping runs send each event once" {
	cb-notify --telegram --min-interval 1s in.ndjson 2> a.err &
	local pid=$!
	run -0 --separate-stderr cb-notify --telegram --min-interval 1s in.ndjson
	wait $pid
	[ "$(tg_texts | sort)" = "$(json "$M_SIGNAL" "$M_STATUS" "$M_TRADE" "$M_HALT" "$M_DAILY" "$M_JOB" | sort)" ]
	run -0 sqlite3 "$CB_DB" "SELECT count(*) FROM notify_events WHERE state = 'sent'"
	[ "$output" = 6 ]
}

@test "notify: Telegram's 429 is waited out for its parameters.retry_after" {
	fault 'kind=429&retry_after=1'
	run -0 --separate-stderr cb-notify --telegram --on job:failed in.ndjson
	[ "${stderr_lines[0]}" = "cb-notify: rate limited: waiting 1 s as the answer asks" ]
	run -0 jq -c '[.status, .text]' "$NF_LOG"
	[ "$output" = "$(printf '%s\n' "[429,\"$M_JOB\"]" "[200,\"$M_JOB\"]")" ]
	run -0 jq -s '.[1].t - .[0].t >= 1000' "$NF_LOG"
	[ "$output" = true ]
	# A wait longer than --max-wait is not taken: not sent, sent by a later run.
	fault 'kind=429&retry_after=30'
	run -1 --separate-stderr cb-notify --telegram --on job --max-wait 10s in.ndjson
	[ "$stderr" = "cb-notify: cannot send 'job:detect:1746115500000' to Telegram: rate limited (HTTP 429, retry after 30 s): not sent" ]
	run -0 --separate-stderr cb-notify --telegram --on job in.ndjson
	[ "$(tg_texts)" = "$(json "$M_JOB" "$M_JOB_OK")" ]
}

@test "notify: Discord's 429 is waited out for its retry_after, not the header's 60 s; an empty bucket holds the next message" {
	fault 'kind=429&retry_after=0.4'
	run -0 --separate-stderr cb-notify --discord --min-interval 0 --on job in.ndjson
	[ "${stderr_lines[0]}" = "cb-notify: rate limited: waiting 0.4 s as the answer asks" ]
	run -0 jq -c '[.target, .status, (.body | fromjson | .content, .allowed_mentions.parse)]' "$NF_LOG"
	[ "$output" = "$(printf '%s\n' "[\"discord\",429,\"$M_JOB\",[]]" "[\"discord\",204,\"$M_JOB\",[]]" "[\"discord\",204,\"$M_JOB_OK\",[]]")" ]
	run -0 jq -s '(.[1].t - .[0].t >= 400) and (.[1].t - .[0].t < 30000)' "$NF_LOG"
	[ "$output" = true ]
	: > "$NF_LOG"
	fault 'kind=bucket&reset_after=1.2'
	run -0 --separate-stderr cb-notify --discord --min-interval 0 --on signal in.ndjson
	run -0 jq -s '.[1].t - .[0].t >= 1200' "$NF_LOG"
	[ "$output" = true ]
}

@test "notify: a 5xx or a timeout is an unknown outcome: not sent again unless --retry-unsent" {
	fault 'kind=500'
	run -1 --separate-stderr cb-notify --telegram --on job:failed in.ndjson
	[ "$stderr" = "cb-notify: 'job:detect:1746115200000' may or may not have reached Telegram (HTTP 500: Internal Server Error); it is not sent again unless --retry-unsent" ]
	run -0 sqlite3 "$CB_DB" "SELECT key, state, error FROM notify_events"
	[ "$output" = "job:detect:1746115200000|unknown|HTTP 500: Internal Server Error" ]
	run -0 --separate-stderr cb-notify --telegram --on job:failed in.ndjson
	[ "${stderr_lines[0]}" = "cb-notify: warning: 'job:detect:1746115200000': another run is sending it, or did not learn whether it arrived; not sent again (--retry-unsent sends it)" ]
	[ "${stderr_lines[1]}" = "cb-notify: nothing sent: of the 1 selected events, 0 were sent before and 1 are pending" ]
	run -0 --separate-stderr cb-notify --telegram --on job:failed --retry-unsent in.ndjson
	[ "$(jq -c .status "$NF_LOG" | tr '\n' ' ')" = "500 200 " ]
	# A timeout: the answer comes after --timeout.
	fault 'kind=slow&delay_ms=3000'
	run -1 --separate-stderr cb-notify --telegram --on halt --timeout 1s in.ndjson
	[[ $stderr == "cb-notify: 'halt:paper:manual:manual stop:20209' may or may not have reached Telegram (no answer: "* ]]
	run -0 sqlite3 "$CB_DB" "SELECT state FROM notify_events WHERE key LIKE 'halt:%'"
	[ "$output" = unknown ]
}

@test "notify: a refused connection is tried again, then released for a later run; a 400 too" {
	nf_stop
	run -1 --separate-stderr cb-notify --telegram --on job:failed in.ndjson
	[[ $stderr == "cb-notify: cannot send 'job:detect:1746115200000' to Telegram: not sent after 4 tries: Failed to connect to 127.0.0.1 port "* ]]
	run -0 sqlite3 "$CB_DB" "SELECT count(*) FROM notify_events"
	[ "$output" = 0 ]
	nf_start "$BATS_TEST_TMPDIR/nf2"
	fault 'kind=400'
	run -1 --separate-stderr cb-notify --telegram --on job:failed in.ndjson
	[ "$stderr" = "cb-notify: cannot send 'job:detect:1746115200000' to Telegram: HTTP 400: Bad Request: chat not found" ]
	run -0 --separate-stderr cb-notify --telegram --on job:failed in.ndjson
	[ "$(tg_texts)" = "$(json "$M_JOB")" ]
}

@test "notify: --webhook posts the message and the record as JSON" {
	run -0 --separate-stderr cb-notify --webhook "$NF_URL/hook" --on trade in.ndjson
	run -0 jq -c '.body | fromjson | [.text, .record.type, .record.pnl]' "$NF_LOG"
	[ "$output" = "$(jq -cn --arg t "$M_TRADE" '[$t, "trade", 100.254]')" ]
}

@test "notify: tokens from a 0600 file or the environment never appear in output, logs or the store" {
	printf '%s\n' "$TOKEN" > tok
	chmod 644 tok
	run -1 --separate-stderr cb-notify --telegram --token-file tok in.ndjson
	[ "$stderr" = "cb-notify: secret file 'tok' is open to others (mode 0644): chmod 600 'tok'" ]
	chmod 600 tok
	unset CB_TELEGRAM_TOKEN
	run -0 --separate-stderr cb-notify --telegram --token-file tok --min-interval 0 --on job in.ndjson
	printf '%s\n' "$output" "$stderr" > run1.txt
	# A wrong token: refused (401), and said so without it.
	CB_TELEGRAM_TOKEN=123:SECRET-wrong-token run -1 --separate-stderr cb-notify --telegram --on signal in.ndjson
	[ "$stderr" = "cb-notify: cannot send '$(printf 'signal:%s' "$SIG")' to Telegram: HTTP 401: Unauthorized" ]
	printf '%s\n' "$output" "$stderr" > run2.txt
	fault 'kind=500'
	run -1 --separate-stderr cb-notify --discord --on halt in.ndjson
	printf '%s\n' "$output" "$stderr" > run3.txt
	nf_stop
	CB_DISCORD_WEBHOOK=http://127.0.0.1:9/api/webhooks/7/$HOOK run -1 --separate-stderr cb-notify --discord --on trade in.ndjson
	printf '%s\n' "$output" "$stderr" > run4.txt
	sqlite3 "$CB_DB" .dump > dump.sql
	run grep -rlE "SECRET-(bot|wrong|discord)" --exclude=tok .
	[ "$status" -eq 1 ]
	[ "$output" = "" ]
}
