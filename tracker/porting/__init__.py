"""Moving in and out: readers for other trackers' files and writers for our exports.

Everything here turns files into plain histories (:mod:`tracker.porting.model`) or
histories into files. Merging a history into a person's data is the service's job, so a
reader never touches the store and a malformed file can be refused before anything is
written.
"""
