"""A client generated from the API's own document (openapi-python-client), driven against a
live server as a programmer would: log, correct, page, delete, and a refusal."""

import datetime as dt
import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import timezone

from learners.models import StudySession
from learners.services import access_token_create

GENERATOR = Path(sys.executable).with_name("openapi-python-client")


@pytest.fixture
def generated_client(client, tmp_path, monkeypatch):
    """The package openapi-python-client writes from /api/v1/openapi.json, imported."""
    spec = tmp_path / "openapi.json"
    spec.write_text(json.dumps(client.get("/api/v1/openapi.json").json()))
    output = tmp_path / "certguide_client"
    subprocess.run(
        [GENERATOR, "generate", "--path", spec, "--meta", "none", "--output-path", output],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        timeout=120,
    )
    monkeypatch.syspath_prepend(tmp_path)
    yield importlib.import_module("certguide_client")
    for name in [name for name in sys.modules if name.startswith("certguide_client")]:
        del sys.modules[name]


# The live server is another thread: it reads committed rows only.
@pytest.mark.django_db(transaction=True)
def test_a_generated_client_logs_corrects_pages_and_deletes(generated_client, live_server, alice):
    from certguide_client import AuthenticatedClient
    from certguide_client.api.hours import delete_hours, list_hours, log_hours, update_hours
    from certguide_client.models import FieldErrors, HoursIn, HoursPatch

    token = access_token_create(user=alice, name="generated client")[1]
    api = AuthenticatedClient(
        base_url=live_server.url, token=token, raise_on_unexpected_status=True
    )
    today = alice.profile.local_today(timezone.now())

    logged = [
        log_hours.sync(client=api, body=HoursIn(day=today - dt.timedelta(days=n), hours="1.25"))
        for n in range(3)
    ]
    assert [entry.hours for entry in logged] == ["1.25"] * 3

    corrected = update_hours.sync(client=api, id=logged[0].id, body=HoursPatch(hours="2"))
    assert (corrected.hours, corrected.day) == ("2.00", today)

    first = list_hours.sync(client=api, limit=2)
    assert [entry.id for entry in first.items] == [logged[0].id, logged[1].id]
    cursor = first.next_.split("cursor=")[1]
    second = list_hours.sync(client=api, limit=2, cursor=cursor)
    assert [entry.id for entry in second.items] == [logged[2].id]
    assert second.next_ is None

    refused = log_hours.sync_detailed(client=api, body=HoursIn(day=today, hours="1.001"))
    assert refused.status_code == 422
    assert isinstance(refused.parsed, FieldErrors)
    assert "hours" in refused.parsed.errors.additional_properties

    assert delete_hours.sync_detailed(client=api, id=logged[1].id).status_code == 204
    assert delete_hours.sync_detailed(client=api, id=logged[1].id).status_code == 404
    assert sorted(StudySession.objects.values_list("hours", flat=True)) == [1.25, 2]
