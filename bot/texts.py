"""The bot's own sentences, in English and Chinese. Docs text is quoted, never rewritten."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from textlang import text

TEXTS: dict[str, dict[str, str]] = {
    "solved": {
        "en": "Glad that helped! If anything else comes up, just ask here.",
        "zh": "很高兴帮到你！还有其他问题，随时在这里提问。",
    },
    "answer_intro": {
        "en": "Here is what the docs say:",
        "zh": "文档中的相关说明：",
    },
    "answer_outro": {
        "en": "Did this solve it? Reply *solved*, or *talk to a human* to open a ticket.",
        "zh": "问题解决了吗？回复「解决了」，或回复「转人工」提交工单。",
    },
    "not_found": {
        "en": "I could not find this in the docs, and I would rather not guess.",
        "zh": "我在文档中没有找到答案，不想给你猜测的结果。",
    },
    "intake_offer": {
        "en": "A support engineer can look into it: reply *talk to a human* and I will collect the details.",
        "zh": "可以交给技术支持工程师处理：回复「转人工」，我来收集需要的信息。",
    },
    "maybe_related": {"en": "Maybe related:", "zh": "可能相关："},
    "sources": {"en": "Sources:", "zh": "来源："},
    "ticket_created": {
        "en": "Ticket {ticket} is filed with priority {priority}. {reason}\n"
        "First response by {due}. An engineer will reply in this thread.",
        "zh": "工单 {ticket} 已提交，优先级 {priority}。{reason}\n首次响应时间：{due} 之前。工程师会在此会话中回复。",
    },
    "added_to_ticket": {
        "en": "Added to {ticket}. A support engineer will reply here by {due}.",
        "zh": "已补充到工单 {ticket}。技术支持工程师会在 {due} 之前在这里回复。",
    },
    "status_changed": {
        "en": "{ticket} is now *{status}* ({by}).",
        "zh": "{ticket} 状态已更新为「{status}」（{by}）。",
    },
    "claimed": {
        "en": "{by} from support has taken over {ticket} and will continue here. I'll stay quiet in this thread.",
        "zh": "技术支持 {by} 已接手 {ticket}，接下来由工程师在此跟进，我将不再在此会话中回复。",
    },
    "sla_warning": {
        "en": "{ticket} ({priority}) is due for a first response by {due} and nobody has answered yet.",
        "zh": "{ticket}（{priority}）需在 {due} 前首次响应，目前仍未响应。",
    },
    "not_your_thread": {
        "en": "This thread is {requester}'s request: only they or a support engineer can answer "
        "its questions and use its buttons. To ask something yourself, start a new message in "
        "the channel.",
        "zh": "这是 {requester} 的支持请求：只有本人或技术支持工程师可以回答其中的问题和使用按钮。"
        "如需提问，请在频道中发一条新消息。",
    },
    "kept_as_comment": {
        "en": "This thread is {requester}'s request, so I added your message to {ticket} as a "
        "comment from you.",
        "zh": "这是 {requester} 的支持请求，你的消息已作为你本人的评论添加到 {ticket}。",
    },
    "error": {
        "en": "Sorry, something went wrong on my side and your message was not taken in. "
        "Please send it again in a minute.",
        "zh": "抱歉，我这边出了点问题，你的消息没有处理成功。请稍后再发送一次。",
    },
}

def when(dt: datetime) -> str:
    """A due time as people read it: UTC, to the minute."""
    return dt.strftime("%Y-%m-%d %H:%M UTC")


def say(key: str, lang: str, **values: Any) -> str:
    """The sentence ``key`` in ``lang`` (zh or en), with ``values`` filled in."""
    formatted = {k: when(v) if isinstance(v, datetime) else v for k, v in values.items()}
    return text(TEXTS, key, lang).format(**formatted)
