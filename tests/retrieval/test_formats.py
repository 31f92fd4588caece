"""Each input format becomes titled sections a person would recognise."""

from __future__ import annotations

import pytest

from retrieval.formats import FormatError, read_faq, read_html, read_markdown, read_mdx

MDX = """---
title: Send messages
tags: [messaging]
---
import Tabs from '@theme/Tabs';
import TabItem from '@theme/TabItem';
export const meta = {
  owner: "docs",
};

## Send a text message

{/* an editor's note that must not be indexed */}
:::info Note
Messages up to 12 KB.
:::

<Tabs
  groupId="lang"
  values={[{ label: 'Android', value: 'android' }]}>
<TabItem value="android" label="Android">

```kotlin
client.sendMessage(msg) // <Tabs> inside code stays
```

</TabItem>
</Tabs>
"""


def test_mdx_drops_imports_exports_and_jsx_but_keeps_text_and_code() -> None:
    page = read_mdx(MDX, name="send.mdx")

    assert page.title == "Send messages"
    assert page.meta["tags"] == ["messaging"]
    [section] = page.sections
    assert section.titles == ("Send messages", "Send a text message")
    assert section.anchor == "send-a-text-message"
    assert "Messages up to 12 KB." in section.text
    assert "Note" in section.text
    assert "Android:" in section.text  # the tab leaves its label
    assert "client.sendMessage(msg) // <Tabs> inside code stays" in section.text
    for gone in ("import ", "export const", "editor's note", "groupId", "</TabItem>", ":::"):
        assert gone not in section.text


def test_markdown_splits_on_headings_with_custom_anchor_and_ignores_hashes_in_code() -> None:
    text = "# Ports\n\nIntro.\n\n## TURN {#turn}\n\nUDP 3478.\n\n```bash\n# not a heading\n```\n\n### TLS\n\n5349."
    page = read_markdown(text, name="ports.md")

    assert [(s.titles, s.anchor) for s in page.sections] == [
        (("Ports",), "ports"),
        (("Ports", "TURN"), "turn"),
        (("Ports", "TURN", "TLS"), "tls"),
    ]
    assert "# not a heading" in page.sections[1].text


def test_markdown_links_keep_their_text() -> None:
    page = read_markdown(
        "# A\n\nSee [the error codes](/en/error-codes) and ![diagram](x.png).", name="a.md"
    )
    assert page.sections[0].text == "See the error codes and diagram."


def test_front_matter_that_is_not_yaml_is_an_error_naming_the_file() -> None:
    with pytest.raises(FormatError, match=r"bad\.md: front matter is not valid YAML"):
        read_markdown("---\ntitle: [unclosed\n---\n# x\n", name="bad.md")


def test_unclosed_front_matter_is_an_error() -> None:
    with pytest.raises(FormatError, match="never closed"):
        read_markdown("---\ntitle: x\n# body", name="open.md")


def test_html_reads_body_sections_and_skips_script_nav_footer() -> None:
    html = """<html><head><title>Release notes</title><script>var tracking = 1;</script></head>
    <body><nav>Home | Docs</nav><h1>Release notes</h1>
    <h2 id="v361">3.6.1</h2><ul><li>Fixes the push token on Android 14.</li></ul>
    <h2>3.6.0</h2><p>Honor push.</p><pre>line 1
line 2</pre><footer>© Nimbus</footer></body></html>"""
    page = read_html(html, name="notes.html")

    assert page.title == "Release notes"
    assert [(s.titles, s.anchor) for s in page.sections] == [
        (("Release notes", "3.6.1"), "v361"),
        (("Release notes", "3.6.0"), "360"),
    ]
    assert "Fixes the push token on Android 14." in page.sections[0].text
    assert "line 1\nline 2" in page.sections[1].text
    everything = " ".join(s.text for s in page.sections)
    for gone in ("tracking", "Home | Docs", "© Nimbus"):
        assert gone not in everything


def test_html_without_text_is_an_error() -> None:
    with pytest.raises(FormatError, match="no readable text"):
        read_html("<html><script>x()</script></html>", name="empty.html")


FAQ = """
lang: en
entries:
  - id: send-timeout
    question: Why does sendMessage fail with 2002?
    answer: |
      The server did not acknowledge within 15 s.
    tags: [messaging]
    links: [/en/error-codes#send-timeout]
  - id: kicked
    question: Why am I logged out?
    answer: Another device logged in.
"""


def test_faq_entries_keep_question_answer_tags_links() -> None:
    page = read_faq(FAQ, name="faq/en/messaging.yaml")

    first, second = page.faq
    assert (first.id, first.question) == ("send-timeout", "Why does sendMessage fail with 2002?")
    assert first.answer == "The server did not acknowledge within 15 s."
    assert first.tags == ("messaging",)
    assert first.links == ("/en/error-codes#send-timeout",)
    assert second.tags == ()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("entries: [", "not valid YAML"),
        ("- just a list", "expected a mapping with an 'entries' list"),
        ("entries:\n  - id: a\n    question: q\n", r"entry 1 \('a'\): 'answer' is missing"),
        (
            "entries:\n  - {id: a, question: q, answer: x}\n  - {id: a, question: q2, answer: y}",
            "used twice",
        ),
        ("entries:\n  - {id: a, question: q, answer: x, tags: oops}", "'tags' must be a list"),
    ],
)
def test_malformed_faq_says_which_entry_and_why(text: str, message: str) -> None:
    with pytest.raises(FormatError, match=message):
        read_faq(text, name="faq/en/x.yaml")
