"""Real Syncthing instances on 127.0.0.1, for end-to-end sync tests.

Each instance gets its own home (``syncthing generate``), a config edited so that it talks
to nobody but its peers on 127.0.0.1 (no discovery, relays, NAT, usage reporting, crash
reporting or upgrades), and one folder shared with every peer. The folder is never
watched and rescanned only on request (``scan``), so a test decides when a change is seen.

Every wait is bounded; when one runs out, the error carries every instance's folder
status and the last lines of its log. ``Cluster.stop`` (run it in a finally or a fixture
finalizer) shuts every instance down: REST shutdown, then terminate, then kill.

    with running_cluster(tmp_path, ["A", "B"], max_conflicts=10) as cluster:
        a, b = cluster.instances
        (a.folder / "x.txt").write_text("hello")
        cluster.settle()
"""

from __future__ import annotations

import contextlib
import copy
import ctypes
import fnmatch
import hashlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

FOLDER_ID = "trust-tracker"
SETTLE_TIMEOUT = 90.0  # seconds, for settle() as a whole
START_TIMEOUT = 30.0  # seconds, for an instance to answer and the peers to connect
REQUEST_TIMEOUT = 30.0  # seconds, for one REST call (a scan answers when it is done)
STOP_TIMEOUT = 10.0  # seconds, for each of shutdown, terminate and kill
POLL = 0.1  # seconds between two looks at a condition
LOG_TAIL = 50  # lines of each log in an error
RESCAN_INTERVAL_S = 86400  # a day: in a test, scans happen when asked for
MARKER = ".stfolder"

# Syncthing's own temporary files, never synced whatever the ignore patterns say
SYNCTHING_TEMPS = (".syncthing.*.tmp", "~syncthing~*.tmp")
# environment variables that would override what the config says
OVERRIDES = ("STGUIADDRESS", "STGUIAPIKEY", "STHOMEDIR", "STCONFDIR", "STDATADIR",
             "STLOGFILE", "STMONITORED", "STPROFILER", "STTRACE", "STGUIASSETS")

Tree = dict[str, str]  # path relative to the folder (with /) -> sha256 of its bytes


class SyncthingError(RuntimeError):
    """Syncthing failed to start, answered with an error, or a wait ran out."""


def find_syncthing() -> str | None:
    return shutil.which("syncthing")


