"""Docs written by other people never crash a reader: a Page or a FormatError, nothing else.

Every reader gets arbitrary text (any unicode, NUL, bytes decoded with replacement) and
structured near-misses (headings, open fences, unbalanced JSX braces, random front
matter, nested tags). Whatever comes back must be usable: sections with text, a heading
path of non-empty titles, and no MDX ``import`` statement left in the indexed text.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from retrieval.chunking import approx_tokens, split_long
from retrieval.formats import FormatError, Page, read_faq, read_html, read_markdown, read_mdx
from retrieval.tokenize import STOPWORDS, tokenize
from textlang import detect_lang

Reader = Callable[..., Page]
READERS: dict[str, Reader] = {
    "md": read_markdown,
    "mdx": read_mdx,
    "html": read_html,
    "faq": read_faq,
}
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# ---------------------------------------------------------------- generators

ODD = [
    "\x00",
    "\ufffd",
    "\u2028",
    "\x85",
    "\x0c",
    "\r",
    "\t",
    "😀",
    "👩‍💻",
    "消息",
    "\u200b",
    "ﬁ",
    "İ",
]
any_text = st.one_of(
    st.text(),
    st.lists(
        st.sampled_from(
            ["#", " ", "\n", "-", "`", "<", ">", "{", "}", "[", "]", "(", ")", ":", "a", *ODD]
        )
    ).map("".join),
    st.binary(max_size=400).map(lambda b: b.decode("utf-8", errors="replace")),
)
words = st.lists(
    st.sampled_from(
        [*"abcXYZ 019.,!?*_|&;", "消", "息", "发", "送", "😀", "\x00", "\u2028", "&amp;"]
    ),
    max_size=30,
).map("".join)
# Prose never opens a fence and never mentions the marker module of top-level imports.
prose = words.filter(lambda s: not re.match(r"\s*(```|~~~)", s))

heading = st.builds(
    lambda n, text, custom: "#" * n + " " + text + (" {#" + custom + "}" if custom else ""),
    st.integers(1, 7),
    words,
    st.sampled_from(["", "custom-id", "中文", "}", "{#"]),
)
code_body = st.lists(
    st.sampled_from(
        [
            "import A from 'code-mod';",
            "# not a heading",
            "<Tabs>",
            "",
            "x = {",
            "export const a = 1",
        ]
    ),
    max_size=5,
)
code_block = st.builds(
    lambda marker, lang, body: "\n".join([marker + lang, *body, marker.strip()]),
    st.sampled_from(["```", "~~~", "   ```"]),
    st.sampled_from(["", "kotlin", "ts {1,3}"]),
    code_body,
)
TOP_IMPORTS = [
    "import Tabs from '@theme/Tabs-top-mod';",
    'import TabItem from "top-mod/TabItem"',
    "import 'top-mod/style.css';",
    "  import {A, B} from 'top-mod';",
    "import {\n  Alpha,\n  Beta,\n} from 'top-mod';",
    'import Def, {\n  One } from "top-mod";',
    "import * as all from 'top-mod'",
]
EXPORTS = [
    "export const meta = {\n  owner: 'docs',\n};",
    "export default Layout;",
    "export const x = [1, (2",
    "export function f() {",
]
JSX = [
    "<Tabs>",
    "</Tabs>",
    '<TabItem value="ios" label="iOS">',
    "</TabItem>",
    "<Tabs\n  groupId=\"os\"\n  values={[{label: 'a', value: 'b'}]}>",
    "<Tabs values={[",
    "<Admonition type={'note'",
    "<Note/>",
    "<br>",
    "<div><span>nested <b>tags</b></span></div>",
    "{/* editor note */}",
    "{/* never closed",
    "<!-- html comment -->",
    "<!-- never closed",
    ":::tip Title",
    ":::",
    "![alt](img.png) and [link](https://x.test/a_(b))",
    "[unclosed](",
]
FRONT_MATTER = [
    "title: Send messages\ntags: [a, b]",
    "title: [oops",
    "date: 2024-13-45",
    "when: 2024-02-30 10:00:00",
    "n: " + "9" * 5000,
    "a: !!python/object/apply:os.system ['true']",
    "x: &a [*a]",
    "- just\n- a list",
    "plain scalar",
    "\ttab: indent",
    "title: " + "[" * 2000,
    "? [a, b]\n: c",
    "title:\n  nested: {deep: [1, 2]}",
    "title: ''",
    "",
]
front_matter = st.one_of(
    st.sampled_from(FRONT_MATTER),
    st.dictionaries(
        st.text(max_size=8), st.one_of(st.none(), st.integers(), st.text(max_size=20)), max_size=3
    ).map(lambda d: yaml.safe_dump(d, allow_unicode=True)),
    st.text(max_size=60),
)
mdx_line = st.one_of(
    heading, prose, code_block, st.sampled_from(TOP_IMPORTS + EXPORTS + JSX + ["", "---"])
)


@st.composite
def mdx_documents(draw: st.DrawFn) -> str:
    parts: list[str] = []
    if draw(st.booleans()):
        closing = draw(st.sampled_from(["---", "--- ", ""]))
        parts.append(f"---\n{draw(front_matter)}\n{closing}")
    parts.extend(draw(st.lists(mdx_line, max_size=25)))
    if draw(st.booleans()):
        parts.append("\n".join(["```", *draw(code_body)]))  # a fence left open at the end
    if draw(st.integers(0, 9)) == 0:
        parts.append(draw(prose) * 2000 + "x")  # a very long line
    return "\n".join(parts)


html_piece = st.one_of(
    words,
    st.sampled_from(
        [
            "<h1>",
            "</h1>",
            "<h2 id='anchor'>",
            "<h2 id>",
            "</h2>",
            "<h3>",
            "</h3>",
            "<title>",
            "</title>",
            "<script>if (a < b) {}</script>",
            "<style>",
            "</style>",
            "<nav>",
            "</nav>",
            "<pre>",
            "</pre>",
            "<p>",
            "</p>",
            "<li>",
            "<br/>",
            "&amp;",
            "&#x1F600;",
            "&#99999999999;",
            "&#0;",
            "&nosuch;",
            "<![CDATA[x]]>",
            "<![if !IE]>",
            "<![",
            "<!DOCTYPE html>",
            "<?xml version='1.0'?>",
            "<!-- c -->",
            "<!--",
            "</",
            "<a href='x",
            "<svg><text>hidden</text></svg>",
            "<template>t</template>",
        ]
    ),
)
html_documents = st.lists(html_piece, max_size=40).map("".join)

faq_value = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-2, 10**6),
    st.floats(allow_nan=True),
    st.text(max_size=20),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.dates(),
)
faq_entry = st.one_of(
    st.fixed_dictionaries(
        {
            "id": st.sampled_from(["a", "b", "send-timeout", 0, 2002, " ", "中文"]),
            "question": faq_value,
            "answer": faq_value,
        },
        optional={"tags": faq_value, "links": faq_value, "extra": faq_value},
    ),
    faq_value,
)
faq_documents = st.one_of(
    st.fixed_dictionaries(
        {"entries": st.one_of(st.lists(faq_entry, max_size=6), faq_value)},
        optional={"lang": faq_value, "title": faq_value},
    ).map(lambda d: yaml.safe_dump(d, allow_unicode=True)),
    st.sampled_from(FRONT_MATTER).map(lambda fm: fm + "\nentries: []"),
    st.sampled_from(
        [
            "entries:\n  - id: a\n    question: q\n    answer: " + "[" * 3000,
            "entries: [" + "[" * 5000,
        ]
    ),
)

# ---------------------------------------------------------------- checks


def read_or_format_error(kind: str, text: str, name: str = "docs/page.x") -> Page | None:
    """The reader's Page, or None when it raised FormatError naming the file."""
    try:
        page = READERS[kind](text, name=name)
    except FormatError as exc:
        message = str(exc)
        assert message.startswith(name), message
        return None
    assert isinstance(page, Page)
    assert page.title.strip(), page
    for section in page.sections:
        assert section.text.strip(), section
        assert section.titles and all(isinstance(t, str) and t.strip() for t in section.titles), (
            section.titles
        )
    for entry in page.faq:
        assert entry.id.strip() and entry.question.strip() and entry.answer.strip(), entry
    assert len({e.id for e in page.faq}) == len(page.faq)
    return page


