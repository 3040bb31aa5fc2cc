"""A large plan on paper: many pages, each with its running header and page number.

The large plan is a realistic snapshot written into a vastgesteld plan (hash and code recomputed with
planinhoud): 40 agreements from only 8 rounds cannot come out of the engine, where each agreement has its own round.
It also writes page 1 of the small and the large PDF as PNG into test-artifacts/, for a person to look at.
"""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from besluitvorming import planinhoud
from besluitvorming.models import Plan
from besluitvorming.pdf import plan_pdf_bytes

from .test_plan_pdf import CONTROLE_URL, assert_staat_erin, paginas

ARTEFACTEN = Path(settings.BASE_DIR) / "test-artifacts"

VOORNAMEN = [
    "Sanne", "Mark", "Ria", "Noor", "Fatima", "Daan", "Henk", "Yasmina", "Joost", "Priya",
    "Willem", "Esra", "Bram", "Lotte", "",  # the last one is hidden for safety
]
RELATIES = [
    "Ouder", "Ouder", "Opa of oma", "Kind", "Leerkracht", "Broer of zus", "Buurman of buurvrouw", "Vriend of vriendin",
    "Trainer of coach", "Hulpverlener", "Ander familielid", "Nieuwe partner", "Gezinsvoogd", "Pleegouder", "",
]
ZIN = (
    "Sinds de scheiding wisselt Noor vaak van huis en weet ze niet altijd waar ze slaapt. "
    "Op school valt op dat ze moe is en haar huiswerk vergeet. "
    "Sanne en Mark willen allebei het beste voor haar, maar praten weinig met elkaar. "
)
LANG_WOORD = "Jeugdbeschermingsmaatregelenoverzichtsdocumentatiebijlagennummering" * 2
LANGE_LINK = "https://www.example.org/een/heel/lange/link/naar/het/schoolrapport/van/noor/2026/bijlage-123456789"


def groot_inhoud(plan):
    kring = [
        {
            "uuid": f"00000000-0000-0000-0000-{i:012d}", "naam": f"{naam} Achternaam{i}" if naam else "",
            "voornaam": naam, "relatie": rel, "afgeschermd": not naam, "is_kind": rel == "Kind",
            "deelname": "vertegenwoordigd" if rel == "Kind" else ("afwezig" if i == 13 else "aanwezig"),
            "namens": "Ria" if rel == "Kind" else "",
        }
        for i, (naam, rel) in enumerate(zip(VOORNAMEN, RELATIES))
    ]
    soorten = ["wettelijk", "financieel", "afspraak", "veiligheid", "anders"]
    kaders = [
        {
            "soort": soorten[i % 5], "tekst": f"Kader {i + 1}: " + ZIN[: 80 + 12 * i],
            "toelichting": "Zo staat het in de beschikking van de rechter." if i % 3 == 0 else "",
            "voldoet": True, "oordeel": f"Oordeel bij kader {i + 1}: het plan regelt dit." if i % 2 else "",
        }
        for i in range(10)
    ]
    afspraken = [
        {
            "titel": f"Afspraak {i + 1}",
            "wat": f"Afspraak {i + 1}: " + ZIN[: 60 + (i * 37) % 200] + (f" Zie {LANGE_LINK}" if i == 0 else ""),
            "wie": [], "wie_namen": [VOORNAMEN[i % 14], VOORNAMEN[(i + 3) % 14]] if i % 4 else ["iemand uit de kring"],
            "wanneer": ["Elke dinsdag", "Elk tweede weekend", "Voor de zomervakantie", "Elke ochtend om 7:30"][i % 4],
            "hoe_weten": ["Fatima ziet het huiswerk terug.", "Sanne en Mark houden een schrift bij.",
                          "Ria belt Bob als het niet lukt."][i % 3],
            "voorstel_versie": 1 + i % 2,
            "aandachtspunten": [{"naam": VOORNAMEN[(i + 5) % 14], "tekst": f"Aandachtspunt bij afspraak {i + 1}."}]
            if i % 3 == 0 else [],
        }
        for i in range(40)
    ]

    def antwoord(ronde, i):
        """Rounds 1, 3, 5 and 7 have a bezwaar (a small minority); in every round someone has a zorg or left early."""
        if i == ronde % 5:
            return "zorg"
        if i == 5 + ronde % 5:
            return "bezwaar" if ronde % 2 == 0 else "geen_bezwaar"
        return "geen_antwoord" if i == 10 + ronde % 4 else "geen_bezwaar"
    rondes = [
        {
            "voorstel": f"Voorstel {r + 1}", "voorstel_nummer": r + 1, "versie": 1 + r % 2,
            "versie_tekst": f"Versie van voorstel {r + 1}: " + ZIN, "nummer": 1 + r % 2, "stil": r % 3 == 0,
            "uitkomst": "afgebroken" if r == 3 else ("kleine_minderheid" if r % 2 == 0 else "consent"),
            "reacties": [
                {
                    "naam": p["voornaam"], "namens": "Ria" if p["relatie"] == "Kind" else "",
                    "antwoord": (a := antwoord(r, i)),
                    "aandachtspunt": f"Zorg van ronde {r + 1}." if a == "zorg" else "",
                    "reden": f"Reden in ronde {r + 1}. {LANG_WOORD}" if a == "bezwaar" else "",
                    "wat_erbij": f"Dit moet erbij in ronde {r + 1}." if a == "bezwaar" else "",
                    "geen_antwoord_reden": "vertrokken" if a == "geen_antwoord" else "",
                }
                for i, p in enumerate(kring)
            ],
        }
        for r in range(8)
    ]
    beschrijving = (LANG_WOORD + " " + "\n\n".join([ZIN * 4] * 7))[:5000]
    return {
        "traject": "Familie J.", "versie": 1, "vastgesteld_op": plan.vastgesteld_op.isoformat(),
        "facilitator": "Alice Jansen",
        "bijeenkomst": {"datum": timezone.localdate().isoformat(), "plaats": "Buurthuis De Linde, Deventer"},
        "kwestie": {"vraag": "Wat is ervoor nodig dat Noor veilig opgroeit, bij mama en bij papa?",
                    "beschrijving": beschrijving},
        "kring": kring, "kaders": kaders,
        "als_geen_veilig_plan": "De rechter beslist over een uithuisplaatsing.",
        "wie_grijpt_in": "Bob de Vries, gezinsvoogd",
        "afspraken": afspraken, "rondes": rondes,
        "vervolg": {"evaluatie_op": timezone.localdate().isoformat(), "wie_houdt_oog": "Ria",
                    "als_niet_nagekomen": "Dan bellen we Bob, de gezinsvoogd."},
    }


