# proofs/proofs.mk: Frama-C WP over the core's C, included by the Makefile.
#
#   make proofs [CONFIG=demo]                 every core C file, this configuration
#   make proofs CONFIG=demo PROOF_SRCS="..."  some files, with the tables, one run
#   make check-proofs                         proofs/proved.list, every configuration
#   make proofs-cache                         the verdicts of build/wp-cache into
#                                             proofs/wp-cache.txt (to commit)
#   make proofs-cache-refresh                 proofs/wp-cache.txt anew, from a run
#                                             of every prover (stale entries go)
#   make proofs-full                          check-proofs with every prover run
#                                             again, no verdict reused
#
# WP with RTE guards, signed and unsigned overflow, smoke tests; provers z3
# and cvc4 through why3.  tools/proofplan proves each unit of
# proofs/proved.list once per distinct preprocessed text (kind text) or per
# configuration (kind tables), prints goals proven/total per run and writes
# build/<config>/proofs/results.json (per function; the evidence bundle
# reads it).  Every command fails unless every goal it ran is proven and
# every smoke test passed (proofs/README.md).
#
# WP's verdict cache (build/wp-cache) answers a prover call whose task is
# byte-identical to one already made (its key is the digest of the whole
# verification condition); the committed verdicts, proofs/wp-cache.txt,
# are unpacked into it before every run, so a clean clone reuses them and
# proves anything new or changed with the provers (proofs/README.md, "The
# verdict cache").  Smoke tests are never cached.  WP_CACHE=none turns the
# cache off (proofs-full), WP_CACHE=rebuild re-proves everything and
# records the verdicts.

WP_CACHE ?= update
WP_CACHE_FILE := proofs/wp-cache.txt
WP_CACHE_DIR := $(BUILD)/wp-cache
# The committed verdicts are used by the modes that read the cache.
wp_cache_unpack = $(if $(filter update replay,$(WP_CACHE)),test ! -f $(WP_CACHE_FILE) || $(PYTHON) tools/wpcache unpack $(WP_CACHE_FILE) $(WP_CACHE_DIR) > /dev/null,true)
# frama-c processes at once: WP itself runs on one core and its provers on
# -wp-par, and it waits 50 ms between polls of its provers, so a third
# process fills the time the other two wait (two cores).
PROOF_JOBS ?= 3
WP_FLAGS := -c11 -wp -wp-rte -warn-signed-overflow -warn-unsigned-overflow \
    -wp-smoke-tests -wp-smoke-timeout 1 -wp-prover z3,cvc4 -wp-timeout 30 -wp-par 2 \
    -wp-cache $(WP_CACHE) -wp-cache-dir $(CURDIR)/$(WP_CACHE_DIR)
PROOF_PLAN = $(PYTHON) tools/proofplan
# The units check-proofs runs (another list: a quicker local run).
PROOF_LIST ?= proofs/proved.list
# The core files no unit of proved.list holds: make proofs adds them, with
# the tables, as the unit "rest" (which fails while they are not proven).
PROVED_FILES := $(shell sed -e 's/\#.*//' proofs/proved.list | awk 'NF >= 3 {for (i = 3; i <= NF; i++) if ($$i !~ /^only=/) print $$i}')
PROOF_REST := $(filter-out $(PROVED_FILES),$(CORE_SRCS))

.PHONY: proofs check-proofs

ifdef PROOF_SRCS
PROOF_DIR ?= $(B)/proofs
proofs: $(GEN)/.stamp
	@mkdir -p $(PROOF_DIR) $(WP_CACHE_DIR)
	@$(wp_cache_unpack)
	@rm -f $(PROOF_DIR)/wp.json
	@echo "frama-c WP over $(words $(PROOF_SRCS)) file(s), configuration $(CONFIG) (log: $(PROOF_DIR)/wp.log)"
	@frama-c $(WP_FLAGS) -cpp-extra-args="-Ikernel/include -I$(GEN)" \
	    $(PROOF_SRCS) $(GEN)/config_data.c -wp-report-json $(PROOF_DIR)/wp.json \
	    > $(PROOF_DIR)/wp.log 2>&1 || { tail -20 $(PROOF_DIR)/wp.log; exit 1; }
	@$(PYTHON) tools/wpreport $(PROOF_DIR)/wp.json --label $(CONFIG) --out $(PROOF_DIR)/results.json
else
proofs: $(GEN)/.stamp
	@mkdir -p $(B)/proofs $(WP_CACHE_DIR)
	@$(wp_cache_unpack)
	@{ cat proofs/proved.list; \
	   $(if $(PROOF_REST),echo "rest tables $(PROOF_REST)";) } > $(B)/proofs/units.list
	@echo "frama-c WP, configuration $(CONFIG): the units of proofs/proved.list$(if $(PROOF_REST), and the rest:$(PROOF_REST:kernel/core/%=%)) (logs: $(BUILD)/proofs/)"
	@$(PROOF_PLAN) run --list $(B)/proofs/units.list --build $(BUILD) --cpp $(CROSS)gcc \
	    --wp-flags "$(WP_FLAGS)" $(CONFIG)
endif

# make check: every unit of proved.list, every configuration.
check-proofs:
	@mkdir -p $(RES) $(WP_CACHE_DIR)
	@: > $(RES)/proofs.res
	@$(wp_cache_unpack) || echo "FAIL proofs.cache ($(WP_CACHE_FILE) is not a verdict file: see above)" >> $(RES)/proofs.res
	@for c in $(CONFIGS); do $(MAKE) --no-print-directory CONFIG=$$c $(BUILD)/$$c/gen/.stamp \
	    > /dev/null || echo "FAIL proofs.$$c (configuration not generated)" >> $(RES)/proofs.res; done
	@$(PROOF_PLAN) run --list $(PROOF_LIST) --build $(BUILD) --cpp $(CROSS)gcc --results $(RES)/proofs.res \
	    --wp-flags "$(WP_FLAGS)" --jobs $(PROOF_JOBS) $(CONFIGS) || true
	@grep -q . $(RES)/proofs.res || echo "FAIL proofs.run (no result)" >> $(RES)/proofs.res

.PHONY: proofs-cache proofs-cache-refresh proofs-full
proofs-cache:
	@$(PYTHON) tools/wpcache pack $(WP_CACHE_DIR) $(WP_CACHE_FILE)

proofs-cache-refresh:
	@rm -rf $(WP_CACHE_DIR) && mkdir -p $(RES)
	@$(MAKE) --no-print-directory check-proofs WP_CACHE=rebuild
	@cat $(RES)/proofs.res
	@if grep -q '^FAIL' $(RES)/proofs.res; then echo "proofs-cache-refresh: a run failed, $(WP_CACHE_FILE) kept"; exit 1; fi
	@$(MAKE) --no-print-directory proofs-cache

proofs-full:
	@mkdir -p $(RES)
	@$(MAKE) --no-print-directory check-proofs WP_CACHE=none
	@cat $(RES)/proofs.res
	@! grep -q '^FAIL' $(RES)/proofs.res
