# tools/evidence/evidence.mk: the evidence bundle (spec/evidence.md),
# included by the top-level Makefile after tests/check.mk.
#
#   make evidence        [CONFIG=demo]  write build/<config>/evidence/ from
#                                       what the other steps wrote
#   make evidence-traces [CONFIG=demo]  record a bounded QEMU trace of the
#                                       built image and write the measured
#                                       maxima, build/<config>/wcet-measured.json
#   make evidence-accept [CONFIG=demo]  regenerate the bundle and make it the
#                                       committed baseline evidence/<config>/
#   make check-evidence                 every configuration: its footprint and
#                                       traces (check-evidence-inputs), then
#                                       its bundle against its baseline
#                                       (check-evidence-bundles): PASS/FAIL
#                                       evidence.<config> in $(RES)/evidence.res
# The bundle reads what the other steps wrote (test results, proof results,
# wcet.json, ...); it builds no image.  Before the bundle, `evidence`
# measures the footprint of the configuration's image when it is built
# (tools/footprint --config-only: no variant is built, about a second).

EVIDENCE_TOOL := $(PYTHON) tools/evidence --root .
# check-evidence records the traces of every configuration unless this is no.
EVIDENCE_TRACES ?= yes

# The WCET trace of a configuration (tools/wcet trace) runs until a budget
# of QEMU log lines "Trace ...", guest lines at core addresses included:
# under -icount the same budget gives the same trace, and the same measured
# maxima, on every machine.  Each budget ends some 15-20 % after the line
# where the last path the configuration's guests make early first
# completes (spec/evidence.md, "Trace budgets", gives those lines, what
# stays out and the cost: about 130,000-200,000 lines a second).
# WCET_TRACE_LINES=N overrides them all; WCET_TRACE_TIMEOUT is a wall-clock
# guard that fails the trace, never a bound.
WCET_TRACE_TIMEOUT ?= 900
WCET_TRACE_LINES_DEFAULT := 1000000
WCET_TRACE_LINES_demo              := 3100000
WCET_TRACE_LINES_device            := 1900000
WCET_TRACE_LINES_full              := 2800000
WCET_TRACE_LINES_isolation         := 7500000
WCET_TRACE_LINES_isolation-fp      := 7500000
WCET_TRACE_LINES_isolation-halt    := 600000
WCET_TRACE_LINES_isolation-minimal := 5600000
WCET_TRACE_LINES_timing-fault      := 3500000
WCET_TRACE_LINES_timing-fault-fp   := 1200000
WCET_TRACE_LINES_timing-quiet      := 3100000
WCET_TRACE_LINES_timing-spin       := 3100000
wcet_trace_lines = $(or $(WCET_TRACE_LINES),$(WCET_TRACE_LINES_$(1)),$(WCET_TRACE_LINES_DEFAULT))

.PHONY: evidence evidence-accept evidence-footprint evidence-traces evidence-inputs check-evidence

# build/<config>/footprint-config.json from the built image; removed first,
# so the bundle never reads the footprint of an older image.
evidence-footprint:
	@rm -f $(B)/footprint-config.json
	@if [ -f $(B)/proteus.elf ]; then \
	    CROSS=$(CROSS) $(PYTHON) tools/footprint --config-only --name $(CONFIG) --build $(BUILD) \
	        --json $(B)/footprint-config.json $(CONFIG_FILE) > $(B)/footprint-config.txt \
	    || { rm -f $(B)/footprint-config.json; exit 1; }; \
	else echo "evidence: no $(B)/proteus.elf, no footprint (make image CONFIG=$(CONFIG))"; fi

# build/<config>/wcet-measured.json: `tools/wcet trace` runs the image for
# its budget of lines and keeps the core's pcs (build/<config>/wcet-trace.pcs),
# `tools/wcet measure` cuts them into path instances; it fails when a
# measured maximum exceeds its bound (the JSON is written all the same).
evidence-traces:
	@rm -f $(B)/wcet-measured.json
	@test -f $(B)/proteus.elf || { echo "evidence-traces: no $(B)/proteus.elf (make image CONFIG=$(CONFIG))"; exit 1; }
	@$(PYTHON) tools/wcet trace $(B)/proteus.elf -o $(B)/wcet-trace.pcs --qemu $(QEMU) \
	    --lines $(call wcet_trace_lines,$(CONFIG)) --seconds $(WCET_TRACE_TIMEOUT) \
	    > $(B)/wcet-trace.log 2>&1 || { cat $(B)/wcet-trace.log; exit 1; }
	@$(PYTHON) tools/wcet measure $(B)/proteus.elf $(B)/wcet-trace.pcs \
	    --json $(B)/wcet-measured.json > $(B)/wcet-measured.txt 2>&1; \
	    rc=$$?; cat $(B)/wcet-measured.txt; exit $$rc

evidence-inputs: evidence-footprint
ifeq ($(EVIDENCE_TRACES),yes)
evidence-inputs: evidence-traces
endif

