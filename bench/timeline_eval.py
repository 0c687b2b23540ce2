"""Temporal-awareness scoring of TimeLines, after SemEval-2015 Task 4 (UzZaman & Allen 2011, as in TempEval-3).

A TimeLine is the task's file: the target entity on the first line, then one line per event,
`ordinal<TAB>date<TAB>event-id<TAB>event-id…`, where every id on a line is a mention of the same event
(`docid-sentence-token`, e.g. `1173-12-owned`), ordinal 0 with date `XXXX-XX-XX` holds the events that could not
be placed in time, and the date is `YYYY-MM-DD` with `XX` for the parts not known.

Scoring, as the task's tool does it (alt.qcri.org/semeval2015/task4, "Tools"), turns each timeline into a graph
of temporal relations:

* every date other than `XXXX-XX-XX` becomes a time node `t:<date>`, and each event on a dated line is
  SIMULTANEOUS with it;
* the mentions on one line, and the events sharing an ordinal, are SIMULTANEOUS;
* every event is BEFORE every event of the next ordinal (and, by transitivity, of all later ones).

Both graphs are closed under transitivity and reduced to a minimal graph. Then precision is the share of the
system's minimal relations that the closure of the gold graph entails, recall the share of the gold's minimal
relations that the closure of the system graph entails, and F1 their harmonic mean; `Score` sums the counts, so
adding scores micro-averages over timelines as the task does.

Only BEFORE and SIMULTANEOUS occur, so each graph is exactly an equivalence relation (the SIMULTANEOUS classes),
a strict order on the classes (BEFORE) and the dates each class is at: that is what `TemporalGraph` stores, and
entailment is class identity, reachability or a date label — the interval algebra of the TempEval-3 script gives
nothing more for these two relations. Where this departs from the official script (which was not available here
to run side by side):

* A minimal graph is not unique: a class of n simultaneous nodes needs any n-1 links that connect it, and one
  BEFORE link between two classes may join any member of one to any member of the other. The official tool keeps
  whichever its input order gives; here each minimal relation counts as entailed when *some* choice of members
  is, i.e. the score is that of the minimal graph most favourable to the one being scored (a class of n counts
  n minus the number of groups the other graph splits it into).
* Ids are the task's `docid-sentence-token`, which cannot tell two equal tokens of one sentence apart. A repeat
  inside one line is dropped; a repeat on another line becomes a distinct node (`id#2`), so one token never sits
  at two places in one graph and no graph is inconsistent (the official tool would merge them and then drop
  whichever relations violate the rest).
* Time nodes are matched by their date value (`t:2008-03-01`), so anchoring an event to a coarser or different
  date than the gold earns nothing for that anchor. A time node labels the class of its events instead of joining
  it, so two ordinals with one coarse date (the gold has `2008-XX-XX` at ordinals 5 and 6) do not collapse into
  a contradiction; on any consistent timeline this counts and entails exactly what joining would.
* `undated="ordered"` (default) reads ordinal 0 like any other position: the undated events are simultaneous
  with one another and before ordinal 1, which is what the conversion above yields for the task's format.
  `undated="isolated"` links an undated event only to the other mentions on its own line — the stricter reading,
  reported as a variant since how the official script treats ordinal 0 could not be checked.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

UNKNOWN_DATE = "XXXX-XX-XX"
BEFORE = "BEFORE"
SIMULTANEOUS = "SIMULTANEOUS"
TIME_PREFIX = "t:"
UndatedPolicy = Literal["ordered", "isolated"]

_TASK_DATE = re.compile(r"^(?:\d{4}|XXXX)-(?:\d\d|XX)-(?:\d\d|XX)$")
_YEAR = re.compile(r"^(\d{4})(?:-(\d\d)(?:-(\d\d))?)?(?:T.*)?$")


@dataclass(frozen=True)
class TimelineLine:
    """One event of a timeline: its position, its date, and every mention of it."""

    ordinal: int
    date: str
    events: tuple[str, ...]


@dataclass
class Timeline:
    entity: str
    lines: list[TimelineLine] = field(default_factory=list)

    @property
    def mentions(self) -> set[str]:
        return {e for line in self.lines for e in line.events}

    def text(self) -> str:
        """The task's file format."""
        rows = [self.entity] + [f"{ln.ordinal}\t{ln.date}\t" + "\t".join(ln.events) for ln in self.lines]
        return "\n".join(rows) + "\n"


