"""Meaning conditions: a small classifier per tag, fitted on example messages kept in git.

A tag's examples (one message per line in a text file next to the rules) are its positives; the
rules file's shared routine examples are every tag's negatives. Over sentence embeddings, a
logistic regression separates the two; its threshold is chosen by cross-validation so that the
tag fires on as many held-out positives as it can while firing on at most a set share of held-out
routine messages. The fit takes a fraction of a second; the embeddings of the examples are the
slow part, so they are cached on disk by model and text.

A linear fit draws one boundary for the whole space, so a message can land on a tag's side of it
while sitting among routine questions ("tell me a joke" beside "this is beyond a joke now"). A tag
that fires is therefore also checked against its neighbours: its few nearest examples must be,
on average, about as close as the few nearest routine ones (`NEIGHBOURS`, `NEIGHBOUR_SLACK`).
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import tempfile
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

MIN_EXAMPLES = 8
MAX_EXAMPLE_CHARS = 600
FOLDS = 5
REPEATS = 3  # rounds of cross-validation, pooled (`fold_of`)
# A fired meaning holds only when the message's NEIGHBOURS nearest examples of the tag are on
# average at least as similar as its NEIGHBOURS nearest routine examples, less NEIGHBOUR_SLACK
# (cosine). Chosen on the tuning sets (docs/benchmarks.md#neighbours).
NEIGHBOURS = 3
NEIGHBOUR_SLACK = 0.01
OTHERS_WEIGHT = 0.3  # how much another tag's examples count as this tag's negatives
CLASSIFIER_C = 4.0  # the logistic regression's inverse regularisation


@dataclass(frozen=True, slots=True)
class Examples:
    """The example messages of one file, with the line each came from."""

    path: Path
    name: str  # as shown in messages (the path the rules file gives, joined to its folder)
    texts: tuple[str, ...]
    lines: tuple[int, ...]

    def line_of(self, text: str) -> int:
        """The line `text` was read from."""
        return self.lines[self.texts.index(text)]


def parse_examples(path: Path, shown: str | None = None) -> tuple[Examples, list[str]]:
    """Examples from a text file (one message a line; blank lines and `#` comments skipped), and its
    problems as `file:line: reason`: unreadable, a line too long or repeated, too few examples."""
    name = shown or str(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or exc
        return Examples(path, name, (), ()), [f"{name}:1: cannot read the examples file: {reason}"]
    texts: list[str] = []
    lines: list[int] = []
    seen: dict[str, int] = {}
    problems: list[str] = []
    for number, line in enumerate(raw.splitlines(), start=1):
        text = " ".join(line.split())
        if not text or text.startswith("#"):
            continue
        if len(text) > MAX_EXAMPLE_CHARS:
            problems.append(f"{name}:{number}: example longer than {MAX_EXAMPLE_CHARS} characters; keep one message a line")
            continue
        key = text.casefold()
        if key in seen:
            problems.append(f"{name}:{number}: the same example as line {seen[key]}")
            continue
        seen[key] = number
        texts.append(text)
        lines.append(number)
    if len(texts) < MIN_EXAMPLES:
        problems.append(f"{name}:1: {len(texts)} example(s); a meaning needs at least {MIN_EXAMPLES} (20-50 is good)")
    return Examples(path=path, name=name, texts=tuple(texts), lines=tuple(lines)), problems


@dataclass(frozen=True, slots=True)
class CrossValidation:
    """How the fitted meaning did on examples it was not fitted on (5-fold cross-validation)."""

    precision: float  # of held-out messages it fired on, the share that were this tag's examples
    recall: float  # share of the tag's held-out examples it fired on
    false_positive_rate: float  # share of held-out routine examples it fired on
    positives: int
    negatives: int


@dataclass(frozen=True, slots=True)
class FittedMeaning:
    """A fitted classifier: probability = sigmoid(weights . x + bias), fires at `threshold`."""

    weights: np.ndarray
    bias: float
    threshold: float
    examples: tuple[str, ...]
    example_vectors: np.ndarray  # to name the nearest example in a reason
    validation: CrossValidation
    routine_vectors: np.ndarray | None = None  # the routine examples, for the neighbour check

    def among_routine(self, vector: np.ndarray) -> bool:
        """Whether the message sits closer to routine examples than to this tag's (see NEIGHBOURS)."""
        if self.routine_vectors is None or not len(self.routine_vectors):
            return False
        return neighbour_gap(vector, self.example_vectors, self.routine_vectors) > NEIGHBOUR_SLACK

    def probability(self, vector: np.ndarray) -> float:
        """The probability that a message (unit vector) means this tag."""
        z = float(self.weights @ vector) + self.bias
        return float(1.0 / (1.0 + np.exp(-z)))

    def nearest(self, vector: np.ndarray) -> tuple[str, float]:
        """The example closest to the message, and its cosine similarity."""
        scores = self.example_vectors @ vector
        best = int(np.argmax(scores))
        return self.examples[best], float(scores[best])


