"""Which language a developer writes in, and the dialog's sentences in both languages.

``detect_lang`` compares Chinese characters with Latin *words* (not letters): a
Chinese sentence full of API names such as "Android 14 上 push token 丢失" is still
Chinese, while an English sentence naming a device "小米13" stays English.

Example:
    >>> detect_lang("安卓13，群聊消息发不出去"), detect_lang("My 小米13 gets no group messages")
    ('zh', 'en')
    >>> say("cancelled", "en")
    'Intake cancelled: nothing was filed. You can ask again at any time.'
"""

from __future__ import annotations

import re
from typing import Literal

Lang = Literal["en", "zh"]

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-z]+")
# A Chinese character carries about as much as a short English word; 0.4 keeps
# Chinese sentences with several English identifiers on the Chinese side.
_ZH_SHARE = 0.4


def detect_lang(text: str) -> Lang:
    """Return ``"zh"`` when Chinese characters make up enough of ``text``, else ``"en"``.

    >>> detect_lang("iOS 17 上 startCall 之后杂音很大")
    'zh'
    """
    cjk = len(_CJK.findall(text))
    if cjk == 0:
        return "en"
    words = len(_LATIN_WORD.findall(text))
    return "zh" if cjk / (cjk + words) >= _ZH_SHARE else "en"


def as_lang(value: str | None) -> Lang:
    """Coerce a stored or caller-given language code to ``"en"`` or ``"zh"``."""
    return "zh" if (value or "").lower().startswith("zh") else "en"


_MESSAGES: dict[str, tuple[str, str]] = {
    "intro": (
        "I'll collect what a support engineer needs to look at this. "
        "Reply `cancel` at any time to stop, `back` to redo the previous answer.",
        "我来收集支持工程师处理这个问题需要的信息。随时回复“取消”退出，回复“返回”可重答上一题。",
    ),
    "tell_me": ("Please tell me: {items}.", "请告诉我：{items}。"),
    "optional": ("(optional: {items})", "（可选：{items}）"),
    "optional_one": ("(optional: reply `skip` to leave it out)", "（可选，回复“跳过”可略过）"),
    "title": ("Title: {summary}", "标题：{summary}"),
    "example": ("For example: {example}", "例如：{example}"),
    "noted": ("Noted: {items}.", "已记录：{items}。"),
    "not_found": (
        "I could not find {items} in your answer.",
        "我没能从你的回答里读出{items}。",
    ),
    "skip_refused": ("{items} can't be skipped: {why}", "{items}不能跳过：{why}"),
    "skipped": ("OK, skipped {items}.", "好的，已跳过{items}。"),
    "nothing_to_skip": ("There is nothing to skip here.", "这一步没有可以跳过的内容。"),
    "back_none": (
        "This is the first question; there is nothing to go back to.",
        "这是第一个问题，没有上一步了。",
    ),
    "back_done": ("OK, let's redo that.", "好的，我们重新回答这一题。"),
    "cancelled": (
        "Intake cancelled: nothing was filed. You can ask again at any time.",
        "已取消，未提交工单。你随时可以重新提问。",
    ),
    "premature": (
        "I can't file this yet. Still missing: {items}.",
        "现在还不能提交工单，还缺少：{items}。",
    ),
    "confirm_head": ("Here is the ticket I'm about to file:", "即将提交的工单如下："),
    "confirm_tail": (
        "Reply `confirm` to file it, `edit <field> <value>` to change something "
        "(e.g. `edit sdk_version 3.6.1`), or `cancel`.",
        "回复“确认”提交；回复“修改 <字段> <值>”更改内容（例如“修改 SDK版本 3.6.1”）；"
        "回复“取消”放弃。",
    ),
    "confirm_what": (
        "What should I change? For example `edit sdk_version 3.6.1` or `platform: iOS`.",
        "需要修改什么？例如“修改 SDK版本 3.6.1”或“平台：iOS”。",
    ),
    "confirm_unclear": (
        "I did not find a change in that message.",
        "我没有从这条消息里读到要修改的内容。",
    ),
    "priority": ("Estimated priority: {priority} ({reason})", "预估优先级：{priority}（{reason}）"),
    "impact_head": (
        "Last, the impact (one line is fine, e.g. `yes, some users, no workaround, "
        "no messages lost`):",
        "最后是影响范围（一行回答即可，例如“线上，部分用户，有临时方案，没有丢消息”）：",
    ),
    "impact_unclear": (
        "I could not read an answer to these from your message.",
        "我没能从你的消息里读出这些问题的答案。",
    ),
    "impact_skip": (
        "the priority of your ticket depends on these answers.",
        "工单的优先级取决于这些答案。",
    ),
    "category_guess": (
        "I'm not sure what kind of report this is: {options}? Pick one, or another kind below.",
        "我不确定这属于哪一类：{options}？请选择一项，或选下面的其他类别。",
    ),
    "category_q": (
        "What kind of problem is it? Pick one or describe what goes wrong.",
        "这是哪一类问题？请选择一项，或直接描述出了什么问题。",
    ),
    "scope_continue": (
        "If you still believe the Nimbus SDK itself misbehaves, reply `continue` and I'll "
        "open a ticket; otherwise reply `cancel`.",
        "如果你仍然认为是 Nimbus SDK 本身的问题，回复“继续”我来建工单；否则回复“取消”。",
    ),
    "scope_unclear": (
        "Please reply `continue` to open a ticket or `cancel`.",
        "请回复“继续”建工单，或回复“取消”。",
    ),
    "logs_none": ("no logs: {reason}", "无日志：{reason}"),
    "logs_attached": ("attached: {names}", "已附：{names}"),
    "no_file_seen": (
        "I don't see a file attached. Attach the log, or tell me why there is none.",
        "我没有看到附件。请附上日志，或说明为什么没有。",
    ),
    "confirm_word": ("confirm", "确认"),
    "cancel_word": ("cancel", "取消"),
    "continue_word": ("continue", "继续"),
    "yes": ("yes", "是"),
    "no": ("no", "否"),
    "list_sep": (", ", "、"),
}


def say(key: str, lang: str, **values: object) -> str:
    """The sentence ``key`` in ``lang`` with ``values`` filled in.

    >>> say("premature", "zh", items="平台")
    '现在还不能提交工单，还缺少：平台。'
    """
    en, zh = _MESSAGES[key]
    template = zh if as_lang(lang) == "zh" else en
    return template.format(**values) if values else template


def join(items: list[str] | tuple[str, ...], lang: str) -> str:
    """Join short items with the separator of ``lang``."""
    return say("list_sep", lang).join(items)