def parsed_timeline(text: str) -> Timeline:
    """A timeline from the task's file format (blank lines ignored)."""
    rows = [r for r in text.splitlines() if r.strip()]
    if not rows:
        raise ValueError("empty timeline file: expected the target entity on the first line")
    lines = []
    for number, row in enumerate(rows[1:], start=2):
        cells = [c for c in row.strip().split("\t") if c]
        if len(cells) < 3:
            raise ValueError(f"timeline line {number}: expected ordinal, date and at least one event id: {row!r}")
        lines.append(TimelineLine(int(cells[0]), cells[1], tuple(cells[2:])))
    return Timeline(rows[0].strip(), lines)


def task_date(value: str | None) -> str:
    """A TIMEX3 value as the task's date: `2008-03` → `2008-03-XX`; no year (or no date) → `XXXX-XX-XX`.

    A week inside one month keeps the month (`2005-W08` → `2005-02-XX`), else its year; seasons, quarters and
    halves keep their year; times keep their day.
    """
    if not value:
        return UNKNOWN_DATE
    if _TASK_DATE.match(value):
        return UNKNOWN_DATE if value.startswith("XXXX") else value
    match = _YEAR.match(value)
    if match is None:
        week = re.match(r"^(\d{4})-W(\d\d)", value)
        if week:
            week_year, number = int(week.group(1)), int(week.group(2))
            try:
                monday = dt.date.fromisocalendar(week_year, number, 1)
                sunday = dt.date.fromisocalendar(week_year, number, 7)
            except ValueError:
                return f"{week_year:04d}-XX-XX"
            same_month = monday.month == sunday.month
            return f"{monday.year:04d}-{monday.month:02d}-XX" if same_month else f"{week_year:04d}-XX-XX"
        coarse = re.match(r"^(\d{4})-(?:SP|SU|FA|WI|Q[1-4]|H[12])", value)
        return f"{coarse.group(1)}-XX-XX" if coarse else UNKNOWN_DATE
    year, month, day = match.groups()
    return f"{year}-{month or 'XX'}-{day or 'XX'}"


def date_order(date: str) -> tuple[int, int, int]:
    """Sort key of a task date: coarser first, as the gold places `2005-XX-XX` before `2005-01-XX`."""
    parts = date.split("-")
    numbers = [int(p) if p.isdigit() else 0 for p in parts[:3]] + [0, 0, 0]
    return numbers[0], numbers[1], numbers[2]


def timeline_of(entity: str, events: Iterable[tuple[str, Sequence[str]]]) -> Timeline:
    """A timeline from (task date, mention ids) pairs: undated at ordinal 0, dated ranked by date from 1.

    Events with the same date share an ordinal (the gold does the same); lines are sorted by ordinal, then by
    their first mention id so the output is stable.
    """
    dated: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for date, mentions in events:
        if mentions:
            dated[date].append(tuple(mentions))
    ordinals = {d: i for i, d in enumerate(sorted((d for d in dated if d != UNKNOWN_DATE), key=date_order), 1)}
    ordinals[UNKNOWN_DATE] = 0
    lines = [TimelineLine(ordinals[d], d, m) for d, group in dated.items() for m in group]
    return Timeline(entity, sorted(lines, key=lambda ln: (ln.ordinal, ln.events)))


