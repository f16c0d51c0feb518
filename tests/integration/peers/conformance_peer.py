#!/usr/bin/env python3
"""A Firehose endpoint for tst_conformance with switchable faults, one per flag.

By default it answers like a correct integration: the registration from --registration FILE, and the
matching response type (a fresh UUID each time) to every request. Each flag breaks one thing:

  --registration-needs-auth   module_registration_request without Authorization gets 401
  --token T                   every other request needs "Authorization: Token T" (401 otherwise)
  --malformed-status N        status for a body that is not JSON (default 400)
  --unknown-status N          status for a batch with an event type or custom_event_type it does not know
                              (default: accept it)
  --strict-fields             400 for an event_processing_request with a top-level key it does not know
  --respond-type TYPE         answer every request but registration with this response type
  --max-events N              413 for an event batch with more than N events

Listens on 127.0.0.1, port 0; prints the port on the first line of stdout. Exits when stdin closes.
"""

import argparse
import json
import os
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

EVENT_TYPES = {
    "session_start", "session_end", "custom_event", "screen_view", "error", "privacy_setting_change",
    "user_attribute_change", "user_identity_change", "push_subscription", "application_state_transition",
    "push_message_receipt", "product_action", "promotion_action", "impression", "attribution",
    "push_message_open",
}
CUSTOM_EVENT_TYPES = {
    "unknown", "navigation", "location", "search", "transaction", "user_content", "user_preference",
    "social", "other", "media",
}
EVENT_REQUEST_KEYS = {
    "type", "id", "timestamp_ms", "firehose_version", "source_id", "account", "partner_identities",
    "user_identities", "user_attributes", "user_attribute_lists", "runtime_environment",
    "integration_attributes", "events", "source_channel", "device_application_stamp", "consent_state",
    "system_notifications", "mpid", "platform_fields",
}

options = None
registration = None


def envelope(message_type):
    return {"type": message_type, "id": str(uuid.uuid4()), "timestamp_ms": int(time.time() * 1000),
            "firehose_version": "3.2.0"}


def has_unknown_values(message):
    for event in message.get("events") or []:
        if event.get("type") not in EVENT_TYPES:
            return True
        if event.get("type") == "custom_event" and event.get("custom_event_type", "other") not in CUSTOM_EVENT_TYPES:
            return True
    return False


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def log_message(self, format, *args):
        pass

    def reply(self, status, value):
        body = json.dumps(value).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            message = json.loads(raw)
        except ValueError:
            return self.reply(options.malformed_status, {"error": "malformed_json"})
        message_type = message.get("type", "") if isinstance(message, dict) else ""
        authorization = self.headers.get("Authorization")

        if message_type == "module_registration_request":
            if options.registration_needs_auth and not authorization:
                return self.reply(401, {"error": "unauthorized"})
            response = envelope("module_registration_response")
            response.update({k: v for k, v in registration.items()
                             if k not in ("type", "id", "timestamp_ms", "firehose_version")})
            return self.reply(200, response)

        if options.token is not None and authorization != "Token " + options.token:
            return self.reply(401, {"error": "unauthorized"})
        if not message_type.endswith("_request"):
            return self.reply(400, {"error": "unknown_type"})
        if message_type == "event_processing_request":
            if options.unknown_status and has_unknown_values(message):
                return self.reply(options.unknown_status, {"error": "unknown event type or enum value"})
            if options.strict_fields and set(message) - EVENT_REQUEST_KEYS:
                return self.reply(400, {"error": "unknown fields: " + ", ".join(sorted(set(message) - EVENT_REQUEST_KEYS))})
            if options.max_events is not None and len(message.get("events") or []) > options.max_events:
                return self.reply(413, {"error": "too many events"})

        response_type = options.respond_type or message_type[: -len("_request")] + "_response"
        response = envelope(response_type)
        if response_type == "audience_membership_change_response":
            response["suspend_subscription"] = False
        return self.reply(200, response)


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass


def main():
    global options, registration
    parser = argparse.ArgumentParser()
    parser.add_argument("--registration", required=True)
    parser.add_argument("--registration-needs-auth", action="store_true")
    parser.add_argument("--token")
    parser.add_argument("--malformed-status", type=int, default=400)
    parser.add_argument("--unknown-status", type=int, default=0)
    parser.add_argument("--strict-fields", action="store_true")
    parser.add_argument("--respond-type")
    parser.add_argument("--max-events", type=int)
    options = parser.parse_args()
    with open(options.registration, encoding="utf-8") as file:
        registration = json.load(file)

    server = Server(("127.0.0.1", 0), Handler)
    print(server.server_address[1], flush=True)

    def exit_when_stdin_closes():
        sys.stdin.read()
        os._exit(0)

    threading.Thread(target=exit_when_stdin_closes, daemon=True).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
