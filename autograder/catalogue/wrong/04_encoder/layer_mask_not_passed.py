# cell: BertLayer
# why: the padding mask is not passed to the attention block, so real tokens attend to padding
class BertLayer(nn.Module):
    """One encoder layer: [B, T, H] -> attention -> feed-forward -> ([B, T, H], probs [B, heads, T, T])."""

    def __init__(self, config):
        super().__init__()
        self.attention = BertAttention(config)
        self.intermediate = BertIntermediate(config)
        self.output = BertOutput(config)

    def forward(self, hidden_states, attention_mask=None, output_attentions=True):
        attention_output, probs = self.attention(hidden_states, output_attentions=output_attentions)
        layer_output = self.output(self.intermediate(attention_output), attention_output)
        return layer_output, probs
