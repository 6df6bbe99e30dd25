"""desk: deemed-export screening and review records for Japanese universities."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("desk")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+source"
