"""Where ghostkit keeps things on disk.

By default the platform's user directories (platformdirs): installs of Node and Ghost in the
cache directory, local instances and run journals in the data directory, site profiles in
`config.toml` in the config directory. `GHOSTKIT_HOME` puts all three under one folder
(`cache/`, `data/`, `config.toml`); `GHOSTKIT_DATA_DIR` and `GHOSTKIT_CONFIG` then move
the data folder and the config file on their own (the test suite uses them to keep its
instances apart while sharing the cached Ghost install).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

APP = "ghostkit"


@dataclass(frozen=True)
class Paths:
    cache: Path
    data: Path
    config_file: Path

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Paths:
        env = os.environ if environ is None else environ
        home = env.get("GHOSTKIT_HOME")
        if home:
            root = Path(home).expanduser().resolve()
            cache, data, config = root / "cache", root / "data", root / "config.toml"
        else:
            import platformdirs

            cache = Path(platformdirs.user_cache_dir(APP))
            data = Path(platformdirs.user_data_dir(APP))
            config = Path(platformdirs.user_config_dir(APP)) / "config.toml"
        if env.get("GHOSTKIT_DATA_DIR"):
            data = Path(env["GHOSTKIT_DATA_DIR"]).expanduser().resolve()
        if env.get("GHOSTKIT_CONFIG"):
            config = Path(env["GHOSTKIT_CONFIG"]).expanduser().resolve()
        return cls(cache=cache, data=data, config_file=config)

    @property
    def instances(self) -> Path:
        return self.data / "instances"
