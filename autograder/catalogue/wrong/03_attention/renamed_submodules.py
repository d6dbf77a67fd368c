# cell: BertAttention
# why: submodules named attention/dense_block instead of self/output, so the checkpoint cannot load
class BertAttention(nn.Module):
    """Self-attention + output projection with residual and LayerNorm: [B, T, H] -> ([B, T, H], [B, heads, T, T])."""

    def __init__(self, config):
        super().__init__()
        self.attention = BertSelfAttention(config)
        self.dense_block = BertSelfOutput(config)

    def forward(self, hidden_states, attention_mask=None, output_attentions=True):
        context, probs = self.attention(hidden_states, attention_mask, output_attentions)
        return self.dense_block(context, hidden_states), probs
