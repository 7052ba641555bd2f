"""The child process that reads one uploaded document: ``python -I extract_child.py FORMAT PATH [limits]``.

Parsing a hostile file can take minutes and gigabytes (a small DOCX or ODT can inflate to gigabytes, a small PDF can
hold millions of text operators), so the parent (search/extraction.py) never parses in its own process: it runs this
module in isolated mode (``-I``: no environment variables, no user site, not even its own folder on ``sys.path``),
kills it after a wall-clock timeout, and this process caps its own address space, CPU time, output size and open
files before it imports any parser. It needs no Django and no database: a file path in, plain text out on stdout.

Exit codes: 0 text written; EXIT_ERROR a file that cannot be read (the reason on stderr); EXIT_MEMORY the memory
limit; EXIT_UNPACKED / EXIT_MEMBERS a ZIP-based file (DOCX, ODT) refused before parsing.
"""

from __future__ import annotations

import argparse
import sys

EXIT_ERROR = 10
EXIT_MEMORY = 11
EXIT_UNPACKED = 12
EXIT_MEMBERS = 13
MAX_PDF_PAGES = 300
ZIP_FORMATS = {"docx", "odt"}


class Refused(Exception):
    """The file is refused before parsing; ``code`` is the exit code that tells the parent why."""

    def __init__(self, code: int, message: str):
        super().__init__(message)
        self.code = code


def set_limits(memory_mb: int, cpu_seconds: int, max_output_bytes: int) -> None:
    """Cap this process before any parser runs (Unix only; elsewhere the parent's timeout is the only limit)."""
    try:
        import resource
    except ImportError:  # pragma: no cover - not Linux/macOS
        return
    limits = [
        (resource.RLIMIT_AS, memory_mb * 1024 * 1024),
        (resource.RLIMIT_CPU, cpu_seconds),
        # stdout and stderr are files of the parent's: a runaway writer is stopped at this size.
        (resource.RLIMIT_FSIZE, max_output_bytes + 1024 * 1024),
        (resource.RLIMIT_CORE, 0),
        (resource.RLIMIT_NOFILE, 64),
    ]
    for kind, value in limits:
        hard = resource.getrlimit(kind)[1]
        if hard != resource.RLIM_INFINITY:
            value = min(value, hard)
        # The CPU limit sends SIGXCPU at the soft limit and SIGKILL at the hard one, a little later.
        new_hard = value + 5 if kind == resource.RLIMIT_CPU else value
        if hard != resource.RLIM_INFINITY:
            new_hard = min(new_hard, hard)
        resource.setrlimit(kind, (value, new_hard))


def near_memory_limit(memory_mb: int) -> bool:
    """Whether this process came close to its memory limit (peak resident size over 80% of it)."""
    try:
        import resource
    except ImportError:  # pragma: no cover
        return False
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux
    return peak_mb >= 0.8 * memory_mb


def check_zip(path: str, max_unpacked_bytes: int, max_members: int) -> None:
    """Refuse a ZIP whose declared contents are absurd; zipfile never inflates a member past its declared size."""
    import zipfile

    with zipfile.ZipFile(path) as archive:
        members = archive.infolist()
        if len(members) > max_members:
            raise Refused(EXIT_MEMBERS, f"{len(members)} files inside")
        unpacked = sum(member.file_size for member in members)
        if unpacked > max_unpacked_bytes:
            raise Refused(EXIT_UNPACKED, f"{unpacked} bytes when unpacked")


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def _pdf(path: str, max_chars: int) -> list[str]:
    from pypdf import PdfReader

    parts, length = [], 0
    for page in PdfReader(path).pages[:MAX_PDF_PAGES]:
        text = page.extract_text() or ""
        parts.append(text)
        length += len(text)
        if length >= max_chars:  # enough text: the remaining pages are never parsed
            break
    return parts


def _docx(path: str, max_chars: int) -> list[str]:
    from docx import Document

    document = Document(path)
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" ".join(cell.text for cell in row.cells))
    return parts


def _odt(path: str, max_chars: int) -> list[str]:
    from odf import teletype, text
    from odf.opendocument import load

    document = load(path)
    return [teletype.extractText(element) for element in document.getElementsByType(text.P)]


def _csv(path: str, max_chars: int) -> list[str]:
    import csv
    import io

    with open(path, "rb") as handle:
        data = _decode(handle.read(max_chars * 2))
    return [" ".join(row) for row in csv.reader(io.StringIO(data))]


def _txt(path: str, max_chars: int) -> list[str]:
    with open(path, "rb") as handle:
        return [_decode(handle.read(max_chars * 2))]


EXTRACTORS = {"pdf": _pdf, "docx": _docx, "odt": _odt, "csv": _csv, "txt": _txt}


def extract(file_format: str, path: str, max_chars: int, max_unpacked_bytes: int, max_members: int) -> str:
    """The file's text, whitespace collapsed and cut at max_chars."""
    if file_format in ZIP_FORMATS:
        check_zip(path, max_unpacked_bytes, max_members)
    parts = EXTRACTORS[file_format](path, max_chars)
    return " ".join("\n".join(parts).split())[:max_chars]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("format", choices=sorted(EXTRACTORS))
    parser.add_argument("path")
    parser.add_argument("--max-chars", type=int, default=200_000)
    parser.add_argument("--memory-mb", type=int, default=512)
    parser.add_argument("--cpu-seconds", type=int, default=20)
    parser.add_argument("--max-unpacked-bytes", type=int, default=100 * 1024 * 1024)
    parser.add_argument("--max-members", type=int, default=2000)
    args = parser.parse_args(argv)
    set_limits(args.memory_mb, args.cpu_seconds, args.max_chars * 4)

    import logging
    import warnings

    logging.disable(logging.CRITICAL)  # parsers' warnings about odd files are noise here; only the outcome counts
    warnings.simplefilter("ignore")
    try:
        text = extract(args.format, args.path, args.max_chars, args.max_unpacked_bytes, args.max_members)
    except Refused as refused:
        sys.stderr.write(str(refused))
        return refused.code
    except MemoryError:
        return EXIT_MEMORY
    except Exception as error:  # every parser error is reported, never raised
        if near_memory_limit(args.memory_mb):  # C parsers (lxml) report a failed allocation as a parse error
            return EXIT_MEMORY
        sys.stderr.write(f"{type(error).__name__}: {error}"[:500])
        return EXIT_ERROR
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
