"""What the access log cannot read from a request's URL, left on the request by the view that knows it.

logboek.middleware writes one entry per request that delivered or changed case data. The apps below it may not
import it, so a view that knows more than its URL says leaves a note here: which personal link or phone was used
(the URL holds only the token), which traject a new one is, what a beheerder changed.
"""

from dataclasses import dataclass


@dataclass
class Toegangsnotitie:
    traject: object = None  # a kwesties Traject: its uuid and organisation go into the entry
    betrokkene: object = None  # whoever in the kring used a personal link or a phone
    link: object = None  # the PersoonlijkeLink used
    telefoon: bool = False  # a phone that joined with the room's QR code
    geweigerd: str = ""  # why a personal link opened nothing: "ingetrokken", "verlopen", ...
    detail: str = ""  # what was changed, in a few words (stored in Dutch)


def noteer_toegang(request, **velden):
    """Add to the request's note for the access log; later calls fill in what earlier ones left open."""
    notitie = getattr(request, "logboek_notitie", None) or Toegangsnotitie()
    for naam, waarde in velden.items():
        if not hasattr(Toegangsnotitie, naam):
            raise TypeError(f"noteer_toegang() kent {naam!r} niet")
        setattr(notitie, naam, waarde)
    request.logboek_notitie = notitie
    return notitie
