"""PyTorch prototype of the pooling ideas on a bag of embeddings (no encoder), ~45 s a run.

Embedding -> [+ sinusoidal positions] -> [LayerNorm] -> pooling -> dropout -> Linear, trained
like scripts/train.mjs (AdamW on every parameter, 5 % warm-up then linear decay to 5 %, clip 5,
batches of similar length, token dropout). Scores a validation split only (`--holdout latest`
or `threads`, see data.py). Diagnosis options: `--final-ln` (LayerNorm on the pooled vector),
`--ffn-branch` (a pre-norm feed-forward residual branch), `--enc` (a whole pre-norm encoder
layer, ~13 min a run), `--ema`, `--smooth`, `--dump` (save the validation probabilities),
`--ln-eps` (the pooled LayerNorm's epsilon), `--branch-wd` (the branch's own weight decay),
`--wide` (a second head on the pooled embeddings), `--stats` (the pooled vectors' variance).

    /usr/bin/python3 research/news-classifier/bag_prototype.py --pool sub --wd 0.3 --pos --embscale 8 --holdout threads
"""
import argparse
import collections
import math
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from data import splits

p = argparse.ArgumentParser()
p.add_argument('--pool', default='mean', choices=['mean', 'idf', 'sub', 'attn'])
p.add_argument('--d', type=int, default=64)
p.add_argument('--maxlen', type=int, default=256)
p.add_argument('--vocab', type=int, default=40000)
p.add_argument('--lr', type=float, default=0.005)
p.add_argument('--wd', type=float, default=0.01)
p.add_argument('--dropout', type=float, default=0.2)
p.add_argument('--tokdrop', type=float, default=0.1)
p.add_argument('--epochs', type=int, default=12)
p.add_argument('--bs', type=int, default=32)
p.add_argument('--seed', type=int, default=0)
p.add_argument('--pos', action='store_true', help='add sinusoidal positions')
p.add_argument('--embscale', type=float, default=1.0, help='multiply the embeddings (8 = sqrt(64))')
p.add_argument('--ln', action='store_true', help='LayerNorm every position before pooling')
p.add_argument('--ema', type=float, default=0.0, help='evaluate an exponential moving average of the weights (decay per step)')
p.add_argument('--dump', help='save the final validation probabilities to this .npy file')
p.add_argument('--holdout', default='latest', choices=['latest', 'threads'])
p.add_argument('--enc', action='store_true', help='one pre-norm Transformer encoder layer (2 heads, FFN 128), LayerNorm on the pooled vector, like the app')
p.add_argument('--layerscale', type=float, default=0.0, help='scale the encoder branches by a learned per-channel vector starting here (0: off)')
p.add_argument('--ffn', type=int, default=128)
p.add_argument('--ffn-branch', action='store_true', help='add a pre-norm feed-forward residual branch (no attention): x + FF(LN(x))')
p.add_argument('--branch-ln', default='ln', choices=['ln', 'none'], help='the branch reads LN(x), or x as it is')
p.add_argument('--final-ln', action='store_true', help='LayerNorm on the pooled vector (the app\'s --norm-after-pooling); on with --enc')
p.add_argument('--smooth', type=float, default=0.0, help='label smoothing')
p.add_argument('--branch-wd', type=float, default=None, help='weight decay of the branch / encoder parameters (default: --wd)')
p.add_argument('--ln-eps', type=float, default=1e-5, help='epsilon of the LayerNorm on the pooled vector: a large one leaves weak (small) vectors small')
p.add_argument('--stats', action='store_true', help='print quantiles of the pooled vectors\' variance over the channels (validation)')
p.add_argument('--wide', action='store_true', help='a second linear head on the pooled embeddings (no LayerNorm), added to the logits')
a = p.parse_args()
print(vars(a), flush=True)
torch.manual_seed(a.seed)
torch.set_num_threads(2)
rng = np.random.default_rng(a.seed)

