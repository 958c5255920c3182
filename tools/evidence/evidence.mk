# tools/evidence/evidence.mk: the evidence bundle (spec/evidence.md),
# included by the top-level Makefile after tests/check.mk.
#
#   make evidence        [CONFIG=demo]  write build/<config>/evidence/ from
#                                       what the other steps wrote
#   make evidence-traces [CONFIG=demo]  record one bounded QEMU trace of the
#                                       built image and write from it the
#                                       measured maxima (wcet-measured.json)
#                                       and the target coverage
#                                       (coverage-target.json) of build/<config>/
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

# One trace per configuration (tools/wcet trace) feeds both the WCET
# measured maxima and the object-code coverage on target.  It runs until a
# budget of QEMU log lines "Trace ...", guest lines at core addresses
# included: under -icount the same budget gives the same trace, the same
# measured maxima and the same coverage on every machine.  It traces every
# executable section of the core but idle_loop (the ranges the coverage
# needs; the reload loops' lines count).  Each budget ends some 15 % after
# the line of the last event a longer trace of the configuration showed
# early: a new instruction or branch direction covered, or a path's first
# measured instance (spec/evidence.md, "Trace budgets", gives those lines
# and the cost: about 150,000 lines a second).  TRACE_LINES=N overrides
# them all; TRACE_TIMEOUT is a wall-clock guard that fails the trace,
# never a bound.
TRACE_TIMEOUT ?= 900
TRACE_LINES_DEFAULT := 2400000
TRACE_LINES_demo              := 7500000
TRACE_LINES_device            := 3200000
TRACE_LINES_full              := 4200000
TRACE_LINES_isolation         := 12800000
TRACE_LINES_isolation-fp      := 12800000
TRACE_LINES_isolation-halt    := 1000000
TRACE_LINES_isolation-minimal := 12500000
TRACE_LINES_minimal           := 3500000
TRACE_LINES_paravirt          := 3500000
TRACE_LINES_switch            := 1900000
TRACE_LINES_timing-fault      := 4400000
TRACE_LINES_timing-quiet      := 3500000
TRACE_LINES_timing-spin       := 3500000
trace_lines = $(or $(TRACE_LINES),$(TRACE_LINES_$(1)),$(TRACE_LINES_DEFAULT))
COVERAGE_TOOL := $(PYTHON) tools/evidence/coverage_target.py

.PHONY: evidence evidence-accept evidence-footprint evidence-traces evidence-coverage \
        evidence-inputs check-evidence

# build/<config>/footprint-config.json from the built image; removed first,
# so the bundle never reads the footprint of an older image.
evidence-footprint:
	@rm -f $(B)/footprint-config.json
	@if [ -f $(B)/proteus.elf ]; then \
	    CROSS=$(CROSS) $(PYTHON) tools/footprint --config-only --name $(CONFIG) --build $(BUILD) \
	        --json $(B)/footprint-config.json $(CONFIG_FILE) > $(B)/footprint-config.txt \
	    || { rm -f $(B)/footprint-config.json; exit 1; }; \
	else echo "evidence: no $(B)/proteus.elf, no footprint (make image CONFIG=$(CONFIG))"; fi

# build/<config>/wcet-trace.pcs: `tools/wcet trace` runs the image for its
# budget of lines and keeps the core's pcs; from them `tools/wcet measure`
# writes build/<config>/wcet-measured.json (it fails when a measured maximum
# exceeds its bound; the JSON is written all the same) and
# coverage_target.py --pcs writes build/<config>/coverage-target.json.  Both
# run whatever the other gave; the outputs are removed first, so the bundle
# never reads those of an older trace.
evidence-traces:
	@rm -f $(B)/wcet-measured.json $(B)/coverage-target.json
	@test -f $(B)/proteus.elf || { echo "evidence-traces: no $(B)/proteus.elf (make image CONFIG=$(CONFIG))"; exit 1; }
	@$(PYTHON) tools/wcet trace $(B)/proteus.elf -o $(B)/wcet-trace.pcs --qemu $(QEMU) \
	    --lines $(call trace_lines,$(CONFIG)) --seconds $(TRACE_TIMEOUT) \
	    > $(B)/wcet-trace.log 2>&1 || { cat $(B)/wcet-trace.log; exit 1; }
	@$(PYTHON) tools/wcet measure $(B)/proteus.elf $(B)/wcet-trace.pcs \
	    --json $(B)/wcet-measured.json > $(B)/wcet-measured.txt 2>&1; \
	    measured=$$?; cat $(B)/wcet-measured.txt; \
	    $(COVERAGE_TOOL) $(B)/proteus.elf -o $(B)/coverage-target.json --pcs $(B)/wcet-trace.pcs; \
	    covered=$$?; [ $$measured -eq 0 ] && [ $$covered -eq 0 ]

# The coverage comes from the same trace.
evidence-coverage: evidence-traces

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
#   make evidence-coverage [CONFIG=demo]  the same as evidence-traces: the
#                                         trace's pcs give the coverage
#                                         section's target input,
#                                         build/<config>/coverage-target.json
# check-evidence-inputs traces every configuration (EVIDENCE_TRACES=no
# leaves the traces out: the bundles then read whatever build/ holds).
