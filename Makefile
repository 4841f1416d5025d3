# Juri: two commands matter. `make run` starts Juri with the demo on
# http://localhost:8080; `make test` runs every test (and again on PostgreSQL
# when JURI_TEST_DATABASE_URL is set).

GO       ?= go
NPM      ?= npm
WEB      := frontend
WEB_DIST := $(WEB)/dist/index.html
WEB_DEPS := $(WEB)/node_modules/.package-lock.json
# The app is stale when its sources or the API contract it is typed from change.
WEB_SRC  := $(shell find $(WEB)/src $(WEB)/public -type f -not -name schema.d.ts 2>/dev/null) $(WEB)/index.html \
            $(WEB)/vite.config.ts $(WEB)/tsconfig.json api/openapi.yaml

.PHONY: run test test-go test-pg test-web web build bench bench-go fuzz lint clean

## run: build the web app and start Juri with the demo regency (embedded SQLite)
run: web
	JURI_DEMO=$${JURI_DEMO:-1} $(GO) run .

## test: every test: Go on SQLite, Go on PostgreSQL when JURI_TEST_DATABASE_URL is set, and the web app in Chromium
# The two Go runs go side by side: the api package's tests run one after
# another and keep about one core busy, so on two cores the PostgreSQL run
# costs almost no extra time. Each run's output is printed whole when it ends.
test:
	$(MAKE) --no-print-directory -j2 --output-sync=target test-go test-pg
	$(MAKE) --no-print-directory test-web

# Every Go test runs under the race detector: handlers, the store and the
# mail worker all run concurrently in production. The api package runs a few
# minutes under -race on two cores (the authorization matrix, the concurrency
# and fault tests), past go test's default 10-minute limit per package.
GOTEST_TIMEOUT ?= 30m
test-go:
	env -u JURI_TEST_DATABASE_URL $(GO) test -race -timeout $(GOTEST_TIMEOUT) ./...

# The packages whose tests open a database (through internal/testenv) run a
# second time on PostgreSQL.
DB_PKGS = $(shell $(GO) list -f '{{.ImportPath}} {{join .TestImports " "}} {{join .XTestImports " "}}' ./... | awk '/juri\/internal\/testenv/ {print $$1}')

test-pg:
	@if [ -n "$$JURI_TEST_DATABASE_URL" ]; then \
		echo "== again on PostgreSQL: $(DB_PKGS)"; \
		$(GO) test -race -timeout $(GOTEST_TIMEOUT) -count=1 $(DB_PKGS); \
	else \
		echo "== JURI_TEST_DATABASE_URL is not set: skipping the PostgreSQL run (.ci/run sets it)"; \
	fi

# The web app's unit tests, lint and type check, its build, then its browser
# tests against the real binary (Debian's Chromium; .ci/run installs it).
test-web: $(WEB_DEPS)
	cd $(WEB) && $(NPM) run test:unit
	cd $(WEB) && $(NPM) run build
	cd $(WEB) && $(NPM) run lint
	$(GO) build -o $(WEB)/e2e/juri-under-test .
	cd $(WEB) && JURI_BIN=$(CURDIR)/$(WEB)/e2e/juri-under-test $(NPM) run test:e2e

## web: install the web app's packages (once) and build it into frontend/dist
web: $(WEB_DIST)

$(WEB_DEPS): $(WEB)/package.json $(WEB)/package-lock.json
	cd $(WEB) && $(NPM) ci --no-audit --no-fund

$(WEB_DIST): $(WEB_DEPS) $(WEB_SRC)
	cd $(WEB) && $(NPM) run build

## build: a static release binary in bin/juri that carries the web app (-tags embed)
build: web
	CGO_ENABLED=0 $(GO) build -tags embed -trimpath -o bin/juri .

## bench: load benchmarks of the real binary against baselines in the same run; writes docs/benchmarks.md
# Saves against pgbench, the public read against bare Gin, the ranking against an SQL GROUP BY, sign-in
# against argon2id alone. Needs PostgreSQL (JURI_BENCH_PG names a database to connect to; the benchmark
# creates and drops its own, juri_bench) and takes 5 to 8 minutes on 2 cores.
JURI_BENCH_PG ?= postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable
bench:
	$(GO) run ./bench/juribench -pg '$(JURI_BENCH_PG)' -out docs/benchmarks.md

## bench-go: the Go micro-benchmarks (assign, judging, uploads; see docs/benchmarks.md)
bench-go:
	$(GO) test -run '^$$' -bench . -benchmem ./...

## fuzz: run every fuzz target for FUZZTIME each (docs/fuzzing.md); make test already runs their seed corpora
# One target per line: go test -fuzz takes a single target of a single
# package. FUZZFLAGS passes more, e.g. FUZZFLAGS=-parallel=1 on a shared machine.
# FUZZMINIMIZE bounds the time spent shrinking each new interesting input:
# Go's default of 60 s would take a whole run of the router-level targets,
# whose inputs each cost a request to a real database.
FUZZTIME     ?= 30s
FUZZMINIMIZE ?= 5s
FUZZFLAGS    ?=
FUZZ = $(GO) test -run '^$$' -fuzztime $(FUZZTIME) -fuzzminimizetime $(FUZZMINIMIZE) $(FUZZFLAGS) -fuzz
fuzz:
	$(FUZZ) '^FuzzReadImportCSV$$' ./handlers
	$(FUZZ) '^FuzzImportCSVRoundTrip$$' ./handlers
	$(FUZZ) '^FuzzImport$$' ./api
	$(FUZZ) '^FuzzUpload$$' ./api
	$(FUZZ) '^FuzzDetector$$' ./sniff
	$(FUZZ) '^FuzzScorecardRequest$$' ./handlers
	$(FUZZ) '^FuzzScorecardSave$$' ./api
	$(FUZZ) '^FuzzAuthorizationHeader$$' ./api
	$(FUZZ) '^FuzzParseClaims$$' ./auth
	$(FUZZ) '^FuzzParseRaw$$' ./auth
	$(FUZZ) '^FuzzRank$$' ./judging
	$(FUZZ) '^FuzzRankArbitrary$$' ./judging
	$(FUZZ) '^FuzzCleanPDF$$' ./docmeta
	$(FUZZ) '^FuzzCleanOOXML$$' ./docmeta
	$(FUZZ) '^FuzzRewriteXML$$' ./docmeta
	$(FUZZ) '^FuzzCleanJPEG$$' ./docmeta
	$(FUZZ) '^FuzzCleanPNG$$' ./docmeta
	$(FUZZ) '^FuzzClean$$' ./valid

## lint: gofmt, go vet and staticcheck (pinned in go.mod as a tool)
lint:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (echo "gofmt would change:"; gofmt -l $$(git ls-files '*.go'); exit 1)
	$(GO) vet ./...
	$(GO) tool staticcheck ./...

clean:
	rm -rf bin $(WEB)/dist
