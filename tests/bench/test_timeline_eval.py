"""The TimeLine scorer (bench/timeline_eval.py) on tiny hand-made timelines."""

from __future__ import annotations

import pytest

from bench.timeline_eval import (
    BEFORE,
    SIMULTANEOUS,
    UNKNOWN_DATE,
    Score,
    TemporalGraph,
    Timeline,
    TimelineLine,
    parsed_timeline,
    task_date,
    temporal_awareness,
    timeline_graph,
    timeline_of,
)

GOLD = """Airbus
0\tXXXX-XX-XX\t1-1-owned
1\t2003-XX-XX\t2-4-sold
2\t2005-01-18\t3-2-unveiled\t4-0-unveils
3\t2007-10-25\t5-3-delivered
3\t2007-10-25\t5-3-flight
"""


def line(ordinal: int, date: str, *events: str) -> TimelineLine:
    return TimelineLine(ordinal, date, events)


def test_parse_reads_entity_ordinals_dates_and_coreferent_mentions() -> None:
    gold = parsed_timeline(GOLD)
    assert gold.entity == "Airbus"
    assert gold.lines[2] == line(2, "2005-01-18", "3-2-unveiled", "4-0-unveils")
    assert parsed_timeline(gold.text()) == gold


def test_parse_rejects_a_line_without_events() -> None:
    with pytest.raises(ValueError, match="line 2"):
        parsed_timeline("Airbus\n1\t2003-XX-XX\n")


def test_identical_timelines_score_100() -> None:
    gold = parsed_timeline(GOLD)
    score = temporal_awareness(gold, parsed_timeline(GOLD))
    assert (score.precision, score.recall, score.f1) == (1.0, 1.0, 1.0)
    # minimal graph: 1 coreference link + 1 same-ordinal link + 3 date anchors (one a dated position) + 3 BEFOREs
    assert score.gold_relations == score.system_relations == 8


def test_reversed_order_loses_every_before() -> None:
    gold = Timeline("X", [line(1, UNKNOWN_DATE, "a"), line(2, UNKNOWN_DATE, "b"), line(3, UNKNOWN_DATE, "c")])
    reverse = Timeline("X", [line(1, UNKNOWN_DATE, "c"), line(2, UNKNOWN_DATE, "b"), line(3, UNKNOWN_DATE, "a")])
    assert temporal_awareness(gold, gold).f1 == 1.0
    assert temporal_awareness(gold, reverse).f1 == 0.0


def test_reversed_dates_keep_only_the_anchors() -> None:
    gold = Timeline("X", [line(1, "2001-XX-XX", "a"), line(2, "2002-XX-XX", "b")])
    swapped = Timeline("X", [line(1, "2001-XX-XX", "b"), line(2, "2002-XX-XX", "a")])
    score = temporal_awareness(gold, swapped)
    assert (score.precision_hits, score.system_relations) == (0, 3)  # two wrong anchors, one wrong BEFORE
    assert score.f1 == 0.0
    half = Timeline("X", [line(1, "2001-XX-XX", "a"), line(2, "2003-XX-XX", "b")])  # right order, one wrong date
    assert temporal_awareness(gold, half).precision == pytest.approx(2 / 3)


def test_closure_makes_a_before_b_before_c_imply_a_before_c() -> None:
    graph = TemporalGraph(["a", "b", "c"], before=[("a", "b"), ("b", "c")])
    assert graph.entails("a", BEFORE, "c")
    assert not graph.entails("c", BEFORE, "a")
    assert not graph.entails("a", SIMULTANEOUS, "c")


def test_a_system_skipping_the_middle_event_is_precise_but_incomplete() -> None:
    gold = Timeline("X", [line(1, UNKNOWN_DATE, "a"), line(2, UNKNOWN_DATE, "b"), line(3, UNKNOWN_DATE, "c")])
    system = Timeline("X", [line(1, UNKNOWN_DATE, "a"), line(2, UNKNOWN_DATE, "c")])
    score = temporal_awareness(gold, system)
    assert (score.precision_hits, score.system_relations) == (1, 1)  # a < c, entailed by the gold's closure
    assert (score.recall_hits, score.gold_relations) == (0, 2)  # a < b and b < c: b is missing


