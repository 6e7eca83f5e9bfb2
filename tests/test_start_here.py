"""A new reader finds the study tools (issue 23): the home page's "Start here" plans three days and
three weeks with the Review page, the Mock interview, the cheat sheets and the decks; every link to
an Anki deck says what opens it, how, and that its progress is Anki's own."""

from __future__ import annotations

from bs4 import BeautifulSoup

from outputs import decks


def soup_of(path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_the_home_page_starts_with_a_plan_for_three_days_and_three_weeks(built_site):
    home = soup_of(built_site.dir / "index.html")
    heading = home.select_one("article h2#start-here")
    assert heading and heading.find_previous("h2") is None, "Start here is the home page's first section"
    section = heading.find_next_sibling("ul")
    text = " ".join(section.get_text(" ").split())
    assert "three days" in text and "three weeks" in text
    links = {a["href"] for a in section.select("a[href]")}
    assert {"review/", "mock-interview/", "cheat-sheets/", "summary/"} <= links, links
    assert "AnkiDroid" in text and "AnkiMobile" in text


def test_every_deck_link_comes_with_how_to_open_it(built_site):
    pages = 0
    for path in built_site.pages():
        soup = soup_of(path)
        for link in soup.select('a[href$=".apkg"]'):
            paragraph = link.find_parent("p")
            around = paragraph.get_text(" ") + " " + (paragraph.find_next_sibling("p") or paragraph).get_text(" ")
            around = " ".join(around.split())
            where = path.relative_to(built_site.dir)
            for needed in ("Anki on a computer (File > Import)", "AnkiDroid", "AnkiMobile", "own progress"):
                assert needed in around, f"{where}: a deck link without {needed!r} beside it"
            pages += 1
    assert pages > 20  # the study bar on every topic page, and the cheat-sheet index
    assert "File &gt; Import" in decks.HELP
