"""Topic suggestion for the preliminary review of an appeal.

A transparent baseline, the same family Amsterdam's Signalen runs in production: the text is
normalised, turned into TF-IDF features over words and over character n-grams inside words
(``char_wb`` 2-5 catches Ukrainian and Russian spellings of one stem, surzhyk and typos), and
a multinomial logistic regression gives calibrated probabilities per classifier topic
(KMU 858/2008, codes 001-025). The operator sees the top suggestions; when the best one is
not confident enough the appeal goes to a supervisor (``needs_triage``).
"""

from __future__ import annotations

import hashlib
import pickle
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.pipeline import FeatureUnion, Pipeline

__all__ = [
    "DEFAULT_TRIAGE_THRESHOLD",
    "EvaluationReport",
    "TopicSuggester",
    "TopicSuggestion",
    "evaluate",
    "needs_triage",
    "normalise_text",
]

# Amsterdam sends reports whose best category is below 40 % confidence to a human desk.
DEFAULT_TRIAGE_THRESHOLD: Final = 0.4

_ARTEFACT_FORMAT: Final = 1
_PARAMETERS: Final[dict[str, Any]] = {
    "word_ngram_range": (1, 2),
    "char_ngram_range": (2, 5),
    "min_df": 2,
    "char_max_features": 100_000,
    "C": 4.0,
    "tol": 1e-3,
    "max_iter": 200,
}

_APOSTROPHES: Final = re.compile(r"[ʼ’‘`´ʹ′]")
_EMAIL: Final = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE: Final = re.compile(r"\+?\d[\d\s()\-]{7,}\d")
_DIGITS: Final = re.compile(r"\d+")
_SPACES: Final = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """Fold the variation that carries no topic: case, apostrophes, ё, contacts and numbers."""
    folded = _APOSTROPHES.sub("'", text.lower()).replace("ё", "е")
    folded = _EMAIL.sub(" ", folded)
    folded = _PHONE.sub(" ", folded)
    folded = _DIGITS.sub(" ", folded)
    return _SPACES.sub(" ", folded).strip()


@dataclass(frozen=True, slots=True)
class TopicSuggestion:
    """One candidate topic code with the model's probability for it."""

    topic_code: str
    confidence: float


@dataclass(frozen=True, slots=True)
class EvaluationReport:
    """Accuracy on held-back appeals: how often the right topic is first or in the top three."""

    top1: float
    top3: float
    macro_f1: float
    n: int
    support: dict[str, int]


def _pipeline(seed: int) -> Pipeline:
    parameters = _PARAMETERS
    features = FeatureUnion(
        [
            (
                "words",
                TfidfVectorizer(
                    lowercase=False,
                    ngram_range=parameters["word_ngram_range"],
                    min_df=parameters["min_df"],
                    sublinear_tf=True,
                    token_pattern=r"(?u)\b[\w']{2,}\b",
                    dtype=np.float32,
                ),
            ),
            (
                "chars",
                TfidfVectorizer(
                    lowercase=False,
                    analyzer="char_wb",
                    ngram_range=parameters["char_ngram_range"],
                    min_df=parameters["min_df"],
                    max_features=parameters["char_max_features"],
                    sublinear_tf=True,
                    dtype=np.float32,
                ),
            ),
        ]
    )
    model = LogisticRegression(
        C=parameters["C"],
        tol=parameters["tol"],
        max_iter=parameters["max_iter"],
        random_state=seed,
    )
    return Pipeline([("features", features), ("model", model)])


def _version(texts: Sequence[str], labels: Sequence[str], seed: int) -> str:
    digest = hashlib.sha256()
    digest.update(
        f"sklearn={sklearn.__version__};seed={seed};{sorted(_PARAMETERS.items())}".encode()
    )
    for text, label in zip(texts, labels, strict=True):
        digest.update(label.encode())
        digest.update(b"\x1f")
        digest.update(text.encode())
        digest.update(b"\x1e")
    return f"tfidf-lr-{digest.hexdigest()[:12]}"


