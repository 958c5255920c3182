# tests/check.mk: `make check`, included by the top-level Makefile.
# Every step writes PASS/FAIL lines into build/results/<step>.res and never
# stops the others; tests/summary.py prints the closing "N passed, N failed".

RES := $(BUILD)/results
UNIT := $(BUILD)/unit
HOSTCC ?= gcc

.PHONY: check check-tools check-unit check-static check-native check-fuzz \
        check-configs check-config check-timing coverage check-differential check-fuzz-virt

# Two lanes at once on the two cores: the proofs (Frama-C, check-proofs)
# and the steps that run QEMU and the host tests, one after the other (the
# evidence bundle's inputs last); then the bundles, which read what both
# lanes wrote.  Every configuration is generated before the lanes start, so
# that no two makes write one configuration's files.  The proofs lane's
# output is printed when both lanes are done (build/check-proofs.log).
check: setup
	@rm -rf $(RES) && mkdir -p $(RES)
	@$(MAKE) --no-print-directory check-gen
	@$(MAKE) --no-print-directory -k -j2 check-lanes || true
	@$(MAKE) --no-print-directory check-evidence-bundles || true
	@$(PYTHON) tests/summary.py $(RES) --expect "$(CHECK_STEPS)"

.PHONY: check-gen check-lanes check-lane-proofs check-lane-tests
check-gen: guests
	@for c in $(CONFIGS); do $(MAKE) --no-print-directory CONFIG=$$c $(BUILD)/$$c/gen/.stamp > /dev/null \
	    || echo "configuration $$c not generated"; done

check-lanes: check-lane-proofs check-lane-tests

check-lane-proofs:
	@$(MAKE) --no-print-directory check-proofs > $(BUILD)/check-proofs.log 2>&1 || true
	@echo "---- proofs (build/check-proofs.log)"
	@cat $(BUILD)/check-proofs.log

# The steps of the tests lane one after the other (each one's own
# prerequisites may still use a free job slot once the proofs are done).
LANE_TESTS := check-tools check-unit check-static check-native check-fuzz check-configs check-timing \
              check-differential check-fuzz-virt check-evidence-inputs
check-lane-tests:
	@for s in $(LANE_TESTS); do $(MAKE) --no-print-directory -k $$s || true; done

# Every step must leave its result file; a missing one counts as a failure.
CHECK_STEPS := tools unit static native fuzz timing differential fuzzvirt proofs evidence \
               $(addprefix config-,$(CONFIGS))

# Python tools and the QEMU harness's own tests.
check-tools: guests
	@mkdir -p $(RES)
	@$(MAKE) --no-print-directory image CONFIG=demo > $(BUILD)/tools-image.log 2>&1 || true
	@$(PYTHON) tests/pyunit.py tests/tools tests/qemu tests/fuzz tests/features > $(RES)/tools.res 2>&1 || true
	@grep -E '^(PASS|FAIL)' $(RES)/tools.res | grep -c . | sed 's/^/tools: /;s/$$/ tests/'

# ---- host unit tests of the core C, with gcov line/branch coverage -----
UNIT_CONF  := tests/unit/unit.conf
UNIT_GEN   := $(UNIT)/gen
# The tests named test_fp_* build against unit-fp.conf (the fixed-priority
# scheduler, SCHED-005), in a generated directory of their own; both kinds
# run in check-unit and their coverage data merge into one report.
UNIT_FP_CONF := tests/unit/unit-fp.conf
UNIT_FP_GEN  := $(UNIT)/gen-fp
UNIT_TESTS := $(basename $(notdir $(wildcard tests/unit/test_*.c)))
UNIT_CFLAGS := -std=c11 -O0 -g -Wall -Wextra -Werror --coverage \
    -Ikernel/include -I$(UNIT_GEN) -Itests/unit
UNIT_FP_CFLAGS := $(patsubst -I$(UNIT_GEN),-I$(UNIT_FP_GEN),$(UNIT_CFLAGS))
UNIT_DEPS := tests/unit/mock_arch.c tests/unit/mock_arch.h $(CORE_SRCS) $(CORE_HDRS)

$(UNIT_GEN)/.stamp: $(UNIT_CONF) $(CONFIG_TOOL) $(GUEST_ELFS)
	@mkdir -p $(UNIT_GEN)
	$(PYTHON) tools/config --root . --out $(UNIT_GEN) $<
	@touch $@

