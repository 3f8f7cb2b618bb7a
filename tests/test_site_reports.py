"""Reader error reports: the plain form, the JSON API, and every abuse guard."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from archivist.site.state import SiteSettings
from archivist.store import open_store
from archivist.store.tables import reports
from tests.site_client import SiteUnderTest, form_token, site_client


def _stored(url: str) -> list[Any]:
    engine = open_store(url)
    with engine.connect() as conn:
        rows = conn.execute(sa.select(reports).order_by(reports.c.id)).all()
    engine.dispose()
    return rows


def _form(site: SiteUnderTest, **fields: str) -> dict[str, str]:
    page = site.client.get(site.seeded.paths["4711"])
    data = {
        "csrf_token": form_token(page.text),
        "article_id": str(site.seeded.ids["4711"]),
        "revision_id": str(page.context["revision_id"]),  # type: ignore[attr-defined]
        "block": "3",
        "category": "glued_words",
        "selected_text": "le derby de samedi",
        "comment": "Il manque une espace.",
        "email": "lectrice@example.org",
        "website": "",
    }
    return data | fields


def test_plain_form_report_is_stored_with_revision_block_and_legacy_id(db_url: str) -> None:
    with site_client(db_url) as site:
        data = _form(site)
        response = site.client.post("/report", data=data, follow_redirects=False)
        assert response.status_code == 303
        thanks = site.client.get(response.headers["location"])
        assert thanks.template.name == "report.html"  # type: ignore[attr-defined]
        assert thanks.context["done"] is True  # type: ignore[attr-defined]
        assert "Merci" in thanks.text
        [row] = _stored(db_url)
        assert (row.article_id, row.revision_id, row.block, row.legacy_id) == (
            site.seeded.ids["4711"],
            int(data["revision_id"]),
            3,
            "4711",
        )
        assert (row.category, row.selected_text, row.comment, row.email, row.status) == (
            "glued_words",
            "le derby de samedi",
            "Il manque une espace.",
            "lectrice@example.org",
            "open",
        )
        assert row.ip_hash and "testclient" not in row.ip_hash


def test_block_report_page_works_without_javascript(db_url: str) -> None:
    with site_client(db_url) as site:
        page = site.client.get(f"/report/{site.seeded.ids['4711']}?block=2")
        assert page.template.name == "report.html"  # type: ignore[attr-defined]
        assert page.context["block_text"] == "Des retards en cascade"  # type: ignore[attr-defined]
        data = _form(
            site, csrf_token=form_token(page.text), block="2", category="paragraph", selected_text=""
        )
        assert site.client.post("/report", data=data, follow_redirects=False).status_code == 303
        assert [r.block for r in _stored(db_url)] == [2]


def test_json_api_report_and_status(db_url: str) -> None:
    with site_client(db_url) as site:
        page = site.client.get(site.seeded.paths["8812"])
        body = {
            "article_id": site.seeded.ids["8812"],
            "block": None,
            "category": "title",
            "selected_text": "Eishockey",
            "comment": "Spitzmarke fehlt im Titel.",
        }
        response = site.client.post(
            "/api/reports", json=body, headers={"x-csrf-token": form_token(page.text)}
        )
        assert response.status_code == 201, response.text
        assert response.json()["message"].startswith("Danke")  # in the article's language
        report_id = response.json()["id"]
        assert site.client.get(f"/api/reports/{report_id}").json()["status"] == "open"
        [row] = _stored(db_url)
        assert (row.block, row.category, row.legacy_id) == (None, "title", "8812")
        spec = site.client.get("/api/openapi.json").json()
        assert "/api/reports" in spec["paths"] and "post" in spec["paths"]["/api/reports"]


@pytest.mark.parametrize(
    ("change", "status"),
    [
        ({"csrf_token": ""}, 403),  # no token
        ({"csrf_token": "forged.token.value"}, 403),  # a token we did not sign
        ({"category": "spam"}, 400),  # unknown category
        ({"comment": "<script>alert(1)</script>"}, 400),  # markup is refused
        ({"comment": "voir <a href=x>ici</a>"}, 400),  # links too
        ({"selected_text": "javascript:alert(1)"}, 400),  # and script URLs
        ({"email": "not an address"}, 400),  # a malformed e-mail
        ({"block": "999"}, 400),  # a block the article does not have
        ({"comment": "x" * 2500}, 400),  # over the size limit
    ],
)
def test_form_rejects(db_url: str, change: dict[str, str], status: int) -> None:
    with site_client(db_url) as site:
        response = site.client.post("/report", data=_form(site, **change), follow_redirects=False)
        assert response.status_code == status
        assert _stored(db_url) == []


def test_token_of_another_browser_is_refused(db_url: str) -> None:
    with site_client(db_url) as site:
        data = _form(site)
        site.client.cookies.clear()  # the token no longer matches this browser's cookie
        site.client.get("/")
        assert site.client.post("/report", data=data, follow_redirects=False).status_code == 403


def test_too_fast_form_is_refused(db_url: str) -> None:
    with site_client(db_url, SiteSettings(report_min_fill=3600)) as site:
        assert site.client.post("/report", data=_form(site), follow_redirects=False).status_code == 403
        assert _stored(db_url) == []


def test_honeypot_looks_accepted_but_stores_nothing(db_url: str) -> None:
    with site_client(db_url) as site:
        response = site.client.post(
            "/report", data=_form(site, website="http://spam.example"), follow_redirects=False
        )
        assert response.status_code == 303
        assert _stored(db_url) == []


@pytest.mark.parametrize(
    "settings",
    [
        SiteSettings(report_min_fill=0, reports_per_ip=(2, 600)),  # per address
        SiteSettings(report_min_fill=0, reports_per_article=(2, 3600)),  # per article
    ],
)
def test_rate_limits_answer_429(db_url: str, settings: SiteSettings) -> None:
    with site_client(db_url, settings) as site:
        codes = [
            site.client.post("/report", data=_form(site), follow_redirects=False).status_code
            for _ in range(3)
        ]
        assert codes == [303, 303, 429]
        assert len(_stored(db_url)) == 2
        page = site.client.get(site.seeded.paths["4711"])
        api = site.client.post(
            "/api/reports",
            json={"article_id": site.seeded.ids["4711"], "category": "other"},
            headers={"x-csrf-token": form_token(page.text)},
        )
        assert api.status_code == 429
        assert "retry-after" in api.headers


def test_oversized_request_is_refused(db_url: str) -> None:
    with site_client(db_url) as site:
        page = site.client.get(site.seeded.paths["4711"])
        body = {"article_id": site.seeded.ids["4711"], "category": "other", "website": "y" * 20_000}
        response = site.client.post(
            "/api/reports", json=body, headers={"x-csrf-token": form_token(page.text)}
        )
        assert response.status_code == 413
        assert _stored(db_url) == []
