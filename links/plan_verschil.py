"""What changed between two versions of a vastgesteld plan, read from their snapshots (plan.inhoud).

Pure: two dicts in, a Verschil out. Agreements are matched by their titel, because a revision
brings every old agreement back as a proposal with the same titel.
"""

from dataclasses import dataclass, field

# What may change in an agreement that stays in the plan, in the order a reader expects.
VELDEN = ("wat", "wie", "wanneer", "hoe_weten")


@dataclass
class Verschil:
    nieuw: list = field(default_factory=list)  # agreements (dicts from the newer snapshot)
    veranderd: list = field(default_factory=list)  # (agreement from the newer snapshot, [changed field names])
    weg: list = field(default_factory=list)  # agreements (dicts from the older snapshot)
    evaluatie: tuple | None = None  # (old date, new date) as ISO strings or None, when it moved

    def __bool__(self):
        return bool(self.nieuw or self.veranderd or self.weg or self.evaluatie)


def _waarde(afspraak, veld):
    waarde = afspraak.get(veld)
    if veld == "wie":
        # The order of names is no change.
        return sorted(waarde or [])
    return (waarde or "").strip()


def _per_titel(afspraken):
    groepen = {}
    for a in afspraken:
        groepen.setdefault(a.get("titel", ""), []).append(a)
    return groepen


def verschil(oud, nieuw):
    """What is new, changed or gone in `nieuw` compared with `oud` (both plan.inhoud dicts)."""
    uitkomst = Verschil()
    oude = _per_titel((oud or {}).get("afspraken", []))
    for titel, nieuwe in _per_titel((nieuw or {}).get("afspraken", [])).items():
        eerder = oude.pop(titel, [])
        # Two agreements with one titel: pair them in order, what is left over is new or gone.
        for i, a in enumerate(nieuwe):
            if i >= len(eerder):
                uitkomst.nieuw.append(a)
                continue
            velden = [v for v in VELDEN if _waarde(a, v) != _waarde(eerder[i], v)]
            if velden:
                uitkomst.veranderd.append((a, velden))
        uitkomst.weg.extend(eerder[len(nieuwe):])
    for rest in oude.values():
        uitkomst.weg.extend(rest)
    was = ((oud or {}).get("vervolg") or {}).get("evaluatie_op")
    wordt = ((nieuw or {}).get("vervolg") or {}).get("evaluatie_op")
    if was != wordt:
        uitkomst.evaluatie = (was, wordt)
    return uitkomst
