"""Nightly sync of account changes to Braze."""

import os

import requests

# Mistake: the EU cluster under the .com domain (BRZ201).
BRAZE_REST = "https://rest.fra-01.braze.com"
# Mistake: plain HTTP (BRZ204).
LEGACY_EXPORT = "http://rest.fra-01.braze.eu/users/export/ids"


def sync_account(account):
    body = {
        # Mistake: the email as external ID (BRZ301).
        "attributes": [{"external_id": account.email, "first_name": account.first_name}],
    }
    requests.post(
        f"{BRAZE_REST}/users/track",
        json=body,
        headers={"Authorization": f"Bearer {os.environ['BRAZE_REST_API_KEY']}"},
        timeout=10,
    )
