"""Legacy office files (.doc, .wps, .rtf, .odt, .xls, .et) to a modern one through LibreOffice.

LibreOffice runs headless in a folder of its own that is deleted afterwards, with a fresh user
profile there (so no macro security setting or macro of this machine's profile applies, and
LibreOffice never runs macros of a document converted on the command line without a profile
that allows them), under a time limit, and its output is refused above a size limit.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from .limits import LimitExceeded, Limits

SOFFICE = ("soffice", "libreoffice")
TIMEOUT = 90  # seconds; a first start of LibreOffice with a fresh profile takes 5-20 s


def soffice() -> str | None:
    for name in SOFFICE:
        path = shutil.which(name)
        if path:
            return path
    return None


def convert(data: bytes, suffix: str, target: str, limits: Limits, timeout: int = TIMEOUT) -> bytes:
    """The bytes of `data` (a file ending in `suffix`) converted to `target` ("docx", "html")."""
    binary = soffice()
    if binary is None:
        raise LimitExceeded(
            "无法转换旧版 Office 文件：服务器没有安装 LibreOffice（Debian 软件包 libreoffice-writer-nogui），"
            "请另存为 .docx 后再试"
        )
    with tempfile.TemporaryDirectory(prefix="gongkai-soffice-") as tmp:
        folder = Path(tmp)
        source = folder / f"input{suffix}"
        source.write_bytes(data)
        out = folder / "out"
        out.mkdir()
        command = [
            binary,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--nodefault",
            "--nologo",
            "--convert-to",
            target,
            "--outdir",
            str(out),
            str(source),
        ]
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(folder),
            "LANG": "C.UTF-8",
            "SAL_USE_VCLPLUGIN": "svp",
        }
        try:
            proc = subprocess.Popen(
                command,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env=env,
                cwd=folder,
                start_new_session=True,
                preexec_fn=_no_core,
            )
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
                raise LimitExceeded(f"转换旧版 Office 文件超过 {timeout} 秒的时间上限，已停止") from None
        finally:
            _kill_group(proc if "proc" in locals() else None)
        produced = sorted(out.glob(f"*.{target}"))
        if not produced:
            raise LimitExceeded("无法转换这个旧版 Office 文件：文件已损坏、已加密，或不是 Word/WPS/表格文档")
        size = produced[0].stat().st_size
        if size > limits.max_bytes:
            raise LimitExceeded(f"转换后的文件超过 {limits.max_bytes // (1024 * 1024)} MB 的大小上限，已拒绝读取")
        return produced[0].read_bytes()


def _no_core() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    # LibreOffice maps far more address space than it uses: give it its own ceiling instead of
    # the reading child's (only the soft limit was lowered there, so this may raise it)
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    ceiling = 8 * 1024**3
    resource.setrlimit(resource.RLIMIT_AS, (ceiling if hard == resource.RLIM_INFINITY else min(ceiling, hard), hard))


def _kill_group(proc: subprocess.Popen[bytes] | None) -> None:
    """LibreOffice forks (oosplash → soffice.bin); nothing of it outlives the conversion."""
    if proc is None:
        return
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
