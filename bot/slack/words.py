"""The adapter's own short texts (button labels, refusals, file notices) in English and Chinese.

Everything the bot *says* comes from the router or the desk (``bot.texts``); these
are only the words of Slack-specific controls and errors.

Example:
    >>> words("zh")["solved"], words("fr")["solved"]
    ('已解决', 'Solved')
"""

from __future__ import annotations

__all__ = ["words"]

_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "solved": "Solved",
        "human": "Talk to a human",
        "form": "Fill in a form",
        "understood": "What I have so far:",
        "ticket": "Ticket",
        "priority": "Priority",
        "due": "First response by",
        "file_too_big": "I can't read `{name}`: it is {size}, and I read logs up to {cap}. "
        "Please attach the part around the problem, or paste it here.",
        "file_type": "I can't read `{name}` ({kind}): I read text logs only (.log, .txt, .json). "
        "Please attach the log as text.",
        "file_failed": "I couldn't download `{name}`; please attach it again "
        "or paste the relevant part.",
        "file_unreadable": "I can't read `{name}`: {why}",
        "file_hidden": "I can't read `{name}`: Slack hides it from me (older files are hidden "
        "beyond the workspace plan's limit). Please attach it again, or paste the relevant part.",
        "files_refused": "I can't read {n} of the attached files:\n{lines}",
        "and_more": " and {n} more",
        "why_file_type": "I read text logs only (.log, .txt, .json); please attach logs as text.",
        "why_file_too_big": "larger than the {cap} I read; please attach the part around the "
        "problem.",
        "why_file_failed": "the download failed; please attach them again.",
        "why_file_unreadable": "not text (binary or an unknown encoding).",
        "why_file_hidden": "Slack hides them from me (the workspace plan's file limit); please "
        "attach them again.",
        "form_failed": "The form could not open (it took too long). "
        "Let's continue here in the thread: just answer my questions.",
        "refused": "Only support engineers can do that.",
        "claimed_by": "{ticket} is already claimed by {owner}.",
        "owned_by": "{ticket} is claimed by {owner}: only they or a support lead can change it. "
        "Ask them in the ticket's thread, or ask a lead.",
        "not_yours": "You can only look up your own tickets.",
        "error": "Sorry, that did not work: {why}",
        "form_started": "{user} opened a support request with the form. "
        "Details follow in this thread.",
        "usage": "Use `/support` to open the support form, or `/support SUP-1001` to see a ticket.",
    },
    "zh": {
        "solved": "已解决",
        "human": "转人工",
        "form": "填写表单",
        "understood": "目前了解到的信息：",
        "ticket": "工单",
        "priority": "优先级",
        "due": "首次响应时间",
        "file_too_big": "无法读取 `{name}`：文件大小 {size}，超过了 {cap} 的上限。"
        "请只附上问题前后的部分，或直接粘贴到这里。",
        "file_type": "无法读取 `{name}`（{kind}）：只支持文本日志（.log、.txt、.json）。"
        "请以文本形式附上日志。",
        "file_failed": "`{name}` 下载失败，请重新上传或直接粘贴相关部分。",
        "file_unreadable": "无法读取 `{name}`：{why}",
        "file_hidden": "无法读取 `{name}`：Slack 对我隐藏了该文件（超出工作区套餐的文件历史限制）。"
        "请重新上传，或直接粘贴相关部分。",
        "files_refused": "附件中有 {n} 个文件无法读取：\n{lines}",
        "and_more": " 等另外 {n} 个",
        "why_file_type": "只支持文本日志（.log、.txt、.json），请以文本形式附上日志。",
        "why_file_too_big": "超过了 {cap} 的上限，请只附上问题前后的部分。",
        "why_file_failed": "下载失败，请重新上传。",
        "why_file_unreadable": "不是文本（二进制文件或无法识别的编码）。",
        "why_file_hidden": "Slack 对我隐藏了这些文件（超出工作区套餐的文件限制），请重新上传。",
        "form_failed": "表单未能打开（等待超时）。我们在此会话中继续：请直接回答我的问题。",
        "refused": "只有技术支持工程师可以执行此操作。",
        "claimed_by": "{ticket} 已被 {owner} 认领。",
        "owned_by": "{ticket} 已被 {owner} 认领：只有认领人或支持负责人可以修改。请联系认领人或负责人。",
        "not_yours": "你只能查看自己提交的工单。",
        "error": "抱歉，操作未成功：{why}",
        "form_started": "{user} 通过表单提交了支持请求，详情见此会话。",
        "usage": "输入 `/support` 打开支持表单，或 `/support SUP-1001` 查看工单。",
    },
}


def words(lang: str) -> dict[str, str]:
    """The table for ``lang`` (Chinese for ``zh*``, English otherwise)."""
    return _WORDS["zh" if lang.startswith("zh") else "en"]
