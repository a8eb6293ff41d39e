from certguide.celery import ping


def test_a_task_makes_a_round_trip_through_a_real_worker(celery_worker_process):
    result = ping.delay()

    assert result.get(timeout=10) == "pong"
    assert celery_worker_process.poll() is None


def test_the_app_is_configured_for_safe_delivery():
    from certguide.celery import app

    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.worker_prefetch_multiplier == 1
    assert app.conf.accept_content == ["json"]
    assert app.conf.task_serializer == "json"
    assert 0 < app.conf.task_time_limit < app.conf.broker_transport_options["visibility_timeout"]


def test_every_beat_entry_names_a_task_the_app_knows():
    from django.conf import settings

    from certguide.celery import app

    app.loader.import_default_modules()  # the apps' tasks modules, as a worker imports them
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert {"courses.tasks.renew_real_hours", "insights.tasks.renew_catalog_usage"} <= tasks
    assert tasks <= set(app.tasks)
