"""Bounded work on files from outside (uploads, folders given to the CLI), without Django.

A hostile or broken file must never stall a worker: every file is read in a forked child process
with a memory and CPU budget and a wall-clock deadline, and the cheap checks (pages, decompressed
bytes, ZIP compression ratio, paragraphs, characters) refuse it before the expensive reading
starts. Every refusal is a LimitExceeded whose Chinese message names the limit.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import pickle
import re
import resource
import signal
import zipfile
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection
from typing import Any, Callable, Iterator, TypeVar, cast

T = TypeVar("T")

MIB = 1024 * 1024


class LimitExceeded(Exception):
    """A file over one of the limits; the message is Chinese and names the limit."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 50 * MIB  # the file itself
    max_pages: int = 300  # PDF pages
    max_ocr_pages: int = 40  # scanned pages read by OCR (each takes seconds)
    max_unpacked: int = 200 * MIB  # decompressed bytes of a ZIP-based file or ZIP, all members
    max_ratio: int = 100  # decompressed/compressed of one ZIP member (a bomb is 1000:1 and more)
    max_paragraphs: int = 200_000  # paragraphs of a Word document
    max_chars: int = 5_000_000  # characters of text
    seconds: int = 120  # wall time for one file (a scan: for each page read by OCR)
    memory: int = 1024 * MIB  # memory beyond what the process already had

    def with_seconds(self, seconds: int) -> "Limits":
        return replace(self, seconds=seconds)


DEFAULT = Limits()


def _mb(n: int) -> str:
    return f"{n // MIB} MB"


def too_many_pages(pages: int, limits: Limits) -> LimitExceeded:
    return LimitExceeded(f"PDF 共 {pages} 页，超过每个文件 {limits.max_pages} 页的上限，已拒绝读取")


def check_bytes(size: int, limits: Limits) -> None:
    if size > limits.max_bytes:
        raise LimitExceeded(f"文件超过 {_mb(limits.max_bytes)} 的大小上限，已拒绝读取")


def check_chars(text: str, limits: Limits) -> None:
    if len(text) > limits.max_chars:
        raise LimitExceeded(f"文字超过 {limits.max_chars} 字的上限，已拒绝读取")


# ---- ZIP: declared sizes are never trusted; members are streamed with a cap ----


def zip_open(data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise LimitExceeded("压缩文件已损坏，无法打开") from exc


def _check_ratio(info: zipfile.ZipInfo, limits: Limits) -> None:
    if info.file_size > MIB and info.file_size > limits.max_ratio * max(info.compress_size, 1):
        raise LimitExceeded(
            f"压缩包中的“{info.filename}”压缩比超过 {limits.max_ratio}:1 的上限（疑似压缩炸弹），已拒绝读取"
        )


def zip_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits, cap: int | None = None) -> bytes:
    """One member's bytes, read in chunks and stopped at `cap` (default max_bytes), whatever the
    header claims; the compression ratio is checked on the header and again on what came out."""
    cap = limits.max_bytes if cap is None else cap
    _check_ratio(info, limits)
    if info.file_size > cap:
        raise LimitExceeded(f"压缩包中的“{info.filename}”解压后超过 {_mb(cap)} 的上限，已拒绝读取")
    out = bytearray()
    try:
        with archive.open(info) as fh:
            while chunk := fh.read(MIB):
                out += chunk
                if len(out) > cap:
                    raise LimitExceeded(f"压缩包中的“{info.filename}”解压后超过 {_mb(cap)} 的上限，已拒绝读取")
                if len(out) > MIB and len(out) > limits.max_ratio * max(info.compress_size, 1):
                    raise LimitExceeded(
                        f"压缩包中的“{info.filename}”压缩比超过 {limits.max_ratio}:1 的上限（疑似压缩炸弹），已拒绝读取"
                    )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, RuntimeError, ValueError) as exc:
        raise LimitExceeded(f"压缩包中的“{info.filename}”已损坏或已加密，无法读取") from exc
    return bytes(out)


def zip_members(archive: zipfile.ZipFile, limits: Limits) -> Iterator[tuple[zipfile.ZipInfo, bytes]]:
    """(info, bytes) of every file member, one at a time, the total bounded by max_unpacked."""
    total = 0
    for info in archive.infolist():
        if info.is_dir():
            continue
        data = zip_member(archive, info, limits, cap=min(limits.max_bytes, limits.max_unpacked - total))
        total += len(data)
        yield info, data


