"""Datasette, the peer: installed at bench time into its own virtualenv, never the project's."""

import shutil
import subprocess
import sys
from pathlib import Path

from bench.servers import Server

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / "var" / "bench" / "datasette-venv"  # var/ is ignored by git
DATASETTE = "datasette==0.65.5"


def datasette(install):
    """(path of the datasette command, None) or (None, why it is unavailable)."""
    command = VENV / "bin" / "datasette"
    if command.exists():
        return command, None
    if not install:
        return None, "Datasette not installed (--quick never installs it)"
    if VENV.exists():
        shutil.rmtree(VENV)  # a half-made virtualenv from an interrupted install
    try:
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run(
            [str(VENV / "bin" / "pip"), "install", "--quiet", DATASETTE],
            check=True,
            capture_output=True,  # pip's chatter; shown only if it fails
            text=True,
            timeout=600,
        )
    except subprocess.CalledProcessError as error:
        return None, f"could not install {DATASETTE}: {error.stderr.strip()[-200:]}"
    except (subprocess.SubprocessError, OSError) as error:
        return None, f"could not install {DATASETTE}: {error}"
    return command, None


def datasette_server(command, database, env, log_dir):
    """Datasette serving `database` read-only, with CSV downloads of any size allowed."""
    argv = [
        str(command),
        "serve",
        "--immutable",
        str(database),
        "--host=127.0.0.1",
        "--port={port}",
        "--setting",
        "max_csv_mb",
        "0",
    ]
    return Server("datasette", argv, env, log_dir)
