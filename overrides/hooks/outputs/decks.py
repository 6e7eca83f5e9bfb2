"""Where the Anki decks are and what to tell a reader about them: the hook anki.py writes the decks,
and the study bar (study.py) and the cheat-sheet index (cheat_sheets.py) link to them."""

ANKI_DIR = "anki"
GUIDE_DECK = "kubernetes-networking"

# Shown next to every link to a deck (study bar, cheat-sheet index): what opens it, how, and that its
# progress is not this site's. HTML, one sentence pair.
HELP = ("Open a deck with Anki on a computer (File &gt; Import) or, on a phone, open the downloaded "
        "file with AnkiDroid (Android) or AnkiMobile (iPhone, iPad). Anki keeps its own progress, "
        "separate from this site's.")