# A footprint that fails leaves the section not generated (its error is
# printed); the baseline is only written from a complete run.
evidence:
	@$(MAKE) --no-print-directory evidence-footprint || true
	@$(EVIDENCE_TOOL) --config $(CONFIG) --out $(B)/evidence

evidence-accept: evidence-footprint
	@$(EVIDENCE_TOOL) --config $(CONFIG) --out $(B)/evidence --accept

# Per configuration: the inputs, then the check, whatever the inputs gave
# (the bundle shows what is missing); a failure of either is a FAIL.  The
# log is build/evidence-<config>.txt.  make check runs the two halves
# apart: the inputs in its QEMU lane, the bundles after the proofs.
.PHONY: check-evidence-inputs check-evidence-bundles
check-evidence: check-evidence-inputs
	@$(MAKE) --no-print-directory check-evidence-bundles

check-evidence-inputs:
	@mkdir -p $(RES)
	@for c in $(CONFIGS); do \
	    $(MAKE) -k --no-print-directory evidence-inputs CONFIG=$$c > $(BUILD)/evidence-$$c.txt 2>&1; \
	    echo $$? > $(RES)/evidence-inputs-$$c.rc; \
	done

check-evidence-bundles:
	@mkdir -p $(RES)
	@: > $(RES)/evidence.res
	@for c in $(CONFIGS); do \
	    inputs=$$(cat $(RES)/evidence-inputs-$$c.rc 2>/dev/null || echo missing); \
	    $(EVIDENCE_TOOL) --config $$c --out $(BUILD)/$$c/evidence --check >> $(BUILD)/evidence-$$c.txt 2>&1; \
	    check=$$?; \
	    if [ $$check -ne 0 ]; then echo "FAIL evidence.$$c (see $(BUILD)/evidence-$$c.txt)"; \
	    elif [ "$$inputs" != 0 ]; then echo "FAIL evidence.$$c (its footprint or traces failed or did not run: see $(BUILD)/evidence-$$c.txt)"; \
	    else echo "PASS evidence.$$c"; fi >> $(RES)/evidence.res; \
	done
	@cat $(RES)/evidence.res

# ---- object-code coverage on target (spec/evidence.md, Coverage) ---------
#   make evidence-coverage [CONFIG=demo]  trace the configuration's core in
#                                         QEMU: build/<config>/coverage-target.json,
#                                         the coverage section's target input
#   With EVIDENCE_COVERAGE=yes, check-evidence first traces every
#   configuration (check-evidence-coverage, about 4-6 minutes for all of
#   them); by default make check uses the host half and any trace already
#   in build/ (the section's target half is "not generated" without one).
# The image boots in QEMU as its scenarios boot it, under tools/wcet's
# per-instruction trace, until a budget of QEMU log lines (guest lines at
# core addresses included: they are the cost): under -icount the same
# budget gives the same trace, so summary.json stays byte-identical.  The
# budgets (measured in spec/evidence.md) end just after the last window or
# fault event a longer trace of the configuration reaches early; about
# 100,000 lines a second.  COVERAGE_LINES=N overrides them all.
COVERAGE_TOOL := $(PYTHON) tools/evidence/coverage_target.py
COVERAGE_TIMEOUT ?= 900
COVERAGE_LINES_DEFAULT := 2400000
COVERAGE_LINES_demo              := 7500000
COVERAGE_LINES_device            := 3200000
COVERAGE_LINES_full              := 4200000
COVERAGE_LINES_isolation-halt    := 1000000
COVERAGE_LINES_minimal           := 3500000
COVERAGE_LINES_paravirt          := 3500000
COVERAGE_LINES_switch            := 2000000
COVERAGE_LINES_timing-fault      := 4400000
COVERAGE_LINES_timing-quiet      := 3500000
COVERAGE_LINES_timing-spin       := 3500000
coverage_lines = $(or $(COVERAGE_LINES),$(COVERAGE_LINES_$(1)),$(COVERAGE_LINES_DEFAULT))
coverage_run = $(COVERAGE_TOOL) $(BUILD)/$(1)/proteus.elf -o $(BUILD)/$(1)/coverage-target.json \
    --lines $(call coverage_lines,$(1)) --timeout $(COVERAGE_TIMEOUT) --qemu $(QEMU)

.PHONY: evidence-coverage check-evidence-coverage

evidence-coverage: $(B)/proteus.elf
	@$(call coverage_run,$(CONFIG))

# Never fails: a configuration whose trace failed has no coverage-target.json,
# and its evidence check reports the section's target half missing.
check-evidence-coverage:
	@$(foreach c,$(CONFIGS),$(call coverage_run,$(c)) > $(BUILD)/coverage-$(c).txt 2>&1 \
	    || echo "coverage trace of $(c) failed (see $(BUILD)/coverage-$(c).txt)";)

EVIDENCE_COVERAGE ?= no
ifeq ($(EVIDENCE_COVERAGE),yes)
check-evidence-inputs: check-evidence-coverage
endif
