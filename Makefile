# OMNIOS build, run, test and bench. `make run`, `make test`, `make bench` install what is
# missing first (Rust wasm target, wasm-bindgen-cli, npm packages, Debian's Chromium for tests).
# Outputs: the engine's WASM package in web/src/bridge/__generated__/, the export compiler's in
# web/src/export/__generated__/, the editor in web/dist/,
# the server under $(CARGO_TARGET_DIR); test and bench reports under ./target/{e2e,bench}/.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DELETE_ON_ERROR:
.DEFAULT_GOAL := run

export CARGO_TARGET_DIR ?= $(CURDIR)/target
export PATH := $(or $(CARGO_HOME),$(HOME)/.cargo)/bin:$(PATH)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

WASM_TARGET := wasm32-unknown-unknown
# The CLI must be exactly the version of the wasm-bindgen crate in Cargo.lock.
WASM_BINDGEN_VERSION := $(shell sed -n '/^name = "wasm-bindgen"$$/{n;s/^version = "\(.*\)"$$/\1/p;}' Cargo.lock)
GENERATED := web/src/bridge/__generated__
BENCH_GENERATED := web/src/bench/__generated__
BENCH_FIXTURE := $(BENCH_GENERATED)/benchmark_page.json
WASM := $(GENERATED)/omnios_wasm_bg.wasm
WASM_RAW := $(CARGO_TARGET_DIR)/$(WASM_TARGET)/release/omnios_wasm.wasm
# The media pipeline's module (engine/media-wasm), loaded by the editor's media worker only when
# a file is added; a package of its own so the engine's module does not carry the codecs.
MEDIA_GENERATED := web/src/assets/__generated__
MEDIA_WASM := $(MEDIA_GENERATED)/omnios_media_wasm_bg.wasm
MEDIA_WASM_RAW := $(CARGO_TARGET_DIR)/$(WASM_TARGET)/release/omnios_media_wasm.wasm
COMPILER_GENERATED := web/src/export/__generated__
COMPILER_WASM := $(COMPILER_GENERATED)/omnios_compiler_wasm_bg.wasm
COMPILER_WASM_RAW := $(CARGO_TARGET_DIR)/$(WASM_TARGET)/wasm-size/omnios_compiler_wasm.wasm
EDITOR := web/dist/index.html
OMNIOS_RELEASE := $(CARGO_TARGET_DIR)/release/omnios
OMNIOS_DEBUG := $(CARGO_TARGET_DIR)/debug/omnios
NPM_DEPS := node_modules/.omnios-npm-ci
TEST_APT_PACKAGES := chromium fonts-dejavu-core fonts-liberation2

ENGINE_SOURCES := $(shell find engine -type f \( -path '*/src/*' -o -name Cargo.toml -o -name build.rs \) -not -path '*/target/*')
WEB_SOURCES := $(shell find web -path web/dist -prune -o -path '*/node_modules' -prune -o -path $(GENERATED) -prune -o -path $(MEDIA_GENERATED) -prune -o -path $(COMPILER_GENERATED) -prune -o -path $(BENCH_GENERATED) -prune -o -type f -print)

.PHONY: run test bench bench-fixture wasm media-wasm compiler-wasm types web server server-debug lint-rust test-rust test-web test-e2e \
	test-collab test-layout test-export test-repo rust-tools wasm-bindgen-cli test-browser clean

## run: build everything (release) and serve the editor on http://127.0.0.1:8080 (OMNIOS_PORT)
run: $(EDITOR) server
	$(OMNIOS_RELEASE) serve

## test: repository references, formatting, lints, Rust tests, web unit tests, end-to-end and layout
## fidelity tests in Chromium, plain Y.js clients in live rooms, and the export build test
test: test-repo lint-rust test-rust test-web test-e2e test-collab test-layout test-export

## bench: every suite; one JSON per suite under target/bench/ (see tests/bench/README.md)
bench: $(EDITOR) server test-browser
	OMNIOS_BIN=$(OMNIOS_RELEASE) node tests/bench/run.mjs

# ---- installs: each a cheap check first -------------------------------------------------

rust-tools:
	@rustup target list --installed | grep -qx $(WASM_TARGET) || rustup target add $(WASM_TARGET)
	@cargo fmt --version >/dev/null 2>&1 || rustup component add rustfmt
	@cargo clippy --version >/dev/null 2>&1 || rustup component add clippy

# --locked fails here (its lockfile pins a crate the registry lacks); the version is pinned exactly.
wasm-bindgen-cli:
	@test -n "$(WASM_BINDGEN_VERSION)" || { echo "no wasm-bindgen in Cargo.lock" >&2; exit 1; }
	@[ "$$(wasm-bindgen --version 2>/dev/null)" = "wasm-bindgen $(WASM_BINDGEN_VERSION)" ] \
		|| env -u CARGO_TARGET_DIR cargo install wasm-bindgen-cli --version =$(WASM_BINDGEN_VERSION)

$(NPM_DEPS): package.json package-lock.json web/package.json tests/package.json
	npm ci --no-audit --no-fund
	@touch $@

