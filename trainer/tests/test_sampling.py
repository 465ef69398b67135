"""Sample: exact logprobs (on-policy consistency with Logprobs), seeding, stops, greedy, top-k/top-p."""

import numpy as np
import pytest
import torch

from conftest import load
from tribunal_trainer.errors import TrainerError
from tribunal_trainer.packing import make_batch


@pytest.fixture(scope="module")
def engine(qwen_dir):
    return load(qwen_dir, temperature=0.7)


def as_batch(out):
    seqs = [(p["prompt_tokens"], c) for p in out for c in p["completions"]]
    return (
        make_batch([s.size for s, _ in seqs], [c["tokens"].size for _, c in seqs], np.concatenate([np.concatenate([s, c["tokens"]]) for s, c in seqs])),
        np.concatenate([c["logprobs"] for _, c in seqs]),
    )


PROMPTS = ["the cat sat on", "one two three", "red"]


def test_sample_logprobs_equal_logprobs_fp32(engine):
    out = engine.sample(texts=PROMPTS, n=3, max_new_tokens=10, temperature=0.7, seed=11)
    assert len(out) == 3 and all(len(p["completions"]) == 3 for p in out)
    batch, mu = as_batch(out)
    lp = engine.logprobs(batch)  # the loaded temperature, 0.7
    assert np.abs(lp - mu).max() < 1e-5
    lp1 = engine.logprobs(batch, temperature=1.0)
    assert np.abs(lp1 - mu).max() > 1e-3  # a different temperature is a different distribution


def test_same_seed_reproduces_other_seed_differs(engine):
    a = engine.sample(texts=PROMPTS, n=2, max_new_tokens=8, temperature=1.0, seed=3)
    b = engine.sample(texts=PROMPTS, n=2, max_new_tokens=8, temperature=1.0, seed=3)
    c = engine.sample(texts=PROMPTS, n=2, max_new_tokens=8, temperature=1.0, seed=4)
    toks = lambda o: [c["tokens"].tolist() for p in o for c in p["completions"]]
    assert toks(a) == toks(b)
    assert toks(a) != toks(c)
    assert np.array_equal(a[0]["completions"][0]["logprobs"], b[0]["completions"][0]["logprobs"])
    # the n completions of one prompt are different draws
    assert a[0]["completions"][0]["tokens"].tolist() != a[0]["completions"][1]["tokens"].tolist()


def test_token_prompts_equal_text_prompts(engine):
    ids = engine.tokenize(PROMPTS, chat_template=False, add_special_tokens=True)
    a = engine.sample(texts=PROMPTS, n=1, max_new_tokens=5, temperature=1.0, seed=9)
    b = engine.sample(prompts=[np.array(x) for x in ids], n=1, max_new_tokens=5, temperature=1.0, seed=9)
    assert [p["prompt_tokens"].tolist() for p in a] == ids
    assert [p["completions"][0]["tokens"].tolist() for p in a] == [p["completions"][0]["tokens"].tolist() for p in b]


def test_greedy_logprob_is_unscaled(engine):
    out = engine.sample(texts=PROMPTS[:2], n=2, max_new_tokens=6, temperature=0.0, seed=1)
    c0, c1 = out[0]["completions"]
    assert c0["tokens"].tolist() == c1["tokens"].tolist()
    batch, mu = as_batch(out)
    assert np.abs(engine.logprobs(batch, temperature=1.0) - mu).max() < 1e-5


def test_top_k_top_p_processed_logprobs(engine):
    out = engine.sample(texts=PROMPTS, n=2, max_new_tokens=6, temperature=1.0, top_k=5, top_p=0.9, seed=2)
    batch, mu = as_batch(out)
    full = engine.logprobs(batch, temperature=1.0)
    assert (mu >= full - 1e-5).all() and (mu > full + 1e-4).any()  # renormalised over the kept set
    # each sampled token is within the top 5 of the full distribution
    st = engine.state
    _, t = st.tensors(batch)
    with torch.no_grad():
        logits = st.policy("logits", input_ids=t["input_ids"], attention_mask=t["attention_mask"], positions=t["positions"])
    ranks = (logits > logits.gather(-1, t["targets"][:, None])).sum(-1)
    assert int(ranks.max()) < 5


def test_eos_is_kept_and_finishes(engine):
    greedy = engine.sample(texts=["red"], n=1, max_new_tokens=6, temperature=0.0)[0]["completions"][0]
    st = engine.state
    saved = st.eos_ids
    st.eos_ids = (int(greedy["tokens"][2]),)
    try:
        c = engine.sample(texts=["red"], n=1, max_new_tokens=6, temperature=0.0)[0]["completions"][0]
    finally:
        st.eos_ids = saved
    assert c["finished"] and c["tokens"].tolist() == greedy["tokens"][:3].tolist() and c["logprobs"].size == 3
    assert not greedy["finished"] and greedy["tokens"].size == 6


def test_stop_string_kept_and_finishes(engine):
    greedy = engine.sample(texts=["red"], n=1, max_new_tokens=8, temperature=0.0)[0]["completions"][0]
    text3 = engine.detokenize([greedy["tokens"][:3]], True)[0]
    stop = text3[-1]
    c = engine.sample(texts=["red"], n=1, max_new_tokens=8, temperature=0.0, stop=[stop])[0]["completions"][0]
    assert c["finished"] and stop in c["text"] and c["tokens"].size <= 3


def test_chat_template_missing_is_clear(engine):
    with pytest.raises(TrainerError) as e:
        engine.sample(texts=["hi"], chat_template=True, max_new_tokens=2)
    assert e.value.code == "BAD_CONFIG" and "no chat template" in str(e.value)
    with pytest.raises(TrainerError, match="no chat template"):
        engine.tokenize(["hi"], chat_template=True, add_special_tokens=False)


def test_next_token_logprobs_full_vocab(engine):
    ids = engine.tokenize(["score : 7", "the cat"], False, False)
    digits = np.array([engine.tokenize([str(d)], False, False)[0][0] for d in range(10)])
    lp = engine.next_token_logprobs([np.array(x) for x in ids], digits)
    assert lp.shape == (2, 10) and (lp < 0).all() and np.exp(lp).sum(-1).max() < 1.0
    # equals Logprobs of that token appended, at temperature 1
    b = make_batch([len(ids[0])], [1], ids[0] + [int(digits[3])])
    assert abs(engine.logprobs(b, temperature=1.0)[0] - lp[0, 3]) < 1e-5


def test_sample_rejects_bad_requests(engine):
    with pytest.raises(TrainerError, match="max_new_tokens"):
        engine.sample(texts=["red"], max_new_tokens=0)
    with pytest.raises(TrainerError, match="outside the vocabulary"):
        engine.sample(prompts=[np.array([9999])], max_new_tokens=2)


def test_llama_consistency(llama_dir):
    e = load(llama_dir, temperature=1.3)
    out = e.sample(texts=PROMPTS, n=2, max_new_tokens=8, temperature=1.3, seed=0)
    batch, mu = as_batch(out)
    assert np.abs(e.logprobs(batch) - mu).max() < 1e-5
