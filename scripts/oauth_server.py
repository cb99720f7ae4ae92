#!/usr/bin/env python3
"""The token service that stands in for Google's and Microsoft's in qmark's tests.

Started by `scripts/mail-servers` on its own loopback port. Dovecot's `passdb oauth2` asks its
introspection endpoint whether a bearer token is good, so the real IMAP server (and Postfix,
through Dovecot SASL) accepts or refuses the XOAUTH2 tokens qmark presents.

It follows the providers' documented responses (RFC 6749, 7636, 7009, 7662, 8628):
  GET  /authorize    the consent screen: consents at once as `login_hint` (or `user`), then
                     redirects to redirect_uri with ?code=&state= (PKCE S256 required);
                     `deny=1` answers error=access_denied instead
  POST /token        grant_type authorization_code (with code_verifier), refresh_token (with
                     ROTATION: each refresh returns a new refresh token and the old one is dead
                     at once), device_code (RFC 8628), client_credentials (app-only)
  POST /devicecode   start the device flow: device_code, user_code, verification_uri
  GET  /device       the page a person opens on their phone: ?user_code=&user= approves
  POST /introspect   RFC 7662: {"active": true, "username", "scope", "exp", "client_id"}
  POST /revoke       RFC 7009: revokes a refresh or access token (and the grant behind it)
Several providers at once: every endpoint above is also served under /<issuer>/ (e.g.
/google/token, /microsoft/token). A client registered with an issuer is known only under its
prefix, as Google's token endpoint knows nothing of a Microsoft application; introspection stays
one endpoint, since the one Dovecot asks it for every token.

Introspection answers active only for a grant holding a mail scope (MAIL_SCOPES: Dovecot 2.3's
own `scope` check would want all of Google's and Microsoft's in one token). Sending is a
permission of its own: Dovecot says which service asks (`send_auth_headers`,
header X-Dovecot-Auth-Service: imap or smtp). For a client registered with a `send_scope`, a token
whose grant lacks that scope is good for IMAP and refused for SMTP AUTH, as Microsoft 365 refuses
a token without SMTP.Send.

Test controls (what an admin console or a clock would do):
  POST /admin/clients  JSON {client_id, client_secret?, access_ttl?, app_mailbox?, app_scope?,
                       issuer?, send_scope?}
  POST /admin/revoke   JSON {username}: every grant of that user is revoked (consent withdrawn)
  POST /admin/expire   JSON {username}: every access token of that user expires now
  GET  /admin/stats?username=  JSON {refreshes, grants, active_grants}

State lives in memory and in a JSON file (--state), rewritten atomically on every change, so a
restart keeps every grant. Nothing leaves 127.0.0.1.
"""

import argparse
import base64
import hashlib
import json
import os
import secrets
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOCK = threading.Lock()
STATE = {"clients": {}, "grants": {}, "codes": {}, "devices": {}, "access": {}, "refresh": {}}
STATE_FILE = None
DEFAULT_TTL = 3600
# A grant holding one of these may read mail (the tests' own, Google's, Microsoft's delegated
# and app-only scopes).
MAIL_SCOPES = {"mail", "https://mail.google.com/",
               "https://outlook.office.com/IMAP.AccessAsUser.All",
               "https://outlook.office365.com/.default"}


def save():
    if not STATE_FILE:
        return
    tmp = STATE_FILE + ".tmp"
    with open(tmp, "w") as f:
        json.dump(STATE, f)
    os.replace(tmp, STATE_FILE)


def now():
    return int(time.time())


def new_grant(client_id, username, scope):
    gid = secrets.token_hex(8)
    STATE["grants"][gid] = {
        "client_id": client_id, "username": username, "scope": scope,
        "revoked": False, "refreshes": 0, "created": now(),
    }
    return gid


