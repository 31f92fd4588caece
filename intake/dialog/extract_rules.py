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
Table = tuple[tuple[str, re.Pattern[str]], ...]


def _table(rows: Sequence[tuple[str, str]]) -> Table:
    return tuple((value, re.compile(pattern, _I)) for value, pattern in rows)


NETWORKS = _table(
    (
        ("wifi", r"(?<![A-Za-z])(?:wi-?fi|wlan)(?![A-Za-z])|无线网"),
        ("ethernet", r"ethernet|wired\s+(?:network|connection)|有线网|网线"),
        ("5g", r"(?<![A-Za-z0-9.])5g(?![A-Za-z0-9])"),
        ("4g", r"(?<![A-Za-z0-9.])4g(?![A-Za-z0-9])|(?<![A-Za-z])lte(?![A-Za-z])"),
        ("3g", r"(?<![A-Za-z0-9.])3g(?![A-Za-z0-9])"),
    )
)

CHAT_TYPES = _table(
    (
        ("chat_room", r"chat\s?rooms?|聊天室|直播间"),
        (
            "one_to_one",
            r"(?<![\d:])1[\s-]?(?::|v|对|on)[\s-]?1(?![\d:])|one[\s-]?(?:to|on)[\s-]?one|single\s+chats?|"
            r"private\s+(?:chats?|messages?)|direct\s+messages?|(?-i:\bDMs?\b)|单聊|私聊|一对一|点对点",
        ),
        (
            "group",
            r"group\s?(?:chats?|messages?|conversations?|members?|(?:video\s+|voice\s+|audio\s+)?calls?)|groupchats?|"
            r"(?:in|into|to)\s+(?:a|the|our|my|this|that|every)?\s*(?:large\s+|big\s+)?groups?(?![A-Za-z])(?!\s+of)|"
            r"large\s+groups?|super\s?groups?|groups?\s+(?:with|of)\s+\d|群聊|群组|群消息|大群|超大群|"
            r"(?<![一人社])群(?=里|内|中|成员|公告|消息)",
        ),
    )
)

FREQUENCY = _table(
    (
        (
            "intermittent",
            r"not\s+always|not\s+every\s+time|sometimes|intermittent(?:ly)?|occasional(?:ly)?|randomly|"
            r"at\s+random|now\s+and\s+then|from\s+time\s+to\s+time|sporadic(?:ally)?|flaky|"
            r"once\s+in\s+a\s+while|some\s+of\s+the\s+time|(?<![\d.])\d{1,2}\s?%\s+of\s+the\s+time|"
            r"偶现|偶尔|偶发|有时|时不时|不定期|间歇|概率性|小概率|不是每次|随机",
        ),
        (
            "always",
            r"(?<![A-Za-z])always(?!\s+(?:worked|used|been|had|works\s+on))|every\s+(?:single\s+)?(?:time|launch|start)|"
            r"each\s+time|100\s?%(?!\s*of\s+(?:the\s+|our\s+)?(?:users|customers))|consistently|"
            r"reliably\s+reproduc\w*|必现|每次|总是|稳定复现|百分百",
        ),
    )
)

SINCE = _table(
    (
        (
            "from_start",
            r"from\s+(?:the\s+)?(?:very\s+)?(?:start|beginning|day\s+one|first\s+day)|"
            r"since\s+(?:the\s+)?(?:beginning|start|day\s+one|we\s+(?:integrated|started|first)|"
            r"integration|integrating)|never\s+worked|has\s+always\s+been|always\s+been\s+(?:like|broken)|"
            r"一开始就|从一开始|从集成|集成以来|一直都这样|从来没(?:有)?(?:好|正常)过|一直就这样|刚集成就",
        ),
        (
            "after_update",
            r"(?:after|since)\s+(?:the\s+|an?\s+|our\s+|we\s+|i\s+|yesterday'?s\s+|today'?s\s+|"
            r"last\s+\w+'?s?\s+|this\s+\w+'?s\s+)?(?:sdk\s+|os\s+|ios\s+|android\s+)?"
            r"(?:upgrad|updat|bump|migrat|mov(?:ed|ing)\s+to)\w*|was\s+fine\s+(?:on|with|in|before)|regression|started\s+(?:after|with)\s+(?:the\s+)?"
            r"(?:upgrade|update)|升级后|升级之后|升级以后|更新后|更新之后|升级\s*(?:sdk\s*)?到[^，"
            r"。,]{0,20}?(?:后|之后|以后)|"
            r"升级完|自从升级|升级了[^，。,]{0,12}?(?:后|之后|就)|换成[^，。,]{0,16}?(?:之后|后)|"
            r"升了[^，。,]{0,10}?(?:之后|后)",
        ),
    )
)