def free_ports(count: int) -> list[int]:
    """Ports free on 127.0.0.1 now, all different (each socket stays bound until all are
    chosen, so the kernel cannot hand out the same one twice)."""
    sockets: list[socket.socket] = []
    try:
        for _ in range(count):
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.bind(("127.0.0.1", 0))
            sockets.append(sock)
        return [int(sock.getsockname()[1]) for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def ignored(relpath: str, patterns: Sequence[str]) -> bool:
    """Whether a path would be left out by these ignore patterns, for the simple kind this
    harness writes: a pattern with no ``/`` matches a file or folder name at any depth (and
    a folder takes everything under it along), one with a ``/`` the path from the top."""
    parts = relpath.split("/")
    for pattern in patterns:
        if not pattern or pattern.startswith("//"):
            continue
        if "/" in pattern.strip("/"):
            anchored = pattern.lstrip("/")
            if any(fnmatch.fnmatchcase("/".join(parts[:i]), anchored)
                   for i in range(1, len(parts) + 1)):
                return True
        elif any(fnmatch.fnmatchcase(part, pattern.strip("/")) for part in parts):
            return True
    return False


def _text(element: ET.Element, tag: str, value: str) -> None:
    """Set ``<tag>value</tag>`` under ``element``: the first such child, made if missing."""
    child = element.find(tag)
    if child is None:
        child = ET.SubElement(element, tag)
    child.text = value


def _only_child(element: ET.Element, tag: str, value: str) -> None:
    """Exactly one ``<tag>`` under ``element``, holding ``value`` (lists like listenAddress)."""
    for child in element.findall(tag):
        element.remove(child)
    ET.SubElement(element, tag).text = value


@dataclass
class Instance:
    """One Syncthing: its home (config, keys, database, log) and its synced folder."""

    name: str
    home: Path
    folder: Path
    gui_port: int
    listen_port: int
    api_key: str = field(default_factory=lambda: secrets.token_hex(16))
    device_id: str = ""
    process: subprocess.Popen[bytes] | None = None
    _log_handle: IO[bytes] | None = None

    @property
    def config_path(self) -> Path:
        return self.home / "config.xml"

    @property
    def log_path(self) -> Path:
        return self.home / "syncthing.log"

    @property
    def listen_address(self) -> str:
        return f"tcp://127.0.0.1:{self.listen_port}"

    # --- set-up ---------------------------------------------------------------------

    def generate(self, binary: str) -> None:
        """Keys and a first config; the device ID is read back from the config."""
        self.home.mkdir(parents=True, exist_ok=True)
        done = subprocess.run([binary, "generate", f"--home={self.home}", "--no-default-folder"],
                              env=self._env(), capture_output=True, text=True,
                              timeout=START_TIMEOUT, check=False)
        if done.returncode != 0:
            raise SyncthingError(f"{self.name}: syncthing generate failed "
                                 f"({done.returncode}):\n{done.stdout}{done.stderr}")
        root = ET.parse(self.config_path).getroot()
        device = root.find("device")
        if device is None or not device.get("id"):
            raise SyncthingError(f"{self.name}: no device ID in {self.config_path}")
        self.device_id = str(device.get("id"))

    def configure(self, peers: Sequence[Instance], folder_id: str,
                  max_conflicts: int | None, dials: Sequence[Instance]) -> None:
        """Edit config.xml: GUI/REST and listening on 127.0.0.1 only, nothing that reaches
        out to the world, every peer, and the one shared folder. The peers in ``dials``
        are given their explicit address; the others are left to dial us (see
        ``Cluster.start``). ``max_conflicts=None`` leaves ``<maxConflicts>`` out of the
        folder altogether."""
        tree = ET.parse(self.config_path)
        root = tree.getroot()

        gui = root.find("gui")
        if gui is None:
            gui = ET.SubElement(root, "gui")
        gui.set("enabled", "true")
        gui.set("tls", "false")
        _text(gui, "address", f"127.0.0.1:{self.gui_port}")
        _text(gui, "apikey", self.api_key)

        options = root.find("options")
        if options is None:
            options = ET.SubElement(root, "options")
        _only_child(options, "listenAddress", self.listen_address)
        for tag, value in (("globalAnnounceEnabled", "false"), ("localAnnounceEnabled", "false"),
                           ("relaysEnabled", "false"), ("natEnabled", "false"),
                           ("announceLANAddresses", "false"), ("urAccepted", "-1"),
                           ("autoUpgradeIntervalH", "0"), ("crashReportingEnabled", "false"),
                           ("startBrowser", "false"), ("reconnectionIntervalS", "1"),
                           ("setLowPriority", "false")):
            _text(options, tag, value)
        _only_child(options, "globalAnnounceServer", "")
        for unacked in options.findall("unackedNotificationID"):
            options.remove(unacked)

        defaults = root.find("defaults")
        device_template = defaults.find("device") if defaults is not None else None
        folder_template = defaults.find("folder") if defaults is not None else None

        mine = root.find("device")
        assert mine is not None  # generate() found it
        mine.set("name", self.name)
        for existing in root.findall("device"):
            if existing.get("id") != self.device_id:
                root.remove(existing)
        for peer in peers:
            device = (copy.deepcopy(device_template) if device_template is not None
                      else ET.Element("device"))
            device.set("id", peer.device_id)
            device.set("name", peer.name)
            device.set("introducer", "false")
            _only_child(device, "address",
                        peer.listen_address if peer in dials else "dynamic")
            _text(device, "paused", "false")
            _text(device, "autoAcceptFolders", "false")
            root.insert(list(root).index(mine) + 1, device)

        for existing in root.findall("folder"):
            root.remove(existing)
        folder = (copy.deepcopy(folder_template) if folder_template is not None
                  else ET.Element("folder"))
        folder.attrib.update({"id": folder_id, "label": folder_id, "path": str(self.folder),
                              "type": "sendreceive", "rescanIntervalS": str(RESCAN_INTERVAL_S),
                              "fsWatcherEnabled": "false"})
        for device in folder.findall("device"):
            folder.remove(device)
        for position, device_id in enumerate([self.device_id, *(p.device_id for p in peers)]):
            folder.insert(position, ET.Element("device", {"id": device_id, "introducedBy": ""}))
        for element in folder.findall("maxConflicts"):
            folder.remove(element)
        if max_conflicts is not None:
            ET.SubElement(folder, "maxConflicts").text = str(max_conflicts)
        _text(folder, "paused", "false")
        _text(folder, "markerName", MARKER)
        root.insert(0, folder)

        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / MARKER).mkdir(exist_ok=True)
        tree.write(self.config_path, encoding="utf-8", xml_declaration=False)
        self.config_path.chmod(0o600)

    def _env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in OVERRIDES}
        # STHASHING: a named SHA-256 package skips the second of benchmarking at start
        env.update(STNODEFAULTFOLDER="1", STNOUPGRADE="1", STNORESTART="1",
                   STHASHING="standard", HOME=str(self.home))
        return env

    def start(self, binary: str) -> None:
        """``syncthing serve``, its output (stdout and stderr) into ``log_path``."""
        self._log_handle = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [binary, "serve", f"--home={self.home}", "--no-browser", "--no-restart",
             "--no-upgrade", "--no-default-folder", "--logflags=7"],
            stdin=subprocess.DEVNULL, stdout=self._log_handle, stderr=subprocess.STDOUT,
            env=self._env(), preexec_fn=_die_with_parent if _LIBC is not None else None)

    # --- REST -----------------------------------------------------------------------

    def request(self, method: str, endpoint: str, params: Mapping[str, str] | None = None,
                timeout: float = REQUEST_TIMEOUT) -> Any:
        """One REST call; the decoded JSON answer (None for an empty one)."""
        query = f"?{urllib.parse.urlencode(params)}" if params else ""
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.gui_port}{endpoint}{query}", method=method,
            headers={"X-API-Key": self.api_key})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as answer:
                body = answer.read()
        except urllib.error.HTTPError as err:
            detail = err.read().decode("utf-8", "replace").strip()
            raise SyncthingError(f"{self.name}: {method} {endpoint}{query} -> "
                                 f"{err.code} {detail}") from None
        return json.loads(body) if body.strip() else None

    def get(self, endpoint: str, **params: str) -> Any:
        return self.request("GET", endpoint, params)

    def post(self, endpoint: str, **params: str) -> Any:
        return self.request("POST", endpoint, params)

    def is_up(self) -> bool:
        try:
            return bool(self.get("/rest/system/ping") == {"ping": "pong"})
        except (OSError, SyncthingError, ValueError):
            return False

    def pause(self, device_id: str) -> None:
        self.post("/rest/system/pause", device=device_id)

    def resume(self, device_id: str) -> None:
        self.post("/rest/system/resume", device=device_id)

    def scan(self, folder_id: str = FOLDER_ID) -> None:
        """Rescan the folder now (the call returns once the scan is done)."""
        self.post("/rest/db/scan", folder=folder_id)

    def status(self, folder_id: str = FOLDER_ID) -> dict[str, Any]:
        answer: dict[str, Any] = self.get("/rest/db/status", folder=folder_id)
        return answer

    def completion(self, device_id: str, folder_id: str = FOLDER_ID) -> dict[str, Any]:
        answer: dict[str, Any] = self.get("/rest/db/completion", folder=folder_id,
                                          device=device_id)
        return answer

    def connected(self, device_id: str) -> bool:
        connections = self.get("/rest/system/connections")["connections"]
        return bool(connections.get(device_id, {}).get("connected", False))

    def folder_config(self, folder_id: str = FOLDER_ID) -> dict[str, Any]:
        """The folder as Syncthing understood the config (defaults filled in)."""
        answer: dict[str, Any] = self.get(f"/rest/config/folders/{folder_id}")
        return answer

    # --- files and logs -------------------------------------------------------------

    def tree(self, ignore: Sequence[str]) -> Tree:
        """Every file Syncthing would carry: all but the marker, ``.stignore``, its own
        temporary files and what the ignore patterns leave out."""
        found: Tree = {}
        skip = [*ignore, *SYNCTHING_TEMPS]
        for path in sorted(self.folder.rglob("*")):
            relpath = path.relative_to(self.folder).as_posix()
            if (relpath == ".stignore" or relpath.split("/")[0] in (MARKER, ".stversions")
                    or ignored(relpath, skip) or path.is_dir()):
                continue
            try:
                found[relpath] = hashlib.sha256(path.read_bytes()).hexdigest()
            except FileNotFoundError:  # gone while we looked: the next look sees it
                found[relpath] = "(vanished)"
        return found

    def log_tail(self, lines: int = LOG_TAIL) -> str:
        if self._log_handle is not None:
            self._log_handle.flush()
        try:
            text = self.log_path.read_text("utf-8", "replace")
        except FileNotFoundError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])

    def exited(self) -> int | None:
        return None if self.process is None else self.process.poll()

    def stop(self) -> None:
        """Shut down over REST, then terminate, then kill: each given STOP_TIMEOUT."""
        process, self.process = self.process, None
        try:
            if process is not None and process.poll() is None:
                with contextlib.suppress(OSError, SyncthingError, ValueError):
                    self.request("POST", "/rest/system/shutdown", timeout=STOP_TIMEOUT)
                for step in (None, process.terminate, process.kill):
                    if step is not None:
                        with contextlib.suppress(ProcessLookupError):
                            step()
                    try:
                        process.wait(timeout=STOP_TIMEOUT)
                        break
                    except subprocess.TimeoutExpired:
                        continue
        finally:
            if self._log_handle is not None:
                self._log_handle.close()
                self._log_handle = None


