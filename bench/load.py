"""The load generator of `make bench`: asyncio + aiohttp clients that behave like the app's users.

Each client has its own cookie jar and one keep-alive connection, as a browser tab or phone has. Latency is
measured per request from the moment it is sent to the moment its whole body has arrived.
"""

import asyncio
import random
import re
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

import aiohttp

SINDS = re.compile(r"sinds=([-0-9.]+)")
POLL_URL = re.compile(r'id="flap" class="flap" hx-get="([^"]+)"')
CSRF_COOKIE = "csrftoken"
CSRF_TOKEN = "benchcsrftokenbenchcsrftoken0123"  # 32 characters: a valid unmasked secret


def percentile(values, p):
    if not values:
        return None
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


@dataclass
class Stats:
    """Latencies in milliseconds per path name, and every unexpected answer."""

    started: float = field(default_factory=time.perf_counter)
    latencies: dict = field(default_factory=lambda: defaultdict(list))
    errors: dict = field(default_factory=lambda: defaultdict(int))
    error_samples: list = field(default_factory=list)
    elapsed: float = 0.0
    # Before this moment (perf_counter) nothing is counted: screens are still opening their pages.
    record_from: float = 0.0

    def add(self, name, ms):
        if time.perf_counter() >= self.record_from:
            self.latencies[name].append(ms)

    def error(self, name, what):
        if time.perf_counter() < self.record_from:
            name = f"{name} (while opening)"
        self.errors[name] += 1
        if len(self.error_samples) < 20:
            self.error_samples.append(f"{name}: {what}")

    def stop(self):
        self.elapsed = time.perf_counter() - max(self.started, self.record_from)

    def summary(self):
        rows = {}
        for name in sorted(set(self.latencies) | set(self.errors)):
            values = self.latencies.get(name, [])
            rows[name] = {
                "requests": len(values),
                "errors": self.errors.get(name, 0),
                "p50_ms": _round(percentile(values, 50)),
                "p95_ms": _round(percentile(values, 95)),
                "p99_ms": _round(percentile(values, 99)),
                "max_ms": _round(max(values) if values else None),
                "per_second": round(len(values) / self.elapsed, 1) if self.elapsed else None,
            }
        return rows


def _round(v):
    return None if v is None else round(v, 2)


class Client:
    """One browser or phone: its own cookies and one keep-alive connection to the server."""

    def __init__(self, base, stats, session_cookie=None):
        self.base = base
        self.stats = stats
        jar = aiohttp.CookieJar(unsafe=True)
        cookies = {CSRF_COOKIE: CSRF_TOKEN}
        if session_cookie:
            cookies["sessionid"] = session_cookie
        jar.update_cookies(cookies)
        self.session = aiohttp.ClientSession(
            cookie_jar=jar,
            connector=aiohttp.TCPConnector(limit=1, force_close=False),
            timeout=aiohttp.ClientTimeout(total=30),
        )

    async def close(self):
        await self.session.close()

    async def request(self, name, method, path, expect=(200,), htmx=False, data=None):
        """(status, body, headers), or (None, '', {}) after a connection error; timing and errors go to stats."""
        headers = {"X-CSRFToken": CSRF_TOKEN} if method == "POST" else {}
        if htmx:
            headers["HX-Request"] = "true"
        t0 = time.perf_counter()
        try:
            async with self.session.request(
                method, self.base + path, headers=headers, data=data, allow_redirects=False
            ) as response:
                body = await response.read()
                ms = (time.perf_counter() - t0) * 1000
                status, response_headers = response.status, response.headers
        except (aiohttp.ClientError, asyncio.TimeoutError) as e:
            self.stats.error(name, f"{type(e).__name__} {e}"[:200])
            return None, "", {}
        self.stats.add(name, ms)
        if status not in expect:
            self.stats.error(name, f"HTTP {status} for {method} {path[:80]}")
        return status, body.decode("utf-8", "replace"), response_headers


async def every(interval, until, action):
    """Call action() every `interval` seconds (first after a random part of it) until the clock passes `until`.

    An action that took longer than the interval (a phone showing a form) is followed by a full interval, as
    htmx starts a poll anew on the page it swapped in, never by a burst of polls to catch up.
    """
    loop = asyncio.get_running_loop()
    await asyncio.sleep(random.uniform(0, interval))
    next_at = loop.time()
    while loop.time() < until:
        await action()
        next_at += interval
        if next_at < loop.time():  # the action overran: a new interval from now
            next_at = loop.time() + interval
        await asyncio.sleep(max(0.0, next_at - loop.time()))


# --- The repeating request of the room's screen and of a waiting phone -----------------------------------------

