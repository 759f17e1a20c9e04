"""The checks every ZIP we read passes first, a survey package or an .xlsx ledger alike.

A ZIP is judged by its central directory before anything is unpacked: no two members of the same name
(readers disagree on which one counts), no more than MAX_UNPACKED_BYTES in all once unpacked, no member
compressed more than MAX_RATIO times (a zip bomb); then every member is inflated once in small pieces,
never past the size it declared, so a header that lies cannot inflate memory either.
"""

from __future__ import annotations

import zipfile
from collections import Counter

MAX_FILE_BYTES = 200 * 1024 * 1024  # the file as it arrives
MAX_UNPACKED_BYTES = 500 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed; CSV, JSON and sheet XML of a ledger compress ~5-30x
_CHUNK = 1 << 20


def archive_refusal(archive: zipfile.ZipFile, *, max_unpacked: int = MAX_UNPACKED_BYTES,
                    max_ratio: int = MAX_RATIO, inflate: bool = True) -> tuple[str, str] | None:
    """Why the archive is refused, (Chinese, English) with the limit named, or None when it passes.

    `inflate=False` skips the trial inflation, for a caller that reads every member capped itself."""
    infos = archive.infolist()
    twice = sorted(name for name, n in Counter(i.filename for i in infos).items() if n > 1)
    if twice:
        return (f"含重名成员 {twice[0]!r}（同名成员只许一个）", f"member name {twice[0]!r} appears more than once")
    declared = sum(i.file_size for i in infos)
    if declared > max_unpacked:
        return (f"解压后共 {declared} 字节，超过上限 {max_unpacked} 字节",
                f"{declared} bytes unpacked exceeds the limit of {max_unpacked} bytes")
    for info in infos:
        if info.compress_size and info.file_size / info.compress_size > max_ratio:
            ratio = info.file_size / info.compress_size
            return (f"成员 {info.filename} 压缩比 {ratio:.0f} 超过上限 {max_ratio}（疑似 zip 炸弹）",
                    f"member {info.filename} has compression ratio {ratio:.0f}, above the limit of {max_ratio} "
                    f"(a zip bomb)")
    for info in infos if inflate else ():
        if not _inflates_as_declared(archive, info):
            return (f"成员 {info.filename} 实际大小超过声明或已损坏", f"member {info.filename} is larger than declared "
                                                                f"or corrupt")
    return None


def _inflates_as_declared(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    size = 0
    try:
        with archive.open(info) as member:
            while chunk := member.read(_CHUNK):
                size += len(chunk)
                if size > info.file_size:
                    return False
    except (zipfile.BadZipFile, EOFError, OSError, ValueError):
        return False
    return True
