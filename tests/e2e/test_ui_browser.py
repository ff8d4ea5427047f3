"""The web UI in real headless Chromium (Debian's `chromium`, driven by Playwright).

Why: the UI is server-rendered HTML with small scripts, and only a real browser proves
that its forms, links, cookies and Content-Security-Policy work together: signing in with
the labelled form, finding a trace that the real SDK sent by name and by content, opening
its tree and an observation's input, hostile text staying inert, another project's pages
answering 404, and signing out. Screenshots of the main pages are kept in
tests/e2e/screenshots/ (gitignored) for a person to look at.
"""

from __future__ import annotations

import re
import shutil
from datetime import datetime, timedelta, timezone
import subprocess
import uuid
from pathlib import Path
from typing import Iterator

import pytest
import requests

from conftest import PROJECT_ID, LangfarmServer, basic_auth_header, run_server, running_in_ci, server_env, shut_down

try:
    from playwright.sync_api import Browser, Page, expect, sync_playwright
    from langfuse import Langfuse
except ImportError as exc:  # pragma: no cover - depends on the environment
    if running_in_ci():
        raise ImportError(f"Playwright and the Langfuse SDK must be installed in CI: {exc}") from exc
    pytest.skip(f"Playwright not importable ({exc}); install tests/e2e/requirements.txt", allow_module_level=True)

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
if not Path(CHROMIUM).exists():
    if running_in_ci():
        raise RuntimeError("Debian's chromium must be installed in CI (.ci/run installs it)")
    pytest.skip("chromium is not installed (apt-get install chromium)", allow_module_level=True)

EMAIL = "ada@example.com"
PASSWORD = "correct-horse-battery"
SCREENSHOTS = Path(__file__).parent / "screenshots"
OTHER_PROJECT = "other-project"


@pytest.fixture(scope="module")
def ui_server(langfarm_bin: Path, tmp_path_factory, request) -> Iterator[LangfarmServer]:
    env = server_env() | {"LANGFUSE_INIT_USER_EMAIL": EMAIL, "LANGFUSE_INIT_USER_NAME": "Ada", "LANGFUSE_INIT_USER_PASSWORD": PASSWORD}
    srv = run_server(langfarm_bin, tmp_path_factory.mktemp("langfarm-ui"), env=env)
    yield srv
    shut_down(srv, any(getattr(getattr(item, "rep_call", None), "failed", False) for item in request.session.items))


@pytest.fixture(scope="module")
def seeded(ui_server: LangfarmServer, langfarm_bin: Path) -> dict[str, str]:
    """A chat trace sent by the real SDK 2.x, a trace full of markup, and a trace in a project the user is not in."""
    run = uuid.uuid4().hex[:8]
    client = Langfuse(public_key=ui_server.public_key, secret_key=ui_server.secret_key, host=ui_server.base_url, timeout=10)
    trace = client.trace(name=f"checkout-{run}", user_id="customer-17", input={"question": "Where is my zanzibarite parcel?"}, tags=["support"])
    trace.generation(
        name="answer-llm", model="gpt-4o-mini",
        input=[{"role": "system", "content": "You are terse."}, {"role": "user", "content": "Where is my parcel zanzibarite?"}],
        output={"role": "assistant", "content": "It left the depot."}, usage={"input": 40, "output": 6},
    )
    client.flush()
    client.shutdown()

    hostile_id = f"hostile-{run}"
    batch = [{
        "id": f"env-{hostile_id}", "type": "trace-create", "timestamp": "2026-12-01T10:00:00.000Z",
        "body": {
            "id": hostile_id, "name": '<img src=x onerror="window.__xss=1">', "tags": ["<script>window.__xss=2</script>"],
            "input": '<script>window.__xss=3</script><a href="javascript:window.__xss=4">link</a>', "metadata": {"<b>k</b>": "v"},
        },
    }]
    assert ui_server.post_batch(batch).status_code == 207

    created = subprocess.run(
        [str(langfarm_bin), "keys", "create", "--project", OTHER_PROJECT, "--data-dir", str(ui_server.data_dir)],
        capture_output=True, text=True, env=server_env(), check=True,
    ).stdout
    keys = dict(line.split("=", 1) for line in created.splitlines() if line.startswith("LANGFUSE_"))
    other_id = f"other-{run}"
    answer = requests.post(
        ui_server.url("/api/public/ingestion"),
        headers={"Authorization": basic_auth_header(keys["LANGFUSE_PUBLIC_KEY"], keys["LANGFUSE_SECRET_KEY"])},
        json={"batch": [{"id": f"env-{other_id}", "type": "trace-create", "timestamp": "2026-12-01T10:00:00.000Z",
                         "body": {"id": other_id, "name": "secret-of-another-project"}}]},
        timeout=10,
    )
    assert answer.status_code == 207, answer.text
    return {"run": run, "hostile": hostile_id, "other": other_id}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"], headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    yield page
    context.close()
    assert not dialogs, f"a script ran: {dialogs}"


