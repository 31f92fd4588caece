"""Words the ticket templates show, in English and Chinese.

Example:
    >>> labels("zh")["symptom"]
    '现象'
    >>> labels("fr")["symptom"]  # unknown languages fall back to English
    'Symptom'
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from intake.types import Category, Status

__all__ = ["CATEGORY_NAMES", "STATUS_NAMES", "labels"]

_EN: dict[str, str] = {
    "priority": "Priority",
    "due": "Response due",
    "status": "Status",
    "category": "Category",
    "assignee": "Assignee",
    "nobody": "nobody yet",
    "requester": "Requester",
    "thread": "Thread",
    "open_thread": "Open thread",
    "created": "Created",
    "environment": "Environment",
    "problem": "Problem",
    "server": "Server",
    "server_version": "Server version",
    "deployment": "Deployment",
    "server_os": "Server OS",
    "platform": "Platform",
    "sdk_version": "SDK version",
    "device_model": "Device",
    "os_version": "OS version",
    "network": "Network",
    "chat_type": "Chat type",
    "symptom_kind": "Kind of problem",
    "symptom": "Symptom",
    "expected": "Expected",
    "frequency": "Frequency",
    "since": "Since",
    "since_detail": "Change",
    "last_seen": "Last seen",
    "repro_steps": "Steps to reproduce",
    "no_logs_reason": "No logs because",
    "other": "Other details",
    "impact": "Impact",
    "production": "Production app affected",
    "all_users": "All users affected",
    "workaround": "Workaround exists",
    "data_loss": "Messages or data lost",
    "yes": "yes",
    "no": "no",
    "unknown": "not answered",
    "logs": "Logs",
    "no_logs": "No logs attached.",
    "truncated": "truncated",
    "docs": "Docs already shown",
    "question": "Original question",
    "claim": "Claim",
    "set_status": "Set status",
    "overridden": "set by",
    "new_ticket": "New ticket",
    "history_created": "created",
    "history_by": "by",
}

_ZH: dict[str, str] = {
    "priority": "优先级",
    "due": "响应截止",
    "status": "状态",
    "category": "类别",
    "assignee": "负责人",
    "nobody": "暂无",
    "requester": "提问人",
    "thread": "原始对话",
    "open_thread": "打开对话",
    "created": "创建时间",
    "environment": "环境",
    "problem": "问题",
    "server": "服务端",
    "server_version": "服务端版本",
    "deployment": "部署方式",
    "server_os": "服务器系统",
    "platform": "平台",
    "sdk_version": "SDK 版本",
    "device_model": "设备型号",
    "os_version": "系统版本",
    "network": "网络",
    "chat_type": "会话类型",
    "symptom_kind": "问题类型",
    "symptom": "现象",
    "expected": "预期结果",
    "frequency": "出现频率",
    "since": "开始出现",
    "since_detail": "变更",
    "last_seen": "最近一次",
    "repro_steps": "复现步骤",
    "no_logs_reason": "未提供日志的原因",
    "other": "其他信息",
    "impact": "影响",
    "production": "影响线上应用",
    "all_users": "影响全部用户",
    "workaround": "有临时方案",
    "data_loss": "消息或数据丢失",
    "yes": "是",
    "no": "否",
    "unknown": "未回答",
    "logs": "日志",
    "no_logs": "未附日志。",
    "truncated": "已截断",
    "docs": "已推荐的文档",
    "question": "原始问题",
    "claim": "认领",
    "set_status": "设置状态",
    "overridden": "调整人",
    "new_ticket": "新工单",
    "history_created": "创建",
    "history_by": "操作人",
}

STATUS_NAMES: Mapping[str, Mapping[Status, str]] = {
    "en": {
        Status.OPEN: "Open",
        Status.CLAIMED: "Claimed",
        Status.IN_PROGRESS: "In progress",
        Status.WAITING_ON_CUSTOMER: "Waiting on customer",
        Status.RESOLVED: "Resolved",
        Status.CLOSED: "Closed",
    },
    "zh": {
        Status.OPEN: "待认领",
        Status.CLAIMED: "已认领",
        Status.IN_PROGRESS: "处理中",
        Status.WAITING_ON_CUSTOMER: "等待客户回复",
        Status.RESOLVED: "已解决",
        Status.CLOSED: "已关闭",
    },
}

CATEGORY_NAMES: Mapping[str, Mapping[Category, str]] = {
    "en": {
        Category.MESSAGE_DELIVERY: "Message delivery",
        Category.AUDIO_VIDEO: "Audio / video quality",
        Category.CONNECTION: "Connection",
        Category.CRASH_INTEGRATION: "Crash / integration",
        Category.PERFORMANCE: "Performance",
        Category.SERVER_DEPLOYMENT: "Server / deployment",
        Category.HOW_TO: "How-to",
        Category.FEATURE_REQUEST: "Feature request",
        Category.OTHER: "Other",
    },
    "zh": {
        Category.MESSAGE_DELIVERY: "消息收发",
        Category.AUDIO_VIDEO: "音视频质量",
        Category.CONNECTION: "连接",
        Category.CRASH_INTEGRATION: "崩溃 / 集成",
        Category.PERFORMANCE: "性能",
        Category.SERVER_DEPLOYMENT: "服务端 / 部署",
        Category.HOW_TO: "使用咨询",
        Category.FEATURE_REQUEST: "功能需求",
        Category.OTHER: "其他",
    },
}

_LABELS = {"en": MappingProxyType(_EN), "zh": MappingProxyType(_ZH)}


def language(lang: str) -> str:
    """``lang`` if we have labels for it, else ``"en"``."""
    return lang if lang in _LABELS else "en"


def labels(lang: str) -> Mapping[str, str]:
    """The label table for ``lang`` (``"en"`` or ``"zh"``; anything else gets English)."""
    return _LABELS[language(lang)]