train, val, _ = splits(holdout=a.holdout)
counts = collections.Counter(w for t, _, _ in train for w in t)
vocab = {w: i + 2 for i, (w, c) in enumerate(counts.most_common(a.vocab - 2)) if c >= 2}  # 0 pad, 1 unk
encode = lambda s: [(np.array([vocab.get(w, 1) for w in t[: a.maxlen]] or [1]), y) for t, y, _ in s]
TRAIN, VAL = encode(train), encode(val)
V = a.vocab
df = np.zeros(V)
for q, _ in TRAIN:
    df[np.unique(q)] += 1
IDF = torch.tensor(np.log((1 + len(TRAIN)) / (1 + df)) + 1, dtype=torch.float32)


class Bag(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(V, a.d, padding_idx=0)
        nn.init.normal_(self.emb.weight)
        self.emb.weight.data[0] = 0
        pe = torch.zeros(a.maxlen, a.d)
        pos = torch.arange(a.maxlen)[:, None]
        div = torch.exp(torch.arange(0, a.d, 2) * (-math.log(10000.0) / a.d))
        pe[:, 0::2], pe[:, 1::2] = torch.sin(pos * div), torch.cos(pos * div)
        self.register_buffer('pe', pe)
        self.ln = nn.LayerNorm(a.d)
        self.att = nn.Linear(a.d, 1)
        self.drop = nn.Dropout(a.dropout)
        self.out = nn.Linear(a.d, 20)
        if a.wide:
            self.wide = nn.Linear(a.d, 20)
        self.lnf = nn.LayerNorm(a.d, eps=a.ln_eps)
        if a.ffn_branch:
            self.bln = nn.LayerNorm(a.d)
            self.bff = nn.Sequential(nn.Linear(a.d, a.ffn), nn.ReLU(), nn.Dropout(a.dropout), nn.Linear(a.ffn, a.d))
        if a.enc:
            self.ln1, self.ln2, self.lnf = nn.LayerNorm(a.d), nn.LayerNorm(a.d), nn.LayerNorm(a.d, eps=a.ln_eps)
            self.mha = nn.MultiheadAttention(a.d, 2, dropout=a.dropout, batch_first=True)
            self.ff = nn.Sequential(nn.Linear(a.d, a.ffn), nn.ReLU(), nn.Dropout(a.dropout), nn.Linear(a.ffn, a.d))
            if a.layerscale:
                self.g1 = nn.Parameter(torch.full((a.d,), a.layerscale))
                self.g2 = nn.Parameter(torch.full((a.d,), a.layerscale))

    def pool(self, x, ids, mask):  # [B, T, d] -> [B, d]
        m = mask.float()
        if a.pool == 'mean':
            w = m
        elif a.pool == 'attn':
            w = torch.softmax(self.att(x).squeeze(-1).masked_fill(~mask, -1e9), 1)
        else:  # idf, or sublinear tf-idf: a word seen c times weighs idf * (1 + ln c)
            w = IDF[ids] * m
            if a.pool == 'sub':
                c = (ids.unsqueeze(2) == ids.unsqueeze(1)).float().sum(2)
                w = w * (1 + torch.log(c)) / c
        return (x * w.unsqueeze(-1)).sum(1) / w.sum(1, keepdim=True).clamp(min=1e-6)

    def forward(self, ids, mask):  # [B, T] -> [B, 20]
        x = self.emb(ids) * a.embscale
        if a.pos:
            x = x + self.pe[: ids.shape[1]]
        if a.ln:
            x = self.ln(x)
        bag = x
        if a.ffn_branch:
            x = x + self.drop(self.bff(self.bln(x) if a.branch_ln == 'ln' else x))
        if a.enc:
            x = self.drop(x)
            q = self.ln1(x)
            b = self.drop(self.mha(q, q, q, key_padding_mask=~mask, need_weights=False)[0])
            x = x + (b * self.g1 if a.layerscale else b)
            b = self.drop(self.ff(self.ln2(x)))
            x = x + (b * self.g2 if a.layerscale else b)
        h = self.pool(x, ids, mask)
        if a.stats and not self.training:
            STATS.append(h.var(1, unbiased=False).detach())
        if a.enc or a.final_ln:
            h = self.lnf(h)
        logits = self.out(self.drop(h))
        if a.wide:
            logits = logits + self.wide(self.drop(self.pool(bag, ids, mask)))
        return logits


def batch(items, drop=0.0):
    L = max(len(q) for q, _ in items)
    ids = np.zeros((len(items), L), np.int64)
    for r, (q, _) in enumerate(items):
        ids[r, : len(q)] = np.where(rng.random(len(q)) < drop, 1, q) if drop else q
    lengths = np.array([len(q) for q, _ in items])
    mask = torch.from_numpy(np.arange(L)[None] < lengths[:, None])
    return torch.from_numpy(ids), mask, torch.tensor([y for _, y in items])


STATS = []


def accuracy(items, model):
    model.eval()
    order = sorted(range(len(items)), key=lambda i: len(items[i][0]))
    right = 0
    with torch.no_grad():
        for b in range(0, len(order), 64):
            ids, mask, y = batch([items[i] for i in order[b : b + 64]])
            right += (model(ids, mask).argmax(1) == y).sum().item()
    model.train()
    if a.stats:
        v = torch.cat(STATS)
        print('pooled variance quantiles 10/50/90 %:', [round(v.quantile(q).item(), 3) for q in (0.1, 0.5, 0.9)])
    STATS.clear()
    return right / len(items)


model = Bag()
shadow = Bag()
shadow.load_state_dict(model.state_dict())
branch = [p_ for n, p_ in model.named_parameters() if n.startswith(('bff', 'mha', 'ff.', 'g1', 'g2'))]
rest = [p_ for n, p_ in model.named_parameters() if not n.startswith(('bff', 'mha', 'ff.', 'g1', 'g2'))]
bwd = a.wd if a.branch_wd is None else a.branch_wd
opt = torch.optim.AdamW([{'params': rest}, {'params': branch, 'weight_decay': bwd}], lr=a.lr, weight_decay=a.wd)
total = a.epochs * math.ceil(len(TRAIN) / a.bs)
warm = round(0.05 * total)
sched = torch.optim.lr_scheduler.LambdaLR(
    opt, lambda s: (s + 1) / warm if s < warm else max(0.05, 1 - (s - warm) / max(1, total - warm) * 0.95))
start, best = time.time(), (0.0, 0)
for epoch in range(a.epochs):
    order = rng.permutation(len(TRAIN))
    batches = []
    for w in range(0, len(order), a.bs * 20):
        part = sorted(order[w : w + a.bs * 20], key=lambda i: len(TRAIN[i][0]))
        batches += [part[b : b + a.bs] for b in range(0, len(part), a.bs)]
    total_loss = 0.0
    for bi in rng.permutation(len(batches)):
        ids, mask, y = batch([TRAIN[i] for i in batches[bi]], a.tokdrop)
        loss = F.cross_entropy(model(ids, mask), y, label_smoothing=a.smooth)
        opt.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 5)
        opt.step()
        sched.step()
        with torch.no_grad():
            for q, p_ in zip(shadow.parameters(), model.parameters()):
                q.mul_(a.ema).add_(p_, alpha=1 - a.ema)
        total_loss += loss.item()
    v = accuracy(VAL, shadow if a.ema else model)
    best = max(best, (v, epoch + 1))
    print(f'epoch {epoch + 1} loss {total_loss / len(batches):.4f} val {v:.4f} ({time.time() - start:.0f}s)', flush=True)
print('best validation accuracy (epoch)', best)
if a.dump:
    model.eval()
    with torch.no_grad():
        probs = [torch.softmax(model(*batch([item])[:2]), 1)[0].numpy() for item in VAL]
    np.save(a.dump, np.stack(probs))
