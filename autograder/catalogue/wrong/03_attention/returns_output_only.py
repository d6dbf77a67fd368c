# cell: BertAttention
# why: returns only the attention output instead of the tuple (attention_output, probs)
class BertAttention(nn.Module):
    """Self-attention + output projection with residual and LayerNorm: [B, T, H] -> ([B, T, H], [B, heads, T, T])."""

    def __init__(self, config):
        super().__init__()
        self.self = BertSelfAttention(config)
        self.output = BertSelfOutput(config)

    def forward(self, hidden_states, attention_mask=None, output_attentions=True):
        context, probs = self.self(hidden_states, attention_mask, output_attentions)
        return self.output(context, hidden_states)
