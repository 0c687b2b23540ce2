"""Time expressions normalized at the granularity the text gives, anchored on the publication date."""

from __future__ import annotations

from datetime import date

import pytest

from dossier.annotate.timex import time_expressions
from dossier.records import TimeExpr

APRIL_20 = date(2022, 4, 20)  # a Wednesday


def values(text: str, anchor: date | None = APRIL_20) -> dict[str, tuple[str, str]]:
    return {t.text: (t.type, t.value) for t in time_expressions(text, anchor)}


@pytest.mark.parametrize(
    ("text", "expression", "expected"),
    [
        ("after the fall of Kabul last August, reminiscent", "last August", ("DATE", "2021-08")),
        ("This March, opposition lawmakers launched", "This March", ("DATE", "2022-03")),
        ("in a no-trust motion in the parliament on April 10, Imran Khan", "April 10", ("DATE", "2022-04-10")),
        ("on the eve of the invasion of Ukraine on Feb. 24, besides", "Feb. 24", ("DATE", "2022-02-24")),
        ("the Soviet invasion of Afghanistan in December 1979, then", "December 1979", ("DATE", "1979-12")),
        ("Then during the 1970s, Pakistan began aiding", "the 1970s", ("DATE", "197")),
        ("during its two-decade occupation", "two-decade", ("DURATION", "P2DE")),
        ("more than two decades before the declassification", "more than two decades", ("DURATION", "P2DE")),
        ("in the dead of the night on July 1, six weeks before the fall", "six weeks", ("DURATION", "P6W")),
        ("earlier this month the minister resigned", "earlier this month", ("DATE", "2022-04")),
        ("the minister met him on Friday in Doha", "Friday", ("DATE", "2022-04-15")),
        ("the minister will meet him on Friday in Doha", "Friday", ("DATE", "2022-04-22")),
        ("the trade deal signed last year", "last year", ("DATE", "2021")),
        ("the talks two years ago failed", "two years ago", ("DATE", "2020")),
        ("over the past few months, protesters", "the past few months", ("DURATION", "PXM")),
        ("at a rate of 15 a year", "a year", ("SET", "P1Y")),
        ("by the 20th century ended", "the 20th century", ("DATE", "19")),
    ],
)
def test_timex_value_at_the_granularity_given(text: str, expression: str, expected: tuple[str, str]) -> None:
    assert values(text)[expression] == expected


def test_timex_holiday_takes_the_year_of_its_apposition() -> None:
    found = values("was assassinated on the Valentine's Day, on 14 Feb 1979, the same day that revolutionaries")
    assert found["Valentine's Day"] == ("DATE", "1979-02-14")
    assert found["14 Feb 1979"] == ("DATE", "1979-02-14")
    assert found["the same day"] == ("DATE", "1979-02-14")


def test_timex_bare_day_prefers_the_past_of_the_anchor() -> None:
    found = values("evacuated Bagram airbase on July 1, six weeks before the inevitable fall of Kabul on August 15.")
    assert found["July 1"] == ("DATE", "2021-07-01")
    assert found["August 15"] == ("DATE", "2021-08-15")


def test_timex_narrative_same_year_follows_the_governing_date() -> None:
    found = values(
        "signed the directive in July 1979, whereas the Soviet Union invaded Afghanistan in December the same year."
    )
    assert found["July 1979"] == ("DATE", "1979-07")
    assert found["December the same year"] == ("DATE", "1979-12")


def test_timex_without_anchor_keeps_unknown_year() -> None:
    assert values("a gunman fired on November 3 as he marched", anchor=None)["November 3"] == ("DATE", "XXXX-11-03")


def test_timex_counts_and_money_are_not_years() -> None:
    found = values("The 350,000-strong army had 2000 troops and $2019 in cash in 1996.")
    assert list(found) == ["1996"]


def found_with_mod(text: str, anchor: date | None = APRIL_20) -> dict[str, tuple[str, str, str | None]]:
    return {t.text: (t.type, t.value, t.mod) for t in time_expressions(text, anchor)}


