"""A LibreOffice kept running for one ServiceHall process (常驻 LibreOffice 转换进程).

Run by Debian's python3 (it needs ``python3-uno``), never imported by the app:

    python3 office_worker.py SOFFICE PROFILE_URL PIPE_NAME

It starts ``soffice`` listening on a private UNO pipe, connects, prints ``{"ready": true}``
and then converts one request per line read on stdin — ``{"source": DOCX, "target": PDF}`` —
answering ``{"ok": true}`` or ``{"ok": false, "error": …}`` on stdout. At the end of stdin
(the app closed it, or died) it closes LibreOffice and exits.
"""

import contextlib
import json
import subprocess
import sys
import time
from typing import Any

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]
from com.sun.star.connection import NoConnectException  # type: ignore[import-not-found]

CONNECT_TIMEOUT_S = 60.0


def prop(name: str, value: object) -> Any:  # a UNO PropertyValue
    found = PropertyValue()
    found.Name, found.Value = name, value
    return found


def answer(reply: dict[str, object]) -> None:
    sys.stdout.write(json.dumps(reply) + "\n")
    sys.stdout.flush()


def connect(process: subprocess.Popen[bytes], pipe: str) -> Any:  # the UNO Desktop
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    deadline = time.monotonic() + CONNECT_TIMEOUT_S
    while True:
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except NoConnectException:
            if process.poll() is not None:
                raise RuntimeError(f"soffice exited with status {process.returncode}") from None
            if time.monotonic() > deadline:
                raise RuntimeError("soffice did not accept a connection") from None
            time.sleep(0.05)
            continue
        return context.ServiceManager.createInstanceWithContext(
            "com.sun.star.frame.Desktop", context
        )


def convert(desktop: Any, source: str, target: str) -> None:
    document = desktop.loadComponentFromURL(
        uno.systemPathToFileUrl(source), "_blank", 0, (prop("Hidden", True), prop("ReadOnly", True))
    )
    if document is None:
        raise RuntimeError("LibreOffice could not open the document")
    try:
        # Nothing is set after loading: the DOCX lays itself out (a plain ``soffice
        # --convert-to pdf`` prints the same page, gbt9704/tests/test_same_everywhere.py).
        document.storeToURL(
            uno.systemPathToFileUrl(target), (prop("FilterName", "writer_pdf_Export"),)
        )
    finally:
        document.close(True)


def main() -> int:
    soffice, profile_url, pipe = sys.argv[1:4]
    # soffice's own output must not reach stdout, which carries the answers.
    process = subprocess.Popen(
        [
            soffice,
            f"-env:UserInstallation={profile_url}",
            "--headless",
            "--invisible",
            "--nocrashreport",
            "--nodefault",
            "--nologo",
            "--nofirststartwizard",
            "--norestore",
            "--nolockcheck",
            f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
        ],
        stdin=subprocess.DEVNULL,
        stdout=sys.stderr,
        stderr=sys.stderr,
    )
    try:
        desktop = connect(process, pipe)
    except Exception as exc:
        process.kill()
        answer({"ready": False, "error": str(exc)})
        return 1
    answer({"ready": True})
    try:
        for line in sys.stdin:
            request = json.loads(line)
            try:
                convert(desktop, request["source"], request["target"])
            except Exception as exc:
                answer({"ok": False, "error": f"{type(exc).__name__}: {exc}"})
            else:
                answer({"ok": True})
    finally:
        # LibreOffice may be gone already (the DisposedException of its bridge).
        with contextlib.suppress(Exception):
            desktop.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
