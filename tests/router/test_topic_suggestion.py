"""Topic suggestion: right topic for clear appeals, honest confidence, stable artefacts."""

from __future__ import annotations

import pickle

import pytest
import sklearn
from hypothesis import given
from hypothesis import strategies as st

from router.topic_suggestion import (
    DEFAULT_TRIAGE_THRESHOLD,
    TopicSuggester,
    TopicSuggestion,
    evaluate,
    needs_triage,
    normalise_text,
)
from shared.demo_corpus import generate_appeals

# Written by hand, not taken from the generator's templates.
CLEAR_APPEALS = [
    ("Третій тиждень у нашому будинку з крана не йде вода, водоканал не реагує.", "009"),
    ("У квартирі холодно, опалення так і не дали, хоча вже листопад.", "009"),
    ("Автобус до райцентру скасували, старим людям ніяк не доїхати до лікарні.", "003"),
    ("Управління соцзахисту вже пів року не призначає мені субсидію.", "006"),
    ("Директор фірми не платить нам зарплату з весни, прошу допомогти повернути борг.", "007"),
    ("Моєму синові в школі немає де ховатися під час тривоги, укриття закрите.", "015"),
    ("Медсестра в поліклініці накричала на мою маму, до лікаря не записують.", "008"),
    ("На околиці села хтось вивозить і палить будівельне сміття, дим їдкий.", "011"),
    ("Чиновник у ЦНАПі натякнув, що за хабар довідку зроблять швидше.", "024"),
    ("Мій чоловік служить у ЗСУ, йому не виплатили бойові за два місяці.", "022"),
    ("В нашем доме уже неделю нет горячей воды, отопление тоже не работает.", "009"),
    ("Пенсию не пересчитали, хотя я подала все справки о стаже.", "006"),
    ("Маршрутка по нашему маршруту ходит раз в час, водитель хамит пассажирам.", "003"),
    ("Зарплату на заводе не платят уже три месяца, начальство молчит.", "007"),
    ("Не могу записаться к врачу в поликлинике, регистратура не берёт трубку.", "008"),
]


@pytest.fixture(scope="module")
def suggester() -> TopicSuggester:
    appeals = list(generate_appeals(12_000, seed=11))
    return TopicSuggester.train([a.text for a in appeals], [a.topic_code for a in appeals])


@pytest.mark.parametrize(("text", "topic"), CLEAR_APPEALS)
def test_clear_appeals_get_the_right_topic(
    suggester: TopicSuggester, text: str, topic: str
) -> None:
    assert suggester.suggest(text)[0].topic_code == topic


@pytest.mark.parametrize("k", [1, 3, 5])
def test_returns_k_ranked_suggestions(suggester: TopicSuggester, k: int) -> None:
    suggestions = suggester.suggest(CLEAR_APPEALS[0][0], k=k)
    confidences = [s.confidence for s in suggestions]
    assert len(suggestions) == k
    assert len({s.topic_code for s in suggestions}) == k
    assert confidences == sorted(confidences, reverse=True)
    assert sum(confidences) <= 1.0 + 1e-9


def test_k_larger_than_the_classifier_returns_every_topic(suggester: TopicSuggester) -> None:
    assert len(suggester.suggest("вода", k=100)) == len(suggester.topics)


def test_k_below_one_is_refused(suggester: TopicSuggester) -> None:
    with pytest.raises(ValueError):
        suggester.suggest("вода", k=0)


def test_a_bare_greeting_goes_to_triage(suggester: TopicSuggester) -> None:
    assert needs_triage(suggester.suggest("добрий день"))


def test_a_clear_appeal_skips_triage(suggester: TopicSuggester) -> None:
    assert not needs_triage(suggester.suggest(CLEAR_APPEALS[0][0]))


def test_dump_and_load_keep_predictions_and_version(suggester: TopicSuggester) -> None:
    restored = TopicSuggester.load(suggester.dump())
    assert restored.version == suggester.version
    for text, _topic in CLEAR_APPEALS:
        assert restored.suggest(text, k=3) == suggester.suggest(text, k=3)


def test_load_refuses_an_artefact_from_another_library_version(
    suggester: TopicSuggester,
) -> None:
    header, pipeline = pickle.loads(suggester.dump())
    forged = pickle.dumps(({**header, "sklearn": "0.0.1"}, pipeline))
    with pytest.raises(ValueError, match="retrain"):
        TopicSuggester.load(forged)
    assert header["sklearn"] == sklearn.__version__


def test_load_refuses_an_unknown_format(suggester: TopicSuggester) -> None:
    header, pipeline = pickle.loads(suggester.dump())
    with pytest.raises(ValueError, match="format"):
        TopicSuggester.load(pickle.dumps(({**header, "format": 99}, pipeline)))


def test_version_is_stable_for_identical_training_and_changes_with_data() -> None:
    appeals = list(generate_appeals(1500, seed=5))
    texts = [a.text for a in appeals]
    labels = [a.topic_code for a in appeals]
    first = TopicSuggester.train(texts, labels)
    second = TopicSuggester.train(texts, labels)
    changed = TopicSuggester.train(texts[:-1], labels[:-1])
    assert first.version == second.version
    assert first.version.startswith("tfidf-lr-")
    assert len(first.version) == len("tfidf-lr-") + 12
    assert changed.version != first.version


def test_evaluate_reports_on_held_back_appeals(suggester: TopicSuggester) -> None:
    held_back = list(generate_appeals(800, seed=99))
    report = evaluate(suggester, [a.text for a in held_back], [a.topic_code for a in held_back])
    assert report.n == 800
    assert sum(report.support.values()) == 800
    assert 0.7 < report.top1 <= report.top3 <= 1.0
    assert 0.0 < report.macro_f1 <= 1.0


def test_evaluate_counts_top1_and_top3_exactly(suggester: TopicSuggester) -> None:
    texts = [text for text, _topic in CLEAR_APPEALS[:2]]
    wrong = [s.topic_code for s in suggester.suggest(texts[0], k=5)][3]
    report = evaluate(suggester, texts, ["009", wrong])
    assert (report.top1, report.top3, report.n) == (0.5, 0.5, 2)


def test_training_rejects_bad_input() -> None:
    with pytest.raises(ValueError):
        TopicSuggester.train(["a", "b"], ["009"])
    with pytest.raises(ValueError):
        TopicSuggester.train(["a", "b"], ["009", "009"])


def test_normalisation_folds_spelling_and_drops_contacts() -> None:
    text = "ПІД`ЇЗД ʼ’ Ёлка, тел. +38 (067) 123-45-67, пишіть на ivan.petrenko@ukr.net, буд. 12"
    assert normalise_text(text) == "під'їзд '' елка, тел. , пишіть на , буд."


@given(st.text(max_size=200))
def test_normalisation_is_idempotent(text: str) -> None:
    once = normalise_text(text)
    assert normalise_text(once) == once


@given(
    st.lists(st.floats(0.0, 1.0), max_size=5),
    st.floats(0.0, 1.0),
)
def test_triage_exactly_when_the_best_confidence_is_below_the_threshold(
    confidences: list[float], threshold: float
) -> None:
    suggestions = [TopicSuggestion("009", value) for value in confidences]
    expected = not confidences or max(confidences) < threshold
    assert needs_triage(suggestions, threshold) is expected


def test_default_threshold_matches_the_documented_gate() -> None:
    assert DEFAULT_TRIAGE_THRESHOLD == 0.4
    assert needs_triage([TopicSuggestion("009", 0.39)])
    assert not needs_triage([TopicSuggestion("009", 0.4)])