# ---------------------------------------------------------------- readers on arbitrary text


@pytest.mark.parametrize("kind", sorted(READERS))
@FUZZ
@given(text=any_text)
@example(text="---\ndate: 2024-13-01\n---\n# Title\n\nbody")
@example(text="# \n\ntext under an empty heading")
@example(text="<![foo")
def test_any_text_gives_a_page_or_a_format_error(kind: str, text: str) -> None:
    read_or_format_error(kind, text)


@pytest.mark.parametrize("kind", ["md", "mdx"])
@FUZZ
@given(text=mdx_documents())
def test_markdown_shaped_input_gives_a_page_or_a_format_error(kind: str, text: str) -> None:
    read_or_format_error(kind, text)


@FUZZ
@given(text=mdx_documents())
@example(text="import {\n  Tabs,\n  TabItem,\n} from 'top-mod';\n\n# Install\n\nRun it.")
def test_mdx_import_statements_never_reach_the_index(text: str) -> None:
    page = read_or_format_error("mdx", text)
    if page is not None:
        indexed = "\n".join(s.text for s in page.sections)
        assert "top-mod" not in indexed, indexed


@example(text="<Tabs values={[\n\n## Install\n\nRun the installer.")
@example(
    text="```\ncode\n```\n<Note\n```\nimport A from 'x';\n```\n\n## Install\n\nRun the installer."
)
@FUZZ
@given(
    text=st.sampled_from(["<Tabs values={[", "export const x = {", "<Admonition type={'note'"]).map(
        lambda opener: opener + "\n\n## Install\n\nRun the installer."
    )
)
def test_an_unclosed_jsx_tag_or_export_does_not_swallow_the_rest_of_the_page(text: str) -> None:
    page = read_mdx(text, name="install.mdx")

    assert any(
        "Run the installer." in s.text and s.titles[-1] == "Install" for s in page.sections
    ), page


