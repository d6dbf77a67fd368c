# cell: basic_tokenize
# why: deletes control characters but forgets NUL's companion U+FFFD (the replacement character, category So)
def basic_tokenize(text):
    """Clean, normalise and split `text` (a str) into a list of words and punctuation marks (list of str)."""
    cleaned = []
    for ch in text:
        if is_control(ch):
            continue
        cleaned.append(" " if is_whitespace(ch) else ch)
    text = "".join(f" {ch} " if is_cjk(ch) else ch for ch in cleaned)
    text = "".join(ch.lower() for ch in strip_accents(text))
    return [piece for word in text.split() for piece in split_punctuation(word)]
