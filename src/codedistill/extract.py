"""Split a generation into its reasoning and answer, and pull out the program it submits.

Shared by curation (teacher traces), the judge (samples given as whole text) and evaluation.

    >>> parts = split_think("<think>\\ntry dp\\n</think>\\n\\n```python\\nprint(1)\\n```")
    >>> parts.reasoning, parts.closed
    ('try dp', True)
    >>> extract_program(parts.answer)
    ExtractedCode(language='python', code='print(1)')

Which program a generation submits is a named rule (`JudgeConfig.extraction`, recorded on every verdict):

- `final_answer` (the default): the last complete fenced Python or C++ block of the *answer*, the text
  after `</think>`. A generation whose `<think>` never closes was cut off while reasoning: it has no
  answer, so no program (`no_code`), however much code its draft holds. Text without a think section
  is all answer. This follows the reference study (arXiv 2510.06101), where a response that did not
  finish within the token budget is not completed.
- `lcb`: LiveCodeBench's `extract_code` (`lcb_runner/utils/extraction_utils.py`): the lines between
  the last two lines that contain a fence anywhere in the text, reasoning included; tags are ignored.

    >>> extract_program("<think>\\n```python\\nprint(1)\\n```\\n")  # truncated in its reasoning
    >>> extract_program("<think>\\n```python\\nprint(1)\\n```\\n", "lcb").code
    'print(1)'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, get_args

THINK_OPEN = "<think>"
THINK_CLOSE = "</think>"

ExtractionRule = Literal["final_answer", "lcb"]
EXTRACTION_RULES: tuple[str, ...] = get_args(ExtractionRule)

# A fence line opens with ``` and an optional language tag.
_FENCE = re.compile(r"^[ \t]*```[ \t]*([\w+#.-]*)[ \t]*$", re.MULTILINE)
_TAG_AFTER_FENCE = re.compile(r"```[ \t]*([\w+#.-]*)")
LANGUAGE_OF_TAG = {tag: "python" for tag in ("", "python", "python3", "py", "py3")} | {
    tag: "cpp" for tag in ("cpp", "c++", "cxx", "cc")
}


@dataclass(frozen=True, slots=True)
class ThinkParts:
    reasoning: str | None  # None when the text has no think section at all
    answer: str  # the text after </think>, or the whole text when there is no think section
    opened: bool  # the text begins with <think> (after leading whitespace)
    closed: bool  # a </think> ends the reasoning


@dataclass(frozen=True, slots=True)
class ExtractedCode:
    language: str  # "python" or "cpp", from the fence's tag
    code: str


def split_think(text: str) -> ThinkParts:
    """Separate `<think>…</think>` reasoning from the answer that follows it.

    An unclosed think section is all reasoning and no answer; a `</think>` without an opening tag
    (templates that pre-fill `<think>` in the prompt) still closes the reasoning.
    """
    stripped = text.lstrip()
    opened = stripped.startswith(THINK_OPEN)
    body = stripped[len(THINK_OPEN):] if opened else text
    head, sep, tail = body.partition(THINK_CLOSE)
    if sep:
        return ThinkParts(head.strip(), tail.strip(), opened, True)
    if opened:
        return ThinkParts(body.strip(), "", True, False)
    return ThinkParts(None, text.strip(), False, False)


def fenced_blocks(text: str) -> list[tuple[str, str]]:
    """Every complete fenced block as (language tag, body), in order."""
    blocks: list[tuple[str, str]] = []
    fences = list(_FENCE.finditer(text))
    index = 0
    while index + 1 < len(fences):
        opener, closer = fences[index], fences[index + 1]
        if closer.group(1):  # a tagged fence cannot close a block; treat it as a new opener
            index += 1
            continue
        blocks.append((opener.group(1).lower(), text[opener.end() + 1 : closer.start()].rstrip("\n")))
        index += 2
    return blocks


def last_program(text: str, languages: tuple[str, ...] = ("python", "cpp")) -> ExtractedCode | None:
    """The last non-empty fenced block of `text` in one of `languages` (untagged means Python)."""
    for tag, body in reversed(fenced_blocks(text)):
        language = LANGUAGE_OF_TAG.get(tag)
        if language in languages and body.strip():
            return ExtractedCode(language, body)
    return None


def extract_code(text: str) -> str | None:
    """The last fenced Python (or untagged) block of `text`, or None if there is none."""
    found = last_program(text, ("python",))
    return found.code if found else None


def extract_program(text: str, rule: ExtractionRule = "final_answer") -> ExtractedCode | None:
    """The program a generation submits under `rule` (see the module docstring), or None (`no_code`)."""
    if rule == "final_answer":
        return last_program(split_think(text).answer)
    if rule == "lcb":
        return _lcb_block(text)
    raise ValueError(f"unknown extraction rule {rule!r}; choose one of {', '.join(EXTRACTION_RULES)}")


def _lcb_block(text: str) -> ExtractedCode | None:
    lines = text.split("\n")
    fences = [i for i, line in enumerate(lines) if "```" in line]
    if len(fences) < 2:
        return None
    code = "\n".join(lines[fences[-2] + 1 : fences[-1]])
    if not code.strip():
        return None  # LCB would run the empty program and fail every test: no program either way
    tag = _TAG_AFTER_FENCE.search(lines[fences[-2]]).group(1).lower()
    return ExtractedCode("cpp" if LANGUAGE_OF_TAG.get(tag) == "cpp" else "python", code)
