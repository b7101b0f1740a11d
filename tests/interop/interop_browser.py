"""A scripted browser for the interop tests, given as $BROWSER: opens the URL tokenwright-cli
hands it and walks oidc-provider's pages as a person would — the device-code confirmation,
the sign-in form (any login: TW_INTEROP_LOGIN), the consent form, the self-submitting form
pages — following redirects with cookies, up to a page without a form: the device flow's
success page, or tokenwright-cli's own loopback callback page.

TW_INTEROP_ACTION=deny aborts instead (the device confirmation's abort button, the consent
page's cancel link). Each page visited is appended to $TW_INTEROP_BROWSER_LOG (status, URL
without its query, title) so the test can see where the walk ended."""

import html.parser
import http.cookiejar
import os
import sys
import urllib.error
import urllib.parse
import urllib.request

DENY = os.environ.get("TW_INTEROP_ACTION") == "deny"
LOGIN = os.environ.get("TW_INTEROP_LOGIN", "interop-user")


class Page(html.parser.HTMLParser):
    """The forms (their inputs and the named buttons that point at them), links and title."""

    def __init__(self):
        super().__init__()
        self.forms, self.links, self.buttons, self.title = [], [], [], ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"id": a.get("id"), "action": a.get("action", ""),
                               "method": a.get("method", "get").lower(), "inputs": []})
        elif tag == "input" and self.forms and a.get("name"):
            self.forms[-1]["inputs"].append(a)
        elif tag == "button" and a.get("name"):
            self.buttons.append(a)
        elif tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "title":
            self._in_title = True

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data.strip()


def fields(page, form):
    """What submitting the form sends: hidden values as given, a login and a password."""
    values = {}
    for field in form["inputs"]:
        kind = field.get("type", "text")
        if field["name"] == "login":
            values["login"] = field.get("value") or LOGIN
        elif kind == "password":
            values[field["name"]] = "any password"
        else:
            values[field["name"]] = field.get("value", "")
    if DENY and form["id"] == "op.deviceConfirmForm":
        values.pop("confirm", None)
        for button in page.buttons:
            if button.get("form") == form["id"] and button["name"] == "abort":
                values["abort"] = button.get("value", "yes")
    return values


def log(status, url, title):
    path = os.environ.get("TW_INTEROP_BROWSER_LOG")
    if path:
        with open(path, "a", encoding="utf-8") as f:
            f.write("%s %s %s\n" % (status, url.split("?")[0], title))


def main():
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    url, data, aborted = sys.argv[1], None, False
    for _ in range(15):
        try:
            with opener.open(urllib.request.Request(url, data=data), timeout=15) as answer:
                status, url, body = answer.status, answer.geturl(), answer.read()
        except urllib.error.HTTPError as error:
            log(error.code, error.geturl(), "")
            return 1
        page = Page()
        page.feed(body.decode("utf-8", "replace"))
        log(status, url, page.title)
        if aborted:
            return 0
        form = page.forms[0] if page.forms else None
        if DENY and form and any(f.get("value") == "consent" for f in form["inputs"]):
            cancel = [link for link in page.links if link.endswith("/abort")]
            url, data, aborted = urllib.parse.urljoin(url, cancel[0]), None, True
            continue
        if not form:
            return 0
        values = fields(page, form)
        aborted = "abort" in values
        encoded = urllib.parse.urlencode(values)
        target = urllib.parse.urljoin(url, form["action"] or url)
        if form["method"] == "post":
            url, data = target, encoded.encode()
        else:
            url, data = target + "?" + encoded, None
    log(0, url, "too many pages")
    return 1


if __name__ == "__main__":
    sys.exit(main())
