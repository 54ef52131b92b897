"""Tasks a paper works on that no mention labels as a task: named inside a method's or metric's name, or
stated by the title when nothing in the paper names one.

Both give Mentions, so they resolve into concepts and `addresses` links like the extractor's, with the
phrase they come from as evidence.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from paperkg.model import Kind, Mention, Paper
from paperkg.resolve.concepts import concept_key, is_generic, singular, strip_leading, tidy
from paperkg.resolve.vocabulary import Vocabulary

#: Head words after which a method's or a metric's name may be the name of a task (see `named_task`).
_TASK_HEADS = {
    Kind.METHOD: frozenset("approach method algorithm framework technique system model network agent solver".split()),
    Kind.METRIC: frozenset("accuracy error performance score".split()),
}


def named_task(mention: Mention, vocabulary: Vocabulary) -> Mention | None:
    """The known task a method or metric is named after, as a mention of its own: `model-based reinforcement
    learning (RL) approaches` → `reinforcement learning`, `classification accuracy` → `classification`.

    The NER keeps such a phrase whole (SciERC marks it so), which hides that the paper works on the task.
    Only the vocabulary's tasks count (`graph neural network approaches` names a method, not a task), and
    neither its names of methods (`Q-learning`, both) nor a method it knows by the whole phrase (`Graph
    Attention Network` is not about the task `graph attention`).
    """
    heads = _TASK_HEADS.get(mention.label)
    if not heads or singular(mention.text.rsplit(maxsplit=1)[-1]).lower() not in heads:
        return None  # most mentions: decided without splitting them into words
    words = [word for word in re.finditer(r"\S+", mention.text) if not word[0].startswith("(")]
    if len(words) < 2:
        return None
    end = words[-2].end()
    for word in words[:-1]:  # the longest known task ending just before the head
        name = tidy(mention.text[word.start():end])
        key = concept_key(name)
        if vocabulary.lookup(Kind.METHOD, concept_key(f"{name} {words[-1][0]}")):
            return None
        if vocabulary.lookup(Kind.TASK, key) and not vocabulary.lookup(Kind.METHOD, key):
            start = mention.start + mention.text.index(name, word.start())
            return replace(mention, start=start, end=start + len(name), text=name, label=Kind.TASK, role="",
                           long_form="")
    return None


#: What a title names its means with (`… by Pairing GNNs`, `… with Plug-in Solver`): a problem phrase ends
#: before it, a colon or the title's end.
_MEANS = r"\s+(?:by|via|using|through|with|without|from|under)\s"
_END = rf"(?={_MEANS}|:|$)"
#: A title's opening that says it studies something: `On`, `Towards`, `On the Pitfalls of`.
_STUDY = r"(?:on|towards?)\s+(?:the\s+(?:\S+\s+){1,3}?of\s+)?"
#: Titles that say what the paper studies (`On the Pitfalls of Analyzing Individual Neurons`), what it is
#: for (`Continuous Kernel Convolution For Sequential Data`), or what it obtains by which means
#: (`Ab-Initio Potential Energy Surfaces by Pairing GNNs …`); tried in this order.
_TITLE_PROBLEMS = tuple(re.compile(pattern, re.IGNORECASE) for pattern in (
    rf"^{_STUDY}(?P<problem>\w+ing\s.+?){_END}",
    rf"\s(?:for|towards?)\s+(?P<problem>.+?){_END}",
    rf"^(?:{_STUDY})?(?P<problem>\S+(?:\s+\S+)+?)(?={_MEANS})",
))
#: "… by doing": what comes before is what the doing achieves (`Ab-Initio Potential Energy Surfaces by
#: Pairing GNNs with …`, `Developing Population Codes by Minimizing Description Length`).
_BY_DOING = re.compile(r"\s+by\s+(\w+)", re.IGNORECASE)
#: Shortest and longest problem phrase taken from a title, in words: one word is a field (`Learning`),
#: more than eight a clause.
MIN_PROBLEM_WORDS, MAX_PROBLEM_WORDS = 2, 8


def title_problem(paper: Paper, vocabulary: Vocabulary) -> Mention | None:
    """The research problem a title states, as a Task mention in the title: in the after-colon part of
    `Name: description` first, then in the whole title.

    The phrase must read as a problem: it opens with a verb's -ing form (`Solving …`, `Training GANs`), it
    ends as the vocabulary's tasks end (`… Recognition`, `… Data`, `… Games`) — not as models or objects do
    (`… for Electronic Neural Networks`, `… for Human Genes`) —, or it is what a title says is done "by
    doing" something.
    """
    title = paper.title
    colon = title.find(": ")
    parts = ([(colon + 2, title[colon + 2:])] if colon > 0 else []) + [(0, title)]
    heads = _task_heads(vocabulary)
    for offset, part in parts:
        for pattern in _TITLE_PROBLEMS:
            match = pattern.search(part)
            phrase = strip_leading(tidy(match["problem"])) if match else ""
            words = phrase.split()
            if (MIN_PROBLEM_WORDS <= len(words) <= MAX_PROBLEM_WORDS and not is_generic(phrase)
                    and (_is_gerund(words[0]) or singular(words[-1]).lower() in heads or _done_by_doing(part, match))):
                start = offset + match.start("problem") + match["problem"].index(phrase)
                return Mention(start=start, end=start + len(phrase), text=phrase, label=Kind.TASK, field="title",
                               sentence_end=len(title))
    return None


def _done_by_doing(part: str, match: re.Match) -> bool:
    means = _BY_DOING.match(part, match.end("problem"))
    return bool(means) and _is_gerund(means[1])


def _is_gerund(word: str) -> bool:
    return len(word) >= 6 and word.lower().endswith("ing") and word.lower() not in ("string", "spring", "during")


@lru_cache(maxsize=4)
def _task_heads(vocabulary: Vocabulary) -> frozenset[str]:
    """Last words of the vocabulary's task names that end at least 3 of them, and more tasks than methods."""
    tasks, methods = Counter(), Counter()
    for entry in vocabulary.entries:
        if entry.kind in (Kind.TASK, Kind.METHOD) and entry.label.split():
            (tasks if entry.kind == Kind.TASK else methods)[singular(entry.label.split()[-1]).lower()] += 1
    return frozenset(head for head, count in tasks.items() if count >= 3 and count > methods[head])


def task_mentions(paper: Paper, found: Sequence[Mention], vocabulary: Vocabulary) -> list[Mention]:
    """The tasks that `found` (a paper's mentions) name inside methods and metrics, and, when none of them
    names a task at all, the title's problem.

    Every paper then has a research problem where its title states one, as ORKG asks of every contribution;
    the extractor, trained on abstracts, finds none in about one paper in seven.
    """
    named = [task for task in (named_task(mention, vocabulary) for mention in found) if task]
    if named or any(mention.label == Kind.TASK or vocabulary.lookup(Kind.TASK, concept_key(mention.text))
                    for mention in found):
        return named
    problem = title_problem(paper, vocabulary)
    return [problem] if problem else []
