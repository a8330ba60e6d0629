"""nbgrader's exchange with one private folder per student, for a hub whose students share one Unix user.

nbgrader's own exchange keeps students apart with Unix permissions (``inbound/`` is writable but not
readable by students; feedback files are named by a secret hash). On the course's hub every server
runs as the same Unix user and is kept apart by its sandbox instead (``course_admin.hub``), which
mounts only the student's own folders at the places nbgrader's student side expects::

    <exchange>/<course>/outbound/            released assignments, read-only for everyone
    <exchange>/<course>/inbound/<student>/   mounted as .../inbound in <student>'s sandbox
    <exchange>/<course>/feedback/<student>/  mounted as .../feedback (read-only) in <student>'s sandbox

So the student side is nbgrader's, unchanged; only the instructor's collect and release-feedback
look one folder deeper. A submission counts for the student whose folder holds it, whatever name it
claims.
"""

import glob
import os
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry
from nbgrader.exchange.default.collect import ExchangeCollect
from nbgrader.exchange.default.release_feedback import ExchangeReleaseFeedback


def exchange_root(course_root):
    """The hub's exchange for the course at ``course_root``: ``COURSE_EXCHANGE``, else ``hub/state/exchange``
    when ``make hub`` created one, else None (no hub: students hand in through an LMS)."""
    named = os.environ.get("COURSE_EXCHANGE")
    path = Path(named) if named else Path(course_root) / "hub" / "state" / "exchange"
    return path if path.is_dir() else None


class PrivateCollect(ExchangeCollect):
    """Collect submissions from ``inbound/<student>/``."""

    def init_src(self):
        if not self.coursedir.course_id:
            self.fail("No course id specified. Re-run with --course flag.")
        self.course_path = os.path.join(self.root, self.coursedir.course_id)
        self.inbound_path = os.path.join(self.course_path, "inbound")
        if not os.path.isdir(self.inbound_path):
            self.fail(f"Course not found: {self.inbound_path}")
        wanted = self.coursedir.student_id  # nbgrader's default, "*", means everyone
        folders = sorted(os.listdir(self.inbound_path)) if wanted in ("", "*") else [wanted]
        by_student = {}
        for student in folders:
            pattern = os.path.join(
                self.inbound_path, glob.escape(student), f"*+{self.coursedir.assignment_id}+*"
            )
            for path in glob.glob(pattern):
                record = self._path_to_record(path)
                if record["username"] != student:
                    self.log.warning("%s claims another student's name: not collected", path)
                    continue
                record["filename"] = os.path.relpath(path, self.inbound_path)
                by_student.setdefault(student, []).append(record)
        with Gradebook(self.coursedir.db_url, self.coursedir.course_id) as gb:
            try:
                self.duedate = gb.find_assignment(self.coursedir.assignment_id).duedate
            except MissingEntry:
                self.duedate = None
        self.src_records = []
        for records in by_student.values():
            records = self._sort_by_timestamp(records)
            if self.duedate is not None and self.before_duedate:
                # the newest submission made before the deadline, if there is one
                records = [r for r in records if r["timestamp"] <= self.duedate] or records
            self.src_records.append(records[0])


class PrivateReleaseFeedback(ExchangeReleaseFeedback):
    """Release each student's feedback into ``feedback/<student>/``, where only their sandbox sees it."""

    def copy_files(self):
        excluded = set(filter(None, (self.coursedir.student_id_exclude or "").split(",")))
        pattern = self.coursedir.format_path(
            self.coursedir.feedback_directory, self.coursedir.student_id or "*", self.coursedir.assignment_id
        )
        everyone = self.dest_path
        for folder in sorted(glob.glob(pattern)):
            student = os.path.basename(os.path.dirname(folder))
            if student in excluded:
                continue
            self.src_path = folder
            self.dest_path = os.path.join(everyone, student)
            os.makedirs(self.dest_path, exist_ok=True)
            try:
                super().copy_files()
            finally:
                self.dest_path = everyone
