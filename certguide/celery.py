import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "certguide.settings")

app = Celery("certguide")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def redbeat_settings(sender: Celery, **kwargs) -> None:
    # Django's settings are read only once Celery configures itself: importing them here, at
    # module level, would run settings.py while this package is still being imported.
    from django.conf import settings

    sender.conf.update(settings.REDBEAT)


@app.task(name="certguide.ping", ignore_result=False)
def ping() -> str:
    """Answer "pong": proves a worker is consuming from the broker (`celery -A certguide call`)."""
    return "pong"