def sign_in(page: Page, server: LangfarmServer) -> None:
    page.goto(server.url("/"))
    expect(page).to_have_url(server.url("/auth/sign-in"))
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(server.url(f"/project/{PROJECT_ID}/traces"))


def screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_sign_in_find_a_trace_by_name_and_by_content_and_read_its_generation(
    ui_server: LangfarmServer, seeded: dict[str, str], page: Page
) -> None:
    page.goto(ui_server.url("/auth/sign-in"))
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill("wrong-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_have_text("Wrong email or password.")

    sign_in(page, ui_server)
    table = page.locator("table.traces tbody")
    expect(table).to_contain_text(f"checkout-{seeded['run']}")
    expect(table).to_contain_text("customer-17")
    screenshot(page, "traces")

    page.get_by_label("Search", exact=True).fill(f"checkout-{seeded['run']}")
    page.get_by_label("Search in").select_option(label="IDs / names")
    page.get_by_role("button", name="Apply").click()
    expect(table.locator("tr")).to_have_count(1)
    assert f"search=checkout-{seeded['run']}" in page.url, "the URL holds the view"

    page.get_by_label("Search", exact=True).fill("Zanzibarite")
    page.get_by_label("Search in").select_option(label="Full text")
    page.get_by_role("button", name="Apply").click()
    expect(table.locator("tr")).to_have_count(1)
    expect(table).to_contain_text(f"checkout-{seeded['run']}")
    page.get_by_label("Search", exact=True).fill("secret")
    page.get_by_role("button", name="Apply").click()
    expect(table.locator("tr")).to_have_count(0)
    page.get_by_label("Search", exact=True).fill(f"checkout-{seeded['run']}")
    page.get_by_label("Search in").select_option(label="IDs / names")
    page.get_by_role("button", name="Apply").click()

    table.locator("tr").first.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"checkout-{seeded['run']}")
    tree = page.get_by_role("navigation", name="Observations")
    expect(tree).to_contain_text("answer-llm")
    expect(page.locator("pre.json").first).to_contain_text("Where is my zanzibarite parcel?")
    tree.get_by_text("answer-llm").click()
    expect(page).to_have_url(re.compile(r"[?&]observation="))
    detail = page.locator("section.detail")
    expect(detail).to_contain_text("gpt-4o-mini")
    expect(detail).to_contain_text("Where is my parcel zanzibarite?")
    expect(detail).to_contain_text("It left the depot.")
    screenshot(page, "trace")


def test_markup_that_clients_sent_stays_text(ui_server: LangfarmServer, seeded: dict[str, str], page: Page) -> None:
    sign_in(page, ui_server)
    expect(page.locator("table.traces")).to_contain_text('<img src=x onerror="window.__xss=1">')
    expect(page.locator("table.traces")).to_contain_text("<script>window.__xss=2</script>")
    page.goto(ui_server.url(f"/project/{PROJECT_ID}/traces/{seeded['hostile']}"))
    expect(page.locator("pre.json").first).to_contain_text('<a href="javascript:window.__xss=4">link</a>')
    expect(page.get_by_text("<b>k</b>", exact=False)).to_have_count(1)
    assert page.evaluate("window.__xss") is None
    assert page.locator("img[src=x]").count() == 0


def test_another_projects_pages_answer_404(ui_server: LangfarmServer, seeded: dict[str, str], page: Page) -> None:
    sign_in(page, ui_server)
    for path in (f"/project/{OTHER_PROJECT}/traces", f"/project/{OTHER_PROJECT}/traces/{seeded['other']}",
                 f"/project/{PROJECT_ID}/traces/{seeded['other']}"):
        response = page.goto(ui_server.url(path))
        assert response is not None and response.status == 404, path
        expect(page.get_by_role("heading", level=1)).to_have_text("Not found")
        expect(page.locator("body")).not_to_contain_text("secret-of-another-project")


def test_signing_out_ends_the_session(ui_server: LangfarmServer, seeded: dict[str, str], page: Page) -> None:
    sign_in(page, ui_server)
    cookies = page.context.cookies()
    session = next(cookie for cookie in cookies if cookie["name"] == "langfarm_session")
    assert session["httpOnly"] and session["sameSite"] == "Lax"
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(ui_server.url("/auth/sign-in"))
    page.context.add_cookies([session])
    page.goto(ui_server.url(f"/project/{PROJECT_ID}/traces"))
    expect(page).to_have_url(re.compile(r"/auth/sign-in"))


