# cell: strip_accents
# why: composes with NFC instead of decomposing with NFD, so 'é' stays one character and keeps its accent
def strip_accents(text):
    """Remove accents: decompose `text` to NFD, then drop every character of category 'Mn'."""
    composed = unicodedata.normalize("NFC", text)
    return "".join(ch for ch in composed if unicodedata.category(ch) != "Mn")
