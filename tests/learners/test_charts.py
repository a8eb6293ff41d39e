import datetime as dt
from decimal import Decimal

from learners.charts import HEIGHT, WIDTH, week_chart

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
