"""The topic model the router uses at preliminary review, trained or loaded at start-up.

Training takes seconds, so it runs in a worker thread after the service is up; until the model
is ready, an appeal without a topic waits in triage rather than being routed blindly. A
trained model is stored under ``topic_model_dir`` and loaded on the next start; one process
trains a given corpus once, however many times the service is built in it.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import structlog

from router.config import RouterSettings
from router.topic_suggestion import TopicSuggester, TopicSuggestion
from shared.demo_corpus import generate_appeals

log = structlog.get_logger(__name__)

_TRAINED_IN_THIS_PROCESS: dict[tuple[int, int], TopicSuggester] = {}


@dataclass(frozen=True)
class TopicReview:
    """What the model says about one appeal's text, and what the router makes of it."""

    suggestions: list[TopicSuggestion]
    model_version: str | None
    needs_triage: bool
    given_topic_doubtful: bool


class TopicModel:
    """Holds the current suggester; swapped whole on retraining, so readers never see half."""

    def __init__(self, settings: RouterSettings) -> None:
        self.settings = settings
        self.suggester: TopicSuggester | None = None
        self.ready = asyncio.Event()

    @property
    def version(self) -> str | None:
        return self.suggester.version if self.suggester else None

    def _artefact(self) -> Path | None:
        directory = self.settings.topic_model_dir
        if directory is None:
            return None
        size, seed = self.settings.topic_training_size, self.settings.topic_training_seed
        return directory / f"topic_model-demo-{size}-{seed}.pkl"

    def _load_or_train(self) -> TopicSuggester:
        key = (self.settings.topic_training_size, self.settings.topic_training_seed)
        if key in _TRAINED_IN_THIS_PROCESS:
            return _TRAINED_IN_THIS_PROCESS[key]
        artefact = self._artefact()
        if artefact is not None and artefact.exists():
            try:
                suggester = TopicSuggester.load(artefact.read_bytes())
            except (ValueError, OSError, EOFError) as error:
                log.warning("stored topic model unusable; retraining", error=str(error))
            else:
                _TRAINED_IN_THIS_PROCESS[key] = suggester
                return suggester
        appeals = list(generate_appeals(key[0], seed=key[1]))
        suggester = TopicSuggester.train(
            [appeal.text for appeal in appeals],
            [appeal.topic_code for appeal in appeals],
            seed=key[1],
        )
        if artefact is not None:
            _write_atomically(artefact, suggester.dump())
        _TRAINED_IN_THIS_PROCESS[key] = suggester
        return suggester

    async def prepare(self, _stopping: asyncio.Event | None = None) -> None:
        """Background start-up step: load or train, then open for suggestions."""
        suggester = await asyncio.to_thread(self._load_or_train)
        self.suggester = suggester
        self.ready.set()
        log.info("topic model ready", version=suggester.version)

    async def retrain(self, texts: Sequence[str], labels: Sequence[str]) -> str:
        """Train on the demo corpus plus people's corrections; the new model replaces the old."""
        size, seed = self.settings.topic_training_size, self.settings.topic_training_seed

        def train() -> TopicSuggester:
            appeals = list(generate_appeals(size, seed=seed))
            return TopicSuggester.train(
                [appeal.text for appeal in appeals] + list(texts),
                [appeal.topic_code for appeal in appeals] + list(labels),
                seed=seed,
            )

        self.suggester = await asyncio.to_thread(train)
        self.ready.set()
        return self.suggester.version

    def review(self, text: str, given_topic: str | None) -> TopicReview:
        suggester = self.suggester
        if suggester is None:
            return TopicReview(
                [], None, needs_triage=given_topic is None, given_topic_doubtful=False
            )
        ranked = suggester.suggest(text, k=len(suggester.topics))
        top = ranked[:3]
        best = top[0].confidence if top else 0.0
        if given_topic is None:
            return TopicReview(top, suggester.version, best < self.settings.triage_threshold, False)
        given = next((s.confidence for s in ranked if s.topic_code == given_topic), 0.0)
        doubtful = (
            best >= self.settings.triage_threshold
            and top[0].topic_code != given_topic
            and given < self.settings.doubtful_topic_threshold
        )
        return TopicReview(
            top, suggester.version, doubtful and self.settings.triage_doubtful_topics, doubtful
        )


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
