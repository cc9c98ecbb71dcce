"""Use cases: what the CLI and the screens ask of a vault."""

from rrdesk.store import unfinished as _unfinished
from rrdesk.tables import files as _files

# Temporary files written by rrdesk.tables (which depends only on domain) are recorded so a
# write cut short is removed at the next start.
_files.track_temporary_files(_unfinished.begin, _unfinished.end)
