import re
from pathlib import Path

import pytest
import yaml

from codedistill.errors import ConfigError
from codedistill.study import load_study, plan_study
from codedistill.study.spec import StudySpec

SPEC = {
    "name": "tiny",
    "students": [{"name": "tiny", "model": "tiny-random"}],
    "subsets": {
        "ladders": [{"name": "ladder", "sizes": [4, 8]}],
        "splits": [{"name": "correctness", "factor": "correctness", "size": 3}],
    },
    "stages": [
        {"name": "base", "subsets": ["ladder-*"]},
        {"name": "from-8", "init": "base/ladder-8-s0", "subsets": ["correctness-*"]},
    ],
    "train": {"num_train_epochs": 1, "use_cpu": True},
}


def write(tmp_path: Path, spec: dict) -> Path:
    path = tmp_path / "study.yaml"
    path.write_text(yaml.safe_dump(spec, sort_keys=False))
    return path


def digests(spec: dict) -> dict[str, str]:
    return {step.id: step.digest for step in plan_study(StudySpec.model_validate(spec)).steps}


def test_graph_shape_and_order():
    plan = plan_study(StudySpec.model_validate(SPEC))
    ids = [step.id for step in plan.steps]
    assert ids[:6] == ["data/problems", "data/benchmark", "data/traces", "data/curate", "data/label", "subsets"]
    assert "train/from-8/tiny/correctness-correct-s0" in ids and ids[-1] == "report"
    continued = plan.by_id["train/from-8/tiny/correctness-incorrect-s0"]
    assert continued.deps == ("subsets", "train/base/tiny/ladder-8-s0")
    position = {step_id: i for i, step_id in enumerate(ids)}
    assert all(position[d] < position[s.id] for s in plan.steps for d in s.deps)  # topological
    assert len(plan.of_kind("eval")) == 1 + 2 + 2  # baseline, ladder, controlled pair
    assert plan.by_id["train/base/tiny/ladder-4-s0"].cost == {"train_examples": 4}


def test_same_spec_same_digests_and_edits_invalidate_only_downstream():
    before = digests(SPEC)
    assert before == digests(SPEC)
    lr = {**SPEC, "train": {**SPEC["train"], "learning_rate": 1e-4}}
    after = digests(lr)
    unchanged = {k for k in before if before[k] == after[k]}
    assert unchanged == {"data/problems", "data/benchmark", "data/traces", "data/curate", "data/label", "subsets",
                         "eval/baseline/tiny"}
    sizes = {**SPEC, "subsets": {**SPEC["subsets"], "splits": [{"name": "correctness", "factor": "correctness", "size": 2}]}}
    changed = {k for k, v in digests(sizes).items() if before[k] != v}
    assert "data/label" not in changed and "subsets" in changed and "train/base/tiny/ladder-4-s0" in changed


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda s: s["stages"].append({"name": "loop", "init": "loop/ladder-4-s0", "subsets": ["ladder-4-s0"]}),
         "stage `loop` cannot continue from itself"),
        (lambda s: s["stages"].insert(0, {"name": "early", "init": "base/ladder-8-s0", "subsets": ["ladder-4-s0"]}),
         "not an earlier stage"),
        (lambda s: s["stages"][1].update(init="base/ladder-16-s0"), "stage `base` does not train `ladder-16-s0`"),
        (lambda s: s["stages"][0].update(subsets=["nothing-*"]), "stages.0.subsets.0: `nothing-*` matches no subset"),
        (lambda s: s["subsets"]["ladders"][0].update(sizes=[4, 100000]), "subsets.ladders.0.sizes: 100000 traces requested"),
    ],
)
def test_impossible_specs_fail_at_plan_time(edit, message):
    import copy

    spec = copy.deepcopy(SPEC)
    edit(spec)
    with pytest.raises((ConfigError, ValueError), match=re.escape(message)):
        plan_study(StudySpec.model_validate(spec))


def test_unknown_keys_are_reported_with_their_path_and_line(tmp_path):
    spec = {**SPEC, "train": {"num_train_epochs": 1, "learning_rat": 1e-4}}
    with pytest.raises(ConfigError) as info:
        load_study(write(tmp_path, spec))
    assert "train.learning_rat: Extra inputs are not permitted" in str(info.value)
    assert "study.yaml:" in str(info.value)
    bad_stage = {**SPEC, "stages": [{"name": "base", "subsets": ["ladder-*"], "epochs": 3}]}
    with pytest.raises(ConfigError, match=r"stages\.0\.epochs: Extra inputs"):
        load_study(write(tmp_path, bad_stage))


