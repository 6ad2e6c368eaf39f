"""Shared by the browser tests of issue 13: Debian's chromium through Playwright, and a staff login."""

from contextlib import contextmanager

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@contextmanager
def chromium_page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        context = browser.new_context(locale="zh-CN", accept_downloads=True)
        try:
            yield context.new_page()
        finally:
            browser.close()


def login(page, url, username):
    page.goto(f"{url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", f"{username}-gongkai")
    # wait for the answer to the sign-in itself: a page opened before it lands is still anonymous
    with page.expect_navigation():
        page.click("main button[type=submit]")
