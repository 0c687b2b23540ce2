"""Hostile names, encodings and shapes: each input is stored with its text, or refused with its real reason."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from dossier.cli import cli
from dossier.ingest.decode import decoded_text
from dossier.records import Article
from dossier.store import queries
from dossier.store.db import connect
from tests.conftest import RESOURCES

ARTICLE = (RESOURCES / "bad" / "article.html").read_bytes()
PLAIN = (
    "Harbour council approves flood wall after two-year dispute\n\n"
    "The harbour council voted on Tuesday to build a flood wall along the old quay, ending a dispute that has "
    "divided the town for two years. Fishermen who opposed the plan said the wall would cut them off from "
    "their boats, while shop owners on the quay welcomed the decision after three floods in five winters.\n\n"
    "The wall will cost about 4 million euros and is due to be finished before the winter storms of next year, "
    "the council's engineer told the meeting, which ran late into the evening."
)
CHINESE = (
    "国务院发布加强防汛工作的通知\n\n"
    "国务院办公厅今天发布通知，要求各地区各部门切实做好今年汛期的防汛抗旱工作。通知指出，今年入汛以来，"
    "南方多地降雨偏多，部分河流出现超警戒水位，防汛形势严峻复杂。通知要求各地加强监测预警，及时转移受威胁群众，"
    "确保人民群众生命财产安全。\n\n"
    "通知还要求，各级防汛指挥机构要严格执行值班制度，加强对水库、堤防等重点部位的巡查防守，发现险情及时处置。"
    "气象部门预计，未来一周长江中下游地区仍将有强降雨过程，局部地区可能出现大暴雨。"
)
JAPANESE = (
    "政府、新たな経済対策を決定\n\n"
    "政府は本日の臨時閣議で、物価高に対応するための新たな経済対策を決定した。対策には、電気料金やガス料金の"
    "負担を軽減する補助金の延長や、中小企業の賃上げを後押しする税制の拡充が盛り込まれた。首相は記者会見で、"
    "国民の暮らしを守るために必要な措置を速やかに実行すると述べた。\n\n"
    "経済対策の規模は国と地方を合わせておよそ二十兆円となる見通しで、政府は今月中に補正予算案を国会に提出する方針だ。"
    "野党からは、財源の裏付けが不十分だとの批判も出ている。"
)


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, ["ingest", "-q", "--no-annotate", *map(str, args)])


def stored(db_path: Path) -> dict[str, Article]:
    db = connect(db_path, readonly=True)
    try:
        return {doc.source: doc for doc in queries.documents(db)}
    finally:
        db.close()


def failures(result: Result) -> list[str]:
    return [ln for ln in result.stderr.splitlines() if ln.startswith("failed:")]


def test_non_utf8_file_name_is_stored_under_a_readable_name(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    raw = os.fsencode(folder) + b"/caf\xe9-report.html"  # a Latin-1 name on a UTF-8 file system
    with open(raw, "wb") as fh:
        fh.write(ARTICLE)
    db = tmp_path / "t.db"
    result = run(folder, "--db", db)
    assert result.exit_code == 0, result.output
    assert "E_INTERNAL" not in result.output
    source = f"{folder}/caf\\xe9-report.html"
    assert "Fishermen who opposed the plan" in stored(db)[source].text
    listing = CliRunner().invoke(cli, ["docs", "--json", "--db", str(db)])
    assert "caf\\\\xe9-report.html" in listing.output  # JSON-escaped backslash: the name as stored


def test_html_nested_300_levels_keeps_its_text(tmp_path: Path) -> None:
    paragraph = "<p>" + PLAIN.split("\n\n")[1] + "</p>"
    page = "<html><head><title>Deep</title></head><body>" + "<div>" * 300 + paragraph * 2 + "</div>" * 300
    path = tmp_path / "deep.html"
    path.write_text(page + "</body></html>")
    db = tmp_path / "t.db"
    result = run(path, "--db", db)
    assert result.exit_code == 0, result.output
    assert "Fishermen who opposed the plan" in stored(db)[str(path)].text


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_without_bom_are_decoded(codec: str) -> None:
    decoded = decoded_text("report.txt", PLAIN.replace("euros", "€").encode(codec))
    assert decoded.text == PLAIN.replace("euros", "€")
    assert decoded.encoding == codec


def test_binary_with_nul_bytes_is_still_refused() -> None:
    blob = bytes(range(256)) * 40  # NULs every 256 bytes: no UTF-16/32 layout
    with pytest.raises(Exception, match="binary"):
        decoded_text("blob.txt", blob)


@pytest.mark.parametrize(
    ("name", "text", "phrase"), [("zh.txt", CHINESE, "防汛形势严峻复杂"), ("ja.txt", JAPANESE, "補正予算案")]
)
def test_chinese_and_japanese_text_files_keep_their_text(tmp_path: Path, name: str, text: str, phrase: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    db = tmp_path / "t.db"
    result = run(path, "--db", db)
    assert result.exit_code == 0, result.output
    doc = stored(db)[str(path)]
    assert phrase in doc.text
    assert len(doc.text) > 150
    assert doc.language == name[:2]


def test_malformed_rss_is_reported_as_malformed_not_empty(tmp_path: Path) -> None:
    body = "The harbour council voted on Tuesday to build a flood wall along the old quay. " * 4
    feed = tmp_path / "news.rss"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Quay News</title>'
        f"<item><title>Flood wall</title><guid>a1</guid><description>{body}</description></item>"
        "<item><title>Second story</title><guid>a2</guid><description>Fares & <b>unclosed"
    )
    db = tmp_path / "t.db"
    result = run(feed, "--db", db)
    assert result.exit_code == 1
    (line,) = failures(result)
    assert f"{feed}#" in line and "malformed feed" in line
    assert "empty file" not in line
    assert f"{feed}#a1" in stored(db)  # what the parser recovered is kept


@pytest.mark.parametrize("filler", ["\u00a0", "\u200b\u200c\u200d", "\ufeff\u2060 \u3000"])
def test_file_of_invisible_characters_is_refused_as_empty(tmp_path: Path, filler: str) -> None:
    path = tmp_path / "blank.txt"
    path.write_text(filler * 2000, encoding="utf-8")
    db = tmp_path / "t.db"
    result = run(path, "--db", db)
    assert result.exit_code == 1
    (line,) = failures(result)
    assert str(path) in line and "invisible characters" in line
    assert stored(db) == {}


def test_symlinked_folder_is_followed_once_and_a_loop_ends(tmp_path: Path) -> None:
    real = tmp_path / "real" / "sub"
    real.mkdir(parents=True)
    (real / "quay.html").write_bytes(ARTICLE)
    top = tmp_path / "top"
    top.mkdir()
    (top / "linked").symlink_to(tmp_path / "real", target_is_directory=True)
    (real / "back-up").symlink_to(tmp_path / "real", target_is_directory=True)  # a loop
    db = tmp_path / "t.db"
    result = run(top, "--db", db)
    assert result.exit_code == 0, result.output
    assert list(stored(db)) == [f"{top}/linked/sub/quay.html"]


def test_file_named_with_glob_characters_can_be_named_directly(tmp_path: Path) -> None:
    path = tmp_path / "what*?[1].html"
    path.write_bytes(ARTICLE)
    (tmp_path / "whatX1.html").write_bytes(ARTICLE.replace(b"flood wall", b"sea wall"))  # the glob would match it
    db = tmp_path / "t.db"
    result = run(path, "--db", db)
    assert result.exit_code == 0, result.output
    assert list(stored(db)) == [str(path)]
