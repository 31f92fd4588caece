"""Words the ticket templates show, in English and Chinese.

Every string table of the project has one shape: key → ``{"en": …, "zh": …}``, so
both translations of a text sit side by side.

Example:
    >>> labels("zh")["symptom"]
    '现象'
    >>> labels("fr")["symptom"]  # unknown languages fall back to English
    'Symptom'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from intake.types import Category, Status
from textlang import LANGS, Lang, column

__all__ = [
    "CATEGORY_NAMES",
    "LABELS",
    "STATUS_NAMES",
    "StatusName",
    "category_name",
    "labels",
    "language",
    "status_name",
]

LABELS: Mapping[str, Mapping[str, str]] = {
    "priority": {"en": "Priority", "zh": "优先级"},
    "due": {"en": "Response due", "zh": "响应截止"},
    "status": {"en": "Status", "zh": "状态"},
    "category": {"en": "Category", "zh": "类别"},
    "assignee": {"en": "Assignee", "zh": "负责人"},
    "nobody": {"en": "nobody yet", "zh": "暂无"},
    "requester": {"en": "Requester", "zh": "提问人"},
    "thread": {"en": "Thread", "zh": "原始对话"},
    "open_thread": {"en": "Open thread", "zh": "打开对话"},
    "created": {"en": "Created", "zh": "创建时间"},
    "environment": {"en": "Environment", "zh": "环境"},
    "problem": {"en": "Problem", "zh": "问题"},
    "server": {"en": "Server", "zh": "服务端"},
    "server_version": {"en": "Server version", "zh": "服务端版本"},
    "deployment": {"en": "Deployment", "zh": "部署方式"},
    "server_os": {"en": "Server OS", "zh": "服务器系统"},
    "platform": {"en": "Platform", "zh": "平台"},
    "sdk_version": {"en": "SDK version", "zh": "SDK 版本"},
    "device_model": {"en": "Device", "zh": "设备型号"},
    "os_version": {"en": "OS version", "zh": "系统版本"},
    "network": {"en": "Network", "zh": "网络"},
    "chat_type": {"en": "Chat type", "zh": "会话类型"},
    "symptom_kind": {"en": "Kind of problem", "zh": "问题类型"},
    "symptom": {"en": "Symptom", "zh": "现象"},
    "expected": {"en": "Expected", "zh": "预期结果"},
    "frequency": {"en": "Frequency", "zh": "出现频率"},
    "since": {"en": "Since", "zh": "开始出现"},
    "since_detail": {"en": "Change", "zh": "变更"},
    "last_seen": {"en": "Last seen", "zh": "最近一次"},
    "repro_steps": {"en": "Steps to reproduce", "zh": "复现步骤"},
    "no_logs_reason": {"en": "No logs because", "zh": "未提供日志的原因"},
    "other": {"en": "Other details", "zh": "其他信息"},
    "impact": {"en": "Impact", "zh": "影响"},
    "production": {"en": "Production app affected", "zh": "影响线上应用"},
    "all_users": {"en": "All users affected", "zh": "影响全部用户"},
    "workaround": {"en": "Workaround exists", "zh": "有临时方案"},
    "data_loss": {"en": "Messages or data lost", "zh": "消息或数据丢失"},
    "yes": {"en": "yes", "zh": "是"},
    "no": {"en": "no", "zh": "否"},
    "unknown": {"en": "not answered", "zh": "未回答"},
    "logs": {"en": "Logs", "zh": "日志"},
    "no_logs": {"en": "No logs attached.", "zh": "未附日志。"},
    "truncated": {"en": "truncated", "zh": "已截断"},
    "docs": {"en": "Docs already shown", "zh": "已推荐的文档"},
    "question": {"en": "Original question", "zh": "原始问题"},
    "claim": {"en": "Claim", "zh": "认领"},
    "set_status": {"en": "Set status", "zh": "设置状态"},
    "overridden": {"en": "set by", "zh": "调整人"},
    "new_ticket": {"en": "New ticket", "zh": "新工单"},
    "history_created": {"en": "created", "zh": "创建"},
    "history_by": {"en": "by", "zh": "操作人"},
}

@dataclass(frozen=True, slots=True)
class StatusName:
    """A status as engineers read it (cards, Markdown, the App Home) and as the developer
    who asked reads it in their own thread ("waiting on you")."""

    engineer: Mapping[str, str]
    developer: Mapping[str, str]


# The one table of status names.
STATUS_NAMES: Mapping[Status, StatusName] = {
    Status.OPEN: StatusName({"en": "Open", "zh": "待认领"}, {"en": "open", "zh": "待处理"}),
    Status.CLAIMED: StatusName({"en": "Claimed", "zh": "已认领"}, {"en": "claimed", "zh": "已认领"}),
    Status.IN_PROGRESS: StatusName(
        {"en": "In progress", "zh": "处理中"}, {"en": "in progress", "zh": "处理中"}
    ),
    Status.WAITING_ON_CUSTOMER: StatusName(
        {"en": "Waiting on customer", "zh": "等待客户回复"},
        {"en": "waiting on you", "zh": "等待你的回复"},
    ),
    Status.RESOLVED: StatusName({"en": "Resolved", "zh": "已解决"}, {"en": "resolved", "zh": "已解决"}),
    Status.CLOSED: StatusName({"en": "Closed", "zh": "已关闭"}, {"en": "closed", "zh": "已关闭"}),
}

CATEGORY_NAMES: Mapping[Category, Mapping[str, str]] = {
    Category.MESSAGE_DELIVERY: {"en": "Message delivery", "zh": "消息收发"},
    Category.AUDIO_VIDEO: {"en": "Audio / video quality", "zh": "音视频质量"},
    Category.CONNECTION: {"en": "Connection", "zh": "连接"},
    Category.CRASH_INTEGRATION: {"en": "Crash / integration", "zh": "崩溃 / 集成"},
    Category.PERFORMANCE: {"en": "Performance", "zh": "性能"},
    Category.SERVER_DEPLOYMENT: {"en": "Server / deployment", "zh": "服务端 / 部署"},
    Category.HOW_TO: {"en": "How-to", "zh": "使用咨询"},
    Category.FEATURE_REQUEST: {"en": "Feature request", "zh": "功能需求"},
    Category.OTHER: {"en": "Other", "zh": "其他"},
}

_BY_LANG = {lang: column(LABELS, lang) for lang in LANGS}


def language(lang: str) -> Lang:
    """``lang`` if we have labels for it, else ``"en"``."""
    return "zh" if lang == "zh" else "en"


def labels(lang: str) -> Mapping[str, str]:
    """The label table for ``lang`` (``"en"`` or ``"zh"``; anything else gets English)."""
    return _BY_LANG[language(lang)]


def status_name(status: Status | str, lang: str, *, developer: bool = False) -> str:
    """What ``status`` is called in ``lang``, for engineers or for the developer who asked.

    Example:
        >>> status_name(Status.WAITING_ON_CUSTOMER, "en"), status_name("waiting_on_customer", "en", developer=True)
        ('Waiting on customer', 'waiting on you')
    """
    name = STATUS_NAMES[Status(status)]
    return (name.developer if developer else name.engineer)[language(lang)]


def category_name(category: Category, lang: str) -> str:
    """What ``category`` is called in ``lang``."""
    return CATEGORY_NAMES[category][language(lang)]
