# cell: BertForSequenceClassification
# why: from_pretrained keeps PyTorch's default initialisation of the new linear layer
class BertForSequenceClassification(nn.Module):
    """BERT + dropout + linear on the pooled [CLS] vector: ids [B, T] -> SequenceClassifierOutput(loss, [B, C])."""

    def __init__(self, config, num_labels=2):
        super().__init__()
        if num_labels < 2:
            raise ValueError(f"num_labels={num_labels}: a classifier needs at least two classes.")
        self.config = config
        self.num_labels = num_labels
        self.bert = BertModel(config)  # with the pooler
        dropout = config.classifier_dropout if config.classifier_dropout is not None else config.hidden_dropout_prob
        self.dropout = nn.Dropout(dropout)
        self.classifier = nn.Linear(config.hidden_size, num_labels)

    def forward(self, input_ids, attention_mask=None, token_type_ids=None, labels=None):
        pooled = self.bert(input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids).pooler_output  # [B, H]
        logits = self.classifier(self.dropout(pooled))  # [B, C]
        loss = F.cross_entropy(logits, labels) if labels is not None else None  # mean over the batch
        return SequenceClassifierOutput(loss, logits)

    @classmethod
    def from_pretrained(cls, num_labels=2, name=None):
        """The pretrained BERT of the checkpoint with a new classifier (N(0, initializer_range), bias 0), in eval mode."""
        config = load_config(name)
        model = cls(config, num_labels)
        model.bert.load_state_dict(BertModel.from_pretrained(name).state_dict(), strict=True)
        return model.eval()
