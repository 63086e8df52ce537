#!/usr/bin/env bash
# Runs a command where Lab Streaming Layer traffic cannot leave the machine: a fresh network
# namespace holding only loopback (`unshare --net`, then `ip link set lo up`), and liblsl told
# through LSLAPICFG to look for streams on this machine only (docs/lsl.md, "Tests").
#
#   scripts/lsl-sandbox.sh CMD [ARG...]
#
# Every LSL test, tool and benchmark runs through this script; run whole scenarios (publisher,
# tapnirs, LabRecorderCLI) inside one call, or start a tmux server through it and run each
# program in a window of that server: processes started by it share its namespace.
# Needs root or unprivileged user namespaces (unshare --map-root-user), and iproute2's `ip`.
set -euo pipefail
if [ "$#" -eq 0 ]; then
  echo "usage: scripts/lsl-sandbox.sh CMD [ARG...]" >&2
  exit 2
fi
if [ "${TAPNIRS_LSL_SANDBOX:-}" != "inside" ]; then
  command -v unshare >/dev/null || { echo "lsl-sandbox: unshare not found (Debian: util-linux)" >&2; exit 1; }
  command -v ip >/dev/null || { echo "lsl-sandbox: ip not found (Debian: apt-get install iproute2)" >&2; exit 1; }
  if [ "$(id -u)" -eq 0 ]; then
    exec env TAPNIRS_LSL_SANDBOX=inside unshare --net -- "$0" "$@"
  else
    exec env TAPNIRS_LSL_SANDBOX=inside unshare --net --map-root-user -- "$0" "$@"
  fi
fi

# Inside the new namespace: loopback up, and nothing else may exist.
ip link set lo up
others="$(ip -o link show | awk -F': ' '{print $2}' | grep -v '^lo$' || true)"
if [ -n "$others" ]; then
  echo "lsl-sandbox: the namespace has interfaces besides lo: $others" >&2
  exit 1
fi
# One fixed file per user (same content every time, so nothing accumulates).
cfg="${TMPDIR:-/tmp}/tapnirs-lsl-sandbox-$(id -u).cfg"
cat > "$cfg.$$" <<'CFG'
; tapnirs test sandbox: streams are looked for on this machine only (scripts/lsl-sandbox.sh)
[ports]
IPv6 = disable
[multicast]
ResolveScope = machine
[lab]
KnownPeers = {127.0.0.1}
CFG
mv -f "$cfg.$$" "$cfg"
export LSLAPICFG="$cfg"
exec "$@"
