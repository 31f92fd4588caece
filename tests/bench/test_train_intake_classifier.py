"""The training script picks each head's threshold on the rows where the model decides alone."""

from __future__ import annotations

from bench.train_intake_classifier import train_head


def _rows() -> tuple[list[dict[str, float]], list[str], list[bool]]:
    feats: list[dict[str, float]] = []
    labels: list[str] = []
    ruled: list[bool] = []
    for i in range(60):
        # Rows a keyword rule covers are easy (a word gives the label away); the
        # others carry no signal, so the model is right on them only by chance.
        easy = i % 2 == 0
        label = "a" if i % 4 in (0, 1) else "b"
        feats.append({f"w:{label}": 1.0} if easy else {"w:noise": 1.0, f"w:n{i % 3}": 1.0})
        labels.append(label)
        ruled.append(easy)
    return feats, labels, ruled


def test_the_threshold_is_chosen_where_the_model_decides_alone() -> None:
    feats, labels, ruled = _rows()
    _, everywhere = train_head(feats, labels, l2=0.001, target=0.9)
    head, alone = train_head(feats, labels, l2=0.001, target=0.9, decides=[not r for r in ruled])
    # Over all rows the easy ones lift the accuracy above the target at some threshold;
    # on the rows the model decides alone it never reaches 0.9, so it never guesses there.
    assert everywhere["threshold"] <= 0.99
    assert head.threshold > 1.0 and alone["cv_accuracy_when_confident"] == 0.0
