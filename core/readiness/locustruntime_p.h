#pragma once

// The fixed Python of every Locust file (locustexport.cpp writes the settings and bodies between
// the prelude and the runtime, and the weighted tasks after it). Valid for Python 3.9+ and Locust
// 2.x; FastHttpUser (geventhttpclient) because it sends several times more requests per core than
// HttpUser (python-requests).

#include <string_view>

namespace fhw::readiness::detail {

inline constexpr std::string_view locustPrelude = R"py(import email.utils
import json
import os
import random
import sys
import time
import uuid
from datetime import datetime, timezone

import gevent
import locust.runners
from locust import constant_throughput, events, task
from locust.contrib.fasthttp import FastHttpUser
from locust.runners import MasterRunner

# Debian 12's python3-locust 2.12.1 carries an empty version string, and a master turns away a
# worker that reports none ("An old (pre 2.0) worker tried to connect"): report one instead.
if not locust.runners.__version__:
    locust.runners.__version__ = "0.0.0+unversioned"

)py";

inline constexpr std::string_view locustRuntime = R"py(
SUCCESS = frozenset((200, 202))
RETRYABLE = frozenset((0, 408, 429, 500, 502, 503, 504))  # 0: no answer (connection error, time-out)
USER_AGENT = "FirehoseWorkbench-Locust/" + FHW_VERSION
_token = None


@events.init.add_listener
def _read_token(environment, **_kwargs):
    # Only processes that send need the token: a master hands out work and sends nothing.
    global _token
    if not TOKEN_VARIABLE or isinstance(environment.runner, MasterRunner):
        return
    _token = os.environ.get(TOKEN_VARIABLE, "")
    if not _token:
        sys.stderr.write(f"fhw: set {TOKEN_VARIABLE} to the Firehose token before starting Locust "
                         "(it is sent as \"Authorization: Token ...\")\n")
        sys.exit(2)


def fresh_body(template):
    """The template with a new id and timestamp_ms (and new event ids, timestamps shifted alike)."""
    now_ms = int(time.time() * 1000)
    body = dict(template)
    body["id"] = str(uuid.uuid4())
    shift = now_ms - template.get("timestamp_ms", now_ms)
    body["timestamp_ms"] = now_ms
    batch = template.get("events")
    if batch:
        body["events"] = [fresh_event(event, shift) for event in batch]
    return body


def fresh_event(event, shift):
    event = dict(event)
    if "id" in event:
        event["id"] = str(uuid.uuid4())
    if isinstance(event.get("timestamp_ms"), int):
        event["timestamp_ms"] += shift
    return event


def retry_after_seconds(value):
    """Retry-After as seconds to wait: delta-seconds or an HTTP date; None when unparsable."""
    value = (value or "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


def delay_before(attempt, retry_after):
    """The wait before attempt `attempt` (2 = the first retry), or None when no attempt is left."""
    if attempt > RETRY["max_attempts"]:
        return None
    if RETRY["honour_retry_after"] and retry_after:
        asked = retry_after_seconds(retry_after)
        if asked is not None:
            return None if asked > RETRY["max_retry_after_s"] else asked
    try:
        delay = min(RETRY["base_s"] * RETRY["factor"] ** (attempt - 2), RETRY["cap_s"])
    except OverflowError:
        delay = RETRY["cap_s"]
    return max(0.0, delay * (1.0 + RETRY["jitter"] * (2.0 * random.random() - 1.0)))


def failure_text(response, status):
    if status == 429:
        return "throttled (429)"
    if status == 0:
        error = getattr(response, "error", None)
        return f"no answer ({type(error).__name__ if error else 'connection error'})"
    return f"HTTP {status}"


class FirehoseUser(FastHttpUser):
    host = REQUESTS[next(iter(REQUESTS))]["url"]  # every request uses its full URL; --host changes nothing
    wait_time = constant_throughput(RATE_PER_USER)
    insecure = False         # verify TLS certificates, as mParticle does
    connection_timeout = 5.0
    network_timeout = 10.0
    max_retries = 1          # geventhttpclient's own retries off: the policy below is mParticle's

    def on_start(self):
        # Each user starts at a random body and then takes them in turn, as `fhw load` does.
        self.turn = {name: random.randrange(len(bodies)) for name, bodies in BODIES.items()}

    def send(self, name):
        request = REQUESTS[name]
        bodies = BODIES[name]
        index = self.turn[name]
        self.turn[name] = (index + 1) % len(bodies)
        data = json.dumps(fresh_body(bodies[index]), separators=(",", ":")).encode()
        headers = {"Content-Type": "application/json", "User-Agent": USER_AGENT}
        if request["auth"] and _token:
            headers["Authorization"] = "Token " + _token
        attempt = 1
        while True:
            label = name if attempt == 1 else name + " (retry)"
            delay = None
            with self.client.post(request["url"], data=data, headers=headers, name=label,
                                  catch_response=True) as response:
                status = response.status_code or 0
                if status in SUCCESS:
                    response.success()
                    return
                text = failure_text(response, status)
                if status in RETRYABLE:
                    delay = delay_before(attempt + 1, (response.headers or {}).get("Retry-After"))
                    if delay is None and RETRY["max_attempts"] > 1:
                        text += f"; gave up after {attempt} attempt(s)"
                response.failure(text)
            if delay is None:
                return
            gevent.sleep(delay)
            attempt += 1
)py";

} // namespace fhw::readiness::detail
