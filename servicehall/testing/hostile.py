"""Hostile files for the tests and the soak (恶意文件样本): built as the programs that write
them do, so an importer meets what an attacker or a careless author would upload."""

from __future__ import annotations


def workbook_with_external_link(header: list[str], row: list[str]) -> bytes:
    """A workbook of ``header`` and one ``row`` whose B2 reads another file, as Excel writes it
    (an externalLink part pointing at 台账.xlsx on the author's disk): a hostile upload."""
    import io
    import zipfile

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.worksheets[0]
    sheet.append(header)
    sheet.append(row)
    sheet["B2"] = "=[1]Sheet1!A1"
    plain = io.BytesIO()
    book.save(plain)
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    source, out = zipfile.ZipFile(plain), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as linked:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/workbook.xml":
                data = data.replace(
                    b"</workbook>",
                    f'<externalReferences xmlns:r="{rel}"><externalReference r:id="rId99"/>'
                    "</externalReferences></workbook>".encode(),
                )
            elif item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    f'<Relationship Id="rId99" Type="{rel}/externalLink" '
                    'Target="externalLinks/externalLink1.xml"/></Relationships>'.encode(),
                )
            elif item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/externalLinks/externalLink1.xml" ContentType="'
                    b'application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"'
                    b"/></Types>",
                )
            linked.writestr(item, data)
        linked.writestr(
            "xl/externalLinks/externalLink1.xml",
            f'<externalLink xmlns="{main}" xmlns:r="{rel}"><externalBook r:id="rId1">'
            '<sheetNames><sheetName val="Sheet1"/></sheetNames></externalBook></externalLink>',
        )
        linked.writestr(
            "xl/externalLinks/_rels/externalLink1.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/externalLinkPath" '
            'Target="file:///C:/内部/台账.xlsx" TargetMode="External"/></Relationships>',
        )
    return out.getvalue()
