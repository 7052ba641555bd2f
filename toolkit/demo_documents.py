"""Small, real demonstration files for the toolkits: a PDF, a Word and an OpenDocument template, and a CSV.

They are kept in ``toolkit/demo_files/`` so downloads and "download everything" work out of the box; this module
writes them (deterministically: the same bytes every time) and needs no library beyond Python's own. Run
``.venv/bin/python -m toolkit.demo_documents`` to write them again after changing the texts below. Every file says
on its first line that it is a demonstration file, not the programme's product.
"""

from __future__ import annotations

import csv
import io
import textwrap
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

DEMO_FILES_DIR = Path(__file__).resolve().parent / "demo_files"
FIXED_TIME = (2025, 9, 1, 0, 0, 0)  # a fixed timestamp inside the archives, so the bytes never change
NOTICE = (
    "Demonstration file: this is not the programme's own product. It shows how a toolkit's files are offered "
    "on this site. The real products are published by UCL's Institute of Health Equity and Barnardo's."
)

READINESS_GUIDE = {
    "title": "Child Health Equity Readiness Tool: guide (demonstration file)",
    "sections": [
        (
            "What the tool is for",
            [
                "The Child Health Equity Readiness Tool was published in September 2025 as one of the legacy products "
                "of the Children and Young People's Health Equity Collaborative.",
                "It is for Integrated Care Boards to reflect on how ready they are to act on the social determinants "
                "of health, reduce inequalities and improve child health equity, and to inform investment and "
                "commissioning.",
            ],
        ),
        (
            "What the tool contains",
            [
                "Why use this tool; ICS reflections; policy context; how to complete; action plan; resources; contact.",
            ],
        ),
        ("Printing", ["This guide fits on one A4 page, so it does not need double-sided printing."]),
    ],
}

VOICE_GUIDE = {
    "title": "Voice and Influence Tool: getting started (demonstration file)",
    "sections": [
        (
            "What the tool is",
            [
                "The Children and Young People's Voice and Influence Tool was published in September 2025 as one of "
                "the Collaborative's legacy products. It is grounded in the UN Convention on the Rights of the Child.",
            ],
        ),
        (
            "What the tool contains",
            [
                "Welcome; getting started; results and next steps; policy context; voice in practice; "
                "case studies; about."
            ],
        ),
        (
            "Related practice",
            [
                "Youth Focus North West uses the Lundy model of participation: Space, Voice, Audience and Influence.",
            ],
        ),
    ],
}

ACTION_PLAN = {
    "title": "Readiness Tool action plan template (demonstration file)",
    "sections": [
        ("About this template", [NOTICE]),
        (
            "Action plan",
            [
                "For each action, write down: the action; who leads it; by when; how you will know it has worked.",
            ],
        ),
        ("Action 1", ["Action:", "Who leads it:", "By when:", "How we will know it has worked:"]),
        ("Action 2", ["Action:", "Who leads it:", "By when:", "How we will know it has worked:"]),
    ],
}

ENGAGEMENT_PARTNERS = {
    "title": "How three ICSs work with children and young people: engagement partners (demonstration file)",
    "header": ["integrated_care_system", "group_that_ran_2023_engagement_sessions", "note"],
    "rows": [
        [
            "Birmingham and Solihull",
            "Birmingham Voluntary Service Council",
            "Sessions ran in July and August 2023 using Barnardo's Voice and Influence resources.",
        ],
        [
            "Cheshire and Merseyside",
            "Youth Focus North West",
            "Youth Focus North West uses the Lundy model of participation (Space, Voice, Audience, Influence).",
        ],
        [
            "South Yorkshire",
            "Chilypep",
            "The South Yorkshire Children and Young People's Alliance, set up in July 2022, co-created its third "
            "conference with young people.",
        ],
    ],
}

# File name -> (document title, builder)
FILES = {
    "readiness-tool-guide.pdf": READINESS_GUIDE["title"],
    "readiness-action-plan-template.docx": ACTION_PLAN["title"],
    "readiness-action-plan-template.odt": ACTION_PLAN["title"].replace(
        "(demonstration file)", "(OpenDocument, demonstration file)"
    ),
    "voice-and-influence-getting-started.pdf": VOICE_GUIDE["title"],
    "three-ics-engagement-partners.csv": ENGAGEMENT_PARTNERS["title"],
}


# PDF -------------------------------------------------------------------------------------------------------------


def _pdf_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def pdf_bytes(title: str, sections: list) -> bytes:
    """A one-page A4 PDF with a title, headings and wrapped paragraphs in Helvetica (Latin-1 text only)."""
    commands = ["BT", "/F2 16 Tf", "56 786 Td", "18 TL"]
    for line in textwrap.wrap(title, 60):
        commands.append(f"({_pdf_text(line)}) Tj T*")
    commands += ["/F1 10 Tf", "14 TL", "T*"]
    for line in textwrap.wrap(NOTICE, 95):
        commands.append(f"({_pdf_text(line)}) Tj T*")
    for heading, paragraphs in sections:
        commands += ["T*", "/F2 12 Tf", f"({_pdf_text(heading)}) Tj T*", "/F1 11 Tf"]
        for paragraph in paragraphs:
            for line in textwrap.wrap(paragraph, 90):
                commands.append(f"({_pdf_text(line)}) Tj T*")
    commands.append("ET")
    stream = "\n".join(commands).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /Lang (en-GB) /ViewerPreferences << /DisplayDocTitle true >> >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Title (" + _pdf_text(title).encode("latin-1") + b") /Producer (CHEC knowledge hub demo) >>",
    ]
    output = io.BytesIO()
    output.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(output.tell())
        output.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = output.tell()
    output.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        output.write(f"{offset:010d} 00000 n \n".encode())
    trailer = f"<< /Size {len(objects) + 1} /Root 1 0 R /Info {len(objects)} 0 R >>"
    output.write(f"trailer\n{trailer}\nstartxref\n{xref}\n%%EOF\n".encode())
    return output.getvalue()