def neighbour_gap(vector: np.ndarray, positives: np.ndarray, routine: np.ndarray, k: int = NEIGHBOURS) -> float:
    """Mean cosine of the message's k nearest routine examples minus that of its k nearest tag
    examples (positive: the message reads more like routine)."""
    return float(_mean_top_rows(vector @ routine.T, k) - _mean_top_rows(vector @ positives.T, k))


def _mean_top_rows(scores: np.ndarray, k: int = NEIGHBOURS) -> np.ndarray:
    """The mean of the k highest scores of each row (of a matrix; a vector gives a scalar array)."""
    k = min(k, scores.shape[-1])
    if not k:
        return np.zeros(scores.shape[:-1])
    return np.partition(scores, scores.shape[-1] - k, axis=-1)[..., -k:].mean(axis=-1)


def _classifier():  # type: ignore[no-untyped-def]
    from sklearn.linear_model import LogisticRegression

    # Balanced classes: a tag has tens of examples against hundreds of routine ones.
    return LogisticRegression(C=CLASSIFIER_C, class_weight="balanced", max_iter=2000)


def choose_threshold(scores_pos: np.ndarray, scores_neg: np.ndarray, max_false_positive_rate: float) -> float:
    """The lowest threshold whose share of negatives at or above it stays within the rate."""
    ordered = np.sort(scores_neg)[::-1]
    allowed = int(np.floor(max_false_positive_rate * len(ordered)))
    # Just above the (allowed+1)-th highest negative: at most `allowed` negatives fire.
    bar = float(ordered[allowed]) if allowed < len(ordered) else 0.0
    threshold = float(np.nextafter(bar, 1.0))
    # Never below an even chance: a tag fires only on messages more like its examples than routine.
    return max(threshold, 0.5) if len(scores_pos) else threshold


def fold_of(keys: Sequence[str]) -> np.ndarray:
    """Each example's cross-validation fold in each of the REPEATS rounds (rows), from its own text
    alone.

    A shuffled split deals every example a new fold whenever one line is added anywhere, and the
    threshold, set by the few routine examples nearest the tag, moved with the deal: one new
    routine line moved 4.5 of the 26 shipped meanings' thresholds by 0.01 or more (up to 0.05).
    A fold fixed by the example itself keeps the others' folds, so an edit moves what it changes.
    Several rounds, pooled, keep one lucky deal from setting a threshold (docs/benchmarks.md#stable-folds).
    """
    return np.array([[int.from_bytes(hashlib.sha256(f"{round_}\0{key}".encode()).digest()[:4], "big") % FOLDS
                      for key in keys] for round_ in range(REPEATS)], dtype=np.int64)


_FITS: OrderedDict[str, FittedMeaning] = OrderedDict()
_FITS_KEPT = 256  # every rules engine of a process shares fits (a reload refits only what changed)


