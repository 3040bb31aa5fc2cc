from django.utils import timezone

from kwesties.models import Traject, TrajectRol

from .conftest import assert_login_redirect


def test_it_lists_only_my_trajecten_with_their_phase(alice_client, alice, traject, mallory_traject, org):
    Traject.objects.create(organisatie=org, label="Familie Zonder Mij")
    body = alice_client.get("/trajecten/").content.decode()
    assert "Familie J." in body and "1. Kwestie en kring" in body
    assert "Familie X." not in body and "Familie Zonder Mij" not in body


def test_it_shows_the_phase_moving_on(alice_client, alice, bob, traject):
    traject.kwestie.wijzig(alice, "Wat is ervoor nodig dat het lukt?", "")
    traject.kwestie.vaststellen(alice)
    assert "2. Kaders" in alice_client.get("/trajecten/").content.decode()
    ks = traject.kaderset
    ks.als_geen_veilig_plan, ks.wie_grijpt_in = "De rechter beslist.", "Bob"
    ks.save()
    ks.vaststellen(bob)
    assert "3. Voorbereidende gesprekken" in alice_client.get("/trajecten/").content.decode()


def test_it_searches_by_label(alice_client, alice, org, traject):
    other = Traject.objects.create(organisatie=org, label="Familie Bakker")
    TrajectRol.objects.create(traject=other, user=alice, rol="facilitator")
    body = alice_client.get("/trajecten/?q=bakk").content.decode()
    assert "Familie Bakker" in body and "Familie J." not in body
    assert "Geen trajecten gevonden" in alice_client.get("/trajecten/?q=zzz").content.decode()


def test_search_text_is_escaped(alice_client, traject):
    body = alice_client.get("/trajecten/?q=<script>").content.decode()
    assert "<script>" not in body.split("<main")[1]


def test_it_pages_and_survives_a_bad_page_number(alice_client, alice, org):
    for i in range(30):
        t = Traject.objects.create(organisatie=org, label=f"Familie {i:02d}")
        TrajectRol.objects.create(traject=t, user=alice, rol="facilitator")
    assert "Pagina 1 van 2" in alice_client.get("/trajecten/").content.decode()
    assert alice_client.get("/trajecten/?pagina=999").status_code == 200
    assert alice_client.get("/trajecten/?pagina=abc").status_code == 200


def test_a_traject_where_i_hold_two_roles_is_listed_once(alice_client, alice, traject):
    TrajectRol.objects.create(traject=traject, user=alice, rol="kadersteller")
    body = alice_client.get("/trajecten/").content.decode()
    assert body.count("Familie J.") == 1 and "Pagina 1 van" not in body


def test_trajecten_started_at_the_same_moment_each_appear_on_one_page(alice_client, alice, org):
    # Newest first, then by id: a tie in time cannot move a traject between pages.
    moment = timezone.now()
    for i in range(30):
        t = Traject.objects.create(organisatie=org, label=f"Familie {i:02d}", aangemaakt_op=moment)
        TrajectRol.objects.create(traject=t, user=alice, rol="facilitator")
        TrajectRol.objects.create(traject=t, user=alice, rol="kadersteller")
    bodies = [alice_client.get(f"/trajecten/?pagina={n}").content.decode() for n in (1, 2)]
    for i in range(30):
        assert sum(b.count(f"Familie {i:02d}<") for b in bodies) == 1
    assert "Familie 29<" in bodies[0] and "Familie 00<" in bodies[1]


def test_the_list_uses_a_fixed_number_of_queries(alice_client, alice, org, django_assert_max_num_queries):
    for i in range(25):
        t = Traject.objects.create(organisatie=org, label=f"Familie {i:02d}")
        TrajectRol.objects.create(traject=t, user=alice, rol="facilitator")
    with django_assert_max_num_queries(8):
        assert alice_client.get("/trajecten/").status_code == 200


def test_anonymous_users_are_sent_to_login(client, db):
    assert_login_redirect(client.get("/trajecten/"))
    assert client.get("/").status_code == 302
