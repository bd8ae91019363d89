"""Extract, shared text helpers for the components that search the raw text with patterns."""

from __future__ import annotations

import re

__all__ = ["mask_urls"]

_URL = re.compile(r"(?:https?://|www\.)\S+")


def mask_urls(text: str) -> str:
    """Return ``text`` with every URL blanked out, keeping all offsets.

    Names inside a URL ("github.com/RM-R1-UIUC/RM-R1") are part of an address, not mentions.

    Example:
        >>> text = "code at https://github.com/RM-R1-UIUC/RM-R1 for RM-R1"
        >>> masked = mask_urls(text)
        >>> len(masked) == len(text), masked.count("RM-R1"), masked.startswith("code at  ")
        (True, 1, True)
    """
    return _URL.sub(lambda m: " " * len(m.group()), text)
