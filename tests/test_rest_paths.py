"""Braze's REST API path by path: every family is recognised as a Braze REST call, the
shared ones only where a Braze host or base is in sight (brazelint/braze/rest.py)."""

from __future__ import annotations

import pytest

from brazelint.braze.keys import is_rest_url, strict_rest_url
from brazelint.braze.rest import braze_path, is_braze_rest_url

#: One path of each family of the endpoint glossary that no other API is known to use.
BRAZE_ONLY = [
    "/users/track",
    "/users/track/sync",
    "/users/track/bulk",
    "/users/identify",
    "/users/alias/new",
    "/users/alias/update",
    "/users/delete",
    "/users/merge",
    "/users/export/ids",
    "/users/export/segment",
    "/users/export/global_control_group",
    "/users/external_ids/rename",
    "/users/external_ids/remove",
    "/messages/send",
    "/messages/schedule/create",
    "/messages/schedule/update",
    "/messages/schedule/delete",
    "/messages/scheduled_broadcasts",
    "/messages/live_activity/update",
    "/campaigns/trigger/send",
    "/campaigns/trigger/schedule/create",
    "/campaigns/trigger/schedule/update",
    "/campaigns/trigger/schedule/delete",
    "/canvas/trigger/send",
    "/canvas/trigger/schedule/create",
    "/canvas/trigger/schedule/update",
    "/canvas/trigger/schedule/delete",
    "/campaigns/data_series",
    "/canvas/data_series",
    "/canvas/data_summary",
    "/canvas/url_info/details",
    "/campaigns/url_info/details",
    "/events/data_series",
    "/segments/data_series",
    "/sends/data_series",
    "/sessions/data_series",
    "/feed/data_series",
    "/kpi/dau/data_series",
    "/kpi/mau/data_series",
    "/kpi/new_users/data_series",
    "/kpi/uninstalls/data_series",
    "/purchases/product_list",
    "/purchases/revenue_series",
    "/purchases/quantity_series",
    "/export/segment/cancel",
    "/sends/id/create",
    "/transactional/v1/campaigns/abc/send",
    "/subscription/status/set",
    "/v2/subscription/status/set",
    "/subscription/status/get",
    "/subscription/user/status",
    "/content_blocks/list",
    "/content_blocks/info",
    "/content_blocks/create",
    "/content_blocks/update",
    "/templates/email/create",
    "/templates/email/update",
    "/templates/email/info",
    "/templates/email/list",
    "/email/hard_bounces",
    "/email/unsubscribes",
    "/email/bounce/remove",
    "/email/spam/remove",
    "/email/blocklist",
    "/email/blacklist",
    "/sms/invalid_phone_numbers",
    "/sms/invalid_phone_numbers/remove",
    "/preference_center/v1",
    "/preference_center/v1/list",
    "/preference_center/v1/pc-1/url/user-1",
    "/app_group/sdk_authentication/create",
    "/app_group/sdk_authentication/keys",
    "/app_group/sdk_authentication/primary",
    "/app_group/sdk_authentication/delete",
]

#: Braze paths whose words other APIs use too.
SHARED = [
    "/campaigns/list",
    "/campaigns/details",
    "/canvas/list",
    "/canvas/details",
    "/segments/list",
    "/segments/details",
    "/feed/list",
    "/events",
    "/events/list",
    "/custom_attributes",
    "/catalogs",
    "/catalogs/restaurants/items",
    "/catalogs/restaurants/fields",
    "/catalogs/restaurants/selections",
    "/email/status",
    "/cdi/integrations",
    "/media_library/create",
    "/scim/v2/Users",
]


@pytest.mark.parametrize("path", BRAZE_ONLY)
def test_every_braze_only_path_is_a_braze_call_on_its_own(path: str) -> None:
    assert braze_path(path) is not None
    assert is_braze_rest_url(path)
    assert is_rest_url(path)
    # At the start of a URL, or after a leading base placeholder, it is certain.
    assert strict_rest_url(path) is not None
    assert strict_rest_url("{BASE}" + path) is not None
    # With a query string, which is never part of what is shown.
    assert strict_rest_url(path + "?api_key=secret") is not None
    assert "secret" not in (strict_rest_url(path + "?api_key=secret") or "")


@pytest.mark.parametrize("path", SHARED)
def test_shared_paths_need_braze_in_sight(path: str) -> None:
    # Alone, or after a base that does not say whose API it is: someone else's API.
    assert braze_path(path) is None
    assert not is_braze_rest_url(path)
    assert not is_braze_rest_url("{API_BASE}" + path)
    assert strict_rest_url("https://api.example.com" + path) is None
    # After a base named for Braze, or on a Braze REST host: Braze's.
    assert braze_path("{BRAZE_REST_ENDPOINT}" + path) is not None
    assert is_braze_rest_url("{this.brazeBaseUrl}" + path)
    assert strict_rest_url("{process.env.BRAZE_URL}" + path) is not None
    assert is_braze_rest_url("https://rest.iad-01.braze.com" + path)


@pytest.mark.parametrize(
    "text",
    [
        "/users/tracker",
        "/users/tracking",
        "/messages/sender",
        "/api/events",
        "/kpi/dau",
        "/eventsource",
    ],
)
def test_lookalike_paths_are_not_braze(text: str) -> None:
    assert braze_path(text) is None


def test_a_client_call_to_a_newly_listed_family_is_reported(scan_tree) -> None:
    result = scan_tree(
        {
            "src/Blocks.jsx": (
                'import React from "react";\n'
                "export const load = () =>\n"
                "  fetch(`${process.env.BRAZE_REST_URL}/content_blocks/list`);\n"
                "export const items = () =>\n"
                "  fetch(`${process.env.BRAZE_REST_URL}/catalogs/menu/items`);\n"
                "export const mine = () => fetch(`${API}/catalogs/menu/items`);\n"
            ),
        },
        select={"BRZ102"},
    )
    found = sorted((f.path, f.span.line) for f in result.findings)
    assert found == [("src/Blocks.jsx", 3), ("src/Blocks.jsx", 5)]
    messages = [f.message for f in result.findings]
    assert any("`/content_blocks/list`" in message for message in messages)
    assert any("`/catalogs/menu/items`" in message for message in messages)


def test_a_file_whose_only_braze_path_is_a_shared_one_passes_the_prefilter(scan_tree) -> None:
    # No REST-key name, no REST host, no Braze-only path: only the line that names Braze
    # next to a shared path lets the file through (SHARED_PATH_NEAR_BRAZE).
    result = scan_tree(
        {
            "src/Menu.jsx": (
                'import React from "react";\n'
                "export const menu = (brazeBase) => fetch(`${brazeBase}/catalogs/menu/items`);\n"
            ),
            "src/Other.jsx": (
                'import React from "react";\n'
                "export const menu = (base) => fetch(`${base}/catalogs/menu/items`);\n"
            ),
        },
        select={"BRZ102"},
    )
    assert sorted((f.path, f.span.line) for f in result.findings) == [("src/Menu.jsx", 2)]