@pytest.fixture
def groot_plan(vastgesteld_plan):
    inhoud = groot_inhoud(vastgesteld_plan)
    assert len(inhoud["kwestie"]["beschrijving"]) == 5000
    h = planinhoud.hash_van(inhoud)
    Plan.objects.filter(pk=vastgesteld_plan.pk).update(inhoud=inhoud, inhoud_hash=h, code=planinhoud.code_van(h))
    plan = Plan.objects.get(pk=vastgesteld_plan.pk)
    assert plan.is_ongeschonden
    return plan


def test_a_large_plan_renders_on_many_pages_each_with_header_code_and_page_number(groot_plan):
    # How fast it renders is measured by make bench (bench/README.md), not here.
    data = plan_pdf_bytes(groot_plan, basis_url=CONTROLE_URL)
    pagina_teksten = paginas(data)
    n = len(pagina_teksten)
    assert n >= 10
    for i, pagina in enumerate(pagina_teksten, start=1):
        assert "Familie J. · plan versie 1" in pagina, i
        assert f"Controlecode: {groot_plan.code}" in pagina, i
        assert f"Pagina {i} van {n}" in pagina, i
    alles = "\n".join(pagina_teksten)
    assert_staat_erin(
        alles, "Afspraak 1:", "Afspraak 40:", "Kader 10:", "Voorstel 8: ronde 2", "Aandachtspunt bij afspraak 40.",
        "Reden in ronde 1.", "Dit moet erbij in ronde 1.", "Is eerder weggegaan", "Afgebroken", "Iemand uit de kring",
    )


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is not installed")
def test_page_one_of_the_small_and_the_large_plan_is_written_as_png_for_people_to_look_at(vastgesteld_plan):
    ARTEFACTEN.mkdir(exist_ok=True)
    klein = plan_pdf_bytes(vastgesteld_plan, basis_url=CONTROLE_URL)
    # The large one only after the small one is rendered: groot_inhoud replaces the snapshot.
    inhoud = groot_inhoud(vastgesteld_plan)
    h = planinhoud.hash_van(inhoud)
    Plan.objects.filter(pk=vastgesteld_plan.pk).update(inhoud=inhoud, inhoud_hash=h, code=planinhoud.code_van(h))
    groot = plan_pdf_bytes(Plan.objects.get(pk=vastgesteld_plan.pk), basis_url=CONTROLE_URL)
    for naam, data in (("plan-pdf-klein", klein), ("plan-pdf-groot", groot)):
        pdf = ARTEFACTEN / f"{naam}.pdf"
        pdf.write_bytes(data)
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(ARTEFACTEN / naam)],
            check=True, timeout=60,
        )
        assert (ARTEFACTEN / f"{naam}.png").stat().st_size > 5000
