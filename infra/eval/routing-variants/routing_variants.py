#!/usr/bin/env python3
"""Compares examples-only routing scores on the public routing sets (docs/quality.md, "How the
classifier was chosen"). Every variant is judged the same way: per-agent thresholds fitted on the
tune file as route-eval's ThresholdFit does; cross-validated accuracy on tune (5 folds, 20
repeats, thresholds refitted on four folds) is what chooses, test accuracy is printed for the
record.

  ./mvnw -q -pl eval -am -DskipTests package
  python3 infra/eval/routing-variants/routing_variants.py [--model minilm|bge-small]

Needs numpy and scipy. Texts are embedded once by EmbedTexts.java with the evaluation build.
"""
import argparse, json, os, subprocess, sys, tempfile
import numpy as np
from scipy.optimize import minimize

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
SETS = ["hwu64", "banking77"]


def load_sets():
    sets = {}
    for name in SETS:
        d = os.path.join(ROOT, "eval", "sets", "routing", name)
        catalogue = json.load(open(os.path.join(d, "catalogue.json"), encoding="utf-8"))
        splits = {f: [json.loads(l) for l in open(os.path.join(d, f + ".jsonl"), encoding="utf-8")]
                  for f in ("tune", "test")}
        sets[name] = (catalogue, splits)
    return sets


def embed(texts, model):
    java = os.path.join(os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "java")
    lib = os.path.join(ROOT, "eval", "target")
    cp = os.path.join(lib, "tributary-eval.jar") + os.pathsep + os.path.join(lib, "lib", "*")
    with tempfile.TemporaryDirectory() as tmp:
        src, out = os.path.join(tmp, "texts.txt"), os.path.join(tmp, "vectors.bin")
        open(src, "w", encoding="utf-8").write("\n".join(texts) + "\n")
        subprocess.run([java, "--enable-native-access=ALL-UNNAMED", "-DOPT_OUT_TRACKING=true",
                        "-Dai.djl.offline=true", "-cp", cp, os.path.join(os.path.dirname(__file__), "EmbedTexts.java"),
                        src, out, model], check=True, stderr=subprocess.DEVNULL)
        return np.fromfile(out, dtype=">f4").reshape(len(texts), -1).astype(np.float64)


class RoutingSet:
    def __init__(self, catalogue, splits, vector):
        self.agents = [a["name"] for a in catalogue["agents"]]
        self.desc = np.array([vector(a["description"]) for a in catalogue["agents"]])
        self.examples = [np.array([vector(e) for e in a["examples"]]) for a in catalogue["agents"]]
        for split, rows in splits.items():
            setattr(self, split + "_x", np.array([vector(r["text"]) for r in rows]))
            setattr(self, split + "_y", np.array([-1 if r["agent"] == "default" else self.agents.index(r["agent"])
                                                  for r in rows]))


def similarity(s, x, w=0.5):
    return np.stack([w * (x @ e.T).max(1) + (1 - w) * (x @ s.desc[j]) for j, e in enumerate(s.examples)], 1)


def prototype(s, x, w=0.3):
    cols = []
    for j, e in enumerate(s.examples):
        p = e.sum(0) + s.desc[j]
        cols.append(w * (x @ e.T).max(1) + (1 - w) * (x @ (p / np.linalg.norm(p))))
    return np.stack(cols, 1)


def softmax(z):
    z = z - z.max(1, keepdims=True)
    p = np.exp(z)
    return p / p.sum(1, keepdims=True)


def training(s):
    x = np.vstack(s.examples + [s.desc])
    y = np.concatenate([np.full(len(e), j) for j, e in enumerate(s.examples)] + [np.arange(len(s.agents))])
    return x, y


def logistic(s, lam):
    """Converged L2 softmax regression (CatalogueClassifier's objective)."""
    x, y = training(s)
    n, d = x.shape
    k = len(s.agents)
    onehot = np.eye(k)[y]

    def objective(theta):
        w, b = theta[:d * k].reshape(d, k), theta[d * k:]
        p = softmax(x @ w + b)
        g = (p - onehot) / n
        loss = -np.log(p[np.arange(n), y] + 1e-300).mean() + lam / 2 * (w * w).sum()
        return loss, np.concatenate([(x.T @ g + lam * w).ravel(), g.sum(0)])

    theta = minimize(objective, np.zeros(d * k + k), jac=True, method="L-BFGS-B",
                     options={"maxiter": 5000, "gtol": 1e-8}).x
    w, b = theta[:d * k].reshape(d, k), theta[d * k:]
    return lambda q: softmax(q @ w + b)


