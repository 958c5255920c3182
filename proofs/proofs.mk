# proofs/proofs.mk: Frama-C WP over the core's C, included by the Makefile.
#
#   make proofs [CONFIG=demo] [PROOF_SRCS="kernel/core/x.c ..."]
#
# Runs WP (RTE guards, signed and unsigned overflow, smoke tests; provers
# z3 and cvc4 through why3) over the core C of one configuration together
# with its generated tables, prints goals proven/total per function and a
# summary, writes build/<config>/proofs/results.json, and fails unless
# every goal is proven and every smoke test passes.
# proofs/proved.list names the files whose proofs are complete: `make
# check` requires 100% on those (proofs/README.md).

WP_FLAGS := -c11 -wp -wp-rte -warn-signed-overflow -warn-unsigned-overflow \
    -wp-smoke-tests -wp-prover z3,cvc4 -wp-timeout 30 -wp-par 2
PROOF_SRCS ?= $(CORE_SRCS)
PROVED_ONCE := $(shell sed -e 's/\#.*//' proofs/proved.list | awk 'NF == 1 {print $$1}')
PROVED_PER_CONFIG := $(shell sed -e 's/\#.*//' proofs/proved.list | awk '$$2 == "per-config" {print $$1}')
PROOF_DIR ?= $(B)/proofs

.PHONY: proofs check-proofs

proofs: $(GEN)/.stamp
	@mkdir -p $(PROOF_DIR)
	@rm -f $(PROOF_DIR)/wp.json
	@echo "frama-c WP over $(words $(PROOF_SRCS)) file(s), configuration $(CONFIG) (log: $(PROOF_DIR)/wp.log)"
	@frama-c $(WP_FLAGS) -cpp-extra-args="-Ikernel/include -I$(GEN)" \
	    $(PROOF_SRCS) $(GEN)/config_data.c -wp-report-json $(PROOF_DIR)/wp.json \
	    > $(PROOF_DIR)/wp.log 2>&1 || { tail -20 $(PROOF_DIR)/wp.log; exit 1; }
	@$(PYTHON) tools/wpreport $(PROOF_DIR)/wp.json --label $(CONFIG) --out $(PROOF_DIR)/results.json

# make check: the completed files must stay 100% proven, the per-config
# ones for every configuration.
check-proofs:
	@mkdir -p $(RES)
	@: > $(RES)/proofs.res
	@if $(MAKE) --no-print-directory proofs CONFIG=demo PROOF_SRCS="$(PROVED_ONCE)" \
	        PROOF_DIR=$(BUILD)/proofs-common \
	        > $(BUILD)/proofs-common.txt 2>&1; \
	then echo "PASS proofs.common"; else echo "FAIL proofs.common (see $(BUILD)/proofs-common.txt)"; fi >> $(RES)/proofs.res
	@grep '^proofs ' $(BUILD)/proofs-common.txt | sed 's/^proofs demo:/proofs common:/' || true
	@for c in $(CONFIGS); do \
	    if $(MAKE) --no-print-directory proofs CONFIG=$$c PROOF_SRCS="$(PROVED_PER_CONFIG)" \
	            > $(BUILD)/proofs-$$c.txt 2>&1; \
	    then echo "PASS proofs.$$c"; else echo "FAIL proofs.$$c (see $(BUILD)/proofs-$$c.txt)"; fi >> $(RES)/proofs.res; \
	    grep '^proofs ' $(BUILD)/proofs-$$c.txt || true; \
	done
	@cat $(RES)/proofs.res