def test_the_dashboard_shows_the_ingested_traces_and_cost(ui_server: LangfarmServer, seeded: dict[str, str], page: Page) -> None:
    sign_in(page, ui_server)
    page.get_by_role("navigation", name="Project").get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    traces = requests.get(ui_server.url("/api/public/traces"), auth=ui_server.auth, timeout=10).json()
    total = sum(item["totalCost"] for item in traces["data"])
    assert total > 0
    expect(page.get_by_test_id("trace-count")).to_have_text(str(traces["meta"]["totalItems"]))
    cost_text = page.get_by_test_id("total-cost").inner_text()
    assert cost_text.startswith("$") and abs(float(cost_text[1:]) - total) < 1e-6, (cost_text, total)
    expect(page.locator("section.card", has_text="Model costs")).to_contain_text("gpt-4o-mini")
    expect(page.locator("svg.chart").first).to_be_visible()
    screenshot(page, "dashboard")


def test_an_api_key_made_in_settings_sends_traces_the_sessions_page_replays(
    ui_server: LangfarmServer, seeded: dict[str, str], page: Page
) -> None:
    sign_in(page, ui_server)
    page.get_by_role("navigation", name="Project").get_by_role("link", name="Settings").click()
    page.get_by_label("Key name").fill("browser")
    page.get_by_role("button", name="Create API key").click()
    public_key = page.get_by_test_id("new-public-key").inner_text()
    secret_key = page.get_by_test_id("new-secret-key").inner_text()
    screenshot(page, "settings")

    client = Langfuse(public_key=public_key, secret_key=secret_key, host=ui_server.base_url, timeout=10)
    started = datetime.now(timezone.utc) - timedelta(seconds=10)
    for turn, question in enumerate(["Is my parcel lost?", "Can you resend it?"]):
        # A session replays its traces by timestamp: the turns are a second apart, as a chat's are.
        client.trace(name=f"support-turn-{turn}", session_id=f"conversation-{seeded['run']}", user_id="customer-17",
                     timestamp=started + timedelta(seconds=turn),
                     input=[{"role": "user", "content": question}], output={"role": "assistant", "content": f"Answer {turn}"})
    client.flush()
    client.shutdown()

    page.get_by_role("navigation", name="Project").get_by_role("link", name="Sessions").click()
    page.get_by_role("link", name=f"conversation-{seeded['run']}").click()
    conversation = page.locator("ol.conversation")
    expect(conversation).to_contain_text("Is my parcel lost?")
    expect(conversation).to_contain_text("Answer 1")
    assert conversation.inner_text().index("Is my parcel lost?") < conversation.inner_text().index("Can you resend it?")
    screenshot(page, "session")


def test_the_traces_table_is_keyboard_navigable(ui_server: LangfarmServer, seeded: dict[str, str], page: Page) -> None:
    sign_in(page, ui_server)
    rows = page.locator("table.traces tbody tr")
    expect(rows.first).to_be_visible()
    page.keyboard.press("j")
    expect(rows.nth(0)).to_have_class(re.compile(r"\bcurrent\b"))
    page.keyboard.press("j")
    expect(rows.nth(1)).to_have_class(re.compile(r"\bcurrent\b"))
    page.keyboard.press("k")
    expect(rows.nth(0)).to_have_class(re.compile(r"\bcurrent\b"))
    first_link = rows.nth(0).get_by_role("link").first.get_attribute("href")
    page.keyboard.press("Enter")
    expect(page).to_have_url(ui_server.url(first_link))


