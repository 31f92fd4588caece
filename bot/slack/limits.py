"""Slack's size limits, defined once for every message, card and view we build.

From https://api.slack.com/reference/block-kit (blocks, block elements, composition
objects) and https://api.slack.com/surfaces/modals. Slack rejects a whole message
or view that breaks one of them, so renderers cut to these, and a test checks
rendered output against the fake Slack's own copy of the rules.
"""

from __future__ import annotations

MAX_BLOCKS = 50  # blocks in one message
MAX_HEADER = 150  # header block text
MAX_SECTION = 3000  # section block text
MAX_FIELDS = 10  # fields in one section block
MAX_FIELD = 2000  # one section field
MAX_CONTEXT = 10  # elements in a context block
MAX_BUTTON_TEXT = 75  # button and select option text (plain_text)
MAX_VALUE = 2000  # button value
MAX_OPTION_VALUE = 150  # select option value
MAX_PLACEHOLDER = 150  # input and select placeholder
MAX_LABEL = 2000  # input block label
MAX_MODAL_TITLE = 24  # modal title, submit and close buttons
