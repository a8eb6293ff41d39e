import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "certguide.settings")

app = Celery("certguide")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="certguide.ping", ignore_result=False)
def ping() -> str:
    """Answer "pong": proves a worker is consuming from the broker (`celery -A certguide call`)."""
    return "pong"
