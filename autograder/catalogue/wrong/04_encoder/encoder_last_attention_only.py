# cell: BertEncoder
# why: keeps only the last layer's attention probabilities instead of one per layer
class BertEncoder(nn.Module):
    """num_hidden_layers BertLayers in a row: [B, T, H] -> ([B, T, H], one probs [B, heads, T, T] per layer)."""

    def __init__(self, config):
        super().__init__()
        self.layer = nn.ModuleList([BertLayer(config) for _ in range(config.num_hidden_layers)])

    def forward(self, hidden_states, attention_mask=None, output_attentions=True):
        for layer in self.layer:
            hidden_states, probs = layer(hidden_states, attention_mask, output_attentions)
        return hidden_states, (probs,) if output_attentions else None
