#!/usr/bin/env python3
"""A scriptable HTTP peer for tst_httpsender: the path picks the behaviour.

Listens on 127.0.0.1 (port 0 unless given) and prints the port on the first line of stdout.
Exits when stdin closes, so a test that dies leaves no server behind.

  /status/<code>[?retry_after=<s>]  answer <code> (a valid response body for 200/202)
  /slow/<ms>                        wait <ms>, then answer 200 with a valid response
  /echo-headers                     answer 200 with the request headers as a JSON list of [name, value]
  /flaky/<n>/<code>                 answer <code> to the first <n> requests on this path, then 200
  /big/<bytes>                      answer 200 with <bytes> bytes of 'x' (not JSON)
  /respond[?type=<response type>]   answer 200 with a valid response (event_processing_response unless
                                    another type is asked for), a fresh UUID each time
  /stats                            the number of requests seen per path (path and query, as sent),
                                    as a JSON object; /stats itself is not counted
Any other query parameter is ignored, so tests can make each path unique (e.g. ?case=retry-503).
"""

import json
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

counts = {}
counts_lock = threading.Lock()


def valid_response(message_type="event_processing_response"):
    return {
        "type": message_type,
        "id": str(uuid.uuid4()),
        "timestamp_ms": int(time.time() * 1000),
        "firehose_version": "3.2.0",
    }


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as a real endpoint would
    # Headers and body go out in two writes; with Nagle on, the second waits for the client's delayed
    # ACK (40 ms) on a kept-alive connection.
    disable_nagle_algorithm = True

    def log_message(self, format, *args):  # quiet: the test's output stays readable
        pass

    def reply(self, status, body=b"", content_type="application/json", extra=()):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in extra:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def reply_json(self, status, value, extra=()):
        self.reply(status, json.dumps(value).encode(), extra=extra)

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        url = urlsplit(self.path)
        query = parse_qs(url.query)
        parts = [p for p in url.path.split("/") if p]
        if parts[:1] == ["stats"]:
            with counts_lock:
                snapshot = dict(counts)
            return self.reply_json(200, snapshot)
        with counts_lock:
            counts[self.path] = counts.get(self.path, 0) + 1

        if parts[:1] == ["status"] and len(parts) == 2:
            code = int(parts[1])
            extra = []
            if "retry_after" in query:
                extra.append(("Retry-After", query["retry_after"][0]))
            if code in (200, 202):
                return self.reply_json(code, valid_response(), extra)
            return self.reply_json(code, {"error": "status %d on request" % code}, extra)
        if parts[:1] == ["flaky"] and len(parts) == 3:
            with counts_lock:
                seen = counts[self.path]
            if seen <= int(parts[1]):
                return self.reply_json(int(parts[2]), {"error": "flaky, request %d" % seen})
            return self.reply_json(200, valid_response())
        if parts[:1] == ["slow"] and len(parts) == 2:
            time.sleep(int(parts[1]) / 1000.0)
            return self.reply_json(200, valid_response())
        if parts[:1] == ["echo-headers"]:
            return self.reply_json(200, [[name, value] for name, value in self.headers.items()])
        if parts[:1] == ["big"] and len(parts) == 2:
            return self.reply(200, b"x" * int(parts[1]), content_type="text/plain")
        if parts[:1] == ["respond"]:
            message_type = query.get("type", ["event_processing_response"])[0]
            return self.reply_json(200, valid_response(message_type))
        return self.reply_json(404, {"error": "no such path: " + url.path})

    do_POST = handle_any
    do_GET = handle_any
    do_PUT = handle_any


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 512  # the 100-in-flight test connects all at once

    def handle_error(self, request, client_address):
        pass  # a client that hung up early (cancellation, timeouts) is expected here


def exit_when_stdin_closes():
    sys.stdin.read()
    import os
    os._exit(0)


def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    server = Server(("127.0.0.1", port), Handler)
    print(server.server_address[1], flush=True)
    threading.Thread(target=exit_when_stdin_closes, daemon=True).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
