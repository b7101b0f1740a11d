"""Small hostile HTTP servers on 127.0.0.1 for the CLI attack tests (tests/SECURITY.md).

Each server records every request exactly as it arrived (so a test can assert what a
second, foreign server received) and answers through a script that may redirect, lie,
drip or echo. Threads are daemons and every loop checks a stop flag, so no test can hang
on them.
"""

import http.server
import json
import threading
import time


class Seen:
    def __init__(self, method, path, headers, body):
        self.method = method
        self.path = path
        self.headers = headers  # list of (name, value)
        self.body = body

    def header(self, name):
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None

    def raw(self):
        lines = [f"{self.method} {self.path}"] + [f"{k}: {v}" for k, v in self.headers]
        return ("\n".join(lines) + "\n\n").encode() + self.body


class HostileServer:
    """`script(server, request, handler)` answers; see respond(), redirect(), drip()."""

    def __init__(self, script=None, port=0):
        self.script = script
        self.seen = []
        self.stopping = threading.Event()
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def handle_any(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                request = Seen(self.command, self.path, list(self.headers.items()), body)
                server.seen.append(request)
                if server.script:
                    server.script(server, request, self)
                else:
                    server.respond(self, 404, {"error": "not_found"})

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = handle_any

        # port: 0 for any free one; a given one brings a refused port back to life.
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def origin(self):
        return "http://127.0.0.1:%d" % self.httpd.server_address[1]

    def url(self, path="/"):
        return self.origin + path

    def everything(self):
        return b"".join(r.raw() for r in self.seen)

    def stop(self):
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    # --- answers ---

    @staticmethod
    def respond(handler, status, body, headers=()):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(data)))
        handler.send_header("Connection", "close")
        for name, value in headers:
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(data)
        handler.close_connection = True

    @classmethod
    def redirect(cls, handler, status, location):
        cls.respond(handler, status, b"", [("Location", location)])

    @classmethod
    def token(cls, handler, access_token="hostile-token-0123456789", **extra):
        cls.respond(handler, 200, dict(access_token=access_token, token_type="bearer",
                                       expires_in=900, **extra))

    def drip(self, handler, body=b" " * 200, interval=1.0):
        """Headers at once, then one byte per `interval` seconds until done or hung up."""
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.close_connection = True
        try:
            for byte in body:
                if self.stopping.wait(interval):
                    return
                handler.wfile.write(bytes([byte]))
                handler.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass


def started(*scripts):
    return [HostileServer(s) for s in scripts]


def wait_until(predicate, timeout=10.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.05)
    return False
