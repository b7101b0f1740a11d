"""The Druva vendor's own Python sample, run against `tokenwright-cli sandbox`.

The sample (Druva developer docs) is:

    auth = HTTPBasicAuth(client_id, secret_key)
    client = BackendApplicationClient(client_id=client_id)
    oauth = OAuth2Session(client=client)
    token = oauth.fetch_token(token_url=token_url, auth=auth)

requests-oauthlib refuses plain http unless OAUTHLIB_INSECURE_TRANSPORT=1 (set by CTest).
HTTPBasicAuth sends the raw "id:secret", which is exactly what Druva expects. The sample sends no
`scope`: Druva MSP would refuse one, and for Druva Cloud the sandbox treats a missing scope as
`read`, because the real service answers this sample.
"""

import os
import sys

from sandbox_python_support import SandboxProcess, check, skip

try:
    from oauthlib.oauth2 import BackendApplicationClient
    from requests.auth import HTTPBasicAuth
    from requests_oauthlib import OAuth2Session
except ImportError as error:
    skip("%s (install python3-requests-oauthlib)" % error)

os.environ.setdefault("OAUTHLIB_INSECURE_TRANSPORT", "1")
cli = sys.argv[1]


def vendor_sample(token_url, client_id, secret_key):
    auth = HTTPBasicAuth(client_id, secret_key)
    client = BackendApplicationClient(client_id=client_id)
    oauth = OAuth2Session(client=client)
    token = oauth.fetch_token(token_url=token_url, auth=auth)
    return oauth, token


with SandboxProcess(cli) as sandbox:
    # Druva Cloud and GovCloud.
    for name, expected_lifetime in (("druva", 1800), ("druva-gov", 900)):
        info = sandbox.provider(name)
        oauth, token = vendor_sample(info["token_url"], info["client_id"], info["client_secret"])
        check(token["token_type"] == "bearer", "%s token_type %r" % (name, token["token_type"]))
        check(token["expires_in"] == expected_lifetime, "%s expires_in %r" % (name, token["expires_in"]))
        check(":" in token["access_token"], "%s token is not the opaque kind" % name)
        whoami = oauth.get(info["api_base"] + "/demo/v1/whoami")
        check(whoami.status_code == 200, "%s whoami: %d %s" % (name, whoami.status_code, whoami.text))
        check(whoami.json()["clientId"] == info["client_id"], "%s whoami: %s" % (name, whoami.text))
        users = oauth.get(info["api_base"] + "/insync/endpoints/v1/users")
        check(users.status_code == 200 and users.json()["users"], "%s users: %s" % (name, users.text))

    # Druva MSP: the same sample against the MSP token URL, then the customer list and a
    # customer token minted with the MSP token.
    info = sandbox.provider("druva-msp")
    oauth, token = vendor_sample(info["token_url"], info["client_id"], info["client_secret"])
    check(token["expires_in"] == 900, "druva-msp expires_in %r" % token["expires_in"])
    check(token["access_token"].count(".") == 2, "druva-msp token is not a JWT")
    listing = oauth.get(info["api_base"] + "/msp/v3/customers", params={"pageSize": 5})
    check(listing.status_code == 200, "customers: %d %s" % (listing.status_code, listing.text))
    customers = listing.json()["customers"]
    check(len(customers) == 5 and listing.json()["nextPageToken"], "customers page: %s" % listing.text)
    following = oauth.get(info["api_base"] + "/msp/v3/customers",
                          params={"pageToken": listing.json()["nextPageToken"]})
    check(following.status_code == 200 and len(following.json()["customers"]) == 5, "page 2: " + following.text)
    gcid = customers[0]["id"]
    minted = oauth.post(info["api_base"] + "/msp/v2/customers/%s/token" % gcid,
                        data={"grant_type": "client_credentials"})
    check(minted.status_code == 200, "customer token: %d %s" % (minted.status_code, minted.text))
    customer_token = minted.json()["access_token"]
    import requests

    info_answer = requests.get(info["api_base"] + "/demo/v1/customers/%s/info" % gcid,
                               headers={"Authorization": "Bearer " + customer_token}, timeout=10)
    check(info_answer.status_code == 200 and info_answer.json()["id"] == gcid, "customer info: " + info_answer.text)

    # The same sample with a wrong secret gets the OAuth error, as the real service gives.
    try:
        vendor_sample(info["token_url"], info["client_id"], "wrong")
        check(False, "a wrong secret was accepted")
    except Exception as error:  # oauthlib raises InvalidClientError
        check("invalid_client" in repr(error) or "invalid_client" in str(error), "unexpected: %r" % error)

print("Druva Python sample: OK")
