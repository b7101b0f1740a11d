"""A scripted browser for the device sign-in tests, given as $BROWSER: opens the
verification_uri_complete it is called with and approves (or, with
TW_DEVICE_ACTION=deny, denies) the code on the sandbox's verification page."""

import os
import sys
import urllib.parse
import urllib.request

url = urllib.parse.urlsplit(sys.argv[1])
code = urllib.parse.parse_qs(url.query)["user_code"][0]
page = urllib.parse.urlunsplit((url.scheme, url.netloc, url.path, "", ""))
body = urllib.parse.urlencode({"user_code": code,
                               "action": os.environ.get("TW_DEVICE_ACTION", "approve")})
urllib.request.urlopen(page, data=body.encode(), timeout=10).read()