@pytest.mark.parametrize(
    ("text", "expression", "value"),
    [
        ("Talks will be held on Friday in Geneva.", "Friday", "2022-04-22"),  # a passive participle is no past
        ('"We will not give in," the minister said on Saturday.', "Saturday", "2022-04-16"),  # nearest cue wins
        ("Campaigning ends on Friday.", "Friday", "2022-04-22"),  # the scheduled present
        ("On Friday, the minister will meet his counterpart.", "Friday", "2022-04-22"),  # a cue after, same clause
        ("On Friday, the minister met his counterpart.", "Friday", "2022-04-15"),
        ("The board will meet in June. Friday was the worst day for shares.", "Friday", "2022-04-15"),
        ("The plane was set to land on Wednesday.", "Wednesday", "2022-04-20"),  # the paper's own weekday
        ("The deal should be completed in October.", "October", "2022-10"),  # a modal looks ahead
        (
            "Ryanair has been trying to buy it since December, and if the bid succeeds it will grow.",
            "December",
            "2021-12",
        ),
    ],
)
def test_timex_tense_cues_choose_last_or_next(text: str, expression: str, value: str) -> None:
    assert values(text)[expression][1] == value


@pytest.mark.parametrize(
    ("text", "anchor", "expression", "value"),
    [
        (  # TBAQ tune (VOA, Thursday 1998-03-05): "this coming" is the next one, not this week's past Sunday
            "International Women's Day is this coming Sunday, March eighth.",
            date(1998, 3, 5),
            "this coming Sunday",
            "1998-03-08",
        ),
        ("Voters went to the polls this past Sunday.", APRIL_20, "this past Sunday", "2022-04-17"),
    ],
)
def test_timex_this_coming_and_this_past_weekdays(text: str, anchor: date, expression: str, value: str) -> None:
    assert values(text, anchor)[expression] == ("DATE", value)


@pytest.mark.parametrize(
    ("text", "anchor", "expression", "value"),
    [  # TBAQ sentences (tuning part): a plan the past perfect reports was overtaken, so its day is behind us
        (
            "The offer, which Telerate's two independent directors have rejected as inadequate, previously had been "
            "scheduled to expire at midnight Friday.",
            date(1989, 10, 30),
            "midnight Friday",
            "1989-10-27T24:00",
        ),
        ("It had been due to expire Friday evening.", date(1989, 10, 30), "Friday evening", "1989-10-27TEV"),
        (  # "had been expected" with no plan after it is no past plan: "by February" is still ahead
            "The sale, which had been expected, is part of KKR's program to pay down $5 billion of a $6 billion "
            "bridge loan by February.",
            date(1989, 10, 30),
            "February",
            "1990-02",
        ),
        (  # the object of "planned" is an event still to come (TBAQ tune, Friday 2000-01-07)
            "Protesters planned a large demonstration in Little Havana on Saturday.",
            date(2000, 1, 7),
            "Saturday",
            "2000-01-08",
        ),
        (  # "next to" is a place, not the next Friday
            "a bomb ripped through an office building next to the U.S. embassy in Nairobi, Kenya Friday morning.",
            date(1998, 8, 8),
            "Friday morning",
            "1998-08-07TMO",
        ),
    ],
)
def test_timex_plans_past_and_planned_and_places(text: str, anchor: date, expression: str, value: str) -> None:
    assert values(text, anchor)[expression][1] == value


@pytest.mark.parametrize(
    ("text", "expression", "expected"),
    [
        ("The company was founded in 1979. The same year, it sold its first radar.", "The same year", ("DATE", "1979")),
        (
            "Talks collapsed on May 28, 2019, and the following week both sides traded accusations.",
            "the following week",
            ("DATE", "2019-W23"),
        ),
        (
            "The plant opened in March 2015; the following month it cut 200 jobs.",
            "the following month",
            ("DATE", "2015-04"),
        ),
        ("Deliveries start in 2011 and end two years later.", "two years later", ("DATE", "2013")),
        (
            "The blast came at 9:45 a.m. on Thursday; rescuers arrived about two hours later.",
            "about two hours",
            ("DURATION", "PT2H"),
        ),
    ],
)
def test_timex_narrative_counts_from_the_date_that_governs(
    text: str, expression: str, expected: tuple[str, str]
) -> None:
    assert values(text)[expression] == expected


def test_timex_only_a_year_the_text_names_governs_a_later_date() -> None:
    found = values(
        "The contract will expire on March 31, and a strike is possible if no deal is reached before Christmas."
    )
    assert found["March 31"] == ("DATE", "2023-03-31")
    assert found["Christmas"] == ("DATE", "2022-12-25")  # not the guessed 2023 of "March 31"


