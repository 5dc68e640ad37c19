"""Moving in and out: readers for other trackers' files and writers for our exports.

Everything here turns files into plain histories (:mod:`tracker.porting.model`) or
histories into files. Merging a history into a person's data is the service's job, so a
reader never touches the store and a malformed file can be refused before anything is
written.
"""

# The formats, by the names the command line and the app use (``import --from`` adds "auto").
EXPORT_FORMATS = ("json", "csv", "loop-csv")
IMPORT_FORMATS = ("json", "loop", "harsh", "dijo")
