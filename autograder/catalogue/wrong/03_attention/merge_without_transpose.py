# cell: BertSelfAttention
# why: heads merged with reshape(B, T, H) without transposing [B, heads, T, d] back to [B, T, heads, d] first
class BertSelfAttention(nn.Module):
    """Multi-head self-attention: [B, T, H] -> (context [B, T, H], probs [B, heads, T, T])."""

    def __init__(self, config):
        super().__init__()
        if config.hidden_size % config.num_attention_heads != 0:
            raise ValueError("hidden_size must be divisible by num_attention_heads")
        self.num_attention_heads = config.num_attention_heads
        self.attention_head_size = config.hidden_size // config.num_attention_heads
        self.query = nn.Linear(config.hidden_size, config.hidden_size)
        self.key = nn.Linear(config.hidden_size, config.hidden_size)
        self.value = nn.Linear(config.hidden_size, config.hidden_size)
        self.dropout = nn.Dropout(config.attention_probs_dropout_prob)

    def forward(self, hidden_states, attention_mask=None, output_attentions=True):
        batch_size, seq_len, hidden_size = hidden_states.shape
        heads, d = self.num_attention_heads, self.attention_head_size

        def split_heads(x):
            return x.view(batch_size, seq_len, heads, d).transpose(1, 2)  # [B, heads, T, d]

        query = split_heads(self.query(hidden_states))
        key = split_heads(self.key(hidden_states))
        value = split_heads(self.value(hidden_states))
        if output_attentions:
            context, probs = scaled_dot_product_attention(query, key, value, attention_mask, dropout=self.dropout)
        else:  # the fused kernel, the same mistake around it
            mask = None if attention_mask is None else (1.0 - attention_mask[:, None, None, :].to(query.dtype)) * torch.finfo(query.dtype).min
            context = torch.nn.functional.scaled_dot_product_attention(query, key, value, attn_mask=mask, dropout_p=self.dropout.p if self.training else 0.0)
            probs = None
        context = context.reshape(batch_size, seq_len, hidden_size)
        return context, probs