_LIBC = ctypes.CDLL(None, use_errno=True) if sys.platform == "linux" else None
PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """In the child, before exec: be sent SIGTERM if the test process dies (even by
    SIGKILL, when no finalizer runs). Only what is safe between fork and exec."""
    if _LIBC is not None:
        _LIBC.prctl(PR_SET_PDEATHSIG, int(signal.SIGTERM))


class Cluster:
    """N instances, each sharing one folder with all the others, over 127.0.0.1 only."""

    def __init__(self, root: Path, names: Sequence[str], *, max_conflicts: int | None,
                 ignore: Sequence[str] = (), folder_id: str = FOLDER_ID,
                 binary: str | None = None) -> None:
        found = binary or find_syncthing()
        if found is None:
            raise SyncthingError("syncthing is not on PATH")
        self.binary = found
        self.folder_id = folder_id
        self.max_conflicts = max_conflicts
        self.ignore = list(ignore)
        self.settles: list[tuple[float, int]] = []  # each settle(): seconds taken, looks
        ports = free_ports(2 * len(names))
        self.instances = [Instance(name, root / name / "syncthing", root / name / "synced",
                                   gui_port=ports[2 * i], listen_port=ports[2 * i + 1])
                          for i, name in enumerate(names)]

    def peers(self, instance: Instance) -> list[Instance]:
        return [other for other in self.instances if other is not instance]

    def pairs(self) -> list[tuple[Instance, Instance]]:
        return [(one, other) for one in self.instances for other in self.peers(one)]

    def dials(self, instance: Instance) -> list[Instance]:
        """The peers this instance connects to: those after it. Of each pair, only one
        side dials: Syncthing 1.19 exchanges Hello messages one connection at a time,
        so two devices dialling each other at the same moment (as both do when resumed)
        each wait on the other until the 20 s Hello timeout. The other side has the
        dialler as ``dynamic``, which with discovery off means: wait to be called."""
        return self.instances[self.instances.index(instance) + 1:]

    def start(self) -> None:
        """Generate, configure and start every instance; return once all are connected."""
        for instance in self.instances:
            instance.generate(self.binary)
        for instance in self.instances:
            instance.configure(self.peers(instance), self.folder_id, self.max_conflicts,
                               self.dials(instance))
            if self.ignore:
                (instance.folder / ".stignore").write_text(
                    "".join(f"{line}\n" for line in self.ignore), encoding="utf-8")
        # the called before the callers: a first call that finds nobody listening is
        # only tried again 5 s later
        for instance in reversed(self.instances):
            instance.start(self.binary)
            self.wait_until(instance.is_up, f"{instance.name} answers /rest/system/ping",
                            START_TIMEOUT)
        self.wait_connected(True)

    def stop(self) -> None:
        """Stop every instance, even if stopping one of them fails."""
        errors: list[BaseException] = []
        for instance in self.instances:
            try:
                instance.stop()
            except BaseException as err:  # noqa: BLE001 - the others must still be stopped
                errors.append(err)
        if errors:
            raise errors[0]

    # --- waiting ----------------------------------------------------------------------

    def check_alive(self) -> None:
        for instance in self.instances:
            if (code := instance.exited()) is not None:
                raise SyncthingError(f"{instance.name}: syncthing exited with {code}\n"
                                     + self.describe())

    def wait_until(self, condition: Callable[[], bool], what: str,
                   timeout: float = SETTLE_TIMEOUT,
                   why: Callable[[], str] | None = None) -> None:
        """Poll ``condition`` until it holds; after ``timeout`` seconds, raise with every
        instance's state. Errors from REST calls count as "not yet"."""
        deadline = time.monotonic() + timeout
        last_error = ""
        while True:
            self.check_alive()
            try:
                if condition():
                    return
            except (OSError, SyncthingError, ValueError, KeyError) as err:
                last_error = f"{type(err).__name__}: {err}"
            if time.monotonic() >= deadline:
                raise SyncthingError(f"timed out after {timeout:g} s waiting until {what}"
                                     + (f"\n{why()}" if why is not None else "")
                                     + (f"\nlast error: {last_error}" if last_error else "")
                                     + "\n" + self.describe())
            time.sleep(POLL)

    def wait_connected(self, connected: bool, timeout: float = START_TIMEOUT) -> None:
        self.wait_until(lambda: all(one.connected(other.device_id) == connected
                                    for one, other in self.pairs()),
                        "every pair is " + ("connected" if connected else "disconnected"),
                        timeout)

    # --- together and apart -----------------------------------------------------------

    def apart(self) -> None:
        """Each instance pauses every other; return once none is connected."""
        for one, other in self.pairs():
            one.pause(other.device_id)
        self.wait_connected(False)

    def together(self) -> None:
        """Each instance resumes every other; return once all are connected again. The
        called side resumes first, so that the caller, resuming after it, connects at
        once (a call refused because the other side still had it paused is only tried
        again seconds later)."""
        for one in reversed(self.instances):
            for other in self.peers(one):
                one.resume(other.device_id)
        self.wait_connected(True)

    def scan_all(self) -> None:
        for instance in self.instances:
            instance.scan(self.folder_id)

    def trees(self) -> list[Tree]:
        return [instance.tree(self.ignore) for instance in self.instances]

    def _settled_look(self) -> tuple[object, ...] | str:
        """One look after a scan everywhere: what was seen, if every instance is connected
        to every peer, idle, needs nothing and sees each peer complete, and all trees
        match (so that two looks in a row can be compared); else why not."""
        self.scan_all()
        seen: list[object] = []
        for one in self.instances:
            status = one.status(self.folder_id)
            busy = {k: status.get(k) for k in ("needFiles", "needBytes", "needDeletes",
                                                "errors", "pullErrors") if status.get(k, 0) != 0}
            if status.get("state") != "idle" or busy:
                return f"{one.name} is {status.get('state')!r} {busy}"
            seen.append(tuple(status.get(k) for k in ("sequence", "localFiles", "globalFiles",
                                                      "localBytes", "globalBytes")))
            for other in self.peers(one):
                if not one.connected(other.device_id):
                    return f"{one.name} is not connected to {other.name}"
                completion = one.completion(other.device_id, self.folder_id)
                if (completion.get("completion") != 100 or completion.get("needItems", 0) != 0
                        or completion.get("needDeletes", 0) != 0):
                    return (f"{one.name} sees {other.name} at {completion.get('completion')}% "
                            f"(needItems {completion.get('needItems')})")
        trees = self.trees()
        for instance, tree in zip(self.instances[1:], trees[1:]):
            if tree != trees[0]:
                differ = sorted(k for k in {*tree, *trees[0]} if tree.get(k) != trees[0].get(k))
                return f"{self.instances[0].name} and {instance.name} differ in {differ}"
        seen.append(tuple(sorted(trees[0].items())))
        return tuple(seen)

    def settle(self, timeout: float = SETTLE_TIMEOUT) -> Tree:
        """Scan everywhere and wait until nothing is left to sync: every instance idle with
        nothing needed, every peer complete, every tree byte for byte the same, and all of
        it unchanged over two looks in a row. Returns the (common) tree."""
        previous: list[tuple[object, ...] | str] = ["(no look yet)"]
        started = time.monotonic()
        looks = 0

        def settled() -> bool:
            nonlocal looks
            looks += 1
            look = self._settled_look()
            stable = not isinstance(look, str) and look == previous[0]
            previous[0] = look
            return stable

        def why() -> str:
            last = previous[0]
            return f"last look: {last if isinstance(last, str) else 'in sync, not yet twice'}"

        try:
            self.wait_until(settled, "every side is in sync and stays so", timeout, why)
        finally:
            self.settles.append((time.monotonic() - started, looks))
        return self.trees()[0]

    def describe(self) -> str:
        """Every instance's folder status, connections and the tail of its log."""
        parts: list[str] = []
        for instance in self.instances:
            parts.append(f"===== {instance.name} ({instance.device_id[:7]}, "
                         f"exit {instance.exited()}) =====")
            for label, endpoint in (("status", "/rest/db/status"),
                                    ("connections", "/rest/system/connections"),
                                    ("folder errors", "/rest/folder/errors")):
                try:
                    answer = instance.get(endpoint, folder=self.folder_id)
                    parts.append(f"{label}: {json.dumps(answer, sort_keys=True)}")
                except (OSError, SyncthingError, ValueError) as err:
                    parts.append(f"{label}: unavailable ({type(err).__name__}: {err})")
            for other in self.peers(instance):
                try:
                    parts.append(f"completion of {other.name}: "
                                 + json.dumps(instance.completion(other.device_id, self.folder_id),
                                              sort_keys=True))
                except (OSError, SyncthingError, ValueError) as err:
                    parts.append(f"completion of {other.name}: unavailable ({err})")
            parts.append(f"tree: {json.dumps(instance.tree(self.ignore), sort_keys=True)}")
            parts.append(f"--- last {LOG_TAIL} lines of {instance.log_path} ---")
            parts.append(instance.log_tail())
        return "\n".join(parts)


@contextlib.contextmanager
def running_cluster(root: Path, names: Sequence[str], *, max_conflicts: int | None,
                    ignore: Sequence[str] = (), folder_id: str = FOLDER_ID) -> Iterator[Cluster]:
    """Started instances, stopped again however the block ends."""
    cluster = Cluster(root, names, max_conflicts=max_conflicts, ignore=ignore,
                      folder_id=folder_id)
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.stop()
