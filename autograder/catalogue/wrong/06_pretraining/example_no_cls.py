# cell: build_pretraining_example
# why: the sequence does not start with [CLS] (A [SEP] B [SEP]), so the NSP head has no [CLS] to read
def build_pretraining_example(ids_a, ids_b, is_next, max_length, cls_token_id, sep_token_id):
    """Two segments of token ids -> {"input_ids", "token_type_ids", "next_sentence_label"} within max_length."""
    if max_length < 3:
        raise ValueError("max_length < 3")
    ids_a, ids_b = truncate_pair(ids_a, ids_b, max_length - 2)
    input_ids = ids_a + [sep_token_id] + ids_b + [sep_token_id]
    token_type_ids = [0] * (len(ids_a) + 1) + [1] * (len(ids_b) + 1)
    return {"input_ids": input_ids, "token_type_ids": token_type_ids, "next_sentence_label": 0 if is_next else 1}
