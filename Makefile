# vigil — top-level entry points. See README.md.
BUILD      ?= build
ASAN_BUILD ?= build-asan
REL_BUILD  ?= build-release
PORT       ?= 8080
JOBS       ?= 2

.PHONY: all deps build asan release test test-fast run lint fuzz clean

all: build

deps:
	@sh scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

asan: deps
	@cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DVIGIL_SANITIZE=ON >/dev/null
	@cmake --build $(ASAN_BUILD) -j $(JOBS)

# A stock optimised build must compile too (GCC warns differently at -O3).
release: deps
	@cmake -S . -B $(REL_BUILD) -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build $(REL_BUILD) -j $(JOBS)

# The whole suite, then once more under AddressSanitizer + UBSan.
test: build asan release lint
	@sh scripts/test-setup.sh
	ctest --test-dir $(ASAN_BUILD) --output-on-failure -j $(JOBS) -E '^e2e/'
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

test-fast: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

run: build
	@sh scripts/run-demo.sh $(BUILD)/vigil $(PORT)

lint:
	@sh scripts/lint.sh

fuzz:
	@sh scripts/fuzz.sh

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(REL_BUILD)
