"""Dated, immutable releases of the whole data package (`manage.py release`).

A release is a directory RELEASE_DIR/<YYYY-MM-DD>-<data version>/ holding every table of the
data package, datapackage.json (whose `version` is the directory's name), the snapshot writer's
manifest.json, and SHA256SUMS (`sha256sum -c SHA256SUMS` checks it). It is written by the
snapshot writer (dashboard/snapshots.write: one consistent read, COPY) into a temporary
directory, renamed into place whole, and made read-only; an existing release is never
overwritten.
"""

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from django.utils import timezone

from dashboard import snapshots
from dashboard.freshness import Stamp

SUMS = "SHA256SUMS"


class Exists(Exception):
    """This data version was released today already: a release never changes."""


def release(site, root):
    """Write the release of the current data version under `root`; return its directory."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    today = timezone.localdate()

    def name(stamp):
        return f"{today:%Y-%m-%d}-{stamp.version}"

    temporary = Path(tempfile.mkdtemp(prefix=".release-", dir=root))
    try:
        manifest = snapshots.write(temporary, snapshots.package(name), site=site, compress=False)
        sums = {name: found["sha256"] for name, found in manifest["files"].items()}
        sums[snapshots.MANIFEST] = _sha256(temporary / snapshots.MANIFEST)
        lines = "".join(f"{digest}  {name}\n" for name, digest in sorted(sums.items()))
        (temporary / SUMS).write_text(lines)
        final = root / name(Stamp(manifest["version"], None))
        if final.exists():
            raise Exists(final)
        for path in temporary.iterdir():
            path.chmod(0o444)
        temporary.chmod(0o555)
        os.replace(temporary, final)
    except BaseException:
        _remove(temporary)
        raise
    return final


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        while block := file.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _remove(path):
    if path.exists():
        path.chmod(0o755)
        shutil.rmtree(path, ignore_errors=True)
