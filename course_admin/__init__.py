"""Instructor tools for the course: release, grading (with trusted verdicts and a sandbox), reports, demo.

Notebooks never import this package; ``course_utils`` is what they use. Every command takes the
course's root folder as an argument (default: the current folder).
"""
