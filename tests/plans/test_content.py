"""Plan content (sections A-K): every validation rule names the path at fault; diff and display."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sendcase.plans import content as c

from .test_versions_support import complete_content


def paths(data, **kwargs) -> dict[str, str]:
    return {e.path: e.message for e in c.validate_content(data, **kwargs)}


def test_empty_content_is_a_valid_draft_but_cannot_be_issued():
    assert c.validate_content(c.empty_content()) == []
    assert paths(c.empty_content(), for_issue=True) == {
        "B.needs": "Add at least one special educational need",
        "E.outcomes": "Add at least one outcome",
        "F.items": "Add at least one item of special educational provision",
        "I.establishment_id": "Name the school or setting, or the type of setting",
    }


def test_complete_content_may_be_issued():
    assert c.validate_content(complete_content(), for_issue=True) == []


def test_not_an_object_and_missing_or_unknown_sections():
    assert c.validate_content([]) == [c.ContentError("", c.validate_content([])[0].message)]
    data = complete_content()
    del data["C"]
    data["Z"] = {}
    data["schema"] = 99
    found = paths(data)
    assert "C" in found and "Z" in found and "schema" in found


def test_text_must_be_text_and_not_enormous():
    data = complete_content()
    data["A"]["views"] = 5
    data["A"]["interests"] = "x" * (c.MAX_TEXT + 1)
    found = paths(data)
    assert found["A.views"] == "Enter text"
    assert "characters or fewer" in found["A.interests"]


@pytest.mark.parametrize(
    ("need", "path", "text"),
    [
        ({"code": ""}, "B.needs[1].code", "Select the type of need"),
        ({"code": "XYZ"}, "B.needs[1].code", "not a SEN2 type of need"),
        ({"rank": None}, "B.needs[1].rank", "Enter the need's rank"),
        ({"rank": "two"}, "B.needs[1].rank", "whole number"),
        ({"rank": 0}, "B.needs[1].rank", "whole number"),
        ({"rank": True}, "B.needs[1].rank", "whole number"),
        ({"rank": 1}, "B.needs[1].rank", "Only one need can be the primary need"),
        ({"rank": 3}, "B.needs[1].rank", "Ranks must run from 1 to 2 with no gaps"),
        ({"description": " "}, "B.needs[1].description", "Describe the need"),
        ({"id": "N1"}, "B.needs[1].id", "The id N1 is used twice"),
        ({"id": ""}, "B.needs[1].id", "Each item needs an id"),
    ],
)
def test_needs_rules_name_the_field(need, path, text):
    data = complete_content()
    data["B"]["needs"][1].update(need)
    found = paths(data)
    assert path in found and text in found[path]


def test_a_duplicate_rank_other_than_1_is_named():
    data = complete_content()
    data["B"]["needs"].append({"id": "N3", "code": "MLD", "rank": 2, "description": "d"})
    assert "Rank 2 is given to more than one need" in paths(data)["B.needs[2].rank"]


def test_needs_need_a_primary():
    data = complete_content()
    data["B"]["needs"][0]["rank"] = 3
    data["B"]["needs"][1]["rank"] = 2
    # Ranks 2 and 3 for two needs: the gap is named on the need ranked 3, and no need is primary.
    found = paths(data)
    assert found["B.needs[0].rank"] == "Ranks must run from 1 to 2 with no gaps"
    assert found["B.needs"] == "Rank one need 1: the primary need"
    data["B"]["needs"] = [{"id": "N1", "code": "ASD", "rank": 2, "description": "d"}]
    data["E"]["outcomes"][0]["needs"] = ["N1"]
    assert paths(data)["B.needs"] == "Rank one need 1: the primary need"


def test_items_must_be_objects_in_lists():
    data = complete_content()
    data["E"]["outcomes"] = "nope"
    data["F"]["items"].append("nope")
    found = paths(data)
    assert found["E.outcomes"] == "Must be a list"
    assert found["F.items[1]"] == "Must be an item with fields"


@pytest.mark.parametrize(
    ("change", "path", "text"),
    [
        ({"text": ""}, "E.outcomes[0].text", "Enter the outcome"),
        ({"timescale": ""}, "E.outcomes[0].timescale", "Enter when"),
        ({"needs": []}, "E.outcomes[0].needs", "Select the needs this outcome answers"),
        ({"needs": ["N9"]}, "E.outcomes[0].needs", "There is no need N9 in this plan"),
        ({"needs": "N1"}, "E.outcomes[0].needs", "Must be a list of need ids"),
    ],
)
def test_outcome_rules(change, path, text):
    data = complete_content()
    data["E"]["outcomes"][0].update(change)
    found = paths(data)
    assert text in found[path]


@pytest.mark.parametrize(
    ("change", "path", "text"),
    [
        ({"what": ""}, "F.items[0].what", "Enter what the provision is"),
        ({"who": ""}, "F.items[0].who", "Enter who will provide it"),
        ({"frequency": ""}, "F.items[0].frequency", "Enter how often"),
        ({"duration": ""}, "F.items[0].duration", "Enter for how long"),
        ({"frequency": "As needed"}, "F.items[0].frequency", "“as needed” is not specific"),
        ({"frequency": "Regular sessions"}, "F.items[0].frequency", "“regular” is not specific"),
        ({"duration": "Ongoing"}, "F.items[0].duration", "“ongoing” is not specific"),
        ({"outcomes": []}, "F.items[0].outcomes", "Select the outcomes this provision supports"),
        ({"outcomes": ["E7"]}, "F.items[0].outcomes", "There is no outcome E7"),
    ],
)
def test_special_educational_provision_must_be_specific_and_quantified(change, path, text):
    data = complete_content()
    data["F"]["items"][0].update(change)
    assert text in paths(data)[path]


@pytest.mark.parametrize("section", ["G", "H1", "H2"])
def test_health_and_social_care_provision_needs_what_and_who_and_real_outcomes(section):
    data = complete_content()
    data[section]["items"] = [
        {"id": f"{section}-1", "what": "", "who": "", "frequency": "", "duration": "", "outcomes": ["E5"]}
    ]
    found = paths(data)
    assert found[f"{section}.items[0].what"] == "Enter what the provision is"
    assert found[f"{section}.items[0].who"] == "Enter who will provide it"
    assert "There is no outcome E5" in found[f"{section}.items[0].outcomes"]
    data[section]["items"][0].update(what="Short breaks", who="Social worker", outcomes=[])
    assert c.validate_content(data) == []  # how often and for how long are optional outside F


def test_placement_rules():
    data = complete_content()
    data["I"] = {"establishment_id": "12", "setting_type": "castle"}
    found = paths(data)
    assert found["I.establishment_id"] == "Select a school or setting"
    assert found["I.setting_type"] == "Select a type of setting from the list"
    data["I"] = {"establishment_id": None, "setting_type": "special"}
    assert c.validate_content(data, for_issue=True) == []


@pytest.mark.parametrize(
    ("budget", "path", "text"),
    [
        ({"kinds": ["none", "health"]}, "J.kinds", "on its own"),
        ({"kinds": ["holiday"]}, "J.kinds", "not a kind of personal budget"),
        ({"kinds": ["health", "health"]}, "J.kinds", "only once"),
        ({"kinds": "health"}, "J.kinds", "Select the kinds"),
        ({"kinds": ["health"], "amounts": {"education": "10"}}, "J.amounts.education", "Select Education"),
        ({"kinds": ["health"], "amounts": {"health": "ten"}}, "J.amounts.health", "Enter an amount"),
        ({"kinds": ["health"], "amounts": {"health": "-5"}}, "J.amounts.health", "Enter an amount"),
        ({"kinds": ["health"], "amounts": {"health": "1.234"}}, "J.amounts.health", "Enter an amount"),
        ({"kinds": ["health"], "amounts": {"health": 12}}, "J.amounts.health", "Enter an amount"),
        ({"kinds": ["health"], "amounts": []}, "J.amounts", "per kind"),
    ],
)
def test_personal_budget_rules(budget, path, text):
    data = complete_content()
    data["J"].update(budget)
    assert text in paths(data)[path]


def test_a_personal_budget_with_amounts_is_valid():
    data = complete_content()
    data["J"] = {"kinds": ["health", "direct_payments"], "amounts": {"health": "1200.50"}, "notes": ""}
    assert c.validate_content(data) == []


def test_advice_rules():
    data = complete_content()
    data["K"]["advice"] = [
        {"adviser": "", "date": "2025-02-30", "title": ""},
        {"adviser": "EP", "title": "t"},
    ]
    found = paths(data)
    assert found["K.advice[0].adviser"] == "Enter who gave the advice"
    assert found["K.advice[0].title"] == "Enter the title of the document"
    assert found["K.advice[0].date"] == "The date of the advice must be a real date"
    assert found["K.advice[1].date"] == "Enter the date of the advice"


def test_primary_need_and_next_id():
    data = complete_content()
    assert c.primary_need(data) == "ASD"
    assert c.primary_need(c.empty_content()) == ""
    assert c.next_id(data["B"]["needs"], "N") == "N3"
    assert c.next_id([], "E") == "E1"


def test_content_from_request_lists_the_advice_received():
    class Advice:
        def __init__(self, pk, received_on, name=""):
            self.pk, self.received_on, self.adviser_name = pk, received_on, name

        def get_adviser_type_display(self):
            return "Educational psychology"

    class Manager:
        def all(self):
            import datetime as dt

            return [Advice(2, dt.date(2025, 3, 1), "Dr A"), Advice(1, None), Advice(3, dt.date(2025, 2, 1))]

    class Request:
        advice_requests = Manager()

    content = c.content_from_request(Request())
    assert content["B"]["needs"] == []
    assert content["K"]["advice"] == [
        {"adviser": "Educational psychology", "date": "2025-02-01", "title": "Educational psychology advice"},
        {"adviser": "Dr A", "date": "2025-03-01", "title": "Educational psychology advice"},
    ]


# --- diff ------------------------------------------------------------------------------------------


def test_diff_reports_added_removed_and_changed_items_by_id():
    old = complete_content()
    new = copy.deepcopy(old)
    new["B"]["needs"].pop()  # N2 removed
    new["E"]["outcomes"][0]["timescale"] = "by July 2028"
    new["F"]["items"].append({**new["F"]["items"][0], "id": "F2", "what": "Social stories"})
    new["A"]["views"] = "Likes buses."
    changes = c.diff(old, new)
    assert c.Change("A", "changed", "", "views", "Likes trains.", "Likes buses.") in changes
    assert any(ch.section == "B" and ch.kind == "removed" and ch.item == "N2" for ch in changes)
    assert c.Change("E", "changed", "E1", "timescale", "by July 2027", "by July 2028") in changes
    assert any(ch.section == "F" and ch.kind == "added" and ch.item == "F2" for ch in changes)
    assert len(changes) == 4


def test_diff_reports_a_reordering():
    old = complete_content()
    new = copy.deepcopy(old)
    new["B"]["needs"].reverse()
    assert [ch.kind for ch in c.diff(old, new)] == ["reordered"]


def test_text_diff_marks_words():
    assert c.text_diff("the cat sat", "the dog sat") == [
        ("equal", "the "),
        ("delete", "cat"),
        ("insert", "dog"),
        ("equal", " sat"),
    ]


def test_rows_label_every_field():
    rows = c.rows(complete_content(), "F")
    assert [r.key for r in rows][:2] == ["F1.what", "F1.who"]
    assert rows[0].label == "Provision 1: provision"
    assert c.rows(complete_content(), "B")[0].value == "Autistic spectrum disorder"


texts = st.text(max_size=12)
ids = st.sampled_from(["N1", "N2", "E1", "E2", "F1", "X"])
provision = st.fixed_dictionaries(
    {
        "id": ids,
        "what": texts,
        "who": texts,
        "frequency": texts,
        "duration": texts,
        "group_size": texts,
        "outcomes": st.lists(ids, max_size=2),
    }
)
contents = st.fixed_dictionaries(
    {
        "schema": st.just(1),
        "A": st.fixed_dictionaries({"views": texts, "interests": texts, "aspirations": texts}),
        "B": st.fixed_dictionaries(
            {
                "needs": st.lists(
                    st.fixed_dictionaries(
                        {
                            "id": ids,
                            "code": st.sampled_from(["ASD", "MLD", "SLCN"]),
                            "rank": st.integers(1, 3),
                            "description": texts,
                        }
                    ),
                    max_size=3,
                )
            }
        ),
        "C": st.fixed_dictionaries({"description": texts}),
        "D": st.fixed_dictionaries({"description": texts}),
        "E": st.fixed_dictionaries(
            {
                "outcomes": st.lists(
                    st.fixed_dictionaries(
                        {"id": ids, "text": texts, "timescale": texts, "needs": st.lists(ids, max_size=2)}
                    ),
                    max_size=3,
                )
            }
        ),
        "F": st.fixed_dictionaries({"items": st.lists(provision, max_size=3)}),
        "G": st.fixed_dictionaries({"items": st.lists(provision, max_size=2)}),
        "H1": st.fixed_dictionaries({"items": st.lists(provision, max_size=2)}),
        "H2": st.fixed_dictionaries({"items": st.lists(provision, max_size=2)}),
        "I": st.fixed_dictionaries(
            {
                "establishment_id": st.none() | st.integers(1, 3),
                "setting_type": st.sampled_from(["", "special"]),
            }
        ),
        "J": st.fixed_dictionaries(
            {
                "kinds": st.lists(st.sampled_from(list(c.PERSONAL_BUDGET_KINDS)), max_size=2),
                "amounts": st.dictionaries(
                    st.sampled_from(["health", "education"]), st.sampled_from(["1", "2"])
                ),
                "notes": texts,
            }
        ),
        "K": st.fixed_dictionaries(
            {
                "advice": st.lists(
                    st.fixed_dictionaries(
                        {
                            "adviser": texts,
                            "date": st.sampled_from(["2025-01-01", "2025-02-01"]),
                            "title": texts,
                        }
                    ),
                    max_size=2,
                )
            }
        ),
    }
)


@settings(max_examples=200, deadline=None)
@given(contents)
def test_diff_of_content_with_itself_is_empty(a):
    assert c.diff(a, copy.deepcopy(a)) == []


@settings(max_examples=300, deadline=None)
@given(contents, contents)
def test_diff_of_different_contents_is_not_empty(a, b):
    if a != b:
        assert c.diff(a, b) != []
    else:
        assert c.diff(a, b) == []


@settings(max_examples=100, deadline=None)
@given(contents)
def test_validation_never_crashes_and_names_real_sections(a):
    for error in c.validate_content(a, for_issue=True):
        assert error.section in c.SECTIONS