def test_shipped_study_specs_validate():
    from importlib.resources import files

    specs = list(Path(str(files("codedistill") / "configs" / "study")).glob("*.yaml"))
    assert specs
    for path in specs:
        spec, plan = load_study(path)
        assert plan.steps[-1].id == "report"


BAD_SPEC = """\
name: bad
students:
  - {name: tiny, model: tiny-random}
data:
  curate:
    dedup:
      treshold: 0.7
subsets:
  ladders:
    - {name: ladder, sizes: [4, 8]}
stages:
  - name: base
    subsets: ["nothing-*"]
    train:
      lora: {rr: 4}
      overlength_policy: cut
train:
  learning_rate: -1
  model: other
judge:
  time_limit_s: 10
eval:
  infer:
    sampling: {preset: cpu-smok}
  judge:
    wall_limit_s: 8
"""


def test_a_spec_with_many_mistakes_reports_all_of_them_before_any_work(tmp_path):
    """Mistakes at every depth, of every kind, in one run: each with file, line, key path and what is allowed."""
    path = tmp_path / "study.yaml"
    path.write_text(BAD_SPEC)
    with pytest.raises(ConfigError) as info:
        load_study(path, ["judge.backend=docker"])
    message = str(info.value)
    expected = [
        (7, "data.curate.dedup.treshold: Extra inputs are not permitted; allowed keys: exact, "),
        (13, "stages.0.subsets.0: `nothing-*` matches no subset; the subsets spec defines: ladder-4-s0, ladder-8-s0"),
        (15, "stages.0.train.lora.rr: Extra inputs are not permitted; allowed keys: lora_alpha, lora_dropout, merge, r"),
        (16, "stages.0.train.overlength_policy: Input should be 'drop', 'truncate' or 'error' (got 'cut')"),
        (18, "train.learning_rate: Input should be greater than 0 (got -1)"),
        (19, "train.model: in a study this is set by each student's `model`"),
        (24, "eval.infer.sampling.preset: unknown sampling preset `cpu-smok`. Did you mean `cpu-smoke`? Available: study"),
        (26, f"eval.judge.wall_limit_s: `wall_limit_s` (8.0) must be >= `time_limit_s` (10.0) (related: "
             f"judge.time_limit_s at {path}:21)"),
    ]
    for line, text in expected:
        assert f"{path}:{line}: {text}" in message, message
    assert "threshold," in message.split("dedup.treshold:")[1].split("\n")[0]  # the allowed keys name the right one
    backend = message.split("command line: judge.backend: ")[1].split("\n")[0]
    assert backend.startswith("Input should be 'auto', 'bwrap'") and backend.endswith("(got 'docker')")
    assert message.startswith(f"{path}: 9 problem(s) in the study:")


def test_show_config_prints_the_resolved_config_a_step_receives(tmp_path):
    from typer.testing import CliRunner

    from codedistill.cli import app

    spec = {**SPEC, "judge": {"time_limit_s": 3}, "eval": {"infer": {"sampling": {"preset": "cpu-smoke", "n": 2}}}}
    path = write(tmp_path, spec)
    runner = CliRunner()
    shown = runner.invoke(app, ["-w", str(tmp_path / "ws"), "study", "plan", str(path), "--show-config", "eval/baseline/tiny",
                                "judge.workers=1"])
    assert shown.exit_code == 0, shown.output
    config = yaml.safe_load(shown.output.split("\n", 1)[1])  # after the `# step (kind, digest)` line
    assert config["eval"]["judge"]["time_limit_s"] == 3.0 and config["eval"]["judge"]["workers"] == 1  # from `judge`
    sampling = config["eval"]["infer"]["sampling"]
    assert (sampling["preset"], sampling["n"], sampling["temperature"], sampling["max_new_tokens"]) == ("cpu-smoke", 2, 0.0, 128)
    unknown = runner.invoke(app, ["study", "plan", str(path), "--show-config", "eval/baseline/tinny"])
    assert unknown.exit_code != 0 and "did you mean eval/baseline/tiny" in str(unknown.exception)