def early_stopped(s, c, t, steps=200, rate=0.5):
    """Softmax regression after a fixed number of gradient steps on temperature-scaled vectors."""
    x, y = training(s)
    n, d = x.shape
    k = len(s.agents)
    w, b, onehot = np.zeros((d, k)), np.zeros(k), np.eye(k)[y]
    for _ in range(steps):
        g = (softmax(t * (x @ w) + b) - onehot) / n
        w -= rate * (t * x.T @ g + w / (c * n))
        b -= rate * g.sum(0)
    return lambda q: softmax(t * (q @ w) + b)


def fit_threshold(best, score, y):
    grid = np.round(np.arange(0, 0.9001, 0.01), 2)
    right = np.array([np.where(score >= t, y == best, y == -1).sum() for t in grid])
    top, start, length, i = right.max(), 0, 0, 0
    while i < len(grid):
        if right[i] != top:
            i += 1
            continue
        j = i
        while j + 1 < len(grid) and right[j + 1] == top:
            j += 1
        if j - i + 1 > length:
            start, length = i, j - i + 1
        i = j + 1
    return round((start + (length - 1) / 2.0) * 0.01, 2)


def fit_thresholds(scores, y, fallback=0.3):
    best, top = scores.argmax(1), scores.max(1)
    thresholds = np.full(scores.shape[1], fallback)
    for agent in np.unique(best):
        mine = best == agent
        thresholds[agent] = fit_threshold(best[mine], top[mine], y[mine])
    return thresholds


def judge(scores, y, thresholds):
    best = scores.argmax(1)
    routed = np.where(scores[np.arange(len(scores)), best] >= thresholds[best], best, -1)
    to_default = routed == -1
    return (routed == y).mean(), (to_default & (y == -1)).sum() / max((y == -1).sum(), 1)


def cross_validated(scores, y, rng):
    accuracy = []
    for _ in range(20):
        folds = np.array_split(rng.permutation(len(y)), 5)
        for k in range(5):
            held = folds[k]
            fit = np.concatenate([folds[i] for i in range(5) if i != k])
            accuracy.append(judge(scores[held], y[held], fit_thresholds(scores[fit], y[fit]))[0])
    return float(np.mean(accuracy))


def variants(s):
    yield "similarity (ADR 8)", lambda q: similarity(s, q)
    yield "prototype blend 0.3 max + 0.7 prototype", lambda q: prototype(s, q)
    yield "softmax over prototype scores, temperature 20", lambda q: softmax(20 * prototype(s, q))
    for lam in (0.3, 0.1, 0.03, 0.01, 0.003, 0.001, 1e-4, 1e-5, 3e-6, 1e-6):
        yield "logistic regression, L2 %g" % lam, logistic(s, lam)
    for c in (1, 10):
        for t in (5, 10, 20):
            yield "logistic regression, 200 gradient steps, C %d, T %d" % (c, t), early_stopped(s, c, t)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default="minilm")
    args = parser.parse_args()
    sets = load_sets()
    texts = sorted({t for catalogue, splits in sets.values()
                    for t in [a["description"] for a in catalogue["agents"]]
                    + [e for a in catalogue["agents"] for e in a["examples"]]
                    + [r["text"] for rows in splits.values() for r in rows]})
    vectors = embed([t.replace("\n", " ") for t in texts], args.model)
    index = {t: vectors[i] for i, t in enumerate(texts)}
    results = {}
    for name, (catalogue, splits) in sets.items():
        s = RoutingSet(catalogue, splits, lambda t: index[t])
        for variant, score in variants(s):
            tune, test = score(s.tune_x), score(s.test_x)
            cv = cross_validated(tune, s.tune_y, np.random.default_rng(7))
            accuracy, recall = judge(test, s.test_y, fit_thresholds(tune, s.tune_y))
            results.setdefault(variant, {})[name] = (cv, accuracy, recall)
    print("| variant | mean CV accuracy | " + " | ".join("CV %s | test %s (default recall)" % (n, n) for n in SETS) + " |")
    print("|---|---|" + "---|---|" * len(SETS))
    for variant, by_set in sorted(results.items(), key=lambda kv: -np.mean([v[0] for v in kv[1].values()])):
        cells = " | ".join("%.3f | %.3f (%.3f)" % by_set[n] for n in SETS)
        print("| %s | %.3f | %s |" % (variant, np.mean([v[0] for v in by_set.values()]), cells))


if __name__ == "__main__":
    sys.exit(main())
