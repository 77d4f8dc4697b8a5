"""Admin tasks against the Braze REST API."""

import os

import requests

BRAZE_REST = "https://rest.iad-01.braze.com"
# Mistake: the REST API key committed to the repository (BRZ101). Load it from the
# environment or a secret store instead.
BRAZE_REST_API_KEY = "3f2a9c1e-7b4d-4e8a-9c2f-1a2b3c4d5e6f"


def export_users(external_ids):
    return requests.post(
        f"{BRAZE_REST}/users/export/ids",
        json={"external_ids": external_ids},
        headers={"Authorization": f"Bearer {BRAZE_REST_API_KEY}"},
        timeout=30,
    ).json()


def send_welcome(external_id):
    body = {
        # Mistake: the key as the legacy `api_key` body field (BRZ103); send it in the
        # Authorization header, as export_users does (with the key from the environment).
        "api_key": os.environ["BRAZE_REST_API_KEY"],
        "campaign_id": "welcome",
        "recipients": [{"external_user_id": external_id}],
    }
    requests.post(f"{BRAZE_REST}/campaigns/trigger/send", json=body, timeout=10)
