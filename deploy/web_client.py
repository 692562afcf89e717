"""A small HTTP client for the rehearsal and the load test: signs in through allauth's form and
keeps its cookies itself (production marks them Secure, which plain-HTTP clients would not send
back over the loopback); and the PDF documents they upload."""

import io
import re
from http.cookies import SimpleCookie

import requests

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PASSWORD = "registry-demo"


def pdf(title):
    """Return a small real PDF titled `title` (a title of its own per upload: no 'identical')."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_metadata({"/Title": title})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


class Client:
    def __init__(self, base_url, timeout=60):
        self.base = base_url.rstrip("/")
        self.http = requests.Session()
        self.cookies = {}
        self.timeout = timeout

    def _headers(self, extra=None):
        headers = dict(extra or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return headers

    def _keep(self, response):
        for header in response.raw.headers.getlist("Set-Cookie"):
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response

    def get(self, path, **kwargs):
        return self._keep(
            self.http.get(
                self.base + path,
                headers=self._headers(kwargs.pop("headers", None)),
                allow_redirects=False,
                timeout=self.timeout,
                **kwargs,
            )
        )

    def post(self, path, data=None, files=None, referer_path=None):
        data = {**(data or {}), "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
        return self._keep(
            self.http.post(
                self.base + path,
                data=data,
                files=files,
                headers=self._headers({"Referer": self.base + (referer_path or path)}),
                allow_redirects=False,
                timeout=self.timeout,
            )
        )

    def form_token(self, path):
        """GET a page with a form; return its CSRF token (the cookie is kept)."""
        page = self.get(path)
        match = CSRF_INPUT.search(page.text)
        return match.group(1) if match else self.cookies.get("csrftoken", "")

    def sign_in(self, username, password=PASSWORD):
        self.form_token("/accounts/login/")
        response = self.post("/accounts/login/", {"login": username, "password": password})
        if response.status_code != 302:
            raise RuntimeError(f"sign-in of {username} answered {response.status_code}")
        return self

    def on(self, base_url):
        """The same signed-in session, sent to another host (the session lives in PostgreSQL)."""
        other = Client(base_url, timeout=self.timeout)
        other.cookies = dict(self.cookies)
        return other
