import math

import pytest

from tribunal_trainer.errors import TrainerError
from tribunal_trainer.schedule import Schedule


def test_warmup_then_constant():
    s = Schedule(lr=1.0, warmup_steps=4).validate()
    assert [s.lr_at(i) for i in range(6)] == [0.25, 0.5, 0.75, 1.0, 1.0, 1.0]


def test_linear_decay_to_zero():
    s = Schedule(lr=2.0, warmup_steps=2, kind="linear", total_steps=6).validate()
    got = [s.lr_at(i) for i in range(8)]
    assert got == pytest.approx([1.0, 2.0, 2.0, 1.5, 1.0, 0.5, 0.0, 0.0])


def test_cosine():
    s = Schedule(lr=1.0, warmup_steps=0, kind="cosine", total_steps=4).validate()
    got = [s.lr_at(i) for i in range(5)]
    assert got == pytest.approx([1.0, (1 + math.cos(math.pi / 4)) / 2, 0.5, (1 + math.cos(3 * math.pi / 4)) / 2, 0.0])


@pytest.mark.parametrize("bad", [Schedule(lr=0.0), Schedule(lr=1.0, kind="step"), Schedule(lr=1.0, kind="linear", total_steps=0)])
def test_bad_configs(bad):
    with pytest.raises(TrainerError) as e:
        bad.validate()
    assert e.value.code == "BAD_CONFIG"
