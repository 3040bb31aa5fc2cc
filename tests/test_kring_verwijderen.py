"""Taking someone out of the kring, and putting them back."""

from django.urls import reverse

from .conftest import assert_login_redirect


def weg_url(b):
    return reverse("kwesties:betrokkene_verwijderen", args=[b.traject.uuid, b.uuid])


def terug_url(b):
    return reverse("kwesties:betrokkene_terugzetten", args=[b.traject.uuid, b.uuid])


def html(response):
    return response.content.decode()


# Removing


def test_it_takes_someone_out_of_the_kring(alice_client, traject, kring):
    mark = kring[1]
    response = alice_client.post(weg_url(mark))
    assert response.status_code == 302
    assert response["Location"] == reverse("kwesties:kring", args=[traject.uuid])
    mark.refresh_from_db()
    assert mark.verwijderd_op is not None
    assert mark not in traject.betrokkenen.in_kring()
    page = html(alice_client.get(response["Location"]))
    assert "Mark Jacobs is uit de kring gehaald. Onder aan de pagina kunt u dit terugzetten." in page
    assert terug_url(mark) in page


def test_it_answers_htmx_with_an_undo_in_place(alice_client, kring):
    mark = kring[1]
    response = alice_client.post(weg_url(mark), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    fragment = html(response).strip()
    assert fragment.startswith(f'<li id="b-{mark.uuid}" class="kring-lid kring-weg">')
    assert f'hx-post="{terug_url(mark)}"' in fragment
    assert "autofocus" in fragment
    assert "<html" not in fragment


def test_it_removes_only_once(alice_client, kring):
    mark = kring[1]
    alice_client.post(weg_url(mark))
    mark.refresh_from_db()
    eerst = mark.verwijderd_op
    alice_client.post(weg_url(mark))
    mark.refresh_from_db()
    assert mark.verwijderd_op == eerst


def test_it_refuses_get_on_remove(alice_client, kring):
    assert alice_client.get(weg_url(kring[1])).status_code == 405
    kring[1].refresh_from_db()
    assert kring[1].verwijderd_op is None


def test_it_forbids_a_kadersteller_to_remove(bob_client, kring):
    assert bob_client.post(weg_url(kring[1])).status_code == 403
    kring[1].refresh_from_db()
    assert kring[1].verwijderd_op is None


def test_it_hides_remove_from_another_organisation(mallory_client, kring):
    assert mallory_client.post(weg_url(kring[1])).status_code == 404
    kring[1].refresh_from_db()
    assert kring[1].verwijderd_op is None


def test_it_sends_anonymous_users_to_login_on_remove(client, kring):
    assert_login_redirect(client.post(weg_url(kring[1])))
    kring[1].refresh_from_db()
    assert kring[1].verwijderd_op is None


# Putting back


def test_it_puts_someone_back_in_the_kring(alice_client, traject, kring):
    mark = kring[1]
    mark.verwijder()
    response = alice_client.post(terug_url(mark))
    assert response.status_code == 302
    mark.refresh_from_db()
    assert mark.verwijderd_op is None
    page = html(alice_client.get(response["Location"]))
    assert "Mark Jacobs staat weer in de kring." in page
    assert "Onlangs uit de kring gehaald" not in page


def test_it_keeps_what_was_known_about_someone_put_back(alice_client, kring):
    sanne, mark = kring[0], kring[1]
    mark.niet_samen_met.add(sanne)
    alice_client.post(weg_url(mark))
    alice_client.post(terug_url(mark))
    assert list(mark.niet_samen_met.all()) == [sanne]


def test_it_answers_htmx_with_the_row_again(alice_client, kring):
    mark = kring[1]
    mark.verwijder()
    response = alice_client.post(terug_url(mark), HTTP_HX_REQUEST="true")
    fragment = html(response).strip()
    assert fragment.startswith(f'<li id="b-{mark.uuid}" class="kring-lid">')
    assert "Uit de kring halen" in fragment
    assert "Mark Jacobs staat weer in de kring." in fragment


def test_it_refuses_get_on_undo(alice_client, kring):
    kring[1].verwijder()
    assert alice_client.get(terug_url(kring[1])).status_code == 405


def test_it_forbids_a_kadersteller_to_put_back(bob_client, kring):
    kring[1].verwijder()
    assert bob_client.post(terug_url(kring[1])).status_code == 403
    kring[1].refresh_from_db()
    assert kring[1].verwijderd_op is not None


def test_it_hides_undo_from_another_organisation(mallory_client, kring):
    kring[1].verwijder()
    assert mallory_client.post(terug_url(kring[1])).status_code == 404


def test_it_sends_anonymous_users_to_login_on_undo(client, kring):
    kring[1].verwijder()
    assert_login_redirect(client.post(terug_url(kring[1])))
