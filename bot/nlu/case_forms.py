"""Case forms of country names in the EU languages that decline them with no preposition.

Finnish, Estonian, Hungarian, Latvian and Lithuanian put the place in a case ending: "Saksassa"
(in Germany, Finnish "Saksa"), "Saksamaal" (Estonian "Saksamaa"), "Romániában" (Hungarian
"Románia"), "Vācijas" (Latvian "Vācija"), "Vokietijoje" (Lithuanian "Vokietija"). A word is a
case form of a one-word name when it is one of the name's stems plus one of the language's
endings (:data:`CASE_ENDINGS`, from the languages' grammars: locative, elative, illative,
adessive, genitive...); the stems are the name itself and the regular changes before an ending
(:func:`case_stems`: Finnish "Suomi" -> "Suome-", consonant gradation "Kreikka" -> "Kreika-",
Latvian and Lithuanian drop the nominative ending). :mod:`bot.nlu.places` applies it to the
country names in messages of those languages.
"""

from __future__ import annotations

#: Shortest name that takes case endings (folded letters).
MIN_NAME = 4

#: Case endings (folded) of the EU languages that decline a name with no preposition before it:
#: Finnish "Saksassa", Estonian "Saksamaal", Hungarian "Romániában", Latvian "Vācijas",
#: Lithuanian "Vokietijoje" (the grammars' locative, elative, illative, adessive, genitive...).
CASE_ENDINGS: dict[str, tuple[str, ...]] = {
    "fi": ("ssa", "sta", "lla", "lta", "lle", "an", "en", "in", "on", "un", "han", "hin", "n", "a", "na", "ksi"),
    "et": ("s", "st", "sse", "l", "lt", "le", "ks", "ga", "ni", "ta", "d"),
    "hu": ("ban", "ben", "ba", "be", "bol", "on", "en", "n", "ra", "re", "rol", "nak", "nek", "tol", "hoz", "hez", "val", "vel", "i"),
    "lv": ("a", "as", "u", "ai", "e", "es", "i", "is"),
    "lt": ("oje", "os", "a", "ai", "eje", "ije", "je", "e", "u", "ose", "uose", "o", "aus", "uje", "ui"),
}  # fmt: skip
#: Hungarian "-i" is the adjective "of" a place ("magyarországi", "debreceni": "of Hungary", "of
#: Debrecen"), which names where the partners or the company are as the case endings do.
#: Lithuanian "-o", "-aus", "-uje", "-ui" are the genitive and locative of "-as" and "-ius" names
#: ("Kauno", "Vilniaus", "Vilniuje"; :func:`case_stems` drops the nominative ending).
#: Finnish consonant gradation before a case ending ("Kreikka" -> "Kreikassa", "Itävalta" ->
#: "Itävallassa", "Irlanti" -> "Irlannissa"; towns: "Helsinki" -> "Helsingissä", "Turku" ->
#: "Turussa", "Lahti" -> "Lahdessa").
_FI_GRADATION = (("kk", "k"), ("tt", "t"), ("pp", "p"), ("lt", "ll"), ("nt", "nn"), ("rt", "rr"), ("mp", "mm"), ("nk", "ng"), ("rk", "r"), ("ht", "hd"))  # fmt: skip


def case_stems(name: str, language: str) -> set[str]:
    """The stems a one-word name (folded) takes before a case ending of ``language``."""
    stems = {name}
    if language in ("lv", "lt") and name[-1:] in "aeis":
        stems.add(name[:-1])  # Vācija -> Vācij-as, Vokietija -> Vokietij-oje, Kipras -> Kipr-e
    if language == "lt" and name.endswith("ai"):
        stems.add(name[:-2])  # Nyderlandai -> Nyderland-uose
    if language == "lt" and name.endswith("as"):
        stems.add(name[:-2])  # Kaunas -> Kaun-e, Kaun-o
    if language == "lt" and name.endswith("ius"):
        stems.add(name[:-2])  # Vilnius -> Vilni-aus, Vilni-uje
    if language in ("fi", "et") and name[-1:] not in "aeiouy":
        stems.add(name + "i")  # Portugal -> Portugali-ssa
    if language == "et" and name[-1:] not in "aeiouy":
        stems.add(name + "a")  # Tallinn -> Tallinna-s
    if language == "fi":
        if name.endswith("i"):
            stems.add(name[:-1] + "e")  # Suomi -> Suome-ssa
        if name.endswith("e"):
            stems.add(name + "e")  # Tampere -> Tamperee-lla
        if name.endswith("at"):
            stems.add(name[:-2] + "i")  # Alankomaat -> Alankomai-ssa
        if name.endswith("s"):
            stems.add(name[:-1] + "kse")  # Kypros -> Kyprokse-lla
        for stem in list(stems):
            for strong, weak in _FI_GRADATION:
                at = stem.rfind(strong)
                if at >= len(stem) - 4 and at > 0:
                    stems.add(stem[:at] + weak + stem[at + len(strong) :])
    return stems


def case_form(word: str, name: str, language: str | None) -> bool:
    """Whether ``word`` is the one-word name ``name`` with a case ending of ``language``
    (both folded): "saksassa" of "saksa" in Finnish, "vacijas" of "vacija" in Latvian."""
    endings = CASE_ENDINGS.get(language or "")
    if not endings or len(name) < MIN_NAME or len(word) <= len(name) - 2:
        return False
    for stem in case_stems(name, language or ""):
        if word.startswith(stem) and word[len(stem) :] in endings:
            return True
    return False