def test_timeline_bookmark_tags_publish_export_and_delete(
    ui_server: LangfarmServer, seeded: dict[str, str], page: Page, browser: Browser
) -> None:
    name = f"checkout-{seeded['run']}"
    doomed = f"doomed-{seeded['run']}"
    assert ui_server.post_batch([{
        "id": f"env-{doomed}", "type": "trace-create", "timestamp": "2026-12-01T10:00:00.000Z",
        "body": {"id": doomed, "name": doomed},
    }]).status_code == 207
    sign_in(page, ui_server)
    page.get_by_label("Search", exact=True).fill(name)
    page.get_by_role("button", name="Apply").click()
    page.locator("table.traces tbody tr").first.get_by_role("link").first.click()
    trace_url = page.url

    page.get_by_role("navigation", name="Observation views").get_by_role("link", name="Timeline").click()
    timeline = page.get_by_role("region", name="Timeline")
    expect(timeline).to_contain_text("answer-llm")
    expect(timeline.locator("svg rect.type-GENERATION")).to_have_count(1)
    screenshot(page, "timeline")

    page.get_by_role("button", name="Bookmark").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("★")
    expect(page.get_by_role("button", name="Remove bookmark")).to_be_visible()

    page.get_by_text("Edit tags").click()
    page.get_by_label("Tags (one per line)").fill("support\nreviewed-in-browser")
    page.get_by_role("button", name="Save tags").click()
    expect(page.locator("dl.facts")).to_contain_text("reviewed-in-browser")
    stored = requests.get(ui_server.url(f"/api/public/traces/{page.url.split('/traces/')[1].split('?')[0]}"), auth=ui_server.auth, timeout=10).json()
    assert stored["bookmarked"] is True and stored["tags"] == ["reviewed-in-browser", "support"], stored

    page.get_by_role("button", name="Publish").click()
    public_link = page.get_by_role("link", name="Public link").get_attribute("href")
    visitor = browser.new_context()
    try:
        shared = visitor.new_page()
        shared.goto(ui_server.url(public_link))
        expect(shared.get_by_role("heading", level=1)).to_contain_text(name)
        expect(shared.locator("body")).to_contain_text("read-only")
        expect(shared.get_by_role("button", name="Delete trace")).to_have_count(0)
        page.get_by_role("button", name="Unpublish").click()
        expect(page.get_by_role("button", name="Publish")).to_be_visible()
        shared.goto(ui_server.url(public_link))
        expect(shared).to_have_url(re.compile(r"/auth/sign-in"))
    finally:
        visitor.close()

    page.goto(ui_server.url(f"/project/{PROJECT_ID}/traces?column=tags&operator=any+of&value=reviewed-in-browser"))
    expect(page.locator("table.traces tbody tr")).to_have_count(1)
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    exported = Path(download.value.path()).read_text()
    assert name in exported and exported.count("\n") == 2, exported

    page.goto(ui_server.url(f"/project/{PROJECT_ID}/traces/{doomed}"))
    page.get_by_role("button", name="Delete trace").click()
    expect(page).to_have_url(ui_server.url(f"/project/{PROJECT_ID}/traces"))
    gone = requests.get(ui_server.url(f"/api/public/traces/{doomed}"), auth=ui_server.auth, timeout=10)
    assert gone.status_code == 404, gone.text
    page.goto(trace_url)
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)


def test_live_mode_peek_columns_and_saved_views(ui_server: LangfarmServer, seeded: dict[str, str], page: Page) -> None:
    sign_in(page, ui_server)
    page.get_by_label("Live").check()
    page.get_by_role("button", name="Apply").click()
    assert "live=1" in page.url
    fresh = f"arrived-live-{seeded['run']}"
    assert ui_server.post_batch([{
        "id": f"env-{fresh}", "type": "trace-create", "timestamp": datetime.now(timezone.utc).isoformat().replace("+00:00", "Z"),
        "body": {"id": fresh, "name": fresh},
    }]).status_code == 207
    # No reload: the page's script swaps in the new rows.
    expect(page.locator("table.traces tbody")).to_contain_text(fresh, timeout=15_000)

    page.keyboard.press("j")
    page.keyboard.press("p")
    peek = page.get_by_role("complementary", name="Peek")
    expect(peek).to_be_visible()
    expect(peek.get_by_role("heading", level=2)).to_have_text(fresh)
    screenshot(page, "traces-peek")
    peek.get_by_role("link", name="Close").click()
    expect(page.get_by_role("complementary", name="Peek")).to_have_count(0)

    page.get_by_text("Columns", exact=True).click()
    page.get_by_label("ID", exact=True).check()
    page.get_by_label("Input", exact=True).uncheck()
    page.get_by_role("button", name="Apply").click()
    headers = page.locator("table.traces thead th")
    expect(headers.filter(has_text="ID")).to_have_count(1)
    expect(headers.filter(has_text="Input")).to_have_count(0)

    page.get_by_label("View name").fill(f"with ids {seeded['run']}")
    page.get_by_role("button", name="Save view").click()
    saved = page.get_by_role("navigation", name="Saved views").get_by_role("link", name=f"with ids {seeded['run']}")
    page.goto(ui_server.url(f"/project/{PROJECT_ID}/traces"))
    expect(page.locator("table.traces thead th").filter(has_text="Input")).to_have_count(1)
    saved.click()
    expect(page.locator("table.traces thead th").filter(has_text="ID")).to_have_count(1)
    expect(page.locator("table.traces thead th").filter(has_text="Input")).to_have_count(0)
