# cell: BertAttention
# why: passes the context as the residual (self.output(context, context)) instead of the block input
class BertAttention(nn.Module):
    """Self-attention + output projection with residual and LayerNorm: [B, T, H] -> ([B, T, H], [B, heads, T, T])."""

    def __init__(self, config):
        super().__init__()
        self.self = BertSelfAttention(config)
        self.output = BertSelfOutput(config)

    def forward(self, hidden_states, attention_mask=None, output_attentions=True):
        context, probs = self.self(hidden_states, attention_mask, output_attentions)
        return self.output(context, context), probs
