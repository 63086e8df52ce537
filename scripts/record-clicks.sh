#!/bin/sh
# A real-time paced ALSA sink with no sound card: a private PulseAudio server with one null
# sink (48 kHz, mono, S16LE), whose monitor is recorded with parec into a raw file.
#
#   scripts/record-clicks.sh start DIR        start the server and the recorder (DIR/clicks.raw)
#   scripts/record-clicks.sh env DIR          the environment a player needs (eval it)
#   scripts/record-clicks.sh stop DIR         stop both (by the pids kept in DIR)
#   scripts/record-clicks.sh run OUT.raw -- COMMAND...   all three around COMMAND
#
# The player's ALSA `default` PCM is PulseAudio (`pcm.!default { type pulse }`, from
# DIR/asoundrc through ALSA_CONFIG_PATH), the server is found through PULSE_SERVER.
# Works as root (PulseAudio warns; no D-Bus, no cookie: the socket allows anonymous clients).
# Needs: pulseaudio pulseaudio-utils libasound2-plugins.
set -eu

die() { echo "record-clicks: $*" >&2; exit 1; }

need() {
    command -v pulseaudio >/dev/null || die "pulseaudio is not installed (apt-get install pulseaudio)"
    command -v parec >/dev/null || die "parec is not installed (apt-get install pulseaudio-utils)"
    ls /usr/lib/*/alsa-lib/libasound_module_pcm_pulse.so >/dev/null 2>&1 \
        || die "ALSA's pulse plugin is not installed (apt-get install libasound2-plugins)"
}

print_env() {
    dir=$1
    echo "PULSE_SERVER=unix:$dir/native"
    echo "ALSA_CONFIG_PATH=/usr/share/alsa/alsa.conf:$dir/asoundrc"
}

start() {
    need
    dir=$1
    mkdir -p "$dir"
    chmod 700 "$dir"
    cat >"$dir/asoundrc" <<'EOF'
pcm.!default { type pulse }
ctl.!default { type pulse }
EOF
    XDG_RUNTIME_DIR=$dir HOME=$dir pulseaudio --daemonize=no --exit-idle-time=-1 --system=false -n \
        --use-pid-file=no --disable-shm=yes --log-target=stderr \
        --load="module-null-sink sink_name=tapnirs_null rate=48000 channels=1 format=s16le" \
        --load="module-native-protocol-unix auth-anonymous=1 socket=$dir/native" \
        >"$dir/pulseaudio.log" 2>&1 &
    echo $! >"$dir/pulseaudio.pid"
    i=0
    until PULSE_SERVER=unix:$dir/native HOME=$dir pactl info >/dev/null 2>&1; do
        i=$((i + 1))
        [ $i -lt 100 ] || { cat "$dir/pulseaudio.log" >&2; die "pulseaudio did not start"; }
        sleep 0.05
    done
    PULSE_SERVER=unix:$dir/native HOME=$dir parec -d tapnirs_null.monitor --raw --format=s16le --rate=48000 \
        --channels=1 --latency-msec=10 >"$dir/clicks.raw" 2>"$dir/parec.log" &
    echo $! >"$dir/parec.pid"
    # Let the recorder connect before anything plays.
    sleep 0.3
}

stop() {
    dir=$1
    for name in parec pulseaudio; do
        if [ -f "$dir/$name.pid" ]; then
            pid=$(cat "$dir/$name.pid")
            kill "$pid" 2>/dev/null || true
            i=0
            while kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.05; i=$((i + 1)); done
            rm -f "$dir/$name.pid"
        fi
    done
}

case "${1:-}" in
start) [ $# -eq 2 ] || die "usage: start DIR"; start "$2" ;;
env) [ $# -eq 2 ] || die "usage: env DIR"; print_env "$2" ;;
stop) [ $# -eq 2 ] || die "usage: stop DIR"; stop "$2" ;;
run)
    [ $# -ge 4 ] && [ "$3" = "--" ] || die "usage: run OUT.raw -- COMMAND..."
    out=$2
    shift 3
    dir=$(mktemp -d /tmp/tapnirs-clicks.XXXXXX)
    start "$dir"
    trap 'stop "$dir"' EXIT
    status=0
    env PULSE_SERVER="unix:$dir/native" ALSA_CONFIG_PATH="/usr/share/alsa/alsa.conf:$dir/asoundrc" "$@" || status=$?
    sleep 0.3  # the tail of the last click reaches the monitor
    stop "$dir"
    trap - EXIT
    cp "$dir/clicks.raw" "$out"
    rm -rf "$dir"
    exit $status
    ;;
*) die "usage: record-clicks.sh start|env|stop DIR | run OUT.raw -- COMMAND..." ;;
esac