$(UNIT_FP_GEN)/.stamp: $(UNIT_FP_CONF) $(CONFIG_TOOL) $(GUEST_ELFS)
	@mkdir -p $(UNIT_FP_GEN)
	$(PYTHON) tools/config --root . --out $(UNIT_FP_GEN) $<
	@touch $@

# $(call unit_link,CFLAGS,GEN): the test binary $@ from $<, the mock and the
# core, with the tables generated into GEN (the mock reads GEN/images.bin).
unit_link = @mkdir -p $(UNIT)/obj-$(@F) && cd $(UNIT)/obj-$(@F) && \
    $(HOSTCC) $(1:-I%=-I$(CURDIR)/%) -DMOCK_GEN_DIR='"$(2)"' \
    $(CURDIR)/$< $(CURDIR)/tests/unit/mock_arch.c $(addprefix $(CURDIR)/,$(CORE_SRCS)) \
    $(CURDIR)/$(2)/config_data.c -lcmocka -o $(CURDIR)/$@

# The shorter stem wins: test_fp_* take the first rule.
$(UNIT)/test_fp_%: tests/unit/test_fp_%.c $(UNIT_DEPS) $(UNIT_FP_GEN)/.stamp
	$(call unit_link,$(UNIT_FP_CFLAGS),$(UNIT_FP_GEN))

$(UNIT)/%: tests/unit/%.c $(UNIT_DEPS) $(UNIT_GEN)/.stamp
	$(call unit_link,$(UNIT_CFLAGS),$(UNIT_GEN))

# gcovr, with the functions a file defines under either scheduler merged.
UNIT_GCOVR := $(PYTHON) tests/unit/gcovr_configs.py

check-unit:
	@mkdir -p $(RES) $(UNIT)
	@find $(UNIT) -name '*.gcda' -delete
	@: > $(RES)/unit.res
	@for t in $(UNIT_TESTS); do \
	    if ! $(MAKE) --no-print-directory $(UNIT)/$$t > $(UNIT)/$$t.build.log 2>&1; then \
	        echo "FAIL unit.$$t (does not build: $(UNIT)/$$t.build.log)" >> $(RES)/unit.res; continue; fi; \
	    CMOCKA_MESSAGE_OUTPUT=TAP $(UNIT)/$$t > $(UNIT)/$$t.tap 2>&1; \
	    sed -n -e "s/^ok [0-9]* - \(.*\)/PASS unit.$$t.\1/p" \
	           -e "s/^not ok [0-9]* - \(.*\)/FAIL unit.$$t.\1/p" $(UNIT)/$$t.tap >> $(RES)/unit.res; \
	    grep -q '^ok\|^not ok' $(UNIT)/$$t.tap || echo "FAIL unit.$$t (no result: crashed?)" >> $(RES)/unit.res; \
	done
	@$(UNIT_GCOVR) --root . --filter kernel/core/ --object-directory $(UNIT) --branches \
	    --txt $(UNIT)/coverage-branch.txt --json-summary $(UNIT)/coverage.json $(UNIT) >/dev/null 2>&1 || true
	@$(UNIT_GCOVR) --root . --filter kernel/core/ --object-directory $(UNIT) \
	    --txt $(UNIT)/coverage.txt $(UNIT) >/dev/null 2>&1 || true
	@grep -c . $(RES)/unit.res | sed 's/^/unit: /;s/$$/ tests/'
	@tail -n 3 $(UNIT)/coverage.txt 2>/dev/null | grep TOTAL | sed 's/^/unit line coverage: /' || true
	@tail -n 3 $(UNIT)/coverage-branch.txt 2>/dev/null | grep TOTAL | sed 's/^/unit branch coverage: /' || true

