import requests

BRAZE_TRACK = "https://rest.iad-01.braze.com/users/track"
BRAZE_ALIAS = "https://rest.iad-01.braze.com/users/alias/new"


def save_profile(user, amplitude_id):
    requests.post(
        BRAZE_TRACK,
        json={
            "attributes": [
                {
                    "user_alias": {"alias_name": amplitude_id, "alias_label": "amplitude_id"},
                    "last_name": user.last_name,
                    "email_subscribe": "opted_in",
                    "subscription_groups": [
                        {
                            "subscription_group_id": "grp-newsletter",
                            "subscription_state": "subscribed",
                        }
                    ],
                }
            ]
        },
        timeout=10,
    )
    requests.post(
        BRAZE_ALIAS,
        json={"user_aliases": [{"alias_name": user.crm_id, "alias_label": "crm_id"}]},
        timeout=10,
    )
