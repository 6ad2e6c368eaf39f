"""A local stand-in for Alibaba Cloud's SMS endpoint (dysmsapi, API 2017-05-25), speaking its wire
protocol: the RPC action in the x-acs-* headers and the query string, signed with
ACS3-HMAC-SHA256 (the signature is checked against the secret, as the real endpoint does), and
answered with the provider's JSON: Code "OK" and a BizId, a business refusal (HTTP 200 with the
refusal's code) or SignatureDoesNotMatch (HTTP 400)."""

import hashlib
import hmac
import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, quote, urlsplit


def _encode(text):
    return quote(text, safe="-_.~")


def expected_signature(secret, method, path, query, headers, signed):
    """The V3 signature as the provider computes it (its published algorithm)."""
    canonical_query = "&".join(f"{_encode(k)}={_encode(v)}" for k, v in sorted(query))
    canonical_headers = "".join(f"{name}:{headers[name].strip()}\n" for name in signed)
    canonical = "\n".join(
        [method, path, canonical_query, canonical_headers, ";".join(signed), headers["x-acs-content-sha256"]]
    )
    to_sign = "ACS3-HMAC-SHA256\n" + hashlib.sha256(canonical.encode()).hexdigest()
    return hmac.new(secret.encode(), to_sign.encode(), hashlib.sha256).hexdigest()


class FakeAliyunSMS:
    """`refuse` = (code, message) makes every send a business refusal, e.g. 流控."""

    def __init__(self, access_key_id, secret, refuse=None):
        self.keys, self.refuse, self.received = {access_key_id: secret}, refuse, []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                self.rfile.read(int(self.headers.get("content-length") or 0))
                status, body = fake.answer(self.command, self.path, {k.lower(): v for k, v in self.headers.items()})
                data = json.dumps(body, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json;charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.endpoint = f"127.0.0.1:{self.server.server_port}"

    def answer(self, method, target, headers):
        request_id = str(uuid.uuid4()).upper()
        url = urlsplit(target)
        query = parse_qsl(url.query, keep_blank_values=True)
        scheme, _, fields = headers.get("authorization", "").partition(" ")
        auth = dict(part.split("=", 1) for part in fields.split(",") if "=" in part)
        secret = self.keys.get(auth.get("Credential"))
        if scheme != "ACS3-HMAC-SHA256" or secret is None:
            return 404, {
                "Code": "InvalidAccessKeyId.NotFound",
                "Message": "Specified access key is not found.",
                "RequestId": request_id,
            }
        signed = auth.get("SignedHeaders", "").split(";")
        if not hmac.compare_digest(
            auth.get("Signature", ""), expected_signature(secret, method, url.path, query, headers, signed)
        ):
            return 400, {
                "Code": "SignatureDoesNotMatch",
                "Message": "Specified signature is not matched with our calculation.",
                "RequestId": request_id,
            }
        if (headers.get("x-acs-action"), headers.get("x-acs-version")) != ("SendSms", "2017-05-25"):
            return 400, {
                "Code": "InvalidAction.NotFound",
                "Message": "Specified api is not found.",
                "RequestId": request_id,
            }
        params = dict(query)
        self.received.append(params)
        if self.refuse:
            return 200, {"Code": self.refuse[0], "Message": self.refuse[1], "RequestId": request_id}
        return 200, {"Code": "OK", "Message": "OK", "BizId": "900619746936498440^0", "RequestId": request_id}

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