def test_timex_holidays_take_their_apposition_or_their_calendar() -> None:
    from dossier.annotate.timex import easter

    assert [easter(y).isoformat() for y in (2019, 2023, 2024)] == ["2019-04-21", "2023-04-09", "2024-03-31"]
    parade = values("Independence Day, November 28, will be marked with a parade.", date(2021, 11, 5))
    assert parade["Independence Day"] == ("DATE", "2021-11-28")
    assert "Independence Day" not in values("Independence Day celebrations were cancelled.")  # whose? unknown
    assert values("The palace reopens on Easter Sunday.", date(2024, 2, 28))["Easter Sunday"] == ("DATE", "2024-03-31")
    assert values("Stores will open on Thanksgiving.", date(2022, 11, 1))["Thanksgiving"] == ("DATE", "2022-11-24")


@pytest.mark.parametrize(
    ("text", "expression", "expected"),
    [
        ("The blast occurred at 9:45 a.m. on Thursday.", "9:45 a.m.", ("TIME", "2022-04-14T09:45")),
        ("The forum opened at noon on Monday.", "noon", ("TIME", "2022-04-18T12:00")),
        ("She will speak at 8 p.m. tonight.", "8 p.m. tonight", ("TIME", "2022-04-20T20:00")),
        ("in a statement issued at 10:30 this morning", "10:30 this morning", ("TIME", "2022-04-20T10:30")),
        ("Talks resume tomorrow morning.", "tomorrow morning", ("TIME", "2022-04-21TMO")),
        ("The deal was signed last night.", "last night", ("TIME", "2022-04-19TNI")),
        ("Storms hit the coast this afternoon.", "this afternoon", ("TIME", "2022-04-20TAF")),
    ],
)
def test_timex_clock_times_take_the_day_beside_them(text: str, expression: str, expected: tuple[str, str]) -> None:
    assert values(text)[expression] == expected


@pytest.mark.parametrize(
    ("text", "anchor", "expression", "value"),
    [
        ("Shelling resumed over the weekend.", APRIL_20, "the weekend", "2022-W15-WE"),
        ("Temperatures will rise again at the weekend.", APRIL_20, "the weekend", "2022-W16-WE"),
        ("A record crowd attended last weekend.", APRIL_20, "last weekend", "2022-W15-WE"),
        ("The story became public this weekend.", date(2010, 1, 25), "this weekend", "2010-W03-WE"),
        ("The results will be published this summer.", APRIL_20, "this summer", "2022-SU"),
        ("The inquiry opened in the spring.", date(2021, 11, 5), "the spring", "2021-SP"),
        ("The company will apply in the autumn.", APRIL_20, "the autumn", "2022-FA"),
        ("Prices soared last winter.", APRIL_20, "last winter", "2021-WI"),
        ("This winter has been mild.", date(2023, 1, 17), "This winter", "2022-WI"),  # winter runs into January
        ("The last mine closed in the spring of 1994.", APRIL_20, "the spring of 1994", "1994-SP"),
    ],
)
def test_timex_weekends_and_seasons_follow_the_tense(text: str, anchor: date, expression: str, value: str) -> None:
    assert values(text, anchor)[expression] == ("DATE", value)


@pytest.mark.parametrize(
    ("text", "expression", "value"),
    [
        ("First-quarter revenue rose 12 percent.", "First-quarter", "2022-Q1"),
        ("The carmaker lost money in the fourth quarter.", "the fourth quarter", "2021-Q4"),
        ("It expects to recover in the fourth quarter.", "the fourth quarter", "2022-Q4"),
        ("Profit fell in the second half of 2019.", "the second half of 2019", "2019-H2"),
        ("Supply should ease in the first half of next year.", "the first half of next year", "2023-H1"),
        ("Q3 2021 results beat forecasts.", "Q3 2021", "2021-Q3"),
        ("The firm reported a second quarter loss.", "second quarter", "2022-Q2"),  # not "a second"
    ],
)
def test_timex_quarters_and_halves_of_the_year(text: str, expression: str, value: str) -> None:
    assert values(text)[expression] == ("DATE", value)


def test_timex_year_ago_period_skips_a_forecast_quarter() -> None:
    # TBAQ tune (wsj_1003, 1989-10-26): the forecast "third quarter of 1990" is not what results are compared with
    text = (
        "Bethlehem posted lower third-quarter profit. In fact, he thinks several steelmakers will report actual "
        "losses through the third quarter of 1990. Bethlehem, the nation's second largest steelmaker, earned $46.9 "
        "million, or 54 cents a share. The figures include $15 million in costs related to a blast furnace outage. "
        "In the year-ago period, Bethlehem earned $101.4 million, or $1.27 a share."
    )
    found = values(text, date(1989, 10, 26))
    assert found["the third quarter of 1990"] == ("DATE", "1990-Q3")
    assert found["the year-ago period"] == ("DATE", "1988-Q3")


