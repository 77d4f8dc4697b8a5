"""Nightly backfill of listening history to Braze, in batches."""

import os
import time

import requests

TRACK_URL = "https://rest.iad-01.braze.com/users/track"
HEADERS = {"Authorization": f"Bearer {os.environ['BRAZE_REST_API_KEY']}"}


def chunks(items, size):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def backfill(listeners):
    # Mistake: 100 objects per request; Braze accepts 75 in total (BRZ501).
    for batch in chunks(listeners, 100):
        body = {
            "events": [
                # Mistake: an epoch number where Braze wants ISO 8601 (BRZ504).
                {"external_id": u.id, "name": "played_song", "time": int(time.time())}
                for u in batch
            ],
        }
        # Mistake: no handling of HTTP 429 in the loop; rate-limited batches are lost (BRZ502).
        requests.post(TRACK_URL, json=body, headers=HEADERS, timeout=10)


def link_profile(user):
    body = {
        "attributes": [
            # Mistake: two primary identifiers; Braze rejects the object (BRZ503).
            {"external_id": user.id, "braze_id": user.braze_id, "plan": user.plan},
            {"external_id": user.id, "plan": user.plan},  # fine
        ],
        "events": [
            # fine: one identifier, an ISO 8601 time
            {"external_id": user.id, "name": "plan_linked", "time": user.linked_at.isoformat()},
        ],
    }
    requests.post(TRACK_URL, json=body, headers=HEADERS, timeout=10)
