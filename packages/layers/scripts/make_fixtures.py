#!/usr/bin/env python3
"""PyTorch reference fixtures for @tfnlp/layers' parity tests.

Run from the repository root with Debian's torch (apt-get install -y python3-torch,
torch 1.13; use /usr/bin/python3, not a pyenv python on PATH):

    /usr/bin/python3 packages/layers/scripts/make_fixtures.py

It builds each torch module with a fixed seed, rounds weights and inputs to float32,
computes outputs and gradients in float64 (so the fixture is the exact answer for the
float32 inputs), and writes packages/layers/fixtures/<name>.json:

    { "params": {torch state-dict name: tensor}, "inputs": {...}, "outputs": {...},
      "grads": {"param:<name>" | "input:<name>": tensor}, "config": {...} }

with every tensor as {"shape": [...], "data": [flat floats]}. Masks are written in the
library's polarity (1 = real token / may attend); PyTorch's key_padding_mask (True =
ignore) is derived from them here. The loss for gradients is sum(output * R) with a fixed
random R per output, stored under "inputs" as "R_<output>".

The script also writes fixtures/rnn_classifier.safetensors (a torch state dict in the
safetensors format, written by hand so no extra package is needed) with its logits in
rnn_classifier_roundtrip.json. `--only lm` rewrites just the language-model fixtures (gpt2_tiny, bert_tiny: tiny twins of
GPT2LMHeadModel and BertForMaskedLM with Hugging Face's module names and layouts).

If `--check-ts-safetensors FILE` is given it instead loads
a file written by the TypeScript saveModel() into the torch twin and prints its logits.
"""

import json
import math
import os
import struct
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "fixtures")
os.makedirs(OUT, exist_ok=True)
torch.set_default_dtype(torch.float64)


def f32(t):
    """Round to float32 values, keep float64 storage."""
    return t.detach().float().double()


def enc(t):
    t = t.detach()
    return {"shape": list(t.shape), "data": [float(v) for v in t.reshape(-1).tolist()]}


def round_params(module):
    with torch.no_grad():
        for p in module.parameters():
            p.copy_(f32(p))


def write(name, obj):
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump(obj, f, separators=(",", ":"))
    print("wrote", name)


def grads_of(module, loss, inputs):
    names = [n for n, _ in module.named_parameters()]
    params = [p for _, p in module.named_parameters()]
    in_names = list(inputs.keys())
    gs = torch.autograd.grad(loss, params + [inputs[k] for k in in_names], allow_unused=True)
    out = {}
    for n, g in zip(names + in_names, gs):
        if g is None:
            continue
        out[("param:" if n in names else "input:") + n] = enc(g)
    return out


def loss_with(outputs, gen):
    """sum(out * R) over all outputs; returns loss and the R tensors."""
    loss = 0.0
    rs = {}
    for k, v in outputs.items():
        r = f32(torch.randn(v.shape, generator=gen))
        rs["R_" + k] = r
        loss = loss + (v * r).sum()
    return loss, rs


def lengths_to_mask(lengths, T):
    return (torch.arange(T)[None, :] < torch.tensor(lengths)[:, None]).double()


# ---------------------------------------------------------------- basic layers
def basic():
    g = torch.Generator().manual_seed(1)
    torch.manual_seed(1)
    lin = nn.Linear(4, 8)
    ln = nn.LayerNorm(8)
    round_params(lin)
    with torch.no_grad():
        ln.weight.copy_(f32(torch.randn(8, generator=g)))
        ln.bias.copy_(f32(torch.randn(8, generator=g)))
    x = f32(torch.randn(2, 5, 4, generator=g)).requires_grad_()
    y = lin(x)
    z = ln(y)
    ge = F.gelu(x)
    gt = F.gelu(x, approximate="tanh")
    outs = {"linear": y, "layernorm": z, "gelu": ge, "gelu_tanh": gt}
    loss, rs = loss_with(outs, g)
    params = {("linear." + k): enc(v) for k, v in lin.state_dict().items()}
    params.update({("norm." + k): enc(v) for k, v in ln.state_dict().items()})
    module = nn.ModuleDict({"linear": lin, "norm": ln})
    grads = grads_of(module, loss, {"x": x})
    # pooling, mask 1 = real
    mask = lengths_to_mask([5, 2], 5)
    m = mask[:, :, None]
    mean = (x * m).sum(1) / m.sum(1)
    mx = (x + (1 - m) * -1e9).max(1).values
    write(
        "basic",
        {
            "params": params,
            "inputs": {"x": enc(x), "mask": enc(mask), **{k: enc(v) for k, v in rs.items()}},
            "outputs": {**{k: enc(v) for k, v in outs.items()}, "mean_pool": enc(mean), "max_pool": enc(mx)},
            "grads": grads,
        },
    )