def office_zip_check(data: bytes, limits: Limits, main_part: str) -> None:
    """An Office Open XML file (DOCX, XLSX): every member streamed once under the caps, and the
    Word document's paragraphs counted before any XML parser builds a tree of them."""
    archive = zip_open(data)
    total = 0
    for info in archive.infolist():
        if info.is_dir():
            continue
        _check_ratio(info, limits)
        total += info.file_size
        if total > limits.max_unpacked:
            raise LimitExceeded(f"文件解压后超过 {_mb(limits.max_unpacked)} 的上限，已拒绝读取")
    if main_part in archive.namelist():
        xml = zip_member(archive, archive.getinfo(main_part), limits, cap=limits.max_unpacked)
        if main_part == "word/document.xml":
            paragraphs = len(re.findall(rb"<w:p[ >/]", xml))
            if paragraphs > limits.max_paragraphs:
                raise LimitExceeded(
                    f"Word 文档有 {paragraphs} 个段落，超过 {limits.max_paragraphs} 个的上限，已拒绝读取"
                )


# ---- the child process ----


def _vm_size() -> int:
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


_beat_to: Connection | None = None  # the connection to the parent, in a child


def heartbeat() -> None:
    """Said by slow readers (OCR) after each page: the parent gives the next page its own
    wall-time budget. Nothing outside a child."""
    if _beat_to is not None:
        _beat_to.send(BEAT)


BEAT = "beat"


def _child(
    conn: Connection, func: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any], limits: Limits
) -> None:
    global _beat_to
    _beat_to = conn
    os.setpgid(0, 0)  # its own process group: a stopped child takes Tesseract with it
    # the budget comes on top of what the forked process already maps (libraries, Django)
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    budget = _vm_size() + limits.memory
    if hard == resource.RLIM_INFINITY or budget < hard:
        resource.setrlimit(resource.RLIMIT_AS, (budget, hard))
    cpu = limits.seconds * (1 + limits.max_ocr_pages)  # the wall clock bounds each page; this, all
    _soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if hard == resource.RLIM_INFINITY or cpu < hard:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, hard))
    try:
        result: tuple[bool, Any] = (True, func(*args, **kwargs))
    except MemoryError:
        result = (False, _over_memory(limits))
    except RecursionError:
        result = (False, LimitExceeded("文件结构嵌套过深，已拒绝读取"))
    except BaseException as exc:  # sent to the parent, which raises it there
        result = (False, exc)
    if not result[0]:
        try:  # an exception that does not come back whole keeps its message
            pickle.loads(pickle.dumps(result[1]))
        except Exception:
            result = (False, LimitExceeded(getattr(result[1], "message", None) or str(result[1])))
    conn.send(result)
    conn.close()


def _over_memory(limits: Limits) -> LimitExceeded:
    return LimitExceeded(f"读取这个文件需要的内存超过 {_mb(limits.memory)} 的上限，已停止")


def _over_time(limits: Limits) -> LimitExceeded:
    return LimitExceeded(
        f"读取这个文件（扫描件：其中一页）超过 {limits.seconds} 秒的时间上限，已停止（文件可能已损坏或结构异常）"
    )


def run_limited(func: Callable[..., T], *args: Any, limits: Limits = DEFAULT, **kwargs: Any) -> T:
    """func(*args, **kwargs) in a forked child under the memory, CPU and wall-time limits; its
    result or exception comes back here. LimitExceeded when the child is over a limit."""
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child, args=(send, func, args, kwargs, limits))
    child.start()
    send.close()
    try:
        while True:
            if not receive.poll(limits.seconds + 1):
                raise _over_time(limits)
            try:
                message = receive.recv()
            except (EOFError, OSError):
                child.join(5)
                if child.exitcode in (-signal.SIGXCPU, -signal.SIGKILL):
                    raise _over_time(limits) from None
                raise _over_memory(limits) from None
            if message != BEAT:
                ok, value = message
                break
    finally:
        if child.is_alive():
            try:
                os.killpg(cast(int, child.pid), signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                child.kill()
        child.join()
        receive.close()
    if ok:
        return cast(T, value)
    raise value