def test_minimal_graph_drops_what_closure_implies() -> None:
    graph = TemporalGraph(["a", "b", "c"], before=[("a", "b"), ("b", "c"), ("a", "c")])
    assert graph.minimal_size() == 2
    assert len(graph.covering_pairs()) == 2


def test_simultaneous_mentions_count_links_not_pairs() -> None:
    gold = Timeline("X", [line(1, UNKNOWN_DATE, "a", "b", "c", "d")])
    assert timeline_graph(gold).minimal_size() == 3
    split = Timeline("X", [line(1, UNKNOWN_DATE, "a", "b"), line(2, UNKNOWN_DATE, "c", "d")])
    score = temporal_awareness(gold, split)
    assert (score.recall_hits, score.gold_relations) == (2, 3)  # {a,b} and {c,d} hold; one link is missing
    assert (score.precision_hits, score.system_relations) == (2, 3)  # a~b, c~d right; {a,b} < {c,d} wrong


def test_inconsistent_graphs_are_refused() -> None:
    with pytest.raises(ValueError, match="cycle"):
        TemporalGraph(["a", "b"], before=[("a", "b"), ("b", "a")])
    with pytest.raises(ValueError, match="simultaneous"):
        TemporalGraph(["a", "b"], simultaneous=[("a", "b")], before=[("a", "b")])


def test_one_coarse_date_at_two_positions_stays_consistent() -> None:
    gold = Timeline("X", [line(5, "2008-XX-XX", "spent"), line(6, "2008-XX-XX", "reported")])
    graph = timeline_graph(gold)
    assert graph.entails("spent", BEFORE, "reported")
    assert graph.entails("reported", SIMULTANEOUS, "t:2008-XX-XX")
    assert temporal_awareness(gold, gold).f1 == 1.0


def test_repeated_ids_never_merge_two_positions() -> None:
    gold = Timeline("X", [line(0, UNKNOWN_DATE, "d-4-said", "d-4-said"), line(3, "2008-02-29", "d-4-said")])
    graph = timeline_graph(gold)
    assert graph.entails("d-4-said", BEFORE, "d-4-said#2")


def test_undated_events_are_one_position_before_the_dated_unless_isolated() -> None:
    gold = Timeline("X", [line(0, UNKNOWN_DATE, "u1"), line(0, UNKNOWN_DATE, "u2"), line(1, "2001-XX-XX", "d")])
    ordered = timeline_graph(gold)
    assert ordered.entails("u1", SIMULTANEOUS, "u2") and ordered.entails("u2", BEFORE, "d")
    isolated = timeline_graph(gold, undated="isolated")
    assert not isolated.entails("u1", SIMULTANEOUS, "u2") and not isolated.entails("u2", BEFORE, "d")


def test_scores_add_up_as_micro_averages() -> None:
    total = Score(1, 2, 1, 4) + Score(3, 4, 0, 4)
    assert (total.precision, total.recall) == (4 / 6, 1 / 8)
    assert Score().f1 == 0.0


def test_task_date_keeps_the_granularity_the_value_gives() -> None:
    assert task_date("2008-03-01") == "2008-03-01"
    assert task_date("2008-03") == "2008-03-XX"
    assert task_date("2008") == "2008-XX-XX"
    assert task_date("2008-03-01T14:30") == "2008-03-01"
    assert task_date("2005-W08") == "2005-02-XX"  # 21–27 February
    assert task_date("2005-W05") == "2005-XX-XX"  # 31 January – 6 February
    assert task_date("2008-SU") == "2008-XX-XX"
    assert task_date("2008-12-XX") == "2008-12-XX"
    assert task_date("XXXX-02-24") == UNKNOWN_DATE
    assert task_date(None) == UNKNOWN_DATE


def test_timeline_of_ranks_dates_coarse_first_and_puts_undated_at_zero() -> None:
    timeline = timeline_of(
        "X", [("2005-01-XX", ["b"]), (UNKNOWN_DATE, ["u"]), ("2005-XX-XX", ["a"]), ("2005-01-XX", ["c", "c2"])]
    )
    assert timeline.lines == [
        line(0, UNKNOWN_DATE, "u"),
        line(1, "2005-XX-XX", "a"),
        line(2, "2005-01-XX", "b"),
        line(2, "2005-01-XX", "c", "c2"),
    ]
