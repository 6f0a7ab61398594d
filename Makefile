# DVC — the two commands of the README, and the rest.
#   make run     build in release and serve http://127.0.0.1:3000 (SQLite in ./data, seeded catalog, demo accounts)
#   make test    every Rust test (SQLite and PostgreSQL) and the Playwright suite on a release build
#   make bench   benchmarks, written to bench/results/
#   make chaos   a server killed mid-submission, one of two killed behind HAProxy, the database and the bucket away: nothing lost (bench/results/chaos.md)

SHELL := /bin/bash
# A fixed target folder outside the clone, so that fresh clones reuse earlier builds.
export CARGO_TARGET_DIR ?= $(HOME)/.cache/dvc/target
export DVC_TOOLS_DIR ?= $(HOME)/.cache/dvc/tools
export PATH := $(DVC_TOOLS_DIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
# Read at compile time by leptos_config: keep it identical for every cargo command
# so that cargo-leptos builds and test builds share their artefacts.
export LEPTOS_OUTPUT_NAME := dvc
export LEPTOS_SITE_ROOT := target/site
SERVER_BIN := $(CARGO_TARGET_DIR)/release/server
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/postgres
export TEST_DATABASE_URL

.PHONY: run test build setup setup-test test-rust test-e2e screenshots bench chaos lint clean

setup:
	@scripts/setup.sh build
	@scripts/claim-target.sh

setup-test:
	@scripts/setup.sh test
	@scripts/claim-target.sh

# The server and the site; the site is cached by the content of its sources
# (scripts/build.sh), so a second `make run` or a fresh clone of the same
# sources skips wasm-bindgen and wasm-opt.
build: setup
	@scripts/build.sh

# Demo accounts on (see the README); DVC_DEMO=0 make run starts without them.
run: build
	DVC_DEMO=$${DVC_DEMO:-1} $(SERVER_BIN)

test: setup-test lint test-rust build test-e2e

# Two tests at a time (the machine's two cores). The hang once seen in parallel
# (a page whose response never ended) came from Leptos pausing resource loading
# for the whole process while a test built its router; routes are now generated
# once per process (server::page_routes), and a body that never ends fails its
# test within a minute. TEST_THREADS=1 runs one at a time.
TEST_THREADS ?= 2
# Beside an S3-compatible server (s3s-fs), for the tests of files in a bucket.
test-rust:
	scripts/with-s3.sh cargo test --release --workspace --exclude frontend --exclude bench --features app/ssr -- --test-threads=$(TEST_THREADS)

test-e2e:
	cd end2end && DVC_SERVER_BIN=$(SERVER_BIN) npx playwright test

# Rewrites the screenshot baselines (end2end/tests/__screenshots__) after a
# deliberate change of the pages' look; review the images before committing.
screenshots: setup-test build
	cd end2end && DVC_SERVER_BIN=$(SERVER_BIN) npx playwright test --project=visual --project=visual-phone --update-snapshots

bench: build
	scripts/bench.sh

chaos: build
	scripts/setup.sh chaos
	scripts/chaos.sh

lint:
	@scripts/claim-target.sh
	scripts/check-layers.sh
	cargo fmt --check
	cargo clippy --release --workspace --exclude frontend --features app/ssr --all-targets -- -D warnings
	cargo clippy --release -p frontend --target wasm32-unknown-unknown -- -D warnings

clean:
	rm -rf target data
