"""The progress report printed to PDF by headless Chromium, as a secretariat prints it:
pages come out, the text is there, and Khmer names are set in a Khmer OS font (Debian's
fonts-khmeros). scripts/test-python.sh installs chromium and fonts-khmeros when they are
missing, so this runs in the test command; without chromium it fails, saying so (a report
nobody looked at is not a tested report)."""

from __future__ import annotations

import json
import shutil
import subprocess
import unicodedata
from pathlib import Path
from typing import Any, List, Set

import pypdf

import planwatch
from conftest import NSP

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
KHMER_PROVINCE = "ខេត្តកណ្ដាល"
KHMER_PLAN = "ផែនការយុទ្ធសាស្ត្រជាតិ"


def _khmer_copy(tmp: Path) -> Path:
    """The NSP data with a province and the plan's title also in Khmer."""
    out = tmp / "nsp-km"
    shutil.copytree(NSP, out, ignore=shutil.ignore_patterns("tables", "*.py", "*.md"))
    plan = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    plan["title"] = f"{KHMER_PLAN} {plan['title']}"
    for org in plan["organisations"]:
        if org["id"] == "pcct-kandal":
            org["name"] = KHMER_PROVINCE
    (out / "plan.json").write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    return out


def _fonts(reader: Any) -> Set[str]:
    names: Set[str] = set()
    for page in reader.pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for ref in fonts.values():
            names.add(str(ref.get_object().get("/BaseFont", "")))
    return names


def test_report_prints_to_pdf_with_khmer_fonts(tmp_path: Path) -> None:
    assert CHROMIUM is not None, "chromium is needed: scripts/test-python.sh installs it"
    plan = planwatch.load(_khmer_copy(tmp_path))
    report = plan.evaluate("2021-06-30").report()
    html = tmp_path / "report.html"
    report.save(html)
    pdf = tmp_path / "report.pdf"
    subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            html.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    reader = pypdf.PdfReader(str(pdf))
    assert len(reader.pages) >= 3, "a report of 235 activities and 11 charts fills pages"
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    # NFKC undoes the ligatures the PDF's text carries (ﬃ in "Trafficking").
    flat = " ".join(unicodedata.normalize("NFKC", text).split())
    for needle in [
        "Progress report for 2021Q2",
        "1. Activities",
        "2. Reporting completeness and timeliness",
        "3. Indicators against their targets",
        "6. Findings by severity",
        "Trafficking cases investigated",
    ]:
        assert needle in flat, needle
    # The charts are drawn as vector paths with their axis labels as text.
    assert "2021Q1" in flat
    fonts: List[str] = sorted(_fonts(reader))
    assert any("Khmer" in f for f in fonts), f"no Khmer font among {fonts}"
    assert any("Khmer" not in f for f in fonts), f"Latin text in a Khmer font only: {fonts}"
