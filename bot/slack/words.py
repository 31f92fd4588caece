"""The adapter's own short texts (button labels, refusals, file notices) in English and Chinese.

Everything the bot *says* comes from the router or the desk (``bot.texts``); these
are only the words of Slack-specific controls and errors.

Example:
    >>> words("zh")["solved"], words("fr")["solved"]
    ('已解决', 'Solved')
"""

from __future__ import annotations

from collections.abc import Mapping

from textlang import LANGS, as_lang, column

__all__ = ["words"]

_WORDS: dict[str, dict[str, str]] = {
    "solved": {"en": "Solved", "zh": "已解决"},
    "human": {"en": "Talk to a human", "zh": "转人工"},
    "form": {"en": "Fill in a form", "zh": "填写表单"},
    "understood": {"en": "What I have so far:", "zh": "目前了解到的信息："},
    "ticket": {"en": "Ticket", "zh": "工单"},
    "priority": {"en": "Priority", "zh": "优先级"},
    "due": {"en": "First response by", "zh": "首次响应时间"},
    "file_too_big": {
        "en": "I can't read `{name}`: it is {size}, and I read logs up to {cap}. Please attach "
        "the part around the problem, or paste it here.",
        "zh": "无法读取 `{name}`：文件大小 {size}，超过了 {cap} 的上限。请只附上问题前后的部分，或直接粘贴到这里。",
    },
    "file_type": {
        "en": "I can't read `{name}` ({kind}): I read text logs only (.log, .txt, .json). Please "
        "attach the log as text.",
        "zh": "无法读取 `{name}`（{kind}）：只支持文本日志（.log、.txt、.json）。请以文本形式附上日志。",
    },
    "file_failed": {
        "en": "I couldn't download `{name}`; please attach it again or paste the relevant part.",
        "zh": "`{name}` 下载失败，请重新上传或直接粘贴相关部分。",
    },
    "file_unreadable": {"en": "I can't read `{name}`: {why}", "zh": "无法读取 `{name}`：{why}"},
    "file_hidden": {
        "en": "I can't read `{name}`: Slack hides it from me (older files are hidden beyond the "
        "workspace plan's limit). Please attach it again, or paste the relevant part.",
        "zh": "无法读取 `{name}`：Slack 对我隐藏了该文件（超出工作区套餐的文件历史限制）。"
        "请重新上传，或直接粘贴相关部分。",
    },
    "files_refused": {
        "en": "I can't read {n} of the attached files:\n{lines}",
        "zh": "附件中有 {n} 个文件无法读取：\n{lines}",
    },
    "and_more": {"en": " and {n} more", "zh": " 等另外 {n} 个"},
    "why_file_type": {
        "en": "I read text logs only (.log, .txt, .json); please attach logs as text.",
        "zh": "只支持文本日志（.log、.txt、.json），请以文本形式附上日志。",
    },
    "why_file_too_big": {
        "en": "larger than the {cap} I read; please attach the part around the problem.",
        "zh": "超过了 {cap} 的上限，请只附上问题前后的部分。",
    },
    "why_file_failed": {"en": "the download failed; please attach them again.", "zh": "下载失败，请重新上传。"},
    "why_file_unreadable": {
        "en": "not text (binary or an unknown encoding).",
        "zh": "不是文本（二进制文件或无法识别的编码）。",
    },
    "why_file_hidden": {
        "en": "Slack hides them from me (the workspace plan's file limit); please attach them again.",
        "zh": "Slack 对我隐藏了这些文件（超出工作区套餐的文件限制），请重新上传。",
    },
    "form_failed": {
        "en": "The form could not open (it took too long). Let's continue here in the thread: just "
        "answer my questions.",
        "zh": "表单未能打开（等待超时）。我们在此会话中继续：请直接回答我的问题。",
    },
    "refused": {"en": "Only support engineers can do that.", "zh": "只有技术支持工程师可以执行此操作。"},
    "claimed_by": {"en": "{ticket} is already claimed by {owner}.", "zh": "{ticket} 已被 {owner} 认领。"},
    "owned_by": {
        "en": "{ticket} is claimed by {owner}: only they or a support lead can change it. Ask them "
        "in the ticket's thread, or ask a lead.",
        "zh": "{ticket} 已被 {owner} 认领：只有认领人或支持负责人可以修改。请联系认领人或负责人。",
    },
    "not_yours": {"en": "You can only look up your own tickets.", "zh": "你只能查看自己提交的工单。"},
    "error": {"en": "Sorry, that did not work: {why}", "zh": "抱歉，操作未成功：{why}"},
    "form_started": {
        "en": "{user} opened a support request with the form. Details follow in this thread.",
        "zh": "{user} 通过表单提交了支持请求，详情见此会话。",
    },
    "usage": {
        "en": "Use `/support` to open the support form, or `/support SUP-1001` to see a ticket.",
        "zh": "输入 `/support` 打开支持表单，或 `/support SUP-1001` 查看工单。",
    },
}


_BY_LANG = {lang: column(_WORDS, lang) for lang in LANGS}


def words(lang: str) -> Mapping[str, str]:
    """The table for ``lang`` (Chinese for ``zh*``, English otherwise)."""
    return _BY_LANG[as_lang(lang)]
