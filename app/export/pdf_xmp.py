"""The XMP metadata packet of an exported PDF (Dublin Core title, creators, description, subjects)."""

from __future__ import annotations

from datetime import UTC, datetime
from xml.sax.saxutils import escape


def xmp_packet(*, title: str, authors: str, subject: str, keywords: list[str], language: str, tool: str) -> bytes:
    """An XMP packet for ``QPdfWriter.setDocumentXmpMetadata``."""
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    creators = "".join(f"<rdf:li>{escape(a)}</rdf:li>" for a in [authors] if a)
    subjects = "".join(f"<rdf:li>{escape(k)}</rdf:li>" for k in keywords)
    lang = f"<dc:language><rdf:Bag><rdf:li>{escape(language)}</rdf:li></rdf:Bag></dc:language>" if language else ""
    xml = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">\n'
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li></rdf:Alt></dc:title>\n'
        f"<dc:creator><rdf:Seq>{creators}</rdf:Seq></dc:creator>\n"
        f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{escape(subject)}</rdf:li></rdf:Alt></dc:description>\n'
        f"<dc:subject><rdf:Bag>{subjects}</rdf:Bag></dc:subject>\n{lang}\n"
        "<dc:format>application/pdf</dc:format>\n"
        f"<xmp:CreatorTool>{escape(tool)}</xmp:CreatorTool>\n"
        f"<xmp:CreateDate>{now}</xmp:CreateDate>\n<xmp:ModifyDate>{now}</xmp:ModifyDate>\n"
        f"<pdf:Keywords>{escape(', '.join(keywords))}</pdf:Keywords>\n"
        f"<pdf:Producer>{escape(tool)}</pdf:Producer>\n"
        "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n"
        '<?xpacket end="w"?>'
    )
    return xml.encode("utf-8")