def issue(gid, with_refresh=True):
    """A new access token (and refresh token) for grant gid; older refresh tokens of the grant
    are dead (rotation)."""
    g = STATE["grants"][gid]
    client = STATE["clients"].get(g["client_id"], {})
    ttl = int(client.get("access_ttl", DEFAULT_TTL))
    at = "at-" + secrets.token_urlsafe(24)
    STATE["access"][at] = {"grant": gid, "exp": now() + ttl}
    body = {"access_token": at, "token_type": "Bearer", "expires_in": ttl,
            "ext_expires_in": ttl, "scope": g["scope"]}
    if with_refresh:
        for rt, r in STATE["refresh"].items():
            if r["grant"] == gid:
                r["used"] = True
        rt = "rt-" + secrets.token_urlsafe(24)
        STATE["refresh"][rt] = {"grant": gid, "used": False}
        body["refresh_token"] = rt
    return body


class Handler(BaseHTTPRequestHandler):
    server_version = "qmark-token-standin/1"

    def log_message(self, fmt, *args):  # one line per request, never a token
        path = self.path.split("?", 1)[0]
        print("%s %s %s" % (self.command, path, args[1] if len(args) > 1 else ""), flush=True)

    def reply(self, status, body, headers=None):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def error(self, code, description, status=400):
        self.reply(status, {"error": code, "error_description": description})

    def form(self):
        n = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(n).decode() if n else ""
        if (self.headers.get("Content-Type") or "").startswith("application/json"):
            return json.loads(raw or "{}")
        return {k: v[0] for k, v in urllib.parse.parse_qs(raw, keep_blank_values=True).items()}

    def client(self, f):
        """The calling client, authenticated by Basic or by client_secret in the body."""
        cid, secret = f.get("client_id"), f.get("client_secret")
        auth = self.headers.get("Authorization") or ""
        if auth.startswith("Basic "):
            try:
                user, _, pw = base64.b64decode(auth[6:]).decode().partition(":")
                cid, secret = urllib.parse.unquote_plus(user), urllib.parse.unquote_plus(pw)
            except Exception:
                return None, "malformed Basic authorization"
        c = STATE["clients"].get(cid or "")
        if c is not None and c.get("issuer", "") != self.issuer:
            c = None
        if c is None:
            return None, "AADSTS700016: application with identifier '%s' was not found" % cid
        if c.get("client_secret") and c["client_secret"] != secret:
            return None, "AADSTS7000215: invalid client secret provided"
        return cid, None

    def route(self):
        """The path without its issuer prefix; the issuer ("" for none) in self.issuer."""
        url = urllib.parse.urlsplit(self.path)
        parts = url.path.split("/", 2)
        self.issuer = ""
        if len(parts) == 3 and parts[1] and any(
                c.get("issuer") == parts[1] for c in STATE["clients"].values()):
            self.issuer = parts[1]
            url = url._replace(path="/" + parts[2])
        return url

    def do_GET(self):
        with LOCK:
            url = self.route()
            q = {k: v[0] for k, v in urllib.parse.parse_qs(url.query).items()}
            if url.path == "/authorize":
                return self.authorize(q)
            if url.path == "/device":
                d = next((d for d in STATE["devices"].values() if d["user_code"] == q.get("user_code")), None)
                if d is None or not q.get("user"):
                    return self.error("invalid_request", "unknown user_code, or no user", 404)
                d["user"] = q["user"].lower()
                save()
                return self.reply(200, {"approved": True})
            if url.path == "/admin/stats":
                user = (q.get("username") or "").lower()
                gs = [g for g in STATE["grants"].values() if g["username"] == user]
                return self.reply(200, {"refreshes": sum(g["refreshes"] for g in gs),
                                        "grants": len(gs),
                                        "active_grants": sum(not g["revoked"] for g in gs)})
        self.error("not_found", self.path.split("?")[0], 404)

    def authorize(self, q):
        redirect = q.get("redirect_uri", "")
        parts = urllib.parse.urlsplit(redirect)
        if parts.scheme != "http" or parts.hostname not in ("127.0.0.1", "localhost", "::1"):
            return self.error("invalid_request", "redirect_uri must be a loopback http URI")
        known = STATE["clients"].get(q.get("client_id") or "")
        if known is None or known.get("issuer", "") != self.issuer:
            return self.error("unauthorized_client", "AADSTS700016: unknown client_id")
        if q.get("code_challenge_method") != "S256" or not q.get("code_challenge"):
            return self.error("invalid_request", "PKCE with S256 is required")
        sep = "&" if parts.query else "?"
        if q.get("deny"):
            target = redirect + sep + urllib.parse.urlencode(
                {"error": "access_denied", "state": q.get("state", "")})
        else:
            user = (q.get("login_hint") or q.get("user") or "").lower()
            if not user:
                return self.error("invalid_request", "the stand-in consents as login_hint; none given")
            code = "code-" + secrets.token_urlsafe(16)
            STATE["codes"][code] = {"client_id": q["client_id"], "user": user,
                                    "scope": q.get("scope", ""), "redirect_uri": redirect,
                                    "challenge": q["code_challenge"], "exp": now() + 300}
            save()
            target = redirect + sep + urllib.parse.urlencode({"code": code, "state": q.get("state", "")})
        self.send_response(302)
        self.send_header("Location", target)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_POST(self):
        try:
            f = self.form()
        except (ValueError, UnicodeDecodeError):
            return self.error("invalid_request", "unreadable body")
        with LOCK:
            path = self.route().path
            handler = {"/token": self.token, "/devicecode": self.devicecode,
                       "/introspect": self.introspect, "/revoke": self.revoke,
                       "/admin/clients": self.admin_client, "/admin/revoke": self.admin_revoke,
                       "/admin/expire": self.admin_expire}.get(path)
            if handler is None:
                return self.error("not_found", path, 404)
            return handler(f)

    def token(self, f):
        cid, why = self.client(f)
        if cid is None:
            return self.error("invalid_client", why, 401)
        gt = f.get("grant_type")
        if gt == "authorization_code":
            c = STATE["codes"].pop(f.get("code", ""), None)
            save()
            if c is None or c["exp"] < now() or c["client_id"] != cid:
                return self.error("invalid_grant", "AADSTS70008: the authorization code is invalid or has expired")
            if c["redirect_uri"] != f.get("redirect_uri"):
                return self.error("invalid_grant", "redirect_uri does not match the authorization request")
            verifier = f.get("code_verifier", "")
            digest = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
            if digest != c["challenge"]:
                return self.error("invalid_grant", "AADSTS501481: the code_verifier does not match the code_challenge")
            gid = new_grant(cid, c["user"], c["scope"])
            body = issue(gid)
        elif gt == "refresh_token":
            r = STATE["refresh"].get(f.get("refresh_token", ""))
            if r is None or r["used"]:
                return self.error("invalid_grant", "AADSTS70000: the refresh token was already used or is unknown")
            g = STATE["grants"][r["grant"]]
            if g["revoked"]:
                return self.error("invalid_grant", "AADSTS50173: the provided grant has expired due to it being revoked; a fresh auth token is needed")
            if g["client_id"] != cid:
                return self.error("invalid_grant", "the refresh token was issued to another client")
            g["refreshes"] += 1
            body = issue(r["grant"])
        elif gt == "urn:ietf:params:oauth:grant-type:device_code":
            d = STATE["devices"].get(f.get("device_code", ""))
            if d is None or d["exp"] < now():
                return self.error("expired_token", "AADSTS70020: the device code has expired")
            if d["user"] is None:
                return self.error("authorization_pending", "AADSTS70016: the user has not yet signed in")
            STATE["devices"].pop(f["device_code"])
            body = issue(new_grant(cid, d["user"], d["scope"]))
        elif gt == "client_credentials":
            client = STATE["clients"][cid]
            if not client.get("client_secret") or not client.get("app_mailbox"):
                return self.error("unauthorized_client", "AADSTS7000218: app-only access needs a confidential client granted a mailbox")
            body = issue(new_grant(cid, client["app_mailbox"].lower(), client.get("app_scope", "mail")), with_refresh=False)
        else:
            return self.error("unsupported_grant_type", "grant_type %r" % gt)
        save()
        self.reply(200, body)

    def devicecode(self, f):
        cid, why = self.client(f)
        if cid is None:
            return self.error("invalid_client", why, 401)
        dc = "dc-" + secrets.token_urlsafe(16)
        uc = secrets.token_hex(4).upper()
        STATE["devices"][dc] = {"client_id": cid, "scope": f.get("scope", ""), "user_code": uc,
                                "user": None, "exp": now() + 900}
        save()
        host = self.headers.get("Host", "127.0.0.1")
        self.reply(200, {"device_code": dc, "user_code": uc,
                         "verification_uri": "http://%s/device" % host,
                         "expires_in": 900, "interval": 1,
                         "message": "To sign in, open http://%s/device and enter the code %s." % (host, uc)})

    def introspect(self, f):
        a = STATE["access"].get(f.get("token", ""))
        if a is None or a["exp"] <= now():
            return self.reply(200, {"active": False})
        g = STATE["grants"][a["grant"]]
        if g["revoked"]:
            return self.reply(200, {"active": False})
        client = STATE["clients"].get(g["client_id"], {})
        send_scope = client.get("send_scope")
        service = (self.headers.get("X-Dovecot-Auth-Service") or "").lower()
        scopes = set(g["scope"].split())
        if service == "smtp" and send_scope:
            if send_scope not in scopes:
                print("introspect: %s may not send (no %s)" % (g["username"], send_scope), flush=True)
                return self.reply(200, {"active": False})
        elif not scopes & MAIL_SCOPES:
            print("introspect: %s's grant holds no mail scope" % g["username"], flush=True)
            return self.reply(200, {"active": False})
        self.reply(200, {"active": True, "username": g["username"], "scope": g["scope"],
                         "exp": a["exp"], "client_id": g["client_id"], "token_type": "Bearer",
                         "iss": client.get("issuer", "")})

    def revoke(self, f):
        tok = f.get("token", "")
        gid = (STATE["refresh"].get(tok) or STATE["access"].get(tok) or {}).get("grant")
        if gid:
            STATE["grants"][gid]["revoked"] = True
            save()
        self.reply(200, {})

    def admin_client(self, f):
        if not f.get("client_id"):
            return self.error("invalid_request", "client_id is required")
        STATE["clients"][f["client_id"]] = {k: f[k] for k in
                                            ("client_secret", "access_ttl", "app_mailbox", "app_scope",
                                             "issuer", "send_scope") if f.get(k)}
        save()
        self.reply(201, {"client_id": f["client_id"]})

    def admin_revoke(self, f):
        user = (f.get("username") or "").lower()
        n = 0
        for g in STATE["grants"].values():
            if g["username"] == user and not g["revoked"]:
                g["revoked"], n = True, n + 1
        save()
        self.reply(200, {"revoked": n})

    def admin_expire(self, f):
        user = (f.get("username") or "").lower()
        n = 0
        for a in STATE["access"].values():
            if STATE["grants"][a["grant"]]["username"] == user and a["exp"] > now():
                a["exp"], n = now(), n + 1
        save()
        self.reply(200, {"expired": n})


def main():
    global STATE_FILE
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--state", help="JSON file that keeps the grants across restarts")
    args = p.parse_args()
    STATE_FILE = args.state
    if STATE_FILE and os.path.exists(STATE_FILE):
        with open(STATE_FILE) as f:
            STATE.update(json.load(f))
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    print("token service on 127.0.0.1:%d" % args.port, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
