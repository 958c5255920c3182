# proofs/proofs.mk: Frama-C WP over the core's C, included by the Makefile.
#
#   make proofs [CONFIG=demo]                 every core C file, this configuration
#   make proofs CONFIG=demo PROOF_SRCS="..."  some files, with the tables, one run
#   make check-proofs                         proofs/proved.list, every configuration
#
# WP with RTE guards, signed and unsigned overflow, smoke tests; provers z3
# and cvc4 through why3.  tools/proofplan proves each unit of
# proofs/proved.list once per distinct preprocessed text (kind text) or per
# configuration (kind tables), prints goals proven/total per run and writes
# build/<config>/proofs/results.json (per function; the evidence bundle
# reads it).  Every command fails unless every goal it ran is proven and
# every smoke test passed (proofs/README.md).
#
# WP's cache (build/wp-cache) answers a goal whose prover task is
# byte-identical to one already proven, within make check's run and
# between local runs; a clean clone starts without it.  WP_CACHE=none
# turns it off, WP_CACHE=rebuild re-proves everything.

WP_CACHE ?= update
# frama-c processes at once (WP itself runs on one core; its provers on -wp-par).
PROOF_JOBS ?= 2
WP_FLAGS := -c11 -wp -wp-rte -warn-signed-overflow -warn-unsigned-overflow \
    -wp-smoke-tests -wp-prover z3,cvc4 -wp-timeout 30 -wp-par 2 \
    -wp-cache $(WP_CACHE) -wp-cache-dir $(CURDIR)/$(BUILD)/wp-cache
PROOF_PLAN = $(PYTHON) tools/proofplan
# The core files no unit of proved.list holds: make proofs adds them, with
# the tables, as the unit "rest" (which fails while they are not proven).
PROVED_FILES := $(shell sed -e 's/\#.*//' proofs/proved.list | awk 'NF >= 3 {for (i = 3; i <= NF; i++) if ($$i !~ /^only=/) print $$i}')
PROOF_REST := $(filter-out $(PROVED_FILES),$(CORE_SRCS))

.PHONY: proofs check-proofs

ifdef PROOF_SRCS
PROOF_DIR ?= $(B)/proofs
proofs: $(GEN)/.stamp
	@mkdir -p $(PROOF_DIR) $(BUILD)/wp-cache
	@rm -f $(PROOF_DIR)/wp.json
	@echo "frama-c WP over $(words $(PROOF_SRCS)) file(s), configuration $(CONFIG) (log: $(PROOF_DIR)/wp.log)"
	@frama-c $(WP_FLAGS) -cpp-extra-args="-Ikernel/include -I$(GEN)" \
	    $(PROOF_SRCS) $(GEN)/config_data.c -wp-report-json $(PROOF_DIR)/wp.json \
	    > $(PROOF_DIR)/wp.log 2>&1 || { tail -20 $(PROOF_DIR)/wp.log; exit 1; }
	@$(PYTHON) tools/wpreport $(PROOF_DIR)/wp.json --label $(CONFIG) --out $(PROOF_DIR)/results.json
else
proofs: $(GEN)/.stamp
	@mkdir -p $(B)/proofs $(BUILD)/wp-cache
	@{ cat proofs/proved.list; \
	   $(if $(PROOF_REST),echo "rest tables $(PROOF_REST)";) } > $(B)/proofs/units.list
	@echo "frama-c WP, configuration $(CONFIG): the units of proofs/proved.list$(if $(PROOF_REST), and the rest:$(PROOF_REST:kernel/core/%=%)) (logs: $(BUILD)/proofs/)"
	@$(PROOF_PLAN) run --list $(B)/proofs/units.list --build $(BUILD) --cpp $(CROSS)gcc \
	    --wp-flags "$(WP_FLAGS)" $(CONFIG)
endif

# make check: every unit of proved.list, every configuration.
check-proofs:
	@mkdir -p $(RES) $(BUILD)/wp-cache
	@: > $(RES)/proofs.res
	@for c in $(CONFIGS); do $(MAKE) --no-print-directory CONFIG=$$c $(BUILD)/$$c/gen/.stamp \
	    > /dev/null || echo "FAIL proofs.$$c (configuration not generated)" >> $(RES)/proofs.res; done
	@$(PROOF_PLAN) run --list proofs/proved.list --build $(BUILD) --cpp $(CROSS)gcc --results $(RES)/proofs.res \
	    --wp-flags "$(WP_FLAGS)" --jobs $(PROOF_JOBS) $(CONFIGS) || true
	@grep -q . $(RES)/proofs.res || echo "FAIL proofs.run (no result)" >> $(RES)/proofs.res