def test_timex_year_ranges_and_numbered_labels() -> None:
    assert values("By 2024-25 production will move.") == {"2024": ("DATE", "2024"), "25": ("DATE", "2025")}
    assert values("He served from 1996-2001.") == {"1996": ("DATE", "1996"), "2001": ("DATE", "2001")}
    assert values("the 2022-04 figures") == {}  # 04 comes before 22: no range, and no ISO month in prose
    assert list(values("Security Council Resolution 2098 was adopted in 2013.")) == ["2013"]
    assert values("said the chair of Local 1520 of the union") == {}


@pytest.mark.parametrize(
    ("text", "expression", "value"),
    [
        ("The summit is held every two years.", "every two years", "P2Y"),
        ("Protesters gather every Saturday.", "every Saturday", "XXXX-WXX-6"),
        ("Negotiators met twice a week.", "twice a week", "P1W"),
        ("The council meets three times a month.", "three times a month", "P1M"),
        ("Trains run every 15 minutes.", "every 15 minutes", "PT15M"),
        ("A dividend is paid every quarter.", "every quarter", "P1Q"),
        ("contracts worth $350 million a year", "a year", "P1Y"),
        ("built at a rate of 10 per month", "per month", "P1M"),
    ],
)
def test_timex_sets(text: str, expression: str, value: str) -> None:
    assert values(text)[expression] == ("SET", value)


@pytest.mark.parametrize(
    ("text", "expression", "value"),
    [
        ("Prices rose over the past year.", "the past year", "P1Y"),
        ("Cases have fallen for 12 consecutive weeks.", "12 consecutive weeks", "P12W"),
        ("The party has not lost in the past two decades.", "the past two decades", "P2DE"),
    ],
)
def test_timex_durations(text: str, expression: str, value: str) -> None:
    assert values(text)[expression] == ("DURATION", value)


@pytest.mark.parametrize(
    "text",
    [
        "The China Daily newspaper reported the deal.",
        "A second A380 is travelling to the US.",
        "It wants to cut about a quarter of its 3,200 dealers.",
    ],
)
def test_timex_names_ordinals_and_fractions_are_not_times(text: str) -> None:
    assert values(text) == {}


def test_timex_last_week_of_a_month_is_not_a_week_back() -> None:
    found = values("Sales rebounded in the last week of March.")
    assert "the last week" not in found and "last week" not in found
    assert found["March"] == ("DATE", "2022-03")


def test_timex_extents_follow_timeml() -> None:
    found = found_with_mod(
        "Relations frozen in the past could improve in the near future. Late last year, nearly a year ago, "
        "the 19th-century palace closed; it met last Thursday and expects a rise in June. Back in the '80s it "
        "grew, and exports rose in January and February. Results are expected by early October."
    )
    assert found["the past"] == ("DATE", "PAST_REF", None)
    assert found["the near future"] == ("DATE", "FUTURE_REF", None)
    assert found["Late last year"] == ("DATE", "2021", "END")
    assert found["nearly a year ago"] == ("DATE", "2021", "APPROX")
    assert found["19th-century"] == ("DATE", "18", None)
    assert found["last Thursday"] == ("DATE", "2022-04-14", None)
    assert found["June"] == ("DATE", "2022-06", None)  # "June." is no abbreviation
    assert found["the '80s"] == ("DATE", "198", None)
    assert found["February"] == ("DATE", "2022-02", None)
    assert found["early October"] == ("DATE", "2022-10", "START")


def test_timex_narrative_end_of_the_year_takes_the_year_named() -> None:
    found = found_with_mod("In 1979 the shah fled, and by the end of the year a republic was declared.")
    assert found["the end of the year"] == ("DATE", "1979", "END")


def test_timex_tokenized_dateline_is_one_date() -> None:
    assert values("Boeing wins\nMarch 01 , 2008\nThe Air Force said", date(2008, 3, 1)) == {
        "March 01 , 2008": ("DATE", "2008-03-01")
    }


