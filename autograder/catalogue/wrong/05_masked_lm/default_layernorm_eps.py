# cell: BertPredictionHeadTransform
# why: LayerNorm built with PyTorch's default eps (1e-5) instead of config.layer_norm_eps
class BertPredictionHeadTransform(nn.Module):
    """[..., H] -> dense -> GELU -> LayerNorm -> [..., H]: the last step before the vocabulary scores."""

    def __init__(self, config):
        super().__init__()
        self.dense = nn.Linear(config.hidden_size, config.hidden_size)
        self.transform_act_fn = nn.GELU()
        self.LayerNorm = nn.LayerNorm(config.hidden_size)

    def forward(self, hidden_states):
        hidden_states = self.transform_act_fn(self.dense(hidden_states))
        return self.LayerNorm(hidden_states)
