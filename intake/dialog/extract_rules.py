"""Keyword tables (English and Chinese) behind ``intake.dialog.extract``; the category guess; impact.

Each table is ordered: an earlier, more specific phrase consumes its words before a
later one looks, so "sent but not received" is not also "not sent" and "not always"
is not also "always".

Example:
    >>> order = ("production", "all_users", "workaround", "data_loss")
    >>> parse_impact("yes, all users, no workaround, no data lost", order=order)
    Impact(production=True, all_users=True, workaround=False, data_loss=False)
    >>> parse_impact("线上，部分用户，有临时方案，没有丢消息")
    Impact(production=True, all_users=False, workaround=True, data_loss=False)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

from intake.types import Category, Impact

_I = re.IGNORECASE

# -- category ---------------------------------------------------------------------------

_FEATURE = re.compile(
    r"feature\s+request|would\s+be\s+(?:great|nice|helpful|useful)\s+if|please\s+(?:add|support|provide|consider)|"
    r"(?:could|can)\s+you\s+(?:please\s+)?(?:add|support|provide)|any\s+plans?\s+(?:to|for)|plan\s+to\s+support|"
    r"roadmap|希望(?:能|可以)?(?:支持|增加|提供|加上)|建议(?:增加|支持|提供)|能否(?:增加|支持|提供)|功能需求|"
    r"新功能|什么时候(?:能)?支持|有计划支持|有没有计划",
    _I,
)
_INTEGRATION = re.compile(
    r"build\s+(?:fails?|failed|error)|compil\w*\s+(?:error|fails?|failed)|duplicate\s+class|linker\s+error|"
    r"undefined\s+symbol|pod\s+install\s+(?:fails?|failed|error)|gradle\s+sync\s+(?:fails?|failed)|"
    r"could\s+not\s+resolve|dependency\s+conflict|conflicts?\s+with|编译失败|编译报错|集成报错|依赖冲突|找不到符号|冲突",
    _I,
)
_AV = re.compile(
    r"(?<![A-Za-z])(?:calls?|audio|video|voice(?!\s+messages?)|rtc|microphone|mic|camera|speaker|bluetooth|"
    r"headset|startCall|NimbusRTC|ICE_FAILED)(?![A-Za-z])|\b700[1-3]\b|通话|音频|视频|语音(?!消息)|麦克风|摄像头|耳机|"
    r"音视频",
    _I,
)
_AV_PROBLEM = re.compile(
    r"no\s+(?:audio|sound|video)|can'?t\s+hear|cannot\s+hear|black\s+screen|(?:video|picture)\s+freez\w*|"
    r"one[\s-]way\s+audio|ICE_FAILED|\b700[1-3]\b|听不到|没声音|没有声音|黑屏|画面卡|单通",
    _I,
)
_CONNECTION = re.compile(
    r"(?:log\s?in|sign\s?in|connect(?:ion)?)\s+(?:fails?|failed|failing|errors?|times?\s+out|timed\s+out|refused)|"
    r"(?:can'?t|cannot|unable\s+to|fails?\s+to|failed\s+to)\s+(?:log\s?in|sign\s?in|connect)|TOKEN_EXPIRED|"
    r"TOKEN_INVALID|NOT_LOGGED_IN|\b100[2-4]\b|登录失败|连不上|连接失败|无法连接|无法登录|登录不上|登不上|"
    r"token\s*(?:过期|失效|无效)|token[^.。\n]{0,24}(?:返回|报错|失败|fails?|errors?|\b500\b)",
    _I,
)
_PERFORMANCE = re.compile(
    r"(?:app|ui|screen)\s+(?:freez|hang|stutter)\w*|memory\s+leaks?|leaks?\s+memory|卡死|battery\s+drain|drains?\s+(?:the\s+)?battery|memory\s+(?:leak|usage|grows)|high\s+cpu|cpu\s+usage|"
    r"耗电|内存(?:泄漏|泄露|占用|暴涨)|发热|cpu\s*占用",
    _I,
)
_HOW_TO = re.compile(
    r"^\s*(?:how|what|which|where|is\s+(?:it|there)|can\s+(?:i|we)|could\s+(?:i|we)|do\s+(?:i|we)|should\s+(?:i|we)|"
    r"does\s+(?:the\s+)?(?:sdk|nimbus))\b|\bhow\s+(?:do|can|should|to|does)\b|is\s+(?:it|there)\s+(?:possible|a\s+way)|"
    r"what(?:'s|\s+is)\s+the\s+(?:best|recommended|right|correct)\s+way|does\s+(?:the\s+)?(?:sdk|nimbus)\s+support|"
    r"怎么|如何|怎样|是否支持|支持[^，。？?]{0,12}吗|能不能|可不可以|可以[^，。"
    r"？?]{0,12}吗|有没有办法|有没有(?:api|接口|方法)|"
    r"在哪里|请问",
    _I,
)
_PUSH_CERT = re.compile(r"\b4001\b|PUSH_CERT_INVALID", _I)
_DELIVERY = re.compile(
    r"(?:messages?|msgs?|push(?:es)?|notifications?|read\s+receipts?|消息|推送|已读回执)[^.。"
    r"\n]{0,40}?"
    r"(?:\bnot\b|n't|never|stopp?ed|fail\w*|lost|wrong|broken|不|没|失败|丢)",
    _I,
)

_BY_KIND: Mapping[str, Category] = {
    "not_sent": Category.MESSAGE_DELIVERY,
    "not_received": Category.MESSAGE_DELIVERY,
    "shown_wrong": Category.MESSAGE_DELIVERY,
    "disconnects": Category.CONNECTION,
    "latency": Category.PERFORMANCE,
    "audio_noise": Category.AUDIO_VIDEO,
    "crash": Category.CRASH_INTEGRATION,
}


def guess_category(text: str, values: Mapping[str, str]) -> Category | None:
    """The most likely category of ``text`` given the fields already extracted from it.

    >>> guess_category("How do I mute one member of a group?", {})
    <Category.HOW_TO: 'how_to'>
    """
    kind = values.get("symptom_kind")
    if kind in ("disconnects", "latency") and _AV.search(text):
        return Category.AUDIO_VIDEO
    if kind is not None and kind in _BY_KIND:
        return _BY_KIND[kind]
    checks: tuple[tuple[re.Pattern[str], Category], ...] = (
        (_FEATURE, Category.FEATURE_REQUEST),
        (_INTEGRATION, Category.CRASH_INTEGRATION),
        (_CONNECTION, Category.CONNECTION),
        (_PERFORMANCE, Category.PERFORMANCE),
        (_AV_PROBLEM, Category.AUDIO_VIDEO),
        (_PUSH_CERT, Category.MESSAGE_DELIVERY),
        (_DELIVERY, Category.MESSAGE_DELIVERY),
        (_HOW_TO, Category.HOW_TO),
    )
    for pattern, category in checks:
        if pattern.search(text):
            return category
    return None


# -- impact -----------------------------------------------------------------------------

_NEG = re.compile(
    r"\bno\b|\bnot\b|n't\b|\bnothing\b|\bnone\b|\bnever\b|\bwithout\b|\black\b|没有|没|不|未|无|暂无",
    _I,
)
_NO_AFTER = re.compile(
    r"^\s*(?:[:：?？=]\s*)?(?:none\b|no\b|nope\b|nothing\b|否|无|没有)|^\s*(?:is|are|was)?\s*(?:not|n't|isn'?t|aren'?t)"
    r"\s+(?:affected|impacted)|^\s*(?:is\s+)?unaffected|^\s*(?:环境)?(?:没有|没|不|未)(?:受)?影响",
    _I,
)


def _negated(clause: str, m: re.Match[str], *, inside: bool = False) -> bool:
    before = clause[max(0, m.start() - 20) : m.end() if inside else m.start()]
    return bool(_NEG.search(before) or _NO_AFTER.match(clause[m.end() :]))


def _keyed(yes: str, no: str = "", *, inside: bool = False) -> Callable[[str, bool], bool | None]:
    yes_re, no_re = re.compile(yes, _I), re.compile(no, _I) if no else None

    def check(clause: str, answering: bool) -> bool | None:
        if no_re and no_re.search(clause):
            return False
        m = yes_re.search(clause)
        return None if m is None else not _negated(clause, m, inside=inside)

    return check


_PRODUCTION = _keyed(
    r"(?<![A-Za-z])prod(?:uction)?(?![A-Za-z])|live\s+(?:app|users?|environment|env|traffic|version|system)|"
    r"(?:went|go|is|are|'re|'s)\s+live|released\s+app|线上|生产|正式环境|正式版|已上线|现网|上线了",
    r"not\s+(?:yet\s+)?(?:in\s+)?(?:prod(?:uction)?|live|released)|(?:only|just)\s+(?:in\s+)?(?:our\s+|the\s+)?"
    r"(?:test(?:ing)?|staging|dev(?:elopment)?|debug|qa|internal|beta)|(?:test(?:ing)?|staging|dev(?:elopment)?|qa|"
    r"sandbox)\s+(?:env(?:ironment)?|build|stage|only|phase)|pre-?release|(?:haven'?t|not|hasn'?t)\s+(?:yet\s+)?"
    r"(?:launched|released|shipped|gone\s+live)|still\s+in\s+development|测试环境|开发环境|还没上线|未上线|没上线|"
    r"尚未上线|开发阶段|测试阶段|不是线上|非线上|内测|线下|"
    # "about to go live", "before we go live", "准备上线": not in production yet.
    r"(?:about\s+to|going\s+to|plan(?:ning)?\s+to|before\s+(?:we\s+)?(?:can\s+)?)\s*go(?:ing)?\s+live|"
    r"going\s+live\s+(?:next|soon|in\b)|准备上线|即将上线|马上(?:就)?(?:要)?上线|快(?:要)?上线|上线前",
)
_SOME = re.compile(
    r"\bnot\s+all\b(?!owed)|\bsome\s+(?:of\s+(?:our|the)\s+)?(?:\w+\s+)?(?:users|customers|people|devices|phones)|^\s*(?:only\s+)?some\s*$|"
    r"(?:a\s+)?few\s+(?:users|customers)|certain\s+(?:users|customers|devices)|(?:only|just)\s+(?:some|a\s+few|one|"
    r"a\s+couple|certain|a\s+subset|a\s+handful|\d+)(?:\s+of\s+(?:our|the|them))?(?:\s+\w+)?\s+(?:users?|customers?|people|"
    r"devices?|phones?|accounts?|of\s+them)\b|^\s*(?:only|just)\s+(?:some|a\s+few|a\s+couple|a\s+handful|\d+)\s*$|"
    r"\bsubset\s+of\s+(?:users|customers)|\ba\s+handful\s+of\s+(?:users|customers)|"
    r"(?<![A-Za-z])(?:one|a\s+single|single)\s+(?:user|customer)\b|\bminority\s+of|(?<![\d.])\d{1,2}\s?%\s*(?:of\s+(?:our\s+|the\s+)?(?:users|customers)|的?用户)|"
    r"(?<!大)(?:小|一)?部分(?:的)?(?:用户|客户|人|设备|手机|机型)|个别(?:用户|客户)|少数(?:用户|客户|人)|一些用户|少量用户|某些用户|"
    r"有些用户",
    _I,
)
_ALL = re.compile(
    r"all\s+(?:of\s+)?(?:our\s+|the\s+|my\s+)?(?:users|customers|clients)|every\s?(?:one|body|user|customer)|"
    r"100\s?%\s+of|whole\s+user\s?base|all\s+of\s+them|^\s*all\s*$|全部用户|所有用户|全体用户|全量用户|"
    r"(?:全部|所有)[^，。,]{0,12}用户|^\s*全部\s*$|^\s*所有\s*$|用户全部",
    _I,
)


# Only as an answer to "all users, or only some?": elsewhere "部分群" or "@所有人"
# (the @everyone mention) say nothing about how many users are affected.
_SOME_ANSWER = re.compile(r"(?<!大)(?:小|一)?部分|个别|少数|少量", _I)
_ALL_ANSWER = re.compile(r"(?<!@)(?:所有人|全部人)", _I)


# "not all users", "doesn't affect every user", "不是所有用户": some users.
_NOT_ALL = re.compile(
    r"(?:\bnot|n't)\s+(?:(?:affect|happen|occur)\w*\s+(?:to\s+|for\s+)?)?(?:every(?:one|body)|(?:all|every)\s+(?:of\s+)?(?:our\s+|the\s+|my\s+)?"
    r"(?:users?|customers?|clients?|devices?|people))\b|"
    r"(?:不是|并非|并不是|不一定是)(?:所有|全部)",
    _I,
)
# In a first message "all users"/"everyone" often names who a feature or a call reaches,
# not who is affected: "broadcast to all users", "everyone in the call", "every user who
# updated" (a subset). Such a mention says nothing about the impact.
_SCOPE_BEFORE = re.compile(
    r"(?:broadcast\w*|send\w*|push\w*|notify\w*|message|get\w*|fetch\w*|query\w*|list\w*|search\w*|"
    r"import\w*|export\w*|invite\w*|mention\w*|kick\w*|mute\w*|@)\s+(?:it\s+|them\s+|messages?\s+|a\s+message\s+)?"
    r"(?:to\s+)?$|(?:群|群里|群内|房间|会议|通话)(?:的|里的|中的)?$",
    _I,
)
_SCOPE_AFTER = re.compile(
    r"^\s*(?:who|that|which|else|with\s+(?:a|an|the)\b|in\s+(?:the\s+|a\s+|this\s+|that\s+|our\s+|my\s+)?"
    r"(?:group|call|room|chat|channel|conversation|meeting|list))|^(?:都能|能|可以)",
    _I,
)


def _all_users(clause: str, answering: bool) -> bool | None:
    if _SOME.search(clause) or _NOT_ALL.search(clause) or (answering and _SOME_ANSWER.search(clause)):
        return False
    if answering and _ALL_ANSWER.search(clause):
        return True
    m = _ALL.search(clause)
    if m is None:
        return None
    if not answering and (_SCOPE_BEFORE.search(clause[: m.start()]) or _SCOPE_AFTER.search(clause[m.end() :])):
        return None
    return True


_WORKAROUND = _keyed(
    r"(?<![A-Za-z])work[\s-]?arounds?|temporary\s+fix|temp\s+fix|临时方案|临时解决|规避|绕过|替代方案|变通|临时办法|"
    r"rolled\s+back\s+to|downgrad\w*\s+to|回退到|降级到"
)
_RESTART_HELPS = re.compile(
    r"(?:restart\w*|relaunch\w*|re-?open\w*|reinstall\w*|re-?log(?:ging)?\s*in|re-?login|force[\s-]?quit\w*|"
    r"kill(?:ing)?\s+the\s+app)[^,，.]{0,30}(?:helps?|fix(?:es)?|works?|recovers?|solves?)|"
    r"(?:重启|重新打开|重新登录|杀掉)[^，。]{0,8}(?:就好|可以|能恢复|恢复|解决)",
    _I,
)
_DOES_NOT_HELP = re.compile(r"doesn'?t|does\s+not|didn'?t|won'?t|\bnot\b|没用|不行|无效", _I)


def _workaround(clause: str, answering: bool) -> bool | None:
    found = _WORKAROUND(clause, answering)
    if found is not None:
        return found
    if _RESTART_HELPS.search(clause) and not _DOES_NOT_HELP.search(clause):
        return True
    return None


_LOSS = re.compile(
    r"(?:messages?|data|history|chats?)\s+(?:\w+\s+){0,4}lost|(?:lose|losing|lost|"
    r"loss\s+of)\s+(?:\w+\s+){0,2}(?:messages?|data|history)|data\s+loss|message\s+loss|"
    r"(?:消息|数据|聊天记录|历史消息|记录)[^，。,]{0,4}丢|丢(?:了)?(?:消息|数据)|丢消息",
    _I,
)
# Answering "are messages lost?", "missing" and "gone" mean lost too;
# elsewhere they are only a symptom.
_LOSS_ANSWER = re.compile(
    r"(?<![A-Za-z])(?:lost|loss|lose|losing|missing|gone|disappear\w*)(?![A-Za-z])|丢", _I
)


def _data_loss(clause: str, answering: bool) -> bool | None:
    m = _LOSS.search(clause) or (_LOSS_ANSWER.search(clause) if answering else None)
    return None if m is None else not _negated(clause, m, inside=True)


_RULES: tuple[tuple[str, Callable[[str, bool], bool | None]], ...] = (
    ("production", _PRODUCTION),
    ("all_users", _all_users),
    ("workaround", _workaround),
    ("data_loss", _data_loss),
)
# A run of spaces before "and" or "1." is tried once, from its start, and not past a
# newline (newlines split anyway): "\s+" tried from every position of the run made
# splitting quadratic (seconds for a few thousand spaces).
_GAP = r"(?<![^\S\n])[^\S\n]+"
_SPLIT = re.compile(
    rf"[,，;；。!！?？\n、]|(?<!\d)[./](?!\d)|{_GAP}(?:and|but)\s+|但是|但|而且|并且|"
    rf"{_GAP}(?=[1-4][.)、:：])",
    _I,
)
_NUMBER = re.compile(r"^\s*\(?([1-4])[.)、:：]\s*")
_YES = re.compile(
    r"^(?:yes|yeah|yep|yup|y|true|correct|sure|affected|是|是的|对|有|会|受影响|嗯)(?:\b.{0,12})?$",
    _I,
)
_NO = re.compile(
    r"^(?:no|nope|n|false|none|not\s+really|否|不是|没有|无|不会|不|没|未)(?:\b.{0,12})?$", _I
)


# "resolved after re-entering the app", "刷新后恢复正常": the developer describes a way back.
_SELF_RECOVERY = re.compile(
    r"(?:re-?enter\w*|refresh\w*|reload\w*|restart\w*|relaunch\w*|re-?open\w*|re-?log\w*|resend\w*|retry\w*)"
    r"[^.。!?\n]{0,80}?(?:returns?\s+to\s+normal|back\s+to\s+normal|(?:is\s+)?(?:resolved|fixed)|goes\s+away|"
    r"recovers?|works?\s+again|succeeds?)|(?:resolved|fixed|goes\s+away|back\s+to\s+normal)[^.。!?\n]{0,40}?"
    r"(?:after|by|when)\s+(?:\w+\s+){0,6}?(?:re-?enter\w*|refresh\w*|reload\w*|restart\w*|re-?open\w*|re-?log\w*)|"
    r"(?:刷新|重启|重新进入|重进|重新进|重新登录|重新打开|杀掉|杀进程|重发|重试|切后台再回来)[^，。,\n]{0,30}"
    r"(?:恢复|正常|就好|好了|成功|可以)|"
    r"(?:刷新|重启|重进|重新打开|重新登录)[^，。,\n]{0,6}(?:后|才|就)(?:(?!没|不|也)[^，。,\n]){0,12}(?<![没不])"
    r"(?:有|在|正常|出现|变成|显示|好)|"
    r"\b(?:until|unless)\s+(?:they|the\s+users?|users?|we|i|you|he|she)\s+(?:\w+\s+){0,2}?"
    r"(?:kill|restart|reload|refresh|reopen|re-?enter|re-?log)\w*|"
    r"\bafter\s+(?:a\s+|the\s+)?(?:restart|reload|refresh|relaunch)\w*[^.\n]{0,40}?\b(?:only|fine|ok|correct|normal|back)\b|"
    r"\b(?:restart|reload|refresh|relaunch|reopen)\w*\s+(?:\w+\s+){0,3}?(?:fixes|helps|solves)\b|"
    r"\b\w+ing\s+[^.\n]{0,60}?\s(?:fixes|solves)\s+(?:it|the\s+(?:issue|problem))?(?=\s*[.\n]|$)",
    _I,
)


def parse_impact(text: str, *, order: Sequence[str] = ()) -> Impact:
    """Impact answers stated in ``text``; ``None`` where it says nothing.

    With ``order`` (the impact keys a prompt just asked, in its order), a bare "yes"/"no"
    answers the next unanswered key, or the numbered one ("3. no").

    >>> parse_impact("production is down for all users")
    Impact(production=True, all_users=True, workaround=None, data_loss=None)
    """
    answering = bool(order)
    found: dict[str, bool] = {}
    bare: list[tuple[int | None, bool]] = []
    for raw in _SPLIT.split(text):
        if not raw or not raw.strip():
            continue
        num = _NUMBER.match(raw)
        clause = raw[num.end() :] if num else raw.strip()
        hits = {key: v for key, rule in _RULES if (v := rule(clause, answering)) is not None}
        for key, value in hits.items():
            found.setdefault(key, value)
        if not hits and answering:
            word = clause.strip().rstrip(".!。！")
            if _YES.match(word) or _NO.match(word):
                bare.append((int(num.group(1)) if num else None, bool(_YES.match(word))))
    if "workaround" not in found and not answering and _SELF_RECOVERY.search(text):
        found["workaround"] = True
    remaining = [k for k in order if k not in found]
    for number, value in bare:
        target: str | None = None
        if number and number <= len(order) and order[number - 1] in remaining:
            target = order[number - 1]  # "3. no" answers the third question
        elif remaining:
            target = remaining[0]
        if target is not None:
            found[target] = value
            remaining.remove(target)
    return Impact(**found)
