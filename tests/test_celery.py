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
