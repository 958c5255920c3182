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
#                                       traces, then its bundle against its
#                                       baseline: PASS/FAIL evidence.<config>
#                                       lines in $(RES)/evidence.res
# The bundle reads what the other steps wrote (test results, proof results,
# wcet.json, ...); it builds no image.  Before the bundle, `evidence`
# measures the footprint of the configuration's image when it is built
# (tools/footprint --config-only: no variant is built, about a second).

EVIDENCE_TOOL := $(PYTHON) tools/evidence --root .
# Wall-clock seconds of QEMU per trace (spec/evidence.md gives the cost).
EVIDENCE_TRACE_SECONDS ?= 3
# check-evidence records the traces of every configuration unless this is no.
EVIDENCE_TRACES ?= yes

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
# EVIDENCE_TRACE_SECONDS and keeps the core's pcs (build/<config>/wcet-trace.pcs),
# `tools/wcet measure` cuts them into path instances; it fails when a
# measured maximum exceeds its bound (the JSON is written all the same).
evidence-traces:
	@rm -f $(B)/wcet-measured.json
	@test -f $(B)/proteus.elf || { echo "evidence-traces: no $(B)/proteus.elf (make image CONFIG=$(CONFIG))"; exit 1; }
	@$(PYTHON) tools/wcet trace $(B)/proteus.elf -o $(B)/wcet-trace.pcs --qemu $(QEMU) \
	    --seconds $(EVIDENCE_TRACE_SECONDS) > $(B)/wcet-trace.log 2>&1 \
	    || { cat $(B)/wcet-trace.log; exit 1; }
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
# log is build/evidence-<config>.txt.
check-evidence:
	@mkdir -p $(RES)
	@: > $(RES)/evidence.res
	@for c in $(CONFIGS); do \
	    $(MAKE) -k --no-print-directory evidence-inputs CONFIG=$$c > $(BUILD)/evidence-$$c.txt 2>&1; \
	    inputs=$$?; \
	    $(EVIDENCE_TOOL) --config $$c --out $(BUILD)/$$c/evidence --check >> $(BUILD)/evidence-$$c.txt 2>&1; \
	    check=$$?; \
	    if [ $$check -ne 0 ]; then echo "FAIL evidence.$$c (see $(BUILD)/evidence-$$c.txt)"; \
	    elif [ $$inputs -ne 0 ]; then echo "FAIL evidence.$$c (its footprint or traces failed: see $(BUILD)/evidence-$$c.txt)"; \
	    else echo "PASS evidence.$$c"; fi >> $(RES)/evidence.res; \
	done
	@cat $(RES)/evidence.res
