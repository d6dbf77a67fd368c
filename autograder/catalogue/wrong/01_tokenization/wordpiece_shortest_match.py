# cell: wordpiece
# why: takes the shortest matching piece at each position instead of the longest
def wordpiece(word, vocab, unk_token="[UNK]", max_chars_per_word=100):
    """Cut `word` into vocabulary pieces, greedy longest match first, '##' on continuation pieces."""
    if len(word) > max_chars_per_word:
        return [unk_token]
    pieces, start = [], 0
    while start < len(word):
        for end in range(start + 1, len(word) + 1):
            piece = word[start:end] if start == 0 else "##" + word[start:end]
            if piece in vocab:
                break
        else:
            return [unk_token]
        pieces.append(piece)
        start = end
    return pieces
