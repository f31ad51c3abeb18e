# Cluster support assistant. `make help` lists the targets.
# Two environments (see README): .venv/rasa (Python 3.10, Rasa server) and
# .venv/actions (Python 3.11, action server + knowledge layer). Every target sets up what it needs.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

RASA_PY    := .venv/rasa/bin/python
ACTIONS_PY := .venv/actions/bin/python
SPACY_DIR  := var/spacy/cluster_en
SPACY_INPUTS := $(wildcard bot/nlu/gazetteer*.py) bot/nlu/spacy_build.py \
	$(wildcard taxonomy/*.py) contracts/ordinals.py $(wildcard bot/gazetteers/*.yml) \
	$(wildcard knowledge/data/taxonomies/*.csv) $(wildcard knowledge/data/taxonomies/*.yml) \
	knowledge/data/clusters/cluster_profiles.jsonl
RESULTS    := var/test-results

export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export TF_CPP_MIN_LOG_LEVEL := 2
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help setup web browser spacy index train run test lint format test-unit test-bot validate \
	nlu-eval nlu-cv nlu-bench synonyms test-stories test-e2e test-channels shell bench bench-load eval refresh-calls lock clean embed-model \
	services run-scaled test-scaled faults analytics

help: ## list the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | \
		awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-14s %s\n", $$1, $$2}'

setup: .venv/rasa/.cluster-stamp .venv/actions/.cluster-stamp ## create or refresh both environments

# The stamp's content is a hash of the requirement files; the script reinstalls only when it changed.
.venv/rasa/.cluster-stamp: requirements/rasa.txt requirements/rasa.lock scripts/setup_env.sh
	@bash scripts/setup_env.sh rasa
	@touch $@

.venv/actions/.cluster-stamp: requirements/actions.txt requirements/actions.lock scripts/setup_env.sh
	@bash scripts/setup_env.sh actions
	@touch $@

web: ## install the widget's pinned socket.io-client (npm ci, skipped when up to date)
	@bash bot/web/setup.sh

browser: ## install Debian chromium + chromium-driver for the browser test (needs root)
	@bash scripts/install_browser.sh

spacy: $(SPACY_DIR)/meta.json ## build the project's spaCy pipeline (EntityRuler over gazetteers)

$(SPACY_DIR)/meta.json: $(SPACY_INPUTS) | .venv/rasa/.cluster-stamp
	$(RASA_PY) -m bot.nlu.spacy_build --out $(SPACY_DIR)
	@touch $@

# The partner index is embedded with an int8 ONNX export of the packaged model (made from its local
# files once, cached under var/models; a few seconds when already there).
embed-model: setup ## export the packaged embedding model to ONNX (cached in var/models) and publish it for the NLU pipeline
	$(ACTIONS_PY) -m knowledge model export

index: setup embed-model ## build the partner index if it is missing or stale
	$(ACTIONS_PY) -m knowledge index build

train: setup spacy embed-model ## train the Rasa model if config, domain, data or pipeline changed
	$(RASA_PY) -m bot.ops.train

run: setup web spacy index train ## run the assistant: action server + Rasa server (Ctrl-C stops both)
	$(ACTIONS_PY) scripts/stack.py

# `make test` in two stages. First training and the checks that need no running server, two at a
# time (`-j2`): training works on about one core (the intent classifier's L-BFGS over sparse
# features is most of it) and every other check here is one process, so a 2-core machine (CI)
# runs the unit suites while the model trains; lint comes first (a quick failure), and the
# model's own checks (nlu-eval, test-stories) wait for `train` through their prerequisites.
# `--output-sync` prints each check's output in one block when it ends; the first failure stops
# the stage (make finishes the running check, then fails). Then the stages with real servers, one
# at a time: their stacks use both cores, and their start-up and reply timeouts assume they have
# them (docs/benchmarks.md "s15-speed15").
TEST_BESIDE_TRAINING := train lint test-unit test-bot validate nlu-eval test-stories
TEST_WITH_SERVERS := test-e2e test-channels test-scaled

test: setup web browser services spacy index ## everything CI runs
	$(MAKE) --no-print-directory -j2 --output-sync=target $(TEST_BESIDE_TRAINING)
	$(MAKE) --no-print-directory $(TEST_WITH_SERVERS)
	@echo "make test: all checks passed"

lint: setup ## ruff lint and format check on every Python file
	.venv/actions/bin/ruff check .
	.venv/actions/bin/ruff format --check .

format: setup ## apply ruff's formatting and safe fixes
	.venv/actions/bin/ruff check --fix .
	.venv/actions/bin/ruff format .

test-unit: setup services ## unit tests of the action/knowledge environment (includes the real-model test)
	CLUSTER_REQUIRE_POSTGRES=1 $(ACTIONS_PY) -m pytest -m "not integration" tests/knowledge tests/actions tests/contracts tests/house tests/taxonomy tests/i18n -q

test-bot: setup spacy embed-model ## unit tests of the Rasa environment (spaCy pipeline, run configuration, channels)
	$(RASA_PY) -m pytest -W ignore::pytest.PytestConfigWarning -m "not integration" tests/bot tests/taxonomy tests/i18n -q

test-channels: setup index train ## Slack and Teams connectors against the real servers and local fake Slack/Microsoft services
	$(RASA_PY) -m pytest -W ignore::pytest.PytestConfigWarning -m integration tests/bot -q

validate: setup ## rasa data validate (domain/, NLU, stories, rules)
	$(RASA_PY) -m rasa data validate --domain domain --fail-on-warnings

# The gate in `make test` is a regression floor just under what the model reaches on the held-out
# split with LinearIntentClassifier (bot/nlu/linear_intent.py): macro-F1 0.988, out_of_scope
# recall 1.000 (26 of 26); the floor leaves room for a few texts and stays above issue 5's targets
# (0.93, 0.85). See docs/benchmarks.md "NLU". --entities also prints the gazetteer ruler's entity F1.
NLU_GATE := --min-macro-f1 0.95 --min-oos-recall 0.92 --entities tests/nlu/heldout.yml

nlu-eval: train ## held-out NLU evaluation with the main model, gated against regressions
	$(RASA_PY) -m rasa test nlu --nlu tests/nlu/heldout.yml --domain domain --model models/current.tar.gz \
		--out $(RESULTS)/nlu-heldout
	$(RASA_PY) -m bot.nlu.gate $(RESULTS)/nlu-heldout/intent_report.json $(NLU_GATE)

# Not part of `make test`: five trainings, 7.5 to 16 min on a shared 2-core machine. Folds are
# shuffled without a fixed seed, so two runs differ by a point or two.
nlu-cv: setup spacy embed-model ## 5-fold NLU cross-validation over data/nlu into var/nlu-cv, prints macro-F1 and out_of_scope recall
	nice -n 10 $(RASA_PY) -m rasa test nlu --nlu data/nlu --domain domain --config config.yml --cross-validation \
		--folds 5 --out var/nlu-cv
	$(RASA_PY) -m bot.nlu.gate var/nlu-cv/intent_report.json --report-only

# Faster and steadier for comparing pipeline variants: the same components in one process, the
# fixed parts computed once, seeded folds repeated over 3 seeds (about 3 min per seed and config).
nlu-bench: setup spacy embed-model ## seeded repeated 5-fold CV of config.yml (bench/nlu_cv.py), table on stdout
	nice -n 10 $(RASA_PY) -W ignore -m bench.nlu_cv --config config.yml --seeds 3 \
		--errors var/nlu-bench/errors.json

test-stories: train ## Rasa story tests, failing on any prediction error
	$(RASA_PY) -m rasa test core --stories tests/stories --e2e --model models/current.tar.gz \
		--fail-on-prediction-errors --out $(RESULTS)/core

test-e2e: setup web browser index train ## start both real servers on free ports and talk to them over REST
	$(ACTIONS_PY) -m pytest -m integration tests/e2e -q --durations=8

services: ## install Debian's PostgreSQL, Redis and nginx for the scaled deployment (needs root)
	@bash scripts/install_services.sh

run-scaled: setup web services spacy index train ## PostgreSQL + Redis + 2 Rasa + 2 action servers behind nginx (Ctrl-C stops all)
	$(ACTIONS_PY) scripts/scaled.py

test-scaled: setup services index train ## the scaled stack (PostgreSQL, Redis, 2 Rasa, 2 action servers) end to end
	$(ACTIONS_PY) -m pytest -m integration tests/scaled -q

faults: setup services index train ## bounded fault run on loopback (kill -9, PostgreSQL/Redis restarts), report on stdout
	$(ACTIONS_PY) -m bench.faults

analytics: setup ## staff report from the event broker and the stores (CLUSTER_EVENT_BROKER_URL, CLUSTER_DATABASE_URL)
	$(ACTIONS_PY) -m actions.analytics

shell: setup web spacy index train ## start the assistant and chat with it in this terminal
	$(ACTIONS_PY) scripts/stack.py --chat

bench: setup index ## partner-search benchmarks (tables on stdout)
	$(ACTIONS_PY) -m bench.partners

# Not part of `make test`: two stacks on loopback, about 10 minutes, stops by itself.
bench-load: setup web spacy index train ## load on one Rasa instance, baseline and speed-ups interleaved (bench/load.py)
	$(ACTIONS_PY) -m bench.load

eval: setup index ## partner-search quality (P@5, R@10, nDCG@10) per ranking mode
	$(ACTIONS_PY) -m bench.eval_partners

# data/nlu/generated/synonyms.yml is committed (tests/bot/test_spacy_pipeline.py checks it is up to
# date); regenerate it after editing a gazetteer.
synonyms: setup ## regenerate the Rasa entity synonyms from the gazetteers (data/nlu/generated/synonyms.yml)
	$(RASA_PY) -m bot.nlu.spacy_build --out $(SPACY_DIR) --synonyms data/nlu/generated/synonyms.yml

refresh-calls: setup ## refresh the calls store from the EU Funding & Tenders portal (last good store kept on failure)
	$(ACTIONS_PY) -m knowledge calls refresh $(if $(TODAY),--today $(TODAY))

lock: setup ## regenerate the lock files from the current environments
	@(echo "# Generated by 'make lock' (pip freeze). Constraints file."; \
		.venv/rasa/bin/python -m pip freeze --exclude-editable) > requirements/rasa.lock
	@(echo "# Generated by 'make lock' (pip freeze). Constraints file."; \
		.venv/actions/bin/python -m pip freeze --exclude-editable | \
		sed 's/^torch==\(.*\)+cpu$$/torch==\1/') > requirements/actions.lock

clean: ## remove built artefacts (keeps the environments and conversations)
	rm -rf models var/spacy var/index var/test-results results .rasa
