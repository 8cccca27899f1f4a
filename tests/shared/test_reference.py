"""The shipped reference data is consistent, and the loaders answer as documented."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from shared.events import Channel
from shared.reference import (
    Body,
    ClassifierValue,
    CompetenceRule,
    body,
    default_fallback_body_code,
    demo_streets,
    first_matching_rule,
    hromadas_of,
    load_bodies,
    load_classifier,
    load_competence_rules,
    load_territories,
    raion_of,
    raions,
    territory,
)

UKRAINIAN_ONLY_LETTERS = set("іїєґІЇЄҐ")
RUSSIAN_ONLY_LETTERS = set("ыэъёЫЭЪЁ")
AUTHOR_CODES = [value.code for value in load_classifier().values("author_category")]


def _duplicates(codes: list[str]) -> set[str]:
    return {code for code in codes if codes.count(code) > 1}


# --- territories -------------------------------------------------------------------------


def test_territory_codes_are_unique() -> None:
    assert _duplicates([unit.code for unit in load_territories()]) == set()


def test_the_oblast_has_seven_raions_and_86_hromadas() -> None:
    units = load_territories()
    oblasts = [unit for unit in units if unit.kind == "oblast"]
    assert [unit.name_uk for unit in oblasts] == ["Дніпропетровська область"]
    assert len(raions()) == 7
    assert all(raion.parent_code == oblasts[0].code for raion in raions())
    assert sum(unit.kind == "hromada" for unit in units) == 86
    assert sum(len(hromadas_of(raion.code)) for raion in raions()) == 86


def test_every_hromada_lies_in_a_raion() -> None:
    for unit in load_territories():
        if unit.kind == "hromada":
            assert unit.parent_code is not None
            assert territory(unit.parent_code).kind == "raion", unit.code
            assert unit.hromada_type is not None, unit.code


def test_renamed_raion_keeps_its_former_name() -> None:
    samarivskyi = next(raion for raion in raions() if raion.name_uk == "Самарівський район")
    assert [former.name_uk for former in samarivskyi.former_names] == ["Новомосковський район"]
    assert samarivskyi.former_names[0].renamed_in == 2024


def test_dnipro_is_a_city_hromada_of_the_dnipro_raion() -> None:
    dnipro = territory("UA12-dnipro-city")
    assert dnipro.is_city_hromada
    assert dnipro.centre_uk == "Дніпро"
    assert raion_of(dnipro.code) == territory("UA12-raion-dnipro")
    assert raion_of("UA12-oblast") is None


def test_unknown_or_wrong_territory_codes_raise() -> None:
    with pytest.raises(KeyError, match="UA12-nowhere"):
        territory("UA12-nowhere")
    with pytest.raises(KeyError, match="not a raion"):
        hromadas_of("UA12-dnipro-city")


@pytest.mark.parametrize(
    "city_code",
    [
        "UA12-dnipro-city",
        "UA12-kryvyi-rih-city",
        "UA12-kamianske-city",
        "UA12-nikopol-city",
        "UA12-pavlohrad-city",
    ],
)
def test_large_cities_have_demo_streets(city_code: str) -> None:
    streets = demo_streets(city_code)
    assert len(streets) >= 5
    assert len(set(streets)) == len(streets)


def test_demo_streets_of_a_village_are_empty_and_unknown_codes_raise() -> None:
    assert demo_streets("UA12-chumaky") == []
    with pytest.raises(KeyError):
        demo_streets("UA12-nowhere")


def test_territory_names_are_in_the_right_language() -> None:
    for unit in load_territories():
        assert not RUSSIAN_ONLY_LETTERS & set(unit.name_uk + unit.centre_uk), unit.code
        assert not UKRAINIAN_ONLY_LETTERS & set(unit.name_ru), unit.code


# --- classifier --------------------------------------------------------------------------


def test_classifier_is_versioned_and_cached() -> None:
    classifier = load_classifier()
    assert classifier.version.startswith("858-2008/")
    assert load_classifier() is classifier


def test_classifier_codes_are_unique_and_names_in_the_right_language() -> None:
    classifier = load_classifier()
    codes = [value.code for dim in classifier.dimensions for value in dim.values]
    assert _duplicates(codes) == set()
    for dimension in classifier.dimensions:
        for value in dimension.values:
            assert value.name_uk and value.name_ru, value.code
            assert not RUSSIAN_ONLY_LETTERS & set(value.name_uk), value.code
            assert not UKRAINIAN_ONLY_LETTERS & set(value.name_ru), value.code


def test_topics_001_to_025_with_provisional_flags_of_the_domain_notes() -> None:
    topics = load_classifier().values("topic")
    assert [topic.code for topic in topics] == [f"{number:03d}" for number in range(1, 26)]
    provisional = {topic.code for topic in topics if topic.provisional}
    assert provisional == {"008", "009", "010", "011", "024"}
    assert load_classifier().topic("006").name_uk == "Соціальний захист"


def test_unverified_numbering_is_provisional() -> None:
    classifier = load_classifier()
    assert all(value.provisional for value in classifier.values("social_status"))
    assert len(classifier.values("social_status")) == 10
    for code in ("7.17", "7.18"):
        assert classifier.value("author_category", code).provisional
    for code in ("7.1", "7.5", "7.16"):
        assert not classifier.value("author_category", code).provisional


def test_every_dimension_of_section_one_is_present() -> None:
    classifier = load_classifier()
    assert [dim.section for dim in classifier.dimensions] == [
        "1",
        "2",
        "3",
        "4",
        "5",
        "6",
        "7",
        "8",
        "II",
    ]
    assert [dim.key for dim in classifier.dimensions if dim.multiple] == ["author_category"]
    kinds = {value.key for value in classifier.values("kind")}
    assert kinds == {"proposal", "application", "complaint"}


def test_electronic_type_exists_only_from_its_start_date() -> None:
    classifier = load_classifier()
    electronic = next(v for v in classifier.values("type") if v.key == "electronic")
    assert electronic.provisional
    assert electronic not in classifier.values("type", on=date(2010, 1, 1))
    assert electronic in classifier.values("type", on=date(2026, 1, 1))


def test_unknown_topic_raises() -> None:
    with pytest.raises(KeyError, match="026"):
        load_classifier().topic("026")


@pytest.mark.parametrize(
    ("codes", "expected"),
    [
        ([], False),
        (["7.19"], False),
        (["7.5"], True),
        (["7.4"], True),
        (["7.8"], True),
        (["7.13"], True),
        (["7.15"], True),
        (["7.16"], True),
        (["7.19", "7.1"], True),
    ],
)
def test_is_privileged_for_statutory_categories(codes: list[str], expected: bool) -> None:
    assert load_classifier().is_privileged(codes) is expected


def test_is_privileged_refuses_unknown_codes() -> None:
    with pytest.raises(KeyError, match=r"7\.99"):
        load_classifier().is_privileged(["7.5", "7.99"])


@given(st.lists(st.sampled_from(AUTHOR_CODES), max_size=6))
def test_is_privileged_is_any_of_the_categories(codes: list[str]) -> None:
    classifier = load_classifier()
    expected = any(classifier.value("author_category", code).privileged for code in codes)
    assert classifier.is_privileged(codes) is expected
    assert classifier.is_privileged(reversed(codes)) is expected
    assert classifier.is_privileged([*codes, "7.5"]) is True


def test_only_author_categories_can_be_privileged() -> None:
    data = load_classifier().model_dump()
    data["dimensions"][0]["values"][0]["privileged"] = True
    with pytest.raises(ValidationError, match="only author categories"):
        type(load_classifier()).model_validate(data)


def test_a_value_cannot_end_before_it_starts() -> None:
    with pytest.raises(ValidationError, match="before"):
        ClassifierValue(
            code="9.9",
            name_uk="Х",
            name_ru="Х",
            valid_from=date(2020, 1, 2),
            valid_to=date(2020, 1, 1),
        )


# --- bodies ------------------------------------------------------------------------------


def test_body_codes_are_unique_and_territories_exist() -> None:
    bodies = load_bodies()
    assert _duplicates([b.code for b in bodies]) == set()
    for each in bodies:
        assert each.demo
        assert each.territory_codes, each.code
        for code in each.territory_codes:
            territory(code)


def test_every_raion_has_its_administration() -> None:
    served = {
        code
        for b in load_bodies()
        if b.kind == "raion_administration"
        for code in b.territory_codes
    }
    assert served == {raion.code for raion in raions()}


def test_every_city_hromada_has_its_council() -> None:
    councils = {
        code
        for b in load_bodies()
        if b.kind in ("city_council", "hromada_council")
        for code in b.territory_codes
    }
    cities = {unit.code for unit in load_territories() if unit.is_city_hromada}
    assert cities <= councils
    assert sum(b.kind == "city_council" for b in load_bodies()) == 13


def test_a_demo_body_cannot_carry_a_real_address() -> None:
    with pytest.raises(ValidationError, match=r"example\.org"):
        Body(
            code="x",
            name_uk="Х",
            kind="other",
            territory_codes=("UA12-oblast",),
            demo=True,
            email="office@dp.gov.ua",
        )


def test_unknown_body_code_raises() -> None:
    with pytest.raises(KeyError, match="nobody"):
        body("nobody")


# --- competence rules --------------------------------------------------------------------


def test_rules_are_ordered_unique_and_point_to_existing_bodies() -> None:
    rules = load_competence_rules()
    positions = [rule.position for rule in rules]
    assert positions == sorted(positions)
    assert _duplicates([str(p) for p in positions]) == set()
    assert _duplicates([rule.rule_id for rule in rules]) == set()
    for rule in rules:
        body(rule.body_code)
        for code in rule.co_executor_codes:
            body(code)
        for code in rule.territory_codes or []:
            territory(code)
        if rule.topic_prefix is not None:
            load_classifier().topic(rule.topic_prefix)
    assert body(default_fallback_body_code()).kind == "oblast_department"


@pytest.mark.parametrize(
    ("topic_code", "territory_code", "channel", "text", "expected_body"),
    [
        ("006", None, None, "", "oda-social-protection"),
        ("006", None, None, "Прошу перерахувати ПЕНСІЮ", "pfu-dnipropetrovsk"),
        ("008", None, None, "", "oda-health"),
        ("003", None, None, "", "oda-infrastructure-transport"),
        ("012", None, None, "", "police-dnipropetrovsk"),
        ("015", None, None, "", "oda-education"),
        ("024", None, None, "", "oda-anticorruption-unit"),
        ("010", None, None, "", "oda-housing-communal"),
        ("009", "UA12-kryvyi-rih-city", None, "", "council-kryvyi-rih"),
        ("009", "UA12-tomakivka", None, "", "rda-nikopol"),
        ("009", "UA12-nowhere", None, "", "oda-housing-communal"),
        ("009", "UA12-dnipro-city", None, "Немає води", "utility-water-dnipro"),
        ("009", None, None, "Зламаний газопровід", "utility-gas"),
        ("025", None, "support_line", "", "oda-veterans"),
    ],
)
def test_default_rules_route_typical_appeals(
    topic_code: str,
    territory_code: str | None,
    channel: Channel | None,
    text: str,
    expected_body: str,
) -> None:
    rule = first_matching_rule(
        topic_code=topic_code, territory_code=territory_code, channel=channel, text=text
    )
    assert rule is not None
    assert rule.body_code == expected_body


def test_keywords_match_only_at_the_start_of_a_word() -> None:
    assert first_matching_rule(topic_code="025", text="Сморід від овочесховища") is None
    shelter = first_matching_rule(topic_code="025", text="Зачинене сховище біля школи")
    assert shelter is not None
    assert shelter.body_code == "oda-civil-protection"
    lawn = first_matching_rule(topic_code="009", text="Не косять газон біля будинку")
    assert lawn is not None
    assert lawn.body_code != "utility-gas"


def test_a_rule_matches_any_listed_territory_and_everything_below_it() -> None:
    rule = CompetenceRule(
        rule_id="test",
        position=1,
        topic_prefix="009",
        territory_codes=["UA12-pavlohrad-city", "UA12-raion-nikopol"],
        kind="complaint",
        body_code="oda",
    )
    assert rule.matches(
        topic_code="009.001", territory_code="UA12-pavlohrad-city", kind="complaint"
    )
    assert rule.matches(topic_code="009", territory_code="UA12-myrove", kind="complaint")
    assert not rule.matches(topic_code="009", territory_code="UA12-chumaky", kind="complaint")
    assert not rule.matches(topic_code="009", territory_code="UA12-myrove", kind="proposal")
    assert not rule.matches(topic_code="010", territory_code="UA12-myrove", kind="complaint")
    assert not rule.matches(topic_code=None, territory_code="UA12-myrove", kind="complaint")
    assert not rule.matches(topic_code="009", territory_code=None, kind="complaint")


def test_an_appeal_no_rule_covers_goes_to_the_fallback() -> None:
    assert first_matching_rule(topic_code=None, text="Дякую операторові") is None
    assert first_matching_rule(topic_code="025") is None


@pytest.mark.parametrize("topic_code", ["009", "010"])
def test_communal_and_housing_go_to_the_city_council_or_the_raion(topic_code: str) -> None:
    for unit in load_territories():
        if unit.kind != "hromada":
            continue
        rule = first_matching_rule(topic_code=topic_code, territory_code=unit.code)
        assert rule is not None
        executor = body(rule.body_code)
        if unit.is_city_hromada:
            assert executor.territory_codes == (unit.code,), unit.code
        else:
            assert executor.kind == "raion_administration", unit.code
            assert executor.territory_codes == (unit.parent_code,), unit.code
