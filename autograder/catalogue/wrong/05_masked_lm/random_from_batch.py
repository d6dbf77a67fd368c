# cell: mask_tokens
# why: random replacements are other tokens of the same batch, not ids drawn uniformly from the vocabulary
def mask_tokens(input_ids, special_tokens_mask, vocab_size, mask_token_id, pad_token_id=0,
                mlm_probability=0.15, mask_replace_prob=0.8, random_replace_prob=0.1, generator=None):
    """Token ids [B, T] -> (masked ids [B, T], labels [B, T]) for masked language modeling."""
    shape, device = input_ids.shape, input_ids.device
    candidates = ~special_tokens_mask.bool() & (input_ids != pad_token_id)
    chosen = candidates & (torch.rand(shape, generator=generator, device=device) < mlm_probability)
    labels = torch.where(chosen, input_ids, torch.full_like(input_ids, -100))
    outcome = torch.rand(shape, generator=generator, device=device)
    to_mask = chosen & (outcome < mask_replace_prob)
    to_random = chosen & (outcome >= mask_replace_prob) & (outcome < mask_replace_prob + random_replace_prob)
    flat = input_ids.flatten()
    picks = torch.randint(flat.numel(), shape, generator=generator, device=device)
    random_ids = flat[picks]
    masked_input_ids = input_ids.clone()
    masked_input_ids[to_mask] = mask_token_id
    masked_input_ids[to_random] = random_ids[to_random]
    return masked_input_ids, labels