# ---- static checks ------------------------------------------------------
check-static:
	@mkdir -p $(RES)
	@if cppcheck --quiet --error-exitcode=1 --std=c11 --enable=warning,portability \
	    --inline-suppr -Ikernel/include -I$(UNIT_GEN) $(CORE_SRCS) > $(BUILD)/cppcheck.txt 2>&1; \
	then echo "PASS static.cppcheck"; else echo "FAIL static.cppcheck (see $(BUILD)/cppcheck.txt)"; fi > $(RES)/static.res
	@$(MAKE) --no-print-directory $(UNIT_FP_GEN)/.stamp > /dev/null 2>&1 || true
	@if cppcheck --quiet --error-exitcode=1 --std=c11 --enable=warning,portability \
	    --inline-suppr -Ikernel/include -I$(UNIT_FP_GEN) $(CORE_SRCS) > $(BUILD)/cppcheck-fp.txt 2>&1; \
	then echo "PASS static.cppcheck-fixed-priority"; \
	else echo "FAIL static.cppcheck-fixed-priority (see $(BUILD)/cppcheck-fp.txt)"; fi >> $(RES)/static.res
	@if grep -nE '__asm__|\basm\b *\(|\bmalloc\b|\bfree *\(' $(CORE_SRCS) > $(BUILD)/forbidden.txt; \
	then echo "FAIL static.core-forbidden-constructs (see $(BUILD)/forbidden.txt)"; \
	else echo "PASS static.core-forbidden-constructs"; fi >> $(RES)/static.res
	@cat $(RES)/static.res

