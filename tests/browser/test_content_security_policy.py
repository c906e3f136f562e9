"""Every browser test fails when the enforced policy blocks something
(tests/browser/conftest.py); here, that the watch itself sees a violation."""

PROBE = "<!doctype html><title>probe</title><script>document.title = 'ran'</script>"


def test_a_blocked_inline_script_is_reported(phone, live_server, csp_violations):
    page = phone.new_page()
    url = f"{live_server.url}/csp-probe/"
    page.route(
        url,
        lambda route: route.fulfill(
            status=200,
            headers={"Content-Security-Policy": "script-src 'self'"},
            content_type="text/html",
            body=PROBE,
        ),
    )
    page.goto(url)
    page.wait_for_function("() => document.readyState === 'complete'")
    page.evaluate("() => new Promise((done) => setTimeout(done, 100))")

    assert page.title() == "probe"  # the inline script never ran
    caught = csp_violations.take()
    assert any("script-src" in line and "csp-probe" in line for line in caught), caught


def test_the_site_s_own_pages_break_no_rule(phone, live_server, csp_violations):
    page = phone.new_page()
    page.goto(f"{live_server.url}/clubs/")
    page.goto(f"{live_server.url}/accounts/login/")

    assert csp_violations.take() == []
