"""Reading a long question: title, key sentences and exact terms (examples written for these tests)."""

from __future__ import annotations

from retrieval.query import read_question

ISSUE = """[BUG] Image upload times out after switching to S3 storage
(OpenIM Server 3.8.2; Linux (AMD); Docker Deployment)
### Bug Description and Steps to Reproduce
After I changed object storage the client cannot send pictures, it waits and then says timeout.
```
2025-01-02 10:11:12 ERROR upload part failed: context deadline exceeded
    at uploadPart (oss.go:120)
```
I set `external.endpoint` in config/s3.yaml and called putFile from the web SDK, error code 1004.
"""


def test_title_loses_its_tag_and_the_environment_line_is_dropped() -> None:
    q = read_question(ISSUE)
    assert q.title == "Image upload times out after switching to S3 storage"
    assert all("Docker Deployment" not in s for s in q.sentences)


def test_template_headings_code_blocks_and_logs_leave_the_query() -> None:
    q = read_question(ISSUE)
    assert "Bug Description" not in q.text
    assert "deadline exceeded" not in q.text
    assert "oss.go:120" not in q.text
    assert "After I changed object storage" in q.text


def test_identifiers_are_kept_as_exact_terms() -> None:
    q = read_question(ISSUE)
    assert {"putFile", "s3.yaml", "1004"} <= q.terms
    assert "OpenIM" not in q.terms  # the product's own name identifies nothing


def test_identifiers_glued_to_chinese_text_are_found() -> None:
    q = read_question("升级后getHistoryMessageList没有lastSeq字段，返回 errCode 10302")
    assert {"getHistoryMessageList", "lastSeq", "10302"} <= q.terms
    assert q.lang == "zh"


def test_rest_paths_and_config_keys_from_pasted_config() -> None:
    q = read_question("配置不生效\n# 多端登录策略\nkickpolicy: 2\n调用 /auth/force_logout 也没用")
    assert "/auth/force_logout" in q.terms
    assert "kickpolicy" in q.terms


def test_a_short_faq_style_question_is_left_alone() -> None:
    q = read_question("How do I export the SDK logs?")
    assert q.text == "How do I export the SDK logs?"
    assert q.sentences == ()
    assert q.dropped == 0.0


def test_a_question_that_starts_with_the_environment_line_takes_its_title_from_the_body() -> None:
    q = read_question("(OpenIM Server 3.7; macOS (ARM); Source Code Deployment)\n收到消息后回调没有触发\n")
    assert q.title == "收到消息后回调没有触发"
