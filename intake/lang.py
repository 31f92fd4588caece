"""The dialog's sentences in both languages, and the language rule (``textlang``,
re-exported here so the intake reads one import).

Example:
    >>> detect_lang("安卓13，群聊消息发不出去"), detect_lang("My 小米13 gets no group messages")
    ('zh', 'en')
    >>> say("cancelled", "en")
    'Intake cancelled: nothing was filed. You can ask again at any time.'
"""

from __future__ import annotations

from textlang import Lang, as_lang, detect_lang, text

# The language rule is re-exported so the intake reads one import.
__all__ = ["Lang", "as_lang", "detect_lang", "join", "say"]

_MESSAGES: dict[str, dict[str, str]] = {
    "intro": {
        "en": "I'll collect what a support engineer needs to look at this. Reply `cancel` at any "
        "time to stop, `back` to redo the previous answer.",
        "zh": "我来收集支持工程师处理这个问题需要的信息。随时回复“取消”退出，回复“返回”可重答上一题。",
    },
    "tell_me": {"en": "Please tell me: {items}.", "zh": "请告诉我：{items}。"},
    "optional": {"en": "(optional: {items})", "zh": "（可选：{items}）"},
    "optional_one": {"en": "(optional: reply `skip` to leave it out)", "zh": "（可选，回复“跳过”可略过）"},
    "title": {"en": "Title: {summary}", "zh": "标题：{summary}"},
    "example": {"en": "For example: {example}", "zh": "例如：{example}"},
    "noted": {"en": "Noted: {items}.", "zh": "已记录：{items}。"},
    "not_found": {"en": "I could not find {items} in your answer.", "zh": "我没能从你的回答里读出{items}。"},
    "skip_refused": {"en": "{items} can't be skipped: {why}", "zh": "{items}不能跳过：{why}"},
    "skipped": {"en": "OK, skipped {items}.", "zh": "好的，已跳过{items}。"},
    "nothing_to_skip": {"en": "There is nothing to skip here.", "zh": "这一步没有可以跳过的内容。"},
    "back_none": {
        "en": "This is the first question; there is nothing to go back to.",
        "zh": "这是第一个问题，没有上一步了。",
    },
    "back_done": {"en": "OK, let's redo that.", "zh": "好的，我们重新回答这一题。"},
    "cancelled": {
        "en": "Intake cancelled: nothing was filed. You can ask again at any time.",
        "zh": "已取消，未提交工单。你随时可以重新提问。",
    },
    "premature": {
        "en": "I can't file this yet. Still missing: {items}.",
        "zh": "现在还不能提交工单，还缺少：{items}。",
    },
    "confirm_head": {"en": "Here is the ticket I'm about to file:", "zh": "即将提交的工单如下："},
    "confirm_tail": {
        "en": "Reply `confirm` to file it, `edit <field> <value>` to change something (e.g. `edit "
        "sdk_version 3.6.1`), or `cancel`.",
        "zh": "回复“确认”提交；回复“修改 <字段> <值>”更改内容（例如“修改 SDK版本 3.6.1”）；回复“取消”放弃。",
    },
    "confirm_what": {
        "en": "What should I change? For example `edit sdk_version 3.6.1` or `platform: iOS`.",
        "zh": "需要修改什么？例如“修改 SDK版本 3.6.1”或“平台：iOS”。",
    },
    "confirm_unclear": {"en": "I did not find a change in that message.", "zh": "我没有从这条消息里读到要修改的内容。"},
    "priority": {"en": "Estimated priority: {priority} ({reason})", "zh": "预估优先级：{priority}（{reason}）"},
    "impact_head": {
        "en": "Last, the impact (one line is fine, e.g. `yes, some users, no workaround, no messages lost`):",
        "zh": "最后是影响范围（一行回答即可，例如“线上，部分用户，有临时方案，没有丢消息”）：",
    },
    "impact_unclear": {
        "en": "I could not read an answer to these from your message.",
        "zh": "我没能从你的消息里读出这些问题的答案。",
    },
    "impact_skip": {
        "en": "the priority of your ticket depends on these answers.",
        "zh": "工单的优先级取决于这些答案。",
    },
    "category_guess": {
        "en": "I'm not sure what kind of report this is: {options}? Pick one, or another kind below.",
        "zh": "我不确定这属于哪一类：{options}？请选择一项，或选下面的其他类别。",
    },
    "category_q": {
        "en": "What kind of problem is it? Pick one or describe what goes wrong.",
        "zh": "这是哪一类问题？请选择一项，或直接描述出了什么问题。",
    },
    "scope_continue": {
        "en": "If you still believe the Nimbus SDK itself misbehaves, reply `continue` and I'll "
        "open a ticket; otherwise reply `cancel`.",
        "zh": "如果你仍然认为是 Nimbus SDK 本身的问题，回复“继续”我来建工单；否则回复“取消”。",
    },
    "scope_unclear": {
        "en": "Please reply `continue` to open a ticket or `cancel`.",
        "zh": "请回复“继续”建工单，或回复“取消”。",
    },
    "logs_none": {"en": "no logs: {reason}", "zh": "无日志：{reason}"},
    "logs_attached": {"en": "attached: {names}", "zh": "已附：{names}"},
    "no_file_seen": {
        "en": "I don't see a file attached. Attach the log, or tell me why there is none.",
        "zh": "我没有看到附件。请附上日志，或说明为什么没有。",
    },
    "confirm_word": {"en": "confirm", "zh": "确认"},
    "cancel_word": {"en": "cancel", "zh": "取消"},
    "continue_word": {"en": "continue", "zh": "继续"},
    "yes": {"en": "yes", "zh": "是"},
    "no": {"en": "no", "zh": "否"},
    "list_sep": {"en": ", ", "zh": "、"},
}


def say(key: str, lang: str, **values: object) -> str:
    """The sentence ``key`` in ``lang`` with ``values`` filled in.

    >>> say("premature", "zh", items="平台")
    '现在还不能提交工单，还缺少：平台。'
    """
    template = text(_MESSAGES, key, lang)
    return template.format(**values) if values else template


def join(items: list[str] | tuple[str, ...], lang: str) -> str:
    """Join short items with the separator of ``lang``."""
    return say("list_sep", lang).join(items)
