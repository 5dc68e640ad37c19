"""This device's id for the data: made once, kept in its own state folder, tied to the
machine's name (read without the socket module where os.uname tells it)."""

from __future__ import annotations

import json
import shutil
import socket
from pathlib import Path

from tracker.store.layout import Layout
from tracker.store.local import device_id, host_name, known_device


def test_the_host_name_is_the_one_socket_gives() -> None:
    assert host_name() == socket.gethostname()


def test_the_id_is_made_once_and_named_for_this_host(tmp_path: Path) -> None:
    layout = Layout(tmp_path / "tracker.json")
    assert known_device(layout) is None
    made = device_id(layout)
    assert device_id(layout) == made == known_device(layout)
    assert json.loads(Path(layout.device_path).read_text()) == {"device": made, "host": socket.gethostname()}


def test_a_state_folder_copied_from_another_machine_is_a_new_device(tmp_path: Path) -> None:
    layout = Layout(tmp_path / "tracker.json")
    made = device_id(layout)
    Path(layout.device_path).write_text(json.dumps({"device": made, "host": "elsewhere"}))
    assert known_device(layout) is None
    assert device_id(layout) != made
    shutil.rmtree(layout.local_dir)


def test_a_device_id_that_is_not_a_folder_name_is_not_taken(tmp_path: Path) -> None:
    """An id file edited by hand (or damaged) names no device: a new one is made, and no
    folder is ever named after it."""
    layout = Layout(tmp_path / "tracker.json")
    for odd in ("", "a" * 65, "two words", "line\n", "../up", "café", ["dev"], 7, None):
        Path(layout.device_path).parent.mkdir(parents=True, exist_ok=True)
        Path(layout.device_path).write_text(json.dumps({"device": odd, "host": socket.gethostname()}))
        assert known_device(layout) is None, odd
    Path(layout.device_path).write_text(json.dumps({"device": "laptop_2-b", "host": socket.gethostname()}))
    assert known_device(layout) == "laptop_2-b"


def test_only_device_folders_with_plain_names_are_devices(tmp_path: Path) -> None:
    layout = Layout(tmp_path / "tracker.json")
    for name in ("laptop", "phone-2", "a" * 64, "a" * 65, "two words", "café", ".stfolder"):
        (Path(layout.devices_dir) / name).mkdir(parents=True)
    assert layout.devices() == sorted(["laptop", "phone-2", "a" * 64])
