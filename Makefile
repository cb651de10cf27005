# Guihua — top-level Makefile wrapping CMake (as DuckDB does).
#   make run    install what is missing, build, load the bundled sample, show the result
#   make test   install what is missing, build, run every test (also under ASan+UBSan)
SHELL := /bin/bash
JOBS ?= $(shell nproc)
BUILD ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
DB ?= guihua.db
OUT ?= out
SAMPLE ?= data/plans/hengyang-14th-fyp-proposal.txt
FUZZ_SECONDS ?= 60
CMAKE_FLAGS ?=

.PHONY: all deps build web run test test-release test-asan test-e2e fuzz fuzz-smoke fixtures bench format tidy clean

all: build

deps:
	@tools/install-deps.sh

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS)

build: deps $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

# The web application (Vue 3 + ECharts, built by Vite into web/dist; the server serves it).
web: deps
	@tools/build-web.sh

run: build web
	@mkdir -p $(OUT)
	./$(BUILD)/app/guihua import $(SAMPLE) --db $(DB)
	@./$(BUILD)/app/guihua tasks --db $(DB) --xlsx $(OUT)/任务分解表.xlsx
	@echo
	@# Indicators: Hengyang's regions, the real national 14th FYP table with its 2020-2021
	@# actuals, and the synthetic Hengyang table with data from `guihua gen` (not official).
	./$(BUILD)/app/guihua regions import data/units/hengyang_regions.csv --db $(DB)
	./$(BUILD)/app/guihua indicators import data/indicators/national-14th-fyp-indicators.csv --db $(DB)
	./$(BUILD)/app/guihua data import data/indicators/national-14th-fyp-actuals-2020-2021.csv --db $(DB)
	./$(BUILD)/app/guihua gen --out $(OUT)/synthetic --end 2023-12
	./$(BUILD)/app/guihua indicators import data/indicators/hengyang-synthetic-indicators.csv --db $(DB)
	./$(BUILD)/app/guihua data import $(OUT)/synthetic/observations.csv --db $(DB)
	@./$(BUILD)/app/guihua evaluate --db $(DB) --as-of 2023 --format xlsx --out $(OUT)/评估结果.xlsx
	@./$(BUILD)/app/guihua evaluate --db $(DB) --as-of 2023 | sed -n '/按属性汇总/,$$p'
	@echo
	@echo "数据库 database:            $(DB)"
	@echo "任务分解表 task table:       $(OUT)/任务分解表.xlsx"
	@echo "指标评估 evaluation:         $(OUT)/评估结果.xlsx（截至 2023 年 as of 2023）"
	@echo "查看任务 list tasks:         ./$(BUILD)/app/guihua tasks --db $(DB)"
	@echo "指标评估 evaluate:           ./$(BUILD)/app/guihua evaluate --db $(DB) --as-of 2023"
	@echo
	@# The first admin: created once, with a random password printed only now.
	@if ./$(BUILD)/app/guihua user list --db $(DB) | grep -E '^[^ ]+ +admin ' | grep -vqE '已停用|disabled'; then \
	  echo "管理员已存在 an admin exists (重设密码 reset: ./$(BUILD)/app/guihua user passwd NAME --db $(DB))"; \
	else \
	  ./$(BUILD)/app/guihua user add admin --role admin --random-password --db $(DB) || exit 1; \
	  echo "请记下密码，只显示这一次 note the password: it is shown only once"; \
	fi
	@# A demo reporting round (this quarter, due in 30 days) unless one is open, and a
	@# publication for the public portal.
	@if ! ./$(BUILD)/app/guihua round list --format json --db $(DB) | grep -q '"closed": false'; then \
	  y=$$(date +%Y); q=$$(( ($$(date +%-m) - 1) / 3 + 1 )); \
	  ./$(BUILD)/app/guihua round open "$${y}年第$${q}季度" --period "$${y}-Q$${q}" \
	    --due "$$(date -d '+30 days' +%F)" --db $(DB) || exit 1; \
	fi
	@./$(BUILD)/app/guihua publish --as-of 2023 --note "演示数据（含合成数据，非官方）demo data, partly synthetic" --db $(DB) >/dev/null
	@echo
	@echo "服务地址 open:               http://127.0.0.1:8080  （公开 public: http://127.0.0.1:8080/public；Ctrl-C 停止 stop）"
	./$(BUILD)/app/guihua serve --db $(DB) --web web/dist

test: deps
	$(MAKE) test-release
	$(MAKE) test-e2e
	$(MAKE) test-asan
	$(MAKE) fuzz-smoke FUZZ_SECONDS=10

test-release: $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# The web application in headless Chromium against the real server (tests/e2e/run.mjs);
# screenshots of every main screen land in $(BUILD)/e2e/.
test-e2e: web $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS) --target guihua
	node tests/e2e/run.mjs --build $(BUILD) --out $(BUILD)/e2e

$(ASAN_BUILD)/build.ninja:
	cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DGUIHUA_SANITIZE=ON -DGUIHUA_BENCH=OFF

test-asan: $(ASAN_BUILD)/build.ninja
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
	  UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -j $(JOBS)

$(FUZZ_BUILD)/build.ninja:
	CC=clang CXX=clang++ cmake -S . -B $(FUZZ_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DGUIHUA_FUZZ=ON -DGUIHUA_TESTS=OFF -DGUIHUA_BENCH=OFF

# Runs every fuzz target for FUZZ_SECONDS on its seed corpus: make fuzz FUZZ_SECONDS=600
# A crash, leak or timeout fails the target (the fuzzer's own exit status) and leaves the
# reproducer as crash-*/leak-*/timeout-* in the working directory.
fuzz: deps $(FUZZ_BUILD)/build.ninja
	cmake --build $(FUZZ_BUILD) -j $(JOBS)
	@set -o pipefail; for f in $(FUZZ_BUILD)/fuzz/*_fuzz; do \
	  name=$$(basename $$f _fuzz); mkdir -p fuzz/corpus-run/$$name; \
	  echo "== $$name ($(FUZZ_SECONDS)s)"; \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
	  $$f -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048 -print_final_stats=1 \
	    fuzz/corpus-run/$$name fuzz/corpus/$$name > $(FUZZ_BUILD)/$$name.log 2>&1; rc=$$?; \
	  grep -E 'stat::number_of_executed_units' $(FUZZ_BUILD)/$$name.log; \
	  if [ $$rc -ne 0 ]; then tail -40 $(FUZZ_BUILD)/$$name.log; echo "fuzz target $$name failed"; exit 1; fi; \
	done

fuzz-smoke: fuzz

# Regenerates the binary fixtures under tests/golden/ (docx, pdf, html, xlsx) from tests/tools/.
fixtures:
	@tools/install-deps.sh fixtures
	for g in tests/tools/make_*.py; do /usr/bin/python3 $$g || exit 1; done

bench: build
	BUILD=$(BUILD) bench/parse
	BUILD=$(BUILD) bench/eval

format:
	clang-format -i $$(git ls-files '*.cc' '*.h')

tidy: $(BUILD)/build.ninja
	clang-tidy -p $(BUILD) $$(git ls-files 'src/*.cc' 'app/*.cc')

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD) web/dist web/src/generated