# ---------------------------------------------------------------- recurrent
def rnn_case(name, kind, seed, input_size, hidden, layers, bidir, lengths, T=5, nonlinearity="tanh", with_h0=False):
    g = torch.Generator().manual_seed(seed)
    torch.manual_seed(seed)
    cls = {"LSTM": nn.LSTM, "GRU": nn.GRU, "RNN": nn.RNN}[kind]
    kw = {"nonlinearity": nonlinearity} if kind == "RNN" else {}
    mod = cls(input_size, hidden, num_layers=layers, bidirectional=bidir, batch_first=True, **kw)
    round_params(mod)
    B = len(lengths)
    D = 2 if bidir else 1
    x = f32(torch.randn(B, T, input_size, generator=g)).requires_grad_()
    hx = None
    inputs = {"x": x}
    if with_h0:
        h0 = f32(torch.randn(layers * D, B, hidden, generator=g)).requires_grad_()
        inputs["h0"] = h0
        if kind == "LSTM":
            c0 = f32(torch.randn(layers * D, B, hidden, generator=g)).requires_grad_()
            inputs["c0"] = c0
            hx = (h0, c0)
        else:
            hx = h0
    masked = any(l != T for l in lengths)
    if masked:
        packed = nn.utils.rnn.pack_padded_sequence(x, torch.tensor(lengths), batch_first=True, enforce_sorted=False)
        out_p, state = mod(packed, hx)
        out, _ = nn.utils.rnn.pad_packed_sequence(out_p, batch_first=True, total_length=T)
    else:
        out, state = mod(x, hx)
    outs = {"output": out}
    if kind == "LSTM":
        outs["hN"], outs["cN"] = state
    else:
        outs["hN"] = state
    loss, rs = loss_with(outs, g)
    grads = grads_of(mod, loss, inputs)
    fx = {
        "config": {"kind": kind, "inputSize": input_size, "hiddenSize": hidden, "numLayers": layers,
                   "bidirectional": bidir, "nonlinearity": nonlinearity, "lengths": lengths, "masked": masked},
        "params": {k: enc(v) for k, v in mod.state_dict().items()},
        "inputs": {**{k: enc(v) for k, v in inputs.items()}, **{k: enc(v) for k, v in rs.items()}},
        "outputs": {k: enc(v) for k, v in outs.items()},
        "grads": grads,
    }
    if masked:
        fx["inputs"]["mask"] = enc(lengths_to_mask(lengths, T))
    write(name, fx)


# ---------------------------------------------------------------- attention
def mha_case():
    g = torch.Generator().manual_seed(7)
    torch.manual_seed(7)
    d, h, B, Tq, Tk = 8, 2, 2, 3, 4
    mha = nn.MultiheadAttention(d, h, batch_first=True)
    round_params(mha)
    with torch.no_grad():  # non-zero biases, so they are tested too
        mha.in_proj_bias.copy_(f32(torch.randn(3 * d, generator=g) * 0.1))
        mha.out_proj.bias.copy_(f32(torch.randn(d, generator=g) * 0.1))
    x = f32(torch.randn(B, Tk, d, generator=g)).requires_grad_()
    q = f32(torch.randn(B, Tq, d, generator=g)).requires_grad_()
    mask = lengths_to_mask([4, 2], Tk)
    self_out, self_w = mha(x, x, x, key_padding_mask=mask == 0)
    cross_out, cross_w = mha(q, x, x, key_padding_mask=mask == 0)
    outs = {"self": self_out, "self_weights": self_w, "cross": cross_out, "cross_weights": cross_w}
    loss, rs = loss_with(outs, g)
    write(
        "mha",
        {
            "config": {"dModel": d, "numHeads": h},
            "params": {k: enc(v) for k, v in mha.state_dict().items()},
            "inputs": {"x": enc(x), "q": enc(q), "mask": enc(mask), **{k: enc(v) for k, v in rs.items()}},
            "outputs": {k: enc(v) for k, v in outs.items()},
            "grads": grads_of(mha, loss, {"x": x, "q": q}),
        },
    )


