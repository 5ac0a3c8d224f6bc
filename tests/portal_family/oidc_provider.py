"""A small OpenID Connect provider for tests, served over real HTTP on localhost: discovery, JWKS, and a
token endpoint that checks the client's private_key_jwt assertion and returns an ID token signed with a
key made for the test. The service's authlib client talks to it exactly as it would to GOV.UK One Login."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

from joserfc import jwt
from joserfc.jwk import RSAKey

CLIENT_ID = "sendcase-test-client"


class Provider:
    def __init__(self) -> None:
        self.signing_key = RSAKey.generate_key(2048, parameters={"kid": "provider-key-1"})
        self.client_key = RSAKey.generate_key(2048)
        # The key the JWKS publishes; a test may set another to make the ID token's signature wrong.
        self.published_key: RSAKey | None = None
        self.claims: dict = {}
        self.nonce_override: str | None = None
        self.token_requests: list[dict] = []
        self.nonces: dict[str, str] = {}  # authorization code -> nonce
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.base = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> Provider:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def discovery_url(self) -> str:
        return f"{self.base}/.well-known/openid-configuration"

    @property
    def client_private_pem(self) -> str:
        return self.client_key.as_pem(private=True).decode()

    def _metadata(self) -> dict:
        return {
            "issuer": self.base + "/",
            "authorization_endpoint": f"{self.base}/authorize",
            "token_endpoint": f"{self.base}/token",
            "jwks_uri": f"{self.base}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["private_key_jwt"],
        }

    def _token(self, form: dict) -> tuple[int, dict]:
        self.token_requests.append(form)
        assertion = form.get("client_assertion", "")
        try:
            decoded = jwt.decode(assertion, self.client_key)
        except Exception as exc:  # noqa: BLE001 - any failure is a refused client
            return 401, {"error": "invalid_client", "error_description": str(exc)}
        claims = decoded.claims
        if claims.get("iss") != CLIENT_ID or claims.get("aud") != f"{self.base}/token":
            return 401, {"error": "invalid_client"}
        nonce = self.nonce_override or self.nonces.get(form.get("code", ""), "")
        now = int(time.time())
        id_token = jwt.encode(
            {"alg": "RS256", "kid": "provider-key-1"},
            {
                "iss": self.base + "/",
                "aud": CLIENT_ID,
                "iat": now,
                "exp": now + 300,
                "nonce": nonce,
                **self.claims,
            },
            self.signing_key,
        )
        return 200, {
            "access_token": "access-1",
            "token_type": "Bearer",
            "expires_in": 180,
            "id_token": id_token,
        }

    def _handler(self):
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def _send(self, status: int, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                if self.path == "/.well-known/openid-configuration":
                    self._send(200, provider._metadata())
                elif self.path == "/jwks":
                    public = (provider.published_key or provider.signing_key).as_dict(private=False)
                    self._send(
                        200, {"keys": [{**public, "kid": "provider-key-1", "alg": "RS256", "use": "sig"}]}
                    )
                else:
                    self._send(404, {})

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                if self.path == "/token":
                    self._send(*provider._token(form))
                else:
                    self._send(404, {})

        return Handler
