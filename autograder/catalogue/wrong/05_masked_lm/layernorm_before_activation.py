# cell: BertPredictionHeadTransform
# why: LayerNorm applied before the activation instead of after it
class BertPredictionHeadTransform(nn.Module):
    """[..., H] -> dense -> GELU -> LayerNorm -> [..., H]: the last step before the vocabulary scores."""

    def __init__(self, config):
        super().__init__()
        self.dense = nn.Linear(config.hidden_size, config.hidden_size)
        self.transform_act_fn = nn.GELU()
        self.LayerNorm = nn.LayerNorm(config.hidden_size, eps=config.layer_norm_eps)

    def forward(self, hidden_states):
        return self.transform_act_fn(self.LayerNorm(self.dense(hidden_states)))