def fit_meaning(
    positives: np.ndarray,
    negatives: np.ndarray,
    examples: Sequence[str],
    max_false_positive_rate: float,
    threshold: float | None = None,
    others: np.ndarray | None = None,
    *,
    fold_keys: Sequence[str],
    store: FitStore | None = None,
) -> FittedMeaning:
    """Fit a tag's classifier on unit vectors; pick the threshold by cross-validation (or use `threshold`).

    `others` are the other meanings' examples: weaker negatives (OTHERS_WEIGHT), so that a
    chargeback threat does not also read as fraud, abuse and a dispute. The threshold is set on
    routine negatives only. The same vectors and settings give the same fit, made once per process.
    `fold_keys` are the texts of every row (positives, negatives, others, in order): each one's
    cross-validation fold (`fold_of`). With a `store`, a fit made once is read back from disk.
    """
    others = np.zeros((0, positives.shape[1]), dtype=np.float32) if others is None else others
    if len(fold_keys) != len(positives) + len(negatives) + len(others):
        raise ValueError(f"{len(fold_keys)} fold keys for {len(positives) + len(negatives) + len(others)} examples")
    digest = fit_digest(positives, negatives, others, examples, max_false_positive_rate, threshold, fold_keys)
    found = _FITS.get(digest)
    if found is None:
        found = store.load(digest, positives, negatives, examples) if store else None
        if found is None:
            found = _fit(positives, negatives, others, examples, max_false_positive_rate, threshold, fold_of(fold_keys))
            if store:
                store.save(digest, found)
        _FITS[digest] = found
        if len(_FITS) > _FITS_KEPT:
            _FITS.popitem(last=False)
    if store:
        store.in_use(digest)
    return found


def fit_digest(positives: np.ndarray, negatives: np.ndarray, others: np.ndarray, examples: Sequence[str],
               max_false_positive_rate: float, threshold: float | None, fold_keys: Sequence[str]) -> str:
    """What a fit depends on, as one hex digest: its inputs, the fitting constants and scikit-learn's version."""
    h = hashlib.sha256()
    constants = (FOLDS, REPEATS, OTHERS_WEIGHT, NEIGHBOURS, NEIGHBOUR_SLACK, CLASSIFIER_C, _sklearn_version(),
                 max_false_positive_rate, threshold)
    h.update(repr(constants).encode())
    for array in (positives, negatives, others):
        h.update(repr(array.shape).encode())
        h.update(np.ascontiguousarray(array, dtype=np.float32).tobytes())
    for text in (*examples, "\0", *fold_keys):
        h.update(text.encode("utf-8") + b"\0")
    return h.hexdigest()


@functools.cache
def _sklearn_version() -> str:
    from importlib.metadata import version

    return version("scikit-learn")


