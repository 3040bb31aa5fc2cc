from tests.conftest import PASSWORD

from .conftest import check_page, login


def test_the_login_and_overview_pages_are_accessible(page, alice, traject):
    page.goto("/inloggen/")
    check_page(page, "login")
    login(page, "alice@example.org", PASSWORD)
    assert page.get_by_role("link", name="Familie J.").is_visible()
    check_page(page, "overzicht")