@FUZZ
@given(text=html_documents)
@example(text="<h2></h2><p>text under an empty heading</p>")
def test_html_shaped_input_gives_a_page_or_a_format_error(text: str) -> None:
    read_or_format_error("html", text)


@FUZZ
@given(text=faq_documents)
@example(text="entries:\n  - id: 0\n    question: q\n    answer: a")
@example(text="entries:\n  - id: 2024-01-01\n    question: q\n    answer: a")
def test_faq_shaped_input_gives_a_page_or_a_format_error(text: str) -> None:
    read_or_format_error("faq", text)


def test_a_faq_value_of_the_wrong_type_is_named_as_such() -> None:
    with pytest.raises(FormatError) as error:
        read_faq(
            "entries:\n  - id: 2024-01-01\n    question: q\n    answer: a", name="faq/en/x.yaml"
        )

    assert "faq/en/x.yaml: entry 1: 'id' must be text" in str(error.value)


@pytest.mark.parametrize(
    "text",
    [
        "# a" + "{#" * 20_000,
        "{/*" * 20_000,
        "<!--" * 20_000,
        "[a](" * 20_000,
        "# " + "a " * 50_000 + "#",
    ],
    ids=["custom-id", "jsx-comment", "html-comment", "link", "heading"],
)
@pytest.mark.parametrize("kind", ["md", "mdx"])
def test_a_pathological_long_line_is_read_quickly(kind: str, text: str) -> None:
    start = time.perf_counter()
    read_or_format_error(kind, text)
    assert time.perf_counter() - start < 1.0


# ---------------------------------------------------------------- chunking and tokens

CJK_HEAVY = st.text(
    alphabet=st.sampled_from(["消", "息", "a", "b", " ", "\n", "`", "~", "😀", "\u3000"])
)
chunk_text = st.one_of(
    st.text(),
    CJK_HEAVY,
    st.lists(
        st.one_of(CJK_HEAVY, st.sampled_from(["```", "\n\n", "word " * 100, "消" * 300])),
        max_size=12,
    ).map("".join),
)


@FUZZ
@given(text=chunk_text, budget=st.integers(1, 300))
@example(text="消" * 300 + "a" * 1000, budget=200)
def test_split_long_pieces_fit_the_budget_and_lose_no_text(text: str, budget: int) -> None:
    pieces = split_long(text, budget=budget)

    assert all(approx_tokens(p) <= budget for p in pieces), [approx_tokens(p) for p in pieces]
    assert all(p.strip() for p in pieces)

    def visible(s: str) -> str:
        return "".join(s.split())

    assert visible("".join(pieces)) == visible(text)


@FUZZ
@given(text=st.one_of(st.text(), CJK_HEAVY, any_text))
@example(text="How to call getOneConversation? 消息发送失败 ERROR_2002 İstanbul ٣")
def test_tokens_are_non_empty_lowercase_words_and_never_raise(text: str) -> None:
    tokens = tokenize(text)

    assert isinstance(tokens, list)
    for token in tokens:
        assert token and token == token.lower() and not any(c.isspace() for c in token), token
        assert token not in STOPWORDS
    assert detect_lang(text) in {"zh", "en"}
