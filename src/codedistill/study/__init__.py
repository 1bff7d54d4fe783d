"""One YAML drives a whole distillation study: plan the step graph, run it resumably, report it.

`load_study(path)` validates a spec and resolves every stage section into its stage's config
(`study.resolve`), reporting every problem at once; `plan_study(spec)` expands it into hashed steps,
each holding the frozen config its executor receives; `run_study(spec, store)` executes what is not
done yet; `study_results(plan, store)` gathers the analysis input from the store.
"""

from codedistill.study.load import load_study, quickstart_spec_path, run_study
from codedistill.study.plan import Plan, Step, plan_study
from codedistill.study.run import run_plan, step_state
from codedistill.study.spec import StudySpec

__all__ = ["Plan", "Step", "StudySpec", "load_study", "plan_study", "quickstart_spec_path", "run_plan", "run_study", "step_state"]