def encoder_case(name, norm_first, activation, num_layers, final_norm, seed):
    g = torch.Generator().manual_seed(seed)
    torch.manual_seed(seed)
    d, h, ff, B, T = 8, 2, 16, 2, 5
    layer = nn.TransformerEncoderLayer(d, h, ff, dropout=0.0, activation=activation, batch_first=True, norm_first=norm_first)
    if num_layers == 0:
        mod = layer
    else:
        mod = nn.TransformerEncoder(layer, num_layers, norm=nn.LayerNorm(d) if final_norm else None, enable_nested_tensor=False)
    round_params(mod)
    with torch.no_grad():
        for n, p in mod.named_parameters():  # perturb biases and norms away from 0/1
            if "bias" in n or "norm" in n:
                p.add_(f32(torch.randn(p.shape, generator=g) * 0.1))
    mod.train()  # training mode with dropout 0: avoids the nested-tensor fast path
    x = f32(torch.randn(B, T, d, generator=g)).requires_grad_()
    mask = lengths_to_mask([5, 3], T)
    y = mod(x, src_key_padding_mask=mask == 0)
    loss, rs = loss_with({"y": y}, g)
    write(
        name,
        {
            "config": {"dModel": d, "numHeads": h, "dimFeedforward": ff, "normFirst": norm_first,
                       "activation": activation, "numLayers": num_layers, "finalNorm": final_norm},
            "params": {k: enc(v) for k, v in mod.state_dict().items()},
            "inputs": {"x": enc(x), "mask": enc(mask), **{k: enc(v) for k, v in rs.items()}},
            "outputs": {"y": enc(y)},
            "grads": grads_of(mod, loss, {"x": x}),
        },
    )


def decoder_case(name, norm_first, seed):
    g = torch.Generator().manual_seed(seed)
    torch.manual_seed(seed)
    d, h, ff, B, Tt, Ts = 8, 2, 16, 2, 4, 5
    mod = nn.TransformerDecoderLayer(d, h, ff, dropout=0.0, batch_first=True, norm_first=norm_first)
    round_params(mod)
    with torch.no_grad():
        for n, p in mod.named_parameters():
            if "bias" in n or "norm" in n:
                p.add_(f32(torch.randn(p.shape, generator=g) * 0.1))
    tgt = f32(torch.randn(B, Tt, d, generator=g)).requires_grad_()
    mem = f32(torch.randn(B, Ts, d, generator=g)).requires_grad_()
    tmask = lengths_to_mask([4, 3], Tt)
    mmask = lengths_to_mask([5, 2], Ts)
    causal = torch.triu(torch.ones(Tt, Tt, dtype=torch.bool), diagonal=1)  # True = masked
    y = mod(tgt, mem, tgt_mask=causal, tgt_key_padding_mask=tmask == 0, memory_key_padding_mask=mmask == 0)
    loss, rs = loss_with({"y": y}, g)
    write(
        name,
        {
            "config": {"dModel": d, "numHeads": h, "dimFeedforward": ff, "normFirst": norm_first},
            "params": {k: enc(v) for k, v in mod.state_dict().items()},
            "inputs": {"tgt": enc(tgt), "memory": enc(mem), "tgtMask": enc(tmask), "memoryMask": enc(mmask),
                       **{k: enc(v) for k, v in rs.items()}},
            "outputs": {"y": enc(y)},
            "grads": grads_of(mod, loss, {"tgt": tgt, "memory": mem}),
        },
    )


def positional_case():
    T, d = 6, 8
    pos = torch.arange(T).double()[:, None]
    div = torch.exp(torch.arange(0, d, 2).double() * (-math.log(10000.0) / d))
    pe = torch.zeros(T, d)
    pe[:, 0::2] = torch.sin(pos * div)
    pe[:, 1::2] = torch.cos(pos * div)
    write("positional", {"outputs": {"pe": enc(pe)}})