def _fit(
    positives: np.ndarray,
    negatives: np.ndarray,
    others: np.ndarray,
    examples: Sequence[str],
    max_false_positive_rate: float,
    threshold: float | None,
    folds: np.ndarray,
) -> FittedMeaning:
    x = np.vstack([positives, negatives, others]).astype(np.float32)
    y = np.concatenate([np.ones(len(positives)), np.zeros(len(negatives) + len(others))])
    weight = np.concatenate([np.ones(len(positives) + len(negatives)), np.full(len(others), OTHERS_WEIGHT)])
    group = np.concatenate([np.ones(len(positives)), np.zeros(len(negatives)), np.full(len(others), 2)])
    rounds = []
    for deal in folds:
        held_out = np.zeros(len(y))
        among_routine = np.zeros(len(y), dtype=bool)  # the neighbour check, on held-out examples too
        for k in range(FOLDS):
            train, test = np.flatnonzero(deal != k), np.flatnonzero(deal == k)
            if not len(test) or len(np.unique(y[train])) < 2:
                continue  # nothing held out, or (a handful of examples all in this fold) nothing to fit: judged 0
            model = _classifier().fit(x[train], y[train], sample_weight=weight[train])
            held_out[test] = model.predict_proba(x[test])[:, 1]
            train_pos, train_routine = x[train][group[train] == 1], x[train][group[train] == 0]
            gaps = _mean_top_rows(x[test] @ train_routine.T) - _mean_top_rows(x[test] @ train_pos.T)
            among_routine[test] = gaps > NEIGHBOUR_SLACK
        rounds.append((held_out, among_routine))
    # Every round's held-out scores together: the threshold is the budget's share of all of them.
    held_out = np.concatenate([r[0] for r in rounds])
    among_routine = np.concatenate([r[1] for r in rounds])
    group = np.tile(group, len(rounds))
    pos_scores, neg_scores = held_out[group == 1], held_out[group == 0]
    chosen = threshold if threshold is not None else choose_threshold(pos_scores, neg_scores, max_false_positive_rate)
    fired = (held_out >= chosen) & ~among_routine
    fired_pos = int(fired[group == 1].sum())
    fired_neg = int(fired[group == 0].sum())
    validation = CrossValidation(
        precision=fired_pos / (fired_pos + fired_neg) if fired_pos + fired_neg else 0.0,
        recall=fired_pos / len(pos_scores),
        false_positive_rate=fired_neg / len(neg_scores),
        positives=len(positives),
        negatives=len(negatives),
    )
    model = _classifier().fit(x, y, sample_weight=weight)
    return FittedMeaning(
        weights=model.coef_[0].astype(np.float32),
        bias=float(model.intercept_[0]),
        threshold=float(chosen),
        examples=tuple(examples),
        example_vectors=np.ascontiguousarray(positives, dtype=np.float32),
        validation=validation,
        routine_vectors=np.ascontiguousarray(negatives, dtype=np.float32),
    )


FIT_KEPT_DAYS = 30  # a stored fit no process has used for this long is deleted
_FIT_REFRESH_SECONDS = 86_400  # a fit in use has its file's time renewed at most once a day


