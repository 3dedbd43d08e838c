# Lectern: two commands for a new machine.
#   make site   build Lectern (release) and render lectures/ into output/
#   make test   run the whole test suite
# Both install missing Debian packages first (scripts/install-deps).

SWIFT ?= swift
JOBS ?= $(shell nproc)
PREFIX ?= /usr/local

.PHONY: deps build site site-test check test bench docs install clean

deps:
	@scripts/install-deps

build: deps
	$(SWIFT) build -c release

site: build
	.build/release/lectern render -j $(JOBS)

check: build
	.build/release/lectern check -j $(JOBS) --type-check-limit 100
	Tests/EngineChecks/engine_checks.py .build/release/lectern
	scripts/deck-coverage

# The rendered site in a real browser: search, phones, copy, dark mode, print.
site-test: site
	scripts/browser-test site

test: deps
	$(SWIFT) build
	LECTERN_GFM_SPEC="$$(scripts/fetch-gfm-spec)" $(SWIFT) test --parallel
	Tests/Reference/reference.py .build/debug/lectern .build/debug
	scripts/cache-test
	scripts/browser-test

bench: build
	bench/run

# The engine's API reference (DocC, from the /// comments) in .build/reference;
# `lectern docs` serves it.
docs: build
	scripts/docs

# lectern, its engine, its templates and the reference under PREFIX
# (relocatable as one tree).
install: docs
	scripts/install "$(PREFIX)"

clean:
	rm -rf .build .lectern output/*.html output/assets output/figures