# ---------------------------------------------------------------- classifier round trip
class TorchRNNClassifier(nn.Module):
    """Twin of RNNClassifier({vocabSize: 12, embeddingDim: 6, hiddenSize: 5, numClasses: 3,
    cell: 'lstm', bidirectional: true, pooling: 'last'})."""

    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(12, 6)
        self.rnn = nn.LSTM(6, 5, batch_first=True, bidirectional=True)
        self.classifier = nn.Linear(10, 3)

    def forward(self, ids, lengths):
        x = self.embedding(ids)
        packed = nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
        _, (h, _) = self.rnn(packed)
        return self.classifier(torch.cat([h[-2], h[-1]], dim=1))


def write_safetensors(path, tensors, metadata=None):
    header = {}
    if metadata:
        header["__metadata__"] = metadata
    blobs = []
    off = 0
    for k in sorted(tensors):
        t = tensors[k].detach().float().contiguous()
        b = struct.pack("<%df" % t.numel(), *t.reshape(-1).tolist())
        header[k] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [off, off + len(b)]}
        off += len(b)
        blobs.append(b)
    h = json.dumps(header).encode()
    h += b" " * ((8 - (8 + len(h)) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


def read_safetensors(path):
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + n])
    out = {}
    for k, v in header.items():
        if k == "__metadata__":
            continue
        a, b = v["data_offsets"]
        assert v["dtype"] == "F32", v["dtype"]
        vals = struct.unpack("<%df" % ((b - a) // 4), raw[8 + n + a : 8 + n + b])
        out[k] = torch.tensor(vals, dtype=torch.float64).reshape(v["shape"])
    return out, header.get("__metadata__", {})


CLS_IDS = [[1, 5, 7, 2, 9], [3, 4, 11, 0, 0], [8, 0, 0, 0, 0]]
CLS_LENGTHS = [5, 3, 1]


def classifier_roundtrip():
    torch.manual_seed(11)
    m = TorchRNNClassifier()
    round_params(m)
    logits = m(torch.tensor(CLS_IDS), torch.tensor(CLS_LENGTHS))
    write_safetensors(os.path.join(OUT, "rnn_classifier.safetensors"), m.state_dict(), {"producer": "make_fixtures.py"})
    write(
        "rnn_classifier_roundtrip",
        {"inputs": {"ids": CLS_IDS, "mask": enc(lengths_to_mask(CLS_LENGTHS, 5))}, "outputs": {"logits": enc(logits)}},
    )


class TorchTransformerClassifier(nn.Module):
    """Twin of TransformerClassifier({vocabSize: 12, maxLength: 8, dModel: 8, numHeads: 2,
    numLayers: 2, numClasses: 3, dimFeedforward: 16, pooling: 'mean'}) (sinusoidal positions,
    post-norm, masked mean pooling)."""

    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(12, 8)
        layer = nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0, batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, 2, enable_nested_tensor=False)
        self.classifier = nn.Linear(8, 3)
        T, d = 8, 8
        pos = torch.arange(T).double()[:, None]
        div = torch.exp(torch.arange(0, d, 2).double() * (-math.log(10000.0) / d))
        pe = torch.zeros(T, d)
        pe[:, 0::2] = torch.sin(pos * div)
        pe[:, 1::2] = torch.cos(pos * div)
        self.register_buffer("pe", pe, persistent=False)

    def forward(self, ids, mask):
        x = self.embedding(ids) + self.pe[: ids.shape[1]]
        h = self.encoder(x, src_key_padding_mask=mask == 0)
        m = mask[:, :, None]
        return self.classifier((h * m).sum(1) / m.sum(1))


def transformer_classifier_roundtrip():
    torch.manual_seed(12)
    m = TorchTransformerClassifier()
    round_params(m)
    m.train()  # dropout is 0; training mode keeps PyTorch off its nested-tensor fast path
    mask = lengths_to_mask(CLS_LENGTHS, 5)
    logits = m(torch.tensor(CLS_IDS), mask)
    write_safetensors(os.path.join(OUT, "transformer_classifier.safetensors"), m.state_dict())
    write(
        "transformer_classifier_roundtrip",
        {"inputs": {"ids": CLS_IDS, "mask": enc(mask)}, "outputs": {"logits": enc(logits)}},
    )


def check_ts_file(path):
    state, meta = read_safetensors(path)
    m = TorchRNNClassifier()
    m.load_state_dict(state)  # strict: raises on any mismatch
    logits = m(torch.tensor(CLS_IDS), torch.tensor(CLS_LENGTHS))
    print("metadata keys:", sorted(meta))
    print("torch logits from the TypeScript file:", logits.tolist())


# ---------------------------------------------------------------- language models (HF names)
# Minimal re-statements of Hugging Face's GPT2LMHeadModel and BertForMaskedLM with the same
# module names and weight layouts (Conv1D [in, out] for GPT-2), so the fixtures' state dicts
# look like real checkpoints to fromGpt2StateDict / fromBertStateDict.
class Conv1D(nn.Module):
    """HF's Conv1D: y = x @ weight + bias with weight [in, out]."""

    def __init__(self, nf, nx):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(nx, nf))
        self.bias = nn.Parameter(torch.zeros(nf))

    def forward(self, x):
        return x @ self.weight + self.bias


