import requests

# The event names live in a module of their own.
from server.braze_events import ORDER_SHIPPED

BRAZE_TRACK = "https://rest.iad-01.braze.com/users/track"


def order_shipped(user, key, now):
    requests.post(
        BRAZE_TRACK,
        headers={"Authorization": f"Bearer {key}"},
        json={
            "events": [
                {
                    "external_id": user.email,
                    "name": ORDER_SHIPPED,
                    "time": now,
                    "properties": {"carrier": "ups", "parcels": 2},
                }
            ],
            "attributes": [{"external_id": user.email, "plan": "pro", "first_name": user.name}],
        },
    )
