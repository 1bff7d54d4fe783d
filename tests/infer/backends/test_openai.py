"""The OpenAI-compatible backend against real local HTTP servers that misbehave on purpose."""

import socket
import time

import pytest

from codedistill.errors import ConfigError
from codedistill.infer import InferConfig, generate
from codedistill.infer.backends.openai import ServerError
from codedistill.records import FinishReason
from codedistill.store import Store


def _cfg(server, **openai):
    options = {"base_url": server.base_url, "backoff_s": 0.01, "max_backoff_s": 0.05, "max_concurrency": 4, **openai}
    return InferConfig(model="fake-model", backend="openai", sampling={"n": 2, "temperature": 0.6, "seed": 10}, openai=options)


def test_generations_carry_text_reasoning_counts_and_per_sample_seeds(fault_server, requests_of):
    with fault_server() as server:
        generations = list(generate(requests_of(3), _cfg(server)))
    assert len(generations) == 6 and len(server.bodies) == 6
    g = next(g for g in generations if g.problem_id == "p0" and g.sample_index == 1)
    assert "seed=11" in g.text and g.reasoning_content == "thinking about it"
    assert (g.completion_tokens, g.finish_reason) == (5, FinishReason.STOP)
    body = server.bodies[0]
    assert body["model"] == "fake-model" and body["n"] == 1 and "stop" not in body and body["temperature"] == 0.6


def test_length_finish_is_kept(fault_server, requests_of):
    with fault_server() as server:
        cfg = _cfg(server).model_copy(update={"sampling": _cfg(server).sampling.model_copy(update={"max_new_tokens": 2})})
        assert {g.finish_reason for g in generate(requests_of(1), cfg)} == {FinishReason.LENGTH}


def test_concurrency_is_bounded(fault_server, requests_of):
    with fault_server(delay_s=0.15) as server:
        started = time.perf_counter()
        assert len(list(generate(requests_of(8), _cfg(server, max_concurrency=4)))) == 16
        elapsed = time.perf_counter() - started
    assert server.max_in_flight == 4
    assert elapsed < 16 * 0.15 / 2  # serial would take 2.4 s


def test_429_500_503_drops_and_timeouts_are_retried(fault_server, requests_of):
    script = ["429", "500", "sleep", "503", "drop", "429"]
    with fault_server(script, sleep_s=1.5) as server:
        generations = list(generate(requests_of(2), _cfg(server, timeout_s=0.5, max_concurrency=2)))
    assert len(generations) == 4
    assert server.actions[: len(script)] == script and server.actions.count("ok") == 4


def test_retries_give_up_with_finished_samples_kept(fault_server, requests_of, tmp_path):
    with fault_server(["ok", "ok"] + ["500"] * 10) as server, Store(tmp_path) as store:
        with pytest.raises(ServerError, match="gave up on problem .* after 3 attempts .*re-run the same command"):
            list(generate(requests_of(3), _cfg(server, max_retries=2, max_concurrency=1), store=store))
        assert store._conn.execute("SELECT COUNT(*) FROM generations").fetchone()[0] == 2


def test_auth_failure_stops_at_the_first_request_without_retrying(fault_server, requests_of):
    with fault_server(["401"]) as server:
        with pytest.raises(ServerError, match=r"rejected the API key \(HTTP 401.*\$OPENAI_API_KEY"):
            list(generate(requests_of(4), _cfg(server, max_concurrency=1)))
    assert server.actions == ["401"]


def test_context_overflow_is_named(fault_server, requests_of):
    with fault_server(["ctx"]) as server:
        with pytest.raises(ServerError, match="problem `p0`: the prompt plus max_new_tokens=1024 does not fit"):
            list(generate(requests_of(1), _cfg(server, max_concurrency=1)))


def test_unknown_model_fails_before_any_request(fault_server, requests_of):
    with fault_server(models=["fake-model-v2", "other"]) as server:
        cfg = _cfg(server).model_copy(update={"model": "fake-modle"})
        with pytest.raises(ConfigError, match="model `fake-modle` is not served.*Did you mean `fake-model-v2`"):
            list(generate(requests_of(1), cfg))
    assert server.bodies == []


def test_unreachable_server_fails_at_once(requests_of):
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    cfg = InferConfig(model="m", backend="openai", openai={"base_url": f"http://127.0.0.1:{port}/v1"})
    started = time.perf_counter()
    with pytest.raises(ServerError, match=f"cannot reach the server at http://127.0.0.1:{port}/v1 .*openai.base_url"):
        list(generate(requests_of(2), cfg))
    assert time.perf_counter() - started < 5
    unchecked = cfg.model_copy(update={"openai": cfg.openai.model_copy(update={"check_model": False})})
    with pytest.raises(ServerError, match="cannot reach"):  # the first request tells, without retries
        list(generate(requests_of(2), unchecked))


def test_api_key_is_sent_as_bearer(fault_server, requests_of):
    with fault_server() as server:
        list(generate(requests_of(1), _cfg(server, api_key="sk-test")))
        list(generate(requests_of(1), _cfg(server)))
    assert server.auth == ["Bearer sk-test"] * 2 + [None] * 2


@pytest.mark.parametrize(("reported", "normalised"), [("stop", "stop"), ("length", "length"), ("content_filter", "other"),
                                                      ("tool_calls", "other"), (None, "other")])
def test_finish_reasons_are_normalised_and_only_stop_is_a_stop(reported, normalised):
    from codedistill.infer.backends.openai import parse_response

    payload = {"choices": [{"message": {"content": "x"}, "finish_reason": reported}], "usage": {}}
    assert parse_response(payload, "", 0.1).finish_reason == FinishReason(normalised)
