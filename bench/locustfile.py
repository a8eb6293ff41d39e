"""The learners' mix for locust (bench.load runs it; see there).

Each locust user takes its own share of the learners (bench.load writes their session cookies
to BENCH_LEARNERS) and, request after request, acts as the next one of them: its own session,
its own CSRF cookie and token (read from its dashboard's log form). BENCH_TARGET=bare makes
every request the signed-in bare view instead. BENCH_PACED=1 pauses about a second between
requests. The count of hours accepted (302 to the dashboard) is written to BENCH_ACCEPTED.
"""

import json
import os
import random
import re
from pathlib import Path

from locust import FastHttpUser, between, constant, events, task

LEARNERS = json.loads(Path(os.environ["BENCH_LEARNERS"]).read_text())
USERS = int(os.environ["BENCH_USERS"])
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CSRF_COOKIE = re.compile(r"(csrftoken=[^;]+)")
BARE = os.environ.get("BENCH_TARGET") == "bare"
accepted = 0
_next_share = iter(range(USERS))


@events.test_stop.add_listener
def write_accepted(**kwargs) -> None:
    Path(os.environ["BENCH_ACCEPTED"]).write_text(str(accepted))


class Learners(FastHttpUser):
    wait_time = between(0.5, 1.5) if os.environ.get("BENCH_PACED") == "1" else constant(0)

    def on_start(self) -> None:
        share = next(_next_share)
        # Learners share, share + USERS, …: no two locust users act as the same learner.
        self.learners = [dict(learner) for learner in LEARNERS[share::USERS]]
        self.turn = 0

    def learner(self) -> dict:
        self.turn += 1
        return self.learners[self.turn % len(self.learners)]

    def cookies(self, learner: dict) -> dict:
        return {"Cookie": "; ".join(filter(None, [learner["session"], learner.get("csrf")]))}

    def page(self, learner: dict, url: str, name: str) -> str:
        with self.client.get(
            url, headers=self.cookies(learner), name=name, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
                return ""
            # The CSRF cookie comes with the learner's first page holding a form that posts.
            if "csrf" not in learner and (found := CSRF_COOKIE.search(str(response.headers))):
                learner["csrf"] = found.group(1)
            return response.text

    def dashboard(self, learner: dict) -> None:
        if found := TOKEN.search(self.page(learner, "/dashboard/", "dashboard")):
            learner["token"] = found.group(1)

    @task
    def one_request(self) -> None:
        learner = self.learner()
        if BARE:
            self.page(learner, "/bench/bare-signed-in/", "signed-in bare")
            return
        choice = random.choices(
            ["dashboard", "log", "hours", "my course", "catalog", "path", "portfolio", "readiness"],
            weights=[2, 2, 1, 1, 1, 1, 1, 1],
        )[0]
        if choice == "dashboard" or (choice == "log" and "token" not in learner):
            self.dashboard(learner)
        elif choice == "log":
            self.log_hours(learner)
        else:
            url = {
                "hours": "/hours/",
                "my course": f"/my/courses/{learner['course']}/",
                "catalog": "/courses/",
                "path": f"/paths/{learner['path']}/",
                "portfolio": "/portfolio/",
                "readiness": "/readiness/",
            }[choice]
            self.page(learner, url, choice)

    def log_hours(self, learner: dict) -> None:
        global accepted
        data = {
            "csrfmiddlewaretoken": learner["token"],
            "day": learner["today"],
            "hours": "0.25",  # hours are logged in quarter hours
            "course": "",
            "note": "",
        }
        with self.client.post(
            "/hours/log/",
            data=data,
            headers=self.cookies(learner),
            name="log hours",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 302 and response.headers.get("location") == "/dashboard/":
                accepted += 1
            else:
                response.failure(f"{response.status_code}")
