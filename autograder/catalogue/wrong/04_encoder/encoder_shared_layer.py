# cell: BertEncoder
# why: the same BertLayer object repeated num_hidden_layers times (all layers share one set of weights)
class BertEncoder(nn.Module):
    """num_hidden_layers BertLayers in a row: [B, T, H] -> ([B, T, H], one probs [B, heads, T, T] per layer)."""

    def __init__(self, config):
        super().__init__()
        self.layer = nn.ModuleList([BertLayer(config)] * config.num_hidden_layers)

    def forward(self, hidden_states, attention_mask=None, output_attentions=True):
        attentions = []
        for layer in self.layer:
            hidden_states, probs = layer(hidden_states, attention_mask, output_attentions)
            attentions.append(probs)
        return hidden_states, tuple(attentions) if output_attentions else None