SYMPTOM_KINDS = _table(
    (
        (
            "shown_wrong",
            r"garbled|mojibake|out\s+of\s+order|wrong\s+order|(?:shown|shows|showing|displayed|displays|displaying|rendered|"
            r"renders|appears?)\s+(?:\w+\s+)?(?:wrong|incorrect(?:ly)?|twice|duplicated|blank|empty|as\s+\?+)|"
            r"wrong\s+(?:sender|avatar|timestamp|nickname|content)|duplicated?\s+messages|messages?\s+(?:appear|show(?:s|n)?)"
            r"\s+twice|unread\s*count\s*(?:is\s+)?(?:wrong|incorrect|off|不对|错)|乱码|显示错|显示不对|显示异常|显示不正确|顺序错|"
            r"顺序乱|乱序|重复消息|消息重复|重复显示|未读数不对|未读数错|未读数不准|显示为空|空白消息|显示成问号",
        ),
        (
            "not_received",
            r"(?:not|never|n't|no\s+longer)\s+(?:being\s+|been\s+)?(?:received|delivered|arriv\w*|showing\s+up|show\s+up|"
            r"coming\s+through)|(?:can(?:no|')t|cannot|fail(?:s|ed)?\s+to|unable\s+to|doesn'?t|don'?t|didn'?t|won'?t|never|"
            r"not|stop(?:s|ped)?)\s+(?:rec(?:ei|ie)v\w*|get(?:ting)?|see(?:ing)?)\s+(?:\S+\s+){0,2}?(?:messages?|"
            r"push(?:es)?|notifications?|msgs?)|not\s+rec(?:ie|ei)ved|(?:onMessage\w*|message\s+listener|receive\s+callback)"
            r"[^.\n]{0,20}(?:not|never)\s+(?:called|fired|firing|triggered)|(?:接收|收到)?消息(?:的)?回调[^，。]{0,4}(?:不触发|没触发|"
            r"没有触发|不回调|没回调)|(?:messages?|push(?:es)?|notifications?)\s+(?:are\s+|is\s+|get\s+|go\s+)?"
            r"(?:missing|lost|never\s+arriv\w*|not\s+arriv\w*|don'?t\s+arrive|doesn'?t\s+arrive)|missing\s+messages|"
            r"收不到|没收到|没有收到|接收不到|未收到|接收失败|收不全|(?<!没有)(?<![没不])丢消息|(?<!没)消息丢失|漏消息|对方看不到|看不到消息|推送不到|"
            r"没有推送",
        ),
        (
            "not_sent",
            r"(?:fail(?:s|ed|ing)?|unable|can(?:no|')t|cannot|couldn'?t|won'?t|doesn'?t|don'?t|didn'?t|not\s+able)\s+"
            r"(?:to\s+)?(?:be\s+)?send|not\s+(?:being\s+|be\s+|get\s+|getting\s+)?sent|never\s+(?:gets?\s+)?sent|"
            r"send(?:ing)?\s+(?:fails?|failed|failure|errors?|timeouts?|times\s+out|timed\s+out)|(?:stuck|stays?|remains?|"
            r"hangs?)\s+(?:in|on|at)\s+['\"“‘]?sending|SEND_TIMEOUT|MESSAGE_TOO_LARGE|RATE_LIMITED|FILE_UPLOAD_FAILED|"
            r"\b(?:2002|2003|2004|2005|3001|3002|3004)\b|发[^，。,]{0,6}失败|"
            r"发不出|发送失败|发送不了|无法发送|不能发送|发不了|发送超时|一直(?:在)?发送中|卡在发送中|发送报错|发消息(?:失败|报错)",
        ),
        (
            "crash",
            r"crash(?:es|ed|ing)?(?![A-Za-z])|(?-i:\bANR\b)|force[\s-]?clos|EXC_BAD_ACCESS|SIGSEGV|SIGABRT|"
            r"fatal\s+exception|闪退|崩溃|奔溃",
        ),
        (
            "audio_noise",
            r"(?<![A-Za-z])(?:noise|noisy|crackl\w*|hiss\w*|buzz\w*|echo(?:es|ing)?|robotic|distort\w*)(?![A-Za-z])"
            r"(?!\s+(?:suppression|cancell?ation|reduction))|(?:hear\w*\s+)static|static\s+(?:noise|sound)|"
            r"杂音|噪音|噪声|回声|回音|电流声|沙沙声|破音|声音失真",
        ),
        (
            "disconnects",
            r"disconnect(?:s|ed|ing|ion|ions)?(?![A-Za-z])|(?:drops?|dropped|dropping|loses|lost|losing)\s+(?:the\s+)?"
            r"connection|connection\s+(?:drops?|dropped|lost|keeps\s+dropping|is\s+lost|goes\s+down)|keeps?\s+reconnecting|"
            r"reconnect\s+loop|connection\s+never\s+comes\s+back|(?:never|doesn'?t|won'?t|fails?\s+to)\s+reconnect|"
            r"重连不上|连不回来|kicked\s+(?:offline|out)|KICKED_OFFLINE|\b1005\b|go(?:es)?\s+offline|going\s+offline|"
            r"掉线|断线|断开|频繁重连|一直重连|被踢|踢下线|连接断",
        ),
        (
            "latency",
            r"(?<![A-Za-z])(?:latency|laggy|lagging|lags)(?![A-Za-z])|(?:delay(?:ed|s)?|slow(?:ly)?)(?![A-Za-z])"
            r"(?!\s+(?:network|connection|internet|wifi|wi-fi))|takes?\s+(?:\d+|several|a\s+few|many)\s*(?:s|sec|secs|"
            r"seconds|minutes|mins)(?![A-Za-z])|arrives?\s+late|seconds?\s+late|延迟|延时|很慢|变慢|慢了|卡顿|几秒才|好几秒|"
            r"十几秒|才收到",
        ),
    )
)

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
    r"尚未上线|开发阶段|测试阶段|不是线上|非线上|内测|线下",
)
_SOME = re.compile(
    r"not\s+all|some\s+(?:of\s+(?:our|the)\s+)?(?:\w+\s+)?(?:users|customers|people|devices|phones)|^\s*(?:only\s+)?some\s*$|"
    r"(?:a\s+)?few\s+(?:users|customers)|certain\s+(?:users|customers|devices)|(?:only|just)\s+(?:some|a\s+few|one|"
    r"a\s+couple|certain|a\s+subset|a\s+handful|\d+)|subset|handful|(?:one|a\s+single|single)\s+(?:user|customer)|"
    r"minority|(?<![\d.])\d{1,2}\s?%\s*(?:of\s+(?:our\s+|the\s+)?(?:users|customers)|的?用户)|(?<!大)部分|个别|少数|一些用户|少量|某些用户|小部分|一部分|有些用户",
    _I,
)
_ALL = re.compile(
    r"all\s+(?:of\s+)?(?:our\s+|the\s+|my\s+)?(?:users|customers|clients)|every\s?(?:one|body|user|customer)|"
    r"100\s?%\s+of|whole\s+user\s?base|all\s+of\s+them|^\s*all\s*$|全部用户|所有用户|全体用户|全部人|所有人|全量|"
    r"(?:全部|所有)[^，。,]{0,12}用户|^\s*全部\s*$|^\s*所有\s*$|用户全部",
    _I,
)


def _all_users(clause: str, answering: bool) -> bool | None:
    if _SOME.search(clause):
        return False
    return True if _ALL.search(clause) else None


_WORKAROUND = _keyed(
    r"work[\s-]?arounds?|temporary\s+fix|temp\s+fix|临时方案|临时解决|规避|绕过|替代方案|变通|临时办法"
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
