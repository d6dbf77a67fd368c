# cell: BertOutput
# why: dropout applied last, after the LayerNorm, instead of on dense's output before the residual
class BertOutput(nn.Module):
    """The narrowing half: LayerNorm(dropout(dense(hidden_states [B, T, I])) + input_tensor [B, T, H])."""

    def __init__(self, config):
        super().__init__()
        self.dense = nn.Linear(config.intermediate_size, config.hidden_size)
        self.LayerNorm = nn.LayerNorm(config.hidden_size, eps=config.layer_norm_eps)
        self.dropout = nn.Dropout(config.hidden_dropout_prob)

    def forward(self, hidden_states, input_tensor):
        return self.dropout(self.LayerNorm(self.dense(hidden_states) + input_tensor))