class TemporalGraph:
    """SIMULTANEOUS classes of events, a strict BEFORE order on the classes, and the dates each class is at.

    A date is a time node `t:<date>` that is SIMULTANEOUS with the events anchored to it. It is kept as a label
    of their class rather than merged into it, so that the gold's occasional two positions with one coarse date
    (`2008-XX-XX` at ordinals 5 and 6) stay consistent; on any consistent graph this counts and entails exactly
    what merging would.
    """

    def __init__(
        self,
        nodes: Iterable[str],
        simultaneous: Iterable[tuple[str, str]] = (),
        before: Iterable[tuple[str, str]] = (),
        anchors: Iterable[tuple[str, str]] = (),
    ):
        self._parent: dict[str, str] = {n: n for n in nodes}
        same, earlier, dated = list(simultaneous), list(before), list(anchors)
        for a, b in [*same, *earlier]:
            self._parent.setdefault(a, a)
            self._parent.setdefault(b, b)
        for event, _ in dated:
            self._parent.setdefault(event, event)
        for a, b in same:
            ra, rb = self._root(a), self._root(b)
            if ra != rb:
                self._parent[max(ra, rb)] = min(ra, rb)
        members: dict[str, set[str]] = defaultdict(set)
        for node in self._parent:
            members[self._root(node)].add(node)
        self.classes: dict[str, frozenset[str]] = {root: frozenset(group) for root, group in members.items()}
        self.dates: dict[str, set[str]] = defaultdict(set)  # class → time nodes it is simultaneous with
        for event, date in dated:
            self.dates[self._root(event)].add(TIME_PREFIX + task_date(date))
        self._successors: dict[str, set[str]] = defaultdict(set)
        for a, b in earlier:
            ra, rb = self._root(a), self._root(b)
            if ra == rb:
                raise ValueError(f"inconsistent graph: {a} BEFORE {b} but they are simultaneous")
            self._successors[ra].add(rb)
        self._reach = self._closure()

    def _root(self, node: str) -> str:
        while self._parent[node] != node:
            self._parent[node] = self._parent[self._parent[node]]
            node = self._parent[node]
        return node

    def _closure(self) -> dict[str, frozenset[str]]:
        """Every class strictly after each class (depth-first, memoized; a BEFORE cycle is an error)."""
        reach: dict[str, frozenset[str]] = {}
        visiting: set[str] = set()

        def visit(root: str) -> frozenset[str]:
            if root in reach:
                return reach[root]
            if root in visiting:
                raise ValueError(f"inconsistent graph: a BEFORE cycle through {sorted(self.classes[root])[0]}")
            visiting.add(root)
            after: set[str] = set()
            for nxt in self._successors.get(root, ()):
                after.add(nxt)
                after |= visit(nxt)
            visiting.discard(root)
            reach[root] = frozenset(after)
            return reach[root]

        for root in self.classes:
            visit(root)
        return reach

    @property
    def nodes(self) -> frozenset[str]:
        return frozenset(self._parent)

    def class_of(self, node: str) -> str | None:
        return self._root(node) if node in self._parent else None

    def entails(self, a: str, relation: str, b: str) -> bool:
        """Whether the closure holds `a relation b`; `b` may be a time node (nodes the graph lacks entail nothing)."""
        ra = self.class_of(a)
        if ra is None:
            return False
        if relation == SIMULTANEOUS and b.startswith(TIME_PREFIX):
            return TIME_PREFIX + task_date(b.removeprefix(TIME_PREFIX)) in self.dates.get(ra, ())
        rb = self.class_of(b)
        if rb is None:
            return False
        if relation == SIMULTANEOUS:
            return ra == rb
        if relation == BEFORE:
            return rb in self._reach[ra]
        raise ValueError(f"unknown relation {relation!r}")

    def covering_pairs(self) -> list[tuple[str, str]]:
        """The transitive reduction of BEFORE on classes: (A, B) with nothing between A and B."""
        pairs: list[tuple[str, str]] = []
        for a, after in self._reach.items():
            implied = set().union(*(self._reach[c] for c in after)) if after else set()
            pairs.extend((a, b) for b in after - implied)
        return sorted(pairs)

    def minimal_size(self) -> int:
        """How many relations a minimal graph with this closure has: links within classes, anchors, BEFOREs."""
        within = sum(len(c) - 1 for c in self.classes.values())
        return within + sum(len(d) for d in self.dates.values()) + len(self.covering_pairs())

    def minimal_entailed_by(self, other: TemporalGraph) -> int:
        """How many relations of this graph's minimal graph the other's closure entails (best choice of members)."""
        hits = 0
        for root, group in self.classes.items():
            split = {other.class_of(n) or f"\0{n}" for n in group}  # nodes the other lacks are groups of their own
            hits += len(group) - len(split)
            for date in self.dates.get(root, ()):
                hits += any(other.entails(n, SIMULTANEOUS, date) for n in group)
        for a, b in self.covering_pairs():
            if any(other.entails(x, BEFORE, y) for x in self.classes[a] for y in self.classes[b]):
                hits += 1
        return hits


