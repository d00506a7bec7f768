/**
 * The `model.py` that `exportPytorch` writes next to the weights: torch.nn modules with the
 * state-dict names of the tfnlp models (so `load_state_dict(strict=True)` takes the
 * safetensors file as it is) and the same equations, masks and padding rules.
 */

/** Python source of model.py (PyTorch >= 1.13; `safetensors` is used when installed). */
export const MODEL_PY = `"""PyTorch modules for a model exported by tfnlp (exportPytorch).

    import model
    net = model.load("path/to/folder")        # config.json + model.safetensors
    logits = net(input_ids, attention_mask)   # int64 [batch, time] -> [batch, classes]
                                              # (CausalLM: [batch, time, vocab])

The state-dict names and equations are tfnlp's; attention_mask is 1 for real tokens and 0 for
padding (right padding). Training continues like any nn.Module (net.train(), an optimizer).
"""
import json
import math
import os
import struct

import torch
import torch.nn.functional as F
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

ACTIVATIONS = {
    "relu": F.relu,
    "gelu": F.gelu,
    "gelu_tanh": lambda x: F.gelu(x, approximate="tanh"),
    "tanh": torch.tanh,
    "sigmoid": torch.sigmoid,
}


def load_safetensors(path):
    """The tensors of a safetensors file (F32/F16/I32), without the safetensors package."""
    try:
        from safetensors.torch import load_file
        return load_file(path)
    except ImportError:
        pass
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + n])
    dtypes = {"F32": torch.float32, "F16": torch.float16, "I32": torch.int32}
    out = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        start, end = entry["data_offsets"]
        raw = bytearray(data[8 + n + start : 8 + n + end])
        t = torch.frombuffer(raw, dtype=dtypes[entry["dtype"]]) if raw else torch.zeros(0)
        out[name] = t.reshape(entry["shape"]).float()
    return out


def masked_mean(x, mask):
    """x [B, T, D], mask [B, T] (float 0/1) -> [B, D]; an empty row gives zeros."""
    m = mask.unsqueeze(2)
    return (x * m).sum(1) / m.sum(1).clamp_min(1)


def masked_max(x, mask):
    """Max over real tokens; padding gets -1e9, an empty row gives zeros."""
    m = mask.unsqueeze(2)
    return (x + (1 - m) * -1e9).amax(1) * m.sum(1).clamp_max(1)


def embed(embedding, input_ids, padding_idx):
    """Lookups of padding_idx are zeroed (tfnlp's Embedding), whatever its row holds."""
    x = embedding(input_ids)
    if padding_idx is not None:
        x = x * (input_ids != padding_idx).unsqueeze(-1).to(x.dtype)
    return x


class BagClassifier(nn.Module):
    """Embedding -> masked mean -> dropout -> Linear (fastText-style)."""

    def __init__(self, vocabSize, embeddingDim, numClasses, dropout=0.0, **_):
        super().__init__()
        self.embedding = nn.Embedding(vocabSize, embeddingDim)
        self.dropout = nn.Dropout(dropout)
        self.classifier = nn.Linear(embeddingDim, numClasses)

    def forward(self, input_ids, attention_mask):
        mask = attention_mask.float()
        pooled = masked_mean(self.embedding(input_ids), mask)
        return self.classifier(self.dropout(pooled))


class RNNClassifier(nn.Module):
    """Embedding -> (bi)LSTM/GRU/RNN over packed sequences -> pooling -> dropout -> Linear."""

    def __init__(self, vocabSize, embeddingDim, hiddenSize, numClasses, cell="lstm",
                 numLayers=1, bidirectional=False, dropout=0.0, pooling="last",
                 paddingIdx=None, **_):
        super().__init__()
        self.padding_idx = paddingIdx
        self.pooling = pooling
        self.num_directions = 2 if bidirectional else 1
        self.embedding = nn.Embedding(vocabSize, embeddingDim)
        rnn = {"lstm": nn.LSTM, "gru": nn.GRU, "rnn": nn.RNN}[cell]
        self.rnn = rnn(embeddingDim, hiddenSize, num_layers=numLayers, batch_first=True,
                       bidirectional=bidirectional, dropout=dropout if numLayers > 1 else 0.0)
        self.dropout = nn.Dropout(dropout)
        self.classifier = nn.Linear(self.num_directions * hiddenSize, numClasses)

    def forward(self, input_ids, attention_mask):
        mask = attention_mask.float()
        x = self.dropout(embed(self.embedding, input_ids, self.padding_idx))  # [B, T, E]
        lengths = mask.sum(1).long().clamp_min(1).cpu()
        packed = pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
        out, h_n = self.rnn(packed)
        if isinstance(h_n, tuple):
            h_n = h_n[0]  # LSTM: (h_n, c_n)
        output, _ = pad_packed_sequence(out, batch_first=True, total_length=x.shape[1])
        if self.pooling == "last":
            pooled = torch.cat(list(h_n[-self.num_directions:]), dim=1)  # [B, D*H]
        elif self.pooling == "mean":
            pooled = masked_mean(output, mask)
        else:
            pooled = masked_max(output, mask)
        return self.classifier(self.dropout(pooled))


def sinusoidal_table(max_len, d):
    table = torch.zeros(max_len, d, dtype=torch.float64)
    for i in range(0, d, 2):
        angle = torch.arange(max_len, dtype=torch.float64) / 10000 ** (i / d)
        table[:, i] = torch.sin(angle)
        if i + 1 < d:
            table[:, i + 1] = torch.cos(angle)
    return table.float()


class SinusoidalPositions(nn.Module):
    def __init__(self, max_len, d):
        super().__init__()
        self.register_buffer("table", sinusoidal_table(max_len, d), persistent=False)

    def forward(self, x):
        return x + self.table[: x.shape[1]]


class LearnedPositions(nn.Module):
    def __init__(self, max_len, d):
        super().__init__()
        self.weight = nn.Parameter(torch.zeros(max_len, d))

    def forward(self, x):
        return x + self.weight[: x.shape[1]]


class DropPath(nn.Module):
    """Stochastic depth: in training, each example skips the branch with probability p."""

    def __init__(self, p):
        super().__init__()
        self.p = p

    def forward(self, y):
        if not self.training or self.p == 0:
            return y
        keep = (torch.rand(y.shape[0], 1, 1, device=y.device) >= self.p).to(y.dtype)
        return y * keep / (1 - self.p)


class EncoderLayer(nn.Module):
    """nn.TransformerEncoderLayer(batch_first=True)'s names; post-norm, or pre-norm (+ LayerScale)."""

    def __init__(self, dModel, numHeads, dimFeedforward, dropout, activation, normFirst,
                 layerNormEps=1e-5, layerScale=None, dropPath=0.0):
        super().__init__()
        self.self_attn = nn.MultiheadAttention(dModel, numHeads, dropout=dropout, batch_first=True)
        self.linear1 = nn.Linear(dModel, dimFeedforward)
        self.dropout = nn.Dropout(dropout)
        self.linear2 = nn.Linear(dimFeedforward, dModel)
        self.norm1 = nn.LayerNorm(dModel, eps=layerNormEps)
        self.norm2 = nn.LayerNorm(dModel, eps=layerNormEps)
        self.dropout1 = nn.Dropout(dropout)
        self.dropout2 = nn.Dropout(dropout)
        self.norm_first = normFirst
        self.act = ACTIVATIONS[activation]
        self.layer_scale1 = nn.Parameter(torch.full((dModel,), float(layerScale))) if layerScale is not None else None
        self.layer_scale2 = nn.Parameter(torch.full((dModel,), float(layerScale))) if layerScale is not None else None
        self.drop_path = DropPath(dropPath)

    def forward(self, x, padding, attn_mask=None):  # x [B, T, d]; padding [B, T] bool, True = padding
        def sa(y):
            out = self.self_attn(y, y, y, key_padding_mask=padding, attn_mask=attn_mask,
                                 need_weights=False)[0]
            return self.dropout1(out)

        def ff(y):
            return self.dropout2(self.linear2(self.dropout(self.act(self.linear1(y)))))

        def scaled(y, g):
            return self.drop_path(y * g if g is not None else y)

        if self.norm_first:
            x = x + scaled(sa(self.norm1(x)), self.layer_scale1)
            return x + scaled(ff(self.norm2(x)), self.layer_scale2)
        x = self.norm1(x + self.drop_path(sa(x)))
        return self.norm2(x + self.drop_path(ff(x)))


class Encoder(nn.Module):
    def __init__(self, num_layers, final_norm, final_eps, **layer):
        super().__init__()
        self.layers = nn.ModuleList([EncoderLayer(**layer) for _ in range(num_layers)])
        self.norm = nn.LayerNorm(layer["dModel"], eps=final_eps) if final_norm else None


class TfIdfPooling(nn.Module):
    """Sublinear TF-IDF weighted mean: w = idf[id] (1 + ln c) / c over the row's real tokens."""

    def __init__(self, vocab_size):
        super().__init__()
        self.register_buffer("idf", torch.ones(vocab_size))

    def forward(self, x, input_ids, mask):
        same = (input_ids.unsqueeze(2) == input_ids.unsqueeze(1)).float()  # [B, T, T]
        c = (same * mask.unsqueeze(1)).sum(2).clamp_min(1)
        w = self.idf[input_ids] * (1 + torch.log(c)) / c * mask  # [B, T]
        total = w.sum(1, keepdim=True).clamp_min(1e-9)
        return (x * w.unsqueeze(2)).sum(1) / total


class TransformerClassifier(nn.Module):
    """Embedding + positions -> encoder layers -> (final norm) pooling -> dropout -> Linear."""

    def __init__(self, vocabSize, dModel, numHeads, numLayers, numClasses, maxLength,
                 dimFeedforward=None, dropout=0.1, activation="relu",
                 normFirst=False, positional="sinusoidal", scaleEmbeddings=False, pooling="mean",
                 normAfterPooling=False, finalNorm=None, finalNormEps=None, layerScale=None,
                 dropPath=0.0, paddingIdx=None, **_):
        super().__init__()
        max_len = maxLength
        self.d_model = dModel
        self.padding_idx = paddingIdx
        self.scale_embeddings = scaleEmbeddings
        self.pooling_kind = pooling
        self.norm_after_pooling = normAfterPooling
        self.embedding = nn.Embedding(vocabSize, dModel)
        self.positions = (LearnedPositions if positional == "learned" else SinusoidalPositions)(max_len, dModel)
        final_norm = normFirst if finalNorm is None else finalNorm
        self.encoder = Encoder(numLayers, final_norm, finalNormEps if finalNormEps is not None else 1e-5,
                               dModel=dModel, numHeads=numHeads,
                               dimFeedforward=dimFeedforward or 4 * dModel, dropout=dropout,
                               activation=activation, normFirst=normFirst,
                               layerScale=layerScale, dropPath=dropPath)
        self.dropout = nn.Dropout(dropout)
        if pooling == "tfidf":
            self.pooling = TfIdfPooling(vocabSize)
        self.classifier = nn.Linear(dModel, numClasses)

    def forward(self, input_ids, attention_mask):
        mask = attention_mask.float()
        h = embed(self.embedding, input_ids, self.padding_idx)  # [B, T, d]
        if self.scale_embeddings:
            h = h * math.sqrt(self.d_model)
        h = self.dropout(self.positions(h))
        padding = attention_mask == 0
        for layer in self.encoder.layers:
            h = layer(h, padding)
        norm = self.encoder.norm
        if norm is not None and not self.norm_after_pooling:
            h = norm(h)
        if self.pooling_kind == "tfidf":
            pooled = self.pooling(h, input_ids, mask)
        elif self.pooling_kind == "first":
            pooled = h[:, 0]
        elif self.pooling_kind == "max":
            pooled = masked_max(h, mask)
        else:
            pooled = masked_mean(h, mask)
        if norm is not None and self.norm_after_pooling:
            pooled = norm(pooled)
        return self.classifier(self.dropout(pooled))


class CausalLM(nn.Module):
    """GPT-2 layout: wte + wpe -> pre-norm causal blocks h.N -> ln_f -> logits via wte^T (tied) or lm_head."""

    def __init__(self, vocabSize, maxLength, dModel, numHeads, numLayers, dimFeedforward=None,
                 dropout=0.1, activation="gelu_tanh", layerNormEps=1e-5, tieWeights=True, **_):
        super().__init__()
        self.wte = nn.Embedding(vocabSize, dModel)
        self.wpe = nn.Embedding(maxLength, dModel)
        self.drop = nn.Dropout(dropout)
        self.h = nn.ModuleList([
            EncoderLayer(dModel, numHeads, dimFeedforward or 4 * dModel, dropout, activation,
                         normFirst=True, layerNormEps=layerNormEps)
            for _ in range(numLayers)
        ])
        self.ln_f = nn.LayerNorm(dModel, eps=layerNormEps)
        self.lm_head = None if tieWeights else nn.Linear(dModel, vocabSize, bias=False)

    def forward(self, input_ids, attention_mask=None):  # [B, T] -> logits [B, T, vocab]
        T = input_ids.shape[1]
        positions = torch.arange(T, device=input_ids.device)
        h = self.drop(self.wte(input_ids) + self.wpe(positions))  # [B, T, d]
        # True = masked: query t sees keys 0..t (and no padding keys).
        causal = torch.triu(torch.ones(T, T, dtype=torch.bool, device=input_ids.device), 1)
        padding = attention_mask == 0 if attention_mask is not None else None
        for layer in self.h:
            h = layer(h, padding, causal)
        weight = self.lm_head.weight if self.lm_head is not None else self.wte.weight
        return F.linear(self.ln_f(h), weight)


MODEL_TYPES = {
    "BagClassifier": BagClassifier,
    "RNNClassifier": RNNClassifier,
    "TransformerClassifier": TransformerClassifier,
    "CausalLM": CausalLM,
}


def load(folder, strict=True):
    """The model of an exportPytorch folder (config.json + model.safetensors), in eval mode."""
    with open(os.path.join(folder, "config.json"), encoding="utf-8") as f:
        config = json.load(f)
    config = config.get("config", config)  # a tfnlp { format, config } envelope
    if config["type"] not in MODEL_TYPES:
        raise ValueError(f"model.py has no module for {config['type']}")
    model = MODEL_TYPES[config["type"]](**config["options"])
    model.load_state_dict(load_safetensors(os.path.join(folder, "model.safetensors")), strict=strict)
    return model.eval()
`;
