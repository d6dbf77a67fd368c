# cell: BertSelfOutput
# why: LayerNorm applied before the residual sum: LayerNorm(dropout(dense(x))) + input_tensor
class BertSelfOutput(nn.Module):
    """LayerNorm(dropout(dense(hidden_states)) + input_tensor), all [B, T, H]."""

    def __init__(self, config):
        super().__init__()
        self.dense = nn.Linear(config.hidden_size, config.hidden_size)
        self.LayerNorm = nn.LayerNorm(config.hidden_size, eps=config.layer_norm_eps)
        self.dropout = nn.Dropout(config.hidden_dropout_prob)

    def forward(self, hidden_states, input_tensor):
        return self.LayerNorm(self.dropout(self.dense(hidden_states))) + input_tensor