def gelu_new(x):
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x ** 3)))


class GPT2Attention(nn.Module):
    def __init__(self, d, h, n_pos):
        super().__init__()
        self.h, self.d = h, d
        self.c_attn = Conv1D(3 * d, d)
        self.c_proj = Conv1D(d, d)
        self.register_buffer("bias", torch.tril(torch.ones(n_pos, n_pos, dtype=torch.bool)).view(1, 1, n_pos, n_pos))

    def forward(self, x):
        B, T, d = x.shape
        q, k, v = self.c_attn(x).split(d, dim=2)
        heads = lambda t: t.view(B, T, self.h, d // self.h).transpose(1, 2)
        q, k, v = heads(q), heads(k), heads(v)
        w = q @ k.transpose(-1, -2) / math.sqrt(d // self.h)
        w = torch.where(self.bias[:, :, :T, :T], w, torch.tensor(torch.finfo(w.dtype).min))
        o = (w.softmax(-1) @ v).transpose(1, 2).reshape(B, T, d)
        return self.c_proj(o)


class GPT2MLP(nn.Module):
    def __init__(self, d, ff):
        super().__init__()
        self.c_fc = Conv1D(ff, d)
        self.c_proj = Conv1D(d, ff)

    def forward(self, x):
        return self.c_proj(gelu_new(self.c_fc(x)))


class GPT2Block(nn.Module):
    def __init__(self, d, h, ff, n_pos):
        super().__init__()
        self.ln_1 = nn.LayerNorm(d, eps=1e-5)
        self.attn = GPT2Attention(d, h, n_pos)
        self.ln_2 = nn.LayerNorm(d, eps=1e-5)
        self.mlp = GPT2MLP(d, ff)

    def forward(self, x):
        x = x + self.attn(self.ln_1(x))
        return x + self.mlp(self.ln_2(x))


class GPT2Model(nn.Module):
    def __init__(self, V, n_pos, d, h, L, ff):
        super().__init__()
        self.wte = nn.Embedding(V, d)
        self.wpe = nn.Embedding(n_pos, d)
        self.h = nn.ModuleList([GPT2Block(d, h, ff, n_pos) for _ in range(L)])
        self.ln_f = nn.LayerNorm(d, eps=1e-5)

    def forward(self, ids):
        x = self.wte(ids) + self.wpe(torch.arange(ids.shape[1]))
        for block in self.h:
            x = block(x)
        return self.ln_f(x)


class GPT2LMHeadModel(nn.Module):
    def __init__(self, **cfg):
        super().__init__()
        self.transformer = GPT2Model(**cfg)
        self.lm_head = nn.Linear(cfg["d"], cfg["V"], bias=False)
        self.lm_head.weight = self.transformer.wte.weight  # tied

    def forward(self, ids):
        return self.lm_head(self.transformer(ids))


class BertEmbeddings(nn.Module):
    def __init__(self, V, n_pos, types, d):
        super().__init__()
        self.word_embeddings = nn.Embedding(V, d)
        self.position_embeddings = nn.Embedding(n_pos, d)
        self.token_type_embeddings = nn.Embedding(types, d)
        self.LayerNorm = nn.LayerNorm(d, eps=1e-12)
        self.register_buffer("position_ids", torch.arange(n_pos).expand((1, -1)))

    def forward(self, ids, types):
        T = ids.shape[1]
        x = self.word_embeddings(ids) + self.position_embeddings(self.position_ids[:, :T]) + self.token_type_embeddings(types)
        return self.LayerNorm(x)


class BertSelfAttention(nn.Module):
    def __init__(self, d, h):
        super().__init__()
        self.h = h
        self.query, self.key, self.value = nn.Linear(d, d), nn.Linear(d, d), nn.Linear(d, d)

    def forward(self, x, ext_mask):
        B, T, d = x.shape
        heads = lambda t: t.view(B, T, self.h, d // self.h).transpose(1, 2)
        q, k, v = heads(self.query(x)), heads(self.key(x)), heads(self.value(x))
        w = q @ k.transpose(-1, -2) / math.sqrt(d // self.h) + ext_mask
        return (w.softmax(-1) @ v).transpose(1, 2).reshape(B, T, d)


class BertDenseNorm(nn.Module):
    """BertSelfOutput / BertOutput: LayerNorm(dense(x) + residual)."""

    def __init__(self, d_in, d):
        super().__init__()
        self.dense = nn.Linear(d_in, d)
        self.LayerNorm = nn.LayerNorm(d, eps=1e-12)

    def forward(self, x, residual):
        return self.LayerNorm(self.dense(x) + residual)


class BertAttention(nn.Module):
    def __init__(self, d, h):
        super().__init__()
        self.self = BertSelfAttention(d, h)
        self.output = BertDenseNorm(d, d)

    def forward(self, x, ext_mask):
        return self.output(self.self(x, ext_mask), x)


class BertIntermediate(nn.Module):
    def __init__(self, d, ff):
        super().__init__()
        self.dense = nn.Linear(d, ff)

    def forward(self, x):
        return F.gelu(self.dense(x))


class BertLayer(nn.Module):
    def __init__(self, d, h, ff):
        super().__init__()
        self.attention = BertAttention(d, h)
        self.intermediate = BertIntermediate(d, ff)
        self.output = BertDenseNorm(ff, d)

    def forward(self, x, ext_mask):
        a = self.attention(x, ext_mask)
        return self.output(self.intermediate(a), a)


class BertEncoder(nn.Module):
    def __init__(self, d, h, ff, L):
        super().__init__()
        self.layer = nn.ModuleList([BertLayer(d, h, ff) for _ in range(L)])


class BertPooler(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.dense = nn.Linear(d, d)


class BertModel(nn.Module):
    def __init__(self, V, n_pos, types, d, h, L, ff):
        super().__init__()
        self.embeddings = BertEmbeddings(V, n_pos, types, d)
        self.encoder = BertEncoder(d, h, ff, L)
        self.pooler = BertPooler(d)  # in the checkpoint, unused by the MLM (reported as unused)

    def forward(self, ids, types, mask):
        x = self.embeddings(ids, types)
        ext = (1.0 - mask[:, None, None, :]) * torch.finfo(x.dtype).min
        for layer in self.encoder.layer:
            x = layer(x, ext)
        return x


class BertPredictionHeadTransform(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.dense = nn.Linear(d, d)
        self.LayerNorm = nn.LayerNorm(d, eps=1e-12)

    def forward(self, x):
        return self.LayerNorm(F.gelu(self.dense(x)))


class BertLMPredictionHead(nn.Module):
    def __init__(self, d, V):
        super().__init__()
        self.transform = BertPredictionHeadTransform(d)
        self.decoder = nn.Linear(d, V)
        self.bias = nn.Parameter(torch.zeros(V))
        self.decoder.bias = self.bias

    def forward(self, x):
        return self.decoder(self.transform(x))


class BertOnlyMLMHead(nn.Module):
    def __init__(self, d, V):
        super().__init__()
        self.predictions = BertLMPredictionHead(d, V)


class BertForMaskedLM(nn.Module):
    def __init__(self, **cfg):
        super().__init__()
        self.bert = BertModel(**cfg)
        self.cls = BertOnlyMLMHead(cfg["d"], cfg["V"])
        self.cls.predictions.decoder.weight = self.bert.embeddings.word_embeddings.weight  # tied

    def forward(self, ids, types, mask):
        return self.cls.predictions(self.bert(ids, types, mask))


def randomise(module, g):
    """Weights N(0, 0.3^2), biases N(0, 0.1^2), LayerNorm weights 1 + N(0, 0.1^2); float32 values."""
    with torch.no_grad():
        for n, p in module.named_parameters():
            if ("ln" in n or "LayerNorm" in n) and n.endswith("weight"):
                p.copy_(1 + 0.1 * torch.randn(p.shape, generator=g))
            elif n.endswith("bias"):
                p.copy_(0.1 * torch.randn(p.shape, generator=g))
            else:
                p.copy_(0.3 * torch.randn(p.shape, generator=g))
    round_params(module)


def lm_case(name, model, ids, labels, logits, loss, config, g, extra_inputs):
    out, rs = loss_with({"logits": logits, "loss": loss}, g)
    write(
        name,
        {
            "config": config,
            "params": {k: enc(v.double()) for k, v in model.state_dict().items()},
            "inputs": {"ids": enc(ids.double()), "labels": enc(labels.double()), **extra_inputs,
                       **{k: enc(v) for k, v in rs.items()}},
            "outputs": {"logits": enc(logits), "loss": enc(loss)},
            "grads": grads_of(model, out, {}),
        },
    )


def gpt2_case():
    g = torch.Generator().manual_seed(41)
    cfg = dict(V=13, n_pos=8, d=8, h=2, L=2, ff=32)
    model = GPT2LMHeadModel(**cfg)
    randomise(model, g)
    ids = torch.randint(0, 13, (2, 6), generator=g)
    labels = ids.clone()
    labels[1, 4:] = -100  # padding-like tail, ignored by the loss
    logits = model(ids)
    loss = F.cross_entropy(logits[:, :-1].reshape(-1, 13), labels[:, 1:].reshape(-1), ignore_index=-100)
    config = {"vocabSize": 13, "maxLength": 8, "dModel": 8, "numHeads": 2, "numLayers": 2, "dimFeedforward": 32}
    lm_case("gpt2_tiny", model, ids, labels, logits, loss, config, g, {})


def bert_case():
    g = torch.Generator().manual_seed(42)
    cfg = dict(V=15, n_pos=10, types=2, d=8, h=2, L=2, ff=16)
    model = BertForMaskedLM(**cfg)
    randomise(model, g)
    ids = torch.randint(0, 15, (2, 7), generator=g)
    types = torch.tensor([[0, 0, 0, 1, 1, 1, 1], [0, 0, 1, 1, 0, 0, 0]])
    mask = lengths_to_mask([7, 4], 7)
    labels = torch.full((2, 7), -100)
    labels[0, 1], labels[0, 5], labels[1, 2] = 3, 9, 14
    logits = model(ids, types, mask)
    loss = F.cross_entropy(logits.reshape(-1, 15), labels.reshape(-1), ignore_index=-100)
    config = {"vocabSize": 15, "maxLength": 10, "dModel": 8, "numHeads": 2, "numLayers": 2,
              "dimFeedforward": 16, "typeVocabSize": 2}
    lm_case("bert_tiny", model, ids, labels, logits, loss, config, g,
            {"tokenTypeIds": enc(types.double()), "mask": enc(mask)})


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--check-ts-safetensors":
        check_ts_file(sys.argv[2])
        sys.exit(0)
    if len(sys.argv) == 3 and sys.argv[1] == "--only" and sys.argv[2] == "lm":
        gpt2_case()
        bert_case()
        sys.exit(0)
    basic()
    rnn_case("lstm_bi2_masked", "LSTM", 2, 4, 3, 2, True, [5, 3, 1])
    rnn_case("lstm_h0", "LSTM", 3, 4, 3, 1, False, [5, 5], with_h0=True)
    rnn_case("gru_bi_masked", "GRU", 4, 4, 3, 1, True, [4, 5, 2])
    rnn_case("gru_2layer", "GRU", 5, 3, 4, 2, False, [5, 5], with_h0=True)
    rnn_case("rnn_tanh_bi2", "RNN", 6, 4, 3, 2, True, [5, 2, 3])
    rnn_case("rnn_relu", "RNN", 7, 4, 3, 1, False, [5, 5], nonlinearity="relu")
    rnn_case("lstm_long_bi_masked", "LSTM", 8, 3, 3, 1, True, [12, 7], T=12)  # exercises chunked unstack
    mha_case()
    encoder_case("encoder_layer_post_relu", False, "relu", 0, False, 21)
    encoder_case("encoder_layer_pre_gelu", True, "gelu", 0, False, 22)
    encoder_case("encoder_2layer_pre_norm", True, "relu", 2, True, 23)
    decoder_case("decoder_layer_post", False, 31)
    decoder_case("decoder_layer_pre", True, 32)
    positional_case()
    classifier_roundtrip()
    transformer_classifier_roundtrip()
    gpt2_case()
    bert_case()
