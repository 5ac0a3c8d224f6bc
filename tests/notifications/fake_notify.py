"""A local HTTP server that answers like GOV.UK Notify's API, for the real client to talk to.

It checks what Notify checks first (a Bearer JWT signed with the key's secret, issued by the service id,
and a JSON body with the fields each endpoint needs), records every request, and can be told to answer
the next requests with given status codes (500, 429...) to exercise retries.
"""

from __future__ import annotations

import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import jwt

SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506"
SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0"
API_KEY = f"sendcase_test-{SERVICE_ID}-{SECRET}"


class FakeNotify:
    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.failures: list[int] = []  # status codes to answer next, in order
        self.sent: dict[str, dict] = {}  # notification id -> request body
        self.statuses: dict[str, str] = {}
        self.lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # keep test output quiet
                pass

            def _answer(self, status: int, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _authorised(self) -> bool:
                header = self.headers.get("Authorization", "")
                if not header.startswith("Bearer "):
                    return False
                try:
                    claims = jwt.decode(header[7:], SECRET, algorithms=["HS256"])
                except jwt.InvalidTokenError:
                    return False
                return claims.get("iss") == SERVICE_ID and "iat" in claims

            def _handle(self, method: str) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}") if length else {}
                with fake.lock:
                    fake.requests.append({"method": method, "path": parts.path, "body": body})
                    failure = fake.failures.pop(0) if fake.failures else None
                if not self._authorised():
                    return self._answer(403, {"errors": [{"error": "AuthError", "message": "Invalid token"}]})
                if failure is not None:
                    message = "Exceeded rate limit" if failure == 429 else "Internal server error"
                    return self._answer(failure, {"errors": [{"error": "Error", "message": message}]})
                if method == "POST":
                    return self._post(parts.path, body)
                return self._get(parts.path, parse_qs(parts.query))

            def _post(self, path: str, body: dict) -> None:
                required = {
                    "/v2/notifications/email": {"email_address", "template_id"},
                    "/v2/notifications/sms": {"phone_number", "template_id"},
                    "/v2/notifications/letter": {"reference", "content"},
                }.get(path)
                if required is None:
                    return self._answer(404, {"errors": [{"error": "NotFound", "message": "Not found"}]})
                missing = required - body.keys()
                if missing:
                    message = f"{sorted(missing)[0]} is a required property"
                    return self._answer(400, {"errors": [{"error": "ValidationError", "message": message}]})
                if body.get("phone_number") == "07700900000":
                    message = "phone_number Not a UK mobile number"
                    return self._answer(400, {"errors": [{"error": "ValidationError", "message": message}]})
                notification_id = str(uuid.uuid4())
                with fake.lock:
                    fake.sent[notification_id] = body
                    fake.statuses[notification_id] = "sending"
                return self._answer(
                    201,
                    {
                        "id": notification_id,
                        "reference": body.get("reference"),
                        "content": {},
                        "uri": "",
                        "template": {},
                    },
                )

            def _get(self, path: str, query: dict) -> None:
                if path == "/v2/notifications":
                    reference = (query.get("reference") or [""])[0]
                    found = [
                        {"id": nid, "reference": b.get("reference"), "status": fake.statuses[nid]}
                        for nid, b in fake.sent.items()
                        if b.get("reference") == reference
                    ]
                    return self._answer(200, {"notifications": found, "links": {}})
                nid = path.rsplit("/", 1)[-1]
                if nid in fake.sent:
                    return self._answer(200, {"id": nid, "status": fake.statuses[nid]})
                return self._answer(
                    404, {"errors": [{"error": "NoResultFound", "message": "No result found"}]}
                )

            def do_POST(self) -> None:  # noqa: N802
                self._handle("POST")

            def do_GET(self) -> None:  # noqa: N802
                self._handle("GET")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeNotify:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def posts(self) -> list[dict]:
        return [r for r in self.requests if r["method"] == "POST"]