class TopicSuggester:
    """A trained topic model with a version that names exactly what it was trained on."""

    def __init__(self, pipeline: Pipeline, version: str) -> None:
        self._pipeline = pipeline
        self.version = version
        self._topics: tuple[str, ...] = tuple(str(code) for code in pipeline.classes_)

    @property
    def topics(self) -> tuple[str, ...]:
        return self._topics

    @classmethod
    def train(cls, texts: Sequence[str], labels: Sequence[str], *, seed: int = 0) -> TopicSuggester:
        if len(texts) != len(labels):
            raise ValueError("texts and labels differ in length")
        if len(set(labels)) < 2:
            raise ValueError("training needs at least two topics")
        pipeline = _pipeline(seed)
        pipeline.fit([normalise_text(text) for text in texts], list(labels))
        return cls(pipeline, _version(texts, labels, seed))

    def suggest(self, text: str, k: int = 3) -> list[TopicSuggestion]:
        """The ``k`` most probable topics, most probable first."""
        return self.suggest_many([text], k)[0]

    def suggest_many(self, texts: Sequence[str], k: int = 3) -> list[list[TopicSuggestion]]:
        """Batch form of ``suggest``: one matrix product for many texts."""
        if k < 1:
            raise ValueError("k must be at least 1")
        if not texts:
            return []
        probabilities = self._pipeline.predict_proba([normalise_text(text) for text in texts])
        width = min(k, len(self._topics))
        best = np.argsort(-probabilities, axis=1, kind="stable")[:, :width]
        return [
            [TopicSuggestion(self._topics[column], float(row[column])) for column in columns]
            for row, columns in zip(probabilities, best, strict=True)
        ]

    def dump(self) -> bytes:
        """Serialise with pickle, the format scikit-learn models support.

        Pickle runs code on load, so ``load`` is only for artefacts this project trained and
        stored itself, never for files from outside. The pipeline is pickled separately so the
        header (format and library version) is checked before any model code is unpickled.
        """
        header = {
            "format": _ARTEFACT_FORMAT,
            "sklearn": sklearn.__version__,
            "version": self.version,
        }
        return pickle.dumps((header, pickle.dumps(self._pipeline)))

    @classmethod
    def load(cls, data: bytes) -> TopicSuggester:
        """Restore a model written by ``dump``; refuse another format or scikit-learn version."""
        header, pipeline_bytes = pickle.loads(data)
        if header.get("format") != _ARTEFACT_FORMAT:
            raise ValueError(f"unknown topic model format {header.get('format')!r}")
        if header.get("sklearn") != sklearn.__version__:
            raise ValueError(
                f"topic model was trained with scikit-learn {header.get('sklearn')}, "
                f"this process runs {sklearn.__version__}; retrain it"
            )
        return cls(pickle.loads(pipeline_bytes), str(header["version"]))


def evaluate(
    model: TopicSuggester, texts: Sequence[str], labels: Sequence[str]
) -> EvaluationReport:
    """Score the model on labelled appeals it has not seen."""
    if len(texts) != len(labels):
        raise ValueError("texts and labels differ in length")
    if not texts:
        raise ValueError("nothing to evaluate")
    suggestions = model.suggest_many(texts, k=3)
    first = [ranked[0].topic_code for ranked in suggestions]
    top1 = sum(guess == label for guess, label in zip(first, labels, strict=True))
    top3 = sum(
        label in {suggestion.topic_code for suggestion in ranked}
        for ranked, label in zip(suggestions, labels, strict=True)
    )
    return EvaluationReport(
        top1=top1 / len(labels),
        top3=top3 / len(labels),
        macro_f1=float(f1_score(list(labels), first, average="macro", zero_division=0)),
        n=len(labels),
        support=dict(sorted(Counter(labels).items())),
    )


def needs_triage(
    suggestions: Sequence[TopicSuggestion], threshold: float = DEFAULT_TRIAGE_THRESHOLD
) -> bool:
    """True when a supervisor should pick the topic: no suggestion, or the best is unsure."""
    return not suggestions or max(s.confidence for s in suggestions) < threshold
