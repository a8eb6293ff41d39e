from django.apps import AppConfig


class InsightsConfig(AppConfig):
    """Staff statistics over the catalog and its learners: the one app that may import both
    `courses` and `learners`. Its tables hold the counts the hourly beat task makes."""

    name = "insights"
    verbose_name = "Insights"
