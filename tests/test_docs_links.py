"""Every relative link in the README and in docs/*.md leads somewhere: the file exists, and an anchor within a
document we write names one of its headings or ids. A reader who follows one never lands on nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = sorted([ROOT / "README.md", *(ROOT / "docs").glob("*.md")])

LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*$", re.MULTILINE)
ANCHOR_ID = re.compile(r'<a id="([^"]+)"')


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[`*_]|\[([^\]]*)\]\([^)]*\)", r"\1", heading).strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    text = FENCE.sub("", path.read_text(encoding="utf-8"))
    return {slug(h) for h in HEADING.findall(text)} | set(ANCHOR_ID.findall(text))


def links(path: Path) -> list[str]:
    text = FENCE.sub("", path.read_text(encoding="utf-8"))
    return [target for target in LINK.findall(text) if not re.match(r"[a-z][a-z0-9+.-]*:", target)]


def broken_links(document: Path) -> list[str]:
    broken = []
    for target in links(document):
        file_part, _, anchor = target.partition("#")
        destination = (document.parent / file_part).resolve() if file_part else document
        if not destination.exists():
            broken.append(f"{target}: no such file")
        elif anchor and destination.suffix == ".md" and anchor not in anchors(destination):
            broken.append(f"{target}: no heading or id '{anchor}' in {destination.name}")
    return broken


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_resolves(document: Path) -> None:
    assert broken_links(document) == []


def test_the_readme_stays_short_and_points_to_every_reader() -> None:
    """The README is a newcomer's page: at most 300 lines, and it links each reader's document."""
    readme = ROOT / "README.md"
    assert len(readme.read_text(encoding="utf-8").splitlines()) <= 300
    targets = {target.partition("#")[0] for target in links(readme)}
    for document in ("staff-sv.md", "it-support.md", "it-departments.md", "developers.md", "design.md"):
        assert f"docs/{document}" in targets
    for runbook in ("runbook-sv.md", "runbook-en.md"):
        assert f"docs/{runbook}" in targets


def test_a_broken_link_is_found(tmp_path: Path) -> None:
    """The check itself can fail: a missing file and an anchor that no heading makes are both reported."""
    (tmp_path / "b.md").write_text('# The `b` page: 2 parts\n\n<a id="part-1"></a>\n', encoding="utf-8")
    page = tmp_path / "a.md"
    page.write_text(
        "# Title\n\n[ok](b.md#the-b-page-2-parts) [ok](b.md#part-1) [ok](#title) [ok](https://x.example/#y)\n"
        "```\n[in code](nowhere.md)\n```\n[gone](c.md) [wrong](b.md#part-2) ![picture](c.png)\n",
        encoding="utf-8",
    )
    assert broken_links(page) == [
        "c.md: no such file",
        "b.md#part-2: no heading or id 'part-2' in b.md",
        "c.png: no such file",
    ]
