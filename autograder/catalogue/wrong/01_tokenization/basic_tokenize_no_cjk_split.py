# cell: basic_tokenize
# why: does not put spaces around Chinese characters, so '我爱你' stays one word instead of three
def basic_tokenize(text):
    """Clean, normalise and split `text` (a str) into a list of words and punctuation marks (list of str)."""
    cleaned = []
    for ch in text:
        if ch == "\x00" or ch == "\ufffd" or is_control(ch):
            continue
        cleaned.append(" " if is_whitespace(ch) else ch)
    text = "".join(ch.lower() for ch in strip_accents("".join(cleaned)))
    return [piece for word in text.split() for piece in split_punctuation(word)]
