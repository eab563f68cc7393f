"""grader.trusted.scratch: what is left of a kernel's scratch folder before nbgrader and the parent touch it."""

from __future__ import annotations

import os

from grader.limits import MAX_COPIED_FILE_MB, MAX_SCRATCH_MB, MIB
import pytest

from grader.trusted.scratch import copy_regular_files, read_regular_files, vet_scratch, write_files


def test_only_folders_and_regular_files_are_left(tmp_path):
    (tmp_path / "tiny.ipynb").write_text("{}")
    (tmp_path / "figure.png").write_bytes(b"png")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "kept.txt").write_text("kept")
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "zeros").symlink_to("/dev/zero")
    (tmp_path / "gradebook-link").symlink_to(tmp_path.parent / "gradebook.db")
    removed = vet_scratch(tmp_path, {"tiny.ipynb"})
    assert sorted(removed) == ["gradebook-link", "pipe", "zeros"]
    assert sorted(path.name for path in tmp_path.rglob("*")) == ["figure.png", "kept.txt", "sub", "tiny.ipynb"]


def test_a_link_in_place_of_the_notebook_is_removed_so_nbgrader_cannot_write_through_it(tmp_path):
    victim = tmp_path / "gradebook.db"
    victim.write_text("grades")
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    (scratch / "tiny.ipynb").symlink_to(victim)
    (scratch / "other.ipynb").mkdir()  # a folder where nbgrader would write a notebook
    vet_scratch(scratch, {"tiny.ipynb"})
    (scratch / "tiny.ipynb").write_text("the autograded notebook")
    assert victim.read_text() == "grades" and not (scratch / "other.ipynb").exists()


def test_files_past_the_limits_are_removed_notebooks_first(tmp_path):
    (tmp_path / "tiny.ipynb").write_bytes(b"n" * 1024)
    big = MAX_COPIED_FILE_MB * MIB - 1
    for index in range(MAX_SCRATCH_MB // MAX_COPIED_FILE_MB + 1):
        with open(tmp_path / f"fill{index}.bin", "wb") as handle:
            handle.truncate(big)  # sparse: no disk used
    with open(tmp_path / "huge.bin", "wb") as handle:
        handle.truncate(MAX_COPIED_FILE_MB * MIB + 1)
    vet_scratch(tmp_path, {"tiny.ipynb"})
    left = {path.name: path.stat().st_size for path in tmp_path.iterdir()}
    assert "tiny.ipynb" in left and "huge.bin" not in left
    assert sum(left.values()) <= MAX_SCRATCH_MB * MIB


def test_copying_back_never_follows_a_link(tmp_path):
    source, target = tmp_path / "source", tmp_path / "target"
    source.mkdir()
    (source / "tiny.ipynb").write_text("{}")
    (source / "passwd").symlink_to("/etc/passwd")
    copy_regular_files(source, target)
    assert [path.name for path in target.iterdir()] == ["tiny.ipynb"]


def test_reading_for_a_cluster_never_follows_a_link_and_writing_back_gives_the_same_files(tmp_path):
    source = tmp_path / "source"
    (source / "sub").mkdir(parents=True)
    (source / "tiny.ipynb").write_text("{}")
    (source / "sub" / "figure.png").write_bytes(b"png")
    (source / "passwd").symlink_to("/etc/passwd")
    (source / "linked-folder").symlink_to(source / "sub")
    os.mkfifo(source / "pipe")
    files = read_regular_files(source)
    assert files == {"tiny.ipynb": b"{}", "sub/figure.png": b"png"}
    write_files(files, tmp_path / "target")
    assert read_regular_files(tmp_path / "target") == files


@pytest.mark.parametrize("name", ["../escaped.txt", "/tmp/absolute.txt", "sub/../../escaped.txt", ""])
def test_files_sent_back_cannot_be_written_outside_their_folder(tmp_path, name):
    with pytest.raises(ValueError, match="not a path inside"):
        write_files({"kept.txt": b"", name: b"evil"}, tmp_path / "target")
    assert not (tmp_path / "target").exists() and not (tmp_path / "escaped.txt").exists()


def test_folders_nested_past_the_bound_are_removed_whatever_their_depth(tmp_path):
    (tmp_path / "tiny.ipynb").write_text("{}")
    os.makedirs(tmp_path / "shallow" / "a" / "b")
    deep = os.open(tmp_path, os.O_RDONLY)
    for _ in range(2500):  # past Python's recursion limit and PATH_MAX, as a kernel can make it
        os.mkdir("d", dir_fd=deep)
        deeper = os.open("d", os.O_RDONLY, dir_fd=deep)
        os.close(deep)
        deep = deeper
    os.close(deep)
    assert vet_scratch(tmp_path, {"tiny.ipynb"}) == ["d"]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["shallow", "tiny.ipynb"]


def test_a_notebook_the_kernel_made_is_removed(tmp_path):
    (tmp_path / "tiny.ipynb").write_text("{}")
    (tmp_path / "extra.ipynb").write_text("{}")  # nbgrader would look for it in the gradebook
    assert vet_scratch(tmp_path, {"tiny.ipynb"}) == ["extra.ipynb"]
