import datetime as dt
from decimal import Decimal

import pytest
from django.template.defaultfilters import date as date_filter

from learners.charts import HEIGHT, WIDTH, DayCell, Heatmap, week_chart
from learners.templatetags.rows import day_month_year

MONDAYS = [dt.date(2026, 9, 7) + dt.timedelta(weeks=n) for n in range(12)]


def test_bars_fill_the_width_and_stand_on_the_baseline():
    chart = week_chart([(monday, Decimal(n)) for n, monday in enumerate(MONDAYS)], Decimal(8))

    assert len(chart.bars) == 12
    assert chart.bars[0].x > 0
    assert chart.bars[-1].x + chart.bars[-1].width < WIDTH
    for bar in chart.bars:
        assert abs(bar.y + bar.height - chart.baseline_y) < 0.2
    assert chart.bars[0].height == 0
    assert [bar.goal_met for bar in chart.bars] == [n >= 8 for n in range(12)]
    assert [bar.current for bar in chart.bars] == [False] * 11 + [True]


def test_the_goal_line_shows_even_when_every_week_is_under_it():
    chart = week_chart([(monday, Decimal(1)) for monday in MONDAYS], Decimal(10))

    assert 0 < chart.goal_y < chart.bars[0].y < HEIGHT


def test_an_empty_quarter_with_no_goal_draws_flat_bars():
    chart = week_chart([(monday, Decimal(0)) for monday in MONDAYS], Decimal(0))

    assert {bar.height for bar in chart.bars} == {0}


def test_the_heatmap_squares_are_one_string_of_svg_with_their_titles_escaped():
    day = dt.date(2026, 12, 1)
    cells = (DayCell(day, 30, 16, 0, "Tue 1 Dec: 0 h"), DayCell(day, 43, 29, 3, "<b> & “x”"))
    chart = Heatmap(width=100, height=100, cells=cells, months=(), summary="")

    assert chart.cells_svg == (
        '<rect x="30" y="16" width="11" height="11" rx="2" class="day level-0">'
        "<title>Tue 1 Dec: 0 h</title></rect>"
        '<rect x="43" y="29" width="11" height="11" rx="2" class="day level-3">'
        "<title>&lt;b&gt; &amp; “x”</title></rect>"
    )


@pytest.mark.parametrize("day", [dt.date(2026, 1, 5), dt.date(2026, 12, 31), None])
def test_a_day_per_row_is_written_as_the_date_filter_writes_it(day):
    assert day_month_year(day) == date_filter(day, "j M Y")


def test_the_bars_are_one_string_of_svg_with_every_other_week_labelled():
    chart = week_chart([(monday, Decimal(n)) for n, monday in enumerate(MONDAYS)], Decimal(8))
    svg = chart.bars_svg

    assert svg.count("<rect ") == 12
    assert svg.count('class="bar bar-met"') == 3  # weeks 8, 9 and 10; 11 is this week's
    assert svg.count('class="bar bar-met bar-current"') == 1
    # Weeks 0, 2, …, 10 and this week (11) are named under their bar.
    assert svg.count('class="chart-label"') == 7
    assert '<text x="3.0" y="194" class="chart-label">7 Sep</text>' in svg
    assert chart.description.startswith("Week of 7 Sep: 0 h; Week of 14 Sep: 1 h; ")
    assert chart.description.endswith("Week of 23 Nov: 11 h")