class FitStore:
    """Fitted meanings on disk, one small `.npz` per fit named by its digest (`fit_digest`), so a
    restart or a second process reads what an earlier one fitted instead of fitting again (about
    6 s for the shipped rules). A damaged or unwritable file only costs the fit.

    Every edit of a meaning's examples makes a new fit, so the folder would only grow: after each
    load of the rules (`prune`), the fits in use have their file's time renewed, and files no
    process has used for FIT_KEPT_DAYS are deleted. Several processes, even with different rules,
    may share the folder: each keeps its own fits fresh."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder / "meaning-fits"
        self._warned = False  # an unwritable folder is said once, not once per meaning
        self._in_use: set[str] = set()  # digests of the fits made or read since the last prune

    def in_use(self, digest: str) -> None:
        """Note that the fit `digest` serves the rules being loaded (kept by the next `prune`)."""
        self._in_use.add(digest)

    def prune(self, max_age_days: float = FIT_KEPT_DAYS) -> int:
        """Renew the fits in use, delete those unused for `max_age_days`; how many were deleted.

        Called once the rules are loaded, so the fits in use are exactly the loaded rules'.
        """
        in_use, self._in_use = self._in_use, set()
        now = time.time()
        removed = 0
        try:
            files = list(self.folder.iterdir())
        except OSError:
            return 0  # no folder yet, or not one: nothing is stored
        for path in files:
            if not path.name.endswith((".npz", ".npz.tmp")):
                continue
            try:
                age = now - path.stat().st_mtime
                if path.name.removesuffix(".npz") in in_use:
                    if age > _FIT_REFRESH_SECONDS:
                        os.utime(path)
                elif age > max_age_days * 86_400:
                    path.unlink()
                    removed += 1
            except OSError:
                continue  # another process pruned it first, or the folder is read-only
        if removed:
            log.info("deleted %d meaning fits unused for %g days from %s", removed, max_age_days, self.folder)
        return removed

    def load(self, digest: str, positives: np.ndarray, negatives: np.ndarray,
             examples: Sequence[str]) -> FittedMeaning | None:
        """The fit stored under `digest`, given back its inputs; None when there is none."""
        path = self.folder / f"{digest}.npz"
        try:
            with np.load(path, allow_pickle=False) as data:
                figures = data["validation"]
                return FittedMeaning(
                    weights=data["weights"].astype(np.float32), bias=float(data["bias"]),
                    threshold=float(data["threshold"]), examples=tuple(examples),
                    example_vectors=np.ascontiguousarray(positives, dtype=np.float32),
                    validation=CrossValidation(precision=float(figures[0]), recall=float(figures[1]),
                                               false_positive_rate=float(figures[2]), positives=int(figures[3]),
                                               negatives=int(figures[4])),
                    routine_vectors=np.ascontiguousarray(negatives, dtype=np.float32))
        except FileNotFoundError:
            return None
        except Exception as exc:  # noqa: BLE001 - any damage: fit again
            log.warning("stored meaning fit %s unreadable (%s); fitting again", path, exc)
            return None

    def save(self, digest: str, fitted: FittedMeaning) -> None:
        """Keep `fitted` under `digest` (written whole or not at all)."""
        v = fitted.validation
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.folder, suffix=".npz.tmp")
            with os.fdopen(fd, "wb") as handle:
                np.savez(handle, weights=fitted.weights, bias=np.float64(fitted.bias),
                         threshold=np.float64(fitted.threshold),
                         validation=np.array([v.precision, v.recall, v.false_positive_rate, v.positives, v.negatives],
                                             dtype=np.float64))
            os.replace(tmp, self.folder / f"{digest}.npz")
        except OSError as exc:
            if not self._warned:
                self._warned = True
                log.warning("cannot store the meanings' fits in %s (%s); they are fitted again at each start",
                            self.folder, exc)


class VectorCache:
    """Embeddings of example texts on disk, per model, so a restart does not embed them again.

    One `.npz` file per model in the cache folder: the texts' SHA-256 digests and their vectors.
    A damaged or unwritable file only costs the embedding time.
    """

    def __init__(self, folder: Path, model_name: str) -> None:
        safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in model_name)
        self.path = folder / f"examples-{safe}.npz"
        self._vectors: dict[str, np.ndarray] = {}
        self._loaded = False

    @staticmethod
    def key(text: str) -> str:
        """The cache key of a text."""
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def _load(self) -> None:
        self._loaded = True
        try:
            with np.load(self.path, allow_pickle=False) as data:
                keys = json.loads(str(data["keys"]))
                self._vectors.update(zip(keys, data["vectors"], strict=True))
        except FileNotFoundError:
            return
        except Exception as exc:  # noqa: BLE001 - any damage: embed again
            log.warning("example vector cache %s unreadable (%s); embedding again", self.path, exc)

    def vectors(self, texts: Sequence[str], embed: Callable[[list[str]], list[list[float]]]) -> np.ndarray:
        """Unit vectors for `texts` (in order), embedding only those not cached; saves new ones."""
        if not self._loaded:
            self._load()
        keys = [self.key(t) for t in texts]
        missing = list(dict.fromkeys(t for t, k in zip(texts, keys, strict=True) if k not in self._vectors))
        if missing:
            for text, vector in zip(missing, embed(missing), strict=True):
                self._vectors[self.key(text)] = np.asarray(vector, dtype=np.float32)
            self._save()
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return np.stack([self._vectors[k] for k in keys])

    def _save(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            keys = list(self._vectors)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, suffix=".npz.tmp")
            with os.fdopen(fd, "wb") as handle:
                np.savez(handle, keys=np.array(json.dumps(keys)), vectors=np.stack([self._vectors[k] for k in keys]))
            os.replace(tmp, self.path)
        except OSError as exc:
            log.warning("cannot write the example vector cache %s: %s", self.path, exc)