async def flap_poller(client, traject, interval, until, name="flap poll", ramp=0):
    """The room's screen: GET the poll URL its page gave it (sinds=N and a signed ticket) every second."""
    state = {"url": f"/trajecten/{traject}/bijeenkomst/flap/stand/?sinds=0"}
    await asyncio.sleep(random.uniform(0, ramp))

    def follow(body):
        if (m := POLL_URL.search(body)):
            state["url"] = m.group(1).replace("&amp;", "&")

    status, body, _h = await client.request("flap page", "GET", f"/trajecten/{traject}/bijeenkomst/flap/")
    if status == 200:
        follow(body)

    async def poll():
        status, body, _h = await client.request(name, "GET", state["url"], expect=(200, 204), htmx=True)
        if status == 200:
            follow(body)

    await every(interval, until, poll)


async def bare_poller(client, interval, until, name="bare view"):
    async def poll():
        await client.request(name, "GET", "/gezond/")

    await every(interval, until, poll)


class Round:
    """What one meeting's facilitator and phones share in the load: the open round, and who answered by phone."""

    def __init__(self):
        self.uuid = None
        self.phone_answered = set()
        self.changed = asyncio.Event()


async def phone(client, token, betrokkene, interval, until, ledger, round_=None, answers=False, name="phone poll",
                ramp=0):
    """A phone on its personal link's answer page, as the page behaves in a browser.

    While it waits it polls every 2 s. A question with a form stops the polling (htmx: the new fragment carries
    no trigger, so nobody loses what they type): a phone that `answers` sends its answer after a few seconds and
    polls again from the page it lands on; one whose owner answers aloud keeps the form until the round is over,
    then its owner opens the page again a few seconds later (as the facilitator asks) and it waits again.
    """
    path = f"/l/{token}/antwoord/"
    state = {"sinds": "-", "vraag": None}
    loop = asyncio.get_running_loop()
    await asyncio.sleep(random.uniform(0, ramp))

    def volg(body):
        if (m := SINDS.search(body)):
            state["sinds"] = m.group(1)
        m = re.search(r'name="ronde" value="([0-9a-f-]{36})"', body)
        state["vraag"] = m.group(1) if m else None

    async def load_page():
        status, body, _h = await client.request("phone page", "GET", path)
        if status == 200:
            volg(body)

    async def answer():
        ronde = state["vraag"]
        await asyncio.sleep(random.uniform(0.5, 3))
        status, _b, headers = await client.request(
            "phone answer (POST)", "POST", path, expect=(302,),
            data={"ronde": ronde, "voor": betrokkene, "antwoord": "geen_bezwaar", "csrfmiddlewaretoken": CSRF_TOKEN},
        )
        if status == 302:
            # The page it lands on says whether the answer was taken.
            status, body, _h = await client.request("phone page", "GET", path)
            if "genoteerd" in body and "al genoteerd" not in body:
                ledger.append((ronde, betrokkene, "geen_bezwaar", "telefoon"))
                if round_ is not None and round_.uuid == ronde:
                    round_.phone_answered.add(betrokkene)
                    round_.changed.set()
            if status == 200:
                volg(body)

    async def form_shown():
        """A form is on the screen: nothing polls until its owner acts."""
        if answers:
            await answer()
            return
        ronde = state["vraag"]
        while loop.time() < until and round_ is not None and round_.uuid == ronde:
            await asyncio.sleep(1)
        await asyncio.sleep(random.uniform(2, 10))
        if loop.time() < until:
            await load_page()

    await load_page()
    while state["vraag"] and loop.time() < until:
        await form_shown()

    async def poll():
        status, body, _h = await client.request(name, "GET", f"{path}?sinds={state['sinds']}", expect=(200, 204),
                                                htmx=True)
        if status == 200:
            volg(body)
            while state["vraag"] and loop.time() < until:
                await form_shown()

    await every(interval, until, poll)


# --- The facilitator running rounds, as in the mixed load ------------------------------------------------------

RONDE_URL = re.compile(r"/bijeenkomst/rondes/([0-9a-f-]{36})/")
PANEEL_POLL = re.compile(r'hx-get="([^"]*/bijeenkomst/rondes/[0-9a-f-]{36}/\?stand=[^"]*)"')


async def round_panel(client, panel, until):
    """The console's round panel while a round is open: it polls every 2 s with the stand it last got.

    Its own connection, as a browser tab uses several; the answers posted from the same tab update its stand
    (the answer's fragment carries the panel's new poll URL out of band), as they do in the browser.
    """
    async def poll():
        if panel.get("url") is None:
            return
        status, body, _h = await client.request("round panel poll", "GET", panel["url"], expect=(200, 204),
                                                htmx=True)
        if status == 200:
            panel_follow(panel, body)

    await every(2, until, poll)


def panel_follow(panel, body):
    if (m := PANEEL_POLL.search(body)):
        panel["url"] = m.group(1).replace("&amp;", "&")