def distinct_ids(timeline: Timeline) -> Timeline:
    """The timeline with a repeated id dropped within a line and renamed `id#n` on later lines."""
    seen: dict[str, int] = defaultdict(int)
    lines = []
    for line in timeline.lines:
        ids = []
        for event in dict.fromkeys(line.events):
            seen[event] += 1
            ids.append(event if seen[event] == 1 else f"{event}#{seen[event]}")
        lines.append(TimelineLine(line.ordinal, line.date, tuple(ids)))
    return Timeline(timeline.entity, lines)


def timeline_graph(timeline: Timeline, *, undated: UndatedPolicy = "ordered") -> TemporalGraph:
    """The temporal graph of a timeline (see the module docstring for the conversion)."""
    timeline = distinct_ids(timeline)
    nodes: list[str] = []
    simultaneous: list[tuple[str, str]] = []
    before: list[tuple[str, str]] = []
    anchors: list[tuple[str, str]] = []
    positions: dict[int, list[str]] = defaultdict(list)  # ordinal → events placed there
    for line in timeline.lines:
        if not line.events:
            continue
        nodes.extend(line.events)
        head = line.events[0]
        simultaneous.extend((head, e) for e in line.events[1:])
        if task_date(line.date) != UNKNOWN_DATE:
            anchors.append((head, line.date))
        if line.ordinal == 0 and undated == "isolated":
            continue
        positions[line.ordinal].append(head)
    ordered = sorted(positions)
    for ordinal in ordered:
        heads = positions[ordinal]
        simultaneous.extend((heads[0], h) for h in heads[1:])
    for earlier, later in itertools.pairwise(ordered):
        before.append((positions[earlier][0], positions[later][0]))
    return TemporalGraph(nodes, simultaneous, before, anchors)


@dataclass
class Score:
    """Relation counts; adding scores micro-averages. Ratios are on 0–1 (`percent` for the task's 0–100)."""

    precision_hits: int = 0
    system_relations: int = 0
    recall_hits: int = 0
    gold_relations: int = 0

    def __add__(self, other: Score) -> Score:
        return Score(
            self.precision_hits + other.precision_hits,
            self.system_relations + other.system_relations,
            self.recall_hits + other.recall_hits,
            self.gold_relations + other.gold_relations,
        )

    @property
    def precision(self) -> float:
        return self.precision_hits / self.system_relations if self.system_relations else 0.0

    @property
    def recall(self) -> float:
        return self.recall_hits / self.gold_relations if self.gold_relations else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def percent(value: float) -> float:
    return round(100 * value, 2)


def temporal_awareness(gold: Timeline, system: Timeline, *, undated: UndatedPolicy = "ordered") -> Score:
    """Minimal-graph relations of each side checked against the closure of the other."""
    gold_graph = timeline_graph(gold, undated=undated)
    system_graph = timeline_graph(system, undated=undated)
    return Score(
        precision_hits=system_graph.minimal_entailed_by(gold_graph),
        system_relations=system_graph.minimal_size(),
        recall_hits=gold_graph.minimal_entailed_by(system_graph),
        gold_relations=gold_graph.minimal_size(),
    )
