"""Import of purchases from the old shop system into Braze."""

import os

import requests

BRAZE_TRACK = "https://rest.iad-01.braze.com/users/track"

# The old shop used a signed blob as its customer key.
LEGACY_CUSTOMER_KEY = (
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
)


def import_purchase(order):
    body = {
        "purchases": [
            {
                # Mistake: 1,024 bytes; the REST API accepts at most 987 (BRZ304).
                "external_id": LEGACY_CUSTOMER_KEY,
                "product_id": order.sku,
                # Mistake: "WON" is no currency code; Braze drops the purchase (BRZ402).
                "currency": "WON",
                "price": order.total,
                "time": order.paid_at,
            },
        ],
    }
    requests.post(
        BRAZE_TRACK,
        json=body,
        headers={"Authorization": f"Bearer {os.environ['BRAZE_REST_API_KEY']}"},
        timeout=10,
    )