async def facilitator(client, meeting, round_, until, ledger, pace, phone_people, talk=0, panel_client=None):
    """Propose, open a round, record the answers of everyone not on a phone, wait for the phones, close; repeat.

    `pace`: seconds between two answers the facilitator notes; `talk`: seconds of conversation between rounds.
    With `panel_client`, the console's round panel polls while a round is open (round_panel).
    """
    panel = {"url": None}
    poller = None
    if panel_client is not None:
        poller = asyncio.ensure_future(round_panel(panel_client, panel, until))
    try:
        await _facilitator(client, meeting, round_, until, ledger, pace, phone_people, talk, panel, poller is None)
    finally:
        if poller is not None:
            poller.cancel()


async def _facilitator(client, meeting, round_, until, ledger, pace, phone_people, talk, panel, poll_after_answer):
    traject = meeting["traject"]
    base = f"/trajecten/{traject}/bijeenkomst"
    people = meeting["betrokkenen"]
    loop = asyncio.get_running_loop()
    n = 0
    await asyncio.sleep(random.uniform(0, pace * 2 + talk))
    while loop.time() < until - 5:
        n += 1
        status, _b, headers = await client.request(
            "proposal (POST)", "POST", f"{base}/voorstellen/nieuw/", expect=(302,),
            data={"titel": f"Bench-voorstel {n}", "tekst": "Papa haalt de kinderen elke woensdag op van school.",
                  "client_token": str(uuid.uuid4())},
        )
        m = re.search(r"#voorstel-([0-9a-f-]{36})", headers.get("Location", "")) if status == 302 else None
        if not m:
            await asyncio.sleep(pace)
            continue
        status, _b, _h = await client.request(
            "round open (POST)", "POST", f"{base}/voorstellen/{m.group(1)}/ronde/", expect=(302,), data={}
        )
        status, body, _h = await client.request("console", "GET", f"{base}/console/")
        m = RONDE_URL.search(body) if status == 200 else None
        if not m:
            await asyncio.sleep(pace)
            continue
        ronde = m.group(1)
        round_.uuid = ronde
        round_.phone_answered = set()
        panel_follow(panel, body)
        for i, person in enumerate(people):
            if person in phone_people:
                continue
            await asyncio.sleep(pace)
            data = {"antwoord": "geen_bezwaar"}
            if i % 5 == 1:
                data = {"antwoord": "zorg", "aandachtspunt": "Dat de kinderen op tijd hun huiswerk doen."}
            status, body, _h = await client.request(
                "answer (POST)", "POST", f"{base}/rondes/{ronde}/reactie/{person}/", htmx=True, data=data
            )
            if status == 200 and "is genoteerd" in body or status == 200 and "Genoteerd voor" in body:
                ledger.append((ronde, person, data["antwoord"], "begeleider"))
            elif status == 200:
                client.stats.error("answer (POST)", "answer not confirmed")
            if status == 200:
                panel_follow(panel, body)
            if poll_after_answer:
                # Without a panel of its own: one look at the round's panel after each answer.
                await client.request("round panel poll", "GET", f"{base}/rondes/{ronde}/?stand=0", htmx=True)
        # Wait (as a facilitator would) until every phone has answered; then close.
        deadline = loop.time() + 30
        while not set(phone_people) <= round_.phone_answered and loop.time() < deadline:
            round_.changed.clear()
            try:
                await asyncio.wait_for(round_.changed.wait(), timeout=1)
            except asyncio.TimeoutError:
                pass
        if not set(phone_people) <= round_.phone_answered:
            client.stats.error("round close (POST)", "phones did not answer within 30 s")
        panel["url"] = None
        await client.request("round close (POST)", "POST", f"{base}/rondes/{ronde}/sluiten/", expect=(302,), data={})
        round_.uuid = None
        await client.request("console", "GET", f"{base}/console/")
        await asyncio.sleep(min(talk, max(0.0, until - loop.time())))


async def reader(client, name, path, interval, until, expect=(200,)):
    """Someone reading a page now and then."""

    async def read():
        await client.request(name, "GET", path, expect=expect)

    await every(interval, until, read)


async def closed_loop(make_client, name, path, concurrency, seconds, expect=(200,), htmx=False):
    """`concurrency` clients each sending the next request as soon as the last one is answered."""
    stats = Stats()
    clients = [make_client(stats) for _ in range(concurrency)]
    loop = asyncio.get_running_loop()
    until = None

    async def run(client):
        while loop.time() < until:
            await client.request(name, "GET", path, expect=expect, htmx=htmx)

    try:
        # One request each first: connections open and caches warm before the clock counts.
        for c in clients:
            await c.request("warm-up", "GET", path, expect=expect, htmx=htmx)
        stats.latencies.pop("warm-up", None)
        until = loop.time() + seconds
        stats.started = time.perf_counter()
        await asyncio.gather(*(run(c) for c in clients))
    finally:
        stats.stop()
        await asyncio.gather(*(c.close() for c in clients))
    return stats
