import pytest

from codedistill.extract import (
    EXTRACTION_RULES,
    ExtractedCode,
    extract_code,
    extract_program,
    fenced_blocks,
    split_think,
)


def test_split_closed_open_and_absent():
    closed = split_think("<think>\nplan\n</think>\n\nanswer")
    assert (closed.reasoning, closed.answer, closed.opened, closed.closed) == ("plan", "answer", True, True)
    unclosed = split_think("<think>\nstill thinking")
    assert (unclosed.reasoning, unclosed.answer, unclosed.closed) == ("still thinking", "", False)
    plain = split_think("just code")
    assert (plain.reasoning, plain.answer, plain.opened) == (None, "just code", False)
    prefilled = split_think("reasoning without the opening tag</think>\nanswer")
    assert (prefilled.opened, prefilled.closed, prefilled.answer) == (False, True, "answer")


def test_last_python_block_wins_and_other_languages_are_skipped():
    text = "```python\nprint(1)\n```\ntext\n```\nprint(2)\n```\n```bash\nls\n```"
    assert [lang for lang, _ in fenced_blocks(text)] == ["python", "", "bash"]
    assert extract_code(text) == "print(2)"
    assert extract_code("no fences") is None
    assert extract_code("```python\nunterminated") is None


# ---- final_answer: the program after </think>; a generation cut off while reasoning has none ----------

def test_final_answer_takes_the_last_block_after_the_reasoning():
    text = "<think>\n```python\nprint('draft')\n```\n</think>\n\n```python\nprint(1)\n```\nor\n```python\nprint(2)\n```"
    assert extract_program(text) == ExtractedCode("python", "print(2)")


def test_final_answer_code_only_inside_closed_reasoning_does_not_count():
    assert extract_program("<think>\n```python\nprint(1)\n```\n</think>\n\nI am done.") is None


def test_final_answer_truncated_inside_reasoning_has_no_program():
    # The token budget ran out before </think>: not completed, so no answer (the paper's definition).
    assert extract_program("<think>\nlet me try\n```python\nprint(1)\n```\nhmm, wait") is None


def test_final_answer_without_a_think_section_is_all_answer():
    assert extract_program("Here you go:\n```python\nprint(1)\n```") == ExtractedCode("python", "print(1)")
    assert extract_program("reasoning with a pre-filled tag</think>\n```\nprint(1)\n```").code == "print(1)"


def test_final_answer_keeps_the_fence_language():
    text = "</think>\n```cpp\nint main() {}\n```\n```bash\ng++ a.cpp\n```"
    assert extract_program(text) == ExtractedCode("cpp", "int main() {}")  # bash is skipped, c++ kept
    assert extract_program("```c++\nint main() {}\n```").language == "cpp"
    assert extract_program("```py3\nprint(1)\n```").language == "python"
    assert extract_program("```java\nclass A {}\n```") is None


# ---- lcb: LiveCodeBench's extract_code: between the last two lines that contain a fence ----------------

def test_lcb_takes_the_last_block_anywhere_even_inside_unclosed_reasoning():
    truncated = "<think>\nlet me try\n```python\nprint(1)\n```\nhmm"
    assert extract_program(truncated, "lcb") == ExtractedCode("python", "print(1)")
    closed = "<think>\n```python\nprint('draft')\n```\n</think>\n\nI am done."
    assert extract_program(closed, "lcb").code == "print('draft')"


def test_lcb_counts_any_line_containing_a_fence_and_ignores_tags():
    # An inline fence counts as a fence line: LCB then returns the prose between it and the next one.
    text = "use ```python blocks\n```python\nprint(1)\n```"
    assert extract_program(text, "lcb").code == "print(1)"
    prose = "```python\nprint(1)\n```\nSee ``` above\nand more\nend ```"
    assert extract_program(prose, "lcb").code == "and more"  # LCB submits the prose between the last two
    assert extract_program("```python\nprint(1)\n```\nthen ``` here", "lcb") is None  # nothing between them
    assert extract_program("```\nonly one fence", "lcb") is None
    assert extract_program("```cpp\nint main() {}\n```", "lcb").language == "cpp"


def test_unknown_rule_is_refused():
    assert EXTRACTION_RULES == ("final_answer", "lcb")
    with pytest.raises(ValueError, match="unknown extraction rule"):
        extract_program("x", "first_block")