# Word (DOCX) and OpenDocument (ODT) --------------------------------------------------------------------------------


def _zip(members: list[tuple[str, str, int]]) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        for name, text, compression in members:
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = compression
            archive.writestr(info, text.encode("utf-8"))
    return output.getvalue()


def docx_bytes(title: str, sections: list) -> bytes:
    """A minimal Word document with real heading styles (so screen readers can navigate it) and a title."""
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

    def paragraph(text, style=None):
        properties = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
        return f'<w:p>{properties}<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'

    body = [paragraph(title, "Title")]
    for heading, paragraphs in sections:
        body.append(paragraph(heading, "Heading1"))
        body += [paragraph(text) for text in paragraphs]
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {w}>'
        f"<w:body>{''.join(body)}</w:body></w:document>"
    )

    def style(style_id, name, size, outline=None):
        level = f'<w:outlineLvl w:val="{outline}"/>' if outline is not None else ""
        return (
            f'<w:style w:type="paragraph" w:styleId="{style_id}"><w:name w:val="{name}"/><w:basedOn w:val="Normal"/>'
            f'<w:pPr>{level}</w:pPr><w:rPr><w:b/><w:sz w:val="{size}"/></w:rPr></w:style>'
        )

    styles = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles {w}>'
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
        '<w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial"/><w:sz w:val="24"/></w:rPr></w:style>'
        f"{style('Title', 'Title', 36)}{style('Heading1', 'heading 1', 30, 0)}</w:styles>"
    )
    core = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<dc:title>{escape(title)}</dc:title><dc:language>en-GB</dc:language></cp:coreProperties>"
    )
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        '<Override PartName="/word/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
        '<Override PartName="/docProps/core.xml" '
        'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>'
    )
    relationships = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="word/document.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
        'core-properties" Target="docProps/core.xml"/></Relationships>'
    )
    document_relationships = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
        'Target="styles.xml"/></Relationships>'
    )
    deflated = zipfile.ZIP_DEFLATED
    return _zip(
        [
            ("[Content_Types].xml", content_types, deflated),
            ("_rels/.rels", relationships, deflated),
            ("docProps/core.xml", core, deflated),
            ("word/document.xml", document, deflated),
            ("word/styles.xml", styles, deflated),
            ("word/_rels/document.xml.rels", document_relationships, deflated),
        ]
    )


def odt_bytes(title: str, sections: list) -> bytes:
    """A minimal OpenDocument text file with outline headings and a title."""
    namespaces = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"'
    )
    body = [f'<text:h text:outline-level="1">{escape(title)}</text:h>']
    for heading, paragraphs in sections:
        body.append(f'<text:h text:outline-level="2">{escape(heading)}</text:h>')
        body += [f"<text:p>{escape(text)}</text:p>" for text in paragraphs]
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {namespaces} office:version="1.2">'
        f"<office:body><office:text>{''.join(body)}</office:text></office:body></office:document-content>"
    )
    meta = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-meta {namespaces} office:version="1.2">'
        f"<office:meta><dc:title>{escape(title)}</dc:title><dc:language>en-GB</dc:language></office:meta>"
        "</office:document-meta>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        '<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    return _zip(
        [
            ("mimetype", "application/vnd.oasis.opendocument.text", zipfile.ZIP_STORED),  # first, uncompressed
            ("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED),
            ("content.xml", content, zipfile.ZIP_DEFLATED),
            ("meta.xml", meta, zipfile.ZIP_DEFLATED),
        ]
    )


def csv_bytes(data: dict) -> bytes:
    output = io.StringIO()
    writer = csv.writer(output, lineterminator="\r\n")
    writer.writerow(data["header"])
    writer.writerows(data["rows"])
    return output.getvalue().encode("utf-8")


def build() -> dict[str, bytes]:
    """Every demonstration file, by file name."""
    action_plan_sections = ACTION_PLAN["sections"]
    return {
        "readiness-tool-guide.pdf": pdf_bytes(READINESS_GUIDE["title"], READINESS_GUIDE["sections"]),
        "readiness-action-plan-template.docx": docx_bytes(ACTION_PLAN["title"], action_plan_sections),
        "readiness-action-plan-template.odt": odt_bytes(ACTION_PLAN["title"], action_plan_sections),
        "voice-and-influence-getting-started.pdf": pdf_bytes(VOICE_GUIDE["title"], VOICE_GUIDE["sections"]),
        "three-ics-engagement-partners.csv": csv_bytes(ENGAGEMENT_PARTNERS),
    }


def write(directory: Path = DEMO_FILES_DIR) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in build().items():
        path = directory / name
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
            written.append(path)
    return written


if __name__ == "__main__":
    for path in write():
        print(f"wrote {path}")