@pytest.mark.parametrize(
    ("text", "anchor", "expression", "value"),
    [
        ("In 1979 the shah fled, and in December a republic was declared.", APRIL_20, "December", "1979-12"),
        (
            "In 2005 it lost money, and recently it reported a second quarter loss.",
            APRIL_20,
            "second quarter",
            "2022-Q2",
        ),
        ("The museum, closed since 2017, will reopen on June 21.", date(2019, 6, 3), "June 21", "2019-06-21"),
    ],
)
def test_timex_the_nearest_written_year_frames_a_date_without_one(
    text: str, anchor: date, expression: str, value: str
) -> None:
    assert values(text, anchor)[expression] == ("DATE", value)


def test_timex_rule_keywords_are_in_their_patterns() -> None:
    from dossier.annotate.timegrammar import RULES

    for rule in RULES:
        assert all(word in rule.pattern.pattern.lower() for word in rule.needs), rule.name


def test_timex_this_weekday_is_in_the_anchor_week_and_holidays_keep_xxxx_without_anchor() -> None:
    assert values("The vote is this Friday.")["this Friday"] == ("DATE", "2022-04-22")
    assert values("This Monday the talks began.")["This Monday"] == ("DATE", "2022-04-18")
    assert values("Shops close on Christmas Day.", anchor=None)["Christmas Day"] == ("DATE", "XXXX-12-25")


def test_time_expressions_are_the_records_the_store_keeps() -> None:
    text = "The vote was held last August and the court ruled on 10 April 2022."
    found = time_expressions(text, date(2022, 11, 3), doc_id="d" * 16)
    assert [(t.text, t.value) for t in found] == [("last August", "2022-08"), ("10 April 2022", "2022-04-10")]
    assert all(isinstance(t, TimeExpr) and t.doc_id == "d" * 16 and t.anchor == "2022-11-03" for t in found)
    assert all(text[t.start : t.end] == t.text and t.extractor == "dossier.timex.v5" for t in found)


@pytest.mark.parametrize(
    ("text", "anchor", "expression", "value"),
    [  # TimeBank / AQUAINT sentences (TempEval-3 training data)
        (
            "Reports attributed to the Japanese foreign ministry said Saudi Arabia told U.S., European and Japanese "
            "oil companies of a 15-20 percent cutback in its oil supply in September.",
            date(1990, 8, 16),
            "September",
            "1990-09",
        ),
        (
            "The Canadian government previously said Merieux's bid didn't offer enough \"net benefit\" to Canada "
            "to be approved, and gave Merieux an until mid-November to submit additional information.",
            date(1989, 10, 30),
            "mid-November",
            "1989-11",
        ),
        (
            "the boy's relatives in Miami said they would look for ways to get around the ruling by the U.S. "
            "Immigration and Naturalization Service to repatriate the child by Jan. 14.",
            date(2000, 1, 15),
            "Jan. 14",
            "2000-01-14",
        ),
    ],
)
def test_timex_next_month_and_a_just_passed_date_stay_near_the_anchor(
    text: str, anchor: date, expression: str, value: str
) -> None:
    assert values(text, anchor)[expression] == ("DATE", value)


def test_timex_halves_are_written_in_the_smaller_unit_and_the_last_half_of_a_year_is_h2() -> None:
    rwanda = (
        "The panel also will look at the exodus of about 2 million Rwanda Hutus to neighboring countries where "
        "they lived in U.N.-run refugee camps for 2 1/2 years."
    )
    assert values(rwanda, date(1998, 2, 27))["2 1/2 years"] == ("DURATION", "P2Y6M")
    assert values("Each meeting lasted an hour and a half.")["an hour and a half"] == ("DURATION", "PT1H30M")
    assert values("The rebels held the town for two and a half days.")["two and a half days"] == ("DURATION", "P2DT12H")
    anheuser = (
        "Anheuser said its new strategy will mean lower-than-anticipated earnings for the last half of 1989 and "
        "for 1990."
    )
    assert values(anheuser, date(1989, 10, 26))["the last half of 1989"] == ("DATE", "1989-H2")
    assert values("Profit fell in the last quarter.")["the last quarter"] != ("DATE", "2022-Q4")


def test_timex_a_sentence_ends_after_a_closing_quote() -> None:
    doyle = (  # wsj_1014 (TimeBank): the 1990 of the first sentence does not frame the quarter of the second
        "But Smith Barney's Mr. Doyle, who yesterday trimmed his 1990 Anheuser earnings projection to $2.95 a share "
        'from $3.10, called the market\'s reaction "justified." While the third-quarter earnings were a "moderate '
        'disappointment," he said, "the real bad news is the intensity of price competition."'
    )
    assert values(doyle, date(1989, 10, 26))["the third-quarter"] == ("DATE", "1989-Q3")