# ---- guests on the bare board ---------------------------------------------
check-native: guests
	@mkdir -p $(RES)
	@$(PYTHON) tests/qemu/scenario.py --log-dir $(BUILD)/scenarios \
	    $(sort $(wildcard tests/scenarios/native/*.scn)) > $(RES)/native.res 2>&1 || true
	@cat $(RES)/native.res

# ---- fuzzing: the fixed seed set runs natively twice (icount shift 0 and 2)
# and the final-state dumps must match (the oracle for the virtualized runs)
check-fuzz:
	@mkdir -p $(RES)
	@$(MAKE) --no-print-directory fuzz-check > $(BUILD)/fuzz.txt 2>&1 || true
	@grep -E '^(PASS|FAIL)' $(BUILD)/fuzz.txt > $(RES)/fuzz.res || true
	@echo "fuzz: $$(grep -c '^PASS' $(RES)/fuzz.res) of $$(grep -c . $(RES)/fuzz.res) seeds deterministic natively"

# ---- every configuration: build its image, check that its disabled
# capabilities left no symbol (CFG-003) and that its code works around the
# board's deviations (DEV-003, DEV-006), run its scenarios, bound its paths
check-configs:
	@for c in $(CONFIGS); do $(MAKE) --no-print-directory check-config CONFIG=$$c; done

check-config:
	@mkdir -p $(RES)
	@if $(MAKE) --no-print-directory image CONFIG=$(CONFIG) > $(B)-build.log 2>&1; \
	then echo "PASS build.$(CONFIG)"; else echo "FAIL build.$(CONFIG) (see $(B)-build.log)"; fi > $(RES)/config-$(CONFIG).res
	@scns="$(sort $(wildcard tests/scenarios/$(CONFIG)/*.scn))"; \
	if [ -z "$$scns" ]; then echo "FAIL scenarios.$(CONFIG) (configuration has no scenario)" >> $(RES)/config-$(CONFIG).res; \
	else $(PYTHON) tests/qemu/scenario.py --log-dir $(BUILD)/scenarios $$scns >> $(RES)/config-$(CONFIG).res 2>&1 || true; fi
	@$(PYTHON) tests/features/absent.py $(B)/proteus.elf $(GEN)/config.h >> $(RES)/config-$(CONFIG).res 2>&1 \
	    || echo "FAIL features.$(CONFIG) (see the lines above)" >> $(RES)/config-$(CONFIG).res
	@$(PYTHON) tests/features/deviations.py $(B)/proteus.lst $(GEN)/config.h >> $(RES)/config-$(CONFIG).res 2>&1 \
	    || echo "FAIL deviations.$(CONFIG) (see the lines above)" >> $(RES)/config-$(CONFIG).res
	@if $(MAKE) --no-print-directory wcet CONFIG=$(CONFIG) > $(B)-wcet.log 2>&1; \
	then echo "PASS wcet.$(CONFIG)"; else echo "FAIL wcet.$(CONFIG) (see $(B)-wcet.log)"; fi >> $(RES)/config-$(CONFIG).res
	@cat $(RES)/config-$(CONFIG).res

# ---- time partitioning: window starts with and without a spinning or a
# faulting partition, under each scheduler (cyclic, and fixed priority:
# the -fp configurations).  The bound (time-base ticks) is justified in
# spec/architecture.md (SCHED-004).
TIMING_BOUND := 2500
check-timing:
	@mkdir -p $(RES)
	@: > $(RES)/timing.res
	@for sched in "" -fp; do for other in spin fault; do \
	    $(PYTHON) tests/qemu/timing_compare.py tests/scenarios/timing-quiet$$sched/windows.scn \
	        tests/scenarios/timing-$$other$$sched/windows.scn --bound $(TIMING_BOUND) \
	        > $(BUILD)/timing-$$other$$sched.txt 2>&1; \
	    grep -E '^(PASS|FAIL)' $(BUILD)/timing-$$other$$sched.txt >> $(RES)/timing.res \
	        || echo "FAIL timing quiet$$sched vs $$other$$sched (see $(BUILD)/timing-$$other$$sched.txt)" \
	        >> $(RES)/timing.res; \
	    grep -E '^max' $(BUILD)/timing-$$other$$sched.txt | sed "s/^/timing quiet$$sched vs $$other$$sched: /"; \
	done; done
	@cat $(RES)/timing.res

# ---- full-virtualization equivalence (tests/differential/README.md): each
# guest natively and, unmodified, in a partition under the core; transcripts
# compared, dev.* lines against tests/differential/<guest>.dev.  REQ: FV-010.
DIFF_GUESTS ?= rtos isa_msr isa_spr isa_dcr isa_cache isa_tlb isa_exc
DIFF_JOBS   ?= 2
DIFF_ARGS   ?=
.PHONY: differential
differential: guests
	$(PYTHON) tests/qemu/differential.py --jobs $(DIFF_JOBS) --qemu $(QEMU) $(DIFF_ARGS) $(DIFF_GUESTS)

# The same comparison under other feature sets (CFG-003): the emulation's
# C path alone (no fast path), and the full-virtualization basis of
# config/minimal.conf with the guests that need nothing more.
DIFF_BASIS := fv_fast_path=off,virtual_timers=off,virtual_uic=off,virtual_tlb=off
DIFF_BASIS_GUESTS := isa_msr isa_cache
check-differential: guests
	@mkdir -p $(RES)
	@$(MAKE) --no-print-directory differential > $(BUILD)/differential.txt 2>&1 || true
	@$(MAKE) --no-print-directory differential DIFF_ARGS="--features fv_fast_path=off --tag cpath" \
	    >> $(BUILD)/differential.txt 2>&1 || true
	@$(MAKE) --no-print-directory differential DIFF_ARGS="--features $(DIFF_BASIS) --tag basis" \
	    DIFF_GUESTS="$(DIFF_BASIS_GUESTS)" >> $(BUILD)/differential.txt 2>&1 || true
	@grep -E '^(PASS|FAIL)' $(BUILD)/differential.txt > $(RES)/differential.res || true
	@runs=$$(( 2 * $(words $(DIFF_GUESTS)) + $(words $(DIFF_BASIS_GUESTS)) )); \
	    echo "differential: $$(grep -c '^PASS' $(RES)/differential.res) of $$runs runs equivalent"

# A fixed set of fuzzed programs natively and virtualized (any number:
# make fuzz-virt SEEDS=N).  REQ: FV-010.
FUZZ_VIRT_CHECK_SEEDS ?= 0-19
check-fuzz-virt: guests
	@mkdir -p $(RES)
	@$(PYTHON) tests/fuzz/run.py --seed-list $(FUZZ_VIRT_CHECK_SEEDS) --virtualized \
	    --build-dir $(BUILD)/fuzz-virt-check > $(BUILD)/fuzzvirt.txt 2>&1 || true
	@grep -E '^(PASS|FAIL)' $(BUILD)/fuzzvirt.txt | sed 's/^\(PASS\|FAIL\) fuzz\./\1 fuzzvirt./' \
	    > $(RES)/fuzzvirt.res || true
	@echo "fuzz-virt: $$(grep -c '^PASS' $(RES)/fuzzvirt.res) of $$(grep -c . $(RES)/fuzzvirt.res) seeds equivalent"
