# cell: BertIntermediate
# why: the sigmoid approximation of GELU, x * sigmoid(1.702 x), instead of the exact form
class BertIntermediate(nn.Module):
    """The widening half of the feed-forward network: [B, T, H] -> GELU(dense) -> [B, T, I]."""

    def __init__(self, config):
        super().__init__()
        self.dense = nn.Linear(config.hidden_size, config.intermediate_size)

    def forward(self, hidden_states):
        hidden_states = self.dense(hidden_states)
        return hidden_states * torch.sigmoid(1.702 * hidden_states)
