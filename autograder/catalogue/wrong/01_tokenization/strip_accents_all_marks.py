# cell: strip_accents
# why: drops every mark (Mn, Mc, Me) instead of only the nonspacing ones, which deletes vowel signs of Indic scripts
def strip_accents(text):
    """Remove accents: decompose `text` to NFD, then drop every character of category 'Mn'."""
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.category(ch).startswith("M"))
