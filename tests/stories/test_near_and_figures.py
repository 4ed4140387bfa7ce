"""The date-proximity rule and figures as features, on invented reports written for these tests.

The embedding share is switched off (``dense_weight=0``) so the scores below do not depend on
whether the optional word-vector model is installed.
"""

from __future__ import annotations

from claimledger.records import Document
from claimledger.stories import StoryClusterer, figures

GROUNDING = (
    "Ferry with 212 passengers runs aground off Varnholm",
    "A passenger ferry carrying 212 people ran aground on rocks near the island of Varnholm "
    "late on Tuesday, the coastguard said. Rescue boats took passengers ashore and nobody was "
    "seriously hurt. The operator, Nordvik Lines, said the vessel lost steering in strong winds "
    "and that an inquiry had begun.",
)
# The next day's follow-up from another outlet: same event, mostly different words.
FOLLOW_UP = (
    "Nordvik Lines halts island sailings after grounding",
    "Sailings were halted on Wednesday while divers check the damaged hull. Maritime safety "
    "investigators arrived to question the captain and crew, and travellers were offered refunds.",
)


def _doc(n: int, title: str, text: str, published: str | None) -> Document:
    return Document(
        id=n,
        source=f"invented/{n}.txt",
        url=None,
        title=title,
        outlet=None,
        published=published,
        published_source="metadata" if published else "unknown",
        language="en",
        duplicate_of=None,
        story=None,
        text=text,
    )


def _joins(published: str, **params: object) -> bool:
    clusterer = StoryClusterer(dense_weight=0, **params)
    first = clusterer.assign(_doc(1, *GROUNDING, "2031-03-04"))
    return clusterer.assign(_doc(2, *FOLLOW_UP, published)) == first


def test_the_follow_up_scores_between_the_near_and_the_usual_threshold() -> None:
    clusterer = StoryClusterer(dense_weight=0)
    key = clusterer.assign(_doc(1, *GROUNDING, "2031-03-04"))
    tvec, evec, _, _ = clusterer._features(_doc(2, *FOLLOW_UP, "2031-03-05"))
    score, disjoint = clusterer._score(clusterer._stories[key], tvec, evec)
    params = clusterer.params
    assert params["near_threshold"] <= score < params["threshold"]
    assert not disjoint


def test_a_report_a_day_later_joins_with_modest_word_overlap() -> None:
    assert _joins("2031-03-05")
    assert _joins("2031-03-03")  # a day before counts too: outlets are ingested in any order


def test_the_same_report_a_week_later_needs_the_usual_similarity() -> None:
    assert not _joins("2031-03-11")
    assert not _joins("2031-03-06")  # two days is outside near_days=1


def test_the_near_rule_can_be_widened_or_turned_off() -> None:
    assert _joins("2031-03-06", near_days=2)
    assert not _joins("2031-03-05", near_days=-1)


def test_undated_reports_never_count_as_near() -> None:
    clusterer = StoryClusterer(dense_weight=0)
    first = clusterer.assign(_doc(1, *GROUNDING, None))
    assert clusterer.assign(_doc(2, *FOLLOW_UP, None)) != first


def test_figures_are_read_as_written_and_small_counts_are_dropped() -> None:
    text = (
        "The 6.1 magnitude quake killed 84 people, left 2,300 homes damaged and 5 bridges down "
        "in 2029; the G7 pledged $1.5 million and 12 teams flew in."
    )
    assert figures(text) == {"#6.1": 1, "#84": 1, "#2300": 1, "#2029": 1, "#1.5": 1}


QUAKE = (
    "Quake shakes Orvane province",
    "A magnitude 6.1 earthquake struck Orvane province before dawn on Sunday, killing 84 people "
    "and damaging 2,300 homes, the Orvane civil defence agency said. Rescuers from Tessaly and "
    "Corimbe searched collapsed buildings in the town of Lask.",
)
SAME_FIGURES = (
    "Orvane earthquake toll reaches 84",
    "Rescuers in Lask said the 6.1 tremor killed 84 people; officials in Orvane counted 2,300 "
    "damaged homes and asked Tessaly for tents.",
)
OTHER_FIGURES = (
    "Orvane earthquake toll reaches 17",
    "Rescuers in Lask said the 5.4 tremor killed 17 people; officials in Orvane counted 460 "
    "damaged homes and asked Tessaly for tents.",
)


def _quake_score(follow: tuple[str, str], **params: object) -> float:
    clusterer = StoryClusterer(dense_weight=0, **params)
    key = clusterer.assign(_doc(1, *QUAKE, "2029-05-06"))
    tvec, evec, _, _ = clusterer._features(_doc(2, *follow, "2029-05-07"))
    return clusterer._score(clusterer._stories[key], tvec, evec)[0]


def test_shared_figures_bring_a_report_closer_to_its_story() -> None:
    assert _quake_score(SAME_FIGURES) > _quake_score(OTHER_FIGURES) + 0.03
    # without figures the two follow-ups read the same to the clusterer
    assert abs(_quake_score(SAME_FIGURES, figures=False)
               - _quake_score(OTHER_FIGURES, figures=False)) < 1e-9
