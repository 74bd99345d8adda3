#!/usr/bin/env python3
"""Builds routing evaluation sets from two public labelled intent data sets.

  Banking77  PolyAI-LDN/task-specific-datasets, banking_data/{train,test}.csv
  HWU64      xliuhw/NLU-Evaluation-Data, CrossValidation/autoGeneFromRealAnno/.../KFold_<n>/testset/text/<intent>.txt

For each set: every fifth intent (in sorted order, starting with the fifth) is held out as out of
scope; its messages are labelled `default`. The other intents become agents of catalogue.json
(description: the intent name in words; examples: EXAMPLES utterances). tune.jsonl (for fitting
thresholds) and test.jsonl (for the report) hold other utterances of every intent, in scope and
held out, never an example. labels.jsonl holds up to LABELS_PER_INTENT further utterances of every
intent (held-out ones labelled `default`), disjoint from the examples, tune and test: the labelled
traffic `route-eval --labels ... --learn` routes with. Sampling is seeded, so the same commit gives
the same files.

usage: build_intent_sets.py OUT_DIR --banking77 REPO_DIR --hwu64 REPO_DIR
  (REPO_DIR: a git clone; the commit used is written to SOURCE)
"""
import argparse
import csv
import io
import json
import os
import random
import re
import shutil
import subprocess

EXAMPLES = 8
TUNE_PER_INTENT = 4
TEST_PER_INTENT = 10
LABELS_PER_INTENT = 100
HOLD_OUT_EVERY = 5
SEED = 16
HWU_ROOT = "CrossValidation/autoGeneFromRealAnno/autoGene_2018_03_22-13_01_25_169/CrossValidation"


def git(repo, *args):
    return subprocess.run(["git", "-C", repo, *args], check=True, capture_output=True, text=True).stdout


def agent_name(intent):
    return re.sub(r"[^a-z0-9_-]", "", intent.lower().replace(" ", "_"))[:64]


def write_set(out_dir, name, pools, source):
    """pools: intent -> (utterances for examples/tune, utterances for test, further utterances for labels);
    writes catalogue and splits."""
    rng = random.Random(SEED)
    # A second generator for the labels, so adding them left the other files as they were.
    label_rng = random.Random(SEED + 1)
    intents = sorted(pools)
    held_out = {intent for i, intent in enumerate(intents) if i % HOLD_OUT_EVERY == HOLD_OUT_EVERY - 1}
    agents, tune, test, labels = [], [], [], []
    every_test_text = {t for pool in pools.values() for t in pool[1]}
    for intent in intents:
        train, held, extra = pools[intent]
        train = sorted(set(train))
        held = sorted(set(held) - set(train))
        rng.shuffle(train)
        rng.shuffle(held)
        label = "default" if intent in held_out else agent_name(intent)
        if intent not in held_out:
            agents.append({"name": label, "description": intent.replace("_", " ").rstrip("?"), "examples": train[:EXAMPLES]})
        tune += [{"text": t, "agent": label} for t in train[EXAMPLES:EXAMPLES + TUNE_PER_INTENT]]
        test += [{"text": t, "agent": label} for t in held[:TEST_PER_INTENT]]
        used = set(train[:EXAMPLES + TUNE_PER_INTENT]) | every_test_text
        pool = sorted((set(train[EXAMPLES + TUNE_PER_INTENT:]) | set(extra)) - used)
        label_rng.shuffle(pool)
        labels += [{"text": t, "agent": label} for t in pool[:LABELS_PER_INTENT]]
    root = os.path.join(out_dir, name)
    shutil.rmtree(root, ignore_errors=True)
    os.makedirs(root)
    with open(os.path.join(root, "catalogue.json"), "w", encoding="utf-8") as f:
        json.dump({"min_confidence": 0.3, "example_weight": 0.5, "scoring": "classifier", "agents": agents}, f, indent=1, ensure_ascii=False)
        f.write("\n")
    for split, rows in (("tune", tune), ("test", test), ("labels", labels)):
        with open(os.path.join(root, f"{split}.jsonl"), "w", encoding="utf-8") as f:
            for row in rows:
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
    with open(os.path.join(root, "SOURCE"), "w", encoding="utf-8") as f:
        f.write(source + f"\nheld out as out of scope (label default): {', '.join(sorted(held_out))}\n")
    print(f"{name}: {len(agents)} agents, {len(held_out)} intents held out, {len(tune)} tune, {len(test)} test,"
          f" {len(labels)} labels -> {root}")


def banking77(repo):
    commit = git(repo, "rev-parse", "HEAD").strip()
    pools = {}
    for split, slot in (("train", 0), ("test", 1)):
        for row in csv.DictReader(io.StringIO(git(repo, "show", f"{commit}:banking_data/{split}.csv"))):
            pools.setdefault(row["category"], ([], [], []))[slot].append(row["text"].strip())
    return pools, f"Banking77: github.com/PolyAI-LDN/task-specific-datasets commit {commit}, banking_data/train.csv" \
        " (examples, tune, labels) and test.csv (test)"


def hwu64(repo):
    commit = git(repo, "rev-parse", "HEAD").strip()
    pools = {}
    files = git(repo, "ls-tree", "-r", "--name-only", commit, HWU_ROOT).splitlines()
    for path in sorted(files):
        parts = path.split("/")
        if len(parts) < 4 or parts[-3:-1] != ["testset", "text"] or not path.endswith(".txt"):
            continue
        fold = int(parts[-4].split("_")[1])
        intent = parts[-1][:-4]
        # Folds 1-3 give examples and tune; folds 4-5 give test; folds 6-10 give labels. The folds are disjoint.
        slot = 0 if fold <= 3 else 1 if fold <= 5 else 2
        lines = [l.strip() for l in git(repo, "show", f"{commit}:{path}").splitlines() if l.strip()]
        pools.setdefault(intent, ([], [], []))[slot].extend(lines)
    return pools, f"HWU64: github.com/xliuhw/NLU-Evaluation-Data commit {commit}, {HWU_ROOT}/KFold_1..3" \
        " (examples, tune), KFold_4..5 (test) and KFold_6..10 (labels), testset/text/<intent>.txt"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out_dir")
    parser.add_argument("--banking77", required=True)
    parser.add_argument("--hwu64", required=True)
    args = parser.parse_args()
    pools, source = banking77(args.banking77)
    write_set(args.out_dir, "banking77", pools, source)
    pools, source = hwu64(args.hwu64)
    write_set(args.out_dir, "hwu64", pools, source)


if __name__ == "__main__":
    main()