# Debian's Chromium and the fonts the layout tests name; `apt-get update` only if one is missing.
test-browser:
	@missing=""; for p in $(TEST_APT_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:$$missing"; \
		$(SUDO) apt-get update; \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y $$missing; \
	fi

# ---- builds -------------------------------------------------------------------------------

wasm: $(WASM) $(MEDIA_WASM)

## media-wasm: the media pipeline (engine/media) → web/src/assets/__generated__/
media-wasm: $(MEDIA_WASM)

# The editor's TypeScript types and constants of the engine's JSON, generated from the Rust types
# (engine/core/src/typescript.rs) into web/src/bridge/types/__generated__/, checked in. Without
# OMNIOS_WRITE_TYPES the same test fails when the checked-in files are stale (test-rust runs it).
## types: regenerate web/src/bridge/types/__generated__/ from the engine's Rust types
types:
	OMNIOS_WRITE_TYPES=1 cargo test -p omnios-engine --lib typescript

# wasm-opt comes from the npm package `binaryen` (pinned in package-lock.json): Debian's
# binaryen 108 rebinds the exported externref table to the funcref table (fixed in 110),
# which breaks every wasm-bindgen module at start-up.
$(WASM): $(ENGINE_SOURCES) Cargo.toml Cargo.lock $(NPM_DEPS) | rust-tools wasm-bindgen-cli
	cargo build -p omnios-wasm --target $(WASM_TARGET) --release
	@mkdir -p $(GENERATED)
	wasm-bindgen --target web --out-dir $(GENERATED) $(WASM_RAW)
	node_modules/.bin/wasm-opt -O3 $@ -o $@

$(MEDIA_WASM): $(ENGINE_SOURCES) Cargo.toml Cargo.lock $(NPM_DEPS) | rust-tools wasm-bindgen-cli
	cargo build -p omnios-media-wasm --target $(WASM_TARGET) --release
	@mkdir -p $(MEDIA_GENERATED)
	wasm-bindgen --target web --out-dir $(MEDIA_GENERATED) $(MEDIA_WASM_RAW)
	node_modules/.bin/wasm-opt -O3 $@ -o $@

# The export compiler for the editor's Export dialog (engine/compiler-wasm): its own module,
# fetched only when someone exports. Built with the `wasm-size` profile (opt-level "z") and
# wasm-opt -Oz: the editor downloads it on demand, so bytes matter more than speed here.
## compiler-wasm: build the export compiler's WASM package into web/src/export/__generated__/
compiler-wasm: $(COMPILER_WASM)

$(COMPILER_WASM): $(ENGINE_SOURCES) web/src/canvas/reset.css Cargo.toml Cargo.lock $(NPM_DEPS) | rust-tools wasm-bindgen-cli
	cargo build -p omnios-compiler-wasm --target $(WASM_TARGET) --profile wasm-size
	@mkdir -p $(COMPILER_GENERATED)
	wasm-bindgen --target web --out-dir $(COMPILER_GENERATED) $(COMPILER_WASM_RAW)
	node_modules/.bin/wasm-opt -Oz $@ -o $@

# The benchmark page as JSON (and its flex-only variant) for bench.html, the GrapesJS peer and
# `?fixture=bench`, and the 100-page export project (hundred_pages.json) for the export bench:
# written by the generators in tests/fixtures/, never compiled into the production WASM.
bench-fixture: $(BENCH_FIXTURE)

# Debug build: `cargo test` has compiled the engine already; the output is the same bytes either way.
$(BENCH_FIXTURE): tests/fixtures/benchmark_page.rs tests/fixtures/hundred_pages.rs engine/core/examples/benchmark_page.rs $(ENGINE_SOURCES) | rust-tools
	cargo run -q -p omnios-engine --example benchmark_page -- $(BENCH_GENERATED)

web: $(EDITOR)

$(EDITOR): $(WASM) $(MEDIA_WASM) $(COMPILER_WASM) $(BENCH_FIXTURE) $(WEB_SOURCES) $(NPM_DEPS)
	npm run build -w web

server: | rust-tools
	cargo build --release -p omnios-server

# The debug binary as `cargo test --workspace` builds it (same features, so no second compile).
server-debug: | rust-tools
	cargo test --workspace --no-run

# ---- test steps -----------------------------------------------------------------------------

# Every document a tracked file points at is in the repository (tests/repo/references.mjs).
test-repo:
	node --test tests/repo/

lint-rust: | rust-tools
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings

test-rust: | rust-tools
	cargo test --workspace

test-web: $(WASM) $(MEDIA_WASM) $(COMPILER_WASM) $(BENCH_FIXTURE) $(NPM_DEPS)
	npm test -w web
	npm run typecheck -w tests
	node --test tests/bench/

test-e2e: $(EDITOR) server-debug test-browser
	OMNIOS_BIN=$(OMNIOS_DEBUG) node --test tests/e2e/

# Plain Y.js clients (npm yjs + y-websocket) in `omnios serve`'s live rooms: join with a token,
# read, write, presence, refusals, and kill -9 during a burst (tests/collab/).
test-collab: $(EDITOR) server-debug test-browser
	OMNIOS_BIN=$(OMNIOS_DEBUG) node --test tests/collab/

# The engine's boxes against Chromium's for every case in tests/layout/expected/ (see
# tests/layout/README.md); prints the share within 0.5 px and every miss with its cause.
test-layout: $(EDITOR) server-debug test-browser
	OMNIOS_BIN=$(OMNIOS_DEBUG) node --test tests/layout/

# Every fixture exported to Next.js (next build, tsc, eslint) and static HTML, then each page of
# both exports against the editor's canvas at 1440, 768 and 375 px (pixels) and axe-core
# (tests/export/README.md). npm installs the exported app's dependencies once into
# $$OMNIOS_CACHE (default ~/.cache/omnios). One file at a time: the files share the app builds.
test-export: $(EDITOR) server-debug test-browser $(NPM_DEPS)
	OMNIOS_BIN=$(OMNIOS_DEBUG) node --test --test-concurrency=1 tests/export/

clean:
	rm -rf web/dist $(GENERATED) $(MEDIA_GENERATED) $(COMPILER_GENERATED) $(BENCH_GENERATED) target/e2e target/bench target/layout
